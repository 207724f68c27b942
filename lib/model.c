/* SPDX-License-Identifier: MIT */
/* model: documents, plans, categories, projects, figures. Knows no XML. */
#include "config.h"

#include "era_int.h"
#include "model_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text helpers ---- */

riap_status riap__text_check(const char *s)
{
    if (!s || !*s)
        return RIAP_ERR_ARG;
    size_t len = strlen(s);
    /* one pass: well-formed UTF-8 without what XML 1.0 cannot carry (C0 controls but tab, LF,
     * CR; U+FFFE and U+FFFF, EF BF BE/BF) */
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80) { /* printable ASCII: eight bytes at a time */
            i++;
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, u + i, 8);
                if ((w | ((w - 0x2020202020202020u) & ~w)) & 0x8080808080808080u)
                    break;
                i += 8;
            }
            continue;
        }
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r')
                return RIAP_ERR_ENCODING;
            i++;
            continue;
        }
        /* the commonest in Japanese text: three bytes, a lead with no special range for its
         * second byte (E1..EC, EE; EF but for EF BF, where U+FFFE and U+FFFF are) */
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || (c == 0xEF && u[i + 1] != 0xBF)) &&
            i + 2 < len && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t n = riap__utf8_decode(u + i, len - i, &cp);
        if (n == 0 || cp == 0xFFFE || cp == 0xFFFF)
            return RIAP_ERR_ENCODING;
        i += n;
    }
    return RIAP_OK;
}

bool riap__is_identifier(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-') || n >= 64)
            return false;
    return true;
}

riap_status riap__doc_text_check(const riap_doc *doc, const char *s)
{
    if (!doc || !doc->reading_xml || !s || !*s)
        return riap__text_check(s);
#ifdef RIAP_TESTING
    if (riap__text_check(s) != RIAP_OK) /* the tests and fuzzers hold libxml2 to it */
        abort();
#endif
    return RIAP_OK;
}

riap_status riap__set_text(const riap_doc *doc, char **slot, const char *s, bool allow_null)
{
    if (!s) {
        if (!allow_null)
            return RIAP_ERR_ARG;
        riap__free(*slot);
        *slot = NULL;
        return RIAP_OK;
    }
    riap_status st = riap__doc_text_check(doc, s);
    if (st != RIAP_OK)
        return st;
    char *copy = riap__strndup(s, strlen(s));
    if (!copy)
        return RIAP_ERR_NOMEM;
    riap__free(*slot);
    *slot = copy;
    return RIAP_OK;
}

bool riap__grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = riap__realloc(*v, ncap * size);
    if (!p)
        return false;
    *v = p;
    *cap = ncap;
    return true;
}

riap_status riap__strv_push(const riap_doc *doc, riap__strv *sv, const char *s, riap__pos pos)
{
    riap_status st = riap__doc_text_check(doc, s);
    if (st != RIAP_OK)
        return st;
    size_t cap = sv->cap;
    if (!riap__grow((void **)&sv->v, &cap, sv->n, sizeof *sv->v))
        return RIAP_ERR_NOMEM;
    if (cap != sv->cap || !sv->pos) {
        riap__pos *p = riap__realloc(sv->pos, cap * sizeof *p);
        if (!p)
            return RIAP_ERR_NOMEM; /* v may have grown; cap still describes pos */
        sv->pos = p;
    }
    sv->cap = cap;
    char *copy = riap__strndup(s, strlen(s));
    if (!copy)
        return RIAP_ERR_NOMEM;
    sv->pos[sv->n] = pos;
    sv->v[sv->n++] = copy;
    return RIAP_OK;
}

void riap__strv_free(riap__strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        riap__free(sv->v[i]);
    riap__free(sv->v);
    riap__free(sv->pos);
}

const char *riap__strv_get(const riap__strv *sv, size_t i)
{
    return i < sv->n ? sv->v[i] : NULL;
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strv_eq(const riap__strv *a, const riap__strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return false;
    return true;
}

/* ---- municipality kinds ---- */

static const char *const kind_names[] = {NULL, "都道府県", "市", "区", "町", "村"};

const char *riap_municipality_kind_name(riap_municipality_kind kind)
{
    if ((int)kind < 1 || (int)kind > 5)
        return NULL;
    return kind_names[kind];
}

riap_municipality_kind riap_municipality_kind_from_name(const char *name)
{
    if (name)
        for (int k = 1; k <= 5; k++)
            if (strcmp(name, kind_names[k]) == 0)
                return (riap_municipality_kind)k;
    return RIAP_MUNICIPALITY_UNKNOWN;
}

/* ---- the builders' errors ---- */

void riap__doc_begin(riap_doc *doc)
{
    if (doc && (doc->err.n || doc->err.nomem))
        riap__diag_list_clear(&doc->err);
}

riap_status riap__doc_fail(riap_doc *doc, riap_status st, const char *rule, const char *en,
                           const char *ja, ...)
{
#ifdef RIAP_TESTING
    riap__rule_check(rule, RIAP_SEVERITY_ERROR);
#endif
    if (!doc || st == RIAP_OK)
        return st;
    riap__diag_list_clear(&doc->err);
    va_list ap;
    va_start(ap, ja);
    riap_diag *d = riap__diag_list_vadd(&doc->err, rule, RIAP_SEVERITY_ERROR,
                                        (doc->options & RIAP_OPT_LANG_JA) ? ja : en, ap);
    va_end(ap);
    if (d) {
        d->offset = -1;
        d->file = doc->file;
    }
    return st;
}

riap_status riap__doc_text_fail(riap_doc *doc, riap_status st, const char *what_en,
                                const char *what_ja)
{
    const char *what = doc && (doc->options & RIAP_OPT_LANG_JA) ? what_ja : what_en;
    switch (st) {
    case RIAP_OK: return st;
    case RIAP_ERR_NOMEM:
        return riap__doc_fail(doc, st, "nomem", "memory ran out for the %s",
                              "%sのためのメモリが足りません", what);
    case RIAP_ERR_ENCODING:
        return riap__doc_fail(doc, st, "invalid-text",
                              "the %s is not well-formed UTF-8, or holds a control character "
                              "(only tab, line feed and carriage return may stand in text) or "
                              "U+FFFE/U+FFFF",
                              "%sが正しい UTF-8 でないか、制御文字（タブ・改行・復帰のほかは使えま"
                              "せん）か U+FFFE/U+FFFF を含んでいます",
                              what);
    default:
        return riap__doc_fail(doc, st, "argument", "the %s is NULL or empty", "%sが NULL か空です",
                              what);
    }
}

riap_status riap__doc_id_fail(riap_doc *doc, const char *what_en, const char *what_ja,
                              const char *value)
{
    if (!value)
        return riap__doc_text_fail(doc, RIAP_ERR_ARG, what_en, what_ja);
    char q[200];
    riap__excerpt(q, sizeof q, value, strlen(value), 64);
    const char *what = doc && (doc->options & RIAP_OPT_LANG_JA) ? what_ja : what_en;
    return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                          "the %s '%s' is not an identifier (a lower-case letter, then at most 63 "
                          "lower-case letters, digits or hyphens)",
                          "%s「%s」は識別子ではありません（英小文字で始まり、英小文字・数字・"
                          "ハイフンが続く 64 文字以内）",
                          what, q);
}

riap_status riap__doc_unknown_category(riap_doc *doc, const riap_plan *plan, const char *id)
{
    char q[200];
    riap__excerpt(q, sizeof q, id, strlen(id), 64);
    return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                          "the plan '%s' has no category '%s' (add it first with "
                          "riap_plan_add_category)",
                          "計画「%s」に区分「%s」がありません（先に riap_plan_add_category で"
                          "追加してください）",
                          plan->id, q);
}

const riap_diag *riap_doc_last_error(const riap_doc *doc)
{
    if (!doc)
        return NULL;
    if (doc->err.n)
        return &doc->err.v[doc->err.n - 1];
    if (doc->err.nomem)
        return riap__nomem_diag(doc->options & RIAP_OPT_LANG_JA);
    return NULL;
}

void riap_doc_set_options(riap_doc *doc, unsigned int options)
{
    if (doc)
        doc->options = options & RIAP_OPT_LANG_JA;
}

/* ---- document ---- */

riap_status riap_doc_new(riap_doc **out)
{
    if (!out)
        return RIAP_ERR_ARG;
    *out = NULL;
    riap_doc *doc = riap__malloc(sizeof *doc);
    if (!doc)
        return RIAP_ERR_NOMEM;
    memset(doc, 0, sizeof *doc);
    doc->version = riap__strndup("1.0", 3);
    if (!doc->version) {
        riap__free(doc);
        return RIAP_ERR_NOMEM;
    }
    *out = doc;
    return RIAP_OK;
}

void riap_doc_free(riap_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_plans; i++)
        riap__plan_free(doc->plans[i]);
    riap__free(doc->plans);
    riap__free(doc->index);
    for (int f = 0; f <= RIAP__DOC_FIELDS; f++)
        riap__free(doc->meta[f]);
    riap__free(doc->version);
    riap__free(doc->file);
    riap__strv_free(&doc->raws);
    riap__diag_list_clear(&doc->err);
    riap__free(doc->err.v);
    riap__notes_clear(&doc->notes);
    riap__free(doc);
}

const char *riap_doc_version(const riap_doc *doc)
{
    return doc ? doc->version : NULL;
}

const char *riap_doc_file(const riap_doc *doc)
{
    return doc ? doc->file : NULL;
}

riap_status riap__doc_set_version(riap_doc *doc, const char *version)
{
    return riap__set_text(doc, &doc->version, version, false);
}

riap_status riap__doc_set_file(riap_doc *doc, const char *file)
{
    if (!file) {
        riap__free(doc->file);
        doc->file = NULL;
        return RIAP_OK;
    }
    char *copy = riap__strndup(file, strlen(file));
    if (!copy)
        return RIAP_ERR_NOMEM;
    riap__free(doc->file);
    doc->file = copy;
    return RIAP_OK;
}

const char *riap_doc_meta(const riap_doc *doc, riap_doc_field field)
{
    if (!doc || (int)field < 1 || (int)field > RIAP__DOC_FIELDS)
        return NULL;
    return doc->meta[field];
}

riap_status riap_doc_set_meta(riap_doc *doc, riap_doc_field field, const char *value)
{
    if (!doc)
        return RIAP_ERR_ARG;
    riap__doc_begin(doc);
    if ((int)field < 1 || (int)field > RIAP__DOC_FIELDS)
        return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                              "the field %d is none of the RIAP_DOC_* fields (1 to %d)",
                              "項目 %d は RIAP_DOC_* のどれでもありません（1～%d）", (int)field,
                              RIAP__DOC_FIELDS);
    char q[200];
    if (value)
        riap__excerpt(q, sizeof q, value, strlen(value), 64);
    if (value && (field == RIAP_DOC_PUBLISHED || field == RIAP_DOC_APPROVED)) {
        riap_date d;
        if (riap_date_parse_iso(&d, NULL, value, strlen(value)) != RIAP_OK)
            return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                                  "the date '%s' is not a day that exists, written YYYY-MM-DD",
                                  "日付「%s」は YYYY-MM-DD 形式の存在する日ではありません", q);
    }
    if (value && field == RIAP_DOC_APPROVER_CODE) {
        if (strlen(value) != 6 || strspn(value, "0123456789") != 6)
            return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                                  "the approver's code '%s' is not six digits (such as 130001)",
                                  "承認者の団体コード「%s」が 6 桁の数字ではありません（例: "
                                  "130001）",
                                  q);
    }
    return riap__doc_text_fail(doc, riap__set_text(doc, &doc->meta[field], value, true),
                               "metadata value", "メタデータの値");
}

bool riap__meta_writable(const riap_doc *doc)
{
    return !doc->meta[RIAP_DOC_APPROVER_CODE] || doc->meta[RIAP_DOC_APPROVER];
}

size_t riap_doc_plan_count(const riap_doc *doc)
{
    return doc ? doc->n_plans : 0;
}

riap_plan *riap_doc_plan(const riap_doc *doc, size_t i)
{
    return doc && i < doc->n_plans ? doc->plans[i] : NULL;
}

static size_t id_hash(const char *id)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

/* The slot of id in the index: where it is, or the empty slot where it would go. */
static size_t index_slot(const riap_doc *doc, const char *id)
{
    size_t mask = doc->cap_index - 1, i = id_hash(id) & mask;
    while (doc->index[i] && strcmp(doc->index[i]->id, id) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Keeps the index at most half full. */
static bool index_grow(riap_doc *doc)
{
    if (doc->cap_index && (doc->n_plans + 1) * 2 <= doc->cap_index)
        return true;
    size_t cap = doc->cap_index ? doc->cap_index * 2 : 16;
    riap_plan **old = doc->index;
    size_t old_cap = doc->cap_index;
    riap_plan **idx = riap__malloc(cap * sizeof *idx);
    if (!idx)
        return false;
    memset(idx, 0, cap * sizeof *idx);
    doc->index = idx;
    doc->cap_index = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            doc->index[index_slot(doc, old[i]->id)] = old[i];
    riap__free(old);
    return true;
}

riap_plan *riap_doc_find_plan(const riap_doc *doc, const char *id)
{
    if (!doc || !id || !doc->cap_index)
        return NULL;
    return doc->index[index_slot(doc, id)];
}

riap_status riap_doc_add_plan(riap_plan **out, riap_doc *doc, const char *id)
{
    if (out)
        *out = NULL;
    if (!doc)
        return RIAP_ERR_ARG;
    riap__doc_begin(doc);
    if (!riap__is_identifier(id))
        return riap__doc_id_fail(doc, "plan id", "計画の id", id);
    if (riap_doc_find_plan(doc, id))
        return riap__doc_fail(doc, RIAP_ERR_ARG, "id-duplicate",
                              "the document has a plan '%s' already",
                              "文書には計画「%s」がすでにあります", id);
    if (!riap__grow((void **)&doc->plans, &doc->cap_plans, doc->n_plans, sizeof *doc->plans) ||
        !index_grow(doc))
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "plan", "計画");
    riap_plan *p = riap__malloc(sizeof *p);
    if (!p)
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "plan", "計画");
    memset(p, 0, sizeof *p);
    p->doc = doc;
    p->id = riap__strndup(id, strlen(id));
    p->scheme = riap__strndup(RIAP_SCHEME_DEFAULT, strlen(RIAP_SCHEME_DEFAULT));
    if (!p->id || !p->scheme) {
        riap__plan_free(p);
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "plan", "計画");
    }
    doc->plans[doc->n_plans++] = p;
    doc->index[index_slot(doc, p->id)] = p;
    if (out)
        *out = p;
    return RIAP_OK;
}

/* ---- equality ---- */

static bool category_eq(const riap_category *a, const riap_category *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->heading, b->heading) ||
        !str_eq(a->description, b->description) || a->n_projects != b->n_projects)
        return false;
    for (size_t i = 0; i < a->n_projects; i++)
        if (!str_eq(a->projects[i]->name, b->projects[i]->name) ||
            !strv_eq(&a->projects[i]->also, &b->projects[i]->also))
            return false;
    return true;
}

static bool date_eq(bool ha, const riap_date *a, bool hb, const riap_date *b)
{
    return ha == hb && (!ha || riap_date_compare(a, b) == 0);
}

static bool plan_eq(const riap_plan *a, const riap_plan *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->title, b->title) ||
        !str_eq(a->muni_name, b->muni_name) || !str_eq(a->prefecture, b->prefecture) ||
        !str_eq(a->muni_code, b->muni_code) || a->muni_kind != b->muni_kind ||
        !str_eq(a->period_text, b->period_text) ||
        !date_eq(a->has_from, &a->period_from, b->has_from, &b->period_from) ||
        !date_eq(a->has_to, &a->period_to, b->has_to, &b->period_to) ||
        !strv_eq(&a->overview, &b->overview) || !strv_eq(&a->vision, &b->vision) ||
        !str_eq(a->scheme, b->scheme) || a->n_cats != b->n_cats || a->n_figs != b->n_figs)
        return false;
    for (size_t i = 0; i < a->n_cats; i++)
        if (!category_eq(a->cats[i], b->cats[i]))
            return false;
    for (size_t i = 0; i < a->n_figs; i++)
        if (!str_eq(a->figs[i]->caption, b->figs[i]->caption) ||
            !str_eq(a->figs[i]->category, b->figs[i]->category))
            return false;
    return true;
}

int riap_doc_equal(const riap_doc *a, const riap_doc *b)
{
    if (!a || !b)
        return a == b;
    if (!str_eq(a->version, b->version) || a->n_plans != b->n_plans)
        return 0;
    for (int f = 1; f <= RIAP__DOC_FIELDS; f++)
        if (!str_eq(a->meta[f], b->meta[f]))
            return 0;
    for (size_t i = 0; i < a->n_plans; i++)
        if (!plan_eq(a->plans[i], b->plans[i]))
            return 0;
    return 1;
}

bool riap__cat_unread(const riap_plan *p, const char *id)
{
    if (p->cats_unread || !riap__is_identifier(id)) /* not an id: the schema said so */
        return true;
    for (size_t i = 0; id && i < p->cats_unread_ids.n; i++)
        if (!strcmp(p->cats_unread_ids.v[i], id))
            return true;
    return false;
}

bool riap__link_resolves(const riap_plan *p, const char *own, const char *to)
{
    return to && (!own || strcmp(own, to) != 0) && riap_plan_find_category(p, to);
}

void riap__link_words(const char *w[2], bool figure, bool ja)
{
    static const char *const words[2][2][2] = {
        {{"the project", "another category"}, {"事業", "他の区分"}},
        {{"the figure", "a category"}, {"図", "区分"}},
    };
    w[0] = words[figure][ja][0];
    w[1] = words[figure][ja][1];
}

/* The character an entity or character reference at raw[i] gives (0: none that XML allows
 * without a DTD); *end is past its ';'. */
static uint32_t reference(const char *raw, size_t len, size_t i, size_t *end)
{
    const char *semi = memchr(raw + i, ';', len - i < 16 ? len - i : 16);
    if (!semi)
        return 0;
    size_t n = (size_t)(semi - raw) - i - 1; /* between & and ; */
    const char *r = raw + i + 1;
    *end = (size_t)(semi - raw) + 1;
    static const char *const names[] = {"amp", "lt", "gt", "quot", "apos"};
    static const char chars[] = "&<>\"'";
    for (size_t k = 0; k < 5; k++)
        if (strlen(names[k]) == n && !memcmp(r, names[k], n))
            return (unsigned char)chars[k];
    if (n < 2 || r[0] != '#')
        return 0;
    bool hex = r[1] == 'x';
    uint32_t cp = 0;
    for (size_t k = hex ? 2 : 1; k < n; k++) {
        char c = r[k];
        int d = c >= '0' && c <= '9'                            ? c - '0'
                : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                : -1;
        if (d < 0 || cp > 0x10FFFF)
            return 0;
        cp = cp * (hex ? 16 : 10) + (uint32_t)d;
    }
    return cp <= 0x10FFFF ? cp : 0;
}

/* The first of `what` in raw[from, len), or NULL. */
static const char *find(const char *raw, size_t len, size_t from, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = from; i + n <= len; i++)
        if (!memcmp(raw + i, what, n))
            return raw + i;
    return NULL;
}

/* Moves *p over the file's bytes raw[from, to): lines, and columns in characters. */
static void advance(riap__pos *p, const char *raw, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= to || raw[i + 1] != '\n')))
            p->line++, p->column = 1;
        else if (c != '\r' && (c & 0xC0) != 0x80)
            p->column++;
    }
}

/* Past markup at raw[i] that gives no text: a comment, a PI, the bounds of a CDATA section. */
static size_t skip_markup(const char *raw, size_t len, size_t i, bool *cdata)
{
    for (;;) {
        const char *e = NULL;
        if (*cdata && len - i >= 3 && !memcmp(raw + i, "]]>", 3)) {
            *cdata = false;
            i += 3;
            continue;
        }
        if (*cdata || i >= len || raw[i] != '<')
            return i;
        if (len - i >= 9 && !memcmp(raw + i, "<![CDATA[", 9)) {
            *cdata = true;
            i += 9;
            continue;
        }
        if (len - i >= 4 && !memcmp(raw + i, "<!--", 4))
            e = find(raw, len, i + 4, "-->");
        else if (len - i >= 2 && raw[i + 1] == '?')
            e = find(raw, len, i + 2, "?>");
        if (!e)
            return i;
        i = (size_t)(e - raw) + (raw[i + 1] == '?' ? 2 : 3);
    }
}

bool riap__raw_walk(const char *raw, size_t raw_len, const char *s, size_t s_len, size_t off,
                    riap__pos *p, size_t *raw_end)
{
    size_t i = 0, k = 0;
    bool cdata = false;
    uint64_t at0 = p->at;
    for (;;) {
        size_t from = i;
        i = skip_markup(raw, raw_len, i, &cdata);
        advance(p, raw, from, i);
        if (k >= off || i >= raw_len)
            break;
        unsigned char c = (unsigned char)raw[i];
        size_t next = i + 1, gives = 1;
        if (c == '\r') { /* CR LF and a lone CR are a line feed */
            if (s[k] != '\n')
                return false;
            next = i + 1 < raw_len && raw[i + 1] == '\n' ? i + 2 : i + 1;
        } else if (c == '&' && !cdata) {
            char u[4];
            uint32_t cp = reference(raw, raw_len, i, &next);
            gives = cp ? riap__utf8_encode(cp, u) : 0;
            if (!gives || gives > s_len - k || memcmp(s + k, u, gives) != 0)
                return false;
        } else if (c == '<' && !cdata) {
            return false; /* an element: not a text's bytes */
        } else if (k >= s_len || (unsigned char)s[k] != c) {
            return false;
        }
        advance(p, raw, i, next);
        k += gives;
        i = next;
    }
    if (k < off)
        return false;
    p->at = at0 ? at0 + i : 0;
    *raw_end = i;
    return true;
}

riap__pos riap__pos_in_text(riap__pos pos, const char *s, size_t off)
{
    if (!pos.text_line || !s)
        return pos;
    riap__pos p = pos;
    p.line = pos.text_line;
    p.column = pos.text_column;
    if (pos.text_raw) {
        size_t end, n = strlen(s);
        p.at = pos.text_at;
        p.text_raw = NULL;
        if (riap__raw_walk(pos.text_raw, strlen(pos.text_raw), s, n, off < n ? off : n, &p, &end))
            return p;
        return pos;
    }
    for (size_t k = 0; k < off && s[k]; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '\n')
            p.line++, p.column = 1;
        else if ((c & 0xC0) != 0x80)
            p.column++;
    }
    p.at = pos.text_at ? pos.text_at + off : 0;
    return p;
}
