/* SPDX-License-Identifier: MIT */
/* xml: loading and saving plan documents; the bundled example against its source document. */
#include "runner.h"

#include "core_int.h"
#include "model_int.h"
#include "riap.h"

#include <dirent.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>

static const char *example_path(void)
{
    return riap_test_src("examples/plans.xml");
}

static riap_doc *load_example(riap_ctx *ctx)
{
    riap_doc *doc = NULL;
    riap_status st = riap_doc_load_file(&doc, ctx, example_path());
    if (st != RIAP_OK && ctx && riap_ctx_last_error(ctx))
        fprintf(stderr, "\n  %u:%u: %s\n", riap_diag_line(riap_ctx_last_error(ctx)),
                riap_diag_column(riap_ctx_last_error(ctx)),
                riap_diag_message(riap_ctx_last_error(ctx)));
    return doc;
}

static void test_xml_example_loads(void)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_doc *doc = load_example(ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_STRING_EQUAL(riap_doc_file(doc), example_path());
    CU_ASSERT_EQUAL(riap_doc_plan_count(doc), 7);
    static const char *names[] = {"墨田区", "渋谷区", "荒川区", "板橋区",
                                  "青梅市", "福生市", "瑞穂町"};
    static const char *codes[] = {"131075", "131130", "131181", "131199",
                                  "132055", "132187", "133035"};
    for (size_t i = 0; i < 7; i++) {
        const riap_plan *p = riap_doc_plan(doc, i);
        CU_ASSERT_STRING_EQUAL(riap_plan_municipality(p), names[i]);
        CU_ASSERT_STRING_EQUAL(riap_plan_municipality_code(p), codes[i]);
        CU_ASSERT_STRING_EQUAL(riap_plan_prefecture(p), "東京都");
        CU_ASSERT_STRING_EQUAL(riap_plan_period_text(p), "令和４年度～令和６年度");
        riap_era_range r;
        CU_ASSERT_EQUAL(riap_plan_period_range(&r, ctx, p), RIAP_OK);
        CU_ASSERT_EQUAL(r.start.year, 2022);
        CU_ASSERT_EQUAL(r.start.month, 4);
        CU_ASSERT_EQUAL(r.start.day, 1);
        CU_ASSERT_EQUAL(r.end.year, 2025);
        CU_ASSERT_EQUAL(r.end.month, 3);
        CU_ASSERT_EQUAL(r.end.day, 31);
        riap_date from, to;
        CU_ASSERT_EQUAL(riap_plan_period_start(&from, p), 1);
        CU_ASSERT_EQUAL(riap_plan_period_end(&to, p), 1);
        CU_ASSERT_EQUAL(riap_date_compare(&from, &r.start), 0);
        CU_ASSERT_EQUAL(riap_date_compare(&to, &r.end), 0);
        CU_ASSERT_STRING_EQUAL(riap_plan_scheme(p), RIAP_SCHEME_DEFAULT);
        CU_ASSERT_TRUE(riap_plan_overview_count(p) >= 1);
    }
    CU_ASSERT_EQUAL(riap_plan_municipality_kind(riap_doc_plan(doc, 4)), RIAP_MUNICIPALITY_CITY);
    CU_ASSERT_EQUAL(riap_plan_municipality_kind(riap_doc_plan(doc, 6)), RIAP_MUNICIPALITY_TOWN);
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_APPROVER_CODE), "130001");
    /* 荒川区: no (３), and four ☆ projects also under (２) */
    const riap_plan *ara = riap_doc_find_plan(doc, "arakawa-r4");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ara);
    CU_ASSERT_EQUAL(riap_plan_category_count(ara), 2);
    CU_ASSERT_PTR_NULL(riap_plan_find_category(ara, "other"));
    const riap_category *c = riap_plan_find_category(ara, "collaboration");
    size_t stars = 0;
    for (size_t i = 0; i < riap_category_project_count(c); i++)
        if (riap_project_also_count(riap_category_project(c, i)) == 1 &&
            strcmp(riap_project_also(riap_category_project(c, i), 0), "transformation") == 0)
            stars++;
    CU_ASSERT_EQUAL(stars, 4);
    CU_ASSERT_STRING_EQUAL(riap_project_name(riap_category_project(c, 1)),
                           "次世代へのバトンタッチ支援事業");
    /* visions of 渋谷区, 福生市, 瑞穂町 */
    CU_ASSERT_STRING_EQUAL(riap_plan_vision(riap_doc_find_plan(doc, "shibuya-r4"), 0),
                           "「ちがいを ちからに 変える街。 渋谷区」");
    CU_ASSERT_EQUAL(riap_plan_vision_count(riap_doc_find_plan(doc, "fussa-r4")), 1);
    CU_ASSERT_STRING_EQUAL(riap_plan_vision(riap_doc_find_plan(doc, "mizuho-r4"), 0),
                           "つながりと活力にあふれるまち");
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

/* ---- the example against the source document ---- */

/* Removes ASCII white space (where the PDF extraction broke lines and padded them). */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
            *o++ = *s;
    *o = '\0';
    return out;
}

/* Deletes every occurrence of needle (squeezed) from the span text. */
static void erase_all(char *text, const char *needle)
{
    char *n = squeeze(needle);
    size_t nl = strlen(n);
    if (nl)
        for (char *p; (p = strstr(text, n));)
            memmove(p, p + nl, strlen(p + nl) + 1);
    free(n);
}

static char *span(const char *from, const char *to)
{
    size_t n = (size_t)(to - from);
    char *s = malloc(n + 1);
    memcpy(s, from, n);
    s[n] = '\0';
    return s;
}

static void test_xml_example_matches_source(void)
{
    char *raw = riap_test_read(riap_test_path("source/tokyo-2022-summary.txt"), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    char *src = squeeze(raw);
    riap_doc *doc = load_example(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    size_t np = riap_doc_plan_count(doc), projects = 0, leftovers = 0;
    for (size_t i = 0; i < np; i++) {
        const riap_plan *p = riap_doc_plan(doc, i);
        char head[512];
        snprintf(head, sizeof head, "「%s」（%s）【計画期間：%s】", riap_plan_title(p),
                 riap_plan_municipality(p), riap_plan_period_text(p));
        const char *start = strstr(src, head);
        CU_ASSERT_PTR_NOT_NULL_FATAL(start);
        const char *end = strstr(start + 1, "」（");
        while (end && *end && end > start && strncmp(end - 3, "計画", 6) != 0)
            end = strstr(end + 1, "」（");
        const char *next = i + 1 < np ? strstr(src, riap_plan_title(riap_doc_plan(doc, i + 1)))
                                      : src + strlen(src);
        CU_ASSERT_PTR_NOT_NULL_FATAL(next);
        if (i + 1 < np)
            next -= strlen("「"); /* the next plan's opening bracket */
        char *sec = span(start, next);
        for (size_t k = 0; k < riap_plan_overview_count(p); k++) {
            char *o = squeeze(riap_plan_overview(p, k));
            CU_ASSERT_PTR_NOT_NULL(strstr(sec, o));
            free(o);
        }
        /* each category's span: from its heading to the next category's */
        for (size_t c = 0; c < riap_plan_category_count(p); c++) {
            const riap_category *cat = riap_plan_category(p, c);
            char *h = squeeze(riap_category_heading(cat));
            char *a = strstr(sec, h);
            CU_ASSERT_PTR_NOT_NULL_FATAL(a);
            char *b = sec + strlen(sec);
            if (c + 1 < riap_plan_category_count(p)) {
                char *hn = squeeze(riap_category_heading(riap_plan_category(p, c + 1)));
                b = strstr(a + strlen(h), hn);
                free(hn);
                CU_ASSERT_PTR_NOT_NULL_FATAL(b);
            }
            char *text = span(a + strlen(h), b);
            free(h);
            /* every project occurs in its category's text (☆-marked ones with the mark) */
            for (size_t j = 0; j < riap_category_project_count(cat); j++) {
                const riap_project *pr = riap_category_project(cat, j);
                char *n = squeeze(riap_project_name(pr));
                if (!strstr(text, n))
                    fprintf(stderr, "\n  %s/%s: project '%s' not in the source\n", riap_plan_id(p),
                            riap_category_id(cat), n);
                CU_ASSERT_PTR_NOT_NULL(strstr(text, n));
                char starred[512];
                snprintf(starred, sizeof starred, "☆%s", n);
                CU_ASSERT_EQUAL(strstr(text, starred) != NULL, riap_project_also_count(pr) > 0);
                free(n);
                projects++;
            }
            if (riap_category_description(cat)) {
                char *d = squeeze(riap_category_description(cat));
                CU_ASSERT_PTR_NOT_NULL(strstr(text, d));
                free(d);
                erase_all(text, riap_category_description(cat));
            }
            /* longest names first, so that no name is erased inside another */
            for (size_t pass = 0; pass < 2; pass++)
                for (size_t j = 0; j < riap_category_project_count(cat); j++) {
                    const char *n = riap_project_name(riap_category_project(cat, j));
                    if ((strlen(n) > 40) == (pass == 0))
                        erase_all(text, n);
                }
            /* what is left is punctuation, the ☆ note, and figure text of the document */
            erase_all(text, "※☆の事業も併せて実施");
            for (size_t q = 0; q < np; q++) {
                const riap_plan *pq = riap_doc_plan(doc, q);
                for (size_t f = 0; f < riap_plan_figure_count(pq); f++)
                    erase_all(text, riap_figure_caption(riap_plan_figure(pq, f)));
                for (size_t v = 0; v < riap_plan_vision_count(pq); v++)
                    erase_all(text, riap_plan_vision(pq, v));
            }
            static const char *punct[] = {"（", "）", "(", ")", "、", "☆"};
            for (size_t k = 0; k < sizeof punct / sizeof punct[0]; k++)
                erase_all(text, punct[k]);
            if (*text) {
                fprintf(stderr, "\n  %s/%s: unaccounted source text '%s'\n", riap_plan_id(p),
                        riap_category_id(cat), text);
                leftovers++;
            }
            free(text);
        }
        for (size_t f = 0; f < riap_plan_figure_count(p); f++) {
            char *cap = squeeze(riap_figure_caption(riap_plan_figure(p, f)));
            CU_ASSERT_PTR_NOT_NULL(strstr(src, cap));
            free(cap);
        }
        free(sec);
        (void)end;
    }
    CU_ASSERT_EQUAL(leftovers, 0);
    CU_ASSERT_EQUAL(projects, 51); /* 6+10+9+10+4+6+6 in the source */
    riap_doc_free(doc);
    free(src);
    free(raw);
}

/* ---- canonical output ---- */

static void test_xml_example_is_canonical(void)
{
    size_t len;
    char *file = riap_test_read(example_path(), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&doc, NULL, file, len), RIAP_OK);
    char *out = NULL;
    size_t out_len = 0;
    CU_ASSERT_EQUAL_FATAL(riap_doc_save_memory(&out, &out_len, NULL, doc), RIAP_OK);
    CU_ASSERT_EQUAL(out_len, len);
    CU_ASSERT_EQUAL(memcmp(out, file, len < out_len ? len : out_len), 0);
    CU_ASSERT_EQUAL(strlen(out), out_len);
    riap_doc *again = NULL;
    CU_ASSERT_EQUAL(riap_doc_load_memory(&again, NULL, out, out_len), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, again));
    riap_free(out);
    riap_doc_free(again);
    riap_doc_free(doc);
    free(file);
}

static riap_doc *roundtrip(const riap_doc *doc, char **text)
{
    char *out = NULL;
    size_t n = 0;
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    if (riap_doc_save_memory(&out, &n, ctx, doc) != RIAP_OK) {
        riap_ctx_free(ctx);
        return NULL;
    }
    riap_doc *back = NULL;
    if (riap_doc_load_memory(&back, ctx, out, n) != RIAP_OK)
        fprintf(stderr, "\n  reload failed: %u: %s\n%s\n", riap_diag_line(riap_ctx_last_error(ctx)),
                riap_diag_message(riap_ctx_last_error(ctx)), out);
    riap_ctx_free(ctx);
    if (text)
        *text = out;
    else
        riap_free(out);
    return back;
}

static riap_plan *minimal_plan(riap_doc *doc, const char *id)
{
    riap_plan *p = NULL;
    riap_doc_add_plan(&p, doc, id);
    riap_plan_set_title(p, "村地域産業活性化計画");
    riap_plan_set_municipality(p, "檜原村", RIAP_MUNICIPALITY_VILLAGE, "東京都", NULL);
    riap_plan_set_period_as_written(p, "令和4年度～", NULL, NULL);
    riap_plan_add_overview(p, "概要。");
    riap_plan_add_category(NULL, p, "collaboration", "(１)");
    return p;
}

static void test_xml_roundtrip_minimal(void)
{
    riap_doc *doc = NULL;
    riap_doc_new(&doc);
    minimal_plan(doc, "hinohara");
    char *text = NULL;
    riap_doc *back = roundtrip(doc, &text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_TRUE(riap_doc_equal(doc, back));
    CU_ASSERT_PTR_NULL(strstr(text, "<metadata>")); /* empty optional parts are left out */
    CU_ASSERT_PTR_NULL(strstr(text, "from="));
    CU_ASSERT_PTR_NULL(riap_plan_municipality_code(riap_doc_plan(back, 0)));
    CU_ASSERT_EQUAL(riap_plan_period_start(NULL, riap_doc_plan(back, 0)), 0);
    /* saving the reloaded document gives the same bytes */
    char *text2 = NULL;
    riap_doc *back2 = roundtrip(back, &text2);
    CU_ASSERT_STRING_EQUAL(text, text2);
    riap_free(text);
    riap_free(text2);
    riap_doc_free(back2);
    riap_doc_free(back);
    riap_doc_free(doc);
}

static void test_xml_roundtrip_maximal_and_escapes(void)
{
    static const char *nasty =
        "A&B <tag> \"quoted\" 'single' ]]> \t tab\nnew line\r\ncrlf \r lone cr "
        "　全角空白 😀 \xEF\xBF\xBD &amp; &#13;";
    riap_doc *doc = NULL;
    riap_doc_new(&doc);
    for (int f = RIAP_DOC_SOURCE_TITLE; f <= RIAP_DOC_APPROVER; f++)
        if (f != RIAP_DOC_APPROVER_CODE)
            CU_ASSERT_EQUAL(riap_doc_set_meta(doc, (riap_doc_field)f, nasty), RIAP_OK);
    riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, "130001");
    riap_doc_set_meta(doc, RIAP_DOC_PUBLISHED, "2022-03-31");
    riap_doc_set_meta(doc, RIAP_DOC_APPROVED, "2022-06-01");
    for (int k = 0; k < 3; k++) {
        char id[24];
        snprintf(id, sizeof id, "plan-%d", k);
        riap_plan *p = NULL;
        CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, id), RIAP_OK);
        riap_plan_set_title(p, nasty);
        riap_plan_set_municipality(p, nasty, RIAP_MUNICIPALITY_CITY, nasty, "132055");
        riap_date f = {2022, 4, 1}, t = {2025, 3, 31};
        riap_plan_set_period_as_written(p, nasty, &f, &t);
        for (int i = 0; i < 3; i++) {
            riap_plan_add_overview(p, nasty);
            riap_plan_add_vision(p, nasty);
        }
        riap_plan_set_scheme(p, "custom-scheme");
        riap_category *cats[3];
        static const char *ids[] = {"theme-1", "theme-2", "theme-3"};
        for (int i = 0; i < 3; i++) {
            CU_ASSERT_EQUAL(riap_plan_add_category(&cats[i], p, ids[i], nasty), RIAP_OK);
            riap_category_set_description(cats[i], nasty);
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) {
                riap_project *pr;
                riap_category_add_project(&pr, cats[i], nasty);
                if (j % 2)
                    riap_project_add_also(pr, ids[(i + 1) % 3]);
                if (j == 3)
                    riap_project_add_also(pr, ids[(i + 2) % 3]);
            }
        riap_plan_add_figure(NULL, p, nasty, NULL);
        riap_plan_add_figure(NULL, p, nasty, "theme-2");
    }
    char *text = NULL;
    riap_doc *back = roundtrip(doc, &text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_TRUE(riap_doc_equal(doc, back));
    CU_ASSERT_STRING_EQUAL(riap_plan_title(riap_doc_plan(back, 2)), nasty);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "&#13;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "&amp;amp;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "&#9;")); /* in attributes */
    char *text2 = NULL;
    riap_doc *back2 = roundtrip(back, &text2);
    CU_ASSERT_STRING_EQUAL(text, text2);
    riap_free(text);
    riap_free(text2);
    riap_doc_free(back);
    riap_doc_free(back2);
    riap_doc_free(doc);
}

/* Comments and processing instructions: kept by load and save where they stood, each before
 * the element that follows it or, with no element after it, before its parent's end tag (in an
 * element with text: after the text); the prolog's and the epilog's as they were. */
static const char *NOTES_IN =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- 担当: 商工観光課 -->\n"
    "<?xml-stylesheet type=\"text/xsl\" href=\"plan.xsl\"?>\n"
    "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><!-- a -->\n"
    "  <metadata><source><title>承認<!-- in the title -->した</title></source>\n"
    "    <program>p</program><!-- end of metadata --></metadata>\n"
    "  <plan id=\"a\"><title>t</title>\n"
    "    <municipality kind=\"区\" prefecture=\"東京都\">墨田区</municipality>\n"
    "    <period>令和4年度</period>\n"
    "    <overview><!-- first --><p>x</p><?pi  data ?></overview>\n"
    "    <initiatives scheme=\"tokyo-2022\"><category id=\"collaboration\"><heading>h</heading>"
    "<project><name>n</name><also category=\"other\"><!--\n  two lines\n--></also></project>"
    "<!--c--></category><category id=\"other\"><heading>o</heading></category></initiatives>\n"
    "    <figure>f<?empty?></figure>\n"
    "  </plan>\n"
    "  <!-- between plans -->\n"
    "  <plan id=\"b\"><title>t</title><municipality kind=\"区\" prefecture=\"東京都\">墨田区"
    "</municipality><period>令和4年度</period><overview><p>y</p></overview>"
    "<initiatives scheme=\"tokyo-2022\"><category id=\"collaboration\"><heading>h</heading>"
    "</category></initiatives></plan>\n"
    "  <!-- last -->\n"
    "</document>\n"
    "<!-- epilog -->\n";

static const char *NOTES_OUT =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- 担当: 商工観光課 -->\n"
    "<?xml-stylesheet type=\"text/xsl\" href=\"plan.xsl\"?>\n"
    "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"
    "  <!-- a -->\n"
    "  <metadata>\n"
    "    <source>\n"
    "      <title>承認した<!-- in the title --></title>\n"
    "    </source>\n"
    "    <program>p</program>\n"
    "    <!-- end of metadata -->\n"
    "  </metadata>\n"
    "  <plan id=\"a\">\n"
    "    <title>t</title>\n"
    "    <municipality kind=\"区\" prefecture=\"東京都\">墨田区</municipality>\n"
    "    <period>令和4年度</period>\n"
    "    <overview>\n"
    "      <!-- first -->\n"
    "      <p>x</p>\n"
    "      <?pi data ?>\n"
    "    </overview>\n"
    "    <initiatives scheme=\"tokyo-2022\">\n"
    "      <category id=\"collaboration\">\n"
    "        <heading>h</heading>\n"
    "        <project>\n"
    "          <name>n</name>\n"
    "          <also category=\"other\"><!--\n  two lines\n--></also>\n"
    "        </project>\n"
    "        <!--c-->\n"
    "      </category>\n"
    "      <category id=\"other\">\n"
    "        <heading>o</heading>\n"
    "      </category>\n"
    "    </initiatives>\n"
    "    <figure>f<?empty?></figure>\n"
    "  </plan>\n"
    "  <!-- between plans -->\n"
    "  <plan id=\"b\">\n"
    "    <title>t</title>\n"
    "    <municipality kind=\"区\" prefecture=\"東京都\">墨田区</municipality>\n"
    "    <period>令和4年度</period>\n"
    "    <overview>\n"
    "      <p>y</p>\n"
    "    </overview>\n"
    "    <initiatives scheme=\"tokyo-2022\">\n"
    "      <category id=\"collaboration\">\n"
    "        <heading>h</heading>\n"
    "      </category>\n"
    "    </initiatives>\n"
    "  </plan>\n"
    "  <!-- last -->\n"
    "</document>\n"
    "<!-- epilog -->\n";

static void test_xml_comments_kept(void)
{
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&doc, NULL, NOTES_IN, strlen(NOTES_IN)), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_SOURCE_TITLE), "承認した");
    CU_ASSERT_EQUAL(doc->notes.n, 13);
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_save_memory(&out, NULL, NULL, doc), RIAP_OK);
    if (strcmp(out, NOTES_OUT) != 0)
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_STRING_EQUAL(out, NOTES_OUT);
    /* the canonical form loads and saves to itself */
    riap_doc *back = NULL;
    char *again = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&back, NULL, out, strlen(out)), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, back));
    CU_ASSERT_EQUAL(riap_doc_save_memory(&again, NULL, NULL, back), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(again, NOTES_OUT);
    riap_free(again);
    /* a field cleared since: its comment stays where the element was */
    CU_ASSERT_EQUAL(riap_doc_set_meta(back, RIAP_DOC_SOURCE_TITLE, NULL), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_save_memory(&again, NULL, NULL, back), RIAP_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(again, "  <metadata>\n    <!-- in the title -->\n"
                                         "    <program>p</program>\n"));
    riap_free(again);
    riap_doc_free(back);
    /* in Shift_JIS, the comments are read as the text is, and written in UTF-8 */
    char sjis[8192], decl[8192];
    snprintf(decl, sizeof decl, "<?xml version=\"1.0\" encoding=\"Shift_JIS\"%s",
             strstr(NOTES_IN, "?>"));
    UErrorCode ec = U_ZERO_ERROR;
    int32_t sl =
        ucnv_convert("windows-31j", "UTF-8", sjis, sizeof sjis, decl, (int32_t)strlen(decl), &ec);
    CU_ASSERT_FATAL(U_SUCCESS(ec));
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&back, NULL, sjis, (size_t)sl), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_save_memory(&again, NULL, NULL, back), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(again, NOTES_OUT);
    riap_free(again);
    riap_doc_free(back);
    /* the streaming validator reads the same file as loading does: same diagnostics */
    char path[] = "/tmp/riap-notes-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, NOTES_IN, strlen(NOTES_IN)), (ssize_t)strlen(NOTES_IN));
    close(fd);
    riap_report *a = NULL, *b = NULL;
    CU_ASSERT_EQUAL(riap_validate_file(&a, NULL, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_validate_stream_file(&b, NULL, path), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(a), riap_report_count(b));
    for (size_t i = 0; i < riap_report_count(a) && i < riap_report_count(b); i++)
        CU_ASSERT_STRING_EQUAL(riap_diag_message(riap_report_get(a, i)),
                               riap_diag_message(riap_report_get(b, i)));
    riap_report_free(a);
    riap_report_free(b);
    unlink(path);
    riap_free(out);
    riap_doc_free(doc);
}

static void test_xml_save_incomplete(void)
{
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *doc = NULL;
    riap_doc_new(&doc);
    char *out = (char *)1;
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "incomplete-plan");
    riap_plan *p = NULL;
    riap_doc_add_plan(&p, doc, "a");
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "title"));
    riap_plan_set_title(p, "t");
    riap_plan_set_municipality(p, "m", RIAP_MUNICIPALITY_TOWN, "東京都", NULL);
    riap_plan_set_period_as_written(p, "令和4年度", NULL, NULL);
    riap_plan_add_overview(p, "o");
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "category"));
    riap_plan_add_category(NULL, p, "collaboration", "h");
    CU_ASSERT_EQUAL(riap_doc_save_memory(&out, NULL, ctx, doc), RIAP_OK);
    riap_free(out);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

/* ---- rejected input ---- */

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define DOC_OPEN "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"
#define PLAN_BODY(muni, extra)                                                                       \
    "  <plan id=\"a\">\n"                                                                            \
    "    <title>t</title>\n"                                                                         \
    "    " muni "\n"                                                                                 \
    "    <period from=\"2022-04-01\" to=\"2025-03-31\">令和４年度～令和６年度</period>\n" \
    "    <overview><p>o</p></overview>\n"                                                            \
    "    <initiatives scheme=\"tokyo-2022\">\n"                                                      \
    "      <category id=\"collaboration\"><heading>h</heading>" extra "</category>\n"                \
    "    </initiatives>\n"                                                                           \
    "  </plan>\n"
#define GOOD_MUNI                                                                                  \
    "<municipality kind=\"区\" prefecture=\"東京都\" code=\"131075\">墨田区</municipality>"

typedef struct bad_case {
    const char *name;
    const char *xml;
    riap_status status;
    const char *rule;
    uint32_t line;
} bad_case;

static void test_xml_rejects_with_positions(void)
{
    static const bad_case cases[] = {
        {"valid control", HEAD DOC_OPEN PLAN_BODY(GOOD_MUNI, "") "</document>\n", RIAP_OK, NULL, 0},
        {"no version",
         HEAD "<document xmlns=\"urn:libriap:plan:1\">\n" PLAN_BODY(GOOD_MUNI, "") "</document>\n",
         RIAP_ERR_SCHEMA, "schema", 2},
        {"wrong namespace", HEAD "<document xmlns=\"urn:other\" version=\"1.0\">\n</document>\n",
         RIAP_ERR_SCHEMA, "schema", 2},
        {"bad kind",
         HEAD DOC_OPEN PLAN_BODY("<municipality kind=\"郡\" prefecture=\"東京都\">x</municipality>",
                                 "") "</document>\n",
         RIAP_ERR_SCHEMA, "schema", 5},
        {"five-digit code",
         HEAD DOC_OPEN PLAN_BODY(
             "<municipality kind=\"区\" prefecture=\"東京都\" code=\"13107\">x</municipality>",
             "") "</document>\n",
         RIAP_ERR_SCHEMA, "schema", 5},
        {"bad date",
         HEAD DOC_OPEN "  <metadata><approved>2022-13-01</approved></metadata>\n" PLAN_BODY(
             GOOD_MUNI, "") "</document>\n",
         RIAP_ERR_SCHEMA, "schema", 3},
        {"unresolved link",
         HEAD DOC_OPEN PLAN_BODY(
             GOOD_MUNI,
             "<project><name>n</name><also category=\"other\"/></project>") "</document>\n",
         RIAP_ERR_SCHEMA, "link-unresolved", 9},
        {"duplicate plan id",
         HEAD DOC_OPEN PLAN_BODY(GOOD_MUNI, "") PLAN_BODY(GOOD_MUNI, "") "</document>\n",
         RIAP_ERR_SCHEMA, "id-duplicate", 12},
        {"missing title",
         HEAD DOC_OPEN "  <plan id=\"a\">\n    " GOOD_MUNI "\n  </plan>\n</document>\n",
         RIAP_ERR_SCHEMA, "schema", 4},
        {"unknown element", HEAD DOC_OPEN PLAN_BODY(GOOD_MUNI, "<extra/>") "</document>\n",
         RIAP_ERR_SCHEMA, "schema", 9},
        {"empty heading", HEAD DOC_OPEN PLAN_BODY(GOOD_MUNI, "") "</document>\n", RIAP_OK, NULL, 0},
        {"bad id", HEAD DOC_OPEN "  <plan id=\"A b\">\n  </plan>\n</document>\n", RIAP_ERR_SCHEMA,
         "schema", 3},
        {"not well-formed", HEAD DOC_OPEN "  <plan id=\"a\">\n</document>\n", RIAP_ERR_XML,
         "xml-syntax", 4},
        {"mismatched tag", HEAD DOC_OPEN "  <plan id=\"a\"></pla>\n</document>\n", RIAP_ERR_XML,
         "xml-syntax", 3},
        {"empty input", "", RIAP_ERR_XML, "empty-document", 1},
        {"only white space", " \n\t\n", RIAP_ERR_XML, "empty-document", 1},
        {"text, no element", "plan\n", RIAP_ERR_XML, "xml-syntax", 1},
        {"doctype",
         HEAD
         "<!DOCTYPE document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" DOC_OPEN PLAN_BODY(
             GOOD_MUNI, "") "</document>\n",
         RIAP_ERR_XML, "doctype", 2},
    };
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        riap_doc *doc = (riap_doc *)1;
        riap_status st = riap_doc_load_memory(&doc, ctx, c->xml, strlen(c->xml));
        if (st != c->status)
            fprintf(stderr, "\n  %s: got %s\n", c->name, riap_status_name(st));
        CU_ASSERT_EQUAL(st, c->status);
        if (c->status == RIAP_OK) {
            CU_ASSERT_PTR_NOT_NULL(doc);
            riap_doc_free(doc);
            continue;
        }
        CU_ASSERT_PTR_NULL(doc);
        const riap_diag *d = riap_ctx_last_error(ctx);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), c->rule);
        if (c->line && riap_diag_line(riap_ctx_diag(ctx, 0)) != c->line)
            fprintf(stderr, "\n  %s: line %u, want %u (%s)\n", c->name,
                    riap_diag_line(riap_ctx_diag(ctx, 0)), c->line, riap_diag_message(d));
        if (c->line)
            CU_ASSERT_EQUAL(riap_diag_line(riap_ctx_diag(ctx, 0)), c->line);
        CU_ASSERT_PTR_NULL(riap_diag_file(d));
        CU_ASSERT_PTR_NULL(strstr(riap_diag_message(d), "urn:libriap"));
    }
    riap_ctx_free(ctx);
}

static void test_xml_schema_error_columns(void)
{
    const char *xml = HEAD DOC_OPEN PLAN_BODY(
        GOOD_MUNI, "<project><name>n</name><also category=\"zzz\"/></project>") "</document>\n";
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, xml, strlen(xml)), RIAP_ERR_SCHEMA);
    const riap_diag *d = riap_ctx_diag(ctx, 0);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "link-unresolved");
    CU_ASSERT_EQUAL(riap_diag_line(d), 9);
    /* the value of <also>'s category on line 9: '      <category
     * id="collaboration"><heading>h</heading><project><name>n</name><also category="' */
    CU_ASSERT_EQUAL(riap_diag_column(d), 95);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "zzz"));
    riap_ctx_free(ctx);
}

static void test_xml_positions_kept(void)
{
    riap_doc *doc = load_example(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* the first plan's element is on line 10 of the example, at column 3 */
    const riap_plan *p = riap_doc_plan(doc, 0);
    CU_ASSERT_EQUAL(p->pos.line, 10);
    CU_ASSERT_EQUAL(p->pos.column, 3);
    CU_ASSERT_EQUAL(p->title_pos.line, 11);
    CU_ASSERT_EQUAL(p->title_pos.column, 5);
    CU_ASSERT_EQUAL(p->period_pos.line, 13);
    const riap_category *c = p->cats[1];
    CU_ASSERT_EQUAL(c->pos.column, 7);
    CU_ASSERT_EQUAL(c->projects[0]->pos.column, 11); /* its <name>, inside <project> */
    CU_ASSERT_TRUE(c->projects[0]->pos.line > c->pos.line);
    CU_ASSERT_EQUAL(p->overview.pos[0].column, 7);
    riap_doc_free(doc);
}

static int host_errors;

static void host_structured(void *user, xmlErrorPtr err)
{
    (void)user;
    (void)err;
    host_errors++;
}

static void host_generic(void *user, const char *fmt, ...)
{
    (void)user;
    (void)fmt;
    host_errors++;
}

/* A host program's own libxml2 error handlers are neither called by the library's parsing nor
 * replaced by it; and the library never lets libxml2 print. */
static void test_xml_host_error_handlers(void)
{
    int marker;
    xmlSetStructuredErrorFunc(&marker, host_structured);
    xmlSetGenericErrorFunc(&marker, host_generic);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    static const char *bad[] = {
        "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><plan></document>",
        "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><x/></document>", "x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        riap_doc *doc = NULL;
        CU_ASSERT_NOT_EQUAL(riap_doc_load_memory(&doc, ctx, bad[i], strlen(bad[i])), RIAP_OK);
        CU_ASSERT_PTR_NOT_NULL(riap_ctx_last_error(ctx));
    }
    /* a text node over libxml2's 10 MB limit: libxml2 used to print this one itself */
    size_t n = 11 * 1024 * 1024;
    char *big = malloc(n + 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    int k = snprintf(big, 200, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><x>");
    memset(big + k, 'x', n);
    memcpy(big + k + n, "</x></document>", 16);
    riap_doc *doc = NULL;
    CU_ASSERT_NOT_EQUAL(riap_doc_load_memory(&doc, ctx, big, strlen(big)), RIAP_OK);
    free(big);
    CU_ASSERT_EQUAL(host_errors, 0);
    CU_ASSERT_PTR_EQUAL(xmlStructuredError, host_structured);
    CU_ASSERT_PTR_EQUAL(xmlStructuredErrorContext, &marker);
    CU_ASSERT_PTR_EQUAL(xmlGenericError, host_generic);
    CU_ASSERT_PTR_EQUAL(xmlGenericErrorContext, &marker);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    riap_ctx_free(ctx);
}

static void test_xml_files(void)
{
    char dir[] = "/tmp/riap-test-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *doc = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/missing.xml", dir);
    CU_ASSERT_EQUAL(riap_doc_load_file(&doc, ctx, path), RIAP_ERR_IO);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "io");
    CU_ASSERT_STRING_EQUAL(riap_diag_file(riap_ctx_last_error(ctx)), path);
    CU_ASSERT_EQUAL(riap_doc_load_file(&doc, ctx, dir), RIAP_ERR_IO);
    /* save atomically, then load it back */
    riap_doc *ex = load_example(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    snprintf(path, sizeof path, "%s/out.xml", dir);
    CU_ASSERT_EQUAL(riap_doc_save_file(ctx, ex, path), RIAP_OK);
    chmod(path, 0640);
    CU_ASSERT_EQUAL(riap_doc_save_file(ctx, ex, path), RIAP_OK);
    struct stat sb;
    CU_ASSERT_EQUAL(stat(path, &sb), 0);
    CU_ASSERT_EQUAL(sb.st_mode & 0777, 0640); /* an existing file keeps its mode */
    CU_ASSERT_EQUAL(riap_doc_load_file(&doc, ctx, path), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, ex));
    CU_ASSERT_STRING_EQUAL(riap_doc_file(doc), path);
    riap_doc_free(doc);
    /* no temporary file is left behind */
    DIR *d = opendir(dir);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) /* temporary files are .NAME */
            entries++;
    closedir(d);
    CU_ASSERT_EQUAL(entries, 1);
    /* a directory that does not exist: an error, and nothing written */
    snprintf(path, sizeof path, "%s/nodir/out.xml", dir);
    CU_ASSERT_EQUAL(riap_doc_save_file(ctx, ex, path), RIAP_ERR_IO);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "io");
    /* a failed save leaves the old file as it was */
    snprintf(path, sizeof path, "%s/out.xml", dir);
    riap_doc *empty = NULL;
    riap_doc_new(&empty);
    CU_ASSERT_EQUAL(riap_doc_save_file(ctx, empty, path), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_load_file(&doc, ctx, path), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, ex));
    riap_doc_free(doc);
    riap_doc_free(empty);
    unlink(path);
    CU_ASSERT_EQUAL(rmdir(dir), 0); /* nothing else was left in it */
    riap_doc_free(ex);
    riap_ctx_free(ctx);
}

static void test_xml_schema_text(void)
{
    size_t len = 0;
    const char *xsd = riap_schema_text(&len);
    CU_ASSERT_TRUE(len > 1000);
    CU_ASSERT_EQUAL(strlen(xsd), len);
    CU_ASSERT_PTR_NOT_NULL(strstr(xsd, "targetNamespace=\"urn:libriap:plan:1\""));
    const char *path = riap_test_src("schema/riap-1.xsd");
    size_t flen;
    char *file = riap_test_read(path, &flen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(flen, len);
    CU_ASSERT_EQUAL(memcmp(file, xsd, len), 0);
    free(file);
}

static void test_xml_alloc_failure_sweep(void)
{
    size_t len;
    const char *xml =
        HEAD DOC_OPEN PLAN_BODY(GOOD_MUNI, "<project><name>n</name></project>") "</document>\n";
    len = strlen(xml);
    int ok = 0;
    for (long n = 0; n < 80; n++) {
        riap_ctx *ctx = NULL;
        riap_ctx_new(&ctx);
        riap__test_alloc_fail_after(n);
        riap_doc *doc = NULL;
        riap_status st = riap_doc_load_memory(&doc, ctx, xml, len);
        CU_ASSERT_TRUE((st == RIAP_OK && doc) || (st == RIAP_ERR_NOMEM && !doc));
        char *out = NULL;
        if (doc && riap_doc_save_memory(&out, NULL, ctx, doc) == RIAP_OK)
            ok++;
        riap__test_alloc_fail_after(-1);
        riap_free(out);
        riap_doc_free(doc);
        riap_ctx_free(ctx);
    }
    CU_ASSERT_TRUE(ok > 0);
}

/* The reader hands the model texts without checking them again (riap__doc_text_check): libxml2
 * must admit exactly what the model's check admits. Every sequence of up to three bytes from a
 * table of leads, continuations and controls, and character references, as the five kinds of
 * text: when the file loads, each text passes riap__text_check and is what the file held. */
static void test_xml_texts_checked_once(void)
{
    static const unsigned char bytes[] = {0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x41, 0x7F, 0x80, 0x85,
                                          0xBE, 0xBF, 0xC2, 0xE3, 0xED, 0xEF, 0xF0, 0xF4, 0xFF};
    static const char *const refs[] = {"&#x1;",    "&#x9;",      "&#x7F;",     "&#x85;",
                                       "&#xD7FF;", "&#xD800;",   "&#xFFFD;",   "&#xFFFE;",
                                       "&#xFFFF;", "&#x10FFFF;", "&#x110000;", "&#0;"};
    size_t nb = sizeof bytes, nr = sizeof refs / sizeof refs[0], loaded = 0, wrong = 0;
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    for (size_t k = 0; k < nb + nb * nb + nb * nb * nb + nr; k++) {
        char text[32] = "a";
        size_t x = k, n = 1;
        if (k >= nb + nb * nb + nb * nb * nb) {
            strcat(text, refs[k - (nb + nb * nb + nb * nb * nb)]);
        } else {
            size_t len = k < nb ? 1 : k < nb + nb * nb ? 2 : 3;
            x -= len == 1 ? 0 : len == 2 ? nb : nb + nb * nb;
            for (size_t i = 0; i < len; i++, x /= nb)
                text[n++] = (char)bytes[x % nb];
            text[n++] = 'z';
            text[n] = '\0';
        }
        char xml[2048];
        snprintf(xml, sizeof xml,
                 HEAD DOC_OPEN
                 "  <plan id=\"a\">\n    <title>%s</title>\n    " GOOD_MUNI "\n"
                 "    <period from=\"2022-04-01\" to=\"2025-03-31\">令和４年度～令和６年度"
                 "</period>\n    <overview><p>%s</p></overview>\n"
                 "    <initiatives scheme=\"tokyo-2022\">\n"
                 "      <category id=\"collaboration\"><heading>%s</heading>"
                 "<description>%s</description><project><name>%s</name></project>"
                 "</category>\n    </initiatives>\n  </plan>\n</document>\n",
                 text, text, text, text, text);
        char want[32]; /* the text with XML's line ends: CR LF and CR alone are LF */
        size_t w = 0;
        for (const char *t = text; *t; t++)
            if (!(t[0] == '\r' && t[1] == '\n'))
                want[w++] = *t == '\r' ? '\n' : *t;
        want[w] = '\0';
        riap_doc *doc = NULL;
        if (riap_doc_load_memory(&doc, ctx, xml, strlen(xml)) != RIAP_OK)
            continue;
        loaded++;
        const riap_plan *p = riap_doc_plan(doc, 0);
        const riap_category *c = p ? riap_plan_category(p, 0) : NULL;
        const riap_project *pr = c ? riap_category_project(c, 0) : NULL;
        const char *got[] = {p ? riap_plan_title(p) : NULL, p ? riap_plan_overview(p, 0) : NULL,
                             c ? riap_category_heading(c) : NULL,
                             c ? riap_category_description(c) : NULL,
                             pr ? riap_project_name(pr) : NULL};
        for (size_t i = 0; i < 5; i++) {
            bool literal = !strchr(text, '&');
            if (!got[i] || riap__text_check(got[i]) != RIAP_OK ||
                (literal && strcmp(got[i], want) != 0)) {
                if (wrong++ < 5) {
                    fprintf(stderr, "\n  text %zu of", i);
                    for (const char *t = text; *t; t++)
                        fprintf(stderr, " %02X", (unsigned char)*t);
                    fprintf(stderr, " came back as \"%s\"\n", got[i] ? got[i] : "(none)");
                }
            }
        }
        riap_doc_free(doc);
    }
    riap_ctx_free(ctx);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_TRUE(loaded > 100); /* plain ASCII, Japanese, tab, line ends and the good refs */
}

/* XML makes CR LF and CR alone one LF before anything is read, in a CDATA section too (libxml2's
 * push parser hands a section on as the input has it): the texts read are the same for LF,
 * CR LF and CR line ends, however the input is cut into pieces. */
static void test_xml_cdata_line_ends(void)
{
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    for (size_t e = 0; e < 3; e++) {
        char body[1200] = "a", xml[3072];
        for (int k = 0; k < 40; k++) { /* long enough for the parser to hand it on in pieces */
            strcat(body, "<![CDATA[");
            for (int j = 0; j < k % 5; j++)
                strcat(body, "あ");
            strcat(body, ends[e]);
            strcat(body, "]]>");
        }
        snprintf(xml, sizeof xml,
                 HEAD DOC_OPEN
                 "  <plan id=\"a\">\n    <title>t</title>\n    " GOOD_MUNI "\n"
                 "    <period from=\"2022-04-01\" to=\"2025-03-31\">令和４年度～令和６年度"
                 "</period>\n    <overview><p>%s</p></overview>\n"
                 "    <initiatives scheme=\"tokyo-2022\">\n"
                 "      <category id=\"collaboration\"><heading>h</heading></category>\n"
                 "    </initiatives>\n  </plan>\n</document>\n",
                 body);
        char want[700] = "a"; /* 40 pieces of at most 12 + 1 bytes */
        for (int k = 0; k < 40; k++) {
            for (int j = 0; j < k % 5; j++)
                strcat(want, "あ");
            strcat(want, "\n");
        }
        riap_doc *doc = NULL;
        CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&doc, ctx, xml, strlen(xml)), RIAP_OK);
        const char *got = riap_plan_overview(riap_doc_plan(doc, 0), 0);
        CU_ASSERT_PTR_NOT_NULL(got);
        if (got && strcmp(got, want) != 0)
            fprintf(stderr, "\n  line end %zu: the text has %zu bytes, %zu wanted\n", e,
                    strlen(got), strlen(want));
        CU_ASSERT_TRUE(got && strcmp(got, want) == 0);
        riap_doc_free(doc);
    }
    riap_ctx_free(ctx);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("xml", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_xml_example_loads);
    ADD_TEST(s, test_xml_example_matches_source);
    ADD_TEST(s, test_xml_example_is_canonical);
    ADD_TEST(s, test_xml_roundtrip_minimal);
    ADD_TEST(s, test_xml_roundtrip_maximal_and_escapes);
    ADD_TEST(s, test_xml_comments_kept);
    ADD_TEST(s, test_xml_save_incomplete);
    ADD_TEST(s, test_xml_rejects_with_positions);
    ADD_TEST(s, test_xml_schema_error_columns);
    ADD_TEST(s, test_xml_positions_kept);
    ADD_TEST(s, test_xml_files);
    ADD_TEST(s, test_xml_host_error_handlers);
    ADD_TEST(s, test_xml_schema_text);
    ADD_TEST(s, test_xml_alloc_failure_sweep);
    ADD_TEST(s, test_xml_texts_checked_once);
    ADD_TEST(s, test_xml_cdata_line_ends);
    return 0;
}
