/* SPDX-License-Identifier: MIT */
/* xml: loading plan documents (riap_doc_load_file, riap_doc_load_memory), which is the
 * streaming engine keeping the plans it reads, and the document size limit. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>

void riap_ctx_set_max_document_size(riap_ctx *ctx, uint64_t bytes)
{
    if (ctx)
        ctx->max_doc_size = bytes;
}

uint64_t riap_ctx_max_document_size(const riap_ctx *ctx)
{
    return ctx && ctx->max_doc_size ? ctx->max_doc_size : RIAP_DOC_MAX_SIZE;
}

uint64_t riap__xml_max_size(const riap_ctx *ctx)
{
    uint64_t m = riap_ctx_max_document_size(ctx);
    return m < (uint64_t)INT_MAX ? m : (uint64_t)INT_MAX;
}

riap_status riap__xml_too_large(riap_ctx *ctx, uint64_t size, uint64_t max)
{
    riap__ctx_diag(ctx, "too-large", RIAP_SEVERITY_ERROR, -1, 0, 0,
                   "the document has %llu bytes, more than the %llu this context loads whole "
                   "(riap_ctx_set_max_document_size; riap validate --stream has no limit)",
                   "文書は %llu バイトあり、一括で読み込める %llu バイトを超えています "
                   "(riap validate --stream なら上限なし)",
                   (unsigned long long)size, (unsigned long long)max);
    return RIAP_ERR_LIMIT;
}

riap_status riap__xml_io_error(riap_ctx *ctx, const char *what, const char *path, int err)
{
    /* the verb in the message's language: "open" → 開けません, "read" → 読めません */
    const char *verb = !riap__lang_ja(ctx)     ? what
                       : !strcmp(what, "open") ? "開けません"
                       : !strcmp(what, "read") ? "読めません"
                                               : "扱えません";
    riap__ctx_diag(ctx, "io", RIAP_SEVERITY_ERROR, -1, 0, 0, "cannot %s '%s': %s",
                   "「%2$s」を%1$s: %3$s", verb, path, strerror(err));
    return RIAP_ERR_IO;
}

typedef struct load_user {
    riap_ctx *ctx;
    riap__xml_plan_fn fn;
    riap__xml_meta_fn meta;
    void *fn_user;
} load_user;

static void load_sink(void *user, const char *rule, riap_severity sev, uint32_t line, uint32_t col,
                      int64_t offset, const char *msg)
{
    riap__ctx_diag(((load_user *)user)->ctx, rule, sev, offset, line, col, "%s", "%s", msg);
}

static void load_plan(void *user, const riap_plan *plan)
{
    load_user *lu = user;
    lu->fn(lu->fn_user, plan);
}

static void load_meta(void *user, const riap_doc *meta)
{
    load_user *lu = user;
    lu->meta(lu->fn_user, meta);
}

/* Loading is the streaming engine with a document to keep the plans in: libxml2 never holds
 * more than one plan's tree, and the schema is checked on the SAX events. fn, when given, gets
 * each plan that passed the schema as soon as it is read (whether or not the file loads). */
static riap_status load(riap_doc **out, riap_ctx *ctx, const char *path, const char *mem,
                        size_t len, riap__xml_plan_fn fn, riap__xml_meta_fn meta, void *user)
{
    riap_doc *doc = NULL;
    riap_status st = riap_doc_new(&doc);
    if (st != RIAP_OK)
        return st;
    riap_doc_set_options(doc, riap_ctx_options(ctx));
    load_user lu = {ctx, fn, meta, user};
    st = riap__xml_stream(ctx, path, mem, len, doc, fn ? load_plan : NULL, meta ? load_meta : NULL,
                          load_sink, &lu);
    if (st == RIAP_OK && path)
        st = riap__doc_set_file(doc, path);
    if (st == RIAP_OK) {
        *out = doc;
        return RIAP_OK;
    }
    riap_doc_free(doc);
    return st;
}

riap_status riap_doc_load_memory(riap_doc **out, riap_ctx *ctx, const char *data, size_t len)
{
    riap__ctx_begin(ctx);
    riap__ctx_set_file(ctx, NULL);
    if (out)
        *out = NULL;
    if (!out || (!data && len))
        return riap__arg_error(ctx);
    if ((uint64_t)len > riap__xml_max_size(ctx))
        return riap__xml_too_large(ctx, len, riap__xml_max_size(ctx));
    return load(out, ctx, NULL, data ? data : "", len, NULL, NULL, NULL);
}

static riap_status load_file(riap_doc **out, riap_ctx *ctx, const char *path, riap__xml_plan_fn fn,
                             riap__xml_meta_fn meta, void *user)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !path)
        return riap__arg_error(ctx);
    riap__ctx_set_file(ctx, path);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return riap__xml_io_error(ctx, "open", path, errno);
    if (S_ISDIR(sb.st_mode))
        return riap__xml_io_error(ctx, "read", path, EISDIR);
    /* a pipe or a device is read to its end; the streaming engine applies the size cap */
    if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > riap__xml_max_size(ctx))
        return riap__xml_too_large(ctx, (uint64_t)sb.st_size, riap__xml_max_size(ctx));
    return load(out, ctx, path, NULL, 0, fn, meta, user);
}

riap_status riap_doc_load_file(riap_doc **out, riap_ctx *ctx, const char *path)
{
    return load_file(out, ctx, path, NULL, NULL, NULL);
}

riap_status riap__xml_load_file_partial(riap_doc **out, riap_ctx *ctx, const char *path,
                                        riap__xml_plan_fn fn, riap__xml_meta_fn meta, void *user)
{
    return load_file(out, ctx, path, fn, meta, user);
}
