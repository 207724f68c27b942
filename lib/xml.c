/* SPDX-License-Identifier: MIT */
/* xml: loading plan documents with libxml2 (the only module that includes its headers), and
 * saving them (atomically for files). */
#include "config.h"

#include "xml_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

/* Never NOENT, DTDLOAD, DTDVALID, XINCLUDE or HUGE: plan files are untrusted. */
#define PARSE_OPTIONS                                                                              \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |             \
     XML_PARSE_NOCDATA)

/* ---- the compiled-in schema, parsed once per process and immutable afterwards ---- */

static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlSchemaPtr schema;

static void ignore_error(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

static void schema_init(void)
{
    xmlInitParser(); /* not reentrant in 2.9.14: only ever called here, once */
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt(riap__schema_xsd, (int)riap__schema_xsd_len);
    if (!pc)
        return;
    xmlSchemaSetParserStructuredErrors(pc, ignore_error, NULL);
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
}

void riap_ctx_set_max_document_size(riap_ctx *ctx, uint64_t bytes)
{
    if (ctx)
        ctx->max_doc_size = bytes;
}

uint64_t riap_ctx_max_document_size(const riap_ctx *ctx)
{
    return ctx && ctx->max_doc_size ? ctx->max_doc_size : RIAP_DOC_MAX_SIZE;
}

const char *riap_schema_text(size_t *len)
{
    if (len)
        *len = riap__schema_xsd_len;
    return riap__schema_xsd;
}

/* ---- positions: line numbers come from libxml2, columns from the bytes ---- */

typedef struct locator {
    const char *data;
    size_t len;
    size_t *starts; /* byte offset of each line's start; starts[0] is line 1 */
    size_t n_lines;
    uint32_t cur_line; /* where the last search on cur_line ended, to find the next element */
    size_t cur_off;
} locator;

static bool locator_init(locator *lc, const char *data, size_t len)
{
    memset(lc, 0, sizeof *lc);
    lc->data = data;
    lc->len = len;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += data[i] == '\n';
    lc->starts = riap__malloc(n * sizeof *lc->starts);
    if (!lc->starts)
        return false;
    lc->starts[0] = 0;
    lc->n_lines = 1;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n')
            lc->starts[lc->n_lines++] = i + 1;
    return true;
}

/* The 1-based column (in code points) of the first "<name" on `line` after the previous find
 * on that line; 0 when unknown. */
static uint32_t locate(locator *lc, uint32_t line, const char *name)
{
    if (line == 0 || line > lc->n_lines || !name)
        return 0;
    size_t from = lc->starts[line - 1];
    size_t to = line < lc->n_lines ? lc->starts[line] : lc->len;
    if (lc->cur_line == line && lc->cur_off > from)
        from = lc->cur_off;
    size_t nl = strlen(name);
    for (size_t i = from; i + 1 + nl <= to; i++) {
        if (lc->data[i] == '<' && memcmp(lc->data + i + 1, name, nl) == 0) {
            char c = i + 1 + nl < to ? lc->data[i + 1 + nl] : '>';
            if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
                lc->cur_line = line;
                lc->cur_off = i + 1;
                return (uint32_t)riap__utf8_count(lc->data + lc->starts[line - 1],
                                                  i - lc->starts[line - 1]) +
                       1;
            }
        }
    }
    return 0;
}

static riap__pos pos_of(locator *lc, xmlNodePtr node)
{
    riap__pos p;
    long line = xmlGetLineNo(node);
    p.line = line > 0 ? (uint32_t)line : 0;
    p.column = locate(lc, p.line, (const char *)node->name);
    return p;
}

/* ---- errors ---- */

typedef struct load_state {
    riap_ctx *ctx;
    locator lc;
    size_t errors;
} load_state;

/* libxml2's message without its trailing newline and with our namespace dropped. */
static void clean_message(char *dst, size_t size, const char *msg)
{
    static const char ns[] = "{" RIAP_NAMESPACE "}";
    size_t o = 0;
    for (const char *p = msg ? msg : ""; *p && o + 1 < size;) {
        if (strncmp(p, ns, sizeof ns - 1) == 0) {
            p += sizeof ns - 1;
            continue;
        }
        dst[o++] = *p == '\n' ? ' ' : *p;
        p++;
    }
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
}

static void on_schema_error(void *data, xmlErrorPtr err)
{
    load_state *ls = data;
    if (!err || err->level < XML_ERR_ERROR)
        return;
    ls->errors++;
    char msg[512];
    clean_message(msg, sizeof msg, err->message);
    uint32_t line = err->line > 0 ? (uint32_t)err->line : 0, col = 0;
    const char *name = NULL;
    char buf[128];
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE) {
        xmlNodePtr n = err->node;
        long l = xmlGetLineNo(n);
        if (l > 0)
            line = (uint32_t)l;
        name = (const char *)n->name;
    } else {
        /* identity-constraint errors carry no node: take the name from "Element 'name'" */
        const char *p = strstr(msg, "Element '");
        if (p) {
            p += strlen("Element '");
            size_t k = strcspn(p, "'");
            if (k > 0 && k < sizeof buf) {
                memcpy(buf, p, k);
                buf[k] = '\0';
                name = buf;
            }
        }
    }
    if (name) {
        locator tmp = ls->lc; /* a search of its own: errors need not come in order */
        tmp.cur_line = 0;
        col = locate(&tmp, line, name);
    }
    riap__ctx_diag(ls->ctx, "schema", RIAP_SEVERITY_ERROR, -1, line, col, "%s", "スキーマ違反: %s",
                   msg);
}

/* ---- building the model from the tree ---- */

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RIAP_NAMESPACE) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr first_el(xmlNodePtr parent)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static xmlNodePtr next_el(xmlNodePtr node)
{
    for (xmlNodePtr n = node ? node->next : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

typedef struct builder {
    load_state *ls;
    riap_status st;
    xmlNodePtr where; /* the node being read when st went bad */
} builder;

/* Text of an element (the schema has made sure it has only text), owned by libxml2's
 * allocator. */
static char *text_of(xmlNodePtr n)
{
    return (char *)xmlNodeGetContent(n);
}

static void check(builder *b, riap_status st, xmlNodePtr n)
{
    if (st != RIAP_OK && b->st == RIAP_OK) {
        b->st = st;
        b->where = n;
    }
}

static void set_text_with(builder *b, xmlNodePtr n, riap_status (*set)(riap_plan *, const char *),
                          riap_plan *p)
{
    char *t = text_of(n);
    check(b, t ? set(p, t) : RIAP_ERR_NOMEM, n);
    xmlFree(t);
}

static char *attr_of(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

static void set_meta(builder *b, riap_doc *doc, riap_doc_field f, xmlNodePtr n)
{
    char *t = text_of(n);
    check(b, t ? riap_doc_set_meta(doc, f, t) : RIAP_ERR_NOMEM, n);
    xmlFree(t);
    doc->meta_pos[f] = pos_of(&b->ls->lc, n);
}

static void read_metadata(builder *b, riap_doc *doc, xmlNodePtr md)
{
    for (xmlNodePtr n = first_el(md); n; n = next_el(n)) {
        if (is_el(n, "source")) {
            for (xmlNodePtr s = first_el(n); s; s = next_el(s)) {
                if (is_el(s, "title"))
                    set_meta(b, doc, RIAP_DOC_SOURCE_TITLE, s);
                else if (is_el(s, "publisher"))
                    set_meta(b, doc, RIAP_DOC_PUBLISHER, s);
                else if (is_el(s, "published"))
                    set_meta(b, doc, RIAP_DOC_PUBLISHED, s);
                else if (is_el(s, "url"))
                    set_meta(b, doc, RIAP_DOC_URL, s);
            }
        } else if (is_el(n, "program")) {
            set_meta(b, doc, RIAP_DOC_PROGRAM, n);
        } else if (is_el(n, "approver")) {
            set_meta(b, doc, RIAP_DOC_APPROVER, n);
            char *code = attr_of(n, "code");
            if (code)
                check(b, riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, code), n);
            xmlFree(code);
        } else if (is_el(n, "approved")) {
            set_meta(b, doc, RIAP_DOC_APPROVED, n);
        }
    }
}

static void read_category(builder *b, riap_plan *p, xmlNodePtr cn)
{
    char *id = attr_of(cn, "id");
    xmlNodePtr hn = first_el(cn);
    char *heading = is_el(hn, "heading") ? text_of(hn) : NULL;
    riap_category *c = NULL;
    check(b, id && heading ? riap_plan_add_category(&c, p, id, heading) : RIAP_ERR_NOMEM, cn);
    xmlFree(id);
    xmlFree(heading);
    if (!c)
        return;
    c->pos = pos_of(&b->ls->lc, cn);
    c->heading_pos = pos_of(&b->ls->lc, hn);
    for (xmlNodePtr n = next_el(hn); n; n = next_el(n)) {
        if (is_el(n, "description")) {
            char *t = text_of(n);
            check(b, t ? riap_category_set_description(c, t) : RIAP_ERR_NOMEM, n);
            xmlFree(t);
            c->description_pos = pos_of(&b->ls->lc, n);
        } else if (is_el(n, "project")) {
            riap__pos pp = pos_of(&b->ls->lc, n);
            xmlNodePtr nm = first_el(n);
            char *name = is_el(nm, "name") ? text_of(nm) : NULL;
            riap_project *pr = NULL;
            check(b, name ? riap_category_add_project(&pr, c, name) : RIAP_ERR_NOMEM, n);
            xmlFree(name);
            if (!pr)
                return;
            pr->pos = pp;
            /* links are resolved after all categories are read */
            for (xmlNodePtr a = next_el(nm); a; a = next_el(a)) {
                char *cat = attr_of(a, "category");
                check(b,
                      cat ? riap__strv_push(&pr->also, cat, pos_of(&b->ls->lc, a)) : RIAP_ERR_NOMEM,
                      a);
                xmlFree(cat);
            }
        }
    }
}

static riap_date parse_date_attr(builder *b, xmlNodePtr n, const char *name, bool *has)
{
    riap_date d = {0, 0, 0};
    char *v = attr_of(n, name);
    *has = false;
    if (v) {
        check(b, riap_date_parse_iso(&d, NULL, v, strlen(v)), n);
        *has = b->st == RIAP_OK;
    }
    xmlFree(v);
    return d;
}

static void read_plan(builder *b, riap_doc *doc, xmlNodePtr pn)
{
    char *id = attr_of(pn, "id");
    riap_plan *p = NULL;
    check(b, id ? riap_doc_add_plan(&p, doc, id) : RIAP_ERR_NOMEM, pn);
    xmlFree(id);
    if (!p)
        return;
    locator *lc = &b->ls->lc;
    p->pos = pos_of(lc, pn);
    for (xmlNodePtr n = first_el(pn); n && b->st == RIAP_OK; n = next_el(n)) {
        if (is_el(n, "title")) {
            p->title_pos = pos_of(lc, n);
            set_text_with(b, n, riap_plan_set_title, p);
        } else if (is_el(n, "municipality")) {
            p->muni_pos = pos_of(lc, n);
            char *name = text_of(n), *kind = attr_of(n, "kind"), *pref = attr_of(n, "prefecture"),
                 *code = attr_of(n, "code");
            check(b,
                  name && kind && pref
                      ? riap_plan_set_municipality(p, name, riap_municipality_kind_from_name(kind),
                                                   pref, code)
                      : RIAP_ERR_NOMEM,
                  n);
            xmlFree(name);
            xmlFree(kind);
            xmlFree(pref);
            xmlFree(code);
        } else if (is_el(n, "period")) {
            p->period_pos = pos_of(lc, n);
            bool hf, ht;
            riap_date from = parse_date_attr(b, n, "from", &hf);
            riap_date to = parse_date_attr(b, n, "to", &ht);
            char *t = text_of(n);
            check(b,
                  t ? riap_plan_set_period_as_written(p, t, hf ? &from : NULL, ht ? &to : NULL)
                    : RIAP_ERR_NOMEM,
                  n);
            xmlFree(t);
        } else if (is_el(n, "overview")) {
            for (xmlNodePtr para = first_el(n); para; para = next_el(para)) {
                char *t = text_of(para);
                check(b, t ? riap__strv_push(&p->overview, t, pos_of(lc, para)) : RIAP_ERR_NOMEM,
                      para);
                xmlFree(t);
            }
        } else if (is_el(n, "vision")) {
            char *t = text_of(n);
            check(b, t ? riap__strv_push(&p->vision, t, pos_of(lc, n)) : RIAP_ERR_NOMEM, n);
            xmlFree(t);
        } else if (is_el(n, "initiatives")) {
            p->initiatives_pos = pos_of(lc, n);
            char *scheme = attr_of(n, "scheme");
            check(b, scheme ? riap_plan_set_scheme(p, scheme) : RIAP_ERR_NOMEM, n);
            xmlFree(scheme);
            for (xmlNodePtr c = first_el(n); c && b->st == RIAP_OK; c = next_el(c))
                read_category(b, p, c);
        } else if (is_el(n, "figure")) {
            riap__pos fp = pos_of(lc, n);
            char *t = text_of(n), *cat = attr_of(n, "category");
            riap_figure *f = NULL;
            check(b, t ? riap_plan_add_figure(&f, p, t, cat) : RIAP_ERR_NOMEM, n);
            if (f)
                f->pos = fp;
            xmlFree(t);
            xmlFree(cat);
        }
    }
}

static riap_status build(riap_doc **out, load_state *ls, xmlDocPtr x)
{
    riap_doc *doc = NULL;
    riap_status st = riap_doc_new(&doc);
    if (st != RIAP_OK)
        return st;
    builder b = {ls, RIAP_OK, NULL};
    xmlNodePtr root = xmlDocGetRootElement(x);
    doc->pos = pos_of(&ls->lc, root);
    char *version = attr_of(root, "version");
    check(&b, version ? riap__doc_set_version(doc, version) : RIAP_ERR_NOMEM, root);
    xmlFree(version);
    for (xmlNodePtr n = first_el(root); n && b.st == RIAP_OK; n = next_el(n)) {
        if (is_el(n, "metadata"))
            read_metadata(&b, doc, n);
        else if (is_el(n, "plan"))
            read_plan(&b, doc, n);
    }
    if (b.st != RIAP_OK) {
        riap__pos p = b.where ? pos_of(&ls->lc, b.where) : doc->pos;
        if (b.st == RIAP_ERR_NOMEM)
            riap__ctx_diag(ls->ctx, "nomem", RIAP_SEVERITY_ERROR, -1, p.line, p.column,
                           "out of memory%s", "メモリ不足です%s", "");
        else
            riap__ctx_diag(
                ls->ctx, "invalid-text", RIAP_SEVERITY_ERROR, -1, p.line, p.column,
                "the element '%s' holds text the model cannot carry (a control "
                "character or an invalid value)",
                "要素「%s」にモデルが保持できない文字列 (制御文字または不正な値) があります",
                b.where ? (const char *)b.where->name : "document");
        riap_doc_free(doc);
        return b.st == RIAP_ERR_NOMEM ? RIAP_ERR_NOMEM : RIAP_ERR_SCHEMA;
    }
    *out = doc;
    return RIAP_OK;
}

/* ---- loading ---- */

static uint64_t max_size(const riap_ctx *ctx)
{
    uint64_t m = riap_ctx_max_document_size(ctx);
    return m < (uint64_t)INT_MAX ? m : (uint64_t)INT_MAX;
}

static riap_status too_large(riap_ctx *ctx, uint64_t size, uint64_t max)
{
    riap__ctx_diag(ctx, "too-large", RIAP_SEVERITY_ERROR, -1, 0, 0,
                   "the document has %llu bytes, more than the %llu this context loads whole "
                   "(riap_ctx_set_max_document_size; riap validate --stream has no limit)",
                   "文書は %llu バイトあり、一括で読み込める %llu バイトを超えています "
                   "(riap validate --stream なら上限なし)",
                   (unsigned long long)size, (unsigned long long)max);
    return RIAP_ERR_LIMIT;
}

static riap_status parse_utf8(riap_doc **out, riap_ctx *ctx, const char *data, size_t len);

static riap_status load(riap_doc **out, riap_ctx *ctx, const char *data, size_t len)
{
    if ((uint64_t)len > max_size(ctx))
        return too_large(ctx, len, max_size(ctx));
    char *owned = NULL;
    const char *text = NULL;
    size_t text_len = 0;
    riap_status st = riap__xml_input(ctx, data, len, &owned, &text, &text_len);
    if (st != RIAP_OK)
        return st;
    if ((uint64_t)text_len > max_size(ctx))
        st = too_large(ctx, text_len, max_size(ctx));
    else
        st = parse_utf8(out, ctx, text, text_len);
    riap__free(owned);
    return st;
}

/* Parses UTF-8 text that riap__xml_input() has checked. */
static riap_status parse_utf8(riap_doc **out, riap_ctx *ctx, const char *data, size_t len)
{
    pthread_once(&schema_once, schema_init);
    if (!schema) {
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "the built-in schema could not be loaded%s",
                       "組み込みスキーマを読み込めませんでした%s", "");
        return RIAP_ERR_NOMEM;
    }
    load_state ls = {ctx, {0}, 0};
    if (!locator_init(&ls.lc, data, len))
        return RIAP_ERR_NOMEM;
    riap_status st = RIAP_OK;
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    xmlDocPtr x = NULL;
    if (!pc) {
        st = RIAP_ERR_NOMEM;
        goto done;
    }
    x = xmlCtxtReadMemory(pc, data, (int)len, NULL, "UTF-8", PARSE_OPTIONS);
    if (!x || !pc->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(pc);
        char msg[512];
        clean_message(msg, sizeof msg, e ? e->message : "not well-formed");
        riap__ctx_diag(ctx, "xml-syntax", RIAP_SEVERITY_ERROR, -1,
                       e && e->line > 0 ? (uint32_t)e->line : 0,
                       e && e->int2 > 0 ? (uint32_t)e->int2 : 0, "malformed XML: %s",
                       "XML の構文誤り: %s", msg);
        st = RIAP_ERR_XML;
        goto done;
    }
    if (x->intSubset || x->extSubset) {
        /* riap__xml_input() refuses a DOCTYPE first; this is a second line of defence */
        riap__ctx_diag(ctx, "doctype", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "plan documents have no DOCTYPE%s", "計画文書に DOCTYPE は使えません%s", "");
        st = RIAP_ERR_XML;
        goto done;
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        st = RIAP_ERR_NOMEM;
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &ls);
    int rc = xmlSchemaValidateDoc(vc, x);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 || ls.errors) {
        if (!ls.errors)
            riap__ctx_diag(ctx, "schema", RIAP_SEVERITY_ERROR, -1, 0, 0,
                           "the document does not match the schema%s",
                           "文書がスキーマに適合しません%s", "");
        st = rc < 0 ? RIAP_ERR_NOMEM : RIAP_ERR_SCHEMA;
        goto done;
    }
    st = build(out, &ls, x);
done:
    xmlFreeDoc(x);
    xmlFreeParserCtxt(pc);
    riap__free(ls.lc.starts);
    return st;
}

riap_status riap_doc_load_memory(riap_doc **out, riap_ctx *ctx, const char *data, size_t len)
{
    riap__ctx_begin(ctx);
    riap__ctx_set_file(ctx, NULL);
    if (out)
        *out = NULL;
    if (!out || (!data && len))
        return RIAP_ERR_ARG;
    return load(out, ctx, data ? data : "", len);
}

static riap_status io_error(riap_ctx *ctx, const char *what, const char *path, int err)
{
    riap__ctx_diag(ctx, "io", RIAP_SEVERITY_ERROR, -1, 0, 0, "cannot %s '%s': %s",
                   "「%2$s」を%1$sできません: %3$s", what, path, strerror(err));
    return RIAP_ERR_IO;
}

riap_status riap_doc_load_file(riap_doc **out, riap_ctx *ctx, const char *path)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !path)
        return RIAP_ERR_ARG;
    riap__ctx_set_file(ctx, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_error(ctx, "open", path, errno);
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int err = errno;
        close(fd);
        return io_error(ctx, "read", path, err);
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return io_error(ctx, "read", path, S_ISDIR(sb.st_mode) ? EISDIR : EINVAL);
    }
    if ((uint64_t)sb.st_size > max_size(ctx)) {
        close(fd);
        return too_large(ctx, (uint64_t)sb.st_size, max_size(ctx));
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = riap__malloc(cap);
    if (!buf) {
        close(fd);
        return RIAP_ERR_NOMEM;
    }
    for (;;) {
        if (n == cap) { /* the file grew while we read it */
            if (cap > max_size(ctx)) {
                riap__free(buf);
                close(fd);
                return too_large(ctx, cap, max_size(ctx));
            }
            char *nb = riap__realloc(buf, cap * 2);
            if (!nb) {
                riap__free(buf);
                close(fd);
                return RIAP_ERR_NOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno;
            riap__free(buf);
            close(fd);
            return io_error(ctx, "read", path, err);
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    riap_status st = load(out, ctx, buf, n);
    riap__free(buf);
    if (st == RIAP_OK && (st = riap__doc_set_file(*out, path)) != RIAP_OK) {
        riap_doc_free(*out);
        *out = NULL;
    }
    return st;
}

/* ---- saving ---- */

riap_status riap_doc_save_memory(char **out, size_t *out_len, riap_ctx *ctx, const riap_doc *doc)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !doc)
        return RIAP_ERR_ARG;
    riap__buf b = {0};
    riap_status st = riap__doc_write(&b, ctx, doc);
    size_t n = b.n;
    if (st != RIAP_OK) {
        riap__free(b.p);
        return st;
    }
    char *p = riap__buf_take(&b);
    if (!p)
        return RIAP_ERR_NOMEM;
    *out = p;
    if (out_len)
        *out_len = n;
    return RIAP_OK;
}

riap_status riap_doc_save_file(riap_ctx *ctx, const riap_doc *doc, const char *path)
{
    riap__ctx_begin(ctx);
    if (!doc || !path || !*path)
        return RIAP_ERR_ARG;
    riap__ctx_set_file(ctx, path);
    riap__buf b = {0};
    riap_status st = riap__doc_write(&b, ctx, doc);
    if (st != RIAP_OK || b.nomem) {
        riap__free(b.p);
        return st != RIAP_OK ? st : RIAP_ERR_NOMEM;
    }
    size_t plen = strlen(path);
    char *tmp = riap__malloc(plen + 16);
    if (!tmp) {
        riap__free(b.p);
        return RIAP_ERR_NOMEM;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        riap__free(b.p);
        riap__free(tmp);
        return io_error(ctx, "create a temporary file beside", path, err);
    }
    /* keep an existing file's permissions; a new one gets rw-r--r-- */
    struct stat sb;
    mode_t mode = stat(path, &sb) == 0 ? (sb.st_mode & 07777) : 0644;
    int err = 0;
    if (fchmod(fd, mode) != 0)
        err = errno;
    for (size_t off = 0; !err && off < b.n;) {
        ssize_t w = write(fd, b.p + off, b.n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            err = errno;
        else
            off += (size_t)w;
    }
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err)
        unlink(tmp);
    riap__free(tmp);
    riap__free(b.p);
    return err ? io_error(ctx, "write", path, err) : RIAP_OK;
}
