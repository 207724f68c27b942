/* SPDX-License-Identifier: MIT */
/**
 * @file riap/import.h
 * @brief Importing the published summaries of approved plans (承認した地域産業活性化計画の概要),
 * as their text comes out of the PDF, into a plan document.
 */
#ifndef RIAP_IMPORT_H
#define RIAP_IMPORT_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/plan.h"
#include "riap/validate.h"

RIAP_BEGIN_DECLS

/**
 * Reads the text of a published summary and builds the plans it lists.
 *
 * Each plan starts with a header line, 「TITLE」（MUNICIPALITY）【計画期間：PERIOD】, followed by
 * its overview, then its categories of initiatives: headings (１) (２) (３) (the categories
 * collaboration, transformation and other of RIAP_SCHEME_DEFAULT), or numbered themes
 * (１ …, ２ …: the scheme "themes", categories theme-1, theme-2, ...), each with a
 * description and its projects in （…、…） (a heading without parentheses lists its projects
 * alone). Projects marked ☆ (before or after the name) are linked to the category whose list
 * says ※☆の事業も併せて実施.
 * Other lines are figure captions; a caption that names a project goes with its category (and
 * with its plan, when the layout put it among another plan's text). Sentences broken across
 * lines are joined again; text is kept as written. Municipality kind, prefecture and code come
 * from the bundled list of local governments; the period is read by the era engine
 * (riap_era_parse()); each plan's id is its municipality's reading and its first year
 * (sumida-r4). Full-width or half-width digits, parentheses, colons and tildes, spaces or none,
 * blank lines, page numbers and repeated page headers are all accepted.
 *
 * Every diagnostic names its line and column in the input (columns in code points; byte offsets
 * for UTF-8 input, -1 for converted input): errors (rules import-*, and those of riap_validate()
 * for the plans built) mean there is no document; warnings name text that could not be placed
 * (import-unplaced), which is never dropped silently, and a line read as the rest of a project
 * list that may be a caption (import-ambiguous-line); notes name the lines skipped as page
 * numbers or page headers. The document made always passes riap_validate() and the schema.
 *
 * @param[out] out     the document, when the report has no error; else NULL
 * @param[out] report  the diagnostics; free with riap_report_free(); NULL on failure
 * @param ctx          options (RIAP_OPT_STRICT: warnings are errors, RIAP_OPT_LANG_JA) and the
 *                     era table; may be NULL
 * @param text         the text, UTF-8 (a BOM is skipped) or Shift_JIS (CP932); line ends LF,
 *                     CRLF or CR; a form feed counts as a line end
 * @param len          its length in bytes
 * @param name         the input's name for the diagnostics (a file name), or NULL
 * @return RIAP_OK when a report was made (whether or not there is a document); RIAP_ERR_ARG
 *         (a NULL out, report or text with a length) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_import_text(riap_doc **out, riap_report **report, riap_ctx *ctx,
                                      const char *text, size_t len, const char *name);

RIAP_END_DECLS

#endif /* RIAP_IMPORT_H */
