/* SPDX-License-Identifier: MIT */
/* riap: what the command-line tool's files share (riap.c: the options, the context, the output
 * helpers and main; cmd_era.c, cmd_validate.c, cmd_doc.c: the commands). */
#ifndef RIAP_TOOL_H
#define RIAP_TOOL_H

#include <riap.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define MAX_JOBS 256

extern const char *const progname;

/* Option ids: a short option's letter, or a value past the characters for long-only ones. */
enum {
    O_BATCH = 'b',
    O_TO_ERA = 'e',
    O_HELP = 'h',
    O_IN_PLACE = 'i',
    O_JOBS = 'j',
    O_NUMERIC_YEAR = 'n',
    O_OUTPUT = 'o',
    O_QUIET = 'q',
    O_RECURSIVE = 'r',
    O_STRICT = 's',
    O_VERBOSE = 'v',
    O_FORMAT = 'f',
    O_JSON = 256,
    O_LANG,
    O_STREAM,
    O_SCAN,
    O_BOM,
    O_LIST_RULES,
    O_ENCODING,
    O_DROP_COMMENTS
};

/* What the command line said, for any command. */
typedef struct cli {
    const char *cmd;
    unsigned int options; /* RIAP_OPT_* */
    bool json, quiet, verbose, batch, to_era, numeric_year, stream, recursive, in_place, scan, bom,
        list_rules;
    const char *format;
    const char *encoding; /* --encoding: NULL to detect */
    long jobs;            /* 0: one per core */
    const char *output;
    char **operands;
    int noperands;
} cli;

typedef struct command {
    const char *name;
    const int *accepts; /* option ids, 0-terminated */
    const char *synopsis;
    void (*help)(FILE *);
    int (*run)(cli *);
} command;

const command *find_command(const char *name);
void try_help(const command *cmd);
/* Reports a usage error of cmd and returns EXIT_USAGE. */
int usage_error(const command *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The context every command works with; NULL, after a message, when none can be made. */
riap_ctx *open_ctx(const cli *c, bool report);
bool ja(const cli *c);
const char *plural(size_t n, const char *one, const char *many);
/* JSON goes through the library's one writer: json_new() makes one (exits when memory runs
 * out), json_print() prints its text and a line feed and empties it, json_writer() is the
 * writer of the single-threaded commands. */
riap_json *json_new(void);
void json_print(FILE *out, riap_json *j);
riap_json *json_writer(void);
void print_error_line(FILE *out, const riap_diag *d, riap_status st);
const char *severity_name(riap_severity s);
void print_report_text(FILE *out, const char *file, const riap_report *r, bool notes);
void print_report_json(FILE *out, const char *file, const riap_report *r, bool notes);
void print_unread_json(FILE *out, const char *file, const riap_diag *d, riap_status st,
                       const char *message);
/* The files a command works on (tools/files.c): the operands in order, and under -r the files
 * below each directory for which want() is true; a directory without -r, or one that cannot be
 * read, has a problem (a message) in its place. */
typedef struct file_list {
    char **paths;
    char **problems; /* a message for the path, or NULL */
    size_t n, cap;
    char **skipped; /* under -v: what -r passed over below a directory, and why */
    size_t n_skipped, cap_skipped;
} file_list;
/* Fills fl; use_r completes "is a directory (use -r to ...)", kind names the files wanted in
 * English and Japanese ("*.xml files", "*.xml ファイル"). 0, or -1 when memory ran out. */
int collect_files(file_list *fl, const cli *c, bool (*want)(const char *), const char *use_r,
                  const char *const kind[2]);
/* Under -v, prints to stderr what -r passed over, one line each ("riap CMD: PATH: skipped ..."). */
void print_skipped(const file_list *fl, const cli *c, const char *cmd);
void file_list_free(file_list *fl);

/* Reads a whole file ('-': standard input) into memory; NULL after a message. */
char *read_all(const char *cmd, const char *file, size_t *len);
/* Loads the plan document FILE ('-': standard input) into *doc; when it cannot, prints the
 * reasons ("FILE:LINE:COL: error: ... [rule]", in the file's order, <stdin> for '-') and
 * returns the exit status (2: it could not be read, 1: it is no plan document); 0 when loaded. */
int load_operand(riap_ctx *ctx, const char *cmd, const char *file, riap_doc **doc);

/* The commands (cmd_era.c, cmd_validate.c, cmd_doc.c). */
void help_era(FILE *f);
int cmd_era(cli *c);
void help_validate(FILE *f);
int cmd_validate(cli *c);
void help_normalize(FILE *f);
int cmd_normalize(cli *c);
void help_import(FILE *f);
int cmd_import(cli *c);
void help_export(FILE *f);
int cmd_export(cli *c);
void help_rules(FILE *f);
int cmd_rules(cli *c);

#endif /* RIAP_TOOL_H */
