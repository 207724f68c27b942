/* SPDX-License-Identifier: MIT */
/* riap normalize, import, export and rules: one document in, one out. */
#define _DEFAULT_SOURCE 1 /* DT_* of readdir, strdup */
#include "tool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- normalize */

void help_normalize(FILE *f)
{
    fprintf(f,
            "Usage: %s normalize [OPTION]... FILE\n"
            "Write FILE in its canonical form, normalized: full-width ASCII letters and digits\n"
            "to ASCII, half-width katakana to full-width, lines joined (without a space\n"
            "between Japanese characters, with one between Latin words), white space trimmed\n"
            "and folded, period days filled in from the period text. Normalizing twice\n"
            "changes nothing. Comments and processing instructions are kept. With FILE '-',\n"
            "standard input; -o - is standard output.\n"
            "How many items changed is said on standard error; -v lists them.\n"
            "\n"
            "Options:\n"
            "  -o, --output=OUT     write to OUT (atomically) instead of standard output\n"
            "  -i, --in-place       replace FILE (atomically)\n"
            "  -v, --verbose        list each change: the item, its folds, before and after\n"
            "  -q, --quiet          say nothing of the changes\n"
            "      --drop-comments  drop the comments and processing instructions\n"
            "      --lang=ja|en     language of the messages (default en)\n"
            "  -h, --help           show this help and exit\n"
            "\n"
            "Exit status: 0 written, 1 FILE cannot be read as a plan document (not well-formed\n"
            "XML, or not valid against the schema; nothing is written), 2 a file could not be\n"
            "read or written, or a usage error. The errors of the plan rules that riap validate\n"
            "checks beyond the schema do not stop normalize: such a file is normalized and\n"
            "written, exit 0.\n",
            progname);
}

/* What normalize changed, in one line: "FILE: normalized 3 texts, 1 period; dropped 2
 * comments (-v lists them)", or "FILE: nothing to normalize". */
static void print_change_summary(const cli *c, const char *file, const riap_report *r)
{
    size_t texts = 0, periods = 0, dropped = 0;
    for (size_t i = 0; i < riap_report_count(r); i++) {
        const char *rule = riap_diag_rule(riap_report_get(r, i));
        texts += !strcmp(rule, "normalized-text");
        periods += !strcmp(rule, "normalized-period");
        dropped += !strcmp(rule, "normalized-comment");
    }
    if (!texts && !periods && !dropped) {
        fprintf(stderr,
                ja(c) ? "%s: 正規化で変わるものはありません\n" : "%s: nothing to normalize\n",
                file);
        return;
    }
    if (ja(c))
        fprintf(
            stderr,
            "%s: 正規化: テキスト %zu 件、計画期間 %zu 件; 削除したコメント・処理命令 %zu 件%s\n",
            file, texts, periods, dropped, c->verbose ? "" : " (-v で一覧)");
    else
        fprintf(stderr, "%s: normalized %zu %s, %zu %s; dropped %zu %s%s\n", file, texts,
                plural(texts, "text", "texts"), periods, plural(periods, "period", "periods"),
                dropped, plural(dropped, "comment or PI", "comments or PIs"),
                c->verbose ? "" : " (-v lists them)");
}

int cmd_normalize(cli *c)
{
    const command *self = find_command("normalize");
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    if (c->noperands > 1)
        return usage_error(self, "one file at a time ('%s' is one more)", c->operands[1]);
    if (c->output && c->in_place)
        return usage_error(self, "%s", "--output and --in-place exclude each other");
    const char *file = c->operands[0];
    if (c->in_place && !strcmp(file, "-"))
        return usage_error(self, "%s", "--in-place cannot replace standard input");
    riap_ctx *ctx = open_ctx(c, true);
    if (!ctx)
        return EXIT_USAGE;
    riap_doc *doc = NULL;
    int rc = load_operand(ctx, "normalize", file, &doc);
    if (rc != 0) {
        riap_ctx_free(ctx);
        return rc;
    }
    const char *name = strcmp(file, "-") ? file : "<stdin>";
    riap_report *changes = NULL;
    riap_status st = riap_normalize(&changes, ctx, doc);
    if (st == RIAP_OK && !c->quiet) {
        print_report_text(stderr, name, changes, c->verbose); /* warnings: a day replaced */
        print_change_summary(c, name, changes);
    }
    if (c->output && !strcmp(c->output, "-"))
        c->output = NULL; /* -o -: standard output */
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

void help_import(FILE *f)
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
            "  -v, --verbose      report notes too (errors and warnings only without it)\n"
            "      --json         report as one JSON object on standard error\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "  -h, --help         show this help and exit\n"
            "\n"
            "Exit status: 0 imported (the document written validates), 1 the text could not be\n"
            "imported (nothing is written), 2 a file could not be read or written, or a usage\n"
            "error.\n",
            progname);
}

int cmd_import(cli *c)
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
            print_report_json(stderr, name, r, c->verbose && !c->quiet);
        else if (c->quiet)
            for (size_t i = 0; i < riap_report_count(r); i++) {
                const riap_diag *d = riap_report_get(r, i);
                if (riap_diag_severity(d) == RIAP_SEVERITY_ERROR)
                    fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", name, riap_diag_line(d),
                            riap_diag_column(d), riap_diag_message(d), riap_diag_rule(d));
            }
        else
            print_report_text(stderr, name, r, c->verbose);
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

void help_export(FILE *f)
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

int cmd_export(cli *c)
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
    int lrc = load_operand(ctx, "export", file, &doc);
    if (lrc != 0) {
        riap_ctx_free(ctx);
        return lrc;
    }
    riap_status st;
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

void help_rules(FILE *f)
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
    const char *sev = severity_name(riap_rule_severity(i));
    if (c->json) {
        riap_json *j = json_writer();
        riap_json_object_begin(j);
        riap_json_key(j, "rule");
        riap_json_cstring(j, riap_rule_id(i));
        riap_json_key(j, "area");
        riap_json_cstring(j, riap_rule_area(i));
        riap_json_key(j, "severity");
        riap_json_cstring(j, sev);
        riap_json_key(j, "description");
        riap_json_cstring(j, desc);
        riap_json_object_end(j);
        json_print(stdout, j);
    } else {
        printf("%s\t%s\t%s\t%s\n", riap_rule_id(i), riap_rule_area(i), sev, desc);
    }
}

int cmd_rules(cli *c)
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
