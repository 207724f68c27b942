/* SPDX-License-Identifier: MIT */
/* libFuzzer target: streaming validation, fed in chunks of sizes the input chooses, gives the
 * same report as whole-document validation (rule, severity, line, column and offset of every
 * diagnostic, and the counts). The first 8 bytes are the read sizes (1 to 256 bytes, in turn),
 * the rest is the document. Built with ./configure CC=clang --enable-fuzzing. */
#define _GNU_SOURCE 1 /* memfd_create */
#include <riap.h>

#include "xml_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void dump(const char *what, const riap_report *r)
{
    fprintf(stderr, "%s: %zu diagnostics, %zu errors, %zu warnings\n", what, riap_report_count(r),
            riap_report_error_count(r), riap_report_warning_count(r));
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        fprintf(stderr, "  %u:%u @%lld %d [%s] %s\n", riap_diag_line(d), riap_diag_column(d),
                (long long)riap_diag_offset(d), (int)riap_diag_severity(d), riap_diag_rule(d),
                riap_diag_message(d));
    }
}

static void differ(const riap_report *a, const riap_report *b)
{
    dump("whole document", a);
    dump("streamed in chunks", b);
    abort();
}

static void same_reports(const riap_report *a, const riap_report *b)
{
    if (riap_report_count(a) != riap_report_count(b) ||
        riap_report_error_count(a) != riap_report_error_count(b) ||
        riap_report_warning_count(a) != riap_report_warning_count(b))
        differ(a, b);
    for (size_t i = 0; i < riap_report_count(a); i++) {
        const riap_diag *x = riap_report_get(a, i), *y = riap_report_get(b, i);
        if (strcmp(riap_diag_rule(x), riap_diag_rule(y)) ||
            riap_diag_severity(x) != riap_diag_severity(y) ||
            riap_diag_line(x) != riap_diag_line(y) || riap_diag_column(x) != riap_diag_column(y) ||
            riap_diag_offset(x) != riap_diag_offset(y))
            differ(a, b);
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 8)
        return 0;
    const unsigned char *sizes = data;
    data += 8;
    size -= 8;
    int fd = memfd_create("riap-fuzz", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) == RIAP_OK) {
        riap_report *whole = NULL, *streamed = NULL;
        riap_status a = riap_validate_file(&whole, ctx, path);
        riap__test_read_sizes(sizes, 8);
        riap_status b = riap_validate_stream_file(&streamed, ctx, path);
        riap__test_read_sizes(NULL, 0);
        if (a != b || (a == RIAP_OK) != (whole != NULL) || (b == RIAP_OK) != (streamed != NULL))
            abort();
        if (a == RIAP_OK)
            same_reports(whole, streamed);
        riap_report_free(whole);
        riap_report_free(streamed);
        riap_ctx_free(ctx);
    }
    close(fd);
    return 0;
}
