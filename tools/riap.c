/* SPDX-License-Identifier: MIT */
/* riap: the command-line tool. Uses only the public API (<riap.h>); each subcommand is a thin
 * layer over one library call. Exit status: 0 all inputs fine, 1 some input invalid, 2 usage
 * or system error. */
#include <riap.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_INVALID 1
#define EXIT_USAGE 2

static const char *progname = "riap";

static void usage_main(FILE *f)
{
    fprintf(f,
            "Usage: %s COMMAND [OPTION]... [ARG]...\n"
            "Japanese regional industry activation plans and era dates.\n"
            "\n"
            "Commands:\n"
            "  era        convert era date expressions to Gregorian ranges, and back\n"
            "  validate   check plan files against the schema and the semantic rules\n"
            "  normalize  write a plan file in its canonical, normalized form\n"
            "\n"
            "Options:\n"
            "  -h, --help     show this help and exit\n"
            "  -V, --version  show the version and exit\n"
            "\n"
            "'%s COMMAND --help' describes a command. Exit status: 0 when every input is fine,\n"
            "1 when an input is invalid, 2 for a usage or system error. See riap(1).\n",
            progname, progname);
}

static void usage_era(FILE *f)
{
    fprintf(f,
            "Usage: %s era [OPTION]... EXPR...\n"
            "       %s era [OPTION]... --batch      (one expression per line on stdin)\n"
            "       %s era --to-era [OPTION]... DATE...\n"
            "       %s era --to-era [OPTION]... --batch\n"
            "Convert Japanese era expressions (令和4年度, 令和４年度～令和６年度, R4.4.1) to\n"
            "Gregorian day ranges, printed as START/END in ISO 8601 ('..' for an open end);\n"
            "with --to-era, convert ISO days (2019-05-01) to era text (令和元年5月1日).\n"
            "\n"
            "Options:\n"
            "  -b, --batch         read one input per line from standard input; print exactly\n"
            "                      one line per input line, in order\n"
            "  -s, --strict        an end outside the era it names is an error, not a warning\n"
            "  -j, --json          print one JSON object per input\n"
            "  -e, --to-era        format ISO days as era text instead of parsing\n"
            "  -n, --numeric-year  with --to-era: write year 1 as 1 instead of 元\n"
            "      --lang=ja|en    language of error messages (default en)\n"
            "  -h, --help          show this help and exit\n"
            "\n"
            "Output per input: the range, then a tab and 'warning:RULE-ID' for each warning;\n"
            "or 'error: RULE-ID: message'. Exit status 0 when every input was fine, 1 when any\n"
            "was an error, 2 for a usage error.\n",
            progname, progname, progname, progname);
}

/* ---- output helpers ---- */

static void json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20 || c == 0x7F)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
    if (s)
        json_string(out, s, strlen(s));
    else
        fputs("null", out);
}

static void json_error(FILE *out, const riap_diag *d, riap_status st)
{
    fputs("{\"rule\":", out);
    json_cstr(out, d ? riap_diag_rule(d) : "internal");
    fputs(",\"message\":", out);
    json_cstr(out, d ? riap_diag_message(d) : riap_status_message(st));
    fprintf(out, ",\"offset\":%lld}", d ? (long long)riap_diag_offset(d) : -1LL);
}

static void print_error_line(FILE *out, const riap_diag *d, riap_status st)
{
    /* A message never holds a newline, so this stays one line per input. */
    fprintf(out, "error: %s: %s\n", d ? riap_diag_rule(d) : "internal",
            d ? riap_diag_message(d) : riap_status_message(st));
}

static const char *era_label(const riap_ctx *ctx, int32_t era)
{
    if (era == RIAP_ERA_GREGORIAN)
        return "gregorian";
    if (era < 0)
        return NULL;
    return riap_era_name(ctx, (size_t)era);
}

/* ---- era ---- */

typedef struct era_opts {
    bool json, to_era, numeric_year;
} era_opts;

/* Parses one expression and prints its line; returns false when it was an error. */
static bool era_one(riap_ctx *ctx, const era_opts *o, const char *text, size_t len, FILE *out)
{
    riap_era_range r;
    riap_status st = riap_era_parse(&r, ctx, text, len);
    char *iso = NULL;
    if (st == RIAP_OK)
        st = riap_era_range_to_iso(&iso, &r);
    if (o->json) {
        if (st != RIAP_OK) {
            fputs("{\"start\":null,\"end\":null,\"granularity\":null,\"eras\":null,"
                  "\"warnings\":[],\"error\":",
                  out);
            json_error(out, riap_ctx_last_error(ctx), st);
            fputs("}\n", out);
            return false;
        }
        char *slash = strchr(iso, '/');
        fputs("{\"start\":", out);
        if (r.start_granularity)
            json_string(out, iso, (size_t)(slash - iso));
        else
            fputs("null", out);
        fputs(",\"end\":", out);
        if (r.end_granularity)
            json_cstr(out, slash + 1);
        else
            fputs("null", out);
        fprintf(out, ",\"granularity\":[\"%s\",\"%s\"],\"eras\":[",
                riap_granularity_name((riap_granularity)r.start_granularity),
                riap_granularity_name((riap_granularity)r.end_granularity));
        json_cstr(out, era_label(ctx, r.start_era));
        fputc(',', out);
        json_cstr(out, era_label(ctx, r.end_era));
        fputs("],\"warnings\":[", out);
        for (size_t i = 0, k = 0; i < riap_ctx_diag_count(ctx); i++) {
            const riap_diag *d = riap_ctx_diag(ctx, i);
            if (riap_diag_severity(d) != RIAP_SEVERITY_WARNING)
                continue;
            if (k++)
                fputc(',', out);
            json_cstr(out, riap_diag_rule(d));
        }
        fputs("],\"error\":null}\n", out);
        riap_free(iso);
        return true;
    }
    if (st != RIAP_OK) {
        print_error_line(out, riap_ctx_last_error(ctx), st);
        return false;
    }
    fputs(iso, out);
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
        const riap_diag *d = riap_ctx_diag(ctx, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_WARNING)
            fprintf(out, "\twarning:%s", riap_diag_rule(d));
    }
    fputc('\n', out);
    riap_free(iso);
    return true;
}

/* Formats one ISO day as era text and prints its line; returns false when it was an error. */
static bool to_era_one(riap_ctx *ctx, const era_opts *o, const char *text, size_t len, FILE *out)
{
    riap_date d;
    char *s = NULL;
    riap_status st = riap_date_parse_iso(&d, ctx, text, len);
    if (st == RIAP_OK)
        st = riap_era_format_day(&s, ctx, &d, o->numeric_year ? RIAP_FORMAT_NUMERIC_YEAR : 0);
    if (o->json) {
        fputs("{\"date\":", out);
        if (st == RIAP_OK)
            fprintf(out, "\"%04d-%02d-%02d\"", (int)d.year, (int)d.month, (int)d.day);
        else
            fputs("null", out);
        fputs(",\"text\":", out);
        json_cstr(out, s);
        fputs(",\"error\":", out);
        if (st == RIAP_OK)
            fputs("null", out);
        else
            json_error(out, riap_ctx_last_error(ctx), st);
        fputs("}\n", out);
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
    size_t n = 0;
    int c;
    bool any = false;
    while ((c = getc(lr->in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (n <= lr->cap)
            lr->buf[n++] = (char)c;
    }
    if (!any)
        return ferror(lr->in) ? -1 : 0;
    if (n > 0 && n <= lr->cap && lr->buf[n - 1] == '\r')
        n--; /* CRLF input */
    *len = n;
    return 1;
}

static int cmd_era(int argc, char **argv)
{
    era_opts o = {false, false, false};
    bool batch = false;
    unsigned int options = 0;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            first = i;
            break;
        }
        if (!strcmp(a, "-b") || !strcmp(a, "--batch"))
            batch = true;
        else if (!strcmp(a, "-s") || !strcmp(a, "--strict"))
            options |= RIAP_OPT_STRICT;
        else if (!strcmp(a, "-j") || !strcmp(a, "--json"))
            o.json = true;
        else if (!strcmp(a, "-e") || !strcmp(a, "--to-era"))
            o.to_era = true;
        else if (!strcmp(a, "-n") || !strcmp(a, "--numeric-year"))
            o.numeric_year = true;
        else if (!strcmp(a, "--lang=ja"))
            options |= RIAP_OPT_LANG_JA;
        else if (!strcmp(a, "--lang=en"))
            options &= ~(unsigned int)RIAP_OPT_LANG_JA;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage_era(stdout);
            return 0;
        } else {
            /* An expression may itself start with '-' or '～'?  Only '-' matters: ask for --. */
            fprintf(stderr,
                    "%s era: unknown option '%s' (use -- before an expression that "
                    "starts with '-')\n",
                    progname, a);
            usage_era(stderr);
            return EXIT_USAGE;
        }
    }
    if (batch == (first < argc)) {
        fprintf(stderr,
                batch ? "%s era: --batch reads standard input and takes no arguments\n"
                      : "%s era: no expression given\n",
                progname);
        usage_era(stderr);
        return EXIT_USAGE;
    }
    if (o.numeric_year && !o.to_era) {
        fprintf(stderr, "%s era: --numeric-year goes with --to-era\n", progname);
        return EXIT_USAGE;
    }
    riap_ctx *ctx = NULL;
    riap_status st = riap_ctx_new(&ctx);
    if (st != RIAP_OK) {
        fprintf(stderr, "%s: %s\n", progname, riap_status_message(st));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++)
        fprintf(stderr, "%s: warning: %s\n", progname, riap_diag_message(riap_ctx_diag(ctx, i)));
    riap_ctx_set_options(ctx, options);
    bool all_ok = true;
    int rc = 0;
    if (batch) {
        line_reader lr = {stdin, NULL, RIAP_ERA_MAX_INPUT};
        lr.buf = malloc(lr.cap + 1);
        if (!lr.buf) {
            fprintf(stderr, "%s: out of memory\n", progname);
            riap_ctx_free(ctx);
            return EXIT_USAGE;
        }
        size_t len;
        int got;
        while ((got = read_line(&lr, &len)) > 0) {
            bool ok = o.to_era ? to_era_one(ctx, &o, lr.buf, len, stdout)
                               : era_one(ctx, &o, lr.buf, len, stdout);
            all_ok = all_ok && ok;
        }
        if (got < 0) {
            fprintf(stderr, "%s: reading standard input: %s\n", progname, strerror(errno));
            rc = EXIT_USAGE;
        }
        free(lr.buf);
    } else {
        for (int i = first; i < argc; i++) {
            bool ok = o.to_era ? to_era_one(ctx, &o, argv[i], strlen(argv[i]), stdout)
                               : era_one(ctx, &o, argv[i], strlen(argv[i]), stdout);
            all_ok = all_ok && ok;
        }
    }
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: writing standard output: %s\n", progname, strerror(errno));
        return EXIT_USAGE;
    }
    if (rc)
        return rc;
    return all_ok ? 0 : EXIT_INVALID;
}

/* ---- validate ---- */

static void usage_validate(FILE *f)
{
    fprintf(f,
            "Usage: %s validate [--strict] [--json] [--lang=ja|en] FILE...\n"
            "Check plan files against the schema and every semantic rule. Each problem is\n"
            "printed as FILE:LINE:COL: error|warning: message [rule-id], sorted by position,\n"
            "then one summary line per file.\n"
            "\n"
            "Options:\n"
            "  -s, --strict       report warnings as errors\n"
            "  -j, --json         print one JSON object per file\n"
            "      --stream       read in bounded memory, one plan at a time (for files of any\n"
            "                     size; a plan over 8 MiB gets the schema check only)\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 every file valid, 1 some file invalid, 2 a file could not be read or\n"
            "a usage error.\n",
            progname);
}

static const char *severity_name(riap_severity s)
{
    return s == RIAP_SEVERITY_ERROR ? "error" : s == RIAP_SEVERITY_WARNING ? "warning" : "note";
}

static void print_report_text(FILE *out, const char *file, const riap_report *r)
{
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file, riap_diag_line(d), riap_diag_column(d),
                severity_name(riap_diag_severity(d)), riap_diag_message(d), riap_diag_rule(d));
    }
}

static void print_report_json(FILE *out, const char *file, const riap_report *r)
{
    fputs("{\"file\":", out);
    json_cstr(out, file);
    fprintf(out, ",\"valid\":%s,\"errors\":%zu,\"warnings\":%zu,\"diagnostics\":[",
            riap_report_error_count(r) ? "false" : "true", riap_report_error_count(r),
            riap_report_warning_count(r));
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const riap_diag *d = riap_report_get(r, i);
        fputs(i ? ",{\"rule\":" : "{\"rule\":", out);
        json_cstr(out, riap_diag_rule(d));
        fprintf(out, ",\"severity\":\"%s\",\"line\":%u,\"column\":%u,\"path\":",
                severity_name(riap_diag_severity(d)), riap_diag_line(d), riap_diag_column(d));
        json_cstr(out, riap_diag_path(d));
        fputs(",\"message\":", out);
        json_cstr(out, riap_diag_message(d));
        fputc('}', out);
    }
    fputs("]}\n", out);
}

/* Parses the options shared by validate and normalize; returns the index of the first file or
 * -1 after printing a usage error, -2 after --help. */
static int common_options(int argc, char **argv, unsigned int *options, bool *json,
                          void (*usage)(FILE *))
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return i + 1;
        if (a[0] != '-' || a[1] == '\0')
            return i;
        if (!strcmp(a, "-s") || !strcmp(a, "--strict"))
            *options |= RIAP_OPT_STRICT;
        else if (json && (!strcmp(a, "-j") || !strcmp(a, "--json")))
            *json = true;
        else if (!strcmp(a, "--lang=ja"))
            *options |= RIAP_OPT_LANG_JA;
        else if (!strcmp(a, "--lang=en"))
            *options &= ~(unsigned int)RIAP_OPT_LANG_JA;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return -2;
        } else {
            return i; /* the caller knows more options, or reports this one */
        }
    }
    return i;
}

static int cmd_validate(int argc, char **argv)
{
    unsigned int options = 0;
    bool json = false, streaming = false;
    int first = common_options(argc, argv, &options, &json, usage_validate);
    if (first == -2)
        return 0;
    while (first < argc && !strcmp(argv[first], "--stream")) {
        streaming = true;
        int more = common_options(argc - first, argv + first, &options, &json, usage_validate);
        if (more == -2)
            return 0;
        first += more;
    }
    if (first >= argc ||
        (argv[first][0] == '-' && argv[first][1] && strcmp(argv[first - 1], "--"))) {
        if (first < argc)
            fprintf(stderr, "%s validate: unknown option '%s'\n", progname, argv[first]);
        else
            fprintf(stderr, "%s validate: no file given\n", progname);
        usage_validate(stderr);
        return EXIT_USAGE;
    }
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return EXIT_USAGE;
    riap_ctx_set_options(ctx, options);
    int rc = 0;
    for (int i = first; i < argc; i++) {
        riap_report *r = NULL;
        riap_status st = streaming ? riap_validate_stream_file(&r, ctx, argv[i])
                                   : riap_validate_file(&r, ctx, argv[i]);
        if (st != RIAP_OK) {
            const riap_diag *d = riap_ctx_last_error(ctx);
            fprintf(stderr, "%s: %s: %s\n", progname, argv[i],
                    d ? riap_diag_message(d) : riap_status_message(st));
            if (json) {
                fputs("{\"file\":", stdout);
                json_cstr(stdout, argv[i]);
                fputs(",\"valid\":false,\"error\":", stdout);
                json_error(stdout, d, st);
                fputs("}\n", stdout);
            }
            rc = EXIT_USAGE;
            continue;
        }
        if (json) {
            print_report_json(stdout, argv[i], r);
        } else {
            print_report_text(stdout, argv[i], r);
            size_t e = riap_report_error_count(r), w = riap_report_warning_count(r);
            if (e == 0)
                printf("%s: valid (%zu warning%s)\n", argv[i], w, w == 1 ? "" : "s");
            else
                printf("%s: invalid (%zu error%s, %zu warning%s)\n", argv[i], e, e == 1 ? "" : "s",
                       w, w == 1 ? "" : "s");
        }
        if (riap_report_error_count(r) && rc == 0)
            rc = EXIT_INVALID;
        riap_report_free(r);
    }
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return rc;
}

/* ---- normalize ---- */

static void usage_normalize(FILE *f)
{
    fprintf(f,
            "Usage: %s normalize [-o OUT | --in-place] FILE\n"
            "Write FILE in its canonical form, normalized: full-width ASCII letters and digits\n"
            "to ASCII, half-width katakana to full-width, white space trimmed and folded,\n"
            "period days filled in from the period text. Normalizing twice changes nothing.\n"
            "The changes are listed on standard error.\n"
            "\n"
            "Options:\n"
            "  -o, --output OUT   write to OUT (atomically) instead of standard output\n"
            "  -i, --in-place     replace FILE (atomically)\n"
            "  -q, --quiet        do not list the changes\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 written, 1 FILE is not a valid plan document, 2 a file could not be\n"
            "read or written, or a usage error.\n",
            progname);
}

static int cmd_normalize(int argc, char **argv)
{
    unsigned int options = 0;
    const char *out_path = NULL;
    bool in_place = false, quiet = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        int k = common_options(argc - i + 1, argv + i - 1, &options, NULL, usage_normalize);
        if (k == -2)
            return 0;
        const char *a = argv[i];
        if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            out_path = argv[++i];
        } else if (!strcmp(a, "-i") || !strcmp(a, "--in-place")) {
            in_place = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "--lang=ja") || !strcmp(a, "--lang=en")) {
            /* taken by common_options */
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s normalize: unknown option '%s'\n", progname, a);
            usage_normalize(stderr);
            return EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "%s normalize: one file at a time\n", progname);
            return EXIT_USAGE;
        }
    }
    if (!file || (out_path && in_place)) {
        fprintf(stderr,
                file ? "%s normalize: -o and --in-place exclude each other\n"
                     : "%s normalize: no file given\n",
                progname);
        usage_normalize(stderr);
        return EXIT_USAGE;
    }
    riap_ctx *ctx = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return EXIT_USAGE;
    riap_ctx_set_options(ctx, options);
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
    if (st == RIAP_OK && !quiet)
        print_report_text(stderr, file, changes);
    int rc = 0;
    if (st == RIAP_OK) {
        if (in_place || out_path) {
            st = riap_doc_save_file(ctx, doc, in_place ? file : out_path);
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
        fprintf(stderr, "%s: %s\n", progname, d ? riap_diag_message(d) : riap_status_message(st));
        rc = EXIT_USAGE;
    }
    riap_report_free(changes);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    if (fflush(stdout) != 0)
        rc = EXIT_USAGE;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        usage_main(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("riap %s (libriap %s)\n", RIAP_VERSION_STRING, riap_version_string());
        return 0;
    }
    if (!strcmp(cmd, "era"))
        return cmd_era(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate"))
        return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "normalize"))
        return cmd_normalize(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", progname, cmd);
    usage_main(stderr);
    return EXIT_USAGE;
}
