/* fs.c — local file system access for the storage layer: location URIs, recursive listing
 * of data files (Hive hidden-file rules), mkdir -p, rm -rf and EINTR-safe ranged I/O.
 * Every function reports failures through mn_error with the path and strerror text. */
#include "io/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Length of a URI scheme ("file" in "file:..."), or 0 when s has none. A single letter
 * followed by ':' is not treated as a scheme. */
static size_t scheme_len(const char *s) {
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
    while (s[i] && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (s[i] != ':' || i < 2) return 0;
    return i;
}

int mn_fs_is_local(const char *uri) {
    if (!uri) return 0;
    size_t n = scheme_len(uri);
    return n == 0 || (n == 4 && strncasecmp(uri, "file", 4) == 0);
}

char *mn_fs_local_path(const char *uri, mn_error *err) {
    if (!uri) {
        mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Location is missing");
        return NULL;
    }
    size_t n = scheme_len(uri);
    const char *p = uri;
    if (n > 0) {
        if (!(n == 4 && strncasecmp(uri, "file", 4) == 0)) {
            mn_error_set(err, MN_ERR_NOT_SUPPORTED, "File system for location '%s' is not supported", uri);
            return NULL;
        }
        p = uri + 5;
        if (p[0] == '/' && p[1] == '/') {
            /* authority part: empty or localhost */
            const char *auth = p + 2;
            const char *slash = strchr(auth, '/');
            size_t alen = slash ? (size_t)(slash - auth) : strlen(auth);
            if (alen != 0 && !(alen == 9 && strncasecmp(auth, "localhost", 9) == 0)) {
                mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Remote host in file location '%s' is not supported", uri);
                return NULL;
            }
            p = slash ? slash : "/";
        }
        if (*p == '\0') p = "/";
    }
    char *out = strdup(p);
    if (!out) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
    return out;
}

/* ---- listing ---- */

typedef struct listing {
    mn_file_info *files;
    int n, cap;
    /* directories on the current descent path, to cut symlink cycles */
    dev_t devs[64];
    ino_t inos[64];
    int depth;
} listing;

static int add_file(listing *l, const char *path, int64_t size, mn_error *err) {
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 64;
        mn_file_info *nf = realloc(l->files, (size_t)ncap * sizeof *nf);
        if (!nf) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory listing files");
        l->files = nf;
        l->cap = ncap;
    }
    char *p = strdup(path);
    if (!p) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory listing files");
    l->files[l->n].path = p;
    l->files[l->n].size = size;
    l->n++;
    return 0;
}

static int hidden_name(const char *name) {
    size_t n = strlen(name);
    if (name[0] == '_' || name[0] == '.') return 1;
    if (n >= 9 && strcmp(name + n - 9, "_$folder$") == 0) return 1;
    return 0;
}

static int walk_dir(listing *l, const char *dir, const struct stat *dst, mn_error *err) {
    for (int i = 0; i < l->depth; i++)
        if (l->devs[i] == dst->st_dev && l->inos[i] == dst->st_ino) return 0; /* cycle */
    if (l->depth >= (int)(sizeof l->devs / sizeof l->devs[0]))
        return mn_error_set(err, MN_ERR_IO, "Directory tree too deep at '%s'", dir);
    DIR *d = opendir(dir);
    if (!d) return mn_error_set(err, MN_ERR_IO, "Cannot read directory '%s': %s", dir, strerror(errno));
    l->devs[l->depth] = dst->st_dev;
    l->inos[l->depth] = dst->st_ino;
    l->depth++;
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
    int rc = 0;
    char *child = NULL;
    size_t child_cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno) rc = mn_error_set(err, MN_ERR_IO, "Cannot read directory '%s': %s", dir, strerror(errno));
            break;
        }
        if (hidden_name(e->d_name)) continue;
        size_t need = dlen + 1 + strlen(e->d_name) + 1;
        if (need > child_cap) {
            char *nc = realloc(child, need);
            if (!nc) {
                rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory listing files");
                break;
            }
            child = nc;
            child_cap = need;
        }
        if (dlen == 1 && dir[0] == '/')
            snprintf(child, need, "/%s", e->d_name);
        else
            snprintf(child, need, "%.*s/%s", (int)dlen, dir, e->d_name);
        struct stat st;
        if (stat(child, &st) != 0) {
            struct stat lst;
            if (errno == ENOENT && lstat(child, &lst) != 0) continue; /* removed meanwhile */
            if (errno == ENOENT) {
                /* a dangling link is data that cannot be read: say so rather than lose it */
                rc = mn_error_set(err, MN_ERR_IO, "Cannot read '%s': broken symbolic link", child);
                break;
            }
            rc = mn_error_set(err, MN_ERR_IO, "Cannot access '%s': %s", child, strerror(errno));
            break;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(l, child, &st, err);
            if (rc) break;
        } else if (S_ISREG(st.st_mode)) {
            rc = add_file(l, child, (int64_t)st.st_size, err);
            if (rc) break;
        }
    }
    free(child);
    closedir(d);
    l->depth--;
    return rc;
}

static int cmp_info(const void *a, const void *b) {
    return strcmp(((const mn_file_info *)a)->path, ((const mn_file_info *)b)->path);
}

void mn_file_list_free(mn_file_list *l) {
    if (!l) return;
    for (int i = 0; i < l->n; i++) free(l->files[i].path);
    free(l->files);
    l->files = NULL;
    l->n = 0;
}

int mn_fs_list(const char *location, mn_file_list *out, mn_error *err) {
    out->n = 0;
    out->files = NULL;
    char *path = mn_fs_local_path(location, err);
    if (!path) return -1;
    struct stat st;
    listing l;
    memset(&l, 0, sizeof l);
    int rc = 0;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            rc = mn_error_set(err, MN_ERR_IO, "Location '%s' does not exist", location);
        else
            rc = mn_error_set(err, MN_ERR_IO, "Cannot access location '%s': %s", location, strerror(errno));
    } else if (S_ISREG(st.st_mode)) {
        rc = add_file(&l, path, (int64_t)st.st_size, err);
    } else if (S_ISDIR(st.st_mode)) {
        rc = walk_dir(&l, path, &st, err);
    } else {
        rc = mn_error_set(err, MN_ERR_IO, "Location '%s' is not a file or directory", location);
    }
    free(path);
    if (rc) {
        mn_file_list tmp = {l.n, l.files};
        mn_file_list_free(&tmp);
        return -1;
    }
    if (l.n > 1) qsort(l.files, (size_t)l.n, sizeof *l.files, cmp_info);
    out->n = l.n;
    out->files = l.files;
    return 0;
}

/* ---- directories ---- */

int mn_fs_mkdirs(const char *path, mn_error *err) {
    size_t n = strlen(path);
    if (n == 0) return mn_error_set(err, MN_ERR_IO, "Cannot create a directory with an empty name");
    char *p = strdup(path);
    if (!p) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0') continue;
        if (p[i - 1] == '/') continue; /* repeated slash */
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            mn_error_set(err, MN_ERR_IO, "Cannot create directory '%s': %s", p, strerror(e));
            free(p);
            return -1;
        }
        p[i] = saved;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(p);
        return mn_error_set(err, MN_ERR_IO, "Cannot create directory '%s': a file is in the way", path);
    }
    free(p);
    return 0;
}

static int remove_rec(const char *path, int depth, mn_error *err) {
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) return 0;
        return mn_error_set(err, MN_ERR_IO, "Cannot access '%s': %s", path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0 && errno != ENOENT)
            return mn_error_set(err, MN_ERR_IO, "Cannot remove '%s': %s", path, strerror(errno));
        return 0;
    }
    if (depth > 256) return mn_error_set(err, MN_ERR_IO, "Directory tree too deep at '%s'", path);
    DIR *d = opendir(path);
    if (!d) return mn_error_set(err, MN_ERR_IO, "Cannot read directory '%s': %s", path, strerror(errno));
    size_t plen = strlen(path);
    int rc = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno) rc = mn_error_set(err, MN_ERR_IO, "Cannot read directory '%s': %s", path, strerror(errno));
            break;
        }
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        size_t need = plen + 1 + strlen(e->d_name) + 1;
        char *child = malloc(need);
        if (!child) {
            rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
            break;
        }
        snprintf(child, need, "%s/%s", path, e->d_name);
        rc = remove_rec(child, depth + 1, err);
        free(child);
        if (rc) break;
    }
    closedir(d);
    if (rc) return rc;
    if (rmdir(path) != 0 && errno != ENOENT)
        return mn_error_set(err, MN_ERR_IO, "Cannot remove directory '%s': %s", path, strerror(errno));
    return 0;
}

int mn_fs_remove_tree(const char *path, mn_error *err) {
    if (!path || !*path) return mn_error_set(err, MN_ERR_IO, "Cannot remove an empty path");
    if (strcmp(path, "/") == 0) return mn_error_set(err, MN_ERR_IO, "Refusing to remove '/'");
    return remove_rec(path, 0, err);
}

int mn_fs_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

int mn_fs_is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- reads and writes ---- */

static void fd_name(int fd, char *buf, size_t cap) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, cap - 1);
    if (n <= 0) {
        snprintf(buf, cap, "fd %d", fd);
        return;
    }
    buf[n] = '\0';
}

int mn_fs_read_range(int fd, void *buf, size_t n, int64_t off, size_t *got, mn_error *err) {
    size_t done = 0;
    *got = 0;
    if (off < 0) return mn_error_set(err, MN_ERR_IO, "Negative file offset %lld", (long long)off);
    while (done < n) {
        size_t want = n - done;
        if (want > ((size_t)1 << 30)) want = (size_t)1 << 30;
        ssize_t r = pread(fd, (char *)buf + done, want, (off_t)(off + (int64_t)done));
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            char name[PATH_MAX];
            fd_name(fd, name, sizeof name);
            *got = done;
            return mn_error_set(err, MN_ERR_IO, "Error reading '%s' at offset %lld: %s", name,
                                (long long)(off + (int64_t)done), strerror(e));
        }
        if (r == 0) break;
        done += (size_t)r;
    }
    *got = done;
    return 0;
}

int mn_fs_write_all(int fd, const void *buf, size_t n, const char *what, mn_error *err) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, (const char *)buf + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            return mn_error_set(err, MN_ERR_IO, "Error writing '%s': %s", what, strerror(errno));
        }
        done += (size_t)w;
    }
    return 0;
}

int mn_fs_read_file(const char *path, char **data, size_t *len, size_t max_size, mn_error *err) {
    *data = NULL;
    *len = 0;
    if (max_size == 0) max_size = (size_t)1 << 30;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return mn_error_set(err, MN_ERR_IO, "File '%s' does not exist", path);
        return mn_error_set(err, MN_ERR_IO, "Cannot open '%s': %s", path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return mn_error_set(err, MN_ERR_IO, "Cannot stat '%s': %s", path, strerror(e));
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > (uint64_t)max_size) {
        close(fd);
        return mn_error_set(err, MN_ERR_IO, "File '%s' is too large (%lld bytes)", path, (long long)st.st_size);
    }
    size_t cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory reading '%s'", path);
    }
    size_t got;
    if (mn_fs_read_range(fd, buf, cap - 1, 0, &got, err) != 0) {
        free(buf);
        close(fd);
        return -1;
    }
    close(fd);
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return 0;
}

char *mn_fs_temp_name(const char *path) {
    static unsigned long counter;
    unsigned long k = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
    size_t need = strlen(path) + 64;
    char *t = malloc(need);
    if (!t) return NULL;
    snprintf(t, need, "%s.tmp-%ld-%lu", path, (long)getpid(), k);
    return t;
}

/* fsync the directory holding path so a rename is durable; failures are ignored (some
 * file systems refuse directory fsync). */
static void sync_parent(const char *path) {
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash) {
        snprintf(dir, sizeof dir, ".");
    } else if (slash == path) {
        snprintf(dir, sizeof dir, "/");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof dir) return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int mn_fs_write_file(const char *path, const void *data, size_t len, mn_error *err) {
    char *tmp = mn_fs_temp_name(path);
    if (!tmp) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot create '%s': %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = mn_fs_write_all(fd, data, len, path, err);
    if (rc == 0 && fsync(fd) != 0) rc = mn_error_set(err, MN_ERR_IO, "Error syncing '%s': %s", path, strerror(errno));
    if (close(fd) != 0 && rc == 0) rc = mn_error_set(err, MN_ERR_IO, "Error closing '%s': %s", path, strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = mn_error_set(err, MN_ERR_IO, "Cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
    if (rc != 0)
        unlink(tmp);
    else
        sync_parent(path);
    free(tmp);
    return rc;
}

int mn_fs_sync_rename(const char *from, const char *to, mn_error *err) {
    if (rename(from, to) != 0)
        return mn_error_set(err, MN_ERR_IO, "Cannot rename '%s' to '%s': %s", from, to, strerror(errno));
    sync_parent(to);
    return 0;
}

static bool has_glob(const char *s) {
    const char *slash = strrchr(s, '/');
    const char *last = slash ? slash + 1 : s;
    return strpbrk(last, "*?[") != NULL;
}

static int glob_errfn(const char *path, int e) { return 0; }

int mn_fs_list_glob(const char *loc, mn_file_list *out, mn_error *err) {
    memset(out, 0, sizeof *out);
    char *path = mn_fs_local_path(loc, err);
    if (!path) return -1;
    if (!has_glob(path)) {
        int rc = mn_fs_list(path, out, err);
        free(path);
        return rc;
    }
    glob_t g;
    int rc = glob(path, 0, glob_errfn, &g);
    if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
        if (rc == 0) globfree(&g);
        free(path);
        return mn_error_set(err, MN_ERR_IO, "No files match '%s'", loc);
    }
    if (rc != 0) {
        free(path);
        return mn_error_set(err, rc == GLOB_NOSPACE ? MN_ERR_OUT_OF_MEMORY : MN_ERR_IO, "Cannot list files matching '%s'",
                            loc);
    }
    out->files = calloc(g.gl_pathc ? g.gl_pathc : 1, sizeof *out->files);
    if (!out->files) {
        globfree(&g);
        free(path);
        return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        struct stat st;
        if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
        char *p = strdup(g.gl_pathv[i]);
        if (!p) {
            globfree(&g);
            free(path);
            mn_file_list_free(out);
            return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        }
        out->files[out->n].path = p;
        out->files[out->n].size = (int64_t)st.st_size;
        out->n++;
    }
    globfree(&g);
    free(path);
    if (out->n == 0) {
        mn_file_list_free(out);
        return mn_error_set(err, MN_ERR_IO, "No files match '%s'", loc);
    }
    return 0; /* glob(3) sorts its results */
}
