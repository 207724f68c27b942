/* SPDX-License-Identifier: MIT */
/* core: status texts, version, allocator, contexts and diagnostics, UTF-8, day arithmetic. */
#include "runner.h"

#include "core_int.h"
#include "model_int.h"
#include "riap.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

static void test_core_status_names(void)
{
    CU_ASSERT_STRING_EQUAL(riap_status_name(RIAP_OK), "RIAP_OK");
    CU_ASSERT_STRING_EQUAL(riap_status_name(RIAP_ERR_NOMEM), "RIAP_ERR_NOMEM");
    CU_ASSERT_STRING_EQUAL(riap_status_name(RIAP_ERR_ERA), "RIAP_ERR_ERA");
    CU_ASSERT_STRING_EQUAL(riap_status_name(RIAP_ERR_LIMIT), "RIAP_ERR_LIMIT");
    CU_ASSERT_STRING_EQUAL(riap_status_name((riap_status)999), "RIAP_ERR_UNKNOWN");
    CU_ASSERT_STRING_EQUAL(riap_status_message((riap_status)-5), "unknown status");
    for (int s = 0; s <= 8; s++) {
        CU_ASSERT_PTR_NOT_NULL(riap_status_name((riap_status)s));
        CU_ASSERT_STRING_NOT_EQUAL(riap_status_name((riap_status)s), "RIAP_ERR_UNKNOWN");
        CU_ASSERT_STRING_NOT_EQUAL(riap_status_message((riap_status)s), "unknown status");
    }
    /* the numbers are ABI */
    CU_ASSERT_EQUAL(RIAP_ERR_NOMEM, 1);
    CU_ASSERT_EQUAL(RIAP_ERR_ARG, 2);
    CU_ASSERT_EQUAL(RIAP_ERR_IO, 3);
    CU_ASSERT_EQUAL(RIAP_ERR_ENCODING, 4);
    CU_ASSERT_EQUAL(RIAP_ERR_XML, 5);
    CU_ASSERT_EQUAL(RIAP_ERR_SCHEMA, 6);
    CU_ASSERT_EQUAL(RIAP_ERR_ERA, 7);
    CU_ASSERT_EQUAL(RIAP_ERR_LIMIT, 8);
}

static void test_core_version(void)
{
    CU_ASSERT_EQUAL(riap_version(), RIAP_VERSION_NUMBER);
    CU_ASSERT_STRING_EQUAL(riap_version_string(), RIAP_VERSION_STRING);
    char buf[32];
    snprintf(buf, sizeof buf, "%d.%d.%d", RIAP_VERSION_MAJOR, RIAP_VERSION_MINOR,
             RIAP_VERSION_PATCH);
    CU_ASSERT_STRING_EQUAL(riap_version_string(), buf);
    CU_ASSERT_EQUAL(riap_version() >> 16, (unsigned)RIAP_VERSION_MAJOR);
    CU_ASSERT_TRUE(RIAP_VERSION_CHECK(0, 1, 0));
    CU_ASSERT_FALSE(RIAP_VERSION_CHECK(RIAP_VERSION_MAJOR + 1, 0, 0));
}

static void test_core_free_null(void)
{
    riap_free(NULL);
    riap_ctx_free(NULL);
    CU_ASSERT_EQUAL(riap_ctx_new(NULL), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(riap_ctx_last_error(NULL));
    CU_ASSERT_EQUAL(riap_ctx_diag_count(NULL), 0);
    CU_ASSERT_PTR_NULL(riap_ctx_diag(NULL, 0));
    CU_ASSERT_EQUAL(riap_ctx_options(NULL), 0);
    CU_ASSERT_PTR_NULL(riap_diag_rule(NULL));
    CU_ASSERT_PTR_NULL(riap_diag_message(NULL));
    CU_ASSERT_EQUAL(riap_diag_offset(NULL), -1);
    CU_ASSERT_EQUAL(riap_diag_line(NULL), 0);
}

static void test_core_ctx_options(void)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL(riap_ctx_options(ctx), 0);
    riap_ctx_set_options(ctx, RIAP_OPT_STRICT | 0x8000u);
    CU_ASSERT_EQUAL(riap_ctx_options(ctx), RIAP_OPT_STRICT);
    riap_ctx_set_options(ctx, RIAP_OPT_LANG_JA);
    CU_ASSERT_EQUAL(riap_ctx_options(ctx), RIAP_OPT_LANG_JA);
    riap_ctx_free(ctx);
}

static void test_core_ctx_diagnostics_cleared_per_call(void)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_date d;
    CU_ASSERT_EQUAL(riap_date_parse_iso(&d, ctx, "2022-02-30", 10), RIAP_ERR_ARG);
    const riap_diag *e = riap_ctx_last_error(ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(e), "iso-date");
    CU_ASSERT_EQUAL(riap_diag_severity(e), RIAP_SEVERITY_ERROR);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(e), "2022-02-30"));
    CU_ASSERT_PTR_NULL(riap_diag_file(e));
    CU_ASSERT_EQUAL(riap_ctx_diag_count(ctx), 1);
    CU_ASSERT_PTR_EQUAL(riap_ctx_diag(ctx, 0), e);
    CU_ASSERT_PTR_NULL(riap_ctx_diag(ctx, 1));
    CU_ASSERT_EQUAL(riap_date_parse_iso(&d, ctx, "2024-02-29", 10), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_ctx_last_error(ctx));
    CU_ASSERT_EQUAL(riap_ctx_diag_count(ctx), 0);
    CU_ASSERT_EQUAL(d.year, 2024);
    CU_ASSERT_EQUAL(d.month, 2);
    CU_ASSERT_EQUAL(d.day, 29);
    riap_ctx_set_options(ctx, RIAP_OPT_LANG_JA);
    CU_ASSERT_EQUAL(riap_date_parse_iso(&d, ctx, "x", 1), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "YYYY-MM-DD 形式"));
    riap_ctx_free(ctx);
}

static void test_core_iso_dates(void)
{
    static const char *bad[] = {"2022-4-01",   "2022/04/01", "0000-01-01",
                                "2022-13-01",  "2023-02-29", "2022-04-01x",
                                "+2022-04-01", "20220401",   ""};
    riap_date d = {7, 7, 7};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(riap_date_parse_iso(&d, NULL, bad[i], strlen(bad[i])), RIAP_ERR_ARG);
        CU_ASSERT_EQUAL(d.year, 7); /* untouched on failure */
    }
    CU_ASSERT_EQUAL(riap_date_parse_iso(&d, NULL, "9999-12-31", 10), RIAP_OK);
    CU_ASSERT_EQUAL(d.year, 9999);
    CU_ASSERT_EQUAL(riap_date_parse_iso(NULL, NULL, "9999-12-31", 10), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_date_parse_iso(&d, NULL, NULL, 3), RIAP_ERR_ARG);
}

static void test_core_date_validity(void)
{
    riap_date d = {2000, 2, 29};
    CU_ASSERT_TRUE(riap_date_is_valid(&d));
    d.year = 1900;
    CU_ASSERT_FALSE(riap_date_is_valid(&d));
    d = (riap_date){2024, 4, 31};
    CU_ASSERT_FALSE(riap_date_is_valid(&d));
    d = (riap_date){10000, 1, 1};
    CU_ASSERT_FALSE(riap_date_is_valid(&d));
    CU_ASSERT_FALSE(riap_date_is_valid(NULL));
    riap_date a = {2022, 4, 1}, b = {2022, 3, 31};
    CU_ASSERT_EQUAL(riap_date_compare(&a, &b), 1);
    CU_ASSERT_EQUAL(riap_date_compare(&b, &a), -1);
    CU_ASSERT_EQUAL(riap_date_compare(&a, &a), 0);
}

static void test_core_days_roundtrip(void)
{
    CU_ASSERT_EQUAL(riap__days_from_civil(1970, 1, 1), 0);
    CU_ASSERT_EQUAL(riap__days_from_civil(1873, 1, 1), -35428);
    CU_ASSERT_EQUAL(riap__days_from_civil(2000, 3, 1), 11017);
    /* every day of 0001-01-01..9999-12-31 maps to consecutive numbers and back */
    int32_t prev = riap__days_from_civil(1, 1, 1) - 1;
    int bad = 0;
    for (int32_t y = 1; y <= 9999; y++)
        for (int32_t m = 1; m <= 12; m++)
            for (int32_t d = 1; d <= riap__days_in_month(y, m); d++) {
                int32_t n = riap__days_from_civil(y, m, d);
                riap_date back;
                riap__civil_from_days(n, &back);
                if (n != prev + 1 || back.year != y || back.month != m || back.day != d)
                    bad++;
                prev = n;
            }
    CU_ASSERT_EQUAL(bad, 0);
}

/* The hand-written UTF-8 decoder agrees with ICU's strict conversion on every 1..4-byte
 * sequence built from interesting bytes. */
static void test_core_utf8_matches_icu(void)
{
    static const unsigned char bytes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                          0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                          0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    size_t nb = sizeof bytes, mismatches = 0, checked = 0;
    /* each sequence after 0 to 17 bytes of ASCII and before 9 (the checks go eight ASCII bytes
     * at a time), and as a model string: riap__text_check refuses exactly the ill-formed ones
     * and those with a code point XML cannot carry */
    size_t text_mismatches = 0;
    unsigned char s[32];
    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= nb;
        for (size_t k = 0; k < total; k++) {
            size_t x = k, pre = k % 18;
            memset(s, 'a', sizeof s);
            for (size_t i = 0; i < len; i++) {
                s[pre + i] = bytes[x % nb];
                x /= nb;
            }
            size_t n = pre + len + 9;
            s[n] = '\0';
            UChar u[40];
            int32_t ulen;
            UErrorCode ec = U_ZERO_ERROR;
            u_strFromUTF8(u, 40, &ulen, (const char *)s, (int32_t)n, &ec);
            bool icu_ok = U_SUCCESS(ec);
            bool ours = riap__utf8_check((const char *)s, n) == n;
            checked++;
            if (icu_ok != ours)
                mismatches++;
            bool xml_ok = icu_ok && !memchr(s, 0, n);
            for (int32_t i = 0; xml_ok && i < ulen; i++)
                xml_ok = !(u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r') &&
                         u[i] != 0xFFFE && u[i] != 0xFFFF;
            if (!memchr(s, 0, n) && xml_ok != (riap__text_check((const char *)s) == RIAP_OK))
                text_mismatches++;
        }
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_EQUAL(text_mismatches, 0);
    CU_ASSERT_TRUE(checked > 390000);
    /* the classic ill-formed cases */
    CU_ASSERT_EQUAL(riap__utf8_check("\xC0\xAF", 2), 0);         /* overlong '/' */
    CU_ASSERT_EQUAL(riap__utf8_check("\xE0\x80\xAF", 3), 0);     /* overlong */
    CU_ASSERT_EQUAL(riap__utf8_check("\xED\xA0\x80", 3), 0);     /* surrogate D800 */
    CU_ASSERT_EQUAL(riap__utf8_check("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    CU_ASSERT_EQUAL(riap__utf8_check("ab\xE4\xBB", 4), 2);       /* truncated */
    CU_ASSERT_EQUAL(riap__utf8_check("\xE4\xBB\xA4", 3), 3);     /* 令 */
}

static void test_core_utf8_encode_decode(void)
{
    char buf[4];
    uint32_t cps[] = {0x24, 0xA2, 0x20AC, 0x4EE4, 0x10348, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        size_t n = riap__utf8_encode(cps[i], buf);
        uint32_t back = 0;
        CU_ASSERT_EQUAL(riap__utf8_decode((const unsigned char *)buf, n, &back), n);
        CU_ASSERT_EQUAL(back, cps[i]);
    }
    CU_ASSERT_EQUAL(riap__utf8_count("令和4年", 10), 4);
}

static void test_core_excerpt(void)
{
    char out[64];
    riap__excerpt(out, sizeof out, "a\x01\xFF令", 6, 60);
    CU_ASSERT_STRING_EQUAL(out, "a\\x01\\xFF令");
    riap__excerpt(out, 12, "0123456789abcdef", 16, 60);
    CU_ASSERT_STRING_EQUAL(out, "01234567…");
    /* quotes: whole when short, else RIAP__QUOTE_MAX characters with "…", from a character */
    char q[RIAP__QUOTE_SIZE];
    const char *shorter = "令和4年度";
    CU_ASSERT_PTR_EQUAL(riap__quote(q, shorter, 0), shorter);
    char long_text[3 * (RIAP__QUOTE_MAX + 5) + 1], want[RIAP__QUOTE_SIZE];
    for (size_t i = 0; i < RIAP__QUOTE_MAX + 5; i++)
        memcpy(long_text + 3 * i, "令", 3);
    long_text[sizeof long_text - 1] = '\0';
    snprintf(want, sizeof want, "%.*s…", 3 * RIAP__QUOTE_MAX, long_text);
    CU_ASSERT_STRING_EQUAL(riap__quote(q, long_text, 0), want);
    /* from the middle of a character: from its start, "…" before */
    snprintf(want, sizeof want, "…%s", long_text + 3 * 64);
    CU_ASSERT_STRING_EQUAL(riap__quote(q, long_text, 3 * 64 + 1), want);
    CU_ASSERT_STRING_EQUAL(riap__quote(q, NULL, 0), "");
    CU_ASSERT_EQUAL(riap__utf8_prefix("a令b", 5, 3), 1);
    CU_ASSERT_EQUAL(riap__utf8_prefix("a令b", 5, 4), 4);
    CU_ASSERT_EQUAL(riap__utf8_prefix("a令b", 5, 9), 5);
    uint32_t line, col;
    riap__line_col("令和\n4年", 8, &line, &col);
    CU_ASSERT_EQUAL(line, 2);
    CU_ASSERT_EQUAL(col, 2);
}

static void test_core_alloc_failure_sweep(void)
{
    /* ctx_new and a diagnostic-producing call survive every allocation failing in turn */
    for (long n = 0; n < 20; n++) {
        riap__test_alloc_fail_after(n);
        riap_ctx *ctx = NULL;
        riap_status st = riap_ctx_new(&ctx);
        if (st != RIAP_OK) {
            CU_ASSERT_EQUAL(st, RIAP_ERR_NOMEM);
            CU_ASSERT_PTR_NULL(ctx);
            continue;
        }
        riap_date d;
        CU_ASSERT_EQUAL(riap_date_parse_iso(&d, ctx, "bad", 3), RIAP_ERR_ARG);
        riap_ctx_free(ctx);
    }
    riap__test_alloc_fail_after(-1);
}

/* The rule ids: enumerable, unique, kebab-case, described in both languages, found by id. */
static void test_core_rules(void)
{
    size_t n = riap_rule_count();
    CU_ASSERT_TRUE(n >= 70);
    static const char *const areas[] = {"api",  "era",  "load",      "save",
                                        "plan", "text", "normalize", "import"};
    for (size_t i = 0; i < n; i++) {
        const char *id = riap_rule_id(i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(id);
        for (const char *p = id; *p; p++)
            CU_ASSERT_TRUE((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                           (*p == '-' && p != id && p[1] && p[-1] != '-'));
        CU_ASSERT_EQUAL(riap_rule_index(id), i);
        for (size_t j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(riap_rule_id(j), id);
        const char *area = riap_rule_area(i);
        bool known = false;
        for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
            known = known || !strcmp(area, areas[a]);
        CU_ASSERT_TRUE(known);
        const char *en = riap_rule_description(i, 0),
                   *ja = riap_rule_description(i, RIAP_OPT_LANG_JA);
        CU_ASSERT_TRUE(en && strlen(en) > 5 && ja && strlen(ja) > 5 && strcmp(en, ja) != 0);
    }
    CU_ASSERT_PTR_NULL(riap_rule_id(n));
    CU_ASSERT_PTR_NULL(riap_rule_area(n));
    CU_ASSERT_PTR_NULL(riap_rule_description(n, 0));
    CU_ASSERT_EQUAL(riap_rule_index("no-such-rule"), (size_t)-1);
    CU_ASSERT_EQUAL(riap_rule_index(NULL), (size_t)-1);
    CU_ASSERT_STRING_EQUAL(riap_rule_area(riap_rule_index("out-of-era")), "era");
    CU_ASSERT_STRING_EQUAL(riap_rule_area(riap_rule_index("text-date")), "text");
    /* severities: the table's, as the test builds check every diagnostic against */
    CU_ASSERT_EQUAL(riap_rule_severity(riap_rule_index("period-syntax")), RIAP_SEVERITY_ERROR);
    CU_ASSERT_EQUAL(riap_rule_severity(riap_rule_index("out-of-era")), RIAP_SEVERITY_WARNING);
    CU_ASSERT_EQUAL(riap_rule_severity(riap_rule_index("normalized-text")), RIAP_SEVERITY_NOTE);
    CU_ASSERT_EQUAL(riap_rule_severity(riap_rule_index("import-code-unknown")),
                    RIAP_SEVERITY_WARNING);
    CU_ASSERT_EQUAL(riap_rule_severity(riap_rule_index("import-municipality")),
                    RIAP_SEVERITY_ERROR);
    CU_ASSERT_EQUAL((int)riap_rule_severity(n), 0);
    for (size_t i = 0; i < n; i++) {
        riap_severity sev = riap_rule_severity(i);
        CU_ASSERT_TRUE(sev == RIAP_SEVERITY_ERROR || sev == RIAP_SEVERITY_WARNING ||
                       sev == RIAP_SEVERITY_NOTE);
    }
}

/* The conversions of a printf template, by argument: "s", "u", "zu" ... in argument order
 * (positional ones, %2$s, at their position). Returns the number of arguments, -1 when the
 * template mixes positional and plain conversions or is malformed. */
static int conversions(const char *t, char kinds[][4], int max)
{
    int n = 0, next = 0, positional = -1;
    for (const char *p = t; *p; p++) {
        if (*p != '%')
            continue;
        if (*++p == '%')
            continue;
        int arg = next++;
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        bool pos = *q == '$' && q > p;
        if (positional >= 0 && pos != (bool)positional)
            return -1;
        positional = pos;
        if (pos) {
            arg = atoi(p) - 1;
            p = q + 1;
        }
        while (*p == '.' || (*p >= '0' && *p <= '9') || *p == '-')
            p++; /* precision and width take no argument here */
        size_t len = 0;
        char kind[4] = "";
        while (len < 3 && strchr("zlh", *p))
            kind[len++] = *p++;
        if (!*p || !strchr("sudxc", *p) || arg < 0 || arg >= max)
            return -1;
        kind[len] = *p;
        memcpy(kinds[arg], kind, sizeof kind);
        if (arg + 1 > n)
            n = arg + 1;
    }
    return n;
}

/* The message templates of lib/rules.def: the Japanese one takes the same arguments as the
 * English one, and the rules that have one are those raised with a fixed sentence. */
static void test_core_rule_templates(void)
{
    size_t with = 0;
    for (size_t i = 0; i < riap_rule_count(); i++) {
        const char *en = riap__rule_message((riap__rule)i, false),
                   *ja = riap__rule_message((riap__rule)i, true);
        CU_ASSERT_STRING_EQUAL(riap__rule_name((riap__rule)i), riap_rule_id(i));
        CU_ASSERT_EQUAL(riap__rule_severity((riap__rule)i), riap_rule_severity(i));
        CU_ASSERT_EQUAL(en == NULL, ja == NULL);
        /* a rule without a template reads as its description, which holds no conversion */
        CU_ASSERT_PTR_NOT_NULL(riap__rule_format((riap__rule)i, false));
        CU_ASSERT_PTR_NOT_NULL(riap__rule_format((riap__rule)i, true));
        CU_ASSERT_PTR_NULL(strchr(riap_rule_description(i, 0), '%'));
        CU_ASSERT_PTR_NULL(strchr(riap_rule_description(i, RIAP_OPT_LANG_JA), '%'));
        if (!en || !ja)
            continue;
        with++;
        char ke[8][4], kj[8][4];
        memset(ke, 0, sizeof ke);
        memset(kj, 0, sizeof kj);
        int ne = conversions(en, ke, 8), nj = conversions(ja, kj, 8);
        if (ne != nj || memcmp(ke, kj, sizeof ke) != 0)
            fprintf(stderr, "\n  %s: the templates take other arguments: '%s' / '%s'",
                    riap_rule_id(i), en, ja);
        CU_ASSERT_TRUE(ne >= 0 && ne == nj && !memcmp(ke, kj, sizeof ke));
    }
    CU_ASSERT_EQUAL(riap__rule_message(RIAP__R_SYNTAX, false), NULL);
    CU_ASSERT_STRING_EQUAL(riap__rule_message(RIAP__R_PERIOD_OVERLAP, false),
                           "the plans '%s' and '%s' of %s have overlapping periods");
    CU_ASSERT_TRUE(with >= 25);
    /* the checker itself: a reordered Japanese template is the same arguments; another type
     * or another count is not */
    char a[8][4], b[8][4];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CU_ASSERT_EQUAL(conversions("%s and %u (%zu)", a, 8), 3);
    CU_ASSERT_EQUAL(conversions("%3$zu の %2$u と %1$s", b, 8), 3);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof a), 0);
    memset(b, 0, sizeof b);
    CU_ASSERT_EQUAL(conversions("%2$zu の %1$s", b, 8), 2);
    CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof a), 0);
    CU_ASSERT_EQUAL(conversions("%1$s %s", b, 8), -1);
    CU_ASSERT_EQUAL(conversions("100%% %.2s", b, 8), 1);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("core", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_core_status_names);
    ADD_TEST(s, test_core_version);
    ADD_TEST(s, test_core_free_null);
    ADD_TEST(s, test_core_ctx_options);
    ADD_TEST(s, test_core_ctx_diagnostics_cleared_per_call);
    ADD_TEST(s, test_core_iso_dates);
    ADD_TEST(s, test_core_date_validity);
    ADD_TEST(s, test_core_days_roundtrip);
    ADD_TEST(s, test_core_utf8_matches_icu);
    ADD_TEST(s, test_core_utf8_encode_decode);
    ADD_TEST(s, test_core_excerpt);
    ADD_TEST(s, test_core_alloc_failure_sweep);
    ADD_TEST(s, test_core_rules);
    ADD_TEST(s, test_core_rule_templates);
    return 0;
}
