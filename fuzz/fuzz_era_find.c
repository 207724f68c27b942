/* SPDX-License-Identifier: MIT */
/* libFuzzer target: era expressions as documents write them, and in running text.
 * riap_era_parse_match() on the whole input agrees with riap_era_parse() (status and range);
 * riap_era_find() over the input as running text, from offset 0 on, gives matches whose spans
 * lie inside the text, in order and without overlap, each of which, parsed alone with
 * riap_era_parse(), gives the same status and the same range (one read against the date before
 * it, RIAP_ERA_MATCH_CONTEXT, is no date alone). The first byte picks strict mode
 * and the language. Built with ./configure CC=clang --enable-fuzzing (fuzz/README.md). */
#include <riap.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int same(const riap_era_range *a, const riap_era_range *b)
{
    return !memcmp(&a->start, &b->start, sizeof a->start) &&
           !memcmp(&a->end, &b->end, sizeof a->end) &&
           a->start_granularity == b->start_granularity && a->end_granularity == b->end_granularity;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    riap_ctx *ctx = NULL;
    riap_era_match *m = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 0;
    if (riap_era_match_new(&m) != RIAP_OK) {
        riap_ctx_free(ctx);
        return 0;
    }
    unsigned int opts = 0;
    if (size) {
        opts = (data[0] & 1 ? RIAP_OPT_STRICT : 0) | (data[0] & 2 ? RIAP_OPT_LANG_JA : 0);
        data++;
        size--;
    }
    riap_ctx_set_options(ctx, opts);
    const char *text = (const char *)data;

    /* the extended parse agrees with the plain one */
    riap_era_range a, b;
    riap_status sa = riap_era_parse(&a, ctx, text, size);
    riap_status sb = riap_era_parse_match(m, ctx, text, size);
    if (sa != sb || riap_era_match_status(m) != sb)
        abort();
    if (sa == RIAP_OK &&
        (riap_era_match_range(m, &b) != RIAP_OK || !same(&a, &b) || a.warnings != b.warnings))
        abort();

    /* every match in running text */
    size_t at = 0, prev_end = 0, count = 0;
    while (riap_era_find(m, ctx, text, size, at) == RIAP_OK && riap_era_match_found(m)) {
        size_t off = riap_era_match_offset(m), len = riap_era_match_length(m);
        if (len == 0 || off < at || off < prev_end || off + len > size || ++count > size)
            abort();
        riap_status st = riap_era_match_status(m);
        riap_era_range found, alone;
        if (st == RIAP_OK && riap_era_match_range(m, &found) != RIAP_OK)
            abort();
        if (st != RIAP_OK && !riap_ctx_last_error(ctx))
            abort();
        riap_status s2 = riap_era_parse(&alone, ctx, text + off, len);
        if (len > RIAP_ERA_MAX_INPUT) { /* white space inside: longer than an expression */
            if (s2 != RIAP_ERR_LIMIT)
                abort();
        } else if (riap_era_match_flags(m) & RIAP_ERA_MATCH_CONTEXT) {
            if (s2 == RIAP_OK) /* read against the date before: alone, no date */
                abort();
        } else if (s2 != st || (st == RIAP_OK && !same(&found, &alone))) {
            abort();
        }
        at = prev_end = off + len;
    }
    riap_era_match_free(m);
    riap_ctx_free(ctx);
    return 0;
}
