/* SPDX-License-Identifier: MIT */
/* libFuzzer target: normalization. For any document that loads: normalizing twice changes
 * nothing the second time (no change reported, the same text saved), and what is saved loads
 * back equal to the model. Built with ./configure CC=clang --enable-fuzzing. */
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
    if (riap_doc_load_memory(&doc, ctx, (const char *)data, size) != RIAP_OK) {
        riap_ctx_free(ctx);
        return 0;
    }
    riap_report *changes = NULL;
    if (riap_normalize(&changes, ctx, doc) != RIAP_OK)
        abort();
    riap_report_free(changes);
    char *once = NULL, *twice = NULL;
    size_t n1 = 0, n2 = 0;
    if (riap_doc_save_memory(&once, &n1, ctx, doc) != RIAP_OK)
        abort();
    if (riap_normalize(&changes, ctx, doc) != RIAP_OK || riap_report_count(changes) != 0)
        abort(); /* normalizing twice = once */
    riap_report_free(changes);
    if (riap_doc_save_memory(&twice, &n2, ctx, doc) != RIAP_OK || n1 != n2 ||
        memcmp(once, twice, n1) != 0)
        abort();
    riap_doc *back = NULL;
    if (riap_doc_load_memory(&back, ctx, once, n1) != RIAP_OK || !riap_doc_equal(doc, back))
        abort(); /* load(save(doc)) = doc */
    riap_doc_free(back);
    riap_free(once);
    riap_free(twice);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    return 0;
}
