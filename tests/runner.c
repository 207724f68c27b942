/* SPDX-License-Identifier: MIT */
/* Runs the registered suites and fails (exit 1) on any failed test, failed suite or framework
 * error. Prints "riap-totals: tests=N passed=P failed=F", the line every test prints, which
 * tests/run-all.sh adds up. */
#include "runner.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RIAP_TEST_SRCDIR
#define RIAP_TEST_SRCDIR "."
#endif

/* The one place that says where test data is: $RIAP_SRCDIR (set by make check and
 * make check-valgrind), else the source directory the program was built from, so that a test
 * program also finds its data when run by hand, from any directory, in a VPATH build. */
const char *riap_test_srcdir(void)
{
    const char *dir = getenv("RIAP_SRCDIR");
    return dir && *dir ? dir : RIAP_TEST_SRCDIR;
}

/* A few rotating buffers, so that a test may hold two paths at once. */
static const char *join(const char *dir, const char *rel)
{
    static char bufs[4][4096];
    static unsigned next;
    char *buf = bufs[next++ % 4];
    snprintf(buf, sizeof bufs[0], "%s/%s", dir, rel);
    return buf;
}

const char *riap_test_src(const char *rel)
{
    return join(riap_test_srcdir(), rel);
}

const char *riap_test_path(const char *rel)
{
    const char *dir = getenv("RIAP_TEST_DATA");
    if (dir && *dir)
        return join(dir, rel);
    char data[2048];
    snprintf(data, sizeof data, "%s/tests/data", riap_test_srcdir());
    return join(data, rel);
}

char *riap_test_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

uint32_t riap_test_below(uint64_t *state, uint32_t n)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((*state >> 33) % n);
}

uint64_t riap_test_seed(uint64_t def)
{
    const char *seed = getenv("RIAP_PROPS_SEED");
    return seed && *seed ? strtoull(seed, NULL, 10) : def;
}

int riap_test_quick(void)
{
    const char *q = getenv("RIAP_QUICK");
    return q && *q && strcmp(q, "0") != 0;
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    if (riap_test_register() != 0 || CU_get_error() != CUE_SUCCESS) {
        fprintf(stderr, "registering tests failed: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned int ran = CU_get_number_of_tests_run();
    unsigned int failed = CU_get_number_of_tests_failed();
    unsigned int suites_failed = CU_get_number_of_suites_failed();
    CU_ErrorCode err = CU_get_error();
    printf("\nriap-totals: tests=%u passed=%u failed=%u\n", ran, ran - failed, failed);
    CU_cleanup_registry();
    if (failed || suites_failed || err != CUE_SUCCESS || ran == 0) {
        fprintf(stderr, "FAILED: %u test(s), %u suite(s), framework error %d\n", failed,
                suites_failed, (int)err);
        return 1;
    }
    return 0;
}
