/* SPDX-License-Identifier: MIT */
/* The files a command works on: its operands in order and, under -r, the files below each
 * directory that the command wants, in byte order of their names, depth first. A directory
 * without -r, or one that cannot be read, is a problem to report in its place. */
#include "tool.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Notes, under -v, a path the walk passes over and why (in English and in Japanese). */
static int skip(file_list *fl, const cli *c, const char *path, const char *en, const char *ja_why)
{
    if (!c->verbose)
        return 0;
    if (fl->n_skipped == fl->cap_skipped) {
        size_t cap = fl->cap_skipped ? 2 * fl->cap_skipped : 16;
        char **p = realloc(fl->skipped, cap * sizeof *p);
        if (!p)
            return -1;
        fl->skipped = p;
        fl->cap_skipped = cap;
    }
    size_t n = strlen(path) + strlen(en) + strlen(ja_why) + 64;
    char *m = malloc(n);
    if (!m)
        return -1;
    if (ja(c))
        snprintf(m, n, "%s: 読み飛ばしました（%s）", path, ja_why);
    else
        snprintf(m, n, "%s: skipped (%s)", path, en);
    fl->skipped[fl->n_skipped++] = m;
    return 0;
}

/* Walks dir (a directory named on the command line or found below one). Symbolic links met
 * inside are followed to files, never to directories, so a walk always ends. */
static int walk(file_list *fl, const cli *c, const char *dir, int depth, bool (*want)(const char *),
                const char *const kind[2])
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
        bool link = S_ISLNK(st.st_mode), is_file = S_ISREG(st.st_mode), broken = false;
        if (link && stat(p, &st) == 0)
            is_file = S_ISREG(st.st_mode);
        else if (link)
            broken = true; /* a link to nothing, or a loop: reading it says why, in its place */
        if (S_ISDIR(st.st_mode) && !link && depth < 64) {
            rc = walk(fl, c, p, depth + 1, want, kind);
        } else if (S_ISDIR(st.st_mode)) {
            rc = link ? skip(fl, c, p, "a symbolic link to a directory",
                             "ディレクトリへのシンボリックリンクです")
                      : skip(fl, c, p, "more than 64 directories deep",
                             "64 段より深いディレクトリです");
        } else if (!want(p)) {
            char en[160], jw[160];
            snprintf(en, sizeof en, "not one of the %s", kind[0]);
            snprintf(jw, sizeof jw, "%sではありません", kind[1]);
            rc = skip(fl, c, p, en, jw);
        } else if (!is_file && !broken) {
            rc = skip(fl, c, p, "not a regular file", "通常のファイルではありません");
        } else if (add_path(fl, p, NULL) == 0) {
            continue;
        } else {
            rc = -1;
        }
        free(p);
    }
    free(names);
    return rc;
}

int collect_files(file_list *fl, const cli *c, bool (*want)(const char *), const char *use_r,
                  const char *const kind[2])
{
    for (int i = 0; i < c->noperands; i++) {
        const char *a = c->operands[i];
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (c->recursive) {
                if (walk(fl, c, a, 0, want, kind) != 0)
                    return -1;
                continue;
            }
            char *p = strdup(a);
            char what[256];
            snprintf(what, sizeof what, "is a directory (use -r to %s)", use_r);
            char *m = format_problem(what, a, 0);
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

void print_skipped(const file_list *fl, const cli *c, const char *cmd)
{
    if (!c->verbose)
        return;
    for (size_t i = 0; i < fl->n_skipped; i++)
        fprintf(stderr, "%s %s: %s\n", progname, cmd, fl->skipped[i]);
}

void file_list_free(file_list *fl)
{
    for (size_t i = 0; i < fl->n_skipped; i++)
        free(fl->skipped[i]);
    free(fl->skipped);
    for (size_t i = 0; i < fl->n; i++) {
        free(fl->paths[i]);
        free(fl->problems[i]);
    }
    free(fl->paths);
    free(fl->problems);
}

typedef struct placed {
    const riap_diag *d;
    size_t i; /* the order it was raised in */
} placed;

static int by_position(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    uint32_t lx = riap_diag_line(x->d), ly = riap_diag_line(y->d);
    uint32_t cx = riap_diag_column(x->d), cy = riap_diag_column(y->d);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int load_operand(riap_ctx *ctx, const char *cmd, const char *file, riap_doc **doc)
{
    riap_status st;
    *doc = NULL;
    if (!strcmp(file, "-")) {
        size_t len = 0;
        char *text = read_all(cmd, file, &len);
        if (!text)
            return EXIT_USAGE;
        st = riap_doc_load_memory(doc, ctx, text, len);
        free(text);
    } else {
        st = riap_doc_load_file(doc, ctx, file);
    }
    if (st == RIAP_OK)
        return 0;
    size_t n = riap_ctx_diag_count(ctx);
    placed *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = (placed){riap_ctx_diag(ctx, i), i};
    if (v)
        qsort(v, n, sizeof *v, by_position);
    for (size_t i = 0; i < n; i++) { /* in the raising order if memory ran out */
        const riap_diag *d = v ? v[i].d : riap_ctx_diag(ctx, i);
        fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", strcmp(file, "-") ? file : "<stdin>",
                riap_diag_line(d), riap_diag_column(d), severity_name(riap_diag_severity(d)),
                riap_diag_message(d), riap_diag_rule(d));
    }
    free(v);
    return st == RIAP_ERR_IO || st == RIAP_ERR_NOMEM ? EXIT_USAGE : EXIT_INVALID;
}
