/* SPDX-License-Identifier: MIT */
/* bench/import: how riap_import_text scales (issue #18). Generates summaries of about 1, 10
 * and 100 MB in three shapes:
 *   paragraphs  plans whose overview and category texts are long paragraphs, broken into
 *               lines of the layout's width (no trailing-space marks: read by width);
 *   projects    one plan whose first category lists very many projects, the list wrapped
 *               across lines, some names broken in the middle;
 *   plans       very many small plans of one municipality (ids sumida-r4, sumida-r4-2, ...),
 *               each with a figure caption;
 * and, for each, times riap_import_text on the text in memory (best of a few runs) and
 * `wc -l` on the same text written to a file (best of as many runs, in the same run of this
 * program), then prints the time per MB of each and whether the importer's time per MB at
 * 100 MB is within 1.5x of its time per MB at 1 MB. Every import must give a document without
 * an error, with the expected number of plans and projects. Run by hand from the build
 * directory:
 *   ./bench/import [--max MB] [--reps N] [--keep DIR]
 * (defaults: 100 MB, 3 runs at 1 and 10 MB, 2 at 100; --keep writes each input into DIR). The
 * program pins itself to the CPU it starts on, so that every size is timed on the same core. */
#define _GNU_SOURCE 1 /* sched_getcpu, sched_setaffinity */
#include <riap.h>

#include "proc.h"

#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void put(text *t, const char *s)
{
    size_t l = strlen(s);
    if (t->n + l + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1 << 16;
        while (t->n + l + 1 > cap)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            fprintf(stderr, "bench/import: out of memory\n");
            exit(2);
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, l + 1);
    t->n += l;
}

/* A paragraph of about `bytes` bytes of prose followed by `tail` (NULL: 。), in lines of 36
 * characters (the layout's width). Every character of the prose and the tails is 3 bytes. */
static const char prose[] =
    "区内企業の経営力を底上げさせていくとともに、連携により生まれた効果を面的に"
    "波及させ、新たな事業の創出と地域産業の活性化を図る";

static void paragraph(text *t, size_t bytes, const char *indent, const char *tail)
{
    size_t at = 0, col = 0, done = 0, ti = 0;
    const char *tx = tail ? tail : "。";
    put(t, indent);
    char c[4] = {0};
    while (done < bytes || tx[ti]) {
        bool in_prose = done < bytes;
        if (in_prose) {
            memcpy(c, prose + at, 3);
            at = (at + 3) % (sizeof prose - 1);
            done += 3;
        } else {
            memcpy(c, tx + ti, 3);
            ti += 3;
        }
        if (col == 36) {
            if (!memcmp(c, "、", 3) && in_prose)
                continue; /* never at a line's start */
            put(t, "\n");
            col = 0;
        }
        put(t, c);
        col++;
    }
    put(t, "\n");
}

static const char header[] =
    "「墨田区地域産業活性化計画」（墨田区）【計画期間：令和４年度～令和６年度】\n";
static const char heading1[] = "(１)多様な主体との連携を図る取組\n";
static const char heading2[] =
    "(２)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組"
    "\n";

/* Plans of about 100 KB each: an overview and two categories of long paragraphs. */
static size_t shape_paragraphs(text *t, size_t mb, size_t *projects)
{
    size_t plans = 0;
    put(t, "【承認した地域産業活性化計画の概要】\n\n");
    while (t->n < mb << 20) {
        put(t, header);
        paragraph(t, 40000, "", NULL);
        put(t, "\n");
        put(t, heading1);
        paragraph(t, 30000, " ",
                  "（ハードウェア・スタートアップ拠点構想事業、すみだモダン連携事業）");
        put(t, "\n");
        put(t, heading2);
        paragraph(t, 30000, " ", "（プロトタイプ実証実験支援事業）");
        put(t, "\n");
        plans++;
        *projects += 3;
    }
    return plans;
}

/* One plan, its first category listing projects until the size is reached. */
static size_t shape_projects(text *t, size_t mb, size_t *projects)
{
    put(t, "【承認した地域産業活性化計画の概要】\n\n");
    put(t, header);
    put(t, "昭和４５年をピークに製造業が一貫して減少している。\n\n");
    put(t, heading1);
    put(t, " 区内企業をつなげていく（");
    char name[96];
    size_t col = 0;
    while (t->n < mb << 20) {
        snprintf(name, sizeof name, "%s連携事業%zu", *projects ? "、" : "", *projects);
        /* wrapped at about 100 bytes, inside a name when it falls there */
        size_t l = strlen(name);
        if (col + l > 100 && *projects % 7 == 3) {
            /* break the name after its first character (3 bytes, or the 、 and one more) */
            size_t cut = *projects ? 9 : 3;
            char a[96];
            memcpy(a, name, cut);
            a[cut] = 0;
            put(t, a);
            put(t, "\n");
            put(t, name + cut);
            col = l - cut;
        } else {
            if (col + l > 100) {
                put(t, "\n");
                col = 0;
            }
            put(t, name);
            col += l;
        }
        ++*projects;
    }
    put(t, "）\n\n");
    put(t, heading2);
    put(t, " 区内企業の経営力を底上げさせていく（プロトタイプ実証実験支援事業）\n");
    ++*projects;
    return 1;
}

/* Small plans of one municipality, until the size is reached. */
static size_t shape_plans(text *t, size_t mb, size_t *projects)
{
    size_t plans = 0;
    put(t, "【承認した地域産業活性化計画の概要】\n\n");
    while (t->n < mb << 20) {
        put(t, header);
        put(t, "昭和４５年をピークに製造業が一貫して減少している。\n\n");
        put(t, heading1);
        put(t, " 区内企業をつなげていく（ハードウェア・スタートアップ拠点構想事業、すみだモダン"
               "連携事業）\n\n");
        put(t, "すみだモダン連携事業の認定式\n\n");
        put(t, heading2);
        put(t, " 区内企業の経営力を底上げさせていく（プロトタイプ実証実験支援事業）\n\n");
        plans++;
        *projects += 3;
    }
    return plans;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One import: its time, checked. */
static double import_here(const text *t, size_t plans, size_t projects)
{
    riap_doc *doc = NULL;
    riap_report *rep = NULL;
    double a = now();
    riap_status st = riap_import_text(&doc, &rep, NULL, t->p, t->n, "bench.txt");
    double secs = now() - a;
    size_t got = 0, np = 0;
    if (doc) {
        got = riap_doc_plan_count(doc);
        for (size_t i = 0; i < got; i++) {
            const riap_plan *p = riap_doc_plan(doc, i);
            for (size_t c = 0; c < riap_plan_category_count(p); c++)
                np += riap_category_project_count(riap_plan_category(p, c));
        }
    }
    if (st != RIAP_OK || !doc || got != plans || np != projects) {
        fprintf(stderr, "bench/import: wrong import (%s; %zu plans of %zu, %zu projects of %zu)\n",
                riap_status_message(st), got, plans, np, projects);
        if (rep && riap_report_count(rep))
            fprintf(stderr, "  first diagnostic: %s\n", riap_diag_message(riap_report_get(rep, 0)));
        exit(1);
    }
    riap_doc_free(doc);
    riap_report_free(rep);
    return secs;
}

/* One import in a process of its own, as a user runs it: every size starts from a fresh heap
 * (in this process, a small input would reuse the pages a first run faulted in, and a large
 * one, given back to the system by free, would not). */
static double import_once(const text *t, size_t plans, size_t projects)
{
    int fds[2];
    if (pipe(fds) != 0)
        return import_here(t, plans, projects);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        double secs = import_here(t, plans, projects);
        _exit(write(fds[1], &secs, sizeof secs) == (ssize_t)sizeof secs ? 0 : 1);
    }
    close(fds[1]);
    double secs = -1;
    bool got = pid > 0 && read(fds[0], &secs, sizeof secs) == (ssize_t)sizeof secs;
    close(fds[0]);
    int status = 1;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench/import: the import failed\n");
        exit(1);
    }
    return secs;
}

int main(int argc, char **argv)
{
    size_t max = 100;
    int reps = 3;
    const char *keep = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--max") && i + 1 < argc)
            max = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--max MB] [--reps N] [--keep DIR]\n", argv[0]);
            return 2;
        }
    }
    static const struct {
        const char *name;
        size_t (*make)(text *, size_t, size_t *);
    } shapes[] = {
        {"paragraphs", shape_paragraphs}, {"projects", shape_projects}, {"plans", shape_plans}};
    char path[] = "/tmp/riap-bench-import-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("bench/import: mkstemp");
        return 2;
    }
    close(fd);
    printf("libriap %s: riap_import_text per MB of input, against wc -l on the same input\n",
           riap_version_string());
    /* every size on the same core: the cores of a shared machine may run at different speeds
     * (seen here: one 1.6x slower than the other), which would pass for a change per MB */
    int cpu = sched_getcpu();
    cpu_set_t one;
    CPU_ZERO(&one);
    if (cpu >= 0)
        CPU_SET(cpu, &one);
    if (cpu >= 0 && sched_setaffinity(0, sizeof one, &one) == 0)
        printf("(timed on CPU %d alone, every size)\n\n", cpu);
    else
        printf("(not pinned to one CPU: figures may mix cores of different speeds)\n\n");
    printf("%-11s %7s %9s %9s %12s %10s %12s %8s\n", "shape", "MB", "plans", "projects", "import s",
           "s/MB", "wc -l s/MB", "ratio");
    bool all_linear = true;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double first = 0;
        for (size_t mb = 1; mb <= max; mb *= 10) {
            text t = {0};
            size_t projects = 0, plans = shapes[s].make(&t, mb, &projects);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(t.p, 1, t.n, f) != t.n || fclose(f)) {
                perror("bench/import: writing the input");
                return 2;
            }
            if (keep) {
                char kp[512];
                snprintf(kp, sizeof kp, "%s/%s-%zu.txt", keep, shapes[s].name, mb);
                FILE *k = fopen(kp, "wb");
                if (!k || fwrite(t.p, 1, t.n, k) != t.n || fclose(k))
                    perror(kp);
            }
            int r = mb >= 100 && reps > 2 ? 2 : reps;
            double best = 1e30;
            run wc = {1e30, 0, 0, 0};
            char *const cmd[] = {"wc", "-l", path, NULL};
            for (int k = 0; k < r; k++) {
                double secs = import_once(&t, plans, projects);
                best = secs < best ? secs : best;
                run w = measure(cmd, NULL);
                if (w.status == 0 && w.secs < wc.secs)
                    wc = w;
            }
            double size = (double)t.n / (1 << 20), per = best / size;
            if (mb == 1)
                first = per;
            printf("%-11s %7.1f %9zu %9zu %12.3f %10.4f %12.5f %7.1fx\n", shapes[s].name, size,
                   plans, projects, best, per, wc.secs / size, per / first);
            fflush(stdout);
            if (mb == 100 && per > 1.5 * first)
                all_linear = false;
            free(t.p);
        }
    }
    unlink(path);
    if (max >= 100)
        printf("\nper-MB time at 100 MB within 1.5x of that at 1 MB, every shape: %s\n",
               all_linear ? "yes" : "NO");
    return 0;
}
