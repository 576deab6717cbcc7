// parquet_read_compare.mjs — reads every file of a folder with DuckDB (the reference) and with
// Minerva's read_parquet, and compares per-column aggregates: count(*), count(col),
// count(DISTINCT col), sum(col) for numbers and sum(length(col)) for strings.
//   node parquet_read_compare.mjs MINERVA_BINARY DATA_DIR KNOWN_FAILURES_FILE
// Files DuckDB cannot read are skipped. Nested columns (LIST/MAP/STRUCT) are not compared yet
// (Minerva has no nested types) and are reported. A file listed in KNOWN_FAILURES_FILE (one
// name a line, '#' comments) may fail without failing the run; a listed file that passes is
// reported so the list can shrink. Prints one line per file and "N passed, M failed".
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
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
  console.error('parquet_read_compare: @duckdb/node-api not installed (cd bench && npm install)');
  process.exit(2);
}
const { DuckDBInstance } = await import(pathToFileURL(apiPath).href);

const [minerva, dataDir, knownFile] = process.argv.slice(2);
const known = new Set(
  (knownFile ? readFileSync(knownFile, 'utf8') : '')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean),
);
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const home = mkdtempSync(join(tmpdir(), 'minerva-pqcmp-'));

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL)/;
const FLAT = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL|VARCHAR|DATE|TIMESTAMP)/;

function close(a, b) {
  if (a === b) return true;
  if (a === '' || b === '' || a == null || b == null) return false;
  const x = Number(a), y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return String(a) === String(b);
  if (x === y) return true;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

let passed = 0, failed = 0, skipped = 0;
const files = readdirSync(dataDir).filter((f) => f.endsWith('.parquet')).sort();
for (const f of files) {
  const path = join(dataDir, f);
  let cols;
  try {
    cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(path)})`)).getRowObjectsJS();
  } catch {
    skipped++;
    console.log(`${f}: skipped (DuckDB cannot read it)`);
    continue;
  }
  const exprs = ['count(*)'];
  const nested = [];
  for (const c of cols) {
    const t = String(c.column_type);
    const n = ident(c.column_name);
    if (!FLAT.test(t) || t.includes('[') || t.includes('WITH TIME ZONE')) {
      nested.push(`${c.column_name} ${t}`);
      continue;
    }
    exprs.push(`count(${n})`, `count(DISTINCT ${n})`);
    /* sums of 64-bit integers may overflow (an error in Trino, a HUGEINT in DuckDB): left out */
    if (NUMERIC.test(t) && !/^(FLOAT|DOUBLE|BIGINT|UBIGINT|HUGEINT)/.test(t)) exprs.push(`sum(${n})`);
    else if (t.startsWith('VARCHAR')) exprs.push(`sum(length(${n}))`);
  }
  const sql = `SELECT ${exprs.join(', ')} FROM read_parquet(${lit(path)})`;
  let want;
  try {
    want = Object.values((await conn.runAndReadAll(sql)).getRowObjectsJS()[0]).map((v) => (v == null ? '' : String(v)));
  } catch (e) {
    skipped++;
    console.log(`${f}: skipped (DuckDB: ${String(e.message).split('\n')[0]})`);
    continue;
  }
  let got = null, error = null;
  try {
    const out = execFileSync(minerva, ['--home', home, '--format', 'csv', '-c', sql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120000,
    });
    const lines = out.trim().split('\n');
    got = lines[1] !== undefined ? lines[1].split(',') : [];
  } catch (e) {
    error = String(e.stderr || e.message).split('\n')[0];
  }
  const note = nested.length ? ` (nested columns not compared: ${nested.length})` : '';
  let ok = !error && got.length === want.length && want.every((w, i) => close(w, got[i]));
  if (ok) {
    passed++;
    console.log(`${f}: ok${note}${known.has(f) ? ' — listed as a known failure: remove it from the list' : ''}`);
  } else if (known.has(f)) {
    console.log(`${f}: known failure${error ? `: ${error}` : ''}`);
    skipped++;
  } else {
    failed++;
    console.log(`${f}: FAILED${note}${error ? `: ${error}` : ''}`);
    if (!error) {
      console.log(`  sql:  ${sql}`);
      console.log(`  want: ${want.join(',')}`);
      console.log(`  got:  ${got.join(',')}`);
    }
  }
}
rmSync(home, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
