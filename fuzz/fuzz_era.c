/* SPDX-License-Identifier: MIT */
/* libFuzzer harness for the era parser and formatter. Build and run by hand (fuzz/README.md):
 * every input must give RIAP_OK or a failure with a diagnostic, never a crash, a leak or UB;
 * and an accepted range must format and parse back to itself. */
#include <riap.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 0;
    /* the first byte picks the options, the rest is the expression */
    unsigned int opts = size ? (data[0] & 3u) : 0;
    if (size) {
        data++;
        size--;
    }
    riap_ctx_set_options(ctx, opts);
    riap_era_range r;
    riap_status st = riap_era_parse(&r, ctx, (const char *)data, size);
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        if (!d || !riap_diag_rule(d) || !riap_diag_message(d))
            abort();
    } else {
        char *iso = NULL;
        if (riap_era_range_to_iso(&iso, &r) != RIAP_OK)
            abort();
        riap_free(iso);
        char *text = NULL;
        if (riap_era_format_range(&text, ctx, &r, RIAP_FORMAT_COMPACT) == RIAP_OK) {
            riap_era_range back;
            riap_ctx_set_options(ctx, 0);
            if (riap_era_parse(&back, ctx, text, strlen(text)) != RIAP_OK ||
                memcmp(&back.start, &r.start, sizeof r.start) != 0 ||
                memcmp(&back.end, &r.end, sizeof r.end) != 0)
                abort();
            riap_free(text);
        }
    }
    riap_ctx_free(ctx);
    return 0;
}
