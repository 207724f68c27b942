/* SPDX-License-Identifier: MIT */
/* Metamorphic properties of riap_era_find over generated running text: the dates of the tables of
 * tests/data/era/ set in Japanese prose, in paragraphs, with a fixed seed (RIAP_PROPS_ROUNDS
 * texts, default 150; RIAP_PROPS_SEED picks another seed). For each text:
 *  - transcoded to Shift_JIS, EUC-JP and UTF-16 and decoded with riap_era_decode_text (the
 *    encoding detected), it gives back the same text, and so the same matches;
 *  - with each line indented by 　 or spaces, the same matches, each on its line one column
 *    further per character of indent;
 *  - with its ASCII digits (and era letters and separators of compact forms) full-width, the
 *    same matches: the same status and days;
 *  - no match starts or ends with white space; each match parsed alone gives the same status
 *    and days, or (read against the date before it) is no date alone. */
#include "runner.h"

#include <riap.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

/* ---- a small buffer and a fixed generator ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->p = realloc(b->p, b->cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b->p);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    return riap_test_below(&rng_state, n);
}

/* ---- the dates: rows of the tables that Shift_JIS and EUC-JP both carry ---- */

#define MAX_ROWS 1024
static char *rows[MAX_ROWS];
static size_t nrows;

/* Does s survive a round trip through the ICU converter `enc`, character for character? */
static int round_trips(const char *enc, const char *s, size_t n)
{
    UErrorCode ec = U_ZERO_ERROR;
    UChar u[2048], back[2048];
    char bytes[4096];
    int32_t un = 0;
    u_strFromUTF8(u, 2048, &un, s, (int32_t)n, &ec);
    UConverter *cv = ucnv_open(enc, &ec);
    if (U_FAILURE(ec))
        return 0;
    ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    int32_t bn = ucnv_fromUChars(cv, bytes, sizeof bytes, u, un, &ec);
    int32_t back_n = U_SUCCESS(ec) ? ucnv_toUChars(cv, back, 2048, bytes, bn, &ec) : 0;
    ucnv_close(cv);
    return U_SUCCESS(ec) && back_n == un && !memcmp(u, back, (size_t)un * sizeof *u);
}

static void load_rows(void)
{
    if (nrows)
        return;
    const char *dir = riap_test_path("era");
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".tsv"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = riap_test_read(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(data);
        char *save = NULL;
        int lineno = 0;
        for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (lineno++ == 0 || line[0] == '#' || strstr(line, "noscan") ||
                !strstr(line, "\tlenient\t"))
                continue;
            char *tab = strchr(line, '\t');
            size_t n = (size_t)(tab - line);
            if (nrows < MAX_ROWS && round_trips("windows-31j", line, n) &&
                round_trips("EUC-JP", line, n)) {
                rows[nrows] = malloc(n + 1);
                CU_ASSERT_PTR_NOT_NULL_FATAL(rows[nrows]);
                memcpy(rows[nrows], line, n);
                rows[nrows++][n] = '\0';
            }
        }
        free(data);
    }
    closedir(d);
}

static void free_rows(void)
{
    for (size_t i = 0; i < nrows; i++)
        free(rows[i]);
    nrows = 0;
}

/* Prose around the dates: words that start and end no date. */
static const char *const before[] = {"本計画は、", "期間は",   "なお、",       "また",
                                     "事業を",     "説明会：", "地域の産業は", "締切は"};
static const char *const after[] = {"に実施する。", "とする。", "の予定である。",
                                    "に開催。",     "を目標に", "、"};

/* A text of a few paragraphs, each of a few lines, each line of a few dates in prose. */
static void generate(buf *b)
{
    b->n = 0;
    puts_(b, "");
    unsigned paragraphs = 1 + rnd(3);
    for (unsigned p = 0; p < paragraphs; p++) {
        unsigned lines = 1 + rnd(4);
        for (unsigned l = 0; l < lines; l++) {
            unsigned dates = 1 + rnd(3);
            for (unsigned k = 0; k < dates; k++) {
                puts_(b, before[rnd(sizeof before / sizeof before[0])]);
                puts_(b, rows[rnd((uint32_t)nrows)]);
                puts_(b, after[rnd(sizeof after / sizeof after[0])]);
            }
            puts_(b, "\n");
        }
        puts_(b, "\n");
    }
}

/* ---- the matches of a text ---- */

typedef struct found {
    size_t off, len;  /* bytes */
    size_t line, col; /* col: characters from 1 */
    riap_status st;
    riap_era_range r; /* when st is RIAP_OK */
    uint32_t context;
} found;

#define MAX_FOUND 256

static size_t find_all(const char *text, size_t len, found *out)
{
    riap_ctx *ctx = NULL;
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    size_t n = 0, at = 0, line = 1, col = 1, counted = 0;
    while (n < MAX_FOUND && riap_era_find(m, ctx, text, len, at) == RIAP_OK &&
           riap_era_match_found(m)) {
        found *f = &out[n++];
        f->off = riap_era_match_offset(m);
        f->len = riap_era_match_length(m);
        for (; counted < f->off; counted++) {
            if (text[counted] == '\n')
                line++, col = 1;
            else if (((unsigned char)text[counted] & 0xC0) != 0x80)
                col++;
        }
        f->line = line;
        f->col = col;
        f->st = riap_era_match_status(m);
        memset(&f->r, 0, sizeof f->r);
        if (f->st == RIAP_OK)
            riap_era_match_range(m, &f->r);
        f->context = riap_era_match_flags(m) & RIAP_ERA_MATCH_CONTEXT;
        at = f->off + f->len;
    }
    riap_era_match_free(m);
    riap_ctx_free(ctx);
    return n;
}

static int same_days(const found *a, const found *b)
{
    return a->st == b->st &&
           (a->st != RIAP_OK || (!riap_date_compare(&a->r.start, &b->r.start) &&
                                 !riap_date_compare(&a->r.end, &b->r.end) &&
                                 a->r.start_granularity == b->r.start_granularity &&
                                 a->r.end_granularity == b->r.end_granularity));
}

static unsigned failures;

static void report(const char *what, const char *text)
{
    if (failures++ < 5)
        fprintf(stderr, "\n  %s, in:\n%s", what, text);
}

/* ---- the properties ---- */

static int is_white_at(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
           (c == 0xE3 && i + 2 < n + 1 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x80);
}

/* No match begins or ends with white space; alone, each gives what it gave in the text. */
static void check_alone(const char *text, const found *f, size_t n)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    for (size_t k = 0; k < n; k++) {
        const char *s = text + f[k].off;
        size_t len = f[k].len;
        int white = is_white_at(s, 0, len) || (len >= 1 && is_white_at(s, len - 1, len)) ||
                    (len >= 3 && is_white_at(s, len - 3, len));
        if (white)
            report("a match starts or ends with white space", text);
        CU_ASSERT_FALSE(white);
        riap_era_range r;
        riap_status st = riap_era_parse(&r, ctx, s, len);
        found alone = f[k];
        alone.st = st;
        if (st == RIAP_OK)
            alone.r = r;
        int ok = f[k].context ? st != RIAP_OK : same_days(&f[k], &alone);
        if (!ok)
            report("a match reads otherwise alone", text);
        CU_ASSERT_TRUE(ok);
    }
    riap_ctx_free(ctx);
}

/* Encodes UTF-8 text with ICU converter enc (UTF-16 gets a byte-order mark). */
static char *encode(const char *enc, const char *text, size_t len, size_t *out_len)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t un = 0;
    u_strFromUTF8(NULL, 0, &un, text, (int32_t)len, &ec);
    ec = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)un + 2) * sizeof *u);
    u[0] = 0xFEFF;
    u_strFromUTF8(u + 1, un + 1, NULL, text, (int32_t)len, &ec);
    int bom = !strcmp(enc, "UTF-16LE");
    UConverter *cv = ucnv_open(enc, &ec);
    size_t cap = 4 * ((size_t)un + 2);
    char *out = malloc(cap);
    int32_t n = ucnv_fromUChars(cv, out, (int32_t)cap, bom ? u : u + 1, un + bom, &ec);
    ucnv_close(cv);
    free(u);
    CU_ASSERT_TRUE(U_SUCCESS(ec));
    *out_len = (size_t)n;
    return out;
}

static void check_encodings(const char *text, size_t len)
{
    static const char *const encs[] = {"windows-31j", "EUC-JP", "UTF-16LE"};
    static const char *const names[] = {"Shift_JIS", "EUC-JP", "UTF-16LE"};
    for (size_t e = 0; e < 3; e++) {
        size_t bn;
        char *bytes = encode(encs[e], text, len, &bn);
        char *back = NULL;
        size_t back_n = 0;
        const char *detected = NULL;
        riap_status st = riap_era_decode_text(&back, &back_n, NULL, bytes, bn, NULL, &detected);
        int ok = st == RIAP_OK && back_n == len && !memcmp(back, text, len) && detected &&
                 !strcmp(detected, names[e]);
        if (!ok)
            report("the text does not come back whole from its encoding", text);
        CU_ASSERT_TRUE(ok);
        riap_free(back);
        free(bytes);
    }
}

/* Each line indented: the same matches, each one column further per character of indent. */
static void check_indent(const char *text, size_t len, const found *f, size_t n)
{
    buf b = {0};
    size_t indents[512] = {0}, line = 1;
    puts_(&b, "");
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || text[i - 1] == '\n') {
            size_t k = rnd(3);
            if (line < 512)
                indents[line] = k;
            for (size_t j = 0; j < k; j++)
                puts_(&b, rnd(2) ? "　" : " ");
            line++;
        }
        put(&b, text + i, 1);
    }
    found g[MAX_FOUND];
    size_t m = find_all(b.p, b.n, g);
    int ok = m == n;
    for (size_t k = 0; ok && k < n; k++)
        ok = same_days(&f[k], &g[k]) && f[k].len == g[k].len && f[k].line == g[k].line &&
             g[k].col == f[k].col + (f[k].line < 512 ? indents[f[k].line] : 0) &&
             !memcmp(text + f[k].off, b.p + g[k].off, f[k].len);
    if (!ok)
        report("indenting the lines changes more than the columns", b.p);
    CU_ASSERT_TRUE(ok);
    free(b.p);
}

/* ASCII digits made full-width: the same matches, the same days. */
static void check_fullwidth(const char *text, size_t len, const found *f, size_t n)
{
    buf b = {0};
    puts_(&b, "");
    /* with them, an era letter before a digit (R5.4) and a separator between digits (5.4,
     * 2022/4, 2022-04) are made full-width too (Ｒ５．４) */
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        bool digit_after = i + 1 < len && text[i + 1] >= '0' && text[i + 1] <= '9';
        bool digit_before = i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9';
        if (c >= '0' && c <= '9') {
            char fw[3] = {(char)0xEF, (char)0xBC, (char)(0x90 + (c - '0'))};
            put(&b, fw, 3);
        } else if (strchr("RHSTM", c) && c && digit_after) {
            char fw[3] = {(char)0xEF, (char)0xBC, (char)(0xA1 + (c - 'A'))};
            put(&b, fw, 3);
        } else if (strchr("./-", c) && c && digit_before && digit_after) {
            char fw[3] = {(char)0xEF, (char)0xBC, (char)(c == '.' ? 0x8E : c == '/' ? 0x8F : 0x8D)};
            put(&b, fw, 3);
        } else {
            put(&b, text + i, 1);
        }
    }
    found g[MAX_FOUND];
    size_t m = find_all(b.p, b.n, g);
    int ok = m == n;
    for (size_t k = 0; ok && k < n; k++)
        ok = same_days(&f[k], &g[k]) && f[k].line == g[k].line && f[k].col == g[k].col;
    if (!ok)
        report("full-width digits change the matches", b.p);
    CU_ASSERT_TRUE(ok);
    free(b.p);
}

static void test_era_find_properties(void)
{
    load_rows();
    CU_ASSERT_TRUE_FATAL(nrows >= 100);
    const char *env = getenv("RIAP_PROPS_ROUNDS");
    unsigned rounds = env ? (unsigned)strtoul(env, NULL, 10) : 150;
    if (riap_test_quick() && !env)
        rounds = 20;
    rng_state = riap_test_seed(20261202u);
    buf b = {0};
    found f[MAX_FOUND];
    size_t total = 0;
    for (unsigned r = 0; r < rounds; r++) {
        generate(&b);
        size_t n = find_all(b.p, b.n, f);
        total += n;
        check_alone(b.p, f, n);
        check_encodings(b.p, b.n);
        check_indent(b.p, b.n, f, n);
        check_fullwidth(b.p, b.n, f, n);
    }
    CU_ASSERT_TRUE(total >= rounds); /* the texts hold dates, and they are found */
    free(b.p);
    free_rows();
}

/* Shift_JIS decoded by the library's table against ICU's converter: over every two-byte
 * sequence and random texts, the same characters, and the same first bad byte. */
static int icu_decode(const char *enc, const char *b, size_t n, char *out, size_t cap,
                      size_t *out_len, size_t *bad)
{
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *from = ucnv_open(enc, &ec), *to = ucnv_open("UTF-8", &ec);
    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    char *t = out;
    const char *src = b;
    UChar pivot[256], *ps = pivot, *pt = pivot;
    ucnv_convertEx(to, from, &t, out + cap, &src, b + n, pivot, &ps, &pt, pivot + 256, 1, 1, &ec);
    int ok = U_SUCCESS(ec);
    if (!ok) {
        char inv[32];
        int8_t il = sizeof inv;
        UErrorCode e2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(from, inv, &il, &e2);
        *bad = (size_t)(src - b) - (size_t)il;
    }
    *out_len = (size_t)(t - out);
    ucnv_close(from);
    ucnv_close(to);
    return ok;
}

static void test_sjis_table_agrees_with_icu(void)
{
    char in[64], a[256];
    unsigned disagree = 0, n_ok = 0;
    for (unsigned r = 0; r < 20000 + 0x10000; r++) {
        size_t n;
        if (r < 0x10000) { /* every pair of bytes, between two letters */
            in[0] = 'a';
            in[1] = (char)(r >> 8);
            in[2] = (char)(r & 0xFF);
            in[3] = 'b';
            n = 4;
        } else { /* random texts of bytes that are mostly Japanese */
            n = 1 + rnd(40);
            for (size_t i = 0; i < n; i++)
                in[i] = (char)(rnd(4) ? 0x81 + rnd(0x7C) : rnd(256));
        }
        /* ICU's windows-31j swaps the controls 0x1A, 0x1C and 0x7F (an IBM legacy); the library
         * reads ASCII as ASCII, as Windows and every other decoder do */
        if (memchr(in, 0x1A, n) || memchr(in, 0x1C, n) || memchr(in, 0x7F, n))
            continue;
        size_t an = 0, abad = 0;
        int icu_ok = icu_decode("windows-31j", in, n, a, sizeof a, &an, &abad);
        char *mine = NULL;
        size_t mn = 0;
        riap_ctx *ctx = NULL;
        riap_ctx_new(&ctx);
        riap_status st = riap_era_decode_text(&mine, &mn, ctx, in, n, "Shift_JIS", NULL);
        int same = (st == RIAP_OK) == icu_ok;
        if (same && icu_ok)
            same = mn == an && !memcmp(mine, a, an);
        else if (same)
            same = riap_diag_offset(riap_ctx_last_error(ctx)) == (int64_t)abad;
        n_ok += icu_ok;
        if (!same && disagree++ < 5)
            fprintf(stderr, "\n  Shift_JIS %02x %02x (%zu bytes): library %d, ICU %d", in[1] & 0xFF,
                    in[2] & 0xFF, n, st, icu_ok);
        riap_free(mine);
        riap_ctx_free(ctx);
    }
    CU_ASSERT_EQUAL(disagree, 0);
    CU_ASSERT_TRUE(n_ok > 7000); /* CP932 has more than 7,000 two-byte characters */
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("era in generated running text", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_era_find_properties);
    ADD_TEST(s, test_sjis_table_agrees_with_icu);
    return 0;
}
