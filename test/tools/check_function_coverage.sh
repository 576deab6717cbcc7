#!/usr/bin/env bash
# check_function_coverage.sh — checks that every function and operator listed in
# docs/functions.md is called by the SQL of some test/sql/functions/*.test file.
# Only the SQL text of records counts (not comments, expected results or error
# messages). Functions must appear as a call `name(`; keyword forms (current_date,
# LIKE, IS DISTINCT FROM, unary minus, binary operators written `a OP b`) have their
# own patterns. Prints the missing names, then "N passed, M failed" (one check per
# name); exits 1 when any is missing.
# Usage: test/tools/check_function_coverage.sh [DOC [TEST_DIR]]
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOC=${1:-$ROOT/docs/functions.md}
DIR=${2:-$ROOT/test/sql/functions}

if [ ! -r "$DOC" ]; then
    echo "cannot read $DOC" >&2
    exit 2
fi
shopt -s nullglob
files=("$DIR"/*.test)
if [ ${#files[@]} -eq 0 ]; then
    echo "no .test files in $DIR" >&2
    exit 2
fi

sql=$(mktemp)
trap 'rm -f "$sql"' EXIT

# SQL lines of every record: from the `statement`/`query` line to `----` or a blank line.
awk '
    /^(statement|query)([ \t]|$)/ { insql = 1; next }
    /^----$/ || /^[ \t]*$/        { insql = 0; next }
    insql && !/^#/                { print }
' "${files[@]}" >"$sql"

# "name<TAB>kind" for each distinct name of the documentation tables.
names=$(sed -n 's/^| `\(\([^`]\|\\`\)*\)` | `.*` | \([a-z]*\) | .*$/\1\t\3/p' "$DOC" |
    sed 's/\\|/|/g' | awk -F'\t' '!seen[$1]++')

if [ -z "$names" ]; then
    echo "no function names found in $DOC" >&2
    exit 2
fi

# An extended regex for the operand of a binary operator on either side.
L="[[:alnum:]_)']"
R="[[:alnum:]_('(-]"

pattern_for() {
    local name=$1 kind=$2
    case "$name" in
    like) echo "[[:space:]]LIKE[[:space:]]" ;;
    is_distinct_from) echo "IS[[:space:]]+(NOT[[:space:]]+)?DISTINCT[[:space:]]+FROM" ;;
    negate) echo "(SELECT|[(,])[[:space:]]*-[[:space:]]*[[:alnum:](]" ;;
    current_date | current_timestamp | localtimestamp | localtime | current_time)
        echo "(^|[^[:alnum:]_])${name}([^[:alnum:]_]|$)" ;;
    *)
        if [ "$kind" = operator ]; then
            # escape every character of the symbol for ERE
            local esc
            esc=$(printf '%s' "$name" | sed 's/[][\.*^$+?(){}|/]/\\&/g')
            echo "${L} ${esc} ${R}"
        else
            echo "(^|[^[:alnum:]_])${name}[[:space:]]*\\("
        fi
        ;;
    esac
}

pass=0
fail=0
while IFS=$'\t' read -r name kind; do
    [ -n "$name" ] || continue
    pat=$(pattern_for "$name" "$kind")
    if grep -Eiq -- "$pat" "$sql"; then
        pass=$((pass + 1))
    else
        echo "missing: $name ($kind)"
        fail=$((fail + 1))
    fi
done <<<"$names"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
