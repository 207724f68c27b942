/* SPDX-License-Identifier: MIT */
/* era: parsing and formatting era expressions, against the spec and the conformance tables. */
#include "runner.h"

#include "core_int.h"
#include "era_int.h"
#include "riap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses text; returns "START/END" (static buffer) or "ERROR:rule". */
static const char *iso_of(riap_ctx *ctx, const char *text)
{
    static char buf[256];
    riap_era_range r;
    riap_status st = riap_era_parse(&r, ctx, text, strlen(text));
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        snprintf(buf, sizeof buf, "ERROR:%s", d ? riap_diag_rule(d) : "?");
        return buf;
    }
    char *iso = NULL;
    if (riap_era_range_to_iso(&iso, &r) != RIAP_OK)
        return "TO-ISO-FAILED";
    snprintf(buf, sizeof buf, "%s", iso);
    riap_free(iso);
    return buf;
}

static riap_ctx *new_ctx(unsigned int options)
{
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return NULL;
    riap_ctx_set_options(ctx, options);
    return ctx;
}

static const char *warning_of(riap_ctx *ctx)
{
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
        const riap_diag *d = riap_ctx_diag(ctx, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_WARNING)
            return riap_diag_rule(d);
    }
    return "";
}

#define EXPECT_ISO(ctx, text, want)                                                                \
    do {                                                                                           \
        const char *got_ = iso_of((ctx), (text));                                                  \
        if (strcmp(got_, (want)) != 0)                                                             \
            fprintf(stderr, "\n  %s: got %s, want %s\n", (text), got_, (want));                    \
        CU_ASSERT_STRING_EQUAL(got_, (want));                                                      \
    } while (0)

/* Runs every row of a conformance table "input<TAB>expected<TAB>warning". */
static void run_conformance(const char *path, unsigned *rows)
{
    size_t len;
    char *data = riap_test_read(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    riap_ctx *ctx = new_ctx(0), *strict = new_ctx(RIAP_OPT_STRICT);
    char *save = NULL;
    int lineno = 0;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (lineno++ == 0)
            continue; /* header */
        char *input = line, *tab = strchr(line, '\t');
        CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
        *tab = '\0';
        char *expected = tab + 1, *warning = strchr(expected, '\t');
        if (warning)
            *warning++ = '\0';
        else
            warning = "";
        const char *got = iso_of(ctx, input);
        if (strcmp(expected, "ERROR") == 0) {
            CU_ASSERT_EQUAL(strncmp(got, "ERROR:", 6), 0);
            if (strncmp(got, "ERROR:", 6) != 0)
                fprintf(stderr, "\n  row %d '%s': got %s, want an error\n", lineno, input, got);
        } else {
            if (strcmp(got, expected) != 0)
                fprintf(stderr, "\n  row %d '%s': got %s, want %s\n", lineno, input, got, expected);
            CU_ASSERT_STRING_EQUAL(got, expected);
            CU_ASSERT_STRING_EQUAL(warning_of(ctx), warning);
            /* strict mode turns exactly the warnings into errors */
            const char *sg = iso_of(strict, input);
            if (*warning) {
                char want[64];
                snprintf(want, sizeof want, "ERROR:%s", warning);
                CU_ASSERT_STRING_EQUAL(sg, want);
            } else {
                CU_ASSERT_STRING_EQUAL(sg, expected);
            }
        }
        (*rows)++;
    }
    riap_ctx_free(ctx);
    riap_ctx_free(strict);
    free(data);
}

static void test_era_conformance_examples(void)
{
    unsigned rows = 0;
    run_conformance(riap_test_path("conformance/era-examples.tsv"), &rows);
    CU_ASSERT_EQUAL(rows, 41);
    /* the shared copy, when CI has it beside the checkout, may hold newer rows */
    const char *shared = getenv("RIAP_SHARED_CONFORMANCE");
    if (shared && *shared) {
        char path[4096];
        snprintf(path, sizeof path, "%s/era-examples.tsv", shared);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            unsigned more = 0;
            run_conformance(path, &more);
            CU_ASSERT_TRUE(more >= 41);
        }
    }
}

static void run_format_conformance(const char *path, unsigned *rows)
{
    size_t len;
    char *data = riap_test_read(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    riap_ctx *ctx = new_ctx(0);
    char *save = NULL;
    int lineno = 0;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (lineno++ == 0)
            continue;
        char *tab = strchr(line, '\t');
        CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
        *tab = '\0';
        const char *expected = tab + 1;
        riap_date d;
        CU_ASSERT_EQUAL_FATAL(riap_date_parse_iso(&d, ctx, line, strlen(line)), RIAP_OK);
        char *text = NULL;
        riap_status st = riap_era_format_day(&text, ctx, &d, 0);
        if (strcmp(expected, "ERROR") == 0) {
            CU_ASSERT_EQUAL(st, RIAP_ERR_ERA);
            CU_ASSERT_PTR_NULL(text);
            CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "before-gregorian");
        } else {
            CU_ASSERT_EQUAL(st, RIAP_OK);
            CU_ASSERT_PTR_NOT_NULL_FATAL(text);
            CU_ASSERT_STRING_EQUAL(text, expected);
            /* and back */
            char want[32];
            snprintf(want, sizeof want, "%s/%s", line, line);
            EXPECT_ISO(ctx, text, want);
        }
        riap_free(text);
        (*rows)++;
    }
    riap_ctx_free(ctx);
    free(data);
}

static void test_era_conformance_format(void)
{
    unsigned rows = 0;
    run_format_conformance(riap_test_path("conformance/era-format-examples.tsv"), &rows);
    CU_ASSERT_EQUAL(rows, 8);
    const char *shared = getenv("RIAP_SHARED_CONFORMANCE");
    if (shared && *shared) {
        char path[4096];
        snprintf(path, sizeof path, "%s/era-format-examples.tsv", shared);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            unsigned more = 0;
            run_format_conformance(path, &more);
            CU_ASSERT_TRUE(more >= 8);
        }
    }
}

static void test_era_granularities(void)
{
    riap_ctx *ctx = new_ctx(0);
    riap_era_range r;
    CU_ASSERT_EQUAL_FATAL(riap_era_parse(&r, ctx, "令和4年度", strlen("令和4年度")), RIAP_OK);
    CU_ASSERT_EQUAL(r.start_granularity, RIAP_GRANULARITY_FISCAL_YEAR);
    CU_ASSERT_EQUAL(r.end_granularity, RIAP_GRANULARITY_FISCAL_YEAR);
    CU_ASSERT_EQUAL(r.start_era, RIAP_ERA_REIWA);
    CU_ASSERT_EQUAL(r.end_era, RIAP_ERA_REIWA);
    CU_ASSERT_EQUAL(r.warnings, 0);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "2022年4月", strlen("2022年4月")), RIAP_OK);
    CU_ASSERT_EQUAL(r.start_granularity, RIAP_GRANULARITY_MONTH);
    CU_ASSERT_EQUAL(r.start_era, RIAP_ERA_GREGORIAN);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4年度～", strlen("令和4年度～")), RIAP_OK);
    CU_ASSERT_EQUAL(r.end_granularity, RIAP_GRANULARITY_NONE);
    CU_ASSERT_EQUAL(r.end_era, RIAP_ERA_OPEN);
    CU_ASSERT_EQUAL(r.end.year, 0);
    CU_ASSERT_EQUAL(
        riap_era_parse(&r, ctx, "昭和64年1月～平成元年2月", strlen("昭和64年1月～平成元年2月")),
        RIAP_OK);
    CU_ASSERT_EQUAL(r.start_era, RIAP_ERA_SHOWA);
    CU_ASSERT_EQUAL(r.end_era, RIAP_ERA_HEISEI);
    CU_ASSERT_EQUAL(r.start.day, 1);
    CU_ASSERT_EQUAL(r.end.month, 2);
    CU_ASSERT_EQUAL(r.end.day, 28);
    /* the era carries to the right: the right end was written in 令和 */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4～6年度", strlen("令和4～6年度")), RIAP_OK);
    CU_ASSERT_EQUAL(r.end_era, RIAP_ERA_REIWA);
    CU_ASSERT_EQUAL(r.start_granularity, RIAP_GRANULARITY_FISCAL_YEAR);
    riap_ctx_free(ctx);
}

static void test_era_clipping(void)
{
    riap_ctx *ctx = new_ctx(0);
    EXPECT_ISO(ctx, "令和元年", "2019-05-01/2019-12-31");
    EXPECT_ISO(ctx, "平成31年", "2019-01-01/2019-04-30");
    EXPECT_ISO(ctx, "昭和64年", "1989-01-01/1989-01-07");
    EXPECT_ISO(ctx, "平成元年", "1989-01-08/1989-12-31");
    EXPECT_ISO(ctx, "平成元年1月", "1989-01-08/1989-01-31");
    EXPECT_ISO(ctx, "大正元年", "1912-07-30/1912-12-31");
    EXPECT_ISO(ctx, "明治45年", "1912-01-01/1912-07-29");
    EXPECT_ISO(ctx, "昭和元年", "1926-12-25/1926-12-31");
    EXPECT_ISO(ctx, "大正15年", "1926-01-01/1926-12-24");
    EXPECT_ISO(ctx, "令和元年5月", "2019-05-01/2019-05-31");
    EXPECT_ISO(ctx, "平成31年4月", "2019-04-01/2019-04-30");
    /* fiscal years are never clipped */
    EXPECT_ISO(ctx, "昭和63年度", "1988-04-01/1989-03-31");
    EXPECT_ISO(ctx, "平成元年度", "1989-04-01/1990-03-31");
    EXPECT_ISO(ctx, "大正15年度", "1926-04-01/1927-03-31");
    EXPECT_ISO(ctx, "昭和元年度", "1926-04-01/1927-03-31");
    riap_ctx_free(ctx);
}

static void test_era_out_of_era(void)
{
    riap_ctx *ctx = new_ctx(0), *strict = new_ctx(RIAP_OPT_STRICT);
    static const char *cases[][2] = {
        {"平成32年度", "2020-04-01/2021-03-31"},      {"平成31年5月1日", "2019-05-01/2019-05-01"},
        {"令和元年4月30日", "2019-04-30/2019-04-30"}, {"大正15年12月25日", "1926-12-25/1926-12-25"},
        {"昭和64年度", "1989-04-01/1990-03-31"},      {"平成31年5月", "2019-05-01/2019-05-31"},
        {"平成32年", "2020-01-01/2020-12-31"},        {"令和元年4月", "2019-04-01/2019-04-30"},
        {"昭和64年2月", "1989-02-01/1989-02-28"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXPECT_ISO(ctx, cases[i][0], cases[i][1]);
        CU_ASSERT_STRING_EQUAL(warning_of(ctx), "out-of-era");
        CU_ASSERT_PTR_NULL(riap_ctx_last_error(ctx));
        riap_era_range r;
        CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, cases[i][0], strlen(cases[i][0])), RIAP_OK);
        CU_ASSERT_EQUAL(r.warnings, RIAP_ERA_WARN_OUT_OF_ERA);
        EXPECT_ISO(strict, cases[i][0], "ERROR:out-of-era");
        const riap_diag *d = riap_ctx_last_error(strict);
        CU_ASSERT_EQUAL(riap_diag_severity(d), RIAP_SEVERITY_ERROR);
        CU_ASSERT_EQUAL(riap_diag_offset(d), 0);
        CU_ASSERT_EQUAL(riap_diag_column(d), 1);
    }
    /* sharing one day with the era is enough */
    static const char *fine[] = {"平成31年度",     "令和元年度",       "昭和63年度",
                                 "昭和64年1月7日", "平成元年1月8日",   "平成31年4月30日",
                                 "令和元年5月1日", "大正15年12月24日", "昭和元年12月25日"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        CU_ASSERT_NOT_EQUAL(strncmp(iso_of(strict, fine[i]), "ERROR", 5), 0);
        CU_ASSERT_EQUAL(riap_ctx_diag_count(strict), 0);
    }
    /* a warning in a range, on the right end */
    EXPECT_ISO(ctx, "平成30年度～平成32年度", "2018-04-01/2021-03-31");
    CU_ASSERT_STRING_EQUAL(warning_of(ctx), "out-of-era");
    CU_ASSERT_EQUAL(riap_diag_offset(riap_ctx_diag(ctx, 0)), (int64_t)strlen("平成30年度～"));
    riap_ctx_free(ctx);
    riap_ctx_free(strict);
}

static void test_era_before_gregorian(void)
{
    riap_ctx *ctx = new_ctx(0);
    static const char *bad[] = {
        "明治5年12月2日", "明治5年12月31日", "明治5年",    "明治5年度", "明治元年",
        "1872年",         "1872年12月31日",  "1872-12-31", "5年",       "明治5年12月"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_ISO(ctx, bad[i], "ERROR:before-gregorian");
    EXPECT_ISO(ctx, "明治6年", "1873-01-01/1873-12-31");
    EXPECT_ISO(ctx, "明治6年1月1日", "1873-01-01/1873-01-01");
    EXPECT_ISO(ctx, "1873年", "1873-01-01/1873-12-31");
    EXPECT_ISO(ctx, "明治6年度", "1873-04-01/1874-03-31");
    riap_ctx_free(ctx);
}

static void test_era_validity_errors(void)
{
    riap_ctx *ctx = new_ctx(0);
    EXPECT_ISO(ctx, "令和0年", "ERROR:invalid-year");
    EXPECT_ISO(ctx, "令和0年度", "ERROR:invalid-year");
    EXPECT_ISO(ctx, "0年", "ERROR:invalid-year");
    EXPECT_ISO(ctx, "令和〇年", "ERROR:invalid-year");
    EXPECT_ISO(ctx, "令和4年13月", "ERROR:invalid-month");
    EXPECT_ISO(ctx, "令和4年0月", "ERROR:invalid-month");
    EXPECT_ISO(ctx, "令和4年2月29日", "ERROR:invalid-day");
    EXPECT_ISO(ctx, "令和4年4月31日", "ERROR:invalid-day");
    EXPECT_ISO(ctx, "令和4年4月0日", "ERROR:invalid-day");
    EXPECT_ISO(ctx, "R4.2.29", "ERROR:invalid-day");
    EXPECT_ISO(ctx, "2100年2月29日", "ERROR:invalid-day");
    EXPECT_ISO(ctx, "2000年2月29日", "2000-02-29/2000-02-29");
    EXPECT_ISO(ctx, "令和6年2月29日", "2024-02-29/2024-02-29");
    EXPECT_ISO(ctx, "令和9999年", "ERROR:year-out-of-range");
    EXPECT_ISO(ctx, "9999年度", "ERROR:year-out-of-range");
    EXPECT_ISO(ctx, "9999年12月31日", "9999-12-31/9999-12-31");
    EXPECT_ISO(ctx, "令和4294967300年度", "ERROR:number-too-large");
    EXPECT_ISO(ctx, "令和99999999999999999999999999年", "ERROR:number-too-large");
    EXPECT_ISO(ctx, "安政3年", "ERROR:unknown-era");
    EXPECT_ISO(ctx, "慶応4年4月", "ERROR:unknown-era");
    EXPECT_ISO(ctx, "X4.4.1", "ERROR:unknown-era");
    EXPECT_ISO(ctx, "", "ERROR:empty");
    EXPECT_ISO(ctx, "  　 ", "ERROR:empty");
    EXPECT_ISO(ctx, "令和", "ERROR:incomplete");
    EXPECT_ISO(ctx, "令和4", "ERROR:incomplete");
    EXPECT_ISO(ctx, "令和4年度です", "ERROR:trailing-text");
    EXPECT_ISO(ctx, "令和4年度 令和5年度", "ERROR:trailing-text");
    EXPECT_ISO(ctx, "令和4年度まで", "../2023-03-31");
    EXPECT_ISO(ctx, "令和6年度～令和4年度", "ERROR:reversed-range");
    EXPECT_ISO(ctx, "令和4年4月～3月", "ERROR:reversed-range");
    EXPECT_ISO(ctx, "令和4年4月2日～1日", "ERROR:reversed-range");
    EXPECT_ISO(ctx, "令和二十〇年", "ERROR:invalid-numeral");
    EXPECT_ISO(ctx, "令和十十年", "ERROR:invalid-numeral");
    EXPECT_ISO(ctx, "令和一十年", "ERROR:invalid-numeral");
    EXPECT_ISO(ctx, "令和百年", "ERROR:syntax");
    EXPECT_ISO(ctx, "元年", "ERROR:syntax");
    EXPECT_ISO(ctx, "令和4年度～～令和5年度", "ERROR:syntax");
    EXPECT_ISO(ctx, "令和4-6年度", "ERROR:syntax");
    EXPECT_ISO(ctx, "R4.4/1", "ERROR:syntax");
    EXPECT_ISO(ctx, "22.4.1", "ERROR:syntax");
    EXPECT_ISO(ctx, "令和4月", "ERROR:incomplete");
    EXPECT_ISO(ctx, "4月", "ERROR:incomplete");
    EXPECT_ISO(ctx, "令和4年度～6月", "ERROR:incomplete");
    EXPECT_ISO(ctx, "～6年度", "ERROR:incomplete");
    EXPECT_ISO(ctx, "～", "ERROR:incomplete");
    EXPECT_ISO(ctx, "Reiwa 4", "ERROR:unknown-era");
    riap_ctx_free(ctx);
}

static void test_era_error_positions(void)
{
    riap_ctx *ctx = new_ctx(0);
    riap_era_range r = {{1, 2, 3}, {4, 5, 6}, 9, 9, 9, 9, 9};
    riap_era_range before = r;
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4年13月", strlen("令和4年13月")), RIAP_ERR_ERA);
    CU_ASSERT_EQUAL(memcmp(&r, &before, sizeof r), 0); /* untouched on failure */
    const riap_diag *d = riap_ctx_last_error(ctx);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "invalid-month");
    CU_ASSERT_EQUAL(riap_diag_offset(d), 10);
    CU_ASSERT_EQUAL(riap_diag_line(d), 1);
    CU_ASSERT_EQUAL(riap_diag_column(d), 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "13"));
    /* positions refer to the caller's text, also after NFKC folding */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "㋿４年１３月", strlen("㋿４年１３月")),
                    RIAP_ERR_ERA);
    d = riap_ctx_last_error(ctx);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "invalid-month");
    CU_ASSERT_EQUAL(riap_diag_offset(d), 9);
    CU_ASSERT_EQUAL(riap_diag_column(d), 4);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "Ｒ４．４．３２", strlen("Ｒ４．４．３２")),
                    RIAP_ERR_ERA);
    d = riap_ctx_last_error(ctx);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "invalid-day");
    CU_ASSERT_EQUAL(riap_diag_offset(d), 15);
    CU_ASSERT_EQUAL(riap_diag_column(d), 6);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4年度です", strlen("令和4年度です")),
                    RIAP_ERR_ERA);
    d = riap_ctx_last_error(ctx);
    CU_ASSERT_EQUAL(riap_diag_offset(d), 13);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(d), "です"));
    /* Japanese messages on request */
    riap_ctx_set_options(ctx, RIAP_OPT_LANG_JA);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "安政3年", strlen("安政3年")), RIAP_ERR_ERA);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "元号"));
    riap_ctx_free(ctx);
}

static void test_era_spellings(void)
{
    riap_ctx *ctx = new_ctx(0);
    static const char *day[] = {"令和4年4月1日",
                                "令和４年４月１日",
                                "令和四年四月一日",
                                "㋿4年4月1日",
                                "㋿４年４月１日",
                                "R4.4.1",
                                "R4/4/1",
                                "R4-4-1",
                                "R04.04.01",
                                "r4.4.1",
                                "R.4.4.1",
                                "r.04.4.1",
                                "令4.4.1",
                                "令和4.4.1",
                                "Ｒ４．４．１",
                                "ｒ４／４／１",
                                "令和 4 年 4 月 1 日",
                                "令和　４年　４月　１日",
                                "  令和4年4月1日\t",
                                "令和04年04月01日",
                                "令和4年4月01日",
                                "2022年4月1日",
                                "2022-04-01",
                                "2022/4/1",
                                "2022.4.1",
                                "２０２２年４月１日",
                                "二〇二二年四月一日",
                                "２０２２－０４－０１",
                                "令和\u30004年4月1日"};
    for (size_t i = 0; i < sizeof day / sizeof day[0]; i++)
        EXPECT_ISO(ctx, day[i], "2022-04-01/2022-04-01");
    EXPECT_ISO(ctx, "H31.04.30", "2019-04-30/2019-04-30");
    EXPECT_ISO(ctx, "平31.04.30", "2019-04-30/2019-04-30");
    EXPECT_ISO(ctx, "昭64.1.7", "1989-01-07/1989-01-07");
    EXPECT_ISO(ctx, "大15.12.24", "1926-12-24/1926-12-24");
    EXPECT_ISO(ctx, "明45.7.29", "1912-07-29/1912-07-29");
    EXPECT_ISO(ctx, "M45.7.29", "1912-07-29/1912-07-29");
    EXPECT_ISO(ctx, "T1.7.30", "1912-07-30/1912-07-30");
    EXPECT_ISO(ctx, "s64.1.7", "1989-01-07/1989-01-07");
    EXPECT_ISO(ctx, "㍾45年7月29日", "1912-07-29/1912-07-29");
    EXPECT_ISO(ctx, "㍽15年", "1926-01-01/1926-12-24");
    EXPECT_ISO(ctx, "㍼64年1月7日", "1989-01-07/1989-01-07");
    EXPECT_ISO(ctx, "㍻31年4月30日", "2019-04-30/2019-04-30");
    EXPECT_ISO(ctx, "令和十年", "2028-01-01/2028-12-31");
    EXPECT_ISO(ctx, "令和十二年", "2030-01-01/2030-12-31");
    EXPECT_ISO(ctx, "平成二十年", "2008-01-01/2008-12-31");
    EXPECT_ISO(ctx, "平成二十三年", "2011-01-01/2011-12-31");
    EXPECT_ISO(ctx, "令和4年十二月三十一日", "2022-12-31/2022-12-31");
    EXPECT_ISO(ctx, "昭和六十四年一月七日", "1989-01-07/1989-01-07");
    EXPECT_ISO(ctx, "令和元年", "2019-05-01/2019-12-31");
    EXPECT_ISO(ctx, "令和元年度", "2019-04-01/2020-03-31");
    EXPECT_ISO(ctx, "R4年度", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "令4年度", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "２０２２年度", "2022-04-01/2023-03-31");
    riap_ctx_free(ctx);
}

static void test_era_ranges(void)
{
    riap_ctx *ctx = new_ctx(0);
    static const char *fy[] = {
        "令和4年度～令和6年度",  "令和4年度〜令和6年度",   "令和4年度~令和6年度",
        "令和4年度－令和6年度",  "令和4年度–令和6年度",    "令和4年度—令和6年度",
        "令和4年度-令和6年度",   "令和4年度から令和6年度", "令和4年度から令和6年度まで",
        "令和4～6年度",          "令和4年度～6年度",       "令和４～６年度",
        "令和 4 ～ 6 年度",      "令和4～令和6年度",       "R4年度～R6年度",
        "2022年度～2024年度",    "令和4年度～2024年度",    "令和四～六年度",
        "令和4年度 ～ 令和6年度"};
    for (size_t i = 0; i < sizeof fy / sizeof fy[0]; i++)
        EXPECT_ISO(ctx, fy[i], "2022-04-01/2025-03-31");
    EXPECT_ISO(ctx, "令和4年4月～6月", "2022-04-01/2022-06-30");
    EXPECT_ISO(ctx, "令和4年4～6月", "2022-04-01/2022-06-30");
    EXPECT_ISO(ctx, "令和4年4月1日～5年3月31日", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "令和4年4月1日～15日", "2022-04-01/2022-04-15");
    EXPECT_ISO(ctx, "令和4年4月1～15日", "2022-04-01/2022-04-15");
    EXPECT_ISO(ctx, "令和4年4月1日～5月15日", "2022-04-01/2022-05-15");
    EXPECT_ISO(ctx, "令和4～5年", "2022-01-01/2023-12-31");
    EXPECT_ISO(ctx, "平成30年度～令和2年度", "2018-04-01/2021-03-31");
    EXPECT_ISO(ctx, "平成元～3年", "1989-01-08/1991-12-31");
    EXPECT_ISO(ctx, "R4.4.1～R5.3.31", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "R4.4.1-R5.3.31", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "R4.4.1～5.3.31", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "2022-04-01-2023-03-31", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "2022/4/1～2023/3/31", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "令和4年度～", "2022-04-01/..");
    EXPECT_ISO(ctx, "令和4年度から", "2022-04-01/..");
    EXPECT_ISO(ctx, "～令和6年度", "../2025-03-31");
    EXPECT_ISO(ctx, "～令和6年度まで", "../2025-03-31");
    EXPECT_ISO(ctx, "～2024年度", "../2025-03-31");
    EXPECT_ISO(ctx, "令和4年度～令和4年度", "2022-04-01/2023-03-31");
    EXPECT_ISO(ctx, "令和4年4月1日～令和4年4月1日", "2022-04-01/2022-04-01");
    EXPECT_ISO(ctx, "令和5年度～令和4年", "ERROR:reversed-range");
    riap_ctx_free(ctx);
}

static void test_era_hostile_input(void)
{
    riap_ctx *ctx = new_ctx(0);
    riap_era_range r;
    /* ill-formed UTF-8 is an error, never replaced */
    static const char *bad[] = {"\xC0\xAF",         "令和\xE0\x80\xAF年", "令和\xED\xA0\x80",
                                "\xF4\x90\x80\x80", "令和4年度\xE4\xBB",  "\x80",
                                "令和4\xFF年"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, bad[i], strlen(bad[i])), RIAP_ERR_ENCODING);
        CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "invalid-utf8");
    }
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4\xFF年", 9), RIAP_ERR_ENCODING);
    CU_ASSERT_EQUAL(riap_diag_offset(riap_ctx_last_error(ctx)), 7);
    /* an ill-formed byte after a character that needs NFKC */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "㋿4\xFF", 5), RIAP_ERR_ENCODING);
    CU_ASSERT_EQUAL(riap_diag_offset(riap_ctx_last_error(ctx)), 4);
    /* NUL bytes are characters like any other: not an end of input */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, "令和4年度\0", 14), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "trailing-text");
    /* length cap */
    char *big = malloc(RIAP_ERA_MAX_INPUT + 2);
    memset(big, ' ', RIAP_ERA_MAX_INPUT + 1);
    memcpy(big, "令和4年度", strlen("令和4年度"));
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT + 1), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "too-long");
    /* many tokens, many unknown characters, long digit runs: errors, quickly */
    for (size_t i = 0; i < RIAP_ERA_MAX_INPUT; i++)
        big[i] = "4年"[i % 4];
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT), RIAP_ERR_ERA);
    memset(big, '9', RIAP_ERA_MAX_INPUT);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "number-too-large");
    for (size_t i = 0; i + 3 <= RIAP_ERA_MAX_INPUT; i += 3)
        memcpy(big + i, "\xEF\xB7\xBA", 3); /* U+FDFA: NFKC expands it to 18 characters */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT / 3 * 3), RIAP_ERR_ERA);
    for (size_t i = 0; i + 2 <= RIAP_ERA_MAX_INPUT; i += 2)
        memcpy(big + i, "\xCC\x81", 2); /* combining acute accents: one long NFKC chunk */
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, big, RIAP_ERA_MAX_INPUT), RIAP_ERR_ERA);
    free(big);
    /* NULL arguments */
    CU_ASSERT_EQUAL(riap_era_parse(NULL, ctx, "令和4年", 3), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, NULL, 3), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_era_parse(&r, ctx, NULL, 0), RIAP_ERR_ERA);
    CU_ASSERT_EQUAL(riap_era_parse(&r, NULL, "令和4年度", strlen("令和4年度")), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_parse(&r, NULL, "令和", strlen("令和")), RIAP_ERR_ERA);
    riap_ctx_free(ctx);
}

static char *fmt_day(riap_ctx *ctx, int y, int m, int d, unsigned flags)
{
    riap_date day = {y, m, d};
    char *out = NULL;
    if (riap_era_format_day(&out, ctx, &day, flags) != RIAP_OK)
        return NULL;
    return out;
}

#define EXPECT_TEXT(expr, want)                                                                    \
    do {                                                                                           \
        char *got_ = (expr);                                                                       \
        CU_ASSERT_PTR_NOT_NULL(got_);                                                              \
        if (got_) {                                                                                \
            if (strcmp(got_, (want)) != 0)                                                         \
                fprintf(stderr, "\n  got %s, want %s\n", got_, (want));                            \
            CU_ASSERT_STRING_EQUAL(got_, (want));                                                  \
        }                                                                                          \
        riap_free(got_);                                                                           \
    } while (0)

static void test_era_format_day_options(void)
{
    riap_ctx *ctx = new_ctx(0);
    EXPECT_TEXT(fmt_day(ctx, 2019, 5, 1, 0), "令和元年5月1日");
    EXPECT_TEXT(fmt_day(ctx, 2019, 5, 1, RIAP_FORMAT_NUMERIC_YEAR), "令和1年5月1日");
    EXPECT_TEXT(fmt_day(ctx, 2019, 5, 1, RIAP_FORMAT_LATIN), "R01.05.01");
    EXPECT_TEXT(fmt_day(ctx, 2022, 12, 31, RIAP_FORMAT_FULLWIDTH), "令和４年１２月３１日");
    EXPECT_TEXT(fmt_day(ctx, 1989, 1, 7, RIAP_FORMAT_LATIN), "S64.01.07");
    EXPECT_TEXT(fmt_day(ctx, 1873, 1, 1, 0), "明治6年1月1日");
    EXPECT_TEXT(fmt_day(ctx, 9999, 12, 31, RIAP_FORMAT_LATIN), "R7981.12.31");
    char *out = (char *)1;
    riap_date bad = {2023, 2, 29};
    CU_ASSERT_EQUAL(riap_era_format_day(&out, ctx, &bad, 0), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(riap_era_format_day(NULL, ctx, &bad, 0), RIAP_ERR_ARG);
    riap_date early = {1872, 12, 31};
    CU_ASSERT_EQUAL(riap_era_format_day(&out, ctx, &early, 0), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "before-gregorian");
    riap_ctx_free(ctx);
}

static char *fmt_fy(riap_ctx *ctx, int y, unsigned flags)
{
    char *out = NULL;
    if (riap_era_format_fiscal_year(&out, ctx, y, flags) != RIAP_OK)
        return NULL;
    return out;
}

static void test_era_format_fiscal_year(void)
{
    riap_ctx *ctx = new_ctx(0);
    EXPECT_TEXT(fmt_fy(ctx, 2022, 0), "令和4年度");
    EXPECT_TEXT(fmt_fy(ctx, 2019, 0), "令和元年度");
    EXPECT_TEXT(fmt_fy(ctx, 2019, RIAP_FORMAT_NUMERIC_YEAR), "令和1年度");
    EXPECT_TEXT(fmt_fy(ctx, 2018, 0), "平成30年度");
    EXPECT_TEXT(fmt_fy(ctx, 1989, 0), "平成元年度");
    EXPECT_TEXT(fmt_fy(ctx, 1988, 0), "昭和63年度");
    EXPECT_TEXT(fmt_fy(ctx, 1926, 0), "昭和元年度");
    EXPECT_TEXT(fmt_fy(ctx, 1912, 0), "大正元年度");
    EXPECT_TEXT(fmt_fy(ctx, 1873, RIAP_FORMAT_FULLWIDTH), "明治６年度");
    char *out = NULL;
    CU_ASSERT_EQUAL(riap_era_format_fiscal_year(&out, ctx, 1872, 0), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "before-gregorian");
    CU_ASSERT_EQUAL(riap_era_format_fiscal_year(&out, ctx, 9999, 0), RIAP_ERR_ARG);
    /* every fiscal year's text parses back to it */
    for (int y = 1873; y <= 2200; y++) {
        char *t = fmt_fy(ctx, y, 0);
        char want[32];
        snprintf(want, sizeof want, "%04d-04-01/%04d-03-31", y, y + 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        EXPECT_ISO(ctx, t, want);
        CU_ASSERT_EQUAL(riap_ctx_diag_count(ctx), 0);
        riap_free(t);
    }
    riap_ctx_free(ctx);
}

static char *fmt_range(riap_ctx *ctx, const char *expr, unsigned flags)
{
    riap_era_range r;
    if (riap_era_parse(&r, ctx, expr, strlen(expr)) != RIAP_OK)
        return NULL;
    char *out = NULL;
    if (riap_era_format_range(&out, ctx, &r, flags) != RIAP_OK)
        return NULL;
    return out;
}

static void test_era_format_range(void)
{
    riap_ctx *ctx = new_ctx(0);
    unsigned C = RIAP_FORMAT_COMPACT;
    EXPECT_TEXT(fmt_range(ctx, "令和4年度～令和6年度", 0), "令和4年度～令和6年度");
    EXPECT_TEXT(fmt_range(ctx, "令和4年度～令和6年度", C), "令和4～6年度");
    EXPECT_TEXT(fmt_range(ctx, "令和４～６年度", 0), "令和4年度～令和6年度");
    EXPECT_TEXT(fmt_range(ctx, "令和4年度", C), "令和4年度");
    EXPECT_TEXT(fmt_range(ctx, "令和元年", 0), "令和元年");
    EXPECT_TEXT(fmt_range(ctx, "平成31年", 0), "平成31年");
    EXPECT_TEXT(fmt_range(ctx, "平成31年度", 0), "平成31年度"); /* the era written is kept */
    EXPECT_TEXT(fmt_range(ctx, "2019年度", 0), "令和元年度");
    EXPECT_TEXT(fmt_range(ctx, "令和4年4月～令和4年6月", C), "令和4年4月～6月");
    EXPECT_TEXT(fmt_range(ctx, "令和4年4月1日～令和5年3月31日", C), "令和4年4月1日～5年3月31日");
    EXPECT_TEXT(fmt_range(ctx, "令和4年4月1日～令和4年4月15日", C), "令和4年4月1日～15日");
    EXPECT_TEXT(fmt_range(ctx, "令和4年4月1日～令和4年5月15日", C), "令和4年4月1日～5月15日");
    EXPECT_TEXT(fmt_range(ctx, "平成30年度～令和2年度", C), "平成30年度～令和2年度");
    EXPECT_TEXT(fmt_range(ctx, "令和元年～令和3年", C), "令和元～3年");
    EXPECT_TEXT(fmt_range(ctx, "令和4年度～", C), "令和4年度～");
    EXPECT_TEXT(fmt_range(ctx, "～令和6年度", 0), "～令和6年度");
    EXPECT_TEXT(fmt_range(ctx, "R4.4.1～R5.3.31", RIAP_FORMAT_LATIN | C), "R04.04.01～R05.03.31");
    EXPECT_TEXT(fmt_range(ctx, "令和4年度～令和6年度", C | RIAP_FORMAT_FULLWIDTH),
                "令和４～６年度");
    /* compact output parses back to the same range */
    static const char *rt[] = {"令和4年度～令和6年度",
                               "令和4年4月～令和4年6月",
                               "令和元年～令和3年",
                               "令和4年4月1日～令和4年4月15日",
                               "令和4年4月1日～令和5年3月31日",
                               "昭和64年1月～平成元年2月",
                               "平成元年度～平成2年度"};
    for (size_t i = 0; i < sizeof rt / sizeof rt[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s", iso_of(ctx, rt[i]));
        char *t = fmt_range(ctx, rt[i], C);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        EXPECT_ISO(ctx, t, want);
        riap_free(t);
    }
    /* ends that do not match their granularity */
    riap_era_range r = {{2022, 4, 2},
                        {2023, 3, 31},
                        RIAP_GRANULARITY_FISCAL_YEAR,
                        RIAP_GRANULARITY_FISCAL_YEAR,
                        RIAP_ERA_REIWA,
                        RIAP_ERA_REIWA,
                        0};
    char *out = NULL;
    CU_ASSERT_EQUAL(riap_era_format_range(&out, ctx, &r, 0), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "unaligned-range");
    r.start = (riap_date){2024, 4, 1};
    r.end = (riap_date){2023, 3, 31};
    CU_ASSERT_EQUAL(riap_era_format_range(&out, ctx, &r, 0), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "reversed-range");
    r.start_granularity = r.end_granularity = RIAP_GRANULARITY_NONE;
    CU_ASSERT_EQUAL(riap_era_format_range(&out, ctx, &r, 0), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    riap_ctx_free(ctx);
}

static void test_era_table(void)
{
    CU_ASSERT_EQUAL(riap_era_count(NULL), 5);
    CU_ASSERT_STRING_EQUAL(riap_era_name(NULL, RIAP_ERA_REIWA), "令和");
    CU_ASSERT_STRING_EQUAL(riap_era_latin(NULL, RIAP_ERA_HEISEI), "H");
    CU_ASSERT_PTR_NULL(riap_era_name(NULL, 5));
    riap_date d;
    CU_ASSERT_EQUAL(riap_era_first_day(&d, NULL, RIAP_ERA_SHOWA), RIAP_OK);
    CU_ASSERT_EQUAL(d.year, 1926);
    CU_ASSERT_EQUAL(d.month, 12);
    CU_ASSERT_EQUAL(d.day, 25);
    CU_ASSERT_EQUAL(riap_era_first_day(&d, NULL, 5), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_granularity_name(RIAP_GRANULARITY_FISCAL_YEAR), "fiscal-year");
    CU_ASSERT_STRING_EQUAL(riap_granularity_name((riap_granularity)77), "unknown");
}

static void test_era_supplemental_api(void)
{
    riap_ctx *ctx = new_ctx(0);
    riap_date first = {2040, 3, 1};
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "未来", "Z", &first), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_count(ctx), 6);
    CU_ASSERT_STRING_EQUAL(riap_era_name(ctx, 5), "未来");
    CU_ASSERT_STRING_EQUAL(riap_era_latin(ctx, 5), "Z");
    EXPECT_ISO(ctx, "未来2年度", "2041-04-01/2042-03-31");
    EXPECT_ISO(ctx, "未来元年", "2040-03-01/2040-12-31");
    EXPECT_ISO(ctx, "Z2.1.1", "2041-01-01/2041-01-01");
    EXPECT_ISO(ctx, "z2.1.1", "2041-01-01/2041-01-01");
    EXPECT_ISO(ctx, "令和22年", "2040-01-01/2040-02-29"); /* 令和 now ends */
    EXPECT_ISO(ctx, "令和23年", "2041-01-01/2041-12-31");
    CU_ASSERT_STRING_EQUAL(warning_of(ctx), "out-of-era");
    EXPECT_TEXT(fmt_day(ctx, 2040, 3, 1, 0), "未来元年3月1日");
    EXPECT_TEXT(fmt_day(ctx, 2040, 2, 29, 0), "令和22年2月29日");
    EXPECT_TEXT(fmt_day(ctx, 2041, 1, 1, RIAP_FORMAT_LATIN), "Z02.01.01");
    EXPECT_TEXT(fmt_fy(ctx, 2040, 0), "未来元年度");
    /* without the ctx, nothing changed */
    EXPECT_ISO(NULL, "令和23年", "2041-01-01/2041-12-31");
    CU_ASSERT_EQUAL(riap_era_count(NULL), 5);
    /* bad definitions */
    riap_date early = {2030, 1, 1};
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "後", "Q", &early), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "bad-era-definition");
    riap_date later = {2090, 1, 1};
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "後", "R", &later), RIAP_ERR_ARG);   /* letter used */
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "未来", "Q", &later), RIAP_ERR_ARG); /* name used */
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "年号", "Q", &later), RIAP_ERR_ARG); /* 年 reserved */
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "AB", "Q", &later), RIAP_ERR_ARG);   /* ASCII */
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "㋿", "Q", &later), RIAP_ERR_ARG);  /* not NFKC */
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "後", "QQ", &later), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "後", "1", &later), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "", "Q", &later), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "\xE5\xBE", "Q", &later), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_ctx_add_era(NULL, "後", "Q", &later), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_ctx_add_era(ctx, "後", "Q", &later), RIAP_OK);
    CU_ASSERT_EQUAL(riap_era_count(ctx), 7);
    riap_ctx_free(ctx);
}

static void test_era_supplemental_env(void)
{
    setenv("RIAP_SUPPLEMENTAL_ERA", "name=未来,abbr=Z,since=2040-03-01", 1);
    riap_ctx *ctx = new_ctx(0);
    CU_ASSERT_EQUAL(riap_era_count(ctx), 6);
    CU_ASSERT_EQUAL(riap_ctx_diag_count(ctx), 0);
    EXPECT_ISO(ctx, "Z1.3.1", "2040-03-01/2040-03-01");
    riap_ctx_free(ctx);
    setenv("RIAP_SUPPLEMENTAL_ERA", "name=未来,since=2040-03-01", 1);
    ctx = new_ctx(0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
    CU_ASSERT_EQUAL(riap_era_count(ctx), 5);
    CU_ASSERT_EQUAL(riap_ctx_diag_count(ctx), 1);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_diag(ctx, 0)), "bad-supplemental-era");
    CU_ASSERT_EQUAL(riap_diag_severity(riap_ctx_diag(ctx, 0)), RIAP_SEVERITY_WARNING);
    riap_ctx_free(ctx);
    setenv("RIAP_SUPPLEMENTAL_ERA", "name=未来,abbr=R,since=2040-03-01", 1);
    ctx = new_ctx(0);
    CU_ASSERT_EQUAL(riap_era_count(ctx), 5);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_diag(ctx, 0)), "bad-supplemental-era");
    riap_ctx_free(ctx);
    unsetenv("RIAP_SUPPLEMENTAL_ERA");
}

typedef struct thread_arg {
    int id;
    int failures;
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *a = p;
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK) {
        a->failures++;
        return NULL;
    }
    riap_ctx_set_options(ctx, (a->id & 1) ? RIAP_OPT_STRICT : 0);
    static const char *in[] = {"令和４年度～令和６年度", "㋿4年4月1日", "平成32年度",
                               "令和0年"};
    static const char *want_lenient[] = {"2022-04-01/2025-03-31", "2022-04-01/2022-04-01",
                                         "2020-04-01/2021-03-31", "ERROR:invalid-year"};
    for (int i = 0; i < 20000; i++) {
        int k = (i + a->id) % 4;
        riap_era_range r;
        riap_status st = riap_era_parse(&r, ctx, in[k], strlen(in[k]));
        const char *want = want_lenient[k];
        if ((a->id & 1) && k == 2)
            want = "ERROR:out-of-era";
        char got[64];
        if (st == RIAP_OK)
            snprintf(got, sizeof got, "%04d-%02d-%02d/%04d-%02d-%02d", (int)r.start.year,
                     (int)r.start.month, (int)r.start.day, (int)r.end.year, (int)r.end.month,
                     (int)r.end.day);
        else
            snprintf(got, sizeof got, "ERROR:%s", riap_diag_rule(riap_ctx_last_error(ctx)));
        if (strcmp(got, want) != 0)
            a->failures++;
    }
    riap_ctx_free(ctx);
    return NULL;
}

static void test_era_threads(void)
{
    pthread_t t[4];
    thread_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i].id = i;
        a[i].failures = 0;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, thread_main, &a[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT_EQUAL(a[i].failures, 0);
    }
}

/* Compares the fast path with the general one on one input: status, range, diagnostics. */
static int paths_differ(riap_ctx *a, riap_ctx *b, const char *text)
{
    riap_era_range ra, rb;
    memset(&ra, 0x55, sizeof ra);
    memset(&rb, 0x55, sizeof rb);
    riap_status sa = riap__era_parse(&ra, a, text, strlen(text), true);
    riap_status sb = riap__era_parse(&rb, b, text, strlen(text), false);
    if (sa != sb || memcmp(&ra, &rb, sizeof ra) != 0 ||
        riap_ctx_diag_count(a) != riap_ctx_diag_count(b))
        return 1;
    for (size_t i = 0; i < riap_ctx_diag_count(a); i++) {
        const riap_diag *da = riap_ctx_diag(a, i), *db = riap_ctx_diag(b, i);
        if (strcmp(riap_diag_rule(da), riap_diag_rule(db)) != 0 ||
            riap_diag_offset(da) != riap_diag_offset(db) ||
            riap_diag_column(da) != riap_diag_column(db) ||
            strcmp(riap_diag_message(da), riap_diag_message(db)) != 0)
            return 1;
    }
    return 0;
}

static void test_era_fast_path_agrees(void)
{
    riap_ctx *a = new_ctx(0), *b = new_ctx(0), *sa = new_ctx(RIAP_OPT_STRICT),
             *sb = new_ctx(RIAP_OPT_STRICT);
    static const char *eras[] = {"明治", "大正", "昭和", "平成", "令和", ""};
    static const char *kn[] = {"〇",   "一",   "二",     "三",     "四",    "五",
                               "六",   "七",   "八",     "九",     "十",    "十一",
                               "十二", "二十", "三十一", "四十五", "六十四"};
    char text[128];
    long differ = 0, n = 0;
    for (int e = 0; e < 6; e++) {
        for (int y = 0; y <= 70; y++) {
            int gy = e == 5 ? 1860 + y * 3 : y;
            for (int m = 0; m <= 13; m++) {
                for (int d = -1; d <= 32; d += (m == 0 ? 40 : 1)) {
                    for (int style = 0; style < 3; style++) {
                        size_t o = (size_t)snprintf(text, sizeof text, "%s", eras[e]);
                        if (style == 0)
                            o += (size_t)snprintf(text + o, sizeof text - o, "%d年", gy);
                        else if (style == 1)
                            o += (size_t)snprintf(text + o, sizeof text - o, "%s年",
                                                  y == 1 && e < 5 ? "元"
                                                  : y < 17        ? kn[y]
                                                                  : "二十");
                        else
                            o += (size_t)snprintf(text + o, sizeof text - o, "０%d年", gy % 10);
                        if (m == 0 && d == -1) {
                            differ += paths_differ(a, b, text) + paths_differ(sa, sb, text);
                            snprintf(text + o, sizeof text - o, "度");
                        } else if (m > 0) {
                            o += (size_t)snprintf(text + o, sizeof text - o, "%d月", m);
                            if (d >= 0)
                                snprintf(text + o, sizeof text - o, "%d日", d);
                        }
                        differ += paths_differ(a, b, text) + paths_differ(sa, sb, text);
                        n += 2;
                    }
                }
            }
        }
    }
    static const char *odd[] = {"令和4年度x",
                                "令和12345年",
                                "令和4年4月1日 ",
                                "令和4年4月1",
                                "令和元",
                                "元年",
                                "2022年度",
                                "99999年",
                                "令和4年月",
                                "令和４年４月３２日",
                                "令和四年十三月",
                                "令和4年4月1日日",
                                "令和"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        differ += paths_differ(a, b, odd[i]) + paths_differ(sa, sb, odd[i]);
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT_TRUE(n > 40000);
    riap_ctx_free(a);
    riap_ctx_free(b);
    riap_ctx_free(sa);
    riap_ctx_free(sb);
}

static void test_era_alloc_failure_sweep(void)
{
    /* every allocation of a parse that folds, fails and warns, and of formatting, in turn */
    static const char *in[] = {"㋿４年１３月", "平成32年度", "令和4年度です", "Ｒ４．４．１"};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        for (long n = 0; n < 40; n++) {
            riap_ctx *ctx = new_ctx(0);
            CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
            riap__test_alloc_fail_after(n);
            riap_era_range r;
            riap_status st = riap_era_parse(&r, ctx, in[k], strlen(in[k]));
            CU_ASSERT_TRUE(st == RIAP_OK || st == RIAP_ERR_ERA || st == RIAP_ERR_NOMEM);
            char *out = NULL;
            riap_date d = {2019, 5, 1};
            st = riap_era_format_day(&out, ctx, &d, 0);
            CU_ASSERT_TRUE((st == RIAP_OK && out) || (st == RIAP_ERR_NOMEM && !out));
            riap_free(out);
            riap__test_alloc_fail_after(-1);
            riap_ctx_free(ctx);
        }
    }
}

/* What cannot be formatted says why, with its rule. */
static void test_era_format_refusals(void)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    char *out = NULL;
    riap_date bad = {2022, 2, 30};
    CU_ASSERT_EQUAL(riap_era_format_day(&out, ctx, &bad, 0), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "invalid-date");
    riap_era_range open;
    memset(&open, 0, sizeof open);
    open.start_era = open.end_era = RIAP_ERA_OPEN;
    CU_ASSERT_EQUAL(riap_era_format_range(&out, ctx, &open, 0), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "invalid-range");
    riap_era_range r = {{2022, 4, 1},
                        {2022, 13, 1},
                        RIAP_GRANULARITY_DAY,
                        RIAP_GRANULARITY_DAY,
                        RIAP_ERA_REIWA,
                        RIAP_ERA_REIWA,
                        0};
    CU_ASSERT_EQUAL(riap_era_format_range(&out, ctx, &r, 0), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "invalid-range");
    riap_ctx_free(ctx);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("era", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_era_conformance_examples);
    ADD_TEST(s, test_era_conformance_format);
    ADD_TEST(s, test_era_granularities);
    ADD_TEST(s, test_era_clipping);
    ADD_TEST(s, test_era_out_of_era);
    ADD_TEST(s, test_era_before_gregorian);
    ADD_TEST(s, test_era_validity_errors);
    ADD_TEST(s, test_era_error_positions);
    ADD_TEST(s, test_era_spellings);
    ADD_TEST(s, test_era_ranges);
    ADD_TEST(s, test_era_hostile_input);
    ADD_TEST(s, test_era_format_day_options);
    ADD_TEST(s, test_era_format_fiscal_year);
    ADD_TEST(s, test_era_format_range);
    ADD_TEST(s, test_era_table);
    ADD_TEST(s, test_era_supplemental_api);
    ADD_TEST(s, test_era_supplemental_env);
    ADD_TEST(s, test_era_threads);
    ADD_TEST(s, test_era_fast_path_agrees);
    ADD_TEST(s, test_era_alloc_failure_sweep);
    ADD_TEST(s, test_era_format_refusals);
    return 0;
}
