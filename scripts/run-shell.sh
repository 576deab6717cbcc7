#!/usr/bin/env bash
# run-shell.sh [ARGS...] — prepares a small sample database in the default home
# (--home DIR if given, else $MINERVA_HOME, else ./minerva-data) and opens the
# interactive shell (build/minerva) with ARGS passed through.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINERVA=$ROOT/build/minerva
if [ ! -x "$MINERVA" ]; then
    echo "run-shell: $MINERVA is not built; run 'make' first" >&2
    exit 1
fi

HOME_DIR=${MINERVA_HOME:-./minerva-data}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
    --home) [ $((i + 1)) -lt ${#args[@]} ] && HOME_DIR=${args[$((i + 1))]} ;;
    --home=*) HOME_DIR=${args[$i]#--home=} ;;
    esac
done

mkdir -p "$HOME_DIR"
HOME_ABS=$(cd "$HOME_DIR" && pwd)
SAMPLE=$HOME_ABS/sample-data
MARKER=$SAMPLE/.ready

if [ ! -f "$MARKER" ]; then
    mkdir -p "$SAMPLE/cities"
    if [ ! -f "$SAMPLE/cities/cities.csv" ]; then
        cat >"$SAMPLE/cities/cities.csv" <<'CSV'
Tokyo,Japan,37400068,1457-01-01
Delhi,India,28514000,1052-01-01
Shanghai,China,25582000,0751-01-01
São Paulo,Brazil,21650000,1554-01-25
Mexico City,Mexico,21581000,1325-03-13
Cairo,Egypt,20076000,0969-07-06
Mumbai,India,19980000,1507-01-01
Beijing,China,19618000,1045-01-01
Osaka,Japan,19281000,0645-01-01
New York,United States,18819000,1624-01-01
Lagos,Nigeria,13463000,1472-01-01
Paris,France,11017000,0250-01-01
London,United Kingdom,9046000,0047-01-01
Berlin,Germany,3645000,1237-01-01
Lisbon,Portugal,2957000,
CSV
    fi
    SETUP="CREATE DATABASE IF NOT EXISTS sample;
CREATE EXTERNAL TABLE IF NOT EXISTS sample.cities (
  name STRING, country STRING, population BIGINT, founded DATE)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
  STORED AS TEXTFILE
  LOCATION 'file://$SAMPLE/cities/';
CREATE TABLE IF NOT EXISTS sample.countries (code STRING, name STRING, continent STRING);
INSERT INTO sample.countries VALUES
  ('JP', 'Japan', 'Asia'), ('IN', 'India', 'Asia'), ('CN', 'China', 'Asia'),
  ('BR', 'Brazil', 'South America'), ('MX', 'Mexico', 'North America'),
  ('EG', 'Egypt', 'Africa'), ('US', 'United States', 'North America'),
  ('NG', 'Nigeria', 'Africa'), ('FR', 'France', 'Europe'),
  ('GB', 'United Kingdom', 'Europe'), ('DE', 'Germany', 'Europe'), ('PT', 'Portugal', 'Europe');"
    if "$MINERVA" --home "$HOME_ABS" --bail -c "$SETUP" >/dev/null </dev/null; then
        touch "$MARKER"
        echo "Sample database 'sample' is ready (tables sample.cities, sample.countries)."
    else
        echo "run-shell: could not create the sample tables (see the error above); opening the shell anyway" >&2
    fi
fi

if [ ${#args[@]} -gt 0 ]; then
    exec "$MINERVA" --home "$HOME_ABS" "${args[@]}"
fi
exec "$MINERVA" --home "$HOME_ABS"
