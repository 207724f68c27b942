/* SPDX-License-Identifier: MIT */
/* bench/proc: running the riap program from a benchmark and measuring it (wall time, peak RSS). */
#ifndef RIAP_BENCH_PROC_H
#define RIAP_BENCH_PROC_H

#include <stddef.h>

typedef struct run {
    double secs;
    long rss_kib;
    int status; /* exit status; -1 when killed by a signal or not started */
    double cpu; /* seconds of CPU, user and system, of all its threads */
} run;

/* Runs the n commands at the same time, stdout and stderr to /dev/null (stdin from `in` when
 * not NULL, else inherited); the wall time until the last one ends, the largest peak RSS and
 * the worst exit status. */
run measure_together(size_t n, char *const *const cmds[], const char *in);

/* One command, stdin from `in` (NULL: inherited). */
run measure(char *const argv[], const char *in);

/* Runs the n commands reps times, interleaved so that a slow spell of the machine hits every
 * command alike, and keeps each one's best run. */
void best_of(int reps, size_t n, char *const *const cmds[], const char *in, run best[]);

void print_table(size_t n, const char *const labels[], const run r[]);

int cmp_double(const void *a, const void *b);

/* The riap program to time: $RIAP_CLI, else the build tree's binary itself (not libtool's
 * wrapper script, which costs about 20 ms of shell per run) with the library beside it. */
void bench_find_riap(char *out, size_t size);

#endif
