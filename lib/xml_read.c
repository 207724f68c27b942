/* SPDX-License-Identifier: MIT */
/* xml_read: a plan's tree, checked by the schema, read into the model, with the positions
 * of its items and the identity checks the schema's keys would make. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building the model from the tree ---- */

bool riap__xml_is_el(xmlNodePtr n, const char *name)
{
    /* the name first: most calls ask for another element, and differ at its first letter */
    return n && n->type == XML_ELEMENT_NODE && n->name[0] == (unsigned char)name[0] &&
           strcmp((const char *)n->name, name) == 0 && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RIAP_NAMESPACE) == 0;
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

/* Text of an element (the schema has made sure it has only text): borrowed from its one text
 * node, or a copy in libxml2's allocator; release it with text_free(). */
static char *text_of(xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    if (c && c == n->last && c->type == XML_TEXT_NODE && c->content)
        return (char *)c->content;
    return (char *)xmlNodeGetContent(n);
}

static void text_free(xmlNodePtr n, char *t)
{
    xmlNodePtr c = n->children;
    if (!(c && c == n->last && c->type == XML_TEXT_NODE && t == (char *)c->content))
        xmlFree(t);
}

/* In a tolerant reading, a municipality whose kind or code the schema refused (it has said
 * so): read without them, so that the other checks of the element (the check digit, the kind
 * against the name) still run. The kind left unknown is not checked. */
static riap_status muni_without_bad_parts(riap_plan *p, const char *name, riap_municipality_kind k,
                                          const char *pref, const char *code)
{
    bool kind_ok = riap_municipality_kind_name(k) != NULL;
    bool code_ok = code && strlen(code) == 6 && strspn(code, "0123456789") == 6;
    riap_status st = riap_plan_set_municipality(p, name, kind_ok ? k : RIAP_MUNICIPALITY_CITY, pref,
                                                code_ok ? code : NULL);
    if (st == RIAP_OK && !kind_ok)
        p->muni_kind = RIAP_MUNICIPALITY_UNKNOWN;
    return st;
}

/* A part the schema requires that is not there: only in a tree the schema rejected (or did not
 * check, as under a misspelt root element). */
#define ABSENT RIAP_ERR_SCHEMA

/* A part of a plan that could not be read, in a tolerant reading: a note says it was left out
 * of the other checks (the schema has said, or says, what is wrong with it). */
static void left_out(builder *b, xmlNodePtr n)
{
    riap__pos pos = riap__xml_pos_of(&b->ls->lc, n);
    char q[RIAP__QUOTE_SIZE];
    riap__xml_rule_say(b->ls, pos, RIAP__R_UNCHECKED, riap__quote(q, (const char *)n->name, 0));
}
/* What a call or a lookup of node n gave: a failure stops the reading of the plan, except in a
 * tolerant reading, where only running out of memory does (the part is left out). In a tree
 * the schema passed, a required part that is not there means its copy ran out of memory. */
static void check(builder *b, riap_status st, xmlNodePtr n)
{
    if (st == RIAP_OK)
        return;
    if (st == ABSENT && !b->tolerant)
        st = RIAP_ERR_NOMEM;
    if (b->tolerant && st != RIAP_ERR_NOMEM) {
        left_out(b, n);
        return;
    }
    if (b->st == RIAP_OK) {
        b->st = st;
        b->where = n;
    }
}

/* Why attribute name of n gave no value: not there, or there and not copied. */
static riap_status attr_missing(xmlNodePtr n, const char *name)
{
    return xmlHasNsProp(n, (const xmlChar *)name, NULL) ? RIAP_ERR_NOMEM : ABSENT;
}

/* A comment or PI node as a note of owner's element (at, index); other nodes are skipped. */
static void add_note(builder *b, riap_doc *doc, const void *owner, riap__at at, uint32_t index,
                     bool inside, xmlNodePtr c)
{
    const char *t = (const char *)c->content;
    if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE)
        return;
    riap__pos pos = riap__xml_pos_of_note(&b->ls->lc, c);
    if (c->type == XML_COMMENT_NODE) {
        check(b, riap__note_add(&doc->notes, owner, at, index, inside, false, t ? t : "", pos), c);
    } else if (c->type == XML_PI_NODE) {
        riap__buf pi = {0};
        riap__buf_puts(&pi, (const char *)c->name);
        if (t && *t) {
            riap__buf_putc(&pi, ' ');
            riap__buf_puts(&pi, t);
        }
        char *text = riap__buf_take(&pi);
        check(b,
              text ? riap__note_add(&doc->notes, owner, at, index, inside, true, text, pos)
                   : RIAP_ERR_NOMEM,
              c);
        riap__free(text);
    }
}

/* The comments and PIs of element n, kept as notes of owner's element (at, index): those
 * between the element before it (or its parent's start) and it, before it; those after its
 * last child element (or among its text), inside it. */
static void notes_before(builder *b, riap_doc *doc, const void *owner, riap__at at, uint32_t index,
                         xmlNodePtr n)
{
    xmlNodePtr first = n;
    while (first->prev && first->prev->type != XML_ELEMENT_NODE)
        first = first->prev;
    for (xmlNodePtr c = first; c != n; c = c->next)
        add_note(b, doc, owner, at, index, false, c);
}

static void notes_inside(builder *b, riap_doc *doc, const void *owner, riap__at at, uint32_t index,
                         xmlNodePtr n)
{
    xmlNodePtr tail = n->last;
    while (tail && tail->prev && tail->type != XML_ELEMENT_NODE &&
           tail->prev->type != XML_ELEMENT_NODE)
        tail = tail->prev;
    for (xmlNodePtr c = tail; c; c = c->next)
        add_note(b, doc, owner, at, index, true, c);
}

static void read_notes(builder *b, riap_doc *doc, const void *owner, riap__at at, uint32_t index,
                       xmlNodePtr n)
{
    notes_before(b, doc, owner, at, index, n);
    notes_inside(b, doc, owner, at, index, n);
}

void riap__xml_read_prolog_notes(builder *b, riap_doc *doc, xmlNodePtr root)
{
    notes_before(b, doc, doc, RIAP__AT_DOCUMENT, 0, root);
}

void riap__xml_read_doc_notes(builder *b, riap_doc *doc, xmlDocPtr xd)
{
    xmlNodePtr root = xmlDocGetRootElement(xd);
    if (!root)
        return;
    notes_inside(b, doc, doc, RIAP__AT_DOCUMENT, 0, root);
    for (xmlNodePtr c = root->next; c; c = c->next)
        add_note(b, doc, doc, RIAP__AT_EPILOG, 0, false, c);
}

/* An identity-constraint error (what xs:key/xs:keyref would say): reported at once; the plan
 * it is in is not loaded (and, but for a broken link or a category twice, not checked). */
void riap__xml_identity_error(builder *b, riap__pos pos, riap__rule rule, ...)
{
    load_state *ls = b->ls;
    b->identities++;
    /* a broken link leaves nothing out; a category twice leaves its second out, which the
     * message says: the plan's other rules still run */
    b->lossy = b->lossy || (rule != RIAP__R_LINK_UNRESOLVED && rule != RIAP__R_CATEGORY_DUPLICATE);
    riap__xml_note_error_line(ls, pos.line);
    va_list ap;
    va_start(ap, rule);
    riap__xml_rule_vsay(ls, pos, rule, ap);
    va_end(ap);
}

static void set_text_with(builder *b, xmlNodePtr n, riap_status (*set)(riap_plan *, const char *),
                          riap_plan *p)
{
    char *t = text_of(n);
    check(b, t ? set(p, t) : RIAP_ERR_NOMEM, n);
    text_free(n, t);
}

char *riap__xml_attr_of(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

static void set_meta(builder *b, riap_doc *doc, riap_doc_field f, xmlNodePtr n)
{
    read_notes(b, doc, doc, RIAP__AT_META, (uint32_t)f, n);
    char *t = text_of(n);
    if (t && (f == RIAP_DOC_PUBLISHED || f == RIAP_DOC_APPROVED)) {
        /* an xs:date, whose white space the schema collapses */
        char *c = (char *)xmlStrdup((const xmlChar *)t + strspn(t, " \t\r\n"));
        text_free(n, t);
        t = c;
        for (size_t e = t ? strlen(t) : 0; e > 0 && strchr(" \t\r\n", t[e - 1]); e--)
            t[e - 1] = '\0';
        check(b, t ? riap_doc_set_meta(doc, f, t) : RIAP_ERR_NOMEM, n);
        xmlFree(t);
        doc->meta_pos[f] = riap__xml_pos_of(&b->ls->lc, n);
        return;
    }
    check(b, t ? riap_doc_set_meta(doc, f, t) : RIAP_ERR_NOMEM, n);
    text_free(n, t);
    doc->meta_pos[f] = riap__xml_pos_of(&b->ls->lc, n);
}

static void read_metadata(builder *b, riap_doc *doc, xmlNodePtr md)
{
    read_notes(b, doc, doc, RIAP__AT_METADATA, 0, md);
    for (xmlNodePtr n = first_el(md); n; n = next_el(n)) {
        if (riap__xml_is_el(n, "source")) {
            read_notes(b, doc, doc, RIAP__AT_SOURCE, 0, n);
            for (xmlNodePtr s = first_el(n); s; s = next_el(s)) {
                if (riap__xml_is_el(s, "title"))
                    set_meta(b, doc, RIAP_DOC_SOURCE_TITLE, s);
                else if (riap__xml_is_el(s, "publisher"))
                    set_meta(b, doc, RIAP_DOC_PUBLISHER, s);
                else if (riap__xml_is_el(s, "published"))
                    set_meta(b, doc, RIAP_DOC_PUBLISHED, s);
                else if (riap__xml_is_el(s, "url"))
                    set_meta(b, doc, RIAP_DOC_URL, s);
            }
        } else if (riap__xml_is_el(n, "program")) {
            set_meta(b, doc, RIAP_DOC_PROGRAM, n);
        } else if (riap__xml_is_el(n, "approver")) {
            set_meta(b, doc, RIAP_DOC_APPROVER, n);
            char *code = riap__xml_attr_of(n, "code");
            if (code)
                check(b, riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, code), n);
            doc->meta_pos[RIAP_DOC_APPROVER_CODE] = riap__xml_attr_pos(&b->ls->lc, n, "code");
            xmlFree(code);
        } else if (riap__xml_is_el(n, "approved")) {
            set_meta(b, doc, RIAP_DOC_APPROVED, n);
        }
    }
}

static void read_category(builder *b, riap_plan *p, xmlNodePtr cn)
{
    char *id = riap__xml_attr_of(cn, "id");
    xmlNodePtr hn = first_el(cn);
    char *heading = riap__xml_is_el(hn, "heading") ? text_of(hn) : NULL;
    riap_category *c = NULL;
    /* a category without its heading is still one that links name (its heading, the schema
     * reports) */
    const char *h = heading ? heading : b->tolerant && !riap__xml_is_el(hn, "heading") ? "" : NULL;
    if (id && riap_plan_find_category(p, id))
        riap__xml_identity_error(b, riap__xml_pos_of(&b->ls->lc, cn), RIAP__R_CATEGORY_DUPLICATE,
                                 id);
    else
        check(b,
              id && h ? riap_plan_add_category(&c, p, id, h)
              : !h    ? RIAP_ERR_NOMEM
                      : attr_missing(cn, "id"),
              cn);
    /* left out: links to it and its absence are not told (to any category, when its id is
     * not known) */
    if (!c && b->st == RIAP_OK && !(id && riap_plan_find_category(p, id)) &&
        (!riap__is_identifier(id) ||
         riap__strv_push(p->doc, &p->cats_unread_ids, id, (riap__pos){0}) != RIAP_OK))
        p->cats_unread = true;
    xmlFree(id);
    if (heading)
        text_free(hn, heading);
    if (!c)
        return;
    riap_doc *doc = p->doc;
    read_notes(b, doc, c, RIAP__AT_CATEGORY, 0, cn);
    if (heading)
        read_notes(b, doc, c, RIAP__AT_HEADING, 0, hn);
    c->pos = riap__xml_pos_of(&b->ls->lc, cn);
    c->id_pos = riap__xml_attr_pos(&b->ls->lc, cn, "id");
    c->heading_pos = heading ? riap__xml_pos_of(&b->ls->lc, hn) : c->pos;
    for (xmlNodePtr n = heading ? next_el(hn) : hn; n; n = next_el(n)) {
        if (riap__xml_is_el(n, "description")) {
            read_notes(b, doc, c, RIAP__AT_DESCRIPTION, 0, n);
            char *t = text_of(n);
            check(b, t ? riap_category_set_description(c, t) : RIAP_ERR_NOMEM, n);
            text_free(n, t);
            c->description_pos = riap__xml_pos_of(&b->ls->lc, n);
        } else if (riap__xml_is_el(n, "project")) {
            riap__pos pp = riap__xml_pos_of(&b->ls->lc, n);
            xmlNodePtr nm = first_el(n);
            bool named = riap__xml_is_el(nm, "name");
            char *name = named ? text_of(nm) : NULL;
            riap_project *pr = NULL;
            check(b,
                  name    ? riap_category_add_project(&pr, c, name)
                  : named ? RIAP_ERR_NOMEM
                          : ABSENT,
                  n);
            if (name)
                text_free(nm, name);
            if (!pr && b->st != RIAP_OK)
                return;
            if (!pr)
                continue;
            pr->pos = pp;
            if (named) /* a project is its name: what is said of it is said there */
                pr->pos = riap__xml_pos_of(&b->ls->lc, nm);
            read_notes(b, doc, pr, RIAP__AT_PROJECT, 0, n);
            read_notes(b, doc, pr, RIAP__AT_NAME, 0, nm);
            /* links are resolved after all categories are read */
            for (xmlNodePtr a = next_el(nm); a; a = next_el(a)) {
                read_notes(b, doc, pr, RIAP__AT_ALSO, (uint32_t)pr->also.n, a);
                char *cat = riap__xml_attr_of(a, "category");
                check(b,
                      cat ? riap__strv_push(doc, &pr->also, cat,
                                            riap__xml_attr_pos(&b->ls->lc, a, "category"))
                          : attr_missing(a, "category"),
                      a);
                xmlFree(cat);
            }
        } else if (b->tolerant) {
            left_out(b, n);
        }
    }
}

/* Attribute name of n as a date; *has whether it is there, *st whether it reads. */
static riap_date parse_date_attr(xmlNodePtr n, const char *name, bool *has, riap_status *st)
{
    riap_date d = {0, 0, 0};
    char *v = riap__xml_attr_of(n, name);
    *has = false;
    *st = v || !xmlHasNsProp(n, (const xmlChar *)name, NULL) ? RIAP_OK : RIAP_ERR_NOMEM;
    if (v) {
        /* an xs:date, whose white space the schema collapses: " 2022-04-01 " is valid */
        size_t a = strspn(v, " \t\r\n"), e = strlen(v);
        while (e > a && strchr(" \t\r\n", v[e - 1]))
            e--;
        *st = riap_date_parse_iso(&d, NULL, v + a, e - a);
        *has = *st == RIAP_OK;
    }
    xmlFree(v);
    return d;
}

/* The comments and PIs of a plan's child element n (a paragraph's are read with it). */
static void read_plan_notes(builder *b, riap_plan *p, xmlNodePtr n)
{
    static const struct {
        const char *name;
        riap__at at;
    } els[] = {{"title", RIAP__AT_TITLE},   {"municipality", RIAP__AT_MUNICIPALITY},
               {"period", RIAP__AT_PERIOD}, {"overview", RIAP__AT_OVERVIEW},
               {"vision", RIAP__AT_VISION}, {"initiatives", RIAP__AT_INITIATIVES},
               {"figure", RIAP__AT_FIGURE}};
    for (size_t i = 0; i < sizeof els / sizeof els[0]; i++)
        if (riap__xml_is_el(n, els[i].name)) {
            uint32_t index = els[i].at == RIAP__AT_VISION   ? (uint32_t)p->vision.n
                             : els[i].at == RIAP__AT_FIGURE ? (uint32_t)p->n_figs
                                                            : 0;
            read_notes(b, p->doc, p, els[i].at, index, n);
        }
}

static void read_municipality(builder *b, riap_plan *p, xmlNodePtr n)
{
    locator *lc = &b->ls->lc;
    p->muni_pos = riap__xml_pos_of(lc, n);
    p->kind_pos = riap__xml_attr_pos(lc, n, "kind");
    p->pref_pos = riap__xml_attr_pos(lc, n, "prefecture");
    p->code_pos = riap__xml_attr_pos(lc, n, "code");
    char *name = text_of(n), *kind = riap__xml_attr_of(n, "kind"),
         *pref = riap__xml_attr_of(n, "prefecture"), *code = riap__xml_attr_of(n, "code");
    riap_municipality_kind k = kind ? riap_municipality_kind_from_name(kind) : 0;
    riap_status st = name && kind && pref ? riap_plan_set_municipality(p, name, k, pref, code)
                     : !name              ? RIAP_ERR_NOMEM
                     : !kind              ? attr_missing(n, "kind")
                                          : attr_missing(n, "prefecture");
    if (st == RIAP_ERR_ARG && b->tolerant && name && kind && pref)
        st = muni_without_bad_parts(p, name, k, pref, code);
    check(b, st, n);
    text_free(n, name);
    xmlFree(kind);
    xmlFree(pref);
    xmlFree(code);
}

static void read_period(builder *b, riap_plan *p, xmlNodePtr n)
{
    locator *lc = &b->ls->lc;
    p->period_pos = riap__xml_pos_of(lc, n);
    p->from_pos = riap__xml_attr_pos(lc, n, "from");
    p->to_pos = riap__xml_attr_pos(lc, n, "to");
    bool hf, ht;
    riap_status sf, stt;
    riap_date from = parse_date_attr(n, "from", &hf, &sf);
    riap_date to = parse_date_attr(n, "to", &ht, &stt);
    char *t = sf == RIAP_OK && stt == RIAP_OK ? text_of(n) : NULL;
    check(b,
          sf != RIAP_OK    ? sf
          : stt != RIAP_OK ? stt
          : t ? riap_plan_set_period_as_written(p, t, hf ? &from : NULL, ht ? &to : NULL)
              : RIAP_ERR_NOMEM,
          n);
    if (t)
        text_free(n, t);
}

static void read_plan(builder *b, riap_doc *doc, xmlNodePtr pn)
{
    char *id = riap__xml_attr_of(pn, "id");
    riap_plan *p = NULL;
    if (id && riap_doc_find_plan(doc, id))
        riap__xml_identity_error(b, riap__xml_pos_of(&b->ls->lc, pn), RIAP__R_ID_DUPLICATE, id);
    else
        check(b, id ? riap_doc_add_plan(&p, doc, id) : attr_missing(pn, "id"), pn);
    xmlFree(id);
    if (!p)
        return;
    b->plan = p;
    locator *lc = &b->ls->lc;
    p->pos = riap__xml_pos_of(lc, pn);
    read_notes(b, doc, p, RIAP__AT_PLAN, 0, pn);
    bool seen[4] = {false, false, false, false}; /* title, municipality, period, initiatives */
    static const char *const once[] = {"title", "municipality", "period", "initiatives"};
    for (xmlNodePtr n = first_el(pn); n && b->st == RIAP_OK; n = next_el(n)) {
        read_plan_notes(b, p, n);
        size_t one = 0;
        while (one < 4 && !riap__xml_is_el(n, once[one]))
            one++;
        if (one < 4 && seen[one]) { /* a second one (the schema said so): the first is the plan's */
            left_out(b, n);
            continue;
        }
        if (one < 4)
            seen[one] = true;
        if (riap__xml_is_el(n, "title")) {
            p->title_pos = riap__xml_pos_of(lc, n);
            set_text_with(b, n, riap_plan_set_title, p);
        } else if (riap__xml_is_el(n, "municipality")) {
            read_municipality(b, p, n);
        } else if (riap__xml_is_el(n, "period")) {
            read_period(b, p, n);
        } else if (riap__xml_is_el(n, "overview")) {
            for (xmlNodePtr para = first_el(n); para; para = next_el(para)) {
                read_notes(b, doc, p, RIAP__AT_P, (uint32_t)p->overview.n, para);
                char *t = text_of(para);
                check(b,
                      t ? riap__strv_push(doc, &p->overview, t, riap__xml_pos_of(lc, para))
                        : RIAP_ERR_NOMEM,
                      para);
                text_free(para, t);
            }
        } else if (riap__xml_is_el(n, "vision")) {
            char *t = text_of(n);
            check(b,
                  t ? riap__strv_push(doc, &p->vision, t, riap__xml_pos_of(lc, n)) : RIAP_ERR_NOMEM,
                  n);
            text_free(n, t);
        } else if (riap__xml_is_el(n, "initiatives")) {
            p->initiatives_pos = riap__xml_pos_of(lc, n);
            char *scheme = riap__xml_attr_of(n, "scheme");
            riap_status ss = scheme ? riap_plan_set_scheme(p, scheme) : attr_missing(n, "scheme");
            p->scheme_unread = ss != RIAP_OK && b->tolerant;
            check(b, ss, n);
            xmlFree(scheme);
            for (xmlNodePtr c = first_el(n); c && b->st == RIAP_OK; c = next_el(c))
                read_category(b, p, c);
            /* every link names a category of this plan (the schema's keyref; that it is not the
             * project's own is validation's part of the same rule) */
            const char *w[2];
            riap__link_words(w, false, riap__lang_ja(b->ls->ctx));
            for (size_t i = 0; i < p->n_cats; i++)
                for (size_t j = 0; j < p->cats[i]->n_projects; j++) {
                    const riap_project *pr = p->cats[i]->projects[j];
                    char qn[RIAP__QUOTE_SIZE], qt[RIAP__QUOTE_SIZE];
                    for (size_t k = 0; k < pr->also.n; k++)
                        if (!riap__link_resolves(p, NULL, pr->also.v[k]) &&
                            !riap__cat_unread(p, pr->also.v[k]))
                            riap__xml_identity_error(b, pr->also.pos ? pr->also.pos[k] : pr->pos,
                                                     RIAP__R_LINK_UNRESOLVED, w[0],
                                                     riap__quote(qn, pr->name, 0),
                                                     riap__quote(qt, pr->also.v[k], 0), w[1]);
                }
        } else if (riap__xml_is_el(n, "figure")) {
            riap__pos fp = riap__xml_pos_of(lc, n);
            char *t = text_of(n), *cat = riap__xml_attr_of(n, "category");
            riap_figure *f = NULL;
            const char *w[2];
            riap__link_words(w, true, riap__lang_ja(b->ls->ctx));
            char qc[RIAP__QUOTE_SIZE], qt[RIAP__QUOTE_SIZE];
            if (cat && !riap__link_resolves(p, NULL, cat) && !riap__cat_unread(p, cat))
                riap__xml_identity_error(
                    b, riap__xml_attr_pos(lc, n, "category"), RIAP__R_LINK_UNRESOLVED, w[0],
                    riap__quote(qc, t ? t : "", 0), riap__quote(qt, cat, 0), w[1]);
            else
                check(b, t ? riap_plan_add_figure(&f, p, t, cat) : RIAP_ERR_NOMEM, n);
            if (f)
                f->pos = fp;
            text_free(n, t);
            xmlFree(cat);
        } else if (b->tolerant) { /* an element the schema does not know */
            left_out(b, n);
        }
    }
}

/* The two readers of a document's parts: the texts they read are placed in the file through
 * the document, which keeps the bytes of those the file does not hold one for one; libxml2 has
 * checked them (riap__doc_text_check). */
void riap__xml_read_plan(builder *b, riap_doc *doc, xmlNodePtr pn)
{
    riap__strv *keep = b->ls->lc.keep;
    b->ls->lc.keep = &doc->raws;
    bool reading = doc->reading_xml;
    doc->reading_xml = true;
    read_plan(b, doc, pn);
    doc->reading_xml = reading;
    b->ls->lc.keep = keep;
}

void riap__xml_read_metadata(builder *b, riap_doc *doc, xmlNodePtr md)
{
    riap__strv *keep = b->ls->lc.keep;
    b->ls->lc.keep = &doc->raws;
    bool reading = doc->reading_xml;
    doc->reading_xml = true;
    read_metadata(b, doc, md);
    doc->reading_xml = reading;
    b->ls->lc.keep = keep;
}
