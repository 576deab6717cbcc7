// gen.mjs — deterministic random SQL generator for the differential test (see
// README.md). generate(count, seed) returns [{cls, optional, ordered, sql}]: one SQL
// text per query, valid in both Trino (Minerva) and DuckDB with the same meaning.
// `ordered` is true when the query has an ORDER BY that fixes the row order (rows
// are then compared in order), `optional` marks classes Minerva may not support.
//
// Every expression carries {sql, t, exact, nullable, nd}: t is one of int, dec, dbl,
// str, date, bool; exact is false when the two engines may round differently (avg,
// decimal division, doubles) — such values are only ever output, never filtered,
// grouped, sorted or cast to text; nd estimates distinct values (result size control).

// ---------------------------------------------------------------- random numbers
export function makeRng(seed) {
    let a = (seed >>> 0) ^ 0x9e3779b9;
    let b = 0x243f6a88 ^ Math.imul(seed >>> 0, 0x85ebca6b);
    const next = () => {
        // xorshift-multiply (splitmix-like) on two 32-bit words
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        b = (b ^ t) >>> 0;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const r = {
        next,
        int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
        pick: (arr) => arr[Math.floor(next() * arr.length)],
        chance: (p) => next() < p,
        weighted: (pairs) => {
            let total = 0;
            for (const [w] of pairs) total += w;
            let x = next() * total;
            for (const [w, v] of pairs) {
                if ((x -= w) < 0) return v;
            }
            return pairs[pairs.length - 1][1];
        },
        sample: (arr, k) => {
            const copy = arr.slice();
            const out = [];
            while (out.length < k && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
            return out;
        },
    };
    return r;
}

// ---------------------------------------------------------------- the schema
const NATIONS = ['ALGERIA', 'ARGENTINA', 'BRAZIL', 'CANADA', 'EGYPT', 'ETHIOPIA', 'FRANCE', 'GERMANY', 'INDIA',
    'INDONESIA', 'IRAN', 'IRAQ', 'JAPAN', 'JORDAN', 'KENYA', 'MOROCCO', 'MOZAMBIQUE', 'PERU', 'CHINA', 'ROMANIA',
    'SAUDI ARABIA', 'VIETNAM', 'RUSSIA', 'UNITED KINGDOM', 'UNITED STATES'];
const REGIONS = ['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'];
const COLORS = ['almond', 'antique', 'azure', 'beige', 'black', 'blue', 'blush', 'brown', 'chartreuse', 'chocolate',
    'coral', 'cornsilk', 'cream', 'cyan', 'dark', 'forest', 'frosted', 'green', 'grey', 'honeydew', 'hot', 'ivory',
    'khaki', 'lace', 'lavender', 'lemon', 'light', 'lime', 'linen', 'magenta', 'maroon', 'metallic', 'midnight',
    'mint', 'navy', 'olive', 'orange', 'orchid', 'pale', 'peach', 'pink', 'plum', 'puff', 'purple', 'red', 'rose',
    'royal', 'salmon', 'sandy', 'sienna', 'sky', 'slate', 'snow', 'spring', 'steel', 'tan', 'thistle', 'tomato',
    'turquoise', 'violet', 'wheat', 'white', 'yellow'];
const TYPE1 = ['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'];
const TYPE2 = ['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'];
const TYPE3 = ['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'];
const CONT1 = ['SM', 'LG', 'MED', 'JUMBO', 'WRAP'];
const CONT2 = ['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'];
const SEGMENTS = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'];
const PRIORITIES = ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'];
const INSTRUCT = ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'];
const SHIPMODES = ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'];
const WORDS = ['special', 'requests', 'deposits', 'furiously', 'carefully', 'quickly', 'final', 'pending', 'express',
    'regular', 'ironic', 'accounts', 'packages', 'blithely', 'slyly', 'bold', 'even', 'silent', 'theodolites',
    'pinto', 'instructions', 'foxes', 'ideas', 'dependencies', 'platelets', 'asymptotes', 'unusual', 'Customer'];

const pad = (n, w) => String(n).padStart(w, '0');
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const dateLit = (d) => `DATE '${d}'`;
function randDate(r, lo = 1992, hi = 1998) {
    return `${r.int(lo, hi)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
}
function decLit(r, lo, hi, scale = 2) {
    const v = lo + r.next() * (hi - lo);
    return v.toFixed(scale);
}

// Column specs. t: int|dec|str|date; nd: distinct values; lit(r): a literal SQL text
// in the column's range; like(r): a LIKE pattern; digits: [start, len] of a substring
// that holds only digits (castable to an integer); text: free text (comments).
// Tables: rows, abbr (alias prefix), pk, win: the key range used to cut a table down
// to about N rows ("window" predicates, perKey = rows per key value).
function col(name, t, nd, lit, extra = {}) {
    return { name, t, nd, lit, ...extra };
}
const intLit = (lo, hi) => (r) => String(r.int(lo, hi));
const pickLit = (arr) => (r) => q(r.pick(arr));
const wordLike = (r) => r.pick([`%${r.pick(WORDS)}%`, `%${r.pick(WORDS)}%${r.pick(WORDS)}%`, `${r.pick(WORDS).slice(0, 3)}%`, `%${r.pick(WORDS).slice(1, 4)}_%`]);
const comment = (name, nd) => col(name, 'str', nd, (r) => q(r.pick(WORDS)), { like: wordLike, text: true });

export const TABLES = {
    region: {
        rows: 5, abbr: 'r', pk: ['r_regionkey'],
        cols: [col('r_regionkey', 'int', 5, intLit(0, 4)), col('r_name', 'str', 5, pickLit(REGIONS), { like: (r) => `%${r.pick(['A', 'E', 'IC', 'RO'])}%` }), comment('r_comment', 5)],
    },
    nation: {
        rows: 25, abbr: 'n', pk: ['n_nationkey'],
        cols: [col('n_nationkey', 'int', 25, intLit(0, 24)), col('n_name', 'str', 25, pickLit(NATIONS), { like: (r) => r.pick(['%IA', 'I%', '%AN%', 'U%', '_R%', '%A_']) }),
            col('n_regionkey', 'int', 5, intLit(0, 4)), comment('n_comment', 25)],
    },
    supplier: {
        rows: 1000, abbr: 's', pk: ['s_suppkey'], win: { col: 's_suppkey', lo: 1, hi: 1000, perKey: 1 },
        cols: [col('s_suppkey', 'int', 1000, intLit(1, 1000)), col('s_name', 'str', 1000, (r) => q(`Supplier#${pad(r.int(1, 1000), 9)}`), { like: (r) => `Supplier#0000000${r.int(0, 9)}%` }),
            col('s_address', 'str', 1000, (r) => q('abc'), { like: (r) => `%${r.pick(['a', 'b', 'Q', 'z', '1', ','])}%` }),
            col('s_nationkey', 'int', 25, intLit(0, 24)), col('s_phone', 'str', 1000, (r) => q(`${r.int(10, 34)}-`), { like: (r) => `${r.int(10, 34)}-%`, digits: [1, 2] }),
            col('s_acctbal', 'dec', 1000, (r) => decLit(r, -999.99, 9999.99)), comment('s_comment', 1000)],
    },
    customer: {
        rows: 15000, abbr: 'c', pk: ['c_custkey'], win: { col: 'c_custkey', lo: 1, hi: 15000, perKey: 1 },
        cols: [col('c_custkey', 'int', 15000, intLit(1, 15000)), col('c_name', 'str', 15000, (r) => q(`Customer#${pad(r.int(1, 15000), 9)}`), { like: (r) => `Customer#00000${r.int(0, 1)}${r.int(0, 9)}%` }),
            col('c_address', 'str', 15000, (r) => q('abc'), { like: (r) => `%${r.pick(['a', 'b', 'Q', 'z', '1', ','])}%` }),
            col('c_nationkey', 'int', 25, intLit(0, 24)), col('c_phone', 'str', 15000, (r) => q(`${r.int(10, 34)}-`), { like: (r) => `${r.int(10, 34)}-%`, digits: [1, 2] }),
            col('c_acctbal', 'dec', 15000, (r) => decLit(r, -999.99, 9999.99)), col('c_mktsegment', 'str', 5, pickLit(SEGMENTS), { like: (r) => `%${r.pick(['BUILD', 'A', 'O', 'ING'])}%` }),
            comment('c_comment', 15000)],
    },
    part: {
        rows: 20000, abbr: 'p', pk: ['p_partkey'], win: { col: 'p_partkey', lo: 1, hi: 20000, perKey: 1 },
        cols: [col('p_partkey', 'int', 20000, intLit(1, 20000)), col('p_name', 'str', 20000, (r) => q(r.pick(COLORS)), { like: (r) => r.pick([`%${r.pick(COLORS)}%`, `${r.pick(COLORS)}%`, `%${r.pick(COLORS)} ${r.pick(COLORS)}%`]) }),
            col('p_mfgr', 'str', 5, (r) => q(`Manufacturer#${r.int(1, 5)}`), { like: (r) => `%#${r.int(1, 5)}`, digits: [14, 1] }),
            col('p_brand', 'str', 25, (r) => q(`Brand#${r.int(1, 5)}${r.int(1, 5)}`), { like: (r) => `Brand#${r.int(1, 5)}_`, digits: [7, 2] }),
            col('p_type', 'str', 150, (r) => q(`${r.pick(TYPE1)} ${r.pick(TYPE2)} ${r.pick(TYPE3)}`), { like: (r) => r.pick([`%${r.pick(TYPE3)}`, `${r.pick(TYPE1)}%`, `%${r.pick(TYPE2)}%`]) }),
            col('p_size', 'int', 50, intLit(1, 50)),
            col('p_container', 'str', 40, (r) => q(`${r.pick(CONT1)} ${r.pick(CONT2)}`), { like: (r) => r.pick([`${r.pick(CONT1)} %`, `%${r.pick(CONT2)}`]) }),
            col('p_retailprice', 'dec', 20000, (r) => decLit(r, 900, 2100)), comment('p_comment', 20000)],
    },
    partsupp: {
        rows: 80000, abbr: 'ps', pk: ['ps_partkey', 'ps_suppkey'], win: { col: 'ps_partkey', lo: 1, hi: 20000, perKey: 4 },
        cols: [col('ps_partkey', 'int', 20000, intLit(1, 20000)), col('ps_suppkey', 'int', 1000, intLit(1, 1000)),
            col('ps_availqty', 'int', 9999, intLit(1, 9999)), col('ps_supplycost', 'dec', 80000, (r) => decLit(r, 1, 1000)), comment('ps_comment', 80000)],
    },
    orders: {
        rows: 150000, abbr: 'o', pk: ['o_orderkey'], win: { col: 'o_orderkey', lo: 1, hi: 600000, perKey: 0.25 },
        cols: [col('o_orderkey', 'int', 150000, intLit(1, 600000)), col('o_custkey', 'int', 10000, intLit(1, 15000)),
            col('o_orderstatus', 'str', 3, pickLit(['F', 'O', 'P']), { like: (r) => r.pick(['F', 'O%', '_']) }),
            col('o_totalprice', 'dec', 150000, (r) => decLit(r, 900, 500000)), col('o_orderdate', 'date', 2406, (r) => dateLit(randDate(r, 1992, 1998))),
            col('o_orderpriority', 'str', 5, pickLit(PRIORITIES), { like: (r) => r.pick(['1%', '%HIGH', '%-%', '_-L%', '%SPEC%']), digits: [1, 1] }),
            col('o_clerk', 'str', 1000, (r) => q(`Clerk#${pad(r.int(1, 1000), 9)}`), { like: (r) => `Clerk#000000${r.int(0, 9)}%`, digits: [7, 9] }),
            col('o_shippriority', 'int', 1, intLit(0, 1)), comment('o_comment', 150000)],
    },
    lineitem: {
        rows: 600572, abbr: 'l', pk: ['l_orderkey', 'l_linenumber'], win: { col: 'l_orderkey', lo: 1, hi: 600000, perKey: 1 },
        cols: [col('l_orderkey', 'int', 150000, intLit(1, 600000)), col('l_partkey', 'int', 20000, intLit(1, 20000)),
            col('l_suppkey', 'int', 1000, intLit(1, 1000)), col('l_linenumber', 'int', 7, intLit(1, 7)),
            col('l_quantity', 'dec', 50, (r) => `${r.int(1, 50)}.00`), col('l_extendedprice', 'dec', 600000, (r) => decLit(r, 900, 100000)),
            col('l_discount', 'dec', 11, (r) => `0.${pad(r.int(0, 10), 2)}`), col('l_tax', 'dec', 9, (r) => `0.0${r.int(0, 8)}`),
            col('l_returnflag', 'str', 3, pickLit(['A', 'N', 'R'])), col('l_linestatus', 'str', 2, pickLit(['O', 'F'])),
            col('l_shipdate', 'date', 2526, (r) => dateLit(randDate(r, 1992, 1998))), col('l_commitdate', 'date', 2466, (r) => dateLit(randDate(r, 1992, 1998))),
            col('l_receiptdate', 'date', 2554, (r) => dateLit(randDate(r, 1992, 1998))),
            col('l_shipinstruct', 'str', 4, pickLit(INSTRUCT), { like: (r) => r.pick(['%IN%', 'N%', '%RETURN', 'C_L%']) }),
            col('l_shipmode', 'str', 7, pickLit(SHIPMODES), { like: (r) => r.pick(['%AIR', 'R%', '_A%', '%I%']) }), comment('l_comment', 600000)],
    },
};
for (const [name, t] of Object.entries(TABLES)) {
    t.name = name;
    for (const c of t.cols) c.table = name;
}

// Foreign-key edges: [a.table, a.col, b.table, b.col, rows of b per row of a]
const EDGES = [
    ['lineitem', 'l_orderkey', 'orders', 'o_orderkey', 1],
    ['orders', 'o_custkey', 'customer', 'c_custkey', 1],
    ['customer', 'c_nationkey', 'nation', 'n_nationkey', 1],
    ['supplier', 's_nationkey', 'nation', 'n_nationkey', 1],
    ['nation', 'n_regionkey', 'region', 'r_regionkey', 1],
    ['lineitem', 'l_partkey', 'part', 'p_partkey', 1],
    ['lineitem', 'l_suppkey', 'supplier', 's_suppkey', 1],
    ['partsupp', 'ps_partkey', 'part', 'p_partkey', 1],
    ['partsupp', 'ps_suppkey', 'supplier', 's_suppkey', 1],
];
const FANOUT = { 'orders>lineitem': 4, 'customer>orders': 10, 'nation>customer': 600, 'nation>supplier': 40, 'region>nation': 5,
    'part>lineitem': 30, 'supplier>lineitem': 600, 'part>partsupp': 4, 'supplier>partsupp': 80 };
function edgesFrom(table) {
    const out = [];
    for (const [a, ac, b, bc] of EDGES) {
        if (a === table) out.push({ to: b, fromCol: ac, toCol: bc, fan: 1 });
        if (b === table) out.push({ to: a, fromCol: bc, toCol: ac, fan: FANOUT[`${b}>${a}`] || 1 });
    }
    return out;
}

// ---------------------------------------------------------------- scopes and expressions
// A scope lists the visible table instances: {table, alias, nullable}; qualify=true
// writes alias.column.
class Scope {
    constructor(qualify) {
        this.items = [];
        this.qualify = qualify;
    }
    add(table, alias, nullable = false) {
        this.items.push({ t: TABLES[table], alias, nullable });
        return this;
    }
    columns(filter) {
        const out = [];
        for (const it of this.items) {
            for (const c of it.t.cols) if (!filter || filter(c)) out.push({ c, it });
        }
        return out;
    }
    ref(c, it) {
        return { sql: this.qualify ? `${it.alias}.${c.name}` : c.name, t: c.t, exact: true, nullable: it.nullable, nd: c.nd, col: c };
    }
}

const E = (sql, t, o = {}) => ({ sql, t, exact: o.exact ?? true, nullable: o.nullable ?? false, nd: o.nd ?? 1000 });
const all = (xs, f) => xs.every(f);

export class Gen {
    constructor(rng) {
        this.r = rng;
        this.aliasN = 0;
    }
    alias(table) {
        return `${TABLES[table].abbr}${++this.aliasN}`;
    }

    // a column of type t from the scope (any type when t is null), or null
    column(scope, t, filter) {
        const cols = scope.columns((c) => (!t || c.t === t) && (!filter || filter(c)));
        if (!cols.length) return null;
        const { c, it } = this.r.pick(cols);
        return scope.ref(c, it);
    }

    literal(t, like) {
        const r = this.r;
        if (like && like.col && like.col.lit && like.t === t && t !== 'bool') return E(like.col.lit(r), t, { nd: 1 });
        switch (t) {
        case 'int': return E(String(r.int(0, 40)), 'int', { nd: 1 });
        case 'dec': return E(decLit(r, 0, r.pick([1, 10, 100, 1000]), r.pick([1, 2, 2, 3, 4])), 'dec', { nd: 1 });
        case 'dbl': return E(`${r.int(1, 9)}.${r.int(0, 9)}e0`, 'dbl', { nd: 1, exact: false });
        case 'str': return E(q(r.pick([...WORDS, 'A', 'N', 'AIR', 'Brand#12', 'x'])), 'str', { nd: 1 });
        case 'date': return E(dateLit(randDate(r)), 'date', { nd: 1 });
        default: return E('true', 'bool', { nd: 1 });
        }
    }

    // A row-level expression of type t. opts.exact: only exactly computable values;
    // depth bounds nesting.
    scalar(scope, t, depth = 2, opts = {}) {
        const r = this.r;
        if (depth <= 0 || r.chance(0.35)) {
            const c = this.column(scope, t);
            if (c && (t !== 'str' || !c.col.text || r.chance(0.4))) return c;
            if (c && r.chance(0.5)) return c;
            if (t !== 'dbl' && t !== 'bool') return r.chance(0.7) && c ? c : this.literal(t);
        }
        const exactOnly = !!opts.exact;
        const sub = (tt, d = depth - 1, o = opts) => this.scalar(scope, tt, d, o);
        const nn = (...xs) => xs.some((x) => x.nullable);
        const mk = (sql, tt, xs, o = {}) => E(sql, tt, { exact: (o.exact ?? true) && all(xs, (x) => x.exact), nullable: o.nullable ?? nn(...xs), nd: o.nd ?? Math.min(1e6, xs.reduce((a, x) => a * x.nd, 1)) });
        switch (t) {
        case 'int': return r.weighted([
            [3, () => { const a = sub('int'), b = sub('int'); return mk(`(${a.sql} ${r.pick(['+', '-'])} ${b.sql})`, 'int', [a, b]); }],
            [2, () => { const a = sub('int'); return mk(`(${a.sql} * ${r.int(-3, 5)})`, 'int', [a], { nd: a.nd }); }],
            [2, () => { const a = sub('int'); const k = r.int(2, 10); return mk(`(${a.sql} % ${k})`, 'int', [a], { nd: Math.min(a.nd, 2 * k) }); }],
            [1, () => { const a = sub('int'); return mk(`abs(${a.sql})`, 'int', [a], { nd: a.nd }); }],
            [2, () => { const a = sub('str'); return mk(`length(${a.sql})`, 'int', [a], { nd: Math.min(a.nd, 100) }); }],
            [3, () => { const a = sub('date'); const f = r.pick(['year', 'month', 'day', 'quarter']); return mk(`${f}(${a.sql})`, 'int', [a], { nd: Math.min(a.nd, { year: 8, month: 12, day: 31, quarter: 4 }[f]) }); }],
            [1, () => { const a = sub('date'); const f = r.pick(['year', 'month', 'day', 'quarter', 'doy']); return mk(`extract(${f} FROM ${a.sql})`, 'int', [a], { nd: Math.min(a.nd, 366) }); }],
            [1, () => { const a = sub('str'); return mk(`strpos(${a.sql}, ${q(r.pick(['a', 'e', 'the', 'ly', '#', ' ']))})`, 'int', [a], { nd: Math.min(a.nd, 100) }); }],
            [1, () => { const a = sub('date'), b = sub('date'); return mk(`date_diff('day', ${a.sql}, ${b.sql})`, 'int', [a, b]); }],
            [1, () => { const a = sub('dec'); return a.exact ? mk(`CAST(${a.sql} AS ${r.pick(['INTEGER', 'BIGINT'])})`, 'int', [a], { nd: a.nd }) : this.column(scope, 'int') || this.literal('int'); }],
            [2, () => { const c = this.column(scope, 'str', (cc) => cc.digits); if (!c) return this.literal('int'); const [s, n] = c.col.digits; return mk(`CAST(substr(${c.sql}, ${s}, ${n}) AS ${r.pick(['INTEGER', 'BIGINT'])})`, 'int', [c], { nd: Math.min(c.nd, 10 ** n) }); }],
            [2, () => this.caseExpr(scope, 'int', depth, opts)],
            [1, () => this.coalesce(scope, 'int', depth, opts)],
            [1, () => { const a = sub('int'), b = sub('int'); if (nn(a, b)) return a; return mk(`${r.pick(['greatest', 'least'])}(${a.sql}, ${b.sql})`, 'int', [a, b]); }],
            [1, () => { const a = sub('int'); return mk(`nullif(${a.sql}, ${this.literal('int', a).sql})`, 'int', [a], { nullable: true, nd: a.nd }); }],
        ])();
        case 'dec': return r.weighted([
            [3, () => { const a = sub('dec'), b = sub(r.pick(['dec', 'int'])); return mk(`(${a.sql} ${r.pick(['+', '-'])} ${b.sql})`, 'dec', [a, b]); }],
            [3, () => { const a = this.column(scope, 'dec') || sub('dec', 0); const b = r.chance(0.5) ? this.literal('dec') : sub(r.pick(['dec', 'int']), 0); return mk(`(${a.sql} * ${b.sql})`, 'dec', [a, b]); }],
            [1, () => { const a = sub('dec'); return mk(`(${a.sql} * (1 - 0.0${r.int(0, 9)}))`, 'dec', [a], { nd: a.nd }); }],
            [opts.noRound ? 0 : 1, () => { const a = sub('dec'); return mk(`round(${a.sql}, ${r.int(0, 2)})`, 'dec', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('dec'); return mk(`${r.pick(['abs', 'ceil', 'floor'])}(${a.sql})`, 'dec', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('dec'); return mk(`CAST(${a.sql} AS DECIMAL(${r.int(14, 20)},${r.int(0, 3)}))`, 'dec', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('int'); return mk(`CAST(${a.sql} AS DECIMAL(18,${r.int(0, 2)}))`, 'dec', [a], { nd: a.nd }); }],
            [2, () => this.caseExpr(scope, 'dec', depth, opts)],
            [1, () => this.coalesce(scope, 'dec', depth, opts)],
        ])();
        case 'dbl': return r.weighted([
            [3, () => { const a = sub(r.pick(['dec', 'int'])); return mk(`CAST(${a.sql} AS DOUBLE)`, 'dbl', [a], { exact: false }); }],
            [2, () => { const a = sub('dbl'); return mk(`(${a.sql} * ${this.literal('dbl').sql})`, 'dbl', [a], { exact: false }); }],
            [1, () => { const a = sub('dbl'), b = sub('dbl'); return mk(`(${a.sql} + ${b.sql})`, 'dbl', [a, b], { exact: false }); }],
            [1, () => { const a = sub('dec'); return mk(`sqrt(abs(CAST(${a.sql} AS DOUBLE)))`, 'dbl', [a], { exact: false }); }],
        ])();
        case 'str': return r.weighted([
            [3, () => { const a = sub('str'); return mk(`${r.pick(['upper', 'lower'])}(${a.sql})`, 'str', [a], { nd: a.nd }); }],
            [3, () => { const a = sub('str'); const s = r.int(1, 8); return r.chance(0.7) ? mk(`substr(${a.sql}, ${s}, ${r.int(0, 6)})`, 'str', [a], { nd: Math.min(a.nd, 500) }) : mk(`substr(${a.sql}, ${s})`, 'str', [a], { nd: a.nd }); }],
            [3, () => { const a = sub('str'), b = sub('str'); return mk(`(${a.sql} || ${b.sql})`, 'str', [a, b]); }],
            [1, () => { const a = sub('str'), b = sub('str'); if (nn(a, b)) return mk(`(${a.sql} || ${b.sql})`, 'str', [a, b]); return mk(`concat(${a.sql}, ${q(r.pick([' ', '-', '#']))}, ${b.sql})`, 'str', [a, b]); }],
            [1, () => { const a = sub('str'); return mk(`${r.pick(['trim', 'ltrim', 'rtrim'])}(${a.sql})`, 'str', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('str'); return mk(`replace(${a.sql}, ${q(r.pick(['a', 'e', ' ', 'ly', '#']))}, ${q(r.pick(['', '_', 'XY']))})`, 'str', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('str'); return mk(`${r.pick(['lpad', 'rpad'])}(${a.sql}, ${r.int(0, 20)}, ${q(r.pick(['*', '-=', '0']))})`, 'str', [a], { nd: a.nd }); }],
            [1, () => { const a = sub('str'); return mk(`reverse(${a.sql})`, 'str', [a], { nd: a.nd }); }],
            [2, () => { const a = sub(r.pick(['int', 'date', 'dec']), depth - 1, { ...opts, exact: true, noRound: true }); return mk(`CAST(${a.sql} AS VARCHAR)`, 'str', [a], { nd: a.nd }); }],
            [2, () => this.caseExpr(scope, 'str', depth, opts)],
            [1, () => this.coalesce(scope, 'str', depth, opts)],
        ])();
        case 'date': return r.weighted([
            [4, () => { const a = sub('date'); const u = r.pick(['DAY', 'DAY', 'MONTH', 'YEAR']); const n = u === 'DAY' ? r.int(1, 400) : u === 'MONTH' ? r.int(1, 30) : r.int(1, 3); return mk(`CAST(${a.sql} ${r.pick(['+', '-'])} INTERVAL '${n}' ${u} AS DATE)`, 'date', [a], { nd: a.nd }); }],
            [2, () => { const a = sub('date'); const u = r.pick(['month', 'year', 'quarter']); return mk(`CAST(date_trunc('${u}', ${a.sql}) AS DATE)`, 'date', [a], { nd: Math.min(a.nd, 90) }); }],
            [1, () => E(`CAST(${q(randDate(r))} AS DATE)`, 'date', { nd: 1 })],
            [2, () => this.caseExpr(scope, 'date', depth, opts)],
            [1, () => this.coalesce(scope, 'date', depth, opts)],
            [1, () => { const a = sub('date'), b = sub('date'); if (nn(a, b)) return a; return mk(`${r.pick(['greatest', 'least'])}(${a.sql}, ${b.sql})`, 'date', [a, b]); }],
        ])();
        case 'bool': return this.pred(scope, depth);
        }
        throw new Error(`bad type ${t}`);
    }

    // exact / divisor: Trino rounds a decimal quotient to the larger scale of its
    // operands, DuckDB computes a double, so a quotient is only ever a whole output
    // value (never an operand, an aggregate argument or a predicate)
    quotient(scope) {
        const a = this.scalar(scope, 'dec', 1, { exact: true });
        const b = this.divisor(scope);
        return E(`(${a.sql} / ${b.sql})`, 'dec', { exact: false, nullable: true });
    }

    // a divisor that is never zero: a positive column, or nullif(x, 0)
    divisor(scope) {
        const pos = ['l_quantity', 'l_extendedprice', 'p_retailprice', 'o_totalprice', 'ps_supplycost', 'ps_availqty', 'p_size', 'l_linenumber'];
        const c = this.column(scope, null, (cc) => pos.includes(cc.name));
        if (c && this.r.chance(0.7)) return c;
        const x = this.column(scope, 'dec') || this.column(scope, 'int');
        if (x) return E(`nullif(${x.sql}, 0)`, x.t, { nullable: true });
        return E(this.r.pick(['3', '7.5', '0.25']), 'dec');
    }

    caseExpr(scope, t, depth, opts) {
        const r = this.r;
        const n = r.int(1, 3);
        const parts = [];
        const xs = [];
        for (let i = 0; i < n; i++) {
            const v = this.scalar(scope, t, depth - 1, opts);
            xs.push(v);
            parts.push(`WHEN ${this.pred(scope, depth - 1).sql} THEN ${v.sql}`);
        }
        let nullable = xs.some((x) => x.nullable);
        if (r.chance(0.75)) {
            const v = this.scalar(scope, t, depth - 1, opts);
            xs.push(v);
            parts.push(`ELSE ${v.sql}`);
            nullable = nullable || v.nullable;
        } else nullable = true;
        if (t === 'str' && r.chance(0.3)) {
            // simple CASE on a low-cardinality column
            const c = this.column(scope, 'str', (cc) => cc.nd <= 25 && !cc.text);
            if (c) {
                const arms = [];
                for (let i = 0; i < r.int(1, 3); i++) arms.push(`WHEN ${c.col.lit(r)} THEN ${q(r.pick(WORDS))}`);
                return E(`CASE ${c.sql} ${arms.join(' ')} ELSE ${q('other')} END`, 'str', { nd: 4, nullable: false });
            }
        }
        return E(`CASE ${parts.join(' ')} END`, t, { exact: xs.every((x) => x.exact), nullable, nd: xs.reduce((a, x) => a + x.nd, 0) });
    }

    coalesce(scope, t, depth, opts) {
        const a = this.scalar(scope, t, depth - 1, opts);
        const b = this.r.chance(0.5) ? this.literal(t, a) : this.scalar(scope, t, depth - 1, opts);
        return E(`COALESCE(${a.sql}, ${b.sql})`, t, { exact: a.exact && b.exact, nullable: a.nullable && b.nullable, nd: a.nd + b.nd });
    }

    // a boolean predicate over exact values
    pred(scope, depth = 2) {
        const r = this.r;
        const ex = { exact: true };
        const present = new Set(scope.columns().map((x) => x.c.t));
        const typesIn = (ts) => { const f = ts.filter((t) => present.has(t)); return f.length ? f : ts; };
        const anyT = () => r.pick(typesIn(['int', 'int', 'dec', 'dec', 'str', 'str', 'date']));
        if (depth > 0 && r.chance(0.3)) {
            return r.weighted([
                [4, () => { const a = this.pred(scope, depth - 1), b = this.pred(scope, depth - 1); return E(`(${a.sql} ${r.pick(['AND', 'OR'])} ${b.sql})`, 'bool', { nullable: a.nullable || b.nullable }); }],
                [1, () => { const a = this.pred(scope, depth - 1); return E(`(NOT ${a.sql})`, 'bool', { nullable: a.nullable }); }],
            ])();
        }
        const d = Math.max(0, depth - 1);
        return r.weighted([
            [6, () => {
                const t = anyT(); const a = this.scalar(scope, t, d, ex);
                const lit = r.chance(0.6);
                const b = lit ? this.literal(t, a) : this.scalar(scope, t, d, ex);
                // equality with a random literal on a many-valued expression is nearly always empty
                const op = lit && a.nd > 50 && r.chance(0.9) ? r.pick(['<>', '<', '<=', '>', '>=']) : r.pick(['=', '<>', '<', '<=', '>', '>=']);
                return E(`${a.sql} ${op} ${b.sql}`, 'bool', { nullable: a.nullable || b.nullable });
            }],
            [2, () => { const t = r.pick(typesIn(['int', 'dec', 'date', 'str'])); const a = this.scalar(scope, t, d, ex); let lo = this.literal(t, a).sql, hi = this.literal(t, a).sql; const gt = t === 'int' || t === 'dec' ? Number(lo) > Number(hi) : lo > hi; if (r.chance(0.9) && gt) [lo, hi] = [hi, lo]; return E(`${a.sql} ${r.chance(0.2) ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi}`, 'bool', { nullable: a.nullable }); }],
            [3, () => { const t = r.pick(typesIn(['int', 'str', 'str', 'dec', 'date'])); const a = r.chance(0.9) ? (this.column(scope, t, (c) => c.nd <= 50) || this.scalar(scope, t, d, ex)) : this.scalar(scope, t, d, ex); const n = r.int(1, 5); const lits = []; for (let i = 0; i < n; i++) lits.push(this.literal(t, a).sql); return E(`${a.sql} ${r.chance(0.25) ? 'NOT ' : ''}IN (${lits.join(', ')})`, 'bool', { nullable: a.nullable }); }],
            [3, () => { const c = this.column(scope, 'str', (cc) => cc.like); if (!c) return this.pred(scope, 0); let s = c.sql; if (r.chance(0.2)) s = `${r.pick(['upper', 'lower'])}(${s})`; return E(`${s} ${r.chance(0.2) ? 'NOT ' : ''}LIKE ${q(c.col.like(r))}`, 'bool', { nullable: c.nullable }); }],
            [1, () => { const a = this.scalar(scope, anyT(), d, ex); return E(`${a.sql} IS ${r.chance(0.5) ? 'NOT ' : ''}NULL`, 'bool'); }],
            [1, () => {
                const a = this.scalar(scope, 'str', d, ex);
                // a prefix of a value the expression may hold, when known
                const v = a.col && a.col.lit ? a.col.lit(r).replace(/^'|'$/g, '') : r.pick(['A', 'B', 'C', 'S', 'Br', 'Cu', '1', 'N']);
                return E(`starts_with(${a.sql}, ${q(v.slice(0, r.int(1, Math.max(1, Math.min(4, v.length)))))})`, 'bool', { nullable: a.nullable });
            }],
            [1, () => { const t = anyT(); const a = this.scalar(scope, t, d, ex), b = this.scalar(scope, t, d, ex); return E(`${a.sql} IS ${r.chance(0.5) ? 'NOT ' : ''}DISTINCT FROM ${b.sql}`, 'bool'); }],
        ])();
    }

    // An aggregate over scope rows: {sql, t, exact, nullable, nd:1}.
    agg(scope, opts = {}) {
        const r = this.r;
        const A = (sql, t, exact = true) => ({ sql, t, exact, nullable: true, nd: 1, agg: true });
        return r.weighted([
            [3, () => A('count(*)', 'int')],
            [2, () => { const a = this.scalar(scope, r.pick(['int', 'str', 'dec', 'date']), 1); return A(`count(${a.sql})`, 'int'); }],
            [2, () => { const a = r.chance(0.7) ? (this.column(scope, null) || this.scalar(scope, 'int', 1, { exact: true })) : this.scalar(scope, r.pick(['int', 'str', 'date']), 1, { exact: true }); return A(`count(DISTINCT ${a.sql})`, 'int'); }],
            [1, () => { const t = r.pick(['int', 'dec']); const a = this.column(scope, t) || this.scalar(scope, t, 1, { exact: true }); return A(`sum(DISTINCT ${a.sql})`, t); }],
            [4, () => { const t = r.pick(['int', 'dec', 'dec']); const a = this.scalar(scope, t, 1, { exact: true }); return A(`sum(${a.sql})`, t); }],
            [opts.exact ? 0 : 1, () => { const a = this.scalar(scope, 'dbl', 1); return A(`${r.pick(['sum', 'avg', 'min', 'max'])}(${a.sql})`, 'dbl', false); }],
            [opts.exact ? 0 : 3, () => { const t = r.pick(['int', 'dec', 'dec']); const a = this.scalar(scope, t, 1, { exact: true }); return A(`avg(${a.sql})`, t === 'int' ? 'dbl' : 'dec', false); }],
            [3, () => { const t = r.pick(['int', 'dec', 'str', 'date']); const a = this.scalar(scope, t, 1, { exact: true }); return A(`${r.pick(['min', 'max'])}(${a.sql})`, t); }],
            [1, () => { const a = this.scalar(scope, 'dec', 1, { exact: true }); return A(`sum(CASE WHEN ${this.pred(scope, 1).sql} THEN ${a.sql} ELSE 0 END)`, 'dec'); }],
            [opts.grouped ? 1 : 0, () => { const p = this.pred(scope, 1); return p.nullable ? A('count(*)', 'int') : A(`count_if(${p.sql})`, 'int'); }],
            [opts.exact ? 0 : 1, () => { const a = this.scalar(scope, r.pick(['int', 'dec']), 1, { exact: true }); return A(`${r.pick(['stddev_samp', 'stddev_pop', 'var_samp', 'var_pop'])}(CAST(${a.sql} AS DOUBLE))`, 'dbl', false); }],
            [1, () => { const a = this.column(scope, 'dec') || this.scalar(scope, 'dec', 1, { exact: true }); const b = this.agg(scope, { ...opts, exact: true }); if (b.t !== 'dec' && b.t !== 'int') return A(`sum(${a.sql})`, 'dec'); return A(`(sum(${a.sql}) ${r.pick(['+', '-'])} ${b.sql})`, 'dec'); }],
            [opts.exact ? 0 : 1, () => { const a = this.scalar(scope, 'dec', 1, { exact: true }); return A(`(sum(${a.sql}) / ${r.pick(['count(*)', `nullif(count(${a.sql}), 0)`, 'sum(1)'])})`, 'dec', false); }],
        ])();
    }
}

// ---------------------------------------------------------------- query builders
// helpers shared by the builders
function windowPred(g, scope, it, target) {
    const w = it.t.win;
    if (!w) return null;
    const span = Math.max(1, Math.round(target / w.perKey));
    const lo = g.r.int(w.lo, Math.max(w.lo, w.hi - span));
    const c = scope.qualify ? `${it.alias}.${w.col}` : w.col;
    return `${c} BETWEEN ${lo} AND ${lo + span}`;
}

// ORDER BY over the given output ordinals with random directions and null orders
function orderBy(g, ordinals) {
    const r = g.r;
    const ks = r.sample(ordinals, ordinals.length);
    return ks.map((k) => `${k}${r.pick(['', ' ASC', ' DESC'])}${r.pick(['', ' NULLS FIRST', ' NULLS LAST'])}`).join(', ');
}

// Picks output columns: a mix of plain columns and expressions.
function selectList(g, scope, n, depth = 2) {
    const r = g.r;
    const out = [];
    for (let i = 0; i < n; i++) {
        if (r.chance(0.45)) out.push(g.column(scope, null));
        else if (r.chance(0.08)) out.push(g.quotient(scope));
        else out.push(g.scalar(scope, r.pick(['int', 'int', 'dec', 'dec', 'dbl', 'str', 'str', 'date', 'bool']), depth));
    }
    return out;
}

function finish(g, cls, sql, outs, { totalPossible, limitOk = true, optional = false }) {
    // appends ORDER BY / LIMIT; returns the query record
    const r = g.r;
    const exactIdx = [];
    outs.forEach((o, i) => { if (o.exact) exactIdx.push(i + 1); });
    const total = totalPossible !== undefined ? totalPossible : exactIdx.length === outs.length;
    let ordered = false;
    if (exactIdx.length && r.chance(0.55)) {
        sql += ` ORDER BY ${orderBy(g, exactIdx)}`;
        if (total) {
            ordered = true;
            if (limitOk && r.chance(0.7)) sql += `${r.chance(0.15) ? ` OFFSET ${r.int(1, 5)}` : ''} LIMIT ${r.pick([0, 1, 5, 10, 20, 100])}`;
        }
    }
    return { cls, optional, ordered, sql };
}

// SELECT exprs FROM one table WHERE preds [ORDER BY [LIMIT]]
function qFilter(g, cls = 'filter', depth = 2) {
    const r = g.r;
    const tname = r.weighted([[1, 'nation'], [1, 'region'], [3, 'supplier'], [3, 'customer'], [3, 'part'], [2, 'partsupp'], [3, 'orders'], [2, 'lineitem']]);
    const qualify = r.chance(0.3);
    const alias = qualify ? g.alias(tname) : tname;
    const scope = new Scope(qualify).add(tname, alias);
    const it = scope.items[0];
    let outs = selectList(g, scope, r.int(1, cls === 'expr' ? 6 : 4), depth);
    const preds = [];
    for (let i = 0, n = r.weighted([[3, 0], [5, 1], [2, 2]]); i < n; i++) preds.push(g.pred(scope, 2).sql);
    const distinct = cls === 'distinct' || r.chance(0.1);
    // DISTINCT over values the engines round differently would merge different rows
    if (distinct) outs = outs.map((o) => (o.exact ? o : g.scalar(scope, o.t === 'dbl' ? 'int' : o.t, 1, { exact: true })));
    const lowCard = outs.reduce((a, o) => a * o.nd, 1) <= 3000;
    const allExact = outs.every((o) => o.exact);
    let limitNeeded = false;
    if (it.t.rows > 3000 && !(distinct && lowCard)) {
        if (allExact && r.chance(0.35)) limitNeeded = true;
        else preds.unshift(windowPred(g, scope, it, r.pick([200, 1000, 2500])));
    }
    let sql = `SELECT ${distinct ? 'DISTINCT ' : ''}${outs.map((o) => o.sql).join(', ')} FROM ${tname}${qualify ? ` ${alias}` : ''}`;
    if (preds.length) sql += ` WHERE ${preds.join(' AND ')}`;
    if (limitNeeded) {
        const ks = outs.map((o, i) => i + 1);
        return { cls, optional: false, ordered: true, sql: `${sql} ORDER BY ${orderBy(g, ks)} LIMIT ${r.pick([1, 10, 50, 200])}` };
    }
    return finish(g, cls, sql, outs, {});
}

// builds FROM with 1–3 tables joined on keys; returns {scope, from, driver, fan}
function fromClause(g, ntables, allowLeft = true) {
    const r = g.r;
    const start = r.weighted([[2, 'lineitem'], [3, 'orders'], [2, 'customer'], [2, 'part'], [2, 'partsupp'], [2, 'supplier'], [2, 'nation'], [1, 'region']]);
    const scope = new Scope(true);
    const a0 = g.alias(start);
    scope.add(start, a0);
    let from = `${start} ${a0}`;
    let fan = 1;
    const used = new Set([start]);
    // comma style: FROM a x, b y WHERE x.k = y.k (all joins inner)
    const comma = r.chance(0.2);
    const joinPreds = [];
    for (let i = 1; i < ntables; i++) {
        const cands = [];
        for (const it of scope.items) for (const e of edgesFrom(it.t.name)) if (!used.has(e.to)) cands.push({ it, e });
        if (!cands.length) break;
        const { it, e } = r.pick(cands);
        // avoid huge fan-outs (nation->customer etc.) unless the driver is tiny
        if (e.fan > 40) continue;
        if (!scope.items[0].t.win && scope.items[0].t.rows * fan * e.fan > 3000) continue;
        used.add(e.to);
        const al = g.alias(e.to);
        const left = !comma && allowLeft && r.chance(0.35);
        scope.add(e.to, al, left || it.nullable);
        let on = `${it.alias}.${e.fromCol} = ${al}.${e.toCol}`;
        if (left && r.chance(0.7)) {
            const sub = new Scope(true).add(e.to, al);
            on += ` AND ${g.pred(sub, 1).sql}`;
        }
        if (r.chance(0.15)) {
            // a condition across the two tables next to the key (a residual join filter)
            const t = r.pick(['int', 'dec', 'date', 'str']);
            const x = g.column(new Scope(true).add(it.t.name, it.alias), t), y = g.column(new Scope(true).add(e.to, al), t);
            if (x && y) {
                const c = `${x.sql} ${r.pick(['<', '<=', '>', '>=', '<>'])} ${y.sql}`;
                if (comma) joinPreds.push(c);
                else on += ` AND ${c}`;
            }
        }
        if (comma) {
            from += `, ${e.to} ${al}`;
            joinPreds.push(on);
        } else from += ` ${left ? 'LEFT JOIN' : r.pick(['JOIN', 'INNER JOIN'])} ${e.to} ${al} ON ${on}`;
        fan *= e.fan;
    }
    return { scope, from, driver: scope.items[0], fan, joinPreds };
}

function qJoin(g) {
    const r = g.r;
    const { scope, from, driver, fan, joinPreds } = fromClause(g, r.int(2, 3));
    const outs = selectList(g, scope, r.int(2, 5), 1);
    const preds = [...joinPreds];
    for (let i = 0, n = r.weighted([[3, 0], [5, 1], [2, 2]]); i < n; i++) preds.push(g.pred(scope, 2).sql);
    const wp = windowPred(g, scope, driver, Math.max(20, Math.round(r.pick([300, 1000, 2000]) / fan)));
    const allExact = outs.every((o) => o.exact);
    let limitNeeded = false;
    if (driver.t.rows * fan > 3000) {
        if (allExact && r.chance(0.25) && driver.t.rows * fan < 200000) limitNeeded = true;
        else if (wp) preds.unshift(wp);
        else limitNeeded = allExact;
    }
    let sql = `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${from}`;
    if (preds.length) sql += ` WHERE ${preds.join(' AND ')}`;
    if (limitNeeded) return { cls: 'join', optional: false, ordered: true, sql: `${sql} ORDER BY ${orderBy(g, outs.map((o, i) => i + 1))} LIMIT ${r.pick([5, 20, 100])}` };
    return finish(g, 'join', sql, outs, {});
}

// GROUP BY over one table or a join, with HAVING and ORDER BY/LIMIT
function qAgg(g, cls = 'agg') {
    const r = g.r;
    let scope, from, driver, fan, joinPreds = [];
    if (cls === 'join_agg') ({ scope, from, driver, fan, joinPreds } = fromClause(g, r.int(2, 3)));
    else {
        const tname = r.weighted([[1, 'nation'], [2, 'supplier'], [3, 'customer'], [3, 'part'], [2, 'partsupp'], [3, 'orders'], [2, 'lineitem']]);
        const qualify = r.chance(0.3);
        const alias = qualify ? g.alias(tname) : tname;
        scope = new Scope(qualify).add(tname, alias);
        from = qualify ? `${tname} ${alias}` : tname;
        driver = scope.items[0];
        fan = 1;
    }
    const nkeys = r.weighted([[2, 0], [4, 1], [3, 2], [1, 3]]);
    const keys = [];
    for (let i = 0; i < nkeys; i++) {
        let k;
        if (r.chance(0.6)) k = g.column(scope, null, (c) => c.nd <= 150 && !c.text) || g.column(scope, null);
        else k = g.scalar(scope, r.pick(['int', 'str', 'date', 'dec']), 1, { exact: true });
        // a bare number would be an ordinal (GROUP BY 2); keys without a column are pointless
        if (/^[-\d.]+$/.test(k.sql) || !/[a-z]_[a-z]/.test(k.sql)) continue;
        if (!keys.some((x) => x.sql === k.sql)) keys.push(k);
    }
    const naggs = r.int(1, 4);
    const aggs = [];
    for (let i = 0; i < naggs; i++) aggs.push(g.agg(scope, { grouped: keys.length > 0 }));
    const groups = keys.reduce((a, k) => a * k.nd, 1);
    const preds = [...joinPreds];
    for (let i = 0, n = r.weighted([[3, 0], [5, 1], [2, 2]]); i < n; i++) preds.push(g.pred(scope, 2).sql);
    const big = driver.t.rows * fan;
    // bound work and result size: windows on big inputs (always when the groups are many)
    if ((groups > 3000 && big > 3000) || big > 2e6 || (big > 100000 && r.chance(0.5))) {
        const wp = windowPred(g, scope, driver, groups > 3000 ? Math.round(1500 / fan) : Math.round(r.pick([5000, 30000]) / fan));
        if (wp) preds.unshift(wp);
    }
    const keysOut = r.chance(0.9) ? keys : keys.slice(1);
    const outs = [...keysOut, ...aggs];
    const order = r.sample(outs, outs.length);
    let sql = `SELECT ${order.map((o) => o.sql).join(', ')} FROM ${from}`;
    if (preds.length) sql += ` WHERE ${preds.join(' AND ')}`;
    if (keys.length) sql += ` GROUP BY ${keys.map((k) => k.sql).join(', ')}`;
    if (r.chance(0.35)) {
        const h = g.agg(scope, { exact: true, grouped: keys.length > 0 });
        const lit = h.t === 'int' ? String(r.pick([1, 2, 3, 5, 10, 50, 100])) : h.t === 'dec' ? decLit(r, 0, r.pick([10, 1000, 100000])) : g.literal(h.t).sql;
        const ht = h.t === 'str' || h.t === 'date' ? h.t : null;
        let rhs = ht ? g.literal(ht, { col: null }).sql : lit;
        if (!ht && r.chance(0.2)) {
            const st = r.pick(['nation', 'region', 'supplier', 'part']);
            const ss = new Scope(false).add(st, st);
            const sc = g.column(ss, h.t) || g.column(ss, 'int');
            rhs = `(SELECT ${r.pick(['min', 'max', 'count'])}(${sc.sql}) FROM ${st} WHERE ${g.pred(ss, 1).sql})`;
        }
        sql += ` HAVING ${h.sql} ${r.pick(['>', '>=', '<', '<>', '<>', '>', '='])} ${rhs}`;
        if (r.chance(0.3)) sql += ` ${r.pick(['AND', 'OR'])} count(*) > ${r.int(0, 5)}`;
    }
    const keyOrdinals = keysOut.length === keys.length && keys.length > 0;
    const total = keys.length === 0 || (keyOrdinals && keys.every((k) => k.exact)) || outs.every((o) => o.exact);
    return finish(g, cls, sql, order, { totalPossible: total });
}

// UNION ALL / UNION of two selects with matching column kinds
function qSetop(g) {
    const r = g.r;
    const n = r.int(1, 3);
    const kinds = [];
    for (let i = 0; i < n; i++) kinds.push(r.pick(['int', 'dec', 'str', 'date']));
    const branch = () => {
        const tname = r.pick(['nation', 'supplier', 'customer', 'part', 'orders', 'lineitem', 'partsupp', 'region']);
        const scope = new Scope(false).add(tname, tname);
        const outs = kinds.map((k) => (r.chance(0.5) ? g.column(scope, k) : null) || g.scalar(scope, k, 1, { exact: true }));
        const preds = [g.pred(scope, 1).sql];
        const wp = windowPred(g, scope, scope.items[0], r.pick([100, 500]));
        if (wp) preds.unshift(wp);
        return { sql: `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${tname} WHERE ${preds.join(' AND ')}`, outs };
    };
    const nb = r.int(2, 3);
    const bs = [];
    for (let i = 0; i < nb; i++) bs.push(branch());
    const op = () => r.pick(['UNION ALL', 'UNION ALL', 'UNION']);
    let sql = bs.map((b) => b.sql).join(` ${op()} `);
    const outs = kinds.map((k) => E('x', k));
    if (r.chance(0.3)) {
        // aggregate over the union
        const cols = kinds.map((k, i) => `c${i}`);
        sql = r.chance(0.5) ? `SELECT ${cols[0]}, count(*) FROM (${sql}) u(${cols.join(', ')}) GROUP BY ${cols[0]}`
            : `WITH u(${cols.join(', ')}) AS (${sql}) SELECT ${cols[0]}, count(*) FROM u GROUP BY ${cols[0]}`;
        return finish(g, 'setop', sql, [outs[0], E('x', 'int')], {});
    }
    return finish(g, 'setop', sql, outs, {});
}

// correlated pairs: outer table, inner table, inner col = outer col
const CORR = [
    ['customer', 'orders', 'o_custkey', 'c_custkey'],
    ['orders', 'lineitem', 'l_orderkey', 'o_orderkey'],
    ['part', 'partsupp', 'ps_partkey', 'p_partkey'],
    ['supplier', 'partsupp', 'ps_suppkey', 's_suppkey'],
    ['nation', 'customer', 'c_nationkey', 'n_nationkey'],
    ['nation', 'supplier', 's_nationkey', 'n_nationkey'],
    ['region', 'nation', 'n_regionkey', 'r_regionkey'],
    ['part', 'lineitem', 'l_partkey', 'p_partkey'],
    ['supplier', 'lineitem', 'l_suppkey', 's_suppkey'],
    ['orders', 'orders', 'o_custkey', 'o_custkey'],
    ['lineitem', 'lineitem', 'l_orderkey', 'l_orderkey'],
    ['partsupp', 'partsupp', 'ps_partkey', 'ps_partkey'],
];
// uncorrelated IN pairs: outer col IN (SELECT inner col FROM inner)
const INPAIRS = [
    ['customer', 'c_nationkey', 'nation', 'n_nationkey'], ['supplier', 's_nationkey', 'nation', 'n_nationkey'],
    ['orders', 'o_custkey', 'customer', 'c_custkey'], ['lineitem', 'l_partkey', 'part', 'p_partkey'],
    ['lineitem', 'l_suppkey', 'supplier', 's_suppkey'], ['partsupp', 'ps_partkey', 'part', 'p_partkey'],
    ['nation', 'n_regionkey', 'region', 'r_regionkey'], ['part', 'p_partkey', 'lineitem', 'l_partkey'],
    ['customer', 'c_custkey', 'orders', 'o_custkey'], ['orders', 'o_orderkey', 'lineitem', 'l_orderkey'],
    ['supplier', 's_suppkey', 'partsupp', 'ps_suppkey'], ['part', 'p_size', 'part', 'p_size'],
];

function qSubquery(g) {
    const r = g.r;
    const kind = r.weighted([[3, 'in'], [3, 'exists'], [2, 'scalar'], [2, 'corr_scalar'], [1, 'select_scalar']]);
    let outerT, innerT, oc, ic;
    if (kind === 'in' || kind === 'scalar') {
        [outerT, oc, innerT, ic] = r.pick(INPAIRS);
    } else {
        [outerT, innerT, ic, oc] = r.pick(CORR);
    }
    const oa = g.alias(outerT), ia = g.alias(innerT);
    const outer = new Scope(true).add(outerT, oa);
    const inner = new Scope(true).add(innerT, ia);
    const outs = selectList(g, outer, r.int(1, 3), 1);
    const preds = [];
    if (r.chance(0.5)) preds.push(g.pred(outer, 1).sql);
    const ipreds = [g.pred(inner, 1).sql];
    // uncorrelated subqueries run first and become constant lists: keep them moderate
    const it0 = inner.items[0];
    if (kind === 'in' || kind === 'scalar') {
        if (it0.t.win && (it0.t.rows > 20000 || r.chance(0.8))) ipreds.unshift(windowPred(g, inner, it0, r.pick([100, 500, 1500])));
    } else if (innerT === 'lineitem' && r.chance(0.5)) ipreds.unshift(windowPred(g, inner, it0, 50000));
    const not = r.chance(0.35) ? 'NOT ' : '';
    // a subquery under OR (no longer a plain conjunct)
    const orWrap = (x) => (r.chance(0.15) ? `(${g.pred(outer, 1).sql} OR ${x})` : x);
    switch (kind) {
    case 'in': {
        // NULLs in the list (NOT IN is then never true), nested IN subqueries
        const sel = r.chance(0.2) ? `nullif(${ia}.${ic}, ${TABLES[innerT].cols.find((c) => c.name === ic).lit(r)})` : `${ia}.${ic}`;
        const nest = INPAIRS.filter((p) => p[0] === innerT && p[2] !== innerT);
        if (nest.length && r.chance(0.2)) {
            const [, noc, nt, nic] = r.pick(nest);
            const na = g.alias(nt);
            const ns = new Scope(true).add(nt, na);
            const nw = TABLES[nt].win ? `${windowPred(g, ns, ns.items[0], r.pick([100, 800]))} AND ` : '';
            ipreds.push(`${ia}.${noc} ${r.chance(0.3) ? 'NOT ' : ''}IN (SELECT ${na}.${nic} FROM ${nt} ${na} WHERE ${nw}${g.pred(ns, 1).sql})`);
        }
        preds.push(orWrap(`${oa}.${oc} ${not}IN (SELECT ${sel} FROM ${innerT} ${ia} WHERE ${ipreds.join(' AND ')})`));
        break;
    }
    case 'exists': {
        let c = `${ia}.${ic} = ${oa}.${oc}`;
        if (outerT === innerT) {
            const pk = TABLES[innerT].pk[TABLES[innerT].pk.length - 1];
            c += ` AND ${ia}.${pk === ic ? TABLES[innerT].cols[1].name : pk} <> ${oa}.${pk === ic ? TABLES[innerT].cols[1].name : pk}`;
        } else if (r.chance(0.3)) {
            // a non-equality correlated condition next to the key
            const oi = new Scope(true).add(outerT, oa).add(innerT, ia);
            const t = r.pick(['int', 'dec', 'date']);
            const x = g.column(new Scope(true).add(innerT, ia), t), y = g.column(new Scope(true).add(outerT, oa), t);
            if (x && y) c += ` AND ${x.sql} ${r.pick(['<', '>', '<>'])} ${y.sql}`;
            else c += ` AND ${g.pred(oi, 1).sql}`;
        }
        if (r.chance(0.15)) c = g.pred(inner, 1).sql; // uncorrelated EXISTS
        preds.push(orWrap(`${not}EXISTS (SELECT ${r.pick(['1', '*', `${ia}.${ic}`])} FROM ${innerT} ${ia} WHERE ${c} AND ${ipreds.join(' AND ')})`));
        break;
    }
    case 'scalar': {
        // compare an outer value with an aggregate of the inner table (exact aggregates only)
        const t = r.pick(['int', 'dec', 'date']);
        const a = g.column(inner, t) || g.column(inner, 'int');
        const o = g.column(outer, a.t) || g.literal(a.t);
        preds.push(orWrap(`${o.sql} ${r.pick(['<', '>', '<=', '>=', '=', '<>'])} (SELECT ${r.pick(['min', 'max'])}(${a.sql}) FROM ${innerT} ${ia} WHERE ${ipreds.join(' AND ')})`));
        break;
    }
    case 'corr_scalar': {
        const a = g.column(inner, 'dec') || g.column(inner, 'int');
        const o = g.column(outer, a.t) || g.column(outer, 'dec') || g.literal(a.t);
        const f = r.pick(['min', 'max', 'sum', 'count']);
        const inner_sql = f === 'count' ? 'count(*)' : `${f}(${a.sql})`;
        const lhs = f === 'count' ? String(r.int(0, 8)) : o.sql;
        preds.push(`${lhs} ${r.pick(['<', '>', '<=', '>=', '='])} (SELECT ${inner_sql}${f === 'sum' && r.chance(0.5) ? ' * 0.5' : ''} FROM ${innerT} ${ia} WHERE ${ia}.${ic} = ${oa}.${oc}${r.chance(0.5) ? ` AND ${ipreds[0]}` : ''})`);
        break;
    }
    case 'select_scalar': {
        const a = g.column(inner, 'dec') || g.column(inner, 'int');
        const f = r.pick(['min', 'max', 'sum', 'count']);
        const w = r.chance(0.3) ? ipreds.join(' AND ') : `${ia}.${ic} = ${oa}.${oc}`; // sometimes uncorrelated
        outs.push({ sql: `(SELECT ${f === 'count' ? 'count(*)' : `${f}(${a.sql})`} FROM ${innerT} ${ia} WHERE ${w})`, t: a.t, exact: true, nullable: true, nd: 100 });
        break;
    }
    }
    const drv = outer.items[0];
    if (drv.t.rows > 3000) preds.unshift(windowPred(g, outer, drv, r.pick([300, 1500])));
    const where = preds.length ? ` WHERE ${preds.join(' AND ')}` : '';
    let sql = `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${outerT} ${oa}${where}`;
    if (kind !== 'select_scalar' && r.chance(0.2)) {
        // the subquery shape inside an aggregate
        sql = `SELECT count(*), ${r.pick(['min', 'max'])}(${oa}.${TABLES[outerT].pk[0]}) FROM ${outerT} ${oa}${where}`;
        return { cls: `subquery_${kind}`, optional: false, ordered: false, sql };
    }
    return finish(g, `subquery_${kind}`, sql, outs, {});
}

// window functions (optional class: Minerva may not support them yet)
function qWindow(g) {
    const r = g.r;
    const tname = r.weighted([[1, 'nation'], [2, 'supplier'], [2, 'customer'], [2, 'part'], [2, 'partsupp'], [2, 'orders'], [2, 'lineitem']]);
    const scope = new Scope(false).add(tname, tname);
    const t = TABLES[tname];
    const pk = t.pk.join(', ');
    const part = () => {
        const c = g.column(scope, null, (cc) => cc.nd <= 50 && !cc.text);
        return c ? `PARTITION BY ${c.sql}` : '';
    };
    const fns = [];
    for (let i = 0, n = r.int(1, 3); i < n; i++) {
        fns.push(r.weighted([
            [3, () => ({ sql: `row_number() OVER (${part()} ORDER BY ${t.pk.map((k) => `${k}${r.pick(['', ' DESC'])}`).join(', ')})`, t: 'int', exact: true })],
            [2, () => { const c = g.column(scope, null, (cc) => !cc.text) ; return { sql: `${r.pick(['rank', 'dense_rank'])}() OVER (${part()} ORDER BY ${c.sql}${r.pick(['', ' DESC'])})`, t: 'int', exact: true }; }],
            [3, () => { const c = g.column(scope, 'dec') || g.column(scope, 'int'); return { sql: `sum(${c.sql}) OVER (${part()})`, t: c.t, exact: true }; }],
            [2, () => { const c = g.column(scope, 'dec') || g.column(scope, 'int'); return { sql: `sum(${c.sql}) OVER (${part()} ORDER BY ${pk})`, t: c.t, exact: true }; }],
            [1, () => ({ sql: `count(*) OVER (${part()})`, t: 'int', exact: true })],
            [1, () => { const c = g.column(scope, null, (cc) => !cc.text); return { sql: `${r.pick(['min', 'max'])}(${c.sql}) OVER (${part()})`, t: c.t, exact: true }; }],
            [1, () => { const c = g.column(scope, 'dec') || g.column(scope, 'int'); return { sql: `avg(${c.sql}) OVER (${part()})`, t: 'dec', exact: false }; }],
        ])());
    }
    const base = t.pk.map((k) => ({ sql: k, t: 'int', exact: true }));
    const extra = selectList(g, scope, r.int(0, 2), 1);
    const outs = [...base, ...extra, ...fns];
    const preds = [];
    if (r.chance(0.5)) preds.push(g.pred(scope, 1).sql);
    if (t.rows > 3000) preds.unshift(windowPred(g, scope, scope.items[0], r.pick([200, 1500])));
    let sql = `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${tname}${preds.length ? ` WHERE ${preds.join(' AND ')}` : ''}`;
    if (r.chance(0.3)) {
        const names = outs.map((o, i) => `w${i}`);
        const lastFn = fns[fns.length - 1];
        sql = `SELECT * FROM (${sql}) x(${names.join(', ')}) WHERE ${names[names.length - 1]} ${lastFn.exact && lastFn.t === 'int' ? '<= 3' : 'IS NOT NULL'}`;
    }
    // the primary key is in the output, so ordering by it is total
    return finish(g, 'window', sql, outs, { totalPossible: true, optional: true });
}

// rank over an aggregate (optional)
function qWindowAgg(g) {
    const r = g.r;
    const tname = r.pick(['orders', 'customer', 'supplier', 'part', 'lineitem']);
    const scope = new Scope(false).add(tname, tname);
    const k = g.column(scope, null, (cc) => cc.nd <= 50 && !cc.text);
    const a = g.agg(scope, { exact: true, grouped: true });
    const sql = `SELECT ${k.sql}, ${a.sql}, ${r.pick(['rank', 'dense_rank', 'row_number'])}() OVER (ORDER BY ${a.sql}${r.pick(['', ' DESC'])}, ${k.sql}) FROM ${tname} GROUP BY ${k.sql}`;
    return finish(g, 'window', sql, [k, a, E('x', 'int')], { totalPossible: true, optional: true });
}

// an aggregate over a derived table that is itself a GROUP BY with many groups (TPC-H
// Q13 style): large hash aggregations with a small result
function qNested(g) {
    const r = g.r;
    const tname = r.weighted([[3, 'orders'], [2, 'lineitem'], [2, 'partsupp'], [2, 'customer'], [2, 'part']]);
    const scope = new Scope(false).add(tname, tname);
    const key = r.chance(0.7) ? g.column(scope, null, (c) => c.nd >= 1000 && !c.text) : g.scalar(scope, r.pick(['int', 'str', 'date']), 1, { exact: true });
    if (!/[a-z]_[a-z]/.test(key.sql) || /^[-\d.]+$/.test(key.sql)) return qAgg(g, 'agg');
    const aggs = [];
    for (let i = 0, n = r.int(1, 3); i < n; i++) aggs.push(g.agg(scope, { exact: true, grouped: true }));
    const preds = [];
    if (r.chance(0.5)) preds.push(g.pred(scope, 1).sql);
    if (r.chance(0.3) || (tname === 'lineitem' && r.chance(0.5))) preds.unshift(windowPred(g, scope, scope.items[0], r.pick([20000, 100000])));
    let inner = `SELECT ${key.sql}, ${aggs.map((a) => a.sql).join(', ')} FROM ${tname}${preds.length ? ` WHERE ${preds.join(' AND ')}` : ''} GROUP BY ${key.sql}`;
    if (r.chance(0.25)) inner += ` HAVING count(*) > ${r.int(1, 3)}`;
    const cols = ['k', ...aggs.map((a, i) => `a${i}`)];
    const types = [key.t, ...aggs.map((a) => a.t)];
    const outer = [];
    const outs = [];
    let groupBy = '';
    if (r.chance(0.4)) {
        // distribution of one aggregate (how many keys have n orders ...)
        const gi = 1 + r.int(0, aggs.length - 1);
        outer.push(cols[gi]);
        outs.push(E(cols[gi], types[gi]));
        groupBy = ` GROUP BY ${cols[gi]}`;
    }
    outer.push('count(*)');
    outs.push(E('count(*)', 'int'));
    for (let i = 0; i < cols.length; i++) {
        if (!r.chance(0.6)) continue;
        const num = types[i] === 'int' || types[i] === 'dec';
        const f = r.pick(num ? ['sum', 'min', 'max', 'count(DISTINCT'] : ['min', 'max', 'count(DISTINCT']);
        outer.push(f === 'count(DISTINCT' ? `count(DISTINCT ${cols[i]})` : `${f}(${cols[i]})`);
        outs.push(E('x', f.startsWith('count') ? 'int' : types[i]));
    }
    const where = r.chance(0.3) ? ` WHERE ${cols[1]} IS NOT NULL` : '';
    const sql = `SELECT ${outer.join(', ')} FROM (${inner}) x(${cols.join(', ')})${where}${groupBy}`;
    return finish(g, 'nested', sql, outs, { totalPossible: true });
}

// joins without an equality: small inputs joined on <, BETWEEN, <> or CROSS JOIN
// (nested-loop joins)
function qThetaJoin(g) {
    const r = g.r;
    const small = () => r.pick(['nation', 'region', 'supplier', 'part', 'customer', 'orders']);
    const ta = small(), tb = small();
    const aa = g.alias(ta), ab = g.alias(tb);
    const scope = new Scope(true).add(ta, aa);
    const sb = new Scope(true).add(tb, ab);
    const preds = [];
    const wa = scope.items[0].t.win ? windowPred(g, scope, scope.items[0], r.pick([10, 30, 60])) : null;
    const wb = sb.items[0].t.win ? windowPred(g, sb, sb.items[0], r.pick([10, 30, 60])) : null;
    if (wa) preds.push(wa);
    const left = r.chance(0.3);
    scope.add(tb, ab, left);
    // a type both tables have (every table has integer columns)
    const has = (tn, ty) => TABLES[tn].cols.some((c) => c.t === ty);
    const t = r.pick(['int', 'dec', 'str', 'date'].filter((ty) => has(ta, ty) && has(tb, ty)));
    const x = g.column(new Scope(true).add(ta, aa), t);
    const y = g.column(new Scope(true).add(tb, ab), t);
    let from;
    if (!left && r.chance(0.25)) {
        from = `${ta} ${aa} CROSS JOIN ${tb} ${ab}`;
        if (wb) preds.push(wb);
    } else {
        const cond = x.t === y.t && r.chance(0.3) && x.t !== 'str'
            ? `${x.sql} BETWEEN ${y.sql} AND ${x.t === 'date' ? `CAST(${y.sql} + INTERVAL '30' DAY AS DATE)` : `${y.sql} + ${x.t === 'dec' ? '100.00' : '3'}`}`
            : `${x.sql} ${r.pick(['<', '<=', '>', '<>'])} ${y.sql}`;
        // for a left join the right table's window goes into ON (it must not filter the left rows)
        const rw = left && wb ? ` AND ${wb}` : '';
        if (!left && wb) preds.push(wb);
        from = `${ta} ${aa} ${left ? 'LEFT JOIN' : 'JOIN'} ${tb} ${ab} ON ${cond}${rw}`;
    }
    if (r.chance(0.4)) preds.push(g.pred(scope, 1).sql);
    const where = preds.length ? ` WHERE ${preds.join(' AND ')}` : '';
    if (r.chance(0.4)) {
        const k = g.column(scope, null, (c) => c.nd <= 50 && !c.text);
        const aggs = [g.agg(scope, { exact: true, grouped: !!k }), g.agg(scope, { grouped: !!k })];
        const outs = k ? [k, ...aggs] : aggs;
        const sql = `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${from}${where}${k ? ` GROUP BY ${k.sql}` : ''}`;
        return finish(g, 'theta_join', sql, outs, { totalPossible: true });
    }
    const outs = selectList(g, scope, r.int(2, 4), 1);
    return finish(g, 'theta_join', `SELECT ${outs.map((o) => o.sql).join(', ')} FROM ${from}${where}`, outs, {});
}

const CLASSES = [
    [3, (g) => qThetaJoin(g)],
    [4, (g) => qNested(g)],
    [16, (g) => qFilter(g, 'filter')],
    [10, (g) => qFilter(g, 'expr', 3)],
    [4, (g) => qFilter(g, 'distinct')],
    [15, (g) => qAgg(g, 'agg')],
    [10, (g) => qAgg(g, 'join_agg')],
    [12, (g) => qJoin(g)],
    [6, (g) => qSetop(g)],
    [16, (g) => qSubquery(g)],
    [6, (g) => qWindow(g)],
    [2, (g) => qWindowAgg(g)],
];

// Query number i of a seed (attempt > 0: a replacement for it); independent of the count.
export function generateOne(seed, i, attempt = 0) {
    const g = new Gen(makeRng(seed * 1000003 + i * 7919 + attempt * 104729 + 17));
    const qr = g.r.weighted(CLASSES)(g);
    qr.sql = qr.sql.replace(/\s+/g, ' ');
    return qr;
}

export function generate(count, seed) {
    const out = [];
    for (let i = 0; i < count; i++) out.push(generateOne(seed, i));
    return out;
}
