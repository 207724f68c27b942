/* SPDX-License-Identifier: MIT */
/* import_layout: what the layout of the text says about its paragraphs, read once for all the
 * lines (so that reading paragraphs stays linear): whether the extraction marks a paragraph's
 * last line with trailing white space, the text's line spacing (a blank line between the lines
 * of a paragraph, as the source's extraction gives them, or none), where blank lines end a
 * paragraph, the width the layout wraps lines at; then the paragraphs joined again. */
#include "config.h"

#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int riap__im_depth_line(const importer *im, const line *l, int d, bool *dash)
{
    for (size_t i = l->start; i < l->end;) {
        uint32_t cp;
        i += riap__im_next(im->t, i, l->end, &cp);
        if (dash && (cp == 0x2015 || cp == 0x2500))
            *dash = !*dash;
        d = riap__im_depth_after(d, cp);
    }
    return d;
}

/* The next line of text after line j (past blank lines, page numbers and headers), with the
 * number of blank lines between and whether a page ends between. */
static size_t next_text(const importer *im, size_t j, uint32_t *gap, bool *page)
{
    *gap = 0;
    *page = false;
    size_t n = j + 1;
    for (; n < im->nl && (im->L[n].kind == L_BLANK || im->L[n].kind == L_SKIP); n++) {
        if (im->L[n].kind == L_SKIP)
            *page = true;
        else
            (*gap)++;
    }
    if (n < im->nl && im->L[n].page != im->L[j].page)
        *page = true;
    return n;
}

/* Trailing white space marks paragraph ends only where the lines that surely end one (a plan's
 * header, the last line before a heading or a header) mostly carry it: a few lines with stray
 * trailing spaces are no such mark. */
static void trail_marks(importer *im)
{
    size_t with = 0, without = 0, ends_with = 0, ends_without = 0, last = SIZE_MAX;
    for (size_t i = 0; i < im->nl; i++) {
        const line *l = &im->L[i];
        if (l->kind == L_BLANK || l->kind == L_SKIP)
            continue;
        with += l->trail;
        without += !l->trail;
        bool end = l->kind == L_HEADER;
        if ((l->kind == L_HEADING || l->kind == L_HEADER) && last != SIZE_MAX &&
            im->L[last].kind == L_TEXT) {
            ends_with += im->L[last].trail;
            ends_without += !im->L[last].trail;
        }
        if (end) {
            ends_with += l->trail;
            ends_without += !l->trail;
        }
        last = i;
    }
    im->trail_marks = with > 0 && without > 0 && ends_with > ends_without;
}

/* A 、 or ， (or a ・ between words): what never ends a paragraph. */
static bool ends_clause(uint32_t cp)
{
    return cp == 0x3001 || cp == 0xFF0C || cp == 0x30FB || cp == 0xFF65;
}

void riap__im_layout(importer *im)
{
    trail_marks(im);
    /* the line spacing, from the lines that surely go on into the next one (a bracket left
     * open, the next starting with closing punctuation, no end mark): how many blank lines
     * most often stand between them */
    size_t single = 0, doubled = 0;
    for (size_t j = 0; j < im->nl; j++) {
        const line *l = &im->L[j];
        if (l->kind != L_TEXT)
            continue;
        uint32_t gap;
        bool page;
        size_t n = next_text(im, j, &gap, &page);
        if (n >= im->nl || page || gap > 1 || im->L[n].kind != L_TEXT)
            continue;
        size_t k;
        bool goes_on = riap__im_depth_line(im, l, 0, NULL) > 0 ||
                       riap__im_continues_line(riap__im_cp_at(im, im->L[n].start, &k)) ||
                       (im->trail_marks && !l->trail);
        if (goes_on) {
            single += gap == 0;
            doubled += gap == 1;
        }
    }
    im->spacing = doubled > single ? 1 : 0;
    /* the narrowest line that surely goes on into the next (a bracket left open, a 、 at its
     * end, the next starting with closing punctuation): the layout wraps lines that wide */
    im->wrap_min = UINT32_MAX;
    for (size_t j = 0; j < im->nl; j++) {
        const line *l = &im->L[j];
        if (l->kind != L_TEXT || l->width >= im->wrap_min)
            continue;
        uint32_t gap;
        bool page;
        size_t n = next_text(im, j, &gap, &page), k;
        if (n >= im->nl || page || gap > im->spacing || im->L[n].kind != L_TEXT)
            continue;
        if (riap__im_depth_line(im, l, 0, NULL) > 0 || ends_clause(riap__im_last_cp(im, l)) ||
            riap__im_continues_line(riap__im_cp_at(im, im->L[n].start, &k)))
            im->wrap_min = l->width;
    }
    /* blank lines more than the spacing end a paragraph, but for a page's margins */
    for (size_t j = 0; j < im->nl; j++) {
        uint32_t gap;
        bool page;
        if (im->L[j].kind == L_BLANK || im->L[j].kind == L_SKIP)
            continue;
        next_text(im, j, &gap, &page);
        im->L[j].brk = gap > im->spacing && !page;
    }
    /* the layout's line length: the widest line of text up to the next heading or header */
    uint32_t w = 0;
    for (size_t j = im->nl; j-- > 0;) {
        line *l = &im->L[j];
        if (l->kind == L_HEADING || l->kind == L_HEADER)
            w = 0;
        else if (l->kind == L_TEXT && l->width > w)
            w = l->width;
        l->wrap = w;
    }
}

/* Does line l open a list: an opening parenthesis or a list's label (【事業】) first? */
static bool opens_list(const importer *im, const line *l)
{
    size_t k;
    uint32_t cp = riap__im_cp_at(im, l->start, &k);
    return cp == '(' || cp == 0xFF08 || riap__im_label(im->t, l->start, l->end) > 0;
}

/* Does line l hold a 、 or ， outside brackets (more items of a list)? */
static bool holds_separator(const importer *im, const line *l)
{
    int d = 0;
    for (size_t i = l->start; i < l->end;) {
        uint32_t cp;
        i += riap__im_next(im->t, i, l->end, &cp);
        int nd = riap__im_depth_after(d, cp);
        if (nd == d && d == 0 && (cp == 0x3001 || cp == 0xFF0C))
            return true;
        d = nd;
    }
    return false;
}

/* Is the paragraph, up to and with line l (from bracket depth d), a list of projects without
 * parentheses with nothing after it: `listing` before l; after a sentence's end (。) it is not
 * (p->guess is then forgotten), after a list's label (【事業】, `labels`) it is. */
static bool still_listing(const importer *im, const line *l, int d, bool listing, bool labels,
                          para *p)
{
    for (size_t i = l->start; i < l->end;) {
        uint32_t cp;
        size_t k = riap__im_next(im->t, i, l->end, &cp), lab;
        if (cp == 0x3002) {
            listing = false;
            p->guess = SIZE_MAX;
        } else if (labels && d == 0 && (lab = riap__im_label(im->t, i, l->end)) > 0) {
            listing = true;
            i += lab;
            continue;
        }
        d = riap__im_depth_after(d, cp);
        i += k;
    }
    return listing;
}

/* Whether line l goes on the line a before it, in a paragraph that lists projects alone, by
 * their shape: 1 surely (a ends with 、), 0 surely not (l is a note, ※…), -1 as the layout says.
 */
static int list_goes_on(const importer *im, const line *a, const line *l)
{
    size_t k;
    if (ends_clause(riap__im_last_cp(im, a)))
        return 1;
    return riap__im_cp_at(im, l->start, &k) == 0x203B ? 0 : -1;
}

/* Does line l end with a weekday note in parentheses (（木）, (土・日)), which closes no list of
 * projects? */
static bool ends_with_weekday(const importer *im, const line *l)
{
    size_t e = l->end;
    while (e > l->start && (unsigned char)im->t[e - 1] == ' ')
        e--;
    size_t open = riap__im_final_group(im->t + l->start, e - l->start);
    return open != SIZE_MAX && riap__im_weekday_note(im->t + l->start, open, e - l->start);
}

/* Joins the lines of a paragraph from line i: returns the index after it. A blank line ends
 * it (unless a bracket is open: a list broken across lines goes on); in a category's text
 * (mode PARA_LIST, PARA_BARE) a closing parenthesis that ends a line ends it too (the project
 * list), and a line opening a parenthesis goes on the text before (its list). `theme`: a
 * numbered theme line with this number ends it too (0: none expected).
 *
 * A list of projects without parentheses (alone in PARA_BARE before any sentence, or after a
 * label such as 【事業】) has no mark of its end: a line that starts with ※ never goes on it,
 * and a line after it goes on it by width only where the text wraps lines (im->wrap_min) and the
 * line before reaches that width; when it holds no 、 (more projects) it may still be a caption,
 * and p->guess names it. */
/* Is line a of paragraph p, not its first, an item of a list on its own: the line before it
 * ends with 、 and a holds none? */
static bool item_line(const importer *im, const para *p, const line *a)
{
    if (a == &im->L[p->first])
        return false;
    const line *b = a - 1;
    while (b > &im->L[p->first] && b->kind != L_TEXT)
        b--;
    uint32_t end = riap__im_last_cp(im, b);
    if (end != 0x3001 && end != 0xFF0C)
        return false;
    for (size_t i = a->start; i + 3 <= a->end; i++)
        if (!memcmp(im->t + i, "\xE3\x80\x81", 3) || !memcmp(im->t + i, "\xEF\xBC\x8C", 3))
            return false; /* 、， */
    return true;
}

size_t riap__im_paragraph(importer *im, size_t i, size_t end, para *p, int mode, int theme)
{
    memset(p, 0, sizeof *p);
    p->first = p->last = i;
    p->guess = SIZE_MAX;
    riap__im_join(im, &p->b, NULL, &im->L[i]);
    int d = riap__im_depth_line(im, &im->L[i], 0, NULL), v;
    uint32_t wrap = im->L[i].wrap;
    bool listing = still_listing(im, &im->L[i], 0, mode == PARA_BARE, mode != PARA_PROSE, p);
    for (;;) {
        size_t j = riap__im_next_line(im, p->last + 1, end), after;
        if (j >= end || im->L[j].kind != L_TEXT ||
            (theme && riap__im_theme_line(im, &im->L[j], theme, &after)))
            break;
        const line *a = &im->L[p->last], *l = &im->L[j];
        size_t k;
        uint32_t first = riap__im_cp_at(im, l->start, &k), last = riap__im_last_cp(im, a);
        bool cont;
        if (d > 0) {
            cont = true;
            /* inside a list, a short line with no 、 at its end joins the next line's item to
             * its own: said, as it may be a 、 left out or a caption set inside the list */
            if (mode != PARA_PROSE && item_line(im, p, a) && a->width + 6 < wrap &&
                !riap__im_is_close(first) && first != 0x3001) {
                char q[160];
                diag(im, "import-ambiguous-line", RIAP_SEVERITY_WARNING, a, a->start,
                     "'%s' ends short inside a list without a 、: it is joined to the next line's "
                     "item (a 、 may be missing, or it may be a caption; check the project)",
                     "「%s」は一覧の中で「、」なしに短く終わっているため、次の行の事業と続けて読み"
                     "ました (「、」の抜けか図の説明かもしれません。事業名を確かめてください)",
                     riap__im_quote(q, sizeof q, im, a->start, a->end));
            }
        } else if (a->brk || riap__im_bullet_at(im, l))
            cont = false; /* a blank line; a line that starts with a bullet starts an item */
        else if (riap__im_continues_line(first))
            cont = true;
        else if (listing && (v = list_goes_on(im, a, l)) >= 0)
            cont = v;
        else if (im->trail_marks)
            cont = !a->trail;
        else if (mode && (last == ')' || last == 0xFF09) && !ends_with_weekday(im, a))
            cont = false; /* a list in parentheses ends a category's text */
        else if (mode && opens_list(im, l))
            cont = true; /* the list of the text before, on a line of its own */
        else if (!mode && last == 0x3002)
            cont = false; /* without the marks, a sentence's end ends an overview paragraph */
        else if (listing) {
            bool full = a->width + 6 >= wrap, wrapped = a->width + 6 >= im->wrap_min,
                 more = holds_separator(im, l);
            cont = full && (wrapped || more);
            if (cont && !more)
                p->guess = j;
        } else {
            cont = a->width + 6 >= wrap;
        }
        if (!cont)
            break;
        riap__im_join(im, &p->b, a, l);
        listing = still_listing(im, l, d, listing, mode != PARA_PROSE, p);
        d = riap__im_depth_line(im, l, d, NULL);
        p->last = j;
    }
    return p->last + 1;
}
