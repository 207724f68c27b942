/* SPDX-License-Identifier: MIT */
/* json: the JSON writer's state, for the modules that render into it. Never installed. */
#ifndef RIAP_JSON_INT_H
#define RIAP_JSON_INT_H

#include "core_int.h"
#include "riap/export.h"

#define RIAP__JSON_DEPTH 32

struct riap_json {
    riap__buf b;                      /* the text, with a NUL kept after it */
    int depth;                        /* open containers */
    char kind[RIAP__JSON_DEPTH];      /* 'o' object, 'a' array */
    uint32_t count[RIAP__JSON_DEPTH]; /* members or elements so far */
    bool key_done;                    /* a key is written; its value is due */
    bool top_done;                    /* the text's one value is complete */
    riap_status status;
};

/* Appends text as it is (a trailing line feed after a document). */
void riap__json_raw(riap_json *json, const char *s);

#endif /* RIAP_JSON_INT_H */
