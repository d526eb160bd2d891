/* bench/cow.c's adaptive stop: it stops only when the headline cow_fault_ns_per_page is as
 * precise as --precision asks, not just the COW write and first touch it is computed beside;
 * where nothing is copied (the headline about 0) it is held to the private write's scale. The
 * samples are made up, so nothing here measures time. */
#include <check.h>
#include <stdlib.h>

#include "cow.h"

#define PAGES 1024
#define N 60

/* Per-page ns of each figure, times PAGES as a sample holds them; jitter_ns per page, spread
 * over the samples in a fixed pattern (no randomness: the CI is the same every run). */
static void fill(struct cow_sample *s, size_t n, double touch, double cow, double cow_jitter,
		 double priv, double priv_jitter)
{
	for (size_t i = 0; i < n; i++) {
		double k = (double)(i % 7) / 6.0 - 0.5; /* -0.5 .. 0.5 */

		s[i] = (struct cow_sample){ 0 };
		s[i].touch.ns = (uint64_t)((touch + (double)(i % 3)) * PAGES);
		s[i].cow.ns = (uint64_t)((cow + k * cow_jitter) * PAGES);
		s[i].priv.ns = (uint64_t)((priv + (1.0 - 2.0 * k) * priv_jitter / 2.0) * PAGES);
	}
}

START_TEST(test_all_precise_stops)
{
	struct cow_sample s[N];
	double scratch[N];

	fill(s, N, 2000, 3000, 3, 10, 0.2);
	ck_assert(cow_converged(s, N, PAGES, 1.0, scratch));
}
END_TEST

/* The COW write and the first touch are tight, but the private write (subtracted from the COW
 * write to give the headline) swings by 1500 ns/page: the headline is not known to 1%, so the
 * stop must not fire. A rule on the COW write and first touch alone stops here. */
START_TEST(test_headline_imprecise_keeps_going)
{
	struct cow_sample s[N];
	double scratch[N];

	fill(s, N, 2000, 3000, 3, 800, 1500);
	ck_assert(!cow_converged(s, N, PAGES, 1.0, scratch));
	/* A precision the headline meets stops it. */
	ck_assert(cow_converged(s, N, PAGES, 60.0, scratch));
}
END_TEST

/* Nothing copied (MAP_SHARED): COW write and private write both ~9 ns/page, the headline ~0.5
 * with a spread of +-0.05 (10% of itself, 0.6% of the store): it is as precise as the store it
 * is measured against, which is what 1% can mean for a difference of about 0. A spread of +-1
 * ns/page is not. */
START_TEST(test_no_copy_headline_held_to_the_store)
{
	struct cow_sample s[N];
	double scratch[N];

	fill(s, N, 2000, 9.5, 0.05, 9.0, 0.0);
	ck_assert(cow_converged(s, N, PAGES, 1.0, scratch));
	fill(s, N, 2000, 9.5, 0.05, 9.0, 2.0);
	ck_assert(!cow_converged(s, N, PAGES, 1.0, scratch));
}
END_TEST

START_TEST(test_too_few_samples)
{
	struct cow_sample s[N];
	double scratch[N];

	fill(s, N, 2000, 3000, 0, 10, 0);
	ck_assert(!cow_converged(s, 5, PAGES, 1.0, scratch));
	ck_assert(cow_converged(s, 6, PAGES, 1.0, scratch));
}
END_TEST

int main(void)
{
	Suite *su = suite_create("cow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_all_precise_stops);
	tcase_add_test(tc, test_headline_imprecise_keeps_going);
	tcase_add_test(tc, test_no_copy_headline_held_to_the_store);
	tcase_add_test(tc, test_too_few_samples);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
