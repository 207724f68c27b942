/* SPDX-License-Identifier: MIT */
/* riap era: era expressions to Gregorian ranges and back, in batch, and every date in a
 * text (--scan). */
#define _DEFAULT_SOURCE 1 /* DT_* of readdir, strdup */
#include "tool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
        printf("\t%s", iso ? iso : ""); /* FILE:LINE:COL: TEXT<TAB>START/END, then */
        print_warnings(stdout, ctx);    /* <TAB>warning:RULE as riap era prints them */
        putchar('\n');
    } else {
        const riap_diag *d = riap_ctx_last_error(ctx);
        printf("%s:%llu:%llu: error: %s: %s\n", name, line, col, d ? riap_diag_rule(d) : "internal",
               d ? riap_diag_message(d) : riap_status_message(st));
    }
    riap_free(iso);
    return st == RIAP_OK;
}

/* --scan: every date in one file ('-': standard input), gcc style or JSON. The whole text is
 * read and decoded first (UTF-8, UTF-16 with a byte-order mark, Shift_JIS, EUC-JP), so that no
 * match depends on how it was read; columns count the characters of the decoded text. Returns
 * 0, or 2 when the file could not be read or decoded; clears *all_ok at an invalid date. */
static int scan_file(riap_ctx *ctx, riap_era_match *m, const cli *c, const char *path, bool *all_ok)
{
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    size_t raw_len = 0;
    char *raw = read_all("era", path, &raw_len);
    if (!raw)
        return EXIT_USAGE;
    char *text = NULL;
    size_t len = 0;
    riap_status st = riap_era_decode_text(&text, &len, ctx, raw, raw_len, c->encoding, NULL);
    free(raw);
    if (st != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        fprintf(stderr, "%s era: %s: %s: %s\n", progname, name, d ? riap_diag_rule(d) : "io",
                d ? riap_diag_message(d) : riap_status_message(st));
        return EXIT_USAGE;
    }
    unsigned long long line = 1, col = 1;
    size_t at = 0, counted = 0;
    while (riap_era_find(m, ctx, text, len, at) == RIAP_OK && riap_era_match_found(m)) {
        size_t off = riap_era_match_offset(m);
        for (; counted < off; counted++) {
            unsigned char b = (unsigned char)text[counted];
            if (b == '\n' || (b == '\r' && (counted + 1 == len || text[counted + 1] != '\n')))
                line++, col = 1; /* LF, CRLF and a lone CR each end a line */
            else if ((b & 0xC0) != 0x80)
                col++;
        }
        if (!scan_print(ctx, m, c, name, text, line, col, 0))
            *all_ok = false;
        at = off + riap_era_match_length(m);
    }
    riap_free(text);
    return 0;
}

/* The names --scan -r reads below a directory: text, in any case. */
static bool is_text_name(const char *path)
{
    static const char *const suffixes[] = {".txt", ".text", ".md",   ".csv",
                                           ".tsv", ".xml",  ".html", ".htm"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && !strcasecmp(path + n - k, suffixes[i]))
            return true;
    }
    return false;
}

/* --scan over the operands (standard input without one), directories under -r. */
static int scan_files(riap_ctx *ctx, riap_era_match *m, const cli *c, bool *all_ok)
{
    if (c->noperands == 0)
        return scan_file(ctx, m, c, "-", all_ok);
    file_list fl = {0};
    int rc = 0;
    static const char *const kind[2] = {
        "text files (*.txt, *.text, *.md, *.csv, *.tsv, *.xml, *.html, *.htm)",
        "テキストファイル（*.txt, *.text, *.md, *.csv, *.tsv, *.xml, *.html, *.htm）"};
    if (collect_files(&fl, c, is_text_name, "scan the text files in it", kind) != 0) {
        fprintf(stderr, "%s era: out of memory\n", progname);
        file_list_free(&fl);
        return EXIT_USAGE;
    }
    print_skipped(&fl, c, "era");
    /* a file that cannot be read or decoded is told, and the others are still scanned */
    for (size_t i = 0; i < fl.n; i++) {
        int r;
        if (fl.problems[i]) {
            fprintf(stderr, "%s era: %s\n", progname, fl.problems[i]);
            r = EXIT_USAGE;
        } else {
            r = scan_file(ctx, m, c, fl.paths[i], all_ok);
        }
        if (r > rc)
            rc = r;
    }
    file_list_free(&fl);
    return rc;
}

void help_era(FILE *f)
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
            "  -r, --recursive     with --scan: scan the text files (*.txt, *.text, *.md, *.csv,\n"
            "                      *.tsv, *.xml, *.html, *.htm) below each directory, in name\n"
            "                      order\n"
            "  -v, --verbose       with -r: list what was passed over, and why\n"
            "      --encoding=NAME with --scan: the FILEs' encoding, UTF-8, UTF-16, Shift_JIS\n"
            "                      or EUC-JP (default: detected); columns count characters\n"
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

int cmd_era(cli *c)
{
    const command *self = find_command("era");
    if (c->batch && c->noperands > 0)
        return usage_error(self, "%s", "--batch reads standard input and takes no arguments");
    if (c->scan && (c->batch || c->to_era))
        return usage_error(self, "%s", "--scan goes with neither --batch nor --to-era");
    if (!c->batch && !c->scan && c->noperands == 0)
        return usage_error(self, "%s", c->to_era ? "no date given" : "no expression given");
    if (c->encoding && !c->scan)
        return usage_error(self, "%s", "--encoding goes with --scan");
    if (c->recursive && !c->scan)
        return usage_error(self, "%s", "--recursive goes with --scan");
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
        rc = scan_files(ctx, m, c, &all_ok);
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
