/* harness/parse.c: what users type. Sizes (1024-based suffixes), bounded integers, positive
 * decimals, CPU lists and comma lists, valid and malformed. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

START_TEST(test_sizes_valid)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} cases[] = {
		{ "4096", 4096 }, { "64K", 65536 }, { "16M", 16u << 20 }, { "1G", 1ull << 30 },
		{ "2T", 2ull << 40 }, { "64KiB", 65536 }, { "16MB", 16u << 20 }, { "1g", 1ull << 30 },
		{ "0", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 1;

		ck_assert_msg(parse_size_bytes(cases[i].text, &v) == 0, "%s", cases[i].text);
		ck_assert_uint_eq(v, cases[i].bytes);
	}
}
END_TEST

START_TEST(test_sizes_malformed)
{
	static const char *const bad[] = {
		"12Q", "-5M", "0x", "0x10", "", "1.5M", "K", " 5", "5 ", "+5", "5KK", "5KiBx", "M5",
	};
	uint64_t v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse_size_bytes(bad[i], &v) == -EINVAL, "'%s' accepted", bad[i]);
	ck_assert_int_eq(parse_size_bytes("99999999999T", &v), -ERANGE);
	ck_assert_int_eq(parse_size_bytes("99999999999999999999", &v), -ERANGE);
}
END_TEST

START_TEST(test_u64)
{
	uint64_t v;

	ck_assert_int_eq(parse_u64("100", 1, 1000, 0, &v), 0);
	ck_assert_uint_eq(v, 100);
	ck_assert_int_eq(parse_u64("10k", 0, 1000000, 1, &v), 0);
	ck_assert_uint_eq(v, 10000);
	ck_assert_int_eq(parse_u64("10k", 0, 1000000, 0, &v), -EINVAL);
	ck_assert_int_eq(parse_u64("0", 1, 10, 0, &v), -ERANGE);
	ck_assert_int_eq(parse_u64("11", 1, 10, 0, &v), -ERANGE);
	ck_assert_int_eq(parse_u64("-3", 0, 10, 0, &v), -EINVAL);
	ck_assert_int_eq(parse_u64("1e9", 0, UINT64_MAX, 1, &v), -EINVAL);
	ck_assert_int_eq(parse_u64("", 0, 10, 0, &v), -EINVAL);
	ck_assert_int_eq(parse_u64("99999999999999999999", 0, UINT64_MAX, 0, &v), -ERANGE);
}
END_TEST

START_TEST(test_positive_double)
{
	double d;

	ck_assert_int_eq(parse_positive_double("2", &d), 0);
	ck_assert_double_eq(d, 2);
	ck_assert_int_eq(parse_positive_double("0.5", &d), 0);
	ck_assert_double_eq(d, 0.5);
	ck_assert_int_eq(parse_positive_double("1e-1", &d), 0);
	ck_assert_double_eq_tol(d, 0.1, 1e-15);
	ck_assert_int_ne(parse_positive_double("0", &d), 0);
	ck_assert_int_ne(parse_positive_double("-1", &d), 0);
	ck_assert_int_ne(parse_positive_double("nan", &d), 0);
	ck_assert_int_ne(parse_positive_double("inf", &d), 0);
	ck_assert_int_ne(parse_positive_double("1x", &d), 0);
	ck_assert_int_ne(parse_positive_double("0x10", &d), 0);
	ck_assert_int_ne(parse_positive_double("", &d), 0);
	ck_assert_int_ne(parse_positive_double("1e999", &d), 0);
}
END_TEST

START_TEST(test_cpu_lists)
{
	cpu_set_t set;

	ck_assert_int_eq(parse_cpu_list("0", &set), 0);
	ck_assert_int_eq(CPU_COUNT(&set), 1);
	ck_assert(CPU_ISSET(0, &set));
	ck_assert_int_eq(parse_cpu_list("0-1", &set), 0);
	ck_assert_int_eq(CPU_COUNT(&set), 2);
	ck_assert_int_eq(parse_cpu_list("0,2,4-5", &set), 0);
	ck_assert_int_eq(CPU_COUNT(&set), 4);
	ck_assert(CPU_ISSET(2, &set) && CPU_ISSET(5, &set) && !CPU_ISSET(3, &set));
	ck_assert_int_ne(parse_cpu_list("3-1", &set), 0);
	ck_assert_int_ne(parse_cpu_list("a", &set), 0);
	ck_assert_int_ne(parse_cpu_list("", &set), 0);
	ck_assert_int_ne(parse_cpu_list("0-", &set), 0);
	ck_assert_int_ne(parse_cpu_list("0,", &set), 0);
	ck_assert_int_ne(parse_cpu_list(",0", &set), 0);
	ck_assert_int_ne(parse_cpu_list("99999", &set), 0);
}
END_TEST

START_TEST(test_split_list)
{
	char buf[64], *items[4];

	ck_assert_int_eq(parse_split_list("a,bb,c", buf, sizeof(buf), items, 4), 3);
	ck_assert_str_eq(items[0], "a");
	ck_assert_str_eq(items[1], "bb");
	ck_assert_str_eq(items[2], "c");
	/* items are contiguous in buf: args.c re-joins clone flag lists by restoring commas */
	ck_assert_ptr_eq(items[1], items[0] + 2);
	ck_assert_int_eq(parse_split_list("a,,b", buf, sizeof(buf), items, 4), -EINVAL);
	ck_assert_int_eq(parse_split_list("a,", buf, sizeof(buf), items, 4), -EINVAL);
	ck_assert_int_eq(parse_split_list(",a", buf, sizeof(buf), items, 4), -EINVAL);
	ck_assert_int_eq(parse_split_list("", buf, sizeof(buf), items, 4), -EINVAL);
	ck_assert_int_eq(parse_split_list("a,b,c,d,e", buf, sizeof(buf), items, 4), -E2BIG);
}
END_TEST

START_TEST(test_format_size_round_trip)
{
	static const uint64_t sizes[] = { 0, 1000, 4096, 65536, 16u << 20, 3ull << 30, 1ull << 40 };
	char text[32];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t back;

		parse_format_size(sizes[i], text, sizeof(text));
		ck_assert_int_eq(parse_size_bytes(text, &back), 0);
		ck_assert_uint_eq(back, sizes[i]);
	}
	parse_format_size(65536, text, sizeof(text));
	ck_assert_str_eq(text, "64K");
	parse_format_size(1000, text, sizeof(text));
	ck_assert_str_eq(text, "1000");
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sizes_valid);
	tcase_add_test(tc, test_sizes_malformed);
	tcase_add_test(tc, test_u64);
	tcase_add_test(tc, test_positive_double);
	tcase_add_test(tc, test_cpu_lists);
	tcase_add_test(tc, test_split_list);
	tcase_add_test(tc, test_format_size_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
