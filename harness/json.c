/* JSON (json.h). A streaming writer: commas, indentation, string escaping and numbers that read
 * the same in every locale; it builds no tree and validates nothing the caller nests (at most 31
 * levels deep); write errors stay in the FILE's error flag for one ferror()/fclose() check. And a
 * parser that flattens a document into "key path -> value" pairs (compare reads meta.json so). */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_MAX_DEPTH ((int)(sizeof(((struct json_writer *)0)->need_comma) - 1))

void json_init(struct json_writer *w, FILE *fp, int indent)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->indent = indent > 0 ? indent : 0;
}

static void newline_indent(struct json_writer *w, int depth)
{
	if (!w->indent)
		return;
	fputc('\n', w->fp);
	for (int i = 0; i < depth * w->indent; i++)
		fputc(' ', w->fp);
}

/* Everything that starts a value or a key comes here: after a key the separator is already out;
 * otherwise a comma goes before every element but the first of its container. */
static void before_item(struct json_writer *w)
{
	int d = w->depth;

	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (d == 0) {
		/* Several top-level values: one per line (JSON Lines), never glued together. */
		if (w->need_comma[0])
			fputc('\n', w->fp);
		w->need_comma[0] = true;
		return;
	}
	if (w->need_comma[d])
		fputc(',', w->fp);
	w->need_comma[d] = true;
	newline_indent(w, d);
}

static void begin(struct json_writer *w, char open)
{
	before_item(w);
	fputc(open, w->fp);
	if (w->depth < JSON_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void end(struct json_writer *w, char close)
{
	/* An empty container stays on one line: {} and [] rather than a brace on its own line. */
	if (w->depth > 0 && w->need_comma[w->depth])
		newline_indent(w, w->depth - 1);
	if (w->depth > 0)
		w->depth--;
	fputc(close, w->fp);
	w->after_key = false;
}

void json_begin_object(struct json_writer *w)
{
	begin(w, '{');
}

void json_end_object(struct json_writer *w)
{
	end(w, '}');
}

void json_begin_array(struct json_writer *w)
{
	begin(w, '[');
}

void json_end_array(struct json_writer *w)
{
	end(w, ']');
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if the bytes there are not one
 * (overlong forms, surrogates and code points above U+10FFFF are rejected, as RFC 3629 says). */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t json_escape(const char *s, char *out, size_t out_len)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t need = 0, fill = 0;
	bool full = !out || out_len == 0;
	char esc[8];

	while (*p) {
		size_t n = utf8_seq_len(p);
		const char *piece = esc;
		size_t piece_len = 2;

		esc[0] = '\\';
		if (*p == '"' || *p == '\\') {
			esc[1] = (char)*p;
		} else if (*p == '\n') {
			esc[1] = 'n';
		} else if (*p == '\r') {
			esc[1] = 'r';
		} else if (*p == '\t') {
			esc[1] = 't';
		} else if (*p < 0x20) {
			piece_len = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", *p);
		} else if (n == 0) {
			/* Not UTF-8 (a Latin-1 hostname, a binary cmdline byte): U+FFFD keeps the
			 * document valid for every strict reader instead of passing the byte on. */
			piece = "\\ufffd";
			piece_len = 6;
		} else {
			piece = (const char *)p; /* ASCII and valid UTF-8 go through unchanged */
			piece_len = n;
		}
		/* Like snprintf: count everything, store what fits, but never cut an escape or a
		 * UTF-8 sequence in half. */
		if (!full && fill + piece_len < out_len) {
			memcpy(out + fill, piece, piece_len);
			fill += piece_len;
		} else {
			full = true;
		}
		need += piece_len;
		p += n ? n : 1;
	}
	if (out && out_len > 0)
		out[fill] = '\0';
	return need;
}

static void write_escaped(FILE *fp, const char *s)
{
	char buf[512];
	size_t need = json_escape(s, buf, sizeof(buf));

	if (need < sizeof(buf)) {
		fputs(buf, fp);
		return;
	}
	char *big = malloc(need + 1);

	if (!big) {
		/* Keep the document well-formed even then; the caller sees ENOMEM nowhere else. */
		fputs("\\ufffd", fp);
		return;
	}
	json_escape(s, big, need + 1);
	fputs(big, fp);
	free(big);
}

void json_key(struct json_writer *w, const char *key)
{
	before_item(w);
	fputc('"', w->fp);
	write_escaped(w->fp, key);
	fputs(w->indent ? "\": " : "\":", w->fp);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	before_item(w);
	fputc('"', w->fp);
	write_escaped(w->fp, s);
	fputc('"', w->fp);
}

/* The "C" locale object is made once: snprintf and strtod under uselocale() of it never see the
 * process's LC_NUMERIC, so 0.5 is written "0.5" even after setlocale(LC_ALL, "de_DE.UTF-8"). */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static void format_double(char *buf, size_t len, double v)
{
	locale_t old = (locale_t)0;

	pthread_once(&c_locale_once, c_locale_init);
	if (c_locale)
		old = uselocale(c_locale);
	/* Shortest of %.15g/%.16g/%.17g that reads back as the same double: 0.1 stays "0.1"
	 * and nothing is lost. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (c_locale) {
		uselocale(old);
	} else {
		/* No locale object (ENOMEM): repair a comma decimal point by hand. */
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = '.';
	}
}

void json_double(struct json_writer *w, double v)
{
	char buf[40];

	if (!isfinite(v)) {
		json_null(w); /* JSON has no NaN or Infinity */
		return;
	}
	format_double(buf, sizeof(buf), v);
	before_item(w);
	fputs(buf, w->fp);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	before_item(w);
	fprintf(w->fp, "%" PRIu64, v);
}

void json_i64(struct json_writer *w, int64_t v)
{
	before_item(w);
	fprintf(w->fp, "%" PRId64, v);
}

void json_bool(struct json_writer *w, bool v)
{
	before_item(w);
	fputs(v ? "true" : "false", w->fp);
}

void json_null(struct json_writer *w)
{
	before_item(w);
	fputs("null", w->fp);
}

void json_raw(struct json_writer *w, const char *json_text)
{
	if (!json_text) {
		json_null(w);
		return;
	}
	before_item(w);
	fputs(json_text, w->fp);
}

#define JSON_PARSE_MAX_DEPTH 64

/* ---- growable text ---- */

struct sbuf {
	char *p;
	size_t len, cap;
};

static int sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* ---- the parser ---- */

struct jparser {
	const char *s;
	size_t len, pos;
	struct json_flat *out;
	struct sbuf path;
	int depth;
};

static void jskip_ws(struct jparser *j)
{
	while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]) && j->s[j->pos])
		j->pos++;
}

static int flat_add(struct json_flat *m, const char *key, const char *value, size_t len)
{
	struct json_flat_kv *kv;

	if (m->count == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;

		kv = realloc(m->items, cap * sizeof(*kv));
		if (!kv)
			return -ENOMEM;
		m->items = kv;
		m->cap = cap;
	}
	kv = &m->items[m->count];
	kv->key = strdup(key);
	kv->value = strndup(value, len);
	if (!kv->key || !kv->value) {
		free(kv->key);
		free(kv->value);
		return -ENOMEM;
	}
	m->count++;
	return 0;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static int put_utf8(struct sbuf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return sbuf_put(b, u, n);
}

/* A string at j->pos (on its opening quote), unescaped into *b (emptied first). */
static int jstring(struct jparser *j, struct sbuf *b)
{
	b->len = 0;
	if (sbuf_put(b, "", 0))
		return -ENOMEM;
	j->pos++;
	for (;;) {
		size_t start = j->pos;
		unsigned cp, lo;
		int ret;

		while (j->pos < j->len && j->s[j->pos] != '"' && j->s[j->pos] != '\\' &&
		       (unsigned char)j->s[j->pos] >= 0x20)
			j->pos++;
		if (sbuf_put(b, j->s + start, j->pos - start))
			return -ENOMEM;
		if (j->pos >= j->len || (unsigned char)j->s[j->pos] < 0x20)
			return -EINVAL; /* unterminated, or a raw control character */
		if (j->s[j->pos++] == '"')
			return 0;
		if (j->pos >= j->len)
			return -EINVAL;
		switch (j->s[j->pos++]) {
		case '"': ret = sbuf_put(b, "\"", 1); break;
		case '\\': ret = sbuf_put(b, "\\", 1); break;
		case '/': ret = sbuf_put(b, "/", 1); break;
		case 'b': ret = sbuf_put(b, "\b", 1); break;
		case 'f': ret = sbuf_put(b, "\f", 1); break;
		case 'n': ret = sbuf_put(b, "\n", 1); break;
		case 'r': ret = sbuf_put(b, "\r", 1); break;
		case 't': ret = sbuf_put(b, "\t", 1); break;
		case 'u':
			if (j->len - j->pos < 4 || hex4(j->s + j->pos, &cp))
				return -EINVAL;
			j->pos += 4;
			/* A high surrogate must be followed by an escaped low one. */
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (j->len - j->pos < 6 || j->s[j->pos] != '\\' ||
				    j->s[j->pos + 1] != 'u' || hex4(j->s + j->pos + 2, &lo) ||
				    lo < 0xdc00 || lo >= 0xe000)
					return -EINVAL;
				j->pos += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				return -EINVAL;
			}
			ret = put_utf8(b, cp);
			break;
		default:
			j->pos--;
			return -EINVAL;
		}
		if (ret)
			return ret;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* JSON's number grammar exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jnumber(struct jparser *j)
{
	const char *s = j->s;
	size_t p = j->pos, n = j->len;

	if (p < n && s[p] == '-')
		p++;
	if (p < n && s[p] == '0')
		p++;
	else if (p < n && is_digit(s[p]))
		while (p < n && is_digit(s[p]))
			p++;
	else
		return j->pos = p, -EINVAL;
	if (p < n && s[p] == '.') {
		if (++p >= n || !is_digit(s[p]))
			return j->pos = p, -EINVAL;
		while (p < n && is_digit(s[p]))
			p++;
	}
	if (p < n && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (p < n && (s[p] == '+' || s[p] == '-'))
			p++;
		if (p >= n || !is_digit(s[p]))
			return j->pos = p, -EINVAL;
		while (p < n && is_digit(s[p]))
			p++;
	}
	{
		size_t start = j->pos;

		j->pos = p;
		return flat_add(j->out, j->path.p, s + start, p - start);
	}
}

static int jvalue(struct jparser *j);

/* Appends ".key" (or "key" at the top) to the path; the caller restores path.len. */
static int path_push_key(struct jparser *j, const char *key)
{
	if (j->path.len && sbuf_put(&j->path, ".", 1))
		return -ENOMEM;
	return sbuf_put(&j->path, key, strlen(key));
}

/* After an object member's or array item's value: the path back to its container's, then ','
 * (1: another follows) or the closing bracket (0: done, consumed); anything else -EINVAL. */
static int jafter_item(struct jparser *j, size_t saved, char close)
{
	j->path.len = saved;
	j->path.p[saved] = '\0';
	jskip_ws(j);
	if (j->pos < j->len && (j->s[j->pos] == ',' || j->s[j->pos] == close))
		return j->s[j->pos++] == ',';
	return -EINVAL;
}

static int jobject(struct jparser *j)
{
	size_t saved = j->path.len;
	struct sbuf key = { 0 };
	int ret = 0;

	j->pos++; /* '{' */
	jskip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == '}') {
		j->pos++;
		return 0;
	}
	for (;;) {
		jskip_ws(j);
		if (j->pos >= j->len || j->s[j->pos] != '"') {
			ret = -EINVAL;
			goto out;
		}
		ret = jstring(j, &key);
		if (ret)
			goto out;
		jskip_ws(j);
		if (j->pos >= j->len || j->s[j->pos] != ':') {
			ret = -EINVAL;
			goto out;
		}
		j->pos++;
		ret = path_push_key(j, key.p);
		if (ret)
			goto out;
		ret = jvalue(j);
		if (!ret)
			ret = jafter_item(j, saved, '}');
		if (ret <= 0)
			goto out;
	}
out:
	free(key.p);
	return ret;
}

static int jarray(struct jparser *j)
{
	size_t saved = j->path.len;
	char idx[32];
	int ret;

	j->pos++; /* '[' */
	jskip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == ']') {
		j->pos++;
		return 0;
	}
	for (size_t i = 0;; i++) {
		snprintf(idx, sizeof(idx), "[%zu]", i);
		if (sbuf_put(&j->path, idx, strlen(idx)))
			return -ENOMEM;
		ret = jvalue(j);
		if (!ret)
			ret = jafter_item(j, saved, ']');
		if (ret <= 0)
			return ret;
	}
}

static int jvalue(struct jparser *j)
{
	static const char *const words[] = { "true", "false", "null" };
	int ret;

	jskip_ws(j);
	if (j->pos >= j->len)
		return -EINVAL;
	switch (j->s[j->pos]) {
	case '{':
	case '[':
		/* Depth bounds the recursion: hostile input cannot exhaust the stack. */
		if (++j->depth > JSON_PARSE_MAX_DEPTH)
			return -EINVAL;
		ret = j->s[j->pos] == '{' ? jobject(j) : jarray(j);
		j->depth--;
		return ret;
	case '"': {
		struct sbuf b = { 0 };

		ret = jstring(j, &b);
		if (!ret)
			ret = flat_add(j->out, j->path.p, b.p, b.len);
		free(b.p);
		return ret;
	}
	default:
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			size_t n = strlen(words[i]);

			if (j->len - j->pos >= n && !memcmp(j->s + j->pos, words[i], n)) {
				j->pos += n;
				return flat_add(j->out, j->path.p, words[i], n);
			}
		}
		return jnumber(j);
	}
}

void json_flat_free(struct json_flat *m)
{
	for (size_t i = 0; i < m->count; i++) {
		free(m->items[i].key);
		free(m->items[i].value);
	}
	free(m->items);
	memset(m, 0, sizeof(*m));
}

int json_flatten(const char *text, size_t len, struct json_flat *out, size_t *err_offset)
{
	struct jparser j = { .s = text, .len = len, .out = out };
	int ret;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		j.pos = 3;
	ret = sbuf_put(&j.path, "", 0);
	if (!ret)
		ret = jvalue(&j);
	if (!ret) {
		jskip_ws(&j);
		if (j.pos != j.len)
			ret = -EINVAL; /* trailing garbage (a NUL byte counts) */
	}
	free(j.path.p);
	if (ret) {
		if (err_offset)
			*err_offset = j.pos;
		json_flat_free(out);
	}
	return ret;
}

const char *json_flat_get(const struct json_flat *m, const char *key)
{
	for (size_t i = m->count; i-- > 0;)
		if (!strcmp(m->items[i].key, key))
			return m->items[i].value;
	return NULL;
}
