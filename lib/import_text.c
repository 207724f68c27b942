/* SPDX-License-Identifier: MIT */
/* import_text: the importer's reading of the text: decoding (UTF-8 or Shift_JIS), lines, what
 * kind each line is (a plan's header, a heading, a page number or running header), and
 * paragraphs joined again across broken lines; the located diagnostics. */
#include "config.h"

#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

/* ---- diagnostics ---- */

/* The position of byte `at` of line l. */
riap__pos riap__im_pos_at(const importer *im, const line *l, size_t at)
{
    riap__pos p = {.line = l->no,
                   .column = (uint32_t)riap__utf8_count(im->t + l->phys, at - l->phys) + 1};
    return p;
}

/* Appends a diagnostic at pos (and byte offset, -1 when unknown). */

void riap__im_report_at(importer *im, const char *rule, riap_severity sev, riap__pos pos,
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

riap__pos riap__im_diag_pos(const importer *im, const line *l, size_t at)
{
    if (!l)
        return (riap__pos){.line = 1, .column = 1};
    return riap__im_pos_at(im, l, at);
}

int64_t riap__im_offset_of(const importer *im, const line *l, size_t at)
{
    return l && !im->owned ? (int64_t)at : -1;
}

/* A short quote of text[a, b) for a message. */
const char *riap__im_quote(char *buf, size_t size, const importer *im, size_t a, size_t b)
{
    riap__excerpt(buf, size, im->t + a, b - a, 60);
    return buf;
}

/* ---- characters ---- */

uint32_t riap__im_cp_at(const importer *im, size_t i, size_t *k)
{
    uint32_t cp = 0;
    *k = i < im->n ? riap__utf8_decode((const unsigned char *)im->t + i, im->n - i, &cp) : 0;
    if (!*k && i < im->n)
        *k = 1;
    return cp;
}

/* Full-width ASCII as ASCII, the ideographic space as a space: for recognising structure. */
uint32_t riap__im_fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    return cp == 0x3000 ? ' ' : cp;
}

uint32_t riap__im_width_of(uint32_t cp)
{
    return cp < 0x1100 || (cp >= 0xFF61 && cp <= 0xFF9F) ? 1 : 2;
}

bool riap__im_is_open(uint32_t cp)
{
    return cp == '(' || cp == 0xFF08 || cp == 0x300C || cp == 0x300E || cp == 0x3010 ||
           cp == 0xFF3B || cp == '[';
}

bool riap__im_is_close(uint32_t cp)
{
    return cp == ')' || cp == 0xFF09 || cp == 0x300D || cp == 0x300F || cp == 0x3011 ||
           cp == 0xFF3D || cp == ']';
}

/* Closing punctuation that never starts a line of its own: 、。，．）」』】 */
bool riap__im_continues_line(uint32_t cp)
{
    return cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF0E || riap__im_is_close(cp);
}

/* The last character of line l's content. */
uint32_t riap__im_last_cp(const importer *im, const line *l)
{
    size_t i = l->end - 1, k;
    while (i > l->start && ((unsigned char)im->t[i] & 0xC0) == 0x80)
        i--;
    return riap__im_cp_at(im, i, &k);
}

size_t riap__im_next(const char *t, size_t i, size_t b, uint32_t *cp)
{
    *cp = 0;
    size_t k = riap__utf8_decode((const unsigned char *)t + i, b - i, cp);
    return k ? k : 1;
}

int riap__im_depth_after(int d, uint32_t cp)
{
    if (riap__im_is_open(cp))
        return d + 1;
    return riap__im_is_close(cp) && d > 0 ? d - 1 : d;
}

size_t riap__im_label(const char *t, size_t i, size_t n)
{
    static const uint32_t open[] = {0x3010, 0x3014, 0xFF3B, '['},
                          close[] = {0x3011, 0x3015, 0xFF3D, ']'};
    static const char *const ends[] = {"事業", "事業名", "事業一覧", "取組"};
    uint32_t cp;
    size_t k = riap__im_next(t, i, n, &cp), o = 0;
    while (o < 4 && open[o] != cp)
        o++;
    if (o == 4)
        return 0;
    size_t a = i + k, e = a, chars = 0, last = a; /* last: after the last character not a space */
    for (; e < n && chars <= 12; e += k, chars++) {
        k = riap__im_next(t, e, n, &cp);
        if (cp == close[o] || riap__im_is_open(cp) || riap__im_is_close(cp) || cp == '\n')
            break;
        if (!riap__is_space(cp))
            last = e + k;
    }
    if (e >= n || cp != close[o] || chars > 12)
        return 0;
    bool known = false;
    for (size_t j = 0; j < sizeof ends / sizeof *ends && !known; j++) {
        size_t l = strlen(ends[j]);
        known = last - a >= l && !memcmp(t + last - l, ends[j], l);
    }
    if (!known)
        return 0;
    e += k; /* the closing bracket */
    while (e < n) {
        k = riap__im_next(t, e, n, &cp);
        cp = riap__im_fold(cp);
        if (cp != ':' && !riap__is_space(cp))
            break;
        e += k;
    }
    return e - i;
}

/* The bracket depth of text[a, b) (never below 0), and whether a dash pair (―…―) is open. */
int riap__im_depth_of(const char *t, size_t a, size_t b, bool *dash_open)
{
    int d = 0;
    bool dash = false;
    for (size_t i = a; i < b;) {
        uint32_t cp;
        i += riap__im_next(t, i, b, &cp);
        int nd = riap__im_depth_after(d, cp);
        if (nd == d && (cp == 0x2015 || cp == 0x2500))
            dash = !dash;
        d = nd;
    }
    if (dash_open)
        *dash_open = dash;
    return d;
}

/* ---- decoding and lines ---- */

/* Where Shift_JIS (CP932) decoding of text[0, len) stops: the offset of the first byte that
 * does not fit, its line and column (in characters), or len when all of it fits. */
static size_t sjis_stop(const char *text, size_t len, uint32_t *ln, uint32_t *col)
{
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("windows-31j", &ec);
    *ln = *col = 1;
    if (U_FAILURE(ec))
        return 0;
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    const char *src = text, *end = text + len;
    UChar buf[1024];
    size_t at = len;
    while (U_SUCCESS(ec)) {
        UChar *dst = buf;
        ucnv_toUnicode(cv, &dst, buf + 1024, &src, end, NULL, true, &ec);
        for (const UChar *u = buf; u < dst; u++) /* a pair of surrogates is one character */
            if (*u == '\n')
                ++*ln, *col = 1;
            else if (!U16_IS_TRAIL(*u))
                ++*col;
        if (ec == U_BUFFER_OVERFLOW_ERROR)
            ec = U_ZERO_ERROR;
        else if (U_SUCCESS(ec))
            break;
        else { /* src is past the bytes that do not fit */
            char bad[8];
            int8_t n = sizeof bad;
            UErrorCode e2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(cv, bad, &n, &e2);
            at = (size_t)(src - text) - (U_SUCCESS(e2) ? (size_t)n : 0);
        }
    }
    ucnv_close(cv);
    return at;
}

bool riap__im_decode(importer *im, const char *text, size_t len)
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
    /* the reading that goes further tells where the text goes wrong: a Shift_JIS file with one
     * bad byte stops UTF-8 at its first Japanese character */
    uint32_t sl, sc;
    size_t sbad = sjis_stop(text, len, &sl, &sc);
    if (sbad > bad && sbad < len) {
        bad = sbad;
        ln = sl;
        col = sc;
    }
    riap__im_report_at(
        im, "import-encoding", RIAP_SEVERITY_ERROR, (riap__pos){.line = ln, .column = col},
        (int64_t)bad,
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
        uint32_t cp = riap__im_fold(riap__im_cp_at(im, i, &k));
        i += k;
        if (riap__is_space(cp))
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

/* One or two digits (ASCII or full-width) at *i: their value; *i past them, *cp the folded
 * character after them, *nd how many there were. */
static int digits(const importer *im, size_t *i, uint32_t *cp, int *nd)
{
    int v = 0;
    size_t k;
    *nd = 0;
    for (;;) {
        *cp = riap__im_fold(riap__im_cp_at(im, *i, &k));
        if (*cp < '0' || *cp > '9' || *nd == 2)
            return v;
        v = v * 10 + (int)(*cp - '0');
        (*nd)++;
        *i += k;
    }
}

/* "(N)" or "（N）" at the start of a line (digits ASCII or full-width): N, else 0; *after is where
 * the heading's text starts. */
static int paren_number(const importer *im, const line *l, size_t *after)
{
    size_t i = l->start, k;
    uint32_t cp = riap__im_fold(riap__im_cp_at(im, i, &k));
    if (cp != '(')
        return 0;
    i += k;
    int nd;
    int v = digits(im, &i, &cp, &nd);
    riap__im_cp_at(im, i, &k); /* the length of the closing parenthesis as written */
    if (!nd || cp != ')' || v == 0)
        return 0;
    *after = i + k;
    return v;
}

bool riap__im_parse_header(const importer *im, const line *l, header *h)
{
    size_t i = l->start, k;
    uint32_t cp = riap__im_cp_at(im, i, &k);
    static const uint32_t marks[] = {0x25A0, 0x25A1, 0x25C6, 0x25C7, 0x25CF, 0x25CB,
                                     0x25CE, 0x2605, 0x2606, 0x25AA, 0x2022, 0x30FB};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
        if (cp == marks[m]) { /* a mark before the header: ■「…」 or ■…計画（…） */
            for (i += k; i < l->end && riap__is_space(riap__im_cp_at(im, i, &k));)
                i += k;
            cp = riap__im_cp_at(im, i, &k);
            break;
        }
    h->bare = cp != 0x300C && cp != 0x300E; /* 「 『 */
    if (h->bare) { /* a title that ends with 計画, then （MUNICIPALITY） */
        h->title_a = i;
        while (i < l->end && riap__im_fold(riap__im_cp_at(im, i, &k)) != '(')
            i += k;
        size_t e = i;
        while (e > h->title_a && riap__is_space(riap__im_cp_at(im, e - 1, &k)))
            e--;
        if (i >= l->end || e < h->title_a + 6 || memcmp(im->t + e - 6, "計画", 6))
            return false;
        h->title_b = e;
    } else {
        uint32_t closer = cp + 1;
        h->title_a = i += k;
        while (i < l->end && riap__im_cp_at(im, i, &k) != closer)
            i += k;
        if (i >= l->end || i == h->title_a)
            return false;
        h->title_b = i;
        i += k;
    }
    while (i < l->end && riap__is_space(riap__im_cp_at(im, i, &k)))
        i += k;
    if (i >= l->end || riap__im_fold(riap__im_cp_at(im, i, &k)) != '(')
        return false;
    h->muni_a = i += k;
    while (i < l->end && riap__im_fold(riap__im_cp_at(im, i, &k)) != ')')
        i += k;
    if (i >= l->end || i == h->muni_a)
        return false;
    h->muni_b = i;
    i += k;
    while (i < l->end && riap__is_space(riap__im_cp_at(im, i, &k)))
        i += k;
    h->rest_a = i;
    h->rest_b = l->end;
    return true;
}

bool riap__im_split_lines(importer *im)
{
    size_t cap = 64;
    im->L = riap__malloc(cap * sizeof *im->L);
    if (!im->L)
        return false;
    const unsigned char *s = (const unsigned char *)im->t;
    size_t i = 0;
    uint32_t no = 1, page = 0;
    size_t phys = 0;
    while (i < im->n || (i == im->n && im->nl == 0)) {
        size_t b = i;
        while (i < im->n && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') {
            unsigned char c = s[i];
            bool nonchar = c == 0xEF && i + 2 < im->n && s[i + 1] == 0xBF && s[i + 2] >= 0xBE;
            if ((c < 0x20 && c != '\t') || c == 0x7F || nonchar) {
                line tmp = {.begin = b,
                            .start = b,
                            .end = b,
                            .phys = phys,
                            .no = no,
                            .kind = L_TEXT,
                            .page = page};
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
        l->phys = phys;
        l->no = no;
        l->page = page;
        size_t e = i, k;
        while (l->start < e && riap__is_space(riap__im_cp_at(im, l->start, &k)))
            l->start += k;
        l->end = l->start;
        uint32_t w = 0, wend = 0;
        for (size_t j = b; j < e; j += k) {
            uint32_t cp = riap__im_cp_at(im, j, &k);
            w += cp == '\t' ? 1 : riap__im_width_of(cp);
            if (!riap__is_space(cp) && j >= l->start) {
                l->end = j + k;
                wend = w;
            }
        }
        l->width = wend;
        l->trail = l->end < e && l->end > l->start;
        l->kind = l->end == l->start ? L_BLANK : L_TEXT;
        if (i < im->n && s[i] == '\r' && i + 1 < im->n && s[i + 1] == '\n')
            i++;
        bool ff = i < im->n && s[i] == '\f';
        page += ff;
        if (i < im->n)
            i++;
        else if (b == i)
            break;
        if (!ff) { /* a form feed ends a page, not a line of the file */
            no++;
            phys = i;
        }
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

/* Does the period of a header whose title has no 「」 follow it (計画期間 after the
 * municipality, or opening the next line)? Only then is the line a header. */
static bool period_follows(const importer *im, size_t i, const header *h)
{
    static const char label[] = "計画期間";
    size_t n = sizeof label - 1;
    for (size_t j = h->rest_a; j + n <= h->rest_b; j++)
        if (!memcmp(im->t + j, label, n))
            return true;
    if (h->rest_a < h->rest_b)
        return false;
    for (i++; i < im->nl && im->L[i].kind == L_BLANK; i++)
        ;
    if (i >= im->nl)
        return false;
    const line *l = &im->L[i];
    size_t k, a = l->start;
    if (riap__im_fold(riap__im_cp_at(im, a, &k)) == 0x3010) /* 【計画期間 */
        a += k;
    return a + n <= l->end && !memcmp(im->t + a, label, n);
}

/* Marks each line's kind. */
void riap__im_classify(importer *im)
{
    for (size_t i = 0; i < im->nl; i++) {
        line *l = &im->L[i];
        if (l->kind == L_BLANK)
            continue;
        header h;
        size_t after;
        if (riap__im_parse_header(im, l, &h) && (!h.bare || period_follows(im, i, &h)))
            l->kind = L_HEADER;
        else if ((l->number = paren_number(im, l, &after)) > 0)
            l->kind = L_HEADING;
        else if (page_number(im, l))
            l->kind = L_SKIP;
    }
    page_furniture(im);
}

/* The bytes of the bullet that starts line l (・ ○ ● ◯ ◎ ■ □ ◆ ◇ ▪ • ＊ and the spaces after
 * it), 0 when it starts with none. */
size_t riap__im_bullet_at(const importer *im, const line *l)
{
    static const uint32_t bullets[] = {0x30FB, 0xFF65, 0x25CB, 0x25CF, 0x25EF, 0x25CE, 0x25A0,
                                       0x25A1, 0x25C6, 0x25C7, 0x25AA, 0x2022, 0xFF0A};
    size_t k, i = l->start;
    uint32_t cp = l->start < l->end ? riap__im_cp_at(im, i, &k) : 0;
    bool bullet = false;
    for (size_t b = 0; b < sizeof bullets / sizeof *bullets && !bullet; b++)
        bullet = cp == bullets[b];
    if (!bullet)
        return 0;
    for (i += k; i < l->end && riap__is_space(riap__im_cp_at(im, i, &k));)
        i += k;
    return i < l->end ? i - l->start : 0; /* a bullet alone names nothing */
}

size_t riap__im_next_line(importer *im, size_t i, size_t end)
{
    while (i < end && (im->L[i].kind == L_BLANK || im->L[i].kind == L_SKIP)) {
        if (im->L[i].kind == L_SKIP) {
            char q[128];
            diag(im, "import-skipped", RIAP_SEVERITY_NOTE, &im->L[i], im->L[i].start,
                 "'%s' is taken for a page number or page header and left out",
                 "「%s」はページ番号・ページの見出しとして除きました",
                 riap__im_quote(q, sizeof q, im, im->L[i].start, im->L[i].end));
            im->L[i].kind = L_BLANK; /* said once */
        }
        i++;
    }
    return i;
}

/* ---- paragraphs ---- */

/* Appends line l's content to b, joined as the extraction broke it: with one space between
 * Latin words that a space separated, else with nothing. Tabs become spaces. */
void riap__im_join(importer *im, riap__buf *b, const line *prev, const line *l)
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

/* Is line j a numbered theme "N TEXT" (N the expected number; a space, 。 or ．after it)? */
bool riap__im_theme_line(const importer *im, const line *l, int expect, size_t *after)
{
    size_t i = l->start, k;
    int nd;
    uint32_t cp;
    int v = digits(im, &i, &cp, &nd);
    riap__im_cp_at(im, i, &k);
    if (!nd || v != expect || !(riap__is_space(cp) || cp == '.' || cp == 0x3001))
        return false;
    i += k;
    while (i < l->end && riap__is_space(riap__im_cp_at(im, i, &k)))
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
