/* SPDX-License-Identifier: MIT */
/* xml: what the files of the XML module share, and nothing outside it (only they include
 * libxml2's headers): the compiled schema (xml_schema.c), positions and the one way to raise a
 * diagnostic (xml_diag.c), the tree → model reader (xml_read.c), the streaming engine
 * (xml_stream.c, xml_engine.c, xml_ahead.c) and the load entry points (xml.c). Never
 * installed. */
#ifndef RIAP_XML_PRIV_H
#define RIAP_XML_PRIV_H

#include "xml_int.h"

#include <stdarg.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

/* Never NOENT, DTDLOAD, DTDVALID, XINCLUDE or HUGE: plan files are untrusted. */
#define PARSE_OPTIONS                                                                              \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |             \
     XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* ---- the schema compiled into the library, parsed once per process (NULL: out of memory) */
xmlSchemaPtr riap__xml_schema(void);

/* ---- positions: line numbers come from libxml2, columns from the bytes */
typedef struct locator {
    const char *data;
    size_t len;
    size_t *starts; /* byte offset of each line's start; starts[0] is line 1 */
    size_t n_lines;
    uint32_t cur_line; /* where the last search on cur_line ended, to find the next element */
    size_t cur_off;
    uint32_t note_line; /* the same for comments and PIs, which are found apart */
    size_t note_off;
    uint32_t first_line; /* the line number of data[0] (1 for a whole document) */
    uint64_t base;       /* 1 + the offset in the file of data[0]; 0 when unknown */
    const void *last;    /* the node located last, and where: asked again, the same answer */
    riap__pos last_pos;
    size_t last_lt; /* where its '<' is in data */
    /* the document being read, which keeps the file's bytes of texts that are not held one for
     * one (riap__pos.text_raw); NULL: such texts are placed at their element */
    riap__strv *keep;
} locator;

bool riap__xml_locator_init_lines(locator *lc, const char *data, size_t len, size_t max_lines);
riap__pos riap__xml_pos_of(locator *lc, xmlNodePtr node);
/* Where a comment or processing instruction node begins (its "<!--" or "<?"). */
riap__pos riap__xml_pos_of_note(locator *lc, xmlNodePtr node);
/* Where the value of attribute name of node begins (the element's position when not found). */
riap__pos riap__xml_attr_pos(locator *lc, xmlNodePtr node, const char *name);
bool riap__xml_locator_init(locator *lc, const char *data, size_t len);
uint32_t riap__xml_locate(locator *lc, uint32_t *line, const char *name, uint32_t lines_back);
/* 1 + the file offset of the '<' the last riap__xml_locate() found; 0 when unknown. */
uint64_t riap__xml_located_at(const locator *lc);

/* ---- diagnostics: every problem the XML layer finds goes to one sink, through riap__xml_say */
typedef struct load_state {
    riap_ctx *ctx;
    locator lc;
    size_t errors;
    /* streaming: diagnostics go to this callback instead of the ctx */
    void (*sink)(void *user, const char *rule, riap_severity sev, uint32_t line, uint32_t col,
                 int64_t offset, const char *msg);
    void *sink_user;
    xmlParserCtxtPtr pc; /* streaming: the push parser */
    bool unwinding;      /* streaming: closing the open elements after the input ended */
    uint32_t *err_lines; /* lines of schema errors (for checking the other plans) */
    size_t n_err, cap_err;
    const riap__buf *win; /* streaming: the text window, and its first line */
    const uint32_t *win_line;
    const size_t *win_off;
    const uint64_t *win_base; /* 1 + the file offset of win->p[0]; 0 when unknown */
    const uint64_t *fed;      /* streaming: bytes fed, the last of them at win->p[win->n - 1] */
    /* the text libxml2 handed on last, until the next tag: the schema checks it right after,
     * and places text where only elements may stand at the tag (text_end: the bytes consumed
     * after it) */
    const unsigned char *text;
    size_t text_len;
    uint64_t text_end;
    bool text_said;   /* text there was reported: the rest of it (libxml2 hands on long text in
                       * pieces, each checked) is the same fault */
    const int *depth; /* streaming: how many elements are open */
    /* an element in a simple type's place (<title>a<b/>): held until the element around it
     * ends, for when that element's end tag is missing, the error to report (depth: of the
     * element around it) */
    struct {
        int depth;
        uint32_t line, col;
        int64_t offset;
        char msg[512];
    } held;
} load_state;

void riap__xml_on_schema_error(void *data, xmlErrorPtr err);
/* The held error (load_state.held): reported when emit, else forgotten. */
void riap__xml_release_held(load_state *ls, bool emit);
void riap__xml_note_error_line(load_state *ls, uint32_t line);
void riap__xml_vsay(const load_state *ls, const char *rule, riap_severity sev, uint32_t line,
                    uint32_t col, int64_t offset, const char *en, const char *ja, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 0))) __attribute__((format(printf, 8, 0)))
#endif
    ;
void riap__xml_say(const load_state *ls, const char *rule, riap_severity sev, uint32_t line,
                   uint32_t col, int64_t offset, const char *en, const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 9))) __attribute__((format(printf, 8, 9)))
#endif
    ;
/* Reports a rule of lib/rules.def at pos, with its message template's arguments. */
void riap__xml_rule_say(const load_state *ls, riap__pos pos, riap__rule rule, ...);
void riap__xml_rule_vsay(const load_state *ls, riap__pos pos, riap__rule rule, va_list ap);
void riap__xml_clean_message(char *dst, size_t size, const char *msg);
/* The line, column and offset of byte `at` of the stream's text window (ls->win). */
void riap__xml_window_place(const load_state *ls, size_t at, uint32_t *line, uint32_t *col,
                            int64_t *off);
void riap__xml_forward(const load_state *ls, const riap_ctx *tmp);

/* ---- the model read from a plan's tree */
/* Is n an element of the plan namespace named name? */
bool riap__xml_is_el(xmlNodePtr n, const char *name);
typedef struct builder {
    load_state *ls;
    riap_status st;
    xmlNodePtr where;  /* the node being read when st went bad */
    size_t identities; /* identity-constraint errors (duplicate ids, dangling links) */
    riap_plan *plan;   /* the plan riap__xml_read_plan() added (NULL: none, as for an id twice) */
    bool lossy;        /* an item was left out of it (a category twice): its rules would mislead */
    bool tolerant;     /* the tree may break the schema: a part that cannot be read is left out
                        * (with an `unchecked` note) and the rest is read */
} builder;

void riap__xml_read_metadata(builder *b, riap_doc *doc, xmlNodePtr md);
/* An identity-constraint error (id-duplicate, category-duplicate, link-unresolved): the rule's
 * message template of lib/rules.def with its arguments. */
void riap__xml_identity_error(builder *b, riap__pos pos, riap__rule rule, ...);
char *riap__xml_attr_of(xmlNodePtr n, const char *name);
void riap__xml_read_plan(builder *b, riap_doc *doc, xmlNodePtr pn);
/* The comments and PIs of a whole document's tree outside its plans and metadata: the prolog,
 * those after the last plan, the epilog. */
/* The comments and PIs of the document: before its root element (read when the root starts),
 * then inside the root after its last element, and after the root (read at the end). */
void riap__xml_read_prolog_notes(builder *b, riap_doc *doc, xmlNodePtr root);
void riap__xml_read_doc_notes(builder *b, riap_doc *doc, xmlDocPtr xd);

/* ---- loading's checks and errors */
riap_status riap__xml_too_large(riap_ctx *ctx, uint64_t size, uint64_t max);
riap_status riap__xml_io_error(riap_ctx *ctx, const char *what, const char *path, int err);
uint64_t riap__xml_max_size(const riap_ctx *ctx);

/* ---- the streaming engine (xml_stream.c: the parser's side; xml_engine.c: the input's) ---- */
#define STREAM_CHUNK (64 * 1024)

typedef struct stream {
    load_state ls;
    riap__xml_plan_fn on_plan;
    riap__xml_meta_fn on_meta; /* the metadata, when it was read whole */
    void *user;
    xmlParserCtxtPtr pc;
    endElementNsSAX2Func sax2_end;
    startElementNsSAX2Func sax2_start;
    charactersSAXFunc sax2_text;
    int depth;
    long plan_start;     /* bytes consumed when the current plan began */
    bool plan_oversized; /* its children are freed as they end; no rules for it */
    size_t plan_errors;  /* schema errors before the current plan began */
    uint32_t lines_fed;  /* newlines in all the text fed so far */
    uint32_t last_line;  /* the line of the last character fed that is not white space */
    bool ends_tag;       /* that character is '>' */
    bool cdata_cr;       /* the last piece of a CDATA section given on ended with CR */
    bool ended;          /* the document's end was fed */
    bool tag_cut;        /* the last start tag stopped short */
    struct {
        const xmlChar *name; /* in the parser's dictionary */
        long line;
    } open[RIAP__XML_MAX_DEPTH]; /* the elements open, outermost first (depth of them) */
    uint64_t fed;                /* bytes of text fed so far */
    int64_t shift;               /* file offset of the text's first byte (a BOM before it); -1: the
                                  * text was converted to UTF-8, offsets in the file are unknown */
    uint64_t win_base;           /* 1 + the file offset of win.p[0]; 0 when unknown */
    riap__buf win; /* text from win_off (the start of line win_line) to what was fed last */
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

/* Adds text to what waits in `pending` and feeds the parser each full block; with `flush`,
 * feeds the rest too, as the document's end when `last`. False when the parser stopped. */
bool riap__xml_feed_blocks(stream *s, riap__buf *pending, const char *t, size_t n, bool flush,
                           bool last);
riap_status riap__xml_stream_attach(stream *s, xmlSchemaValidCtxtPtr vc, xmlSchemaSAXPlugPtr *plug);
void riap__xml_stream_unwind(stream *s);
/* Positions: the locator over the window, which holds the text of what just ended (a plan, the
 * metadata, the document), up to the line where it ends. */
void riap__xml_window_locator(stream *s);
void riap__xml_stream_free(stream *s);
void riap__xml_syntax_error(stream *s);

/* ---- reading ahead (xml_ahead.c): the input's work on a thread of its own ---- */
enum {
    RIAP__AHEAD_FLUSH = 1,   /* feed what waits too: the reading is over */
    RIAP__AHEAD_LAST = 2,    /* and this is the document's end */
    RIAP__AHEAD_END = 4,     /* the reading thread stops after this chunk */
    RIAP__AHEAD_FAILED = 8,  /* it failed (no chunk; the engine holds why) */
    RIAP__AHEAD_STOPPED = 16 /* the parser stopped before the end */
};
/* The next chunk of checked text (*text valid until the next call), and the flags above. */
typedef unsigned (*riap__ahead_take_fn)(void *user, const char **text, size_t *len);
/* Feeds a chunk to the parser; false when it stopped. */
typedef bool (*riap__ahead_give_fn)(void *user, const char *text, size_t len, unsigned flags);
/* Calls take on a thread of its own and give on this one with each chunk in turn, until the
 * last chunk or until give returns false; *last: the flags of the last chunk given. Returns 0
 * when the thread or its buffers (chunks of chunk_max bytes at most) could not be made:
 * nothing was taken. */
int riap__xml_ahead(void *user, size_t chunk_max, riap__ahead_take_fn take,
                    riap__ahead_give_fn give, unsigned *last);

#endif /* RIAP_XML_PRIV_H */
