/* parser_ddl.c — type names (Trino and Hive spellings, normalized to one text form) and
 * the DDL statements CREATE TABLE (Hive clauses, Trino WITH properties, CTAS) and CREATE
 * SCHEMA/DATABASE. Hive clauses are lexed with Hive's string rules (backslash escapes). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/strbuf.h"
#include "sql/parser_internal.h"

/* ---------- types ---------- */

static void put_lower(mn_strbuf *sb, const char *s) {
    for (; *s; s++) mn_strbuf_putc(sb, (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s);
}

/* A row/struct field name: unquoted names fold to lower case, quoted ones keep their
 * spelling inside double quotes. */
static void put_field_name(mn_strbuf *sb, const mn_token *t) {
    if (t->kind == MN_TK_WORD) {
        put_lower(sb, t->text);
        return;
    }
    mn_strbuf_putc(sb, '"');
    for (uint32_t i = 0; i < t->len; i++) {
        if (t->text[i] == '"') mn_strbuf_putc(sb, '"');
        mn_strbuf_putc(sb, t->text[i]);
    }
    mn_strbuf_putc(sb, '"');
}

static bool is_interval_field(const mn_token *t) {
    return t->kind == MN_TK_WORD && (t->kw == MN_KW_YEAR || t->kw == MN_KW_MONTH || t->kw == MN_KW_DAY ||
                                     t->kw == MN_KW_HOUR || t->kw == MN_KW_MINUTE || t->kw == MN_KW_SECOND);
}

static bool interval_field(mn_parser *p, mn_strbuf *sb) {
    mn_p_note(p, "YEAR");
    mn_p_note(p, "MONTH");
    mn_p_note(p, "DAY");
    mn_p_note(p, "HOUR");
    mn_p_note(p, "MINUTE");
    mn_p_note(p, "SECOND");
    const mn_token *t = mn_p_cur(p);
    if (!is_interval_field(t)) {
        mn_p_error_mismatch(p);
        return false;
    }
    put_lower(sb, t->text);
    mn_p_advance(p);
    return true;
}

/* Whether the current word is a row field name (followed by its type) rather than a type. */
static bool row_field_name_ahead(mn_parser *p) {
    const mn_token *b = mn_p_peek(p, 1), *a = mn_p_peek(p, 0); /* in this order: peeking may grow the buffer */
    if ((a->kind != MN_TK_WORD && a->kind != MN_TK_QIDENT) || (b->kind != MN_TK_WORD && b->kind != MN_TK_QIDENT))
        return false;
    if (a->kind == MN_TK_QIDENT || b->kind != MN_TK_WORD) return true;
    if (a->kw == MN_KW_DOUBLE && b->kw == MN_KW_PRECISION) return false;
    if ((a->kw == MN_KW_TIMESTAMP || a->kw == MN_KW_TIME) && (b->kw == MN_KW_WITH || b->kw == MN_KW_WITHOUT))
        return false;
    if (a->kw == MN_KW_INTERVAL && is_interval_field(b)) return false;
    return true;
}

static bool type_rec(mn_parser *p, mn_strbuf *sb);

static bool time_suffix(mn_parser *p, mn_strbuf *sb) {
    if (mn_p_accept(p, MN_TK_LPAREN)) {
        if (!mn_p_is(p, MN_TK_INTEGER)) {
            mn_p_error_mismatch(p);
            return false;
        }
        mn_strbuf_printf(sb, "(%s)", mn_p_cur(p)->text);
        mn_p_advance(p);
        if (!mn_p_expect(p, MN_TK_RPAREN)) return false;
    }
    if (mn_p_is_kw(p, MN_KW_WITH) || mn_p_is_kw(p, MN_KW_WITHOUT)) {
        bool with = mn_p_cur(p)->kw == MN_KW_WITH;
        mn_p_advance(p);
        if (!mn_p_expect_kw(p, MN_KW_TIME) || !mn_p_expect_kw(p, MN_KW_ZONE)) return false;
        if (with) mn_strbuf_puts(sb, " with time zone");
    }
    return true;
}

static bool type_inner(mn_parser *p, mn_strbuf *sb) {
    const mn_token tok = *mn_p_cur(p); /* a copy: lookahead may move the token buffer */
    if (tok.kind != MN_TK_WORD && tok.kind != MN_TK_QIDENT) {
        mn_p_note(p, "<type>");
        mn_p_error_mismatch(p);
        return false;
    }
    mn_p_advance(p);
    mn_keyword kw = tok.kind == MN_TK_WORD ? tok.kw : MN_KW_NONE;
    switch (kw) {
    case MN_KW_DOUBLE:
        mn_p_accept_kw(p, MN_KW_PRECISION);
        mn_strbuf_puts(sb, "double");
        return true;
    case MN_KW_TIMESTAMP:
    case MN_KW_TIME:
        put_lower(sb, tok.text);
        return time_suffix(p, sb);
    case MN_KW_INTERVAL:
        mn_strbuf_puts(sb, "interval ");
        if (!interval_field(p, sb)) return false;
        if (mn_p_accept_kw(p, MN_KW_TO)) {
            mn_strbuf_puts(sb, " to ");
            if (!interval_field(p, sb)) return false;
        }
        return true;
    default: break;
    }
    const mn_token *next = mn_p_cur(p);
    if (tok.kind == MN_TK_WORD && strcasecmp(tok.text, "character") == 0 && next->kind == MN_TK_WORD &&
        strcasecmp(next->text, "varying") == 0) {
        mn_p_advance(p);
        mn_strbuf_puts(sb, "varchar");
    } else {
        put_lower(sb, tok.text);
    }
    if (mn_p_accept(p, MN_TK_LT)) { /* Hive: array<t>, map<k,v>, struct<a:t,...> */
        mn_strbuf_putc(sb, '<');
        bool is_struct = kw == MN_KW_STRUCT;
        do {
            if (sb->data && sb->data[sb->len - 1] != '<') mn_strbuf_putc(sb, ',');
            if (is_struct) {
                const mn_token *f = mn_p_cur(p);
                if (f->kind != MN_TK_WORD && f->kind != MN_TK_QIDENT) {
                    mn_p_note(p, "<identifier>");
                    mn_p_error_mismatch(p);
                    return false;
                }
                put_field_name(sb, f);
                mn_p_advance(p);
                if (!mn_p_expect(p, MN_TK_COLON)) return false;
                mn_strbuf_putc(sb, ':');
            }
            if (!type_rec(p, sb)) return false;
        } while (mn_p_accept(p, MN_TK_COMMA));
        if (!mn_p_expect(p, MN_TK_GT)) return false;
        mn_strbuf_putc(sb, '>');
        return true;
    }
    if (mn_p_accept(p, MN_TK_LPAREN)) { /* decimal(15,2), array(integer), row(a integer, ...) */
        mn_strbuf_putc(sb, '(');
        bool first = true;
        do {
            if (!first) mn_strbuf_putc(sb, ',');
            first = false;
            if (mn_p_is(p, MN_TK_INTEGER)) {
                mn_strbuf_puts(sb, mn_p_cur(p)->text);
                mn_p_advance(p);
                continue;
            }
            if (kw == MN_KW_ROW && row_field_name_ahead(p)) {
                put_field_name(sb, mn_p_cur(p));
                mn_p_advance(p);
                mn_strbuf_putc(sb, ' ');
            }
            if (!type_rec(p, sb)) return false;
        } while (mn_p_accept(p, MN_TK_COMMA));
        if (!mn_p_expect(p, MN_TK_RPAREN)) return false;
        mn_strbuf_putc(sb, ')');
    }
    return true;
}

static bool type_rec(mn_parser *p, mn_strbuf *sb) {
    if (!mn_p_enter(p)) return false;
    bool ok = type_inner(p, sb);
    mn_p_leave(p);
    return ok && !p->failed;
}

const char *mn_p_type(mn_parser *p) {
    if (p->failed) return NULL;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    const char *r = NULL;
    if (type_rec(p, &sb)) {
        if (sb.oom || !sb.data)
            mn_p_oom(p);
        else
            r = mn_p_strndup(p, sb.data, sb.len);
    }
    mn_strbuf_free(&sb);
    return r;
}

/* ---------- properties ---------- */

static bool push_property(mn_parser *p, mn_property_list *out, int *cap, mn_property prop) {
    if (!mn_p_grow(p, (void **)&out->items, cap, out->n, sizeof *out->items)) return false;
    out->items[out->n++] = prop;
    return true;
}

/* ('k' = 'v', ...) with string keys and values (Hive) */
static bool properties_hive(mn_parser *p, mn_property_list *out) {
    int cap = 0;
    if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
    if (mn_p_accept(p, MN_TK_RPAREN)) return true;
    do {
        mn_property prop = {NULL, NULL, NULL};
        if (!(prop.key = mn_p_string(p, NULL)) || !mn_p_expect(p, MN_TK_EQ) || !(prop.value = mn_p_string(p, NULL)) ||
            !push_property(p, out, &cap, prop))
            return false;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return mn_p_expect(p, MN_TK_RPAREN);
}

/* (name = expression, ...) (Trino). The current token is the '('; it and the contents
 * are lexed with Trino's rules whatever the surrounding mode. */
bool mn_p_properties_with(mn_parser *p, mn_property_list *out) {
    bool was_hive = p->lx.hive;
    mn_p_set_hive(p, false);
    int cap = 0;
    bool ok = mn_p_expect(p, MN_TK_LPAREN);
    while (ok) {
        mn_property prop = {NULL, NULL, NULL};
        if (mn_p_is(p, MN_TK_STRING)) {
            prop.key = mn_p_string(p, NULL);
        } else {
            mn_ident key;
            if (mn_p_ident(p, &key)) prop.key = key.name;
        }
        if (!prop.key || !mn_p_expect(p, MN_TK_EQ)) {
            ok = false;
            break;
        }
        size_t from = p->pos;
        if (!(prop.expr = mn_p_expr(p))) {
            ok = false;
            break;
        }
        if (prop.expr->kind == MN_AST_LITERAL && prop.expr->u.literal.kind == MN_LIT_STRING)
            prop.value = prop.expr->u.literal.text;
        else
            prop.value = mn_p_source(p, from, p->pos);
        if (!prop.value || !push_property(p, out, &cap, prop)) {
            ok = false;
            break;
        }
        if (!mn_p_accept(p, MN_TK_COMMA)) break;
    }
    ok = ok && mn_p_expect(p, MN_TK_RPAREN);
    if (ok) mn_p_set_hive(p, was_hive);
    return ok;
}

/* ---------- CREATE TABLE ---------- */

static bool if_not_exists(mn_parser *p, bool *out) {
    if (!mn_p_accept_kw(p, MN_KW_IF)) return true;
    if (!mn_p_expect_kw(p, MN_KW_NOT) || !mn_p_expect_kw(p, MN_KW_EXISTS)) return false;
    *out = true;
    return true;
}

/* name [type [NOT NULL] [COMMENT 'c'] [WITH (...)]]; the type may be left out (CTAS
 * column aliases, Iceberg-style partition columns). A partition transform such as
 * bucket(16, id) is kept as its source text in the name, with no type. */
static bool column_spec(mn_parser *p, mn_column_spec *c, bool partition) {
    memset(c, 0, sizeof *c);
    if (partition && mn_p_cur(p)->kind == MN_TK_WORD && mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
        bool was_hive = p->lx.hive;
        mn_p_set_hive(p, false);
        size_t from = p->pos;
        c->name.pos = mn_p_pos(p);
        if (!mn_p_expr(p) || !(c->name.name = mn_p_source(p, from, p->pos))) return false;
        mn_p_set_hive(p, was_hive);
        return true;
    }
    if (!mn_p_any_word(p, &c->name)) return false;
    if (mn_p_is(p, MN_TK_COMMA) || mn_p_is(p, MN_TK_RPAREN)) return true;
    c->type_pos = mn_p_pos(p);
    if (!(c->type_text = mn_p_type(p))) return false;
    for (;;) {
        if (mn_p_accept_kw(p, MN_KW_NOT)) {
            if (!mn_p_expect_kw(p, MN_KW_NULL)) return false;
            c->not_null = true;
        } else if (mn_p_accept_kw(p, MN_KW_NULL)) {
            /* explicitly nullable (the default) */
        } else if (mn_p_accept_word(p, "PRIMARY")) {
            if (!mn_p_accept_word(p, "KEY")) {
                mn_p_error_mismatch(p);
                return false;
            }
            if (!mn_p_accept_kw(p, MN_KW_ASC)) mn_p_accept_kw(p, MN_KW_DESC);
            c->key = true;
            c->not_null = true; /* SQL: a primary key column is NOT NULL */
        } else if (mn_p_accept_word(p, "UNIQUE")) {
            c->key = true;
        } else if (mn_p_accept_kw(p, MN_KW_COMMENT)) {
            if (!(c->comment = mn_p_string(p, NULL))) return false;
        } else if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
            mn_property_list ignored = {0, NULL};
            mn_p_advance(p);
            if (!mn_p_properties_with(p, &ignored)) return false;
        } else {
            return true;
        }
    }
}

/* A table constraint in a column list: [CONSTRAINT name] PRIMARY KEY (a, …) | UNIQUE (a, …).
 * Accepted for scripts written for other engines; Minerva does not enforce keys. Returns
 * 1 when one was parsed, 0 when none is next, -1 on a syntax error. */
static int table_constraint(mn_parser *p) {
    bool named = mn_p_is_kw(p, MN_KW_CONSTRAINT);
    bool pk = mn_p_peek_word(p, named ? 2 : 0, "PRIMARY") && mn_p_peek_word(p, named ? 3 : 1, "KEY");
    bool uq = mn_p_peek_word(p, named ? 2 : 0, "UNIQUE") && mn_p_peek_is(p, named ? 3 : 1, MN_TK_LPAREN);
    if (!pk && !uq) return 0;
    if (named) {
        mn_ident name;
        mn_p_advance(p);
        if (!mn_p_ident(p, &name)) return -1;
    }
    mn_p_advance(p);
    if (pk) mn_p_advance(p);
    if (!mn_p_expect(p, MN_TK_LPAREN)) return -1;
    do {
        mn_ident col;
        if (!mn_p_ident(p, &col)) return -1;
        if (!mn_p_accept_kw(p, MN_KW_ASC)) mn_p_accept_kw(p, MN_KW_DESC);
    } while (mn_p_accept(p, MN_TK_COMMA));
    return mn_p_expect(p, MN_TK_RPAREN) ? 1 : -1;
}

static bool column_list(mn_parser *p, mn_column_spec **cols, int *n, bool partition) {
    int cap = 0;
    if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
    do {
        if (!partition && *n > 0) {
            int k = table_constraint(p);
            if (k < 0) return false;
            if (k > 0) continue;
        }
        if (!mn_p_grow(p, (void **)cols, &cap, *n, sizeof **cols) || !column_spec(p, &(*cols)[*n], partition))
            return false;
        (*n)++;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return mn_p_expect(p, MN_TK_RPAREN);
}

static bool terminated_by(mn_parser *p, const char **out) {
    if (!mn_p_expect_kw(p, MN_KW_TERMINATED) || !mn_p_expect_kw(p, MN_KW_BY)) return false;
    return (*out = mn_p_string(p, NULL)) != NULL;
}

/* ROW FORMAT DELIMITED [FIELDS TERMINATED BY c [ESCAPED BY c]] [COLLECTION ITEMS ...]
 * [MAP KEYS ...] [LINES ...] [NULL DEFINED AS c] */
static bool row_format_delimited(mn_parser *p, mn_create_table *ct) {
    ct->row_format_delimited = true;
    for (;;) {
        if (mn_p_accept_kw(p, MN_KW_FIELDS)) {
            if (!terminated_by(p, &ct->fields_terminated_by)) return false;
            if (mn_p_accept_kw(p, MN_KW_ESCAPED)) {
                if (!mn_p_expect_kw(p, MN_KW_BY) || !(ct->escaped_by = mn_p_string(p, NULL))) return false;
            }
        } else if (mn_p_accept_kw(p, MN_KW_COLLECTION)) {
            if (!mn_p_expect_kw(p, MN_KW_ITEMS) || !terminated_by(p, &ct->collection_items_terminated_by)) return false;
        } else if (mn_p_accept_kw(p, MN_KW_MAP)) {
            if (!mn_p_expect_kw(p, MN_KW_KEYS) || !terminated_by(p, &ct->map_keys_terminated_by)) return false;
        } else if (mn_p_accept_kw(p, MN_KW_LINES)) {
            if (!terminated_by(p, &ct->lines_terminated_by)) return false;
        } else if (mn_p_accept_kw(p, MN_KW_NULL)) {
            if (!mn_p_expect_kw(p, MN_KW_DEFINED) || !mn_p_expect_kw(p, MN_KW_AS) ||
                !(ct->null_defined_as = mn_p_string(p, NULL)))
                return false;
        } else {
            return true;
        }
    }
}

static bool row_format(mn_parser *p, mn_create_table *ct) {
    if (mn_p_accept_kw(p, MN_KW_DELIMITED)) return row_format_delimited(p, ct);
    if (!mn_p_expect_kw(p, MN_KW_SERDE) || !(ct->serde = mn_p_string(p, NULL))) return false;
    if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_kw(p, 1, MN_KW_SERDEPROPERTIES)) {
        mn_p_advance(p);
        mn_p_advance(p);
        return properties_hive(p, &ct->serde_properties);
    }
    return true;
}

static bool stored_as(mn_parser *p, mn_create_table *ct) {
    if (!mn_p_expect_kw(p, MN_KW_AS)) return false;
    if (mn_p_accept_kw(p, MN_KW_INPUTFORMAT)) {
        if (!(ct->input_format = mn_p_string(p, NULL)) || !mn_p_expect_kw(p, MN_KW_OUTPUTFORMAT) ||
            !(ct->output_format = mn_p_string(p, NULL)))
            return false;
        return true;
    }
    mn_ident fmt;
    if (!mn_p_ident(p, &fmt)) return false;
    char *up = mn_p_strndup(p, fmt.name, strlen(fmt.name));
    if (!up) return false;
    for (char *c = up; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    ct->stored_as = up;
    return true;
}

/* Hive clauses may come in any order, each at most once. */
static bool table_clauses(mn_parser *p, mn_create_table *ct) {
    enum { COMMENT = 1, PARTITIONED = 2, ROW_FORMAT = 4, STORED = 8, LOCATION = 16, TBLPROPERTIES = 32, WITH = 64 };
    unsigned seen = 0;
    for (;;) {
        unsigned bit;
        mn_pos pos = mn_p_pos(p);
        if (mn_p_is_kw(p, MN_KW_COMMENT))
            bit = COMMENT;
        else if (mn_p_is_kw(p, MN_KW_PARTITIONED))
            bit = PARTITIONED;
        else if (mn_p_is_kw(p, MN_KW_ROW) && mn_p_peek_kw(p, 1, MN_KW_FORMAT))
            bit = ROW_FORMAT;
        else if (mn_p_is_kw(p, MN_KW_STORED))
            bit = STORED;
        else if (mn_p_is_kw(p, MN_KW_LOCATION))
            bit = LOCATION;
        else if (mn_p_is_kw(p, MN_KW_TBLPROPERTIES))
            bit = TBLPROPERTIES;
        else if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_is(p, 1, MN_TK_LPAREN))
            bit = WITH;
        else
            return !p->failed;
        if (seen & bit) {
            mn_p_error_at(p, pos, "Duplicate clause in CREATE TABLE");
            return false;
        }
        seen |= bit;
        mn_p_advance(p);
        bool ok;
        switch (bit) {
        case COMMENT: ok = (ct->comment = mn_p_string(p, NULL)) != NULL; break;
        case PARTITIONED:
            ok = mn_p_expect_kw(p, MN_KW_BY) && column_list(p, &ct->partition_columns, &ct->npartition_columns, true);
            break;
        case ROW_FORMAT:
            mn_p_advance(p);
            ok = row_format(p, ct);
            break;
        case STORED: ok = stored_as(p, ct); break;
        case LOCATION: ok = (ct->location = mn_p_string(p, NULL)) != NULL; break;
        case TBLPROPERTIES: ok = properties_hive(p, &ct->tblproperties); break;
        default: ok = mn_p_properties_with(p, &ct->with_properties); break;
        }
        if (!ok) return false;
    }
}

mn_ast_stmt *mn_p_create_table(mn_parser *p, mn_pos pos, bool external) {
    mn_p_set_hive(p, true);
    mn_ast_stmt *s = mn_p_alloc(p, sizeof *s);
    if (!s) return NULL;
    s->kind = MN_STMT_CREATE_TABLE;
    s->pos = pos;
    mn_create_table *ct = &s->u.create_table;
    ct->external = external;
    if (!if_not_exists(p, &ct->if_not_exists) || !mn_p_qname(p, &ct->name)) return NULL;
    if (mn_p_is(p, MN_TK_LPAREN) && !column_list(p, &ct->columns, &ct->ncolumns, false)) return NULL;
    if (!table_clauses(p, ct)) return NULL;
    if (mn_p_is_kw(p, MN_KW_AS)) {
        mn_p_advance(p);
        mn_p_set_hive(p, false);
        if (!(ct->query = mn_p_query(p))) return NULL;
        if (mn_p_accept_kw(p, MN_KW_WITH)) {
            if (mn_p_accept_kw(p, MN_KW_NO)) ct->with_no_data = true;
            if (!mn_p_expect_kw(p, MN_KW_DATA)) return NULL;
        }
        s->kind = MN_STMT_CREATE_TABLE_AS;
        return s;
    }
    mn_p_set_hive(p, false);
    if (!mn_p_hive_split_name(p, &ct->name)) return NULL;
    if (ct->ncolumns == 0) {
        mn_p_error_mismatch(p);
        return NULL;
    }
    for (int i = 0; i < ct->ncolumns; i++)
        if (!ct->columns[i].type_text) {
            mn_p_error_at(p, ct->columns[i].name.pos, "Column '%s' needs a type", ct->columns[i].name.name);
            return NULL;
        }
    return s;
}

/* ---------- CREATE SCHEMA|DATABASE ---------- */

mn_ast_stmt *mn_p_create_schema(mn_parser *p, mn_pos pos) {
    mn_p_set_hive(p, true);
    mn_ast_stmt *s = mn_p_alloc(p, sizeof *s);
    if (!s) return NULL;
    s->kind = MN_STMT_CREATE_SCHEMA;
    s->pos = pos;
    if (!if_not_exists(p, &s->u.schema.if_not_exists) || !mn_p_qname(p, &s->u.schema.name)) return NULL;
    for (;;) {
        bool ok = true;
        if (mn_p_accept_kw(p, MN_KW_COMMENT)) {
            ok = (s->u.schema.comment = mn_p_string(p, NULL)) != NULL;
        } else if (mn_p_accept_kw(p, MN_KW_LOCATION)) {
            ok = (s->u.schema.location = mn_p_string(p, NULL)) != NULL;
        } else if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_kw(p, 1, MN_KW_DBPROPERTIES)) {
            mn_p_advance(p);
            mn_p_advance(p);
            ok = properties_hive(p, &s->u.schema.properties);
        } else if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
            mn_p_advance(p);
            ok = mn_p_properties_with(p, &s->u.schema.properties);
        } else {
            break;
        }
        if (!ok) return NULL;
    }
    mn_p_set_hive(p, false);
    return s;
}
