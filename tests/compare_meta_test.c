/* bench/compare_meta.c's shortening of long metadata values: a value that fits stays whole, a
 * long one keeps the words from the first to the last that differ, "…" for what was left out,
 * and never exceeds its width (the kernel command line is 500+ columns). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

static void check_short(const char *value, const char *other, size_t width, const char *want)
{
	char *got = meta_shorten(value, other, width);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert_uint_le(text_width(got), width);
	free(got);
}

START_TEST(test_fits_whole)
{
	check_short("6.1.0-18-amd64", "6.18.0", 40, "6.1.0-18-amd64");
	check_short("(absent)", NULL, 40, "(absent)");
}
END_TEST

START_TEST(test_one_word_differs)
{
	const char *a = "console=ttyS0 quiet reboot=k panic=1 mitigations=auto nomodule psi=1";
	const char *b = "console=ttyS0 quiet reboot=k panic=1 mitigations=off nomodule psi=1";

	check_short(a, b, 30, "… mitigations=auto …");
	check_short(b, a, 30, "… mitigations=off …");
	/* at the start and at the end: no "…" on that side */
	check_short("x=1 a b c d e f g h i j k", "x=2 a b c d e f g h i j k", 12, "x=1 …");
	check_short("a b c d e f g h i j k x=1", "a b c d e f g h i j k x=2", 12, "… x=1");
}
END_TEST

START_TEST(test_word_only_in_other)
{
	const char *a = "Mitigation: Retpolines; STIBP: disabled; RSB filling; BHI: Not affected";
	const char *b = "Mitigation: Retpolines; IBPB: conditional; STIBP: disabled; RSB filling; "
			"BHI: Not affected";

	/* A has nothing where B has more: both keep the word before the gap. */
	check_short(a, b, 40, "… Retpolines; …");
	check_short(b, a, 40, "… Retpolines; IBPB: conditional; …");
}
END_TEST

START_TEST(test_cut_to_width)
{
	check_short("aaaaaaaaaaaaaaaaaaaa", "b", 8, "aaaaaaa…");
	check_short("µµµµµµµµµµ", "b", 4, "µµµ…");
}
END_TEST

static Suite *compare_meta_suite(void)
{
	Suite *s = suite_create("compare_meta");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fits_whole);
	tcase_add_test(tc, test_one_word_differs);
	tcase_add_test(tc, test_word_only_in_other);
	tcase_add_test(tc, test_cut_to_width);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compare_meta_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
