// duckdb_run.mjs — runs one SQL file in DuckDB (the peer) and prints the best wall time of
// N runs in seconds. Usage: node duckdb_run.mjs THREADS RUNS SETUP.sql QUERY.sql
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [threads, runs, setupFile, queryFile] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
for (const stmt of readFileSync(setupFile, 'utf8').split(';').map((s) => s.trim()).filter(Boolean)) {
  await conn.run(stmt);
}
const query = readFileSync(queryFile, 'utf8');
let best = Infinity;
for (let i = 0; i < Number(runs); i++) {
  const t0 = process.hrtime.bigint();
  const reader = await conn.runAndReadAll(query);
  reader.getRows();
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (t < best) best = t;
}
console.log(best.toFixed(3));
