/* SPDX-License-Identifier: MIT */
/* libFuzzer harness for plan documents: load from memory, validate, normalize, save, reload.
 * Every input must give RIAP_OK or a failure with a diagnostic, never a crash, a leak or UB;
 * a document that loads must save, and load again equal to itself. See fuzz/README.md. */
#include <riap.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 0;
    riap_doc *doc = NULL;
    riap_status st = riap_doc_load_memory(&doc, ctx, (const char *)data, size);
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        if (st != RIAP_ERR_NOMEM && (!d || !riap_diag_rule(d)))
            abort();
        riap_ctx_free(ctx);
        return 0;
    }
    riap_report *r = NULL;
    if (riap_validate(&r, ctx, doc) != RIAP_OK)
        abort();
    riap_report_free(r);
    char *out = NULL;
    size_t n = 0;
    if (riap_doc_save_memory(&out, &n, ctx, doc) != RIAP_OK)
        abort();
    riap_doc *again = NULL;
    if (riap_doc_load_memory(&again, ctx, out, n) != RIAP_OK || !riap_doc_equal(doc, again))
        abort();
    riap_doc_free(again);
    riap_free(out);
    if (riap_normalize(&r, ctx, doc) != RIAP_OK)
        abort();
    riap_report_free(r);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    return 0;
}
