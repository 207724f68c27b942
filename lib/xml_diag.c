/* SPDX-License-Identifier: MIT */
/* xml_diag: positions (line numbers from libxml2, columns from the bytes) and the XML
 * layer's diagnostics, all raised through riap__xml_say. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- positions: line numbers come from libxml2, columns from the bytes ---- */

/* Indexes the line starts of data[0..len), at most max_lines lines (0: all), in one pass. */
bool riap__xml_locator_init_lines(locator *lc, const char *data, size_t len, size_t max_lines)
{
    size_t cap = 256, n = 1;
    size_t *starts = riap__malloc(cap * sizeof *starts);
    if (!starts)
        return false;
    starts[0] = 0;
    size_t end = len;
    for (const char *p = memchr(data, '\n', len); p;
         p = memchr(p + 1, '\n', len - (size_t)(p + 1 - data))) {
        size_t next = (size_t)(p + 1 - data);
        if (max_lines && n >= max_lines) {
            end = next;
            break;
        }
        if (n == cap) {
            size_t *grown = riap__realloc(starts, cap * 2 * sizeof *starts);
            if (!grown) {
                riap__free(starts);
                return false;
            }
            starts = grown;
            cap *= 2;
        }
        starts[n++] = next;
    }
    memset(lc, 0, sizeof *lc);
    lc->data = data;
    lc->len = end;
    lc->first_line = 1;
    lc->starts = starts;
    lc->n_lines = n;
    return true;
}

bool riap__xml_locator_init(locator *lc, const char *data, size_t len)
{
    return riap__xml_locator_init_lines(lc, data, len, 0);
}

/* Whether "<name" starts at data[i], the name followed by what ends a name. */
static bool tag_at(const locator *lc, size_t i, size_t to, const char *name, size_t nl)
{
    if (lc->data[i] != '<' || i + 1 + nl > to || memcmp(lc->data + i + 1, name, nl) != 0)
        return false;
    char c = i + 1 + nl < to ? lc->data[i + 1 + nl] : '>';
    /* "!--": a comment, whatever its text; '?' ends a PI's target */
    return name[0] == '!' || c == '>' || c == '/' || c == '?' ||
           riap__xml_is_space((unsigned char)c);
}

/* The 1-based column (in code points) of the first "<name" on *line after the previous find on
 * that line; 0 when unknown. libxml2 numbers an element by the line its start tag ends on: when
 * the tag began on an earlier line (up to lines_back before), the last "<name" of the nearest
 * line before is it, and *line becomes that line. */
uint32_t riap__xml_locate(locator *lc, uint32_t *line, const char *name, uint32_t lines_back)
{
    if (*line < lc->first_line || !name || !lc->starts)
        return 0;
    size_t nl = strlen(name);
    for (uint32_t back = 0; back <= lines_back && back < *line - lc->first_line + 1; back++) {
        uint32_t abs_line = *line - back;
        uint32_t idx = abs_line - lc->first_line + 1; /* the index in this buffer */
        if (idx == 0 || idx > lc->n_lines)
            return 0;
        size_t from = lc->starts[idx - 1];
        size_t to = idx < lc->n_lines ? lc->starts[idx] : lc->len;
        if (lc->cur_line == abs_line && lc->cur_off > from)
            from = lc->cur_off;
        size_t found = SIZE_MAX;
        for (size_t i = from; i + 1 + nl <= to; i++) {
            const char *lt = memchr(lc->data + i, '<', to - i);
            if (!lt)
                break;
            i = (size_t)(lt - lc->data);
            if (tag_at(lc, i, to, name, nl)) {
                found = i;
                if (back == 0)
                    break; /* on its own line: the first after the previous find */
            }
        }
        if (found == SIZE_MAX)
            continue;
        lc->cur_line = abs_line;
        lc->cur_off = found + 1;
        *line = abs_line;
        return (uint32_t)riap__utf8_count(lc->data + lc->starts[idx - 1],
                                          found - lc->starts[idx - 1]) +
               1;
    }
    return 0;
}

uint64_t riap__xml_located_at(const locator *lc)
{
    return lc->base && lc->cur_off ? lc->base + lc->cur_off - 1 : 0;
}

/* The position of lc->data[to], from an element's '<' at lc->data[lt] and its position. */
static riap__pos walk_to(const locator *lc, size_t lt, riap__pos from, size_t to)
{
    riap__pos p = {.line = from.line, .column = from.column};
    for (size_t k = lt; k < to; k++) {
        unsigned char c = (unsigned char)lc->data[k];
        if (c == '\n')
            p.line++, p.column = 1;
        else if ((c & 0xC0) != 0x80)
            p.column++;
    }
    p.at = lc->base ? lc->base + to : 0;
    return p;
}

/* The text of node, whose bytes in the file begin at lc->data[start] (at), is not held there one
 * for one: when those bytes give it, they are kept in the document for riap__pos_in_text. */
static void keep_raw(const locator *lc, xmlNodePtr node, size_t start, riap__pos at, riap__pos *p)
{
    char *text = (char *)xmlNodeGetContent(node);
    if (!text)
        return;
    size_t end = 0, n = strlen(text);
    riap__pos w = at;
    if (riap__raw_walk(lc->data + start, lc->len - start, text, n, n, &w, &end) &&
        start + end < lc->len && lc->data[start + end] == '<') {
        char *raw = riap__strndup(lc->data + start, end);
        if (raw && riap__strv_push(NULL, lc->keep, raw, (riap__pos){0}) == RIAP_OK) {
            p->text_line = at.line;
            p->text_column = at.column;
            p->text_at = at.at;
            p->text_raw = lc->keep->v[lc->keep->n - 1];
        }
        riap__free(raw);
    }
    xmlFree(text);
}

/* Where the text of node begins, its start tag being at lc->data[lt] (line, column): set when
 * the bytes after the start tag are the text node's, one for one. */
static void locate_text(const locator *lc, xmlNodePtr node, size_t lt, riap__pos *p)
{
    xmlNodePtr t = node->children;
    if (!t)
        return;
    bool one = t == node->last && t->type == XML_TEXT_NODE && t->content;
    if (!one) { /* text with comments or PIs between its parts: their bytes are kept */
        if (!lc->keep)
            return;
        for (xmlNodePtr c = t; c; c = c->next)
            if (c->type != XML_TEXT_NODE && c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE)
                return;
    }
    size_t i = lt + 1;
    for (char q = 0; i < lc->len; i++) { /* the start tag's end: a '>' outside a value */
        char c = lc->data[i];
        if (q)
            q = c == q ? 0 : q;
        else if (c == '"' || c == '\'')
            q = c;
        else if (c == '>')
            break;
    }
    size_t start = i + 1;
    if (i >= lc->len)
        return;
    riap__pos at = walk_to(lc, lt, *p, start);
    if (one) {
        size_t n = strlen((const char *)t->content);
        if (n <= lc->len - start && memcmp(lc->data + start, t->content, n) == 0) {
            p->text_line = at.line;
            p->text_column = at.column;
            p->text_at = at.at;
            return;
        }
        if (!lc->keep)
            return;
    }
    keep_raw(lc, node, start, at, p);
}

/* Where the value of attribute name begins in the start tag whose '<' is lc->data[lt] (after
 * its quote), or the name itself (want_name); 0 when the tag has no such attribute. */
static size_t attr_at(const locator *lc, size_t lt, const char *name, bool want_name)
{
    size_t nl = strlen(name);
    char q = 0;
    for (size_t i = lt + 1; i < lc->len; i++) {
        char c = lc->data[i];
        if (q) {
            q = c == q ? 0 : q;
        } else if (c == '"' || c == '\'') {
            q = c;
        } else if (c == '>') {
            break;
        } else if (riap__xml_is_space((unsigned char)c) && i + 1 + nl < lc->len &&
                   !memcmp(lc->data + i + 1, name, nl)) {
            size_t k = i + 1 + nl;
            while (k < lc->len && riap__xml_is_space((unsigned char)lc->data[k]))
                k++;
            if (k >= lc->len || lc->data[k] != '=')
                continue;
            for (k++; k < lc->len && riap__xml_is_space((unsigned char)lc->data[k]); k++)
                ;
            if (k < lc->len && (lc->data[k] == '"' || lc->data[k] == '\''))
                return want_name ? i + 1 : k + 1;
        }
    }
    return 0;
}

riap__pos riap__xml_attr_pos(locator *lc, xmlNodePtr node, const char *name)
{
    riap__pos e = riap__xml_pos_of(lc, node);
    if (!e.column)
        return e;
    size_t k = attr_at(lc, lc->last_lt, name, false);
    return k ? walk_to(lc, lc->last_lt, e, k) : e;
}

riap__pos riap__xml_pos_of(locator *lc, xmlNodePtr node)
{
    if (node == lc->last && node)
        return lc->last_pos;
    riap__pos p = {0};
    long line = xmlGetLineNo(node);
    p.line = line > 0 ? (uint32_t)line : 0;
    p.column = riap__xml_locate(lc, &p.line, (const char *)node->name, 64);
    p.at = p.column ? riap__xml_located_at(lc) : 0;
    if (p.column)
        locate_text(lc, node, lc->cur_off - 1, &p);
    lc->last = node;
    lc->last_pos = p;
    lc->last_lt = p.column ? lc->cur_off - 1 : 0;
    return p;
}

riap__pos riap__xml_pos_of_note(locator *lc, xmlNodePtr node)
{
    riap__pos p = {0};
    char name[RIAP__XML_MAX_NAME + 2] = "!--";
    if (node->type == XML_PI_NODE)
        snprintf(name, sizeof name, "?%s", node->name ? (const char *)node->name : "");
    long line = xmlGetLineNo(node);
    p.line = line > 0 ? (uint32_t)line : 0;
    uint32_t el_line = lc->cur_line;
    size_t el_off = lc->cur_off;
    lc->cur_line = lc->note_line;
    lc->cur_off = lc->note_off;
    p.column = riap__xml_locate(lc, &p.line, name, 64);
    p.at = p.column ? riap__xml_located_at(lc) : 0;
    lc->note_line = lc->cur_line;
    lc->note_off = lc->cur_off;
    lc->cur_line = el_line;
    lc->cur_off = el_off;
    return p;
}

/* ---- errors ---- */

/* Reports a problem to the sink in the context's language: the one way the XML layer raises
 * a diagnostic (en and ja take the same arguments). */
void riap__xml_vsay(const load_state *ls, const char *rule, riap_severity sev, uint32_t line,
                    uint32_t col, int64_t offset, const char *en, const char *ja, va_list ap)
{
    char msg[768];
    int n = vsnprintf(msg, sizeof msg, riap__lang_ja(ls->ctx) ? ja : en, ap);
    if (n >= (int)sizeof msg) { /* cut between characters, and said to be cut */
        size_t k = riap__utf8_prefix(msg, sizeof msg - 1, sizeof msg - 4);
        memcpy(msg + k, "\xE2\x80\xA6", 4);
    }
    ls->sink(ls->sink_user, rule, sev, line, col, offset, msg);
}

void riap__xml_say(const load_state *ls, const char *rule, riap_severity sev, uint32_t line,
                   uint32_t col, int64_t offset, const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    riap__xml_vsay(ls, rule, sev, line, col, offset, en, ja, ap);
    va_end(ap);
}

void riap__xml_rule_vsay(const load_state *ls, riap__pos pos, riap__rule rule, va_list ap)
{
    riap__xml_vsay(ls, riap__rule_name(rule), riap__rule_severity(rule), pos.line, pos.column,
                   pos.at ? (int64_t)pos.at - 1 : -1, riap__rule_format(rule, false),
                   riap__rule_format(rule, true), ap);
}

void riap__xml_rule_say(const load_state *ls, riap__pos pos, riap__rule rule, ...)
{
    va_list ap;
    va_start(ap, rule);
    riap__xml_rule_vsay(ls, pos, rule, ap);
    va_end(ap);
}

/* Hands the latest error of a scratch context to the sink. */
void riap__xml_forward(const load_state *ls, const riap_ctx *tmp)
{
    const riap_diag *e = riap_ctx_last_error(tmp);
    if (e) /* its message is in the language already */
        riap__xml_say(ls, riap_diag_rule(e), RIAP_SEVERITY_ERROR, riap_diag_line(e),
                      riap_diag_column(e), riap_diag_offset(e), "%s", "%s", riap_diag_message(e));
}

/* Appends n bytes of s to dst[0, size) at *o, or what of them fits before room for "…" and the
 * NUL, cut between characters; false when they did not all fit ("…" ends dst then). */
static bool put_cut(char *dst, size_t size, size_t *o, const char *s, size_t n)
{
    if (*o + n + 3 + 1 <= size) {
        memcpy(dst + *o, s, n);
        *o += n;
        return true;
    }
    size_t k = size >= *o + 3 + 1 ? riap__utf8_prefix(s, n, size - *o - 3 - 1) : 0;
    memcpy(dst + *o, s, k);
    *o += k;
    if (*o + 3 + 1 <= size) {
        memcpy(dst + *o, "\xE2\x80\xA6", 3);
        *o += 3;
    }
    return false;
}

/* libxml2's message without its trailing newline and with our namespace dropped; what it quotes
 * from the input ('...': a value, a name) is cut to RIAP__QUOTE_MAX characters, and the whole
 * to dst's size, each with "…" and never inside a character. */
void riap__xml_clean_message(char *dst, size_t size, const char *msg)
{
    static const char ns[] = "{" RIAP_NAMESPACE "}";
    size_t o = 0, quoted = 0; /* characters of the quote being copied */
    bool inside = false, fits = size > 0;
    for (const char *p = msg ? msg : ""; *p && fits;) {
        if (strncmp(p, ns, sizeof ns - 1) == 0) {
            p += sizeof ns - 1;
            continue;
        }
        size_t k = 1; /* the character's bytes (a stray byte alone, four at most) */
        while (k < 4 && ((unsigned char)p[k] & 0xC0) == 0x80)
            k++;
        uint32_t cp;
        if ((unsigned char)*p >= 0x80 && !riap__utf8_decode((const unsigned char *)p, k, &cp)) {
            p += k; /* libxml2 cuts its quotes by bytes: the piece of a character is left out */
            continue;
        }
        if (*p == '\'') {
            inside = !inside;
            quoted = 0;
        } else if (inside && quoted++ >= RIAP__QUOTE_MAX) {
            if (quoted == RIAP__QUOTE_MAX + 1) /* the first character left out */
                fits = put_cut(dst, size, &o, "\xE2\x80\xA6", 3);
            p += k;
            continue;
        }
        fits = put_cut(dst, size, &o, *p == '\n' ? " " : p, k);
        p += k;
    }
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    if (size)
        dst[o] = '\0';
}

/* Remembers the line of an error, so the plan it is in is not checked as if it were sound. */
void riap__xml_note_error_line(load_state *ls, uint32_t line)
{
    if (ls->n_err == ls->cap_err) {
        size_t cap = ls->cap_err ? ls->cap_err * 2 : 16;
        uint32_t *v = riap__realloc(ls->err_lines, cap * sizeof *v);
        if (!v)
            return; /* the plan may then be checked: more diagnostics, not fewer */
        ls->err_lines = v;
        ls->cap_err = cap;
    }
    ls->err_lines[ls->n_err++] = line;
}

/* The column of element `name`'s start tag on `line`, or else of its end tag (an error found
 * at the end of an element, such as a missing child, is on the end tag's line); *at its
 * offset + 1 (0: unknown). With attr, the value of that attribute of the start tag, where the
 * tag has it. */
static uint32_t locate_element(locator *lc, uint32_t *line, const char *name, uint64_t *at,
                               const char *attr, bool at_name)
{
    uint32_t col = riap__xml_locate(lc, line, name, 0);
    char end[RIAP__XML_MAX_NAME + 2];
    if (!col && strlen(name) <= RIAP__XML_MAX_NAME && !attr) {
        snprintf(end, sizeof end, "/%s", name);
        col = riap__xml_locate(lc, line, end, 0);
    }
    if (!col) /* a start tag that ends on this line */
        col = riap__xml_locate(lc, line, name, 64);
    *at = col ? riap__xml_located_at(lc) : 0;
    size_t k = col && attr && lc->cur_off ? attr_at(lc, lc->cur_off - 1, attr, at_name) : 0;
    if (k) {
        riap__pos p = walk_to(lc, lc->cur_off - 1, (riap__pos){.line = *line, .column = col}, k);
        *line = p.line;
        *at = p.at;
        return p.column;
    }
    return col;
}

/* The name libxml2 quoted after `lead` in msg ("Element '{namespace}name'"), without its
 * namespace, copied into buf (RIAP__XML_MAX_NAME + 1 bytes); NULL when there is none. */
static const char *quoted_name(char *buf, const char *msg, const char *lead)
{
    const char *p = msg ? strstr(msg, lead) : NULL;
    if (!p)
        return NULL;
    p += strlen(lead);
    const char *ns_end = *p == '{' ? strchr(p, '}') : NULL;
    p = ns_end ? ns_end + 1 : p;
    size_t k = strcspn(p, "'");
    if (k == 0 || k > RIAP__XML_MAX_NAME)
        return NULL;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return buf;
}

/* The line, column and offset of byte `at` of the window. */
void riap__xml_window_place(const load_state *ls, size_t at, uint32_t *line, uint32_t *col,
                            int64_t *off)
{
    const riap__buf *w = ls->win;
    size_t from = *ls->win_off;
    uint32_t l = *ls->win_line;
    for (const char *p = memchr(w->p + from, '\n', at - from); p;
         p = memchr(p + 1, '\n', at - (size_t)(p + 1 - w->p))) {
        l++;
        from = (size_t)(p + 1 - w->p);
    }
    *line = l;
    *col = 1 + (uint32_t)riap__utf8_count(w->p + from, at - from);
    *off = *ls->win_base ? (int64_t)(*ls->win_base - 1 + at) : -1;
}

/* Text where only elements may stand ("Character content other than whitespace is not
 * allowed"): libxml2 names the element, not the text. The schema checks the text right after
 * the parser handed it on (ls->text), so it is the text that ends where the parser is: placed
 * at its first character that is not XML white space, by the window of text fed, when the
 * window holds it byte for byte (a text from a reference or cut by one is placed at the element,
 * as before). False when there is no such text. */
static bool stray_text(const load_state *ls, const char *msg, char *what, size_t size,
                       uint32_t *line, uint32_t *col, int64_t *off)
{
    if (!ls->text || !strstr(msg, "other than whitespace is not allowed"))
        return false; /* the same test as riap__xml_on_schema_error's */
    const unsigned char *t = ls->text;
    size_t n = ls->text_len, k = 0;
    while (k < n && riap__xml_is_space(t[k]))
        k++;
    if (k == n)
        return false;
    uint32_t cp = 0;
    if (!riap__utf8_decode(t + k, n - k, &cp))
        return false;
    size_t m = k; /* quoted up to the line's end */
    while (m < n && t[m] != '\n' && t[m] != '\r' && t[m] != '\t')
        m++;
    char q[64];
    riap__excerpt(q, sizeof q, (const char *)t + k, m - k, 24);
    snprintf(what, size, "'%s' (U+%04X)", q, (unsigned)cp);
    const riap__buf *w = ls->win;
    if (!w || !w->p || !ls->fed || ls->text_end > *ls->fed || *ls->fed - ls->text_end > w->n)
        return true;
    size_t end = w->n - (size_t)(*ls->fed - ls->text_end);
    /* the text is the window's bytes before end, read backwards (a line end CR LF in the file
     * is LF in the text); `at`: where its character k is */
    size_t j = end, i = n, at = SIZE_MAX, lo = *ls->win_off;
    while (i > 0 && j > lo) {
        if (w->p[j - 1] == (char)t[i - 1])
            j--, i--;
        else if (w->p[j - 1] == '\r' && j < end && w->p[j] == '\n' && t[i] == '\n')
            j--; /* the CR of a CR LF */
        else
            break;
        if (i == k)
            at = j;
    }
    if (i > 0 || at == SIZE_MAX)
        return true;
    riap__xml_window_place(ls, at, line, col, off);
    return true;
}

/* An element that may not stand where it starts ("This element is not expected"): the
 * schema checks it right after the parser read its start tag, so it is the last "<name" before
 * where the parser is (not the first on the line: <name>a</name><name>b</name>). False when the
 * window does not hold it. */
static bool started_here(const load_state *ls, const char *name, uint32_t *line, uint32_t *col,
                         int64_t *off)
{
    const riap__buf *w = ls->win;
    const xmlParserInput *in = ls->pc ? ls->pc->input : NULL;
    if (!name || !w || !w->p || !ls->fed || !in || !in->base)
        return false;
    uint64_t here = (uint64_t)in->consumed + (uint64_t)(in->cur - in->base);
    if (here > *ls->fed || *ls->fed - here > w->n)
        return false;
    size_t end = w->n - (size_t)(*ls->fed - here), nl = strlen(name);
    for (size_t j = end; j-- > *ls->win_off && end - j < 64 * 1024;) {
        if (w->p[j] != '<' || j + 1 + nl >= w->n || memcmp(w->p + j + 1, name, nl) != 0)
            continue;
        char c = w->p[j + 1 + nl];
        if (c == '>' || c == '/' || riap__xml_is_space((unsigned char)c)) {
            riap__xml_window_place(ls, j, line, col, off);
            return true;
        }
    }
    return false;
}

void riap__xml_on_schema_error(void *data, xmlErrorPtr err)
{
    load_state *ls = data;
    if (!err || err->level < XML_ERR_ERROR || ls->unwinding)
        return;
    char msg[512];
    riap__xml_clean_message(msg, sizeof msg, err->message);
    bool text_fault = ls->text && strstr(msg, "other than whitespace is not allowed");
    if (text_fault && ls->text_said)
        return; /* one run of text between two tags, one error */
    ls->text_said = text_fault;
    ls->errors++;
    riap__xml_note_error_line(ls, err->line > 0 ? (uint32_t)err->line : 0);
    uint32_t line = err->line > 0 ? (uint32_t)err->line : 0, col = 0;
    const char *name = NULL;
    char buf[RIAP__XML_MAX_NAME + 1];
    char what[96];
    uint32_t tl = 0, tc = 0;
    int64_t toff = -1;
    bool stray = stray_text(ls, msg, what, sizeof what, &tl, &tc, &toff);
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE) {
        xmlNodePtr n = err->node;
        long l = xmlGetLineNo(n);
        if (l > 0)
            line = (uint32_t)l;
        name = (const char *)n->name;
    } else {
        /* errors without a node (identity constraints, the validator of a stream): the name
         * from "Element '{namespace}name'" as libxml2 wrote it, before the quote was cut */
        name = quoted_name(buf, err->message, "Element '");
    }
    if (line == 0 && ls->pc) /* streaming: where the parser is */
        line = (uint32_t)xmlSAX2GetLineNumber(ls->pc);
    /* "Element 'x', attribute 'kind': ...": the attribute's value is where the error is, or its
     * name, for an attribute the element may not have */
    char abuf[RIAP__XML_MAX_NAME + 1];
    const char *attr = quoted_name(abuf, err->message, ", attribute '");
    bool at_name = err->message && strstr(err->message, "is not allowed");
    uint64_t at = 0;
    uint32_t sl = 0, sc = 0;
    int64_t so = -1;
    if (!attr && strstr(msg, "This element is not expected") &&
        started_here(ls, name, &sl, &sc, &so)) {
        line = sl;
        col = sc;
        at = so >= 0 ? (uint64_t)so + 1 : 0;
    } else if (name && ls->lc.starts) {
        locator tmp = ls->lc; /* a search of its own: errors need not come in order */
        tmp.cur_line = 0;
        col = locate_element(&tmp, &line, name, &at, attr, at_name);
    } else if (name && ls->win && ls->win->p) { /* streaming: the text since the plan began */
        locator tmp;
        if (riap__xml_locator_init(&tmp, ls->win->p + *ls->win_off, ls->win->n - *ls->win_off)) {
            tmp.first_line = *ls->win_line;
            tmp.base = *ls->win_base ? *ls->win_base + *ls->win_off : 0;
            col = locate_element(&tmp, &line, name, &at, attr, at_name);
            riap__free(tmp.starts);
        }
    }
    if (stray) /* at the text when it was found, else at the element */
        riap__xml_say(ls, "schema", RIAP_SEVERITY_ERROR, tl ? tl : line, tl ? tc : col,
                      tl   ? toff
                      : at ? (int64_t)at - 1
                           : -1,
                      "text %s inside <%s>, where only elements may stand (white space there "
                      "is spaces, tabs and line ends only): remove it or move it into an element",
                      "要素 <%2$s> の中の要素しか置けない位置にテキスト %1$s があります (ここで"
                      "許される空白は半角空白・タブ・改行だけです): 削除するか、要素の中に移して"
                      "ください",
                      what, name ? name : "?");
    else if (ls->depth && *ls->depth > 1 && !ls->held.depth &&
             strstr(msg, "Element content is not allowed, because the type definition is "
                         "simple")) {
        ls->held.depth = *ls->depth - 1;
        ls->held.line = line;
        ls->held.col = col;
        ls->held.offset = at ? (int64_t)at - 1 : -1;
        snprintf(ls->held.msg, sizeof ls->held.msg, "%s", msg);
    } else {
        riap__xml_say(ls, "schema", RIAP_SEVERITY_ERROR, line, col, at ? (int64_t)at - 1 : -1, "%s",
                      "スキーマ違反: %s", msg);
    }
}

void riap__xml_release_held(load_state *ls, bool emit)
{
    if (ls->held.depth && emit)
        riap__xml_say(ls, "schema", RIAP_SEVERITY_ERROR, ls->held.line, ls->held.col,
                      ls->held.offset, "%s", "スキーマ違反: %s", ls->held.msg);
    ls->held.depth = 0;
}
