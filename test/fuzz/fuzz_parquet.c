/* fuzz_parquet.c — libFuzzer target for the Parquet reader: any bytes opened as a file from
 * memory must give an error or values — never a crash, hang, leak or huge allocation. Reads
 * every flat column and every nested field (assembled from its levels) of every row group,
 * the statistics and the page indexes, and again with the pushdown paths: page filter, bloom
 * filter, dictionary filter and skipping. run.sh seeds the corpus with the small
 * parquet-testing files, nested ones (LIST, MAP, STRUCT, legacy lists) included. Build with clang
 * -fsanitize=fuzzer,address,undefined -Iinclude -Isrc together with the .c files of
 * src/common, src/types, src/format/parquet_* and src/io/fs.c, linking -lsnappy -lzstd -llz4
 * -lz -lbrotlidec -lm; seed the corpus with the small files of parquet-testing/data. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/strbuf.h"
#include "format/parquet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open_memory(data, size, "fuzz", &err);
    if (!f) {
        if (err.code != MN_ERR_CORRUPT && err.code != MN_ERR_NOT_SUPPORTED && err.code != MN_ERR_OUT_OF_MEMORY) abort();
        return 0;
    }
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_parquet_reader *r = NULL;
    for (int c = 0; c < mn_parquet_num_columns(f); c++) {
        const mn_parquet_column *col = mn_parquet_column_at(f, c);
        mn_vector v;
        mn_vector_init(&v, col->type);
        for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
            const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f, g)->chunks[c];
            mn_value val;
            if (ch->has_stats) {
                mn_parquet_stat_value(col, ch->stats.min, ch->stats.min_len, &val);
                mn_parquet_stat_value(col, ch->stats.max, ch->stats.max_len, &val);
            }
            mn_parquet_page_location *locs;
            int nlocs;
            mn_parquet_column_index ci;
            mn_parquet_read_offset_index(f, g, c, &a, &locs, &nlocs, &err);
            mn_parquet_read_column_index(f, g, c, &a, &ci, &err);
            /* a predicate `col = min` judged every way the scan judges it */
            mn_value pv;
            bool have_pred = mn_parquet_pred_type_ok(col) && ch->has_stats &&
                             mn_parquet_stat_value(col, ch->stats.min, ch->stats.min_len, &pv) == 0 && !pv.is_null;
            mn_parquet_pred pred = {MN_PQ_PRED_EQ, 1, &pv};
            if (have_pred) {
                bool *keep;
                int npages;
                int64_t bytes = 0;
                mn_parquet_page_filter(f, g, c, &pred, 1, &a, &keep, &npages, &bytes, &err);
                mn_parquet_bloom_filter(f, g, c, &pred, &bytes, &err);
            }
            mn_arena_rewind(&a);
            if (col->unsupported || col->nested) continue;
            if (have_pred && (r ? mn_parquet_reader_reset(r, f, g, c, &err) : ((r = mn_parquet_reader_open(f, g, c, &err)) ? 0 : -1)) == 0 &&
                mn_parquet_reader_dict_select(r, &pred, 1, &err) >= 0) {
                /* skip and read in turns */
                int got, step = 1;
                while (mn_parquet_reader_rows_left(r) > 0 && mn_vector_prepare(&v, &err) == 0) {
                    int64_t left = mn_parquet_reader_rows_left(r);
                    if (mn_parquet_reader_skip(r, left < step ? left : step, &err)) break;
                    if (mn_parquet_reader_read(r, &v, 3, &got, &err)) break;
                    step = step * 7 % 5000 + 1;
                }
            }
            int rc = r ? mn_parquet_reader_reset(r, f, g, c, &err) : ((r = mn_parquet_reader_open(f, g, c, &err)) ? 0 : -1);
            if (rc) continue;
            int got;
            while (mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, MN_VECTOR_SIZE, &got, &err) == 0 &&
                   got > 0) {
                /* touch every value so that sanitizers see uninitialized or dangling slots */
                for (int i = 0; i < got; i++) {
                    mn_vector_get_value(&v, i, &val);
                    if (!val.is_null && (col->type.id == MN_T_VARCHAR) && val.u.s.len) {
                        volatile char x = val.u.s.ptr[0];
                        x = val.u.s.ptr[val.u.s.len - 1];
                        (void)x;
                    }
                }
            }
        }
        mn_vector_destroy(&v);
    }
    mn_parquet_reader_close(r);
    mn_parquet_nested_reader *nr = NULL;
    for (int i = 0; i < mn_parquet_num_fields(f); i++) {
        const mn_parquet_field *F = mn_parquet_field_at(f, i);
        if (!F->nested || F->unsupported) continue;
        mn_vector v;
        mn_vector_init(&v, F->type);
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
            int rc = nr ? mn_parquet_nested_reset(nr, f, g, i, F->type, &err)
                        : ((nr = mn_parquet_nested_open(f, g, i, F->type, &err)) ? 0 : -1);
            if (rc) continue;
            int got;
            while (mn_vector_prepare(&v, &err) == 0 && mn_parquet_nested_read(nr, &v, 1000, &got, &err) == 0 && got > 0) {
                /* rendering decodes every element of every value */
                for (int k = 0; k < got; k++) {
                    mn_value val;
                    mn_vector_get_value(&v, k, &val);
                    mn_strbuf_clear(&sb);
                    if (!val.is_null) mn_value_render(&val, &sb);
                }
            }
        }
        mn_strbuf_free(&sb);
        mn_vector_destroy(&v);
    }
    mn_parquet_nested_close(nr);
    mn_arena_destroy(&a);
    mn_parquet_close(f);
    return 0;
}
