/* SPDX-License-Identifier: MIT */
/* json: the one JSON writer of the library (riap_json): escaping, commas and nesting, for the
 * export of documents (export_json.c) and for every JSON text the CLI prints. Knows nothing of
 * plans or eras. */
#include "config.h"

#include "json_int.h"

#include <stdio.h>
#include <string.h>

riap_status riap_json_new(riap_json **out)
{
    if (!out)
        return RIAP_ERR_ARG;
    *out = riap__malloc(sizeof **out);
    if (!*out)
        return RIAP_ERR_NOMEM;
    memset(*out, 0, sizeof **out);
    return RIAP_OK;
}

void riap_json_free(riap_json *json)
{
    if (!json)
        return;
    riap__free(json->b.p);
    riap__free(json);
}

void riap_json_clear(riap_json *json)
{
    if (!json)
        return;
    json->b.n = 0;
    json->b.nomem = false;
    json->depth = 0;
    json->key_done = json->top_done = false;
    json->status = RIAP_OK;
    if (json->b.p)
        json->b.p[0] = '\0';
}

/* Appends bytes, keeping a NUL after them. */
static void put(riap_json *j, const char *s, size_t n)
{
    riap__buf_put(&j->b, s, n);
    riap__buf_putc(&j->b, '\0');
    if (j->b.nomem)
        j->status = RIAP_ERR_NOMEM;
    else
        j->b.n--;
}

static void fail(riap_json *j)
{
    if (j->status == RIAP_OK)
        j->status = RIAP_ERR_ARG;
}

/* Before a value: a comma in an array, the key's value in an object. */
static bool value_start(riap_json *j)
{
    if (!j || j->status != RIAP_OK)
        return false;
    if (j->depth == 0) {
        if (j->top_done) {
            fail(j); /* one value per text */
            return false;
        }
        return true;
    }
    if (j->kind[j->depth - 1] == 'o') {
        if (!j->key_done) {
            fail(j);
            return false;
        }
        j->key_done = false;
        return true;
    }
    if (j->count[j->depth - 1]++)
        put(j, ",", 1);
    return true;
}

static void value_end(riap_json *j)
{
    if (j->depth == 0)
        j->top_done = true;
}

static void push(riap_json *j, char kind, const char *open)
{
    if (!value_start(j))
        return;
    if (j->depth == RIAP__JSON_DEPTH) {
        fail(j);
        return;
    }
    put(j, open, 1);
    j->kind[j->depth] = kind;
    j->count[j->depth] = 0;
    j->depth++;
}

static void pop(riap_json *j, char kind, const char *close)
{
    if (!j || j->status != RIAP_OK)
        return;
    if (j->depth == 0 || j->kind[j->depth - 1] != kind || j->key_done) {
        fail(j);
        return;
    }
    put(j, close, 1);
    j->depth--;
    value_end(j);
}

void riap_json_object_begin(riap_json *json)
{
    push(json, 'o', "{");
}

void riap_json_object_end(riap_json *json)
{
    pop(json, 'o', "}");
}

void riap_json_array_begin(riap_json *json)
{
    push(json, 'a', "[");
}

void riap_json_array_end(riap_json *json)
{
    pop(json, 'a', "]");
}

/* A string, escaped: ill-formed UTF-8 as U+FFFD, so that the text is always valid JSON. */
static void quoted(riap_json *j, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    put(j, "\"", 1);
    size_t run = 0; /* bytes copied as they are, written in one go */
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        const char *esc = NULL;
        char hex[8];
        size_t k = 1;
        if (c < 0x80) {
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    snprintf(hex, sizeof hex, "\\u%04x", c);
                    esc = hex;
                }
            }
        } else {
            uint32_t cp;
            k = riap__utf8_decode(u + i, len - i, &cp);
            if (!k) {
                esc = "\\ufffd";
                k = 1;
            }
        }
        if (esc) {
            put(j, (const char *)u + i - run, run);
            run = 0;
            put(j, esc, strlen(esc));
        } else {
            run += k;
        }
        i += k;
    }
    put(j, (const char *)u + len - run, run);
    put(j, "\"", 1);
}

void riap_json_key(riap_json *json, const char *key)
{
    if (!json || json->status != RIAP_OK)
        return;
    if (!key || json->depth == 0 || json->kind[json->depth - 1] != 'o' || json->key_done) {
        fail(json);
        return;
    }
    if (json->count[json->depth - 1]++)
        put(json, ",", 1);
    quoted(json, key, strlen(key));
    put(json, ":", 1);
    json->key_done = true;
}

void riap_json_string(riap_json *json, const char *s, size_t len)
{
    if (!value_start(json))
        return;
    if (s)
        quoted(json, s, len);
    else
        put(json, "null", 4);
    value_end(json);
}

void riap_json_cstring(riap_json *json, const char *s)
{
    riap_json_string(json, s, s ? strlen(s) : 0);
}

void riap_json_integer(riap_json *json, int64_t value)
{
    if (!value_start(json))
        return;
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", (long long)value);
    put(json, num, (size_t)n);
    value_end(json);
}

void riap_json_boolean(riap_json *json, int value)
{
    if (!value_start(json))
        return;
    put(json, value ? "true" : "false", value ? 4 : 5);
    value_end(json);
}

void riap_json_null(riap_json *json)
{
    if (!value_start(json))
        return;
    put(json, "null", 4);
    value_end(json);
}

const char *riap_json_text(const riap_json *json, size_t *len)
{
    if (len)
        *len = 0;
    if (!json || json->status != RIAP_OK)
        return NULL;
    if (len)
        *len = json->b.n;
    return json->b.p ? json->b.p : "";
}

riap_status riap_json_status(const riap_json *json)
{
    return json ? json->status : RIAP_ERR_ARG;
}

void riap__json_raw(riap_json *json, const char *s)
{
    put(json, s, strlen(s));
}
