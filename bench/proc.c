/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

run measure_together(size_t n, char *const *const cmds[], const char *in)
{
    run r = {0, 0, 0, 0};
    struct timespec a, b;
    fflush(stdout);
    clock_gettime(CLOCK_MONOTONIC, &a);
    size_t started = 0;
    for (; started < n; started++) {
        pid_t pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr) ||
                (in && !freopen(in, "r", stdin)))
                _exit(127);
            execvp(cmds[started][0], cmds[started]);
            _exit(127);
        }
    }
    for (size_t k = 0; k < started; k++) {
        int status;
        struct rusage ru;
        if (wait4(-1, &status, 0, &ru) < 0)
            break;
        r.cpu += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
        if (ru.ru_maxrss > r.rss_kib)
            r.rss_kib = ru.ru_maxrss;
        int st = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (st != 0 && r.status == 0)
            r.status = st;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    r.secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    if (started < n)
        r.status = -1;
    return r;
}

run measure(char *const argv[], const char *in)
{
    char *const *const one[] = {argv};
    return measure_together(1, one, in);
}

int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void best_of(int reps, size_t n, char *const *const cmds[], const char *in, run best[])
{
    for (size_t k = 0; k < n; k++)
        best[k] = (run){1e30, 0, -1, 0};
    for (int i = 0; i < reps; i++)
        for (size_t k = 0; k < n; k++) {
            run r = measure(cmds[k], in);
            if (r.secs < best[k].secs)
                best[k] = r;
        }
}

void print_table(size_t n, const char *const labels[], const run r[])
{
    printf("%-40s %9s %7s %12s %6s\n", "command (best of interleaved runs)", "seconds", "CPU s",
           "peak RSS MiB", "exit");
    for (size_t k = 0; k < n; k++)
        printf("%-40s %9.3f %7.3f %12.1f %6d\n", labels[k], r[k].secs, r[k].cpu,
               r[k].rss_kib / 1024.0, r[k].status);
}

void bench_find_riap(char *out, size_t size)
{
    snprintf(out, size, "%s", getenv("RIAP_CLI") ? getenv("RIAP_CLI") : "./tools/riap");
    if (!getenv("RIAP_CLI") && access("./tools/.libs/riap", X_OK) == 0) {
        snprintf(out, size, "%s", "./tools/.libs/riap");
        const char *old = getenv("LD_LIBRARY_PATH");
        char lib[4096];
        snprintf(lib, sizeof lib, "./lib/.libs%s%s", old && *old ? ":" : "", old ? old : "");
        setenv("LD_LIBRARY_PATH", lib, 1);
    }
}
