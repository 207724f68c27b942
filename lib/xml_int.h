/* SPDX-License-Identifier: MIT */
/* xml: what the other modules of lib/ may call. Never installed. */
#ifndef RIAP_XML_INT_H
#define RIAP_XML_INT_H

#include "model_int.h"
#include "riap/doc.h"

/* The schema text, generated from schema/riap-1.xsd at build time (lib/schema_data.c). */
extern const char riap__schema_xsd[];
extern const size_t riap__schema_xsd_len;

/* Writes the canonical XML of doc into b; returns RIAP_OK or RIAP_ERR_ARG (incomplete plan,
 * with a diagnostic on ctx). A nomem shows in b->nomem. */
riap_status riap__doc_write(riap__buf *b, riap_ctx *ctx, const riap_doc *doc);

/* Checks and converts a plan file's bytes to UTF-8 (see lib/xml_input.c). On success *text is
 * the UTF-8 text (data itself, or *owned, which the caller frees with riap__free). */
riap_status riap__xml_input(riap_ctx *ctx, const char *data, size_t len, char **owned,
                            const char **text, size_t *text_len);

#endif /* RIAP_XML_INT_H */
