/* SPDX-License-Identifier: MIT */
/**
 * @file riap/plan.h
 * @brief The typed model of regional industry activation plans (地域産業活性化計画).
 *
 * A document (riap_doc) holds optional metadata and one or more plans (riap_plan). A plan
 * holds its municipality, period, overview paragraphs, visions, categories of initiatives
 * (riap_category) with their projects (riap_project), and figure captions (riap_figure).
 *
 * Ownership: the document owns everything in it. Children are made through their parent
 * (riap_doc_add_plan(), riap_plan_add_category(), ...) and have no _free of their own; a child
 * pointer is valid until its document is freed. Every string a getter returns is borrowed from
 * its object and valid until the object is freed or that field is set again; NULL means absent.
 * Setters copy what they keep. Text must be well-formed UTF-8 without control characters other
 * than tab, line feed and carriage return (RIAP_ERR_ENCODING otherwise), so that every model can
 * be written as XML and read back unchanged.
 */
#ifndef RIAP_PLAN_H
#define RIAP_PLAN_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/date.h"
#include "riap/era.h"

RIAP_BEGIN_DECLS

/** A document of plans (opaque). */
typedef struct riap_doc riap_doc;
/** One plan (opaque, owned by its document). */
typedef struct riap_plan riap_plan;
/** A category of initiatives in a plan (opaque, owned by its plan's document). */
typedef struct riap_category riap_category;
/** A project (事業) of a category (opaque, owned by its plan's document). */
typedef struct riap_project riap_project;
/** A figure caption of a plan (opaque, owned by its plan's document). */
typedef struct riap_figure riap_figure;

/** The kind of a municipality. */
typedef enum riap_municipality_kind {
    RIAP_MUNICIPALITY_UNKNOWN = 0,    /**< not set */
    RIAP_MUNICIPALITY_PREFECTURE = 1, /**< 都道府県 */
    RIAP_MUNICIPALITY_CITY = 2,       /**< 市 */
    RIAP_MUNICIPALITY_WARD = 3,       /**< 区 */
    RIAP_MUNICIPALITY_TOWN = 4,       /**< 町 */
    RIAP_MUNICIPALITY_VILLAGE = 5     /**< 村 */
} riap_municipality_kind;

/** The scheme of the source document's approval round: categories collaboration, transformation
 * (both required) and other (optional), in this order. */
#define RIAP_SCHEME_DEFAULT "tokyo-2022"

/** The kind as written in Japanese ("区"); NULL for UNKNOWN or other values. @since 0.1 */
RIAP_API const char *riap_municipality_kind_name(riap_municipality_kind kind);

/** The kind written name ("区") → value; RIAP_MUNICIPALITY_UNKNOWN if none. @since 0.1 */
RIAP_API riap_municipality_kind riap_municipality_kind_from_name(const char *name);

/* ------------------------------------------------------------------ document */

/**
 * Creates an empty document (no metadata, no plan).
 * @param[out] out  the document; free with riap_doc_free(); NULL on failure
 * @return RIAP_OK, RIAP_ERR_ARG or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_new(riap_doc **out);

/** Frees a document and everything in it. Accepts NULL. @since 0.1 */
RIAP_API void riap_doc_free(riap_doc *doc);

/** The schema version the document declares ("1.0" for new documents). @since 0.1 */
RIAP_API const char *riap_doc_version(const riap_doc *doc);

/** The file the document was loaded from; NULL when built or loaded from memory. @since 0.1 */
RIAP_API const char *riap_doc_file(const riap_doc *doc);

/** Metadata fields of a document, for riap_doc_meta() and riap_doc_set_meta(). */
typedef enum riap_doc_field {
    RIAP_DOC_SOURCE_TITLE = 1,  /**< the source's title */
    RIAP_DOC_PUBLISHER = 2,     /**< the source's publisher */
    RIAP_DOC_URL = 3,           /**< the source's URL */
    RIAP_DOC_PROGRAM = 4,       /**< the support program (産業集積活性化支援事業) */
    RIAP_DOC_APPROVER = 5,      /**< the approving body (東京都) */
    RIAP_DOC_APPROVER_CODE = 6, /**< the approving body's six-digit code (130001) */
    RIAP_DOC_PUBLISHED = 7,     /**< the publication date, as YYYY-MM-DD */
    RIAP_DOC_APPROVED = 8       /**< the approval date, as YYYY-MM-DD */
} riap_doc_field;

/**
 * The error of the latest call that changed this document or anything in it (the builders and
 * setters that take no context: riap_doc_add_plan(), riap_doc_set_meta(), riap_plan_set_title(),
 * riap_plan_add_category(), riap_category_add_project(), riap_project_add_also(),
 * riap_plan_add_figure(), ...): its rule ("argument", "invalid-text", "id-duplicate",
 * "category-duplicate", "nomem", or the era rule of a period) and a message that names the
 * argument and what is wrong with it. Like sqlite3_errmsg(), it belongs to the object: each such
 * call clears it first, so it is never an older call's. A call given a NULL object has nowhere
 * to record and returns RIAP_ERR_ARG only. Calls that take a context (loading, validating,
 * riap_plan_set_period()) report there too: riap_ctx_last_error().
 * @return borrowed, valid until the next such call on the document or its freeing; NULL when
 *         the latest call succeeded (or doc is NULL)
 * @since 0.1 */
RIAP_API const riap_diag *riap_doc_last_error(const riap_doc *doc);

/**
 * Sets the document's options: RIAP_OPT_LANG_JA gives riap_doc_last_error() in Japanese; other
 * bits are ignored. A document loaded or imported through a context takes that context's
 * language; riap_doc_new() gives English. @since 0.1 */
RIAP_API void riap_doc_set_options(riap_doc *doc, unsigned int options);

/** A metadata field; NULL when absent or `field` is unknown. @since 0.1 */
RIAP_API const char *riap_doc_meta(const riap_doc *doc, riap_doc_field field);

/**
 * Sets (or, with NULL, removes) a metadata field. Dates must be YYYY-MM-DD days; the code six
 * ASCII digits.
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_set_meta(riap_doc *doc, riap_doc_field field, const char *value);

/** The number of plans. @since 0.1 */
RIAP_API size_t riap_doc_plan_count(const riap_doc *doc);

/** Plan i, in document order; NULL when out of range. @since 0.1 */
RIAP_API riap_plan *riap_doc_plan(const riap_doc *doc, size_t i);

/** The plan with identifier id; NULL if none. @since 0.1 */
RIAP_API riap_plan *riap_doc_find_plan(const riap_doc *doc, const char *id);

/**
 * Appends a plan with identifier id (a lower-case letter, then lower-case letters, digits and
 * hyphens, at most 64; unique in the document). Its other items start empty.
 * @param[out] out  the plan, owned by doc; may be NULL
 * @return RIAP_OK, RIAP_ERR_ARG (bad or duplicate id) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_add_plan(riap_plan **out, riap_doc *doc, const char *id);

/**
 * Compares two documents item by item (source positions and file names aside).
 * @return 1 when equal, 0 otherwise
 * @since 0.1 */
RIAP_API int riap_doc_equal(const riap_doc *a, const riap_doc *b);

/* ------------------------------------------------------------------ plan */

/** The identifier (never NULL). @since 0.1 */
RIAP_API const char *riap_plan_id(const riap_plan *plan);
/** The title; NULL until set. @since 0.1 */
RIAP_API const char *riap_plan_title(const riap_plan *plan);
/** Sets the title. @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_ENCODING, RIAP_ERR_NOMEM @since 0.1 */
RIAP_API riap_status riap_plan_set_title(riap_plan *plan, const char *title);

/** The municipality's name (墨田区); NULL until set. @since 0.1 */
RIAP_API const char *riap_plan_municipality(const riap_plan *plan);
/** The municipality's kind. @since 0.1 */
RIAP_API riap_municipality_kind riap_plan_municipality_kind(const riap_plan *plan);
/** The municipality's prefecture (東京都); NULL until set. @since 0.1 */
RIAP_API const char *riap_plan_prefecture(const riap_plan *plan);
/** The six-digit local government code (131075); NULL when absent. @since 0.1 */
RIAP_API const char *riap_plan_municipality_code(const riap_plan *plan);
/**
 * Sets the municipality.
 * @param name        its name (not NULL)
 * @param kind        a RIAP_MUNICIPALITY_* value other than UNKNOWN
 * @param prefecture  its prefecture (not NULL)
 * @param code        six ASCII digits, or NULL for none
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_plan_set_municipality(riap_plan *plan, const char *name,
                                                riap_municipality_kind kind, const char *prefecture,
                                                const char *code);

/** The period as written (令和４年度～令和６年度); NULL until set. @since 0.1 */
RIAP_API const char *riap_plan_period_text(const riap_plan *plan);
/** The stored first day of the period: 1 and *out filled (out may be NULL) when present, else
 * 0. @since 0.1 */
RIAP_API int riap_plan_period_start(riap_date *out, const riap_plan *plan);
/** The stored last day of the period: 1 and *out filled (out may be NULL) when present, else 0.
 * @since 0.1 */
RIAP_API int riap_plan_period_end(riap_date *out, const riap_plan *plan);
/**
 * Parses the period text with the era engine (riap_era_parse()).
 * @param[out] out  the range
 * @return RIAP_ERR_ARG when there is no text, else what riap_era_parse() returns
 * @since 0.1 */
RIAP_API riap_status riap_plan_period_range(riap_era_range *out, riap_ctx *ctx,
                                            const riap_plan *plan);
/** Deprecated (out-parameter last): riap_plan_period_start(). Removed at 1.0. @since 0.1 */
RIAP_API RIAP_DEPRECATED int riap_plan_period_from(const riap_plan *plan, riap_date *out);
/** Deprecated (out-parameter last): riap_plan_period_end(). Removed at 1.0. @since 0.1 */
RIAP_API RIAP_DEPRECATED int riap_plan_period_to(const riap_plan *plan, riap_date *out);
/** Deprecated (out-parameter last): riap_plan_period_range(). Removed at 1.0. @since 0.1 */
RIAP_API RIAP_DEPRECATED riap_status riap_plan_period(const riap_plan *plan, riap_ctx *ctx,
                                                      riap_era_range *out);
/**
 * Sets the period text, parses it and stores its first and last days (an open end stores none).
 * On failure the plan is unchanged.
 * @return RIAP_OK, what riap_era_parse() returns, or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_plan_set_period(riap_plan *plan, riap_ctx *ctx, const char *text);
/**
 * Sets the period text and the stored days as given, without parsing (from/to may be NULL):
 * for a file's content, which validation checks.
 * @return RIAP_OK, RIAP_ERR_ARG (invalid day), RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_plan_set_period_as_written(riap_plan *plan, const char *text,
                                                     const riap_date *from, const riap_date *to);

/** The number of overview paragraphs. @since 0.1 */
RIAP_API size_t riap_plan_overview_count(const riap_plan *plan);
/** Overview paragraph i; NULL when out of range. @since 0.1 */
RIAP_API const char *riap_plan_overview(const riap_plan *plan, size_t i);
/** Appends an overview paragraph. @return RIAP_OK, _ARG, _ENCODING, _NOMEM @since 0.1 */
RIAP_API riap_status riap_plan_add_overview(riap_plan *plan, const char *paragraph);

/** The number of visions (slogans, target images). @since 0.1 */
RIAP_API size_t riap_plan_vision_count(const riap_plan *plan);
/** Vision i; NULL when out of range. @since 0.1 */
RIAP_API const char *riap_plan_vision(const riap_plan *plan, size_t i);
/** Appends a vision. @return RIAP_OK, _ARG, _ENCODING, _NOMEM @since 0.1 */
RIAP_API riap_status riap_plan_add_vision(riap_plan *plan, const char *vision);

/** The category scheme (RIAP_SCHEME_DEFAULT for new plans). @since 0.1 */
RIAP_API const char *riap_plan_scheme(const riap_plan *plan);
/** Sets the category scheme (an identifier). @return RIAP_OK, _ARG, _NOMEM @since 0.1 */
RIAP_API riap_status riap_plan_set_scheme(riap_plan *plan, const char *scheme);

/** The number of categories. @since 0.1 */
RIAP_API size_t riap_plan_category_count(const riap_plan *plan);
/** Category i in plan order; NULL when out of range. @since 0.1 */
RIAP_API riap_category *riap_plan_category(const riap_plan *plan, size_t i);
/** The category with identifier id; NULL if none. @since 0.1 */
RIAP_API riap_category *riap_plan_find_category(const riap_plan *plan, const char *id);
/**
 * Appends a category.
 * @param[out] out  the category; may be NULL
 * @param id        an identifier unique in the plan (collaboration, transformation, other)
 * @param heading   the heading as written
 * @return RIAP_OK, RIAP_ERR_ARG (bad or duplicate id), RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_plan_add_category(riap_category **out, riap_plan *plan, const char *id,
                                            const char *heading);

/** The number of figures. @since 0.1 */
RIAP_API size_t riap_plan_figure_count(const riap_plan *plan);
/** Figure i; NULL when out of range. @since 0.1 */
RIAP_API riap_figure *riap_plan_figure(const riap_plan *plan, size_t i);
/**
 * Appends a figure caption, optionally belonging to a category of the plan.
 * @param category  the id of an existing category of the plan, or NULL
 * @return RIAP_OK, RIAP_ERR_ARG (unknown category), RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_plan_add_figure(riap_figure **out, riap_plan *plan, const char *caption,
                                          const char *category);

/* ------------------------------------------------------------------ category */

/** The identifier. @since 0.1 */
RIAP_API const char *riap_category_id(const riap_category *category);
/** The heading as written. @since 0.1 */
RIAP_API const char *riap_category_heading(const riap_category *category);
/** The description; NULL when absent. @since 0.1 */
RIAP_API const char *riap_category_description(const riap_category *category);
/** Sets (NULL: removes) the description. @return RIAP_OK, _ENCODING, _NOMEM @since 0.1 */
RIAP_API riap_status riap_category_set_description(riap_category *category,
                                                   const char *description);
/** The number of projects. @since 0.1 */
RIAP_API size_t riap_category_project_count(const riap_category *category);
/** Project i in source order; NULL when out of range. @since 0.1 */
RIAP_API riap_project *riap_category_project(const riap_category *category, size_t i);
/** Appends a project. @return RIAP_OK, _ARG, _ENCODING, _NOMEM @since 0.1 */
RIAP_API riap_status riap_category_add_project(riap_project **out, riap_category *category,
                                               const char *name);

/* ------------------------------------------------------------------ project */

/** The project's name. @since 0.1 */
RIAP_API const char *riap_project_name(const riap_project *project);
/** The number of other categories the project is also carried out under. @since 0.1 */
RIAP_API size_t riap_project_also_count(const riap_project *project);
/** The id of such category i; NULL when out of range. @since 0.1 */
RIAP_API const char *riap_project_also(const riap_project *project, size_t i);
/**
 * Records that the project is also carried out under another category of its plan (荒川区's ☆).
 * @param category  the id of an existing category of the same plan, not the project's own
 * @return RIAP_OK, RIAP_ERR_ARG (unknown, own or repeated category) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_project_add_also(riap_project *project, const char *category);

/* ------------------------------------------------------------------ figure */

/** The caption. @since 0.1 */
RIAP_API const char *riap_figure_caption(const riap_figure *figure);
/** The id of the category the figure belongs to; NULL for none. @since 0.1 */
RIAP_API const char *riap_figure_category(const riap_figure *figure);

RIAP_END_DECLS

#endif /* RIAP_PLAN_H */
