#!/usr/bin/env bash
# test/errors/run.sh BUILD_DIR — bad-input checks for the `minerva` binary:
# malformed SQL, unknown names, malformed data files, missing or unreadable
# locations, bad command lines. Every check requires "no crash": exit status
# below 124 and no sanitizer report on stderr. Ends with "N passed, M failed".
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../.." && pwd))
BUILD_ARG=${1:-build/asan}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
MINERVA=$BUILD/minerva
TESTDATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}
TIMEOUT=${ERRORS_TIMEOUT:-120}

passed=0
failed=0

if [ ! -x "$MINERVA" ]; then
    echo "errors: $MINERVA is not built"
    echo "0 passed, 1 failed"
    exit 1
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/minerva-errors.XXXXXX")
trap 'rm -rf "$W"' EXIT
H=$W/home

# run ARGS... — runs minerva on the test home; sets RC, output in $W/out, $W/err
run() {
    timeout "$TIMEOUT" "$MINERVA" --home "$H" "$@" >"$W/out" 2>"$W/err" </dev/null
    RC=$?
}
# run_stdin FILE ARGS... — same, with FILE on stdin
run_stdin() {
    local in=$1
    shift
    timeout "$TIMEOUT" "$MINERVA" --home "$H" "$@" >"$W/out" 2>"$W/err" <"$in"
    RC=$?
}

# sane: no crash, no hang, no sanitizer report
sane() {
    [ "$RC" -lt 124 ] && ! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$W/err"
}

pass() {
    passed=$((passed + 1))
    echo "ok: $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAILED: $1: $2 (exit status $RC)"
    echo "  stderr: $(head -c 1500 "$W/err")"
    [ -s "$W/out" ] && echo "  stdout: $(head -c 500 "$W/out")"
}

# expect_error NAME REGEX ARGS... — must fail with exit 1 and stderr matching REGEX
expect_error() {
    local name=$1 re=$2
    shift 2
    run "$@"
    if ! sane; then
        fail "$name" "crash or sanitizer report"
    elif [ "$RC" -ne 1 ]; then
        fail "$name" "expected exit status 1"
    elif ! grep -qE -- "$re" "$W/err"; then
        fail "$name" "stderr does not match /$re/"
    else
        pass "$name"
    fi
}

# expect_ok NAME REGEX ARGS... — must succeed with stdout matching REGEX
# (an empty REGEX: stdout must be empty)
expect_ok() {
    local name=$1 re=$2
    shift 2
    run "$@"
    if ! sane; then
        fail "$name" "crash or sanitizer report"
    elif [ "$RC" -ne 0 ]; then
        fail "$name" "expected exit status 0"
    elif [ -z "$re" ] && [ -s "$W/out" ]; then
        fail "$name" "expected no output"
    elif [ -n "$re" ] && ! grep -qE -- "$re" "$W/out"; then
        fail "$name" "stdout does not match /$re/"
    else
        pass "$name"
    fi
}

# expect_no_crash NAME ARGS... — exit 0 or 1, nothing worse
expect_no_crash() {
    local name=$1
    shift
    run "$@"
    if ! sane; then
        fail "$name" "crash or sanitizer report"
    elif [ "$RC" -gt 1 ]; then
        fail "$name" "expected exit status 0 or 1"
    else
        pass "$name"
    fi
}

POS='line [0-9]+:[0-9]+'

# ---- command line ----
run --format nope -c 'SELECT 1'
if sane && [ "$RC" -eq 2 ]; then pass "unknown --format gives exit 2"; else fail "unknown --format" "expected exit 2"; fi
run --no-such-option
if sane && [ "$RC" -eq 2 ]; then pass "unknown option gives exit 2"; else fail "unknown option" "expected exit 2"; fi
run -f "$W/no-such-file.sql"
if sane && [ "$RC" -eq 2 ] && grep -q 'no-such-file.sql' "$W/err"; then
    pass "missing -f file gives exit 2 naming it"
else
    fail "missing -f file" "expected exit 2 and the file name on stderr"
fi
touch "$W/plain-file"
timeout "$TIMEOUT" "$MINERVA" --home "$W/plain-file/home" -c 'SELECT 1' >"$W/out" 2>"$W/err" </dev/null
RC=$?
if sane && [ "$RC" -eq 2 ]; then pass "home that cannot be created gives exit 2"; else fail "home that cannot be created" "expected exit 2"; fi
expect_ok "empty input" '' -c ''
expect_ok "only semicolons and comments" '' -c ' ; ;; -- nothing'

# ---- malformed SQL ----
expect_error "misspelled keyword" "$POS" -c 'SELEC 1'
expect_error "missing FROM table" "$POS" -c 'SELECT * FROM'
expect_error "unbalanced parenthesis" "$POS" -c 'SELECT (1 + 2'
expect_error "unterminated string" "$POS" -c "SELECT 'abc"
expect_error "unterminated quoted identifier" "$POS" -c 'SELECT "abc FROM t'
expect_error "dangling operator" "$POS" -c 'SELECT 1 +'
expect_error "garbage characters" "$POS" -c 'SELECT 1 ### 2'
expect_error "error position counts lines of the whole input" 'line 3:[0-9]+' -c $'SELECT 1;\n\nSELECT 1 +* 2'
expect_error "error position on a later statement of the same line" 'line 1:(1[1-9]|[2-9][0-9])' -c 'SELECT 1; SELEC 2'
printf 'SELECT 1;\nSELECT FROM WHERE;\n' >"$W/bad.sql"
expect_error "error in a -f file names line and column" 'line 2:[0-9]+' -f "$W/bad.sql"

# deep nesting must give a result or an error, not a stack overflow
nest=$(printf '(%.0s' $(seq 1 5000))1$(printf ')%.0s' $(seq 1 5000))
expect_no_crash "5000 nested parentheses" -c "SELECT $nest"
long=$(head -c 200000 /dev/zero | tr '\0' 'x')
echo "SELECT $long FROM t" >"$W/long1.sql"
expect_no_crash "200 kB identifier" -f "$W/long1.sql"
echo "SELECT '$long' AS s" >"$W/long2.sql"
expect_no_crash "200 kB string literal" -f "$W/long2.sql"
expect_error "integer division by zero is an error" 'DIVISION_BY_ZERO|[Dd]ivision by zero' -c 'SELECT 1 / 0'

# fixed pseudo-random bytes (deterministic) as SQL on stdin
LC_ALL=C awk 'BEGIN { s = 12345; for (i = 0; i < 20000; i++) { s = (s * 69069 + 1) % 4294967296;
     c = int(s / 16777216) % 256; if (c == 0) c = 59; printf "%c", c } }' >"$W/noise.sql" 2>/dev/null
run_stdin "$W/noise.sql"
if sane && [ "$RC" -le 1 ]; then pass "random bytes on stdin"; else fail "random bytes on stdin" "crash"; fi
printf 'SELECT 1;\n\377\376 SELECT \200;\nSELECT 2;\n' >"$W/badutf8.sql"
expect_no_crash "invalid UTF-8 in SQL" -f "$W/badutf8.sql"

# --bail stops at the first failure; without it the run goes on
run --format csv -c 'SELEC 1; SELECT 42 AS x'
if sane && [ "$RC" -eq 1 ] && grep -q '^42$' "$W/out"; then pass "a failed statement does not stop the run"; else fail "continue after failure" "expected exit 1 and the second result"; fi
run --bail --format csv -c 'SELEC 1; SELECT 42 AS x'
if sane && [ "$RC" -eq 1 ] && ! grep -q '42' "$W/out"; then pass "--bail stops at the first failure"; else fail "--bail" "expected exit 1 and no second result"; fi

# ---- unknown names ----
expect_error "unknown table is named in the error" 'no_such_table' -c 'SELECT * FROM no_such_table'
expect_error "unknown database is named in the error" 'no_such_db' -c 'SELECT * FROM no_such_db.t'

# ---- data files ----
mkdir -p "$W/data/good" "$W/data/bad" "$W/data/ocsv" "$W/data/broken" "$W/data/empty"
printf '1,alpha,2.5\n2,beta,3.5\n' >"$W/data/good/good.csv"
{
    printf '1,a,1.0\n'
    printf 'x,not a number,2.0\n'      # non-numeric in an int column -> NULL
    printf '2\n'                       # too few fields -> NULLs
    printf '3,c,3.0,extra,fields\n'    # too many fields -> ignored
    printf '\n'                        # empty line
    printf '4,\377\376 bad utf8,zz\n'  # invalid UTF-8, bad double
    printf '99999999999999999999999,big,1e999\n' # out-of-range int
    printf '5,"quoted,comma",5.0'      # no final newline
} >"$W/data/bad/bad.csv"
{
    printf '"1","ok"\n'
    printf '"2","unterminated\n'
    printf '"3","after"\n'
} >"$W/data/ocsv/o.csv"
ln -s "$W/does-not-exist/file.csv" "$W/data/broken/broken.csv"

DDL="CREATE EXTERNAL TABLE good (id INT, name STRING, v DOUBLE)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION 'file://$W/data/good/';
CREATE EXTERNAL TABLE bad (id INT, name STRING, v DOUBLE)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION 'file://$W/data/bad/';
CREATE EXTERNAL TABLE ocsv (id INT, name STRING)
  ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' STORED AS TEXTFILE LOCATION 'file://$W/data/ocsv/';
CREATE EXTERNAL TABLE missing_loc (id INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
  STORED AS TEXTFILE LOCATION 'file://$W/data/does-not-exist/';
CREATE EXTERNAL TABLE broken (id INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
  STORED AS TEXTFILE LOCATION 'file://$W/data/broken/';"
run --bail -c "$DDL"
if sane && [ "$RC" -eq 0 ]; then
    pass "external tables over test files can be created"
else
    fail "creating the test tables" "DDL failed; the data checks below will fail too"
fi

expect_ok "a well-formed CSV table reads" '^2$' --format csv -c 'SELECT count(*) AS n FROM good'
expect_error "unknown column is named in the error" 'no_such_col' -c 'SELECT no_such_col FROM good'
expect_error "unknown column position is reported" "$POS.*no_such_col|no_such_col.*$POS" -c 'SELECT id, no_such_col FROM good'
expect_ok "malformed lines still give rows" '^[0-9]+$' --format csv -c 'SELECT count(*) AS n FROM bad'
expect_ok "a non-numeric int field reads as NULL" '^[1-9][0-9]*$' --format csv -c 'SELECT count(*) AS n FROM bad WHERE id IS NULL'
expect_ok "every column of malformed lines can be read" '.' --format csv -c 'SELECT id, name, v FROM bad'
expect_ok "an unterminated quote in OpenCSV gives results" '.' --format csv -c 'SELECT * FROM ocsv'
expect_error "a missing location gives an error naming it" 'does-not-exist' -c 'SELECT * FROM missing_loc'
expect_error "an unreadable file gives an error naming it" 'broken\.csv|does-not-exist/file\.csv' -c 'SELECT * FROM broken'

# ---- malformed Parquet files (the parquet-testing bad_data corpus): no crash ----
if [ -d "$TESTDATA/parquet-testing/bad_data" ]; then
    i=0
    for f in "$TESTDATA"/parquet-testing/bad_data/*.parquet; do
        [ -f "$f" ] || continue
        i=$((i + 1))
        mkdir -p "$W/data/pq$i"
        ln -s "$f" "$W/data/pq$i/$(basename "$f")"
        run -c "CREATE EXTERNAL TABLE pq$i (a STRING) STORED AS PARQUET LOCATION 'file://$W/data/pq$i/';
                SELECT count(*) FROM pq$i; SELECT * FROM pq$i"
        if sane; then pass "bad parquet $(basename "$f")"; else fail "bad parquet $(basename "$f")" "crash or sanitizer report"; fi
    done
fi

# ---- malformed JSON files (read_json, JSON SerDe tables): errors name file and line ----
J=$W/data/json
mkdir -p "$J/t" "$J/deep"
printf '{"a": 1}\n{"a": 2\n{"a": 3}\n' >"$J/unclosed.json"
printf '{"a": 1}\n{"a": 2}\n42\n' >"$J/notobj.json"
printf '[{"a": 1}, {"a": 2}' >"$J/array_open.json"
printf '[{"a": 1}] {"a": 2}' >"$J/array_trailing.json"
printf '{"a": 1}\n{"a": "x\001y"}\n' >"$J/ctrl.json"
printf '{"a": 01}\n' >"$J/leading_zero.json"
printf '' >"$J/empty.json"
printf '{}\n{}\n' >"$J/nokeys.json"
printf '{"a": 1}\n{"a": tru}\n' >"$J/t/bad.json"
printf '\xff\xfe{"a": 1}\n' >"$J/binary.json"
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "["; printf "{\"a\": %s}\n", s }' >"$J/deep/deep.json"
expect_error "read_json: an unclosed object names file and line" "CORRUPT_DATA: .*unclosed\.json' at line 2" \
    -c "SELECT * FROM read_json('$J/unclosed.json')"
expect_error "read_json: a record that is not an object" "notobj\.json' at line 3: a record must be a JSON object" \
    -c "SELECT * FROM read_json('$J/notobj.json')"
expect_error "read_json: an unterminated top-level array" "array_open\.json' at line 1" \
    -c "SELECT * FROM read_json('$J/array_open.json')"
expect_error "read_json: text after the top-level array" "array_trailing\.json' at line 1: text after" \
    -c "SELECT * FROM read_json('$J/array_trailing.json')"
expect_error "read_json: a raw control character in a string" "ctrl\.json' at line 2" \
    -c "SELECT * FROM read_json('$J/ctrl.json')"
expect_error "read_json: a number with a leading zero" "leading_zero\.json' at line 1" \
    -c "SELECT * FROM read_json('$J/leading_zero.json')"
expect_error "read_json: an empty file has no columns" "Cannot infer columns" -c "SELECT * FROM read_json('$J/empty.json')"
expect_error "read_json: objects without keys" "Cannot infer columns" -c "SELECT * FROM read_json('$J/nokeys.json')"
expect_error "read_json: no file matches" "No files match" -c "SELECT * FROM read_json('$J/none*.json')"
expect_error "read_json: binary garbage" "binary\.json' at line 1" -c "SELECT * FROM read_json('$J/binary.json')"
expect_error "read_json: nesting deeper than the tokenizer allows" "deep\.json' at line 1" \
    -c "SELECT * FROM read_json('$J/deep/deep.json')"
expect_error "read_json: malformed column definitions" "Invalid column definition" -c "SELECT * FROM read_json('$J/empty.json', 'a')"
expect_error "JSON SerDe table: a malformed line names file and line" "bad\.json' at line 2" \
    -c "CREATE EXTERNAL TABLE jbad (a bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 'file://$J/t/';
        SELECT * FROM jbad"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
