/* SPDX-License-Identifier: MIT */
/* core: status texts, the library's allocator, version, growable buffers. */
#include "config.h"

#include "core_int.h"
#include "riap/version.h"

#include <stdlib.h>
#include <string.h>

const char *riap_status_name(riap_status status)
{
    switch (status) {
    case RIAP_OK: return "RIAP_OK";
    case RIAP_ERR_NOMEM: return "RIAP_ERR_NOMEM";
    case RIAP_ERR_ARG: return "RIAP_ERR_ARG";
    case RIAP_ERR_IO: return "RIAP_ERR_IO";
    case RIAP_ERR_ENCODING: return "RIAP_ERR_ENCODING";
    case RIAP_ERR_XML: return "RIAP_ERR_XML";
    case RIAP_ERR_SCHEMA: return "RIAP_ERR_SCHEMA";
    case RIAP_ERR_ERA: return "RIAP_ERR_ERA";
    case RIAP_ERR_LIMIT: return "RIAP_ERR_LIMIT";
    }
    return "RIAP_ERR_UNKNOWN";
}

const char *riap_status_message(riap_status status)
{
    switch (status) {
    case RIAP_OK: return "success";
    case RIAP_ERR_NOMEM: return "out of memory";
    case RIAP_ERR_ARG: return "invalid argument";
    case RIAP_ERR_IO: return "input/output error";
    case RIAP_ERR_ENCODING: return "invalid character encoding";
    case RIAP_ERR_XML: return "malformed XML";
    case RIAP_ERR_SCHEMA: return "document does not match the schema";
    case RIAP_ERR_ERA: return "invalid era expression or date";
    case RIAP_ERR_LIMIT: return "input exceeds a size limit";
    }
    return "unknown status";
}

unsigned int riap_version(void)
{
    return RIAP_VERSION_NUMBER;
}

const char *riap_version_string(void)
{
    return RIAP_VERSION_STRING;
}

/* ---- allocation ---- */

#ifdef RIAP_TESTING
/* Test builds only (never in libriap.so): a countdown that makes allocations fail, so tests can
 * sweep every failure path. Not thread-safe by design; the tests that use it are serial. */
static long alloc_budget = -1;

void riap__test_alloc_fail_after(long n)
{
    alloc_budget = n;
}

static bool alloc_allowed(void)
{
    if (alloc_budget < 0)
        return true;
    if (alloc_budget == 0)
        return false;
    alloc_budget--;
    return true;
}
#else
static inline bool alloc_allowed(void)
{
    return true;
}
#endif

void *riap__malloc(size_t size)
{
    if (!alloc_allowed())
        return NULL;
    return malloc(size ? size : 1);
}

void *riap__realloc(void *ptr, size_t size)
{
    if (!alloc_allowed())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void riap__free(void *ptr)
{
    free(ptr);
}

void riap_free(void *ptr)
{
    riap__free(ptr);
}

char *riap__strndup(const char *s, size_t len)
{
    char *p = riap__malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- growable buffer ---- */

static bool buf_reserve(riap__buf *b, size_t extra)
{
    if (b->nomem)
        return false;
    if (b->cap - b->n > extra)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->n <= extra) {
        if (cap > SIZE_MAX / 2) {
            b->nomem = true;
            return false;
        }
        cap *= 2;
    }
    char *p = riap__realloc(b->p, cap);
    if (!p) {
        b->nomem = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void riap__buf_put(riap__buf *b, const char *s, size_t len)
{
    if (!buf_reserve(b, len))
        return;
    memcpy(b->p + b->n, s, len);
    b->n += len;
}

void riap__buf_puts(riap__buf *b, const char *s)
{
    riap__buf_put(b, s, strlen(s));
}

void riap__buf_putc(riap__buf *b, char c)
{
    riap__buf_put(b, &c, 1);
}

char *riap__buf_take(riap__buf *b)
{
    if (!buf_reserve(b, 1)) {
        riap__free(b->p);
        b->p = NULL;
        b->n = b->cap = 0;
        return NULL;
    }
    b->p[b->n] = '\0';
    char *p = b->p;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}
