/* SPDX-License-Identifier: MIT */
/* bench/era_ab: riap_era_parse of two or more builds of the library, loaded into one process,
 * on the same expressions of four kinds (a day, a fiscal year, a range of fiscal years, a
 * month with a qualifier), so that a change can be measured against the build before it on a
 * machine whose speed drifts. Each round times every build once per kind, in an order that
 * rotates from round to round (the build timed first in a round is at a disadvantage, and
 * each is first equally often); the best round of each build is printed, in ns per
 * expression, side by side. Run by hand:
 *   ./bench/era_ab BEFORE.so AFTER.so [...]     (e.g. two builds' lib/.libs/libriap.so) */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 50000, KINDS = 4, MAX_LIBS = 8, ROUNDS = 60 };

/* riap_era_parse's signature, without the header: each build is reached through dlsym only,
 * and its result record is written into a buffer larger than riap_era_range. */
typedef int (*parse_fn)(void *out, void *ctx, const char *text, size_t len);

static const char *const kind_name[KINDS] = {"day (令和4年4月1日)", "fiscal year (令和4年度)",
                                             "range (平成12年度～平成14年度)",
                                             "qualifier (令和4年4月上旬)"};

static char text[KINDS][N][64];
static size_t text_len[KINDS][N];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void make_inputs(void)
{
    static const char *const eras[] = {"昭和", "平成", "令和"};
    uint32_t s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        const char *e = eras[(s >> 16) % 3];
        int y = 1 + (int)((s >> 8) % 30), mo = 1 + (int)((s >> 4) % 12);
        int d = 1 + (int)((s >> 12) % 28);
        text_len[0][i] = (size_t)snprintf(text[0][i], 64, "%s%d年%d月%d日", e, y, mo, d);
        text_len[1][i] = (size_t)snprintf(text[1][i], 64, "%s%d年度", e, y);
        text_len[2][i] = (size_t)snprintf(text[2][i], 64, "%s%d年度～%s%d年度", e, y, e, y + 2);
        text_len[3][i] = (size_t)snprintf(text[3][i], 64, "%s%d年%d月上旬", e, y, mo);
    }
}

int main(int argc, char **argv)
{
    int nlibs = argc - 1;
    if (nlibs < 1 || nlibs > MAX_LIBS) {
        fprintf(stderr, "usage: %s LIBRIAP.so... (1 to %d builds)\n", argv[0], MAX_LIBS);
        return 2;
    }
    parse_fn parse[MAX_LIBS];
    for (int l = 0; l < nlibs; l++) {
        void *h = dlopen(argv[l + 1], RTLD_NOW | RTLD_LOCAL);
        void *sym = h ? dlsym(h, "riap_era_parse") : NULL;
        if (!sym) {
            fprintf(stderr, "%s: %s\n", argv[l + 1], dlerror());
            return 2;
        }
        memcpy(&parse[l], &sym, sizeof sym); /* a data pointer to a function pointer */
    }
    make_inputs();
    double best[MAX_LIBS][KINDS];
    for (int l = 0; l < nlibs; l++)
        for (int k = 0; k < KINDS; k++)
            best[l][k] = 1e9;
    unsigned char out[256]; /* larger than any riap_era_range */
    for (int r = 0; r < ROUNDS; r++)
        for (int k = 0; k < KINDS; k++)
            for (int q = 0; q < nlibs; q++) {
                int l = (q + r) % nlibs;
                double t0 = now();
                for (int i = 0; i < N; i++)
                    parse[l](out, NULL, text[k][i], text_len[k][i]);
                double dt = now() - t0;
                if (dt < best[l][k])
                    best[l][k] = dt;
            }
    printf(
        "riap_era_parse, ns per expression (best of %d rounds of %d), builds in the order given:\n",
        ROUNDS, N);
    for (int l = 0; l < nlibs; l++)
        printf("  [%d] %s\n", l + 1, argv[l + 1]);
    for (int k = 0; k < KINDS; k++) {
        printf("%-40s", kind_name[k]);
        for (int l = 0; l < nlibs; l++)
            printf("  [%d] %6.1f", l + 1, best[l][k] / N * 1e9);
        if (nlibs > 1)
            printf("   last/first %.2f", best[nlibs - 1][k] / best[0][k]);
        printf("\n");
    }
    return 0;
}
