/* Streaming JSON writer (json.h): commas, indentation, string escaping and numbers that read the
 * same in every locale. It builds no tree and validates nothing the caller nests: structure is the
 * caller's job, at most 31 levels deep. Write errors are left in the FILE's error flag, so the
 * caller checks ferror()/fclose() once at the end instead of after every value. */
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
