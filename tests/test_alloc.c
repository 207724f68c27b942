/* SPDX-License-Identifier: MIT */
/* alloc: allocation-failure sweeps of the public entry points that allocate. Each call is made
 * with the first N allocations of the library succeeding and the next failing, for N = 0, 1,
 * 2, ... until it succeeds (it must, within a bound): every failed attempt returns
 * RIAP_ERR_NOMEM and leaves nothing behind (ASan's and valgrind's leak checks run this too).
 * libxml2's and ICU's own allocations are not part of the sweep: their allocators can only be
 * replaced process-wide, which a library must not do to its host program. */
#include "runner.h"

#include "core_int.h"
#include "riap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#define SWEEP_MAX 20000

/* Failed attempts whose context held the error `nomem` (each a RIAP_ERR_NOMEM). */
static long nomem_diags;

static const char *DOC =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- 担当: 商工観光課 -->\n"
    "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"
    "  <plan id=\"a\"><?pi data?>\n"
    "    <title>墨田区地域産業活性化計画</title>\n"
    "    <municipality kind=\"区\" prefecture=\"東京都\" code=\"131075\">墨田区</municipality>\n"
    "    <period from=\"2022-04-01\" to=\"2025-03-31\">令和４年度～令和６年度</period>\n"
    "    <overview><p> ＡＢＣの概要　</p></overview>\n"
    "    <initiatives scheme=\"tokyo-2022\">\n"
    "      <category id=\"collaboration\"><heading>h</heading><project><name>ｶﾀｶﾅ</name>"
    "<also category=\"transformation\"/></project></category>\n"
    "      <category id=\"transformation\"><heading>h</heading><project><name>n</name>"
    "</project></category>\n"
    "    </initiatives>\n"
    "    <figure category=\"collaboration\">図</figure>\n"
    "  </plan>\n"
    "  <!-- last -->\n"
    "</document>\n"
    "<!-- epilog -->\n";

/* What one attempt does; returns its status, and frees what it made when it succeeded. */
typedef riap_status (*attempt_fn)(riap_ctx *ctx, void *arg);

/* Runs fn with 0, 1, 2, ... allocations allowed until it succeeds; returns the number of
 * failed attempts, or -1 after a wrong status or no success within SWEEP_MAX. Under
 * RIAP_QUICK (valgrind), every 7th N only. */
static long sweep(const char *name, attempt_fn fn, void *arg)
{
    long step = riap_test_quick() ? 7 : 1;
    for (long n = 0; n < SWEEP_MAX; n += step) {
        riap_ctx *ctx = NULL;
        if (riap_ctx_new(&ctx) != RIAP_OK)
            return -1;
        riap__test_alloc_fail_after(n);
        riap_status st = fn(ctx, arg);
        riap__test_alloc_fail_after(-1);
        const riap_diag *e = riap_ctx_last_error(ctx);
        if (st == RIAP_ERR_NOMEM && e && !strcmp(riap_diag_rule(e), "nomem"))
            nomem_diags++;
        riap_ctx_free(ctx);
        if (st == RIAP_OK) {
            if (getenv("RIAP_VERBOSE"))
                fprintf(stderr, "  %s: succeeded after %ld failed attempts\n", name, n);
            return n;
        }
        if (st != RIAP_ERR_NOMEM) {
            fprintf(stderr, "\n  %s: %s after %ld allocations\n", name, riap_status_name(st), n);
            return -1;
        }
    }
    fprintf(stderr, "\n  %s: no success within %d allocations\n", name, SWEEP_MAX);
    return -1;
}

static riap_status a_ctx_new(riap_ctx *ctx, void *arg)
{
    (void)ctx;
    (void)arg;
    riap_ctx *c = NULL;
    riap_status st = riap_ctx_new(&c);
    riap_ctx_free(c);
    return st;
}

static riap_status a_era(riap_ctx *ctx, void *arg)
{
    riap_era_range r;
    riap_status st = riap_era_parse(&r, ctx, arg, strlen(arg));
    if (st != RIAP_OK)
        return st;
    char *s = NULL;
    if ((st = riap_era_format_range(&s, ctx, &r, RIAP_FORMAT_COMPACT)) != RIAP_OK)
        return st;
    riap_free(s);
    if ((st = riap_era_format_day(&s, ctx, &r.start, 0)) != RIAP_OK)
        return st;
    riap_free(s);
    if ((st = riap_era_format_fiscal_year(&s, ctx, r.start.year, 0)) != RIAP_OK)
        return st;
    riap_free(s);
    if ((st = riap_era_range_to_iso(&s, &r)) != RIAP_OK)
        return st;
    riap_free(s);
    return RIAP_OK;
}

typedef struct mem {
    const char *p;
    size_t n;
} mem;

static riap_status a_load_validate_normalize_save(riap_ctx *ctx, void *arg)
{
    const mem *m = arg;
    riap_doc *doc = NULL;
    riap_status st = riap_doc_load_memory(&doc, ctx, m->p, m->n);
    if (st != RIAP_OK)
        return st;
    riap_report *r = NULL;
    if ((st = riap_validate(&r, ctx, doc)) == RIAP_OK) {
        riap_report_free(r);
        r = NULL;
        st = riap_normalize(&r, ctx, doc);
    }
    riap_report_free(r);
    char *out = NULL;
    if (st == RIAP_OK)
        st = riap_doc_save_memory(&out, NULL, ctx, doc);
    riap_free(out);
    riap_doc_free(doc);
    return st;
}

static riap_status a_files(riap_ctx *ctx, void *arg)
{
    const char *path = arg;
    riap_report *r = NULL;
    riap_status st = riap_validate_file(&r, ctx, path);
    riap_report_free(r);
    r = NULL;
    if (st != RIAP_OK)
        return st;
    st = riap_validate_stream_file(&r, ctx, path);
    riap_report_free(r);
    if (st != RIAP_OK)
        return st;
    riap_doc *doc = NULL;
    if ((st = riap_doc_load_file(&doc, ctx, path)) != RIAP_OK)
        return st;
    char out[4200];
    snprintf(out, sizeof out, "%s.saved", path);
    st = riap_doc_save_file(ctx, doc, out);
    riap_doc_free(doc);
    unlink(out);
    return st;
}

/* riap_import_text on a text: a document, or a report whose errors say why not */
static riap_status a_import(riap_ctx *ctx, void *arg)
{
    const mem *m = arg;
    riap_doc *doc = NULL;
    riap_report *rep = NULL;
    riap_status st = riap_import_text(&doc, &rep, ctx, m->p, m->n, "in.txt");
    if (st == RIAP_OK && (!rep || (!doc && riap_report_error_count(rep) == 0)))
        st = RIAP_ERR_ARG; /* a wrong outcome, not a failed allocation */
    riap_doc_free(doc);
    riap_report_free(rep);
    return st;
}

/* riap_doc_export in each format, and the JSON writer's renderers */
static riap_status a_export(riap_ctx *ctx, void *arg)
{
    const mem *m = arg;
    riap_doc *doc = NULL;
    riap_status st = riap_doc_load_memory(&doc, ctx, m->p, m->n);
    static const riap_export_format formats[] = {RIAP_EXPORT_JSON, RIAP_EXPORT_CSV,
                                                 RIAP_EXPORT_CSV_PLANS};
    for (size_t i = 0; st == RIAP_OK && i < sizeof formats / sizeof formats[0]; i++) {
        char *out = NULL;
        st = riap_doc_export(&out, NULL, ctx, doc, formats[i], RIAP_EXPORT_BOM);
        if (st == RIAP_OK && !out)
            st = RIAP_ERR_ARG;
        riap_free(out);
    }
    riap_report *rep = NULL;
    if (st == RIAP_OK)
        st = riap_validate(&rep, ctx, doc);
    riap_json *j = NULL;
    if (st == RIAP_OK)
        st = riap_json_new(&j);
    if (st == RIAP_OK) {
        riap_json_array_begin(j);
        riap_json_doc(j, doc);
        riap_json_report(j, rep, "in.xml", RIAP_JSON_NOTES);
        riap_json_error(j, NULL, RIAP_ERR_IO);
        riap_json_array_end(j);
        st = riap_json_status(j);
        if (st == RIAP_OK && !riap_json_text(j, NULL))
            st = RIAP_ERR_ARG;
    }
    riap_json_free(j);
    riap_report_free(rep);
    riap_doc_free(doc);
    return st;
}

static void test_alloc_sweeps(void)
{
    CU_ASSERT_TRUE(sweep("riap_ctx_new", a_ctx_new, NULL) >= 0);
    static const char *era[] = {"令和４年度～令和６年度", "㋿4年4月1日", "R4.4.1～R5.3.31",
                                "令和四年四月一日", "平成32年度"};
    for (size_t i = 0; i < sizeof era / sizeof era[0]; i++)
        CU_ASSERT_TRUE(sweep(era[i], a_era, (void *)era[i]) >= 0);

    mem utf8 = {DOC, strlen(DOC)};
    long n =
        sweep("load, validate, normalize, save (UTF-8)", a_load_validate_normalize_save, &utf8);
    CU_ASSERT_TRUE(n > 10); /* the sweep did go through many allocations */

    /* the same document in Shift_JIS (CP932), through the converting path */
    char sjis_decl[2048];
    const char *rest = strstr(DOC, "?>");
    snprintf(sjis_decl, sizeof sjis_decl, "<?xml version=\"1.0\" encoding=\"Shift_JIS\"%s", rest);
    UErrorCode ec = U_ZERO_ERROR;
    char sjis[2048];
    int32_t sl = ucnv_convert("windows-31j", "UTF-8", sjis, sizeof sjis, sjis_decl,
                              (int32_t)strlen(sjis_decl), &ec);
    CU_ASSERT_FATAL(U_SUCCESS(ec));
    mem cp932 = {sjis, (size_t)sl};
    CU_ASSERT_TRUE(sweep("load, validate, normalize, save (Shift_JIS)",
                         a_load_validate_normalize_save, &cp932) > 10);

    char path[] = "/tmp/riap-alloc-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, DOC, strlen(DOC)), (ssize_t)strlen(DOC));
    close(fd);
    CU_ASSERT_TRUE(
        sweep("validate_file, validate_stream_file, load_file, save_file", a_files, path) > 10);
    unlink(path);

    CU_ASSERT_TRUE(sweep("export (JSON, CSV, CSV per plan) and the JSON writer", a_export, &utf8) >
                   10);
    /* import: a summary with captions, a page break and a ☆ link; and one that fails */
    static const char *const texts[] = {"captions.txt", "periods.txt", "unclosed.txt"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char name[512];
        snprintf(name, sizeof name, "%s/tests/data/import/%s", RIAP_TEST_SRCDIR, texts[i]);
        FILE *f = fopen(name, "rb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        static char buf[16384];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        mem text = {buf, len};
        CU_ASSERT_TRUE(sweep(texts[i], a_import, &text) > 10);
    }
    /* the functions that report on their context say why: the rule nomem */
    CU_ASSERT_TRUE(nomem_diags > 0);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("alloc", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_alloc_sweeps);
    return 0;
}
