#!/usr/bin/env bash
# test/fuzz/run.sh [SECONDS] — builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each for a bounded time (default 30 s), seeded with real inputs: the TPC-H queries for the
# SQL parser, the small parquet-testing files for the Parquet decoders, test/data/json for the
# JSON reader. A crash, leak or
# sanitizer report fails the target; the crashing input is kept under build/fuzz/. Ends with
# "N passed, M failed" (one check per target).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SECS=${1:-30}
SHARED=${MINERVA_TESTDATA:-$(pwd)/../shared/testdata}
OUT=build/fuzz
mkdir -p "$OUT"
passed=0
failed=0
if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: clang not installed"
    echo "0 passed, 1 failed"
    exit 1
fi
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -Isrc -pthread -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
LIBS="-lsqlite3 -ledit -lsnappy -lzstd -llz4 -lz -lbrotlidec -lpcre2-8 -lutf8proc -lcrypto -lm -lpthread"

# the library once, instrumented, then one link per target
mkdir -p "$OUT/obj"
export CFLAGS OUT
if ! find src -name '*.c' ! -path 'src/cli/*' | sort | xargs -P "$(nproc)" -I{} sh -c \
    'o="$OUT/obj/$(echo "{}" | tr / _).o"; [ "$o" -nt "{}" ] || clang $CFLAGS -c "{}" -o "$o"' 2>"$OUT/lib.build.log"; then
    echo "fuzz: building the library failed"
    head -20 "$OUT/lib.build.log"
    echo "0 passed, 1 failed"
    exit 1
fi

run_target() { # NAME SEED_DIR
    local name=$1 seeds=$2
    if ! clang ${CFLAGS/fuzzer-no-link/fuzzer} "test/fuzz/$name.c" "$OUT"/obj/*.o -o "$OUT/$name" $LIBS 2>"$OUT/$name.build.log"; then
        echo "$name: FAILED to build"
        head -20 "$OUT/$name.build.log"
        failed=$((failed + 1))
        return
    fi
    mkdir -p "$OUT/$name.corpus"
    if "$OUT/$name" "$OUT/$name.corpus" "$seeds" -max_total_time="$SECS" -rss_limit_mb=4096 -timeout=20 \
        -artifact_prefix="$OUT/$name-" -print_final_stats=1 >"$OUT/$name.log" 2>&1; then
        echo "$name: ok ($(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$OUT/$name.log" | sed 's/.*: //') runs in ${SECS} s)"
        passed=$((passed + 1))
    else
        echo "$name: FAILED"
        grep -E 'ERROR|SUMMARY|artifact' "$OUT/$name.log" | head -20
        failed=$((failed + 1))
    fi
}

SEED_SQL=$OUT/seeds_sql
mkdir -p "$SEED_SQL"
cp "$SHARED"/tpch-sf0.1/queries/*.sql "$SEED_SQL/" 2>/dev/null
SEED_PQ=$OUT/seeds_parquet
mkdir -p "$SEED_PQ"
find "$SHARED/parquet-testing/data" -maxdepth 1 -name '*.parquet' -size -12k -exec cp {} "$SEED_PQ/" \; 2>/dev/null
# nested fields (LIST, MAP, STRUCT, legacy 2-level lists, unannotated repeated fields), whatever their size
for f in nested_lists.snappy nested_maps.snappy nullable.impala nonnullable.impala old_list_structure \
    repeated_no_annotation repeated_primitive_no_list list_columns null_list incorrect_map_schema map_no_value; do
    cp "$SHARED/parquet-testing/data/$f.parquet" "$SEED_PQ/" 2>/dev/null
done

SEED_JSON=$OUT/seeds_json
mkdir -p "$SEED_JSON"
find test/data/json -name '*.json' -exec cp {} "$SEED_JSON/" \; 2>/dev/null

run_target fuzz_parser "$SEED_SQL"
run_target fuzz_parquet "$SEED_PQ"
run_target fuzz_json "$SEED_JSON"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
