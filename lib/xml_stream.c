/* SPDX-License-Identifier: MIT */
/* xml_stream: a document's plans as libxml2's push parser reads them: the SAX hooks that hand
 * each plan to the caller and prune the tree, the plan ids seen, the window of text that gives
 * positions, the parser fed in fixed blocks. The engine that reads the input is xml_engine.c. */
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

#define STREAM_PLAN_MAX (8u * 1024 * 1024) /* a plan larger than this is pruned, not checked */
#define STREAM_WINDOW_MAX (16u * 1024 * 1024)

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* Whether a plan id was seen before; with record, records it. A few bytes a plan. */
static bool stream_id_seen(stream *s, const char *id, bool record)
{
    if (!record && !s->id_cap)
        return false;
    if (record && s->id_n * 2 >= s->id_cap) {
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
    if (!record)
        return false;
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

/* Reads a plan into a document of its own and hands it to on_plan: when streaming, and for a
 * plan the schema rejected (read tolerantly: its other rules run on what could be read). */
static void stream_plan_check(stream *s, xmlNodePtr node, bool schema_ok, bool tolerant)
{
    riap_doc *doc = NULL;
    if (riap_doc_new(&doc) != RIAP_OK) {
        s->st = RIAP_ERR_NOMEM;
        return;
    }
    builder b = {&s->ls, RIAP_OK, NULL, 0, NULL, false, tolerant || !schema_ok};
    char *id = riap__xml_attr_of(node, "id");
    /* ids are kept here when streaming (no document holds the plans read before), and for the
     * plans the schema rejected (which no document holds either): a plan whose id is another's
     * is one error, whichever of the two breaks the schema */
    bool taken = id && riap__is_identifier(id) &&
                 ((s->target && riap_doc_find_plan(s->target, id)) | stream_id_seen(s, id, true));
    if (taken) { /* one error, at the id; the plan's other rules run all the same */
        builder ib = b;
        riap__xml_identity_error(&ib, riap__xml_attr_pos(&s->ls.lc, node, "id"),
                                 RIAP__R_ID_DUPLICATE, id);
        if (schema_ok || s->target) /* a document being loaded does not take the plan */
            s->identities += ib.identities;
    }
    riap__xml_read_plan(&b, doc, node);
    xmlFree(id);
    if (schema_ok)
        s->identities += b.identities;
    if (b.st == RIAP_OK && b.plan && !b.lossy && s->on_plan) { /* links broken or not */
        b.plan->schema_broken = !schema_ok;
        b.plan->id_taken = taken;
        s->on_plan(s->user, b.plan);
    } else if (b.st == RIAP_ERR_NOMEM) {
        s->st = RIAP_ERR_NOMEM;
    } else if (b.st != RIAP_OK && !b.identities) {
        riap__pos p = b.where ? riap__xml_pos_of(&s->ls.lc, b.where) : (riap__pos){0};
        riap__xml_say(&s->ls, "invalid-text", RIAP_SEVERITY_ERROR, p.line, p.column, -1,
                      "an element holds text the model cannot carry",
                      "要素にモデルが保持できない文字列 (制御文字または不正な値) があります");
    }
    riap_doc_free(doc);
}

void riap__xml_window_locator(stream *s)
{
    riap__free(s->ls.lc.starts);
    s->ls.lc.starts = NULL;
    s->ls.lc.last = NULL;
    if (!s->win_valid)
        return;
    uint32_t end_line = (uint32_t)xmlSAX2GetLineNumber(s->pc);
    size_t lines = end_line >= s->win_line ? end_line - s->win_line + 1 : 1;
    riap__xml_locator_init_lines(&s->ls.lc, s->win.p ? s->win.p + s->win_off : "",
                                 s->win.n - s->win_off, lines);
    s->ls.lc.first_line = s->win_line;
    s->ls.lc.base = s->win_base ? s->win_base + s->win_off : 0;
}

static void stream_plan_done(stream *s, xmlNodePtr node)
{
    bool schema_ok = s->ls.errors == s->plan_errors;
    /* after an error the schema may have left this plan unchecked (a misspelt root element
     * leaves the whole tree so): read it tolerantly */
    bool tolerant = s->ls.errors > 0 || s->identities > 0;
    if (!s->plan_oversized && s->st == RIAP_OK)
        riap__xml_window_locator(s);
    /* the id of an earlier plan, or of a plan the schema rejected: checked on its own */
    char *id = s->target ? riap__xml_attr_of(node, "id") : NULL;
    bool taken = id && (riap_doc_find_plan(s->target, id) || stream_id_seen(s, id, false));
    xmlFree(id);
    if (s->target && schema_ok && s->st == RIAP_OK && !taken) {
        /* loading: read the plan into the document being built */
        builder b = {&s->ls, RIAP_OK, NULL, 0, NULL, false, tolerant};
        riap__xml_read_plan(&b, s->target, node);
        s->identities += b.identities;
        if (b.st == RIAP_ERR_NOMEM) {
            s->st = RIAP_ERR_NOMEM;
        } else if (b.st != RIAP_OK) {
            riap__pos p = b.where ? riap__xml_pos_of(&s->ls.lc, b.where) : (riap__pos){0};
            riap__xml_say(&s->ls, "invalid-text", RIAP_SEVERITY_ERROR, p.line, p.column, -1,
                          "an element holds text the model cannot carry",
                          "要素にモデルが保持できない文字列 (制御文字または不正な値) があります");
            s->identities++;
        } else if (s->on_plan && b.plan && !b.lossy) {
            /* validation while loading: the plan's rules run while it is in the cache, also
             * when a link of it is broken (the other rules are independent of that; what both
             * say is said once: riap__report_finish) */
            s->on_plan(s->user, b.plan);
        }
    } else if (!s->plan_oversized && s->st == RIAP_OK && (s->on_plan || taken)) {
        stream_plan_check(s, node, schema_ok, tolerant);
    } else if (s->plan_oversized) {
        long line = xmlGetLineNo(node);
        riap__xml_say(&s->ls, "plan-too-large", RIAP_SEVERITY_WARNING,
                      line > 0 ? (uint32_t)line : 0, 0, -1,
                      "this plan is larger than 8 MiB: checked against the schema only",
                      "この計画は 8 MiB を超えるため、スキーマのみ検査しました");
    }
    /* keep only the line where this plan ended: the next plan may start on it (where that
     * line starts, the plan's positions found already) */
    uint32_t end_line = (uint32_t)xmlSAX2GetLineNumber(s->pc);
    const locator *lc = &s->ls.lc;
    size_t known = SIZE_MAX;
    if (s->win_valid && end_line >= s->win_line && lc->starts &&
        lc->data == s->win.p + s->win_off && end_line - s->win_line < lc->n_lines)
        known = s->win_off + lc->starts[end_line - s->win_line];
    riap__free(s->ls.lc.starts);
    s->ls.lc.starts = NULL;
    s->ls.lc.last = NULL; /* the plan's nodes are freed: their addresses are used again */
    if (s->win_valid && end_line >= s->win_line) {
        size_t off = known != SIZE_MAX ? known : s->win_off;
        for (uint32_t l = known != SIZE_MAX ? end_line : s->win_line;
             l < end_line && off < s->win.n; l++) {
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
            s->win_base = s->win_base ? s->win_base + off : 0;
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

/* Text: white space after an element's child element is dropped before libxml2's tree builder
 * makes a node of it. No element of a plan file has mixed content, so such white space is
 * layout between elements (the schema, plugged around this, has seen it already); a text
 * element never has a child element, so its text is never touched. */
/* libxml2 2.9.14's push parser hands a CDATA section's bytes on as the input has them, line
 * ends and all, where XML makes CR LF and CR alone one LF everywhere: they are made LF here (a
 * CR that ends one piece and the LF that begins the next counted once). */
static void cdata_text(stream *s, xmlParserCtxtPtr pc, const xmlChar *ch, int len)
{
    char buf[512];
    int i = s->cdata_cr && len > 0 && ch[0] == '\n' ? 1 : 0;
    s->cdata_cr = false;
    while (i < len) {
        int o = 0;
        for (; i < len && o < (int)sizeof buf; i++) {
            buf[o++] = ch[i] == '\r' ? '\n' : (char)ch[i];
            if (ch[i] == '\r' && i + 1 < len && ch[i + 1] == '\n')
                i++;
            else if (ch[i] == '\r' && i + 1 == len)
                s->cdata_cr = true;
        }
        s->sax2_text(pc, (const xmlChar *)buf, o);
    }
}

static void stream_text(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr pc = ctx;
    stream *s = pc->_private;
    bool cdata = pc->instate == XML_PARSER_CDATA_SECTION;
    if (!cdata)
        s->cdata_cr = false;
    s->ls.text = ch;
    s->ls.text_len = (size_t)len;
    /* the parser hands on text where it stands in its input (then the text ends there), or a
     * copy once it has read past it */
    const xmlParserInput *in = pc->input;
    uintptr_t c = (uintptr_t)ch;
    if (in && in->base && c >= (uintptr_t)in->base && c < (uintptr_t)in->end)
        s->ls.text_end =
            (uint64_t)in->consumed + (uint64_t)(c - (uintptr_t)in->base) + (uint64_t)len;
    else
        s->ls.text_end = (uint64_t)consumed(pc);
    xmlNodePtr last = pc->node ? pc->node->last : NULL;
    if (last && last->type == XML_ELEMENT_NODE) {
        int i = 0;
        while (i < len && riap__xml_is_space(ch[i]))
            i++;
        if (i == len)
            return;
    }
    if (cdata && (s->cdata_cr || memchr(ch, '\r', (size_t)len)))
        cdata_text(s, pc, ch, len);
    else
        s->sax2_text(ctx, ch, len);
}

static void stream_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr pc = ctx;
    stream *s = pc->_private;
    s->ls.text = NULL;
    s->ls.text_said = false;
    s->sax2_start(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
                  nb_defaulted, attributes);
    /* libxml2 tells of a start tag before it looks for its '>': when the tag stops short (the
     * input ends, or a byte no tag may hold comes), it next says "Couldn't find end of Start
     * Tag" and the document is over. The schema, told of the element after this, would add an
     * error of its own on a tag that is not there: it is not heard, as after the end. */
    const xmlChar *at = pc->input ? pc->input->cur : NULL, *end = pc->input ? pc->input->end : NULL;
    if (at && !(at < end && (*at == '>' || (*at == '/' && at + 1 < end && at[1] == '>')))) {
        s->ls.unwinding = true;
        s->tag_cut = true;
    }
    if (s->depth < RIAP__XML_MAX_DEPTH) { /* deeper, the guard stops the reading */
        s->open[s->depth].name = localname;
        s->open[s->depth].line = pc->node ? xmlGetLineNo(pc->node) : xmlSAX2GetLineNumber(pc);
    }
    if (++s->depth == 1 && s->target && pc->node) {
        char *version = riap__xml_attr_of(pc->node, "version");
        if (version && riap__doc_set_version(s->target, version) == RIAP_ERR_NOMEM)
            s->st = RIAP_ERR_NOMEM;
        xmlFree(version);
        /* the comments and PIs before the root, while the window holds them */
        builder b = {&s->ls, RIAP_OK, NULL, 0, NULL, false, false};
        riap__xml_window_locator(s);
        riap__xml_read_prolog_notes(&b, s->target, pc->node);
        riap__free(s->ls.lc.starts);
        s->ls.lc.starts = NULL;
        s->ls.lc.last = NULL;
        if (b.st == RIAP_ERR_NOMEM)
            s->st = RIAP_ERR_NOMEM;
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
    s->ls.text = NULL;
    s->ls.text_said = false;
    s->sax2_end(ctx, localname, prefix, URI);
    int depth = s->depth--;
    if (s->ls.held.depth == depth && !s->ls.unwinding)
        riap__xml_release_held(&s->ls, true); /* its end tag came: the error stands */
    if (s->ls.unwinding)
        return; /* closing what a cut-off input left open: nothing to check */
    if (!node || depth < 2)
        return;
    if (depth == 2 && riap__xml_is_el(node, "plan")) {
        stream_plan_done(s, node);
    } else if (depth == 2 && (s->target || s->on_meta) && riap__xml_is_el(node, "metadata") &&
               s->ls.errors == s->plan_errors) {
        /* into the document being loaded, or (streaming) a document of its own for on_meta */
        riap_doc *into = s->target, *own = NULL;
        if (!into && riap_doc_new(&own) == RIAP_OK)
            into = own;
        builder b = {&s->ls, into ? RIAP_OK : RIAP_ERR_NOMEM, NULL, 0, NULL, false, false};
        riap__xml_window_locator(s);
        if (into)
            riap__xml_read_metadata(&b, into, node);
        if (b.st == RIAP_OK && s->on_meta)
            s->on_meta(s->user, into);
        riap_doc_free(own);
        riap__free(s->ls.lc.starts);
        s->ls.lc.starts = NULL;
        s->ls.lc.last = NULL;
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
    uint64_t fed_before = s->fed;
    s->fed += n;
    const char *first_nl = memchr(t, '\n', n);
    for (const char *p = first_nl; p; p = memchr(p + 1, '\n', n - (size_t)(p + 1 - t)))
        s->lines_fed++;
    size_t k = n, trailing_nl = 0; /* the white space that ends the text */
    for (; k > 0 && xmlIsBlank_ch(t[k - 1]); k--)
        trailing_nl += t[k - 1] == '\n';
    if (k > 0) {
        s->last_line = s->lines_fed - (uint32_t)trailing_nl + 1;
        s->ends_tag = t[k - 1] == '>';
    }
    if (s->win_valid && s->win.n == 0 && s->win_off == 0) /* the window starts here */
        s->win_base = s->shift >= 0 ? 1 + (uint64_t)s->shift + fed_before : 0;
    if (!s->win_valid && first_nl) {
        /* restart at the line after this chunk's first newline */
        s->win.n = 0;
        s->win_off = 0;
        s->win_line = nl_before + 2;
        size_t cut = (size_t)(first_nl + 1 - t);
        s->win_base = s->shift >= 0 ? 1 + (uint64_t)s->shift + fed_before + cut : 0;
        n -= cut;
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
    s->ended = last;
    int rc = xmlParseChunk(s->pc, t, (int)n, last);
    return rc == 0 && s->pc->wellFormed;
}

/* libxml2's push parser does not always say the same for the same text cut differently (an
 * unclosed CDATA section, for one): it gets the text in blocks of FEED_BLOCK bytes, whatever
 * the reads were, so that a file, a pipe and a test's odd read sizes give the same report. */
#define FEED_BLOCK (32 * 1024)

/* Adds text to what waits in `pending` and feeds the parser each full block; with `flush`,
 * feeds the rest too, as the document's end when `last`. */
bool riap__xml_feed_blocks(stream *s, riap__buf *pending, const char *t, size_t n, bool flush,
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

/* Creates the push parser for a stream whose prolog passed, with the stream's hooks around
 * libxml2's tree builder and the schema plugged around both. */
riap_status riap__xml_stream_attach(stream *s, xmlSchemaValidCtxtPtr vc, xmlSchemaSAXPlugPtr *plug)
{
    s->pc = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
    if (!s->pc)
        return RIAP_ERR_NOMEM;
    xmlCtxtUseOptions(s->pc, PARSE_OPTIONS);
    /* XML_PARSE_NOERROR leaves this channel, which libxml2 uses for some errors (a huge text
     * node, memory): without it, they only reach lastError */
    s->pc->vctxt.error = NULL;
    s->pc->vctxt.warning = NULL;
    xmlSwitchEncoding(s->pc, XML_CHAR_ENCODING_UTF8);
    s->pc->_private = s;
    s->sax2_start = s->pc->sax->startElementNs;
    s->sax2_end = s->pc->sax->endElementNs;
    s->pc->sax->startElementNs = stream_start;
    s->pc->sax->endElementNs = stream_end;
    /* both hooks the same, as libxml2 has them when blanks are kept */
    s->sax2_text = s->pc->sax->characters;
    s->pc->sax->characters = stream_text;
    s->pc->sax->ignorableWhitespace = stream_text;
    s->ls.pc = s->pc;
    s->ls.win = &s->win;
    s->ls.win_off = &s->win_off;
    s->ls.win_line = &s->win_line;
    s->ls.win_base = &s->win_base;
    s->ls.fed = &s->fed;
    s->ls.depth = &s->depth;
    *plug = xmlSchemaSAXPlug(vc, &s->pc->sax, &s->pc->userData);
    if (!*plug)
        return RIAP_ERR_NOMEM;
    /* libxml2 2.9.14's plug hooks CDATA sections even when XML_PARSE_NOCDATA took the hook
     * away, and then hands them to that NULL hook: the text of a CDATA section was lost. Without
     * the hook, the parser gives a CDATA section as text (through the plug, so it is validated) */
    s->pc->sax->cdataBlock = NULL;
    return RIAP_OK;
}

/* Closes the elements a document left open when it stopped short (an error, or a file cut
 * off). libxml2 2.9.14's schema validator keeps the identity-constraint state of open elements
 * until their end tags, and leaks it otherwise: they are closed for it, and what it says about
 * them is ignored. */
void riap__xml_stream_unwind(stream *s)
{
    if (!s->pc || s->pc->nodeNr <= 0 || !s->pc->sax || !s->pc->sax->endElementNs)
        return;
    s->ls.unwinding = true;
    while (s->pc->nodeNr > 0) {
        xmlNodePtr n = s->pc->nodeTab[s->pc->nodeNr - 1];
        int before = s->pc->nodeNr;
        s->pc->sax->endElementNs(s->pc->userData, n->name, n->ns ? n->ns->prefix : NULL,
                                 n->ns ? n->ns->href : NULL);
        if (s->pc->nodeNr == before) /* nothing popped it: stop */
            break;
    }
}

/* Frees what a stream holds (its parser and tree, its window, ids and positions). */
void riap__xml_stream_free(stream *s)
{
    if (s->pc) {
        xmlFreeDoc(s->pc->myDoc);
        xmlFreeParserCtxt(s->pc);
        s->pc = NULL;
    }
    riap__free(s->win.p);
    riap__free(s->ls.lc.starts);
    riap__free(s->ls.err_lines);
    riap__free(s->ids.p);
    riap__free(s->id_slots);
}
