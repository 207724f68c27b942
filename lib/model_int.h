/* SPDX-License-Identifier: MIT */
/* model: the plan model's structures, for the modules that fill and read models whole (xml,
 * validate, import). Never installed. */
#ifndef RIAP_MODEL_INT_H
#define RIAP_MODEL_INT_H

#include "core_int.h"
#include "riap/plan.h"

/* Where an item came from in its file (1-based; 0 = built in memory). */
typedef struct riap__pos {
    uint32_t line, column;
    uint64_t at; /* 1 + the byte offset in the file; 0 when unknown */
    /* where the element's text begins, so that a character of it can be placed (text_line 0:
     * it cannot); text_raw: the file's bytes of the text when they are not the text one for one
     * (a reference, a CDATA section, a comment, CR LF), owned by the document (riap_doc.raws) */
    uint32_t text_line, text_column;
    uint64_t text_at;
    const char *text_raw;
} riap__pos;

/* Where byte off of text s, read from an element at pos, is in the file: the character itself
 * when the file's bytes of the text are known, else the element. */
riap__pos riap__pos_in_text(riap__pos pos, const char *s, size_t off);
/* Walks the file's bytes raw[0, raw_len) of an element's text, which begins at *p, and the text
 * s[0, s_len) they give, to byte off of s (off <= s_len), past markup that gives no text: *p is
 * then where that character is, *raw_end its byte in raw. False when raw does not give s. */
bool riap__raw_walk(const char *raw, size_t raw_len, const char *s, size_t s_len, size_t off,
                    riap__pos *p, size_t *raw_end);

/* A growable array of owned strings. */
typedef struct riap__strv {
    char **v;
    size_t n, cap;
    riap__pos *pos; /* parallel, may be NULL when no item has a position */
} riap__strv;

struct riap_figure {
    char *caption;
    char *category; /* NULL = none */
    riap__pos pos;
};

struct riap_project {
    riap_category *category; /* the owner */
    char *name;
    riap__strv also;
    riap__pos pos;
};

struct riap_category {
    riap_plan *plan; /* the owner */
    char *id, *heading, *description;
    riap_project **projects;
    size_t n_projects, cap_projects;
    riap__pos pos, heading_pos, description_pos;
    riap__pos id_pos; /* the id's value in the file (line 0: not read from one) */
};

struct riap_plan {
    riap_doc *doc;
    char *id, *title;
    char *muni_name, *prefecture, *muni_code;
    riap_municipality_kind muni_kind;
    char *period_text;
    riap_date period_from, period_to;
    bool has_from, has_to;
    riap__strv overview, vision;
    char *scheme;
    riap_category **cats;
    size_t n_cats, cap_cats;
    riap_figure **figs;
    size_t n_figs, cap_figs;
    riap__pos pos, title_pos, muni_pos, period_pos, initiatives_pos;
    riap__pos kind_pos, pref_pos, code_pos; /* the municipality's attribute values */
    riap__pos from_pos, to_pos;             /* the period's */
    bool schema_broken; /* read from a tree the schema rejected: what it lacks, the schema said */
    bool id_taken;      /* its id is an earlier plan's: checked alone, not against the others */
    bool cats_unread;   /* a category without an id could not be read: which exist is unknown */
    riap__strv cats_unread_ids; /* the ids of the categories that could not be read */
    bool scheme_unread; /* its initiatives' scheme could not be read: which categories belong is
                         * unknown */
};

/* ---- comments and processing instructions (lib/model_notes.c) ----
 * A plan file's comments and PIs, kept where they stood (riap(5)): each at one element of an
 * item, before its start tag, or inside it before its end tag (after its text or its last
 * child). The item (owner) is the document, a plan, a category or a project; `at` says which of
 * its elements, `index` which paragraph, vision, figure, link or metadata field. */
typedef enum riap__at {
    RIAP__AT_DOCUMENT, /* the doc's <document>: before it is the prolog */
    RIAP__AT_EPILOG,   /* the doc's: after </document> */
    RIAP__AT_METADATA, /* the doc's <metadata>, <source>, a field's element (index) */
    RIAP__AT_SOURCE,
    RIAP__AT_META,
    RIAP__AT_PLAN, /* a plan's elements; p, vision and figure by index */
    RIAP__AT_TITLE,
    RIAP__AT_MUNICIPALITY,
    RIAP__AT_PERIOD,
    RIAP__AT_OVERVIEW,
    RIAP__AT_P,
    RIAP__AT_VISION,
    RIAP__AT_INITIATIVES,
    RIAP__AT_FIGURE,
    RIAP__AT_CATEGORY, /* a category's */
    RIAP__AT_HEADING,
    RIAP__AT_DESCRIPTION,
    RIAP__AT_PROJECT, /* a project's; also by index */
    RIAP__AT_NAME,
    RIAP__AT_ALSO
} riap__at;

typedef struct riap__note {
    const void *owner;
    char *text; /* a comment's text; a PI's target, then a space and its data if it has any */
    uint32_t index;
    uint8_t at; /* riap__at */
    bool inside, pi;
    riap__pos pos; /* where it stood in the file read (line 0: made by a program) */
} riap__note;

typedef struct riap__notes {
    riap__note *v;
    size_t n, cap;
} riap__notes;

/* Appends a note (text copied); RIAP_OK or RIAP_ERR_NOMEM. */
riap_status riap__note_add(riap__notes *ns, const void *owner, riap__at at, uint32_t index,
                           bool inside, bool pi, const char *text, riap__pos pos);
void riap__notes_clear(riap__notes *ns);

/* The notes by owner, for writing them: a sorted view made once per save. */
typedef struct riap__note_index {
    const riap__notes *ns;
    size_t *order; /* indices into ns->v: by owner, then as added */
} riap__note_index;

/* false on nomem; an empty list needs no memory. */
bool riap__note_index_init(riap__note_index *ix, const riap__notes *ns);
void riap__note_index_free(riap__note_index *ix);
/* The range [*from, *to) of ix->order that holds owner's notes. */
void riap__note_index_find(const riap__note_index *ix, const void *owner, size_t *from, size_t *to);

#define RIAP__DOC_FIELDS 8

struct riap_doc {
    char *version;
    char *file;
    char *meta[RIAP__DOC_FIELDS + 1]; /* indexed by riap_doc_field */
    riap__pos meta_pos[RIAP__DOC_FIELDS + 1];
    riap_plan **plans;
    size_t n_plans, cap_plans;
    riap_plan **index; /* open addressing by id (FNV-1a), cap_index slots, a power of 2 */
    size_t cap_index;
    riap__pos pos;
    riap__diag_list err;  /* the error of the latest builder call on it: 0 or 1 diagnostic */
    unsigned int options; /* RIAP_OPT_LANG_JA: the language of err */
    riap__notes notes;    /* the file's comments and PIs, of every item */
    riap__strv raws;      /* the file's bytes of texts not held one for one (riap__pos.text_raw) */
    bool reading_xml;     /* being built from a plan file: its texts are checked already */
};

/* The builders' errors (lib/model.c): a call on a document or anything in it begins by
 * clearing the document's error and, when it fails, records why (doc NULL: nothing). */
void riap__doc_begin(riap_doc *doc);
riap_status riap__doc_fail(riap_doc *doc, riap_status st, const char *rule, const char *en,
                           const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 6))) __attribute__((format(printf, 5, 6)))
#endif
    ;
/* st (RIAP_OK passes through) for text riap__text_check() or an allocation refused, naming the
 * text ("title", "表題"): NULL or empty, not well-formed UTF-8 or a control character, memory. */
riap_status riap__doc_text_fail(riap_doc *doc, riap_status st, const char *what_en,
                                const char *what_ja);
/* An identifier (id, scheme) that is not one: what it names, and the value. */
riap_status riap__doc_id_fail(riap_doc *doc, const char *what_en, const char *what_ja,
                              const char *value);
/* A category that the plan does not have, for a link or a figure. */
riap_status riap__doc_unknown_category(riap_doc *doc, const riap_plan *plan, const char *id);
/* What a plan must have to be written as a file, in the file's order: fills what[] with the
 * names (English, Japanese) of the parts p lacks, at most max; returns how many it lacks. The one
 * definition that saving (which refuses such a plan) and validation (which reports each part
 * as incomplete-plan) share. */
size_t riap__plan_missing(const riap_plan *p, const char *what[][2], size_t max);
/* Whether the document's metadata can be written (an approver's code needs the approver):
 * saving and validation ask this one question. */
bool riap__meta_writable(const riap_doc *doc);
#define RIAP__PLAN_PARTS 5
/* Shared by model.c and model_plan.c. */
bool riap__grow(void **v, size_t *cap, size_t n, size_t size);
void riap__strv_free(riap__strv *sv);
const char *riap__strv_get(const riap__strv *sv, size_t i);
void riap__plan_free(riap_plan *p);

/* Checks model text: well-formed UTF-8, no control characters but tab, LF, CR.
 * Returns RIAP_OK, RIAP_ERR_ARG (NULL or empty) or RIAP_ERR_ENCODING. */
riap_status riap__text_check(const char *s);
/* An identifier: [a-z][a-z0-9-]{0,63}. */
bool riap__is_identifier(const char *s);
/* riap__text_check for a text given to doc (NULL: none). While a plan file is read into doc
 * (reading_xml), its texts come from libxml2, which admits only XML characters in well-formed
 * UTF-8, exactly what riap__text_check admits (test_xml_texts_checked_once): only emptiness is
 * left to check. */
riap_status riap__doc_text_check(const riap_doc *doc, const char *s);
/* Replaces *slot with a copy of s (s NULL: clears), its text checked for doc. */
riap_status riap__set_text(const riap_doc *doc, char **slot, const char *s, bool allow_null);
riap_status riap__strv_push(const riap_doc *doc, riap__strv *sv, const char *s, riap__pos pos);
/* Whether the plan may have a category `id` that could not be read (a category left out of a
 * plan that breaks the schema), or id is no identifier (which the schema reports): its absence,
 * and links to it, are then not told. */
bool riap__cat_unread(const riap_plan *p, const char *id);
riap_status riap__doc_set_version(riap_doc *doc, const char *version);
riap_status riap__doc_set_file(riap_doc *doc, const char *file);

/* A link (a project's to another category, a figure's to its category) resolves when `to`
 * names a category of the plan other than `own` (NULL for a figure): the one check of the rule
 * link-unresolved, for the loader (a file's links) and the validator (a built model's). */
bool riap__link_resolves(const riap_plan *p, const char *own, const char *to);
/* The words that link-unresolved's template takes around the text and the link: what links
 * (w[0]: the project, the figure) and what the link must name (w[1]), in the language asked. */
void riap__link_words(const char *w[2], bool figure, bool ja);

#endif /* RIAP_MODEL_INT_H */
