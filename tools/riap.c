/* SPDX-License-Identifier: MIT */
/* riap: the command-line tool. Uses only the public API (<riap.h>); each command is a thin
 * layer over library calls. One option parser (getopt_long) and one context setup serve every
 * command. Exit status: 0 all inputs fine, 1 some input invalid, 2 usage or system error. */
#define _DEFAULT_SOURCE 1 /* DT_* of readdir, strdup */
#include <riap.h>

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

#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define MAX_JOBS 256

static const char *progname = "riap";

/* ---------------------------------------------------------------- options */

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
    O_BOM
};

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
};
#define N_OPTIONS (sizeof all_options / sizeof all_options[0])

/* What the command line said, for any command. */
typedef struct cli {
    const char *cmd;
    unsigned int options; /* RIAP_OPT_* */
    bool json, quiet, verbose, batch, to_era, numeric_year, stream, recursive, in_place, scan, bom;
    const char *format;
    long jobs; /* 0: one per core */
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

static const command *find_command(const char *name);

static void try_help(const command *cmd)
{
    fprintf(stderr, "Usage: %s %s\nTry '%s %s --help' for more information.\n", progname,
            cmd->synopsis, progname, cmd->name);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
usage_error(const command *cmd, const char *fmt, ...)
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
        case O_FORMAT: c->format = optarg; break;
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
static riap_ctx *open_ctx(const cli *c, bool report)
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

static bool ja(const cli *c)
{
    return (c->options & RIAP_OPT_LANG_JA) != 0;
}

/* "1 error", "2 errors"; Japanese has no plural: "エラー 2 件". */
static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---------------------------------------------------------------- output helpers */

/* JSON goes through the library's one writer (riap_json): each object is built in a writer and
 * printed as one line. */
static riap_json *json_new(void)
{
    riap_json *j = NULL;
    if (riap_json_new(&j) != RIAP_OK) {
        fprintf(stderr, "%s: out of memory\n", progname);
        exit(EXIT_USAGE);
    }
    return j;
}

/* Prints the writer's text and a line feed, and empties it for the next object. */
static void json_print(FILE *out, riap_json *j)
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
static riap_json *json_writer(void)
{
    static riap_json *j;
    if (!j)
        j = json_new();
    return j;
}

static void print_error_line(FILE *out, const riap_diag *d, riap_status st)
{
    /* A message never holds a newline, so this stays one line per input. */
    fprintf(out, "error: %s: %s\n", d ? riap_diag_rule(d) : "internal",
            d ? riap_diag_message(d) : riap_status_message(st));
}

static const char *severity_name(riap_severity s)
{
    return s == RIAP_SEVERITY_ERROR ? "error" : s == RIAP_SEVERITY_WARNING ? "warning" : "note";
}

/* FILE:LINE:COL: severity: message [rule], one line per diagnostic; notes only if asked. */
static void print_report_text(FILE *out, const char *file, const riap_report *r, bool notes)
{
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_NOTE && !notes)
            continue;
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file, riap_diag_line(d), riap_diag_column(d),
                severity_name(riap_diag_severity(d)), riap_diag_message(d), riap_diag_rule(d));
    }
}

/* ---------------------------------------------------------------- era */

/* TAB warning:RULE for each warning the ctx holds. */
static void print_warnings(FILE *out, const riap_ctx *ctx)
{
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
        const riap_diag *d = riap_ctx_diag(ctx, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_WARNING)
            fprintf(out, "\twarning:%s", riap_diag_rule(d));
    }
}

/* Parses one expression and prints its line; returns false when it was an error. */
static bool era_one(riap_ctx *ctx, riap_era_match *m, const cli *c, const char *text, size_t len,
                    FILE *out)
{
    riap_era_range r;
    riap_status st = riap_era_parse_match(m, ctx, text, len);
    char *iso = NULL;
    if (st == RIAP_OK)
        st = riap_era_match_range(m, &r);
    if (st == RIAP_OK)
        st = riap_era_range_to_iso(&iso, &r);
    if (c->json) {
        riap_json *j = json_writer();
        riap_json_object_begin(j);
        riap_json_era_match(j, ctx, m);
        riap_json_object_end(j);
        json_print(out, j);
        riap_free(iso);
        return st == RIAP_OK;
    }
    if (st != RIAP_OK) {
        print_error_line(out, riap_ctx_last_error(ctx), st);
        return false;
    }
    fputs(iso, out);
    print_warnings(out, ctx);
    fputc('\n', out);
    riap_free(iso);
    return true;
}

/* Formats one ISO day as era text and prints its line; returns false when it was an error. */
static bool to_era_one(riap_ctx *ctx, const cli *c, const char *text, size_t len, FILE *out)
{
    riap_date d;
    char *s = NULL;
    riap_status st = riap_date_parse_iso(&d, ctx, text, len);
    if (st == RIAP_OK)
        st = riap_era_format_day(&s, ctx, &d, c->numeric_year ? RIAP_FORMAT_NUMERIC_YEAR : 0);
    if (c->json) {
        riap_json *j = json_writer();
        char iso[40];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)d.year, (int)d.month, (int)d.day);
        riap_json_object_begin(j);
        riap_json_key(j, "date");
        riap_json_cstring(j, st == RIAP_OK ? iso : NULL);
        riap_json_key(j, "text");
        riap_json_cstring(j, s);
        riap_json_key(j, "error");
        if (st == RIAP_OK)
            riap_json_null(j);
        else
            riap_json_error(j, riap_ctx_last_error(ctx), st);
        riap_json_object_end(j);
        json_print(out, j);
    } else if (st == RIAP_OK) {
        fprintf(out, "%s\n", s);
    } else {
        print_error_line(out, riap_ctx_last_error(ctx), st);
    }
    riap_free(s);
    return st == RIAP_OK;
}

/* Reads lines of any length in bounded memory: a line longer than `cap` bytes keeps its first
 * cap + 1 bytes (enough for the library to report it as too long) and drops the rest. */
typedef struct line_reader {
    FILE *in;
    char *buf;
    size_t cap;
} line_reader;

static int read_line(line_reader *lr, size_t *len)
{
    size_t n = 0, total = 0;
    int c;
    bool any = false;
    while ((c = getc(lr->in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        total++;
        if (n <= lr->cap)
            lr->buf[n++] = (char)c;
    }
    if (!any)
        return ferror(lr->in) ? -1 : 0;
    if (total == n && n > 0 && lr->buf[n - 1] == '\r')
        n--; /* CRLF input: the line as with LF, also at the maximum length */
    *len = n;
    return 1;
}

/* The longest piece of a line --scan reads at once; a longer line is read in pieces, cut at
 * character boundaries (a date across a cut is not found). */
#define SCAN_PIECE (1u << 20)

/* Prints one match of --scan; returns false when it was an invalid date. */
static bool scan_print(riap_ctx *ctx, riap_era_match *m, const cli *c, const char *name,
                       const char *piece, unsigned long long line, unsigned long long col,
                       unsigned long long file_off)
{
    size_t off = riap_era_match_offset(m), len = riap_era_match_length(m);
    riap_status st = riap_era_match_status(m);
    riap_era_range r;
    char *iso = NULL;
    if (st == RIAP_OK && riap_era_match_range(m, &r) == RIAP_OK &&
        riap_era_range_to_iso(&iso, &r) != RIAP_OK)
        iso = NULL;
    if (c->json) {
        riap_json *j = json_writer();
        riap_json_object_begin(j);
        riap_json_key(j, "file");
        riap_json_cstring(j, name);
        riap_json_key(j, "line");
        riap_json_integer(j, (int64_t)line);
        riap_json_key(j, "column");
        riap_json_integer(j, (int64_t)col);
        riap_json_key(j, "offset");
        riap_json_integer(j, (int64_t)(file_off + off));
        riap_json_key(j, "text");
        riap_json_string(j, piece + off, len);
        riap_json_era_match(j, ctx, m);
        riap_json_object_end(j);
        json_print(stdout, j);
    } else if (st == RIAP_OK) {
        printf("%s:%llu:%llu: ", name, line, col);
        for (size_t i = 0; i < len; i++) {
            unsigned char b = (unsigned char)piece[off + i];
            putchar(b < 0x20 || b == 0x7F ? ' ' : b);
        }
        printf("\t%s\n", iso ? iso : ""); /* exactly FILE:LINE:COL: TEXT<TAB>START/END;
                                           * warnings are in --json */
    } else {
        const riap_diag *d = riap_ctx_last_error(ctx);
        printf("%s:%llu:%llu: error: %s: %s\n", name, line, col, d ? riap_diag_rule(d) : "internal",
               d ? riap_diag_message(d) : riap_status_message(st));
    }
    riap_free(iso);
    return st == RIAP_OK;
}

/* --scan: every date in one file ('-': standard input), gcc style or JSON. Returns 0, or 2 when
 * the file could not be read; clears *all_ok at an invalid date. */
static int scan_file(riap_ctx *ctx, riap_era_match *m, const cli *c, const char *path, bool *all_ok)
{
    bool is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "%s era: %s: %s\n", progname, path, strerror(errno));
        return EXIT_USAGE;
    }
    char *buf = malloc(SCAN_PIECE + 4);
    if (!buf) {
        fprintf(stderr, "%s era: out of memory\n", progname);
        if (!is_stdin)
            fclose(in);
        return EXIT_USAGE;
    }
    unsigned long long line = 1, col0 = 1, file_off = 0;
    size_t have = 0; /* bytes carried over from the last piece (a cut character) */
    int ch = 0;
    for (;;) {
        size_t n = have;
        bool eol = false;
        while (n < SCAN_PIECE && (ch = getc(in)) != EOF) {
            if (ch == '\n') {
                eol = true;
                break;
            }
            buf[n++] = (char)ch;
        }
        if (n == 0 && !eol && ch == EOF)
            break;
        size_t cut = n;
        if (!eol && ch != EOF) { /* a long line: cut after the last whole character */
            size_t k = n;
            while (k > 0 && n - k < 4 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
                k--;
            if (k > 0 && n - k < 4 && (unsigned char)buf[k - 1] >= 0xC0)
                cut = k - 1;
        }
        size_t len = cut;
        if (eol && len > 0 && buf[len - 1] == '\r')
            len--;
        unsigned long long col = col0;
        size_t at = 0, counted = 0;
        while (riap_era_find(m, ctx, buf, len, at) == RIAP_OK && riap_era_match_found(m)) {
            size_t off = riap_era_match_offset(m);
            for (; counted < off; counted++)
                if (((unsigned char)buf[counted] & 0xC0) != 0x80)
                    col++;
            if (!scan_print(ctx, m, c, name, buf, line, col, file_off))
                *all_ok = false;
            at = off + riap_era_match_length(m);
        }
        file_off += cut + (eol ? 1 : 0);
        if (eol) {
            line++;
            col0 = 1;
        } else {
            for (size_t i = 0; i < cut; i++)
                if (((unsigned char)buf[i] & 0xC0) != 0x80)
                    col0++;
        }
        have = n - cut;
        memmove(buf, buf + cut, have);
        if (ch == EOF && !eol && have == 0)
            break;
    }
    int rc = 0;
    if (ferror(in)) {
        fprintf(stderr, "%s era: %s: %s\n", progname, path, strerror(errno));
        rc = EXIT_USAGE;
    }
    free(buf);
    if (!is_stdin)
        fclose(in);
    return rc;
}

static void help_era(FILE *f)
{
    fprintf(f,
            "Usage: %s era [OPTION]... EXPR...\n"
            "       %s era [OPTION]... --batch      (one expression per line on stdin)\n"
            "       %s era [OPTION]... --scan [FILE]...  (every date in running text)\n"
            "       %s era --to-era [OPTION]... DATE...\n"
            "Convert Japanese era expressions (令和4年度, 令和４年度～令和６年度, R4.4.1) to\n"
            "Gregorian day ranges, printed as START/END in ISO 8601 ('..' for an open end);\n"
            "with --to-era, convert ISO days (2019-05-01) to era text (令和元年5月1日).\n"
            "Options may come before or after the expressions; '--' ends the options, for an\n"
            "expression that starts with '-'.\n"
            "\n"
            "Options:\n"
            "  -b, --batch         read one input per line from standard input; print exactly\n"
            "                      one line per input line, in order\n"
            "      --scan          find every date in the FILEs (standard input without one, or\n"
            "                      with '-'); print FILE:LINE:COL: TEXT<TAB>START/END for each,\n"
            "                      or FILE:LINE:COL: error: RULE-ID: message for a wrong one\n"
            "  -s, --strict        an end outside the era it names, or a note that disagrees\n"
            "                      (weekday, year, duration), is an error, not a warning\n"
            "      --json          print one JSON object per input (per date with --scan)\n"
            "  -e, --to-era        format ISO days as era text instead of parsing\n"
            "  -n, --numeric-year  with --to-era: write year 1 as 1 instead of 元\n"
            "  -q, --quiet         no notices on standard error (a bad RIAP_SUPPLEMENTAL_ERA)\n"
            "      --lang=ja|en    language of the messages (default en)\n"
            "  -h, --help          show this help and exit\n"
            "\n"
            "Output per input: the range, then a tab and 'warning:RULE-ID' for each warning;\n"
            "or 'error: RULE-ID: message', where positions are columns counted in characters.\n"
            "Exit status: 0 every input was fine, 1 some input was an error, 2 a usage error.\n",
            progname, progname, progname, progname);
}

static int cmd_era(cli *c)
{
    const command *self = find_command("era");
    if (c->batch && c->noperands > 0)
        return usage_error(self, "%s", "--batch reads standard input and takes no arguments");
    if (c->scan && (c->batch || c->to_era))
        return usage_error(self, "%s", "--scan goes with neither --batch nor --to-era");
    if (!c->batch && !c->scan && c->noperands == 0)
        return usage_error(self, "%s", c->to_era ? "no date given" : "no expression given");
    if (c->numeric_year && !c->to_era)
        return usage_error(self, "%s", "--numeric-year goes with --to-era");
    riap_ctx *ctx = open_ctx(c, true);
    if (!ctx)
        return EXIT_USAGE;
    riap_era_match *m = NULL;
    if (riap_era_match_new(&m) != RIAP_OK) {
        fprintf(stderr, "%s era: out of memory\n", progname);
        riap_ctx_free(ctx);
        return EXIT_USAGE;
    }
    bool all_ok = true;
    int rc = 0;
    if (c->scan) {
        static const char *const dash[] = {"-"};
        const char *const *files = c->noperands ? (const char *const *)c->operands : dash;
        int n = c->noperands ? c->noperands : 1;
        for (int i = 0; i < n; i++) {
            int r = scan_file(ctx, m, c, files[i], &all_ok);
            if (r > rc)
                rc = r;
        }
    } else if (c->batch) {
        line_reader lr = {stdin, NULL, RIAP_ERA_MAX_INPUT};
        lr.buf = malloc(lr.cap + 1);
        if (!lr.buf) {
            fprintf(stderr, "%s era: out of memory\n", progname);
            riap_era_match_free(m);
            riap_ctx_free(ctx);
            return EXIT_USAGE;
        }
        size_t len;
        int got;
        while ((got = read_line(&lr, &len)) > 0) {
            bool ok = c->to_era ? to_era_one(ctx, c, lr.buf, len, stdout)
                                : era_one(ctx, m, c, lr.buf, len, stdout);
            all_ok = all_ok && ok;
        }
        if (got < 0) {
            fprintf(stderr, "%s era: reading standard input: %s\n", progname, strerror(errno));
            rc = EXIT_USAGE;
        }
        free(lr.buf);
    } else {
        for (int i = 0; i < c->noperands; i++) {
            const char *a = c->operands[i];
            bool ok = c->to_era ? to_era_one(ctx, c, a, strlen(a), stdout)
                                : era_one(ctx, m, c, a, strlen(a), stdout);
            all_ok = all_ok && ok;
        }
    }
    riap_era_match_free(m);
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s era: writing standard output: %s\n", progname, strerror(errno));
        return EXIT_USAGE;
    }
    if (rc)
        return rc;
    return all_ok ? 0 : EXIT_INVALID;
}

/* ---------------------------------------------------------------- validate */

static void help_validate(FILE *f)
{
    fprintf(f,
            "Usage: %s validate [OPTION]... FILE|DIR...\n"
            "Check plan files ('-' is standard input) against the schema and every semantic\n"
            "rule. Each problem is printed as FILE:LINE:COL: error|warning: message [rule-id],\n"
            "sorted by position, then a line per file (FILE: valid (N warnings) or FILE:\n"
            "invalid (...)), in the order of the arguments whatever the number of jobs; last,\n"
            "a summary on standard error: '7 files: 6 valid, 1 invalid; 3 errors, 2 warnings'.\n"
            "\n"
            "Options:\n"
            "  -r, --recursive    validate the *.xml files under each DIR, in name order\n"
            "  -j, --jobs=N       validate N files at a time (default: one per processor)\n"
            "  -s, --strict       report warnings as errors\n"
            "      --json         print one JSON object per file\n"
            "      --stream       read in bounded memory, one plan at a time (for files of any\n"
            "                     size; a plan over 8 MiB gets the schema check only)\n"
            "  -v, --verbose      also print notes (such as full-width letters or digits,\n"
            "                     which riap normalize folds)\n"
            "  -q, --quiet        print only the problems: no line per file, no summary\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 every file valid, 1 some file invalid, 2 a file could not be read or\n"
            "a usage error.\n",
            progname);
}

/* One file's outcome, kept until it is printed in its turn. */
typedef struct vresult {
    char *out, *err; /* what goes to stdout and stderr */
    size_t outlen, errlen;
    size_t errors, warnings;
    int state; /* 0 valid, 1 invalid, 2 could not be read */
    bool done;
} vresult;

static void print_report_json(FILE *out, const char *file, const riap_report *r, bool notes)
{
    riap_json *j = json_new(); /* one per call: validate's jobs run in threads */
    riap_json_report(j, r, file, notes ? RIAP_JSON_NOTES : 0);
    json_print(out, j);
    riap_json_free(j);
}

/* {"file":FILE,"valid":false,"error":{...}}: a file that could not be read. */
static void print_unread_json(FILE *out, const char *file, const riap_diag *d, riap_status st,
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

static void validate_one(riap_ctx *ctx, const cli *c, const char *file, vresult *res)
{
    FILE *out = open_memstream(&res->out, &res->outlen);
    FILE *err = open_memstream(&res->err, &res->errlen);
    if (!out || !err) {
        if (out)
            fclose(out);
        if (err)
            fclose(err);
        res->out = res->err = NULL;
        res->outlen = res->errlen = 0;
        res->state = 2;
        res->errors = 1;
        return;
    }
    riap_report *r = NULL;
    const char *path = strcmp(file, "-") ? file : "/dev/stdin"; /* '-' is standard input */
    riap_status st =
        c->stream ? riap_validate_stream_file(&r, ctx, path) : riap_validate_file(&r, ctx, path);
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        fprintf(err, "%s validate: %s: %s\n", progname, file,
                d ? riap_diag_message(d) : riap_status_message(st));
        if (c->json)
            print_unread_json(out, file, d, st, NULL);
        res->state = 2;
        res->errors = 1;
    } else {
        res->errors = riap_report_error_count(r);
        res->warnings = riap_report_warning_count(r);
        res->state = res->errors ? 1 : 0;
        if (c->json) {
            print_report_json(out, file, r, c->verbose);
        } else {
            print_report_text(out, file, r, c->verbose);
            size_t e = res->errors, w = res->warnings;
            if (c->quiet)
                ;
            else if (ja(c) && e == 0)
                fprintf(out, "%s: 有効 (警告 %zu 件)\n", file, w);
            else if (ja(c))
                fprintf(out, "%s: 無効 (エラー %zu 件、警告 %zu 件)\n", file, e, w);
            else if (e == 0)
                fprintf(out, "%s: valid (%zu %s)\n", file, w, plural(w, "warning", "warnings"));
            else
                fprintf(out, "%s: invalid (%zu %s, %zu %s)\n", file, e,
                        plural(e, "error", "errors"), w, plural(w, "warning", "warnings"));
        }
    }
    riap_report_free(r);
    fclose(out);
    fclose(err);
}

/* The files to validate: operands in order; under -r, the *.xml files of each directory, in
 * byte order of their names, depth first. A directory without -r, or one that cannot be read,
 * is a problem reported on stderr (state 2), in its place. */
typedef struct file_list {
    char **paths;
    char **problems; /* a message for the path, or NULL */
    size_t n, cap;
} file_list;

static int add_path(file_list *fl, char *path, char *problem)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? 2 * fl->cap : 64;
        char **p = realloc(fl->paths, cap * sizeof *p);
        if (!p)
            return -1;
        fl->paths = p;
        char **q = realloc(fl->problems, cap * sizeof *q);
        if (!q)
            return -1;
        fl->problems = q;
        fl->cap = cap;
    }
    fl->paths[fl->n] = path;
    fl->problems[fl->n] = problem;
    fl->n++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_xml_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcmp(name + n - 4, ".xml");
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        size_t k = a;
        if (a && dir[a - 1] != '/')
            p[k++] = '/';
        memcpy(p + k, name, b + 1);
    }
    return p;
}

static char *format_problem(const char *what, const char *path, int err)
{
    size_t n = strlen(what) + strlen(path) + 128;
    char *m = malloc(n);
    if (m)
        snprintf(m, n, "%s: %s%s%s", path, what, err ? ": " : "", err ? strerror(err) : "");
    return m;
}

/* Walks dir (a directory named on the command line or found below one). Symbolic links met
 * inside are followed to files, never to directories, so a walk always ends. */
static int walk(file_list *fl, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        char *p = strdup(dir);
        char *m = format_problem("cannot read the directory", dir, errno);
        return p && m ? add_path(fl, p, m) : -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *p = rc ? NULL : path_join(dir, names[i]);
        free(names[i]);
        if (rc)
            continue;
        if (!p) {
            rc = -1;
            continue;
        }
        struct stat st;
        if (lstat(p, &st) != 0) {
            free(p);
            continue; /* gone since readdir */
        }
        if (S_ISDIR(st.st_mode) && depth < 64) {
            rc = walk(fl, p, depth + 1);
            free(p);
        } else if (has_xml_suffix(p) &&
                   (S_ISREG(st.st_mode) ||
                    (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode)))) {
            if (add_path(fl, p, NULL) != 0) {
                free(p);
                rc = -1;
            }
        } else {
            free(p);
        }
    }
    free(names);
    return rc;
}

static int collect_files(file_list *fl, const cli *c)
{
    for (int i = 0; i < c->noperands; i++) {
        const char *a = c->operands[i];
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (c->recursive) {
                if (walk(fl, a, 0) != 0)
                    return -1;
                continue;
            }
            char *p = strdup(a);
            char *m =
                format_problem("is a directory (use -r to validate the *.xml files in it)", a, 0);
            if (!p || !m || add_path(fl, p, m) != 0)
                return -1;
            continue;
        }
        char *p = strdup(a); /* a missing file is the library's to report */
        if (!p || add_path(fl, p, NULL) != 0)
            return -1;
    }
    return 0;
}

/* The work shared by the validating threads: each takes the next file, and the main thread
 * prints the results in order as they complete. */
typedef struct vpool {
    const cli *c;
    const file_list *fl;
    vresult *res;
    size_t next;
    size_t awaited; /* the result the printing thread waits for; SIZE_MAX when none */
    bool failed;    /* a thread could not make its context */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} vpool;

/* Validates file i of the list (or reports its problem) into a result. */
static vresult validate_item(const vpool *p, riap_ctx *ctx, size_t i)
{
    vresult r = {0};
    if (!ctx) {
        r.state = 2;
        r.errors = 1;
    } else if (p->fl->problems[i]) {
        FILE *err = open_memstream(&r.err, &r.errlen);
        if (err) {
            fprintf(err, "%s validate: %s\n", progname, p->fl->problems[i]);
            fclose(err);
        }
        FILE *out = p->c->json ? open_memstream(&r.out, &r.outlen) : NULL;
        if (out) { /* the same object as for a file the library cannot read */
            print_unread_json(out, p->fl->paths[i], NULL, RIAP_OK, p->fl->problems[i]);
            fclose(out);
        }
        r.state = 2;
        r.errors = 1;
    } else {
        validate_one(ctx, p->c, p->fl->paths[i], &r);
    }
    r.done = true;
    return r;
}

static void *validate_worker(void *arg)
{
    vpool *p = arg;
    riap_ctx *ctx = open_ctx(p->c, false);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next++;
        if (!ctx)
            p->failed = true;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->fl->n)
            break;
        vresult r = validate_item(p, ctx, i);
        pthread_mutex_lock(&p->mu);
        p->res[i] = r;
        if (i == p->awaited) /* wake the printer only for the result it waits for */
            pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    riap_ctx_free(ctx);
    return NULL;
}

/* What the summary counts. */
typedef struct vtally {
    size_t nvalid, ninvalid, nerrors, nwarnings;
    bool unreadable, invalid;
} vtally;

/* Prints one file's result, counts it and frees its text. */
static void emit(vresult *r, vtally *t)
{
    if (r->outlen)
        fwrite(r->out, 1, r->outlen, stdout);
    if (r->errlen) {
        fflush(stdout);
        fwrite(r->err, 1, r->errlen, stderr);
    }
    free(r->out);
    free(r->err);
    if (r->state == 0)
        t->nvalid++;
    else
        t->ninvalid++;
    t->unreadable |= r->state == 2;
    t->invalid |= r->state == 1;
    t->nerrors += r->errors;
    t->nwarnings += r->warnings;
}

static long default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : n;
}

static int cmd_validate(cli *c)
{
    const command *self = find_command("validate");
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    riap_ctx *ctx = open_ctx(c, true); /* reports the environment once, and proves setup works */
    if (!ctx)
        return EXIT_USAGE;
    riap_ctx_free(ctx);

    file_list fl = {0};
    vresult *res = NULL;
    int rc = 0;
    if (collect_files(&fl, c) != 0 || !(res = calloc(fl.n ? fl.n : 1, sizeof *res))) {
        fprintf(stderr, "%s validate: out of memory\n", progname);
        rc = EXIT_USAGE;
        goto done;
    }
    long jobs = c->jobs ? c->jobs : default_jobs();
    if ((size_t)jobs > fl.n)
        jobs = fl.n ? (long)fl.n : 1;
    vpool pool = {
        c, &fl, res, 0, SIZE_MAX, false, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    /* jobs - 1 threads, and this one: it validates files too, and between two of its own it
     * prints the results that are ready, in order, so that it rarely has to be woken */
    pthread_t threads[MAX_JOBS];
    long started = 0;
    for (; started < jobs - 1; started++)
        if (pthread_create(&threads[started], NULL, validate_worker, &pool) != 0)
            break;
    riap_ctx *own = open_ctx(c, false);
    vtally tally = {0};
    size_t printed = 0;
    for (;;) {
        pthread_mutex_lock(&pool.mu);
        if (!own)
            pool.failed = true;
        while (printed < fl.n && res[printed].done) {
            vresult r = res[printed];
            pthread_mutex_unlock(&pool.mu);
            emit(&r, &tally);
            printed++;
            pthread_mutex_lock(&pool.mu);
        }
        size_t i = pool.next++;
        pthread_mutex_unlock(&pool.mu);
        if (i >= fl.n)
            break;
        vresult r = validate_item(&pool, own, i);
        pthread_mutex_lock(&pool.mu);
        res[i] = r;
        pthread_mutex_unlock(&pool.mu);
    }
    for (; printed < fl.n; printed++) { /* the rest, as the other threads finish them */
        pthread_mutex_lock(&pool.mu);
        while (!res[printed].done) {
            pool.awaited = printed;
            pthread_cond_wait(&pool.cv, &pool.mu);
        }
        pool.awaited = SIZE_MAX;
        vresult r = res[printed];
        pthread_mutex_unlock(&pool.mu);
        emit(&r, &tally);
    }
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    riap_ctx_free(own);
    pthread_mutex_destroy(&pool.mu);
    pthread_cond_destroy(&pool.cv);
    if (pool.failed)
        fprintf(stderr, "%s validate: cannot set up the library in a worker thread\n", progname);
    rc = tally.unreadable || pool.failed ? EXIT_USAGE : tally.invalid ? EXIT_INVALID : 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s validate: writing standard output: %s\n", progname, strerror(errno));
        rc = EXIT_USAGE;
    }
    if (!c->quiet) {
        if (ja(c))
            fprintf(stderr, "%zu ファイル: 有効 %zu、無効 %zu; エラー %zu 件、警告 %zu 件\n", fl.n,
                    tally.nvalid, tally.ninvalid, tally.nerrors, tally.nwarnings);
        else
            fprintf(stderr, "%zu %s: %zu valid, %zu invalid; %zu %s, %zu %s\n", fl.n,
                    plural(fl.n, "file", "files"), tally.nvalid, tally.ninvalid, tally.nerrors,
                    plural(tally.nerrors, "error", "errors"), tally.nwarnings,
                    plural(tally.nwarnings, "warning", "warnings"));
    }
done:
    for (size_t i = 0; i < fl.n; i++) {
        free(fl.paths[i]);
        free(fl.problems[i]);
    }
    free(fl.paths);
    free(fl.problems);
    free(res);
    return rc;
}

/* ---------------------------------------------------------------- normalize */

static void help_normalize(FILE *f)
{
    fprintf(f,
            "Usage: %s normalize [OPTION]... FILE\n"
            "Write FILE in its canonical form, normalized: full-width ASCII letters and digits\n"
            "to ASCII, half-width katakana to full-width, white space trimmed and folded,\n"
            "period days filled in from the period text. Normalizing twice changes nothing.\n"
            "The changes are listed on standard error, as notes.\n"
            "\n"
            "Options:\n"
            "  -o, --output=OUT   write to OUT (atomically) instead of standard output\n"
            "  -i, --in-place     replace FILE (atomically)\n"
            "  -q, --quiet        do not list the changes\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 written, 1 FILE is not a valid plan document, 2 a file could not be\n"
            "read or written, or a usage error.\n",
            progname);
}

static int cmd_normalize(cli *c)
{
    const command *self = find_command("normalize");
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    if (c->noperands > 1)
        return usage_error(self, "one file at a time ('%s' is one more)", c->operands[1]);
    if (c->output && c->in_place)
        return usage_error(self, "%s", "--output and --in-place exclude each other");
    const char *file = c->operands[0];
    riap_ctx *ctx = open_ctx(c, true);
    if (!ctx)
        return EXIT_USAGE;
    riap_doc *doc = NULL;
    riap_status st = riap_doc_load_file(&doc, ctx, file);
    if (st != RIAP_OK) {
        for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
            const riap_diag *d = riap_ctx_diag(ctx, i);
            fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", file, riap_diag_line(d), riap_diag_column(d),
                    severity_name(riap_diag_severity(d)), riap_diag_message(d), riap_diag_rule(d));
        }
        riap_ctx_free(ctx);
        return st == RIAP_ERR_IO || st == RIAP_ERR_NOMEM ? EXIT_USAGE : EXIT_INVALID;
    }
    riap_report *changes = NULL;
    st = riap_normalize(&changes, ctx, doc);
    if (st == RIAP_OK && !c->quiet)
        print_report_text(stderr, file, changes, true);
    int rc = 0;
    if (st == RIAP_OK) {
        if (c->in_place || c->output) {
            st = riap_doc_save_file(ctx, doc, c->in_place ? file : c->output);
        } else {
            char *text = NULL;
            size_t len = 0;
            st = riap_doc_save_memory(&text, &len, ctx, doc);
            if (st == RIAP_OK && fwrite(text, 1, len, stdout) != len)
                rc = EXIT_USAGE;
            riap_free(text);
        }
    }
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        fprintf(stderr, "%s normalize: %s\n", progname,
                d ? riap_diag_message(d) : riap_status_message(st));
        rc = EXIT_USAGE;
    }
    riap_report_free(changes);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s normalize: writing standard output: %s\n", progname, strerror(errno));
        rc = EXIT_USAGE;
    }
    return rc;
}

/* ---------------------------------------------------------------- import */

static void help_import(FILE *f)
{
    fprintf(f,
            "Usage: %s import [OPTION]... FILE\n"
            "Read the text of a published summary of approved plans (承認した地域産業活性化計画の\n"
            "概要, as extracted from its PDF; UTF-8 or Shift_JIS) and write the plans it lists as\n"
            "a plan document. Headers, overviews, categories with their projects, ☆ links and\n"
            "figure captions are found; sentences broken across lines are joined; municipality\n"
            "codes come from the bundled list; periods are read by the era engine. What cannot\n"
            "be placed is reported with its line and column. With FILE '-', standard input.\n"
            "\n"
            "Options:\n"
            "  -o, --output=OUT   write to OUT (atomically) instead of standard output\n"
            "  -s, --strict       treat warnings as errors\n"
            "  -q, --quiet        report errors only\n"
            "      --json         report as one JSON object on standard error\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 imported (the document written validates), 1 the text could not be\n"
            "imported (nothing is written), 2 a file could not be read or written, or a usage\n"
            "error.\n",
            progname);
}

/* Reads a whole file ('-': standard input) into memory. NULL after a message. */
static char *read_all(const char *cmd, const char *file, size_t *len)
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

static int cmd_import(cli *c)
{
    const command *self = find_command("import");
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    if (c->noperands > 1)
        return usage_error(self, "one file at a time ('%s' is one more)", c->operands[1]);
    const char *file = c->operands[0];
    size_t len = 0;
    char *text = read_all("import", file, &len);
    if (!text)
        return EXIT_USAGE;
    riap_ctx *ctx = open_ctx(c, true);
    if (!ctx) {
        free(text);
        return EXIT_USAGE;
    }
    riap_doc *doc = NULL;
    riap_report *r = NULL;
    const char *name = strcmp(file, "-") ? file : "<stdin>";
    riap_status st = riap_import_text(&doc, &r, ctx, text, len, name);
    free(text);
    int rc = 0;
    if (st != RIAP_OK) {
        fprintf(stderr, "%s import: %s\n", progname, riap_status_message(st));
        rc = EXIT_USAGE;
    } else {
        if (c->json)
            print_report_json(stderr, name, r, !c->quiet);
        else if (c->quiet)
            for (size_t i = 0; i < riap_report_count(r); i++) {
                const riap_diag *d = riap_report_get(r, i);
                if (riap_diag_severity(d) == RIAP_SEVERITY_ERROR)
                    fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", name, riap_diag_line(d),
                            riap_diag_column(d), riap_diag_message(d), riap_diag_rule(d));
            }
        else
            print_report_text(stderr, name, r, true);
        if (!doc) {
            rc = EXIT_INVALID;
        } else if (c->output) {
            st = riap_doc_save_file(ctx, doc, c->output);
        } else {
            char *out = NULL;
            size_t olen = 0;
            st = riap_doc_save_memory(&out, &olen, ctx, doc);
            if (st == RIAP_OK && fwrite(out, 1, olen, stdout) != olen)
                rc = EXIT_USAGE;
            riap_free(out);
        }
        if (st != RIAP_OK) {
            const riap_diag *d = riap_ctx_last_error(ctx);
            fprintf(stderr, "%s import: %s\n", progname,
                    d ? riap_diag_message(d) : riap_status_message(st));
            rc = EXIT_USAGE;
        }
    }
    riap_report_free(r);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s import: writing standard output: %s\n", progname, strerror(errno));
        rc = EXIT_USAGE;
    }
    return rc;
}

/* ---------------------------------------------------------------- export */

static void help_export(FILE *f)
{
    fprintf(f,
            "Usage: %s export [OPTION]... FILE\n"
            "Write the plan document FILE for spreadsheets and programs: the whole document as\n"
            "one JSON object, one CSV row per project, or one CSV row per plan. CSV is RFC 4180\n"
            "(CRLF, fields quoted where needed), UTF-8. With FILE '-', standard input.\n"
            "\n"
            "Options:\n"
            "  -f, --format=FMT   json (the default), csv (a row per project) or csv-plans (a row\n"
            "                     per plan)\n"
            "      --bom          begin CSV with a UTF-8 byte order mark (for spreadsheet\n"
            "                     programs)\n"
            "  -o, --output=OUT   write to OUT (atomically) instead of standard output\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 written, 1 FILE is not a plan document, 2 a file could not be read\n"
            "or written, or a usage error.\n",
            progname);
}

static int cmd_export(cli *c)
{
    const command *self = find_command("export");
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    if (c->noperands > 1)
        return usage_error(self, "one file at a time ('%s' is one more)", c->operands[1]);
    riap_export_format format = RIAP_EXPORT_JSON;
    if (!c->format || !strcmp(c->format, "json"))
        format = RIAP_EXPORT_JSON;
    else if (!strcmp(c->format, "csv"))
        format = RIAP_EXPORT_CSV;
    else if (!strcmp(c->format, "csv-plans"))
        format = RIAP_EXPORT_CSV_PLANS;
    else
        return usage_error(self, "invalid format '%s' for --format (json, csv or csv-plans)",
                           c->format);
    if (c->bom && format == RIAP_EXPORT_JSON)
        return usage_error(self, "%s", "--bom is for CSV");
    const char *file = c->operands[0];
    riap_ctx *ctx = open_ctx(c, true);
    if (!ctx)
        return EXIT_USAGE;
    riap_doc *doc = NULL;
    riap_status st;
    if (!strcmp(file, "-")) {
        size_t len = 0;
        char *text = read_all("export", file, &len);
        if (!text) {
            riap_ctx_free(ctx);
            return EXIT_USAGE;
        }
        st = riap_doc_load_memory(&doc, ctx, text, len);
        free(text);
    } else {
        st = riap_doc_load_file(&doc, ctx, file);
    }
    if (st != RIAP_OK) {
        const char *name = strcmp(file, "-") ? file : "<stdin>";
        for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
            const riap_diag *d = riap_ctx_diag(ctx, i);
            fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", name, riap_diag_line(d), riap_diag_column(d),
                    severity_name(riap_diag_severity(d)), riap_diag_message(d), riap_diag_rule(d));
        }
        riap_ctx_free(ctx);
        return st == RIAP_ERR_IO || st == RIAP_ERR_NOMEM ? EXIT_USAGE : EXIT_INVALID;
    }
    char *out = NULL;
    size_t len = 0;
    int rc = 0;
    uint32_t flags = c->bom ? RIAP_EXPORT_BOM : 0;
    if (c->output) {
        st = riap_doc_export_file(ctx, doc, c->output, format, flags);
    } else {
        st = riap_doc_export(&out, &len, ctx, doc, format, flags);
        if (st == RIAP_OK && fwrite(out, 1, len, stdout) != len)
            rc = EXIT_USAGE;
    }
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        fprintf(stderr, "%s export: %s\n", progname,
                d ? riap_diag_message(d) : riap_status_message(st));
        rc = EXIT_USAGE;
    }
    riap_free(out);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s export: writing standard output: %s\n", progname, strerror(errno));
        rc = EXIT_USAGE;
    }
    return rc;
}

/* ---------------------------------------------------------------- rules */

static void help_rules(FILE *f)
{
    fprintf(f,
            "Usage: %s rules [--json] [--lang=ja|en] [RULE-ID]...\n"
            "List the rule ids riap and the library report, each with its area and what it\n"
            "means: RULE-ID<TAB>AREA<TAB>description, in a stable order; with RULE-IDs, only\n"
            "those.\n"
            "\n"
            "Options:\n"
            "      --json         print one JSON object per rule\n"
            "      --lang=ja|en   language of the descriptions (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0, or 1 when a RULE-ID is not one of the library's.\n",
            progname);
}

static void print_rule(const cli *c, size_t i)
{
    const char *desc = riap_rule_description(i, c->options);
    if (c->json) {
        riap_json *j = json_writer();
        riap_json_object_begin(j);
        riap_json_key(j, "rule");
        riap_json_cstring(j, riap_rule_id(i));
        riap_json_key(j, "area");
        riap_json_cstring(j, riap_rule_area(i));
        riap_json_key(j, "description");
        riap_json_cstring(j, desc);
        riap_json_object_end(j);
        json_print(stdout, j);
    } else {
        printf("%s\t%s\t%s\n", riap_rule_id(i), riap_rule_area(i), desc);
    }
}

static int cmd_rules(cli *c)
{
    int rc = 0;
    if (c->noperands == 0) {
        for (size_t i = 0; i < riap_rule_count(); i++)
            print_rule(c, i);
    }
    for (int k = 0; k < c->noperands; k++) {
        size_t i = riap_rule_index(c->operands[k]);
        if (i == (size_t)-1) {
            fprintf(stderr, "%s rules: no rule '%s'\n", progname, c->operands[k]);
            rc = EXIT_INVALID;
            continue;
        }
        print_rule(c, i);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s rules: writing standard output: %s\n", progname, strerror(errno));
        return EXIT_USAGE;
    }
    return rc;
}

/* ---------------------------------------------------------------- main */

static const int era_accepts[] = {O_BATCH,        O_SCAN,  O_STRICT, O_JSON, O_TO_ERA,
                                  O_NUMERIC_YEAR, O_QUIET, O_LANG,   O_HELP, 0};
static const int validate_accepts[] = {O_RECURSIVE, O_JOBS,  O_STRICT, O_JSON, O_STREAM,
                                       O_VERBOSE,   O_QUIET, O_LANG,   O_HELP, 0};
static const int normalize_accepts[] = {O_OUTPUT, O_IN_PLACE, O_QUIET, O_LANG, O_HELP, 0};
static const int rules_accepts[] = {O_JSON, O_LANG, O_HELP, 0};
static const int import_accepts[] = {O_OUTPUT, O_STRICT, O_QUIET, O_JSON, O_LANG, O_HELP, 0};
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

static const command *find_command(const char *name)
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
