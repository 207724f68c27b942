/* SPDX-License-Identifier: MIT */
/* bench/era: throughput of riap_era_parse on 1,000,000 day expressions in mixed spellings,
 * side by side, in the same run, with ICU's udat_parse (pattern Gy年M月d日, locale
 * ja_JP@calendar=japanese) on the inputs ICU can read, and with a minimal parser that knows
 * only the kanji-era-with-ASCII-digits spelling. Run by hand: ./bench/era [N] */
#include <riap.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

enum { SP_ASCII, SP_FULLWIDTH, SP_LATIN, SP_KANJI_NUM, SP_COUNT };
static const char *sp_name[SP_COUNT] = {"kanji era, ASCII digits", "kanji era, full-width digits",
                                        "Latin compact (R4.4.1)", "kanji era, kanji numerals"};

/* One expression: where its text is and the day it denotes. Entries of one spelling are
 * contiguous (from[sp] to from[sp + 1]); `mixed` lists all of them interleaved. */
typedef struct entry {
    uint32_t off;
    uint16_t len;
    int16_t y;
    int8_t m, d, sp;
} entry;

typedef struct corpus {
    char *buf;
    entry *e;
    size_t *mixed;
    size_t from[SP_COUNT + 1];
    size_t n;
} corpus;

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int dim(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : len[m - 1];
}

static void append_kanji_num(char *out, size_t *o, int v)
{
    static const char *dig[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (v >= 10) {
        if (v / 10 > 1) {
            memcpy(out + *o, dig[v / 10], 3);
            *o += 3;
        }
        memcpy(out + *o, "十", 3);
        *o += 3;
        v %= 10;
        if (v == 0)
            return;
    }
    memcpy(out + *o, dig[v], 3);
    *o += 3;
}

/* Builds the corpus: days from 1873 to 2100, a quarter in each spelling. */
static void build(corpus *c, size_t n, riap_ctx *ctx)
{
    c->n = n;
    c->buf = malloc(n * 48);
    c->e = malloc(n * sizeof *c->e);
    c->mixed = malloc(n * sizeof *c->mixed);
    size_t o = 0, k = 0;
    for (int sp = 0; sp < SP_COUNT; sp++) {
        c->from[sp] = k;
        size_t count = n / SP_COUNT + ((size_t)sp < n % SP_COUNT);
        for (size_t j = 0; j < count; j++, k++) {
            riap_date day;
            day.year = 1873 + (int)(next_rand() % 228);
            day.month = 1 + (int)(next_rand() % 12);
            day.day = 1 + (int)(next_rand() % (uint32_t)dim(day.year, day.month));
            char *t = NULL;
            unsigned flags = sp == SP_FULLWIDTH ? RIAP_FORMAT_FULLWIDTH
                             : sp == SP_LATIN   ? RIAP_FORMAT_LATIN
                                                : RIAP_FORMAT_NUMERIC_YEAR;
            if (riap_era_format_day(&t, ctx, &day, flags) != RIAP_OK) {
                fprintf(stderr, "format failed\n");
                exit(2);
            }
            size_t start = o;
            if (sp == SP_KANJI_NUM) {
                /* rewrite the digits of the ASCII form as kanji numerals */
                for (const char *p = t; *p;) {
                    if (*p >= '0' && *p <= '9') {
                        int v = 0;
                        while (*p >= '0' && *p <= '9')
                            v = v * 10 + (*p++ - '0');
                        append_kanji_num(c->buf, &o, v);
                    } else {
                        c->buf[o++] = *p++;
                    }
                }
            } else {
                size_t l = strlen(t);
                memcpy(c->buf + o, t, l);
                o += l;
            }
            c->e[k] = (entry){(uint32_t)start,   (uint16_t)(o - start), (int16_t)day.year,
                              (int8_t)day.month, (int8_t)day.day,       (int8_t)sp};
            riap_free(t);
        }
    }
    c->from[SP_COUNT] = k;
    /* interleave: one of each spelling in turn */
    size_t next[SP_COUNT], m = 0;
    for (int sp = 0; sp < SP_COUNT; sp++)
        next[sp] = c->from[sp];
    while (m < n)
        for (int sp = 0; sp < SP_COUNT && m < n; sp++)
            if (next[sp] < c->from[sp + 1])
                c->mixed[m++] = next[sp]++;
}

/* The reference: a minimal parser for "<kanji era><digits>年<digits>月<digits>日" only. */
static const struct {
    const char *name;
    int first_year;
} mini_eras[] = {{"明治", 1868}, {"大正", 1912}, {"昭和", 1926}, {"平成", 1989}, {"令和", 2019}};

static int mini_parse(const char *s, size_t len, int *y, int *m, int *d)
{
    if (len < 6)
        return -1;
    int base = -1;
    for (int e = 0; e < 5; e++)
        if (memcmp(s, mini_eras[e].name, 6) == 0)
            base = mini_eras[e].first_year - 1;
    if (base < 0)
        return -1;
    size_t i = 6;
    int v[3];
    static const char *unit[3] = {"年", "月", "日"};
    for (int k = 0; k < 3; k++) {
        int x = 0, nd = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 4) {
            x = x * 10 + (s[i++] - '0');
            nd++;
        }
        if (!nd || i + 3 > len || memcmp(s + i, unit[k], 3) != 0)
            return -1;
        i += 3;
        v[k] = x;
    }
    if (i != len || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > dim(base + v[0], v[1]))
        return -1;
    *y = base + v[0];
    *m = v[1];
    *d = v[2];
    return 0;
}

typedef struct result {
    size_t count, wrong;
    double secs;
} result;

static inline int parse_ok(const corpus *c, riap_ctx *ctx, size_t i)
{
    const entry *e = &c->e[i];
    riap_era_range out;
    return riap_era_parse(&out, ctx, c->buf + e->off, e->len) == RIAP_OK &&
           out.start.year == e->y && out.start.month == e->m && out.start.day == e->d;
}

/* Parses every input of spelling sp (or all, interleaved, for sp < 0) `reps` times; keeps the
 * best time. */
static result run_riap(const corpus *c, riap_ctx *ctx, int sp, int reps)
{
    result best = {0, 0, 1e30};
    for (int r = 0; r < reps; r++) {
        result cur = {0, 0, 0};
        double t0 = now();
        if (sp >= 0) {
            for (size_t i = c->from[sp]; i < c->from[sp + 1]; i++)
                cur.wrong += !parse_ok(c, ctx, i);
            cur.count = c->from[sp + 1] - c->from[sp];
        } else {
            for (size_t j = 0; j < c->n; j++)
                cur.wrong += !parse_ok(c, ctx, c->mixed[j]);
            cur.count = c->n;
        }
        cur.secs = now() - t0;
        if (cur.secs < best.secs)
            best = cur;
    }
    return best;
}

static result run_mini(const corpus *c, int reps)
{
    result best = {0, 0, 1e30};
    for (int r = 0; r < reps; r++) {
        result cur = {0, 0, 0};
        double t0 = now();
        for (size_t i = c->from[SP_ASCII]; i < c->from[SP_ASCII + 1]; i++) {
            const entry *e = &c->e[i];
            int y, m, d;
            if (mini_parse(c->buf + e->off, e->len, &y, &m, &d) != 0 || y != e->y || m != e->m ||
                d != e->d)
                cur.wrong++;
            cur.count++;
        }
        cur.secs = now() - t0;
        if (cur.secs < best.secs)
            best = cur;
    }
    return best;
}

/* ICU on up to `limit` inputs; `readable` marks the inputs ICU parses to the right day. */
static result run_icu(const corpus *c, size_t limit, unsigned char *readable, double *ok_secs)
{
    UErrorCode ec = U_ZERO_ERROR;
    UChar pat[16], tz[4] = {'U', 'T', 'C', 0};
    u_strFromUTF8(pat, 16, NULL, "Gy年M月d日", -1, &ec);
    UDateFormat *df =
        udat_open(UDAT_PATTERN, UDAT_PATTERN, "ja_JP@calendar=japanese", tz, 3, pat, -1, &ec);
    if (U_FAILURE(ec)) {
        fprintf(stderr, "udat_open: %s\n", u_errorName(ec));
        exit(2);
    }
    result res = {0, 0, 0};
    double total = 0;
    for (size_t j = 0; j < c->n && res.count < limit; j++) {
        size_t i = c->mixed[j];
        const entry *e = &c->e[i];
        UChar u[64];
        int32_t ulen;
        UErrorCode e2 = U_ZERO_ERROR;
        u_strFromUTF8(u, 64, &ulen, c->buf + e->off, (int32_t)e->len, &e2);
        int32_t pos = 0;
        double t0 = now();
        UDate when = udat_parse(df, u, ulen, &pos, &e2);
        double dt = now() - t0;
        total += dt;
        res.count++;
        long days = (long)((when >= 0 ? when : when - 86399999.0) / 86400000.0);
        /* days since 1970 of the expected day */
        int y = e->y, m = e->m, d = e->d;
        int yy = m <= 2 ? y - 1 : y;
        long era = (yy >= 0 ? yy : yy - 399) / 400;
        long yoe = yy - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long want = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
        readable[i] = U_SUCCESS(e2) && pos == ulen && days == want;
        if (!readable[i])
            res.wrong++;
        else
            *ok_secs += dt;
    }
    res.secs = total;
    udat_close(df);
    return res;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    size_t icu_n = n < 100000 ? n : 100000;
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 2;
    corpus c;
    build(&c, n, ctx);
    printf("libriap %s: riap_era_parse on %zu day expressions (one core)\n\n",
           riap_version_string(), n);
    printf("%-32s %10s %14s %10s %8s\n", "spelling", "inputs", "expr/s", "ns/expr", "wrong");
    double rate[SP_COUNT];
    for (int sp = 0; sp < SP_COUNT; sp++) {
        result r = run_riap(&c, ctx, sp, 5);
        rate[sp] = (double)r.count / r.secs;
        printf("%-32s %10zu %14.0f %10.1f %8zu\n", sp_name[sp], r.count, rate[sp],
               1e9 * r.secs / (double)r.count, r.wrong);
    }
    result all = run_riap(&c, ctx, -1, 5);
    printf("%-32s %10zu %14.0f %10.1f %8zu\n", "all spellings, mixed", all.count,
           (double)all.count / all.secs, 1e9 * all.secs / (double)all.count, all.wrong);

    /* the comparison with the minimal parser: the two interleaved, 9 rounds, the best of each
     * kept, so that a slow spell of a shared machine hits both alike */
    result mini = {0, 0, 1e30}, ours = {0, 0, 1e30};
    for (int round = 0; round < 9; round++) {
        result m = run_mini(&c, 1), r = run_riap(&c, ctx, SP_ASCII, 1);
        if (m.secs < mini.secs)
            mini = m;
        if (r.secs < ours.secs)
            ours = r;
    }
    double mini_rate = (double)mini.count / mini.secs, ours_rate = (double)ours.count / ours.secs;
    printf(
        "\nreference: minimal parser (kanji era + ASCII digits only): %.0f expr/s, %.1f ns/expr\n"
        "riap_era_parse on the same inputs, interleaved with it:    %.0f expr/s, %.1f ns/expr\n",
        mini_rate, 1e9 * mini.secs / (double)mini.count, ours_rate,
        1e9 * ours.secs / (double)ours.count);
    printf("riap_era_parse vs minimal parser (same inputs): %.2fx slower\n", mini_rate / ours_rate);

    /* ICU on a sample; riap on exactly the inputs ICU read correctly */
    unsigned char *readable = calloc(n, 1);
    double icu_ok_secs = 0;
    result icu = run_icu(&c, icu_n, readable, &icu_ok_secs);
    size_t same = 0;
    double riap_secs = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        size_t k = 0, bad = 0;
        double t0 = now();
        for (size_t j = 0; j < icu_n; j++) {
            if (!readable[c.mixed[j]])
                continue;
            bad += !parse_ok(&c, ctx, c.mixed[j]);
            k++;
        }
        double t = now() - t0;
        if (t < riap_secs)
            riap_secs = t;
        same = k;
        if (bad)
            fprintf(stderr, "riap_era_parse got %zu of ICU's inputs wrong\n", bad);
    }
    size_t icu_ok = icu.count - icu.wrong;
    printf("\nICU udat_parse (Gy年M月d日, ja_JP@calendar=japanese) on %zu inputs: read %zu "
           "correctly\n",
           icu.count, icu_ok);
    for (int sp = 0; sp < SP_COUNT; sp++) {
        size_t k = 0, tot = 0;
        for (size_t j = 0; j < icu_n; j++)
            if (c.e[c.mixed[j]].sp == sp) {
                tot++;
                k += readable[c.mixed[j]];
            }
        printf("  %-32s %6zu of %6zu\n", sp_name[sp], k, tot);
    }
    double icu_rate = (double)(icu.count - icu.wrong) / icu_ok_secs;
    double riap_same_rate = (double)same / riap_secs;
    printf("ICU udat_parse on the inputs it read: %.0f expr/s, %.2f us/expr\n", icu_rate,
           1e6 / icu_rate);
    printf("riap_era_parse on the inputs ICU read: %.0f expr/s\n", riap_same_rate);
    printf("ratio riap/ICU: %.0fx\n", riap_same_rate / icu_rate);

    printf("\ntargets: ASCII kanji >= 15,000,000/s: %s; full-width and kanji numerals >= "
           "3,000,000/s: %s; >= 300x ICU: %s; within 1.7x of the minimal parser: %s\n",
           rate[SP_ASCII] >= 15e6 ? "met" : "NOT met",
           (rate[SP_FULLWIDTH] >= 3e6 && rate[SP_KANJI_NUM] >= 3e6) ? "met" : "NOT met",
           riap_same_rate / icu_rate >= 300 ? "met" : "NOT met",
           mini_rate / ours_rate <= 1.7 ? "met" : "NOT met");
    free(readable);
    free(c.buf);
    free(c.e);
    free(c.mixed);
    riap_ctx_free(ctx);
    return all.wrong ? 1 : 0;
}
