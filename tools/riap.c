/* SPDX-License-Identifier: MIT */
/* riap: the command-line tool. Uses only the public API (<riap.h>); each command is a thin
 * layer over library calls (cmd_era.c, cmd_validate.c, cmd_doc.c). Here: one option parser
 * (getopt_long) and one context setup for every command, the output helpers, and main. Exit
 * status: 0 all inputs fine, 1 some input invalid, 2 usage or system error. */
#define _DEFAULT_SOURCE 1 /* DT_* of readdir, strdup */
#include "tool.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const progname = "riap";
/* ---------------------------------------------------------------- options */
static const struct option all_options[] = {
    {"batch", no_argument, NULL, O_BATCH},
    {"to-era", no_argument, NULL, O_TO_ERA},
    {"help", no_argument, NULL, O_HELP},
    {"in-place", no_argument, NULL, O_IN_PLACE},
    {"jobs", required_argument, NULL, O_JOBS},
    {"numeric-year", no_argument, NULL, O_NUMERIC_YEAR},
    {"output", required_argument, NULL, O_OUTPUT},
    {"quiet", no_argument, NULL, O_QUIET},
    {"recursive", no_argument, NULL, O_RECURSIVE},
    {"strict", no_argument, NULL, O_STRICT},
    {"verbose", no_argument, NULL, O_VERBOSE},
    {"json", no_argument, NULL, O_JSON},
    {"lang", required_argument, NULL, O_LANG},
    {"stream", no_argument, NULL, O_STREAM},
    {"scan", no_argument, NULL, O_SCAN},
    {"format", required_argument, NULL, O_FORMAT},
    {"bom", no_argument, NULL, O_BOM},
    {"list-rules", no_argument, NULL, O_LIST_RULES},
    {"encoding", required_argument, NULL, O_ENCODING},
    {"drop-comments", no_argument, NULL, O_DROP_COMMENTS},
};
#define N_OPTIONS (sizeof all_options / sizeof all_options[0])

void try_help(const command *cmd)
{
    fprintf(stderr, "Usage: %s %s\nTry '%s %s --help' for more information.\n", progname,
            cmd->synopsis, progname, cmd->name);
}

int usage_error(const command *cmd, const char *fmt, ...)
{
    fprintf(stderr, "%s %s: ", progname, cmd->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    try_help(cmd);
    return EXIT_USAGE;
}

static bool accepts(const command *cmd, int id)
{
    for (const int *a = cmd->accepts; *a; a++)
        if (*a == id)
            return true;
    return false;
}

static const struct option *option_by_id(int id)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (all_options[i].val == id)
            return &all_options[i];
    return NULL;
}

/* Parses argv (argv[0] is the command's name) into c; returns 0, or the exit status when the
 * command line was wrong (2) or asked for help (0, after printing it), as -1 - status. */
static int parse_options(const command *cmd, int argc, char **argv, cli *c)
{
    struct option longs[N_OPTIONS + 1];
    /* "-": operands come back in order as option 1, whatever POSIXLY_CORRECT says, so that
     * options may follow operands; ":": a missing argument is reported as ':'. */
    char shorts[2 * N_OPTIONS + 3] = "-:";
    size_t nl = 0, ns = 2;
    for (const int *a = cmd->accepts; *a; a++) {
        const struct option *o = option_by_id(*a);
        longs[nl++] = *o;
        if (*a < 256) {
            shorts[ns++] = (char)*a;
            if (o->has_arg == required_argument)
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = '\0';
    memset(&longs[nl], 0, sizeof longs[nl]);

    c->cmd = cmd->name;
    c->operands = calloc((size_t)argc + 1, sizeof *c->operands);
    if (!c->operands) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return -1 - EXIT_USAGE;
    }
    opterr = 0;
    optind = 1;
    int id;
    while ((id = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const char *seen = argv[optind - 1]; /* the word that held the option */
        switch (id) {
        case 1: c->operands[c->noperands++] = optarg; break;
        case O_BATCH: c->batch = true; break;
        case O_TO_ERA: c->to_era = true; break;
        case O_IN_PLACE: c->in_place = true; break;
        case O_NUMERIC_YEAR: c->numeric_year = true; break;
        case O_OUTPUT: c->output = optarg; break;
        case O_QUIET: c->quiet = true; break;
        case O_RECURSIVE: c->recursive = true; break;
        case O_STRICT: c->options |= RIAP_OPT_STRICT; break;
        case O_VERBOSE: c->verbose = true; break;
        case O_JSON: c->json = true; break;
        case O_STREAM: c->stream = true; break;
        case O_SCAN: c->scan = true; break;
        case O_BOM: c->bom = true; break;
        case O_LIST_RULES: c->list_rules = true; break;
        case O_FORMAT: c->format = optarg; break;
        case O_ENCODING: c->encoding = optarg; break;
        case O_DROP_COMMENTS: c->options |= RIAP_OPT_DROP_COMMENTS; break;
        case O_HELP: cmd->help(stdout); return -1 - 0;
        case O_JOBS: {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || n < 1 || n > MAX_JOBS) {
                fprintf(stderr, "%s %s: invalid number of jobs '%s' (1 to %d)\n", progname,
                        cmd->name, optarg, MAX_JOBS);
                try_help(cmd);
                return -1 - EXIT_USAGE;
            }
            c->jobs = n;
            break;
        }
        case O_LANG:
            if (!strcmp(optarg, "ja"))
                c->options |= RIAP_OPT_LANG_JA;
            else if (!strcmp(optarg, "en"))
                c->options &= ~(unsigned int)RIAP_OPT_LANG_JA;
            else
                return -1 - usage_error(cmd, "invalid language '%s' for --lang (ja or en)", optarg);
            break;
        case ':':
            if (seen[0] == '-' && seen[1] == '-')
                return -1 - usage_error(cmd, "option '%s' requires an argument", seen);
            else {
                char opt[3] = {'-', (char)optopt, '\0'};
                return -1 - usage_error(cmd, "option '%s' requires an argument", opt);
            }
        default:             /* '?' */
            if (optopt == 0) /* a long option unknown, or an ambiguous abbreviation */
                return -1 - usage_error(cmd, "unknown or ambiguous option '%s'", seen);
            if (optopt >= 256 || accepts(cmd, optopt)) /* --opt=value for an option without */
                return -1 - usage_error(cmd, "option '%s' takes no argument", seen);
            else {
                char opt[3] = {'-', (char)optopt, '\0'};
                return -1 - usage_error(cmd, "unknown option '%s'", opt);
            }
        }
    }
    for (; optind < argc; optind++) /* after "--" */
        c->operands[c->noperands++] = argv[optind];
    return 0;
}

/* ---------------------------------------------------------------- context */

/* The context every command works with: made the same way for all, with the options of the
 * command line. The environment's diagnostics (a bad RIAP_SUPPLEMENTAL_ERA) are printed once,
 * when `report` is set. NULL, after a message, when no context can be made. */
riap_ctx *open_ctx(const cli *c, bool report)
{
    riap_ctx *ctx = NULL;
    riap_status st = riap_ctx_new(&ctx);
    if (st != RIAP_OK) {
        fprintf(stderr, "%s %s: cannot set up the library: %s\n", progname, c->cmd,
                riap_status_message(st));
        return NULL;
    }
    if (report && !c->quiet)
        for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
            const riap_diag *d = riap_ctx_diag(ctx, i);
            fprintf(stderr, "%s %s: warning: %s [%s]\n", progname, c->cmd, riap_diag_message(d),
                    riap_diag_rule(d));
        }
    riap_ctx_set_options(ctx, c->options);
    return ctx;
}

bool ja(const cli *c)
{
    return (c->options & RIAP_OPT_LANG_JA) != 0;
}

/* "1 error", "2 errors"; Japanese has no plural: "エラー 2 件". */
const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---------------------------------------------------------------- output helpers */

/* JSON goes through the library's one writer (riap_json): each object is built in a writer and
 * printed as one line. */
riap_json *json_new(void)
{
    riap_json *j = NULL;
    if (riap_json_new(&j) != RIAP_OK) {
        fprintf(stderr, "%s: out of memory\n", progname);
        exit(EXIT_USAGE);
    }
    return j;
}

/* Prints the writer's text and a line feed, and empties it for the next object. */
void json_print(FILE *out, riap_json *j)
{
    size_t n;
    const char *t = riap_json_text(j, &n);
    if (t) {
        fwrite(t, 1, n, out);
        fputc('\n', out);
    } else {
        fprintf(stderr, "%s: %s\n", progname, riap_status_message(riap_json_status(j)));
    }
    riap_json_clear(j);
}

/* The writer of the single-threaded commands (era, rules, import, export). */
riap_json *json_writer(void)
{
    static riap_json *j;
    if (!j)
        j = json_new();
    return j;
}

void print_error_line(FILE *out, const riap_diag *d, riap_status st)
{
    /* A message never holds a newline, so this stays one line per input. */
    fprintf(out, "error: %s: %s\n", d ? riap_diag_rule(d) : "internal",
            d ? riap_diag_message(d) : riap_status_message(st));
}

const char *severity_name(riap_severity s)
{
    return s == RIAP_SEVERITY_ERROR ? "error" : s == RIAP_SEVERITY_WARNING ? "warning" : "note";
}

/* FILE:LINE:COL: severity: message [rule], one line per diagnostic; notes only if asked. */
void print_report_text(FILE *out, const char *file, const riap_report *r, bool notes)
{
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_NOTE && !notes)
            continue;
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file, riap_diag_line(d), riap_diag_column(d),
                severity_name(riap_diag_severity(d)), riap_diag_message(d), riap_diag_rule(d));
    }
}

void print_report_json(FILE *out, const char *file, const riap_report *r, bool notes)
{
    riap_json *j = json_new(); /* one per call: validate's jobs run in threads */
    riap_json_report(j, r, file, notes ? RIAP_JSON_NOTES : 0);
    json_print(out, j);
    riap_json_free(j);
}

/* {"file":FILE,"valid":false,"error":{...}}: a file that could not be read. */
void print_unread_json(FILE *out, const char *file, const riap_diag *d, riap_status st,
                       const char *message)
{
    riap_json *j = json_new();
    riap_json_object_begin(j);
    riap_json_key(j, "file");
    riap_json_cstring(j, file);
    riap_json_key(j, "valid");
    riap_json_boolean(j, 0);
    riap_json_key(j, "error");
    if (message) { /* a problem the command found before the library saw the file */
        riap_json_object_begin(j);
        riap_json_key(j, "rule");
        riap_json_cstring(j, "io");
        riap_json_key(j, "message");
        riap_json_cstring(j, message);
        riap_json_key(j, "line");
        riap_json_integer(j, 0);
        riap_json_key(j, "column");
        riap_json_integer(j, 0);
        riap_json_key(j, "offset");
        riap_json_null(j);
        riap_json_object_end(j);
    } else {
        riap_json_error(j, d, st);
    }
    riap_json_object_end(j);
    json_print(out, j);
    riap_json_free(j);
}

/* Reads a whole file ('-': standard input) into memory. NULL after a message. */
char *read_all(const char *cmd, const char *file, size_t *len)
{
    bool is_stdin = !strcmp(file, "-");
    FILE *in = is_stdin ? stdin : fopen(file, "rb");
    if (!in) {
        fprintf(stderr, "%s %s: %s: %s\n", progname, cmd, file, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (n < cap)
            break;
        char *nb = cap > (SIZE_MAX >> 2) ? NULL : realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    bool bad = !buf || ferror(in);
    int err = errno;
    if (!is_stdin)
        fclose(in);
    if (bad) {
        fprintf(stderr, "%s %s: %s: %s\n", progname, cmd, file,
                buf ? strerror(err) : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* ---------------------------------------------------------------- main */

static const int era_accepts[] = {O_BATCH,        O_SCAN,    O_STRICT, O_JSON, O_TO_ERA,
                                  O_NUMERIC_YEAR, O_QUIET,   O_LANG,   O_HELP, O_ENCODING,
                                  O_RECURSIVE,    O_VERBOSE, 0};
static const int validate_accepts[] = {O_LIST_RULES, O_RECURSIVE, O_JOBS,    O_STRICT,
                                       O_JSON,       O_STREAM,    O_VERBOSE, O_QUIET,
                                       O_LANG,       O_HELP,      0};
static const int normalize_accepts[] = {O_OUTPUT, O_IN_PLACE,      O_QUIET, O_VERBOSE,
                                        O_LANG,   O_DROP_COMMENTS, O_HELP,  0};
static const int rules_accepts[] = {O_JSON, O_LANG, O_HELP, 0};
static const int import_accepts[] = {O_OUTPUT, O_STRICT, O_QUIET, O_VERBOSE,
                                     O_JSON,   O_LANG,   O_HELP,  0};
static const int export_accepts[] = {O_FORMAT, O_BOM, O_OUTPUT, O_LANG, O_HELP, 0};

static const command commands[] = {
    {"era", era_accepts, "era [OPTION]... EXPR... | --batch | --scan [FILE]... | --to-era DATE...",
     help_era, cmd_era},
    {"validate", validate_accepts, "validate [OPTION]... FILE|DIR...", help_validate, cmd_validate},
    {"normalize", normalize_accepts, "normalize [-o OUT | -i] [OPTION]... FILE", help_normalize,
     cmd_normalize},
    {"import", import_accepts, "import [-o OUT] [OPTION]... FILE", help_import, cmd_import},
    {"export", export_accepts, "export [-f json|csv|csv-plans] [-o OUT] [OPTION]... FILE",
     help_export, cmd_export},
    {"rules", rules_accepts, "rules [--json] [--lang=ja|en] [RULE-ID]...", help_rules, cmd_rules},
};

const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void help_main(FILE *f)
{
    fprintf(f,
            "Usage: %s COMMAND [OPTION]... [ARG]...\n"
            "Japanese regional industry activation plans and era dates.\n"
            "\n"
            "Commands:\n"
            "  era        convert era date expressions to Gregorian ranges, and back\n"
            "  validate   check plan files against the schema and the semantic rules\n"
            "  normalize  write a plan file in its canonical, normalized form\n"
            "  import     read a published summary's text into a plan document\n"
            "  export     write a plan document as JSON or CSV\n"
            "  rules      list the rule ids of errors, warnings and notes, with their meaning\n"
            "  help CMD   describe a command (the same as '%s CMD --help')\n"
            "\n"
            "Options:\n"
            "  -h, --help     show this help and exit\n"
            "  -V, --version  show the version and exit\n"
            "\n"
            "Every command takes its options before or after its arguments, long options as\n"
            "--opt=value or --opt value, bundled short options (-rq), and '--' to end them.\n"
            "Exit status: 0 when every input is fine, 1 when an input is invalid, 2 for a usage\n"
            "or system error. See riap(1).\n",
            progname, progname);
}

int main(int argc, char **argv)
{
    /* a file size limit (ulimit -f) is a write error to report, not a signal that kills */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        help_main(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
        help_main(stdout);
        return 0;
    }
    if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
        printf("riap %s (libriap %s)\n", RIAP_VERSION_STRING, riap_version_string());
        return 0;
    }
    if (!strcmp(name, "help")) {
        if (argc == 2) {
            help_main(stdout);
            return 0;
        }
        const command *cmd = find_command(argv[2]);
        if (!cmd || argc > 3) {
            fprintf(stderr, "%s help: %s\n", progname,
                    cmd ? "one command at a time" : "unknown command");
            fprintf(stderr, "Try '%s --help' for the list of commands.\n", progname);
            return EXIT_USAGE;
        }
        cmd->help(stdout);
        return 0;
    }
    const command *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "%s: unknown %s '%s'\nTry '%s --help' for more information.\n", progname,
                name[0] == '-' ? "option" : "command", name, progname);
        return EXIT_USAGE;
    }
    cli c = {0};
    int rc = parse_options(cmd, argc - 1, argv + 1, &c);
    if (rc == 0) {
        rc = cmd->run(&c);
    } else {
        rc = -1 - rc;
    }
    free(c.operands);
    return rc;
}
