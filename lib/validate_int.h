/* SPDX-License-Identifier: MIT */
/* validate: what the other modules of lib/ may call. Never installed. */
#ifndef RIAP_VALIDATE_INT_H
#define RIAP_VALIDATE_INT_H

#include "lgcode_int.h"
#include "model_int.h"
#include "riap/validate.h"

#include <stdarg.h>

struct riap_report {
    riap__diag_list list;
    char *file;
    size_t errors, warnings;
    size_t keep_max; /* 0: keep every diagnostic; else keep this many (errors first), count
                      * the rest */
    size_t dropped, dropped_errors, dropped_warnings;
};

riap_status riap__report_new(riap_report **out, const char *file);
/* lib/normalize.c: the normalized form of s (NULL on nomem; empty when s is blank), and the
 * folds it took (RIAP__FOLD_*). */
char *riap__normalized(const char *s, unsigned *folds);
/* With keep_max: keeps keep_max diagnostics, errors first, then warnings, then notes, each in
 * the file's order, and counts the rest by severity. The report holds twice as many at most
 * between two trims; which are kept does not depend on the order they were raised in. */
void riap__report_trim(riap_report *r);
/* lib/validate_muni.c: the rules of a plan's municipality (base: "plan[ID]"); lookup: a name
 * without a code is looked up in the list (the importer, which said so already, does not). */
void riap__check_municipality(riap_report *r, const riap_ctx *ctx, const riap_plan *p,
                              const char *base, bool lookup);
/* Appends a diagnostic (en/ja formats taking the same arguments); path may be NULL. */
void riap__report_add(riap_report *r, const riap_ctx *ctx, const char *rule, riap_severity sev,
                      riap__pos pos, const char *path, const char *en, const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 9))) __attribute__((format(printf, 8, 9)))
#endif
    ;
/* The same with a va_list; returns the diagnostic (NULL when dropped or out of memory). */
riap_diag *riap__report_vadd(riap_report *r, const riap_ctx *ctx, const char *rule,
                             riap_severity sev, riap__pos pos, const char *path, const char *en,
                             const char *ja, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 0))) __attribute__((format(printf, 8, 0)))
#endif
    ;
/* Appends a diagnostic of a rule that has a message template in lib/rules.def, with the
 * table's severity and the template's arguments; path may be NULL. */
void riap__report_rule(riap_report *r, const riap_ctx *ctx, riap__rule rule, riap__pos pos,
                       const char *path, ...);
/* Sorts by line, column and rule, and counts errors and warnings. */
void riap__report_finish(riap_report *r);

/* A validation session: the rules of each plan as it comes (riap__vsession_plan), then the
 * rules across plans (riap__vsession_finish, which frees the session). Keeps a few bytes per
 * plan, not the plans. */
typedef struct riap__vsession riap__vsession;
riap_status riap__vsession_new(riap__vsession **out, riap_report *r, riap_ctx *ctx);
void riap__vsession_plan(riap__vsession *s, const riap_plan *p);
/* The rules of the document's metadata: its texts, and the approver's code. */
void riap__vsession_meta(riap__vsession *s, const riap_doc *doc);
riap_status riap__vsession_finish(riap__vsession *s);
/* Importing: a municipality without a code is not looked up (import-code-unknown says so). */
void riap__vsession_importing(riap__vsession *s);
/* Where byte off of text s (read at pos) is in the input, for texts whose characters are not
 * one for one in a file (an importer's joined lines); pos itself when the mapper does not know
 * s. Set by riap__vsession_text_map() for the session's text rules. */
typedef riap__pos (*riap__text_map)(void *user, const char *s, riap__pos pos, size_t off);
void riap__vsession_text_map(riap__vsession *s, riap__text_map map, void *user);

/* What the rules of a validation share (validate.c, validate_text.c). */
typedef struct riap__vstate {
    riap_report *r;
    const riap_ctx *ctx;
    riap_ctx *era_ctx; /* the era engine's diagnostics for dates in texts */
    riap_era_match *m; /* reused for every text */
    bool no_lookup;    /* importing: a municipality without a code was reported already */
    bool period_ok;    /* the last plan's period was read: its range */
    riap_era_range period;
    riap__text_map map; /* importing: where a character of a joined text is in the input */
    void *map_user;
} riap__vstate;
/* lib/validate_text.c: the text rules for one string at pos (fullwidth: full-width letters and
 * digits are reported too, and a text that is blank); the item's path (a printf format and its
 * arguments) is only formatted when there is something to report. */
void riap__vcheck_text(riap__vstate *v, const char *s, riap__pos pos, bool fullwidth,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif /* RIAP_VALIDATE_INT_H */
