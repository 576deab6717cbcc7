/* fn_internal.h — private interface of the function library: the shape of registry table
 * entries, the binding record handed to per-entry bind callbacks, and helpers shared by the
 * implementation files (NULL propagation, output strings, UTF-8 walking, error text). */
#ifndef MN_FUNCTION_FN_INTERNAL_H
#define MN_FUNCTION_FN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "exec/expr.h"
#include "function/function.h"
#include "types/types.h"
#include "types/vector.h"

/* ---------- registry entries ---------- */

typedef struct mn_fn_binding mn_fn_binding;

/* Called after overload resolution with the coerced arguments; may replace the result
 * type, the implementation and set bind_data. Errors go to err at b->pos. */
typedef int (*mn_fn_bind_cb)(mn_fn_binding *b, mn_error *err);

enum {
    MN_FN_VOLATILE = 1,  /* never constant-folded (random, now) */
    MN_FN_OPERATOR = 2,  /* listed as "operator" */
    MN_FN_HIDDEN = 4,    /* not listed by mn_func_list */
};

/* One signature. params is a comma-separated list of parameter types:
 *   a concrete type name ("bigint", "date", "interval day to second"),
 *   "decimal" (any decimal(p,s)), "varchar" (any length), "char" (any length),
 *   "timestamp" (any precision), "T" (one type shared by every T parameter: the common
 *   super type of those arguments), "any" (any type, independently), or a pattern over the
 *   type variables T, K, V: "K", "array(T)", "map(K,V)", "array(array(T))" (each variable
 *   is the common super type of the parts it matches; the argument is coerced to the
 *   substituted pattern).
 * A trailing "..." on the last parameter makes it variadic (one or more).
 * ret is a concrete type name, "T", a pattern ("array(T)", "map(K,V)", "V"), "$k" (the
 * resolved type of parameter k), or "" / "=text" when the bind callback computes it (text
 * is what the documentation shows).
 * Scalars: impl (bind may replace it). Aggregates (mn_fn_agg_table): agg, or bind sets
 * b->agg. */
typedef struct mn_fn_entry {
    const char *name;
    const char *params;
    const char *ret;
    mn_scalar_impl impl;
    mn_fn_bind_cb bind;
    const char *desc;
    int flags;
    const mn_agg_fn *agg;
} mn_fn_entry;

struct mn_fn_binding {
    mn_arena *arena;
    const mn_fn_entry *entry;
    const char *name;    /* as called */
    mn_expr **args;      /* coerced arguments (types are the resolved parameter types); the
                            callback may replace the array (arena) and nargs */
    int nargs;
    mn_type ret;         /* from the entry's ret spec; the callback may change it */
    mn_scalar_impl impl; /* entry->impl; the callback may change it */
    void *bind_data;
    bool volatile_;
    mn_pos pos;
    /* aggregates */
    const mn_agg_fn *agg;
    bool force_distinct; /* the callback asks for the DISTINCT wrapper (approx_distinct) */
};

/* Tables exported by the implementation files (terminated by an entry with name NULL). */
extern const mn_fn_entry mn_fn_arith_table[];
extern const mn_fn_entry mn_fn_compare_table[];
extern const mn_fn_entry mn_fn_string_table[];
extern const mn_fn_entry mn_fn_like_table[];
extern const mn_fn_entry mn_fn_math_table[];
extern const mn_fn_entry mn_fn_datetime_table[];
extern const mn_fn_entry mn_fn_datetime_format_table[];
extern const mn_fn_entry mn_fn_datetime_tz_table[];   /* datetime_tz.c */
extern const mn_fn_entry mn_fn_datetime_joda_table[]; /* datetime_joda.c */
extern const mn_fn_entry mn_fn_agg_table[];
extern const mn_fn_entry mn_fn_stat_agg_table[]; /* agg_stats.c */
extern const mn_fn_entry mn_fn_regex_table[];  /* regex_fns.c */
extern const mn_fn_entry mn_fn_json_table[];   /* json_fns.c */
extern const mn_fn_entry mn_fn_binary_table[]; /* binary_fns.c */
extern const mn_fn_entry mn_fn_url_table[];    /* url_fns.c */
extern const mn_fn_entry mn_fn_sketch_agg_table[]; /* sketch_aggs.c */

/* XXH64 (seed 0) of n bytes (binary_fns.c). */
uint64_t mn_fn_xxh64(const void *p, size_t n);

/* Unit-test hook (registry.c): number of table entries whose specs do not parse; *bad gets
 * the first one's name. */
int mn_fn_registry_selfcheck(const char **bad);

/* ---------- casts (cast.c) ---------- */

/* The implementation of CAST(from AS to), or NULL when Trino has no such cast. Cast impls
 * read the source type from ctx->expr->args[0]->type and the target from ctx->expr->type. */
mn_scalar_impl mn_fn_cast_impl(mn_type from, mn_type to);
/* Casts involving JSON (json_fns.c) and to VARBINARY (binary_fns.c); NULL when none. */
mn_scalar_impl mn_fn_json_cast_impl(mn_type from, mn_type to);
mn_scalar_impl mn_fn_varbinary_cast_impl(mn_type from, mn_type to);
/* Casts between JSON and ARRAY/MAP/ROW (json_cast.c); NULL when a part has no JSON cast. */
mn_scalar_impl mn_fn_json_nested_cast_impl(mn_type from, mn_type to);
/* A non-NULL scalar slot (or a JSON value, copied as is) as JSON text, as CAST(x AS JSON)
 * writes it (json_fns.c). Returns -1 when out of memory. */
struct mn_strbuf;
int mn_fn_json_write_scalar(struct mn_strbuf *sb, mn_type t, const void *slot);
/* The current scalar token of lx converted to the scalar type `to` into out row i, as
 * CAST(JSON AS to) does (json is the whole text, for messages; sb is scratch). Returns 0,
 * 1 for a JSON null, -1 with ctx->err (INVALID_CAST_ARGUMENT, or out of memory). */
struct mn_json_lexer;
int mn_fn_json_token_to(mn_fn_ctx *ctx, struct mn_json_lexer *lx, struct mn_strbuf *sb, mn_str json, mn_type to,
                        mn_vector *out, int i);
/* Casts from varchar, date, timestamp, TIME and TIMESTAMP WITH TIME ZONE to TIME or
 * TIMESTAMP WITH TIME ZONE and from those two to date/timestamp (datetime_tz.c). */
mn_scalar_impl mn_fn_tz_cast_impl(mn_type from, mn_type to);
/* Rounds microseconds to `precision` fraction digits (HALF_UP); -1 on overflow (cast.c). */
int mn_fn_round_micros(int64_t v, int precision, int64_t *out);
/* Builds a CAST call node (no TRY wrapping, no same-type shortcut). */
int mn_fn_make_cast(mn_arena *arena, mn_expr *arg, mn_type target, mn_pos pos, mn_expr **out, mn_error *err);

/* ---------- DISTINCT aggregates (agg_distinct.c) ---------- */

/* Wraps a bound (non-distinct) aggregate call so that it de-duplicates its input per group. */
int mn_fn_agg_make_distinct(mn_arena *arena, mn_agg_call *call, mn_error *err);
/* The call a DISTINCT wrapper wraps (call->distinct must be set). */
const mn_agg_call *mn_fn_agg_distinct_inner(const mn_agg_call *call);

/* ---------- row codec for buffering aggregates (agg_order.c) ---------- */

/* A growable byte buffer (malloc'd). */
typedef struct mn_fn_rowbuf {
    char *p;
    size_t len, cap;
} mn_fn_rowbuf;
int mn_fn_rowbuf_put(mn_fn_rowbuf *b, const void *src, size_t n);
/* Appends row `row` of args[0..nargs): per value a null byte, then (when not NULL) the slot
 * bytes (-0.0 and NaNs normalized, so equal values encode equal) or, for varlen types, a
 * u32 length and the bytes. Returns -1 when out of memory. */
int mn_fn_row_encode(mn_fn_rowbuf *b, mn_vector **args, int nargs, int row);
/* Decodes one encoded row into row `row` of vecs[0..nargs) (data, and nulls when not NULL,
 * sized by the caller; strings point into p). Returns the end of the row. */
const char *mn_fn_row_decode(const char *p, mn_vector *vecs, int nargs, int row);

/* ---------- evaluation helpers (fn_util.c) ---------- */

/* Shared start of a NULL-in-NULL-out implementation. When every argument is CONSTANT (and
 * nargs > 0) out becomes CONSTANT and *count is set to 1. Out's null bytes become the OR of
 * the arguments'; *nulls points at them (NULL when no row is NULL). Returns 0, 1 when every
 * row is NULL or there are no rows (nothing left to compute), or -1 on out of memory. */
int mn_fn_prologue(mn_fn_ctx *ctx, mn_vector **args, int nargs, int *count, mn_vector *out,
                   const uint8_t **nulls);
/* Same for functions that must produce one value per row (volatile ones): never constant. */
int mn_fn_prologue_flat(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out,
                        const uint8_t **nulls);
/* Stable merge sort of the indices a[0..n) by cmp (tmp: n scratch entries). */
void mn_fn_index_sort(int64_t *a, int64_t *tmp, int64_t n, int (*cmp)(const void *ctx, int64_t x, int64_t y),
                      const void *ctx);
/* Marks every row of out [0, count) NULL. */
int mn_fn_all_null(mn_fn_ctx *ctx, int count, mn_vector *out);
/* An impl producing only NULLs (calls whose arguments are all of type unknown). */
int mn_fn_impl_null(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out);
/* Space for an n-byte string in out's heap (NULL with err set when out of memory or when n
 * exceeds the per-value limit). */
char *mn_fn_str_alloc(mn_fn_ctx *ctx, mn_vector *out, size_t n);
#define MN_FN_MAX_STRING ((size_t)1 << 30)
int mn_fn_oom(mn_fn_ctx *ctx);

/* Impl boilerplate: `const uint8_t *nulls` plus the prologue (returns early when every row
 * is NULL). Expects parameters named ctx, args, count, out. */
#define MN_FN_PROLOGUE(n)                                            \
    const uint8_t *nulls;                                            \
    do {                                                             \
        int rc_ = mn_fn_prologue(ctx, args, n, &count, out, &nulls); \
        if (rc_) return rc_ < 0 ? -1 : 0;                            \
    } while (0)
/* Loop over the rows that are not NULL (after MN_FN_PROLOGUE). */
#define MN_FN_EACH_ROW(i) \
    for (int i = 0; i < count; i++)  \
        if (!mn_fn_null_at(nulls, i))

/* Runs STMT (using x, y and r_[i]) for every row over the flat/constant combinations of
 * args[0] and args[1]; NULL rows are computed too, so STMT must be safe on garbage. */
#define MN_FN_BIN_LOOP(TA, TB, TR, STMT)                                           \
    do {                                                                           \
        const TA *a_ = (const TA *)args[0]->data;                                  \
        const TB *b_ = (const TB *)args[1]->data;                                  \
        TR *r_ = (TR *)out->data;                                                  \
        const int n_ = count; /* a local: byte stores could alias `count` */       \
        if (args[0]->mask && args[1]->mask) {                                      \
            for (int i = 0; i < n_; i++) {                                         \
                TA x = a_[i];                                                      \
                TB y = b_[i];                                                      \
                STMT;                                                              \
            }                                                                      \
        } else if (args[0]->mask) {                                                \
            TB y = b_[0];                                                          \
            for (int i = 0; i < n_; i++) {                                         \
                TA x = a_[i];                                                      \
                STMT;                                                              \
            }                                                                      \
        } else if (args[1]->mask) {                                                \
            TA x = a_[0];                                                          \
            for (int i = 0; i < n_; i++) {                                         \
                TB y = b_[i];                                                      \
                STMT;                                                              \
            }                                                                      \
        } else {                                                                   \
            TA x = a_[0];                                                          \
            TB y = b_[0];                                                          \
            for (int i = 0; i < n_; i++) {                                         \
                STMT;                                                              \
            }                                                                      \
        }                                                                          \
    } while (0)

/* Overflow-safe calendar arithmetic on microseconds (values near INT64_MIN included). */
static inline int64_t mn_fn_mod(int64_t a, int64_t b) { /* a mod b in [0, b), b > 0 */
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}
/* *out = floor(a / b) * b; -1 when that leaves the int64 range. */
int mn_fn_floor_to(int64_t a, int64_t b, int64_t *out);

/* Typed slot access honouring FLAT/CONSTANT. */
#define MN_SLOT(v, T, i) (((const T *)(v)->data)[(uint32_t)(i) & (v)->mask])
static inline bool mn_fn_null_at(const uint8_t *nulls, int i) { return nulls && nulls[i]; }

/* Reads an integer slot of any width (TINYINT..BIGINT, DATE, INTERVAL, BOOLEAN) as int64. */
int64_t mn_fn_get_int(const mn_vector *v, int row);
/* Writes an int64 into an integer slot of out's width (caller checked the range). */
void mn_fn_put_int(mn_vector *out, int row, int64_t x);
/* Range of an integer type id (TINYINT..BIGINT). */
void mn_fn_int_range(int type_id, int64_t *lo, int64_t *hi);
/* Trino display name of a type ("bigint", "varchar(3)") in a caller buffer (>= 48). */
const char *mn_fn_type_name(mn_type t, char *buf);
/* Trino's upper-case type name used in cast messages ("INTEGER", "DECIMAL(10, 2)"). */
const char *mn_fn_type_name_upper(mn_type t, char *buf);

/* ---------- UTF-8 (code points; invalid bytes count as one character each) ---------- */

static inline bool mn_utf8_is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
/* Number of code points (= bytes that are not continuation bytes). */
int64_t mn_utf8_count(const char *s, size_t n);
/* Byte offset where code point number k (0-based) starts; n when k == count; SIZE_MAX when
 * k > count. */
size_t mn_utf8_offset(const char *s, size_t n, int64_t k);
/* Index just past the character starting at i. */
static inline size_t mn_utf8_next(const char *s, size_t n, size_t i) {
    i++;
    while (i < n && mn_utf8_is_cont((unsigned char)s[i])) i++;
    return i;
}
/* Decodes the code point starting at i (invalid sequences give the byte value) and sets
 * *next past it. */
uint32_t mn_utf8_decode(const char *s, size_t n, size_t i, size_t *next);
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t mn_utf8_encode(uint32_t cp, char *out);

#endif
