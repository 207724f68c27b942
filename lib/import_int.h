/* SPDX-License-Identifier: MIT */
/* import: what the files of the importer share (import.c, import_text.c, import_list.c,
 * import_muni.c). Never installed. */
#ifndef RIAP_IMPORT_INT_H
#define RIAP_IMPORT_INT_H

#include "lgcode_int.h"
#include "riap/doc.h"
#include "riap/import.h"
#include "validate_int.h"

#include <stdint.h>

/* L_INSET: a caption that stands inside a paragraph of the overview, which goes on after it */
enum { L_BLANK, L_TEXT, L_HEADER, L_HEADING, L_SKIP, L_INSET };

typedef struct line {
    size_t begin, start, end; /* the line's first byte; its content without surrounding space */
    size_t phys;              /* where its line of the file begins (a form feed splits one) */
    uint32_t no;              /* 1-based */
    uint32_t width;           /* display columns up to the content's end, indentation included */
    bool trail;               /* white space followed the content */
    bool brk;                 /* the blank lines after it end a paragraph (riap__im_layout) */
    uint32_t wrap;            /* the layout's line width around it (riap__im_layout) */
    int kind;
    int number;    /* a heading's (N) */
    uint32_t page; /* form feeds before it */
} line;

/* A caption, kept until every plan is read: a caption may name another plan's project. */
typedef struct caption {
    char *text;
    riap__pos pos;
    size_t plan, run;   /* the plan it was found under; captions of one run were found together */
    size_t first, last; /* its lines */
} caption;

/* A text of the model made of a paragraph's lines (an overview paragraph, a description), so
 * that validation can place its characters in the input (riap__im_map_text). */
typedef struct im_text {
    const char *s;
    size_t plan, first, last, seq;
} im_text;

typedef struct importer {
    riap_ctx *ctx;
    riap_ctx *era; /* the era engine's diagnostics for the periods */
    riap_report *r;
    const char *t; /* the text as UTF-8 */
    size_t n;
    char *owned; /* the text converted from Shift_JIS */
    line *L;
    size_t nl;
    bool trail_marks;  /* the extraction ends each paragraph's last line with white space */
    uint32_t spacing;  /* blank lines between the lines of a paragraph: 0, or 1 (double spacing) */
    uint32_t wrap_min; /* the narrowest line that surely goes on into the next (UINT32_MAX: none):
                          the text wraps its lines by width at least that wide */
    size_t title_line; /* the document's title line, or SIZE_MAX */
    riap_doc *doc;
    riap_plan **plans; /* one per header, NULL for a header that could not be read */
    size_t nplans, capplans;
    caption *caps;
    size_t ncaps, capcap, runs;
    struct stem *stems; /* the ids made, by stem (sumida-r4): the next suffix to try */
    size_t nstems, capstems;
    const char *common_pref; /* the prefecture of the first plan that has one */
    im_text *texts;          /* in the order of the plans */
    size_t ntexts, captexts, map_plan;
    bool failed, nomem;
} importer;

/* A plan's header: 「TITLE」 (MUNICIPALITY) then the period. Fills the spans. */
typedef struct header {
    size_t title_a, title_b, muni_a, muni_b, rest_a, rest_b;
    bool bare; /* the title without 「」 (■板橋区地域産業活性化計画（板橋区）) */
} header;
typedef struct para {
    riap__buf b;
    size_t first, last;          /* line indexes */
    size_t guess;                /* the last line the layout alone joined to a project list before
                                    it, which may be a caption (SIZE_MAX: none) */
    size_t at_line, at_done, at; /* riap__im_para_pos's place: a line, its offset in b; at: 1 + the
                                    offset it was asked last (0: none) */
} para;
/* The diagnostic at byte `at` of line l (l NULL: the start of the text). */
#define diag(im, rule, sev, l, at, ...)                                                            \
    riap__im_report_at((im), (rule), (sev), riap__im_diag_pos((im), (l), (at)),                    \
                       riap__im_offset_of((im), (l), (at)), __VA_ARGS__)
/* The marks before or after a project's name that a note of the summary explains
 * (※☆の事業も併せて実施): ☆ and ★, told apart. */
enum { MARK_WHITE, MARK_BLACK, MARKS };
/* A project marked ☆ or ★, linked when its plan is read whole. */
typedef struct star {
    riap_project *project;
    size_t line, at;
    int mark;
} star;

typedef struct plan_state {
    riap_plan *plan;
    size_t plan_index;
    star *stars;
    size_t nstars, capstars;
    /* by mark: the category whose list says ※☆の事業も併せて実施 (※★…), and where */
    const char *note_cat[MARKS];
    size_t note_line[MARKS], note_at[MARKS];
    unsigned note_num[MARKS]; /* the number of the category the note names ((２)), or 0 */
} plan_state;

/* A heading of the default scheme (folded: ASCII digits and parentheses, no spaces). */
typedef struct riap__im_heading {
    const char *id, *heading;
} riap__im_heading;
extern const riap__im_heading riap__im_tokyo[3];

void riap__im_report_at(importer *im, const char *rule, riap_severity sev, riap__pos pos,
                        int64_t offset, const char *en, const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 8))) __attribute__((format(printf, 7, 8)))
#endif
    ;
riap__pos riap__im_pos_at(const importer *im, const line *l, size_t at);
void riap__im_report_at(importer *im, const char *rule, riap_severity sev, riap__pos pos,
                        int64_t offset, const char *en, const char *ja, ...);
riap__pos riap__im_diag_pos(const importer *im, const line *l, size_t at);
int64_t riap__im_offset_of(const importer *im, const line *l, size_t at);
const char *riap__im_quote(char *buf, size_t size, const importer *im, size_t a, size_t b);
uint32_t riap__im_cp_at(const importer *im, size_t i, size_t *k);
uint32_t riap__im_fold(uint32_t cp);
uint32_t riap__im_width_of(uint32_t cp);
bool riap__im_is_open(uint32_t cp);
bool riap__im_is_close(uint32_t cp);
bool riap__im_continues_line(uint32_t cp);
uint32_t riap__im_last_cp(const importer *im, const line *l);
int riap__im_depth_of(const char *t, size_t a, size_t b, bool *dash_open);
bool riap__im_decode(importer *im, const char *text, size_t len);
bool riap__im_parse_header(const importer *im, const line *l, header *h);
bool riap__im_split_lines(importer *im);
void riap__im_classify(importer *im);
void riap__im_layout(importer *im);
/* The bracket depth after line l's content from depth d; *dash (when not NULL) toggled by each
 * dash of a ―…― pair. */
int riap__im_depth_line(const importer *im, const line *l, int d, bool *dash);
size_t riap__im_next_line(importer *im, size_t i, size_t end);
/* The bytes of the bullet that starts line l (・ ○ ■ …) and the spaces after it, or 0. */
size_t riap__im_bullet_at(const importer *im, const line *l);
void riap__im_join(importer *im, riap__buf *b, const line *prev, const line *l);
bool riap__im_theme_line(const importer *im, const line *l, int expect, size_t *after);
/* How riap__im_paragraph reads: prose (an overview), a category's text (a list in parentheses
 * ends it), or the text of a category that may list its projects alone (a list without
 * parentheses, which only the layout ends). */
enum { PARA_PROSE, PARA_LIST, PARA_BARE };
size_t riap__im_paragraph(importer *im, size_t i, size_t end, para *p, int mode, int theme);
bool riap__im_find_municipality(importer *im, const line *l, size_t a, size_t b, riap_plan *plan,
                                const char *common_pref);
/* Returns false when out of memory. */
bool riap__im_make_id(importer *im, const char *code, riap_era_range *range, size_t nth, char *id,
                      size_t size);
void riap__im_free_stems(importer *im);
int riap__im_tokyo_match(const char *text, size_t len, int n);
void riap__im_para_pos(const importer *im, para *p, size_t off, size_t *line_out, size_t *at);
/* Where the group in parentheses that ends t[0, n) opens, or SIZE_MAX when t does not end with
 * a closing parenthesis (or it is not matched). */
size_t riap__im_final_group(const char *t, size_t n);
/* Is the group that opens at t[open] and ends t[0, n) a weekday note (（木）, (土・日), (日祝))? */
bool riap__im_weekday_note(const char *t, size_t open, size_t n);
/* Keeps where text s of plan `plan`, made from paragraph p, came from (its lines). */
void riap__im_keep_text(importer *im, const char *s, size_t plan, const para *p);
/* riap__text_map for validation: where byte off of a kept text of plan im->map_plan is in the
 * input; pos for any other text. */
riap__pos riap__im_map_text(void *user, const char *s, riap__pos pos, size_t off);
/* Orders the kept texts by plan (figures are kept after every plan is read), for
 * riap__im_map_text. */
void riap__im_sort_texts(importer *im);
/* Adds p's text from byte a, one line's, as one project (a bulleted list's item). */
void riap__im_add_one(importer *im, plan_state *ps, riap_category *cat, para *p, size_t a);
void riap__im_add_items(importer *im, plan_state *ps, riap_category *cat, para *p, size_t a,
                        size_t b);
/* Returns false when the text is a description without a project list after it. */
bool riap__im_category_body(importer *im, plan_state *ps, riap_category *cat, para *p, bool bare);
/* Does the paragraph's text hold a project list in parentheses, all of it: where the list's
 * items are, [*a, *b). */
bool riap__im_whole_list(const para *p, size_t *a, size_t *b);
void riap__im_link_stars(importer *im, plan_state *ps);
/* A note of a project list, t[s0, s1) from its ※, at line ln, byte at (`apart`: on a line of
 * its own after the list): the one that says what a mark means is kept, any other warned of. */
void riap__im_list_note(importer *im, plan_state *ps, const riap_category *cat, const char *t,
                        size_t s0, size_t s1, size_t ln, size_t at, bool apart);
void riap__im_keep_caption(importer *im, const para *p, size_t plan, size_t run);
void riap__im_captions(importer *im, size_t i, size_t end, plan_state *ps, riap_category *cat);
riap_category *riap__im_named_category(const riap_plan *p, const char *text, size_t *len,
                                       size_t *work);
void riap__im_place_captions(importer *im);

/* The length of the label of a list of projects at t[i] (before n), with the colon and spaces
 * after it: 【事業】, 〔主な事業〕, ［事業名］, [取組] (a bracketed word of up to 12 characters
 * that ends with 事業, 事業名, 事業一覧 or 取組); 0 when there is none. */
size_t riap__im_label(const char *t, size_t i, size_t n);
/* The character at t[i] (before b) in *cp (0 for an ill-formed byte): its length, at least 1. */
size_t riap__im_next(const char *t, size_t i, size_t b, uint32_t *cp);
/* The bracket depth after cp: one more after an opening bracket, one less after a closing one
 * (never below 0). */
int riap__im_depth_after(int d, uint32_t cp);

#endif /* RIAP_IMPORT_INT_H */
