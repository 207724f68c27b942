/* SPDX-License-Identifier: MIT */
/* xml_ahead: reading ahead. While the parser reads one chunk of a large document, a thread of
 * the library's own reads the next ones from the input, checks that they are UTF-8 and within
 * the limits on markup (the work of xml_engine.c before the parser), and hands them over in
 * the order read, through a few buffers. The chunks, their cuts and what is said of them are
 * those of reading in turn: only when the work is done changes. */
#include "config.h"

#include "xml_priv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define AHEAD_SLOTS 4
#define SLOT_SIZE (256u * 1024) /* a few chunks: each hand-over wakes a thread, which costs */

typedef struct slot {
    char *text;
    size_t len, cap;
    unsigned flags;
} slot;

typedef struct ahead {
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    slot slots[AHEAD_SLOTS];
    size_t head, count; /* the next slot to give, and how many are full */
    bool taker_done, giver_done;
    bool taker_waits, giver_waits; /* a thread waits: the other wakes it */
    riap__ahead_take_fn take;
    void *user;
    size_t chunk_max;
} ahead;

/* The reading thread: takes chunks until the input ends, fails, or nobody wants more. */
static void *taker(void *arg)
{
    ahead *a = arg;
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->count == AHEAD_SLOTS && !a->giver_done) {
            a->taker_waits = true;
            pthread_cond_wait(&a->emptied, &a->mu);
        }
        a->taker_waits = false;
        bool stop = a->giver_done;
        size_t i = (a->head + a->count) % AHEAD_SLOTS;
        pthread_mutex_unlock(&a->mu);
        if (stop)
            break;
        /* chunks one after another while they fit: fed together, as they would be in turn
         * (only the last can end the reading) */
        slot *s = &a->slots[i];
        unsigned flags = 0;
        s->len = 0;
        while (!(flags & RIAP__AHEAD_END) && s->cap - s->len >= a->chunk_max) {
            const char *text = NULL;
            size_t len = 0;
            flags = a->take(a->user, &text, &len);
            if (len > a->chunk_max) /* the engine's chunks are bounded: never */
                flags = RIAP__AHEAD_FAILED | RIAP__AHEAD_END, len = 0;
            if (len) /* a failed take gives no text (NULL) */
                memcpy(s->text + s->len, text, len);
            s->len += len;
        }
        s->flags = flags;
        pthread_mutex_lock(&a->mu);
        a->count++;
        if (a->giver_waits)
            pthread_cond_signal(&a->filled);
        pthread_mutex_unlock(&a->mu);
        if (flags & RIAP__AHEAD_END)
            break;
    }
    pthread_mutex_lock(&a->mu);
    a->taker_done = true;
    pthread_cond_signal(&a->filled);
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* This thread: gives each chunk to the parser in order, until the last or until it stops. */
static unsigned give_all(ahead *a, riap__ahead_give_fn give)
{
    unsigned last = 0;
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->count == 0 && !a->taker_done) {
            a->giver_waits = true;
            pthread_cond_wait(&a->filled, &a->mu);
        }
        a->giver_waits = false;
        bool none = a->count == 0;
        pthread_mutex_unlock(&a->mu);
        if (none)
            return RIAP__AHEAD_END; /* the thread stopped before its end: not reached */
        slot *s = &a->slots[a->head];
        last = s->flags;
        bool more = true;
        if (!(s->flags & RIAP__AHEAD_FAILED))
            more = give(a->user, s->text, s->len, s->flags);
        pthread_mutex_lock(&a->mu);
        a->head = (a->head + 1) % AHEAD_SLOTS;
        a->count--;
        if (!more)
            a->giver_done = true;
        /* the reading thread waits for room: it is woken when half the buffers are free */
        if (a->taker_waits && (!more || a->count <= AHEAD_SLOTS / 2))
            pthread_cond_signal(&a->emptied);
        pthread_mutex_unlock(&a->mu);
        if (!more || (last & RIAP__AHEAD_END))
            return more ? last : last | RIAP__AHEAD_STOPPED;
    }
}

int riap__xml_ahead(void *user, size_t chunk_max, riap__ahead_take_fn take,
                    riap__ahead_give_fn give, unsigned *last)
{
    ahead *a = riap__malloc(sizeof *a);
    if (!a)
        return 0;
    memset(a, 0, sizeof *a);
    a->take = take;
    a->user = user;
    a->chunk_max = chunk_max;
    bool made = pthread_mutex_init(&a->mu, NULL) == 0;
    bool filled = made && pthread_cond_init(&a->filled, NULL) == 0;
    bool emptied = filled && pthread_cond_init(&a->emptied, NULL) == 0;
    bool ok = emptied;
    for (size_t i = 0; ok && i < AHEAD_SLOTS; i++) {
        a->slots[i].cap = chunk_max > SLOT_SIZE ? chunk_max : SLOT_SIZE;
        a->slots[i].text = riap__malloc(a->slots[i].cap);
        ok = a->slots[i].text != NULL;
    }
    pthread_t th;
    ok = ok && pthread_create(&th, NULL, taker, a) == 0;
    if (ok) {
        *last = give_all(a, give);
        pthread_mutex_lock(&a->mu);
        a->giver_done = true; /* the thread may wait for room: nobody gives any more */
        pthread_cond_signal(&a->emptied);
        pthread_mutex_unlock(&a->mu);
        pthread_join(th, NULL);
    }
    for (size_t i = 0; i < AHEAD_SLOTS; i++)
        riap__free(a->slots[i].text);
    if (emptied)
        pthread_cond_destroy(&a->emptied);
    if (filled)
        pthread_cond_destroy(&a->filled);
    if (made)
        pthread_mutex_destroy(&a->mu);
    riap__free(a);
    return ok;
}
