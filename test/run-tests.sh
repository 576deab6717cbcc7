#!/usr/bin/env bash
# run-tests.sh BUILD_DIR — runs every test against one build (normally build/asan):
# C unit tests, sqllogictest files, the TPC-H checks, the CLI contract checks and
# the bad-input checks.
# Keeps going after failures; the last line printed is "N passed, M failed"
# (totals); exit status 1 if anything failed.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_ARG=${1:-build/asan}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
cd "$ROOT" || exit 2

PASSED=0
FAILED=0
# per-program timeout (seconds); a hang counts as a failure
TEST_TIMEOUT=${TEST_TIMEOUT:-900}

LOG=$(mktemp "${TMPDIR:-/tmp}/minerva-test-log.XXXXXX")
trap 'rm -f "$LOG"' EXIT

# Sanitizer settings for every program below. Leak checking is on when
# LeakSanitizer works on this machine (it needs ptrace, which some containers deny).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_OPTIONS:-}" ]; then
    if [ -x "$BUILD/minerva" ] &&
        ASAN_OPTIONS=detect_leaks=1 "$BUILD/minerva" --version >/dev/null 2>"$LOG" &&
        ! grep -q 'LeakSanitizer' "$LOG"; then
        export ASAN_OPTIONS=detect_leaks=1
    else
        export ASAN_OPTIONS=detect_leaks=0
        echo "note: LeakSanitizer unavailable here; running without leak checks"
    fi
fi

# last "N passed, M failed" line of a log: sets P and F (empty when none)
summary_of() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    P=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p')
    F=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p')
}

# adds a program's counts; a bad exit status without failures counted, or a
# missing summary line, counts as one more failure (crash, hang, sanitizer report)
account() { # NAME RC LOGFILE
    local name=$1 rc=$2 log=$3
    summary_of "$log"
    if [ -z "$P" ]; then
        P=0
        F=1
        echo "$name: no summary line (exit status $rc)"
    elif [ "$rc" -ne 0 ] && [ "$F" -eq 0 ]; then
        F=1
        echo "$name: exit status $rc with no failure counted"
    fi
    if [ "$rc" -ge 124 ]; then
        [ "$rc" -eq 124 ] && echo "$name: TIMEOUT after ${TEST_TIMEOUT}s" || echo "$name: CRASHED (exit status $rc)"
    fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$log"; then
        echo "$name: sanitizer report (see the log below)"
        [ "$F" -eq 0 ] && F=1
    fi
    PASSED=$((PASSED + P))
    FAILED=$((FAILED + F))
}

echo "== unit tests"
if [ -d "$BUILD/unit" ]; then
    for prog in "$BUILD"/unit/*; do
        [ -f "$prog" ] && [ -x "$prog" ] || continue
        name=unit/$(basename "$prog")
        timeout "$TEST_TIMEOUT" "$prog" >"$LOG" 2>&1 </dev/null
        rc=$?
        account "$name" "$rc" "$LOG"
        if [ "$F" -ne 0 ]; then
            echo "$name: FAILED ($P passed, $F failed)"
            grep -vE '^[0-9]+ passed, [0-9]+ failed' "$LOG" | head -n 60
        else
            echo "$name: $P passed"
        fi
    done
else
    echo "no unit tests built in $BUILD/unit"
fi

echo "== sqllogictest"
SLT=$BUILD/tools/sqllogictest
SHARED_TESTDATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}
slt_files=()
while IFS= read -r f; do slt_files+=("$f"); done < <(find test/sql -name '*.test' 2>/dev/null | sort)
# test/sql/shared.list may name files of the shared test data (one path a line,
# relative to the shared testdata folder; '#' starts a comment)
if [ -f test/sql/shared.list ]; then
    while IFS= read -r line; do
        line=${line%%#*}
        line=$(echo "$line" | tr -d '[:space:]')
        [ -n "$line" ] || continue
        slt_files+=("$SHARED_TESTDATA/$line")
    done <test/sql/shared.list
fi
if [ ! -x "$SLT" ]; then
    echo "sqllogictest runner missing: $SLT"
    FAILED=$((FAILED + 1))
elif [ "${#slt_files[@]}" -eq 0 ]; then
    echo "no .test files under test/sql"
else
    for f in "${slt_files[@]}"; do
        timeout "$TEST_TIMEOUT" "$SLT" "$f" >"$LOG" 2>&1 </dev/null
        rc=$?
        account "$f" "$rc" "$LOG"
        if [ "$F" -ne 0 ]; then
            head -n 150 "$LOG"
        else
            grep -E "^$f: " "$LOG" || echo "$f: $P passed"
        fi
    done
fi

echo "== TPC-H"
bash test/tpch/run.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
cat "$LOG"
account "tpch" "$rc" "$LOG"

echo "== TPC-H over Parquet (after ANALYZE: plans from column statistics)"
TPCH_FORMAT=parquet TPCH_ANALYZE=1 bash test/tpch/run.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
cat "$LOG"
account "tpch-parquet" "$rc" "$LOG"

echo "== Parquet written by Minerva, read by DuckDB"
bash test/parquet/writer_duckdb.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
tail -n 20 "$LOG"
account "parquet-writer" "$rc" "$LOG"

echo "== Parquet predicate pushdown (skipping, same answers)"
bash test/parquet/pushdown.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
tail -n 20 "$LOG"
account "parquet-pushdown" "$rc" "$LOG"

echo "== Parquet files read vs DuckDB"
if [ -d "$SHARED_TESTDATA/parquet-testing/data" ]; then
    [ -d bench/node_modules/@duckdb/node-api ] || (cd bench && npm install --no-audit --no-fund >/dev/null 2>&1)
    node test/tools/parquet_read_compare.mjs "$BUILD/minerva" "$SHARED_TESTDATA/parquet-testing/data" \
        test/parquet/read_known_failures.txt >"$LOG" 2>&1 </dev/null
    rc=$?
    grep -v ': ok' "$LOG" | tail -n 30
    account "parquet-read" "$rc" "$LOG"
else
    echo "parquet-testing data not found"
    FAILED=$((FAILED + 1))
fi

echo "== JSON files read vs DuckDB"
[ -d bench/node_modules/@duckdb/node-api ] || (cd bench && npm install --no-audit --no-fund >/dev/null 2>&1)
node test/tools/json_read_compare.mjs "$BUILD/minerva" >"$LOG" 2>&1 </dev/null
rc=$?
tail -n 20 "$LOG"
account "json-read" "$rc" "$LOG"

echo "== differential test against DuckDB"
if command -v node >/dev/null 2>&1 && [ -x "$BUILD/tools/diffrun" ]; then
    timeout 1800 bash test/diff/run.sh "$BUILD" "${DIFF_COUNT:-2000}" "${DIFF_SEED:-1}" >"$LOG" 2>&1 </dev/null
    rc=$?
    tail -n 3 "$LOG"
    account "diff" "$rc" "$LOG"
    [ "$F" -ne 0 ] && grep -A6 '^FAIL' "$LOG" | head -n 80
else
    echo "diff: node or $BUILD/tools/diffrun missing"
    FAILED=$((FAILED + 1))
fi

echo "== differential test against SQLite (generated sqllogictest files)"
# expected results computed by SQLite (Python's sqlite3) for statements both engines mean
# the same way: index-suite shapes (keys, FLOAT/TEXT, CREATE INDEX, DELETE/UPDATE) and
# random-suite shapes (integer expressions, CASE/NULLIF/COALESCE, NULL predicates, aggregates)
if command -v python3 >/dev/null 2>&1 && python3 -c 'import sqlite3' 2>/dev/null && [ -x "$SLT" ]; then
    SLTGEN=$(mktemp -d "${TMPDIR:-/tmp}/minerva-sqlitediff.XXXXXX")
    for spec in "index 7" "index 8" "expr 1" "expr 2"; do
        read -r kind seed <<<"$spec"
        f=$SLTGEN/$kind-$seed.test
        python3 test/diff/sqlite_slt.py "$kind" "$seed" "$f"
        timeout "$TEST_TIMEOUT" "$SLT" "$f" >"$LOG" 2>&1 </dev/null
        rc=$?
        account "sqlite-$kind-$seed" "$rc" "$LOG"
        if [ "$F" -ne 0 ]; then head -n 60 "$LOG"; else echo "sqlite-$kind-$seed: $P passed"; fi
    done
    rm -rf "$SLTGEN"
else
    echo "sqlite differential test: python3 with sqlite3 or the sqllogictest runner missing"
    FAILED=$((FAILED + 1))
fi

echo "== fuzzing (bounded)"
bash test/fuzz/run.sh "${FUZZ_SECONDS:-30}" >"$LOG" 2>&1 </dev/null
rc=$?
cat "$LOG"
account "fuzz" "$rc" "$LOG"

echo "== CLI"
bash test/cli/run.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
cat "$LOG"
account "cli" "$rc" "$LOG"

echo "== bad input"
bash test/errors/run.sh "$BUILD" >"$LOG" 2>&1 </dev/null
rc=$?
cat "$LOG"
account "errors" "$rc" "$LOG"

echo "== generated files"
# docs/functions.md is generated from the function registry and must be fresh
if [ -x "$BUILD/tools/gen_functions_doc" ] && "$BUILD/tools/gen_functions_doc" >"$LOG" 2>&1 &&
    cmp -s "$LOG" docs/functions.md; then
    echo "ok: docs/functions.md is up to date"
    PASSED=$((PASSED + 1))
else
    echo "FAILED: docs/functions.md is stale: run build/tools/gen_functions_doc > docs/functions.md"
    FAILED=$((FAILED + 1))
fi

echo "== function coverage"
# every function in docs/functions.md is exercised by test/sql/functions/*.test
bash test/tools/check_function_coverage.sh >"$LOG" 2>&1 </dev/null
rc=$?
tail -n 5 "$LOG"
account "function-coverage" "$rc" "$LOG"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
