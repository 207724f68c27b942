/* SPDX-License-Identifier: MIT */
/**
 * @file riap/export.h
 * @brief Output for spreadsheets and programs: plan documents as JSON or CSV, and a JSON
 * writer that renders the library's other results (era expressions, reports) the same way.
 */
#ifndef RIAP_EXPORT_H
#define RIAP_EXPORT_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/era.h"
#include "riap/plan.h"
#include "riap/validate.h"

RIAP_BEGIN_DECLS

/** The formats of riap_doc_export(). */
typedef enum riap_export_format {
    /** The whole document as one JSON object (schema/riap-1.schema.json). */
    RIAP_EXPORT_JSON = 1,
    /** One CSV row per project: plan_id, municipality, code, period_start, period_end,
     * category, project, also (the other categories, separated by ';'). */
    RIAP_EXPORT_CSV = 2,
    /** One CSV row per plan: plan_id, title, municipality, kind, prefecture, code, period,
     * period_start, period_end, scheme, categories (ids separated by ';'), projects (their
     * number). */
    RIAP_EXPORT_CSV_PLANS = 3
} riap_export_format;

/** Flags of riap_doc_export(). */
enum {
    /** CSV: begin with a UTF-8 byte order mark, so that spreadsheet programs read UTF-8. */
    RIAP_EXPORT_BOM = 1u << 0
};

/**
 * Writes a document as JSON or CSV. CSV follows RFC 4180: a header row, CRLF line ends, a field
 * in double quotes when it holds a comma, a double quote, CR or LF (a double quote doubled);
 * UTF-8. A field is written as the model holds it (a spreadsheet may take one that starts with
 * '=' for a formula). JSON is compact, UTF-8, one object, ending with a line feed.
 * @param[out] out      the text, NUL-terminated; free with riap_free(); NULL on failure
 * @param[out] out_len  its length in bytes; may be NULL
 * @param ctx           diagnostics; may be NULL
 * @param doc           the document
 * @param format        a riap_export_format
 * @param flags         RIAP_EXPORT_* bits
 * @return RIAP_OK, RIAP_ERR_ARG (a NULL pointer, an unknown format) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_export(char **out, size_t *out_len, riap_ctx *ctx,
                                     const riap_doc *doc, riap_export_format format,
                                     uint32_t flags);

/**
 * Writes a document as JSON or CSV to a file, as riap_doc_save_file() writes XML: a regular
 * file replaced atomically with its owner, group and mode, a device or FIFO written into, a
 * symbolic link followed; nothing damaged on failure.
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_IO (rule `io`) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_export_file(riap_ctx *ctx, const riap_doc *doc, const char *path,
                                          riap_export_format format, uint32_t flags);

/* ------------------------------------------------------------------ JSON writer */

/**
 * A JSON text being written (opaque): compact, UTF-8, valid whatever the strings given hold
 * (ill-formed UTF-8 becomes U+FFFD, control characters are escaped). Values, keys and
 * containers are appended in order; commas are the writer's business. A misuse (a key outside
 * an object, a value where a key is due, more ends than begins) or a failed allocation is kept
 * and reported by riap_json_status(); the text is then unusable. No callback is involved.
 */
typedef struct riap_json riap_json;

/** Creates an empty writer. @return RIAP_OK, RIAP_ERR_ARG or RIAP_ERR_NOMEM @since 0.1 */
RIAP_API riap_status riap_json_new(riap_json **out);
/** Frees a writer. Accepts NULL. @since 0.1 */
RIAP_API void riap_json_free(riap_json *json);
/** Empties a writer for the next text (and clears its status). @since 0.1 */
RIAP_API void riap_json_clear(riap_json *json);
/** Appends { . @since 0.1 */
RIAP_API void riap_json_object_begin(riap_json *json);
/** Appends } . @since 0.1 */
RIAP_API void riap_json_object_end(riap_json *json);
/** Appends [ . @since 0.1 */
RIAP_API void riap_json_array_begin(riap_json *json);
/** Appends ] . @since 0.1 */
RIAP_API void riap_json_array_end(riap_json *json);
/** Appends a member's key (NUL-terminated UTF-8) inside an object. @since 0.1 */
RIAP_API void riap_json_key(riap_json *json, const char *key);
/** Appends a string of len bytes (need not be NUL-terminated); NULL appends null. @since 0.1 */
RIAP_API void riap_json_string(riap_json *json, const char *s, size_t len);
/** Appends a NUL-terminated string; NULL appends null. @since 0.1 */
RIAP_API void riap_json_cstring(riap_json *json, const char *s);
/** Appends an integer. @since 0.1 */
RIAP_API void riap_json_integer(riap_json *json, int64_t value);
/** Appends true (value non-zero) or false. @since 0.1 */
RIAP_API void riap_json_boolean(riap_json *json, int value);
/** Appends null. @since 0.1 */
RIAP_API void riap_json_null(riap_json *json);

/**
 * Appends, as members of the object being written, what an era match holds: start, end (ISO
 * days, null when open or on failure), granularity and eras (pairs, null on failure), warnings
 * (the rule ids of the warnings ctx holds), label, remark, approximate, and error (null, or an
 * object with rule, message, column and offset: the ctx's last error). ctx is the context the
 * match was made with; it gives the era names too. @since 0.1 */
RIAP_API void riap_json_era_match(riap_json *json, const riap_ctx *ctx, const riap_era_match *m);

/**
 * Appends an error as a value: an object with rule, message, column and offset (null when
 * unknown); for a NULL diag, rule "internal" and the message of status. @since 0.1 */
RIAP_API void riap_json_error(riap_json *json, const riap_diag *diag, riap_status status);

/**
 * Appends a report as a value: an object with file (name), valid, errors, warnings and
 * diagnostics (each with rule, severity, line, column, offset, path and message); notes only
 * with RIAP_JSON_NOTES. @since 0.1 */
RIAP_API void riap_json_report(riap_json *json, const riap_report *report, const char *name,
                               uint32_t flags);

/** Flags of riap_json_report(). */
enum {
    /** Include the notes (normalization's changes, skipped lines). */
    RIAP_JSON_NOTES = 1u << 0
};

/** Appends a document as a value: the object riap_doc_export() writes as JSON. @since 0.1 */
RIAP_API void riap_json_doc(riap_json *json, const riap_doc *doc);

/**
 * The text written so far.
 * @param[out] len  its length in bytes; may be NULL
 * @return borrowed, NUL-terminated, valid until the next call with this writer; NULL when the
 *         writer's status is not RIAP_OK
 * @since 0.1 */
RIAP_API const char *riap_json_text(const riap_json *json, size_t *len);

/** RIAP_OK, RIAP_ERR_NOMEM (an allocation failed) or RIAP_ERR_ARG (a misuse, or json NULL).
 * @since 0.1 */
RIAP_API riap_status riap_json_status(const riap_json *json);

RIAP_END_DECLS

#endif /* RIAP_EXPORT_H */
