/* SPDX-License-Identifier: MIT */
/* hostile: plan files from outside. Encodings, NUL bytes, truncation, DTDs and entities, deep
 * nesting, huge text, size limits, libxml2's process-wide defaults, nothing read but the file. */
#include "runner.h"

#include "xml_priv.h"

#include "riap.h"

#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unistd.h>

static char *example(size_t *len)
{
    const char *path = riap_test_src("examples/plans.xml");
    return riap_test_read(path, len);
}

static const char *SMALL =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"
    "  <plan id=\"a\">\n"
    "    <title>墨田区地域産業活性化計画</title>\n"
    "    <municipality kind=\"区\" prefecture=\"東京都\" code=\"131075\">墨田区</municipality>\n"
    "    <period from=\"2022-04-01\" to=\"2025-03-31\">令和4年度から令和6年度まで</period>\n"
    "    <overview><p>ものづくり企業の協働、ｶﾀｶﾅ、漢字。</p></overview>\n"
    "    <initiatives scheme=\"tokyo-2022\"><category id=\"collaboration\"><heading>連携</heading>"
    "</category><category id=\"transformation\"><heading>変革</heading></category></initiatives>\n"
    "  </plan>\n"
    "</document>\n";

/* Loads bytes; returns the status and copies the first diagnostic's rule. */
static riap_status load(const char *data, size_t len, riap_doc **doc, char *rule, uint32_t *line,
                        int64_t *offset)
{
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *d = NULL;
    riap_status st = riap_doc_load_memory(&d, ctx, data, len);
    const riap_diag *e = riap_ctx_last_error(ctx);
    if (rule)
        snprintf(rule, 64, "%s", e ? riap_diag_rule(e) : "");
    if (line)
        *line = e ? riap_diag_line(e) : 0;
    if (offset)
        *offset = e ? riap_diag_offset(e) : -1;
    riap_ctx_free(ctx);
    if (doc)
        *doc = d;
    else
        riap_doc_free(d);
    return st;
}

/* Converts UTF-8 to an ICU encoding, replacing the declaration's encoding name. */
static char *encode(const char *utf8, const char *icu, const char *decl, size_t *out_len,
                    const char *bom, size_t bom_len)
{
    char *src = strdup(utf8);
    char *p = strstr(src, "encoding=\"UTF-8\"");
    char *tmp = malloc(strlen(src) + 64);
    if (p) {
        *p = '\0';
        sprintf(tmp, "%sencoding=\"%s\"%s", src, decl, p + strlen("encoding=\"UTF-8\""));
    } else {
        strcpy(tmp, src);
    }
    free(src);
    UErrorCode ec = U_ZERO_ERROR;
    size_t cap = strlen(tmp) * 4 + 16;
    UChar *u = malloc(cap * sizeof *u);
    int32_t ulen;
    u_strFromUTF8(u, (int32_t)cap, &ulen, tmp, -1, &ec);
    UConverter *cnv = ucnv_open(icu, &ec);
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    char *out = malloc(cap * 2 + bom_len);
    memcpy(out, bom, bom_len);
    int32_t n = ucnv_fromUChars(cnv, out + bom_len, (int32_t)(cap * 2), u, ulen, &ec);
    ucnv_close(cnv);
    free(u);
    free(tmp);
    if (U_FAILURE(ec)) {
        fprintf(stderr, "\n  cannot encode as %s: %s\n", icu, u_errorName(ec));
        free(out);
        return NULL;
    }
    *out_len = (size_t)n + bom_len;
    return out;
}

static void test_hostile_encodings_read(void)
{
    riap_doc *ref = NULL, *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(load(SMALL, strlen(SMALL), &ref, NULL, NULL, NULL), RIAP_OK);
    static const struct {
        const char *icu, *decl, *bom;
        size_t bom_len;
    } encs[] = {
        {"UTF-8", "UTF-8", "\xEF\xBB\xBF", 3}, {"UTF-16LE", "UTF-16", "\xFF\xFE", 2},
        {"UTF-16BE", "UTF-16", "\xFE\xFF", 2}, {"windows-31j", "Shift_JIS", "", 0},
        {"windows-31j", "windows-31j", "", 0}, {"EUC-JP", "EUC-JP", "", 0},
    };
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        size_t n;
        char *bytes = encode(SMALL, encs[i].icu, encs[i].decl, &n, encs[i].bom, encs[i].bom_len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(bytes);
        char rule[64];
        riap_status st = load(bytes, n, &doc, rule, NULL, NULL);
        if (st != RIAP_OK)
            fprintf(stderr, "\n  %s: %s\n", encs[i].decl, rule);
        CU_ASSERT_EQUAL(st, RIAP_OK);
        CU_ASSERT_TRUE(riap_doc_equal(doc, ref)); /* the model is UTF-8, the same */
        riap_doc_free(doc);
        free(bytes);
    }
    /* the whole example in Shift_JIS */
    size_t len, n;
    char *ex = example(&len);
    riap_doc *exref = NULL;
    CU_ASSERT_EQUAL(load(ex, len, &exref, NULL, NULL, NULL), RIAP_OK);
    char *sjis = encode(ex, "windows-31j", "Shift_JIS", &n, "", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sjis);
    CU_ASSERT_EQUAL(load(sjis, n, &doc, NULL, NULL, NULL), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, exref));
    riap_doc_free(doc);
    riap_doc_free(exref);
    free(sjis);
    free(ex);
    riap_doc_free(ref);
}

typedef struct bad {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen */
    riap_status status;
    const char *rule;
    uint32_t line;
    int64_t offset; /* -2: do not check */
} bad;

static void test_hostile_bad_bytes(void)
{
    static const char sjis_doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document>\x95\x5C</document>\n";
    static const char nul_doc[] = "<?xml version=\"1.0\"?>\n<document>\n ab\0cd</document>\n";
    static const char trunc_utf8[] = "<?xml version=\"1.0\"?>\n<document>墨\xE7\x94";
    static const bad cases[] = {
        {"UTF-8 declared, Shift_JIS bytes", sjis_doc, sizeof sjis_doc - 1, RIAP_ERR_ENCODING,
         "invalid-encoding", 2, 49},
        {"NUL byte", nul_doc, sizeof nul_doc - 1, RIAP_ERR_ENCODING, "nul-byte", 3, 36},
        {"truncated UTF-8 sequence", trunc_utf8, sizeof trunc_utf8 - 1, RIAP_ERR_ENCODING,
         "invalid-encoding", 2, 35},
        {"overlong UTF-8", "<a>\xC0\xAF</a>", 0, RIAP_ERR_ENCODING, "invalid-encoding", 1, 3},
        {"surrogate in UTF-8", "<a>\xED\xA0\x80</a>", 0, RIAP_ERR_ENCODING, "invalid-encoding", 1,
         3},
        {"Latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 0,
         RIAP_ERR_ENCODING, "unsupported-encoding", 1, 0},
        {"UTF-32 BOM", "\xFF\xFE\0\0<\0\0\0", 8, RIAP_ERR_ENCODING, "unsupported-encoding", 1, 0},
        {"UTF-8 BOM declaring Shift_JIS",
         "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>", 0, RIAP_ERR_ENCODING,
         "encoding-mismatch", 1, 0},
        {"UTF-16LE BOM declaring UTF-8",
         "\xFF\xFE<\000?\000x\000m\000l\000 "
         "\000v\000e\000r\000s\000i\000o\000n\000=\000\"\0001\000.\0000\000\"\000 "
         "\000e\000n\000c\000o\000d\000i\000n\000g\000=\000\"\000U\000T\000F\000-\0008\000\"\000?"
         "\000>\000<\000a\000/\000>\000",
         86, RIAP_ERR_ENCODING, "encoding-mismatch", 1, 0},
        {"UTF-16BE BOM declaring UTF-16LE",
         "\xFE\xFF\000<\000?\000x\000m\000l\000 "
         "\000v\000e\000r\000s\000i\000o\000n\000=\000\"\0001\000.\0000\000\"\000 "
         "\000e\000n\000c\000o\000d\000i\000n\000g\000=\000\"\000U\000T\000F\000-"
         "\0001\0006\000L\000E\000\"\000?\000>\000<\000a\000/\000>",
         92, RIAP_ERR_ENCODING, "encoding-mismatch", 1, 0},
        {"ASCII declared, 8-bit byte",
         "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<a>\xE5\xA2\xA8</a>", 0, RIAP_ERR_ENCODING,
         "invalid-encoding", 2, 45},
        {"Shift_JIS declared, a byte no Shift_JIS has",
         "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<a>\x82\xa0\xff\xff</a>\n", 0,
         RIAP_ERR_ENCODING, "invalid-encoding", 2, 48},
        {"gzip bytes", "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10, RIAP_ERR_ENCODING,
         "invalid-encoding", 1, 1},
        {"truncated document",
         "<?xml version=\"1.0\"?>\n<document xmlns=\"urn:libriap:plan:1\" vers", 0, RIAP_ERR_XML,
         "xml-syntax", 2, -2},
        {"extra content after the root",
         "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"/>\n<more/>\n", 0, RIAP_ERR_XML,
         "xml-syntax", 2, -2},
        {"billion laughs",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 "
         "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>\n",
         0, RIAP_ERR_XML, "doctype", 2, 22},
        {"external entity",
         "<!-- c --><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>", 0,
         RIAP_ERR_XML, "doctype", 1, 10},
        {"external DTD",
         "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"http://example.org/d.dtd\"><d/>", 0,
         RIAP_ERR_XML, "doctype", 1, 21},
        {"undeclared entity",
         "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">&x;</document>", 0, RIAP_ERR_XML,
         "xml-syntax", 1, -2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad *c = &cases[i];
        char rule[64];
        uint32_t line;
        int64_t off;
        riap_doc *doc = (riap_doc *)1;
        riap_status st = load(c->data, c->len ? c->len : strlen(c->data), &doc, rule, &line, &off);
        if (st != c->status || strcmp(rule, c->rule) != 0 || (c->line && line != c->line) ||
            (c->offset != -2 && off != c->offset))
            fprintf(stderr, "\n  %s: %s %s line %u offset %lld\n", c->name, riap_status_name(st),
                    rule, line, (long long)off);
        CU_ASSERT_EQUAL(st, c->status);
        CU_ASSERT_STRING_EQUAL(rule, c->rule);
        CU_ASSERT_PTR_NULL(doc);
        if (c->line)
            CU_ASSERT_EQUAL(line, c->line);
        if (c->offset != -2)
            CU_ASSERT_EQUAL(off, c->offset);
    }
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Builds "<document ...>\n<plan " + count attributes of a kind + "/></document>": 0 a<i>="1",
 * 1 xmlns:p<i>="urn:x", 2 both. */
static char *start_tag(size_t count, int kind, size_t *len)
{
    size_t cap = count * 48 + 200, n = 0;
    char *p = malloc(cap);
    n += (size_t)sprintf(p, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n<plan ");
    for (size_t i = 0; i < count; i++) {
        if (kind == 0)
            n += (size_t)sprintf(p + n, "a%zu=\"1\" ", i);
        else if (kind == 1)
            n += (size_t)sprintf(p + n, "xmlns:p%zu=\"urn:x\" ", i);
        else
            n += (size_t)sprintf(p + n, "xmlns:p%zu='urn:x' a%zu='' ", i, i);
    }
    n += (size_t)sprintf(p + n, "/></document>\n");
    *len = n;
    return p;
}

/* The shapes libxml2 2.9.14 parses in quadratic time are refused before it sees them, fast,
 * with the position of the first item over the limit; the limits spare real documents. */
static void test_hostile_quadratic_shapes(void)
{
    static const struct {
        int kind;
        const char *rule;
        size_t count;
    } cases[] = {
        {0, "too-many-attributes", 100000},
        {1, "too-many-namespaces", 300000},
        {2, "too-many-namespaces", 1000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *doc = start_tag(cases[i].count, cases[i].kind, &len);
        char rule[64];
        uint32_t line = 0;
        int64_t off = -1;
        double t0 = seconds();
        CU_ASSERT_EQUAL(load(doc, len, NULL, rule, &line, &off), RIAP_ERR_LIMIT);
        CU_ASSERT_TRUE(seconds() - t0 < 2.0);
        CU_ASSERT_STRING_EQUAL(rule, cases[i].rule);
        CU_ASSERT_EQUAL(line, 2);
        CU_ASSERT_TRUE(off > 50 && off < (int64_t)len / 2);
        free(doc);
    }
    /* exactly at the limits: accepted by the guard (the schema then says what it thinks) */
    size_t len;
    char *doc = start_tag(RIAP__XML_MAX_ATTRIBUTES, 0, &len);
    char rule[64];
    load(doc, len, NULL, rule, NULL, NULL);
    CU_ASSERT_STRING_EQUAL(rule, "schema");
    free(doc);
    doc = start_tag(RIAP__XML_MAX_ATTRIBUTES + 1, 0, &len);
    CU_ASSERT_EQUAL(load(doc, len, NULL, rule, NULL, NULL), RIAP_ERR_LIMIT);
    free(doc);
    /* a long name */
    char name[RIAP__XML_MAX_NAME + 64];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    char *longname = malloc(sizeof name + 200);
    len = (size_t)sprintf(
        longname, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><%s/></document>", name);
    CU_ASSERT_EQUAL(load(longname, len, NULL, rule, NULL, NULL), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(rule, "name-too-long");
    free(longname);
    /* the guard reads markup right, in chunks cut anywhere: the bundled example (comments,
     * declaration, attributes with '>' and '/' in values) passes at every chunk size */
    size_t exlen;
    char *ex = example(&exlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    for (size_t step = 1; step <= 9; step++) {
        riap__xml_guard g;
        riap__xml_guard_init(&g);
        size_t nbad = 0;
        for (size_t at = 0; at < exlen; at += step) {
            size_t k = exlen - at < step ? exlen - at : step;
            if (riap__xml_guard_scan(&g, ex + at, k) != k)
                nbad++;
        }
        CU_ASSERT_EQUAL(nbad, 0);
        CU_ASSERT_EQUAL(g.depth, 0);
    }
    free(ex);
    static const char *fine =
        "<?xml version='1.0'?><!-- <a b='1' c='2'> ---><x a='>/' b=\"'\"><![CDATA[<y "
        "z='1'>]]]></x><?pi <q r='1'>?"
        "?>";
    riap__xml_guard g;
    riap__xml_guard_init(&g);
    for (size_t i = 0; fine[i]; i++)
        CU_ASSERT_EQUAL(riap__xml_guard_scan(&g, fine + i, 1), 1);
    CU_ASSERT_EQUAL(g.depth, 0);
    CU_ASSERT_EQUAL(g.attrs, 2);
}

/* Validates data whole and streamed in reads of the given sizes (each + 1 bytes), and checks
 * that the reports say the same: rule, severity, line, column and offset of each diagnostic.
 * Streamed twice: read in turn, and read ahead on a thread of the library's own. */
static int same_reports(const riap_report *a, const riap_report *b)
{
    int ok = riap_report_count(a) == riap_report_count(b) &&
             riap_report_error_count(a) == riap_report_error_count(b);
    for (size_t i = 0; ok && i < riap_report_count(a); i++) {
        const riap_diag *x = riap_report_get(a, i), *y = riap_report_get(b, i);
        ok = !strcmp(riap_diag_rule(x), riap_diag_rule(y)) &&
             riap_diag_severity(x) == riap_diag_severity(y) &&
             riap_diag_line(x) == riap_diag_line(y) && riap_diag_column(x) == riap_diag_column(y) &&
             riap_diag_offset(x) == riap_diag_offset(y);
    }
    if (!ok)
        fprintf(stderr, "\n  whole: %zu diagnostics, first %s; streamed: %zu, first %s\n",
                riap_report_count(a),
                riap_report_count(a) ? riap_diag_rule(riap_report_get(a, 0)) : "-",
                riap_report_count(b),
                riap_report_count(b) ? riap_diag_rule(riap_report_get(b, 0)) : "-");
    return ok;
}

static int same_whole_and_streamed(const char *data, size_t len, const unsigned char *sizes,
                                   size_t nsizes)
{
    char path[] = "/tmp/riap-chunks-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    int ok = write(fd, data, len) == (ssize_t)len;
    close(fd);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_report *a = NULL;
    riap_status sa = riap_validate_file(&a, ctx, path);
    ok = ok && sa == RIAP_OK;
    for (int ahead = 0; ok && ahead < 2; ahead++) {
        riap_report *b = NULL;
        riap__test_read_sizes(sizes, nsizes);
        riap__test_read_ahead(ahead ? 0 : SIZE_MAX);
        riap_status sb = riap_validate_stream_file(&b, ctx, path);
        riap__test_read_sizes(NULL, 0);
        riap__test_read_ahead(256 * 1024);
        ok = sb == RIAP_OK && same_reports(a, b);
        riap_report_free(b);
    }
    riap_report_free(a);
    riap_ctx_free(ctx);
    unlink(path);
    return ok;
}

/* However the input is cut into reads, the report is the same: the fuzzer's findings
 * (tests/data/fuzz/stream: 8 bytes of read sizes, then the document), and faults put into the
 * bundled example at many places (bad bytes, a NUL, an unclosed CDATA section, a DOCTYPE, a
 * processing instruction holding '<', too many attributes), read in several patterns. */
static void test_hostile_same_report_however_cut(void)
{
    static const char *found[] = {"doctype-after-pi",         "declaration-cut",
                                  "sjis-long-line",           "root-element-typo",
                                  "utf16-lead-surrogate-cut", "eucjp-lead-byte-cut"};
    for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "fuzz/stream/%s", found[i]);
        size_t len;
        char *d = riap_test_read(riap_test_path(rel), &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_FATAL(len > 8);
        CU_ASSERT_TRUE(same_whole_and_streamed(d + 8, len - 8, (const unsigned char *)d, 8));
        free(d);
    }
    size_t exlen;
    char *ex = example(&exlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    static const char *faults[] = {"\xff",         "\x00",       "<![CDATA[",
                                   "<!DOCTYPE x>", "<?pi <p>?>", "\xe3\x81"};
    static const unsigned char patterns[][8] = {{0, 0, 0, 0, 0, 0, 0, 0},
                                                {6, 0, 255, 2, 31, 3, 127, 1},
                                                {255, 255, 255, 255, 255, 255, 255, 255}};
    char *buf = malloc(exlen + 64);
    int differ = 0;
    for (size_t f = 0; f < sizeof faults / sizeof faults[0]; f++) {
        size_t fl = strlen(faults[f]) ? strlen(faults[f]) : 1;
        for (size_t at = 0; at < exlen; at += 997) {
            memcpy(buf, ex, at);
            memcpy(buf + at, faults[f], fl);
            memcpy(buf + at + fl, ex + at, exlen - at);
            for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++)
                if (!same_whole_and_streamed(buf, exlen + fl, patterns[p], 8)) {
                    fprintf(stderr, "  fault %zu at %zu, pattern %zu\n", f, at, p);
                    differ++;
                }
        }
    }
    CU_ASSERT_EQUAL(differ, 0);
    free(buf);
    free(ex);
}

/* The last diagnostic of data validated from a file, in reads of the given sizes (none: whole). */
static void first_diag_cut(const char *data, size_t len, const unsigned char *sizes, size_t nsizes,
                           char *rule, uint32_t *line, uint32_t *col, int64_t *off)
{
    char path[] = "/tmp/riap-cut-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
    close(fd);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_report *r = NULL;
    riap__test_read_sizes(sizes, nsizes);
    riap_status st =
        sizes ? riap_validate_stream_file(&r, ctx, path) : riap_validate_file(&r, ctx, path);
    riap__test_read_sizes(NULL, 0);
    CU_ASSERT_EQUAL(st, RIAP_OK);
    const riap_diag *d =
        r && riap_report_count(r) ? riap_report_get(r, riap_report_count(r) - 1) : NULL;
    snprintf(rule, 64, "%s", d ? riap_diag_rule(d) : "(none)");
    *line = d ? riap_diag_line(d) : 0;
    *col = d ? riap_diag_column(d) : 0;
    *off = d ? riap_diag_offset(d) : -1;
    riap_report_free(r);
    riap_ctx_free(ctx);
    unlink(path);
}

/* The report on data, validated from a file whole (sizes NULL) or streamed in reads of the
 * given sizes. */
static riap_report *report_cut(const char *data, size_t len, const unsigned char *sizes,
                               size_t nsizes)
{
    char path[] = "/tmp/riap-ends-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    bool ok = write(fd, data, len) == (ssize_t)len;
    close(fd);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_report *r = NULL;
    riap__test_read_sizes(sizes, nsizes);
    if (ok && (sizes ? riap_validate_stream_file(&r, ctx, path)
                     : riap_validate_file(&r, ctx, path)) != RIAP_OK)
        r = NULL;
    riap__test_read_sizes(NULL, 0);
    riap_ctx_free(ctx);
    unlink(path);
    return r;
}

/* Whether report b, of the file of report a with its line ends LF written as CR (crlf false)
 * or CR LF, says the same at the same lines and columns (and offsets, moved by the CRs). */
static bool same_at_other_ends(const riap_report *a, const riap_report *b, bool crlf)
{
    if (!a || !b || riap_report_count(a) != riap_report_count(b))
        return false;
    for (size_t i = 0; i < riap_report_count(a); i++) {
        const riap_diag *x = riap_report_get(a, i), *y = riap_report_get(b, i);
        int64_t want = riap_diag_offset(x);
        if (crlf && want >= 0)
            want += riap_diag_line(x) - 1;
        if (strcmp(riap_diag_rule(x), riap_diag_rule(y)) ||
            riap_diag_line(x) != riap_diag_line(y) || riap_diag_column(x) != riap_diag_column(y) ||
            riap_diag_offset(y) != want) {
            fprintf(stderr, "\n  %s %u:%u @%lld, with %s ends %s %u:%u @%lld\n", riap_diag_rule(x),
                    riap_diag_line(x), riap_diag_column(x), (long long)want, crlf ? "CR LF" : "CR",
                    riap_diag_rule(y), riap_diag_line(y), riap_diag_column(y),
                    (long long)riap_diag_offset(y));
            return false;
        }
    }
    return true;
}

/* Line ends CR and CR LF count as LF does: every diagnostic at the same line and column,
 * wherever the reads cut the input (a CR at a read's end, its LF at the next one's start), and
 * the texts the same. libxml2 counts lines at LF only: a file of lone CRs was all line 1. */
static void test_hostile_line_ends(void)
{
    size_t exlen;
    char *ex = example(&exlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    static const char *faults[] = {"", "\xff", "<x/>", "R7.13.1", "\x01"};
    static const unsigned char patterns[][8] = {{0, 0, 0, 0, 0, 0, 0, 0},
                                                {1, 2, 0, 5, 3, 0, 1, 0},
                                                {255, 255, 255, 255, 255, 255, 255, 255}};
    char *lf = malloc(exlen + 16), *other = malloc(2 * exlen + 32);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    int differ = 0, cases = 0;
    for (size_t f = 0; f < sizeof faults / sizeof faults[0]; f++)
        for (size_t at = exlen / 3; at < exlen; at += f ? exlen / 4 : exlen) {
            size_t fl = strlen(faults[f]), n = 0;
            memcpy(lf, ex, at);
            memcpy(lf + at, faults[f], fl);
            memcpy(lf + at + fl, ex + at, exlen - at);
            n = exlen + fl;
            for (int crlf = 0; crlf < 2; crlf++) {
                size_t m = 0;
                for (size_t i = 0; i < n; i++)
                    if (lf[i] == '\n') {
                        other[m++] = '\r';
                        if (crlf)
                            other[m++] = '\n';
                    } else {
                        other[m++] = lf[i];
                    }
                for (size_t p = 0; p <= sizeof patterns / sizeof patterns[0]; p++) {
                    const unsigned char *sz = p ? patterns[p - 1] : NULL;
                    riap_report *a = report_cut(lf, n, sz, p ? 8 : 0);
                    riap_report *b = report_cut(other, m, sz, p ? 8 : 0);
                    cases++;
                    if (!same_at_other_ends(a, b, crlf)) {
                        fprintf(stderr, "  fault %zu at %zu, pattern %zu\n", f, at, p);
                        differ++;
                    }
                    riap_report_free(a);
                    riap_report_free(b);
                }
                if (f == 0) { /* the texts read are the same */
                    riap_ctx *ctx = NULL;
                    riap_ctx_new(&ctx);
                    riap_doc *da = NULL, *db = NULL;
                    CU_ASSERT_EQUAL(riap_doc_load_memory(&da, ctx, lf, n), RIAP_OK);
                    CU_ASSERT_EQUAL(riap_doc_load_memory(&db, ctx, other, m), RIAP_OK);
                    char *xa = NULL, *xb = NULL;
                    size_t la = 0, lb = 0;
                    CU_ASSERT_EQUAL(riap_doc_save_memory(&xa, &la, ctx, da), RIAP_OK);
                    CU_ASSERT_EQUAL(riap_doc_save_memory(&xb, &lb, ctx, db), RIAP_OK);
                    CU_ASSERT_TRUE(xa && xb && la == lb && !memcmp(xa, xb, la));
                    riap_free(xa);
                    riap_free(xb);
                    riap_doc_free(da);
                    riap_doc_free(db);
                    riap_ctx_free(ctx);
                }
            }
        }
    CU_ASSERT_TRUE(cases > 40);
    CU_ASSERT_EQUAL(differ, 0);
    free(lf);
    free(other);
    free(ex);
}

/* Text where only elements may stand is placed at its first character that is not XML white
 * space (U+3000 and U+00A0 are not), named in the message, once for a run of text however long
 * (libxml2 checks it in pieces), read whole or streamed in any reads; libxml2 placed it at the
 * element's start tag. */
static void test_hostile_stray_text_placed(void)
{
    size_t exlen;
    char *ex = example(&exlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    static const char *marks[] = {"<metadata>",   "<source>",   "<plan ",  "<overview>",
                                  "<initiatives", "<category ", "</plan>", "</initiatives>"};
    char longrun[1300] = "";
    for (int i = 0; i < 400; i++)
        strcat(longrun, "続");
    const char *texts[] = {"x",     "\xe3\x80\x80",     "\xc2\xa0\xc2\xa0y", "\n    \xe3\x80\x80z",
                           longrun, "  <![CDATA[ q ]]>"};
    static const unsigned char patterns[][8] = {{0, 0, 0, 0, 0, 0, 0, 0}, {1, 2, 0, 5, 3, 0, 1, 0}};
    char *buf = malloc(exlen + sizeof longrun + 16),
         *crlf = malloc(2 * (exlen + sizeof longrun + 16));
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(crlf);
    int wrong = 0, cases = 0;
    for (size_t mk = 0; mk < sizeof marks / sizeof marks[0]; mk++) {
        const char *m = strstr(ex, marks[mk]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        size_t at = (size_t)(m - ex);
        if (marks[mk][1] != '/') /* after the start tag */
            at = (size_t)(strchr(m, '>') + 1 - ex);
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            size_t tl = strlen(texts[t]), k = 0;
            while (strchr(" \n", texts[t][k]))
                k++;
            if (texts[t][k] == '<') /* in the CDATA section */
                for (k += 9; texts[t][k] == ' '; k++)
                    ;
            memcpy(buf, ex, at);
            memcpy(buf + at, texts[t], tl);
            memcpy(buf + at + tl, ex + at, exlen - at);
            size_t n = exlen + tl, fault = at + k;
            uint32_t line = 1, col = 1;
            for (size_t i = 0; i < fault; i++)
                if (buf[i] == '\n')
                    line++, col = 1;
                else if (((unsigned char)buf[i] & 0xC0) != 0x80)
                    col++;
            for (size_t p = 0; p <= 2 * (sizeof patterns / sizeof patterns[0]) + 1; p++) {
                /* the second half: the same with CR LF line ends (each a byte more before it) */
                size_t pp = p % 3, m2 = n;
                const char *doc = buf;
                int64_t want_at = (int64_t)fault;
                if (p >= 3) {
                    m2 = 0;
                    for (size_t i = 0; i < n; i++) {
                        if (buf[i] == '\n')
                            crlf[m2++] = '\r';
                        crlf[m2++] = buf[i];
                    }
                    doc = crlf;
                    want_at += line - 1;
                }
                riap_report *r = report_cut(doc, m2, pp ? patterns[pp - 1] : NULL, pp ? 8 : 0);
                const riap_diag *d = NULL; /* the one error (the example has notes) */
                for (size_t i = 0; r && riap_report_error_count(r) == 1 && i < riap_report_count(r);
                     i++)
                    if (riap_diag_severity(riap_report_get(r, i)) == RIAP_SEVERITY_ERROR)
                        d = riap_report_get(r, i);
                cases++;
                if (!d || strcmp(riap_diag_rule(d), "schema") || riap_diag_line(d) != line ||
                    riap_diag_column(d) != col || riap_diag_offset(d) != want_at ||
                    !strstr(riap_diag_message(d), "where only elements may stand")) {
                    fprintf(stderr,
                            "\n  %s + text %zu, pattern %zu: want %u:%u @%zu, got %zu: %s %u:%u "
                            "@%lld %s\n",
                            marks[mk], t, p, line, col, fault, r ? riap_report_count(r) : 0,
                            d ? riap_diag_rule(d) : "-", d ? riap_diag_line(d) : 0,
                            d ? riap_diag_column(d) : 0, d ? (long long)riap_diag_offset(d) : -1,
                            d ? riap_diag_message(d) : "");
                    wrong++;
                }
                riap_report_free(r);
            }
        }
    }
    CU_ASSERT_EQUAL(cases, 8 * 6 * 6);
    CU_ASSERT_EQUAL(wrong, 0);
    free(crlf);
    free(buf);
    free(ex);
}

/* Appends ASCII text to doc[*n], as UTF-16LE when wide. */
static void put_ascii(char *doc, size_t *n, const char *t, bool wide)
{
    for (; *t; t++) {
        doc[(*n)++] = *t;
        if (wide)
            doc[(*n)++] = 0;
    }
}

/* Bad bytes in a Shift_JIS, UTF-16 or EUC-JP file are placed by the characters before them, however
 * long their line and wherever the reads cut a character (fuzz findings: a cut two-byte
 * character moved the column by one; a lead surrogate cut from the unit after it moved the
 * offset by one). */
static void test_hostile_converted_positions(void)
{
    static const struct {
        const char *encoding, *ch; /* あ */
        bool wide;
        const char *faults[3]; /* 2 bytes each at most, after the last あ */
        size_t flen[3];
    } encs[] = {
        {"Shift_JIS", "\x82\xa0", false, {"\xff", "\x82\xff", "\x85\x40"}, {1, 2, 2}},
        {"UTF-16", "\x42\x30", true, {"\xa4\xd8\x42\x30", "\x20\xdc", "\x3c"}, {4, 2, 1}},
        {"EUC-JP", "\xa4\xa2", false, {"\xff", "\xa4\x20", "\xa4\xff"}, {1, 2, 2}},
    };
    static const unsigned char patterns[][8] = {
        {0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1}, {2, 0, 4, 1, 6, 2, 0, 0}};
    size_t counts[] = {0, 1, 7, 600, 2000};
    char *doc = malloc(4 * 2000 + 256);
    for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
                bool wide = encs[e].wide;
                size_t n = 0;
                if (wide)
                    doc[n++] = '\xff', doc[n++] = '\xfe';
                char head[96];
                snprintf(head, sizeof head, "<?xml version=\"1.0\" encoding=\"%s\"?>\n<a>",
                         encs[e].encoding);
                put_ascii(doc, &n, head, wide);
                for (size_t k = 0; k < counts[c]; k++, n += 2)
                    memcpy(doc + n, encs[e].ch, 2);
                size_t at = n;
                memcpy(doc + n, encs[e].faults[b], encs[e].flen[b]);
                n += encs[e].flen[b];
                /* a lone last byte of UTF-16 is a cut unit: nothing may follow it */
                if (!(wide && encs[e].flen[b] == 1))
                    put_ascii(doc, &n, "</a>\n", wide);
                for (size_t p = 0; p <= sizeof patterns / sizeof patterns[0]; p++) {
                    char rule[64];
                    uint32_t line, col;
                    int64_t off;
                    first_diag_cut(doc, n, p ? patterns[p - 1] : NULL, p ? 8 : 0, rule, &line, &col,
                                   &off);
                    if (strcmp(rule, "invalid-encoding") || line != 2 || col != 4 + counts[c] ||
                        off != (int64_t)at)
                        fprintf(stderr,
                                "\n  %s: bad %zu after %zu characters, reads %zu: %s %u:%u @%lld\n",
                                encs[e].encoding, b, counts[c], p, rule, line, col, (long long)off);
                    CU_ASSERT_STRING_EQUAL(rule, "invalid-encoding");
                    CU_ASSERT_EQUAL(line, 2);
                    CU_ASSERT_EQUAL(col, 4 + counts[c]);
                    CU_ASSERT_EQUAL(off, (int64_t)at);
                }
            }
    free(doc);
}

static void test_hostile_big_and_deep(void)
{
    /* deep nesting: refused quickly */
    size_t depth = 100000, n = 0;
    char *deep = malloc(depth * 7 + 200);
    n += (size_t)sprintf(deep, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<a>");
    double t0 = seconds();
    char rule[64];
    CU_ASSERT_EQUAL(load(deep, n, NULL, rule, NULL, NULL), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(rule, "too-deep");
    CU_ASSERT_TRUE(seconds() - t0 < 5.0);
    free(deep);
    /* a 20 MB text node and a 20 MB attribute: refused by libxml2's limits, quickly */
    size_t big = 20u * 1024 * 1024;
    char *huge = malloc(big + 200);
    n = (size_t)sprintf(huge, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><p>");
    memset(huge + n, 'x', big);
    n += big;
    n += (size_t)sprintf(huge + n, "</p></document>");
    t0 = seconds();
    riap_status st = load(huge, n, NULL, rule, NULL, NULL);
    CU_ASSERT_EQUAL(st, RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(rule, "text-too-long");
    CU_ASSERT_TRUE(seconds() - t0 < 2.0);
    /* libxml2's push parser appends a text node's pieces with strcat: a text just under the
     * cap still reads in linear time (9 such texts take well under a second) */
    n = (size_t)sprintf(huge, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">");
    for (int k = 0; k < 9; k++) {
        n += (size_t)sprintf(huge + n, "<p>");
        memset(huge + n, 'x', RIAP__XML_MAX_TEXT);
        n += RIAP__XML_MAX_TEXT;
        n += (size_t)sprintf(huge + n, "</p>");
    }
    n += (size_t)sprintf(huge + n, "</document>");
    t0 = seconds();
    st = load(huge, n, NULL, rule, NULL, NULL);
    CU_ASSERT_EQUAL(st, RIAP_ERR_SCHEMA);
    CU_ASSERT_TRUE(seconds() - t0 < 5.0);
    /* a CDATA section counts as text */
    n = (size_t)sprintf(huge,
                        "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"><p><![CDATA[");
    memset(huge + n, 'x', RIAP__XML_MAX_TEXT + 1);
    n += RIAP__XML_MAX_TEXT + 1;
    n += (size_t)sprintf(huge + n, "]]></p></document>");
    CU_ASSERT_EQUAL(load(huge, n, NULL, rule, NULL, NULL), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(rule, "text-too-long");
    n = (size_t)sprintf(huge, "<document xmlns=\"urn:libriap:plan:1\" version=\"");
    memset(huge + n, '1', big);
    n += big;
    n += (size_t)sprintf(huge + n, "\"/>");
    st = load(huge, n, NULL, rule, NULL, NULL);
    CU_ASSERT_EQUAL(st, RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(rule, "value-too-long");
    free(huge);
    /* the configurable cap on whole-document loading */
    size_t len;
    char *ex = example(&len);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    CU_ASSERT_EQUAL(riap_ctx_max_document_size(ctx), RIAP_DOC_MAX_SIZE);
    riap_ctx_set_max_document_size(ctx, 1000);
    CU_ASSERT_EQUAL(riap_ctx_max_document_size(ctx), 1000);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, ex, len), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "too-large");
    riap_ctx_set_max_document_size(ctx, 0);
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, ex, len), RIAP_OK);
    char *plain = NULL, *ahead = NULL;
    CU_ASSERT_EQUAL(riap_doc_save_memory(&plain, NULL, ctx, doc), RIAP_OK);
    riap_doc_free(doc);
    doc = NULL;
    /* the same when the input is read ahead on a second thread: the cap, and the document */
    riap__test_read_ahead(0);
    riap_ctx_set_max_document_size(ctx, 1000);
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, ex, len), RIAP_ERR_LIMIT);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "too-large");
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "1000"));
    riap_ctx_set_max_document_size(ctx, 0);
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, ex, len), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_save_memory(&ahead, NULL, ctx, doc), RIAP_OK);
    CU_ASSERT_TRUE(plain && ahead && strcmp(plain, ahead) == 0);
    riap__test_read_ahead(256 * 1024);
    riap_free(plain);
    riap_free(ahead);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    free(ex);
}

/* SMALL with `fill` bytes of c between open and close, put before the first `at` (NULL: at the
 * end), which *pos gives. */
static char *with_markup(const char *at, const char *open, size_t fill, char c, const char *close,
                         size_t *len, size_t *pos)
{
    size_t n = strlen(SMALL), pre = at ? (size_t)(strstr(SMALL, at) - SMALL) : n;
    *pos = pre;
    char *d = malloc(n + strlen(open) + fill + strlen(close) + 1);
    size_t k = pre;
    memcpy(d, SMALL, pre);
    k += (size_t)sprintf(d + k, "%s", open);
    memset(d + k, c, fill);
    k += fill;
    k += (size_t)sprintf(d + k, "%s%s", close, SMALL + pre);
    *len = k;
    return d;
}

/* A tag, comment or processing instruction of 60 MB is refused by our own limit, named, with
 * the position where it was passed and where the markup began, loaded whole or streamed; one
 * of exactly the limit reads (libxml2's own, "Huge input lookup", is never reached). */
/* One scan of text by the markup guard, in chunks of the given sizes (cycled; none: whole),
 * with runs or byte by byte: the byte where it stopped, and its state after. */
typedef struct guard_run {
    size_t stop;
    riap__xml_guard g;
} guard_run;

static guard_run guard_in_chunks(const char *t, size_t n, const size_t *sizes, size_t nsizes,
                                 bool bytewise)
{
    guard_run r = {n, {0}};
    riap__xml_guard_init(&r.g);
    r.g.bytewise = bytewise;
    for (size_t at = 0, k = 0; at < n; k++) {
        size_t want = nsizes ? sizes[k % nsizes] : n;
        size_t len = n - at < want ? n - at : want;
        size_t got = riap__xml_guard_scan(&r.g, t + at, len);
        if (got != len) {
            r.stop = at + got;
            break;
        }
        at += len;
    }
    return r;
}

/* The guard passes over plain runs (text, values, comments) at once and counts lines lazily:
 * over generated markup, some of it past a limit, it stops at the same byte with the same rule,
 * position and counts as byte by byte, read whole or in chunks cut anywhere (where an overlong
 * markup began: test_hostile_huge_markup). */
static void test_hostile_guard_chunks(void)
{
    static const char *const pieces[] = {
        "text ",
        "日本語の文",
        "\n",
        "\r\n",
        "<a>",
        "</a>",
        "<b x='1' y=\"2>\"/>",
        "<!-- c -- -->",
        "<![CDATA[ <x> ]] ]]>",
        "<?pi ?? ?>",
        "<c\n z='\n'\n>",
        "</c\n>",
        "&amp;",
        "<d xmlns:p='u'>",
        "</d>",
        "＜全角＞",
        "<!DOCTYPE x>",
        "<",
    };
    riap__buf b = {0};
    uint64_t seed = riap_test_seed(12345);
    size_t stops = 0;
    for (int doc = 0; doc < 300; doc++) {
        b.n = 0;
        size_t npieces = 5 + (size_t)(riap_test_below(&seed, 60));
        for (size_t i = 0; i < npieces; i++) {
            uint32_t r = riap_test_below(&seed, UINT32_MAX);
            if (r % 97 == 0) { /* a value, a text or a comment at or past its limit */
                static const struct {
                    const char *open, *close;
                    size_t len;
                } big[] = {{"<v a='", "'/>", RIAP__XML_MAX_VALUE},
                           {"", "<e/>", RIAP__XML_MAX_TEXT},
                           {"<![CDATA[", "]]>", RIAP__XML_MAX_TEXT}};
                size_t k = (r / 97) % 3, len = big[k].len + (r / 291) % 2;
                riap__buf_puts(&b, big[k].open);
                for (size_t j = 0; j < len; j++)
                    riap__buf_put(&b, j % 40 == 39 ? "\n" : "v", 1);
                riap__buf_puts(&b, big[k].close);
            } else {
                riap__buf_puts(&b, pieces[r % (sizeof pieces / sizeof pieces[0])]);
            }
        }
        guard_run whole = guard_in_chunks(b.p, b.n, NULL, 0, false);
        stops += whole.stop < b.n;
        /* where it stopped, counted here */
        uint32_t line = 1, col = 1;
        for (size_t i = 0; i < whole.stop; i++)
            if (b.p[i] == '\n')
                line++, col = 1;
            else
                col += ((unsigned char)b.p[i] & 0xC0) != 0x80;
        CU_ASSERT_EQUAL(whole.g.line, line);
        CU_ASSERT_EQUAL(whole.g.col, col);
        size_t sizes[4];
        for (int k = 0; k < 4; k++)
            sizes[k] = 1 + riap_test_below(&seed, k < 2 ? 7 : 5000);
        size_t ones[] = {1};
        guard_run other[] = {guard_in_chunks(b.p, b.n, NULL, 0, true),
                             guard_in_chunks(b.p, b.n, sizes, 4, false),
                             guard_in_chunks(b.p, b.n, ones, 1, false)};
        for (int k = 0; k < 3; k++) {
            guard_run *c = &other[k];
            bool markup = whole.g.rule && !strcmp(whole.g.rule, "markup-too-long");
            bool same = c->stop == whole.stop && c->g.rule == whole.g.rule &&
                        (!markup || (c->g.mark_line == whole.g.mark_line &&
                                     c->g.mark_col == whole.g.mark_col)) &&
                        c->g.line == whole.g.line && c->g.col == whole.g.col &&
                        c->g.depth == whole.g.depth && c->g.state == whole.g.state &&
                        c->g.textlen == whole.g.textlen && c->g.valuelen == whole.g.valuelen &&
                        c->g.marklen == whole.g.marklen;
            if (!same)
                fprintf(stderr, "\n  doc %d run %d: stop %zu/%zu rule %s/%s\n", doc, k, c->stop,
                        whole.stop, c->g.rule ? c->g.rule : "-", whole.g.rule ? whole.g.rule : "-");
            CU_ASSERT_TRUE(same);
        }
    }
    CU_ASSERT_TRUE(stops > 10); /* the generator reaches the limits */
    free(b.p);
}

static void test_hostile_huge_markup(void)
{
    static const struct {
        const char *at, *open, *close;
        char fill;
        const char *what;
        uint32_t line, col;
    } cases[] = {
        {"<document", "<!--", "-->\n", 'x', "a comment", 2, 1},
        {"<document", "<?pi ", "?>\n", 'x', "a processing instruction", 2, 1},
        {"<title>", "<!--", "-->", '-', "a comment", 4, 5},
        {NULL, "<?pi ", "?>", 'x', "a processing instruction", 11, 1},
        {"<title>", "<p", "/>", ' ', "a start tag", 4, 5},
        {"</title>", "</title", ">", ' ', "an end tag", 4, 24},
        {"</plan>", "<x", "/>", '\n', "a start tag", 9, 3},
    };
    size_t big = 60u * 1000 * 1000;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len, pos;
        char *d =
            with_markup(cases[i].at, cases[i].open, big, cases[i].fill, cases[i].close, &len, &pos);
        riap_ctx *ctx = NULL;
        riap_ctx_new(&ctx);
        riap_doc *doc = NULL;
        double t0 = seconds();
        CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, d, len), RIAP_ERR_LIMIT);
        CU_ASSERT_TRUE(seconds() - t0 < 5.0);
        const riap_diag *e = riap_ctx_last_error(ctx);
        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        char want[160];
        snprintf(want, sizeof want, "%s longer than %u bytes (from line %u, column %u)",
                 cases[i].what, RIAP__XML_MAX_MARKUP, cases[i].line, cases[i].col);
        if (strcmp(riap_diag_rule(e), "markup-too-long") || strcmp(riap_diag_message(e), want))
            fprintf(stderr, "\n  case %zu: %s: %s\n", i, riap_diag_rule(e), riap_diag_message(e));
        CU_ASSERT_STRING_EQUAL(riap_diag_rule(e), "markup-too-long");
        CU_ASSERT_STRING_EQUAL(riap_diag_message(e), want);
        CU_ASSERT_TRUE(riap_diag_line(e) >= cases[i].line && riap_diag_column(e) > 0);
        /* where the limit was passed: the byte after the first RIAP__XML_MAX_MARKUP of it */
        CU_ASSERT_EQUAL(riap_diag_offset(e), (int64_t)pos + RIAP__XML_MAX_MARKUP);
        CU_ASSERT_PTR_NULL(doc);
        /* streamed: the same report */
        CU_ASSERT_TRUE(same_whole_and_streamed(d, len, NULL, 0));
        free(d);
        riap_ctx_free(ctx);
    }
    /* at the limit, read; one byte more, refused */
    for (size_t over = 0; over <= 1; over++) {
        size_t len, pos;
        char *d = with_markup("<document", "<!--", RIAP__XML_MAX_MARKUP - 7 + over, 'x', "-->\n",
                              &len, &pos);
        char rule[64];
        CU_ASSERT_EQUAL(load(d, len, NULL, rule, NULL, NULL), over ? RIAP_ERR_LIMIT : RIAP_OK);
        CU_ASSERT_STRING_EQUAL(rule, over ? "markup-too-long" : "");
        free(d);
    }
}

/* A start tag the file cuts off (or that holds a byte no tag may) is one error, xml-syntax,
 * where the input stopped making sense: the schema, which libxml2 tells of the element before
 * it looks for the tag's '>', says nothing of a tag that is not there. */
static void test_hostile_cut_start_tag(void)
{
    static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n";
    static const struct {
        const char *tail;
        uint32_t line, col;
    } cases[] = {
        {"<bad", 3, 5},
        {"<bad\n", 4, 1},
        {"<bad ", 3, 6},
        {"<bad a=\"b\" ", 3, 12},
        {"<bad/", 3, 5},
        {"  <plan", 3, 8},
        {"  <plan id=\"a\"\r\n  ", 4, 3},
        {"  <metadata>\n    <source", 4, 12},
        {"  <plan id=\"a\">\n    <title>t</title>\n    <municipality kind=\"市\"", 5, 27},
        {"<bad \x01>", 3, 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char doc[512];
        size_t len = (size_t)snprintf(doc, sizeof doc, "%s%s", head, cases[i].tail);
        char path[] = "/tmp/riap-cut-tag-XXXXXX";
        int fd = mkstemp(path);
        CU_ASSERT_FATAL(fd >= 0);
        CU_ASSERT_FATAL(write(fd, doc, len) == (ssize_t)len);
        close(fd);
        riap_ctx *ctx = NULL;
        riap_ctx_new(&ctx);
        for (int k = 0; k < 4; k++) { /* whole or streamed, with a context or none */
            int streamed = k & 1;
            riap_ctx *c = k & 2 ? NULL : ctx;
            riap_report *r = NULL;
            riap_status st =
                streamed ? riap_validate_stream_file(&r, c, path) : riap_validate_file(&r, c, path);
            CU_ASSERT_EQUAL(st, RIAP_OK);
            CU_ASSERT_PTR_NOT_NULL_FATAL(r);
            const riap_diag *d = riap_report_count(r) ? riap_report_get(r, 0) : NULL;
            if (riap_report_count(r) != 1 || !d || strcmp(riap_diag_rule(d), "xml-syntax") ||
                riap_diag_line(d) != cases[i].line || riap_diag_column(d) != cases[i].col)
                for (size_t j = 0; j < riap_report_count(r); j++)
                    fprintf(stderr, "\n  case %zu, way %d: %u:%u %s %s", i, k,
                            riap_diag_line(riap_report_get(r, j)),
                            riap_diag_column(riap_report_get(r, j)),
                            riap_diag_rule(riap_report_get(r, j)),
                            riap_diag_message(riap_report_get(r, j)));
            CU_ASSERT_EQUAL(riap_report_count(r), 1);
            CU_ASSERT_EQUAL(riap_report_error_count(r), 1);
            CU_ASSERT_STRING_EQUAL(d ? riap_diag_rule(d) : "", "xml-syntax");
            CU_ASSERT_EQUAL(d ? riap_diag_line(d) : 0, cases[i].line);
            CU_ASSERT_EQUAL(d ? riap_diag_column(d) : 0, cases[i].col);
            riap_report_free(r);
        }
        riap_ctx_free(ctx);
        unlink(path);
    }
}

/* SMALL with `old` replaced by `pre`, n copies of unit (a comment between every 50000, so that
 * no text between two tags passes the limit), then `post`. */
static char *with_long(const char *old, const char *pre, const char *unit, size_t n,
                       const char *post, size_t *len)
{
    const char *at = strstr(SMALL, old);
    size_t ul = strlen(unit), cap = strlen(SMALL) + strlen(pre) + strlen(post) + n * (ul + 8);
    char *d = malloc(cap);
    size_t k = (size_t)(at - SMALL);
    memcpy(d, SMALL, k);
    k += (size_t)sprintf(d + k, "%s", pre);
    for (size_t i = 0; i < n; i++) {
        if (i && i % 50000 == 0)
            k += (size_t)sprintf(d + k, "<!---->");
        memcpy(d + k, unit, ul);
        k += ul;
    }
    k += (size_t)sprintf(d + k, "%s%s", post, at + strlen(old));
    *len = k;
    return d;
}

/* Every message of the report of data (whole and streamed, in English and Japanese) is one
 * readable line of well-formed UTF-8; those of `rule` quote the long text cut, with "…". */
static void short_messages(const char *data, size_t len, const char *rule)
{
    char path[] = "/tmp/riap-quote-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
    close(fd);
    for (int k = 0; k < 4; k++) {
        riap_ctx *ctx = NULL;
        riap_ctx_new(&ctx);
        riap_ctx_set_options(ctx, k & 2 ? RIAP_OPT_LANG_JA : 0);
        riap_report *r = NULL;
        CU_ASSERT_EQUAL(k & 1 ? riap_validate_stream_file(&r, ctx, path)
                              : riap_validate_file(&r, ctx, path),
                        RIAP_OK);
        size_t cut = 0;
        for (size_t i = 0; r && i < riap_report_count(r); i++) {
            const char *m = riap_diag_message(riap_report_get(r, i));
            size_t n = strlen(m);
            if (n > 600 || riap__utf8_check(m, n) != n)
                fprintf(stderr, "\n  %s, way %d: %zu bytes: %.80s", rule, k, n, m);
            CU_ASSERT_TRUE(n <= 600);
            CU_ASSERT_EQUAL(riap__utf8_check(m, n), n);
            cut += !strcmp(riap_diag_rule(riap_report_get(r, i)), rule) && strstr(m, "…");
        }
        if (!cut)
            fprintf(stderr, "\n  %s, way %d: no quote cut: %.200s", rule, k,
                    r && riap_report_count(r) ? riap_diag_message(riap_report_get(r, 0)) : "");
        CU_ASSERT_TRUE(cut > 0);
        riap_report_free(r);
        riap_ctx_free(ctx);
    }
    unlink(path);
}

/* Diagnostics quote the input (a value the schema refuses, a period, a name) at most
 * RIAP__QUOTE_MAX characters of it, never cut inside a character: a text of 300,000
 * characters does not make a line of a megabyte. */
static void test_hostile_long_quotes(void)
{
    static const struct {
        const char *old, *pre, *unit, *post, *rule;
        size_t n;
    } cases[] = {
        /* libxml2's message quoting an attribute value; names quoted by libxml2 */
        {"kind=\"区\"", "kind=\"", "区", "\"", "schema", 21000},
        {"id=\"a\"", "id=\"", "a", "\"", "schema", 49000},
        {"<title>", "<", "t", "/><title>", "schema", 1000},
        /* the rules' messages quoting the period and the municipality's name */
        {"令和4年度から令和6年度まで<", "", "令", "<", "period-syntax", 300000},
        {">墨田区<", ">", "墨", "<", "code-name-mismatch", 300000},
        {">墨田区<", ">", "墨", "<", "title-municipality", 300000},
        {"東京都", "", "都", "", "prefecture-unknown", 21000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *d =
            with_long(cases[i].old, cases[i].pre, cases[i].unit, cases[i].n, cases[i].post, &len);
        short_messages(d, len, cases[i].rule);
        free(d);
    }
    /* an element whose long name the message cuts is still placed: line and column */
    size_t len;
    char *d = with_long("<title>", "<", "t", RIAP__XML_MAX_NAME, "/><title>", &len);
    riap_ctx *ctx = NULL;
    riap_ctx_new(&ctx);
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL(riap_doc_load_memory(&doc, ctx, d, len), RIAP_ERR_SCHEMA);
    const riap_diag *e = riap_ctx_diag_count(ctx) ? riap_ctx_diag(ctx, 0) : NULL;
    CU_ASSERT_STRING_EQUAL(e ? riap_diag_rule(e) : "", "schema");
    CU_ASSERT_EQUAL(e ? riap_diag_line(e) : 0, 4);
    CU_ASSERT_EQUAL(e ? riap_diag_column(e) : 0, 5);
    riap_ctx_free(ctx);
    free(d);
    /* libxml2's messages, cleaned: each quote cut, then the whole, never inside a character */
    char out[64];
    riap__xml_clean_message(
        out, sizeof out,
        "Element '{" RIAP_NAMESPACE "}title': The value '"
        "令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令令"
        "令令令令令令令令令令令令令令令令令令令令令令令令令令令令' is wrong.\n");
    CU_ASSERT_EQUAL(riap__utf8_check(out, strlen(out)), strlen(out));
    CU_ASSERT_NSTRING_EQUAL(out, "Element 'title': The value '令令", 31);
    CU_ASSERT_TRUE(strlen(out) > 50 && strstr(out, "…") == out + strlen(out) - 3);
    char big[512];
    riap__xml_clean_message(big, sizeof big, "The value 'ab''c' isn't here.\n");
    CU_ASSERT_STRING_EQUAL(big, "The value 'ab''c' isn't here.");
    char value[400], msg[600];
    memset(value, 'v', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    snprintf(msg, sizeof msg, "The value '%s' has a length of '399'.", value);
    riap__xml_clean_message(big, sizeof big, msg);
    char want[200];
    snprintf(want, sizeof want, "The value '%.*s…' has a length of '399'.", RIAP__QUOTE_MAX, value);
    CU_ASSERT_STRING_EQUAL(big, want);
}

static void test_hostile_libxml2_defaults_do_not_leak(void)
{
    size_t len;
    char *ex = example(&len);
    riap_doc *ref = NULL, *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(load(ex, len, &ref, NULL, NULL, NULL), RIAP_OK);
    /* another libxml2 user in the process switches on what we never want */
    int subst = xmlSubstituteEntitiesDefault(1);
    int keep = xmlKeepBlanksDefault(0);
    int old_load = xmlLoadExtDtdDefaultValue;
    xmlLoadExtDtdDefaultValue = XML_DETECT_IDS | XML_COMPLETE_ATTRS;
    CU_ASSERT_EQUAL(load(ex, len, &doc, NULL, NULL, NULL), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(doc, ref));
    riap_doc_free(doc);
    char rule[64];
    const char *ent = "<!DOCTYPE d [<!ENTITY x \"boom\">]><document xmlns=\"urn:libriap:plan:1\" "
                      "version=\"1.0\">&x;</document>";
    CU_ASSERT_EQUAL(load(ent, strlen(ent), NULL, rule, NULL, NULL), RIAP_ERR_XML);
    CU_ASSERT_STRING_EQUAL(rule, "doctype");
    xmlSubstituteEntitiesDefault(subst);
    xmlKeepBlanksDefault(keep);
    xmlLoadExtDtdDefaultValue = old_load;
    riap_doc_free(ref);
    free(ex);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "\n  blocked: the loader opened a file it was not asked to\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(3);
    _exit(3);
}

static void test_hostile_nothing_else_is_read(void)
{
    /* FIFOs block whoever opens them for reading: if the loader followed xsi:schemaLocation,
     * XInclude or an entity to one, this test would hang (and the alarm end it, failing) */
    char dir[] = "/tmp/riap-fifo-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/trap.xsd", dir);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\"\n"
             "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
             "  xmlns:xi=\"http://www.w3.org/2001/XInclude\"\n"
             "  xsi:schemaLocation=\"urn:libriap:plan:1 file://%s\">\n"
             "  <xi:include href=\"file://%s\"/>\n"
             "</document>\n",
             fifo, fifo);
    signal(SIGALRM, on_alarm);
    alarm(20);
    char rule[64];
    uint32_t line;
    riap_status st = load(xml, strlen(xml), NULL, rule, &line, NULL);
    alarm(0);
    signal(SIGALRM, SIG_DFL);
    CU_ASSERT_EQUAL(st, RIAP_ERR_SCHEMA); /* our schema, which has no xi:include */
    CU_ASSERT_STRING_EQUAL(rule, "schema");
    CU_ASSERT_EQUAL(line, 6);
    unlink(fifo);
    rmdir(dir);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("hostile", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_hostile_encodings_read);
    ADD_TEST(s, test_hostile_bad_bytes);
    ADD_TEST(s, test_hostile_big_and_deep);
    ADD_TEST(s, test_hostile_guard_chunks);
    ADD_TEST(s, test_hostile_huge_markup);
    ADD_TEST(s, test_hostile_cut_start_tag);
    ADD_TEST(s, test_hostile_long_quotes);
    ADD_TEST(s, test_hostile_quadratic_shapes);
    ADD_TEST(s, test_hostile_same_report_however_cut);
    ADD_TEST(s, test_hostile_converted_positions);
    ADD_TEST(s, test_hostile_line_ends);
    ADD_TEST(s, test_hostile_stray_text_placed);
    ADD_TEST(s, test_hostile_libxml2_defaults_do_not_leak);
    ADD_TEST(s, test_hostile_nothing_else_is_read);
    return 0;
}
