/* SPDX-License-Identifier: MIT */
/* lgcode: the bundled list of Japan's local governments (data/, generated into
 * lib/lgcode_data.c at build time) and the code's check digit. */
#include "config.h"

#include "lgcode_int.h"
#include "riap/validate.h"

#include <stdlib.h>
#include <string.h>

const char *riap_lgcode_list_date(void)
{
    return riap__lg_date;
}

int riap_lgcode_check_digit_ok(const char *code)
{
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return 0;
    int s = 0;
    for (int i = 0; i < 5; i++)
        s += (6 - i) * (code[i] - '0');
    return (11 - s % 11) % 10 == code[5] - '0';
}

static int cmp_code(const void *key, const void *row)
{
    return strcmp((const char *)key, ((const riap__lg_row *)row)->code);
}

const riap__lg_row *riap__lg_by_code(const char *code)
{
    if (!code || strlen(code) != 6)
        return NULL;
    const riap__lg_row *r =
        bsearch(code, riap__lg_rows, riap__lg_count, sizeof riap__lg_rows[0], cmp_code);
    for (size_t i = 0; !r && i < riap__pref_count; i++)
        if (strcmp(riap__pref_rows[i].code, code) == 0)
            r = &riap__pref_rows[i];
    return r;
}

int riap_lgcode_find(const char **prefecture, const char **name, const char *code)
{
    if (!code || strlen(code) != 6)
        return 0;
    const riap__lg_row *r =
        bsearch(code, riap__lg_rows, riap__lg_count, sizeof riap__lg_rows[0], cmp_code);
    if (!r) {
        /* prefectures have codes of their own (130001) */
        for (size_t i = 0; i < riap__pref_count; i++)
            if (strcmp(riap__pref_rows[i].code, code) == 0) {
                if (prefecture)
                    *prefecture = riap__pref_rows[i].name;
                if (name)
                    *name = riap__pref_rows[i].name;
                return 1;
            }
        return 0;
    }
    if (prefecture)
        *prefecture = r->prefecture;
    if (name)
        *name = r->name;
    return 1;
}

const char *riap__pref_code(const char *prefecture)
{
    if (!prefecture)
        return NULL;
    for (size_t i = 0; i < riap__pref_count; i++)
        if (strcmp(riap__pref_rows[i].name, prefecture) == 0)
            return riap__pref_rows[i].code;
    return NULL;
}

/* Does name[0..len) equal row name r, white space aside? */
static int same_name(const char *name, size_t len, const char *r)
{
    size_t i = 0;
    for (;;) {
        while (i < len && name[i] == ' ')
            i++;
        while (*r == ' ')
            r++;
        if (i == len || !*r)
            return i == len && !*r;
        if (name[i] != *r)
            return 0;
        i++;
        r++;
    }
}

size_t riap__lg_by_name(const char *name, size_t len, const riap__lg_row **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < riap__lg_count; i++)
        if (same_name(name, len, riap__lg_rows[i].name)) {
            if (n < max)
                out[n] = &riap__lg_rows[i];
            n++;
        }
    for (size_t i = 0; i < riap__pref_count; i++)
        if (same_name(name, len, riap__pref_rows[i].name)) {
            if (n < max)
                out[n] = &riap__pref_rows[i];
            n++;
        }
    return n;
}

/* the name of 0.1's first drafts, out-parameters last (deprecated) */
int riap_lgcode_lookup(const char *code, const char **prefecture, const char **name)
{
    return riap_lgcode_find(prefecture, name, code);
}
