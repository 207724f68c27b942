/* SPDX-License-Identifier: MIT */
/**
 * @file riap/doc.h
 * @brief Reading and writing plan documents as XML (schema/riap-1.xsd, namespace
 * urn:libriap:plan:1).
 *
 * Loading parses with libxml2 in a hardened mode (no network, no DTD, no entity substitution,
 * no XInclude; a DOCTYPE is rejected), validates against the schema compiled into the library
 * (never one named by the file) and builds the model, keeping each item's line and column.
 * Saving writes canonical UTF-8 XML: loading then saving a canonical file gives it back byte
 * for byte, and saving then loading gives an equal model.
 */
#ifndef RIAP_DOC_H
#define RIAP_DOC_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/plan.h"

RIAP_BEGIN_DECLS

/** The namespace of plan documents of schema version 1.x. */
#define RIAP_NAMESPACE "urn:libriap:plan:1"

/** The default of riap_ctx_set_max_document_size(): 256 MiB. */
#define RIAP_DOC_MAX_SIZE (256u * 1024u * 1024u)

/**
 * Sets the largest document (in bytes, as read and as converted to UTF-8) that
 * riap_doc_load_*() builds in memory with this context; a larger one is RIAP_ERR_LIMIT (rule
 * `too-large`). 0 restores the default, RIAP_DOC_MAX_SIZE; values above 2 GiB act as 2 GiB.
 * @since 0.1 */
RIAP_API void riap_ctx_set_max_document_size(riap_ctx *ctx, uint64_t bytes);

/** The largest document this context loads whole (RIAP_DOC_MAX_SIZE for NULL). @since 0.1 */
RIAP_API uint64_t riap_ctx_max_document_size(const riap_ctx *ctx);

/**
 * Loads a plan document from a file. The library reads the file itself (a compressed file is not
 * inflated) and parses it from memory.
 * @param[out] out  the document; free with riap_doc_free(); NULL on failure
 * @param ctx       diagnostics (rules `io`, `too-large`, `unsupported-encoding`,
 *                  `invalid-encoding`, `nul-byte`, `doctype`, `xml-syntax`, `schema`), each
 *                  with the file, line and column; may be NULL. The file may be UTF-8 (BOM
 *                  optional), UTF-16 with a BOM, or Shift_JIS/CP932 or EUC-JP as its XML
 *                  declaration says; the model is always UTF-8.
 * @param path      the file's path
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_IO, RIAP_ERR_LIMIT, RIAP_ERR_XML, RIAP_ERR_SCHEMA,
 *         RIAP_ERR_ENCODING or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_load_file(riap_doc **out, riap_ctx *ctx, const char *path);

/**
 * Loads a plan document from memory.
 * @param[out] out  the document; free with riap_doc_free(); NULL on failure
 * @param ctx       diagnostics, as riap_doc_load_file(); may be NULL
 * @param data      the document's bytes (need not be NUL-terminated)
 * @param len       their number
 * @return as riap_doc_load_file(), but never RIAP_ERR_IO
 * @since 0.1 */
RIAP_API riap_status riap_doc_load_memory(riap_doc **out, riap_ctx *ctx, const char *data,
                                          size_t len);

/**
 * Writes a document as canonical XML (UTF-8, two-space indentation, fixed element and attribute
 * order, one item per line).
 * @param[out] out      the text, NUL-terminated; free with riap_free(); NULL on failure
 * @param[out] out_len  its length in bytes; may be NULL
 * @param ctx           diagnostics (rule `incomplete-plan` for a plan that lacks a title,
 *                      municipality, period, overview paragraph or category,
 *                      `incomplete-metadata` for an approver's code without the approver);
 *                      may be NULL
 * @return RIAP_OK, RIAP_ERR_ARG or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_save_memory(char **out, size_t *out_len, riap_ctx *ctx,
                                          const riap_doc *doc);

/**
 * Writes a document to a file without losing or clobbering anything.
 *
 * A regular file (or a new one) is replaced atomically: the text goes to a temporary file in
 * the same directory (".NAME.riap-" and six random characters, within NAME_MAX), flushed to disk,
 * given the old file's owner, group and mode (a new file gets rw-r--r--), then renamed over it; an
 * interrupted save leaves the old file or the new one. A symbolic link is followed: its target
 * is replaced and the link stays. What is not a regular file (/dev/null, a FIFO, a terminal,
 * /dev/stdout on a pipe) is written into, never replaced; a FIFO that nobody reads is an error,
 * not a wait. Refused, with nothing changed: a file with other hard links, a file whose owner or
 * group the process cannot give the new file (so setuid and setgid bits never reach another
 * owner), a symbolic link to nothing, a directory.
 *
 * While the temporary file exists, the calling thread blocks SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT; one that arrives then is delivered when the save is over, so that a program stopped
 * by it leaves no temporary file. (In a program with other threads that do not block them,
 * those signals may be delivered to another thread meanwhile.)
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_IO (rule `io`, the message says why) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_doc_save_file(riap_ctx *ctx, const riap_doc *doc, const char *path);

/**
 * The plan schema compiled into the library (schema/riap-1.xsd), as UTF-8 text.
 * @param[out] len  its length in bytes; may be NULL
 * @return static text, NUL-terminated
 * @since 0.1 */
RIAP_API const char *riap_schema_text(size_t *len);

RIAP_END_DECLS

#endif /* RIAP_DOC_H */
