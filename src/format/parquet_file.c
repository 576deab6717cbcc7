/* parquet_file.c — opening a Parquet file: the footer ("PAR1" + metadata length + "PAR1"),
 * FileMetaData, the schema tree (leaf columns with their levels, top-level fields; nested
 * fields' types and assembly trees come from parquet_nested.c), the mapping of Parquet types
 * to Minerva types, validation of every row group and column chunk against the file size,
 * statistics values and the page index. Everything lives in the file's arena and is read-only afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "format/parquet_internal.h"
#include "io/fs.h"

int pq_corrupt(const mn_parquet_file *f, mn_error *err, const char *fmt, ...) {
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return mn_error_set(err, MN_ERR_CORRUPT, "Invalid Parquet file '%s': %s", f->path, what);
}

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory reading Parquet"); }

int pq_file_read(const mn_parquet_file *f, int64_t off, size_t n, uint8_t *buf, mn_error *err) {
    if (off < 0 || off > f->size || (uint64_t)n > (uint64_t)(f->size - off))
        return pq_corrupt(f, err, "range [%lld, +%zu) lies outside the file", (long long)off, n);
    if (f->mem) {
        memcpy(buf, f->mem + off, n);
        return 0;
    }
    int fd = f->fd >= 0 ? f->fd : open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return mn_error_set(err, MN_ERR_IO, "Cannot open '%s': %s", f->path, strerror(errno));
    size_t got;
    int rc = mn_fs_read_range(fd, buf, n, off, &got, err);
    if (fd != f->fd) close(fd);
    if (rc) return -1;
    if (got != n) return pq_corrupt(f, err, "file ends at %lld, before the data its metadata describes",
                                    (long long)(off + (int64_t)got));
    return 0;
}

/* ------------------------------------------------------------------ schema */

typedef struct build_ctx {
    mn_parquet_file *f;
    const pq_file_meta *m;
    int next;                /* next schema element */
    int ncols, cap;
    mn_parquet_column *cols; /* malloc'd while building */
    mn_error *err;
} build_ctx;

static const char *nested_kind(const pq_schema_el *e) {
    if (e->type >= 0 && e->num_children <= 0) return "REPEATED"; /* a repeated primitive */
    if (e->logical.kind == MN_PQ_LT_LIST || e->converted == MN_PQ_CT_LIST) return "LIST";
    if (e->logical.kind == MN_PQ_LT_MAP || e->converted == MN_PQ_CT_MAP || e->converted == MN_PQ_CT_MAP_KEY_VALUE)
        return "MAP";
    if (e->logical.kind == MN_PQ_LT_VARIANT) return "VARIANT";
    if (e->repetition == MN_PQ_REPEATED) return "REPEATED";
    return "STRUCT";
}

static const char *unit_name(int u) { return u == MN_PQ_MILLIS ? "MILLIS" : u == MN_PQ_MICROS ? "MICROS" : "NANOS"; }

/* Sets c->type (and c->unsupported when the type cannot be read). */
static void map_type(mn_parquet_file *f, mn_parquet_column *c) {
    const mn_parquet_logical *lt = &c->logical;
    int ct = c->converted_type;
    mn_arena *a = &f->arena;
    const char *bad = NULL;
    mn_type t = mn_type_make(MN_T_UNKNOWN);
    bool is_dec = lt->kind == MN_PQ_LT_DECIMAL || (lt->kind == MN_PQ_LT_NONE && ct == MN_PQ_CT_DECIMAL);
    if (is_dec) {
        if (c->precision < 1 || c->precision > MN_MAX_DECIMAL_PRECISION || c->scale < 0 || c->scale > c->precision)
            bad = mn_arena_sprintf(a, "DECIMAL(%d,%d)", c->precision, c->scale);
    }
    switch (c->physical) {
    case MN_PQ_BOOLEAN: t = mn_type_make(MN_T_BOOLEAN); break;
    case MN_PQ_INT32:
        if (is_dec) t = mn_type_decimal(c->precision, c->scale);
        else if (lt->kind == MN_PQ_LT_DATE || ct == MN_PQ_CT_DATE) t = mn_type_make(MN_T_DATE);
        else if (lt->kind == MN_PQ_LT_TIME || ct == MN_PQ_CT_TIME_MILLIS) bad = "TIME(MILLIS)";
        else if (lt->kind == MN_PQ_LT_INTEGER) {
            int w = lt->bit_width;
            if (lt->is_signed) t = mn_type_make(w == 8 ? MN_T_TINYINT : w == 16 ? MN_T_SMALLINT : MN_T_INTEGER);
            else t = mn_type_make(w == 8 ? MN_T_SMALLINT : w == 16 ? MN_T_INTEGER : MN_T_BIGINT);
            if (w != 8 && w != 16 && w != 32) bad = "INTEGER with a bit width other than 8, 16 or 32";
        } else if (ct == MN_PQ_CT_INT_8) t = mn_type_make(MN_T_TINYINT);
        else if (ct == MN_PQ_CT_INT_16) t = mn_type_make(MN_T_SMALLINT);
        else if (ct == MN_PQ_CT_UINT_8) t = mn_type_make(MN_T_SMALLINT);
        else if (ct == MN_PQ_CT_UINT_16) t = mn_type_make(MN_T_INTEGER);
        else if (ct == MN_PQ_CT_UINT_32) t = mn_type_make(MN_T_BIGINT);
        else t = mn_type_make(MN_T_INTEGER);
        break;
    case MN_PQ_INT64:
        if (is_dec) t = mn_type_decimal(c->precision, c->scale);
        else if (lt->kind == MN_PQ_LT_TIMESTAMP) {
            t = mn_type_make(MN_T_TIMESTAMP);
            t.precision = lt->unit == MN_PQ_MILLIS ? 3 : 6;
            if (lt->unit < MN_PQ_MILLIS || lt->unit > MN_PQ_NANOS) bad = "TIMESTAMP with an unknown unit";
        } else if (ct == MN_PQ_CT_TIMESTAMP_MILLIS && lt->kind == MN_PQ_LT_NONE) {
            t = mn_type_make(MN_T_TIMESTAMP);
            t.precision = 3;
        } else if (ct == MN_PQ_CT_TIMESTAMP_MICROS && lt->kind == MN_PQ_LT_NONE) {
            t = mn_type_make(MN_T_TIMESTAMP);
            t.precision = 6;
        } else if (lt->kind == MN_PQ_LT_TIME) bad = mn_arena_sprintf(a, "TIME(%s)", unit_name(lt->unit));
        else if (ct == MN_PQ_CT_TIME_MICROS) bad = "TIME(MICROS)";
        else if ((lt->kind == MN_PQ_LT_INTEGER && !lt->is_signed) || (lt->kind == MN_PQ_LT_NONE && ct == MN_PQ_CT_UINT_64))
            t = mn_type_decimal(20, 0);
        else t = mn_type_make(MN_T_BIGINT);
        break;
    case MN_PQ_INT96:
        t = mn_type_make(MN_T_TIMESTAMP);
        t.precision = 6;
        break;
    case MN_PQ_FLOAT: t = mn_type_make(MN_T_REAL); break;
    case MN_PQ_DOUBLE: t = mn_type_make(MN_T_DOUBLE); break;
    case MN_PQ_BYTE_ARRAY:
    case MN_PQ_FIXED_LEN_BYTE_ARRAY:
        if (is_dec) t = mn_type_decimal(c->precision, c->scale);
        else if (lt->kind == MN_PQ_LT_UUID) {
            t = mn_type_make(MN_T_UUID); /* read as its canonical text (types.h) */
            if (c->type_length != 16) bad = "UUID that is not 16 bytes";
        } else if (lt->kind == MN_PQ_LT_FLOAT16) {
            t = mn_type_make(MN_T_REAL);
            if (c->type_length != 2) bad = "FLOAT16 that is not 2 bytes";
        } else if (ct == MN_PQ_CT_INTERVAL) bad = "INTERVAL";
        else if (lt->kind == MN_PQ_LT_STRING || lt->kind == MN_PQ_LT_ENUM || lt->kind == MN_PQ_LT_JSON ||
                 (lt->kind == MN_PQ_LT_NONE && (ct == MN_PQ_CT_UTF8 || ct == MN_PQ_CT_ENUM || ct == MN_PQ_CT_JSON)))
            t = mn_type_varchar(-1);
        else t = mn_type_make(MN_T_VARBINARY); /* as Trino: unannotated bytes, BSON, geometry */
        break;
    default: bad = "an unknown physical type"; break;
    }
    c->type = t;
    if (bad) {
        c->type = mn_type_make(MN_T_UNKNOWN);
        c->unsupported = mn_arena_sprintf(a, "column '%s' has type %s, which is not supported yet", c->path, bad);
    }
}

int pq_conv_of(const mn_parquet_column *c) {
    if (c->unsupported) return PQ_CONV_NONE;
    mn_type t = c->type;
    switch (c->physical) {
    case MN_PQ_BOOLEAN: return PQ_CONV_BOOL;
    case MN_PQ_INT32:
        switch (t.id) {
        case MN_T_TINYINT: return PQ_CONV_I8;
        case MN_T_SMALLINT: return c->logical.kind == MN_PQ_LT_INTEGER ? (c->logical.is_signed ? PQ_CONV_I16 : PQ_CONV_U8)
                                                                      : (c->converted_type == MN_PQ_CT_UINT_8 ? PQ_CONV_U8 : PQ_CONV_I16);
        case MN_T_INTEGER:
            if ((c->logical.kind == MN_PQ_LT_INTEGER && !c->logical.is_signed) ||
                (c->logical.kind != MN_PQ_LT_INTEGER && c->converted_type == MN_PQ_CT_UINT_16))
                return PQ_CONV_U16;
            return PQ_CONV_COPY4;
        case MN_T_BIGINT: return PQ_CONV_U32;
        case MN_T_DECIMAL: return PQ_CONV_I32_DEC;
        default: return PQ_CONV_COPY4; /* DATE */
        }
    case MN_PQ_INT64:
        if (t.id == MN_T_DECIMAL) {
            bool is_dec = c->logical.kind == MN_PQ_LT_DECIMAL ||
                          (c->logical.kind == MN_PQ_LT_NONE && c->converted_type == MN_PQ_CT_DECIMAL);
            return is_dec ? PQ_CONV_I64_DEC : PQ_CONV_U64_DEC;
        }
        if (t.id == MN_T_TIMESTAMP) {
            int unit = c->logical.kind == MN_PQ_LT_TIMESTAMP ? c->logical.unit
                       : c->converted_type == MN_PQ_CT_TIMESTAMP_MILLIS ? MN_PQ_MILLIS
                                                                       : MN_PQ_MICROS;
            return unit == MN_PQ_MILLIS ? PQ_CONV_MILLIS : unit == MN_PQ_NANOS ? PQ_CONV_NANOS : PQ_CONV_COPY8;
        }
        return PQ_CONV_COPY8;
    case MN_PQ_INT96: return PQ_CONV_INT96;
    case MN_PQ_FLOAT: return PQ_CONV_COPY4;
    case MN_PQ_DOUBLE: return PQ_CONV_COPY8;
    default:
        if (t.id == MN_T_DECIMAL) return PQ_CONV_BYTES_DEC;
        if (t.id == MN_T_REAL) return PQ_CONV_F16;
        if (c->logical.kind == MN_PQ_LT_UUID) return PQ_CONV_UUID;
        return PQ_CONV_STR;
    }
}

static char *dup_name(mn_arena *a, const pq_schema_el *e) {
    return mn_arena_strndup(a, (const char *)e->name, e->name_len);
}

/* Walks the children of the element just consumed (depth-first, as the schema list is
 * flattened). `field` is the top-level field index, `nested` its nested kind (or NULL). */
static int build(build_ctx *b, int nchildren, int def, int rep, const char *prefix, int depth, int field,
                 const char *nested) {
    mn_parquet_file *f = b->f;
    if (depth > PQ_MAX_DEPTH) return pq_corrupt(f, b->err, "schema nested more than %d levels", PQ_MAX_DEPTH);
    for (int k = 0; k < nchildren; k++) {
        if (b->next >= b->m->nschema) return pq_corrupt(f, b->err, "schema has fewer elements than its groups claim");
        int idx = b->next++;
        const pq_schema_el *e = &b->m->schema[idx];
        if (!e->has_name) return pq_corrupt(f, b->err, "schema element %d has no name", idx);
        if (memchr(e->name, 0, e->name_len)) return pq_corrupt(f, b->err, "schema element %d has a NUL in its name", idx);
        int r = e->repetition < 0 ? MN_PQ_REQUIRED : e->repetition;
        if (r > MN_PQ_REPEATED) return pq_corrupt(f, b->err, "schema element %d has repetition %d", idx, r);
        int d2 = def + (r != MN_PQ_REQUIRED), r2 = rep + (r == MN_PQ_REPEATED);
        char *name = dup_name(&f->arena, e);
        char *path = prefix ? mn_arena_sprintf(&f->arena, "%s.%s", prefix, name) : name;
        if (!name || !path) return oom(b->err);
        int fld = field;
        const char *nk = nested;
        if (depth == 0) {
            fld = f->nfields;
            mn_parquet_field *F = &f->fields[f->nfields++];
            memset(F, 0, sizeof *F);
            F->name = name;
            F->first_leaf = b->ncols;
            bool group = e->num_children > 0 || e->type < 0;
            nk = (group || r == MN_PQ_REPEATED) ? nested_kind(e) : NULL;
            F->nested = nk;
        }
        if (e->num_children > 0 || e->type < 0) {
            int n = e->num_children < 0 ? 0 : e->num_children;
            if (n > b->m->nschema - b->next)
                return pq_corrupt(f, b->err, "schema element '%s' claims %d children, more than the schema holds", path, n);
            if (build(b, n, d2, r2, path, depth + 1, fld, nk)) return -1;
        } else {
            if (e->type > MN_PQ_FIXED_LEN_BYTE_ARRAY)
                return pq_corrupt(f, b->err, "column '%s' has unknown physical type %d", path, e->type);
            if (e->type == MN_PQ_FIXED_LEN_BYTE_ARRAY && (e->type_length <= 0 || e->type_length > (1 << 24)))
                return pq_corrupt(f, b->err, "column '%s' has fixed length %d", path, e->type_length);
            if (b->ncols == b->cap) {
                int cap = b->cap ? b->cap * 2 : 16;
                mn_parquet_column *nc = realloc(b->cols, sizeof *nc * (size_t)cap);
                if (!nc) return oom(b->err);
                b->cols = nc;
                b->cap = cap;
            }
            mn_parquet_column *c = &b->cols[b->ncols++];
            memset(c, 0, sizeof *c);
            c->path = path;
            c->name = name;
            c->field = fld;
            c->physical = e->type;
            c->type_length = e->type == MN_PQ_FIXED_LEN_BYTE_ARRAY ? e->type_length : -1;
            c->converted_type = e->converted;
            c->logical = e->logical;
            c->precision = e->logical.kind == MN_PQ_LT_DECIMAL ? e->logical.precision : e->precision;
            c->scale = e->logical.kind == MN_PQ_LT_DECIMAL ? e->logical.scale : (e->scale < 0 ? 0 : e->scale);
            c->repetition = r;
            c->max_def = d2;
            c->max_rep = r2;
            c->field_id = e->field_id;
            c->nested = nk != NULL;
            map_type(f, c);
            if (!c->path) return oom(b->err);
        }
        if (depth == 0) {
            mn_parquet_field *F = &f->fields[fld];
            F->nleaves = b->ncols - F->first_leaf;
            F->type = (!F->nested && F->nleaves == 1) ? b->cols[F->first_leaf].type : mn_type_make(MN_T_UNKNOWN);
        }
    }
    return 0;
}

static int build_schema(mn_parquet_file *f, const pq_file_meta *m, mn_error *err) {
    if (!m->has_schema || m->nschema < 1) return pq_corrupt(f, err, "metadata has no schema");
    const pq_schema_el *root = &m->schema[0];
    int n = root->num_children < 0 ? 0 : root->num_children;
    if (n > m->nschema - 1) return pq_corrupt(f, err, "schema root claims %d children, more than the schema holds", n);
    f->fields = mn_arena_calloc(&f->arena, sizeof *f->fields * (size_t)(n ? n : 1));
    if (!f->fields) return oom(err);
    build_ctx b = {f, m, 1, 0, 0, NULL, err};
    int rc = build(&b, n, 0, 0, NULL, 0, -1, NULL);
    if (rc == 0 && b.next != m->nschema)
        rc = pq_corrupt(f, err, "schema has %d elements outside the tree", m->nschema - b.next);
    if (rc == 0) {
        f->ncols = b.ncols;
        f->cols = mn_arena_alloc(&f->arena, sizeof *f->cols * (size_t)(b.ncols ? b.ncols : 1));
        if (!f->cols) rc = oom(err);
        else if (b.ncols) memcpy(f->cols, b.cols, sizeof *f->cols * (size_t)b.ncols);
    }
    free(b.cols);
    if (rc == 0) rc = pq_build_nested(f, m, err);
    return rc;
}

/* ------------------------------------------------------------------ row groups */

static bool path_matches(const mn_parquet_column *c, const pq_col_meta *m) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    for (int i = 0; i < m->npath; i++) {
        if (i) mn_strbuf_putc(&sb, '.');
        mn_strbuf_append(&sb, (const char *)m->path[i], m->path_lens[i]);
    }
    bool ok = !sb.oom && sb.data && strcmp(sb.data, c->path) == 0;
    mn_strbuf_free(&sb);
    return ok;
}

static int build_row_groups(mn_parquet_file *f, const pq_file_meta *m, int64_t data_end, mn_error *err) {
    if (!m->has_row_groups) return pq_corrupt(f, err, "metadata has no row group list");
    f->nrgs = m->nrgs;
    f->rgs = mn_arena_calloc(&f->arena, sizeof *f->rgs * (size_t)(m->nrgs ? m->nrgs : 1));
    if (!f->rgs) return oom(err);
    int64_t rows = 0;
    for (int g = 0; g < m->nrgs; g++) {
        const pq_row_group *src = &m->rgs[g];
        mn_parquet_row_group *rg = &f->rgs[g];
        if (!src->has_num_rows || src->num_rows < 0) return pq_corrupt(f, err, "row group %d has no valid row count", g);
        if (src->ncols != f->ncols)
            return pq_corrupt(f, err, "row group %d has %d column chunks but the schema has %d columns", g, src->ncols,
                              f->ncols);
        if (src->num_rows > INT64_MAX - rows) return pq_corrupt(f, err, "row counts overflow");
        rg->num_rows = src->num_rows;
        rg->first_row = rows;
        rg->total_byte_size = src->total_byte_size;
        rows += src->num_rows;
        rg->chunks = mn_arena_calloc(&f->arena, sizeof *rg->chunks * (size_t)(f->ncols ? f->ncols : 1));
        if (!rg->chunks) return oom(err);
        for (int i = 0; i < f->ncols; i++) {
            const pq_col_meta *cm = &src->cols[i];
            const mn_parquet_column *c = &f->cols[i];
            mn_parquet_chunk *ch = &rg->chunks[i];
            if (cm->encrypted)
                return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s' has encrypted columns, which are not supported",
                                    f->path);
            if (cm->has_file_path)
                return mn_error_set(err, MN_ERR_NOT_SUPPORTED,
                                    "Parquet file '%s' keeps column data in other files, which is not supported", f->path);
            if (!cm->has_meta) return pq_corrupt(f, err, "column chunk %d of row group %d has no metadata", i, g);
            const unsigned need = 1u << 1 | 1u << 4 | 1u << 5 | 1u << 7 | 1u << 9;
            if ((cm->present & need) != need)
                return pq_corrupt(f, err, "column chunk '%s' of row group %d lacks required fields", c->path, g);
            if (cm->type != c->physical)
                return pq_corrupt(f, err, "column chunk '%s' of row group %d has type %d, the schema says %d", c->path, g,
                                  cm->type, c->physical);
            /* nested paths vary between writers; a flat column's path is its name */
            if ((cm->present & (1u << 3)) && c->max_rep == 0 && !strchr(c->path, '.') && !path_matches(c, cm))
                return pq_corrupt(f, err, "column chunk %d of row group %d has a path that does not match column '%s'", i, g,
                                  c->path);
            *ch = cm->c;
            if (ch->codec < 0 || ch->codec > MN_PQ_LZ4_RAW)
                return pq_corrupt(f, err, "column '%s' has unknown codec %d", c->path, ch->codec);
            /* Some writers store 0 in one of the two offsets (an absent dictionary, or no data
             * page in an empty chunk): the chunk starts at the smaller valid one. */
            int64_t dpo = ch->data_page_offset, dict = ch->dictionary_page_offset, start;
            if (dict >= 4 && (dict < dpo || dpo < 4)) {
                start = dict;
            } else {
                start = dpo;
                ch->dictionary_page_offset = -1;
            }
            if (ch->num_values < 0 || ch->total_compressed_size <= 0 || start < 4)
                return pq_corrupt(f, err, "column chunk '%s' of row group %d has invalid sizes or offsets", c->path, g);
            if (start > data_end || ch->total_compressed_size > data_end - start)
                return pq_corrupt(f, err,
                                  "column chunk '%s' of row group %d (offset %lld, %lld bytes) extends past the data "
                                  "(which ends at %lld)",
                                  c->path, g, (long long)start, (long long)ch->total_compressed_size, (long long)data_end);
            ch->start = start;
        }
    }
    f->num_rows = rows;
    return 0;
}

/* ------------------------------------------------------------------ open */

static mn_parquet_file *file_new(const char *name) {
    mn_parquet_file *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    mn_arena_init(&f->arena, 0);
    f->fd = -1;
    f->path = mn_arena_strdup(&f->arena, name);
    if (!f->path) {
        mn_arena_destroy(&f->arena);
        free(f);
        return NULL;
    }
    return f;
}

void mn_parquet_close(mn_parquet_file *f) {
    if (!f) return;
    if (f->fd >= 0) close(f->fd);
    if (!f->mem) free(f->footer);
    mn_arena_destroy(&f->arena);
    free(f);
}

/* Parses the footer of f (size set; f->mem set for memory files). */
static int open_footer(mn_parquet_file *f, const uint8_t *tailp, size_t spec, const uint8_t *head, mn_error *err);

/* Bytes read at the end of a file in one go, in the hope that they hold the whole footer. */
#define PQ_TAIL_READ 65536

static int open_common(mn_parquet_file *f, mn_error *err) {
    uint8_t head[4];
    const uint8_t *tail;
    if (f->size < 12) return pq_corrupt(f, err, "file is too small (%lld bytes)", (long long)f->size);
    size_t spec = f->size < PQ_TAIL_READ ? (size_t)f->size : PQ_TAIL_READ;
    uint8_t *tailbuf = NULL;
    if (f->mem) {
        tail = f->mem + f->size - spec;
        memcpy(head, f->mem, 4);
    } else {
        tailbuf = malloc(spec);
        if (!tailbuf) return oom(err);
        if (pq_file_read(f, f->size - (int64_t)spec, spec, tailbuf, err) ||
            (spec < (size_t)f->size ? pq_file_read(f, 0, 4, head, err) : (memcpy(head, tailbuf, 4), 0))) {
            free(tailbuf);
            return -1;
        }
        tail = tailbuf;
    }
    int rc = open_footer(f, tail, spec, head, err);
    free(tailbuf);
    return rc;
}

/* tail: the last `spec` bytes of the file; head: its first 4. */
static int open_footer(mn_parquet_file *f, const uint8_t *tailp, size_t spec, const uint8_t *head, mn_error *err) {
    const uint8_t *tail = tailp + spec - 8;
    if (memcmp(tail + 4, "PARE", 4) == 0)
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s' is encrypted, which is not supported", f->path);
    if (memcmp(tail + 4, "PAR1", 4) != 0) return pq_corrupt(f, err, "no PAR1 magic at the end");
    if (memcmp(head, "PAR1", 4) != 0) return pq_corrupt(f, err, "no PAR1 magic at the start");
    uint32_t len = pq_le32(tail);
    if ((int64_t)len > f->size - 12)
        return pq_corrupt(f, err, "footer length %u exceeds file size %lld", len, (long long)f->size);
    int64_t footer_off = f->size - 8 - (int64_t)len;
    if (f->mem) {
        f->footer = (uint8_t *)(uintptr_t)(f->mem + footer_off);
    } else {
        f->footer = malloc(len ? len : 1);
        if (!f->footer) return oom(err);
        if ((size_t)len + 8 <= spec) memcpy(f->footer, tailp + spec - 8 - len, len);
        else if (pq_file_read(f, footer_off, len, f->footer, err)) return -1;
    }
    pq_file_meta m;
    const char *msg = NULL;
    int rc = pq_read_file_meta(f->footer, len, &f->arena, &m, &msg);
    if (rc == -2) return oom(err);
    if (rc) return pq_corrupt(f, err, "cannot decode the footer: %s", msg);
    if (m.encrypted)
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s' is encrypted, which is not supported", f->path);
    if (m.created_by) {
        f->created_by = mn_arena_strndup(&f->arena, (const char *)m.created_by, m.created_by_len);
        if (!f->created_by) return oom(err);
    }
    if (build_schema(f, &m, err)) return -1;
    return build_row_groups(f, &m, footer_off, err);
}

mn_parquet_file *mn_parquet_open(const char *path, mn_error *err) {
    mn_parquet_file *f = file_new(path);
    if (!f) {
        oom(err);
        return NULL;
    }
    struct stat st;
    f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* no blocking on a FIFO */
    if (f->fd < 0 || fstat(f->fd, &st) != 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot open '%s': %s", path, strerror(errno));
        mn_parquet_close(f);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        mn_error_set(err, MN_ERR_IO, "'%s' is not a regular file", path);
        mn_parquet_close(f);
        return NULL;
    }
    f->size = (int64_t)st.st_size;
    int rc = open_common(f, err);
    close(f->fd);
    f->fd = -1;
    if (rc) {
        mn_parquet_close(f);
        return NULL;
    }
    return f;
}

mn_parquet_file *mn_parquet_open_memory(const void *data, size_t size, const char *name, mn_error *err) {
    mn_parquet_file *f = file_new(name ? name : "<memory>");
    if (!f) {
        oom(err);
        return NULL;
    }
    f->mem = data ? data : (const uint8_t *)"";
    f->size = (int64_t)size;
    if (open_common(f, err)) {
        mn_parquet_close(f);
        return NULL;
    }
    return f;
}

const char *mn_parquet_path(const mn_parquet_file *f) { return f->path; }
int64_t mn_parquet_file_size(const mn_parquet_file *f) { return f->size; }
int64_t mn_parquet_num_rows(const mn_parquet_file *f) { return f->num_rows; }
const char *mn_parquet_created_by(const mn_parquet_file *f) { return f->created_by; }
int mn_parquet_num_columns(const mn_parquet_file *f) { return f->ncols; }
const mn_parquet_column *mn_parquet_column_at(const mn_parquet_file *f, int i) {
    return i >= 0 && i < f->ncols ? &f->cols[i] : NULL;
}
int mn_parquet_num_fields(const mn_parquet_file *f) { return f->nfields; }
const mn_parquet_field *mn_parquet_field_at(const mn_parquet_file *f, int i) {
    return i >= 0 && i < f->nfields ? &f->fields[i] : NULL;
}
int mn_parquet_num_row_groups(const mn_parquet_file *f) { return f->nrgs; }
const mn_parquet_row_group *mn_parquet_row_group_at(const mn_parquet_file *f, int i) {
    return i >= 0 && i < f->nrgs ? &f->rgs[i] : NULL;
}

int mn_parquet_find_field(const mn_parquet_file *f, const char *name) {
    for (int i = 0; i < f->nfields; i++)
        if (strcasecmp(f->fields[i].name, name) == 0) return i;
    return -1;
}

/* ------------------------------------------------------------------ statistics */

int mn_parquet_stat_value(const mn_parquet_column *c, const uint8_t *b, uint32_t n, mn_value *out) {
    mn_value_null(out, c->type);
    if (!b) return -1;
    int conv = pq_conv_of(c);
    int64_t i = 0;
    switch (c->physical) {
    case MN_PQ_BOOLEAN:
        if (n < 1) return -1;
        out->u.i = b[0] & 1;
        break;
    case MN_PQ_INT32:
        if (n != 4) return -1;
        i = (int32_t)pq_le32(b);
        switch (conv) {
        case PQ_CONV_U8: i = (uint8_t)i; break;
        case PQ_CONV_U16: i = (uint16_t)i; break;
        case PQ_CONV_U32: i = (uint32_t)i; break;
        case PQ_CONV_I8: i = (int8_t)i; break;
        case PQ_CONV_I16: i = (int16_t)i; break;
        default: break;
        }
        if (conv == PQ_CONV_I32_DEC) out->u.dec = i;
        else out->u.i = i;
        break;
    case MN_PQ_INT64:
        if (n != 8) return -1;
        i = (int64_t)pq_le64(b);
        if (conv == PQ_CONV_I64_DEC) out->u.dec = i;
        else if (conv == PQ_CONV_U64_DEC) out->u.dec = (mn_i128)(uint64_t)i;
        else if (conv == PQ_CONV_MILLIS) out->u.i = pq_millis_micros(i);
        else if (conv == PQ_CONV_NANOS) out->u.i = pq_nanos_micros(i);
        else out->u.i = i;
        break;
    case MN_PQ_INT96:
        if (n != 12) return -1;
        out->u.i = pq_int96_micros(b);
        break;
    case MN_PQ_FLOAT:
        if (n != 4) return -1;
        memcpy(&out->u.f, b, 4);
        break;
    case MN_PQ_DOUBLE:
        if (n != 8) return -1;
        memcpy(&out->u.d, b, 8);
        break;
    default:
        if (c->physical == MN_PQ_FIXED_LEN_BYTE_ARRAY && n != (uint32_t)c->type_length) return -1;
        if (conv == PQ_CONV_BYTES_DEC) {
            if (pq_be_decimal(b, n, &out->u.dec)) return -1;
        } else if (conv == PQ_CONV_F16) {
            out->u.f = pq_half_float(b);
        } else if (conv == PQ_CONV_STR) {
            out->u.s.ptr = (const char *)b;
            out->u.s.len = n;
        } else {
            return -1;
        }
        break;
    }
    if (conv == PQ_CONV_NONE) return -1;
    out->is_null = false;
    return 0;
}

/* ------------------------------------------------------------------ page index */

static int read_index(const mn_parquet_file *f, int64_t off, int32_t len, mn_arena *a, uint8_t **buf, mn_error *err) {
    if (off < 0 || len <= 0) return 1;
    if (off > f->size || len > f->size - off) return pq_corrupt(f, err, "page index lies outside the file");
    *buf = mn_arena_alloc(a, (size_t)len);
    if (!*buf) return oom(err);
    return pq_file_read(f, off, (size_t)len, *buf, err);
}

int mn_parquet_read_offset_index(const mn_parquet_file *f, int rg, int col, mn_arena *a, mn_parquet_page_location **locs,
                                 int *nlocs, mn_error *err) {
    if (rg < 0 || rg >= f->nrgs || col < 0 || col >= f->ncols)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no such Parquet column chunk");
    const mn_parquet_chunk *ch = &f->rgs[rg].chunks[col];
    uint8_t *buf = NULL;
    int rc = read_index(f, ch->offset_index_offset, ch->offset_index_length, a, &buf, err);
    if (rc) return rc;
    const char *msg = NULL;
    rc = pq_read_offset_index(buf, (size_t)ch->offset_index_length, a, locs, nlocs, &msg);
    if (rc == -2) return oom(err);
    if (rc) return pq_corrupt(f, err, "offset index of column '%s': %s", f->cols[col].path, msg);
    return 0;
}

int mn_parquet_read_column_index(const mn_parquet_file *f, int rg, int col, mn_arena *a, mn_parquet_column_index *out,
                                 mn_error *err) {
    if (rg < 0 || rg >= f->nrgs || col < 0 || col >= f->ncols)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no such Parquet column chunk");
    const mn_parquet_chunk *ch = &f->rgs[rg].chunks[col];
    uint8_t *buf = NULL;
    int rc = read_index(f, ch->column_index_offset, ch->column_index_length, a, &buf, err);
    if (rc) return rc;
    const char *msg = NULL;
    rc = pq_read_column_index(buf, (size_t)ch->column_index_length, a, out, &msg);
    if (rc == -2) return oom(err);
    if (rc) return pq_corrupt(f, err, "column index of column '%s': %s", f->cols[col].path, msg);
    return 0;
}
