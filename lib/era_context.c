/* SPDX-License-Identifier: MIT */
/* era_context: in running text, the date before: a valid match is the anchor of what follows it in
 * the same paragraph (the text up to a blank line), for a reference that opens a date (翌年度から,
 * 同年10月に) and the later days of a list (6日 of 10月5日・6日). */
#include "config.h"

#include "era_scan.h"

/* FNV-1a of a span of text. */
static uint64_t span_hash(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

/* The anchor a valid match's range gives: its end when written, else its start. */
void riap__era_set_anchor(riap_era_match *m, const char *text, size_t end)
{
    const riap_era_range *r = &m->range;
    /* the last date written: the end, unless it is open or counted from a duration */
    bool closed = r->end_granularity != RIAP_GRANULARITY_NONE && !m->end_counted;
    const riap_date *d = closed ? &r->end : &r->start;
    int32_t g = closed ? r->end_granularity : r->start_granularity;
    riap__era_anchor *an = &m->anchor;
    an->era = closed ? r->end_era : r->start_era;
    an->fiscal = g == RIAP_GRANULARITY_FISCAL_YEAR;
    an->decade = g == RIAP_GRANULARITY_DECADE;
    an->last = g == RIAP_GRANULARITY_DAY                                    ? 3
               : g == RIAP_GRANULARITY_MONTH || g == RIAP_GRANULARITY_DEKAD ? 2
                                                                            : 1;
    int32_t y = d->year, mo = an->last >= 2 ? d->month : 1, day = an->last == 3 ? d->day : 1;
    if (an->fiscal) { /* the fiscal year that ends on this day, or starts on it */
        if (closed)
            y--;
        mo = 4;
    }
    an->day = (y << 9) | (mo << 5) | day;
    an->fy = an->fiscal || mo >= 4 ? y : y - 1;
    /* a half or quarter of a fiscal year (or anything within one) names a single fiscal year */
    int32_t fs = r->start.month >= 4 ? r->start.year : r->start.year - 1,
            fe = r->end.month >= 4 ? r->end.year : r->end.year - 1;
    an->one_fy = r->start_granularity != RIAP_GRANULARITY_NONE &&
                 r->end_granularity != RIAP_GRANULARITY_NONE && fs == fe;
    if (an->one_fy && !an->fiscal)
        an->fy = fs;
    m->anchored = true;
    m->anchor_text = text;
    m->anchor_start = m->offset;
    m->anchor_end = m->para_pos = end;
    m->anchor_hash = span_hash(text + m->offset, end - m->offset);
    m->para_blank = false;
}

/* Is the cached anchor still what the text says there (the caller may edit its buffer)? */
bool riap__era_anchor_intact(const riap_era_match *m, const char *text)
{
    return !m->anchored || m->anchor_text != text ||
           span_hash(text + m->anchor_start, m->anchor_end - m->anchor_start) == m->anchor_hash;
}

/* Where the paragraph that byte i is in starts: after the last blank line before it, or 0. */
static size_t paragraph_start(const unsigned char *s, size_t i)
{
    bool blank = false; /* a line end seen, and only white space since (going back) */
    for (size_t j = i, k; j > 0; j--) {
        unsigned char b = s[j - 1];
        if (j >= 3 && b == 0xA9 && s[j - 2] == 0x80 && s[j - 3] == 0xE2)
            return j; /* U+2029 */
        if (b == '\n' || (b == '\r' && s[j] != '\n')) {
            if (blank)
                return j;
            blank = true;
        } else if ((k = riap__space_before(s, 0, j, false)) != 0) {
            j -= k - 1;
        } else if (b != '\r') {
            blank = false;
        }
    }
    return 0;
}

/* Is the match's anchor the date before byte i of text: in the same text, before i, and no blank
 * line between? (Each byte is looked at once over a loop through a text.) */
static bool anchor_before(riap_era_match *m, const char *text, size_t i)
{
    if (!m->anchored || m->anchor_text != text || i < m->anchor_end)
        return false;
    if (i < m->para_pos) {
        m->para_pos = m->anchor_end;
        m->para_blank = false;
    }
    const unsigned char *s = (const unsigned char *)text;
    for (size_t p = m->para_pos, k; p < i; p++) {
        unsigned char b = s[p];
        bool eol = b == '\n' || (b == '\r' && !(p + 1 < i && s[p + 1] == '\n'));
        if (b == 0xE2 && p + 2 < i && s[p + 1] == 0x80 && s[p + 2] == 0xA9) { /* U+2029 */
            m->anchored = false;
            return false;
        }
        if (eol) {
            if (m->para_blank) {
                m->anchored = false;
                return false;
            }
            m->para_blank = true; /* until something other than white space */
        } else if ((k = riap__space_at(s, i, p, false)) != 0) {
            p += k - 1;
        } else if (b != '\r') {
            m->para_blank = false;
        }
    }
    m->para_pos = i;
    return true;
}

/* Makes m's anchor the last valid date before byte i in i's paragraph, reading the paragraph from
 * its start (when the caller did not go on from where the last call stopped). */
static void read_anchor(riap_era_match *m, riap_ctx *ctx, const char *text, size_t i)
{
    riap_era_match tmp;
    memset(&tmp, 0, sizeof tmp);
    size_t at = paragraph_start((const unsigned char *)text, i);
    tmp.scan_text = text;
    tmp.scan_to = at; /* nothing before the paragraph counts */
    while (riap_era_find(&tmp, ctx, text, i, at) == RIAP_OK && tmp.found)
        at = tmp.offset + tmp.length;
    m->anchored = tmp.anchored && tmp.anchor_text == text;
    if (m->anchored) {
        m->anchor = tmp.anchor;
        m->anchor_text = text;
        m->anchor_start = tmp.anchor_start;
        m->anchor_end = m->para_pos = tmp.anchor_end;
        m->anchor_hash = tmp.anchor_hash;
        m->para_blank = false;
    }
    riap__era_match_reset(&tmp);
    riap__ctx_begin(ctx); /* what the paragraph's dates said is not this call's */
}

bool riap__era_date_before(riap_era_match *m, riap_ctx *ctx, const char *text, size_t i, int *fresh)
{
    if (*fresh < 0) /* does the cache know the dates before the call's start? */
        *fresh = !(m->scan_text == text && m->scan_to == m->call_from &&
                   riap__era_anchor_intact(m, text));
    if (*fresh) {
        read_anchor(m, ctx, text, i);
        *fresh = 0;
    }
    return anchor_before(m, text, i);
}

/* A reference that can open a date at s[i]: 同年, 翌年度, 同月, 同日…, or 同 before a year. */
bool riap__era_ref_starts(const unsigned char *s, size_t n, size_t i)
{
    if (i + 3 > n || !((s[i] == 0xE5 && s[i + 1] == 0x90 && s[i + 2] == 0x8C) ||
                       (s[i] == 0xE7 && s[i + 1] == 0xBF && s[i + 2] == 0x8C)))
        return false;
    size_t end;
    int r = riap__era_ref_at(s, n, i, &end);
    if (r != REF_ERA)
        return r != REF_NONE;
    size_t k = number_at(s, n, riap__skip_space(s, n, end, false), false);
    return k && nen_at(s, n, k);
}

/* Where a later date of a list starts after the date that ended at s[i] (・ 、 ， , 及び および,
 * then a number with 日, or with 月 and a day); 0 when none does. */
size_t riap__era_list_item_at(const unsigned char *s, size_t n, size_t i)
{
    i = riap__skip_space(s, n, i, false);
    size_t k = 0;
    if (i < n && s[i] == ',')
        k = i + 1;
    else if (i + 3 <= n && s[i] == 0xE3 &&
             ((s[i + 1] == 0x83 && s[i + 2] == 0xBB) || /* ・ */
              (s[i + 1] == 0x80 && s[i + 2] == 0x81)))  /* 、 */
        k = i + 3;
    else if (i + 3 <= n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8C) /* ， */
        k = i + 3;
    else if (i + 6 <= n && s[i] == 0xE5 && !memcmp(s + i, "及び", 6))
        k = i + 6;
    else if (i + 9 <= n && s[i] == 0xE3 && s[i + 2] == 0x8A && !memcmp(s + i, "および", 9))
        k = i + 9;
    if (!k)
        return 0;
    size_t start = riap__skip_space(s, n, k, false), e = number_at(s, n, start, false);
    if (!e)
        return 0;
    e = riap__skip_space(s, n, e, false);
    if (e + 3 <= n && !memcmp(s + e, "日", 3))
        return !riap__era_count_word_end(s, n, e + 3) ? start : 0;
    if (e + 3 > n || memcmp(s + e, "月", 3))
        return 0;
    e = number_at(s, n, riap__skip_space(s, n, e + 3, false), false);
    if (!e || !unit_at(s, n, e, "日"))
        return 0;
    return !riap__era_count_word_end(s, n, riap__skip_space(s, n, e, false) + 3) ? start : 0;
}
