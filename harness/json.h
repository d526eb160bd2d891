/* JSON: a small streaming writer, enough for meta.json and results.json (numbers with '.' as the
 * decimal point whatever the locale; non-finite numbers become null), and a parser that flattens
 * a document into key path -> value pairs (`forkbench compare` reads meta.json back with it). */
#ifndef FB_JSON_H
#define FB_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer {
	FILE *fp;
	int depth;
	bool need_comma[32];
	bool after_key;
	int indent; /* spaces per level; 0 = compact */
};

void json_init(struct json_writer *w, FILE *fp, int indent);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s); /* NULL writes null */
void json_double(struct json_writer *w, double v);
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
/* Inserts already-valid JSON text as a value (e.g. the meta object inside results.json). */
void json_raw(struct json_writer *w, const char *json_text);
/* Escapes s as a JSON string body (no quotes) into out; returns the needed length. */
size_t json_escape(const char *s, char *out, size_t out_len);

/* A document flattened (json_flatten): nested keys joined by '.', array items as name[i];
 * strings unescaped, numbers as written, true/false/null as those words. Empty objects and arrays
 * leave no pair. */
struct json_flat_kv {
	char *key;
	char *value;
};

struct json_flat {
	struct json_flat_kv *items;
	size_t count, cap;
};

/* Parses len bytes of JSON (one value, surrounding whitespace and a UTF-8 BOM allowed). 0,
 * -EINVAL for malformed input with *err_offset set to the byte where it went wrong, or -ENOMEM.
 * On error *out is left empty. */
int json_flatten(const char *text, size_t len, struct json_flat *out, size_t *err_offset);
/* The value of a key path such as "kernel.release", or NULL. A key given twice: the last. */
const char *json_flat_get(const struct json_flat *m, const char *key);
void json_flat_free(struct json_flat *m);

#endif
