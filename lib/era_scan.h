/* SPDX-License-Identifier: MIT */
/* era_scan: what the scanner's files (era_find.c, era_context.c) share: byte tests on UTF-8 text
 * for what makes a date unmistakable, and the date before a reference or a list's later day.
 * Never installed. */
#ifndef RIAP_ERA_SCAN_H
#define RIAP_ERA_SCAN_H

#include "era_lex.h"
#include "era_match.h"

#include <string.h>

static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline bool is_alnum(unsigned char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A full-width digit at s[i]? */
static inline bool fw_digit(const unsigned char *s, size_t n, size_t i)
{
    return i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99;
}

/* A number at s[i] (ASCII, full-width or kanji digits, or 元)? Returns its end or 0. */
static inline size_t number_at(const unsigned char *s, size_t n, size_t i, bool gan)
{
    size_t k = i;
    while (k < n && (is_digit(s[k]) || fw_digit(s, n, k)))
        k += s[k] < 0x80 ? 1 : 3;
    if (k > i)
        return k;
    if (gan && i + 2 < n && s[i] == 0xE5 && s[i + 1] == 0x85 && s[i + 2] == 0x83)
        return i + 3; /* 元 */
    int nd;
    size_t j = i;
    if (riap__era_kanji_run(s, n, &j, &nd) >= 0)
        return j;
    return 0;
}

static inline bool is_sep(unsigned char c)
{
    return c == '.' || c == '/' || c == '-';
}

/* The length of a compact form's separator at s[i]: . / - (1), or their full-width forms
 * ．／－ (3); 0 for none. */
static inline size_t sep_len(const unsigned char *s, size_t n, size_t i)
{
    if (i < n && is_sep(s[i]))
        return 1;
    return i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x8D && s[i + 2] <= 0x8F
               ? 3
               : 0;
}

/* A separator and a digit at s[i] (.4, ／４)? */
static inline bool sep_digit_at(const unsigned char *s, size_t n, size_t i)
{
    size_t l = sep_len(s, n, i);
    return l && i + l < n && (is_digit(s[i + l]) || fw_digit(s, n, i + l));
}

/* A compact form after an era at s[i]: a number, a separator and a digit (R5.4, 令元.5.1,
 * 令７．１０．１). */
static inline bool compact_at(const unsigned char *s, size_t n, size_t i)
{
    size_t k = number_at(s, n, i, true);
    return k && sep_digit_at(s, n, k);
}

/* 年 at s[i] (after white space)? */
static inline bool nen_at(const unsigned char *s, size_t n, size_t i)
{
    i = riap__skip_space(s, n, i, false);
    return i + 2 < n && s[i] == 0xE5 && s[i + 1] == 0xB9 && s[i + 2] == 0xB4;
}

/* The UTF-8 of 度 and 月, after 年 in what a Latin era letter must be followed by. */
static inline bool unit_at(const unsigned char *s, size_t n, size_t i, const char *u)
{
    i = riap__skip_space(s, n, i, false);
    return i + 2 < n && !memcmp(s + i, u, 3);
}

/* After a Latin era letter: a year with 年 and at least a month (R7年4月1日) or 度 (H30年度),
 * which is unmistakable, where R7年 alone is not. */
static inline bool latin_nen_at(const unsigned char *s, size_t n, size_t i)
{
    size_t k = number_at(s, n, i, true);
    if (!k || !nen_at(s, n, k))
        return false;
    k = riap__skip_space(s, n, k, false) + 3; /* past 年 */
    if (unit_at(s, n, k, "度"))
        return true;
    size_t m = number_at(s, n, riap__skip_space(s, n, k, false), false);
    return m && unit_at(s, n, m, "月");
}

/* An opening parenthesis at s[i] (a note may come between a year and its unit)? */
static inline bool paren_at(const unsigned char *s, size_t n, size_t i)
{
    return (i < n && s[i] == '(') ||
           (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x88); /* （ */
}

/* A compact day at s[i]: a number, a separator, a number, the same separator and a digit. */
static inline bool compact_day_at(const unsigned char *s, size_t n, size_t i)
{
    size_t k = number_at(s, n, i, true);
    if (!k || k + 1 >= n || !is_sep(s[k]))
        return false;
    size_t j = number_at(s, n, k + 1, false);
    return j && j + 1 < n && s[j] == s[k] && (is_digit(s[j + 1]) || fw_digit(s, n, j + 1));
}

/* Does a unit of measure follow a number ending at s[i] (mm, cm, kg, %, 倍, 割, 点)? */
static inline bool measure_at(const unsigned char *s, size_t n, size_t i)
{
    if (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        return true;
    static const char *const units[] = {"%", "％", "倍", "割", "点", "ｍ", "㎜", "㎝", "㎏"};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t l = strlen(units[k]);
        if (l <= n - i && !memcmp(s + i, units[k], l))
            return true;
    }
    return false;
}

/* ---- the date before (lib/era_context.c) ---- */

/* Makes the valid match m found in text, ending at byte end, the date before what follows. */
void riap__era_set_anchor(riap_era_match *m, const char *text, size_t end);
/* Is m's date before still what the text says there (the caller may edit its buffer)? */
bool riap__era_anchor_intact(const riap_era_match *m, const char *text);
/* The date before byte i, for a reference or a list's later day: from the cache, or (*fresh: the
 * cache cannot say; -1: not asked yet, the call going on from `from`) the paragraph read again,
 * once per call. */
bool riap__era_date_before(riap_era_match *m, riap_ctx *ctx, const char *text, size_t i,
                           int *fresh);
/* Can a reference open a date at s[i] (同年, 翌年度, 同月, 同日…, or 同 before a year)? */
bool riap__era_ref_starts(const unsigned char *s, size_t n, size_t i);
/* Where a later date of a list starts after the date that ended at s[i]; 0 when none does. */
size_t riap__era_list_item_at(const unsigned char *s, size_t n, size_t i);

#endif /* RIAP_ERA_SCAN_H */
