/* SPDX-License-Identifier: MIT */
/* import: the text of a published summary of approved plans, as it comes out of the PDF, into
 * a plan document (riap_import_text).
 *
 * The text is read as lines (lines.c's work is done here: decoding, white space, widths), then
 * plan by plan: the header, the overview, the categories with their descriptions and project
 * lists, and what is left as figure captions. Paragraphs broken across lines are joined again:
 * a line goes on into the next while a bracket is open, when the next starts with closing
 * punctuation, and otherwise as the layout says: extractions that end each paragraph's last
 * line with a space (as the source's does) are read by that mark; others by the line's width
 * against the widest line around it. Everything built is then checked by the validation rules,
 * whose diagnostics point into the input, so that what is returned always validates. */
#include "config.h"

#include "lgcode_int.h"
#include "riap/doc.h"
#include "riap/import.h"
#include "validate_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

enum { L_BLANK, L_TEXT, L_HEADER, L_HEADING, L_SKIP };

typedef struct line {
    size_t begin, start, end; /* the line's first byte; its content without surrounding space */
    uint32_t no;              /* 1-based */
    uint32_t width;           /* display columns up to the content's end, indentation included */
    bool trail;               /* white space followed the content */
    int kind;
    int number;    /* a heading's (N) */
    uint32_t page; /* form feeds before it */
} line;

/* A caption, kept until every plan is read: a caption may name another plan's project. */
typedef struct caption {
    char *text;
    riap__pos pos;
    size_t plan, run; /* the plan it was found under; captions of one run were found together */
} caption;

typedef struct importer {
    riap_ctx *ctx;
    riap_ctx *era; /* the era engine's diagnostics for the periods */
    riap_report *r;
    const char *t; /* the text as UTF-8 */
    size_t n;
    char *owned; /* the text converted from Shift_JIS */
    line *L;
    size_t nl;
    bool trail_marks;  /* the extraction ends each paragraph's last line with white space */
    size_t title_line; /* the document's title line, or SIZE_MAX */
    riap_doc *doc;
    riap_plan **plans; /* one per header, NULL for a header that could not be read */
    size_t nplans;
    caption *caps;
    size_t ncaps, capcap, runs;
    bool failed, nomem;
} importer;

/* ---- diagnostics ---- */

/* The position of byte `at` of line l. */
static riap__pos pos_at(const importer *im, const line *l, size_t at)
{
    riap__pos p = {l->no, (uint32_t)riap__utf8_count(im->t + l->begin, at - l->begin) + 1};
    return p;
}

/* Appends a diagnostic at pos (and byte offset, -1 when unknown). */
static void report_at(importer *im, const char *rule, riap_severity sev, riap__pos pos,
                      int64_t offset, const char *en, const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 8))) __attribute__((format(printf, 7, 8)))
#endif
    ;

static void report_at(importer *im, const char *rule, riap_severity sev, riap__pos pos,
                      int64_t offset, const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    riap_diag *d = riap__report_vadd(im->r, im->ctx, rule, sev, pos, NULL, en, ja, ap);
    va_end(ap);
    if (d) {
        d->offset = offset;
        if (d->severity == RIAP_SEVERITY_ERROR)
            im->failed = true;
    }
}

static riap__pos diag_pos(const importer *im, const line *l, size_t at)
{
    if (!l)
        return (riap__pos){1, 1};
    return pos_at(im, l, at);
}

static int64_t offset_of(const importer *im, const line *l, size_t at)
{
    return l && !im->owned ? (int64_t)at : -1;
}

/* The diagnostic at byte `at` of line l (l NULL: the start of the text). */
#define diag(im, rule, sev, l, at, ...)                                                            \
    report_at((im), (rule), (sev), diag_pos((im), (l), (at)), offset_of((im), (l), (at)),          \
              __VA_ARGS__)

/* A short quote of text[a, b) for a message. */
static const char *quote(char *buf, size_t size, const importer *im, size_t a, size_t b)
{
    riap__excerpt(buf, size, im->t + a, b - a, 60);
    return buf;
}

/* ---- characters ---- */

static uint32_t cp_at(const importer *im, size_t i, size_t *k)
{
    uint32_t cp = 0;
    *k = i < im->n ? riap__utf8_decode((const unsigned char *)im->t + i, im->n - i, &cp) : 0;
    if (!*k && i < im->n)
        *k = 1;
    return cp;
}

/* Full-width ASCII as ASCII, the ideographic space as a space: for recognising structure. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    return cp == 0x3000 ? ' ' : cp;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

static uint32_t width_of(uint32_t cp)
{
    return cp < 0x1100 || (cp >= 0xFF61 && cp <= 0xFF9F) ? 1 : 2;
}

static bool is_open(uint32_t cp)
{
    return cp == '(' || cp == 0xFF08 || cp == 0x300C || cp == 0x300E || cp == 0x3010 ||
           cp == 0xFF3B || cp == '[';
}

static bool is_close(uint32_t cp)
{
    return cp == ')' || cp == 0xFF09 || cp == 0x300D || cp == 0x300F || cp == 0x3011 ||
           cp == 0xFF3D || cp == ']';
}

/* Closing punctuation that never starts a line of its own: 、。，．）」』】 */
static bool continues_line(uint32_t cp)
{
    return cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF0E || is_close(cp);
}

/* The last character of line l's content. */
static uint32_t last_cp(const importer *im, const line *l)
{
    size_t i = l->end - 1, k;
    while (i > l->start && ((unsigned char)im->t[i] & 0xC0) == 0x80)
        i--;
    return cp_at(im, i, &k);
}

/* The bracket depth of text[a, b) (never below 0), and whether a dash pair (―…―) is open. */
static int depth_of(const char *t, size_t a, size_t b, bool *dash_open)
{
    int d = 0;
    bool dash = false;
    for (size_t i = a; i < b;) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode((const unsigned char *)t + i, b - i, &cp);
        if (!k)
            k = 1;
        if (is_open(cp))
            d++;
        else if (is_close(cp) && d > 0)
            d--;
        else if (cp == 0x2015 || cp == 0x2500)
            dash = !dash;
        i += k;
    }
    if (dash_open)
        *dash_open = dash;
    return d;
}

/* ---- decoding and lines ---- */

static bool decode(importer *im, const char *text, size_t len)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    size_t bad = riap__utf8_check(text, len);
    if (bad == len) {
        im->t = text;
        im->n = len;
        return true;
    }
    /* not UTF-8: Shift_JIS as Japanese offices write it (CP932), or nothing */
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("windows-31j", &ec);
    UChar *u = NULL;
    int32_t ulen = 0;
    if (U_SUCCESS(ec)) {
        ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        ulen = ucnv_toUChars(cv, NULL, 0, text, (int32_t)len, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING) {
            ec = U_ZERO_ERROR;
            u = riap__malloc(((size_t)ulen + 1) * sizeof *u);
            if (!u)
                im->nomem = true;
            else
                ulen = ucnv_toUChars(cv, u, ulen + 1, text, (int32_t)len, &ec);
        }
    }
    if (cv)
        ucnv_close(cv);
    int32_t blen = 0;
    if (u && U_SUCCESS(ec)) {
        u_strToUTF8(NULL, 0, &blen, u, ulen, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR) {
            ec = U_ZERO_ERROR;
            im->owned = riap__malloc((size_t)blen + 1);
            if (!im->owned)
                im->nomem = true;
            else
                u_strToUTF8(im->owned, blen + 1, &blen, u, ulen, &ec);
        }
    }
    riap__free(u);
    if (im->owned && U_SUCCESS(ec)) {
        im->t = im->owned;
        im->n = (size_t)blen;
        return true;
    }
    riap__free(im->owned);
    im->owned = NULL;
    if (im->nomem)
        return false;
    uint32_t ln, col;
    riap__line_col(text, bad, &ln, &col);
    report_at(im, "import-encoding", RIAP_SEVERITY_ERROR, (riap__pos){ln, col}, (int64_t)bad,
              "byte 0x%02X at line %u, column %u: the text is neither UTF-8 nor Shift_JIS (CP932)",
              "%02X のバイト (%u 行 %u 桁): UTF-8 でも Shift_JIS (CP932) でもありません",
              (unsigned)(unsigned char)text[bad], ln, col);
    im->failed = true;
    return false;
}

/* A page number alone on its line: 3, - 3 -, －３－, 3/12, p.3, P3. */
static bool page_number(const importer *im, const line *l)
{
    char f[64];
    size_t n = 0;
    for (size_t i = l->start; i < l->end;) {
        size_t k;
        uint32_t cp = fold(cp_at(im, i, &k));
        i += k;
        if (is_space(cp))
            continue;
        if (cp == 0x2212 || cp == 0x2010 || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 ||
            cp == 0x301C || cp == '~')
            cp = '-';
        if (cp >= 0x80 || n + 1 >= sizeof f)
            return false;
        f[n++] = (char)cp;
    }
    f[n] = 0;
    size_t i = 0;
    if (f[0] == 'p' || f[0] == 'P')
        i = f[1] == '.' ? 2 : 1;
    while (f[i] == '-')
        i++;
    size_t d0 = i;
    while (f[i] >= '0' && f[i] <= '9')
        i++;
    if (i == d0 || i - d0 > 4)
        return false;
    if (f[i] == '/') {
        size_t d1 = ++i;
        while (f[i] >= '0' && f[i] <= '9')
            i++;
        if (i == d1)
            return false;
    }
    while (f[i] == '-')
        i++;
    return f[i] == 0;
}

/* "(N)" or "（N）" at the start of a line (digits ASCII or full-width): N, else 0; *after is where
 * the heading's text starts. */
static int paren_number(const importer *im, const line *l, size_t *after)
{
    size_t i = l->start, k;
    uint32_t cp = fold(cp_at(im, i, &k));
    if (cp != '(')
        return 0;
    i += k;
    int v = 0, nd = 0;
    for (;;) {
        cp = fold(cp_at(im, i, &k));
        if (cp < '0' || cp > '9' || nd == 2)
            break;
        v = v * 10 + (int)(cp - '0');
        nd++;
        i += k;
    }
    if (!nd || cp != ')' || v == 0)
        return 0;
    *after = i + k;
    return v;
}

/* A plan's header: 「TITLE」 (MUNICIPALITY) then the period. Fills the spans. */
typedef struct header {
    size_t title_a, title_b, muni_a, muni_b, rest_a, rest_b;
} header;

static bool parse_header(const importer *im, const line *l, header *h)
{
    size_t i = l->start, k;
    uint32_t cp = cp_at(im, i, &k);
    if (cp != 0x300C && cp != 0x300E) /* 「 『 */
        return false;
    uint32_t closer = cp + 1;
    h->title_a = i += k;
    while (i < l->end && cp_at(im, i, &k) != closer)
        i += k;
    if (i >= l->end || i == h->title_a)
        return false;
    h->title_b = i;
    i += k;
    while (i < l->end && is_space(cp_at(im, i, &k)))
        i += k;
    if (i >= l->end || fold(cp_at(im, i, &k)) != '(')
        return false;
    h->muni_a = i += k;
    while (i < l->end && fold(cp_at(im, i, &k)) != ')')
        i += k;
    if (i >= l->end || i == h->muni_a)
        return false;
    h->muni_b = i;
    i += k;
    while (i < l->end && is_space(cp_at(im, i, &k)))
        i += k;
    h->rest_a = i;
    h->rest_b = l->end;
    return true;
}

static bool split_lines(importer *im)
{
    size_t cap = 64;
    im->L = riap__malloc(cap * sizeof *im->L);
    if (!im->L)
        return false;
    const unsigned char *s = (const unsigned char *)im->t;
    size_t i = 0;
    uint32_t no = 1, page = 0;
    while (i < im->n || (i == im->n && im->nl == 0)) {
        size_t b = i;
        while (i < im->n && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') {
            unsigned char c = s[i];
            bool nonchar = c == 0xEF && i + 2 < im->n && s[i + 1] == 0xBF && s[i + 2] >= 0xBE;
            if ((c < 0x20 && c != '\t') || c == 0x7F || nonchar) {
                line tmp = {b, b, b, no, 0, false, L_TEXT, 0, page};
                diag(im, "import-control-character", RIAP_SEVERITY_ERROR, &tmp, i,
                     "a control character (U+%04X) in the text",
                     "テキストに制御文字 (U+%04X) があります",
                     nonchar ? (unsigned)(0xFFFE + (s[i + 2] & 1)) : (unsigned)c);
                return true;
            }
            i++;
        }
        if (im->nl == cap) {
            line *nl = riap__realloc(im->L, 2 * cap * sizeof *nl);
            if (!nl)
                return false;
            im->L = nl;
            cap *= 2;
        }
        line *l = &im->L[im->nl++];
        memset(l, 0, sizeof *l);
        l->begin = l->start = b;
        l->no = no;
        l->page = page;
        size_t e = i, k;
        while (l->start < e && is_space(cp_at(im, l->start, &k)))
            l->start += k;
        l->end = l->start;
        uint32_t w = 0, wend = 0;
        for (size_t j = b; j < e; j += k) {
            uint32_t cp = cp_at(im, j, &k);
            w += cp == '\t' ? 1 : width_of(cp);
            if (!is_space(cp) && j >= l->start) {
                l->end = j + k;
                wend = w;
            }
        }
        l->width = wend;
        l->trail = l->end < e && l->end > l->start;
        l->kind = l->end == l->start ? L_BLANK : L_TEXT;
        if (i < im->n && s[i] == '\r' && i + 1 < im->n && s[i + 1] == '\n')
            i++;
        if (i < im->n && s[i] == '\f')
            page++;
        if (i < im->n)
            i++;
        else if (b == i)
            break;
        no++;
        if (i == im->n)
            break;
    }
    return true;
}

/* Page furniture: where the text has page breaks (form feeds), a line that stands at the top
 * or the bottom of two pages or more, the same each time (the publisher's name, a running
 * title), is a page header or footer, not content. Sorted by content: n log n. */
typedef struct edge {
    const char *s;
    size_t n, line;
    uint32_t page;
} edge;

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    if (c)
        return c;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static void page_furniture(importer *im)
{
    if (!im->nl || im->L[im->nl - 1].page == 0)
        return; /* no page break */
    edge *e = riap__malloc(4 * ((size_t)im->L[im->nl - 1].page + 1) * sizeof *e);
    if (!e) {
        im->nomem = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < im->nl;) {
        size_t j = i;
        while (j < im->nl && im->L[j].page == im->L[i].page)
            j++;
        /* the first two and the last two lines of text of page [i, j) */
        size_t sel[4], ns = 0;
        for (size_t k = i; k < j && ns < 2; k++)
            if (im->L[k].kind == L_TEXT)
                sel[ns++] = k;
        size_t top = ns;
        for (size_t k = j; k-- > i && ns < top + 2;) {
            if (im->L[k].kind != L_TEXT)
                continue;
            if ((top > 0 && sel[0] == k) || (top > 1 && sel[1] == k))
                break; /* a short page: its lines are taken already */
            sel[ns++] = k;
        }
        for (size_t k = 0; k < ns; k++) {
            const line *l = &im->L[sel[k]];
            e[n++] = (edge){im->t + l->start, l->end - l->start, sel[k], l->page};
        }
        i = j;
    }
    qsort(e, n, sizeof *e, cmp_edge);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, pages = 1;
        while (j < n && e[j].n == e[i].n && !memcmp(e[j].s, e[i].s, e[i].n)) {
            pages += e[j].page != e[j - 1].page;
            j++;
        }
        if (pages >= 2)
            for (size_t k = i; k < j; k++)
                im->L[e[k].line].kind = L_SKIP;
        i = j;
    }
    riap__free(e);
}

/* Marks each line's kind, and whether the text marks paragraph ends with trailing space. */
static void classify(importer *im)
{
    size_t with = 0, without = 0;
    for (size_t i = 0; i < im->nl; i++) {
        line *l = &im->L[i];
        if (l->kind == L_BLANK)
            continue;
        header h;
        size_t after;
        if (parse_header(im, l, &h))
            l->kind = L_HEADER;
        else if ((l->number = paren_number(im, l, &after)) > 0)
            l->kind = L_HEADING;
        else if (page_number(im, l))
            l->kind = L_SKIP;
        if (l->trail)
            with++;
        else
            without++;
    }
    im->trail_marks = with > 0 && without > 0;
    page_furniture(im);
}

static size_t next_line(importer *im, size_t i, size_t end)
{
    while (i < end && (im->L[i].kind == L_BLANK || im->L[i].kind == L_SKIP)) {
        if (im->L[i].kind == L_SKIP) {
            char q[128];
            diag(im, "import-skipped", RIAP_SEVERITY_NOTE, &im->L[i], im->L[i].start,
                 "'%s' is taken for a page number or page header and left out",
                 "「%s」はページ番号・ページの見出しとして除きました",
                 quote(q, sizeof q, im, im->L[i].start, im->L[i].end));
            im->L[i].kind = L_BLANK; /* said once */
        }
        i++;
    }
    return i;
}

/* ---- paragraphs ---- */

/* Appends line l's content to b, joined as the extraction broke it: with one space between
 * Latin words that a space separated, else with nothing. Tabs become spaces. */
static void join(importer *im, riap__buf *b, const line *prev, const line *l)
{
    if (prev && b->n && prev->trail) {
        unsigned char last = (unsigned char)b->p[b->n - 1];
        unsigned char first = (unsigned char)im->t[l->start];
        bool latin = (last < 0x80 && last > ' ') && (first < 0x80 && first > ' ');
        if (latin)
            riap__buf_putc(b, ' ');
    }
    for (size_t i = l->start; i < l->end; i++)
        riap__buf_putc(b, im->t[i] == '\t' ? ' ' : im->t[i]);
    riap__buf_putc(b, '\0'); /* kept after the text, not counted: b->p is a C string */
    if (!b->nomem)
        b->n--;
}

/* The widest line of [i, end) that is text: the layout's line length there. */
static uint32_t wrap_width(const importer *im, size_t i, size_t end)
{
    uint32_t w = 0;
    for (; i < end && im->L[i].kind != L_HEADING && im->L[i].kind != L_HEADER; i++)
        if (im->L[i].kind == L_TEXT && im->L[i].width > w)
            w = im->L[i].width;
    return w;
}

/* Is line j a numbered theme "N TEXT" (N the expected number; a space, 。 or ．after it)? */
static bool theme_line(const importer *im, const line *l, int expect, size_t *after)
{
    size_t i = l->start, k;
    int v = 0, nd = 0;
    uint32_t cp;
    for (;;) {
        cp = fold(cp_at(im, i, &k));
        if (cp < '0' || cp > '9' || nd == 2)
            break;
        v = v * 10 + (int)(cp - '0');
        nd++;
        i += k;
    }
    if (!nd || v != expect || !(is_space(cp) || cp == '.' || cp == 0x3001))
        return false;
    i += k;
    while (i < l->end && is_space(cp_at(im, i, &k)))
        i += k;
    if (i >= l->end)
        return false;
    size_t j = l->end;
    /* a sentence is no heading */
    if (j >= 3 && !memcmp(im->t + j - 3, "\xE3\x80\x82", 3))
        return false;
    *after = i;
    return true;
}

typedef struct para {
    riap__buf b;
    size_t first, last; /* line indexes */
} para;

/* Joins the lines of a paragraph from line i: returns the index after it. `list_stop`: a
 * closing parenthesis that ends a line ends the paragraph (a category's project list).
 * `theme`: a numbered theme line with this number ends it too (0: none expected). */
static size_t paragraph(importer *im, size_t i, size_t end, para *p, bool list_stop, int theme)
{
    memset(p, 0, sizeof *p);
    p->first = p->last = i;
    join(im, &p->b, NULL, &im->L[i]);
    uint32_t wrap = wrap_width(im, i, end);
    for (;;) {
        size_t j = next_line(im, p->last + 1, end), after;
        if (j >= end || im->L[j].kind != L_TEXT ||
            (theme && theme_line(im, &im->L[j], theme, &after)))
            break;
        const line *a = &im->L[p->last], *l = &im->L[j];
        size_t k;
        uint32_t first = cp_at(im, l->start, &k);
        bool cont;
        if (depth_of(p->b.p, 0, p->b.n, NULL) > 0 || continues_line(first))
            cont = true;
        else if (im->trail_marks)
            cont = !a->trail;
        else if (list_stop && (last_cp(im, a) == ')' || last_cp(im, a) == 0xFF09))
            cont = false; /* a list in parentheses ends a category's text */
        else
            cont = a->width + 6 >= wrap;
        if (!cont)
            break;
        join(im, &p->b, a, l);
        p->last = j;
    }
    return p->last + 1;
}

/* ---- the municipality, the plan's id ---- */

/* Looks the municipality up: its row in the list (NULL when it is not there), or fails with a
 * diagnostic. A name several local governments share is told apart by a prefecture written
 * before it (東京都府中市) or by the prefecture of the plans before. */
static bool find_municipality(importer *im, const line *l, size_t a, size_t b, riap_plan *plan,
                              const char *common_pref)
{
    char q[160], name[256];
    /* strip spaces, and a prefecture written before the name */
    size_t n = 0;
    for (size_t i = a; i < b && n + 4 < sizeof name;) {
        size_t k;
        uint32_t cp = cp_at(im, i, &k);
        if (!is_space(cp)) {
            memcpy(name + n, im->t + i, k);
            n += k;
        }
        i += k;
    }
    name[n] = 0;
    const char *pref = NULL, *nm = name;
    for (size_t i = 0; i < riap__pref_count; i++) {
        size_t pl = strlen(riap__pref_rows[i].name);
        if (pl < n && !strncmp(name, riap__pref_rows[i].name, pl)) {
            pref = riap__pref_rows[i].name;
            nm = name + pl;
        }
    }
    const riap__lg_row *rows[8], *row = NULL;
    size_t nr = riap__lg_by_name(nm, strlen(nm), rows, 8), hits = 0;
    const char *want = pref ? pref : (nr > 1 ? common_pref : NULL);
    for (size_t i = 0; i < nr && i < 8; i++)
        if (!want || !strcmp(rows[i]->prefecture, want)) {
            row = rows[i];
            hits++;
        }
    if (hits > 1 || (nr > 1 && !hits && !pref)) {
        diag(im, "import-municipality", RIAP_SEVERITY_ERROR, l, a,
             "'%s' names %zu local governments: write its prefecture before it (東京都府中市)",
             "「%s」に当たる地方公共団体が %zu あります: 都道府県名を前に書いてください "
             "(東京都府中市)",
             quote(q, sizeof q, im, a, b), nr);
        return false;
    }
    riap_municipality_kind kind = RIAP_MUNICIPALITY_UNKNOWN;
    static const struct {
        const char *suffix;
        riap_municipality_kind kind;
    } kinds[] = {{"都", RIAP_MUNICIPALITY_PREFECTURE}, {"道", RIAP_MUNICIPALITY_PREFECTURE},
                 {"府", RIAP_MUNICIPALITY_PREFECTURE}, {"県", RIAP_MUNICIPALITY_PREFECTURE},
                 {"市", RIAP_MUNICIPALITY_CITY},       {"区", RIAP_MUNICIPALITY_WARD},
                 {"町", RIAP_MUNICIPALITY_TOWN},       {"村", RIAP_MUNICIPALITY_VILLAGE}};
    size_t nl = strlen(nm);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (nl > 3 && !strcmp(nm + nl - 3, kinds[i].suffix))
            kind = kinds[i].kind;
    bool is_pref =
        row && riap__pref_code(row->name) && !strcmp(riap__pref_code(row->name), row->code);
    if (kind == RIAP_MUNICIPALITY_PREFECTURE && !is_pref)
        kind = RIAP_MUNICIPALITY_UNKNOWN;
    if (row && !pref)
        pref = is_pref ? row->name : row->prefecture;
    if (!pref)
        pref = common_pref;
    if (kind == RIAP_MUNICIPALITY_UNKNOWN || !pref) {
        diag(im, "import-municipality", RIAP_SEVERITY_ERROR, l, a,
             "'%s' is not a municipality of the list of local governments (dated %s), nor a name "
             "ending in 都, 道, 府, 県, 市, 区, 町 or 村 with a prefecture known",
             "「%s」は地方公共団体の一覧 (%s 現在) になく、都道府県の分かる都・道・府・県・市・"
             "区・町・村の名前でもありません",
             quote(q, sizeof q, im, a, b), riap__lg_date);
        return false;
    }
    if (!row)
        diag(im, "import-municipality", RIAP_SEVERITY_WARNING, l, a,
             "'%s' is not in the list of local governments (dated %s): its code is left out",
             "「%s」は地方公共団体の一覧 (%s 現在) にありません: コードは空けておきます",
             quote(q, sizeof q, im, a, b), riap__lg_date);
    riap_status st = riap_plan_set_municipality(plan, nm, kind, pref, row ? row->code : NULL);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    plan->muni_pos = pos_at(im, l, a);
    return st == RIAP_OK;
}

/* Hiragana to Latin letters (simplified Hepburn, long vowels written once: おうめ → ome), for
 * plan ids. Returns false for anything but hiragana and spaces. */
static bool romanize(const char *kana, char *out, size_t size)
{
    static const char *const row[] = {
        /* U+3041 ぁ .. U+3093 ん */
        "a",  "a",  "i",  "i",  "u",   "u",  "e",  "e",   "o",   "o",  "ka", "ga", "ki", "gi",
        "ku", "gu", "ke", "ge", "ko",  "go", "sa", "za",  "shi", "ji", "su", "zu", "se", "ze",
        "so", "zo", "ta", "da", "chi", "ji", "",   "tsu", "zu",  "te", "de", "to", "do", "na",
        "ni", "nu", "ne", "no", "ha",  "ba", "pa", "hi",  "bi",  "pi", "fu", "bu", "pu", "he",
        "be", "pe", "ho", "bo", "po",  "ma", "mi", "mu",  "me",  "mo", "ya", "ya", "yu", "yu",
        "yo", "yo", "ra", "ri", "ru",  "re", "ro", "wa",  "wa",  "i",  "e",  "o",  "n"};
    size_t n = 0;
    bool sokuon = false;
    for (const unsigned char *s = (const unsigned char *)kana; *s;) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode(s, strlen((const char *)s), &cp);
        if (!k)
            return false;
        s += k;
        if (cp == ' ' || cp == 0x3000) {
            if (n + 1 >= size)
                return false;
            out[n++] = '-';
            continue;
        }
        if (cp < 0x3041 || cp > 0x3093)
            return false;
        if (cp == 0x3063) { /* っ doubles the next consonant */
            sokuon = true;
            continue;
        }
        const char *r = row[cp - 0x3041];
        bool small_y = cp == 0x3083 || cp == 0x3085 || cp == 0x3087; /* ゃゅょ after き, し, ... */
        if (small_y && n > 0 && out[n - 1] == 'i') {
            n--;
            if (n > 0 && (out[n - 1] == 'h' || out[n - 1] == 'j'))
                r++; /* しゃ sha, じゃ ja, ちゃ cha */
        }
        size_t rl = strlen(r);
        if (n + rl + 2 >= size)
            return false;
        if (sokuon && rl) {
            out[n++] = r[0] == 'c' ? 't' : r[0];
            sokuon = false;
        }
        memcpy(out + n, r, rl);
        n += rl;
    }
    out[n] = 0;
    /* long vowels once: ou, oo, uu */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && ((out[w - 1] == 'o' && (out[i] == 'u' || out[i] == 'o')) ||
                      (out[w - 1] == 'u' && out[i] == 'u')))
            continue;
        out[w++] = out[i];
    }
    out[w] = 0;
    return w > 0;
}

/* The plan's id: its municipality's reading without the kind (すみだく → sumida) and the era
 * letter and year the period starts in (-r4); made unique in the document. */
static void make_id(importer *im, const char *code, riap_era_range *range, size_t nth, char *id,
                    size_t size)
{
    const riap__lg_row *row = riap__lg_by_code(code);
    char base[80] = "";
    if (row && row->kana[0]) {
        char kana[128];
        snprintf(kana, sizeof kana, "%s", row->kana);
        static const char *const readings[] = {"ちょう", "まち", "むら", "そん", "けん",
                                               "どう",   "く",   "し",   "と",   "ふ"};
        size_t kl = strlen(kana);
        for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++) {
            size_t rl = strlen(readings[i]);
            if (kl > rl + 3 && !strcmp(kana + kl - rl, readings[i])) {
                kana[kl - rl] = 0;
                break;
            }
        }
        if (!romanize(kana, base, sizeof base))
            base[0] = 0;
    }
    if (!base[0])
        snprintf(base, sizeof base, "plan-%zu", nth);
    char era[16] = "";
    if (range && range->start_granularity && range->start_era >= 0) {
        riap_date first;
        const char *letter = riap_era_latin(im->era, (size_t)range->start_era);
        if (letter && riap_era_first_day(&first, im->era, (size_t)range->start_era) == RIAP_OK)
            snprintf(era, sizeof era, "-%c%d", letter[0] | 0x20,
                     (int)(range->start.year - first.year + 1));
    } else if (range && range->start_granularity) {
        snprintf(era, sizeof era, "-%d", range->start.year);
    }
    snprintf(id, size, "%s%s", base, era);
    for (int k = 2; riap_doc_find_plan(im->doc, id) && k < 10000; k++)
        snprintf(id, size, "%s%s-%d", base, era, k);
}

/* ---- categories and their project lists ---- */

/* The headings of RIAP_SCHEME_DEFAULT, folded (ASCII digits and parentheses, no spaces). */
static const struct {
    const char *id, *heading;
} tokyo[] = {
    {"collaboration", "(1)多様な主体との連携を図る取組"},
    {"transformation", "(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革"
                       "への対応に係る取組"},
    {"other", "(3)(1)、(2)以外の取組"},
};

/* How text (a heading as written) compares with the default scheme's heading number n, folded:
 * 0 it is another, 1 it is a beginning of it (a heading broken over lines), 2 it starts with
 * all of it (what follows, as （持続的な産業基盤の整備）, stays in the heading as written). */
static int tokyo_match(const char *text, size_t len, int n)
{
    if (n < 1 || n > 3)
        return 0;
    const char *h = tokyo[n - 1].heading;
    size_t j = 0;
    for (size_t i = 0; i < len && h[j];) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (!k)
            return 0;
        i += k;
        cp = fold(cp);
        if (cp == ' ')
            continue;
        char u[4];
        size_t ul = riap__utf8_encode(cp, u);
        if (strncmp(h + j, u, ul))
            return 0;
        j += ul;
    }
    return h[j] == 0 ? 2 : 1;
}

/* Splits a project list at the 、 outside brackets; adds each project (☆: starred). */
typedef struct star {
    riap_project *project;
    size_t line, at;
} star;

typedef struct plan_state {
    riap_plan *plan;
    size_t plan_index;
    star *stars;
    size_t nstars, capstars;
    const char *note_cat; /* the category whose list says ※☆の事業も併せて実施 */
    size_t note_line, note_at;
} plan_state;

/* Where byte `off` of a paragraph's text is in the input: the paragraph's lines hold its text
 * in order, joined with at most one added space. */
static void para_pos(const importer *im, const para *p, size_t off, size_t *line_out, size_t *at)
{
    size_t done = 0;
    for (size_t i = p->first; i <= p->last; i++) {
        const line *l = &im->L[i];
        if (l->kind != L_TEXT && i != p->first)
            continue;
        size_t len = l->end - l->start;
        if (off < done + len || i == p->last) {
            *line_out = i;
            *at = l->start + (off - done < len ? off - done : len);
            return;
        }
        done += len;
        if (done < p->b.n && p->b.p[done] == ' ' &&
            (l->end == l->start || im->t[l->end - 1] != ' '))
            done++; /* the space join() added */
    }
    *line_out = p->first;
    *at = im->L[p->first].start;
}

static void add_items(importer *im, plan_state *ps, riap_category *cat, const para *p, size_t a,
                      size_t b)
{
    const char *t = p->b.p;
    size_t i = a;
    while (i <= b) {
        size_t e = i;
        int d = 0;
        while (e < b) {
            uint32_t cp = 0;
            size_t k = riap__utf8_decode((const unsigned char *)t + e, b - e, &cp);
            if (!k)
                k = 1;
            if (is_open(cp))
                d++;
            else if (is_close(cp) && d > 0)
                d--;
            else if (d == 0 && (cp == 0x3001 || cp == 0xFF0C))
                break;
            e += k;
        }
        size_t s0 = i, s1 = e, k;
        uint32_t cp;
        while (s0 < s1 && (t[s0] == ' ' || (s1 - s0 >= 3 && !memcmp(t + s0, "\xE3\x80\x80", 3))))
            s0 += t[s0] == ' ' ? 1 : 3;
        while (s1 > s0 && t[s1 - 1] == ' ')
            s1--;
        size_t ln, at;
        para_pos(im, p, s0, &ln, &at);
        bool starred = false;
        cp = 0;
        k = s0 < s1 ? riap__utf8_decode((const unsigned char *)t + s0, s1 - s0, &cp) : 0;
        if (k && (cp == 0x2606 || cp == 0x2605)) { /* ☆ ★ */
            starred = true;
            s0 += k;
        }
        char q[160];
        if (s0 >= s1) {
            if (e < b || s1 > i)
                diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
                     "an empty item in the project list of '%s'",
                     "「%s」の事業の一覧に空の項目があります", cat->id);
        } else if (k && cp == 0x203B) { /* ※ a note */
            if (strstr(t + s0, "\xE2\x98\x86") &&
                (size_t)(strstr(t + s0, "\xE2\x98\x86") - t) < s1 &&
                (strstr(t + s0, "併せて") || strstr(t + s0, "あわせて"))) {
                ps->note_cat = cat->id;
                ps->note_line = ln;
                ps->note_at = at;
            } else {
                riap__excerpt(q, sizeof q, t + s0, s1 - s0, 60);
                diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
                     "the note '%s' in the project list of '%s' is not one the model holds",
                     "事業の一覧 (%2$s) の注記「%1$s」はモデルに入れられません", q, cat->id);
            }
        } else {
            char *name = riap__strndup(t + s0, s1 - s0);
            riap_project *pr = NULL;
            riap_status st = name ? riap_category_add_project(&pr, cat, name) : RIAP_ERR_NOMEM;
            riap__free(name);
            if (st == RIAP_ERR_NOMEM) {
                im->nomem = true;
                return;
            }
            if (pr) {
                pr->pos = pos_at(im, &im->L[ln], at);
                if (starred) {
                    if (ps->nstars == ps->capstars) {
                        size_t nc = ps->capstars ? 2 * ps->capstars : 8;
                        star *ns = riap__realloc(ps->stars, nc * sizeof *ns);
                        if (!ns) {
                            im->nomem = true;
                            return;
                        }
                        ps->stars = ns;
                        ps->capstars = nc;
                    }
                    ps->stars[ps->nstars++] = (star){pr, ln, at};
                }
            } else {
                riap__excerpt(q, sizeof q, t + s0, s1 - s0, 60);
                diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
                     "'%s' cannot be a project name", "「%s」は事業の名称にできません", q);
            }
        }
        i = e + 3;
        if (e >= b)
            break;
    }
}

/* Reads a category's body: a description followed by its projects in parentheses, or projects
 * alone. */
static void category_body(importer *im, plan_state *ps, riap_category *cat, para *p, bool bare)
{
    const char *t = p->b.p;
    size_t n = p->b.n, k;
    size_t ln, at;
    /* a list in parentheses that ends the text */
    size_t last = n;
    while (last > 0 && ((unsigned char)t[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > 0)
        last--;
    uint32_t cp = 0;
    k = n ? riap__utf8_decode((const unsigned char *)t + last, n - last, &cp) : 0;
    size_t open = SIZE_MAX;
    if (k && (cp == ')' || cp == 0xFF09)) {
        int d = 0;
        for (size_t i = last + 1; i-- > 0;) {
            if (((unsigned char)t[i] & 0xC0) == 0x80)
                continue;
            uint32_t c2 = 0;
            riap__utf8_decode((const unsigned char *)t + i, n - i, &c2);
            if (c2 == ')' || c2 == 0xFF09)
                d++;
            else if (c2 == '(' || c2 == 0xFF08) {
                if (--d == 0) {
                    open = i;
                    break;
                }
            }
        }
    }
    if (open != SIZE_MAX) {
        size_t ol = (unsigned char)t[open] < 0x80 ? 1 : 3, d1 = open;
        while (d1 > 0 && t[d1 - 1] == ' ')
            d1--;
        if (d1 > 0) {
            char *desc = riap__strndup(t, d1);
            riap_status st = desc ? riap_category_set_description(cat, desc) : RIAP_ERR_NOMEM;
            riap__free(desc);
            if (st == RIAP_ERR_NOMEM)
                im->nomem = true;
            para_pos(im, p, 0, &ln, &at);
            cat->description_pos = pos_at(im, &im->L[ln], at);
        }
        add_items(im, ps, cat, p, open + ol, last);
        return;
    }
    if (depth_of(t, 0, n, NULL) > 0) {
        /* the opening parenthesis that is never closed */
        int d = 0;
        size_t where = 0;
        for (size_t i = 0; i < n; i += k) {
            k = riap__utf8_decode((const unsigned char *)t + i, n - i, &cp);
            if (!k)
                k = 1;
            if (is_open(cp) && d++ == 0)
                where = i;
            else if (is_close(cp) && d > 0)
                d--;
        }
        para_pos(im, p, where, &ln, &at);
        diag(im, "import-unclosed-list", RIAP_SEVERITY_ERROR, &im->L[ln], at,
             "the parenthesis that opens the list of '%s' is never closed",
             "区分「%s」の一覧を開く括弧が閉じていません", cat->id);
        return;
    }
    bool sentence = strstr(t, "\xE3\x80\x82") != NULL; /* 。 */
    if (bare && !sentence) {
        add_items(im, ps, cat, p, 0, n);
        return;
    }
    riap_status st = riap_category_set_description(cat, t);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    para_pos(im, p, 0, &ln, &at);
    cat->description_pos = pos_at(im, &im->L[ln], at);
}

/* Links the ☆ projects to the category whose list says ※☆の事業も併せて実施. */
static void link_stars(importer *im, plan_state *ps)
{
    for (size_t i = 0; i < ps->nstars; i++) {
        star *s = &ps->stars[i];
        if (!ps->note_cat) {
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[s->line], s->at,
                 "'%s' is marked ☆, but no list says which other category it also belongs to "
                 "(※☆の事業も併せて実施): the mark is left out",
                 "「%s」に☆がありますが、併せて実施する区分を示す注記 (※☆の事業も併せて実施) "
                 "がないため、印は除きました",
                 s->project->name);
            continue;
        }
        if (!strcmp(s->project->category->id, ps->note_cat))
            continue; /* a ☆ in the note's own list: it is already there */
        riap_status st = riap_project_add_also(s->project, ps->note_cat);
        if (st == RIAP_ERR_NOMEM)
            im->nomem = true;
    }
    if (ps->note_cat && !ps->nstars)
        diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ps->note_line], ps->note_at,
             "the note ※☆の事業も併せて実施 in '%s', but no project is marked ☆",
             "区分「%s」に※☆の事業も併せて実施とありますが、☆の付いた事業がありません",
             ps->note_cat);
}

/* ---- captions ---- */

static void keep_caption(importer *im, const para *p, size_t plan, size_t run)
{
    if (im->ncaps == im->capcap) {
        size_t nc = im->capcap ? 2 * im->capcap : 16;
        caption *c = riap__realloc(im->caps, nc * sizeof *c);
        if (!c) {
            im->nomem = true;
            return;
        }
        im->caps = c;
        im->capcap = nc;
    }
    char *text = riap__strndup(p->b.p ? p->b.p : "", p->b.n);
    if (!text) {
        im->nomem = true;
        return;
    }
    const line *l = &im->L[p->first];
    im->caps[im->ncaps++] = (caption){text, pos_at(im, l, l->start), plan, run};
}

/* Lines [i, end) as captions: each line one, joined while a bracket or a ―…― pair is open. */
static void captions(importer *im, size_t i, size_t end, size_t plan)
{
    size_t run = im->runs++;
    for (i = next_line(im, i, end); i < end; i = next_line(im, i, end)) {
        if (im->L[i].kind != L_TEXT)
            return;
        para p;
        memset(&p, 0, sizeof p);
        p.first = p.last = i;
        join(im, &p.b, NULL, &im->L[i]);
        for (;;) {
            bool dash;
            if (depth_of(p.b.p, 0, p.b.n, &dash) == 0 && !dash)
                break;
            size_t j = next_line(im, p.last + 1, end);
            if (j >= end || im->L[j].kind != L_TEXT)
                break;
            join(im, &p.b, &im->L[p.last], &im->L[j]);
            p.last = j;
        }
        if (p.b.nomem)
            im->nomem = true;
        else
            keep_caption(im, &p, plan, run);
        riap__free(p.b.p);
        i = p.last + 1;
    }
}

/* The category of a plan whose project's name the caption holds (the longest), or NULL. */
static riap_category *named_category(const riap_plan *p, const char *text, size_t *len)
{
    riap_category *best = NULL;
    *len = 0;
    for (size_t c = 0; c < p->n_cats; c++)
        for (size_t j = 0; j < p->cats[c]->n_projects; j++) {
            const char *nm = p->cats[c]->projects[j]->name;
            size_t l = strlen(nm);
            if (l > *len && l >= 6 && strstr(text, nm)) {
                best = p->cats[c];
                *len = l;
            }
        }
    return best;
}

/* Adds the captions to their plans: a run of captions that names another plan's projects and
 * none of its own goes to that plan (the layout put its figures among the next plan's text). */
static void place_captions(importer *im)
{
    size_t work = im->ncaps * (im->nplans + 1);
    for (size_t i = 0; i < im->ncaps;) {
        size_t j = i, home = im->caps[i].plan, other = SIZE_MAX;
        bool own = false;
        while (j < im->ncaps && im->caps[j].run == im->caps[i].run) {
            for (size_t p = 0; p < im->nplans && work < 4000000; p++) {
                size_t len;
                if (!im->plans[p] || !named_category(im->plans[p], im->caps[j].text, &len))
                    continue;
                if (p == home)
                    own = true;
                else if (other == SIZE_MAX)
                    other = p;
            }
            j++;
        }
        size_t to = !own && other != SIZE_MAX ? other : home;
        for (size_t k = i; k < j; k++) {
            riap_plan *p = im->plans[to];
            if (!p)
                continue;
            size_t len;
            riap_category *c = work < 4000000 ? named_category(p, im->caps[k].text, &len) : NULL;
            riap_figure *f = NULL;
            riap_status st = riap_plan_add_figure(&f, p, im->caps[k].text, c ? c->id : NULL);
            if (st == RIAP_ERR_NOMEM)
                im->nomem = true;
            if (f)
                f->pos = im->caps[k].pos;
        }
        i = j;
    }
}

/* ---- plans ---- */

static void set_period(importer *im, riap_plan *plan, const line *l, size_t a, size_t b,
                       riap_era_range *range)
{
    char q[160];
    size_t k;
    /* 【計画期間：…】: the brackets and the label are the header's, the rest is the period */
    uint32_t cp = fold(cp_at(im, a, &k));
    if (cp == 0x3010 || cp == '[' || cp == 0x3016) {
        a += k;
        size_t e = b;
        while (e > a && ((unsigned char)im->t[e - 1] & 0xC0) == 0x80)
            e--;
        uint32_t last = e > a ? fold(cp_at(im, e - 1, &k)) : 0;
        if (last == 0x3011 || last == ']' || last == 0x3017)
            b = e - 1;
    }
    static const char label[] = "計画期間";
    while (a < b && is_space(cp_at(im, a, &k)))
        a += k;
    if (b - a > sizeof label - 1 && !memcmp(im->t + a, label, sizeof label - 1)) {
        a += sizeof label - 1;
        while (a < b && (is_space(cp = fold(cp_at(im, a, &k))) || cp == ':'))
            a += k;
    }
    while (b > a && im->t[b - 1] == ' ')
        b--;
    if (a >= b) {
        diag(im, "import-no-period", RIAP_SEVERITY_ERROR, l, a,
             "the plan's header gives no period (【計画期間：…】)",
             "計画の見出しに計画期間 (【計画期間：…】) がありません");
        return;
    }
    char *text = riap__strndup(im->t + a, b - a);
    if (!text) {
        im->nomem = true;
        return;
    }
    riap_status st = riap_plan_set_period(plan, im->era, text);
    if (st == RIAP_OK) {
        riap_plan_period_range(range, im->era, plan);
    } else if (st == RIAP_ERR_NOMEM) {
        im->nomem = true;
    } else {
        const riap_diag *d = riap_ctx_last_error(im->era);
        uint32_t col = d ? riap_diag_column(d) : 1;
        size_t at = a;
        for (uint32_t c = 1; c < col && at < b; c++) {
            cp_at(im, at, &k);
            at += k;
        }
        diag(im, "import-period", RIAP_SEVERITY_ERROR, l, at, "the period '%s' is wrong: %s (%s)",
             "計画期間「%s」に誤りがあります: %s (%s)", quote(q, sizeof q, im, a, b),
             d ? riap_diag_message(d) : riap_status_message(st), d ? riap_diag_rule(d) : "era");
    }
    plan->period_pos = pos_at(im, l, a);
    riap__free(text);
}

/* A heading from line i: the line, and the lines it goes on over (the default scheme's headings
 * while they are a beginning of the known one; others as the layout marks it). Returns the
 * index after it. */
static size_t read_heading(importer *im, size_t i, size_t end, int number, bool themes, para *hp)
{
    memset(hp, 0, sizeof *hp);
    hp->first = hp->last = i;
    join(im, &hp->b, NULL, &im->L[i]);
    for (;;) {
        size_t j = next_line(im, hp->last + 1, end);
        if (j >= end || im->L[j].kind != L_TEXT)
            break;
        bool more;
        if (!themes) {
            if (tokyo_match(hp->b.p, hp->b.n, number) != 1)
                break;
            riap__buf tb = {0};
            riap__buf_put(&tb, hp->b.p, hp->b.n);
            join(im, &tb, &im->L[hp->last], &im->L[j]);
            more = !tb.nomem && tokyo_match(tb.p, tb.n, number) != 0;
            riap__free(tb.p);
        } else {
            more = im->trail_marks && !im->L[hp->last].trail;
        }
        if (!more)
            break;
        join(im, &hp->b, &im->L[hp->last], &im->L[j]);
        hp->last = j;
    }
    return hp->last + 1;
}

/* Is line j where category `expect` starts (a heading (N) or a numbered theme)? */
static bool starts_category(importer *im, size_t j, int expect)
{
    size_t after;
    const line *l = &im->L[j];
    return (l->kind == L_HEADING && l->number == expect) ||
           (l->kind == L_TEXT && theme_line(im, l, expect, &after));
}

/* The categories of a plan, from line i (a heading or a numbered theme) to end. */
static void categories(importer *im, plan_state *ps, size_t i, size_t end, bool themes)
{
    riap_plan *plan = ps->plan;
    /* the scheme: (N) headings that are all the default scheme's, or themes of the plan's own */
    for (size_t j = i; j < end && !themes; j++)
        if (im->L[j].kind == L_HEADING) {
            para hp;
            read_heading(im, j, end, im->L[j].number, false, &hp);
            themes = tokyo_match(hp.b.p ? hp.b.p : "", hp.b.n, im->L[j].number) != 2;
            riap__free(hp.b.p);
        }
    if (themes && riap_plan_set_scheme(plan, "themes") == RIAP_ERR_NOMEM)
        im->nomem = true;
    int expect = 1;
    while (i < end && !im->nomem) {
        const line *l = &im->L[i];
        if (!starts_category(im, i, expect)) {
            /* a caption (text before the heading expected next) */
            size_t j = i + 1;
            while (j < end && !starts_category(im, j, expect))
                j++;
            captions(im, i, j, ps->plan_index);
            i = j;
            continue;
        }
        int number = expect;
        para hp;
        i = read_heading(im, i, end, number, themes, &hp);
        char id[32];
        if (themes)
            snprintf(id, sizeof id, "theme-%d", number);
        else
            snprintf(id, sizeof id, "%s", tokyo[number - 1].id);
        riap_category *cat = NULL;
        riap_status st = hp.b.nomem ? RIAP_ERR_NOMEM
                                    : riap_plan_add_category(&cat, plan, id, hp.b.p ? hp.b.p : "");
        riap__free(hp.b.p);
        if (st == RIAP_ERR_NOMEM) {
            im->nomem = true;
            return;
        }
        expect = number + 1;
        if (!cat) {
            char q[160];
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, l, l->start,
                 "the heading '%s' cannot be read as a category",
                 "見出し「%s」を区分として読めません", quote(q, sizeof q, im, l->start, l->end));
            continue;
        }
        cat->pos = cat->heading_pos = pos_at(im, l, l->start);
        if (!plan->initiatives_pos.line)
            plan->initiatives_pos = cat->pos;
        /* the body: one paragraph, unless the next heading comes first */
        i = next_line(im, i, end);
        if (i < end && im->L[i].kind == L_TEXT && !starts_category(im, i, expect)) {
            para p;
            i = paragraph(im, i, end, &p, true, themes ? expect : 0);
            if (p.b.nomem)
                im->nomem = true;
            else
                category_body(im, ps, cat, &p, themes || number == 3);
            riap__free(p.b.p);
        }
        /* what follows until the next heading: captions */
        size_t nxt = i;
        while (nxt < end && !starts_category(im, nxt, expect))
            nxt++;
        captions(im, i, nxt, ps->plan_index);
        i = nxt;
    }
}

/* The overview and what comes before the first category: paragraphs that end a sentence are
 * the overview, the rest captions. Returns where the categories start. */
static size_t overview(importer *im, plan_state *ps, size_t i, size_t end, bool *themes)
{
    while ((i = next_line(im, i, end)) < end) {
        const line *l = &im->L[i];
        size_t after;
        if (l->kind != L_TEXT)
            break;
        if (theme_line(im, l, 1, &after)) {
            *themes = true;
            break;
        }
        para p;
        size_t nx = paragraph(im, i, end, &p, false, 1);
        if (p.b.nomem) {
            im->nomem = true;
            return end;
        }
        bool sentence = p.b.n >= 3 && (!memcmp(p.b.p + p.b.n - 3, "\xE3\x80\x82", 3) || /* 。 */
                                       !memcmp(p.b.p + p.b.n - 3, "\xEF\xBC\x8E", 3));  /* ． */
        if (sentence) {
            riap_status st = riap__strv_push(&ps->plan->overview, p.b.p, pos_at(im, l, l->start));
            if (st == RIAP_ERR_NOMEM)
                im->nomem = true;
        } else {
            captions(im, i, nx, ps->plan_index);
        }
        riap__free(p.b.p);
        i = nx;
    }
    return i;
}

/* One plan: the header at line h, to the next header or the end. Returns where it ends. */
static size_t plan(importer *im, size_t h)
{
    size_t end = h + 1;
    while (end < im->nl && im->L[end].kind != L_HEADER)
        end++;
    const line *hl = &im->L[h];
    header hd;
    parse_header(im, hl, &hd);
    size_t i = h + 1;
    const line *pl = hl;
    size_t pa = hd.rest_a, pb = hd.rest_b;
    if (pa >= pb) { /* the period on the next line */
        size_t j = next_line(im, h + 1, end);
        if (j < end && im->L[j].kind == L_TEXT) {
            size_t k;
            uint32_t cp = fold(cp_at(im, im->L[j].start, &k));
            size_t llen = im->L[j].end - im->L[j].start;
            if (cp == 0x3010 || cp == '[' ||
                (llen >= 12 && !memcmp(im->t + im->L[j].start, "計画期間", 12))) {
                pl = &im->L[j];
                pa = pl->start;
                pb = pl->end;
                i = j + 1;
            }
        }
    }
    /* the municipality and the period are read into a plan of their own first: the plan's id
     * is made from them */
    riap_doc *sd = NULL;
    riap_plan *sp = NULL;
    if (riap_doc_new(&sd) != RIAP_OK || riap_doc_add_plan(&sp, sd, "header") != RIAP_OK) {
        riap_doc_free(sd);
        im->nomem = true;
        return im->nl;
    }
    const char *common = NULL;
    for (size_t k = 0; k < im->nplans && !common; k++)
        if (im->plans[k] && im->plans[k]->prefecture)
            common = im->plans[k]->prefecture;
    size_t before = im->r->list.n;
    bool ok = find_municipality(im, hl, hd.muni_a, hd.muni_b, sp, common);
    riap_era_range range;
    memset(&range, 0, sizeof range);
    set_period(im, sp, pl, pa, pb, &range);
    for (size_t k = before; k < im->r->list.n; k++)
        ok = ok && im->r->list.v[k].severity != RIAP_SEVERITY_ERROR;
    char id[128];
    if (ok)
        make_id(im, sp->muni_code, sp->period_text ? &range : NULL, im->nplans + 1, id, sizeof id);
    else
        snprintf(id, sizeof id, "unread-%zu", im->nplans + 1);
    /* a plan is always made, so that what follows is read and checked too; one whose header
     * cannot be read is dropped (its errors say why, and there is no document) */
    riap_plan *p = NULL;
    riap_status st = riap_doc_add_plan(&p, im->doc, id);
    riap_plan **np = st == RIAP_OK ? riap__realloc(im->plans, (im->nplans + 1) * sizeof *np) : NULL;
    if (!np) {
        riap_doc_free(sd);
        im->nomem = true;
        return im->nl;
    }
    im->plans = np;
    im->plans[im->nplans] = p;
    plan_state ps = {p, im->nplans, NULL, 0, 0, NULL, 0, 0};
    im->nplans++;
    p->pos = pos_at(im, hl, hl->start);
    char *title = riap__strndup(im->t + hd.title_a, hd.title_b - hd.title_a);
    if (!title || riap_plan_set_title(p, title) == RIAP_ERR_NOMEM)
        im->nomem = true;
    riap__free(title);
    p->title_pos = pos_at(im, hl, hd.title_a);
    if (ok &&
        ((sp->muni_name && riap_plan_set_municipality(p, sp->muni_name, sp->muni_kind,
                                                      sp->prefecture, sp->muni_code) != RIAP_OK) ||
         (sp->period_text && riap_plan_set_period_as_written(
                                 p, sp->period_text, sp->has_from ? &sp->period_from : NULL,
                                 sp->has_to ? &sp->period_to : NULL) != RIAP_OK)))
        im->nomem = true;
    p->muni_pos = sp->muni_pos;
    p->period_pos = sp->period_pos;
    riap_doc_free(sd);
    bool themes = false;
    i = overview(im, &ps, i, end, &themes);
    if (i < end)
        categories(im, &ps, i, end, themes);
    link_stars(im, &ps);
    riap__free(ps.stars);
    if (ok && !p->overview.n)
        diag(im, "import-no-overview", RIAP_SEVERITY_ERROR, hl, hl->start,
             "the plan '%s' has no overview: a paragraph after its header",
             "計画「%s」に概要 (見出しの後の段落) がありません", p->title ? p->title : "");
    if (ok && !p->n_cats)
        diag(im, "import-no-category", RIAP_SEVERITY_ERROR, hl, hl->start,
             "the plan '%s' has no category of initiatives ((１) …, or １ …)",
             "計画「%s」に取組の区分 ((１) … または １ …) がありません", p->title ? p->title : "");
    if (!ok)
        im->plans[ps.plan_index] = NULL;
    return end;
}

/* ---- the document ---- */

/* A title line 【…】 before the first plan: the summary's title. */
static void document_title(importer *im, size_t i)
{
    const line *l = &im->L[i];
    size_t k, e;
    if (l->kind != L_TEXT || cp_at(im, l->start, &k) != 0x3010) /* 【 */
        return;
    size_t a = l->start + k;
    e = l->end - 1;
    while (e > a && ((unsigned char)im->t[e] & 0xC0) == 0x80)
        e--;
    if (e <= a || cp_at(im, e, &k) != 0x3011) /* 】 */
        return;
    char *title = riap__strndup(im->t + a, e - a);
    riap_status st =
        title ? riap_doc_set_meta(im->doc, RIAP_DOC_SOURCE_TITLE, title) : RIAP_ERR_NOMEM;
    riap__free(title);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    if (st != RIAP_OK)
        return;
    im->doc->meta_pos[RIAP_DOC_SOURCE_TITLE] = pos_at(im, l, a);
    im->title_line = i;
    /* the title repeated at the top of each page is a page header */
    for (size_t j = i + 1; j < im->nl; j++) {
        line *r = &im->L[j];
        if (r->kind == L_TEXT && r->end - r->start == l->end - l->start &&
            !memcmp(im->t + r->start, im->t + l->start, l->end - l->start))
            r->kind = L_SKIP;
    }
}

/* The plans of a summary that says it lists approved plans, all of one prefecture, were
 * approved by that prefecture (a regional industry activation plan is approved by its
 * prefecture). */
static void approver(importer *im)
{
    const char *title = riap_doc_meta(im->doc, RIAP_DOC_SOURCE_TITLE), *pref = NULL;
    if (!title || !strstr(title, "承認"))
        return;
    for (size_t i = 0; i < im->nplans; i++) {
        const riap_plan *p = im->plans[i];
        if (!p || !p->prefecture || (pref && strcmp(pref, p->prefecture)))
            return;
        pref = p->prefecture;
    }
    const char *code = pref ? riap__pref_code(pref) : NULL;
    if (code && (riap_doc_set_meta(im->doc, RIAP_DOC_APPROVER, pref) == RIAP_ERR_NOMEM ||
                 riap_doc_set_meta(im->doc, RIAP_DOC_APPROVER_CODE, code) == RIAP_ERR_NOMEM))
        im->nomem = true;
}

static void run(importer *im)
{
    if (!split_lines(im)) {
        im->nomem = true;
        return;
    }
    if (im->failed)
        return;
    classify(im);
    im->title_line = SIZE_MAX;
    size_t i = 0;
    while (i < im->nl && im->L[i].kind == L_BLANK)
        i++;
    if (i < im->nl && (im->L[i].kind == L_TEXT || im->L[i].kind == L_SKIP)) {
        /* the title, also when it runs at the top of every page */
        int kind = im->L[i].kind;
        im->L[i].kind = L_TEXT;
        document_title(im, i);
        if (im->title_line == i)
            i++;
        else
            im->L[i].kind = kind;
    }
    char q[160];
    for (; i < im->nl && im->L[i].kind != L_HEADER; i++) {
        i = next_line(im, i, im->nl);
        if (i < im->nl && im->L[i].kind != L_HEADER)
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[i], im->L[i].start,
                 "'%s' comes before the first plan's header and is not imported",
                 "「%s」は最初の計画の見出しより前にあり、取り込みません",
                 quote(q, sizeof q, im, im->L[i].start, im->L[i].end));
        if (i >= im->nl || im->L[i].kind == L_HEADER)
            break;
    }
    if (i >= im->nl) {
        diag(im, "import-no-plan", RIAP_SEVERITY_ERROR, (const line *)NULL, 0,
             "no plan header (「TITLE」（MUNICIPALITY）【計画期間：PERIOD】) in the text",
             "計画の見出し (「計画名」（市区町村）【計画期間：期間】) がありません");
        return;
    }
    while (i < im->nl && !im->nomem)
        i = plan(im, i);
    if (!im->nomem)
        place_captions(im);
    if (!im->nomem)
        approver(im);
}

static void validate_plans(importer *im)
{
    riap__vsession *vs = NULL;
    if (riap__vsession_new(&vs, im->r, im->ctx) != RIAP_OK) {
        im->nomem = true;
        return;
    }
    for (size_t i = 0; i < im->nplans; i++)
        if (im->plans[i])
            riap__vsession_plan(vs, im->plans[i]);
    if (riap__vsession_finish(vs) != RIAP_OK)
        im->nomem = true;
}

riap_status riap_import_text(riap_doc **out, riap_report **report, riap_ctx *ctx, const char *text,
                             size_t len, const char *name)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (report)
        *report = NULL;
    if (!out || !report || (!text && len)) {
        riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "a required argument is NULL", "必須の引数が NULL です");
        return RIAP_ERR_ARG;
    }
    importer im;
    memset(&im, 0, sizeof im);
    im.ctx = ctx;
    riap_ctx *own = NULL;
    riap_status st = riap__report_new(&im.r, name);
    if (st == RIAP_OK && !ctx)
        st = riap_ctx_new(&own);
    if (st == RIAP_OK)
        st = riap_doc_new(&im.doc);
    im.era = ctx ? ctx : own;
    if (st == RIAP_OK) {
        if (len > riap_ctx_max_document_size(ctx))
            report_at(&im, "too-large", RIAP_SEVERITY_ERROR, (riap__pos){0, 0}, -1,
                      "the text is larger than the context's limit (%llu bytes)",
                      "テキストがコンテキストの上限 (%llu バイト) を超えています",
                      (unsigned long long)riap_ctx_max_document_size(ctx));
        else if (decode(&im, text ? text : "", len))
            run(&im);
        if (!im.failed && !im.nomem)
            validate_plans(&im);
        if (im.nomem || im.r->list.nomem)
            st = RIAP_ERR_NOMEM;
    }
    for (size_t i = 0; i < im.ncaps; i++)
        riap__free(im.caps[i].text);
    riap__free(im.caps);
    riap__free(im.plans);
    riap__free(im.L);
    riap__free(im.owned);
    riap_ctx_free(own);
    if (st != RIAP_OK) {
        riap_doc_free(im.doc);
        riap_report_free(im.r);
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory%s",
                       "メモリが足りません%s", "");
        return st;
    }
    riap__report_finish(im.r);
    if (im.r->errors == 0) {
        *out = im.doc;
    } else {
        riap_doc_free(im.doc);
    }
    *report = im.r;
    return RIAP_OK;
}
