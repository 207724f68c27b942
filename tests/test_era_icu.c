/* SPDX-License-Identifier: MIT */
/* era_icu: the exhaustive cross-check against ICU's Japanese calendar. For every day from
 * 1873-01-01 to 2200-12-31, riap_era_format_day() gives ICU's era and year, and parsing the
 * formatted text (kanji era, Latin compact, full-width digits) gives the same day back. */
#include "runner.h"

#include "riap.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ucal.h>

/* ICU numbers the Japanese eras from 大化 (645) on: 明治 is era 232. */
#define ICU_MEIJI 232

static UCalendar *japanese_calendar(void)
{
    UErrorCode ec = U_ZERO_ERROR;
    UChar utc[4] = {'U', 'T', 'C', 0};
    UCalendar *cal = ucal_open(utc, 3, "ja_JP@calendar=japanese", UCAL_DEFAULT, &ec);
    if (U_FAILURE(ec))
        return NULL;
    return cal;
}

static void test_era_icu_calendar_is_japanese(void)
{
    UCalendar *cal = japanese_calendar();
    CU_ASSERT_PTR_NOT_NULL_FATAL(cal);
    UErrorCode ec = U_ZERO_ERROR;
    ucal_setMillis(cal, (19083.0 * 86400.0 + 43200.0) * 1000.0, &ec); /* 2022-04-01 */
    CU_ASSERT_EQUAL(ucal_get(cal, UCAL_ERA, &ec), ICU_MEIJI + RIAP_ERA_REIWA);
    CU_ASSERT_EQUAL(ucal_get(cal, UCAL_YEAR, &ec), 4);
    CU_ASSERT_FALSE(U_FAILURE(ec));
    ucal_close(cal);
}

static int days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : len[m - 1];
}

static void test_era_icu_every_day(void)
{
    UCalendar *cal = japanese_calendar();
    CU_ASSERT_PTR_NOT_NULL_FATAL(cal);
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    long days_checked = 0, era_mismatch = 0, year_mismatch = 0, text_mismatch = 0;
    long roundtrip_fail[3] = {0, 0, 0};
    double day_number = -35428.0; /* 1873-01-01, days since 1970-01-01 */
    int step = riap_test_quick() ? 97 : 1;
    for (int y = 1873; y <= 2200; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= days_in_month(y, m); d++, day_number += 1.0) {
                if (((long)day_number % step) != 0)
                    continue;
                UErrorCode ec = U_ZERO_ERROR;
                ucal_setMillis(cal, (day_number * 86400.0 + 43200.0) * 1000.0, &ec);
                int icu_era = ucal_get(cal, UCAL_ERA, &ec) - ICU_MEIJI;
                int icu_year = ucal_get(cal, UCAL_YEAR, &ec);
                int icu_month = ucal_get(cal, UCAL_MONTH, &ec) + 1;
                int icu_day = ucal_get(cal, UCAL_DATE, &ec);
                if (U_FAILURE(ec) || icu_month != m || icu_day != d) {
                    era_mismatch++;
                    continue;
                }
                riap_date day = {y, m, d};
                char *text = NULL;
                if (riap_era_format_day(&text, ctx, &day, RIAP_FORMAT_NUMERIC_YEAR) != RIAP_OK) {
                    text_mismatch++;
                    continue;
                }
                const char *name = riap_era_name(ctx, (size_t)(icu_era < 0 ? 99 : icu_era));
                char want[64];
                snprintf(want, sizeof want, "%s%d年%d月%d日", name ? name : "?", icu_year, m, d);
                if (!name)
                    era_mismatch++;
                else if (strcmp(text, want) != 0)
                    year_mismatch++;
                riap_free(text);
                /* round trips through three spellings */
                static const unsigned flags[3] = {0, RIAP_FORMAT_LATIN, RIAP_FORMAT_FULLWIDTH};
                for (int k = 0; k < 3; k++) {
                    char *t = NULL;
                    riap_era_range r;
                    if (riap_era_format_day(&t, ctx, &day, flags[k]) != RIAP_OK ||
                        riap_era_parse(&r, ctx, t, strlen(t)) != RIAP_OK || r.warnings ||
                        r.start.year != y || r.start.month != m || r.start.day != d ||
                        r.end.year != y || r.end.month != m || r.end.day != d ||
                        r.start_era != icu_era || r.start_granularity != RIAP_GRANULARITY_DAY) {
                        if (roundtrip_fail[k]++ < 5)
                            fprintf(stderr, "\n  round trip %d failed for %04d-%02d-%02d (%s)\n", k,
                                    y, m, d, t ? t : "-");
                    }
                    riap_free(t);
                }
                days_checked++;
            }
        }
    }
    CU_ASSERT_EQUAL(era_mismatch, 0);
    CU_ASSERT_EQUAL(year_mismatch, 0);
    CU_ASSERT_EQUAL(text_mismatch, 0);
    CU_ASSERT_EQUAL(roundtrip_fail[0], 0);
    CU_ASSERT_EQUAL(roundtrip_fail[1], 0);
    CU_ASSERT_EQUAL(roundtrip_fail[2], 0);
    if (step == 1)
        CU_ASSERT_EQUAL(days_checked, 119799); /* 1873-01-01..2200-12-31 */
    printf("\n  cross-checked %ld days against ICU\n", days_checked);
    riap_ctx_free(ctx);
    ucal_close(cal);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("era_icu", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_era_icu_calendar_is_japanese);
    ADD_TEST(s, test_era_icu_every_day);
    return 0;
}
