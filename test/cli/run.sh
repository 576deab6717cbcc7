#!/usr/bin/env bash
# test/cli/run.sh BUILD_DIR — checks the `minerva` CLI contract that scripts rely
# on: the exact text of each output format, statement splitting, piped input,
# and exit statuses. Ends with "N passed, M failed"; exit status 1 on failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD_ARG=${1:-build/asan}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
MINERVA=$BUILD/minerva
TIMEOUT=${CLI_TIMEOUT:-120}
passed=0
failed=0

if [ ! -x "$MINERVA" ]; then
    echo "cli: $MINERVA is not built"
    echo "0 passed, 1 failed"
    exit 1
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/minerva-cli.XXXXXX")
trap 'rm -rf "$W"' EXIT

# check NAME EXPECTED_STDOUT EXPECTED_RC ARGS... (stdin from $W/stdin when it exists)
check() {
    local name=$1 want=$2 want_rc=$3
    shift 3
    local in=/dev/null
    [ -f "$W/stdin" ] && in=$W/stdin
    timeout "$TIMEOUT" "$MINERVA" --home "$W/home" "$@" >"$W/out" 2>"$W/err" <"$in"
    local rc=$?
    printf '%s' "$want" >"$W/want"
    if [ "$rc" -ne "$want_rc" ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$W/err"; then
        failed=$((failed + 1))
        echo "FAILED: $name: exit status $rc, expected $want_rc"
        head -c 1500 "$W/err"
    elif ! cmp -s "$W/out" "$W/want"; then
        failed=$((failed + 1))
        echo "FAILED: $name: output differs (- expected, + actual)"
        diff -u "$W/want" "$W/out" | tail -n +3 | head -n 40
        [ -s "$W/err" ] && echo "stderr: $(head -c 500 "$W/err")"
    else
        passed=$((passed + 1))
        echo "ok: $name"
    fi
}

Q="SELECT 1 AS a, 'x,y' AS b, CAST(NULL AS varchar) AS c, '' AS d, true AS e, 2.50 AS f"
check "csv" 'a,b,c,d,e,f
1,"x,y",,"",true,2.50
' 0 --format csv -c "$Q"
check "tsv" $'a\tb\tc\td\te\tf\n1\tx,y\t\t\ttrue\t2.50\n' 0 --format tsv -c "$Q"
check "json" '{"a":1,"b":"x,y","c":null,"d":"","e":true,"f":2.50}
' 0 --format json -c "$Q"
check "table" '+---+-----+------+---+------+------+
| a |  b  |  c   | d |  e   |  f   |
+---+-----+------+---+------+------+
| 1 | x,y | NULL |   | true | 2.50 |
+---+-----+------+---+------+------+
' 0 --format table -c "$Q"
check "markdown" '| a   | b   | c    | d   | e    | f    |
|----:|-----|------|-----|------|-----:|
|   1 | x,y | NULL |     | true | 2.50 |
' 0 --format markdown -c "$Q"
check "csv quoting of quotes and line breaks" 's,t
"a""b","l1
l2"
' 0 --format csv -c "SELECT 'a\"b' AS s, 'l1' || chr(10) || 'l2' AS t"
check "tsv escapes" $'s\na\\tb\\\\c\\nd\n' 0 --format tsv -c "SELECT 'a' || chr(9) || 'b\\c' || chr(10) || 'd' AS s"
check "json escapes and UTF-8" '{"s":"q\"b\\s\nü€"}
' 0 --format json -c "SELECT 'q\"b\\s' || chr(10) || 'ü€' AS s"
check "unnamed columns are _col0, _col1" '_col0,_col1
1,2
' 0 --format csv -c 'SELECT 1, 2'
check "several statements, blank ones skipped" 'x
1
y
2
' 0 --format csv -c 'SELECT 1 AS x; ;  ; SELECT 2 AS y'
check "the last statement may omit ';'" 'x
1
' 0 --format csv -c $'-- leading comment\nSELECT 1 AS x'
check "an empty result prints only the header" 'x
' 0 --format csv -c 'SELECT 1 AS x WHERE false'
check "DDL prints nothing" '' 0 -c 'CREATE DATABASE IF NOT EXISTS clitest'
check "a failed statement gives exit 1, later ones still run" 'y
2
' 1 --format csv -c 'SELEC 1; SELECT 2 AS y'
printf 'SELECT 1 AS x;\nSELECT\n  2 AS y;\nSELECT 3 AS z' >"$W/stdin"
check "statements piped on stdin" 'x
1
y
2
z
3
' 0 --format csv
rm -f "$W/stdin"
printf 'SELECT 1 AS x;\n\nSELECT 1 +;\n' >"$W/f.sql"
check "-f runs a file" 'x
1
' 1 --format csv -f "$W/f.sql"
if grep -q '^Query failed: [A-Z_]*: line 3:[0-9]*: ' "$W/err"; then
    passed=$((passed + 1))
    echo "ok: error line format 'Query failed: CODE: line L:C: message'"
else
    failed=$((failed + 1))
    echo "FAILED: error line format: $(cat "$W/err")"
fi
# EXPLAIN ANALYZE: rows and time for every operator, memory for the ones holding state
timeout "$TIMEOUT" "$MINERVA" --home "$W/home" --format tsv -c "EXPLAIN ANALYZE SELECT x % 7 AS k, count(*) FROM UNNEST(sequence(1, 50)) AS t(x) GROUP BY 1 ORDER BY 2 DESC, 1" >"$W/out" 2>"$W/err"
if grep -qE 'Sort\[.*\{rows: 7, time: [0-9.]+ ms, memory: [0-9.]+ [KM]?i?B\}' "$W/out" &&
    grep -qE 'HashAggregate\[.*\{rows: 7, time: [0-9.]+ ms, memory: [0-9.]+ [KM]?i?B\}' "$W/out" &&
    grep -qE 'Project\[.*\{rows: [0-9]+, time: [0-9.]+ ms\}' "$W/out"; then
    passed=$((passed + 1))
    echo "ok: EXPLAIN ANALYZE shows rows, time and memory per operator"
else
    failed=$((failed + 1))
    echo "FAILED: EXPLAIN ANALYZE per-operator figures: $(cat "$W/out" "$W/err")"
fi
check "--version" "$("$MINERVA" --version)
" 0 --version
check "--help succeeds" "$("$MINERVA" --help)
" 0 --help

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
