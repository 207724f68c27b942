/* SPDX-License-Identifier: MIT */
/**
 * @file riap/validate.h
 * @brief Validation of plan documents (schema plus semantic rules) and normalization.
 *
 * A report is an owned list of diagnostics, sorted by file, line, column and rule. Each has a
 * stable kebab-case rule id, a severity, a message (English, or Japanese with RIAP_OPT_LANG_JA),
 * a position (file, line, column) and a path to the item (riap_diag_path(): "plan[sumida-r4]/
 * municipality/@code"). An error makes the document invalid; a warning points at something to
 * fix, and is reported as an error with RIAP_OPT_STRICT; a note (RIAP_SEVERITY_NOTE) is
 * information only, in any mode, and counts as neither.
 *
 * The rules (see riap(1) for their meaning): period-syntax, period-out-of-era, period-mismatch,
 * period-dates-missing, period-reversed, period-not-fiscal-years, period-overlap,
 * code-check-digit, code-prefecture, code-name-mismatch, code-unknown, prefecture-unknown,
 * title-municipality, category-unknown, category-order, category-missing, project-empty-name,
 * project-duplicate, link-unresolved, text-control-character, text-whitespace,
 * text-fullwidth-ascii (a note: full-width letters and digits are normal in Japanese prose, and
 * riap_normalize() folds them), text-date (a warning: a date in a text, found as riap_era_find()
 * finds them, that is wrong, such as 令和4年2月30日 or a weekday note that disagrees; with
 * RIAP_OPT_STRICT also a year outside its era); and, from loading, io, too-large, empty-document,
 * the limits on the shape of markup that keep reading linear (too-many-attributes: more than 256 in
 * one start tag; too-many-namespaces: more than 32 namespace declarations in one; name-too-long:
 * over 1024 bytes; value-too-long: an attribute value over 64 KiB; too-deep: elements nested
 * over 64 deep; text-too-long: over 256 KiB of text between two tags; markup-too-long: a tag,
 * comment or processing instruction over 8 MiB), unsupported-encoding,
 * invalid-encoding, nul-byte, doctype, xml-syntax, schema, and the schema's identity constraints,
 * which the library checks itself: id-duplicate (plan ids), category-duplicate, link-unresolved (a
 * project's or figure's category). The builders of <riap/plan.h> refuse duplicates and dangling
 * links outright.
 */
#ifndef RIAP_VALIDATE_H
#define RIAP_VALIDATE_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/plan.h"

RIAP_BEGIN_DECLS

/** A validation or normalization report (opaque, owned by the caller). */
typedef struct riap_report riap_report;

/**
 * Checks a document against the semantic rules.
 * @param[out] out  the report; free with riap_report_free(); NULL on failure
 * @param ctx       options (RIAP_OPT_STRICT, RIAP_OPT_LANG_JA); may be NULL
 * @return RIAP_OK when the rules ran (the verdict is riap_report_error_count()),
 *         RIAP_ERR_ARG or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_validate(riap_report **out, riap_ctx *ctx, const riap_doc *doc);

/**
 * Loads a plan file and validates it: a file that is not well-formed or breaks the schema gives
 * a report of those errors, and its plans that pass the schema are checked against the
 * semantic rules; a file that loads is checked whole. A file larger than
 * riap_ctx_max_document_size() goes through riap_validate_stream_file() instead.
 * @param[out] out  the report; NULL on failure
 * @return RIAP_OK when a report was made; RIAP_ERR_IO when the file cannot be read (the ctx
 *         has the `io` diagnostic), RIAP_ERR_ARG, RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_validate_file(riap_report **out, riap_ctx *ctx, const char *path);

/** The number of diagnostics riap_validate_stream_file() keeps; beyond it they are counted. */
#define RIAP_STREAM_MAX_DIAGNOSTICS 20000

/**
 * Validates a plan file of any size in bounded memory (under 64 MiB whatever the file): the
 * file is read in chunks, parsed with libxml2's push parser with the schema plugged into its
 * SAX events, and each plan is checked against the rules as soon as it has been read, then
 * freed; the rules across plans keep a few bytes per plan. A plan larger than 8 MiB is checked
 * against the schema only (warning `plan-too-large`). At most RIAP_STREAM_MAX_DIAGNOSTICS
 * diagnostics are kept: errors first, then warnings, then notes, each in the file's order (the
 * counts of errors and warnings include the rest; a note `too-many-diagnostics` says so).
 * For a file of 256 KiB or more (or a pipe) the input is read ahead on a thread of the
 * library's own while it is parsed; that thread calls nothing of the program's and has ended
 * when the call returns.
 * @param[out] out  the report; NULL on failure
 * @return as riap_validate_file()
 * @since 0.1 */
RIAP_API riap_status riap_validate_stream_file(riap_report **out, riap_ctx *ctx, const char *path);

/** Frees a report. Accepts NULL. @since 0.1 */
RIAP_API void riap_report_free(riap_report *report);

/** The number of diagnostics. @since 0.1 */
RIAP_API size_t riap_report_count(const riap_report *report);

/** Diagnostic i in sorted order; borrowed until the report is freed; NULL if out of range.
 * @since 0.1 */
RIAP_API const riap_diag *riap_report_get(const riap_report *report, size_t i);

/** The number of errors (0 means valid). @since 0.1 */
RIAP_API size_t riap_report_error_count(const riap_report *report);

/** The number of warnings. @since 0.1 */
RIAP_API size_t riap_report_warning_count(const riap_report *report);

/** The path of the item a diagnostic is about ("plan[sumida-r4]/period"); NULL if none.
 * @since 0.1 */
RIAP_API const char *riap_diag_path(const riap_diag *diag);

/**
 * Normalizes a document in place: full-width ASCII letters and digits to ASCII and half-width
 * katakana to full-width (Japanese punctuation such as （）「」～ stays), lines joined (a line
 * break and the white space around it vanish between two Japanese characters, else become one
 * space: riap(1) states the rule), white space trimmed and runs of spaces and tabs folded to one
 * space, period days filled in from the period text. Normalizing twice changes nothing. Each
 * change is a diagnostic of severity RIAP_SEVERITY_NOTE in the report, whose message names the
 * item and the folds it took.
 * @param[out] out  the report of changes; free with riap_report_free(); may be NULL
 * @return RIAP_OK, RIAP_ERR_ARG or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_normalize(riap_report **out, riap_ctx *ctx, riap_doc *doc);

/** The date of the bundled list of local governments (YYYY-MM-DD). @since 0.1 */
RIAP_API const char *riap_lgcode_list_date(void);

/**
 * Looks a six-digit local government code up in the bundled list.
 * @param[out] prefecture  its prefecture (static text); may be NULL
 * @param[out] name        its name (static text; wards of designated cities as "札幌市 中央区");
 *                         may be NULL
 * @return 1 when the code is in the list, else 0
 * @since 0.1 */
RIAP_API int riap_lgcode_find(const char **prefecture, const char **name, const char *code);

/** Deprecated (out-parameters last): riap_lgcode_find(). Removed at 1.0. @since 0.1 */
RIAP_API RIAP_DEPRECATED int riap_lgcode_lookup(const char *code, const char **prefecture,
                                                const char **name);

/** 1 when the code is six digits whose last is the check digit of the first five. @since 0.1 */
RIAP_API int riap_lgcode_check_digit_ok(const char *code);

RIAP_END_DECLS

#endif /* RIAP_VALIDATE_H */
