/* harness/stats.c against known vectors: type-7 quantiles (R's quantile() / NumPy's default),
 * sample stddev, Tukey outliers, the order-statistic CI of the median (checked against the
 * binomial distribution for every n up to 1 500, and for n from 1 001 to 10^6 against the exact
 * ranks), the convergence rule, and the least-squares line. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "stats.h"

static const double one_to_ten[] = { 10, 3, 7, 1, 9, 2, 8, 4, 6, 5 }; /* unsorted on purpose */

START_TEST(test_quantiles_type7)
{
	struct stats_summary s;

	ck_assert_int_eq(stats_summarize(one_to_ten, 10, &s), 0);
	/* R: quantile(1:10, c(.05,.25,.5,.75,.95,.99)) = 1.45 3.25 5.5 7.75 9.55 9.91 */
	ck_assert_double_eq_tol(s.p5, 1.45, 1e-12);
	ck_assert_double_eq_tol(s.p25, 3.25, 1e-12);
	ck_assert_double_eq_tol(s.median, 5.5, 1e-12);
	ck_assert_double_eq_tol(s.p75, 7.75, 1e-12);
	ck_assert_double_eq_tol(s.p95, 9.55, 1e-12);
	ck_assert_double_eq_tol(s.p99, 9.91, 1e-12);
	ck_assert_double_eq(s.min, 1);
	ck_assert_double_eq(s.max, 10);
	ck_assert_double_eq_tol(s.mean, 5.5, 1e-12);
	/* R: sd(1:10) = 3.0276503540974917 */
	ck_assert_double_eq_tol(s.stddev, 3.0276503540974917, 1e-12);
	ck_assert_uint_eq(s.outliers, 0);
	ck_assert_uint_eq(s.n, 10);
}
END_TEST

START_TEST(test_single_and_empty)
{
	struct stats_summary s;
	const double one = 42;

	ck_assert_int_eq(stats_summarize(&one, 0, &s), -EINVAL);
	ck_assert_int_eq(stats_summarize(&one, 1, &s), 0);
	ck_assert_double_eq(s.median, 42);
	ck_assert_double_eq(s.p5, 42);
	ck_assert_double_eq(s.stddev, 0);
	ck_assert_double_eq(s.ci95_low, 42);
	ck_assert_double_eq(s.ci95_high, 42);
}
END_TEST

START_TEST(test_outliers_flagged_not_removed)
{
	double v[20];
	struct stats_summary s;

	for (int i = 0; i < 18; i++)
		v[i] = 100 + i % 3; /* 100..102 */
	v[18] = 1000;           /* far above the upper fence */
	v[19] = 1;              /* far below the lower fence */
	ck_assert_int_eq(stats_summarize(v, 20, &s), 0);
	ck_assert_uint_eq(s.outliers, 2);
	ck_assert_uint_eq(s.n, 20);  /* kept */
	ck_assert_double_eq(s.max, 1000);
	ck_assert_double_eq(s.min, 1);
}
END_TEST

/* P(X <= k), X ~ Binomial(n, 1/2), by the recurrence C(n,k+1) = C(n,k) (n-k)/(k+1), in log
 * space: 0.5^n underflows to 0 from n = 1075, which would make every coverage check pass. */
static double binom_cdf(size_t n, size_t k)
{
	double log_term = -(double)n * M_LN2, sum = 0;

	for (size_t i = 0; i <= k; i++) {
		sum += exp(log_term);
		log_term += log((double)(n - i)) - log((double)(i + 1));
	}
	return sum;
}

START_TEST(test_median_ci_ranks_known)
{
	size_t lo, hi;

	/* n = 10: 2nd..9th order statistics, coverage 1 - 2 * 11/1024 = 97.9% */
	stats_median_ci_ranks(10, &lo, &hi);
	ck_assert_uint_eq(lo, 1);
	ck_assert_uint_eq(hi, 8);
	/* n = 6: min..max, coverage 1 - 2/64 = 96.9% */
	stats_median_ci_ranks(6, &lo, &hi);
	ck_assert_uint_eq(lo, 0);
	ck_assert_uint_eq(hi, 5);
	/* n = 20: 6th..15th (0-based 5..14), coverage 95.9% */
	stats_median_ci_ranks(20, &lo, &hi);
	ck_assert_uint_eq(lo, 5);
	ck_assert_uint_eq(hi, 14);
	/* n = 100: 40th..61st (0-based 39..60), coverage 96.5% */
	stats_median_ci_ranks(100, &lo, &hi);
	ck_assert_uint_eq(lo, 39);
	ck_assert_uint_eq(hi, 60);
	/* fewer than 6 samples: no 95% interval exists, min..max is reported */
	stats_median_ci_ranks(5, &lo, &hi);
	ck_assert_uint_eq(lo, 0);
	ck_assert_uint_eq(hi, 4);
}
END_TEST

/* The level written beside a CI (summary.csv ci_level): exact binomial values. */
START_TEST(test_median_ci_level_known)
{
	ck_assert_double_eq_tol(stats_median_ci_level(2), 0.5, 1e-12);
	ck_assert_double_eq_tol(stats_median_ci_level(3), 0.75, 1e-12);
	ck_assert_double_eq_tol(stats_median_ci_level(5), 0.9375, 1e-12);
	ck_assert_double_eq_tol(stats_median_ci_level(6), 1 - 2.0 / 64, 1e-12);
	ck_assert_double_eq_tol(stats_median_ci_level(10), 1 - 22.0 / 1024, 1e-12);
	for (size_t n = 6; n <= 1000; n++)
		ck_assert_msg(stats_median_ci_level(n) >= 0.95, "n=%zu", n);
	ck_assert_double_eq_tol(stats_median_ci_level(0), 0, 1e-12);
}
END_TEST

/* ci_level at the edges DESIGN §5 names: [min, max] below n = 6 covers 1 - 2^(1-n) (n = 1:
 * 0, the "interval" is one point and results.c writes none), exact from 6 to 1000, the
 * normal approximation's nominal 0.95 above. */
START_TEST(test_median_ci_level_edges)
{
	size_t lo, hi;

	ck_assert_double_eq_tol(stats_median_ci_level(1), 0, 1e-12);
	for (size_t n = 2; n < 6; n++) {
		stats_median_ci_ranks(n, &lo, &hi);
		ck_assert_uint_eq(lo, 0);
		ck_assert_uint_eq(hi, n - 1);
		ck_assert_double_eq_tol(stats_median_ci_level(n), 1 - 2.0 / (double)(1u << n),
					1e-12);
	}
	ck_assert_double_eq_tol(stats_median_ci_level(6), 0.96875, 1e-12);
	ck_assert_double_eq_tol(stats_median_ci_level(9), 1 - 2 * 10.0 / 512, 1e-12);
	ck_assert(stats_median_ci_level(1000) >= 0.95);
	ck_assert(stats_median_ci_level(1000) != 0.95); /* exact, not nominal */
	ck_assert_double_eq(stats_median_ci_level(1001), 0.95);
	ck_assert_double_eq(stats_median_ci_level(100000), 0.95);
}
END_TEST

START_TEST(test_median_ci_coverage_every_n)
{
	for (size_t n = 6; n <= 1500; n++) {
		size_t lo, hi;
		double coverage, narrower;

		stats_median_ci_ranks(n, &lo, &hi);
		ck_assert_uint_eq(hi, n - 1 - lo);
		/* [x_(lo), x_(n-1-lo)] covers the median unless lo or fewer samples fall on one
		 * side: coverage = 1 - 2 P(X <= lo). */
		coverage = 1 - 2 * binom_cdf(n, lo);
		ck_assert_msg(coverage >= 0.95, "n=%zu lo=%zu coverage %f", n, lo, coverage);
		/* and, where exact, it is the narrowest: one rank in would fall below 95% */
		narrower = 1 - 2 * binom_cdf(n, lo + 1);
		if (n <= 1000)
			ck_assert_msg(narrower < 0.95, "n=%zu: rank %zu would also do", n, lo + 1);
	}
}
END_TEST

START_TEST(test_median_ci_coverage_large_n)
{
	/* The normal approximation far beyond the exact range. */
	for (size_t n = 1501; n <= 200000; n += 997) {
		size_t lo, hi;
		double coverage;

		stats_median_ci_ranks(n, &lo, &hi);
		ck_assert_uint_eq(hi, n - 1 - lo);
		coverage = 1 - 2 * binom_cdf(n, lo);
		ck_assert_msg(coverage >= 0.95 && coverage < 0.97, "n=%zu lo=%zu coverage %f", n,
			      lo, coverage);
	}
}
END_TEST

/* P(X <= k), X ~ Binomial(n, 1/2), for k in the lower tail of a large n: the term at k from
 * lgamma, then the terms below it by the recurrence P(X = i-1) = P(X = i) i / (n-i+1), until
 * they no longer change the sum (a few thousand terms at n = 10^6, not k of them). */
static double binom_lower_tail(size_t n, size_t k)
{
	double nn = (double)n, kk = (double)k;
	double term = exp(lgamma(nn + 1) - lgamma(kk + 1) - lgamma(nn - kk + 1) - nn * M_LN2);
	double sum = 0;

	for (size_t i = k + 1; i-- > 0 && term > sum * 1e-17;) {
		sum += term;
		term *= (double)i / (double)(n - i + 1);
	}
	return sum;
}

/*
 * The rank rule above n = 1 000 (DESIGN §5): ranks from the normal approximation widened by one
 * rank, against the exact binomial ranks, for n drawn from 1 001 to 10^6 (log-uniform, fixed
 * seed, and both ends). The interval must cover at least 95% (2 P(X <= lo) <= 5%) and be at
 * most one rank wider than the exact one (lo + 2 would not cover 95%: the exact lo is lo or
 * lo + 1).
 */
START_TEST(test_median_ci_rank_rule_large_n)
{
	uint64_t st = 20;
	size_t wider = 0, draws = 400;

	for (size_t d = 0; d < draws + 2; d++) {
		size_t n, lo, hi;

		if (d < draws) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			n = (size_t)exp(log(1001.0) + (log(1e6) - log(1001.0)) *
							  (double)(st >> 11) / 9007199254740992.0);
		} else {
			n = d == draws ? 1001 : 1000000;
		}
		stats_median_ci_ranks(n, &lo, &hi);
		ck_assert_uint_eq(hi, n - 1 - lo);
		ck_assert_msg(2 * binom_lower_tail(n, lo) <= 0.05, "n=%zu lo=%zu covers < 95%%", n,
			      lo);
		ck_assert_msg(2 * binom_lower_tail(n, lo + 2) > 0.05,
			      "n=%zu lo=%zu: more than one rank wider than exact", n, lo);
		wider += 2 * binom_lower_tail(n, lo + 1) <= 0.05;
	}
	/* The widening is real: often one rank wider, never more. */
	ck_assert_uint_gt(wider, 0);
}
END_TEST

START_TEST(test_ci_contains_median)
{
	double v[101];
	struct stats_summary s;

	for (int i = 0; i < 101; i++)
		v[i] = (i * 37) % 101; /* a permutation of 0..100 */
	ck_assert_int_eq(stats_summarize(v, 101, &s), 0);
	ck_assert_double_eq(s.median, 50);
	ck_assert(s.ci95_low < 50 && s.ci95_high > 50);
	ck_assert_double_eq(s.ci95_high - 50, 50 - s.ci95_low); /* symmetric ranks */
}
END_TEST

START_TEST(test_converged)
{
	struct stats_summary s = { .n = 100, .median = 1000, .ci95_low = 995, .ci95_high = 1005 };

	ck_assert(stats_converged(&s, 1.0));   /* half-width 5 = 0.5% */
	ck_assert(!stats_converged(&s, 0.4));  /* needs 4 */
	s.ci95_low = 900;
	ck_assert(!stats_converged(&s, 1.0));  /* half-width 52.5 */
	s.n = 5;
	s.ci95_low = 1000;
	s.ci95_high = 1000;
	ck_assert(!stats_converged(&s, 1.0));  /* too few samples to have a CI */
}
END_TEST

START_TEST(test_linear_fit_exact)
{
	const double x[] = { 0, 16, 64, 256, 1024 };
	double y[5];
	struct stats_fit f;

	for (int i = 0; i < 5; i++)
		y[i] = 120000 + 25.5 * x[i];
	ck_assert_int_eq(stats_linear_fit(x, y, 5, &f), 0);
	ck_assert_double_eq_tol(f.slope, 25.5, 1e-9);
	ck_assert_double_eq_tol(f.intercept, 120000, 1e-6);
	ck_assert_double_eq_tol(f.r2, 1, 1e-12);
	ck_assert_double_eq_tol(f.slope_ci95_low, 25.5, 1e-6);
	ck_assert_double_eq_tol(f.slope_ci95_high, 25.5, 1e-6);
	ck_assert_uint_eq(f.n, 5);
}
END_TEST

START_TEST(test_linear_fit_noisy)
{
	/* lm(y ~ x) with x = 1..6, y = c(2.1, 3.9, 6.2, 7.8, 10.1, 12.2), by hand:
	 * Sxx = 17.5, Sxy = 35.35: slope 2.02, intercept -0.02, R^2 0.998211,
	 * slope SE 0.0427618, t(0.975, 4) = 2.776 */
	const double x[] = { 1, 2, 3, 4, 5, 6 };
	const double y[] = { 2.1, 3.9, 6.2, 7.8, 10.1, 12.2 };
	struct stats_fit f;

	ck_assert_int_eq(stats_linear_fit(x, y, 6, &f), 0);
	ck_assert_double_eq_tol(f.slope, 2.02, 1e-9);
	ck_assert_double_eq_tol(f.intercept, -0.02, 1e-9);
	ck_assert_double_eq_tol(f.r2, 0.9982107, 1e-6);
	ck_assert_double_eq_tol(f.slope_ci95_high - f.slope, 2.776 * 0.0427618, 1e-6);
	ck_assert_double_eq_tol(f.slope - f.slope_ci95_low, 2.776 * 0.0427618, 1e-6);
	/* residuals 0.10 -0.12 0.16 -0.26 0.02 0.10: the largest relative one is 0.10 / 2.1 */
	ck_assert_double_eq_tol(f.max_residual_pct, 0.1 / 2.1 * 100, 1e-6);
	ck_assert_uint_eq(f.worst_index, 0);
}
END_TEST

START_TEST(test_linear_fit_residual_skips_zero)
{
	/* slope 1.25, intercept -1/12: residuals 1/12 (y = 0: no relative residual), -1/6
	 * (16.7% of 1), 1/12 (3.3% of 2.5). */
	const double x[] = { 0, 1, 2 }, y[] = { 0, 1, 2.5 }, zeros[] = { 0, 0, 0 };
	struct stats_fit f;

	ck_assert_int_eq(stats_linear_fit(x, y, 3, &f), 0);
	ck_assert_double_eq_tol(f.max_residual_pct, 100.0 / 6, 1e-9);
	ck_assert_uint_eq(f.worst_index, 1);
	ck_assert_int_eq(stats_linear_fit(x, zeros, 3, &f), 0);
	ck_assert(isnan(f.max_residual_pct));
	ck_assert_uint_eq(f.worst_index, 3);
}
END_TEST

START_TEST(test_linear_fit_errors)
{
	const double x[] = { 3, 3, 3 }, y[] = { 1, 2, 3 };
	const double x_tenth[] = { 0.1, 0.1, 0.1 }, y_nan[] = { 1, NAN, 3 };
	struct stats_fit f;

	ck_assert_int_eq(stats_linear_fit(x, y, 2, &f), -EINVAL);
	ck_assert_int_eq(stats_linear_fit(x, y, 3, &f), -EINVAL); /* constant x */
	/* still constant, though their computed mean is not exactly 0.1 */
	ck_assert_int_eq(stats_linear_fit(x_tenth, y, 3, &f), -EINVAL);
	ck_assert_int_eq(stats_linear_fit(y, y_nan, 3, &f), -EINVAL);
}
END_TEST

START_TEST(test_linear_fit_t_beyond_table)
{
	/* Past 30 df the CI half-width over the slope's standard error must still be Student's
	 * t, not 1.96. R: qt(.975, c(40, 60, 120)) = 2.021075 2.000298 1.979930 */
	static const struct {
		size_t df;
		double t;
	} rows[] = { { 40, 2.021075 }, { 60, 2.000298 }, { 120, 1.979930 } };
	double x[122], y[122];
	struct stats_fit f;

	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		size_t n = rows[k].df + 2;
		double xm = (double)(n - 1) / 2, sxx = 0, sse = 0, se;

		/* a line plus deterministic noise in -2..2 */
		for (size_t i = 0; i < n; i++) {
			x[i] = (double)i;
			y[i] = 5 + 0.5 * (double)i + (double)((i * 7) % 5) - 2;
		}
		ck_assert_int_eq(stats_linear_fit(x, y, n, &f), 0);
		for (size_t i = 0; i < n; i++) {
			double r = y[i] - f.intercept - f.slope * x[i];

			sxx += (x[i] - xm) * (x[i] - xm);
			sse += r * r;
		}
		se = sqrt(sse / (double)(n - 2) / sxx);
		ck_assert_double_eq_tol((f.slope_ci95_high - f.slope) / se, rows[k].t, 1e-4);
		ck_assert_double_eq_tol((f.slope - f.slope_ci95_low) / se, rows[k].t, 1e-4);
	}
}
END_TEST

START_TEST(test_nan_rejected)
{
	const double v[] = { 1, 2, NAN, 4, 5, 6 };
	struct stats_summary s;

	ck_assert_int_eq(stats_summarize(v, 6, &s), -EINVAL);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_quantiles_type7);
	tcase_add_test(tc, test_median_ci_level_known);
	tcase_add_test(tc, test_median_ci_level_edges);
	tcase_add_test(tc, test_single_and_empty);
	tcase_add_test(tc, test_outliers_flagged_not_removed);
	tcase_add_test(tc, test_median_ci_ranks_known);
	tcase_add_test(tc, test_median_ci_coverage_every_n);
	tcase_add_test(tc, test_median_ci_coverage_large_n);
	tcase_add_test(tc, test_median_ci_rank_rule_large_n);
	tcase_add_test(tc, test_ci_contains_median);
	tcase_add_test(tc, test_converged);
	tcase_add_test(tc, test_linear_fit_exact);
	tcase_add_test(tc, test_linear_fit_noisy);
	tcase_add_test(tc, test_linear_fit_residual_skips_zero);
	tcase_add_test(tc, test_linear_fit_errors);
	tcase_add_test(tc, test_linear_fit_t_beyond_table);
	tcase_add_test(tc, test_nan_rejected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
