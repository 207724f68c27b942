/* SPDX-License-Identifier: MIT */
/* bench/validate: generates a plan document of over 100 MB (every municipality of Japan over
 * many approval rounds, with the texts of the bundled example), then measures, in one run on
 * that file, the time and peak RSS of
 *   riap validate (DOM), riap validate --stream,
 *   xmllint --noout --schema, xmllint --noout --stream --schema
 * and prints them side by side with the targets. Run by hand from the build directory:
 *   ./bench/validate [--plans N] [--keep FILE]
 * It needs tools/riap (built) and xmllint (Debian package libxml2-utils). */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include <riap.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

typedef struct run {
    double secs;
    long rss_kib;
    int status;
} run;

/* Runs argv with stdout and stderr to /dev/null; measures wall time and peak RSS. */
static run measure(char *const argv[])
{
    run r = {0, 0, -1};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
        return r;
    clock_gettime(CLOCK_MONOTONIC, &b);
    r.secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    r.rss_kib = ru.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

int main(int argc, char **argv)
{
    size_t want = 33000;
    const char *keep = NULL;
    int reps = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--plans") && i + 1 < argc)
            want = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--plans N] [--keep FILE] [--reps N]\n", argv[0]);
            return 2;
        }
    }
    const char *srcdir = getenv("RIAP_SRCDIR") ? getenv("RIAP_SRCDIR") : SRCDIR;
    char expath[4096], csv[4096], xsd[4096], riap[4096];
    snprintf(expath, sizeof expath, "%s/examples/plans.xml", srcdir);
    snprintf(csv, sizeof csv, "%s/data/local-governments.csv", srcdir);
    snprintf(xsd, sizeof xsd, "%s/schema/riap-1.xsd", srcdir);
    snprintf(riap, sizeof riap, "%s", getenv("RIAP_CLI") ? getenv("RIAP_CLI") : "./tools/riap");
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
    char *dom[] = {riap, "validate", path, NULL};
    char *str[] = {riap, "validate", "--stream", path, NULL};
    char *xl[] = {"xmllint", "--noout", "--schema", xsd, path, NULL};
    char *xls[] = {"xmllint", "--noout", "--stream", "--schema", xsd, path, NULL};
    /* interleaved, so that a slow spell of the machine hits every command alike */
    run r_dom = {1e30, 0, -1}, r_str = r_dom, r_xl = r_dom, r_xls = r_dom;
    for (int i = 0; i < reps; i++) {
        run a = measure(dom), b = measure(str), c = measure(xl), d = measure(xls);
        if (a.secs < r_dom.secs)
            r_dom = a;
        if (b.secs < r_str.secs)
            r_str = b;
        if (c.secs < r_xl.secs)
            r_xl = c;
        if (d.secs < r_xls.secs)
            r_xls = d;
    }
    printf("%-40s %9s %12s %6s\n", "command (best of interleaved runs)", "seconds", "peak RSS MiB",
           "exit");
    printf("%-40s %9.2f %12.1f %6d\n", "riap validate (DOM, schema + rules)", r_dom.secs,
           r_dom.rss_kib / 1024.0, r_dom.status);
    printf("%-40s %9.2f %12.1f %6d\n", "xmllint --noout --schema", r_xl.secs, r_xl.rss_kib / 1024.0,
           r_xl.status);
    printf("%-40s %9.2f %12.1f %6d\n", "riap validate --stream (schema + rules)", r_str.secs,
           r_str.rss_kib / 1024.0, r_str.status);
    printf("%-40s %9.2f %12.1f %6d\n", "xmllint --noout --stream --schema", r_xls.secs,
           r_xls.rss_kib / 1024.0, r_xls.status);
    double q_dom = r_dom.secs / r_xl.secs, q_str = r_str.secs / r_xls.secs;
    printf("\nDOM: riap / xmllint = %.2fx (target <= 1.3x): %s\n", q_dom,
           q_dom <= 1.3 ? "met" : "NOT met");
    printf("stream: riap / xmllint --stream = %.2fx (target <= 1.3x): %s\n", q_str,
           q_str <= 1.3 ? "met" : "NOT met");
    printf("stream peak RSS %.1f MiB (target <= 64 MiB): %s\n", r_str.rss_kib / 1024.0,
           r_str.rss_kib <= 64 * 1024 ? "met" : "NOT met");
    printf("both riap modes gave exit status %d and %d (0 = valid)\n", r_dom.status, r_str.status);
    if (!keep)
        unlink(path);
    free(m);
    riap_doc_free(ex);
    riap_ctx_free(ctx);
    return 0;
}
