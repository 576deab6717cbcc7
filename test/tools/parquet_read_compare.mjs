// parquet_read_compare.mjs — reads every file of a folder with DuckDB (the reference) and with
// Minerva's read_parquet, and compares the full contents: every value of every column, nested
// ones (LIST/MAP/STRUCT) included, row by row in file order (Minerva runs with --threads 1).
//   node parquet_read_compare.mjs MINERVA_BINARY DATA_DIR KNOWN_FAILURES_FILE
// Both sides are brought to one textual form, Trino's (what Minerva prints): arrays [a, b],
// maps {k=v} sorted by key, rows {name=v}, NULL, varbinary as hex bytes "61 62". DuckDB's
// values are rendered so in JavaScript; the two texts are then split into scalar tokens and
// compared token by token: integers exactly, other numbers within a relative 1e-6 (REAL
// values print differently in the two engines), timestamps after dropping trailing fractional
// zeros, anything else as text. Files DuckDB cannot read are skipped. A file listed in
// KNOWN_FAILURES_FILE (one name a line, '#' comments) may fail without failing the run; a
// listed file that passes is reported so the list can shrink. Prints one line per file and
// "N passed, M failed, K skipped".
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
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const home = mkdtempSync(join(tmpdir(), 'minerva-pqcmp-'));

/* ---- DuckDB values -> Trino text ---- */

const kind = (v) => (v !== null && typeof v === 'object' ? v.constructor.name : typeof v);

/* Minerva orders map keys numerically for numbers, bytewise for text. */
function keyCompare(a, b) {
  const x = keyOf(a), y = keyOf(b);
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const s = Buffer.from(String(x)), t = Buffer.from(String(y));
  return Buffer.compare(s, t);
}
function keyOf(v) {
  switch (kind(v)) {
    case 'number': return v;
    case 'bigint': return v;
    case 'DuckDBDecimalValue': return Number(v.value) / 10 ** v.scale;
    case 'DuckDBDateValue': return v.days;
    default: return render(v);
  }
}

function render(v) {
  if (v === null || v === undefined) return 'NULL';
  switch (kind(v)) {
    case 'string': return v;
    case 'number': return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
    case 'bigint': return String(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'DuckDBListValue':
    case 'DuckDBArrayValue':
      return `[${v.items.map(render).join(', ')}]`;
    case 'DuckDBStructValue':
      return `{${Object.entries(v.entries).map(([k, x]) => `${k}=${render(x)}`).join(', ')}}`;
    case 'DuckDBMapValue':
      return `{${[...v.entries].sort((a, b) => keyCompare(a.key, b.key)).map((e) => `${render(e.key)}=${render(e.value)}`).join(', ')}}`;
    case 'DuckDBBlobValue':
      return [...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    default: return String(v); /* decimals, dates, timestamps, UUIDs: their own text */
  }
}

/* ---- Minerva's CSV output (NULL is an empty field, the empty string "") ---- */

function parseCsv(text) {
  const rows = [];
  let row = [], i = 0;
  while (i < text.length) {
    let field;
    if (text[i] === '"') {
      let j = i + 1, s = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('unterminated CSV quote');
        s += text.slice(j, q);
        if (text[q + 1] === '"') {
          s += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = s;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = j === i ? 'NULL' : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      if (i === text.length || text[i] === '\n') row.push('NULL');
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= text.length) {
      i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/* ---- token comparison ---- */

const SPLIT = /(\[|\]|\{|\}|, |=)/;
const INT = /^-?\d+$/;
const NUM = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-?Infinity$|^NaN$/;
const TS = /^\+?(\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d*)?(Z|\+00(:00)?)?$/;

function normTs(s) {
  const m = TS.exec(s);
  if (!m) return null;
  const frac = (m[3] || '').replace(/0+$/, '').replace(/^\.$/, '');
  return `${m[1]} ${m[2]}${frac}`;
}

function sameToken(a, b) {
  if (a === b) return true;
  if (INT.test(a) && INT.test(b)) return BigInt(a) === BigInt(b);
  if (NUM.test(a) && NUM.test(b)) {
    const x = Number(a), y = Number(b);
    if (x === y) return true;
    return Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  }
  const ta = normTs(a), tb = normTs(b);
  return ta !== null && ta === tb;
}

function sameValue(want, got) {
  if (want === got) return true;
  const a = want.split(SPLIT), b = got.split(SPLIT);
  return a.length === b.length && a.every((t, i) => sameToken(t, b[i]));
}

/* ---- the run ---- */

let passed = 0, failed = 0, skipped = 0;

async function compareFile(f, path) {
  const sql = `SELECT * FROM read_parquet(${lit(path)})`;
  let names, want;
  try {
    const reader = await conn.runAndReadAll(sql);
    names = reader.columnNames();
    want = reader.getRows().map((r) => r.map(render));
  } catch (e) {
    skipped++;
    console.log(`${f}: skipped (DuckDB: ${String(e.message).split('\n')[0]})`);
    return;
  }
  let got = null, error = null;
  try {
    const out = execFileSync(minerva, ['--home', home, '--threads', '1', '--format', 'csv', '-c', sql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120000,
      maxBuffer: 1 << 30,
    });
    got = parseCsv(out).slice(1);
  } catch (e) {
    error = String(e.stderr || e.message).split('\n')[0];
  }
  let diff = null;
  if (!error) {
    if (got.length !== want.length) diff = `${got.length} rows, DuckDB ${want.length}`;
    for (let r = 0; !diff && r < want.length; r++) {
      if (got[r].length !== want[r].length) diff = `row ${r + 1}: ${got[r].length} columns, DuckDB ${want[r].length}`;
      for (let c = 0; !diff && c < want[r].length; c++)
        if (!sameValue(want[r][c], got[r][c]))
          diff = `row ${r + 1}, column ${names[c]}:\n  want: ${want[r][c].slice(0, 300)}\n  got:  ${got[r][c].slice(0, 300)}`;
    }
  }
  const ok = !error && !diff;
  const what = `${want.length} rows x ${names.length} columns`;
  if (ok) {
    passed++;
    console.log(`${f}: ok (${what})${known.has(f) ? ' — listed as a known failure: remove it from the list' : ''}`);
  } else if (known.has(f)) {
    console.log(`${f}: known failure: ${error || diff.split('\n')[0]}`);
    skipped++;
  } else {
    failed++;
    console.log(`${f}: FAILED: ${error || diff}`);
  }
}

for (const f of readdirSync(dataDir).filter((x) => x.endsWith('.parquet')).sort()) await compareFile(f, join(dataDir, f));

/* Files DuckDB writes here: nested columns under page v1/v2, several codecs, many row groups
 * and pages, one list of 100000 elements (spanning pages and Minerva's batches), dictionaries
 * on and off. */
const gen = mkdtempSync(join(tmpdir(), 'minerva-pqgen-'));
const nestedData = `SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE [i, i + 1, NULL] END AS l,
    {'a': i, 'b': [i::VARCHAR, NULL], 'c': CASE WHEN i % 3 = 0 THEN NULL ELSE {'x': i * 1.5, 'y': [[i % 5]]} END} AS s,
    CASE WHEN i % 11 = 0 THEN NULL ELSE map([i::VARCHAR, 'k'], [i * 2, NULL]) END AS m,
    [[i::VARCHAR], [], NULL, [repeat('x', i % 50)]] AS ll, [{'p': i % 3, 'q': [i::DOUBLE / 3]}] AS lr
  FROM range(30000) t(i)
  UNION ALL SELECT 30000, range(0, 100000), NULL, map(), [], [] FROM range(1)`;
const variants = [
  ['nested_v1_snappy.parquet', "PARQUET_VERSION v1, COMPRESSION snappy, ROW_GROUP_SIZE 4096"],
  ['nested_v2_zstd.parquet', "PARQUET_VERSION v2, COMPRESSION zstd, ROW_GROUP_SIZE 10000"],
  ['nested_v1_plain.parquet', "PARQUET_VERSION v1, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1"],
];
for (const [name, opts] of variants) {
  const path = join(gen, name);
  try {
    await conn.run(`COPY (${nestedData}) TO ${lit(path)} (FORMAT parquet, ${opts})`);
  } catch (e) {
    failed++;
    console.log(`${name}: FAILED to write with DuckDB: ${String(e.message).split('\n')[0]}`);
    continue;
  }
  await compareFile(`generated ${name}`, path);
}
rmSync(gen, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
