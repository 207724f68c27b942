/* SPDX-License-Identifier: MIT */
/* libFuzzer target: riap_import_text on any text. Whatever the input, either there is a
 * document, and it validates with no error (through the model, and through its saved text
 * loaded back, which runs the schema too), or there is none and the report holds an error with
 * a line and a column that lie in the input. No crash, no leak, no read out of bounds (ASan).
 * The first byte picks strict mode and the language. Built with ./configure CC=clang
 * --enable-fuzzing (fuzz/README.md). */
#include <riap.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* The number of lines of the input, as the importer counts them (LF, CR, CRLF, form feed). */
static size_t lines_of(const unsigned char *s, size_t n)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\f' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
            lines++;
    return lines;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 0;
    unsigned int opts = 0;
    if (size) {
        opts = (data[0] & 1 ? RIAP_OPT_STRICT : 0) | (data[0] & 2 ? RIAP_OPT_LANG_JA : 0);
        data++;
        size--;
    }
    riap_ctx_set_options(ctx, opts);
    riap_doc *doc = NULL;
    riap_report *rep = NULL;
    riap_status st = riap_import_text(&doc, &rep, ctx, (const char *)data, size, "fuzz.txt");
    if (st != RIAP_OK) {
        if (st != RIAP_ERR_NOMEM || doc || rep)
            abort();
        riap_ctx_free(ctx);
        return 0;
    }
    if (!rep)
        abort();
    if (doc) {
        /* a document: no error reported, and it validates, as a model and as a file */
        if (riap_report_error_count(rep))
            abort();
        riap_report *v = NULL;
        if (riap_validate(&v, ctx, doc) != RIAP_OK || riap_report_error_count(v))
            abort();
        riap_report_free(v);
        char *xml = NULL;
        size_t len = 0;
        if (riap_doc_save_memory(&xml, &len, ctx, doc) != RIAP_OK)
            abort();
        riap_doc *back = NULL;
        if (riap_doc_load_memory(&back, ctx, xml, len) != RIAP_OK || !riap_doc_equal(doc, back))
            abort();
        riap_doc_free(back);
        riap_free(xml);
    } else {
        /* none: an error says why, at a place in the input */
        size_t lines = lines_of(data, size), located = 0;
        if (!riap_report_error_count(rep))
            abort();
        for (size_t i = 0; i < riap_report_count(rep); i++) {
            const riap_diag *d = riap_report_get(rep, i);
            if (riap_diag_severity(d) == RIAP_SEVERITY_ERROR && riap_diag_line(d) >= 1 &&
                riap_diag_line(d) <= lines && riap_diag_column(d) >= 1)
                located++;
            if (riap_diag_offset(d) > (int64_t)size)
                abort();
        }
        if (!located && size <= riap_ctx_max_document_size(ctx))
            abort();
    }
    riap_doc_free(doc);
    riap_report_free(rep);
    riap_ctx_free(ctx);
    return 0;
}
