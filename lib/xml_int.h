/* SPDX-License-Identifier: MIT */
/* xml: what the other modules of lib/ may call. Never installed. */
#ifndef RIAP_XML_INT_H
#define RIAP_XML_INT_H

#include "era_int.h"
#include "model_int.h"
#include "riap/doc.h"

/* XML's white space between markup (the S production: space, tab, LF, CR), not the text's
 * (riap__is_space): the one definition the XML module's byte scanners use. */
static inline bool riap__xml_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The schema text, generated from schema/riap-1.xsd at build time (lib/schema_data.c). */
extern const char riap__schema_xsd[];
extern const size_t riap__schema_xsd_len;

/* Writes the canonical XML of doc into b; returns RIAP_OK or RIAP_ERR_ARG (incomplete plan,
 * with a diagnostic on ctx). A nomem shows in b->nomem. */
riap_status riap__doc_write(riap__buf *b, riap_ctx *ctx, const riap_doc *doc);

/* The encoding of a plan file from its BOM and XML declaration: *icu NULL for UTF-8, else
 * an ICU converter name; *skip the BOM's length; *ascii when US-ASCII is declared. Reports an
 * unsupported encoding. */
riap_status riap__xml_detect(riap_ctx *ctx, const char *data, size_t len, const char **icu,
                             size_t *skip, bool *ascii);
/* Blanks out the XML declaration's encoding="..." (the text is UTF-8 already), keeping the
 * length and so every position. */
void riap__xml_declare_utf8(riap__buf *b);
/* Where the prolog of UTF-8 text ends: past white space, comments and processing instructions
 * (the XML declaration is one). *decided is false when the text ends before anything else
 * (inside a comment or PI, say), so that more text is needed to tell. */
size_t riap__xml_prolog_end(const char *s, size_t len, bool *decided);
/* Refuses a DOCTYPE in the prolog of UTF-8 text. */
riap_status riap__xml_no_doctype(riap_ctx *ctx, const char *s, size_t len);
/* How much of t[0, n), which begins with a character of encoding icu, is whole characters. */
size_t riap__xml_whole_chars(const char *icu, const unsigned char *t, size_t n);
/* Each CR of t[0, n) that has a byte after it and is not followed by LF becomes LF. */
void riap__xml_fold_cr(char *t, size_t n);

/* Streaming validation of a file in bounded memory: each plan that passes the schema is handed
 * to on_plan (borrowed for the call); every problem goes to on_diag. Returns RIAP_OK, or the
 * status of the first fatal problem (RIAP_ERR_IO with a ctx diagnostic when the file cannot be
 * read; RIAP_ERR_XML, _SCHEMA, _ENCODING after on_diag was told). */
typedef void (*riap__xml_plan_fn)(void *user, const riap_plan *plan);
/* The metadata, read into a document (of its own when streaming), borrowed for the call. */
typedef void (*riap__xml_meta_fn)(void *user, const riap_doc *meta);
typedef void (*riap__xml_diag_fn)(void *user, const char *rule, riap_severity sev, uint32_t line,
                                  uint32_t col, int64_t offset, const char *msg);
/* riap_doc_load_file(), handing each plan that passes the schema to fn as soon as it is read
 * (also when the file as a whole fails to load). */
riap_status riap__xml_load_file_partial(riap_doc **out, riap_ctx *ctx, const char *path,
                                        riap__xml_plan_fn fn, riap__xml_meta_fn meta, void *user);
/* The streaming engine on a file (path) or memory (mem, mem_len); with a target document, the
 * plans and metadata are read into it (and on_plan is not called). */
riap_status riap__xml_stream(riap_ctx *ctx, const char *path, const char *mem, size_t mem_len,
                             riap_doc *target, riap__xml_plan_fn on_plan, riap__xml_meta_fn on_meta,
                             riap__xml_diag_fn on_diag, void *user);
riap_status riap__xml_stream_file(riap_ctx *ctx, const char *path, riap__xml_plan_fn on_plan,
                                  riap__xml_meta_fn on_meta, riap__xml_diag_fn on_diag, void *user);

#ifdef RIAP_TESTING
/* Test builds only: the reads of a document take sizes[i] + 1 bytes at most, in turn (n = 0:
 * whole chunks, the default); not thread-safe, for serial tests and fuzzers. */
void riap__test_read_sizes(const unsigned char *sizes, size_t n);
/* Test builds only: documents of at least this many bytes (default 256 KiB) are read ahead
 * on a thread of the library's own; 0: all of them. */
void riap__test_read_ahead(size_t min);
#endif

/* Limits on the shape of markup (lib/xml_guard.c), checked before libxml2 sees the text. */
#define RIAP__XML_MAX_ATTRIBUTES 256 /* per start tag, namespace declarations included */
#define RIAP__XML_MAX_NAMESPACES 32  /* namespace declarations per start tag */
#define RIAP__XML_MAX_NAME 1024      /* bytes in an element's or attribute's name */
#define RIAP__XML_MAX_VALUE 65536    /* bytes in an attribute's value */
#define RIAP__XML_MAX_DEPTH 64       /* elements open at once */
#define RIAP__XML_MAX_TEXT 262144    /* bytes of text (or CDATA) between two tags */
/* distinct element, attribute and processing-instruction names in a document: libxml2 2.9.14's
 * dictionary of names slows down as it fills (a document of 200,000 distinct names spends three
 * quarters of its time there); a plan file uses a few dozen */
#define RIAP__XML_MAX_NAMES 10000
#define RIAP__XML_NAME_SLOTS 16384 /* the table of their hashes: a power of two */
/* bytes of one tag, comment or processing instruction, from its '<' to its '>': libxml2 2.9
 * refuses one over 10,000,000 bytes ("Huge input lookup") unless given XML_PARSE_HUGE, which
 * would lift its other limits too; under this cap, the limit is ours, named and documented */
#define RIAP__XML_MAX_MARKUP (8u * 1024 * 1024)

/* The kind of markup the scanner is in (riap__xml_guard.markup), for markup-too-long. */
enum {
    RIAP__XML_START_TAG = 1,
    RIAP__XML_END_TAG,
    RIAP__XML_COMMENT,
    RIAP__XML_PI,
    RIAP__XML_DECLARATION /* <!...>: a CDATA section, or what is not XML */
};

typedef struct riap__xml_guard {
    uint8_t state, quote, match, markup;
    const char *term;
    uint32_t depth, attrs, nsdecls, namelen, valuelen, textlen, marklen;
    uint32_t line, col;           /* where the next byte is: line, column in code points */
    uint32_t mark_line, mark_col; /* where the markup being read began (its '<') */
    char prefix[6];
    bool bytewise;   /* every byte by the full step: the reference the tests check runs by */
    uint64_t hash;   /* of the name being read */
    bool pi_target;  /* in a processing instruction's target (a name too) */
    uint64_t *names; /* NULL, or RIAP__XML_NAME_SLOTS hashes of the names seen (0: empty) */
    uint32_t n_names;
    const char *rule; /* after a limit was passed: its rule id and the limit */
    uint32_t limit;
} riap__xml_guard;

void riap__xml_guard_init(riap__xml_guard *g);
/* The guard counts distinct names in `slots` (RIAP__XML_NAME_SLOTS of them, zeroed, owned by
 * the caller); without, it does not count them. */
void riap__xml_guard_count_names(riap__xml_guard *g, uint64_t *slots);
/* Scans the next n bytes of the text; returns n, or the index of the byte at which a limit was
 * passed (g->rule and g->limit say which). */
size_t riap__xml_guard_scan(riap__xml_guard *g, const char *text, size_t n);

#endif /* RIAP_XML_INT_H */
