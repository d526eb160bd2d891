/* Tests for harness/json.c. The writer: string escaping, comma and indent placement in nested
 * containers, and numbers that keep '.' under a comma-decimal locale, compared byte for byte.
 * The flattener (json_flatten): valid documents, and malformed ones with the offset it names. */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap_skip.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#else
static inline void __lsan_disable(void) {}
static inline void __lsan_enable(void) {}
#endif

struct mem {
	char *buf;
	size_t len;
	FILE *fp;
};

static void mem_open(struct mem *m, struct json_writer *w, int indent)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
	ck_assert_ptr_nonnull(m->fp);
	json_init(w, m->fp, indent);
}

/* Closes the stream and returns its text (owned by m). */
static const char *mem_text(struct mem *m)
{
	ck_assert_int_eq(fclose(m->fp), 0);
	return m->buf;
}

static void escape_is(const char *in, const char *want)
{
	char out[256];
	size_t n = json_escape(in, out, sizeof(out));

	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(n, strlen(want));
}

START_TEST(escape_quotes_backslash)
{
	escape_is("plain", "plain");
	escape_is("a\"b", "a\\\"b");
	escape_is("C:\\dir\\", "C:\\\\dir\\\\");
	escape_is("/", "/");
	escape_is("", "");
	escape_is(NULL, "");
}
END_TEST

START_TEST(escape_newline_and_control)
{
	escape_is("a\nb", "a\\nb");
	escape_is("\r\t", "\\r\\t");
	escape_is("\x01", "\\u0001");
	escape_is("\x1f", "\\u001f");
	escape_is("\b\f", "\\u0008\\u000c");
	escape_is("\x1b[0m", "\\u001b[0m");
	escape_is("\x7f", "\x7f"); /* DEL is not a control character to JSON */
}
END_TEST

START_TEST(escape_utf8)
{
	static const char utf8[] = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80";

	/* Valid UTF-8 of every length goes through untouched. */
	escape_is(utf8, utf8);
	/* Invalid bytes become U+FFFD so a strict parser still accepts the document. */
	escape_is("a\xff" "b", "a\\ufffdb");
	escape_is("\xc0\x80", "\\ufffd\\ufffd");         /* overlong NUL */
	escape_is("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd"); /* UTF-16 surrogate */
	escape_is("x\xe2\x82", "x\\ufffd\\ufffd");        /* cut short at the end */
}
END_TEST

START_TEST(escape_truncates_like_snprintf)
{
	char out[6];
	size_t n;

	/* Needs 8 bytes + NUL; the escape that does not fit is left out whole. */
	n = json_escape("abcd\"e\"", out, sizeof(out));
	ck_assert_uint_eq(n, 9);
	ck_assert_str_eq(out, "abcd");
	n = json_escape("\x01", out, sizeof(out));
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(json_escape("abc\n", NULL, 0), 5);
}
END_TEST

static void write_nested(struct json_writer *w)
{
	json_begin_object(w);
	json_key(w, "a");
	json_begin_array(w);
	json_u64(w, 1);
	json_begin_object(w);
	json_key(w, "b");
	json_null(w);
	json_end_object(w);
	json_begin_array(w);
	json_end_array(w);
	json_end_array(w);
	json_key(w, "c");
	json_begin_object(w);
	json_end_object(w);
	json_key(w, "d\"");
	json_string(w, "x\n");
	json_key(w, "e");
	json_bool(w, true);
	json_key(w, "f");
	json_string(w, NULL);
	json_key(w, "g");
	json_raw(w, "{\"k\":[1,2]}");
	json_end_object(w);
}

START_TEST(nested_compact)
{
	struct json_writer w;
	struct mem m;

	mem_open(&m, &w, 0);
	write_nested(&w);
	ck_assert_str_eq(mem_text(&m), "{\"a\":[1,{\"b\":null},[]],\"c\":{},\"d\\\"\":\"x\\n\","
				       "\"e\":true,\"f\":null,\"g\":{\"k\":[1,2]}}");
	free(m.buf);
}
END_TEST

START_TEST(nested_pretty)
{
	struct json_writer w;
	struct mem m;

	mem_open(&m, &w, 2);
	write_nested(&w);
	ck_assert_str_eq(mem_text(&m), "{\n"
				       "  \"a\": [\n"
				       "    1,\n"
				       "    {\n"
				       "      \"b\": null\n"
				       "    },\n"
				       "    []\n"
				       "  ],\n"
				       "  \"c\": {},\n"
				       "  \"d\\\"\": \"x\\n\",\n"
				       "  \"e\": true,\n"
				       "  \"f\": null,\n"
				       "  \"g\": {\"k\":[1,2]}\n"
				       "}");
	free(m.buf);
}
END_TEST

START_TEST(top_level_values_one_per_line)
{
	struct json_writer w;
	struct mem m;

	mem_open(&m, &w, 0);
	json_begin_array(&w);
	json_end_array(&w);
	json_i64(&w, -1);
	ck_assert_str_eq(mem_text(&m), "[]\n-1");
	free(m.buf);
}
END_TEST

static void doubles_text(struct mem *m)
{
	struct json_writer w;

	mem_open(m, &w, 0);
	json_begin_array(&w);
	json_double(&w, 0.1);
	json_double(&w, 1.5);
	json_double(&w, -2.25);
	json_double(&w, 3);
	json_double(&w, 1e300);
	json_double(&w, 1.0 / 3.0);
	json_double(&w, NAN);
	json_double(&w, INFINITY);
	json_double(&w, -INFINITY);
	json_u64(&w, UINT64_MAX);
	json_i64(&w, INT64_MIN);
	json_end_array(&w);
}

static const char doubles_want[] = "[0.1,1.5,-2.25,3,1e+300,0.3333333333333333,null,null,null,"
				   "18446744073709551615,-9223372036854775808]";

START_TEST(numbers)
{
	struct mem m;

	doubles_text(&m);
	ck_assert_str_eq(mem_text(&m), doubles_want);
	free(m.buf);
}
END_TEST

/* A comma-decimal locale: an installed one, else de_DE.UTF-8 compiled with localedef into a
 * temporary LOCPATH (Debian ships the sources even when no locale is generated). Returns its name
 * for setlocale(), or NULL with the reason on stderr. */
static char loc_dir[] = "/tmp/json_test_loc.XXXXXX";

static const char *comma_locale(void)
{
	static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE" };
	char cmd[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (setlocale(LC_ALL, names[i]))
			return names[i];
	if (!mkdtemp(loc_dir))
		goto none;
	snprintf(cmd, sizeof(cmd), "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1",
		 loc_dir);
	if (system(cmd) == 0) {
		const char *ok;

		setenv("LOCPATH", loc_dir, 1); /* glibc reads LOCPATH on every locale load */
		__lsan_disable(); /* see below */
		ok = setlocale(LC_ALL, "de_DE.UTF-8");
		__lsan_enable();
		if (ok)
			return "de_DE.UTF-8";
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", loc_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", loc_dir);
none:
	return NULL;
}

START_TEST(numbers_under_comma_locale)
{
	const char *name = comma_locale();
	char probe[16], cmd[256];
	locale_t loc;
	struct mem m;

	if (!name)
		TEST_SKIP("no de_DE locale installed and localedef could not build one");
	/* setlocale(LC_ALL, ...) is on, as in a program that honours the user's locale; prove the
	 * locale really writes a comma before trusting the check. */
	snprintf(probe, sizeof(probe), "%.1f", 1.5);
	ck_assert_str_eq(probe, "1,5");
	doubles_text(&m);
	ck_assert_str_eq(mem_text(&m), doubles_want);
	free(m.buf);
	snprintf(probe, sizeof(probe), "%.1f", 1.5);
	ck_assert_str_eq(probe, "1,5");

	/* Per-thread locale too, and the writer must put it back, not leave "C" behind. */
	__lsan_disable(); /* glibc keeps its parsed LOCPATH whenever it loads a locale */
	setlocale(LC_ALL, "C");
	loc = newlocale(LC_ALL_MASK, name, (locale_t)0);
	__lsan_enable();
	ck_assert_ptr_nonnull(loc);
	uselocale(loc);
	doubles_text(&m);
	ck_assert_str_eq(mem_text(&m), doubles_want);
	free(m.buf);
	snprintf(probe, sizeof(probe), "%.1f", 1.5);
	ck_assert_str_eq(probe, "1,5");
	uselocale(LC_GLOBAL_LOCALE);
	freelocale(loc);
	if (getenv("LOCPATH")) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", loc_dir);
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

static int parse(const char *text, struct json_flat *m, size_t *off)
{
	return json_flatten(text, strlen(text), m, off);
}

START_TEST(test_json_flatten)
{
	const char *text =
		"\xef\xbb\xbf{\"schema_version\": 1, \"kernel\": {\"release\": \"6.18.0\", "
		"\"nested\": {\"deep\": -1.5e3}}, "
		"\"list\": [true, null, \"x\", {\"k\": false}], "
		"\"esc\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", "
		"\"empty\": {}, \"none\": [], \"dup\": 1, \"dup\": 2}\n";
	struct json_flat m;
	size_t off = 0;

	ck_assert_int_eq(parse(text, &m, &off), 0);
	ck_assert_str_eq(json_flat_get(&m, "schema_version"), "1");
	ck_assert_str_eq(json_flat_get(&m, "kernel.release"), "6.18.0");
	ck_assert_str_eq(json_flat_get(&m, "kernel.nested.deep"), "-1.5e3");
	ck_assert_str_eq(json_flat_get(&m, "list[0]"), "true");
	ck_assert_str_eq(json_flat_get(&m, "list[1]"), "null");
	ck_assert_str_eq(json_flat_get(&m, "list[2]"), "x");
	ck_assert_str_eq(json_flat_get(&m, "list[3].k"), "false");
	ck_assert_str_eq(json_flat_get(&m, "esc"), "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_str_eq(json_flat_get(&m, "dup"), "2");
	ck_assert_ptr_null(json_flat_get(&m, "empty"));
	ck_assert_ptr_null(json_flat_get(&m, "kernel"));
	ck_assert_uint_eq(m.count, 10);
	json_flat_free(&m);

	/* A scalar document is a value with an empty path. */
	ck_assert_int_eq(parse(" 42 ", &m, &off), 0);
	ck_assert_str_eq(json_flat_get(&m, ""), "42");
	json_flat_free(&m);
}
END_TEST

START_TEST(test_json_malformed)
{
	static const struct {
		const char *text;
		size_t offset;
	} bad[] = {
		{ "", 0 },
		{ "{", 1 },
		{ "{\"a\": tru}", 6 },
		{ "{\"a\": 1,}", 8 },
		{ "{\"a\" 1}", 5 },
		{ "{\"a\": 01}", 7 },
		{ "{\"a\": 1.}", 8 },
		{ "{\"a\": -}", 7 },
		{ "{\"a\": 1e}", 8 },
		{ "[1 2]", 3 },
		{ "{\"a\": \"x}", 9 },
		{ "{\"a\": \"\x01\"}", 7 },
		{ "{\"a\": \"\\q\"}", 8 },
		{ "{\"a\": \"\\ud800\"}", 13 },
		{ "{a: 1}", 1 },
		{ "{} x", 3 },
		{ "{\"a\": 1}}", 8 },
	};
	struct json_flat m;
	char deep[300];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t off = 12345;

		ck_assert_msg(parse(bad[i].text, &m, &off) == -EINVAL, "accepted: %s", bad[i].text);
		ck_assert_msg(off == bad[i].offset, "%s: offset %zu, expected %zu", bad[i].text,
			      off, bad[i].offset);
		ck_assert_uint_eq(m.count, 0);
	}
	/* Nesting deeper than the parser's limit is refused, not a stack overflow. */
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	ck_assert_int_eq(parse(deep, &m, NULL), -EINVAL);
	/* An embedded NUL is trailing garbage. */
	ck_assert_int_eq(json_flatten("{}\0{}", 5, &m, NULL), -EINVAL);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, escape_quotes_backslash);
	tcase_add_test(tc, escape_newline_and_control);
	tcase_add_test(tc, escape_utf8);
	tcase_add_test(tc, escape_truncates_like_snprintf);
	tcase_add_test(tc, nested_compact);
	tcase_add_test(tc, nested_pretty);
	tcase_add_test(tc, top_level_values_one_per_line);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, numbers_under_comma_locale);
	tcase_add_test(tc, test_json_flatten);
	tcase_add_test(tc, test_json_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
