/* SPDX-License-Identifier: MIT */
/* validate_text: the rules of one text (control characters, white space, full-width letters
 * and digits, wrong dates), each problem at its character in the file. */
#include "config.h"

#include "era_int.h"
#include "validate_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Where byte off of text s, read at pos, is in the input. */
static riap__pos text_pos(const riap__vstate *v, riap__pos pos, const char *s, size_t off)
{
    return v->map ? v->map(v->map_user, s, pos, off) : riap__pos_in_text(pos, s, off);
}

/* The first wrong date in a text (an invalid one, or one whose note disagrees): its span and the
 * era engine's diagnostic; false when every date is right. */
static bool wrong_date(riap__vstate *v, const char *s, size_t len, size_t *at, size_t *off,
                       size_t *n, const riap_diag **d)
{
    if (!v->m || !v->era_ctx)
        return false;
    const uint32_t mism = RIAP_ERA_WARN_WEEKDAY_MISMATCH | RIAP_ERA_WARN_NOTE_MISMATCH |
                          RIAP_ERA_WARN_DURATION_MISMATCH;
    riap_status st;
    while ((st = riap_era_find(v->m, v->era_ctx, s, len, *at)) == RIAP_OK &&
           riap_era_match_found(v->m)) {
        *off = riap_era_match_offset(v->m);
        *n = riap_era_match_length(v->m);
        *at = *off + *n;
        riap_era_range r;
        if (riap_era_match_status(v->m) != RIAP_OK) {
            *d = riap_ctx_last_error(v->era_ctx);
            return true;
        }
        if (riap_era_match_range(v->m, &r) == RIAP_OK && (r.warnings & mism)) {
            *d = NULL;
            for (size_t i = 0; i < riap_ctx_diag_count(v->era_ctx) && !*d; i++)
                if (riap_diag_severity(riap_ctx_diag(v->era_ctx, i)) == RIAP_SEVERITY_WARNING)
                    *d = riap_ctx_diag(v->era_ctx, i);
            return true;
        }
    }
    if (st == RIAP_ERR_NOMEM)
        v->r->list.nomem = true; /* the validation reports it; no check is skipped silently */
    return false;
}

/* Past the bytes of u[i, len) no text rule looks at (all but those below 0x21, DEL, C2: the C1
 * controls' lead, EF: a full-width letter's), 16 bytes at a time with SSE2, else 8 in a word. */
static size_t plain_run(const unsigned char *u, size_t len, size_t i)
{
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20), ef = _mm_set1_epi8((char)0xEF),
                  del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2);
    for (; i + 16 <= len; i += 16) {
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(w, x20), w), _mm_cmpeq_epi8(w, ef)),
            _mm_or_si128(_mm_cmpeq_epi8(w, del), _mm_cmpeq_epi8(w, c2)));
        if (_mm_movemask_epi8(m))
            return i;
    }
#endif
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, u + i, 8);
        uint64_t x = w ^ 0xEFEFEFEFEFEFEFEFu, y = w ^ 0x7F7F7F7F7F7F7F7Fu,
                 z = w ^ 0xC2C2C2C2C2C2C2C2u;
        if ((((w - 0x2121212121212121u) & ~w) | ((x - 0x0101010101010101u) & ~x) |
             ((y - 0x0101010101010101u) & ~y) | ((z - 0x0101010101010101u) & ~z)) &
            0x8080808080808080u)
            break;
    }
    return i;
}

/* Each control character of s from the first (at), where it is. */
static void report_controls(riap__vstate *v, riap__pos pos, const char *s, size_t len, size_t at,
                            const char *path)
{
    const unsigned char *u = (const unsigned char *)s;
    bool ja = riap__lang_ja(v->ctx);
    for (size_t i = at; i < len; i++) {
        unsigned char c = u[i];
        char what[48];
        if (c == '\r' && i + 1 < len && u[i + 1] == '\n')
            continue; /* CR LF is one line break, reported at its LF */
        if (c == '\t' || c == '\n' || c == '\r')
            snprintf(what, sizeof what, "%s",
                     c == '\t' ? (ja ? "タブ" : "a tab") : (ja ? "改行" : "a line break"));
        else if (c == 0x7F || (c == 0xC2 && i + 1 < len && u[i + 1] <= 0x9F))
            snprintf(what, sizeof what, ja ? "制御文字 U+%04X " : "the control character U+%04X",
                     c == 0x7F ? 0x7Fu : (unsigned)u[i + 1]);
        else
            continue;
        riap__report_rule(v->r, v->ctx, RIAP__R_TEXT_CONTROL_CHARACTER, text_pos(v, pos, s, i),
                          path, path, what);
    }
}

/* Each fault of white space in s (riap__space_at's, the library's one definition): at its
 * start, at its end, and each run of two or more inside, each at its first character; a run
 * with a tab or line break is text-control-character's alone. */
static void report_spaces(riap__vstate *v, riap__pos pos, const char *s, size_t len,
                          const char *path)
{
    const unsigned char *u = (const unsigned char *)s;
    bool ja = riap__lang_ja(v->ctx);
    for (size_t i = 0, k; i < len;) {
        if ((k = riap__space_at(u, len, i, true)) == 0) {
            i++;
            continue;
        }
        size_t end = riap__skip_space(u, len, i, true);
        bool control = false; /* a tab or line break in the run: that error says it */
        for (size_t j = i; j < end && !control; j++)
            control = u[j] == '\t' || u[j] == '\n' || u[j] == '\r';
        const char *what = control      ? NULL
                           : i == 0     ? (ja ? "先頭に空白があります" : "at its start")
                           : end == len ? (ja ? "末尾に空白があります" : "at its end")
                           : end > i + k
                               ? (ja ? "途中に空白が連続しています" : "in a run of two or more")
                               : NULL;
        if (what)
            riap__report_rule(v->r, v->ctx, RIAP__R_TEXT_WHITESPACE, text_pos(v, pos, s, i), path,
                              path, what);
        i = end;
    }
}

void riap__vcheck_text(riap__vstate *v, const char *s, riap__pos pos, bool fullwidth,
                       const char *fmt, ...)
{
    if (!s)
        return;
    /* one pass: the model's text is well-formed UTF-8, what is looked for is told by bytes */
    size_t len = strlen(s);
    if (fullwidth && len && riap__looks_empty(s, len)) { /* the rest would be about nothing */
        char path[640];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(path, sizeof path, fmt, ap);
        va_end(ap);
        riap__report_rule(v->r, v->ctx, RIAP__R_TEXT_BLANK, text_pos(v, pos, s, 0), path, path);
        return;
    }
    bool control = false, fw = false, edge = false, run = false, wide = false;
    size_t control_at = 0, fw_at = 0, space_at = 0; /* where each is first */
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        i = plain_run(u, len, i);
        if (i >= len)
            break;
        unsigned char c = u[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (c != ' ' && !control)
                control = true, control_at = i;
            if (!run && i + 1 < len &&
                (u[i + 1] == ' ' || u[i + 1] == '\t' || u[i + 1] == '\n' || u[i + 1] == '\r'))
                run = true, space_at = i;
        } else if ((c == 0x7F || (c == 0xC2 && i + 1 < len && u[i + 1] <= 0x9F)) && !control) {
            control = true, control_at = i; /* DEL, and the C1 controls U+0080-U+009F */
        } else if (c == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {
            wide = true; /* a no-break space: report_spaces() tells whether it is a fault */
        } else if (c == 0xEF && i + 2 < len && !fw) {
            /* U+FF10..FF19, U+FF21..FF3A: EF BC 90..99, EF BC A1..BA; U+FF41..FF5A: EF BD 81..9A */
            unsigned char b1 = u[i + 1], b2 = u[i + 2];
            fw = (b1 == 0xBC && ((b2 >= 0x90 && b2 <= 0x99) || (b2 >= 0xA1 && b2 <= 0xBA))) ||
                 (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A);
            fw_at = i;
        }
    }
    /* white space beyond ASCII (U+3000, U+00A0): report_spaces() looks at it */
    wide = wide || (!run && strstr(s, "\xE3\x80\x80"));
    /* white space at either end: the first such space is the one pointed at */
    size_t head = riap__space_at(u, len, 0, true), tail = riap__space_before(u, 0, len, true);
    if (head || tail) {
        size_t first = head ? 0 : len - tail;
        if (!run || first < space_at)
            space_at = first;
        edge = true;
    }
    size_t doff = 0, dlen = 0, dat = 0;
    const riap_diag *dd = NULL;
    if (fullwidth && v->m) /* the era engine's messages name the file's columns where it can */
        riap__era_match_origin(v->m, pos.text_line, pos.text_column);
    bool date = fullwidth && wrong_date(v, s, len, &dat, &doff, &dlen, &dd);
    if (!control && !edge && !run && !wide && !(fw && fullwidth) && !date)
        return;
    char path[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    if (control)
        report_controls(v, pos, s, len, control_at, path);
    if (edge || run || wide)
        report_spaces(v, pos, s, len, path);
    if (fw && fullwidth)
        riap__report_rule(v->r, v->ctx, RIAP__R_TEXT_FULLWIDTH_ASCII, text_pos(v, pos, s, fw_at),
                          path, path);
    for (; date; date = wrong_date(v, s, len, &dat, &doff, &dlen, &dd)) { /* each wrong date */
        char q[200];
        riap__excerpt(q, sizeof q, s + doff, dlen, 60);
        /* the diagnostic points at what the era engine points at (the wrong day, the note),
         * on whatever line of the date that is, where its message's column is */
        int64_t eo = dd ? riap_diag_offset(dd) : -1;
        size_t where = eo >= (int64_t)doff && (uint64_t)eo <= len ? (size_t)eo : doff;
        riap__pos at = text_pos(v, pos, s, where);
        if ((v->map || pos.text_raw) && at.line) {
            /* a joined text, or one not held one for one: read again from where's line */
            size_t ls = where, o, n;
            while (ls > 0 && s[ls - 1] != '\n')
                ls--;
            uint32_t c = (uint32_t)riap__utf8_count(s + ls, where - ls) + 1;
            size_t again = ls <= doff ? doff - ls : 0;
            const riap_diag *d2 = NULL;
            riap__era_match_origin(v->m, at.line, c <= at.column ? at.column + 1 - c : 1);
            bool ok = ls <= doff && c <= at.column &&
                      wrong_date(v, s + ls, len - ls, &again, &o, &n, &d2) && o == doff - ls;
            dd = ok ? d2 : v->map ? NULL : dd;
            riap__era_match_origin(v->m, 0, 0);
        }
        riap__report_rule(v->r, v->ctx, RIAP__R_TEXT_DATE, at, path, path, q,
                          dd ? riap_diag_message(dd) : "", dd ? riap_diag_rule(dd) : "");
    }
}
