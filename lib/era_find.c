/* SPDX-License-Identifier: MIT */
/* era_find: era expressions in running text (riap_era_find); the match object it fills is in
 * lib/era_match.c.
 *
 * The scanner looks at each byte once for what can start a date (a digit, a Latin era letter,
 * the lead bytes of the era kanji, 西 and the square era forms), checks the few bytes after it
 * for what makes a date unmistakable (an era name with a number, a four-digit year with 年 or a
 * compact form), and only then runs the parser on the text from there, in its prefix mode, to
 * find how far the date goes. The span found is parsed once more on its own, which gives the
 * result and the diagnostics: a match re-parsed alone gives the same range by construction
 * (given the date before it, for a reference or a list's later date: see "the date before"). */
#include "config.h"

#include "era_lex.h"
#include "era_match.h"
#include "era_scan.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- what can start a date ---- */

/* Besides digits: the era table's Latin letters, and the UTF-8 of its one-kanji and square
 * forms, of 西 and of the full-width digits (riap__era_start_chars), built once. The scanner
 * reads the tables, so a new era needs no change here. Each 3-byte start is found by its
 * first two bytes (a "pair") and then its third: pair_of[(a & 15) << 6 | (b & 63)] is 1 + the
 * pair's index, code[pair][c & 63] what the character is (the three bytes of a 3-byte character
 * are each told apart by their low bits: a is 0xE0-0xEF, b and c 0x80-0xBF). */
#define MAX_STARTS 32
#define MAX_PAIRS 12
#define N_SECOND 8
enum {
    START_FW_DIGIT = 1,
    START_SEIREKI,
    START_SQUARE,
    START_ABBR,
    START_REF,
    START_FW_LATIN,
    START_KANJI_ZERO /* 〇 of a Gregorian year in positional kanji digits (二〇二五年) */
};
typedef struct {
    uint8_t kind, era; /* START_*, and the era's index for a square or one-kanji form */
} start_code;
static uint8_t letter_set[128]; /* the Latin era letters, both cases */
static uint8_t pair_of[16 * 64];
static unsigned char pair_b[MAX_PAIRS];
static start_code code[MAX_PAIRS][64];
static size_t n_pairs;
/* the distinct second bytes of the starts, for the vector filter, which is used only when
 * they are at most N_SECOND (true of the built-in tables; else the byte loop finds the same) */
static unsigned char second[N_SECOND];
static size_t n_second;
static bool vector_ok;
static bool starts_ok; /* every start is in the tables (else every byte is looked at) */
static unsigned char era_second[16][3]; /* the UTF-8 of each built-in era's second kanji */
static pthread_once_t starts_once = PTHREAD_ONCE_INIT;
#if defined(__SSE2__)
static __m128i second_v[N_SECOND]; /* each of second[] in every lane */
#endif

static void add_start(uint32_t cp, uint8_t kind, size_t era)
{
    char u[4];
    if (riap__utf8_encode(cp, u) != 3) {
        starts_ok = false; /* the scanner looks at every byte instead */
        return;
    }
    unsigned char a = (unsigned char)u[0], b = (unsigned char)u[1], c = (unsigned char)u[2];
    size_t at = ((size_t)(a & 15) << 6) | (b & 63);
    if (!pair_of[at]) {
        if (n_pairs == MAX_PAIRS) {
            starts_ok = false;
            return;
        }
        pair_b[n_pairs] = b;
        pair_of[at] = (uint8_t)++n_pairs;
        size_t j = 0;
        while (j < n_second && second[j] != b)
            j++;
        if (kind == START_REF || kind == START_KANJI_ZERO) {
            /* 同 and 翌, common kanji, are told by all three bytes (ref_v below): their second
             * bytes alone would stop the filter at a sixtieth of all kanji */
        } else if (j == n_second) {
            if (n_second == N_SECOND)
                vector_ok = false;
            else
                second[n_second++] = b;
        }
    }
    code[pair_of[at] - 1][c & 63] = (start_code){kind, (uint8_t)era};
}

static void build_starts(void)
{
    vector_ok = starts_ok = true;
    for (size_t e = 0; e < riap__era_builtin_count; e++) {
        const riap__era_row *r = &riap__era_builtin[e];
        if (r->abbr)
            add_start(r->abbr, START_ABBR, e);
        if (r->square)
            add_start(r->square, START_SQUARE, e);
        char u[4];
        if (e < 16 && riap__utf8_encode(r->second, u) == 3)
            memcpy(era_second[e], u, 3);
        unsigned char l = (unsigned char)r->latin[0];
        letter_set[l & 0x5F] = letter_set[l | 0x20] = 1;
    }
    if (riap__era_builtin_count > 16)
        starts_ok = false;
    uint32_t cps[MAX_STARTS];
    size_t n = riap__era_start_chars(cps, MAX_STARTS);
    for (size_t k = 0; k < n; k++) {
        size_t e = 0;
        while (e < riap__era_builtin_count && riap__era_builtin[e].abbr != cps[k] &&
               riap__era_builtin[e].square != cps[k])
            e++;
        if (e == riap__era_builtin_count) /* neither: 西 */
            add_start(cps[k], START_SEIREKI, 0);
    }
    for (uint32_t d = 0xFF10; d <= 0xFF19; d++) /* full-width digits start a date too */
        add_start(d, START_FW_DIGIT, 0);
    for (size_t e = 0; e < riap__era_builtin_count; e++) /* Ｒ, Ｈ, Ｓ, Ｔ, Ｍ: full-width eras */
        add_start(0xFF21 + (uint32_t)((riap__era_builtin[e].latin[0] & 0x5F) - 'A'), START_FW_LATIN,
                  e);
    add_start(0x540C, START_REF, 0); /* 同: 同年, 同月, 同三十年, after a date in the paragraph */
    add_start(0x7FCC, START_REF, 0); /* 翌: 翌年度, 翌月 */
    add_start(0x3007, START_KANJI_ZERO, 0);
    for (size_t j = n_second; j < N_SECOND; j++)
        second[j] = second[0]; /* padding repeats a real value: the filter stays fixed */
#if defined(__SSE2__)
    for (size_t j = 0; j < N_SECOND; j++)
        second_v[j] = _mm_set1_epi8((char)second[j]);
#endif
}

/* What the 3-byte character at s[i] is as a start (kind 0: none). */
static inline start_code start_at(const unsigned char *s, size_t n, size_t i)
{
    unsigned char a = s[i];
    start_code none = {0, 0};
    if (a < 0xE0 || a > 0xEF || i + 2 >= n)
        return none;
    unsigned p = pair_of[((unsigned)(a & 15) << 6) | (s[i + 1] & 63)];
    if (!p || s[i + 1] != pair_b[p - 1] || (s[i + 2] & 0xC0) != 0x80)
        return none;
    return code[p - 1][s[i + 2] & 63];
}

/* Four ASCII digits at s[i], not inside a word or a longer number: where a date that starts
 * with a digit starts (2022年, 2022/4/1). */
static inline bool year_digits_at(const unsigned char *s, size_t n, size_t i)
{
    if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.'))
        return false;
    size_t k = i;
    while (k < n && k < i + 5 && is_digit(s[k]))
        k++;
    return k - i == 4;
}

/* A one-kanji era at s[i] (era e) that is only a kanji inside a word: not followed by the era's
 * second kanji (大正), and after a kanji (最大3.5, 平成 aside), where no compact form is read. */
static inline bool abbr_in_word(const unsigned char *s, size_t n, size_t i, size_t e)
{
    size_t k = riap__skip_space(s, n, i + 3, true);
    if (k + 2 < n && memcmp(s + k, era_second[e], 3) == 0)
        return false;
    return i >= 3 && s[i - 3] >= 0xE4 && s[i - 3] <= 0xE9;
}

/* Does a date maybe start at s[i]: an ASCII or full-width digit, a Latin era letter, or one of
 * the characters above? Only a hint: candidate() decides. */
static inline bool maybe_start(const unsigned char *s, size_t n, size_t i)
{
    unsigned char a = s[i];
    if (a < 0x80)
        return is_digit(a) ? year_digits_at(s, n, i) : letter_set[a];
    start_code sc = start_at(s, n, i);
    return sc.kind != 0 && (sc.kind != START_ABBR || !abbr_in_word(s, n, i, sc.era));
}

/* A one-kanji era (令, or an era added at run time) at s[i]: candidate() when the scanner
 * could not tell what the character is. */
static bool era_candidate(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i,
                          size_t *skip, bool *compact)
{
    uint32_t cp;
    size_t k0 = riap__utf8_decode(s + i, n - i, &cp);
    *skip = k0 ? k0 : 1; /* an ill-formed byte is passed one at a time */
    if (!k0)
        return false;
    for (size_t e = 0; e < riap__era_builtin_count; e++) /* a square era form: ㍻, ㋿ */
        if (riap__era_builtin[e].square == cp)
            return number_at(s, n, riap__skip_space(s, n, i + k0, false), true) != 0;
    size_t len, end;
    bool one;
    if (riap__era_name_at(ctx, s, n, i, &len, &one) < 0) {
        if (riap__era_word_kind(s, n, i, &end) == T_SEIREKI) /* 西暦2019年 */
            return number_at(s, n, riap__skip_space(s, n, end, false), false) != 0;
        return false;
    }
    size_t k = riap__skip_space(s, n, i + len, false);
    if (!one)
        return number_at(s, n, k, true) != 0;
    /* a one-kanji era (令5.4) only in a compact form, and not inside a word (最大3.5) */
    if (i >= 3 && s[i - 3] >= 0xE4 && s[i - 3] <= 0xE9)
        return false;
    *compact = true;
    return compact_at(s, n, i + len);
}

/* Is there an unmistakable date starting at s[i]? Sets *skip to the bytes to move on when not,
 * and *compact when it can only be a compact form (R5.4, 令5.4.1, 2022/4), which is a date only
 * when it reads as a right one: M5.0 is a magnitude, 2022-13 a number, not wrong dates. */
static bool candidate(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i, size_t *skip,
                      bool *compact)
{
    unsigned char c = s[i];
    *skip = 1;
    *compact = false;
    if (c < 0x80) {
        if (is_digit(c)) {
            size_t k = i;
            while (k < n && is_digit(s[k]))
                k++;
            *skip = k - i;
            if (!year_digits_at(s, n, i))
                return false;
            /* 2022年, 2022年度, 2019（令和元）年度; 2022.4, 2022/4/1, 2022-04-01 */
            if (nen_at(s, n, k) || paren_at(s, n, k))
                return true;
            *compact = true;
            return sep_digit_at(s, n, k);
        }
        if (i > 0 && is_alnum(s[i - 1]))
            return false;
        if (i + 1 < n && is_alnum(s[i + 1]) && !is_digit(s[i + 1]))
            return false; /* a word: Reiwa, Sat */
        size_t k = i + 1;
        if (k < n && s[k] == '.')
            k++;
        if (latin_nen_at(s, n, k))
            return true; /* R7年4月1日, H30年度 */
        /* in prose a compact form takes an upper-case letter (r8.8 is a version), and a Meiji
         * one a day (M6.5 is a magnitude) */
        if (c >= 'a' || (c == 'M' && !compact_day_at(s, n, k)))
            return false;
        *compact = true;
        return compact_at(s, n, k);
    }
    if (c < 0xE0)
        return false;
    if ((ctx && ctx->n_extra) || !starts_ok)
        return era_candidate(ctx, s, n, i, skip, compact);
    start_code sc = start_at(s, n, i);
    size_t end;
    *skip = 3;
    switch (sc.kind) {
    case START_FW_DIGIT: {
        size_t k = i;
        while (fw_digit(s, n, k))
            k += 3;
        *skip = k - i;
        if ((k - i) / 3 != 4 || (i > 0 && is_digit(s[i - 1])))
            return false;
        if (nen_at(s, n, k) || paren_at(s, n, k))
            return true;
        *compact = true; /* ２０２２/４/１, ２０２２-０４-０１, ２０２５／１０／１ */
        return sep_digit_at(s, n, k);
    }
    case START_FW_LATIN: { /* Ｒ７．１０．１, Ｒ７年度, Ｈ３０．４．１ */
        size_t k = i + 3;
        k += k < n && s[k] == '.' ? 1 : (sep_len(s, n, k) == 3 && s[k + 2] == 0x8E ? 3 : 0);
        size_t d = number_at(s, n, k, true);
        /* not inside a word of full-width letters (ＲＡＭ７．５, ＷＨ３０．４) */
        bool in_word = i >= 3 && s[i - 3] == 0xEF &&
                       ((s[i - 2] == 0xBC && s[i - 1] >= 0xA1 && s[i - 1] <= 0xBA) ||
                        (s[i - 2] == 0xBD && s[i - 1] >= 0x81 && s[i - 1] <= 0x9A));
        if (!d || in_word)
            return false;
        if (nen_at(s, n, d))
            return true;
        *compact = true;
        if (s[i + 2] == 0xAD) { /* Ｍ: a Meiji compact form takes a day (Ｍ６．５ is a magnitude) */
            size_t l = sep_len(s, n, d), m = l ? number_at(s, n, d + l, false) : 0;
            return m && sep_digit_at(s, n, m);
        }
        return sep_digit_at(s, n, d);
    }
    case START_SQUARE: return number_at(s, n, riap__skip_space(s, n, i + 3, false), true) != 0;
    case START_KANJI_ZERO: return false; /* told by kanji_year_at() */
    case START_SEIREKI:
        if (riap__era_word_kind(s, n, i, &end) == T_SEIREKI) /* 西暦2019年 */
            return number_at(s, n, riap__skip_space(s, n, end, false), false) != 0;
        return false;
    case START_ABBR: {
        size_t k = riap__skip_space(s, n, i + 3, true);
        if (k + 2 < n && memcmp(s + k, era_second[sc.era], 3) == 0) /* 令和 */
            return number_at(s, n, riap__skip_space(s, n, k + 3, false), true) != 0;
        /* a one-kanji era (令5.4) only in a compact form, and not inside a word (最大3.5) */
        if (abbr_in_word(s, n, i, sc.era))
            return false;
        *compact = true;
        return compact_at(s, n, i + 3);
    }
    default: {
        size_t k0 = riap__utf8_decode(s + i, n - i, &(uint32_t){0});
        *skip = k0 ? k0 : 1; /* an ill-formed byte is passed one at a time */
        return false;
    }
    }
}

#if defined(__SSE2__)
/* Sixteen bytes at a time (SSE2, on every x86-64): a necessary condition (a digit, a letter,
 * or a lead byte of a 3-byte character followed by one of the starts' second bytes), each
 * hit confirmed by maybe_start(). */
static size_t scan16(const unsigned char *s, size_t n, size_t i)
{
    const __m128i *sb = second_v;
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i lower = _mm_set1_epi8(0x20), la = _mm_set1_epi8('a'), l25 = _mm_set1_epi8(25);
    const __m128i e3 = _mm_set1_epi8((char)0xE3), z2 = _mm_set1_epi8((char)0x80),
                  z3 = _mm_set1_epi8((char)0x87);
    const __m128i r3 = _mm_set1_epi8((char)0x8C), rb1 = _mm_set1_epi8((char)0x90),
                  rb2 = _mm_set1_epi8((char)0xBF);
    while (i + 18 <= n) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        __m128i d = _mm_sub_epi8(a, zero);
        __m128i l = _mm_sub_epi8(_mm_or_si128(a, lower), la);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d),
                                 _mm_cmpeq_epi8(_mm_min_epu8(l, l25), l));
        __m128i bm = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, sb[0]), _mm_cmpeq_epi8(b, sb[1])),
                         _mm_or_si128(_mm_cmpeq_epi8(b, sb[2]), _mm_cmpeq_epi8(b, sb[3]))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, sb[4]), _mm_cmpeq_epi8(b, sb[5])),
                         _mm_or_si128(_mm_cmpeq_epi8(b, sb[6]), _mm_cmpeq_epi8(b, sb[7]))));
        /* 同 (E5 90 8C) and 翌 (E7 BF 8C): the second and third bytes (the lead is checked
         * below with the others', maybe_start() the rest) */
        __m128i c3 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 2));
        bm = _mm_or_si128(
            bm, _mm_and_si128(_mm_cmpeq_epi8(c3, r3),
                              _mm_or_si128(_mm_cmpeq_epi8(b, rb1), _mm_cmpeq_epi8(b, rb2))));
        m = _mm_or_si128(m, _mm_and_si128(bm, _mm_cmpeq_epi8(_mm_max_epu8(a, e3), a)));
        /* 〇 (E3 80 87), told by all three bytes too */
        m = _mm_or_si128(m,
                         _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, e3), _mm_cmpeq_epi8(b, z2)),
                                       _mm_cmpeq_epi8(c3, z3)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        while (bits) {
            size_t at = i + (size_t)__builtin_ctz(bits);
            if (maybe_start(s, n, at))
                return at;
            bits &= bits - 1;
        }
        i += 16;
    }
    return i;
}
#elif defined(__GNUC__)
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));
/* The same with GCC and Clang vectors, on other targets. */
static size_t scan16(const unsigned char *s, size_t n, size_t i)
{
    v16u sb[N_SECOND];
    for (size_t j = 0; j < N_SECOND; j++)
        for (int k = 0; k < 16; k++)
            sb[j][k] = second[j];
    while (i + 18 <= n) {
        v16u a, b;
        memcpy(&a, s + i, 16);
        memcpy(&b, s + i + 1, 16);
        v16s m = (v16s)((v16u)(a - '0') < 10) | (v16s)((v16u)((a | 0x20) - 'a') < 26);
        v16u c3;
        memcpy(&c3, s + i + 2, 16);
        v16s bm = (b == sb[0]) | (b == sb[1]) | (b == sb[2]) | (b == sb[3]) | (b == sb[4]) |
                  (b == sb[5]) | (b == sb[6]) | (b == sb[7]) |
                  ((c3 == 0x8C) & (((a == 0xE5) & (b == 0x90)) | ((a == 0xE7) & (b == 0xBF))));
        m |= bm & (v16s)(a > 0xE2);
        m |= (v16s)((a == 0xE3) & (b == 0x80) & (c3 == 0x87)); /* 〇 */
        uint64_t w[2];
        memcpy(w, &m, 16);
        for (int k = 0; k < 2; k++)
            while (w[k]) {
                unsigned byte = (unsigned)__builtin_ctzll(w[k]) / 8;
                size_t at = i + 8 * (size_t)k + byte;
                if (maybe_start(s, n, at))
                    return at;
                w[k] &= ~((uint64_t)0xFF << (8 * byte));
            }
        i += 16;
    }
    return i;
}
#endif

static size_t next_start(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i)
{
    if ((ctx && ctx->n_extra) || !starts_ok)
        return i; /* added eras have their own letters and kanji: every byte is looked at */
#if defined(__GNUC__)
    if (vector_ok)
        i = scan16(s, n, i);
#endif
    while (i < n && !maybe_start(s, n, i))
        i++;
    return i;
}

/* Where a date found at c0 really starts: at a 自 or a range separator just before it (white
 * space between); otherwise at c0 itself, never at the white space before it. */
static size_t lookback(const unsigned char *s, size_t from, size_t c0)
{
    size_t i = c0;
    for (size_t k; (k = riap__space_before(s, from, i, false)) != 0;)
        i -= k;
    if (i == from)
        return c0;
    switch (s[i - 1]) { /* the last byte of one of them: most starts have none before them */
    case 0xAA:          /* 自 */
    case 0x9E:          /* ～ */
    case 0x9C:          /* 〜 */
    case 0x8D:          /* － */
    case 0x93:          /* – */
    case 0x94:          /* — */
    case '~': break;
    default: return c0;
    }
    static const char *const before[] = {"自", "～", "〜", "－", "–", "—", "~"};
    for (size_t k = 0; k < sizeof before / sizeof before[0]; k++) {
        size_t l = strlen(before[k]);
        if (i >= from + l && memcmp(s + i - l, before[k], l) == 0)
            return i - l;
    }
    return c0;
}

/* How far a date may reach from where it starts: far more than the longest one written
 * (令和3年度から令和7年度までの5年間（予定） is 61 bytes), far less than a paragraph. */
#define FIND_WINDOW 256

/* ---- trying and reporting ---- */

/* One try of a date at text[start]: the quiet parse's status, range and what it read beside. */
typedef struct attempt {
    riap_status st;
    riap_era_range r;
    riap__era_out o;
    const riap__era_anchor *anchor; /* the date before, for a reference or a list's date */
    bool list;
} attempt;

/* Tries a date at s[start]: its length (0: none). */
static size_t try_at(riap_ctx *ctx, const char *text, size_t len, size_t start, attempt *t)
{
    size_t w = len - start;
    if (w > FIND_WINDOW)
        w = FIND_WINDOW;
    /* ill-formed or cut UTF-8 in the window ends the date: the lexer stops there */
    riap__era_req rq = {ctx, text + start, w, 0, 1, 1, true, true, true, t->anchor, t->list, false};
    t->st = riap__era_run(&rq, &t->r, &t->o);
    while (t->o.at_end && rq.len < len - start && rq.len < RIAP__ERA_FIND_MAX) {
        /* the date may go on past the window: read it again from a longer one */
        size_t more = 8 * rq.len;
        if (more > RIAP__ERA_FIND_MAX)
            more = RIAP__ERA_FIND_MAX;
        rq.len = len - start < more ? len - start : more;
        t->st = riap__era_run(&rq, &t->r, &t->o);
    }
    if (t->st != RIAP_OK && t->o.syntax)
        return 0;
    return t->o.end;
}

/* Fills m with the date found at text[start], n bytes (t: the quiet try). A right date without a
 * warning is the quiet parse's result; anything else is parsed again, the span alone as one
 * expression, for its diagnostics (which give the same result: the fuzzer checks it); the line
 * and column of the span are counted only for a date with something to say. Returns
 * RIAP_ERR_ARG (nothing filled) when the span is no date after all. */
static riap_status report(riap_era_match *m, riap_ctx *ctx, const char *text, size_t start,
                          size_t n, const attempt *t)
{
    riap__era_req rq = {ctx,  text + start, n,     (uint32_t)start, 1,       1,
                        true, false,        false, t->anchor,       t->list, true};
    riap__era_out o = t->o;
    riap_status st = t->st;
    if (t->st == RIAP_OK && !t->r.warnings && !t->o.folded) {
        m->range = t->r;
    } else {
        /* a span found in NFKC-folded text is checked as it reads alone: folded pieces map back
         * to the text as wholes, and a span that reads otherwise alone is no date here */
        st = riap__era_run(&rq, &m->range, &o);
        if (t->o.folded && st != RIAP_OK && !t->o.unreadable && (o.syntax || t->st == RIAP_OK))
            return RIAP_ERR_ARG;
    }
    if (ctx && riap_ctx_diag_count(ctx)) {
        riap__ctx_begin(ctx);
        riap__era_match_position(m, text, start);
        rq.base_line = m->line;
        rq.base_col = m->col;
        if (m->origin_line) { /* the text's place in a file */
            if (rq.base_line == 1)
                rq.base_col += m->origin_col - 1;
            rq.base_line += m->origin_line - 1;
        }
        st = riap__era_run(&rq, &m->range, &o);
    }
    m->found = 1;
    m->status = st;
    m->offset = start;
    m->length = n;
    if (t->anchor) /* read against the date before: alone, it reads as no date */
        m->flags |= RIAP_ERA_MATCH_CONTEXT;
    if (st != RIAP_OK)
        return RIAP_OK;
    if (riap__era_match_keep(m, text + start, &o) != RIAP_OK) {
        riap__era_match_reset(m);
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory",
                       "メモリが足りません");
        return RIAP_ERR_NOMEM;
    }
    riap__era_set_anchor(m, text, start + n);
    return RIAP_OK;
}

/* The later date of a list right at `from`, after the match that ended there: 1 when found (m
 * filled), 0 when none, or an error status as a negative number. */
static int find_list_item(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len,
                          size_t from, int *fresh, riap_status *st)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t start = riap__era_list_item_at(s, len, from);
    if (!start || !riap__era_date_before(m, ctx, text, from, fresh) || m->anchor_end != from ||
        m->anchor.last != 3)
        return 0;
    riap__era_anchor an = m->anchor;
    attempt t = {.anchor = &an, .list = true};
    size_t n = try_at(ctx, text, len, start, &t);
    if (n == 0)
        return 0;
    *st = report(m, ctx, text, start, n, &t);
    return *st == RIAP_ERR_ARG ? 0 : 1;
}

/* Is s[i] one of the positional kanji digits 〇一二三四五六七八九? */
static bool kanji_digit_at(const unsigned char *s, size_t n, size_t i)
{
    static const char digits[] = "〇一二三四五六七八九";
    if (i + 3 > n)
        return false;
    for (size_t k = 0; k + 3 <= sizeof digits - 1; k += 3)
        if (!memcmp(s + i, digits + k, 3))
            return true;
    return false;
}

/* A Gregorian year in positional kanji digits with 〇 at s[i] (二〇二五年, 一九〇五年): four
 * digits, not inside a longer run, then 年. Returns where the year starts (at or after
 * `from`), or SIZE_MAX. Years of the 2000s always hold 〇, the one start looked for. */
static size_t kanji_year_at(const unsigned char *s, size_t n, size_t from, size_t i)
{
    size_t b = i, e = i;
    while (b >= from + 3 && i - b < 12 && kanji_digit_at(s, n, b - 3))
        b -= 3;
    while (e - b < 15 && kanji_digit_at(s, n, e))
        e += 3;
    if (e - b != 12 || (b >= from + 3 && kanji_digit_at(s, n, b - 3)) || kanji_digit_at(s, n, e) ||
        !memcmp(s + b, "〇", 3) || !nen_at(s, n, e))
        return SIZE_MAX;
    return b;
}

static riap_status find_at(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len,
                           size_t from);

riap_status riap_era_find(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len,
                          size_t from)
{
    riap__ctx_begin(ctx);
    if (!m || (!text && len) || from > len) {
        riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "a required argument is NULL, or the offset is past the end",
                       "必須の引数が NULL か、開始位置が末尾より後です");
        return RIAP_ERR_ARG;
    }
    riap__era_match_reset(m);
    pthread_once(&starts_once, build_starts);
    riap_status st = find_at(m, ctx, text, len, from);
    m->scan_text = st == RIAP_OK ? text : NULL;
    m->scan_to = m->found ? m->offset + m->length : len;
    return st;
}

/* riap_era_find() once its arguments are checked. */
static riap_status find_at(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len,
                           size_t from)
{
    /* does the cache know the dates before `from` (the caller goes on from the last call)?
     * asked only when a reference or a list needs the date before */
    int fresh = -1;
    m->call_from = from;
    riap_status st = RIAP_OK;
    if (find_list_item(m, ctx, text, len, from, &fresh, &st))
        return st;
    const unsigned char *s = (const unsigned char *)text;
    /* bytes that can start a date: digits, Latin letters, lead bytes of kanji and symbols */
    for (size_t i = from; i < len;) {
        i = next_start(ctx, s, len, i);
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c < 0x80 ? !is_alnum(c) : c < 0xE3) {
            i++;
            continue;
        }
        size_t skip = 3, n = 0, start = i;
        bool compact = false;
        riap__era_anchor an;
        attempt t = {.anchor = NULL, .list = false};
        if ((c == 0xE5 || c == 0xE7) && riap__era_ref_starts(s, len, i)) {
            if (!riap__era_date_before(m, ctx, text, i, &fresh)) {
                i += skip;
                continue;
            }
            an = m->anchor; /* 翌年度から: read against the paragraph's last date */
            t.anchor = &an;
            start = lookback(s, from, i);
            if (start != i)
                n = try_at(ctx, text, len, start, &t);
            if (n == 0)
                n = try_at(ctx, text, len, start = i, &t);
        } else if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x87) { /* 〇 */
            size_t b = kanji_year_at(s, len, from, i);
            if (b != SIZE_MAX)
                n = try_at(ctx, text, len, start = lookback(s, from, b), &t);
            if (n == 0) {
                i += skip;
                continue;
            }
        } else {
            if (!candidate(ctx, s, len, i, &skip, &compact)) {
                i += skip;
                continue;
            }
            start = lookback(s, from, i);
            if (start != i)
                n = try_at(ctx, text, len, start, &t);
            if (n == 0)
                n = try_at(ctx, text, len, start = i, &t);
        }
        /* a compact form that reads as no right date is no date (M5.0), nor is one a unit of
         * measure follows (R2.5mm, H2.5cm, 2.5倍); one whose only fault is a note or its era
         * (R6.4.1（火）, H31.5.1 in strict mode) is a date, and wrong */
        if (n == 0 ||
            (compact && t.st != RIAP_OK && !t.o.checked && !t.o.unreadable && start == i) ||
            (compact && measure_at(s, len, start + n))) {
            i += skip;
            continue;
        }
        st = report(m, ctx, text, start, n, &t);
        if (st == RIAP_ERR_ARG) {
            i += skip;
            continue;
        }
        return st;
    }
    return RIAP_OK;
}
