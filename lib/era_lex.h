/* SPDX-License-Identifier: MIT */
/* era_lex: the vocabulary of era expressions and the lexer (UTF-8 → tokens). Never installed.
 *
 * One table (lib/era_lex.c) holds every word an expression may contain besides numbers and era
 * names: units, range words, qualifiers, notes' words, punctuation. It drives the lexer, the
 * check that a new era's name uses no character with a meaning (riap_ctx_add_era), and the
 * scanner's idea of what may continue a date (lib/era_find.c). Era names and Latin letters come
 * from the era table. */
#ifndef RIAP_ERA_LEX_H
#define RIAP_ERA_LEX_H

#include "era_int.h"

enum riap__tk {
    T_END = 0,
    T_NUM,      /* value, ndig; flags: NUM_KANJI */
    T_GAN,      /* 元 */
    T_ERA,      /* value = era index; flags: ERA_LATIN / ERA_ONE */
    T_NEN,      /* 年 */
    T_NENDO,    /* 年度 */
    T_DO,       /* 度 alone (2021年（令和3年）度) */
    T_GATSU,    /* 月 */
    T_NICHI,    /* 日 */
    T_DOT,      /* . */
    T_SLASH,    /* / */
    T_HYPHEN,   /* - － : a date separator, or a range separator between whole expressions */
    T_RANGE,    /* ～ 〜 ~ – — */
    T_KARA,     /* から より */
    T_MADE,     /* まで 迄 */
    T_UNKNOWN,  /* a run of anything else */
    T_LPAREN,   /* ( （ 〈 */
    T_RPAREN,   /* ) ） 〉 */
    T_LBRACK,   /* 【 [ */
    T_RBRACK,   /* 】 ] */
    T_COLON,    /* : ： */
    T_COMMA,    /* , 、 ， */
    T_EQ,       /* = ＝ */
    T_NAKAGURO, /* ・ */
    T_WDAY,     /* 火 水 木 金 土: value = weekday, 0 Sunday (月 and 日 lex as units) */
    T_YOUBI,    /* 曜日 曜 */
    T_HOLIDAY,  /* 祝日 祝 */
    T_DUR, /* 年間 か年 ヶ年 年計画 …: value DUR_YEARS; か月 ヶ月 か月間 …: DUR_MONTHS; 日間, 週間
            */
    T_DECADE,     /* 年代 */
    T_JUN,        /* 上旬 初旬 中旬 下旬: value 0, 0, 1, 2 */
    T_MATSU,      /* 末 末日 */
    T_HALF,       /* 上半期 下半期: value 0, 1 */
    T_DAI,        /* 第 */
    T_QUARTER,    /* 四半期 */
    T_OPEN_END,   /* 以降 以後 */
    T_OPEN_START, /* 以前 */
    T_KEEP,       /* 現在 時点 施行 中 分 */
    T_APPROX,     /* 頃 ごろ */
    T_JI,         /* 自 */
    T_ITARU,      /* 至 */
    T_SEIREKI,    /* 西暦 */
    T_NO,         /* の */
    T_REF,        /* 同年 翌月 同日 同 …: value = REF_* | delta << 4 */
    T_AMPM,       /* 午前 午後, and AM PM a.m. p.m. (flags AMPM_LATIN): value 0, 1 */
    T_NOON,       /* 正午 */
    T_HOUR,       /* 時 (of 10時) */
    T_HOURS,      /* 時間 (a number of hours: no time of day) */
    T_FUN,        /* 分: minutes after 時, and a word that keeps the range (令和4年度分) */
    T_BYOU,       /* 秒 */
    T_HAN,        /* 半 (9時半) */
    T_AND         /* 及び および: between the days of a list */
};

enum { NUM_KANJI = 1, ERA_LATIN = 2, ERA_ONE = 4, AMPM_LATIN = 8 };

/* What a kind of token does in the grammar: the parser's steps ask for a role, never list
 * kinds of their own (riap__era_roles, lib/era_lex.c, says which kinds have which roles). */
enum riap__era_role {
    ROLE_RANGE = 1u << 0,      /* separates the two sides of a range: ～ から */
    ROLE_RIGHT_HEAD = 1u << 1, /* may start a right side that takes the rest from the left */
    ROLE_YEAR_QUAL = 1u << 2,  /* qualifies a year or fiscal year: 末 上半期 第N四半期 */
    ROLE_MONTH_QUAL = 1u << 3, /* qualifies a month: 上旬 末 */
    ROLE_KEEP = 1u << 4,       /* after a side, keeps its range: 現在 中 頃 */
    ROLE_UNIT = 1u << 5,       /* the unit of a number: 年 年度 月 日 年間 */
    ROLE_DATESEP = 1u << 6,    /* separates the parts of a compact date: . / - */
    ROLE_SIDE_START = 1u << 7, /* may start a side: a number, 元, an era, 西暦 */
    ROLE_OPEN_END = 1u << 8,   /* after a side, opens the end: 以降 */
    ROLE_OPEN_START = 1u << 9, /* after a side, opens the start: まで 以前 */
    ROLE_WEEKDAY = 1u << 10,   /* names a weekday in a note: 火 (and 月, 日) */
    ROLE_LIST = 1u << 11       /* separates the days of a list: ・ 、 及び */
};
extern const uint16_t riap__era_roles[];

static inline bool riap__era_is(uint8_t kind, unsigned role)
{
    return (riap__era_roles[kind] & role) != 0;
}
/* a duration's unit: 年間 か年, か月 か月間, 日間, 週間 */
enum { DUR_YEARS = 0, DUR_MONTHS = 1, DUR_DAYS = 2, DUR_WEEKS = 3 };
/* What a reference to the date before names (T_REF's value & 15; its delta is value >> 4):
 * 同 (its era, before a year), 同年 翌年, 同年度 翌年度, 同月 翌月, 同日 翌日. */
enum { REF_NONE = 0, REF_ERA, REF_YEAR, REF_FISCAL, REF_MONTH, REF_DAY, REF_CARRY };
/* (REF_CARRY is no word: a later date of a list, 6日 of 10月5日・6日, which carries the year and
 * month it does not write from the date before) */

typedef struct riap__tok {
    uint8_t kind;
    uint8_t flags;
    uint16_t ndig;
    int32_t value;
    uint32_t off; /* byte offset in the caller's text */
    uint32_t end; /* one past the token's last byte in the caller's text */
} riap__tok;

/* No valid expression has more than about 40 tokens; the lexer stops at RIAP__TOKCAP and the
 * parser reports what follows its last accepted token long before reaching the cap. */
#define RIAP__TOKCAP 80
/* In running text the lexer stops sooner: the longest date written (notes on both sides, times
 * with seconds, 自…至…) takes about 50 tokens, and every candidate is lexed. A date that reaches
 * the cap is lexed again from a longer window (lib/era_find.c), never cut silently. */
#define RIAP__FIND_TOKCAP 64

typedef struct riap__lexer {
    riap_ctx *ctx;
    const char *orig; /* caller's text, for messages */
    size_t orig_len;
    const unsigned char *s; /* text being lexed (caller's or normalized) */
    size_t n;
    const uint32_t *omap; /* byte i of s comes from byte omap[i] of orig; NULL = identity */
    /* where orig starts in a larger text (riap_era_find): added to every reported position */
    uint32_t base_off, base_line, base_col;
    bool quiet;                     /* record no diagnostic (the scanner trying a candidate) */
    bool find;                      /* stop at the first unknown text outside parentheses */
    const char *last_rule;          /* the rule of the last error, recorded even when quiet */
    const riap__era_anchor *anchor; /* the date before, for a reference on the left side */
    bool list;   /* the text is a later date of a list: it may start at its month or day */
    bool at_end; /* the lexing reached the end of the text, or the most tokens it keeps */
    riap__tok t[RIAP__TOKCAP + 2];
    size_t nt;
} riap__lexer;

enum { LEX_OK = 0, LEX_NORMALIZE = 1, LEX_ERROR = 2 };

/* Lexes L->s. With `strict_vocab` (the caller's own bytes), a non-ASCII character outside the
 * vocabulary returns LEX_NORMALIZE; otherwise it becomes part of a T_UNKNOWN run. */
int riap__era_lex(riap__lexer *L, bool strict_vocab, riap_status *st);

/* NFKC-folds L->orig into a new text with its offset map, then lexes it (the slow path for
 * square era forms, full-width letters, ㋀…). Frees what it allocated. `then` parses the
 * tokens while the folded text is alive. */
riap_status riap__era_lex_folded(riap__lexer *L, riap_status (*then)(riap__lexer *, void *),
                                 void *arg);

/* Reads a run of kanji numerals at s[*i] (二〇二二, 十, 二十三: up to 九十九 with 十); moves *i
 * past it and returns the value, or -1 when it is no such numeral. */
int32_t riap__era_kanji_run(const unsigned char *s, size_t n, size_t *i, int *ndig);

/* The units of the commonest spelling (年, 度 of 年度, 月, 日, 元), rows of the vocabulary
 * table that the fast path compares directly (3 bytes of UTF-8 each). */
extern const char riap__era_unit_nen[], riap__era_unit_do[], riap__era_unit_gatsu[],
    riap__era_unit_nichi[], riap__era_unit_gan[];

/* The characters besides digits and Latin letters that can start a date in running text, from
 * the era table (one-kanji and square forms) and the vocabulary (西暦): fills out[0..max) and
 * returns their number. */
size_t riap__era_start_chars(uint32_t *out, size_t max);

/* The kind of the longest vocabulary word at s[i] (and, when end is not NULL, where it ends), or
 * T_UNKNOWN. */
int riap__era_word_kind(const unsigned char *s, size_t n, size_t i, size_t *end);

/* The REF_* of a reference word (同年, 翌月, 同) at s[i], and where it ends; REF_NONE when there
 * is none. */
int riap__era_ref_at(const unsigned char *s, size_t n, size_t i, size_t *end);

/* Where a word that makes the number before it a count ends (30日以内, 10日後, 3日間, 2日目,
 * 7日程度, 5日分: 以内 後 間 目 程度 分 ...) when one is at s[i]; 0 when none is. */
size_t riap__era_count_word_end(const unsigned char *s, size_t n, size_t i);

/* Could the text at s[i] (after white space) continue a date that ends just before it? False
 * for the end, unknown text, 、 and の: the scanner's fast path may end a date there. */
bool riap__era_may_continue(const unsigned char *s, size_t n, size_t i);

/* True when code point cp has a meaning in expressions (digits, units, words, era forms,
 * punctuation, white space): a new era's name may not use it. */
bool riap__era_reserved_cp(uint32_t cp);

/* The language of the lexer's messages (its ctx's). */
bool riap__era_is_lang_ja(const riap__lexer *L);

/* The 1-based column, in code points, of byte offset `off` of the lexer's text (plus the base). */
uint32_t riap__era_column(const riap__lexer *L, uint32_t off);

/* Records an error at byte offset `off` of the caller's text (en and ja are formats taking the
 * same arguments), unless the lexer is quiet. Returns st. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 7))) __attribute__((format(printf, 6, 7)))
#endif
riap_status
riap__era_fail(riap__lexer *L, riap_status st, const char *rule, uint32_t off, const char *en,
               const char *ja, ...);

/* Records a diagnostic of the given severity, like riap__era_fail. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 7))) __attribute__((format(printf, 6, 7)))
#endif
void riap__era_note(riap__lexer *L, riap_severity sev, const char *rule, uint32_t off,
                    const char *en, const char *ja, ...);

/* Quotes the caller's text [from, to) into buf, cut at a character boundary. */
const char *riap__era_quote(const riap__lexer *L, char *buf, size_t size, uint32_t from,
                            uint32_t to);

/* Is byte i of s the start of a kanji era name or one-kanji form (with white space allowed
 * between the two kanji)? Returns the era index and sets *len and *one, or -1. */
int riap__era_name_at(const riap_ctx *ctx, const unsigned char *s, size_t n, size_t i, size_t *len,
                      bool *one);

#ifdef RIAP_TESTING
/* Test builds only: 0 when the vocabulary table is in order (by first code point, the longer of
 * two words sharing a prefix first) and every word is well-formed UTF-8; else the bad row + 1. */
size_t riap__test_era_vocabulary_check(void);
#endif

#endif /* RIAP_ERA_LEX_H */
