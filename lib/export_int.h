/* SPDX-License-Identifier: MIT */
/* export: one renderer per output format behind one interface (riap_doc_export). Never
 * installed. */
#ifndef RIAP_EXPORT_INT_H
#define RIAP_EXPORT_INT_H

#include "core_int.h"
#include "riap/export.h"

/* Writes doc in one format into b (RIAP_EXPORT_* flags); b->nomem after a failed allocation. */
typedef void (*riap__render_fn)(riap__buf *b, const riap_doc *doc, uint32_t flags);

void riap__render_json(riap__buf *b, const riap_doc *doc, uint32_t flags);      /* export_json.c */
void riap__render_csv(riap__buf *b, const riap_doc *doc, uint32_t flags);       /* export_csv.c */
void riap__render_csv_plans(riap__buf *b, const riap_doc *doc, uint32_t flags); /* export_csv.c */

#endif /* RIAP_EXPORT_INT_H */
