#!/usr/bin/env bash
# bench/run_parquet.sh — Parquet scan speed next to DuckDB (npm @duckdb/node-api) in one run:
#  1. a full 16-column scan of SF1-sized lineitem (the DuckDB-written SF0.1 file read ten times
#     through ten links: 6.0M rows): an aggregate that decodes every column;
#  2. the 22 TPC-H queries over the SF0.1 Parquet files.
# Best of RUNS runs, default threads (all cores) for both engines. Usage: bench/run_parquet.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}
SHARED=$(cd .. && pwd)/shared/testdata/tpch-sf0.1
BIN=build/minerva
[ -x "$BIN" ] || make -s all
[ -d bench/node_modules/@duckdb/node-api ] || (cd bench && npm install --no-audit --no-fund --silent >/dev/null 2>&1)
WORK=$(mktemp -d /tmp/minerva-bench-pq.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/lineitem10"
for i in $(seq -w 1 10); do ln -s "$SHARED/parquet/lineitem.parquet" "$WORK/lineitem10/part-$i.parquet"; done
TABLES="nation region part supplier partsupp customer orders lineitem"
for t in $TABLES; do
    mkdir -p "$WORK/$t"
    ln -s "$SHARED/parquet/$t.parquet" "$WORK/$t/$t.parquet"
done

# Minerva: tables by name, one statement to define them all
{
    echo "CREATE EXTERNAL TABLE lineitem10 (l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT,
      l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2),
      l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE,
      l_shipinstruct STRING, l_shipmode STRING, l_comment STRING) STORED AS PARQUET LOCATION 'file://$WORK/lineitem10';"
    for t in $TABLES; do
        echo "CREATE EXTERNAL TABLE $t ($(node -e '
const [t] = process.argv.slice(1);
const cols = {
 nation: "n_nationkey INT, n_name STRING, n_regionkey INT, n_comment STRING",
 region: "r_regionkey INT, r_name STRING, r_comment STRING",
 part: "p_partkey BIGINT, p_name STRING, p_mfgr STRING, p_brand STRING, p_type STRING, p_size INT, p_container STRING, p_retailprice DECIMAL(15,2), p_comment STRING",
 supplier: "s_suppkey BIGINT, s_name STRING, s_address STRING, s_nationkey INT, s_phone STRING, s_acctbal DECIMAL(15,2), s_comment STRING",
 partsupp: "ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty INT, ps_supplycost DECIMAL(15,2), ps_comment STRING",
 customer: "c_custkey BIGINT, c_name STRING, c_address STRING, c_nationkey INT, c_phone STRING, c_acctbal DECIMAL(15,2), c_mktsegment STRING, c_comment STRING",
 orders: "o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus STRING, o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority STRING, o_clerk STRING, o_shippriority INT, o_comment STRING",
 lineitem: "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING"};
process.stdout.write(cols[t]);' "$t")) STORED AS PARQUET LOCATION 'file://$WORK/$t';"
    done
} >"$WORK/ddl.sql"
"$BIN" --home "$WORK/home" --bail -f "$WORK/ddl.sql" >/dev/null

SCAN="SELECT count(*), sum(l_orderkey), sum(l_partkey), sum(l_suppkey), sum(l_linenumber), sum(l_quantity),
  sum(l_extendedprice), sum(l_discount), sum(l_tax), max(l_returnflag), max(l_linestatus), max(l_shipdate),
  max(l_commitdate), max(l_receiptdate), max(l_shipinstruct), max(l_shipmode), max(l_comment) FROM lineitem10"
echo "$SCAN" >"$WORK/scan.sql"

time_minerva() { # sql-file -> best seconds
    local best=999999 t0 t1
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s.%N)
        "$BIN" --home "$WORK/home" --format csv -f "$1" >/dev/null
        t1=$(date +%s.%N)
        best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { t = b - a; print (t < m ? t : m) }')
    done
    printf '%.3f' "$best"
}

{
    echo "CREATE VIEW lineitem10 AS SELECT * FROM read_parquet('$WORK/lineitem10/*.parquet');"
    for t in $TABLES; do echo "CREATE VIEW $t AS SELECT * FROM read_parquet('$WORK/$t/$t.parquet');"; done
} >"$WORK/duck.sql"
NPROC=$(nproc)

echo "Full 16-column scan of lineitem Parquet x10 (6.0M rows), best of $RUNS, $NPROC threads"
m=$(time_minerva "$WORK/scan.sql")
d=$(node bench/duckdb_run.mjs "$NPROC" "$RUNS" "$WORK/duck.sql" "$WORK/scan.sql")
printf 'scan      minerva %s s   duckdb %s s   minerva/duckdb %.2f\n' "$m" "$d" "$(awk -v a="$m" -v b="$d" 'BEGIN { print a / b }')"

echo "TPC-H SF0.1 over Parquet, best of $RUNS"
tm=0
td=0
for q in $(seq -w 1 22); do
    f=$SHARED/queries/q$q.sql
    m=$(time_minerva "$f")
    d=$(node bench/duckdb_run.mjs "$NPROC" "$RUNS" "$WORK/duck.sql" "$f")
    tm=$(awk -v a="$tm" -v b="$m" 'BEGIN { print a + b }')
    td=$(awk -v a="$td" -v b="$d" 'BEGIN { print a + b }')
    printf 'q%s       minerva %s s   duckdb %s s   ratio %.2f\n' "$q" "$m" "$d" "$(awk -v a="$m" -v b="$d" 'BEGIN { print a / b }')"
done
printf 'total     minerva %.3f s   duckdb %.3f s   ratio %.2f\n' "$tm" "$td" "$(awk -v a="$tm" -v b="$td" 'BEGIN { print a / b }')"
echo "(Minerva times include process start and catalog open, ~10 ms; DuckDB's are in-process query times.)"
