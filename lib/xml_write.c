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

/* Indentation, '<', the name and the attributes (NULL-terminated name/value pairs; a NULL
 * value leaves its attribute out), then '>'. */
static void start_tag(riap__buf *b, int depth, const char *name, const char *const *attrs)
{
    indent(b, depth);
    riap__buf_putc(b, '<');
    riap__buf_puts(b, name);
    for (size_t i = 0; attrs && attrs[i]; i += 2)
        attr(b, attrs[i], attrs[i + 1]);
    riap__buf_putc(b, '>');
}

/* <name a="..">text</name> on a line of its own. */
static void leaf(riap__buf *b, int depth, const char *name, const char *text,
                 const char *const *attrs)
{
    start_tag(b, depth, name, attrs);
    put_escaped(b, text, false);
    riap__buf_puts(b, "</");
    riap__buf_puts(b, name);
    riap__buf_puts(b, ">\n");
}

static void open_tag(riap__buf *b, int depth, const char *name, const char *const *attrs)
{
    start_tag(b, depth, name, attrs);
    riap__buf_putc(b, '\n');
}

static void close_tag(riap__buf *b, int depth, const char *name)
{
    indent(b, depth);
    riap__buf_puts(b, "</");
    riap__buf_puts(b, name);
    riap__buf_puts(b, ">\n");
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

static void write_metadata(riap__buf *b, const riap_doc *doc)
{
    const char *const *m = (const char *const *)doc->meta;
    bool source = m[RIAP_DOC_SOURCE_TITLE] || m[RIAP_DOC_PUBLISHER] || m[RIAP_DOC_PUBLISHED] ||
                  m[RIAP_DOC_URL];
    bool any = source || m[RIAP_DOC_PROGRAM] || m[RIAP_DOC_APPROVER] || m[RIAP_DOC_APPROVED];
    if (!any)
        return;
    open_tag(b, 1, "metadata", NULL);
    if (source) {
        open_tag(b, 2, "source", NULL);
        if (m[RIAP_DOC_SOURCE_TITLE])
            leaf(b, 3, "title", m[RIAP_DOC_SOURCE_TITLE], NULL);
        if (m[RIAP_DOC_PUBLISHER])
            leaf(b, 3, "publisher", m[RIAP_DOC_PUBLISHER], NULL);
        if (m[RIAP_DOC_PUBLISHED])
            leaf(b, 3, "published", m[RIAP_DOC_PUBLISHED], NULL);
        if (m[RIAP_DOC_URL])
            leaf(b, 3, "url", m[RIAP_DOC_URL], NULL);
        close_tag(b, 2, "source");
    }
    if (m[RIAP_DOC_PROGRAM])
        leaf(b, 2, "program", m[RIAP_DOC_PROGRAM], NULL);
    if (m[RIAP_DOC_APPROVER]) {
        const char *a[] = {"code", m[RIAP_DOC_APPROVER_CODE], NULL};
        leaf(b, 2, "approver", m[RIAP_DOC_APPROVER], a);
    }
    if (m[RIAP_DOC_APPROVED])
        leaf(b, 2, "approved", m[RIAP_DOC_APPROVED], NULL);
    close_tag(b, 1, "metadata");
}

static void write_plan(riap__buf *b, const riap_plan *p)
{
    const char *pa[] = {"id", p->id, NULL};
    open_tag(b, 1, "plan", pa);
    leaf(b, 2, "title", p->title, NULL);
    const char *ma[] = {"kind",       riap_municipality_kind_name(p->muni_kind),
                        "prefecture", p->prefecture,
                        "code",       p->muni_code,
                        NULL};
    leaf(b, 2, "municipality", p->muni_name, ma);
    char from[16], to[16];
    riap__date_iso(from, &p->period_from);
    riap__date_iso(to, &p->period_to);
    const char *da[] = {"from", p->has_from ? from : NULL, "to", p->has_to ? to : NULL, NULL};
    leaf(b, 2, "period", p->period_text, da);
    open_tag(b, 2, "overview", NULL);
    for (size_t i = 0; i < p->overview.n; i++)
        leaf(b, 3, "p", p->overview.v[i], NULL);
    close_tag(b, 2, "overview");
    for (size_t i = 0; i < p->vision.n; i++)
        leaf(b, 2, "vision", p->vision.v[i], NULL);
    const char *ia[] = {"scheme", p->scheme, NULL};
    open_tag(b, 2, "initiatives", ia);
    for (size_t i = 0; i < p->n_cats; i++) {
        const riap_category *c = p->cats[i];
        const char *ca[] = {"id", c->id, NULL};
        open_tag(b, 3, "category", ca);
        leaf(b, 4, "heading", c->heading, NULL);
        if (c->description)
            leaf(b, 4, "description", c->description, NULL);
        for (size_t j = 0; j < c->n_projects; j++) {
            const riap_project *pr = c->projects[j];
            open_tag(b, 4, "project", NULL);
            leaf(b, 5, "name", pr->name, NULL);
            for (size_t k = 0; k < pr->also.n; k++) {
                indent(b, 5);
                riap__buf_puts(b, "<also");
                attr(b, "category", pr->also.v[k]);
                riap__buf_puts(b, "/>\n");
            }
            close_tag(b, 4, "project");
        }
        close_tag(b, 3, "category");
    }
    close_tag(b, 2, "initiatives");
    for (size_t i = 0; i < p->n_figs; i++) {
        const char *fa[] = {"category", p->figs[i]->category, NULL};
        leaf(b, 2, "figure", p->figs[i]->caption, fa);
    }
    close_tag(b, 1, "plan");
}

riap_status riap__doc_write(riap__buf *b, riap_ctx *ctx, const riap_doc *doc)
{
    if (doc->n_plans == 0) {
        riap__ctx_diag(ctx, "incomplete-plan", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "the document cannot be saved: it has no plan",
                       "文書を保存できません: 計画がありません");
        return RIAP_ERR_ARG;
    }
    for (size_t i = 0; i < doc->n_plans; i++) {
        const char *what[1][2];
        if (riap__plan_missing(doc->plans[i], what, 1))
            return incomplete(ctx, doc->plans[i], what[0][0], what[0][1]);
    }
    riap__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    riap__buf_puts(b, "<document xmlns=\"" RIAP_NAMESPACE "\"");
    attr(b, "version", doc->version);
    riap__buf_puts(b, ">\n");
    write_metadata(b, doc);
    for (size_t i = 0; i < doc->n_plans; i++)
        write_plan(b, doc->plans[i]);
    riap__buf_puts(b, "</document>\n");
    return RIAP_OK;
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
    st = riap__save_file(ctx, path, b.p, b.n);
    riap__free(b.p);
    return st;
}
