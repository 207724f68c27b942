/* SPDX-License-Identifier: MIT */
/* Era dates as documents write them, and in running text: the tables of tests/data/era/ (one per
 * section of the grammar: notes, qualifiers, words, spellings) through riap_era_parse(),
 * riap_era_parse_match() and riap_era_find(); the source document's nine dates; a generated
 * prose corpus with known dates (precision and recall). */
#include <riap.h>

#include "era_lex.h"
#include "runner.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static riap_ctx *new_ctx(unsigned opts)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_ctx_set_options(ctx, opts);
    return ctx;
}

/* The result of a parse as the tables write it: START/END, or ERROR:RULE. */
static void result_text(char *buf, size_t size, riap_ctx *ctx, riap_status st,
                        const riap_era_range *r)
{
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        snprintf(buf, size, "ERROR:%s", d ? riap_diag_rule(d) : "?");
        return;
    }
    char *iso = NULL;
    CU_ASSERT_EQUAL(riap_era_range_to_iso(&iso, r), RIAP_OK);
    snprintf(buf, size, "%s", iso ? iso : "?");
    riap_free(iso);
}

/* The warnings of the last call, comma-separated, or "-". */
static void warnings_text(char *buf, size_t size, riap_ctx *ctx)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
        const riap_diag *d = riap_ctx_diag(ctx, i);
        if (riap_diag_severity(d) != RIAP_SEVERITY_WARNING)
            continue;
        n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", riap_diag_rule(d));
    }
    if (!n)
        snprintf(buf, size, "-");
}

/* The value of key=VALUE in an extras field ("label=計画期間;noscan"), or NULL. */
static const char *extra(const char *extras, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    for (const char *p = extras; p && *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= kl && !strncmp(p, key, kl) && (len == kl || p[kl] == '=')) {
            size_t vl = len > kl ? len - kl - 1 : 0;
            snprintf(buf, size, "%.*s", (int)vl, len > kl ? p + kl + 1 : "");
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

static unsigned failures;

#define CHECK_EQ(what, got, want, input)                                                           \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            fprintf(stderr, "\n  %s: %s: got %s, want %s", (input), (what), (got), (want));        \
            failures++;                                                                            \
        }                                                                                          \
        CU_ASSERT_STRING_EQUAL((got), (want));                                                     \
    } while (0)

/* One row: input, mode, expected, warnings, extras. */
static void run_row(char *f[5], riap_era_match *m)
{
    bool strict = !strcmp(f[1], "strict");
    riap_ctx *ctx = new_ctx(strict ? RIAP_OPT_STRICT : 0);
    char got[128], warn[256], buf[256];
    riap_era_range r;
    size_t len = strlen(f[0]);

    /* riap_era_parse */
    riap_status st = riap_era_parse(&r, ctx, f[0], len);
    result_text(got, sizeof got, ctx, st, &r);
    CHECK_EQ("range", got, f[2], f[0]);
    if (st == RIAP_OK) {
        warnings_text(warn, sizeof warn, ctx);
        CHECK_EQ("warnings", warn, f[3], f[0]);
        /* the range's warning bits say the same as the diagnostics: some, or none */
        CHECK_EQ("warning bits", r.warnings ? "some" : "none", strcmp(f[3], "-") ? "some" : "none",
                 f[0]);
    }

    /* riap_era_parse_match: the same, and what it read beside the range */
    riap_status st2 = riap_era_parse_match(m, ctx, f[0], len);
    CU_ASSERT_EQUAL(st2, st);
    if (st2 == RIAP_OK) {
        riap_era_range r2;
        CU_ASSERT_EQUAL(riap_era_match_range(m, &r2), RIAP_OK);
        CU_ASSERT_EQUAL(memcmp(&r, &r2, sizeof r), 0);
        const char *want_label = extra(f[4], "label", buf, sizeof buf);
        const char *label = riap_era_match_label(m);
        CHECK_EQ("label", label ? label : "(none)", want_label ? want_label : "(none)", f[0]);
        const char *want_remark = extra(f[4], "remark", buf, sizeof buf);
        const char *remark = riap_era_match_remark(m);
        CHECK_EQ("remark", remark ? remark : "(none)", want_remark ? want_remark : "(none)", f[0]);
        bool approx = riap_era_match_flags(m) & RIAP_ERA_MATCH_APPROXIMATE;
        CHECK_EQ("approximate", approx ? "yes" : "no",
                 extra(f[4], "approximate", buf, sizeof buf) ? "yes" : "no", f[0]);
        const char *times = extra(f[4], "times", buf, sizeof buf);
        if (times) {
            char t[64];
            int32_t ts = riap_era_match_start_time(m), te = riap_era_match_end_time(m);
            int n = ts < 0 ? snprintf(t, sizeof t, "-")
                           : snprintf(t, sizeof t, "%d:%02d:%02d", (int)(ts / 3600),
                                      (int)(ts / 60 % 60), (int)(ts % 60));
            if (te < 0)
                snprintf(t + n, sizeof t - (size_t)n, "/-");
            else
                snprintf(t + n, sizeof t - (size_t)n, "/%d:%02d:%02d", (int)(te / 3600),
                         (int)(te / 60 % 60), (int)(te % 60));
            CHECK_EQ("times", t, times, f[0]);
        }
        const char *gran = extra(f[4], "gran", buf, sizeof buf);
        if (gran) {
            char g[64];
            snprintf(g, sizeof g, "%s/%s",
                     riap_granularity_name((riap_granularity)r.start_granularity),
                     riap_granularity_name((riap_granularity)r.end_granularity));
            CHECK_EQ("granularity", g, gran, f[0]);
        }
        /* a closed range formats back to text that parses to the same days */
        if (r.start_granularity && r.end_granularity) {
            char *text = NULL;
            riap_status fs = riap_era_format_range(&text, ctx, &r, 0);
            if (fs != RIAP_OK)
                fprintf(stderr, "\n  %s: formatting failed: %s", f[0],
                        riap_diag_message(riap_ctx_last_error(ctx)));
            CU_ASSERT_EQUAL(fs, RIAP_OK);
            if (fs == RIAP_OK) {
                riap_era_range back;
                riap_status bs = riap_era_parse(&back, ctx, text, strlen(text));
                CU_ASSERT_EQUAL(bs, RIAP_OK);
                if (bs == RIAP_OK) {
                    bool same = !riap_date_compare(&back.start, &r.start) &&
                                !riap_date_compare(&back.end, &r.end);
                    if (!same)
                        fprintf(stderr, "\n  %s: formatted as %s, which reads otherwise", f[0],
                                text);
                    CU_ASSERT_TRUE(same);
                }
            }
            riap_free(text);
        }
    }

    /* riap_era_find: the expression alone on a line of prose is found whole, with the same
     * result (labels and brackets are not part of a match) */
    if (!extra(f[4], "noscan", buf, sizeof buf)) {
        char prose[1024];
        int pre = snprintf(prose, sizeof prose, "本計画の期間は、%s", f[0]);
        snprintf(prose + pre, sizeof prose - (size_t)pre, "\nとする。");
        CU_ASSERT_EQUAL(riap_era_find(m, ctx, prose, strlen(prose), 0), RIAP_OK);
        CU_ASSERT_EQUAL(riap_era_match_found(m), 1);
        if (riap_era_match_found(m)) {
            CU_ASSERT_EQUAL(riap_era_match_offset(m), (size_t)pre - len);
            if (riap_era_match_length(m) != len)
                fprintf(stderr, "\n  %s: found %zu bytes of %zu", f[0], riap_era_match_length(m),
                        len);
            CU_ASSERT_EQUAL(riap_era_match_length(m), len);
            riap_era_range fr;
            riap_status fst = riap_era_match_status(m);
            if (fst == RIAP_OK)
                CU_ASSERT_EQUAL(riap_era_match_range(m, &fr), RIAP_OK);
            result_text(got, sizeof got, ctx, fst, &fr);
            CHECK_EQ("found", got, f[2], f[0]);
        }
    }
    riap_ctx_free(ctx);
}

static unsigned run_table(const char *name)
{
    size_t len;
    char *data = riap_test_read(riap_test_path(name), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    unsigned rows = 0;
    char *save = NULL;
    int lineno = 0;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (lineno++ == 0 || line[0] == '#')
            continue;
        char *f[5];
        int nf = 0;
        for (char *p = line; nf < 5; nf++) {
            f[nf] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                nf++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        CU_ASSERT_EQUAL_FATAL(nf, 5);
        run_row(f, m);
        rows++;
    }
    riap_era_match_free(m);
    free(data);
    return rows;
}

static void test_era_docs_notes(void)
{
    CU_ASSERT_TRUE(run_table("era/notes.tsv") >= 50);
}

static void test_era_docs_qualifiers(void)
{
    CU_ASSERT_TRUE(run_table("era/qualifiers.tsv") >= 30);
}

static void test_era_docs_words(void)
{
    CU_ASSERT_TRUE(run_table("era/words.tsv") >= 25);
}

static void test_era_docs_spellings(void)
{
    CU_ASSERT_TRUE(run_table("era/spellings.tsv") >= 18);
}

static void test_era_docs_times(void)
{
    CU_ASSERT_TRUE(run_table("era/times.tsv") >= 30);
}

static void test_era_docs_lists(void)
{
    CU_ASSERT_TRUE(run_table("era/lists.tsv") >= 15);
}

static void test_era_docs_references(void)
{
    CU_ASSERT_TRUE(run_table("era/references.tsv") >= 25);
}

/* Every match of riap_era_find over a text, as "TEXT=RESULT" lines. */
static char *find_all(riap_ctx *ctx, const char *text, size_t len, unsigned *count)
{
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    size_t cap = 4096, n = 0, at = 0, last_end = 0;
    char *out = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    out[0] = '\0';
    *count = 0;
    while (riap_era_find(m, ctx, text, len, at) == RIAP_OK && riap_era_match_found(m)) {
        size_t off = riap_era_match_offset(m), ml = riap_era_match_length(m);
        CU_ASSERT_TRUE(off >= at && off >= last_end && ml > 0 && off + ml <= len);
        char res[128];
        riap_era_range r;
        riap_status st = riap_era_match_status(m);
        if (st == RIAP_OK)
            riap_era_match_range(m, &r);
        result_text(res, sizeof res, ctx, st, &r);
        if (n + ml + sizeof res + 4 > cap) {
            cap = 2 * (cap + ml + sizeof res);
            out = realloc(out, cap);
            CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        }
        n += (size_t)snprintf(out + n, cap - n, "%.*s=%s\n", (int)ml, text + off, res);
        (*count)++;
        at = last_end = off + ml;
    }
    riap_era_match_free(m);
    return out;
}

/* References and lists in running text: read against the paragraph's last date, flagged. */
static void test_era_find_context(void)
{
    riap_ctx *ctx = new_ctx(RIAP_OPT_STRICT);
    const char *text =
        "令和5年4月に着手し、同年10月に完了した。翌年度から運用し、翌々年度末に見直す。\n"
        "説明会は令和6年10月5日(土)・6日(日)、令和7年4月1日及び5月1日、"
        "令和6年12月30日、31日、翌月10日。\n"
        "\n"
        "翌年度からの予定は別の段落にあり、同年にも日付はない。\n"
        "令和8年1月1日（木）・2日（土）";
    unsigned count;
    char *got = find_all(ctx, text, strlen(text), &count);
    const char *want = "令和5年4月=2023-04-01/2023-04-30\n"
                       "同年10月=2023-10-01/2023-10-31\n"
                       "翌年度から=2024-04-01/..\n"
                       "翌々年度末=2027-03-31/2027-03-31\n"
                       "令和6年10月5日(土)=2024-10-05/2024-10-05\n"
                       "6日(日)=2024-10-06/2024-10-06\n"
                       "令和7年4月1日=2025-04-01/2025-04-01\n"
                       "5月1日=2025-05-01/2025-05-01\n"
                       "令和6年12月30日=2024-12-30/2024-12-30\n"
                       "31日=2024-12-31/2024-12-31\n"
                       "翌月10日=2025-01-10/2025-01-10\n"
                       "令和8年1月1日（木）=2026-01-01/2026-01-01\n"
                       "2日（土）=ERROR:weekday-mismatch\n";
    if (strcmp(got, want))
        fprintf(stderr, "\n  got:\n%s", got);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    riap_ctx_free(ctx);
    ctx = new_ctx(0);
    got = find_all(ctx, text, strlen(text), &count);
    /* lenient: the wrong weekday is a warning; the flag says which dates were read in context */
    /* a range read against the date before (同年4月～6月), and a list's later range: the right
     * side carries what the left one resolved to */
    const char *ranges = "令和7年1月1日に開始し、同年4月～6月に試行。説明会は令和7年10月4日～5日、"
                         "11日～12日及び11月1日～2日。";
    riap_ctx *c2 = new_ctx(0);
    char *got2 = find_all(c2, ranges, strlen(ranges), &count);
    const char *want2 = "令和7年1月1日=2025-01-01/2025-01-01\n"
                        "同年4月～6月=2025-04-01/2025-06-30\n"
                        "令和7年10月4日～5日=2025-10-04/2025-10-05\n"
                        "11日～12日=2025-10-11/2025-10-12\n"
                        "11月1日～2日=2025-11-01/2025-11-02\n";
    if (strcmp(got2, want2))
        fprintf(stderr, "\n  got:\n%s", got2);
    CU_ASSERT_STRING_EQUAL(got2, want2);
    free(got2);
    riap_ctx_free(c2);
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    unsigned in_context = 0, n = 0;
    for (size_t at = 0;
         riap_era_find(m, ctx, text, strlen(text), at) == RIAP_OK && riap_era_match_found(m);
         at = riap_era_match_offset(m) + riap_era_match_length(m), n++)
        in_context += (riap_era_match_flags(m) & RIAP_ERA_MATCH_CONTEXT) != 0;
    CU_ASSERT_EQUAL(n, 13);
    CU_ASSERT_EQUAL(in_context, 8);
    /* a reference with no date before it in its paragraph is no match; alone it is an error */
    const char *lone = "翌年度から実施する。同年中に。";
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, lone, strlen(lone), 0), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_found(m), 0);
    riap_era_range r;
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "翌年度から", strlen("翌年度から")), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "unanchored-reference");
    /* the date before is the text's, not the last call's: a call that jumps, a fresh match
     * object, another copy of the text and an edited buffer read the paragraph again */
    const char *t = "令和5年4月1日、令和6年2月1日、同年10月";
    size_t at = (size_t)(strstr(t, "同年") - t);
    riap_era_range r2;
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, t, strlen(t), 0), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, t, strlen(t), at), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_range(m, &r2), RIAP_OK);
    CU_ASSERT_EQUAL(r2.start.year, 2024);
    char buf[128];
    strcpy(buf, "令和9年4月1日、同年10月");
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, buf, strlen(buf), 0), RIAP_OK);
    size_t next = riap_era_match_offset(m) + riap_era_match_length(m);
    memcpy(strstr(buf, "9"), "8", 1);
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, buf, strlen(buf), next), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_range(m, &r2), RIAP_OK);
    CU_ASSERT_EQUAL(r2.start.year, 2026);
    const char *l = "令和6年10月5日・6日";
    CU_ASSERT_EQUAL(riap_era_parse_match(m, ctx, "令和4年", strlen("令和4年")), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, l, strlen(l), (size_t)(strstr(l, "・") - l)), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_found(m), 1);
    CU_ASSERT_EQUAL(riap_era_match_range(m, &r2), RIAP_OK);
    CU_ASSERT_EQUAL(r2.start.day, 6);
    riap_era_match_free(m);
    free(got);
    riap_ctx_free(ctx);
}

static void test_era_find_source_document(void)
{
    size_t len;
    char *text = riap_test_read(riap_test_path("source/tokyo-2022-summary.txt"), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    riap_ctx *ctx = new_ctx(0);
    unsigned count;
    char *got = find_all(ctx, text, len, &count);
    const char *want = "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "昭和 45 年=1970-01-01/1970-12-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "2020 年度=2020-04-01/2021-03-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n"
                       "令和４年度～令和６年度=2022-04-01/2025-03-31\n";
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n  found:\n%s", got);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(count, 9);
    free(got);
    riap_ctx_free(ctx);
    free(text);
}

/* Prose that holds era names, numbers and words that are no dates. */
static const char *const filler[] = {
    "本市では地域の中小企業を支援しており、",
    "平成の大合併により市域が広がった。",
    "令和の時代にふさわしい産業を育てる。",
    "第3期の計画では、",
    "売上高は2022件の取引で、",
    "最大3.5倍の伸びを見込む。",
    "R4の目標値を上回った。",
    "事業者数は1,234社、従業者数は45,678人である。",
    "大正時代から続く老舗が多い。",
    "昭和の町並みを生かした観光を進める。",
    "ものづくり産業の振興を図るため、",
    "年度ごとに成果を検証し、",
    "月に一度、協議会を開く。",
    "2022 は記念の年であった。",
    "地域資源（農産物・水産物）を活用し、",
    "金属加工と木工の技術を結び、",
    "12月の商談会は中止となった。",
};

/* Dates inserted into the prose, each with its result. */
static const struct {
    const char *text, *result;
} inserted[] = {
    {"令和4年度", "2022-04-01/2023-03-31"},
    {"令和４年度～令和６年度", "2022-04-01/2025-03-31"},
    {"平成30年4月1日", "2018-04-01/2018-04-01"},
    {"2020年度", "2020-04-01/2021-03-31"},
    {"令和5年7月上旬", "2023-07-01/2023-07-10"},
    {"昭和45年", "1970-01-01/1970-12-31"},
    {"令和3年度から令和7年度までの5年間", "2021-04-01/2026-03-31"},
    {"R5.4", "2023-04-01/2023-04-30"},
    {"令和6年3月末", "2024-03-31/2024-03-31"},
    {"令和4年4月1日（金）", "2022-04-01/2022-04-01"},
    {"2019年（令和元年）", "2019-01-01/2019-12-31"},
    {"令和4年度以降", "2022-04-01/.."},
    {"令和2年2月30日", "ERROR:invalid-day"},
    {"令和4年4月1日（木）", "2022-04-01/2022-04-01"},
    {"平成元年", "1989-01-08/1989-12-31"},
};

static void test_era_find_generated_prose(void)
{
    /* 2,000 sentences; after every third filler, one date and a sentence end */
    size_t cap = 1 << 20, n = 0;
    char *text = malloc(cap), *want = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    size_t wn = 0;
    unsigned dates = 0;
    uint32_t rng = 12345;
    for (int i = 0; i < 2000; i++) {
        rng = rng * 1103515245u + 12345u;
        const char *f = filler[(rng >> 8) % (sizeof filler / sizeof filler[0])];
        n += (size_t)snprintf(text + n, cap - n, "%s", f);
        if (i % 3 == 2) {
            size_t k = (rng >> 16) % (sizeof inserted / sizeof inserted[0]);
            n += (size_t)snprintf(text + n, cap - n, "%sに実施した。\n", inserted[k].text);
            wn += (size_t)snprintf(want + wn, cap - wn, "%s=%s\n", inserted[k].text,
                                   inserted[k].result);
            dates++;
        }
    }
    riap_ctx *ctx = new_ctx(0);
    unsigned count;
    char *got = find_all(ctx, text, n, &count);
    CU_ASSERT_EQUAL(count, dates);
    if (strcmp(got, want) != 0) {
        /* print the first difference */
        size_t i = 0;
        while (got[i] && got[i] == want[i])
            i++;
        size_t back = i;
        while (back > 0 && got[back - 1] != '\n')
            back--;
        fprintf(stderr, "\n  first difference: got '%.80s', want '%.80s'", got + back, want + back);
    }
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    riap_ctx_free(ctx);
    free(text);
    free(want);
}

/* riap_era_find on text that is no date, broken UTF-8 and odd offsets. */
static void test_era_find_edges(void)
{
    riap_ctx *ctx = new_ctx(0);
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, "", 0, 0), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_found(m), 0);
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, "abc", 3, 4), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_era_find(NULL, ctx, "abc", 3, 0), RIAP_ERR_ARG);
    static const char *const none[] = {
        "平成",       "令和の時代", "R4",     "2022",         "第3期",   "12345年",     "最大3.5倍",
        "令和",       "H2O",        "1.5.3",  "M5.0の地震",   "2022-13", "R5.2.30まで", "明治大学",
        "M6.5の地震", "角はR2.5mm", "H2.5cm", "version r8.8", "R5.4%",   "2.5倍",       "ABS3/5",
        "翌月曜日に", "同年代の",   "本年度", "来年度"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        CU_ASSERT_EQUAL(riap_era_find(m, ctx, none[i], strlen(none[i]), 0), RIAP_OK);
        if (riap_era_match_found(m))
            fprintf(stderr, "\n  '%s' was found", none[i]);
        CU_ASSERT_EQUAL(riap_era_match_found(m), 0);
    }
    /* ill-formed UTF-8 around a date: the date is still found */
    const char bad[] = "\xff\xfe令和4年度\xc0\xaf";
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, bad, sizeof bad - 1, 0), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_found(m), 1);
    CU_ASSERT_EQUAL(riap_era_match_offset(m), 2);
    CU_ASSERT_EQUAL(riap_era_match_length(m), strlen("令和4年度"));
    /* dates written back to back are each found, a number after one is not taken as the
     * start of a range that never comes */
    unsigned count;
    char *got = find_all(ctx, "2021年2022年度令和4年4月1日1日",
                         strlen("2021年2022年度令和4年4月1日1日"), &count);
    CU_ASSERT_STRING_EQUAL(got, "2021年=2021-01-01/2021-12-31\n2022年度=2022-04-01/2023-03-31\n"
                                "令和4年4月1日=2022-04-01/2022-04-01\n");
    free(got);
    /* from inside a date: the rest is not a date by itself */
    const char *t = "令和4年度";
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, t, strlen(t), 3), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_found(m), 0);
    /* a wrong date's diagnostic names its line and column in the whole text */
    const char *two = "一行目\n二行目の令和4年2月30日";
    CU_ASSERT_EQUAL(riap_era_find(m, ctx, two, strlen(two), 0), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_match_status(m), RIAP_ERR_ERA);
    const riap_diag *d = riap_ctx_last_error(ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "invalid-day");
    CU_ASSERT_EQUAL(riap_diag_line(d), 2);
    CU_ASSERT_EQUAL(riap_diag_column(d), 11);
    riap_era_match_free(m);
    riap_ctx_free(ctx);
}

/* What fuzz/fuzz_era_find checks, on one input (its first byte: bit 0 strict, bit 1 Japanese):
 * riap_era_parse_match agrees with riap_era_parse; every match of riap_era_find lies inside
 * the text, in order, and parses alone to the same status and range. */
static void check_find_invariants(const unsigned char *data, size_t size, const char *name)
{
    riap_ctx *ctx = new_ctx(size && (data[0] & 1) ? RIAP_OPT_STRICT : 0);
    if (size && (data[0] & 2))
        riap_ctx_set_options(ctx, riap_ctx_options(ctx) | RIAP_OPT_LANG_JA);
    if (size) {
        data++;
        size--;
    }
    const char *text = (const char *)data;
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    riap_era_range a, b;
    riap_status sa = riap_era_parse(&a, ctx, text, size);
    CU_ASSERT_EQUAL(riap_era_parse_match(m, ctx, text, size), sa);
    if (sa == RIAP_OK) {
        CU_ASSERT_EQUAL(riap_era_match_range(m, &b), RIAP_OK);
        CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof a), 0);
    }
    size_t at = 0;
    while (riap_era_find(m, ctx, text, size, at) == RIAP_OK && riap_era_match_found(m)) {
        size_t off = riap_era_match_offset(m), len = riap_era_match_length(m);
        CU_ASSERT_TRUE_FATAL(len > 0 && off >= at && off + len <= size);
        riap_status st = riap_era_match_status(m);
        riap_era_range found, alone;
        if (st == RIAP_OK)
            CU_ASSERT_EQUAL(riap_era_match_range(m, &found), RIAP_OK);
        riap_status s2 = riap_era_parse(&alone, ctx, text + off, len);
        if (len > RIAP_ERA_MAX_INPUT) { /* longer than an expression riap_era_parse reads */
            CU_ASSERT_EQUAL(s2, RIAP_ERR_LIMIT);
            at = off + len;
            continue;
        }
        if (riap_era_match_flags(m) & RIAP_ERA_MATCH_CONTEXT) {
            /* read against the date before it: alone, no date */
            CU_ASSERT_NOT_EQUAL(s2, RIAP_OK);
            at = off + len;
            continue;
        }
        if (s2 != st || (st == RIAP_OK && memcmp(&found.start, &alone.start, sizeof found.start)) ||
            (st == RIAP_OK && memcmp(&found.end, &alone.end, sizeof found.end)))
            fprintf(stderr, "\n  %s: the match at %zu+%zu reads otherwise alone", name, off, len);
        CU_ASSERT_EQUAL(s2, st);
        if (st == RIAP_OK && s2 == RIAP_OK) {
            CU_ASSERT_EQUAL(memcmp(&found.start, &alone.start, sizeof found.start), 0);
            CU_ASSERT_EQUAL(memcmp(&found.end, &alone.end, sizeof found.end), 0);
        }
        at = off + len;
    }
    riap_era_match_free(m);
    riap_ctx_free(ctx);
}

/* The fuzzer's findings (tests/data/fuzz/era_find), replayed. */
static void test_era_find_fuzz_findings(void)
{
    const char *dir = riap_test_path("fuzz/era_find");
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = riap_test_read(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(data);
        check_find_invariants((const unsigned char *)data, len, e->d_name);
        free(data);
        n++;
    }
    closedir(d);
    CU_ASSERT_TRUE(n >= 1);
}

/* The vocabulary table is in the order its lookup relies on. */
static void test_era_vocabulary_table(void)
{
    CU_ASSERT_EQUAL(riap__test_era_vocabulary_check(), 0);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("era in documents", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_era_docs_notes);
    ADD_TEST(s, test_era_docs_qualifiers);
    ADD_TEST(s, test_era_docs_words);
    ADD_TEST(s, test_era_docs_spellings);
    ADD_TEST(s, test_era_docs_references);
    ADD_TEST(s, test_era_docs_times);
    ADD_TEST(s, test_era_docs_lists);
    ADD_TEST(s, test_era_find_source_document);
    ADD_TEST(s, test_era_find_generated_prose);
    ADD_TEST(s, test_era_find_edges);
    ADD_TEST(s, test_era_find_context);
    ADD_TEST(s, test_era_vocabulary_table);
    ADD_TEST(s, test_era_find_fuzz_findings);
    return 0;
}
