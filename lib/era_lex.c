/* SPDX-License-Identifier: MIT */
/* era_lex: the vocabulary of era expressions, and the lexer.
 *
 * Linear in the input: UTF-8 bytes → at most RIAP__TOKCAP tokens. Input made only of the
 * vocabulary is lexed straight from the caller's bytes; anything else sends it through ICU's
 * NFKC first (square era forms, full-width letters, ㋀…), chunk by chunk at normalization
 * boundaries so that every output byte maps back to an input offset. */
#include "config.h"

#include "era_lex.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

/* ---- the vocabulary ----
 * Every word but numbers and era names. Sorted by first code point, longer words first among
 * those that share it (a test checks the order); white space may separate the characters of a
 * word (PDF extraction leaves 年 度). Adding a spelling is one row here plus its tests. */
/* The units of the commonest spelling, which the fast path compares directly (lib/era.c). */
const char riap__era_unit_nen[] = "年", riap__era_unit_do[] = "度", riap__era_unit_gatsu[] = "月",
           riap__era_unit_nichi[] = "日", riap__era_unit_gan[] = "元";

enum { WORD_ALONE = 1 }; /* see lib/era_words.def */

typedef struct word {
    uint32_t first; /* the first code point of text */
    const char *text;
    uint8_t kind;
    int8_t value;
    uint8_t flags; /* WORD_* */
} word;

static const word words[] = {
#define RIAP__ERA_WORD(first, text, kind, value, flags) {first, text, kind, value, flags},
#include "era_words.def"
#undef RIAP__ERA_WORD
};
static const size_t nwords = sizeof words / sizeof words[0];

const uint16_t riap__era_roles[] = {
    [T_NUM] = ROLE_SIDE_START,
    [T_GAN] = ROLE_SIDE_START,
    [T_ERA] = ROLE_SIDE_START,
    [T_SEIREKI] = ROLE_SIDE_START,
    [T_REF] = ROLE_SIDE_START,
    [T_NEN] = ROLE_UNIT,
    [T_NENDO] = ROLE_UNIT,
    [T_GATSU] = ROLE_UNIT | ROLE_WEEKDAY,
    [T_NICHI] = ROLE_UNIT | ROLE_WEEKDAY,
    [T_DUR] = ROLE_UNIT,
    [T_WDAY] = ROLE_WEEKDAY,
    [T_DOT] = ROLE_DATESEP,
    [T_SLASH] = ROLE_DATESEP,
    [T_HYPHEN] = ROLE_DATESEP | ROLE_RANGE,
    [T_RANGE] = ROLE_RANGE,
    [T_KARA] = ROLE_RANGE,
    [T_JUN] = ROLE_RIGHT_HEAD | ROLE_MONTH_QUAL,
    [T_MATSU] = ROLE_YEAR_QUAL | ROLE_MONTH_QUAL,
    [T_HALF] = ROLE_RIGHT_HEAD | ROLE_YEAR_QUAL,
    [T_DAI] = ROLE_RIGHT_HEAD | ROLE_YEAR_QUAL,
    [T_KEEP] = ROLE_KEEP,
    [T_FUN] = ROLE_KEEP,
    [T_NAKAGURO] = ROLE_LIST,
    [T_COMMA] = ROLE_LIST,
    [T_AND] = ROLE_LIST,
    [T_APPROX] = ROLE_KEEP,
    [T_OPEN_END] = ROLE_OPEN_END,
    [T_MADE] = ROLE_OPEN_START,
    [T_OPEN_START] = ROLE_OPEN_START,
    [T_NO] = 0,
};

/* The ASCII punctuation of expressions, by character (digits, white space and the Latin era
 * letters are read by the lexer itself). */
static const uint8_t ascii_kind[128] = {
    ['('] = T_LPAREN, [')'] = T_RPAREN, [','] = T_COMMA, ['-'] = T_HYPHEN,
    ['.'] = T_DOT,    ['/'] = T_SLASH,  [':'] = T_COLON, ['='] = T_EQ,
    ['['] = T_LBRACK, [']'] = T_RBRACK, ['~'] = T_RANGE,
};

/* Could NFKC turn cp into vocabulary? The compatibility blocks where era expressions have
 * spellings: enclosed and squared CJK (㋀, ㍻, ㋿), full-width and half-width forms. */
static inline bool foldable(uint32_t cp)
{
    return (cp >= 0x3200 && cp <= 0x33FF) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

static inline uint32_t peek_cp(const unsigned char *s, size_t n, size_t i, size_t *k)
{
    uint32_t cp = 0;
    size_t len = i < n ? riap__utf8_decode(s + i, n - i, &cp) : 0;
    if (k)
        *k = len;
    return len ? cp : 0;
}

/* Matches the UTF-8 word w at s[i] (its first character already known to match, `k0` bytes),
 * allowing white space between its characters; returns the end or 0. */
static size_t match_word(const unsigned char *s, size_t n, size_t i, size_t k0, const char *w)
{
    const unsigned char *p = (const unsigned char *)w + k0;
    size_t j = i + k0;
    while (*p) {
        size_t wl = (*p < 0x80) ? 1 : (*p < 0xE0) ? 2 : (*p < 0xF0) ? 3 : 4;
        size_t at = riap__skip_space(s, n, j, true);
        if (wl > n - at)
            return 0;
        for (size_t b = 0; b < wl; b++) /* a character of 1 to 4 bytes: no call to memcmp */
            if (s[at + b] != p[b])
                return 0;
        j = at + wl;
        p += wl;
    }
    return j;
}

#ifdef RIAP_TESTING
size_t riap__test_era_vocabulary_check(void)
{
    for (size_t w = 0; w < nwords; w++) {
        const char *t = words[w].text;
        uint32_t cp = 0;
        size_t len = strlen(t);
        if (len == 0 || riap__utf8_check(t, len) != len ||
            riap__utf8_decode((const unsigned char *)t, len, &cp) == 0 || cp != words[w].first ||
            cp < 0x80)
            return w + 1;
        if (w > 0 && words[w - 1].first > cp)
            return w + 1;
        /* among words of one first character, none is a prefix of a later one */
        for (size_t v = w + 1; v < nwords && words[v].first == cp; v++)
            if (!strncmp(words[v].text, t, len))
                return v + 1;
    }
    return 0;
}
#endif

/* The first row of `words` for each first code point, found through a small open-addressing
 * hash built once (the lexer looks up nearly every character it reads). */
#define WORD_SLOTS 256
static uint32_t slot_cp[WORD_SLOTS];
static uint8_t slot_row[WORD_SLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static inline unsigned slot_of(uint32_t cp)
{
    return (cp * 2654435761u) >> 24; /* 0..255 */
}

/* set (release) once build_slots() has run: then a lookup needs no pthread_once call */
static atomic_int slots_ready;
static void build_slots(void);

static inline void need_slots(void)
{
    if (!atomic_load_explicit(&slots_ready, memory_order_acquire))
        pthread_once(&slots_once, build_slots);
}

static void build_slots(void)
{
    for (size_t w = 0; w < nwords; w++) {
        if (w > 0 && words[w - 1].first == words[w].first)
            continue;
        unsigned h = slot_of(words[w].first);
        while (slot_cp[h])
            h = (h + 1) % WORD_SLOTS;
        slot_cp[h] = words[w].first;
        slot_row[h] = (uint8_t)w;
    }
    atomic_store_explicit(&slots_ready, 1, memory_order_release);
}

static size_t first_word(uint32_t cp)
{
    need_slots();
    for (unsigned h = slot_of(cp);; h = (h + 1) % WORD_SLOTS) {
        if (slot_cp[h] == cp)
            return slot_row[h];
        if (!slot_cp[h])
            return nwords;
    }
}

/* Does a kanji or katakana at s[i] continue a word (and start no word of the vocabulary)? */
static bool word_goes_on(const unsigned char *s, size_t n, size_t i)
{
    size_t k;
    uint32_t cp = peek_cp(s, n, i, &k);
    bool letter = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                  (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x30A1 && cp <= 0x30FA) ||
                  cp == 0x30FC || (cp >= 0xFF66 && cp <= 0xFF9F);
    return letter && first_word(cp) == nwords;
}

/* Does a reference (同年, 翌月, 同日) at s[.., i) go on into another word: 翌月曜日 (next Monday),
 * 同年代 (the same generation), 同日前 (before that day), 翌日後, 同月間? */
static bool ref_goes_on(const unsigned char *s, size_t n, size_t i)
{
    static const char *const after[] = {"曜", "代", "前", "後", "間", "目"};
    for (size_t k = 0; k < sizeof after / sizeof after[0]; k++)
        if (i + 3 <= n && !memcmp(s + i, after[k], 3))
            return true;
    return false;
}

/* The longest word at s[i] (first character cp of k bytes); sets *end. */
static const word *word_at(const unsigned char *s, size_t n, size_t i, uint32_t cp, size_t k,
                           size_t *end, bool after_number)
{
    for (size_t w = first_word(cp); w < nwords && words[w].first == cp; w++) {
        size_t e = words[w].text[k] == '\0' ? i + k /* a one-character word */
                                            : match_word(s, n, i, k, words[w].text);
        /* after a number a word is a unit (30分開始), read whatever follows */
        if (!e || ((words[w].flags & WORD_ALONE) && !after_number && word_goes_on(s, n, e)))
            continue;
        if (words[w].kind == T_REF && ref_goes_on(s, n, e))
            continue;
        *end = e;
        return &words[w];
    }
    return NULL;
}

/* The kanji numerals: 〇 to 九, and 十 (value 10); -1 for anything else. */
static inline int kanji_digit(uint32_t cp)
{
    switch (cp) {
    case 0x3007: return 0;  /* 〇 */
    case 0x4E00: return 1;  /* 一 */
    case 0x4E8C: return 2;  /* 二 */
    case 0x4E09: return 3;  /* 三 */
    case 0x56DB: return 4;  /* 四 */
    case 0x4E94: return 5;  /* 五 */
    case 0x516D: return 6;  /* 六 */
    case 0x4E03: return 7;  /* 七 */
    case 0x516B: return 8;  /* 八 */
    case 0x4E5D: return 9;  /* 九 */
    case 0x5341: return 10; /* 十 */
    }
    return -1;
}

bool riap__era_reserved_cp(uint32_t cp)
{
    /* the lexer matches added eras before words, so only a word's first character could be
     * taken for the start of an era name */
    if (cp < 0x80 || (cp >= 0xFF10 && cp <= 0xFF19) || riap__is_space(cp) || kanji_digit(cp) >= 0 ||
        first_word(cp) < nwords)
        return true;
    for (size_t i = 0; i < riap__era_builtin_count; i++)
        if (riap__era_builtin[i].abbr == cp)
            return true;
    return false;
}

/* An era added at run time at s[i] (matched by name, before anything else). */
static int extra_era_at(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i,
                        size_t *len, bool *one)
{
    for (size_t e = 0; e < ctx->n_extra; e++) {
        const char *nm = ctx->extra[e].name;
        size_t nl = strlen(nm);
        if (nl <= n - i && memcmp(s + i, nm, nl) == 0) {
            *len = nl;
            *one = false;
            return (int)(riap__era_builtin_count + e);
        }
    }
    return -1;
}

/* A built-in era at s[i], whose first character cp (k bytes) is known. */
static inline int era_kanji_at(const unsigned char *s, size_t n, size_t i, uint32_t cp, size_t k,
                               size_t *len, bool *one)
{
    for (size_t e = 0; e < riap__era_builtin_count; e++) {
        if (riap__era_builtin[e].abbr != cp)
            continue;
        size_t k2, at = riap__skip_space(s, n, i + k, true);
        if (peek_cp(s, n, at, &k2) == riap__era_builtin[e].second && k2) {
            *len = at + k2 - i;
            *one = false;
        } else {
            *len = k;
            *one = true;
        }
        return (int)e;
    }
    return -1;
}

int riap__era_name_at(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i, size_t *len,
                      bool *one)
{
    if (ctx && ctx->n_extra) {
        int e = extra_era_at(ctx, s, n, i, len, one);
        if (e >= 0)
            return e;
    }
    size_t k;
    uint32_t cp = peek_cp(s, n, i, &k);
    if (!k)
        return -1;
    return era_kanji_at(s, n, i, cp, k, len, one);
}

size_t riap__era_start_chars(uint32_t *out, size_t max)
{
    size_t n = 0;
    for (size_t e = 0; e < riap__era_builtin_count; e++) {
        if (n < max && riap__era_builtin[e].abbr)
            out[n++] = riap__era_builtin[e].abbr;
        if (n < max && riap__era_builtin[e].square)
            out[n++] = riap__era_builtin[e].square;
    }
    for (size_t w = 0; w < nwords && n < max; w++)
        if (words[w].kind == T_SEIREKI)
            out[n++] = words[w].first;
    return n;
}

int riap__era_word_kind(const unsigned char *s, size_t n, size_t i, size_t *end)
{
    size_t k, e = i;
    uint32_t cp = peek_cp(s, n, i, &k);
    const word *w = k ? word_at(s, n, i, cp, k, &e, false) : NULL;
    if (end)
        *end = w ? e : i;
    return w ? w->kind : T_UNKNOWN;
}

int riap__era_ref_at(const unsigned char *s, size_t n, size_t i, size_t *end)
{
    size_t k, e = i;
    uint32_t cp = peek_cp(s, n, i, &k);
    const word *w = k ? word_at(s, n, i, cp, k, &e, false) : NULL;
    if (!w || w->kind != T_REF)
        return REF_NONE;
    *end = e;
    return w->value & 15;
}

size_t riap__era_count_word_end(const unsigned char *s, size_t n, size_t i)
{
    /* longer words first: the span of an error reaches over the whole word */
    static const char *const counts[] = {
        "を経過", "を超え", "を超", "を限度", "を過ぎ", "を経", "以内", "以上",
        "以下",   "以前",   "以降", "以後",   "程度",   "未満", "置き", "余り",
        "ほど",   "ごと",   "以",   "後",     "前",     "間",   "目",   "程",
        "超",     "余",     "弱",   "強",     "毎",     "置",   "分",   "未"};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        size_t l = strlen(counts[k]);
        if (i <= n && l <= n - i && !memcmp(s + i, counts[k], l))
            return i + l;
    }
    return 0;
}

bool riap__era_may_continue(const unsigned char *s, size_t n, size_t i)
{
    i = riap__skip_space(s, n, i, true);
    size_t k;
    uint32_t cp = peek_cp(s, n, i, &k);
    if (!k)
        return false; /* the end, or ill-formed UTF-8: nothing continues */
    if (cp < 0x80)
        return cp != ',' && (ascii_kind[cp] || (cp >= '0' && cp <= '9') ||
                             ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
    if (foldable(cp) || (cp >= 0xFF10 && cp <= 0xFF19) || kanji_digit(cp) >= 0)
        return true;
    size_t w = first_word(cp);
    if (w < nwords)
        return !(words[w].kind == T_COMMA || (words[w].kind == T_NO && words[w].text[k] == 0));
    size_t len;
    bool one;
    return era_kanji_at(s, n, i, cp, k, &len, &one) >= 0;
}

/* ---- lexing ---- */

static inline uint32_t orig_off(const riap__lexer *L, size_t i)
{
    if (i >= L->n)
        return (uint32_t)L->orig_len;
    return L->omap ? L->omap[i] : (uint32_t)i;
}

/* Reads a run of kanji numerals starting at s[*i]: positional digits (二〇二二, up to 8) or a
 * number with 十 from 十 to 九十九 (十, 十二, 二十, 二十三). Moves *i past the run and returns
 * its value and number of characters, or -1 when the run is no such numeral (*i is still moved
 * past it, for the message). A 四 that starts 四半期 ends the run. */
int32_t riap__era_kanji_run(const unsigned char *s, size_t n, size_t *i, int *ndig)
{
    int digs[8], nd = 0, ten_at = -1;
    bool bad = false;
    size_t k = *i, cl;
    for (;;) {
        uint32_t cp = peek_cp(s, n, k, &cl);
        int d = cl ? kanji_digit(cp) : -1;
        size_t e;
        if (d < 0 || (d == 4 && word_at(s, n, k, cp, cl, &e, false)))
            break;
        k += cl;
        if (nd >= 8) {
            bad = true;
            continue;
        }
        if (d == 10) {
            if (ten_at >= 0)
                bad = true;
            ten_at = nd;
        }
        digs[nd++] = d;
    }
    *i = k;
    *ndig = nd;
    if (nd == 0 || bad)
        return -1;
    if (ten_at >= 0) {
        /* [2-9]?十[1-9]?: at most one digit either side, no 〇, no 一 before 十 */
        int hi = ten_at == 0 ? 1 : digs[0], lo = ten_at == nd - 1 ? 0 : digs[ten_at + 1];
        if (ten_at > 1 || nd - ten_at > 2 || (ten_at == 1 && digs[0] < 2) ||
            (nd - ten_at == 2 && lo == 0))
            return -1;
        return hi * 10 + lo;
    }
    int32_t v = 0;
    for (int j = 0; j < nd; j++)
        v = v * 10 + digs[j];
    return v;
}

static int latin_era(const riap_ctx *ctx, unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        c = (unsigned char)(c - 'a' + 'A');
    size_t total = riap__era_total(ctx);
    for (size_t e = 0; e < total; e++) {
        const char *l = e < riap__era_builtin_count ? riap__era_builtin[e].latin
                                                    : ctx->extra[e - riap__era_builtin_count].latin;
        if ((unsigned char)l[0] == c)
            return (int)e;
    }
    return -1;
}

/* Is the rest of the folded piece that byte `to` of L->s is inside made of what the lexer
 * turns into tokens (digits, white space, vocabulary)? */
static bool rest_of_piece_lexes(const riap__lexer *L, size_t to)
{
    uint32_t piece = L->omap[to - 1];
    for (size_t j = to; j < L->n && L->omap[j] == piece;) {
        size_t k;
        uint32_t cp = peek_cp(L->s, L->n, j, &k);
        if (!k)
            return false;
        bool known = (cp < 0x80 && ((cp >= '0' && cp <= '9') || ascii_kind[cp])) ||
                     riap__is_space(cp) || kanji_digit(cp) >= 0 || first_word(cp) < nwords;
        if (!known)
            return false;
        j += k;
    }
    return true;
}

static inline bool push(riap__lexer *L, uint8_t kind, uint8_t flags, int32_t value, size_t from,
                        size_t to)
{
    /* In running text, a token that ends inside a piece NFKC folded as one, where the rest of
     * the piece is no vocabulary (3 and a combining mark after it, not the 4 of ㋃ = 4月),
     * cannot be cut out of the text: the date stops before it. Returning false ends the
     * lexing as a full token list does. */
    if (L->find && L->omap && to < L->n && to > from && L->omap[to] == L->omap[to - 1] &&
        !rest_of_piece_lexes(L, to))
        return false;
    riap__tok *t = &L->t[L->nt];
    t->kind = kind;
    t->flags = flags;
    t->ndig = 0;
    t->value = value;
    t->off = orig_off(L, from);
    t->end = orig_off(L, to);
    L->nt++;
    return L->nt < (L->find ? RIAP__FIND_TOKCAP : RIAP__TOKCAP);
}

#define NUM_MAX 99999999

/* What one step of the lexer did: a token was read (go on), no token of this kind starts here
 * (try the next kind), the text is unknown, the lexing stops here (running text), an error was
 * raised, the token list is full, or the text must be NFKC-folded first. */
enum { LX_NEXT, LX_NONE, LX_UNKNOWN, LX_STOP, LX_ERROR, LX_FULL, LX_FOLD };

typedef struct lexing {
    riap__lexer *L;
    const unsigned char *s;
    size_t n, i;  /* the text, and where the lexer is */
    size_t start; /* where the current token starts */
    int depth;    /* parentheses: inside them, text that is no numeral is a remark's */
    riap_status *st;
} lexing;

/* ASCII and full-width digits: one number. */
static int lex_number(lexing *x)
{
    riap__lexer *L = x->L;
    const unsigned char *s = x->s;
    uint32_t v = 0, nd = 0;
    bool big = false;
    while (x->i < x->n) {
        uint32_t d;
        size_t i = x->i;
        if (s[i] >= '0' && s[i] <= '9') {
            d = s[i] - '0';
            x->i += 1;
        } else if (i + 2 < x->n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 &&
                   s[i + 2] <= 0x99) {
            d = s[i + 2] - 0x90u;
            x->i += 3;
        } else {
            break;
        }
        if (v > (NUM_MAX - d) / 10)
            big = true;
        else
            v = v * 10 + d;
        nd++;
    }
    if (big) {
        if (L->find)
            return LX_STOP;
        *x->st =
            riap__era_fail(L, RIAP_ERR_ERA, "number-too-large", orig_off(L, x->start),
                           "the number at column %u is too large", "%u 文字目の数が大きすぎます",
                           riap__era_column(L, orig_off(L, x->start)));
        return LX_ERROR;
    }
    if (!push(L, T_NUM, 0, (int32_t)v, x->start, x->i))
        return LX_FULL;
    L->t[L->nt - 1].ndig = (uint16_t)(nd > 65535 ? 65535 : nd);
    return LX_NEXT;
}

/* An era name: added eras, the two-kanji names (white space allowed between), the one-kanji
 * forms. */
static int lex_era(lexing *x, uint32_t cp, size_t k)
{
    riap__lexer *L = x->L;
    size_t len;
    bool one;
    int era = L->ctx && L->ctx->n_extra ? extra_era_at(L->ctx, x->s, x->n, x->i, &len, &one) : -1;
    if (era < 0)
        era = era_kanji_at(x->s, x->n, x->i, cp, k, &len, &one);
    if (era < 0)
        return LX_NONE;
    x->i += len;
    return push(L, T_ERA, one ? ERA_ONE : 0, era, x->start, x->i) ? LX_NEXT : LX_FULL;
}

/* A Latin era letter stands alone: not inside a word such as "Reiwa". */
static int lex_latin(lexing *x, unsigned char c)
{
    const unsigned char *s = x->s;
    size_t start = x->start;
    /* AM, PM, a.m., p.m. (after a time: 5:00PM) */
    if ((c | 0x20) == 'a' || (c | 0x20) == 'p') {
        size_t k = start + 1;
        if (k < x->n && s[k] == '.')
            k++;
        if (k < x->n && (s[k] | 0x20) == 'm') {
            k++;
            if (k < x->n && s[k] == '.')
                k++;
            if (!(k < x->n && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')) {
                x->i = k;
                return push(x->L, T_AMPM, AMPM_LATIN, (c | 0x20) == 'p', start, k) ? LX_NEXT
                                                                                   : LX_FULL;
            }
        }
    }
    int era = latin_era(x->L->ctx, c);
    bool word_before =
        start > 0 && (((s[start - 1] | 0x20) >= 'a' && (s[start - 1] | 0x20) <= 'z') ||
                      (s[start - 1] >= '0' && s[start - 1] <= '9'));
    x->i += 1;
    if (era < 0 || word_before ||
        (x->i < x->n && ((s[x->i] | 0x20) >= 'a' && (s[x->i] | 0x20) <= 'z')))
        return LX_UNKNOWN;
    if (x->i < x->n && s[x->i] == '.')
        x->i++;
    return push(x->L, T_ERA, ERA_LATIN, era, start, x->i) ? LX_NEXT : LX_FULL;
}

/* A token of the vocabulary (ASCII punctuation, or a word), keeping count of parentheses. */
static inline int lex_vocab(lexing *x, uint8_t kind, int32_t value, size_t end)
{
    x->i = end;
    if (kind == T_LPAREN)
        x->depth++;
    else if (kind == T_RPAREN && x->depth > 0)
        x->depth--;
    return push(x->L, kind, 0, value, x->start, x->i) ? LX_NEXT : LX_FULL;
}

/* Kanji numerals: 〇 to 九十九. */
static int lex_kanji_number(lexing *x)
{
    riap__lexer *L = x->L;
    int nd;
    int32_t v = riap__era_kanji_run(x->s, x->n, &x->i, &nd);
    if (v < 0) {
        if (x->depth > 0 || L->find)
            return LX_UNKNOWN;
        char q[200];
        *x->st = riap__era_fail(
            L, RIAP_ERR_ERA, "invalid-numeral", orig_off(L, x->start),
            "'%s' at column %u is not a kanji numeral from 〇 to 九十九",
            "%2$u 文字目の「%1$s」は 〇～九十九 の漢数字ではありません",
            riap__era_quote(L, q, sizeof q, orig_off(L, x->start), orig_off(L, x->i)),
            riap__era_column(L, orig_off(L, x->start)));
        return LX_ERROR;
    }
    if (!push(L, T_NUM, NUM_KANJI, v, x->start, x->i))
        return LX_FULL;
    L->t[L->nt - 1].ndig = (uint16_t)nd;
    return LX_NEXT;
}

/* Text the vocabulary does not know: in running text outside parentheses, the end of the date;
 * otherwise one T_UNKNOWN run (merged with a directly preceding one). */
static inline int lex_unknown(lexing *x)
{
    riap__lexer *L = x->L;
    if (L->find && x->depth == 0) {
        x->i = x->start;
        return LX_STOP;
    }
    if (L->nt && L->t[L->nt - 1].kind == T_UNKNOWN &&
        L->t[L->nt - 1].end == orig_off(L, x->start)) {
        L->t[L->nt - 1].end = orig_off(L, x->i);
        return LX_NEXT;
    }
    return push(L, T_UNKNOWN, 0, 0, x->start, x->i) ? LX_NEXT : LX_FULL;
}

/* One token at x->i (white space already skipped): cp of k bytes, its first byte c. */
static inline int lex_token(lexing *x, unsigned char c, uint32_t cp, size_t k, bool strict_vocab)
{
    int r;
    size_t end;
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
        return lex_number(x);
    if (c >= 0x80 && (r = lex_era(x, cp, k)) != LX_NONE)
        return r;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        r = lex_latin(x, c);
    else if (c < 0x80 && !ascii_kind[c])
        r = (x->i += 1, LX_UNKNOWN);
    else if (c < 0x80)
        return lex_vocab(x, ascii_kind[c], 0, x->i + 1);
    else {
        const word *w = word_at(x->s, x->n, x->i, cp, k, &end,
                                x->L->nt > 0 && x->L->t[x->L->nt - 1].kind == T_NUM);
        if (w)
            return lex_vocab(x, w->kind, w->value, end);
        if (kanji_digit(cp) >= 0)
            r = lex_kanji_number(x);
        else {
            x->i += k;
            /* in running text, only a character NFKC could turn into vocabulary (㋃, ㍻,
             * full-width letters) is worth normalizing; anything else ends the date */
            if (strict_vocab && (!x->L->find || x->depth > 0 || foldable(cp)))
                return LX_FOLD;
            r = LX_UNKNOWN;
        }
    }
    return r == LX_UNKNOWN ? lex_unknown(x) : r;
}

/* The end of the tokens at byte i; with `full`, the rest of the text as one unknown run first
 * (too many tokens for any valid expression: the parser reports it as trailing text, and never
 * reads this far into a valid expression). */
static void lex_end(riap__lexer *L, size_t i, bool full)
{
    if (full) {
        L->t[L->nt].kind = T_UNKNOWN;
        L->t[L->nt].off = orig_off(L, i);
        L->t[L->nt].end = (uint32_t)L->orig_len;
        L->nt++;
        L->t[L->nt].kind = T_END;
        L->t[L->nt].off = L->t[L->nt].end = (uint32_t)L->orig_len;
        return;
    }
    L->t[L->nt].kind = T_END;
    L->t[L->nt].off = L->t[L->nt].end = orig_off(L, i);
}

/* In running text, a number that opens a line without its unit after it (a heading, "1 概要",
 * "２　場所") belongs to no date before it: the tokens end there. A number with its unit (a
 * date wrapped as 令和4年3月 then 1日) goes on. */
static void cut_at_heading(riap__lexer *L)
{
    for (size_t i = 1; i < L->nt; i++) {
        const riap__tok *t = &L->t[i], *nx = &L->t[i + 1];
        if (t->kind != T_NUM)
            continue;
        bool eol = false;
        for (uint32_t b = L->t[i - 1].end; b < t->off && b < L->orig_len && !eol; b++)
            eol = L->orig[b] == '\n' || L->orig[b] == '\r';
        if (!eol || riap__era_is(nx->kind, ROLE_UNIT) || riap__era_is(nx->kind, ROLE_DATESEP) ||
            nx->kind == T_HOUR || nx->kind == T_COLON)
            continue;
        L->nt = i;
        L->at_end = false;
        L->t[i].kind = T_END;
        L->t[i].end = L->t[i].off;
        return;
    }
}

int riap__era_lex(riap__lexer *L, bool strict_vocab, riap_status *st)
{
    lexing x = {L, L->s, L->n, 0, 0, 0, st};
    unsigned newlines = 0; /* line ends in the white space being skipped */
    L->nt = 0;
    while (x.i < x.n) {
        unsigned char c = x.s[x.i];
        uint32_t cp = c;
        size_t k = 1;
        if (c >= 0x80 && (k = riap__utf8_decode(x.s + x.i, x.n - x.i, &cp)) == 0) {
            if (L->find)
                break;
            *st = riap__era_fail(L, RIAP_ERR_ENCODING, "invalid-utf8", orig_off(L, x.i),
                                 "ill-formed UTF-8 at column %u",
                                 "%u 文字目に不正な UTF-8 があります",
                                 riap__era_column(L, orig_off(L, x.i)));
            return LEX_ERROR;
        }
        if (L->find && cp == 0x2029)
            break; /* a paragraph separator ends any date */
        if (riap__is_space(cp)) {
            /* in running text a blank line ends a paragraph, and so any date (a lone CR is a
             * line end too, as old Mac files write them) */
            bool eol = c == '\n' || (c == '\r' && !(x.i + 1 < x.n && x.s[x.i + 1] == '\n'));
            if (eol && L->find && ++newlines == 2)
                break;
            x.i += k;
            continue;
        }
        newlines = 0;
        x.start = x.i;
        int r = lex_token(&x, c, cp, k, strict_vocab);
        if (r == LX_STOP)
            break;
        if (r == LX_ERROR)
            return LEX_ERROR;
        if (r == LX_FOLD)
            return LEX_NORMALIZE;
        if (r == LX_FULL) {
            L->at_end = true;
            lex_end(L, x.i, true);
            return LEX_OK;
        }
    }
    L->at_end = x.i >= x.n;
    lex_end(L, x.i, false);
    if (L->find)
        cut_at_heading(L);
    return LEX_OK;
}
