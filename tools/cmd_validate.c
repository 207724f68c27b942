/* SPDX-License-Identifier: MIT */
/* riap validate: files and directories checked in parallel (--jobs), printed in order. */
#define _DEFAULT_SOURCE 1 /* DT_* of readdir, strdup, MADV_HUGEPAGE */
#include "config.h"

#include "tool.h"

#include <dirent.h>
#if defined(HAVE_MALLOC_H)
#include <malloc.h>
#endif
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- validate */

void help_validate(FILE *f)
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
            "                     which riap normalize folds), and what -r passed over\n"
            "  -q, --quiet        print only the problems: no line per file, no summary\n"
            "      --lang=ja|en   language of the messages (default en)\n"
            "      --list-rules   list the rules (as riap rules does) and exit\n"
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

/* The files to validate: the operands, and under -r the *.xml files below each directory. */
static bool has_xml_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcasecmp(name + n - 4, ".xml");
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

#if defined(__linux__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD) &&                \
    defined(MADV_HUGEPAGE)
#define HEAP_PIECE (16u << 20) /* below glibc's largest mmap threshold (32 MiB) */
#define HEAP_PIECES_MAX 64
/* A whole-document validation builds a model of about twice the file's size in small pieces,
 * and a fresh page of it costs a fault: for a large file, the heap is grown first and advised
 * for transparent huge pages, as glibc does under GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (13 %
 * of a 100 MB file's validation). The pieces are given back to malloc, which keeps them (its
 * trim threshold raised) for the model. Where the kernel gives no huge pages on advice, or glibc
 * places the pieces elsewhere, nothing changes but that. */
static void prepare_heap(uint64_t bytes)
{
    size_t n = (size_t)(bytes / HEAP_PIECE) + 1;
    if (n > HEAP_PIECES_MAX)
        n = HEAP_PIECES_MAX;
    if (!mallopt(M_MMAP_THRESHOLD, (int)HEAP_PIECE + 4096) ||
        !mallopt(M_TRIM_THRESHOLD, (int)(n * HEAP_PIECE) + (64 << 20)))
        return;
    void *piece[HEAP_PIECES_MAX];
    size_t page = (size_t)sysconf(_SC_PAGESIZE), got = 0;
    for (; got < n && (piece[got] = malloc(HEAP_PIECE)); got++) {
        uintptr_t from = ((uintptr_t)piece[got] + page - 1) & ~(uintptr_t)(page - 1);
        uintptr_t to = ((uintptr_t)piece[got] + HEAP_PIECE) & ~(uintptr_t)(page - 1);
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
    }
    while (got)
        free(piece[--got]);
}

/* The largest regular file among the operands (0: none, or standard input). */
static uint64_t largest_file(const file_list *fl)
{
    uint64_t max = 0;
    struct stat sb;
    for (size_t i = 0; i < fl->n; i++)
        if (strcmp(fl->paths[i], "-") != 0 && stat(fl->paths[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
            (uint64_t)sb.st_size > max)
            max = (uint64_t)sb.st_size;
    return max;
}
#endif

int cmd_validate(cli *c)
{
    const command *self = find_command("validate");
    if (c->list_rules) /* the one table of rules, as riap rules prints it */
        return c->noperands ? usage_error(self, "%s", "--list-rules takes no file") : cmd_rules(c);
    if (c->noperands == 0)
        return usage_error(self, "%s", "no file given");
    riap_ctx *ctx = open_ctx(c, true); /* reports the environment once, and proves setup works */
    if (!ctx)
        return EXIT_USAGE;
    riap_ctx_free(ctx);
    file_list fl = {0};
    vresult *res = NULL;
    int rc = 0;
    static const char *const kind[2] = {"*.xml files", "*.xml ファイル"};
    if (collect_files(&fl, c, has_xml_suffix, "validate the *.xml files in it", kind) != 0 ||
        !(res = calloc(fl.n ? fl.n : 1, sizeof *res))) {
        fprintf(stderr, "%s validate: out of memory\n", progname);
        rc = EXIT_USAGE;
        goto done;
    }
    print_skipped(&fl, c, "validate");
#if defined(HEAP_PIECE)
    uint64_t largest = c->stream ? 0 : largest_file(&fl);
    if (largest >= 32u << 20)
        prepare_heap(2 * largest);
#endif
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
            fprintf(stderr, "%zu ファイル: 有効 %zu、無効 %zu。エラー %zu 件、警告 %zu 件\n", fl.n,
                    tally.nvalid, tally.ninvalid, tally.nerrors, tally.nwarnings);
        else
            fprintf(stderr, "%zu %s: %zu valid, %zu invalid; %zu %s, %zu %s\n", fl.n,
                    plural(fl.n, "file", "files"), tally.nvalid, tally.ninvalid, tally.nerrors,
                    plural(tally.nerrors, "error", "errors"), tally.nwarnings,
                    plural(tally.nwarnings, "warning", "warnings"));
    }
done:
    file_list_free(&fl);
    free(res);
    return rc;
}
