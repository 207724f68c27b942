/* SPDX-License-Identifier: MIT */
/* bench/era_batch: `riap era --batch` on inputs of growing size, in two shapes that could make
 * a line reader superlinear or unbounded (one very long line; very many lines, some of them
 * invalid UTF-8 or holding NUL bytes). Prints, for each size, the best wall time, the time per
 * MB, the peak RSS and whether the output had one line per input line, beside `wc -l` on the
 * same file (the cost of only reading it). Run by hand from the build directory:
 *   ./bench/era_batch [--reps N] */
#include "proc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const lines[] = {
    "令和4年度",      "令和４年度～令和６年度",
    "R4.4.1",         "平成三十一年四月三十日",
    "昭和64年1月7日", "2022-04-01",
    "平成32年度",     "令和4年2月30日",
    "令和4年度です",  "\xff\xfe",
    "a\0b",           "",
};
static const size_t line_len[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0};

/* n lines cycling through the sample (invalid ones included); returns the line count */
static int write_lines(const char *path, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    size_t k = sizeof lines / sizeof lines[0];
    for (size_t i = 0; i < n; i++) {
        const char *s = lines[i % k];
        size_t len = line_len[i % k] ? line_len[i % k] : strlen(s);
        fwrite(s, 1, len, f);
        fputs(i % 7 == 3 ? "\r\n" : "\n", f);
    }
    return fclose(f);
}

/* one line of `bytes` bytes of Japanese text, then one ordinary expression */
static int write_long_line(const char *path, size_t bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t n = 0; n < bytes; n += 15)
        fputs("令和四年度令", f);
    fputs("\n令和4年度\n", f);
    return fclose(f);
}

static double file_mb(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

/* runs riap once more with its output counted: does every input line give one output line? */
static bool one_line_each(const char *riap, const char *path, size_t want)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' era --batch < '%s' | wc -l", riap, path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    unsigned long got = 0;
    bool ok = fscanf(p, "%lu", &got) == 1;
    return pclose(p) != -1 && ok && got == want;
}

int main(int argc, char **argv)
{
    int reps = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--reps N]\n", argv[0]);
            return 2;
        }
    }
    char riap[4096], path[64];
    bench_find_riap(riap, sizeof riap);
    snprintf(path, sizeof path, "/tmp/riap-bench-batch-%ld.txt", (long)getpid());
    char *batch[] = {riap, "era", "--batch", NULL};
    char *wc[] = {"wc", "-l", NULL};
    char *const *const cmds[] = {batch, wc};
    printf("riap era --batch, best of %d; `wc -l` on the same input as the cost of reading it\n\n",
           reps);
    printf("%-26s %8s %10s %10s %12s %10s %8s\n", "input", "MB", "seconds", "ms per MB",
           "peak RSS MiB", "wc -l s", "1:1");
    static const size_t nlines[] = {10000, 100000, 1000000};
    static const size_t longs[] = {1000000, 10000000, 100000000};
    double first = 0, last = 0, first_l = 0, last_l = 0;
    long rss_max = 0;
    bool all_one = true;
    for (int shape = 0; shape < 2; shape++)
        for (size_t k = 0; k < 3; k++) {
            size_t want = shape ? 2 : nlines[k];
            if ((shape ? write_long_line(path, longs[k]) : write_lines(path, nlines[k])) != 0) {
                fprintf(stderr, "cannot write %s\n", path);
                return 2;
            }
            double mb = file_mb(path);
            run r[2];
            best_of(reps, 2, cmds, path, r);
            bool one = one_line_each(riap, path, want);
            all_one = all_one && one;
            char label[64];
            if (shape)
                snprintf(label, sizeof label, "one line of %zu MB", longs[k] / 1000000);
            else
                snprintf(label, sizeof label, "%zu lines", nlines[k]);
            double per = r[0].secs * 1e3 / mb;
            printf("%-26s %8.1f %10.3f %10.2f %12.1f %10.3f %8s\n", label, mb, r[0].secs, per,
                   r[0].rss_kib / 1024.0, r[1].secs, one ? "yes" : "NO");
            if (r[0].rss_kib > rss_max)
                rss_max = r[0].rss_kib;
            if (shape) {
                if (k == 0)
                    first_l = per;
                last_l = per;
            } else {
                if (k == 0)
                    first = per;
                last = per;
            }
        }
    unlink(path);
    double q = last / first, ql = last_l / first_l;
    printf("\nper-MB time, largest / smallest input: %.2f (lines), %.2f (one long line); "
           "target <= 1.5: %s\n",
           q, ql, q <= 1.5 && ql <= 1.5 ? "met" : "NOT met");
    printf("peak RSS at most %.1f MiB whatever the input size (target: bounded, <= 8 MiB): %s\n",
           rss_max / 1024.0, rss_max <= 8 * 1024 ? "met" : "NOT met");
    printf("one output line per input line: %s\n", all_one ? "yes" : "NO");
    return 0;
}
