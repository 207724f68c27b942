/* SPDX-License-Identifier: MIT */
/* The shared CUnit runner: each test program defines riap_test_register(). */
#ifndef RIAP_TEST_RUNNER_H
#define RIAP_TEST_RUNNER_H

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <stdint.h>

/* Adds the program's suites to the registry; returns 0 on success. */
int riap_test_register(void);

/* The source directory: $RIAP_SRCDIR, else the one the program was built from. */
const char *riap_test_srcdir(void);

/* Path of a file of the source tree, such as "examples/plans.xml" (a static buffer, one of
 * four used in turn; tests are single-threaded). */
const char *riap_test_src(const char *rel);

/* Path of a fixture under $RIAP_TEST_DATA, else under the source's tests/data. */
const char *riap_test_path(const char *rel);

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL on failure. */
char *riap_test_read(const char *path, size_t *len);

/* A fixed-seed generator for properties over generated input: the next number in [0, n), n > 0
 * (a 64-bit linear congruential generator, its high bits). */
uint32_t riap_test_below(uint64_t *state, uint32_t n);

/* The seed of a property test: $RIAP_PROPS_SEED, else def. */
uint64_t riap_test_seed(uint64_t def);

/* True when RIAP_QUICK is set (valgrind runs skip exhaustive sweeps). */
int riap_test_quick(void);

#define ADD_TEST(suite, fn)                                                                        \
    do {                                                                                           \
        if (!CU_add_test((suite), #fn, (fn)))                                                      \
            return -1;                                                                             \
    } while (0)

#endif
