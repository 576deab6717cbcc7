// parquet_check.mjs — reads a file with DuckDB (the reference) and prints a fingerprint of its
// contents, to compare a Parquet file Minerva wrote with the text it was made from.
//   node parquet_check.mjs parquet FILE
//   node parquet_check.mjs csv FILE DELIM NAME:TYPE...  (columns named _x are read but left out of the output)
//   node parquet_check.mjs stats FILE
//   node parquet_check.mjs query FILE SQL...
// parquet/csv print "rows N" and one line per column: DuckDB type, non-null count, min, max,
// sum (integers, decimals up to 18 digits), count(DISTINCT) and sum(hash()) — identical lines mean
// identical values. csv reads "\N" as NULL and an empty field as NULL except for strings.
// stats checks every row group's statistics in the footer (parquet_metadata) against the
// values DuckDB reads, printing mismatches and "stats: N checked, M mismatched".
// query runs each SQL with the view t over FILE (a file or glob) and prints the rows, values
// tab-separated as DuckDB casts them to VARCHAR (NULL as NULL).
// DuckDB comes from @duckdb/node-api installed in bench/ (cd bench && npm install) or test/diff/.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let apiPath = null;
for (const dir of [join(root, 'bench'), join(root, 'test', 'diff')]) {
  try {
    apiPath = createRequire(join(dir, 'package.json')).resolve('@duckdb/node-api');
    break;
  } catch {
    /* try the next place */
  }
}
if (!apiPath) {
  console.error('parquet_check: @duckdb/node-api not installed (cd bench && npm install)');
  process.exit(2);
}
const { DuckDBInstance } = await import(pathToFileURL(apiPath).href);

const [mode, file, ...rest] = process.argv.slice(2);
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const rows = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

async function fingerprint(source) {
  const desc = await rows(`DESCRIBE SELECT * FROM ${source}`);
  const cols = desc.filter((d) => !d.column_name.startsWith('_'));
  const exprs = ['count(*)::VARCHAR AS n'];
  cols.forEach((d, i) => {
    const c = ident(d.column_name);
    // sums of wide decimals may overflow DuckDB's HUGEINT; sum(hash()) still covers them
    const m = /DECIMAL\((\d+)/.exec(d.column_type);
    const summable = /INT/.test(d.column_type) || (m !== null && Number(m[1]) <= 18);
    exprs.push(`count(${c})::VARCHAR AS n${i}`, `min(${c})::VARCHAR AS lo${i}`, `max(${c})::VARCHAR AS hi${i}`,
      summable ? `sum(${c})::VARCHAR AS s${i}` : `'-' AS s${i}`,
      `count(DISTINCT ${c})::VARCHAR AS d${i}`, `sum(hash(${c}))::VARCHAR AS h${i}`);
  });
  const [r] = await rows(`SELECT ${exprs.join(', ')} FROM ${source}`);
  console.log(`rows ${r.n}`);
  cols.forEach((d, i) => {
    console.log(`${d.column_name} ${d.column_type}: count=${r['n' + i]} min=${r['lo' + i]} max=${r['hi' + i]} ` +
      `sum=${r['s' + i]} distinct=${r['d' + i]} hash=${r['h' + i]}`);
  });
}

async function checkStats(path) {
  const src = `read_parquet(${lit(path)}, file_row_number = true)`;
  const meta = await rows(`SELECT row_group_id, row_group_num_rows, column_id, path_in_schema, stats_min_value,
      stats_max_value, stats_null_count FROM parquet_metadata(${lit(path)}) ORDER BY row_group_id, column_id`);
  const desc = await rows(`DESCRIBE SELECT * FROM read_parquet(${lit(path)})`);
  const starts = new Map();
  let first = 0;
  for (const m of meta) {
    if (!starts.has(m.row_group_id)) {
      starts.set(m.row_group_id, first);
      first += Number(m.row_group_num_rows);
    }
  }
  let checked = 0;
  let bad = 0;
  for (const m of meta) {
    const lo = starts.get(m.row_group_id);
    const hi = lo + Number(m.row_group_num_rows);
    const d = desc[Number(m.column_id)];
    const c = ident(d.column_name);
    // floating point statistics are compared as numbers (DuckDB prints them its own way)
    const asNum = /FLOAT|DOUBLE|REAL/.test(d.column_type);
    const cast = asNum ? 'DOUBLE' : 'VARCHAR';
    // statistics leave NaN out (parquet.thrift ColumnOrder)
    const v = asNum ? `${c}) FILTER (WHERE NOT isnan(${c})` : c;
    const [r] = await rows(`SELECT min(${v})::${cast} AS lo, max(${v})::${cast} AS hi,
        (count(*) - count(${c}))::VARCHAR AS nulls FROM ${src} WHERE file_row_number >= ${lo} AND file_row_number < ${hi}`);
    const norm = (v) => (v === null || v === undefined ? 'NULL' : asNum ? String(Number(v)) : String(v));
    const got = [norm(m.stats_min_value), norm(m.stats_max_value), String(m.stats_null_count)];
    const want = [norm(r.lo), norm(r.hi), String(r.nulls)];
    // DuckDB shows infinite floating point statistics as NULL
    for (let k = 0; k < 2; k++) if (asNum && got[k] === 'NULL' && /Infinity/.test(want[k])) got[k] = want[k];
    checked++;
    if (got.join('|') !== want.join('|')) {
      bad++;
      console.log(`row group ${m.row_group_id} column ${m.path_in_schema}: footer ${got.join(' ')} != data ${want.join(' ')}`);
    }
  }
  console.log(`stats: ${checked} checked, ${bad} mismatched`);
}

if (mode === 'parquet') {
  await fingerprint(`read_parquet(${lit(file)})`);
} else if (mode === 'csv') {
  const [delim, ...spec] = rest;
  const cols = spec.map((s) => {
    const k = s.indexOf(':');
    return `${lit(s.slice(0, k))}: ${lit(s.slice(k + 1))}`;
  });
  await fingerprint(`read_csv(${lit(file)}, delim = ${lit(delim)}, header = false, quote = '', escape = '',
      nullstr = '\\N', columns = {${cols.join(', ')}})`);
} else if (mode === 'stats') {
  await checkStats(file);
} else if (mode === 'query') {
  await conn.run(`CREATE VIEW t AS SELECT * FROM read_parquet(${lit(file)})`);
  for (const sql of rest) {
    const res = await conn.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`);
    for (const row of res.getRows()) console.log(row.map((v) => (v === null ? 'NULL' : String(v))).join('\t'));
  }
} else {
  console.error('usage: parquet_check.mjs parquet FILE | csv FILE DELIM NAME:TYPE... | stats FILE | query FILE SQL...');
  process.exit(2);
}
