/* SPDX-License-Identifier: MIT */
/* xml_engine: the streaming engine's reading of the input: bounded memory, whatever the
 * document's size. The input is read in chunks, converted to UTF-8 as it comes, checked for
 * what stops the reading (bytes not of its encoding, a NUL, markup past the limits), its
 * prolog checked for a DOCTYPE, and fed to the push parser (xml_stream.c) with the schema
 * plugged into its SAX events. Each step is a function of its own over one `engine`. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* ---- the input ---- */

/* a document of this size or more is read ahead (xml_ahead.c); a pipe always is */
#define AHEAD_MIN (256u * 1024)

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

static size_t ahead_min = AHEAD_MIN;

void riap__test_read_ahead(size_t min)
{
    ahead_min = min;
}
#else
#define ahead_min AHEAD_MIN
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

/* Whether text holds "?>", the end of an XML declaration. */
static bool ends_declaration(const char *text, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (text[i] == '?' && text[i + 1] == '>')
            return true;
    return false;
}

/* ---- what stops the reading ---- */

/* What stops the reading of a document before its end: bytes that are not of its encoding, a
 * NUL byte, markup past the limits. */
typedef struct stop {
    enum { STOP_NONE, STOP_ENCODING, STOP_NUL, STOP_GUARD } kind;
    uint32_t line, col;
    int64_t offset;       /* -1 when unknown (the input was converted) */
    const char *encoding; /* STOP_ENCODING */
    bool cut;             /* STOP_ENCODING: the input ends inside a character */
} stop;

/* A tag, comment or processing instruction longer than the limit: named by its kind. */
static void markup_error(const load_state *ls, const riap__xml_guard *g, uint32_t line,
                         uint32_t col, int64_t offset)
{
    static const char *const what[][2] = {
        [RIAP__XML_START_TAG] = {"a start tag", "開始タグ"},
        [RIAP__XML_END_TAG] = {"an end tag", "終了タグ"},
        [RIAP__XML_COMMENT] = {"a comment", "コメント"},
        [RIAP__XML_PI] = {"a processing instruction", "処理命令"},
        [RIAP__XML_DECLARATION] = {"markup", "マークアップ"},
    };
    size_t k =
        g->markup < sizeof what / sizeof what[0] && g->markup ? g->markup : RIAP__XML_DECLARATION;
    riap__xml_say(ls, "markup-too-long", RIAP_SEVERITY_ERROR, line, col, offset,
                  "%s longer than %u bytes (from line %u, column %u)",
                  "%3$u 行 %4$u 文字目からの%1$sが %2$u バイトを超えています",
                  riap__lang_ja(ls->ctx) ? what[k][1] : what[k][0], g->limit, g->mark_line,
                  g->mark_col);
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
    else if (!strcmp(r, "markup-too-long"))
        markup_error(ls, g, line, col, offset);
    else if (!strcmp(r, "too-many-names"))
        riap__xml_say(ls, r, e, line, col, offset,
                      "more than %u distinct names of elements, attributes and processing "
                      "instructions in one document",
                      "1 つの文書の要素名・属性名・処理命令名が %u 種類を超えています", g->limit);
    else
        riap__xml_say(ls, r, e, line, col, offset, "elements nested more than %u deep",
                      "要素の入れ子が %u 段を超えています", g->limit);
}

static riap_status stop_error(const load_state *ls, const stop *f, const riap__xml_guard *g)
{
    if (f->kind == STOP_GUARD) {
        guard_error(ls, g, f->line, f->col, f->offset);
        return RIAP_ERR_LIMIT;
    }
    if (f->kind == STOP_NUL && f->offset >= 0 && f->offset <= 1) /* "<\0" or "\0<" */
        riap__xml_say(ls, "nul-byte", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset,
                      "a NUL byte: the file looks like UTF-16 without a byte-order mark (save it "
                      "as UTF-8, or as UTF-16 with one)",
                      "NUL バイトがあります: BOM のない UTF-16 のようです (UTF-8 か BOM 付きの "
                      "UTF-16 で保存してください)");
    else if (f->kind == STOP_NUL)
        riap__xml_say(ls, "nul-byte", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset, "a NUL byte",
                      "NUL バイトがあります");
    else if (f->cut)
        riap__xml_say(ls, "invalid-encoding", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset,
                      "the file ends inside a %s character at line %u, column %u: it looks cut "
                      "off",
                      "ファイルが %2$u 行 %3$u 文字目の %1$s の文字の途中で終わっています "
                      "(途中で切れているようです)",
                      f->encoding, f->line, f->col);
    else
        riap__xml_say(ls, "invalid-encoding", RIAP_SEVERITY_ERROR, f->line, f->col, f->offset,
                      "bytes that are not valid %s at line %u, column %u",
                      "%2$u 行 %3$u 文字目に %1$s として不正なバイト列があります", f->encoding,
                      f->line, f->col);
    return RIAP_ERR_ENCODING;
}

/* ---- the engine ---- */

/* One reading of a document, from its source to the verdict. */
typedef struct engine {
    riap_ctx *ctx;
    const char *path;
    riap_doc *target;
    source in;
    stream s;
    xmlSchemaValidCtxtPtr vc;
    xmlSchemaSAXPlugPtr plug;
    char *chunk;
    riap__xml_guard guard;
    uint64_t *names; /* the guard's table of the names seen */
    stop fatal;
    riap__buf conv, prolog, pending;
    UConverter *from;
    const char *icu; /* the input's encoding for ICU; NULL for UTF-8 */
    bool started, ok, ascii, eof;
    size_t carry;              /* bytes of an incomplete UTF-8 sequence kept for the next chunk */
    size_t carry_from;         /* where they are in the chunk */
    UChar held;                /* a lead surrogate that waits for its trail */
    bool cr_held;              /* converted text ended in CR: it waits for what follows */
    uint32_t in_lines, in_col; /* where the text read so far ends: lines, code points */
    uint64_t offset;           /* bytes of the input read and used so far */
    uint64_t units;            /* UTF-16 input: the code units converted so far */
    uint64_t size;             /* the input's size; UINT64_MAX when unknown (a pipe) */
    int read_errno;            /* a read failed: why (said once the reading is over) */
    uint64_t max_size;         /* of a document kept whole (target) */
    uint64_t too_large;        /* its size, when more: said once the reading is over */
    bool no_ahead;             /* reading ahead could not start: read in turn */
    size_t bom;                /* the bytes of the byte-order mark */
    riap_status st;
} engine;

/* What a step tells the loop: go on to the next step, read again, stop reading (the verdict
 * follows), or fail with e->st. */
enum { STEP_ON, STEP_AGAIN, STEP_STOP, STEP_FAIL };

static int fail(engine *e, riap_status st)
{
    e->st = st;
    return STEP_FAIL;
}

/* Opens the source (a file, or memory) and makes what the reading needs. */
static riap_status engine_open(engine *e, riap_ctx *ctx, const char *path, const char *mem,
                               size_t mem_len, riap_doc *target, riap__xml_plan_fn on_plan,
                               riap__xml_meta_fn on_meta, riap__xml_diag_fn on_diag, void *user)
{
    memset(e, 0, sizeof *e);
    e->ctx = ctx;
    e->path = path;
    e->target = target;
    e->max_size = riap__xml_max_size(ctx);
    e->in = (source){-1, mem ? mem : "", mem_len, 0};
    e->fatal = (stop){STOP_NONE, 0, 0, -1, NULL, false};
    e->ok = true;
    e->s.target = target;
    e->s.ls.ctx = ctx;
    e->s.ls.sink = on_diag;
    e->s.ls.sink_user = user;
    e->s.on_plan = on_plan;
    e->s.on_meta = on_meta;
    e->s.user = user;
    e->s.win_valid = true;
    e->s.win_line = 1;
    e->s.st = RIAP_OK;
    riap__xml_guard_init(&e->guard);
    xmlSchemaPtr schema = riap__xml_schema();
    if (!schema)
        return RIAP_ERR_NOMEM;
    if (path) {
        /* O_NONBLOCK: a FIFO nobody writes to opens at once (and then reads as empty) */
        e->in.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (e->in.fd < 0)
            return riap__xml_io_error(ctx, "open", path, errno);
        struct stat sb;
        int flags = fcntl(e->in.fd, F_GETFL);
        int err = fstat(e->in.fd, &sb) != 0                                    ? errno
                  : S_ISDIR(sb.st_mode)                                        ? EISDIR
                  : flags < 0 || fcntl(e->in.fd, F_SETFL, flags & ~O_NONBLOCK) ? errno
                                                                               : 0;
        if (err)
            return riap__xml_io_error(ctx, "read", path, err);
        e->size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : UINT64_MAX;
    } else {
        e->size = mem_len;
    }
    e->vc = xmlSchemaNewValidCtxt(schema);
    e->chunk = riap__malloc(STREAM_CHUNK + 4);
    e->names = riap__malloc(RIAP__XML_NAME_SLOTS * sizeof *e->names);
    if (!e->vc || !e->chunk || !e->names)
        return RIAP_ERR_NOMEM;
    memset(e->names, 0, RIAP__XML_NAME_SLOTS * sizeof *e->names);
    riap__xml_guard_count_names(&e->guard, e->names);
    xmlSchemaSetValidStructuredErrors(e->vc, riap__xml_on_schema_error, &e->s.ls);
    return RIAP_OK;
}

/* Reads the next chunk after what was carried over; *n its length with the carry. */
static int read_chunk(engine *e, size_t *n)
{
    if (e->carry)
        memmove(e->chunk, e->chunk + e->carry_from, e->carry);
    e->carry_from = 0;
    ssize_t got = source_read(&e->in, e->chunk + e->carry, STREAM_CHUNK - e->carry);
    if (got < 0 && errno == EINTR)
        return STEP_AGAIN;
    if (got < 0) { /* said by stream_engine: this may run on the reading thread */
        e->read_errno = errno;
        return fail(e, RIAP_ERR_IO);
    }
    e->eof = got == 0;
    *n = e->carry + (size_t)got;
    if (e->target && e->offset + *n > e->max_size) { /* a document kept whole */
        e->too_large = e->offset + *n;
        return fail(e, RIAP_ERR_LIMIT);
    }
    e->carry = 0;
    if (!e->started && !e->eof && *n < 600 && !ends_declaration(e->chunk, *n)) {
        /* the encoding is told by the BOM and the XML declaration: read all of it first,
         * however the input comes in, so that the answer does not depend on that */
        e->carry = *n;
        e->carry_from = 0;
        return STEP_AGAIN;
    }
    return STEP_ON;
}

/* The encoding, from the first chunk (its BOM and XML declaration); *skip the BOM. */
static int detect_encoding(engine *e, size_t n, size_t *skip)
{
    riap_ctx *tmp = NULL;
    if (riap_ctx_new(&tmp) != RIAP_OK)
        return fail(e, RIAP_ERR_NOMEM);
    riap_ctx_set_options(tmp, riap_ctx_options(e->ctx));
    riap_status st = riap__xml_detect(tmp, e->chunk, n, &e->icu, skip, &e->ascii);
    if (st != RIAP_OK)
        riap__xml_forward(&e->s.ls, tmp);
    riap_ctx_free(tmp);
    if (st != RIAP_OK)
        return fail(e, st);
    e->started = true;
    e->bom = *skip;
    e->s.shift = e->icu ? -1 : (int64_t)*skip; /* converted text: no file offsets */
    if (e->icu) {
        UErrorCode ec = U_ZERO_ERROR;
        e->from = ucnv_open(e->icu, &ec);
        if (U_SUCCESS(ec))
            ucnv_setToUCallBack(e->from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        if (U_FAILURE(ec))
            return fail(e, RIAP_ERR_NOMEM);
    }
    return STEP_ON;
}

/* fold_last: a CR that ends the text (see riap__xml_fold_cr) waits for the next chunk
 * unless nothing can follow it: the text is read again from it (UTF-8: kept with the carry) or
 * it is put before the next converted text. */
static void fold_last(engine *e, char *t, size_t *tlen)
{
    if (!*tlen || t[*tlen - 1] != '\r')
        return;
    if (e->eof || e->fatal.kind || (!e->icu && e->carry)) {
        t[*tlen - 1] = '\n'; /* nothing follows, or what follows is not LF */
        return;
    }
    if (e->icu)
        e->cr_held = true;
    else
        e->carry = 1;
    --*tlen;
}

/* Converts text[0, tlen) to UTF-8 in e->conv, in two steps, so that what precedes bad bytes
 * is all converted: to UTF-16 in pieces (ICU stops exactly at the bad bytes), then each piece
 * to UTF-8; a lead surrogate at a piece's end waits for its trail. Bad bytes set e->fatal. */
static int decode_converted(engine *e, const char *text, size_t tlen, size_t skip)
{
    e->conv.n = 0;
    if (e->cr_held) { /* the CR that ended the text before (fold_cr) */
        if (!e->conv.cap) {
            if (!(e->conv.p = riap__malloc(4 * STREAM_CHUNK)))
                return fail(e, RIAP_ERR_NOMEM);
            e->conv.cap = 4 * STREAM_CHUNK;
        }
        e->conv.p[e->conv.n++] = '\r';
        e->cr_held = false;
    }
    if (!e->eof) {
        size_t whole = riap__xml_whole_chars(e->icu, (const unsigned char *)text, tlen);
        e->carry = tlen - whole; /* step() keeps them for the next read */
        tlen = whole;
    }
    const char *src = text;
    for (;;) {
        UChar u16[4096];
        UChar *ut = u16;
        if (e->held) {
            *ut++ = e->held;
            e->held = 0;
        }
        UErrorCode ec = U_ZERO_ERROR;
        ucnv_toUnicode(e->from, &ut, u16 + 4096, &src, text + tlen, NULL, e->eof, &ec);
        bool more = ec == U_BUFFER_OVERFLOW_ERROR, bad = U_FAILURE(ec) && !more;
        int32_t nu = (int32_t)(ut - u16);
        if (nu > 0 && U16_IS_LEAD(u16[nu - 1]) && (more || !e->eof) && !bad)
            e->held = u16[--nu];
        int32_t need = 0;
        UErrorCode e8 = U_ZERO_ERROR;
        u_strToUTF8(NULL, 0, &need, u16, nu, &e8);
        if (e->conv.cap - e->conv.n < (size_t)need + 1) {
            size_t want = e->conv.n + (size_t)need + 4 * STREAM_CHUNK;
            char *p = riap__realloc(e->conv.p, want);
            if (!p)
                return fail(e, RIAP_ERR_NOMEM);
            e->conv.p = p;
            e->conv.cap = want;
        }
        e8 = U_ZERO_ERROR;
        int32_t wrote = 0;
        u_strToUTF8(e->conv.p + e->conv.n, (int32_t)(e->conv.cap - e->conv.n), &wrote, u16, nu,
                    &e8);
        if (U_SUCCESS(e8)) {
            e->conv.n += (size_t)wrote;
            e->units += (uint64_t)nu;
        }
        if (bad || U_FAILURE(e8)) { /* what was converted before the bad bytes is read */
            /* where the bad bytes are: after all the text converted before them. In bytes:
             * in UTF-16, two a unit converted; else what ICU consumed, less the bad bytes (the
             * bytes of a character cut by the chunk's start are in e->offset) */
            char bad_bytes[32];
            int8_t blen = sizeof bad_bytes;
            UErrorCode eb = U_ZERO_ERROR;
            ucnv_getInvalidChars(e->from, bad_bytes, &blen, &eb);
            int64_t at = !strncmp(e->icu, "UTF-16", 6)
                             ? (int64_t)(e->bom + 2 * e->units)
                             : (int64_t)(e->offset + skip + (size_t)(src - text)) -
                                   (U_SUCCESS(eb) ? blen : 0);
            uint32_t el, ecol;
            if (e->conv.n) { /* a CR before the bad bytes ends its line */
                riap__xml_fold_cr(e->conv.p, e->conv.n);
                if (e->conv.p[e->conv.n - 1] == '\r')
                    e->conv.p[e->conv.n - 1] = '\n';
            }
            riap__line_col(e->conv.p ? e->conv.p : "", e->conv.n, &el, &ecol);
            e->fatal = (stop){STOP_ENCODING,
                              e->in_lines + el,
                              el > 1 ? ecol : e->in_col + ecol,
                              at,
                              e->icu,
                              ec == U_TRUNCATED_CHAR_FOUND};
            break;
        }
        if (!more)
            break;
    }
    return STEP_ON;
}

/* UTF-8 input: keeps an incomplete sequence at the end for the next chunk, and stops at bytes
 * that are not UTF-8 (or not US-ASCII, when the document says so). */
static void decode_utf8(engine *e, const char *text, size_t *tlen, size_t skip)
{
    size_t good = riap__utf8_check(text, *tlen);
    if (good != *tlen && !e->eof && *tlen - good < 4) {
        uint32_t cp;
        if (riap__utf8_decode((const unsigned char *)text + good, *tlen - good, &cp) == 0) {
            size_t lead = (unsigned char)text[good] >= 0xF0   ? 4
                          : (unsigned char)text[good] >= 0xE0 ? 3
                                                              : 2;
            if (*tlen - good < lead) {
                e->carry = *tlen - good;
                *tlen = good;
            }
        }
    }
    bool bad_ascii = false;
    if (e->ascii)
        for (size_t i = 0; i < good && !bad_ascii; i++)
            if ((unsigned char)text[i] >= 0x80)
                bad_ascii = true, good = i;
    if (good != *tlen || bad_ascii) {
        uint32_t line, col;
        riap__line_col(text, good, &line, &col);
        /* at the end of the input, the first bytes of a character and nothing after them */
        bool cut = e->eof && !bad_ascii && *tlen - good < 4;
        size_t lead = (unsigned char)text[good] >= 0xF0   ? 4
                      : (unsigned char)text[good] >= 0xE0 ? 3
                                                          : 2;
        cut = cut && (unsigned char)text[good] >= 0xC2 && (unsigned char)text[good] <= 0xF4 &&
              *tlen - good < lead;
        for (size_t k = good + 1; cut && k < *tlen; k++)
            cut = ((unsigned char)text[k] & 0xC0) == 0x80;
        e->fatal = (stop){STOP_ENCODING,
                          e->in_lines + line,
                          line > 1 ? col : e->in_col + col,
                          (int64_t)(e->offset + skip + good),
                          e->ascii ? "US-ASCII" : "UTF-8",
                          cut};
        *tlen = good;
    }
}

/* A NUL byte, or markup past the limits, before the end: the text before it is read, then
 * reading stops there, so that the report does not depend on how the input was cut into
 * chunks. Then counts the lines and columns of what will be read. */
static void check_bytes(engine *e, const char *text, size_t *tlen, size_t skip)
{
    const char *nul = memchr(text, 0, *tlen);
    if (nul) {
        uint32_t line, col;
        riap__line_col(text, (size_t)(nul - text), &line, &col);
        e->fatal = (stop){STOP_NUL,
                          e->in_lines + line,
                          line > 1 ? col : e->in_col + col,
                          e->icu ? -1 : (int64_t)(e->offset + skip + (size_t)(nul - text)),
                          NULL,
                          false};
        *tlen = (size_t)(nul - text);
    }
    size_t bad = riap__xml_guard_scan(&e->guard, text, *tlen);
    if (bad < *tlen) {
        uint32_t line, col;
        riap__line_col(text, bad, &line, &col);
        e->fatal = (stop){STOP_GUARD,
                          e->in_lines + line,
                          line > 1 ? col : e->in_col + col,
                          e->icu ? -1 : (int64_t)(e->offset + skip + bad),
                          NULL,
                          false};
        *tlen = bad;
    }
    const char *last = NULL;
    for (const char *p = memchr(text, '\n', *tlen); p;
         p = memchr(p + 1, '\n', *tlen - (size_t)(p + 1 - text))) {
        e->in_lines++;
        last = p;
    }
    size_t tail = last ? (size_t)(last + 1 - text) : 0;
    uint32_t cps = (uint32_t)riap__utf8_count(text + tail, *tlen - tail);
    e->in_col = last ? cps : e->in_col + cps;
}

/* The text where the document should begin, when it is not markup: empty, or text. */
static int refuse_start(engine *e, size_t at, bool decided)
{
    riap__buf *pr = &e->prolog;
    size_t i = 0; /* nothing but white space, or text where markup should be */
    for (; i < pr->n && strchr(" \t\r\n", pr->p[i]); i++)
        ;
    if (i == pr->n) {
        riap__xml_say(&e->s.ls, "empty-document", RIAP_SEVERITY_ERROR, 1, 1, 0,
                      "empty document: the file holds no XML (a plan file starts with "
                      "<?xml or <document)",
                      "文書が空です (計画ファイルは <?xml または <document で始まります)");
        return fail(e, RIAP_ERR_XML);
    }
    if (!decided)
        return STEP_ON;
    char q[80];
    const char *eol = memchr(pr->p + at, '\n', pr->n - at);
    /* quote the text up to its line's end (or 80 bytes): read that far first, and if bytes
     * that stop the reading come sooner, they are the error */
    if (!eol && pr->n - at < 80 && !e->eof && !e->fatal.kind)
        return STEP_AGAIN;
    if (!eol && pr->n - at < 80 && e->fatal.kind)
        return STEP_STOP;
    riap__excerpt(q, sizeof q, pr->p + at, eol ? (size_t)(eol - (pr->p + at)) : pr->n - at, 20);
    uint32_t line, col;
    riap__line_col(pr->p, at, &line, &col);
    riap__xml_say(&e->s.ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                  "text '%s' where the document should begin with <document> (or <?xml)",
                  "文書の始まり (<document> または <?xml) の位置に「%s」があります", q);
    return fail(e, RIAP_ERR_XML);
}

/* The DOCTYPE gate: the prolog is collected and checked for a DOCTYPE before anything is
 * parsed; then the parser is made and fed the prolog. */
static int prolog_gate(engine *e, const char *text, size_t tlen)
{
    riap__buf *pr = &e->prolog;
    riap__buf_put(pr, text, tlen);
    if (pr->nomem)
        return fail(e, RIAP_ERR_NOMEM);
    /* the prolog as XML reads it (a '<' inside a comment or PI begins nothing) */
    bool decided;
    size_t at = riap__xml_prolog_end(pr->p ? pr->p : "", pr->n, &decided);
    if (!decided && !e->eof && !e->fatal.kind && pr->n < 1024 * 1024)
        return STEP_AGAIN;
    if (!decided && e->fatal.kind)
        return STEP_STOP; /* nothing to parse before the bytes that stop the reading */
    if (!decided || pr->p[at] != '<') {
        int r = refuse_start(e, at, decided);
        if (r != STEP_ON)
            return r;
    }
    riap_ctx *tmp = NULL;
    if (riap_ctx_new(&tmp) != RIAP_OK)
        return fail(e, RIAP_ERR_NOMEM);
    riap_ctx_set_options(tmp, riap_ctx_options(e->ctx));
    riap_status d = riap__xml_no_doctype(tmp, pr->p ? pr->p : "", pr->n);
    if (d != RIAP_OK)
        riap__xml_forward(&e->s.ls, tmp);
    riap_ctx_free(tmp);
    if (d != RIAP_OK)
        return fail(e, RIAP_ERR_XML);
    if (e->icu)
        riap__xml_declare_utf8(pr);
    riap_status st = riap__xml_stream_attach(&e->s, e->vc, &e->plug);
    if (st != RIAP_OK)
        return fail(e, st);
    e->ok = riap__xml_feed_blocks(&e->s, &e->pending, pr->p ? pr->p : "", pr->n,
                                  e->eof || e->fatal.kind, e->eof && !e->fatal.kind);
    riap__free(pr->p);
    pr->p = NULL;
    pr->n = pr->cap = 0;
    return e->fatal.kind ? STEP_STOP : STEP_AGAIN;
}

/* One chunk read, decoded and checked: *text, *tlen what the parser is to read of it. */
static int take(engine *e, const char **text, size_t *tlen)
{
    size_t n = 0, skip = 0;
    int r = read_chunk(e, &n);
    if (r == STEP_ON && !e->started)
        r = detect_encoding(e, n, &skip);
    if (r != STEP_ON)
        return r;
    char *t = e->chunk + skip;
    *tlen = n - skip;
    if (e->icu) {
        if ((r = decode_converted(e, t, *tlen, skip)) != STEP_ON)
            return r;
        t = e->conv.p ? e->conv.p : t;
        *tlen = e->conv.n;
        riap__xml_fold_cr(t, *tlen);
    } else if (*tlen) {
        riap__xml_fold_cr(t, *tlen); /* a CR is never part of a UTF-8 sequence */
        decode_utf8(e, t, tlen, skip);
    }
    fold_last(e, t, tlen);
    *text = t;
    check_bytes(e, *text, tlen, skip);
    e->offset += n - e->carry;
    e->carry_from = n - e->carry; /* moved to the front before the next read, once fed */
    return STEP_ON;
}

/* One chunk: read, decode, check, then the DOCTYPE gate (until the parser exists) or the
 * parser. */
static int step(engine *e)
{
    const char *text = NULL;
    size_t tlen = 0;
    int r = take(e, &text, &tlen);
    if (r != STEP_ON)
        return r;
    if (!e->s.pc)
        return prolog_gate(e, text, tlen);
    e->ok = riap__xml_feed_blocks(&e->s, &e->pending, text, tlen, e->eof || e->fatal.kind,
                                  e->eof && !e->fatal.kind);
    return e->fatal.kind ? STEP_STOP : STEP_ON;
}

/* Reading ahead: the reading thread's side (read, decode, check: nothing else of the engine)
 * and the parser's (this thread: the stream, what waits to be fed, e->ok). */
static unsigned ahead_take(void *user, const char **text, size_t *len)
{
    engine *e = user;
    int r;
    while ((r = take(e, text, len)) == STEP_AGAIN)
        ;
    if (r != STEP_ON)
        return RIAP__AHEAD_FAILED | RIAP__AHEAD_END;
    bool over = e->eof || e->fatal.kind;
    return (over ? RIAP__AHEAD_FLUSH | RIAP__AHEAD_END : 0u) |
           (e->eof && !e->fatal.kind ? RIAP__AHEAD_LAST : 0u);
}

static bool ahead_give(void *user, const char *text, size_t len, unsigned flags)
{
    engine *e = user;
    e->ok = riap__xml_feed_blocks(&e->s, &e->pending, text, len, flags & RIAP__AHEAD_FLUSH,
                                  flags & RIAP__AHEAD_LAST);
    return e->ok;
}

/* The rest of a large UTF-8 document, read ahead on a thread of its own while it is parsed:
 * the same chunks, fed in the same way, as step() by step(). */
static int read_ahead(engine *e)
{
    unsigned last = 0;
    if (!riap__xml_ahead(e, STREAM_CHUNK + 4, ahead_take, ahead_give, &last)) {
        e->no_ahead = true;
        return STEP_ON;
    }
    if (last & RIAP__AHEAD_FAILED)
        return STEP_FAIL;
    return e->fatal.kind ? STEP_STOP : STEP_ON;
}

static bool ahead_worth(const engine *e)
{
    return e->s.pc && !e->icu && !e->no_ahead && e->size >= ahead_min;
}

/* What the reading found, once it is over. */
static riap_status verdict(engine *e)
{
    stream *s = &e->s;
    if (s->st != RIAP_OK)
        return s->st;
    /* the text before the bytes that stopped the reading was well-formed: report them (a
     * syntax error before them is what stopped the reading, as when the input comes in parts) */
    if (e->fatal.kind && e->ok && !(s->pc && !s->pc->wellFormed)) {
        riap__xml_release_held(&s->ls, true);
        return stop_error(&s->ls, &e->fatal, &e->guard);
    }
    if (!e->ok || (s->pc && !s->pc->wellFormed)) {
        riap__xml_syntax_error(s);
        return RIAP_ERR_XML;
    }
    return s->ls.errors || s->identities ? RIAP_ERR_SCHEMA : RIAP_OK;
}

/* Unwinds what the parser left open, then frees everything. */
static void engine_close(engine *e)
{
    if (e->plug)
        riap__xml_stream_unwind(&e->s);
    if (e->plug)
        xmlSchemaSAXUnplug(e->plug);
    riap__xml_stream_free(&e->s);
    if (e->vc)
        xmlSchemaFreeValidCtxt(e->vc);
    ucnv_close(e->from);
    riap__free(e->chunk);
    riap__free(e->names);
    riap__free(e->conv.p);
    riap__free(e->prolog.p);
    riap__free(e->pending.p);
    if (e->in.fd >= 0)
        close(e->in.fd);
}

static riap_status stream_engine(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                                 riap_doc *target, riap__xml_plan_fn on_plan,
                                 riap__xml_meta_fn on_meta, riap__xml_diag_fn on_diag, void *user)
{
    engine e;
    riap_status st =
        engine_open(&e, ctx, path, mem, mem_len, target, on_plan, on_meta, on_diag, user);
    int r = STEP_ON;
    while (st == RIAP_OK && !e.eof && e.ok && r != STEP_STOP && r != STEP_FAIL)
        r = ahead_worth(&e) ? read_ahead(&e) : step(&e);
    if (e.read_errno)
        riap__xml_io_error(ctx, "read", path ? path : "(memory)", e.read_errno);
    if (e.too_large)
        riap__xml_too_large(ctx, e.too_large, e.max_size);
    if (st == RIAP_OK)
        st = r == STEP_FAIL ? e.st : verdict(&e);
    if (st == RIAP_OK && target && e.s.pc && e.s.pc->myDoc) {
        /* loading: the comments and PIs outside the plans and the metadata */
        builder b = {&e.s.ls, RIAP_OK, NULL, 0, NULL, false, false};
        riap__xml_window_locator(&e.s); /* what follows the last plan: to the end */
        riap__xml_read_doc_notes(&b, target, e.s.pc->myDoc);
        st = b.st;
    }
    engine_close(&e);
    return st;
}

/* libxml2's last resort for a message is its generic error function, which writes to stderr:
 * while the library parses, this thread's is one that drops the message (libxml2 keeps it in
 * the parser's lastError, which is what the library reports). */
static void silent(void *user, const char *fmt, ...)
{
    (void)user;
    (void)fmt;
}

riap_status riap__xml_stream(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                             riap_doc *target, riap__xml_plan_fn on_plan, riap__xml_meta_fn on_meta,
                             riap__xml_diag_fn on_diag, void *user)
{
    /* libxml2 is set up (once, here) before any call to it: its thread-local state, which the
     * lines below reach, would otherwise make its global mutex in two threads at once */
    (void)riap__xml_schema();
    /* these are thread-local in libxml2: a host program's own settings are put back after */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, NULL);
    riap_status st =
        stream_engine(ctx, path, mem, mem_len, target, on_plan, on_meta, on_diag, user);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return st;
}

riap_status riap__xml_stream_file(riap_ctx *ctx, const char *path, riap__xml_plan_fn on_plan,
                                  riap__xml_meta_fn on_meta, riap__xml_diag_fn on_diag, void *user)
{
    return riap__xml_stream(ctx, path, NULL, 0, NULL, on_plan, on_meta, on_diag, user);
}
