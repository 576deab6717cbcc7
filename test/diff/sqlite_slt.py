#!/usr/bin/env python3
"""test/diff/sqlite_slt.py KIND SEED OUT — writes a sqllogictest file whose expected results
come from SQLite (Python's sqlite3 module), for statements whose meaning SQLite and Trino
share: KIND "index" builds three 7-column tables (INTEGER PRIMARY KEY, FLOAT, TEXT columns,
CREATE INDEX) and runs random range/IN/BETWEEN/boolean filters, then DELETE/UPDATE rounds
(the shape of sqllogictest's index/ suites); KIND "expr" runs random integer expressions,
CASE/COALESCE/NULLIF, predicates with NULLs and aggregates (the shape of its random/ suites).
Queries SQLite rejects, and results whose integers leave the 32-bit range, are not written."""
import random, sqlite3, sys


def gen_index(seed):
    random.seed(seed)
    con = sqlite3.connect(":memory:")
    out = []
    ddl = "CREATE TABLE tab0(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)"
    con.execute(ddl)
    out.append("statement ok\n" + ddl + "\n")
    words = ["abc", "xyz", "qwe", "rty", "uio", "zzz", "aaa"]
    for pk in range(300):
        vals = (pk, random.randint(0, 999), round(random.uniform(0, 999), 2), random.choice(words),
                random.randint(0, 999), round(random.uniform(0, 999), 2), random.choice(words))
        sql = "INSERT INTO tab0 VALUES(%d,%d,%s,'%s',%d,%s,'%s')" % vals
        con.execute(sql)
        out.append("statement ok\n" + sql + "\n")
    for t in ["tab1", "tab2"]:
        for s in (ddl.replace("tab0", t), "CREATE INDEX idx_%s_0 on %s (col0)" % (t, t),
                  "INSERT INTO %s SELECT * FROM tab0" % t):
            con.execute(s)
            out.append("statement ok\n" + s + "\n")

    def pred(d=0):
        r = random.random()
        col = random.choice(["col0", "col1", "col3", "col4", "pk"])
        if d < 2 and r < 0.3:
            return "(" + pred(d + 1) + random.choice([" AND ", " OR "]) + pred(d + 1) + ")"
        if r < 0.4:
            return "NOT (" + pred(d + 1) + ")" if d < 2 else col + " > 5"
        if r < 0.6:
            return "%s %s %s" % (col, random.choice(["<", ">", "<=", ">=", "=", "<>"]),
                                 random.choice([str(random.randint(0, 999)), "%.2f" % random.uniform(0, 999)]))
        if r < 0.75:
            return "%s BETWEEN %d AND %d" % (col, random.randint(0, 500), random.randint(300, 999))
        if r < 0.9:
            return "%s IN (%s)" % (col, ",".join(str(random.randint(0, 999)) for _ in range(5)))
        return "col2 %s '%s'" % (random.choice(["<", ">", "=", "LIKE"]), random.choice(words + ["a%", "%z%"]))

    for i in range(300):
        t = random.choice(["tab0", "tab1", "tab2"])
        q = "SELECT pk FROM %s WHERE %s" % (t, pred())
        vals = sorted(str(r[0]) for r in con.execute(q).fetchall())
        out.append("query I rowsort\n%s\n----\n%s\n" % (q, "\n".join(vals)))
        if random.random() < 0.3:
            q2 = "SELECT col1, col2 FROM %s WHERE %s ORDER BY 1, 2" % (t, pred())
            rows = con.execute(q2).fetchall()
            out.append("query RT nosort\n%s\n----\n%s\n" % (q2, "\n".join("%.3f\n%s" % (r[0], r[1]) for r in rows)))
    for i in range(40):
        t = random.choice(["tab0", "tab1"])
        if random.random() < 0.5:
            q = "DELETE FROM %s WHERE %s" % (t, pred())
        else:
            q = "UPDATE %s SET col0 = col0 + 1, col2 = 'upd' WHERE %s" % (t, pred())
        con.execute(q)
        out.append("statement ok\n" + q + "\n")
        q = "SELECT pk, col0, col2 FROM %s" % t
        rows = con.execute(q).fetchall()
        out.append("query IIT rowsort\n%s\n----\n%s\n" % (q, "\n".join("%d\n%d\n%s" % r for r in rows)))
    return out


def gen_expr(seed):
    random.seed(seed)
    con = sqlite3.connect(":memory:")
    out = []

    def st(sql):
        con.execute(sql)
        out.append("statement ok\n" + sql + "\n")

    for t in ["tab0", "tab1", "tab2"]:
        st("CREATE TABLE %s(col0 INTEGER, col1 INTEGER, col2 INTEGER)" % t)
        for i in range(3):
            st("INSERT INTO %s VALUES(%d,%d,%d)" % (t, random.randint(-99, 99), random.randint(-99, 99), random.randint(1, 99)))

    def num(d=0):
        r = random.random()
        if d > 3 or r < 0.3:
            return random.choice(["col0", "col1", "col2", "cor0.col0", "cor0.col2", str(random.randint(0, 99))])
        if r < 0.45:
            return random.choice(["-", "+", "- -", "+ -"]) + " " + num(d + 1)
        if r < 0.75:
            return num(d + 1) + " " + random.choice(["+", "-", "*"]) + " " + num(d + 1)
        if r < 0.8:
            return "( %s )" % num(d + 1)
        if r < 0.85:
            return "COALESCE ( %s, %s )" % (num(d + 1), num(d + 1))
        if r < 0.9:
            return "NULLIF ( %s, %s )" % (num(d + 1), num(d + 1))
        if r < 0.95:
            return "CASE WHEN %s THEN %s ELSE %s END" % (pred(d + 1), num(d + 1), num(d + 1))
        return "ABS ( %s )" % num(d + 1)

    def pred(d=0):
        r = random.random()
        if d > 3 or r < 0.5:
            return "%s %s %s" % (num(d + 1), random.choice(["<", ">", "=", "<>", ">=", "<="]), num(d + 1))
        if r < 0.6:
            return "NOT %s" % pred(d + 1)
        if r < 0.7:
            return "%s IS NULL" % num(d + 1)
        if r < 0.8:
            return "%s BETWEEN %s AND %s" % (num(d + 1), num(d + 1), num(d + 1))
        if r < 0.9:
            return "%s IN ( %s, %s, NULL )" % (num(d + 1), num(d + 1), num(d + 1))
        return "( %s %s %s )" % (pred(d + 1), random.choice(["AND", "OR"]), pred(d + 1))

    n = 0
    while n < 400:
        t = random.choice(["tab0", "tab1", "tab2"])
        r = random.random()
        if r < 0.5:
            q = "SELECT %s FROM %s AS cor0 WHERE %s" % (num(), t, pred())
        elif r < 0.8:
            q = "SELECT %s( %s ) FROM %s AS cor0 WHERE %s" % (random.choice(["COUNT", "SUM", "MIN", "MAX"]), num(), t, pred())
        else:
            q = "SELECT col0, %s( %s ) FROM %s AS cor0 GROUP BY col0 HAVING %s" % (
                random.choice(["COUNT", "SUM", "MIN", "MAX"]), num(), t, pred().replace("col1", "col0").replace("col2", "col0"))
        try:
            rows = con.execute(q).fetchall()
        except sqlite3.Error:
            continue
        if any(abs(v) > 2 ** 31 for row in rows for v in row if isinstance(v, int)):
            continue
        ncol = len(rows[0]) if rows else (2 if q.startswith("SELECT col0,") else 1)
        flat = []
        for row in sorted(rows, key=lambda r: tuple(("" if v is None else "%020d" % (v + 10 ** 12)) for v in r)):
            flat += ["NULL" if v is None else str(v) for v in row]
        out.append("query %s rowsort\n%s\n----\n%s\n" % ("I" * ncol, q, "\n".join(flat)))
        n += 1
    return out


if __name__ == "__main__":
    kind, seed, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    records = gen_index(seed) if kind == "index" else gen_expr(seed)
    with open(path, "w") as f:
        f.write("# generated by test/diff/sqlite_slt.py %s %d: expected results from SQLite\n\n" % (kind, seed))
        f.write("\n".join(records))
