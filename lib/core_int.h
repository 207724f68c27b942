/* SPDX-License-Identifier: MIT */
/* core: what the other modules of lib/ may call. Never installed. */
#ifndef RIAP_CORE_INT_H
#define RIAP_CORE_INT_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/date.h"

#include <stdarg.h>
#include <stdbool.h>

/* ---- allocation: every allocation of the library goes through these ---- */
void *riap__malloc(size_t size);
void *riap__realloc(void *ptr, size_t size);
void riap__free(void *ptr);
char *riap__strndup(const char *s, size_t len);

#ifdef RIAP_TESTING
/* Test builds only: the next `n` allocations succeed, the ones after fail; -1 = never fail. */
void riap__test_alloc_fail_after(long n);
#endif

/* ---- diagnostics ---- */
struct riap_diag {
    const char *rule; /* static */
    riap_severity severity;
    char *message;    /* owned */
    const char *file; /* borrowed from the container, NULL for memory input */
    char *path;       /* owned; the path of the item in its document, or NULL */
    uint32_t line;
    uint32_t column;
    int64_t offset;
};

/* One growable list of diagnostics, used by the ctx and later by reports. */
typedef struct riap__diag_list {
    riap_diag *v;
    size_t n;
    size_t cap;
    bool nomem; /* a diagnostic was dropped for lack of memory */
} riap__diag_list;

void riap__diag_list_clear(riap__diag_list *list);
/* The error of a call that could not record it for lack of memory (static, needs none). */
const riap_diag *riap__nomem_diag(bool ja);
/* Appends a diagnostic whose message is fmt formatted; returns the new diag or NULL (nomem). */
riap_diag *riap__diag_list_vadd(riap__diag_list *list, const char *rule, riap_severity sev,
                                const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

/* An era row added at run time; the strings are owned by the ctx. */
typedef struct riap__era_extra {
    char *name;
    char latin[2];
    riap_date first;
} riap__era_extra;

#define RIAP__MAX_EXTRA_ERAS 8

struct riap_ctx {
    unsigned int options;
    riap__diag_list diags;
    size_t last_error;     /* index + 1 of the latest error; 0 = none */
    bool lost_error;       /* an error could not be recorded for lack of memory */
    char *file;            /* the file of the latest call, which its diagnostics borrow */
    uint64_t max_doc_size; /* 0 = RIAP_DOC_MAX_SIZE */
    size_t n_extra;
    riap__era_extra extra[RIAP__MAX_EXTRA_ERAS];
};

/* A new context with the defaults and nothing else (riap_ctx_new, in the era module, adds the
 * era of RIAP_SUPPLEMENTAL_ERA: the core knows no eras). */
riap_status riap__ctx_alloc(riap_ctx **out);

/* A required argument is NULL (or out of range): the rule argument on ctx; returns
 * RIAP_ERR_ARG. */
riap_status riap__arg_error(riap_ctx *ctx);

/* Whether messages are to be in Japanese (RIAP_OPT_LANG_JA): the one place that decides. */
static inline bool riap__lang_ja(const riap_ctx *ctx)
{
    return ctx && (ctx->options & RIAP_OPT_LANG_JA);
}

/* Starts a call: forgets the previous call's diagnostics. NULL-safe; inline, for the hot path. */
static inline void riap__ctx_begin(riap_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->diags.n)
        riap__diag_list_clear(&ctx->diags);
    ctx->diags.nomem = false;
    ctx->last_error = 0;
    ctx->lost_error = false;
}

/* The rules of lib/rules.def, by internal name (RIAP__R_PERIOD_SYNTAX), in riap_rule_id()'s
 * order. */
typedef enum riap__rule {
#define RIAP__RULE(name, id, area, sev, en, ja, msg_en, msg_ja) RIAP__R_##name,
#include "rules.def"
#undef RIAP__RULE
    RIAP__R_COUNT
} riap__rule;
/* A rule's id, default severity, and message template (English or Japanese; NULL for a rule
 * whose messages are written where it is raised). */
const char *riap__rule_name(riap__rule r);
riap_severity riap__rule_severity(riap__rule r);
const char *riap__rule_message(riap__rule r, bool ja);
/* What a diagnostic of rule r says: its message template, or for a rule without one its
 * description (never NULL, so a rule raised by name without a template still reads). */
const char *riap__rule_format(riap__rule r, bool ja);

#ifdef RIAP_TESTING
/* Test builds only: aborts when a diagnostic's rule is not in lib/rules.def, or is raised with
 * another severity than the table's (a warning may be raised as an error: strict mode). */
void riap__rule_check(const char *id, riap_severity sev);
#endif

/* Records a diagnostic in the ctx (no-op for NULL ctx). en/ja are printf formats taking the
 * same arguments in the same order; the ctx's language picks one. offset -1 = unknown. */
void riap__ctx_diag(riap_ctx *ctx, const char *rule, riap_severity sev, int64_t offset,
                    uint32_t line, uint32_t column, const char *en, const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 9))) __attribute__((format(printf, 8, 9)))
#endif
    ;

void riap__ctx_vdiag(riap_ctx *ctx, const char *rule, riap_severity sev, int64_t offset,
                     uint32_t line, uint32_t column, const char *en, const char *ja, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 0))) __attribute__((format(printf, 8, 0)))
#endif
    ;

/* Sets the file name the next diagnostics of this call carry (copied; NULL: none). */
void riap__ctx_set_file(riap_ctx *ctx, const char *file);

/* ---- UTF-8 ---- */
/* Decodes one well-formed UTF-8 sequence at s[0..len) (len > 0); returns its length, or 0 if the
 * bytes are ill-formed (overlong, surrogate, above U+10FFFF, truncated, stray continuation). */
static inline size_t riap__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b0 = s[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 < 0xC2 || b0 > 0xF4) /* continuation byte, overlong 2-byte lead, or beyond U+10FFFF */
        return 0;
    if (b0 < 0xE0) {
        if (len < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(b0 & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (b0 < 0xF0) {
        if (len < 3)
            return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b0 == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* surrogates */
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (len < 4)
        return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 == 0xF0)
        lo = 0x90; /* overlong */
    else if (b0 == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
        return 0;
    *cp = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

/* Returns len if text is well-formed UTF-8, else the offset of the first bad byte. */
size_t riap__utf8_check(const char *text, size_t len);
/* Number of code points in the well-formed prefix text[0..len). */
size_t riap__utf8_count(const char *text, size_t len);
/* Appends the UTF-8 encoding of cp to buf; returns the number of bytes (1..4). */
size_t riap__utf8_encode(uint32_t cp, char *buf);

/* ---- white space ----
 * The library's one definition of white space in text (names, paragraphs, dates, summaries):
 * the ASCII blanks and line ends U+0009..U+000D and U+0020, U+00A0 NO-BREAK SPACE and U+3000
 * IDEOGRAPHIC SPACE. A line end is U+000A..U+000D. (XML's own white space between markup, the
 * S production, is the XML parser's, not this.) */
static inline bool riap__is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000;
}

static inline bool riap__is_line_end(uint32_t cp)
{
    return cp >= '\n' && cp <= '\r';
}

/* The bytes of the white-space character at s[i] of s[0..n) (0: none, or i >= n); line ends
 * count only when `lines` is true. Read from the bytes: this runs on hot paths. */
static inline size_t riap__space_at(const unsigned char *s, size_t n, size_t i, bool lines)
{
    if (i >= n)
        return 0;
    unsigned char c = s[i];
    if (c == ' ' || c == '\t')
        return 1;
    if (c >= '\n' && c <= '\r')
        return lines ? 1 : 0;
    if (c == 0xC2)
        return i + 1 < n && s[i + 1] == 0xA0 ? 2 : 0;
    if (c == 0xE3)
        return i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80 ? 3 : 0;
    return 0;
}

/* The position after the white space from s[i] (line ends too when `lines`). */
static inline size_t riap__skip_space(const unsigned char *s, size_t n, size_t i, bool lines)
{
    size_t k;
    while ((k = riap__space_at(s, n, i, lines)) != 0)
        i += k;
    return i;
}

/* The bytes of the white-space character that ends just before s[i], not before s[from]. */
static inline size_t riap__space_before(const unsigned char *s, size_t from, size_t i, bool lines)
{
    if (i > from && riap__space_at(s, i, i - 1, lines) == 1)
        return 1;
    if (i >= from + 2 && riap__space_at(s, i, i - 2, lines) == 2)
        return 2;
    if (i >= from + 3 && riap__space_at(s, i, i - 3, lines) == 3)
        return 3;
    return 0;
}

/* Is text[0..len) empty or white space only (ill-formed UTF-8 is not white space)? */
static inline bool riap__is_blank(const char *text, size_t len)
{
    return riap__skip_space((const unsigned char *)text, len, 0, true) == len;
}

/* Does text[0..len) read as empty: nothing but white space and characters that show nothing
 * (U+200B-U+200D, U+2060, U+FEFF, U+00AD)? */
static inline bool riap__looks_empty(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0, k; i < len; i += k) {
        k = riap__space_at(u, len, i, true);
        if (k)
            continue;
        if (i + 1 < len && u[i] == 0xC2 && u[i + 1] == 0xAD)
            k = 2;
        else if (i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] >= 0x8B &&
                 u[i + 2] <= 0x8D)
            k = 3;
        else if (i + 2 < len && ((u[i] == 0xE2 && u[i + 1] == 0x81 && u[i + 2] == 0xA0) ||
                                 (u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF)))
            k = 3;
        else
            return false;
    }
    return true;
}

/* ---- days ---- */
/* Days since 1970-01-01 of a proleptic Gregorian day (any y/m/d in range, no validation). */
int32_t riap__days_from_civil(int32_t y, int32_t m, int32_t d);
void riap__civil_from_days(int32_t days, riap_date *out);
static inline bool riap__is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline int32_t riap__days_in_month(int32_t y, int32_t m)
{
    if (m == 2)
        return riap__is_leap(y) ? 29 : 28;
    return 30 + ((m + (m >> 3)) & 1);
}

/* ---- growable text buffer for built strings ---- */
typedef struct riap__buf {
    char *p;
    size_t n;
    size_t cap;
    bool nomem;
} riap__buf;

void riap__buf_put(riap__buf *b, const char *s, size_t len);
void riap__buf_puts(riap__buf *b, const char *s);
void riap__buf_putc(riap__buf *b, char c);
/* Returns the NUL-terminated text (caller frees with riap__free), or NULL after a nomem. */
char *riap__buf_take(riap__buf *b);

/* Writes data to path without losing or clobbering anything (lib/save.c): a device or FIFO is
 * written into, a regular file replaced atomically with its owner and mode (through a symbolic
 * link to its target), a hard-linked file refused. RIAP_ERR_IO with a diagnostic on failure. */
riap_status riap__save_file(riap_ctx *ctx, const char *path, const char *data, size_t n);

/* Copies up to `max` bytes of text into dst (dstsize > 0) for quoting in a message: well-formed
 * characters as they are, control characters and ill-formed bytes as \xNN, "…" when cut. */
void riap__excerpt(char *dst, size_t dstsize, const char *text, size_t len, size_t max);
/* Quoting a text of the input in a message (a name, a period, a value): at most
 * RIAP__QUOTE_MAX characters of it, so that a diagnostic stays one readable line whatever the
 * input holds. RIAP__QUOTE_SIZE is the buffer riap__quote() needs. */
#define RIAP__QUOTE_MAX 60
#define RIAP__QUOTE_SIZE (3 + 4 * RIAP__QUOTE_MAX + 3 + 1)
/* The text to quote: text itself when it has at most RIAP__QUOTE_MAX characters and `from` is
 * 0; else, in buf, RIAP__QUOTE_MAX characters from byte `from` (moved back to the start of its
 * character), with "…" where text was left out, before or after. Never cuts a character; a
 * control character is escaped (\n, \r, \t, \xNN) so that the quote stays on one line. */
const char *riap__quote(char buf[RIAP__QUOTE_SIZE], const char *text, size_t from);
/* The length of the longest prefix of text[0, len) with at most max bytes that does not end
 * inside a character. */
size_t riap__utf8_prefix(const char *text, size_t len, size_t max);
/* The 1-based line and column (in code points) of byte offset `off` in text. */
void riap__line_col(const char *text, size_t off, uint32_t *line, uint32_t *col);

/* Writes day d as YYYY-MM-DD (11 bytes with the NUL). */
void riap__date_iso(char buf[11], const riap_date *d);

#endif /* RIAP_CORE_INT_H */
