/* SPDX-License-Identifier: MIT */
/* model_notes: the comments and processing instructions of a plan file, kept with the document
 * where they stood (lib/model_int.h), and their index by item for the writer. */
#include "config.h"

#include "model_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

riap_status riap__note_add(riap__notes *ns, const void *owner, riap__at at, uint32_t index,
                           bool inside, bool pi, const char *text, riap__pos pos)
{
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 8;
        riap__note *v = riap__realloc(ns->v, cap * sizeof *v);
        if (!v)
            return RIAP_ERR_NOMEM;
        ns->v = v;
        ns->cap = cap;
    }
    char *t = riap__strndup(text, strlen(text));
    if (!t)
        return RIAP_ERR_NOMEM;
    ns->v[ns->n++] = (riap__note){owner, t, index, (uint8_t)at, inside, pi, pos};
    return RIAP_OK;
}

void riap__notes_clear(riap__notes *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        riap__free(ns->v[i].text);
    riap__free(ns->v);
    *ns = (riap__notes){NULL, 0, 0};
}

typedef struct keyed {
    uintptr_t owner;
    size_t i;
} keyed;

static int by_owner(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

bool riap__note_index_init(riap__note_index *ix, const riap__notes *ns)
{
    ix->ns = ns;
    ix->order = NULL;
    if (!ns->n)
        return true;
    keyed *k = riap__malloc(ns->n * sizeof *k);
    ix->order = riap__malloc(ns->n * sizeof *ix->order);
    if (!k || !ix->order) {
        riap__free(k);
        riap__free(ix->order);
        ix->order = NULL;
        return false;
    }
    for (size_t i = 0; i < ns->n; i++)
        k[i] = (keyed){(uintptr_t)ns->v[i].owner, i};
    qsort(k, ns->n, sizeof *k, by_owner);
    for (size_t i = 0; i < ns->n; i++)
        ix->order[i] = k[i].i;
    riap__free(k);
    return true;
}

void riap__note_index_free(riap__note_index *ix)
{
    riap__free(ix->order);
    ix->order = NULL;
}

void riap__note_index_find(const riap__note_index *ix, const void *owner, size_t *from, size_t *to)
{
    size_t n = ix->order ? ix->ns->n : 0, lo = 0, hi = n;
    uintptr_t key = (uintptr_t)owner;
    while (lo < hi) { /* the first note whose owner is not below key */
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)ix->ns->v[ix->order[mid]].owner < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    *from = lo;
    while (lo < n && ix->ns->v[ix->order[lo]].owner == owner)
        lo++;
    *to = lo;
}
