// diff.mjs — the differential test runner (see README.md): generates queries with
// gen.mjs, runs them in Minerva (the build's tools/diffrun, one process for the whole
// batch, restarted after a crash or a hang) and in DuckDB (@duckdb/node-api, the
// reference) over the same TPC-H SF0.1 .tbl files, compares the results and prints
// every difference. The last line is "N passed, M failed"; exit status 1 on failures.
//
// node diff.mjs --diffrun PATH --data TBLDIR [--count N] [--seed S] [--work DIR]
//   [--threads N] [--pick I,J,...] [--queries FILE] [--dump FILE] [--timeout SEC]
//   [--show N] [--verbose] [--times FILE]
// --queries replays a file of queries, one per line: either "CLASS<TAB>O|-<TAB>SQL"
// (as --dump writes them; O = compare rows in order) or plain SQL.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOne, makeRng } from './gen.mjs';

// ---------------------------------------------------------------- options
const opt = { count: 2000, seed: 1, threads: 0, timeout: 60, show: 1000, verbose: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
        if (i + 1 >= argv.length) usage(`${a} needs a value`);
        return argv[++i];
    };
    switch (a) {
    case '--diffrun': opt.diffrun = v(); break;
    case '--data': opt.data = v(); break;
    case '--count': opt.count = Number(v()); break;
    case '--seed': opt.seed = Number(v()); break;
    case '--work': opt.work = v(); break;
    case '--threads': opt.threads = Number(v()); break;
    case '--pick': opt.pick = v().split(',').map(Number); break;
    case '--queries': opt.queries = v(); break;
    case '--dump': opt.dump = v(); break;
    case '--times': opt.times = v(); break;
    case '--timeout': opt.timeout = Number(v()); break;
    case '--show': opt.show = Number(v()); break;
    case '--verbose': opt.verbose = true; break;
    default: usage(`unknown option ${a}`);
    }
}
function usage(msg) {
    console.error(`diff.mjs: ${msg}\nusage: node diff.mjs --diffrun PATH --data TBLDIR [--count N] [--seed S] [--work DIR] [--threads N] [--pick I,J] [--queries FILE] [--dump FILE] [--timeout SEC] [--show N] [--verbose]`);
    process.exit(2);
}
if (!opt.diffrun || !opt.data) usage('--diffrun and --data are required');
if (!Number.isInteger(opt.count) || opt.count < 0 || !Number.isInteger(opt.seed)) usage('bad --count or --seed');

// ---------------------------------------------------------------- the queries
// Generated queries whose result is empty in DuckDB are regenerated (up to twice),
// except for a fixed share of them, so that most checks compare actual rows. The
// choice depends only on (seed, index) and DuckDB's answers, so a run is repeatable.
let replay = null;
if (opt.queries) {
    replay = fs.readFileSync(opt.queries, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l, i) => {
        const f = l.split('\t');
        if (f.length >= 3 && (f[1] === 'O' || f[1] === '-')) return { id: i, cls: f[0], optional: f[0] === 'window', ordered: f[1] === 'O', sql: f.slice(2).join('\t') };
        return { id: i, cls: 'manual', optional: false, ordered: false, sql: l };
    });
}
const indices = opt.pick || [...Array(opt.count).keys()];
const keepEmpty = (i) => makeRng(opt.seed * 7717 + i * 31 + 5).next() < 0.15;

// ---------------------------------------------------------------- the tables
// [name, Hive type, DuckDB type]
const I = ['INT', 'INTEGER'], B = ['BIGINT', 'BIGINT'], D = ['DECIMAL(15,2)', 'DECIMAL(15,2)'], T = ['DATE', 'DATE'], S = ['STRING', 'VARCHAR'];
const SCHEMA = {
    nation: [['n_nationkey', I], ['n_name', S], ['n_regionkey', I], ['n_comment', S]],
    region: [['r_regionkey', I], ['r_name', S], ['r_comment', S]],
    part: [['p_partkey', B], ['p_name', S], ['p_mfgr', S], ['p_brand', S], ['p_type', S], ['p_size', I], ['p_container', S], ['p_retailprice', D], ['p_comment', S]],
    supplier: [['s_suppkey', B], ['s_name', S], ['s_address', S], ['s_nationkey', I], ['s_phone', S], ['s_acctbal', D], ['s_comment', S]],
    partsupp: [['ps_partkey', B], ['ps_suppkey', B], ['ps_availqty', I], ['ps_supplycost', D], ['ps_comment', S]],
    customer: [['c_custkey', B], ['c_name', S], ['c_address', S], ['c_nationkey', I], ['c_phone', S], ['c_acctbal', D], ['c_mktsegment', S], ['c_comment', S]],
    orders: [['o_orderkey', B], ['o_custkey', B], ['o_orderstatus', S], ['o_totalprice', D], ['o_orderdate', T], ['o_orderpriority', S], ['o_clerk', S], ['o_shippriority', I], ['o_comment', S]],
    lineitem: [['l_orderkey', B], ['l_partkey', B], ['l_suppkey', B], ['l_linenumber', I], ['l_quantity', D], ['l_extendedprice', D], ['l_discount', D], ['l_tax', D],
        ['l_returnflag', S], ['l_linestatus', S], ['l_shipdate', T], ['l_commitdate', T], ['l_receiptdate', T], ['l_shipinstruct', S], ['l_shipmode', S], ['l_comment', S]],
};

const work = opt.work || fs.mkdtempSync(path.join(os.tmpdir(), 'minerva-diff.'));
const ownWork = !opt.work;
fs.mkdirSync(path.join(work, 'data'), { recursive: true });
const ddl = [];
for (const [t, cols] of Object.entries(SCHEMA)) {
    const dir = path.join(work, 'data', t);
    fs.mkdirSync(dir, { recursive: true });
    const link = path.join(dir, `${t}.tbl`);
    if (!fs.existsSync(link)) fs.symlinkSync(path.resolve(opt.data, `${t}.tbl`), link);
    ddl.push(`CREATE EXTERNAL TABLE IF NOT EXISTS ${t} (${cols.map(([n, ty]) => `${n} ${ty[0]}`).join(', ')}) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE LOCATION 'file://${dir}'`);
}

// ---------------------------------------------------------------- Minerva
// Feeds statements to diffrun as they come (feed), one line each; after end(), `done`
// resolves to the results, one per statement: {ok:true, types, rows, secs} |
// {ok:false, code, msg}. A crash or a hang (no answer within --timeout seconds while a
// statement is pending) fails that statement and a new process goes on with the next.
let sanitizerLog = '';
const sanitizerReports = [];
const exitProblems = [];
class MinervaRunner {
    constructor() {
        this.stmts = [];
        this.results = [];
        this.ended = false;
        this.start = 0; // first statement given to the current process
        this.done = new Promise((resolve) => { this.resolve = resolve; });
        this.launch();
    }
    pending() {
        let k = this.start;
        while (k < this.stmts.length && this.results[k]) k++;
        return k;
    }
    feed(sql) {
        if (this.pending() >= this.stmts.length) this.last = Date.now(); // was idle
        this.stmts.push(sql);
        this.results.push(null);
        if (this.child) this.child.stdin.write(`${sql}\n`);
    }
    end() {
        this.ended = true;
        if (this.child) this.child.stdin.end();
        this.check();
    }
    check() {
        // done when every statement has its answer and the process has exited (its
        // sanitizer report, if any, comes at exit)
        if (this.ended && this.pending() >= this.stmts.length && !this.child && !this.finished) {
            this.finished = true;
            this.resolve(this.results);
        }
    }
    launch() {
        const args = ['--home', path.join(work, 'home')];
        if (opt.threads) args.push('--threads', String(opt.threads));
        const child = spawn(opt.diffrun, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child = child;
        const base = this.start;
        let buf = '';
        let cur = null; // result being read
        let curIdx = -1;
        let stderr = '';
        let closed = false;
        let timedOut = -1;
        this.last = Date.now();
        const watchdog = setInterval(() => {
            const k = this.pending();
            if (timedOut < 0 && k < this.stmts.length && Date.now() - this.last > opt.timeout * 1000) {
                timedOut = k;
                this.results[k] = { ok: false, code: 'TIMEOUT', msg: `no answer within ${opt.timeout} s` };
                child.kill('SIGKILL');
            } else if (timedOut < 0 && this.ended && k >= this.stmts.length && Date.now() - this.last > opt.timeout * 1000) {
                timedOut = k;
                exitProblems.push(`diffrun did not exit within ${opt.timeout} s after its last statement`);
                child.kill('SIGKILL');
            }
        }, 250);
        child.stdin.on('error', () => {});
        child.stderr.on('data', (d) => {
            stderr = (stderr + d).slice(-4000);
            if (sanitizerLog.length < 20000) sanitizerLog += d;
        });
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            this.last = Date.now();
            buf += chunk;
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
                const line = buf.slice(0, nl);
                buf = buf.slice(nl + 1);
                if (line.startsWith('#Q ')) {
                    curIdx = base + Number(line.slice(3));
                    cur = null;
                } else if (line === '#END') {
                    if (curIdx >= 0 && curIdx < this.stmts.length && !this.results[curIdx]) this.results[curIdx] = cur || { ok: false, code: 'PROTOCOL', msg: 'empty answer' };
                    curIdx = -1;
                    this.check();
                } else if (line.startsWith('OK ')) {
                    const [, , , secs] = line.split(' ');
                    cur = { ok: true, types: [], rows: [], secs: Number(secs) };
                } else if (line.startsWith('T ')) {
                    cur.types = line.slice(2).split('\t');
                } else if (line.startsWith('R ')) {
                    cur.rows.push(line.slice(2).split('\t').map(unescapeField));
                } else if (line.startsWith('ERR ')) {
                    const tab = line.indexOf('\t');
                    cur = { ok: false, code: line.slice(4, tab), msg: unescapeField(line.slice(tab + 1)) };
                }
            }
        });
        child.on('close', (code, signal) => {
            if (closed) return;
            closed = true;
            clearInterval(watchdog);
            this.child = null;
            if (timedOut < 0 && (code !== 0 || signal) && this.pending() >= this.stmts.length && this.ended)
                exitProblems.push(`diffrun exited with status ${code}${signal ? `, signal ${signal}` : ''} after its last statement: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
            if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(sanitizerLog)) sanitizerReports.push(sanitizerLog);
            sanitizerLog = '';
            const k = timedOut >= 0 ? timedOut : this.pending();
            if (k < this.stmts.length) {
                // the process died while running statement k (or was killed by the watchdog)
                if (!this.results[k]) this.results[k] = { ok: false, code: 'CRASH', msg: `diffrun exited (status ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-5).join(' | ')}` };
                this.start = k + 1;
                this.launch();
            } else if (!this.ended) {
                this.start = this.stmts.length;
                this.launch();
            }
            this.check();
        });
        child.stdin.write(this.stmts.slice(base).map((x) => `${x}\n`).join(''));
        if (this.ended) child.stdin.end();
    }
}
function unescapeField(s) {
    if (s === '\\N') return null;
    if (s.indexOf('\\') < 0) return s;
    return s.replace(/\\(.)/g, (m, c) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
}

// ---------------------------------------------------------------- DuckDB
async function openDuck() {
    const inst = await DuckDBInstance.create(':memory:', { threads: String(opt.threads || 1) });
    const conn = await inst.connect();
    for (const [t, cols] of Object.entries(SCHEMA)) {
        // .tbl lines end with '|': one more (empty) column, dropped by the projection
        const spec = cols.map(([n, ty]) => `'${n}': '${ty[1]}'`).join(', ');
        await conn.run(`CREATE TABLE ${t} AS SELECT ${cols.map(([n]) => n).join(', ')} FROM read_csv('${path.resolve(opt.data, `${t}.tbl`)}', delim='|', header=false, quote='', escape='', nullstr='\\N', auto_detect=false, columns={${spec}, 'trailing_empty': 'VARCHAR'})`);
    }
    return async (sql) => {
        const t0 = process.hrtime.bigint();
        try {
            const reader = await conn.runAndReadAll(sql);
            const rows = reader.getRowsJson();
            return { ok: true, types: reader.columnTypes().map((x) => x.toString()), rows, secs: Number(process.hrtime.bigint() - t0) / 1e9 };
        } catch (e) {
            return { ok: false, code: 'ERROR', msg: String(e.message || e).split('\n')[0], secs: Number(process.hrtime.bigint() - t0) / 1e9 };
        }
    };
}

// ---------------------------------------------------------------- comparison
function kindMinerva(t) {
    t = t.toLowerCase();
    let m;
    if ((m = /^decimal\((\d+),\s*(\d+)\)/.exec(t))) return { k: 'dec', scale: Number(m[2]) };
    if (/^(integer|bigint|smallint|tinyint)$/.test(t)) return { k: 'int' };
    if (/^(double|real)$/.test(t)) return { k: 'dbl' };
    if (/^(varchar|char)/.test(t)) return { k: 'str' };
    if (t === 'date') return { k: 'date' };
    if (t === 'boolean') return { k: 'bool' };
    if (t === 'unknown') return { k: 'null' };
    return { k: 'other:' + t };
}
function kindDuck(t) {
    let m;
    if ((m = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(t))) return { k: 'dec', scale: Number(m[2]) };
    if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t)) return { k: 'int' };
    if (/^(DOUBLE|FLOAT)$/.test(t)) return { k: 'dbl' };
    if (t === 'VARCHAR') return { k: 'str' };
    if (t === 'DATE') return { k: 'date' };
    if (t === 'BOOLEAN') return { k: 'bool' };
    if (t === '"NULL"' || t === 'NULL') return { k: 'null' };
    return { k: 'other:' + t };
}
const category = (k) => (k === 'int' || k === 'dec' || k === 'dbl' ? 'num' : k);

// per-column comparison mode: exact (canonical text keys) or approximate numbers
function columnModes(mt, dt) {
    return mt.map((t, i) => {
        const m = kindMinerva(t), d = kindDuck(dt[i]);
        if (m.k === 'null' || d.k === 'null') return { mode: 'any', m, d };
        if (category(m.k) !== category(d.k)) return { mode: 'mismatch', m, d };
        if (m.k === 'int' && d.k === 'int') return { mode: 'int', m, d };
        if (m.k === 'dec' && d.k === 'dec' && m.scale === d.scale) return { mode: 'dec', m, d };
        if (category(m.k) === 'num') {
            // Minerva rounds decimal results (avg, division) to its scale; DuckDB gives a double
            const roundTol = m.k === 'dec' && !(d.k === 'dec' && d.scale <= m.scale) ? 0.5 * 10 ** -m.scale : 0;
            return { mode: 'approx', m, d, roundTol };
        }
        return { mode: 'text', m, d };
    });
}
function canon(v, mode) {
    if (v === null || v === undefined) return '\u0000NULL';
    const s = String(v);
    if (mode === 'int') {
        try { return BigInt(s).toString(); } catch { return s; }
    }
    if (mode === 'dec') {
        try { return BigInt(s.replace('.', '')).toString(); } catch { return s; }
    }
    return s;
}
function approxEq(a, b, cm) {
    if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
    const x = Number(a), y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
    const tol = 1e-9 * Math.max(Math.abs(x), Math.abs(y)) + 1e-12 + (cm.roundTol || 0) * (1 + 1e-9);
    return Math.abs(x - y) <= tol;
}
function valueEq(a, b, cm) {
    if (cm.mode === 'approx') return approxEq(a, b, cm);
    if (cm.mode === 'any') return (a ?? null) === null ? (b ?? null) === null : (b ?? null) !== null && String(a) === String(b);
    return canon(a, cm.mode) === canon(b, cm.mode);
}
const rowEq = (ra, rb, modes) => modes.every((cm, i) => valueEq(ra[i], rb[i], cm));
const exactKey = (row, modes) => modes.map((cm, i) => (cm.mode === 'approx' ? '' : canon(row[i], cm.mode))).join('\u0001');
const showRow = (row) => (row ? `(${row.map((v) => (v === null || v === undefined ? 'NULL' : typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')})` : '(none)');

// returns null when equal, else {reason, mrow, drow}
function compare(q, mres, dres) {
    if (mres.types.length !== dres.types.length) return { reason: `column count: minerva ${mres.types.length}, duckdb ${dres.types.length}` };
    const modes = columnModes(mres.types, dres.types);
    const bad = modes.findIndex((cm) => cm.mode === 'mismatch');
    if (bad >= 0) return { reason: `column ${bad + 1} type: minerva ${mres.types[bad]}, duckdb ${dres.types[bad]}` };
    const M = mres.rows, D = dres.rows;
    if (M.length !== D.length) {
        const diff = multisetDiff(M, D, modes);
        return { reason: `row count: minerva ${M.length}, duckdb ${D.length}`, mrow: diff && diff.mrow, drow: diff && diff.drow };
    }
    if (q.ordered) {
        for (let i = 0; i < M.length; i++) {
            if (!rowEq(M[i], D[i], modes)) {
                // same rows in another order, or different rows?
                const diff = multisetDiff(M, D, modes);
                return { reason: diff ? `row ${i + 1} differs` : `row order differs at row ${i + 1}`, mrow: M[i], drow: D[i] };
            }
        }
        return null;
    }
    return multisetDiff(M, D, modes);
}
// multiset comparison: rows grouped by their exact columns, approximate columns matched
// greedily inside each group
function multisetDiff(M, D, modes) {
    const groups = new Map();
    for (const r of D) {
        const k = exactKey(r, modes);
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(r);
    }
    const mgroups = new Map();
    for (const r of M) {
        const k = exactKey(r, modes);
        if (!mgroups.has(k)) mgroups.set(k, []);
        mgroups.get(k).push(r);
    }
    const unmatchedM = [];
    for (const [k, mg] of mgroups) {
        const dg = groups.get(k) || [];
        groups.delete(k);
        const left = matchGroup(mg, dg, modes);
        unmatchedM.push(...left.m);
        if (left.d.length) groups.set(k, left.d);
    }
    let drow = null;
    for (const g of groups.values()) if (g.length) { drow = g[0]; break; }
    if (!unmatchedM.length && !drow) return null;
    return { reason: 'rows differ', mrow: unmatchedM[0] || null, drow };
}
// Matches rows equal in their exact columns: first both sorted by the approximate
// columns (optimal for one such column), else greedily. Returns the unmatched rows.
function matchGroup(mg, dg, modes) {
    if (mg.length === 1 && dg.length === 1) return rowEq(mg[0], dg[0], modes) ? { m: [], d: [] } : { m: mg, d: dg };
    const approx = modes.map((cm, i) => (cm.mode === 'approx' ? i : -1)).filter((i) => i >= 0);
    const num = (v) => (v === null || v === undefined ? -Infinity : Number(v));
    const cmp = (a, b) => {
        for (const i of approx) {
            const x = num(a[i]), y = num(b[i]);
            if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
    };
    if (mg.length === dg.length) {
        const ms = mg.slice().sort(cmp), ds = dg.slice().sort(cmp);
        if (ms.every((r, i) => rowEq(r, ds[i], modes))) return { m: [], d: [] };
    }
    const rest = dg.slice();
    const m = [];
    for (const r of mg) {
        const hit = rest.findIndex((x) => rowEq(r, x, modes));
        if (hit < 0) m.push(r);
        else rest.splice(hit, 1);
    }
    return { m, d: rest };
}

// ---------------------------------------------------------------- main
const OPTIONAL_UNSUPPORTED = new Set(['NOT_SUPPORTED', 'SYNTAX_ERROR', 'FUNCTION_NOT_FOUND']);
const t0 = Date.now();
const minerva = new MinervaRunner();
for (const d of ddl) minerva.feed(d);
const duck = await openDuck();
const queries = [];
const dres = [];
let regenerated = 0;
if (replay) {
    for (const q of replay) {
        minerva.feed(q.sql);
        queries.push(q);
        dres.push(await duck(q.sql));
    }
} else {
    for (const i of indices) {
        let q, d;
        for (let attempt = 0; ; attempt++) {
            q = { ...generateOne(opt.seed, i, attempt), id: i };
            d = await duck(q.sql);
            if (!(d.ok && d.rows.length === 0 && attempt < 2 && !keepEmpty(i))) break;
            regenerated++;
        }
        minerva.feed(q.sql);
        queries.push(q);
        dres.push(d);
    }
}
if (opt.dump) fs.writeFileSync(opt.dump, queries.map((q) => `${q.cls}\t${q.ordered ? 'O' : '-'}\t${q.sql}\n`).join(''));
minerva.end();
const mAll = await minerva.done;
const ddlRes = mAll.slice(0, ddl.length);
const mres = mAll.slice(ddl.length);
const ddlBad = ddlRes.find((r) => !r || !r.ok);
if (ddlBad) {
    console.log(`diff: creating the Minerva tables failed: ${ddlBad.code}: ${ddlBad.msg}`);
    console.log(`0 passed, ${queries.length} failed`);
    process.exit(1);
}

const stats = { passed: 0, failed: 0, skippedOptional: 0, skippedRef: 0, byClass: {}, byReason: {} };
const refErrors = [];
const unsupported = {};
let shown = 0;
const note = (cls, what) => {
    const c = (stats.byClass[cls] ||= { pass: 0, fail: 0, skip: 0 });
    c[what]++;
};
for (let i = 0; i < queries.length; i++) {
    const q = queries[i], m = mres[i], d = dres[i];
    let fail = null;
    if (!d.ok) {
        stats.skippedRef++;
        refErrors.push(`q${q.id} [${q.cls}] ${d.msg}\n    ${q.sql}`);
        note(q.cls, 'skip');
        continue;
    }
    if (!m.ok) {
        if (q.optional && OPTIONAL_UNSUPPORTED.has(m.code)) {
            stats.skippedOptional++;
            unsupported[m.code] = (unsupported[m.code] || 0) + 1;
            note(q.cls, 'skip');
            continue;
        }
        fail = { kind: m.code === 'NOT_SUPPORTED' ? 'not supported' : m.code === 'CRASH' || m.code === 'TIMEOUT' ? m.code.toLowerCase() : 'minerva error', reason: `${m.code}: ${m.msg}` };
    } else {
        const diff = compare(q, m, d);
        if (diff) fail = { kind: 'wrong result', ...diff };
    }
    if (!fail) {
        stats.passed++;
        note(q.cls, 'pass');
        continue;
    }
    stats.failed++;
    note(q.cls, 'fail');
    stats.byReason[fail.kind] = (stats.byReason[fail.kind] || 0) + 1;
    if (shown++ < opt.show) {
        console.log(`FAIL q${q.id} [${q.cls}] ${fail.kind}: ${fail.reason}`);
        console.log(`  sql:     ${q.sql}`);
        if (fail.kind === 'wrong result') {
            console.log(`  types:   minerva ${m.types.join(', ')} | duckdb ${d.types.join(', ')}`);
            console.log(`  minerva: ${showRow(fail.mrow)}`);
            console.log(`  duckdb:  ${showRow(fail.drow)}`);
        }
    }
}
for (const p of exitProblems) {
    stats.failed++;
    stats.byReason['diffrun exit'] = (stats.byReason['diffrun exit'] || 0) + 1;
    console.log(`FAIL ${p}`);
}
for (const rep of sanitizerReports) {
    // a sanitizer report is one more failure (the statements it belongs to may have passed)
    stats.failed++;
    stats.byReason['sanitizer report'] = (stats.byReason['sanitizer report'] || 0) + 1;
    console.log(`FAIL diffrun sanitizer report:\n${rep.split('\n').slice(0, 40).join('\n')}`);
}
if (refErrors.length) {
    console.log(`${refErrors.length} queries failed in DuckDB (generator bugs; skipped):`);
    for (const e of refErrors.slice(0, opt.verbose ? refErrors.length : 10)) console.log(`  ${e}`);
}
if (opt.times) fs.writeFileSync(opt.times, queries.map((q, i) => `${(mres[i] && mres[i].secs) || 0}\t${dres[i].secs || 0}\t${dres[i].rows ? dres[i].rows.length : -1}\tq${q.id}\t${q.cls}\t${q.sql}\n`).join(''));
const mSecs = mres.reduce((a, r) => a + (r && r.secs ? r.secs : 0), 0);
const dSecs = dres.reduce((a, r) => a + (r.secs || 0), 0);
if (opt.verbose) {
    const slow = mres.map((r, i) => [r && r.secs ? r.secs : 0, i]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    for (const [s, i] of slow) console.log(`slow: q${queries[i].id} ${s.toFixed(3)} s [${queries[i].cls}] ${queries[i].sql.slice(0, 150)}`);
}
console.log(`classes: ${Object.entries(stats.byClass).sort().map(([c, v]) => `${c} ${v.pass}/${v.pass + v.fail}${v.skip ? ` (${v.skip} skipped)` : ''}`).join(', ')}`);
if (stats.failed) console.log(`failures: ${Object.entries(stats.byReason).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (stats.skippedOptional) console.log(`skipped: ${stats.skippedOptional} optional queries not supported by Minerva (${Object.entries(unsupported).map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`seed ${opt.seed}, ${queries.length} queries (${regenerated} regenerated for an empty result), ${((Date.now() - t0) / 1000).toFixed(1)} s (minerva ${mSecs.toFixed(1)} s, duckdb ${dSecs.toFixed(1)} s in queries)`);
console.log(`${stats.passed} passed, ${stats.failed} failed`);
if (ownWork) fs.rmSync(work, { recursive: true, force: true });
process.exit(stats.failed ? 1 : 0);
