/* SPDX-License-Identifier: MIT */
/* xml_write: canonical XML output of plan documents. Needs no libxml2: the form is ours, fixed
 * byte for byte, so that saving a loaded canonical file reproduces it. */
#include "config.h"

#include "xml_int.h"

#include <stdio.h>
#include <string.h>

/* Escapes text for element content (attr false) or a double-quoted attribute (attr true).
 * CR is always a character reference, or a reader would turn it into LF; in attributes tab and
 * LF are too, or attribute-value normalization would turn them into spaces. */
static void put_escaped(riap__buf *b, const char *s, bool attr)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\r': rep = "&#13;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        }
        if (!rep)
            continue;
        riap__buf_put(b, run, (size_t)(p - run));
        riap__buf_puts(b, rep);
        run = p + 1;
    }
    riap__buf_puts(b, run);
}

static void indent(riap__buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        riap__buf_put(b, "  ", 2);
}

static void attr(riap__buf *b, const char *name, const char *value)
{
    if (!value)
        return;
    riap__buf_putc(b, ' ');
    riap__buf_puts(b, name);
    riap__buf_puts(b, "=\"");
    put_escaped(b, value, true);
    riap__buf_putc(b, '"');
}

/* What writing needs: the text, and the document's comments and PIs by item. */
typedef struct writer {
    riap__buf *b;
    riap__note_index ix;
} writer;

/* Where an element's comments and PIs are: its item, which element of it, which one. */
typedef struct anchor {
    const void *owner;
    riap__at at;
    uint32_t index;
} anchor;

/* The comments and PIs at element a, before its start tag or (inside) before its end tag: each
 * on a line of its own at `depth`, or (depth < 0) in the line, after an element's text. */
static void notes(writer *w, anchor a, bool inside, int depth)
{
    size_t from, to;
    riap__note_index_find(&w->ix, a.owner, &from, &to);
    for (size_t i = from; i < to; i++) {
        const riap__note *n = &w->ix.ns->v[w->ix.order[i]];
        if (n->at != a.at || n->index != a.index || n->inside != inside)
            continue;
        indent(w->b, depth);
        riap__buf_puts(w->b, n->pi ? "<?" : "<!--");
        riap__buf_puts(w->b, n->text);
        riap__buf_puts(w->b, n->pi ? "?>" : "-->");
        if (depth >= 0)
            riap__buf_putc(w->b, '\n');
    }
}

/* The comments and PIs of an element that is not written (a metadata field cleared since the
 * file was read): where it would be, so that none is lost. */
static void orphan_notes(writer *w, anchor a, int depth)
{
    notes(w, a, false, depth);
    notes(w, a, true, depth);
}

/* Comments and PIs before the start tag, indentation, '<', the name and the attributes
 * (NULL-terminated name/value pairs; a NULL value leaves its attribute out), then '>'. */
static void start_tag(writer *w, anchor a, int depth, const char *name, const char *const *attrs)
{
    notes(w, a, false, depth);
    indent(w->b, depth);
    riap__buf_putc(w->b, '<');
    riap__buf_puts(w->b, name);
    for (size_t i = 0; attrs && attrs[i]; i += 2)
        attr(w->b, attrs[i], attrs[i + 1]);
    riap__buf_putc(w->b, '>');
}

/* <name a="..">text<!--comments--></name> on a line of its own. */
static void leaf(writer *w, anchor a, int depth, const char *name, const char *text,
                 const char *const *attrs)
{
    start_tag(w, a, depth, name, attrs);
    put_escaped(w->b, text, false);
    notes(w, a, true, -1);
    riap__buf_puts(w->b, "</");
    riap__buf_puts(w->b, name);
    riap__buf_puts(w->b, ">\n");
}

static void open_tag(writer *w, anchor a, int depth, const char *name, const char *const *attrs)
{
    start_tag(w, a, depth, name, attrs);
    riap__buf_putc(w->b, '\n');
}

/* The comments and PIs after the last child, then the end tag. */
static void close_tag(writer *w, anchor a, int depth, const char *name)
{
    notes(w, a, true, depth + 1);
    indent(w->b, depth);
    riap__buf_puts(w->b, "</");
    riap__buf_puts(w->b, name);
    riap__buf_puts(w->b, ">\n");
}

static riap_status incomplete(riap_ctx *ctx, const riap_plan *p, const char *what_en,
                              const char *what_ja)
{
    riap__ctx_diag(ctx, "incomplete-plan", RIAP_SEVERITY_ERROR, -1, 0, 0,
                   "plan '%s' cannot be saved: it has no %s",
                   "計画「%s」を保存できません: %sがありません", p->id,
                   riap__lang_ja(ctx) ? what_ja : what_en);
    return RIAP_ERR_ARG;
}

/* A metadata field's element, or (cleared since the file was read) its comments and PIs. */
static void meta_leaf(writer *w, const riap_doc *doc, riap_doc_field f, int depth, const char *name,
                      const char *const *attrs)
{
    anchor a = {doc, RIAP__AT_META, (uint32_t)f};
    if (doc->meta[f])
        leaf(w, a, depth, name, doc->meta[f], attrs);
    else
        orphan_notes(w, a, depth);
}

static void write_metadata(writer *w, const riap_doc *doc)
{
    const char *const *m = (const char *const *)doc->meta;
    bool source = m[RIAP_DOC_SOURCE_TITLE] || m[RIAP_DOC_PUBLISHER] || m[RIAP_DOC_PUBLISHED] ||
                  m[RIAP_DOC_URL];
    bool any = source || m[RIAP_DOC_PROGRAM] || m[RIAP_DOC_APPROVER] || m[RIAP_DOC_APPROVED];
    /* an element not written (no field under it) leaves its comments and PIs at its place */
    anchor md = {doc, RIAP__AT_METADATA, 0}, src = {doc, RIAP__AT_SOURCE, 0};
    int d = any ? 2 : 1;
    if (any)
        open_tag(w, md, 1, "metadata", NULL);
    else
        notes(w, md, false, 1);
    if (source)
        open_tag(w, src, d, "source", NULL);
    else
        notes(w, src, false, d);
    meta_leaf(w, doc, RIAP_DOC_SOURCE_TITLE, source ? d + 1 : d, "title", NULL);
    meta_leaf(w, doc, RIAP_DOC_PUBLISHER, source ? d + 1 : d, "publisher", NULL);
    meta_leaf(w, doc, RIAP_DOC_PUBLISHED, source ? d + 1 : d, "published", NULL);
    meta_leaf(w, doc, RIAP_DOC_URL, source ? d + 1 : d, "url", NULL);
    if (source)
        close_tag(w, src, d, "source");
    else
        notes(w, src, true, d);
    meta_leaf(w, doc, RIAP_DOC_PROGRAM, d, "program", NULL);
    const char *a[] = {"code", m[RIAP_DOC_APPROVER_CODE], NULL};
    meta_leaf(w, doc, RIAP_DOC_APPROVER, d, "approver", a);
    meta_leaf(w, doc, RIAP_DOC_APPROVED, d, "approved", NULL);
    if (any)
        close_tag(w, md, 1, "metadata");
    else
        notes(w, md, true, 1);
}

static void write_category(writer *w, const riap_category *c)
{
    const char *ca[] = {"id", c->id, NULL};
    open_tag(w, (anchor){c, RIAP__AT_CATEGORY, 0}, 3, "category", ca);
    leaf(w, (anchor){c, RIAP__AT_HEADING, 0}, 4, "heading", c->heading, NULL);
    if (c->description)
        leaf(w, (anchor){c, RIAP__AT_DESCRIPTION, 0}, 4, "description", c->description, NULL);
    else
        orphan_notes(w, (anchor){c, RIAP__AT_DESCRIPTION, 0}, 4);
    for (size_t j = 0; j < c->n_projects; j++) {
        const riap_project *pr = c->projects[j];
        open_tag(w, (anchor){pr, RIAP__AT_PROJECT, 0}, 4, "project", NULL);
        leaf(w, (anchor){pr, RIAP__AT_NAME, 0}, 5, "name", pr->name, NULL);
        for (size_t k = 0; k < pr->also.n; k++) {
            anchor a = {pr, RIAP__AT_ALSO, (uint32_t)k};
            const char *aa[] = {"category", pr->also.v[k], NULL};
            start_tag(w, a, 5, "also", aa);
            size_t at = w->b->n;
            notes(w, a, true, -1);
            if (w->b->n == at && !w->b->nomem) { /* none inside: <also .../> */
                w->b->n--;                       /* the '>' */
                riap__buf_puts(w->b, "/>\n");
            } else {
                riap__buf_puts(w->b, "</also>\n");
            }
        }
        close_tag(w, (anchor){pr, RIAP__AT_PROJECT, 0}, 4, "project");
    }
    close_tag(w, (anchor){c, RIAP__AT_CATEGORY, 0}, 3, "category");
}

static void write_plan(writer *w, const riap_plan *p)
{
    const char *pa[] = {"id", p->id, NULL};
    open_tag(w, (anchor){p, RIAP__AT_PLAN, 0}, 1, "plan", pa);
    leaf(w, (anchor){p, RIAP__AT_TITLE, 0}, 2, "title", p->title, NULL);
    const char *ma[] = {"kind",       riap_municipality_kind_name(p->muni_kind),
                        "prefecture", p->prefecture,
                        "code",       p->muni_code,
                        NULL};
    leaf(w, (anchor){p, RIAP__AT_MUNICIPALITY, 0}, 2, "municipality", p->muni_name, ma);
    char from[16], to[16];
    riap__date_iso(from, &p->period_from);
    riap__date_iso(to, &p->period_to);
    const char *da[] = {"from", p->has_from ? from : NULL, "to", p->has_to ? to : NULL, NULL};
    leaf(w, (anchor){p, RIAP__AT_PERIOD, 0}, 2, "period", p->period_text, da);
    open_tag(w, (anchor){p, RIAP__AT_OVERVIEW, 0}, 2, "overview", NULL);
    for (size_t i = 0; i < p->overview.n; i++)
        leaf(w, (anchor){p, RIAP__AT_P, (uint32_t)i}, 3, "p", p->overview.v[i], NULL);
    close_tag(w, (anchor){p, RIAP__AT_OVERVIEW, 0}, 2, "overview");
    for (size_t i = 0; i < p->vision.n; i++)
        leaf(w, (anchor){p, RIAP__AT_VISION, (uint32_t)i}, 2, "vision", p->vision.v[i], NULL);
    const char *ia[] = {"scheme", p->scheme, NULL};
    open_tag(w, (anchor){p, RIAP__AT_INITIATIVES, 0}, 2, "initiatives", ia);
    for (size_t i = 0; i < p->n_cats; i++)
        write_category(w, p->cats[i]);
    close_tag(w, (anchor){p, RIAP__AT_INITIATIVES, 0}, 2, "initiatives");
    for (size_t i = 0; i < p->n_figs; i++) {
        const char *fa[] = {"category", p->figs[i]->category, NULL};
        leaf(w, (anchor){p, RIAP__AT_FIGURE, (uint32_t)i}, 2, "figure", p->figs[i]->caption, fa);
    }
    close_tag(w, (anchor){p, RIAP__AT_PLAN, 0}, 1, "plan");
}

riap_status riap__doc_write(riap__buf *b, riap_ctx *ctx, const riap_doc *doc)
{
    if (doc->n_plans == 0) {
        riap__ctx_diag(ctx, "incomplete-plan", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "the document cannot be saved: it has no plan",
                       "文書を保存できません: 計画がありません");
        return RIAP_ERR_ARG;
    }
    if (!riap__meta_writable(doc)) {
        riap__ctx_diag(ctx, "incomplete-metadata", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "the document cannot be saved: it has an approver's code and no approver",
                       "文書を保存できません: 承認者コードがあり、承認者名がありません");
        return RIAP_ERR_ARG;
    }
    for (size_t i = 0; i < doc->n_plans; i++) {
        const char *what[1][2];
        if (riap__plan_missing(doc->plans[i], what, 1))
            return incomplete(ctx, doc->plans[i], what[0][0], what[0][1]);
    }
    writer w = {b, {NULL, NULL}};
    if (!riap__note_index_init(&w.ix, &doc->notes)) {
        b->nomem = true;
        return RIAP_OK;
    }
    anchor root = {doc, RIAP__AT_DOCUMENT, 0};
    riap__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    notes(&w, root, false, 0);
    riap__buf_puts(b, "<document xmlns=\"" RIAP_NAMESPACE "\"");
    attr(b, "version", doc->version);
    riap__buf_puts(b, ">\n");
    write_metadata(&w, doc);
    for (size_t i = 0; i < doc->n_plans; i++)
        write_plan(&w, doc->plans[i]);
    close_tag(&w, root, 0, "document");
    notes(&w, (anchor){doc, RIAP__AT_EPILOG, 0}, false, 0);
    riap__note_index_free(&w.ix);
    return RIAP_OK;
}

/* ---- saving ---- */

riap_status riap_doc_save_memory(char **out, size_t *out_len, riap_ctx *ctx, const riap_doc *doc)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !doc)
        return riap__arg_error(ctx);
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
        return riap__arg_error(ctx);
    riap__ctx_set_file(ctx, path);
    riap__buf b = {0};
    riap_status st = riap__doc_write(&b, ctx, doc);
    if (st != RIAP_OK || b.nomem) {
        riap__free(b.p);
        return st != RIAP_OK ? st : RIAP_ERR_NOMEM;
    }
    st = riap__save_file(ctx, path, b.p, b.n);
    riap__free(b.p);
    return st;
}
