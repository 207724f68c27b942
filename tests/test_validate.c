/* SPDX-License-Identifier: MIT */
/* validate: each semantic rule's passing edge (the failing fixtures are files:
 * tests/data/invalid, run by test_invalid.sh); normalization; the local-government list. */
#include "runner.h"

#include "riap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A one-plan document; NULL fields take the defaults, which validate without a diagnostic.
 * Line numbers: title 4, municipality 5, period 6, overview 7, categories 9, extra 12. */
typedef struct fx {
    const char *title, *muni, *period, *overview, *cats, *extra;
} fx;

static char *make(const fx *f)
{
#define TMPL                                                                                       \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"                                    \
    "  <plan id=\"a\">\n"                                                                          \
    "    <title>%s</title>\n"                                                                      \
    "    %s\n"                                                                                     \
    "    %s\n"                                                                                     \
    "    <overview><p>%s</p></overview>\n"                                                         \
    "    <initiatives scheme=\"tokyo-2022\">\n"                                                    \
    "      %s\n"                                                                                   \
    "    </initiatives>\n"                                                                         \
    "  </plan>\n"                                                                                  \
    "%s\n"                                                                                         \
    "</document>\n"
    char *out = malloc(16384);
    snprintf(
        out, 16384, TMPL, f->title ? f->title : "墨田区地域産業活性化計画",
        f->muni ? f->muni
                : "<municipality kind=\"区\" prefecture=\"東京都\" "
                  "code=\"131075\">墨田区</municipality>",
        f->period ? f->period
                  : "<period from=\"2022-04-01\" to=\"2025-03-31\">令和4年度～令和6年度</period>",
        f->overview ? f->overview : "概要。",
        f->cats
            ? f->cats
            : "<category id=\"collaboration\"><heading>(1)連携</heading><project><name>事業A</name>"
              "</project></category><category id=\"transformation\"><heading>(2)変革</heading>"
              "</category>",
        f->extra ? f->extra : "");
    return out;
}

static riap_report *validate(const fx *f, unsigned int options)
{
    char *xml = make(f);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_ctx_set_options(ctx, options);
    riap_doc *doc = NULL;
    riap_report *r = NULL;
    if (riap_doc_load_memory(&doc, ctx, xml, strlen(xml)) != RIAP_OK)
        fprintf(stderr, "\n  fixture does not load: %s\n%s\n",
                riap_diag_message(riap_ctx_last_error(ctx)), xml);
    else if (riap_validate(&r, ctx, doc) != RIAP_OK)
        r = NULL;
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    free(xml);
    return r;
}

/* The diagnostic with this rule, or NULL. */
static const riap_diag *find(const riap_report *r, const char *rule)
{
    for (size_t i = 0; r && i < riap_report_count(r); i++)
        if (strcmp(riap_diag_rule(riap_report_get(r, i)), rule) == 0)
            return riap_report_get(r, i);
    return NULL;
}

static void dump(const riap_report *r)
{
    for (size_t i = 0; r && i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        fprintf(stderr, "    %u:%u %s %s\n", riap_diag_line(d), riap_diag_column(d),
                riap_diag_rule(d), riap_diag_message(d));
    }
}

#define MUNI(code, name)                                                                           \
    "<municipality kind=\"区\" prefecture=\"東京都\" code=\"" code "\">" name "</municipality>"
#define PERIOD(from, to, text) "<period from=\"" from "\" to=\"" to "\">" text "</period>"

/* Dates in texts: right ones, and what is no date, raise nothing; the message names the date. */
static void test_validate_text_dates(void)
{
    static const char *const fine[] = {
        "令和4年4月1日（金）に開催した。", "昭和 45 年をピークに減少した。",
        "第3期計画（2022）では、最大3.5倍。", "平成の大合併を経て、令和の時代へ。",
        "平成32年度の目標を、令和2年度に見直した。"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        fx f = {.overview = fine[i]};
        riap_report *r = validate(&f, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        if (find(r, "text-date"))
            fprintf(stderr, "\n  '%s' raised text-date", fine[i]);
        CU_ASSERT_PTR_NULL(find(r, "text-date"));
        riap_report_free(r);
    }
    fx f = {.overview = "締切は令和4年2月30日。"};
    riap_report *r = validate(&f, 0);
    const riap_diag *d = find(r, "text-date");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "令和4年2月30日"));
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "invalid-day"));
    /* the diagnostic points at the day 30 itself (締切は令和4年2月: 10 characters into the text),
     * and the column the era engine names is the file's, the same */
    char col[32];
    snprintf(col, sizeof col, "(column %u)", (unsigned)riap_diag_column(d));
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), col));
    riap_report_free(r);
    /* every wrong date of a text, each at its place */
    fx two = {.overview = "締切は令和4年2月30日、説明会は令和4年4月1日（木）。"};
    r = validate(&two, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    unsigned n = 0, cols[2] = {0, 0};
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *e = riap_report_get(r, i);
        if (!strcmp(riap_diag_rule(e), "text-date") && n < 2)
            cols[n++] = (unsigned)riap_diag_column(e);
    }
    CU_ASSERT_EQUAL(n, 2);
    /* at 30 and at 木 of （木）: 30日、説明会は令和4年4月1日（ lies between them */
    CU_ASSERT_EQUAL(cols[1] - cols[0], 17);
    riap_report_free(r);
    /* an era year outside its era is wrong only in strict mode */
    fx g = {.overview = "平成32年度の目標。"};
    r = validate(&g, RIAP_OPT_STRICT);
    d = find(r, "text-date");
    CU_ASSERT_PTR_NOT_NULL(d);
    if (d)
        CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "out-of-era"));
    riap_report_free(r);
}

/* Where a needle is in text: line, column (code points) and byte offset, as an editor says. */
static void place(const char *text, const char *at, uint32_t *line, uint32_t *col)
{
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n')
            (*line)++, *col = 1;
        else if (*p != '\r' && ((unsigned char)*p & 0xC0) != 0x80)
            (*col)++;
    }
}

/* The report of validating a document in memory (NULL when it does not load). */
static riap_report *validated(const char *doc)
{
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *d = NULL;
    riap_report *r = NULL;
    if (riap_doc_load_memory(&d, ctx, doc, strlen(doc)) == RIAP_OK)
        riap_validate(&r, ctx, d);
    riap_doc_free(d);
    riap_ctx_free(ctx);
    return r;
}

/* A text diagnostic points at the characters themselves (line, column, byte offset), whatever
 * comes before them in the text (Japanese, ASCII, four-byte characters, line breaks) and in the
 * start tag (its end on another line), even where the file does not hold the text one for one
 * (a reference, a CDATA section, a comment inside it, CR LF line ends). Generated texts, fixed
 * seed. */
static void test_validate_text_positions(void)
{
    static const char *const pieces[] = {
        "あ", "a", " ", "漢字", "ｶ", "（注）", "\xF0\x9F\x98\x80", "\n", "x\n  "};
    static const char *const breaking[] = {"&amp;", "<![CDATA[c\n]]>", "<!-- c -->", "&#x3042;"};
    uint64_t st = 20261202u;
    int wrong = 0;
    for (int round = 0; round < 400; round++) {
        char prefix[512] = "";
        st = st * 6364136223846793005ull + 1442695040888963407ull;
        int n = (int)((st >> 33) % 10);
        for (int k = 0; k < n; k++) {
            st = st * 6364136223846793005ull + 1442695040888963407ull;
            strcat(prefix, pieces[(st >> 33) % (sizeof pieces / sizeof pieces[0])]);
        }
        if (round % 4 == 3)
            strcat(prefix, breaking[(round / 4) % 4]);
        char text[640], doc[2048];
        snprintf(text, sizeof text, "%s令和4年2月30日。", prefix);
        const char *tag = round % 3 == 1 ? "<p\n      >" : "<p>";
        fx f = {.overview = text};
        char *xml = make(&f);
        /* make() writes <p>: put the tag of this round in its place */
        char *p = strstr(xml, "<p>");
        snprintf(doc, sizeof doc, "%.*s%s%s", (int)(p - xml), xml, tag, p + 3);
        free(xml);
        if (round % 5 == 2) { /* CR LF line ends */
            char crlf[2048];
            size_t o = 0;
            for (const char *c = doc; *c && o + 2 < sizeof crlf; c++) {
                if (*c == '\n')
                    crlf[o++] = '\r';
                crlf[o++] = *c;
            }
            crlf[o] = 0;
            memcpy(doc, crlf, o + 1);
        }
        riap_report *r = validated(doc);
        const riap_diag *g = find(r, "text-date");
        /* the day 30 itself, after 令和4年2月 (14 bytes) */
        const char *want = strstr(doc, "令和4年2月30日") + 14;
        uint32_t line, col;
        place(doc, want, &line, &col);
        /* and the column the era engine's words name is that one too */
        char said[32];
        snprintf(said, sizeof said, "(column %u)", col);
        if (!g || riap_diag_line(g) != line || riap_diag_column(g) != col ||
            riap_diag_offset(g) != (int64_t)(want - doc) || !strstr(riap_diag_message(g), said)) {
            if (wrong++ < 5)
                fprintf(stderr, "\n  round %d: want %u:%u @%td, got %u:%u @%lld: %s\n%s", round,
                        line, col, want - doc, g ? riap_diag_line(g) : 0,
                        g ? riap_diag_column(g) : 0, g ? (long long)riap_diag_offset(g) : -1,
                        g ? riap_diag_message(g) : "", doc);
        }
        riap_report_free(r);
    }
    CU_ASSERT_EQUAL(wrong, 0);
}

/* The text rules find their character wherever it is in a text (the scan passes over eight
 * bytes at a time where nothing can be): a full-width letter, two spaces, a tab, after and
 * before generated Japanese and ASCII of any length, pointed at exactly. Fixed seed. */
static void test_validate_text_faults_anywhere(void)
{
    static const char *const filler[] = {"あ", "a", "漢字", "ｶ", "（注）", "\xF0\x9F\x98\x80",
                                         "b1", "-", "ー"};
    static const struct {
        const char *text, *rule;
    } faults[] = {{"Ａ", "text-fullwidth-ascii"},
                  {"ｚ", "text-fullwidth-ascii"},
                  {"９", "text-fullwidth-ascii"},
                  {"x  y", "text-whitespace"},
                  {"\t", "text-control-character"}};
    uint64_t st = riap_test_seed(7);
    int wrong = 0;
    for (int round = 0; round < 600; round++) {
        char text[640] = "", doc[1400];
        int before = (int)riap_test_below(&st, 24), after = 1 + (int)riap_test_below(&st, 12);
        for (int k = 0; k < before; k++)
            strcat(text, filler[riap_test_below(&st, sizeof filler / sizeof filler[0])]);
        size_t at = strlen(text);
        size_t f = (size_t)round % (sizeof faults / sizeof faults[0]);
        strcat(text, faults[f].text);
        for (int k = 0; k < after; k++)
            strcat(text, filler[riap_test_below(&st, sizeof filler / sizeof filler[0])]);
        fx fxs = {.overview = text};
        char *xml = make(&fxs);
        snprintf(doc, sizeof doc, "%s", xml);
        free(xml);
        riap_report *r = validated(doc);
        const riap_diag *g = find(r, faults[f].rule);
        const char *want = strstr(doc, "<overview>");
        want = want ? strstr(want, "<p>") : NULL;
        want = want ? want + 3 + at + (faults[f].text[0] == 'x' ? 1 : 0) : doc;
        uint32_t line, col;
        place(doc, want, &line, &col);
        if (!g || riap_diag_line(g) != line || riap_diag_column(g) != col) {
            if (wrong++ < 5)
                fprintf(stderr, "\n  round %d (%s): want %u:%u, got %u:%u\n  %s\n", round,
                        faults[f].rule, line, col, g ? riap_diag_line(g) : 0,
                        g ? riap_diag_column(g) : 0, text);
        }
        riap_report_free(r);
    }
    CU_ASSERT_EQUAL(wrong, 0);
}

static void test_validate_passing_edges(void)
{
    static const fx fine[] = {
        {0},
        /* a ward of a designated city, by its own name */
        {.title = "中央区地域産業活性化計画",
         .muni = "<municipality kind=\"区\" prefecture=\"北海道\" "
                 "code=\"011011\">中央区</municipality>"},
        /* a prefecture's own code */
        {.title = "東京都地域産業活性化計画",
         .muni = "<municipality kind=\"都道府県\" prefecture=\"東京都\" "
                 "code=\"130001\">東京都</municipality>"},
        /* full-width digits in the period text are the era engine's business */
        {.period = PERIOD("2022-04-01", "2025-03-31", "令和４年度～令和６年度")},
        /* no code at all */
        {.muni = "<municipality kind=\"区\" prefecture=\"東京都\">墨田区</municipality>"},
        /* 'other' present, in order */
        {.cats = "<category id=\"collaboration\"><heading>h</heading></category>"
                 "<category id=\"transformation\"><heading>h</heading></category>"
                 "<category id=\"other\"><heading>h</heading></category>"},
        /* a link to another category; one inner space */
        {.overview = "ちがいを ちからに 変える街。",
         .cats = "<category id=\"collaboration\"><heading>h</heading><project><name>A</name>"
                 "<also category=\"transformation\"/></project></category>"
                 "<category id=\"transformation\"><heading>h</heading></category>"},
        /* a plan of the same municipality for the next period */
        {.extra =
             "  <plan id=\"b\">\n"
             "    <title>墨田区地域産業活性化計画</title>\n"
             "    " MUNI(
                 "131075",
                 "墨田区") "\n"
                           "    " PERIOD(
                               "2025-04-01", "2028-03-31",
                               "令和7年度～令和9年度") "\n"
                                                       "    <overview><p>o</p></overview>\n"
                                                       "    <initiatives "
                                                       "scheme=\"tokyo-2022\"><category "
                                                       "id=\"collaboration\"><heading>h"
                                                       "</heading></category><category "
                                                       "id=\"transformation\"><heading>h</heading>"
                                                       "</category></initiatives>\n"
                                                       "  </plan>"},
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        riap_report *r = validate(&fine[i], RIAP_OPT_STRICT);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        if (riap_report_count(r)) {
            fprintf(stderr, "\n  case %zu:\n", i);
            dump(r);
        }
        CU_ASSERT_EQUAL(riap_report_count(r), 0);
        riap_report_free(r);
    }
}

static void test_validate_report_sorted_and_languages(void)
{
    fx f = {.title = "地域産業活性化計画", .muni = MUNI("131076", "墨田区"), .overview = " ＡＢ"};
    riap_report *r = validate(&f, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_TRUE(riap_report_count(r) >= 4);
    for (size_t i = 1; i < riap_report_count(r); i++) {
        const riap_diag *a = riap_report_get(r, i - 1), *b = riap_report_get(r, i);
        CU_ASSERT_TRUE(
            riap_diag_line(a) < riap_diag_line(b) ||
            (riap_diag_line(a) == riap_diag_line(b) && riap_diag_column(a) <= riap_diag_column(b)));
    }
    CU_ASSERT_EQUAL(riap_report_error_count(r), 1);
    CU_ASSERT_EQUAL(riap_report_warning_count(r), 2); /* and the note text-fullwidth-ascii */
    CU_ASSERT_PTR_NOT_NULL(find(r, "text-fullwidth-ascii"));
    CU_ASSERT_PTR_NULL(riap_report_get(r, riap_report_count(r)));
    riap_report_free(r);
    r = validate(&f, RIAP_OPT_LANG_JA);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(find(r, "code-check-digit")), "検査数字"));
    riap_report_free(r);
    riap_report_free(NULL);
    CU_ASSERT_EQUAL(riap_report_count(NULL), 0);
    riap_report *out = (riap_report *)1;
    CU_ASSERT_EQUAL(riap_validate(&out, NULL, NULL), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
}

static void test_validate_file_and_example(void)
{
    const char *path = riap_test_src("examples/plans.xml");
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_report *r = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_validate_file(&r, ctx, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 0);
    /* the example is written as in the source, full-width letters and digits included: that
     * is normal in government text, so each is a note, not a warning */
    CU_ASSERT_EQUAL(riap_report_count(r), 26);
    CU_ASSERT_EQUAL(riap_report_warning_count(r), 0);
    for (size_t i = 0; i < riap_report_count(r); i++) {
        CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_report_get(r, i)), "text-fullwidth-ascii");
        CU_ASSERT_EQUAL(riap_diag_severity(riap_report_get(r, i)), RIAP_SEVERITY_NOTE);
    }
    CU_ASSERT_STRING_EQUAL(riap_diag_file(riap_report_get(r, 0)), path);
    riap_report_free(r);
    /* a file over the context's whole-document limit is streamed, with the same report */
    riap_ctx_set_max_document_size(ctx, 1000);
    CU_ASSERT_EQUAL_FATAL(riap_validate_file(&r, ctx, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 0);
    CU_ASSERT_EQUAL(riap_report_warning_count(r), 0);
    CU_ASSERT_EQUAL(riap_report_count(r), 26);
    riap_report_free(r);
    riap_ctx_set_max_document_size(ctx, 0);
    /* strict mode makes warnings errors, never notes */
    riap_ctx_set_options(ctx, RIAP_OPT_STRICT);
    CU_ASSERT_EQUAL_FATAL(riap_validate_file(&r, ctx, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 0);
    CU_ASSERT_EQUAL(riap_report_count(r), 26);
    riap_report_free(r);
    riap_ctx_set_options(ctx, 0);
    /* a file that breaks the schema gives a report, not a failure */
    char tmp[] = "/tmp/riap-validate-XXXXXX";
    int fd = mkstemp(tmp);
    CU_ASSERT_FATAL(fd >= 0);
    const char *bad =
        "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n<x/>\n</document>\n";
    CU_ASSERT_EQUAL(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    CU_ASSERT_EQUAL(riap_validate_file(&r, ctx, tmp), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 1);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_report_get(r, 0)), "schema");
    CU_ASSERT_EQUAL(riap_diag_line(riap_report_get(r, 0)), 2);
    CU_ASSERT_STRING_EQUAL(riap_diag_file(riap_report_get(r, 0)), tmp);
    riap_report_free(r);
    unlink(tmp);
    CU_ASSERT_EQUAL(riap_validate_file(&r, ctx, tmp), RIAP_ERR_IO);
    CU_ASSERT_PTR_NULL(r);
    riap_ctx_free(ctx);
}

static void test_validate_normalize(void)
{
    fx f = {.overview = "  ＡＢＣ１２３　ｶﾞｷﾞｸﾞ\tと  （全角括弧）「」～ 。 ",
            .period = "<period>令和４年度～令和６年度</period>"};
    char *xml = make(&f);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&doc, NULL, xml, strlen(xml)), RIAP_OK);
    riap_report *changes = NULL;
    CU_ASSERT_EQUAL(riap_normalize(&changes, NULL, doc), RIAP_OK);
    const riap_plan *p = riap_doc_plan(doc, 0);
    CU_ASSERT_STRING_EQUAL(riap_plan_overview(p, 0), "ABC123　ガギグ と （全角括弧）「」～ 。");
    CU_ASSERT_STRING_EQUAL(riap_plan_period_text(p), "令和4年度～令和6年度");
    riap_date d;
    CU_ASSERT_EQUAL(riap_plan_period_start(&d, p), 1);
    CU_ASSERT_EQUAL(d.year, 2022);
    CU_ASSERT_EQUAL(riap_plan_period_end(&d, p), 1);
    CU_ASSERT_EQUAL(d.year, 2025);
    CU_ASSERT_EQUAL(riap_report_count(changes), 3);
    CU_ASSERT_PTR_NOT_NULL(find(changes, "normalized-text"));
    CU_ASSERT_PTR_NOT_NULL(find(changes, "normalized-period"));
    CU_ASSERT_EQUAL(riap_diag_severity(riap_report_get(changes, 0)), RIAP_SEVERITY_NOTE);
    CU_ASSERT_EQUAL(riap_report_error_count(changes), 0);
    riap_report_free(changes);
    /* twice changes nothing, and the result validates clean */
    char *once = NULL, *twice = NULL;
    CU_ASSERT_EQUAL(riap_doc_save_memory(&once, NULL, NULL, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_normalize(&changes, NULL, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(changes), 0);
    CU_ASSERT_EQUAL(riap_doc_save_memory(&twice, NULL, NULL, doc), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(once, twice);
    riap_report *r = NULL;
    CU_ASSERT_EQUAL(riap_validate(&r, NULL, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(r), 0);
    riap_report_free(r);
    riap_report_free(changes);
    riap_free(once);
    riap_free(twice);
    riap_doc_free(doc);
    free(xml);
}

/* The line breaks of a paragraph wrapped over lines, and white space: each text as it is
 * normalized, and the folds its note names. */
static void test_validate_normalize_lines(void)
{
    static const struct {
        const char *in, *out, *folds;
    } cases[] = {
        /* the issue: between Japanese characters a line break goes, with the blanks around it */
        {"発展してきた。\n近年は", "発展してきた。近年は", "joined lines"},
        {"発展してきた。 \n　　近年は", "発展してきた。近年は", "joined lines"},
        {"地域の\r\n産業", "地域の産業", "joined lines"},
        {"地域の\n\n産業", "地域の産業", "joined lines"},
        /* full-width punctuation, half-width kana (H), full-width letters count as Japanese */
        {"（連携）\n「事業」", "（連携）「事業」", "joined lines"},
        {"ｶﾞ\nｷﾞ", "ガギ", "half-width kana, joined lines"},
        {"ｶ\nﾞ", "ガ", "half-width kana, joined lines"}, /* one run of kana, joined */
        {"ｶ ﾞ", "カ \xE3\x82\x99", "half-width kana"},
        {"ＡＢ\nＣＤ", "ABCD", "full-width ASCII, joined lines"},
        /* Latin words, digits, Latin next to Japanese: one space */
        {"Society\n5.0", "Society 5.0", "joined lines"},
        {"IoT\t\n  technology", "IoT technology", "joined lines"},
        {"令和4\n年度", "令和4 年度", "joined lines"},
        {"DX\n推進", "DX 推進", "joined lines"},
        /* ambiguous width (…, ○) is not Japanese for the rule; Hangul keeps its space */
        {"ある…\nこと", "ある… こと", "joined lines"},
        {"한국\n어", "한국 어", "joined lines"},
        /* a zero width space takes the break's place */
        {"a\xE2\x80\x8B\nb",
         "a\xE2\x80\x8B"
         "b",
         "joined lines"},
        /* white space on one line: tabs and spaces in a row are one space; 　 and no-break
         * spaces stay inside, go at the ends */
        {"A\t B", "A B", "folded white space"},
        {"株式会社　山田", NULL, NULL},
        {"A \xC2\xA0 B", NULL, NULL},
        {"　 概要 \xC2\xA0", "概要", "trimmed white space"},
        {"\n概要\n", "概要", "trimmed white space"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        riap_doc *doc = NULL;
        riap_plan *p = NULL;
        CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
        CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
        CU_ASSERT_EQUAL_FATAL(riap_plan_add_overview(p, cases[i].in), RIAP_OK);
        riap_report *changes = NULL;
        CU_ASSERT_EQUAL(riap_normalize(&changes, NULL, doc), RIAP_OK);
        const char *want = cases[i].out ? cases[i].out : cases[i].in;
        if (strcmp(riap_plan_overview(p, 0), want) != 0)
            fprintf(stderr, "\n  case %zu: '%s' → '%s', not '%s'\n", i, cases[i].in,
                    riap_plan_overview(p, 0), want);
        CU_ASSERT_STRING_EQUAL(riap_plan_overview(p, 0), want);
        const riap_diag *d = find(changes, "normalized-text");
        if (!cases[i].folds) {
            CU_ASSERT_PTR_NULL(d);
        } else {
            char head[200];
            snprintf(head, sizeof head, "plan[a]/overview/p[1] (%s): ", cases[i].folds);
            CU_ASSERT_PTR_NOT_NULL_FATAL(d);
            CU_ASSERT_NSTRING_EQUAL(riap_diag_message(d), head, strlen(head));
        }
        riap_report_free(changes);
        riap_doc_free(doc);
    }
    /* the folds in Japanese */
    riap_ctx *ctx = NULL;
    riap_doc *doc = NULL;
    riap_plan *p = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_ctx_set_options(ctx, RIAP_OPT_LANG_JA);
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_plan_add_overview(p, " ＡＢ\nｶ\t ｷ"), RIAP_OK);
    riap_report *changes = NULL;
    CU_ASSERT_EQUAL(riap_normalize(&changes, ctx, doc), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_overview(p, 0), "ABカ キ");
    CU_ASSERT_EQUAL_FATAL(riap_report_count(changes), 1);
    CU_ASSERT_STRING_EQUAL(riap_diag_message(riap_report_get(changes, 0)),
                           "plan[a]/overview/p[1] "
                           "(全角英数字、半角カナ、改行の結合、前後の空白の除去、空白の畳み込み): "
                           "「 ＡＢ\\nｶ\\t ｷ」→「ABカ キ」"); /* one line: escaped */
    riap_report_free(changes);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

/* A long text's note quotes the text and its normalized form around the first change, cut
 * with "…" on both sides, in both languages: a paragraph of thousands of characters is not
 * printed whole, twice. */
static void test_validate_normalize_long_text(void)
{
    size_t n = 3 * 2000 + 9 + 1;
    char *text = malloc(n), want[128];
    size_t k = 0;
    for (int i = 0; i < 500; i++, k += 3)
        memcpy(text + k, "あ", 3);
    memcpy(text + k, "ＡＢＣ", 9);
    k += 9;
    for (int i = 0; i < 1500; i++, k += 3)
        memcpy(text + k, "い", 3);
    text[k] = '\0';
    for (int ja = 0; ja <= 1; ja++) {
        riap_ctx *ctx = NULL;
        riap_doc *doc = NULL;
        riap_plan *p = NULL;
        CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
        riap_ctx_set_options(ctx, ja ? RIAP_OPT_LANG_JA : 0);
        CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
        CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
        CU_ASSERT_EQUAL_FATAL(riap_plan_add_overview(p, text), RIAP_OK);
        riap_report *changes = NULL;
        CU_ASSERT_EQUAL(riap_normalize(&changes, ctx, doc), RIAP_OK);
        CU_ASSERT_EQUAL_FATAL(riap_report_count(changes), 1);
        const char *m = riap_diag_message(riap_report_get(changes, 0));
        CU_ASSERT_TRUE(strlen(m) < 600);
        snprintf(want, sizeof want, ja ? "「…ああ" : "'…ああ");
        CU_ASSERT_PTR_NOT_NULL(strstr(m, want));
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "ああＡＢＣいい"));
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "ああABCいい"));
        CU_ASSERT_PTR_NOT_NULL(strstr(m, ja ? "いい…」→「…ああ" : "いい…' → '…ああ"));
        riap_report_free(changes);
        riap_doc_free(doc);
        riap_ctx_free(ctx);
    }
    free(text);
}

/* An approver's code without the approver cannot be written: validation says so, and saving
 * refuses with the same rule (it had been dropped from the file without a word). */
static void test_validate_metadata_save_agree(void)
{
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_file(&doc, ctx, riap_test_src("examples/plans.xml")),
                          RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER, NULL), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_APPROVER_CODE), "130001");
    riap_report *r = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_validate(&r, ctx, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 1);
    bool said = false;
    for (size_t i = 0; i < riap_report_count(r); i++)
        said = said || !strcmp(riap_diag_rule(riap_report_get(r, i)), "incomplete-metadata");
    CU_ASSERT_TRUE(said);
    riap_report_free(r);
    char *out = NULL;
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "incomplete-metadata");
    /* with the approver back, both agree again */
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER, "東京都"), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_validate(&r, ctx, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_error_count(r), 0);
    riap_report_free(r);
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_OK);
    CU_ASSERT_TRUE(out && strstr(out, "<approver code=\"130001\">東京都</approver>"));
    riap_free(out);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

static void test_validate_normalize_example_lossless(void)
{
    const char *path = riap_test_src("examples/plans.xml");
    riap_doc *doc = NULL, *orig = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_file(&doc, NULL, path), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_file(&orig, NULL, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_normalize(NULL, NULL, doc), RIAP_OK);
    /* nothing is lost: same plans, categories, projects, links and figures */
    CU_ASSERT_EQUAL(riap_doc_plan_count(doc), riap_doc_plan_count(orig));
    size_t projects = 0;
    for (size_t i = 0; i < riap_doc_plan_count(doc); i++) {
        const riap_plan *a = riap_doc_plan(doc, i), *b = riap_doc_plan(orig, i);
        CU_ASSERT_EQUAL(riap_plan_category_count(a), riap_plan_category_count(b));
        CU_ASSERT_EQUAL(riap_plan_figure_count(a), riap_plan_figure_count(b));
        CU_ASSERT_EQUAL(riap_plan_vision_count(a), riap_plan_vision_count(b));
        for (size_t c = 0; c < riap_plan_category_count(a); c++) {
            const riap_category *ca = riap_plan_category(a, c), *cb = riap_plan_category(b, c);
            CU_ASSERT_EQUAL(riap_category_project_count(ca), riap_category_project_count(cb));
            for (size_t j = 0; j < riap_category_project_count(ca); j++) {
                CU_ASSERT_EQUAL(riap_project_also_count(riap_category_project(ca, j)),
                                riap_project_also_count(riap_category_project(cb, j)));
                projects++;
            }
        }
    }
    CU_ASSERT_EQUAL(projects, 51);
    CU_ASSERT_STRING_EQUAL(
        riap_project_name(riap_category_project(
            riap_plan_find_category(riap_doc_find_plan(doc, "itabashi-r4"), "transformation"), 0)),
        "SDGs/ESG 経営推進プロジェクト");
    riap_report *r = NULL;
    CU_ASSERT_EQUAL(riap_validate(&r, NULL, doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(r), 0);
    riap_report_free(r);
    riap_doc_free(doc);
    riap_doc_free(orig);
}

static void test_validate_lgcode(void)
{
    CU_ASSERT_STRING_EQUAL(riap_lgcode_list_date(), "2026-07-09");
    CU_ASSERT_TRUE(riap_lgcode_check_digit_ok("131075"));
    CU_ASSERT_TRUE(riap_lgcode_check_digit_ok("130001"));
    CU_ASSERT_FALSE(riap_lgcode_check_digit_ok("131076"));
    CU_ASSERT_FALSE(riap_lgcode_check_digit_ok("13107"));
    CU_ASSERT_FALSE(riap_lgcode_check_digit_ok(NULL));
    const char *pref = NULL, *name = NULL;
    CU_ASSERT_TRUE(riap_lgcode_find(&pref, &name, "133035"));
    CU_ASSERT_STRING_EQUAL(pref, "東京都");
    CU_ASSERT_STRING_EQUAL(name, "瑞穂町");
    CU_ASSERT_TRUE(riap_lgcode_find(NULL, &name, "011011"));
    CU_ASSERT_STRING_EQUAL(name, "札幌市 中央区");
    CU_ASSERT_TRUE(riap_lgcode_find(&pref, &name, "130001"));
    CU_ASSERT_STRING_EQUAL(name, "東京都");
    CU_ASSERT_FALSE(riap_lgcode_find(NULL, NULL, "139980"));
    /* every row of the bundled list passes its check digit */
    const char *path = riap_test_src("data/local-governments.csv");
    char *csv = riap_test_read(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    size_t rows = 0, bad = 0, missing = 0;
    for (char *line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] < '0' || line[0] > '9')
            continue;
        line[6] = '\0';
        rows++;
        bad += !riap_lgcode_check_digit_ok(line);
        missing += !riap_lgcode_find(NULL, NULL, line);
    }
    CU_ASSERT_EQUAL(rows, 1916);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(missing, 0);
    free(csv);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("validate", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_validate_passing_edges);
    ADD_TEST(s, test_validate_text_dates);
    ADD_TEST(s, test_validate_text_positions);
    ADD_TEST(s, test_validate_text_faults_anywhere);
    ADD_TEST(s, test_validate_report_sorted_and_languages);
    ADD_TEST(s, test_validate_file_and_example);
    ADD_TEST(s, test_validate_normalize);
    ADD_TEST(s, test_validate_normalize_lines);
    ADD_TEST(s, test_validate_normalize_long_text);
    ADD_TEST(s, test_validate_normalize_example_lossless);
    ADD_TEST(s, test_validate_lgcode);
    ADD_TEST(s, test_validate_metadata_save_agree);
    return 0;
}
