/* json_value.h — JSON values read as values of Minerva types, as Hive's JSON SerDe reads them:
 * numbers, strings and booleans through the text parsers (a value that does not parse as the
 * type is NULL); an object or array read as VARCHAR is its compact JSON text; JSON takes any
 * value (canonical text); arrays fill ARRAY, objects ROW (fields by name, ASCII
 * case-insensitively; missing ones NULL, a repeated key keeps its last value) and MAP (keys
 * parsed as the key type, entries whose key does not parse left out, the last of repeated
 * keys wins). Used by the JSON table scan and by tools that build nested values from text. */
#ifndef MN_FORMAT_JSON_VALUE_H
#define MN_FORMAT_JSON_VALUE_H

#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "format/json_reader.h"
#include "types/types.h"

/* One 16-byte value slot (the largest vector slot: DECIMAL, VARCHAR, nested). */
typedef union mn_json_slot {
    mn_i128 x;
    mn_str s;
    int64_t i;
    double d;
    uint8_t b[16];
} mn_json_slot;

typedef struct mn_json_conv {
    mn_json_lexer *lx;          /* positioned on the value's first token */
    mn_arena *scratch;          /* decoded strings and encoded nested values (the caller rewinds) */
    mn_strbuf sb;
    const mn_json_records *rec; /* errors name its file and line; NULL: INVALID_FUNCTION_ARGUMENT */
} mn_json_conv;

void mn_json_conv_init(mn_json_conv *c, mn_json_lexer *lx, mn_arena *scratch, const mn_json_records *rec);
void mn_json_conv_free(mn_json_conv *c);

/* Reads the value at the current token as type t into slot (in t's vector slot layout;
 * varlen values point into the scratch arena or the lexer's text). Returns 1 for a value,
 * 0 for NULL, -1 with err on malformed JSON or out of memory; the lexer ends on the value's
 * last token. */
int mn_json_convert(mn_json_conv *c, mn_type t, mn_json_slot *slot, mn_error *err);
/* The decoded name of the current FIELD_NAME token. */
int mn_json_field_name(mn_json_conv *c, mn_str *out, mn_error *err);
/* Whether the n bytes at a equal the NUL-terminated b ASCII case-insensitively (b may be NULL). */
bool mn_json_name_eq(const char *a, size_t an, const char *b);

#endif
