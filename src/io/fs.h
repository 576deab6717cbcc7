/* fs.h — the local file system as the storage layer sees it: turning location URIs into
 * paths, listing the data files below a location, mkdir -p / rm -rf, and robust ranged reads.
 * Other schemes (s3://, gs://) are reported as NOT_SUPPORTED here; remote stores come later. */
#ifndef MN_IO_FS_H
#define MN_IO_FS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

typedef struct mn_file_info {
    char *path;   /* local file system path (malloc'd, owned by the list) */
    int64_t size; /* bytes, as stat() reported them when listed */
} mn_file_info;

typedef struct mn_file_list {
    int n;
    mn_file_info *files; /* n entries, sorted by path (strcmp order) */
} mn_file_list;

/* Lists every regular file below a location ("file:///abs/dir", "file:/abs/dir",
 * "file://localhost/abs/dir", or a plain absolute/relative path), recursively, sorted by path.
 * Files and directories whose name starts with '_' or '.' are skipped (Hive/Athena hidden
 * files such as _SUCCESS, .crc, _temporary/), and so are names ending in "_$folder$".
 * Symbolic links are followed; a directory reached twice along one path (a link cycle) is
 * skipped. A location naming a single regular file lists just that file (even if hidden).
 * Missing location -> MN_ERR_IO "Location 'file:///x' does not exist" (the location as given);
 * an unreadable directory -> MN_ERR_IO naming it. On success *out must be freed with
 * mn_file_list_free; on failure *out is left empty. */
int mn_fs_list(const char *location, mn_file_list *out, mn_error *err);
void mn_file_list_free(mn_file_list *l);

/* Like mn_fs_list, and also a pattern with * ? [..] in its last path component (glob(3);
 * regular files only, sorted). No match -> MN_ERR_IO "No files match '<loc>'". */
int mn_fs_list_glob(const char *location_or_glob, mn_file_list *out, mn_error *err);

/* "file:///a/b", "file:/a/b", "file://localhost/a/b" -> "/a/b"; plain paths are returned as
 * they are (no %-decoding). Other schemes (s3://...) -> MN_ERR_NOT_SUPPORTED, NULL.
 * Returns a malloc'd string the caller frees; NULL on error. */
char *mn_fs_local_path(const char *uri, mn_error *err);

/* 1 when uri has a scheme this module can serve (file: or none), else 0. */
int mn_fs_is_local(const char *uri);

/* mkdir -p with mode 0777 (before umask). Existing directories are fine. */
int mn_fs_mkdirs(const char *path, mn_error *err);

/* rm -rf: removes path and everything below it without following symbolic links
 * (a link is removed, not its target). A missing path is not an error. */
int mn_fs_remove_tree(const char *path, mn_error *err);

/* Reads up to n bytes at offset off with pread, retrying on EINTR and short reads; *got is
 * the number of bytes read (< n only at end of file). Errors name the file (found through
 * /proc/self/fd) and the errno text. */
int mn_fs_read_range(int fd, void *buf, size_t n, int64_t off, size_t *got, mn_error *err);

/* Reads a whole file into a malloc'd, NUL-terminated buffer (*len excludes the NUL).
 * Files over max_size bytes (0: 1 GiB) fail with MN_ERR_IO. */
int mn_fs_read_file(const char *path, char **data, size_t *len, size_t max_size, mn_error *err);

/* Writes data to path atomically (temp file in the same directory, fsync, rename). */
int mn_fs_write_file(const char *path, const void *data, size_t len, mn_error *err);

/* Writes all n bytes with write(), retrying on EINTR and short writes; `what` names the file
 * in the error message. */
int mn_fs_write_all(int fd, const void *buf, size_t n, const char *what, mn_error *err);

/* rename(from, to), then fsync of the target's directory so the rename is durable. */
int mn_fs_sync_rename(const char *from, const char *to, mn_error *err);

/* 1 if path exists (following links), 0 if not. */
int mn_fs_exists(const char *path);
/* 1 if path is a directory (following links), 0 otherwise. */
int mn_fs_is_dir(const char *path);

/* A fresh temp-file name beside path: "<path>.tmp-<pid>-<n>", unique within the process
 * (the counter is atomic). Caller frees. NULL when out of memory. */
char *mn_fs_temp_name(const char *path);

#endif
