/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the era parser in both modes, and format round trips. Every input gives
 * RIAP_OK or a failure with a diagnostic, never a crash, a leak or UB. Lenient and strict mode
 * agree (strict accepts exactly what lenient accepts without a warning, with the same days);
 * an accepted range formats, in every flag combination, to text that parses back to the same
 * days; its first day formats as a day and parses back. The first byte picks the formatting
 * flags and the language, the rest is the expression. Built with ./configure CC=clang
 * --enable-fuzzing (fuzz/README.md). */
#include <riap.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int same_days(const riap_era_range *a, const riap_era_range *b)
{
    return !memcmp(&a->start, &b->start, sizeof a->start) &&
           !memcmp(&a->end, &b->end, sizeof a->end);
}

static void parses_back(riap_ctx *ctx, const char *text, const riap_era_range *want)
{
    riap_era_range back;
    riap_ctx_set_options(ctx, 0);
    if (riap_era_parse(&back, ctx, text, strlen(text)) != RIAP_OK || !same_days(&back, want))
        abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 0;
    unsigned int flags = size ? data[0] & 15u : 0;
    unsigned int lang = size && (data[0] & 16u) ? RIAP_OPT_LANG_JA : 0;
    if (size) {
        data++;
        size--;
    }
    const char *text = (const char *)data;
    riap_era_range lenient, strict;
    riap_ctx_set_options(ctx, lang);
    riap_status a = riap_era_parse(&lenient, ctx, text, size);
    if (a != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        if (!d || !riap_diag_rule(d) || !riap_diag_message(d))
            abort();
    }
    riap_ctx_set_options(ctx, lang | RIAP_OPT_STRICT);
    riap_status b = riap_era_parse(&strict, ctx, text, size);
    if (b == RIAP_OK && (a != RIAP_OK || !same_days(&lenient, &strict) || strict.warnings))
        abort();
    if (a == RIAP_OK && !lenient.warnings && b != RIAP_OK)
        abort();
    if (a == RIAP_OK) {
        char *iso = NULL;
        if (riap_era_range_to_iso(&iso, &lenient) != RIAP_OK)
            abort();
        riap_free(iso);
        char *out = NULL;
        riap_ctx_set_options(ctx, lang);
        /* a range that formats (an end that is not what its granularity denotes is refused
         * with unaligned-range, which is fine) must parse back to the same days */
        if (riap_era_format_range(&out, ctx, &lenient, flags) == RIAP_OK) {
            parses_back(ctx, out, &lenient);
            riap_free(out);
        }
        if (lenient.start_granularity == RIAP_GRANULARITY_DAY &&
            riap_era_format_day(&out, ctx, &lenient.start, flags & ~RIAP_FORMAT_COMPACT) ==
                RIAP_OK) {
            riap_era_range back;
            riap_ctx_set_options(ctx, 0);
            if (riap_era_parse(&back, ctx, out, strlen(out)) != RIAP_OK ||
                memcmp(&back.start, &lenient.start, sizeof back.start) ||
                memcmp(&back.end, &lenient.start, sizeof back.end))
                abort();
            riap_free(out);
        }
    }
    riap_ctx_free(ctx);
    return 0;
}
