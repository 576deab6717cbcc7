// json_read_compare.mjs — reads generated JSON files with DuckDB's read_json (the reference)
// and Minerva's read_json and compares the inferred column types and per-column figures.
//   node json_read_compare.mjs MINERVA_BINARY
// Two deterministic files are generated: 3,000 newline-delimited records (missing keys, NULLs,
// escapes and non-ASCII text, doubles, dates, arrays with NULL elements, objects; keys in one
// case, as DuckDB matches keys case-sensitively) and the same records as one top-level array.
// For each, the types must correspond and these figures must be equal: count(*); per column
// count(col); sums of numbers (doubles as decimal(20,2)); sum(length()) and count(DISTINCT) of
// strings; min/max of dates; cardinalities, element counts and sums of arrays; field counts
// and sums of objects. Prints the differences and "N passed, M failed".
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let apiPath = null;
for (const dir of [join(root, 'bench'), join(root, 'test', 'diff')]) {
  try {
    apiPath = createRequire(join(dir, 'package.json')).resolve('@duckdb/node-api');
    break;
  } catch {
    /* next */
  }
}
if (!apiPath) {
  console.error('json_read_compare: @duckdb/node-api not installed (cd bench && npm install)');
  process.exit(2);
}
const { DuckDBInstance } = await import(pathToFileURL(apiPath).href);
const [minerva] = process.argv.slice(2);

const records = [];
for (let i = 0; i < 3000; i++) {
  const r = {};
  r.id = i; // keys in one case: DuckDB matches keys case-sensitively, Minerva (Hive) does not
  if (i % 7 !== 3) r.f = i % 11 === 0 ? i : (i * 13) / 4 - 100; // integers and quarters: double
  if (i % 3 !== 1) r.name = i % 9 === 0 ? null : `n${i % 97}-"q"\\é${'x'.repeat(i % 5)}`;
  r.b = i % 13 === 0 ? null : i % 2 === 0;
  if (i % 6 !== 5) r.d = `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
  r.arr = i % 10 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => (k === 1 && i % 3 === 0 ? null : i + k));
  if (i % 8 !== 7) r.obj = i % 17 === 0 ? null : { x: i % 50, y: `y${i % 23}` };
  records.push(r);
}

const work = mkdtempSync(join(tmpdir(), 'minerva-json-'));
const files = {
  ndjson: join(work, 'records.json'),
  array: join(work, 'array.json'),
};
writeFileSync(files.ndjson, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(files.array, JSON.stringify(records, null, 1));

const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
const duckTypes = { id: 'BIGINT', f: 'DOUBLE', name: 'VARCHAR', b: 'BOOLEAN', d: 'DATE', arr: 'BIGINT[]',
  obj: 'STRUCT(x BIGINT, y VARCHAR)' };
const mnTypes = { id: 'bigint', f: 'double', name: 'varchar', b: 'boolean', d: 'date', arr: 'array(bigint)',
  obj: 'row(x bigint, y varchar)' };
// the figures, in each engine's spelling (SRC is the file's table function call)
const figures = [
  ['count(*)', 'count(*)'],
  ['count(id), sum(id)', 'count(id), sum(id)'],
  ['count(f), CAST(sum(f) AS DECIMAL(20,2))', 'count(f), CAST(sum(f) AS decimal(20,2))'],
  ['count(name), sum(length(name)), count(DISTINCT name)', 'count(name), sum(length(name)), count(DISTINCT name)'],
  ['count(b), count(*) FILTER (WHERE b)', 'count(b), count_if(b)'],
  ['count(d), CAST(min(d) AS VARCHAR), CAST(max(d) AS VARCHAR)', 'count(d), CAST(min(d) AS varchar), CAST(max(d) AS varchar)'],
  ['count(arr), sum(len(arr))', 'count(arr), sum(cardinality(arr))'],
  ['count(obj), count(obj.x), sum(obj.x), sum(length(obj.y))', 'count(obj), count(obj.x), sum(obj.x), sum(length(obj.y))'],
];
const unnestDuck = 'SELECT count(*), count(e), sum(e), sum(e * id) FROM (SELECT id, unnest(arr) AS e FROM SRC)';
const unnestMn = 'SELECT count(*), count(e), sum(e), sum(e * id) FROM SRC CROSS JOIN UNNEST(arr) AS u(e)';

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
let passed = 0;
let failed = 0;
const check = (what, got, want) => {
  if (got === want) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${what}: minerva ${got} != duckdb ${want}`);
  }
};
const mnRun = (sql) =>
  execFileSync(minerva, ['--home', join(work, 'home'), '--format', 'csv', '-c', sql], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(1)
    .join('|');
const duckRun = async (sql) => {
  const res = await conn.runAndReadAll(sql);
  return res
    .getRows()
    .map((row) => row.map((v) => (v === null ? '' : String(v))).join(','))
    .join('|');
};

try {
  for (const [kind, file] of Object.entries(files)) {
    const duckSrc = `read_json(${lit(file)})`;
    const mnSrc = `read_json(${lit(file)})`;
    const dt = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${duckSrc}`);
    const duckCols = Object.fromEntries(dt.getRowObjectsJS().map((r) => [r.column_name.toLowerCase(), r.column_type]));
    for (const [c, t] of Object.entries(duckTypes)) {
      check(`${kind}: DuckDB type of ${c}`, duckCols[c], t);
      const got = mnRun(`SELECT typeof(${c}) FROM ${mnSrc} LIMIT 1`).replaceAll('"', '');
      check(`${kind}: type of ${c}`, got, mnTypes[c]);
    }
    for (const [d, m] of figures) {
      const want = await duckRun(`SELECT ${d} FROM ${duckSrc}`);
      const got = mnRun(`SELECT ${m} FROM ${mnSrc}`);
      check(`${kind}: ${m}`, got, want);
    }
    check(`${kind}: array elements`, mnRun(unnestMn.replace('SRC', mnSrc)), await duckRun(unnestDuck.replace('SRC', duckSrc)));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
