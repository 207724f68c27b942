/* SPDX-License-Identifier: MIT */
/* xml_stream: the streaming engine: bounded memory, whatever the document's size. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* ---- streaming: bounded memory, whatever the document's size ----
 * The file is read in chunks, converted to UTF-8 as it comes, and fed to libxml2's push parser
 * with the schema plugged into its SAX events (xmlSchemaSAXPlug). The tree libxml2 builds is
 * pruned as it grows: each plan is handed to the caller when its end tag is read, then freed. A
 * window of the text since the current plan began gives the items their columns. */

#define STREAM_CHUNK (64 * 1024)
#define STREAM_PLAN_MAX (8u * 1024 * 1024) /* a plan larger than this is pruned, not checked */
#define STREAM_WINDOW_MAX (16u * 1024 * 1024)

typedef struct stream {
    load_state ls;
    riap__xml_plan_fn on_plan;
    void *user;
    xmlParserCtxtPtr pc;
    endElementNsSAX2Func sax2_end;
    startElementNsSAX2Func sax2_start;
    int depth;
    long plan_start;     /* bytes consumed when the current plan began */
    bool plan_oversized; /* its children are freed as they end; no rules for it */
    size_t plan_errors;  /* schema errors before the current plan began */
    uint32_t lines_fed;  /* newlines in all the text fed so far */
    riap__buf win;       /* text from win_off (the start of line win_line) to what was fed last */
    size_t win_off;
    uint32_t win_line;
    bool win_valid;
    riap_status st;
    riap_doc *target;   /* loading: the plans are read into this document and kept */
    size_t identities;  /* identity-constraint errors so far */
    riap__buf ids;      /* the plan ids seen so far, NUL-terminated one after another */
    uint32_t *id_slots; /* open addressing: offset + 1 into ids, 0 = empty */
    size_t id_cap, id_n;
} stream;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* Records a plan id; returns true when it was seen before. A few bytes a plan. */
static bool stream_id_seen(stream *s, const char *id)
{
    if (s->id_n * 2 >= s->id_cap) {
        size_t cap = s->id_cap ? s->id_cap * 2 : 1024;
        uint32_t *slots = riap__malloc(cap * sizeof *slots);
        if (!slots) {
            s->st = RIAP_ERR_NOMEM;
            return false;
        }
        memset(slots, 0, cap * sizeof *slots);
        for (size_t i = 0; i < s->id_cap; i++) {
            if (!s->id_slots[i])
                continue;
            size_t j = fnv1a(s->ids.p + s->id_slots[i] - 1) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = s->id_slots[i];
        }
        riap__free(s->id_slots);
        s->id_slots = slots;
        s->id_cap = cap;
    }
    size_t j = fnv1a(id) & (s->id_cap - 1);
    while (s->id_slots[j]) {
        if (!strcmp(s->ids.p + s->id_slots[j] - 1, id))
            return true;
        j = (j + 1) & (s->id_cap - 1);
    }
    size_t off = s->ids.n;
    riap__buf_put(&s->ids, id, strlen(id) + 1);
    if (s->ids.nomem || off >= UINT32_MAX) {
        s->st = RIAP_ERR_NOMEM;
        return false;
    }
    s->id_slots[j] = (uint32_t)off + 1;
    s->id_n++;
    return false;
}

static void stream_plan_done(stream *s, xmlNodePtr node)
{
    bool schema_ok = s->ls.errors == s->plan_errors;
    if (!s->plan_oversized && schema_ok && s->st == RIAP_OK && s->win_valid) {
        /* positions: the window holds the plan's text, up to the line where it ends */
        uint32_t end_line = (uint32_t)xmlSAX2GetLineNumber(s->pc);
        size_t lines = end_line >= s->win_line ? end_line - s->win_line + 1 : 1;
        riap__xml_locator_init_lines(&s->ls.lc, s->win.p ? s->win.p + s->win_off : "",
                                     s->win.n - s->win_off, lines);
        s->ls.lc.first_line = s->win_line;
    }
    if (s->target && schema_ok && s->st == RIAP_OK) {
        /* loading: read the plan into the document being built */
        builder b = {&s->ls, RIAP_OK, NULL, 0};
        riap__xml_read_plan(&b, s->target, node);
        s->identities += b.identities;
        if (b.st == RIAP_ERR_NOMEM) {
            s->st = RIAP_ERR_NOMEM;
        } else if (b.st != RIAP_OK) {
            riap__pos p = b.where ? riap__xml_pos_of(&s->ls.lc, b.where) : (riap__pos){0, 0};
            riap__xml_say(&s->ls, "invalid-text", RIAP_SEVERITY_ERROR, p.line, p.column, -1,
                          "an element holds text the model cannot carry%s",
                          "要素にモデルが保持できない文字列 (制御文字または不正な値) があります%s",
                          "");
            s->identities++;
        } else if (!b.identities && s->on_plan && s->target->n_plans) {
            /* validation while loading: the plan's rules run while it is in the cache */
            s->on_plan(s->user, s->target->plans[s->target->n_plans - 1]);
        }
    } else if (!s->plan_oversized && schema_ok && s->st == RIAP_OK) {
        riap_doc *doc = NULL;
        if (riap_doc_new(&doc) == RIAP_OK) {
            builder b = {&s->ls, RIAP_OK, NULL, 0};
            char *id = riap__xml_attr_of(node, "id");
            if (id && stream_id_seen(s, id))
                riap__xml_identity_error(&b, riap__xml_pos_of(&s->ls.lc, node), "id-duplicate",
                                         "the plan id '%s' is used by an earlier plan",
                                         "計画の識別子「%s」は前の計画で使われています", id);
            else
                riap__xml_read_plan(&b, doc, node);
            xmlFree(id);
            s->identities += b.identities;
            if (b.identities) {
                /* reported; the plan is not checked further */
            } else if (b.st == RIAP_OK && doc->n_plans == 1) {
                s->on_plan(s->user, doc->plans[0]);
            } else if (b.st == RIAP_ERR_NOMEM) {
                s->st = RIAP_ERR_NOMEM;
            } else {
                riap__pos p = b.where ? riap__xml_pos_of(&s->ls.lc, b.where) : (riap__pos){0, 0};
                riap__xml_say(
                    &s->ls, "invalid-text", RIAP_SEVERITY_ERROR, p.line, p.column, -1,
                    "an element holds text the model cannot carry%s",
                    "要素にモデルが保持できない文字列 (制御文字または不正な値) があります%s", "");
            }
        } else {
            s->st = RIAP_ERR_NOMEM;
        }
        riap_doc_free(doc);
    } else if (s->plan_oversized) {
        long line = xmlGetLineNo(node);
        riap__xml_say(&s->ls, "plan-too-large", RIAP_SEVERITY_WARNING,
                      line > 0 ? (uint32_t)line : 0, 0, -1,
                      "this plan is larger than 8 MiB: checked against the schema only%s",
                      "この計画は 8 MiB を超えるため、スキーマのみ検査しました%s", "");
    }
    riap__free(s->ls.lc.starts);
    s->ls.lc.starts = NULL;
    /* keep only the line where this plan ended: the next plan may start on it */
    uint32_t end_line = (uint32_t)xmlSAX2GetLineNumber(s->pc);
    if (s->win_valid && end_line >= s->win_line) {
        size_t off = s->win_off;
        for (uint32_t l = s->win_line; l < end_line && off < s->win.n; l++) {
            const char *nl = memchr(s->win.p + off, '\n', s->win.n - off);
            if (!nl) {
                off = s->win.n;
                break;
            }
            off = (size_t)(nl + 1 - s->win.p);
        }
        s->win_off = off;
        s->win_line = end_line;
        if (off > s->win.n / 2) { /* compact now and then, not at every plan */
            memmove(s->win.p, s->win.p + off, s->win.n - off);
            s->win.n -= off;
            s->win_off = 0;
        }
    }
}

/* Bytes of the input consumed so far: the text is UTF-8 already, so no encoder is involved. */
static long consumed(xmlParserCtxtPtr pc)
{
    xmlParserInputPtr in = pc->input;
    return in ? (long)in->consumed + (long)(in->cur - in->base) : 0;
}

/* Frees every child of the element being parsed: all of them are complete. Freeing only the
 * element just ended would leave libxml2's text coalescing (xmlSAX2Characters) appending to the
 * text node before it, whose content may belong to the parser's dictionary. */
static void prune(xmlParserCtxtPtr pc)
{
    xmlNodePtr parent = pc->node;
    if (!parent)
        return;
    while (parent->children) {
        xmlNodePtr c = parent->children;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
    pc->nodelen = 0;
    pc->nodemem = 0;
}

static void stream_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr pc = ctx;
    stream *s = pc->_private;
    s->sax2_start(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
                  nb_defaulted, attributes);
    if (++s->depth == 1 && s->target && pc->node) {
        char *version = riap__xml_attr_of(pc->node, "version");
        if (version && riap__doc_set_version(s->target, version) == RIAP_ERR_NOMEM)
            s->st = RIAP_ERR_NOMEM;
        xmlFree(version);
    }
    if (s->depth == 2) {
        s->plan_start = consumed(pc);
        s->plan_oversized = false;
        s->plan_errors = s->ls.errors;
    }
}

static void stream_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *URI)
{
    xmlParserCtxtPtr pc = ctx;
    stream *s = pc->_private;
    xmlNodePtr node = pc->node;
    s->sax2_end(ctx, localname, prefix, URI);
    int depth = s->depth--;
    if (s->ls.unwinding)
        return; /* closing what a cut-off input left open: nothing to check */
    if (!node || depth < 2)
        return;
    if (depth == 2 && riap__xml_is_el(node, "plan")) {
        stream_plan_done(s, node);
    } else if (depth == 2 && s->target && riap__xml_is_el(node, "metadata") &&
               s->ls.errors == s->plan_errors) {
        builder b = {&s->ls, RIAP_OK, NULL, 0};
        riap__xml_read_metadata(&b, s->target, node);
        if (b.st == RIAP_ERR_NOMEM)
            s->st = RIAP_ERR_NOMEM;
    }
    if (depth > 2 && !s->plan_oversized && !s->target &&
        consumed(pc) - s->plan_start > (long)STREAM_PLAN_MAX)
        s->plan_oversized = true;
    if (depth == 2 || s->plan_oversized)
        prune(pc);
}

/* Appends fed text to the position window (or restarts it at a line start after it was
 * dropped for size), and counts lines. */
static void stream_window(stream *s, const char *t, size_t n)
{
    uint32_t nl_before = s->lines_fed;
    const char *first_nl = memchr(t, '\n', n);
    for (const char *p = first_nl; p; p = memchr(p + 1, '\n', n - (size_t)(p + 1 - t)))
        s->lines_fed++;
    if (!s->win_valid && first_nl) {
        /* restart at the line after this chunk's first newline */
        s->win.n = 0;
        s->win_off = 0;
        s->win_line = nl_before + 2;
        n -= (size_t)(first_nl + 1 - t);
        t = first_nl + 1;
        s->win_valid = true;
    }
    if (!s->win_valid)
        return;
    if (s->win.n - s->win_off + n > STREAM_WINDOW_MAX) {
        s->win_valid = false;
        s->win.n = 0;
        s->win_off = 0;
        return;
    }
    riap__buf_put(&s->win, t, n);
    if (s->win.nomem)
        s->st = RIAP_ERR_NOMEM;
}

static bool stream_feed(stream *s, const char *t, size_t n, bool last)
{
    stream_window(s, t, n);
    if (s->st != RIAP_OK)
        return false;
    int rc = xmlParseChunk(s->pc, t, (int)n, last);
    return rc == 0 && s->pc->wellFormed;
}

/* libxml2's push parser does not always say the same for the same text cut differently (an
 * unclosed CDATA section, for one): it gets the text in blocks of FEED_BLOCK bytes, whatever
 * the reads were, so that a file, a pipe and a test's odd read sizes give the same report. */
#define FEED_BLOCK (32 * 1024)

/* Adds text to what waits in `pending` and feeds the parser each full block; with `flush`,
 * feeds the rest too, as the document's end when `last`. */
static bool feed_blocks(stream *s, riap__buf *pending, const char *t, size_t n, bool flush,
                        bool last)
{
    riap__buf_put(pending, t, n);
    if (pending->nomem) {
        s->st = RIAP_ERR_NOMEM;
        return false;
    }
    size_t at = 0;
    bool ok = true;
    for (; ok && pending->n - at >= FEED_BLOCK; at += FEED_BLOCK)
        ok = stream_feed(s, pending->p + at, FEED_BLOCK, false);
    if (ok && flush && (pending->n > at || last)) {
        ok = stream_feed(s, pending->p + at, pending->n - at, last);
        at = pending->n;
    }
    memmove(pending->p, pending->p + at, pending->n - at);
    pending->n -= at;
    return ok;
}

/* The bytes of a stream: a file, or memory. */
typedef struct source {
    int fd;
    const char *mem;
    size_t len, pos;
} source;

#ifdef RIAP_TESTING
/* Test builds only: the sizes of the reads, in turn (each size + 1 bytes at most), so that a
 * test or fuzzer can cut the input anywhere. */
static const unsigned char *test_sizes;
static size_t test_nsizes, test_next;

void riap__test_read_sizes(const unsigned char *sizes, size_t n)
{
    test_sizes = sizes;
    test_nsizes = n;
    test_next = 0;
}
#endif

static ssize_t source_read(source *src, char *buf, size_t n)
{
#ifdef RIAP_TESTING
    if (test_nsizes) {
        size_t k = (size_t)test_sizes[test_next++ % test_nsizes] + 1;
        if (k < n)
            n = k;
    }
#endif
    if (src->fd >= 0)
        return read(src->fd, buf, n);
    size_t k = src->len - src->pos < n ? src->len - src->pos : n;
    memcpy(buf, src->mem + src->pos, k);
    src->pos += k;
    return (ssize_t)k;
}

riap_status riap__xml_stream_file(riap_ctx *ctx, const char *path, riap__xml_plan_fn on_plan,
                                  riap__xml_diag_fn on_diag, void *user)
{
    return riap__xml_stream(ctx, path, NULL, 0, NULL, on_plan, on_diag, user);
}

/* Whether text holds "?>", the end of an XML declaration. */
static bool ends_declaration(const char *text, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (text[i] == '?' && text[i + 1] == '>')
            return true;
    return false;
}

/* What stops the reading of a document before its end: bytes that are not of its encoding, a
 * NUL byte, markup past the limits. */
typedef struct stop {
    enum { STOP_NONE, STOP_ENCODING, STOP_NUL, STOP_GUARD } kind;
    uint32_t line, col;
    int64_t offset;       /* -1 when unknown (the input was converted) */
    const char *encoding; /* STOP_ENCODING */
} stop;

static void guard_error(const load_state *ls, const riap__xml_guard *g, uint32_t line, uint32_t col,
                        int64_t offset);

static riap_status stop_error(const load_state *ls, const stop *f, const riap__xml_guard *g)
{
    if (f->kind == STOP_GUARD) {
        guard_error(ls, g, f->line, f->col, f->offset);
        return RIAP_ERR_LIMIT;
    }
    if (f->kind == STOP_NUL)
        riap__xml_say(ls, "nul-byte", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset,
                      "a NUL byte%s", "NUL バイトがあります%s", "");
    else
        riap__xml_say(ls, "invalid-encoding", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset,
                      "bytes that are not valid %s at line %u, column %u",
                      "%2$u 行 %3$u 文字目に %1$s として不正なバイト列があります", f->encoding,
                      f->line, f->col);
    return RIAP_ERR_ENCODING;
}

/* Reports the limit on the shape of markup that the text passed (lib/xml_guard.c). */
static void guard_error(const load_state *ls, const riap__xml_guard *g, uint32_t line, uint32_t col,
                        int64_t offset)
{
    const char *r = g->rule;
    riap_severity e = RIAP_SEVERITY_ERROR;
    if (!strcmp(r, "too-many-attributes"))
        riap__xml_say(ls, r, e, line, col, offset, "more than %u attributes in one start tag",
                      "1 つの開始タグに属性が %u 個を超えています", g->limit);
    else if (!strcmp(r, "too-many-namespaces"))
        riap__xml_say(ls, r, e, line, col, offset,
                      "more than %u namespace declarations in one start tag",
                      "1 つの開始タグに名前空間宣言が %u 個を超えています", g->limit);
    else if (!strcmp(r, "name-too-long"))
        riap__xml_say(ls, r, e, line, col, offset,
                      "an element or attribute name longer than %u bytes",
                      "%u バイトを超える要素名または属性名があります", g->limit);
    else if (!strcmp(r, "value-too-long"))
        riap__xml_say(ls, r, e, line, col, offset, "an attribute value longer than %u bytes",
                      "%u バイトを超える属性値があります", g->limit);
    else if (!strcmp(r, "text-too-long"))
        riap__xml_say(ls, r, e, line, col, offset, "a text longer than %u bytes between two tags",
                      "タグの間に %u バイトを超えるテキストがあります", g->limit);
    else
        riap__xml_say(ls, r, e, line, col, offset, "elements nested more than %u deep",
                      "要素の入れ子が %u 段を超えています", g->limit);
}

static riap_status stream_engine(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                                 riap_doc *target, riap__xml_plan_fn on_plan,
                                 riap__xml_diag_fn on_diag, void *user);

/* libxml2's last resort for a message is its generic error function, which writes to stderr:
 * while the library parses, this thread's is one that drops the message (libxml2 keeps it in
 * the parser's lastError, which is what the library reports). */
static void silent(void *user, const char *fmt, ...)
{
    (void)user;
    (void)fmt;
}

riap_status riap__xml_stream(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                             riap_doc *target, riap__xml_plan_fn on_plan, riap__xml_diag_fn on_diag,
                             void *user)
{
    /* these are thread-local in libxml2: a host program's own settings are put back after */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, NULL);
    riap_status st = stream_engine(ctx, path, mem, mem_len, target, on_plan, on_diag, user);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return st;
}

static riap_status stream_engine(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                                 riap_doc *target, riap__xml_plan_fn on_plan,
                                 riap__xml_diag_fn on_diag, void *user)
{
    xmlSchemaPtr schema = riap__xml_schema();
    if (!schema)
        return RIAP_ERR_NOMEM;
    source in = {-1, mem ? mem : "", mem_len, 0};
    if (path) {
        /* O_NONBLOCK: a FIFO nobody writes to opens at once (and then reads as empty) */
        in.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (in.fd < 0)
            return riap__xml_io_error(ctx, "open", path, errno);
        struct stat sb;
        int flags = fcntl(in.fd, F_GETFL);
        int err = fstat(in.fd, &sb) != 0                                    ? errno
                  : S_ISDIR(sb.st_mode)                                     ? EISDIR
                  : flags < 0 || fcntl(in.fd, F_SETFL, flags & ~O_NONBLOCK) ? errno
                                                                            : 0;
        if (err) {
            close(in.fd);
            return riap__xml_io_error(ctx, "read", path, err);
        }
    }
    int fd = in.fd;
    stream s;
    memset(&s, 0, sizeof s);
    s.target = target;
    s.ls.ctx = ctx;
    s.ls.sink = on_diag;
    s.ls.sink_user = user;
    s.on_plan = on_plan;
    s.user = user;
    s.win_valid = true;
    s.win_line = 1;
    s.st = RIAP_OK;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    char *chunk = riap__malloc(STREAM_CHUNK + 4);
    riap__xml_guard guard;
    riap__xml_guard_init(&guard);
    stop fatal = {STOP_NONE, 0, 0, -1, NULL};
    riap__buf conv = {0}, prolog = {0}, pending = {0};
    UConverter *from = NULL;
    xmlSchemaSAXPlugPtr plug = NULL;
    riap_status st = RIAP_OK;
    bool started = false, ok = true, ascii = false;
    const char *icu = NULL;
    size_t carry = 0; /* bytes of an incomplete UTF-8 sequence kept for the next chunk */
    uint64_t offset = 0;
    if (!vc || !chunk) {
        st = RIAP_ERR_NOMEM;
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(vc, riap__xml_on_schema_error, &s.ls);
    size_t carry_from = 0;
    UChar held = 0;                    /* a lead surrogate that waits for its trail */
    uint32_t in_lines = 0, in_col = 0; /* where the text read so far ends: lines, code points */
    for (bool eof = false; !eof && ok;) {
        if (carry)
            memmove(chunk, chunk + carry_from, carry);
        carry_from = 0;
        ssize_t got = source_read(&in, chunk + carry, STREAM_CHUNK - carry);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            st = riap__xml_io_error(ctx, "read", path ? path : "(memory)", errno);
            goto done;
        }
        eof = got == 0;
        size_t n = carry + (size_t)got, skip = 0;
        if (target && offset + n > riap__xml_max_size(ctx)) { /* a document kept whole: its cap */
            st = riap__xml_too_large(ctx, offset + n, riap__xml_max_size(ctx));
            goto done;
        }
        carry = 0;
        if (!started && !eof && n < 600 && !ends_declaration(chunk, n)) {
            /* the encoding is told by the BOM and the XML declaration: read all of it first,
             * however the input comes in, so that the answer does not depend on that */
            carry = n;
            carry_from = 0;
            continue;
        }
        if (!started) {
            riap_ctx *tmp = NULL;
            if (riap_ctx_new(&tmp) != RIAP_OK) {
                st = RIAP_ERR_NOMEM;
                goto done;
            }
            riap_ctx_set_options(tmp, riap_ctx_options(ctx));
            st = riap__xml_detect(tmp, chunk, n, &icu, &skip, &ascii);
            if (st != RIAP_OK)
                riap__xml_forward(&s.ls, tmp);
            riap_ctx_free(tmp);
            if (st != RIAP_OK)
                goto done;
            started = true;
            if (icu) {
                UErrorCode ec = U_ZERO_ERROR;
                from = ucnv_open(icu, &ec);
                if (U_SUCCESS(ec))
                    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
                if (U_FAILURE(ec)) {
                    st = RIAP_ERR_NOMEM;
                    goto done;
                }
            }
        }
        const char *text = chunk + skip;
        size_t tlen = n - skip;
        if (icu) {
            /* two steps, so that what precedes bad bytes is all converted: to UTF-16 in
             * pieces (ICU stops exactly at the bad bytes), then each piece to UTF-8; a lead
             * surrogate at a piece's end waits for its trail */
            conv.n = 0;
            const char *src = text;
            for (;;) {
                UChar u16[4096];
                UChar *ut = u16;
                if (held) {
                    *ut++ = held;
                    held = 0;
                }
                UErrorCode ec = U_ZERO_ERROR;
                ucnv_toUnicode(from, &ut, u16 + 4096, &src, text + tlen, NULL, eof, &ec);
                bool more = ec == U_BUFFER_OVERFLOW_ERROR, bad = U_FAILURE(ec) && !more;
                int32_t nu = (int32_t)(ut - u16);
                if (nu > 0 && U16_IS_LEAD(u16[nu - 1]) && (more || !eof) && !bad)
                    held = u16[--nu];
                int32_t need = 0;
                UErrorCode e8 = U_ZERO_ERROR;
                u_strToUTF8(NULL, 0, &need, u16, nu, &e8);
                if (conv.cap - conv.n < (size_t)need + 1) {
                    size_t want = conv.n + (size_t)need + 4 * STREAM_CHUNK;
                    char *p = riap__realloc(conv.p, want);
                    if (!p) {
                        st = RIAP_ERR_NOMEM;
                        goto done;
                    }
                    conv.p = p;
                    conv.cap = want;
                }
                e8 = U_ZERO_ERROR;
                int32_t wrote = 0;
                u_strToUTF8(conv.p + conv.n, (int32_t)(conv.cap - conv.n), &wrote, u16, nu, &e8);
                if (U_SUCCESS(e8))
                    conv.n += (size_t)wrote;
                if (bad || U_FAILURE(e8)) { /* what was converted before the bad bytes is read */
                    size_t at = riap__ucnv_error_offset(from, (size_t)(src - text));
                    uint32_t el, ecol;
                    riap__xml_source_position(icu, text, at, &el, &ecol);
                    fatal = (stop){STOP_ENCODING, in_lines + el, el > 1 ? ecol : in_col + ecol,
                                   (int64_t)(offset + skip + at), icu};
                    break;
                }
                if (!more)
                    break;
            }
            text = conv.p;
            tlen = conv.n;
        } else if (tlen) {
            /* keep an incomplete sequence at the end for the next chunk */
            size_t good = riap__utf8_check(text, tlen);
            if (good != tlen && !eof && tlen - good < 4) {
                uint32_t cp;
                if (riap__utf8_decode((const unsigned char *)text + good, tlen - good, &cp) == 0) {
                    size_t lead = (unsigned char)text[good] >= 0xF0   ? 4
                                  : (unsigned char)text[good] >= 0xE0 ? 3
                                                                      : 2;
                    if (tlen - good < lead) {
                        carry = tlen - good;
                        tlen = good;
                    }
                }
            }
            good = riap__utf8_check(text, tlen);
            bool bad_ascii = false;
            if (ascii)
                for (size_t i = 0; i < good && !bad_ascii; i++)
                    if ((unsigned char)text[i] >= 0x80)
                        bad_ascii = true, good = i;
            if (good != tlen || bad_ascii) {
                uint32_t line, col;
                riap__line_col(text, good, &line, &col);
                fatal = (stop){STOP_ENCODING, in_lines + line, line > 1 ? col : in_col + col,
                               (int64_t)(offset + skip + good), ascii ? "US-ASCII" : "UTF-8"};
                tlen = good;
            }
        }
        /* A NUL byte, or markup past the limits, before the end: the text before it is read,
         * then reading stops there, so that the report does not depend on how the input was
         * cut into chunks */
        const char *nul = memchr(text, 0, tlen);
        if (nul) {
            uint32_t line, col;
            riap__line_col(text, (size_t)(nul - text), &line, &col);
            fatal = (stop){STOP_NUL, in_lines + line, line > 1 ? col : in_col + col,
                           icu ? -1 : (int64_t)(offset + skip + (size_t)(nul - text)), NULL};
            tlen = (size_t)(nul - text);
        }
        {
            size_t bad = riap__xml_guard_scan(&guard, text, tlen);
            if (bad < tlen) {
                uint32_t line, col;
                riap__line_col(text, bad, &line, &col);
                fatal = (stop){STOP_GUARD, in_lines + line, line > 1 ? col : in_col + col,
                               icu ? -1 : (int64_t)(offset + skip + bad), NULL};
                tlen = bad;
            }
        }
        {
            const char *last = NULL;
            for (const char *p = memchr(text, '\n', tlen); p;
                 p = memchr(p + 1, '\n', tlen - (size_t)(p + 1 - text))) {
                in_lines++;
                last = p;
            }
            size_t tail = last ? (size_t)(last + 1 - text) : 0;
            uint32_t cps = (uint32_t)riap__utf8_count(text + tail, tlen - tail);
            in_col = last ? cps : in_col + cps;
        }
        offset += n - carry;
        carry_from = n - carry; /* moved to the front before the next read, once fed */
        /* the prolog is collected and checked for a DOCTYPE before anything is parsed */
        if (!s.pc) {
            riap__buf_put(&prolog, text, tlen);
            if (prolog.nomem) {
                st = RIAP_ERR_NOMEM;
                goto done;
            }
            /* the prolog as XML reads it (a '<' inside a comment or PI begins nothing) */
            bool decided;
            size_t at = riap__xml_prolog_end(prolog.p ? prolog.p : "", prolog.n, &decided);
            if (!decided && !eof && !fatal.kind && prolog.n < 1024 * 1024)
                continue;
            if (!decided && fatal.kind)
                break; /* nothing to parse before the bytes that stop the reading */
            if (!decided || prolog.p[at] != '<') {
                size_t i = 0; /* nothing but white space, or text where markup should be */
                for (; i < prolog.n && strchr(" \t\r\n", prolog.p[i]); i++)
                    ;
                if (i == prolog.n) {
                    riap__xml_say(
                        &s.ls, "empty-document", RIAP_SEVERITY_ERROR, 1, 1, 0,
                        "empty document: the file holds no XML (a plan file starts with "
                        "<?xml or <document)%s",
                        "文書が空です (計画ファイルは <?xml または <document で始まります)%s", "");
                    st = RIAP_ERR_XML;
                    goto done;
                }
                if (decided) {
                    char q[80];
                    const char *eol = memchr(prolog.p + at, '\n', prolog.n - at);
                    /* quote the text up to its line's end (or 80 bytes): read that far first,
                     * and if bytes that stop the reading come sooner, they are the error */
                    if (!eol && prolog.n - at < 80 && !eof && !fatal.kind)
                        continue;
                    if (!eol && prolog.n - at < 80 && fatal.kind)
                        break;
                    riap__excerpt(q, sizeof q, prolog.p + at,
                                  eol ? (size_t)(eol - (prolog.p + at)) : prolog.n - at, 20);
                    uint32_t line, col;
                    riap__line_col(prolog.p, at, &line, &col);
                    riap__xml_say(
                        &s.ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                        "text '%s' where the document should begin with <document> (or <?xml)",
                        "文書の始まり (<document> または <?xml) の位置に「%s」があります", q);
                    st = RIAP_ERR_XML;
                    goto done;
                }
            }
            riap_ctx *tmp = NULL;
            if (riap_ctx_new(&tmp) != RIAP_OK) {
                st = RIAP_ERR_NOMEM;
                goto done;
            }
            riap_ctx_set_options(tmp, riap_ctx_options(ctx));
            riap_status d = riap__xml_no_doctype(tmp, prolog.p ? prolog.p : "", prolog.n);
            if (d != RIAP_OK) {
                riap__xml_forward(&s.ls, tmp);
                riap_ctx_free(tmp);
                st = RIAP_ERR_XML;
                goto done;
            }
            riap_ctx_free(tmp);
            if (icu)
                riap__xml_declare_utf8(&prolog);
            /* create the parser, plug the schema in, feed the prolog */
            s.pc = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
            if (!s.pc) {
                st = RIAP_ERR_NOMEM;
                goto done;
            }
            xmlCtxtUseOptions(s.pc, PARSE_OPTIONS);
            /* XML_PARSE_NOERROR leaves this channel, which libxml2 uses for some errors (a
             * huge text node, memory): without it, they only reach lastError */
            s.pc->vctxt.error = NULL;
            s.pc->vctxt.warning = NULL;
            xmlSwitchEncoding(s.pc, XML_CHAR_ENCODING_UTF8);
            s.pc->_private = &s;
            /* our hooks around libxml2's tree builder, then the schema around both */
            s.sax2_start = s.pc->sax->startElementNs;
            s.sax2_end = s.pc->sax->endElementNs;
            s.pc->sax->startElementNs = stream_start;
            s.pc->sax->endElementNs = stream_end;
            s.ls.pc = s.pc;
            s.ls.win = &s.win;
            s.ls.win_off = &s.win_off;
            s.ls.win_line = &s.win_line;
            plug = xmlSchemaSAXPlug(vc, &s.pc->sax, &s.pc->userData);
            if (!plug) {
                st = RIAP_ERR_NOMEM;
                goto done;
            }
            ok = feed_blocks(&s, &pending, prolog.p ? prolog.p : "", prolog.n, eof || fatal.kind,
                             eof && !fatal.kind);
            riap__free(prolog.p);
            prolog.p = NULL;
            prolog.n = prolog.cap = 0;
            if (fatal.kind)
                break;
            continue;
        }
        ok = feed_blocks(&s, &pending, text, tlen, eof || fatal.kind, eof && !fatal.kind);
        if (fatal.kind)
            break;
    }
    if (s.st != RIAP_OK) {
        st = s.st;
        goto done;
    }
    /* the text before the bytes that stopped the reading was well-formed: report them (a
     * syntax error before them is what stopped the reading, as when the input comes in parts) */
    if (fatal.kind && ok && !(s.pc && !s.pc->wellFormed)) {
        st = stop_error(&s.ls, &fatal, &guard);
        goto done;
    }
    if (!ok || (s.pc && !s.pc->wellFormed)) {
        xmlErrorPtr e = s.pc ? xmlCtxtGetLastError(s.pc) : NULL;
        char msg[512];
        riap__xml_clean_message(msg, sizeof msg, e ? e->message : "not well-formed");
        riap__xml_say(&s.ls, "xml-syntax", RIAP_SEVERITY_ERROR,
                      e && e->line > 0 ? (uint32_t)e->line : 0,
                      e && e->int2 > 0 ? (uint32_t)e->int2 : 0, -1, "malformed XML: %s",
                      "XML の構文誤り: %s", msg);
        st = RIAP_ERR_XML;
    } else if (s.ls.errors || s.identities) {
        st = RIAP_ERR_SCHEMA;
    }
done:
    if (plug && s.pc && s.pc->nodeNr > 0 && s.pc->sax && s.pc->sax->endElementNs) {
        /* The document stopped short (an error, or a file cut off). libxml2 2.9.14's schema
         * validator keeps the identity-constraint state of open elements until their end tags,
         * and leaks it otherwise: close them for it, ignoring what it says about them. */
        s.ls.unwinding = true;
        while (s.pc->nodeNr > 0) {
            xmlNodePtr n = s.pc->nodeTab[s.pc->nodeNr - 1];
            int before = s.pc->nodeNr;
            s.pc->sax->endElementNs(s.pc->userData, n->name, n->ns ? n->ns->prefix : NULL,
                                    n->ns ? n->ns->href : NULL);
            if (s.pc->nodeNr == before) /* nothing popped it: stop */
                break;
        }
    }
    if (plug)
        xmlSchemaSAXUnplug(plug);
    if (s.pc) {
        xmlFreeDoc(s.pc->myDoc);
        xmlFreeParserCtxt(s.pc);
    }
    if (vc)
        xmlSchemaFreeValidCtxt(vc);
    ucnv_close(from);
    riap__free(chunk);
    riap__free(conv.p);
    riap__free(prolog.p);
    riap__free(pending.p);
    riap__free(s.win.p);
    riap__free(s.ls.lc.starts);
    riap__free(s.ls.err_lines);
    riap__free(s.ids.p);
    riap__free(s.id_slots);
    if (fd >= 0)
        close(fd);
    return st;
}
