/* SPDX-License-Identifier: MIT */
/* save: writing a file so that nothing is lost or clobbered.
 *
 *  - What is not a regular file (a device such as /dev/null, a FIFO, a terminal, /dev/stdout on
 *    a pipe) is written into, never renamed over; a FIFO nobody reads is an error, not a hang.
 *  - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are written at the descriptor,
 *    whatever it is open on (a file under >> keeps what it held).
 *  - A regular file is replaced atomically: a temporary file in the same directory, written,
 *    synced, given the old file's owner and mode, then renamed over it. A symbolic link is
 *    followed: its target is replaced, and the link stays a link.
 *  - What cannot be kept is refused before anything changes: a file with other hard links
 *    (renaming would split them), an owner the process cannot give the new file (so setuid and
 *    setgid bits never survive onto a file whose owner changed), a link to nothing.
 *  - While the temporary file exists, the calling thread blocks SIGINT, SIGTERM, SIGHUP and
 *    SIGQUIT: a signal that arrives then is delivered once the file is renamed or removed, so
 *    a program stopped that way leaves the old file or the new one, and no temporary file.
 *    (SIGKILL cannot be blocked: then the temporary file, ".NAME.riap-" and six random
 *    characters, remains,
 *    and the original is intact.) */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include "core_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

static riap_status save_error(riap_ctx *ctx, const char *path, int err)
{
    riap__ctx_diag(ctx, "io", RIAP_SEVERITY_ERROR, -1, 0, 0, "cannot write '%s': %s",
                   "「%s」に書き込めません: %s", path, strerror(err));
    return RIAP_ERR_IO;
}

static riap_status refuse(riap_ctx *ctx, const char *path, const char *why_en, const char *why_ja)
{
    /* both formats take both reasons; each prints its own (%.0s prints nothing) */
    riap__ctx_diag(ctx, "io", RIAP_SEVERITY_ERROR, -1, 0, 0, "not writing '%s': %s%.0s",
                   "「%s」には書き込みません: %.0s%s", path, why_en, why_ja);
    return RIAP_ERR_IO;
}

static int write_all(int fd, const char *data, size_t n)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        off += (size_t)w;
    }
    return 0;
}

/* Writes into what is there (a device, a FIFO): no temporary file, no rename, no truncation. */
static riap_status write_through(riap_ctx *ctx, const char *path, const char *data, size_t n)
{
    /* O_NONBLOCK: a FIFO without a reader fails with ENXIO instead of blocking forever */
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENXIO)
            return refuse(ctx, path, "no process is reading from it",
                          "読み出しているプロセスがありません");
        return save_error(ctx, path, errno);
    }
    int flags = fcntl(fd, F_GETFL);
    int err = 0;
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
        err = errno;
    if (!err)
        err = write_all(fd, data, n);
    if (close(fd) != 0 && !err && errno != EINTR)
        err = errno;
    return err ? save_error(ctx, path, err) : RIAP_OK;
}

/* The descriptor of this process that path names (/dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N), or -1. Through such a name the file behind the descriptor is reached by the
 * kernel's links: opening it anew would truncate what `>>` appends to, and renaming over its
 * target would replace a file the caller only lent its descriptor for. */
static int named_descriptor(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    static const char *const dirs[] = {"/dev/fd/", "/proc/self/fd/"};
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        size_t l = strlen(dirs[k]), d = 0;
        if (strncmp(path, dirs[k], l) != 0)
            continue;
        long fd = 0;
        for (; path[l + d] >= '0' && path[l + d] <= '9' && d < 9; d++)
            fd = fd * 10 + (path[l + d] - '0');
        return d > 0 && path[l + d] == '\0' ? (int)fd : -1;
    }
    return -1;
}

/* Writes at the place of one of this process's descriptors, as the shell's redirection set it
 * (its offset, its append mode): nothing is truncated or renamed. */
static riap_status write_descriptor(riap_ctx *ctx, const char *path, int fd, const char *data,
                                    size_t n)
{
    if (fd == STDOUT_FILENO || fd == STDERR_FILENO) /* after what the program printed there */
        fflush(fd == STDOUT_FILENO ? stdout : stderr);
    int err = write_all(fd, data, n);
    return err ? save_error(ctx, path, err) : RIAP_OK;
}

/* The temporary file's name: ".NAME.riap-" and mkstemp's six characters, beside target, NAME cut
 * (at a UTF-8 character boundary) so that the whole stays within NAME_MAX bytes. */
static char *temp_name(const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dirlen;
    size_t blen = strlen(base);
    const size_t extra = 1 + 6 + 6; /* the leading ".", ".riap-", six random characters */
    if (blen > NAME_MAX - extra) {
        blen = NAME_MAX - extra;
        while (blen > 0 && ((unsigned char)base[blen] & 0xC0) == 0x80)
            blen--;
    }
    char *t = riap__malloc(dirlen + blen + extra + 1);
    if (!t)
        return NULL;
    memcpy(t, target, dirlen);
    t[dirlen] = '.';
    memcpy(t + dirlen + 1, base, blen);
    memcpy(t + dirlen + 1 + blen, ".riap-", 6);
    memset(t + dirlen + 1 + blen + 6, 'X', 6); /* mkstemp's template */
    t[dirlen + 1 + blen + 12] = '\0';
    return t;
}

/* Syncs the directory of path, so that the rename itself is on disk; best effort. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (slash) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        dir = riap__malloc(n + 1);
        if (!dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    riap__free(dir);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Replaces the regular file target (or creates it) atomically. `old` is its stat, or NULL for
 * a new file. */
static riap_status replace(riap_ctx *ctx, const char *path, const char *target,
                           const struct stat *old, const char *data, size_t n)
{
    char *tmp = temp_name(target);
    if (!tmp)
        return RIAP_ERR_NOMEM;
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &block, &saved);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
        riap__free(tmp);
        riap__ctx_diag(ctx, "io", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "cannot create a temporary file beside '%s': %s",
                       "「%s」と同じ場所に一時ファイルを作れません: %s", path, strerror(err));
        return RIAP_ERR_IO;
    }
    int err = 0;
    riap_status st = RIAP_OK;
    if (old && (old->st_uid != geteuid() || old->st_gid != getegid()) &&
        fchown(fd, old->st_uid, old->st_gid) != 0) {
        /* the new file would change owner: refuse, rather than change it (and never carry
         * setuid or setgid bits over to another owner) */
        st = refuse(ctx, path,
                    "its owner or group cannot be kept (replacing it needs the right to give "
                    "the new file the same owner)",
                    "所有者またはグループを保てません");
    }
    /* a new file gets rw-r--r--; fchmod after fchown, which clears setuid and setgid */
    if (st == RIAP_OK && fchmod(fd, old ? (old->st_mode & 07777) : 0644) != 0)
        err = errno;
    if (st == RIAP_OK && !err)
        err = write_all(fd, data, n);
    if (st == RIAP_OK && !err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err && st == RIAP_OK && errno != EINTR)
        err = errno;
    if (st == RIAP_OK && !err && rename(tmp, target) != 0)
        err = errno;
    if (st != RIAP_OK || err)
        unlink(tmp);
    else
        sync_dir(target);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    riap__free(tmp);
    if (st == RIAP_OK && err)
        st = save_error(ctx, path, err);
    return st;
}

riap_status riap__save_file(riap_ctx *ctx, const char *path, const char *data, size_t n)
{
    struct stat st, lst;
    int fd = named_descriptor(path);
    if (fd >= 0 && fcntl(fd, F_GETFL) != -1)
        return write_descriptor(ctx, path, fd, data, n);
    if (stat(path, &st) != 0) {
        int err = errno;
        if (err == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            return refuse(ctx, path, "it is a symbolic link to a file that does not exist",
                          "存在しないファイルへのシンボリックリンクです");
        if (err != ENOENT)
            return save_error(ctx, path, err);
        return replace(ctx, path, path, NULL, data, n); /* a new file */
    }
    if (S_ISDIR(st.st_mode))
        return save_error(ctx, path, EISDIR);
    if (!S_ISREG(st.st_mode))
        return write_through(ctx, path, data, n);
    if (st.st_nlink > 1)
        return refuse(ctx, path,
                      "it has other hard links, which replacing it would separate from it",
                      "ほかのハードリンクがあり、置き換えるとリンクが切れます");
    /* a symbolic link (or a path through one): replace its target, so the link stays */
    char *target = NULL;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        target = realpath(path, NULL);
        if (!target)
            return save_error(ctx, path, errno);
    }
    riap_status rs = replace(ctx, path, target ? target : path, &st, data, n);
    free(target); /* realpath's, from malloc */
    return rs;
}
