#!/usr/bin/env bash
# test/diff/run.sh BUILD_DIR [COUNT] [SEED] [diff.mjs options...] — differential test:
# COUNT random queries (default 2000) from seed SEED (default 1) over TPC-H SF0.1, run in
# Minerva (BUILD_DIR/tools/diffrun, built by `make`) and in DuckDB (npm
# @duckdb/node-api, installed into test/diff/node_modules on first use), results
# compared. Prints each difference and ends with "N passed, M failed" (exit status 1 on
# any failure). Builds nothing. MINERVA_TESTDATA overrides the shared test data folder
# (default: <repo>/../shared/testdata). See test/diff/README.md.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../.." && pwd))
BUILD_ARG=${1:-build}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
COUNT=${2:-2000}
SEED=${3:-1}
shift $(($# < 3 ? $# : 3))
DIFFRUN=$BUILD/tools/diffrun
DATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}/tpch-sf0.1/tbl

give_up() {
    echo "diff: $1"
    echo "0 passed, 1 failed"
    exit 1
}

[ -x "$DIFFRUN" ] || give_up "$DIFFRUN is not built (make $BUILD_ARG/tools/diffrun)"
[ -f "$DATA/lineitem.tbl" ] || give_up "TPC-H test data not found at $DATA"
command -v node >/dev/null 2>&1 || give_up "node is not installed"
if [ ! -f "$HERE/node_modules/@duckdb/node-api/package.json" ]; then
    command -v npm >/dev/null 2>&1 || give_up "npm is not installed"
    echo "diff: installing @duckdb/node-api into $HERE/node_modules"
    (cd "$HERE" && npm install --no-audit --no-fund --no-package-lock --loglevel=error) ||
        give_up "npm install failed"
fi

exec node "$HERE/diff.mjs" --diffrun "$DIFFRUN" --data "$DATA" --count "$COUNT" --seed "$SEED" "$@"
