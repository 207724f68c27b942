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

/* The 1-based column (in code points) of the first "<name" on `line` after the previous find
 * on that line; 0 when unknown. */
uint32_t riap__xml_locate(locator *lc, uint32_t line, const char *name)
{
    if (line < lc->first_line || !name || !lc->starts)
        return 0;
    uint32_t abs_line = line;
    line = line - lc->first_line + 1; /* the index in this buffer */
    if (line == 0 || line > lc->n_lines)
        return 0;
    size_t from = lc->starts[line - 1];
    size_t to = line < lc->n_lines ? lc->starts[line] : lc->len;
    if (lc->cur_line == abs_line && lc->cur_off > from)
        from = lc->cur_off;
    size_t nl = strlen(name);
    for (size_t i = from; i + 1 + nl <= to; i++) {
        if (lc->data[i] == '<' && memcmp(lc->data + i + 1, name, nl) == 0) {
            char c = i + 1 + nl < to ? lc->data[i + 1 + nl] : '>';
            if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
                lc->cur_line = abs_line;
                lc->cur_off = i + 1;
                return (uint32_t)riap__utf8_count(lc->data + lc->starts[line - 1],
                                                  i - lc->starts[line - 1]) +
                       1;
            }
        }
    }
    return 0;
}

uint64_t riap__xml_located_at(const locator *lc)
{
    return lc->base && lc->cur_off ? lc->base + lc->cur_off - 1 : 0;
}

riap__pos riap__xml_pos_of(locator *lc, xmlNodePtr node)
{
    riap__pos p;
    long line = xmlGetLineNo(node);
    p.line = line > 0 ? (uint32_t)line : 0;
    p.column = riap__xml_locate(lc, p.line, (const char *)node->name);
    p.at = p.column ? riap__xml_located_at(lc) : 0;
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
 * offset + 1 (0: unknown). */
static uint32_t locate_element(locator *lc, uint32_t line, const char *name, uint64_t *at)
{
    uint32_t col = riap__xml_locate(lc, line, name);
    char end[RIAP__XML_MAX_NAME + 2];
    if (!col && strlen(name) <= RIAP__XML_MAX_NAME) {
        snprintf(end, sizeof end, "/%s", name);
        col = riap__xml_locate(lc, line, end);
    }
    *at = col ? riap__xml_located_at(lc) : 0;
    return col;
}

void riap__xml_on_schema_error(void *data, xmlErrorPtr err)
{
    load_state *ls = data;
    if (!err || err->level < XML_ERR_ERROR || ls->unwinding)
        return;
    ls->errors++;
    riap__xml_note_error_line(ls, err->line > 0 ? (uint32_t)err->line : 0);
    char msg[512];
    riap__xml_clean_message(msg, sizeof msg, err->message);
    uint32_t line = err->line > 0 ? (uint32_t)err->line : 0, col = 0;
    const char *name = NULL;
    char buf[RIAP__XML_MAX_NAME + 1];
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE) {
        xmlNodePtr n = err->node;
        long l = xmlGetLineNo(n);
        if (l > 0)
            line = (uint32_t)l;
        name = (const char *)n->name;
    } else {
        /* errors without a node (identity constraints, the validator of a stream): the name
         * from "Element '{namespace}name'" as libxml2 wrote it, before the quote was cut */
        const char *p = err->message ? strstr(err->message, "Element '") : NULL;
        if (p) {
            p += strlen("Element '");
            const char *ns_end = *p == '{' ? strchr(p, '}') : NULL;
            p = ns_end ? ns_end + 1 : p;
            size_t k = strcspn(p, "'");
            if (k > 0 && k < sizeof buf) {
                memcpy(buf, p, k);
                buf[k] = '\0';
                name = buf;
            }
        }
    }
    if (line == 0 && ls->pc) /* streaming: where the parser is */
        line = (uint32_t)xmlSAX2GetLineNumber(ls->pc);
    uint64_t at = 0;
    if (name && ls->lc.starts) {
        locator tmp = ls->lc; /* a search of its own: errors need not come in order */
        tmp.cur_line = 0;
        col = locate_element(&tmp, line, name, &at);
    } else if (name && ls->win && ls->win->p) { /* streaming: the text since the plan began */
        locator tmp;
        if (riap__xml_locator_init(&tmp, ls->win->p + *ls->win_off, ls->win->n - *ls->win_off)) {
            tmp.first_line = *ls->win_line;
            tmp.base = *ls->win_base ? *ls->win_base + *ls->win_off : 0;
            col = locate_element(&tmp, line, name, &at);
            riap__free(tmp.starts);
        }
    }
    riap__xml_say(ls, "schema", RIAP_SEVERITY_ERROR, line, col, at ? (int64_t)at - 1 : -1, "%s",
                  "スキーマ違反: %s", msg);
}
