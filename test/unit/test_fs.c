/* test_fs.c — location URIs, recursive listing with Hive hidden-file rules and symlinks,
 * mkdir -p / rm -rf, ranged reads and atomic whole-file writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "io/fs.h"

static char root[256];

static void put_file(const char *rel, const char *content) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "wb");
    if (!f) {
        perror(p);
        return;
    }
    fputs(content, f);
    fclose(f);
}

static const char *rel(const char *path) {
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 ? path + n : path;
}

static void test_local_path(void) {
    mn_error err;
    char *p;
    p = mn_fs_local_path("file:///a/b", &err);
    CHECK_STR(p, "/a/b");
    free(p);
    p = mn_fs_local_path("file:/a/b/", &err);
    CHECK_STR(p, "/a/b/");
    free(p);
    p = mn_fs_local_path("FILE://localhost/x", &err);
    CHECK_STR(p, "/x");
    free(p);
    p = mn_fs_local_path("rel/dir", &err);
    CHECK_STR(p, "rel/dir");
    free(p);
    p = mn_fs_local_path("/abs/dir", &err);
    CHECK_STR(p, "/abs/dir");
    free(p);
    p = mn_fs_local_path("s3://bucket/key", &err);
    CHECK(p == NULL);
    CHECK(err.code == MN_ERR_NOT_SUPPORTED);
    p = mn_fs_local_path("file://otherhost/x", &err);
    CHECK(p == NULL);
    CHECK(mn_fs_is_local("file:///x"));
    CHECK(mn_fs_is_local("x/y"));
    CHECK(!mn_fs_is_local("s3://b/k"));
}

static void test_list(void) {
    mn_error err;
    char p[512], q[512];
    snprintf(p, sizeof p, "%s/t/a/b/c", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    CHECK(mn_fs_mkdirs(p, &err) == 0); /* exists: fine */
    snprintf(p, sizeof p, "%s/t/_tmp", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    snprintf(p, sizeof p, "%s/t/.dir", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    snprintf(p, sizeof p, "%s/other", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    put_file("t/a/b/c/f1", "0123456789");
    put_file("t/a/f2", "xy");
    put_file("t/z", "");
    put_file("t/_SUCCESS", "");
    put_file("t/.hidden", "h");
    put_file("t/_tmp/x", "x");
    put_file("t/.dir/y", "y");
    put_file("t/a/b/z_$folder$", "");
    put_file("other/o1", "abc");
    /* symlinks: to a directory, to a file, a dangling one and a cycle */
    snprintf(p, sizeof p, "%s/other", root);
    snprintf(q, sizeof q, "%s/t/linkdir", root);
    CHECK(symlink(p, q) == 0);
    snprintf(p, sizeof p, "%s/other/o1", root);
    snprintf(q, sizeof q, "%s/t/linkfile", root);
    CHECK(symlink(p, q) == 0);
    snprintf(q, sizeof q, "%s/t/a/loop", root);
    CHECK(symlink("..", q) == 0);

    mn_file_list l;
    snprintf(p, sizeof p, "file://%s/t", root);
    CHECK(mn_fs_list(p, &l, &err) == 0);
    CHECK(l.n == 5);
    if (l.n == 5) {
        CHECK_STR(rel(l.files[0].path), "/t/a/b/c/f1");
        CHECK(l.files[0].size == 10);
        CHECK_STR(rel(l.files[1].path), "/t/a/f2");
        CHECK(l.files[1].size == 2);
        CHECK_STR(rel(l.files[2].path), "/t/linkdir/o1");
        CHECK(l.files[2].size == 3);
        CHECK_STR(rel(l.files[3].path), "/t/linkfile");
        CHECK(l.files[3].size == 3);
        CHECK_STR(rel(l.files[4].path), "/t/z");
        CHECK(l.files[4].size == 0);
    }
    mn_file_list_free(&l);

    /* a dangling link is data that cannot be read: an error naming it, not a silent skip */
    snprintf(q, sizeof q, "%s/t/dangling", root);
    CHECK(symlink("/nonexistent/zzz", q) == 0);
    CHECK(mn_fs_list(p, &l, &err) == -1);
    CHECK(err.code == MN_ERR_IO && strstr(err.message, "dangling") != NULL);
    CHECK(unlink(q) == 0);

    /* plain path and file:/ form, trailing slash */
    snprintf(p, sizeof p, "file:%s/t/a/", root);
    CHECK(mn_fs_list(p, &l, &err) == 0);
    CHECK(l.n >= 2);
    if (l.n >= 1) CHECK_STR(rel(l.files[0].path), "/t/a/b/c/f1");
    mn_file_list_free(&l);

    /* a single file */
    snprintf(p, sizeof p, "%s/t/a/f2", root);
    CHECK(mn_fs_list(p, &l, &err) == 0);
    CHECK(l.n == 1 && l.files[0].size == 2);
    mn_file_list_free(&l);

    /* missing */
    snprintf(p, sizeof p, "file://%s/missing", root);
    CHECK(mn_fs_list(p, &l, &err) == -1);
    CHECK(err.code == MN_ERR_IO);
    char want[600];
    snprintf(want, sizeof want, "Location 'file://%s/missing' does not exist", root);
    CHECK_STR(err.message, want);
    CHECK(l.n == 0 && l.files == NULL);

    /* an unreadable directory (root bypasses permissions, so only checked as a user) */
    if (geteuid() != 0) {
        snprintf(p, sizeof p, "%s/t/a/b", root);
        chmod(p, 0);
        snprintf(q, sizeof q, "%s/t", root);
        CHECK(mn_fs_list(q, &l, &err) == -1);
        CHECK(err.code == MN_ERR_IO);
        CHECK(strstr(err.message, "/t/a/b") != NULL);
        chmod(p, 0755);
    }

    /* empty directory */
    snprintf(p, sizeof p, "%s/t/_tmp", root);
    CHECK(mn_fs_list(p, &l, &err) == 0);
    CHECK(l.n == 1); /* the location itself may be hidden; its content is not */
    mn_file_list_free(&l);
    snprintf(p, sizeof p, "%s/emptydir", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    CHECK(mn_fs_list(p, &l, &err) == 0);
    CHECK(l.n == 0);
    mn_file_list_free(&l);

    /* mkdirs over a file fails */
    snprintf(p, sizeof p, "%s/t/a/f2/sub", root);
    CHECK(mn_fs_mkdirs(p, &err) == -1);
    CHECK(err.code == MN_ERR_IO);

    /* rm -rf: does not follow the links (other/ survives) */
    snprintf(p, sizeof p, "%s/t", root);
    CHECK(mn_fs_remove_tree(p, &err) == 0);
    CHECK(!mn_fs_exists(p));
    snprintf(p, sizeof p, "%s/other/o1", root);
    CHECK(mn_fs_exists(p));
    snprintf(p, sizeof p, "%s/t", root);
    CHECK(mn_fs_remove_tree(p, &err) == 0); /* missing: fine */
    snprintf(p, sizeof p, "%s/other/o1", root);
    CHECK(mn_fs_remove_tree(p, &err) == 0); /* a plain file */
    CHECK(!mn_fs_exists(p));
}

static void test_read_write(void) {
    mn_error err;
    char p[512];
    snprintf(p, sizeof p, "%s/rw.bin", root);
    const char *text = "hello, ranged world";
    CHECK(mn_fs_write_file(p, text, strlen(text), &err) == 0);
    CHECK(mn_fs_write_file(p, text, strlen(text), &err) == 0); /* replaces */
    int fd = open(p, O_RDONLY);
    CHECK(fd >= 0);
    char buf[64];
    size_t got = 99;
    CHECK(mn_fs_read_range(fd, buf, 6, 7, &got, &err) == 0);
    CHECK(got == 6 && memcmp(buf, "ranged", 6) == 0);
    CHECK(mn_fs_read_range(fd, buf, 64, 13, &got, &err) == 0);
    CHECK(got == 6 && memcmp(buf, " world", 6) == 0);
    CHECK(mn_fs_read_range(fd, buf, 10, 1000, &got, &err) == 0);
    CHECK(got == 0);
    CHECK(mn_fs_read_range(fd, buf, 10, -1, &got, &err) == -1);
    close(fd);
    /* reading a bad descriptor names it */
    CHECK(mn_fs_read_range(987, buf, 10, 0, &got, &err) == -1);
    CHECK(err.code == MN_ERR_IO);
    CHECK(strstr(err.message, "Bad file descriptor") != NULL);

    char *data;
    size_t len;
    CHECK(mn_fs_read_file(p, &data, &len, 0, &err) == 0);
    CHECK(len == strlen(text));
    CHECK_STR(data, text);
    free(data);
    CHECK(mn_fs_read_file(p, &data, &len, 5, &err) == -1);
    snprintf(p, sizeof p, "%s/nope", root);
    CHECK(mn_fs_read_file(p, &data, &len, 0, &err) == -1);
    CHECK(strstr(err.message, "does not exist") != NULL);
    char *t1 = mn_fs_temp_name("/x/y"), *t2 = mn_fs_temp_name("/x/y");
    CHECK(t1 && t2 && strcmp(t1, t2) != 0);
    CHECK(t1 && strncmp(t1, "/x/y.tmp-", 9) == 0);
    free(t1);
    free(t2);
}

/* mn_fs_list_glob: patterns in the last component (regular files only, sorted), plain
 * locations as mn_fs_list, no match as an error naming the pattern. */
static void test_glob(void) {
    mn_error err;
    char p[512];
    snprintf(p, sizeof p, "%s/g", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0);
    snprintf(p, sizeof p, "%s/g/sub.json", root);
    CHECK(mn_fs_mkdirs(p, &err) == 0); /* a directory matching the pattern is left out */
    put_file("g/b.json", "{}");
    put_file("g/a.json", "{}");
    put_file("g/c.txt", "x");
    mn_file_list l;
    snprintf(p, sizeof p, "file://%s/g/*.json", root);
    CHECK(mn_fs_list_glob(p, &l, &err) == 0);
    CHECK(l.n == 2 && strcmp(rel(l.files[0].path), "/g/a.json") == 0 && strcmp(rel(l.files[1].path), "/g/b.json") == 0);
    CHECK(l.n == 2 && l.files[0].size == 2);
    mn_file_list_free(&l);
    snprintf(p, sizeof p, "%s/g/?.txt", root);
    CHECK(mn_fs_list_glob(p, &l, &err) == 0 && l.n == 1);
    mn_file_list_free(&l);
    snprintf(p, sizeof p, "%s/g", root); /* no pattern: the folder's files, recursively */
    CHECK(mn_fs_list_glob(p, &l, &err) == 0 && l.n == 3);
    mn_file_list_free(&l);
    snprintf(p, sizeof p, "%s/g/*.csv", root);
    CHECK(mn_fs_list_glob(p, &l, &err) == -1 && err.code == MN_ERR_IO && strstr(err.message, "No files match") &&
          l.n == 0);
    CHECK(mn_fs_list_glob("s3://bucket/*.json", &l, &err) == -1 && err.code == MN_ERR_NOT_SUPPORTED);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/mn_fs_XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_local_path();
    test_list();
    test_read_write();
    test_glob();
    mn_error err;
    mn_fs_remove_tree(root, &err);
    CHECK(!mn_fs_exists(root));
    CHECK_DONE();
}
