/* SPDX-License-Identifier: MIT */
/* lgcode: the bundled list of Japan's local governments, for the modules that check and fill
 * in municipalities (validate, import). Data only: depends on nothing of ours. Never installed. */
#ifndef RIAP_LGCODE_INT_H
#define RIAP_LGCODE_INT_H

#include <stddef.h>

/* The bundled lists, generated from data/ (lib/lgcode_data.c). Sorted by code. */
typedef struct riap__lg_row {
    const char *code, *prefecture, *name, *kana; /* kana: the reading in hiragana, or "" */
} riap__lg_row;

extern const riap__lg_row riap__lg_rows[];
extern const size_t riap__lg_count;
extern const riap__lg_row riap__pref_rows[]; /* name = prefecture name */
extern const size_t riap__pref_count;
extern const char riap__lg_date[];

/* The six-digit code of a prefecture by name ("東京都" → "130001"), or NULL. */
const char *riap__pref_code(const char *prefecture);

/* The row of a six-digit code (a municipality's or a prefecture's), or NULL. */
const riap__lg_row *riap__lg_by_code(const char *code);

/* The rows whose name is name[0..len) (white space ignored on both sides: "札幌市中央区" finds
 * "札幌市 中央区"), and prefectures by their name: fills out[0..max) and returns how many
 * there are in all. */
size_t riap__lg_by_name(const char *name, size_t len, const riap__lg_row **out, size_t max);

#endif /* RIAP_LGCODE_INT_H */
