/* harness/csv.c: RFC 4180 escaping, splitting records back (round trip and malformed input),
 * and number formatting that ignores the locale. File handling is tested in results_test.c. */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap_skip.h"

/* csv_field's output for s, in memory (caller frees). */
static char *capture_field(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	csv_field(fp, s);
	fclose(fp);
	return buf;
}

static void check_field(const char *in, const char *want)
{
	char *got = capture_field(in);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_field_escaping)
{
	check_field("fork", "fork");
	check_field("", "");
	check_field(NULL, "");
	check_field("clone:vm,vfork", "\"clone:vm,vfork\"");
	check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_field("\"", "\"\"\"\"");
	check_field("two\nlines", "\"two\nlines\"");
	check_field("cr\rhere", "\"cr\rhere\"");
	check_field("CLONE_VM|CLONE_VFORK", "CLONE_VM|CLONE_VFORK");
	check_field("writer=child;size=64M", "writer=child;size=64M");
}
END_TEST

START_TEST(test_numbers)
{
	char buf[64];
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	csv_format_double(1e-9, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1e-09");
	csv_format_double(123456789.5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "123456789.5");
	csv_format_double(0.1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0.1");
	csv_format_double(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0");
	csv_format_double(-2.5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "-2.5");
	csv_format_double(1234567.0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1234567");
	csv_format_double(NAN, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	csv_format_double(INFINITY, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	csv_format_double(-INFINITY, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");

	/* Whatever digits are chosen, the value reads back exactly. */
	const double round_trip[] = { 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 1e300, 5e-324, 123.456e7 };
	for (size_t i = 0; i < sizeof(round_trip) / sizeof(round_trip[0]); i++) {
		csv_format_double(round_trip[i], buf, sizeof(buf));
		ck_assert(strtod(buf, NULL) == round_trip[i]);
	}

	fp = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(fp);
	csv_double(fp, 0.5);
	csv_sep(fp);
	csv_double(fp, NAN);
	csv_sep(fp);
	csv_u64(fp, 18446744073709551615ull);
	csv_eol(fp);
	fclose(fp);
	ck_assert_str_eq(text, "0.5,,18446744073709551615\n");
	free(text);
}
END_TEST

/* Sets the first installed locale from names whose decimal point is ','. */
static const char *set_comma_locale(void)
{
	static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
					     "fr_FR.utf8", "nl_NL.UTF-8", "ru_RU.UTF-8" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (setlocale(LC_ALL, names[i]) && !strcmp(localeconv()->decimal_point, ","))
			return names[i];
	}
	return NULL;
}

/* A locale whose decimal point is ',' must not reach the numbers (DESIGN §7). Debian images
 * often ship only C.UTF-8, so when none is installed the test compiles de_DE into a temporary
 * LOCPATH with localedef (about a second) rather than prove nothing. */
START_TEST(test_numbers_ignore_locale)
{
	char locdir[] = "/tmp/csv_test_locale.XXXXXX", cmd[256];
	const char *found = set_comma_locale();
	char buf[64];
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	if (!found && mkdtemp(locdir)) {
		snprintf(cmd, sizeof(cmd),
			 "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", locdir);
		if (system(cmd) != -1) {
			setenv("LOCPATH", locdir, 1);
			found = set_comma_locale();
		}
		/* setlocale has read the files by now; removing them at once means a failed
		 * assertion below (which ends this process) leaves nothing in /tmp. */
		snprintf(cmd, sizeof(cmd), "rm -rf %s", locdir);
		(void)system(cmd);
	}
	if (!found) {
		tap_skip(__func__, "no locale with a ',' decimal point is installed and "
				   "localedef could not make one");
		goto out;
	}
	/* The locale is live: the C library itself would now write a comma. */
	snprintf(buf, sizeof(buf), "%.1f", 0.5);
	ck_assert_str_eq(buf, "0,5");

	csv_format_double(123456789.5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "123456789.5");
	csv_format_double(0.1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0.1");
	csv_format_double(1e-9, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1e-09");
	fp = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(fp);
	csv_double(fp, 2.25);
	csv_sep(fp);
	csv_u64(fp, 1234567);
	fclose(fp);
	ck_assert_str_eq(text, "2.25,1234567");
	free(text);
	/* And the caller's locale is left as it was. */
	snprintf(buf, sizeof(buf), "%.1f", 0.5);
	ck_assert_str_eq(buf, "0,5");
out:
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_split_simple)
{
	char line[] = "latency,fork,,static,16777216\n";
	char empty[] = "";
	char trailing[] = "a,,\r\n";
	char *f[8];

	ck_assert_int_eq(csv_split_record(line, f, 8), 5);
	ck_assert_str_eq(f[0], "latency");
	ck_assert_str_eq(f[1], "fork");
	ck_assert_str_eq(f[2], "");
	ck_assert_str_eq(f[3], "static");
	ck_assert_str_eq(f[4], "16777216");

	ck_assert_int_eq(csv_split_record(empty, f, 8), 1);
	ck_assert_str_eq(f[0], "");

	ck_assert_int_eq(csv_split_record(trailing, f, 8), 3);
	ck_assert_str_eq(f[0], "a");
	ck_assert_str_eq(f[1], "");
	ck_assert_str_eq(f[2], "");
}
END_TEST

START_TEST(test_split_quoted)
{
	char line[] = "\"x,y\",\"he said \"\"hi\"\"\",z,\"\",\"\"\"\"\n";
	char *f[8];

	ck_assert_int_eq(csv_split_record(line, f, 8), 5);
	ck_assert_str_eq(f[0], "x,y");
	ck_assert_str_eq(f[1], "he said \"hi\"");
	ck_assert_str_eq(f[2], "z");
	ck_assert_str_eq(f[3], "");
	ck_assert_str_eq(f[4], "\"");
}
END_TEST

/* What csv_field writes, csv_split_record reads back unchanged. */
START_TEST(test_split_round_trip)
{
	static const char *const cells[] = {
		"fork", "", "clone:vm,vfork", "say \"hi\"", "\"", ",", "two\nlines",
		"CLONE_VM|CLONE_VFORK", "writer=child;size=64M", " spaced ", "\"\",\"\"",
	};
	const size_t count = sizeof(cells) / sizeof(cells[0]);
	char *text = NULL, *f[16];
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(fp);
	for (size_t i = 0; i < count; i++) {
		if (i)
			csv_sep(fp);
		csv_field(fp, cells[i]);
	}
	csv_eol(fp);
	fclose(fp);
	ck_assert_int_eq(csv_split_record(text, f, 16), (int)count);
	for (size_t i = 0; i < count; i++)
		ck_assert_str_eq(f[i], cells[i]);
	free(text);
}
END_TEST

START_TEST(test_split_malformed)
{
	char unterminated[] = "a,\"bc\n";
	char junk[] = "\"a\"b,c";
	char junk_space[] = "\"a\" ,c";
	char bare_quote[] = "a\"b,c";
	char many[] = "1,2,3,4";
	char exact[] = "1,2,3";
	char *f[3];

	ck_assert_int_eq(csv_split_record(unterminated, f, 3), -EINVAL);
	ck_assert_int_eq(csv_split_record(junk, f, 3), -EINVAL);
	ck_assert_int_eq(csv_split_record(junk_space, f, 3), -EINVAL);
	ck_assert_int_eq(csv_split_record(bare_quote, f, 3), -EINVAL);
	ck_assert_int_eq(csv_split_record(many, f, 3), -E2BIG);
	ck_assert_int_eq(csv_split_record(exact, f, 3), 3);
	ck_assert_int_eq(csv_split_record(NULL, f, 3), -EINVAL);
	ck_assert_int_eq(csv_split_record(exact, f, 0), -EINVAL);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("csv");

	tcase_add_test(tc, test_field_escaping);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_numbers_ignore_locale);
	tcase_add_test(tc, test_split_simple);
	tcase_add_test(tc, test_split_quoted);
	tcase_add_test(tc, test_split_round_trip);
	tcase_add_test(tc, test_split_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csv_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
