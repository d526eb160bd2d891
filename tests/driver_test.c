/* bench/driver.c's sample loop and its one stop rule (DESIGN §5): tests at min_samples, then at
 * n + max(n/8, 1); warm-up rounds keep nothing and are capped; -n runs to the end; the last
 * round of a bench ends the loop. A fake loop whose samples "converge" at a known n stands in
 * for a bench, so nothing here creates a process or measures time. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "driver.h"

struct fake {
	size_t converge_at; /* converged from this many samples on */
	size_t warmups, rounds, tests, last_round;
};

static int fake_round(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct fake *f = arg;

	(void)end_ns;
	if (!keep) {
		f->warmups++;
		return 0;
	}
	(*n)++;
	f->rounds++;
	return f->last_round && f->rounds == f->last_round ? DRIVER_LAST : 0;
}

static bool fake_converged(void *arg, size_t n, double precision_pct)
{
	struct fake *f = arg;

	(void)precision_pct;
	f->tests++;
	return n >= f->converge_at;
}

static const struct bench_loop fake_loop = {
	.name = "fake",
	.round = fake_round,
	.converged = fake_converged,
	.min_samples = 10,
	.sample_cap = 100000,
	.warmup_max = 3,
};

static struct bench_args args(uint64_t samples, uint64_t warmup)
{
	return (struct bench_args){ .samples = samples, .warmup = warmup, .precision_pct = 1,
				    .max_time_s = 3600 };
}

START_TEST(test_next_check_grows_by_an_eighth)
{
	ck_assert_uint_eq(driver_next_check(1), 2);
	ck_assert_uint_eq(driver_next_check(10), 11);
	ck_assert_uint_eq(driver_next_check(15), 16);
	ck_assert_uint_eq(driver_next_check(16), 18);
	ck_assert_uint_eq(driver_next_check(800), 900);
}
END_TEST

/* Tests at 10..16, 18, 20, 22, 24, 27, 30, 33, 37, 41, 46, 51, 57, 64, 72, 81, 91, 102: the
 * first test at or past 100 stops the loop there. */
START_TEST(test_stops_at_the_first_test_past_convergence)
{
	struct fake f = { .converge_at = 100 };
	struct bench_args a = args(0, 0);
	bool converged;
	size_t n;

	ck_assert_int_eq(driver_run(&fake_loop, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(n, 102);
	ck_assert(converged);
	ck_assert_uint_eq(f.tests, 25); /* 24 during the loop, one for the record */
}
END_TEST

START_TEST(test_fixed_count_runs_to_the_end)
{
	struct fake f = { .converge_at = 5 };
	struct bench_args a = args(40, 0);
	bool converged;
	size_t n;

	ck_assert_int_eq(driver_run(&fake_loop, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(n, 40);
	ck_assert(converged);
	ck_assert_uint_eq(f.tests, 1); /* only the record's */
}
END_TEST

START_TEST(test_too_few_never_converged)
{
	struct fake f = { .converge_at = 1 };
	struct bench_args a = args(9, 0);
	bool converged;
	size_t n;

	ck_assert_int_eq(driver_run(&fake_loop, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(n, 9);
	ck_assert(!converged);
	ck_assert_uint_eq(f.tests, 0);
}
END_TEST

START_TEST(test_warmup_capped_and_not_kept)
{
	struct fake f = { .converge_at = 10 };
	struct bench_args a = args(0, 50);
	bool converged;
	size_t n;

	ck_assert_int_eq(driver_run(&fake_loop, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(f.warmups, 3);
	ck_assert_uint_eq(n, 10);
	ck_assert(converged);
}
END_TEST

START_TEST(test_cap_and_last_round)
{
	struct fake f = { .converge_at = SIZE_MAX, .last_round = 7 };
	struct bench_loop capped = fake_loop;
	struct bench_args a = args(0, 0);
	bool converged;
	size_t n;

	ck_assert_int_eq(driver_run(&fake_loop, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert(!converged);
	f = (struct fake){ .converge_at = SIZE_MAX };
	capped.sample_cap = 500;
	ck_assert_int_eq(driver_run(&capped, &a, &f, &n, &converged), 0);
	ck_assert_uint_eq(n, 500);
	ck_assert(!converged);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("driver");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_next_check_grows_by_an_eighth);
	tcase_add_test(tc, test_stops_at_the_first_test_past_convergence);
	tcase_add_test(tc, test_fixed_count_runs_to_the_end);
	tcase_add_test(tc, test_too_few_never_converged);
	tcase_add_test(tc, test_warmup_capped_and_not_kept);
	tcase_add_test(tc, test_cap_and_last_round);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
