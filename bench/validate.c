/* SPDX-License-Identifier: MIT */
/* bench/validate: generates a plan document of over 100 MB (every municipality of Japan over
 * many approval rounds, with the texts of the bundled example), then measures, in one run on
 * that file, the time and peak RSS of
 *   riap validate (DOM), riap validate --stream,
 *   xmllint --noout --schema, xmllint --noout --stream --schema
 * and prints them side by side with the targets. Run by hand from the build directory:
 *   ./bench/validate [--plans N] [--keep FILE]
 *   ./bench/validate --files N [--keep yes]   (keep: leave the files in their directory)
 *   ./bench/validate --shapes                 (per-MB times of pathological shapes)
 * It needs tools/riap (built) and xmllint (Debian package libxml2-utils).
 *
 * With --files N it measures many files instead: it writes N plan files of seven plans each
 * (the size of the bundled example) into a new directory, then times
 *   riap validate -q -r -j 1 DIR  and  riap validate -q -r -j 2 DIR
 * interleaved, and prints the ratio beside its target (2 threads take at most 0.6 x the time of
 * one). */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include <riap.h>

#include "proc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

typedef struct muni {
    char code[7], pref[32], name[96];
} muni;

static size_t read_munis(const char *csv, muni **out)
{
    FILE *f = fopen(csv, "r");
    if (!f)
        return 0;
    char line[512];
    size_t n = 0, cap = 4096;
    muni *m = malloc(cap * sizeof *m);
    while (fgets(line, sizeof line, f)) {
        char *code = strtok(line, ","), *pref = strtok(NULL, ","), *name = strtok(NULL, ",");
        if (!code || !pref || !name || strlen(code) != 6 || code[0] < '0' || code[0] > '9')
            continue;
        if (n == cap)
            m = realloc(m, (cap *= 2) * sizeof *m);
        snprintf(m[n].code, sizeof m[n].code, "%s", code);
        snprintf(m[n].pref, sizeof m[n].pref, "%s", pref);
        const char *sp = strchr(name, ' '); /* wards of designated cities: the ward's name */
        snprintf(m[n].name, sizeof m[n].name, "%s", sp ? sp + 1 : name);
        n++;
    }
    fclose(f);
    *out = m;
    return n;
}

static const char *kind_of(const char *name)
{
    size_t n = strlen(name);
    if (n >= 3) {
        const char *last = name + n - 3;
        if (!strcmp(last, "市"))
            return "市";
        if (!strcmp(last, "区"))
            return "区";
        if (!strcmp(last, "町"))
            return "町";
        if (!strcmp(last, "村"))
            return "村";
    }
    return "市";
}

/* Writes plans (text from the example, municipalities from the list) until `want` plans. */
static int generate(const char *path, const riap_doc *ex, const muni *m, size_t nm, size_t want,
                    riap_ctx *ctx)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n"
          "  <metadata>\n    <source>\n      "
          "<title>承認した地域産業活性化計画の概要（生成）</title>\n"
          "    </source>\n    <approver code=\"130001\">東京都</approver>\n  </metadata>\n",
          f);
    size_t np = riap_doc_plan_count(ex);
    for (size_t k = 0; k < want; k++) {
        const muni *mu = &m[k % nm];
        size_t round = k / nm;
        const riap_plan *src = riap_doc_plan(ex, k % np);
        int fy = 1989 + 3 * (int)round; /* three fiscal years a round, never overlapping */
        riap_era_range r = {{fy, 4, 1},
                            {fy + 3, 3, 31},
                            RIAP_GRANULARITY_FISCAL_YEAR,
                            RIAP_GRANULARITY_FISCAL_YEAR,
                            RIAP_ERA_OPEN,
                            RIAP_ERA_OPEN,
                            0};
        char *period = NULL;
        if (riap_era_format_range(&period, ctx, &r, 0) != RIAP_OK) {
            fclose(f);
            return -1;
        }
        fprintf(f, "  <plan id=\"p%s-%zu\">\n    <title>%s地域産業活性化計画</title>\n", mu->code,
                round, mu->name);
        fprintf(f,
                "    <municipality kind=\"%s\" prefecture=\"%s\" code=\"%s\">%s</municipality>\n",
                strcmp(mu->code + 2, "0001") && mu->code[2] == '0' && mu->code[3] == '0' &&
                        mu->code[4] == '0'
                    ? "都道府県"
                    : kind_of(mu->name),
                mu->pref, mu->code, mu->name);
        fprintf(f, "    <period from=\"%04d-04-01\" to=\"%04d-03-31\">%s</period>\n", fy, fy + 3,
                period);
        riap_free(period);
        fputs("    <overview>\n", f);
        for (size_t i = 0; i < riap_plan_overview_count(src); i++) {
            fputs("      <p>", f);
            put_escaped(f, riap_plan_overview(src, i));
            fputs("</p>\n", f);
        }
        fputs("    </overview>\n", f);
        for (size_t i = 0; i < riap_plan_vision_count(src); i++) {
            fputs("    <vision>", f);
            put_escaped(f, riap_plan_vision(src, i));
            fputs("</vision>\n", f);
        }
        fprintf(f, "    <initiatives scheme=\"%s\">\n", riap_plan_scheme(src));
        for (size_t c = 0; c < riap_plan_category_count(src); c++) {
            const riap_category *cat = riap_plan_category(src, c);
            fprintf(f, "      <category id=\"%s\">\n        <heading>", riap_category_id(cat));
            put_escaped(f, riap_category_heading(cat));
            fputs("</heading>\n", f);
            if (riap_category_description(cat)) {
                fputs("        <description>", f);
                put_escaped(f, riap_category_description(cat));
                fputs("</description>\n", f);
            }
            for (size_t j = 0; j < riap_category_project_count(cat); j++) {
                const riap_project *pr = riap_category_project(cat, j);
                fputs("        <project>\n          <name>", f);
                put_escaped(f, riap_project_name(pr));
                fputs("</name>\n", f);
                for (size_t a = 0; a < riap_project_also_count(pr); a++)
                    fprintf(f, "          <also category=\"%s\"/>\n", riap_project_also(pr, a));
                fputs("        </project>\n", f);
            }
            fputs("      </category>\n", f);
        }
        fputs("    </initiatives>\n", f);
        for (size_t i = 0; i < riap_plan_figure_count(src); i++) {
            const riap_figure *fig = riap_plan_figure(src, i);
            fputs("    <figure", f);
            if (riap_figure_category(fig))
                fprintf(f, " category=\"%s\"", riap_figure_category(fig));
            fputc('>', f);
            put_escaped(f, riap_figure_caption(fig));
            fputs("</figure>\n", f);
        }
        fputs("  </plan>\n", f);
    }
    fputs("</document>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

/* --files mode: N files of seven plans, validated on one thread and on two. */
static int files_mode(size_t nfiles, int reps, const riap_doc *ex, const muni *m, size_t nm,
                      riap_ctx *ctx, char *riap, bool keep)
{
    char dir[] = "/tmp/riap-bench-files-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    char path[4400], half_a[4200], half_b[4200];
    snprintf(half_a, sizeof half_a, "%s/a", dir);
    snprintf(half_b, sizeof half_b, "%s/b", dir);
    if (mkdir(half_a, 0755) != 0 || mkdir(half_b, 0755) != 0) {
        perror("mkdir");
        return 2;
    }
    off_t bytes = 0;
    for (size_t i = 0; i < nfiles; i++) {
        snprintf(path, sizeof path, "%s/plan-%05zu.xml", i < nfiles / 2 ? half_a : half_b, i);
        /* seven municipalities of the list per file, a different seven each time */
        size_t first = (i * 7) % (nm - 7);
        if (generate(path, ex, m + first, 7, 7, ctx) != 0) {
            fprintf(stderr, "cannot write %s\n", path);
            return 2;
        }
        struct stat st;
        if (stat(path, &st) == 0)
            bytes += st.st_size;
    }
    printf("%zu plan files of 7 plans (%.1f kB each on average) in %s; %ld processors online\n\n",
           nfiles, (double)bytes / (double)nfiles / 1e3, dir, sysconf(_SC_NPROCESSORS_ONLN));
    char *one[] = {riap, "validate", "-q", "-r", "-j", "1", dir, NULL};
    char *two[] = {riap, "validate", "-q", "-r", "-j", "2", dir, NULL};
    /* the reference: what this machine gives two independent processes, one per half, that
     * share nothing: the best two threads can hope for */
    char *ha[] = {riap, "validate", "-q", "-r", "-j", "1", half_a, NULL};
    char *hb[] = {riap, "validate", "-q", "-r", "-j", "1", half_b, NULL};
    char *const *const halves[] = {ha, hb};
    /* each round runs the three back to back, so that each ratio compares them at the same
     * moment of a shared machine whose speed drifts; the medians of those ratios are the
     * figures */
    double *q = calloc(2 * (size_t)reps, sizeof *q), *qp = q ? q + reps : NULL;
    run r1 = {1e30, 0, -1, 0}, r2 = r1, rp = r1;
    for (int i = 0; i < reps && q; i++) {
        run a = measure(one, NULL), b = measure(two, NULL), c = measure_together(2, halves, NULL);
        q[i] = b.secs / a.secs;
        qp[i] = c.secs / a.secs;
        if (a.secs < r1.secs)
            r1 = a;
        if (b.secs < r2.secs)
            r2 = b;
        if (c.secs < rp.secs)
            rp = c;
    }
    if (!q)
        return 2;
    qsort(q, (size_t)reps, sizeof *q, cmp_double);
    qsort(qp, (size_t)reps, sizeof *qp, cmp_double);
    static const char *const labels[] = {"riap validate -q -r -j 1 DIR",
                                         "riap validate -q -r -j 2 DIR",
                                         "2 processes -j 1, one per half"};
    const run best[] = {r1, r2, rp};
    print_table(3, labels, best);
    double med = reps % 2 ? q[reps / 2] : (q[reps / 2 - 1] + q[reps / 2]) / 2;
    double medp = reps % 2 ? qp[reps / 2] : (qp[reps / 2 - 1] + qp[reps / 2]) / 2;
    printf("\n2 threads / 1 thread, median of %d back-to-back rounds = %.2f (target <= 0.60): %s\n",
           reps, med, med <= 0.6 ? "met" : "NOT met");
    printf("  (rounds from %.2f to %.2f; best 2-thread time / best 1-thread time = %.2f)\n", q[0],
           q[reps - 1], r2.secs / r1.secs);
    printf("reference, 2 independent processes / 1 thread, median = %.2f (from %.2f to %.2f)\n",
           medp, qp[0], qp[reps - 1]);
    free(q);
    printf("per file: %.0f us on 1 thread, %.0f us on 2\n", r1.secs / (double)nfiles * 1e6,
           r2.secs / (double)nfiles * 1e6);
    for (size_t i = 0; i < nfiles && !keep; i++) {
        snprintf(path, sizeof path, "%s/plan-%05zu.xml", i < nfiles / 2 ? half_a : half_b, i);
        unlink(path);
    }
    if (!keep) {
        rmdir(half_a);
        rmdir(half_b);
        rmdir(dir);
    }
    return r1.status == 0 && r2.status == 0 ? 0 : 1;
}

/* --shapes mode: documents of 1, 10 and 100 MB in shapes that make parsers superlinear. */
enum {
    SH_ATTRS,
    SH_SPREAD_ATTRS,
    SH_ATTR_REFS,
    SH_NAMESPACES,
    SH_DEEP,
    SH_TEXT,
    SH_ENTITIES,
    SH_LONG_LINE,
    SH_PLANS,
    SH_COUNT
};
static const char *const shape_names[SH_COUNT] = {"many attributes in one tag",
                                                  "250 attributes in each tag",
                                                  "char refs in attr values",
                                                  "many namespace declarations",
                                                  "deep nesting",
                                                  "one huge text node",
                                                  "texts of entity references",
                                                  "one long line (valid plans)",
                                                  "many small plans (valid)"};

/* Writes a document of about `bytes` bytes in the given shape. */
static int write_shape(const char *path, int shape, size_t bytes, const riap_doc *ex, const muni *m,
                       size_t nm, riap_ctx *ctx)
{
    if (shape == SH_PLANS || shape == SH_LONG_LINE) {
        /* about 3,050 bytes a plan */
        if (generate(path, ex, m, nm, bytes / 3050 + 1, ctx) != 0)
            return -1;
        if (shape == SH_PLANS)
            return 0;
        /* the same plans on one line: every newline becomes a space */
        FILE *f = fopen(path, "r+");
        if (!f)
            return -1;
        char buf[65536];
        size_t n;
        long at = 0;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            for (size_t i = 0; i < n; i++)
                if (buf[i] == '\n')
                    buf[i] = ' ';
            fseek(f, at, SEEK_SET);
            fwrite(buf, 1, n, f);
            at += (long)n;
            fseek(f, at, SEEK_SET);
        }
        return fclose(f) == 0 ? 0 : -1;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n<plan id=\"p\"",
          f);
    size_t n = 100, i = 0;
    switch (shape) {
    case SH_ATTRS:
        for (; n < bytes; i++)
            n += (size_t)fprintf(f, " a%zu=\"1\"", i);
        fputs("/>", f);
        break;
    case SH_SPREAD_ATTRS: /* just under the cap in every tag, tag after tag */
        fputs(">", f);
        while (n < bytes) {
            fputs("<x", f);
            for (size_t k = 0; k < 250; k++)
                n += (size_t)fprintf(f, " a%zu=\"1\"", k);
            fputs("/>", f);
            n += 4;
        }
        fputs("</plan>", f);
        break;
    case SH_ATTR_REFS: /* attribute values of character references, 60 KiB each */
        fputs(">", f);
        while (n < bytes) {
            fputs("<x a=\"", f);
            for (size_t k = 0; k < 7500; k++)
                fputs("&#x4EE4;", f);
            fputs("\"/>", f);
            n += 60009;
        }
        fputs("</plan>", f);
        break;
    case SH_NAMESPACES:
        for (; n < bytes; i++)
            n += (size_t)fprintf(f, " xmlns:p%zu=\"urn:x\"", i);
        fputs("/>", f);
        break;
    case SH_DEEP:
        fputs(">", f);
        for (; n < bytes; i++, n += 3)
            fputs("<a>", f);
        break;
    case SH_ENTITIES: /* texts just under the cap, all references, one after another */
        fputs(">", f);
        for (; n < bytes;) {
            fputs("<title>", f);
            for (size_t k = 0; k < 50000; k++)
                fputs("&amp;", f);
            fputs("</title>", f);
            n += 15 + 250000;
        }
        fputs("</plan>", f);
        break;
    case SH_TEXT:
        fputs("><title>", f);
        for (; n < bytes; n += 64)
            fputs("地域産業活性化計画地域産業活性化計画地域産業活性化計画地域産業活性", f);
        fputs("</title></plan>", f);
        break;
    }
    fputs("\n</document>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

static int shapes_mode(int reps, const riap_doc *ex, const muni *m, size_t nm, riap_ctx *ctx,
                       char *riap)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/riap-bench-shape-%ld.xml", (long)getpid());
    static const size_t sizes[] = {1000000, 10000000, 100000000};
    printf("riap validate on documents of each shape, best of %d; ms per MB (the time may not\n"
           "grow faster than the size: the ratio 100 MB / 1 MB of the per-MB times stays near\n"
           "or under 1)\n\n",
           reps);
    printf("%-30s %-8s %10s %10s %10s %8s %6s\n", "shape", "mode", "1 MB", "10 MB", "100 MB",
           "100/1", "exit");
    int worst = 0;
    for (int sh = 0; sh < SH_COUNT; sh++) {
        for (int mode = 0; mode < 2; mode++) {
            double per_mb[3];
            int status = 0;
            for (size_t k = 0; k < 3; k++) {
                if (write_shape(path, sh, sizes[k], ex, m, nm, ctx) != 0) {
                    fprintf(stderr, "cannot write %s\n", path);
                    return 2;
                }
                struct stat st;
                double mb = stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 1;
                char *dom[] = {riap, "validate", "-q", path, NULL};
                char *str[] = {riap, "validate", "-q", "--stream", path, NULL};
                char *const *const cmd[] = {mode ? str : dom};
                run r;
                best_of(reps, 1, cmd, NULL, &r);
                per_mb[k] = r.secs * 1e3 / mb;
                status = r.status;
            }
            double q = per_mb[2] / per_mb[0];
            printf("%-30s %-8s %10.2f %10.2f %10.2f %8.2f %6d\n", shape_names[sh],
                   mode ? "stream" : "DOM", per_mb[0], per_mb[1], per_mb[2], q, status);
            if (q > 1.5)
                worst = 1;
        }
    }
    unlink(path);
    printf("\nper-MB time at 100 MB within 1.5x of that at 1 MB for every shape: %s\n",
           worst ? "NOT met" : "met");
    return 0;
}

int main(int argc, char **argv)
{
    size_t want = 33000, files = 0;
    bool shapes = false;
    const char *keep = NULL;
    int reps = -1; /* default: 5 for the big document, 21 for --files; 0: only generate */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--plans") && i + 1 < argc)
            want = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--files") && i + 1 < argc)
            files = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--shapes"))
            shapes = true;
        else {
            fprintf(stderr,
                    "usage: %s [--plans N] [--keep FILE] [--reps N] | --files N [--reps N] | "
                    "--shapes [--reps N]\n",
                    argv[0]);
            return 2;
        }
    }
    const char *srcdir = getenv("RIAP_SRCDIR") ? getenv("RIAP_SRCDIR") : SRCDIR;
    char expath[4096], csv[4096], xsd[4096], riap[4096];
    snprintf(expath, sizeof expath, "%s/examples/plans.xml", srcdir);
    snprintf(csv, sizeof csv, "%s/data/local-governments.csv", srcdir);
    snprintf(xsd, sizeof xsd, "%s/schema/riap-1.xsd", srcdir);
    bench_find_riap(riap, sizeof riap);
    riap_ctx *ctx = NULL;
    riap_doc *ex = NULL;
    muni *m = NULL;
    size_t nm;
    if (riap_ctx_new(&ctx) != RIAP_OK || riap_doc_load_file(&ex, ctx, expath) != RIAP_OK ||
        (nm = read_munis(csv, &m)) == 0) {
        fprintf(stderr, "cannot read %s or %s\n", expath, csv);
        return 2;
    }
    /* the texts as a prefecture keeps them: normalized, so the document validates clean */
    riap_normalize(NULL, ctx, ex);
    if (shapes) {
        int rc = shapes_mode(reps > 0 ? reps : 3, ex, m, nm, ctx, riap);
        free(m);
        riap_doc_free(ex);
        riap_ctx_free(ctx);
        return rc;
    }
    if (files) {
        int rc = files_mode(files, reps > 0 ? reps : 21, ex, m, nm, ctx, riap, keep != NULL);
        free(m);
        riap_doc_free(ex);
        riap_ctx_free(ctx);
        return rc;
    }
    char path[4096];
    if (keep)
        snprintf(path, sizeof path, "%s", keep);
    else
        snprintf(path, sizeof path, "/tmp/riap-bench-%ld.xml", (long)getpid());
    if (generate(path, ex, m, nm, want, ctx) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        return 2;
    }
    FILE *f = fopen(path, "r");
    fseek(f, 0, SEEK_END);
    double mb = (double)ftell(f) / 1e6;
    fclose(f);
    printf("document: %s, %.1f MB, %zu plans (%zu municipalities x %zu rounds)\n\n", path, mb, want,
           nm, (want + nm - 1) / nm);
    if (reps == 0 && keep) { /* only the document was wanted (tests use it) */
        free(m);
        riap_doc_free(ex);
        riap_ctx_free(ctx);
        return 0;
    }
    char *dom[] = {riap, "validate", path, NULL};
    char *str[] = {riap, "validate", "--stream", path, NULL};
    char *xl[] = {"xmllint", "--noout", "--schema", xsd, path, NULL};
    char *xls[] = {"xmllint", "--noout", "--stream", "--schema", xsd, path, NULL};
    if (reps < 0)
        reps = 5;
    char *const *const cmds[] = {dom, xl, str, xls};
    static const char *const labels[] = {
        "riap validate (DOM, schema + rules)", "xmllint --noout --schema",
        "riap validate --stream (schema + rules)", "xmllint --noout --stream --schema"};
    run r[4];
    best_of(reps, 4, cmds, NULL, r);
    print_table(4, labels, r);
    run r_dom = r[0], r_xl = r[1], r_str = r[2], r_xls = r[3];
    double q_dom = r_dom.secs / r_xl.secs, q_str = r_str.secs / r_xls.secs;
    /* targets of issue #18: every rule runs on what could be read, at no cost in speed */
    printf("\nDOM: riap / xmllint = %.2fx (target <= 0.8x): %s\n", q_dom,
           q_dom <= 0.8 ? "met" : "NOT met");
    printf("stream: riap / xmllint --stream = %.2fx (target <= 1.0x): %s\n", q_str,
           q_str <= 1.0 ? "met" : "NOT met");
    printf("stream: CPU time riap / xmllint --stream = %.2fx (riap reads ahead on a second "
           "thread)\n",
           r_str.cpu / r_xls.cpu);
    printf("stream peak RSS %.1f MiB (target < 16 MiB): %s\n", r_str.rss_kib / 1024.0,
           r_str.rss_kib < 16 * 1024 ? "met" : "NOT met");
    printf("both riap modes gave exit status %d and %d (0 = valid)\n", r_dom.status, r_str.status);
    if (!keep)
        unlink(path);
    free(m);
    riap_doc_free(ex);
    riap_ctx_free(ctx);
    return 0;
}
