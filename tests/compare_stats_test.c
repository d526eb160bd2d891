/* Unit tests for bench/compare_stats.c against values worked out by hand, published ones
 * (Conover's example as in the scipy.stats.mannwhitneyu documentation) and brute-force
 * enumeration; and, property-style over random data with fixed seeds, that every change
 * compute_pair reports lies inside its own interval (DESIGN §8). Nothing here measures time. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_stats.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Conover's example: males {19,22,16,29,24} vs females {20,11,17,12}. Ranks of the males in
 * the pooled order 11 12 16 17 19 20 22 24 29 are 3,5,7,8,9 (sum 32), so U = 32 - 15 = 17.
 * Exact: U <= 3 in a 5x4 box is 1+1+2+3 = 7 of C(9,4) = 126 orderings; p = 2 * 7/126. The
 * normal approximation with continuity gives 0.111346886533140 (scipy's asymptotic value). */
START_TEST(test_mwu_conover_example)
{
	const double males[] = { 19, 22, 16, 29, 24 }, females[] = { 20, 11, 17, 12 };
	struct cstats_mwu r;

	ck_assert_int_eq(cstats_mann_whitney(males, 5, females, 4, &r), 0);
	ck_assert_double_eq_tol(r.u_a, 17.0, 1e-12);
	ck_assert_double_eq_tol(r.u_b, 3.0, 1e-12);
	ck_assert(r.exact);
	ck_assert(!r.ties);
	ck_assert_double_eq_tol(r.p_value, 14.0 / 126.0, 1e-12);
	/* z = (|17 - 10| - 0.5) / sqrt(5*4*10/12) */
	ck_assert_double_eq_tol(r.z, 6.5 / sqrt(200.0 / 12.0), 1e-12);
	ck_assert_double_eq_tol(2.0 * cstats_normal_sf(r.z), 0.11134688653314048, 1e-12);
}
END_TEST

/* Ties: a = {1,2,2,3}, b = {2,3,3,4,5}. Pooled mid-ranks: 1 -> 1, the three 2s -> 3, the three
 * 3s -> 6, 4 -> 8, 5 -> 9. R_a = 1+3+3+6 = 13, U_a = 13 - 10 = 3. Tie term 2 * (27 - 3) = 48:
 * var = 20/12 * (10 - 48/72) = 15.5556; z = 6.5 / sqrt(var); p = erfc(z / sqrt 2). */
START_TEST(test_mwu_ties_normal)
{
	const double a[] = { 1, 2, 2, 3 }, b[] = { 2, 3, 3, 4, 5 };
	struct cstats_mwu r;

	ck_assert_int_eq(cstats_mann_whitney(a, 4, b, 5, &r), 0);
	ck_assert(r.ties);
	ck_assert(!r.exact);
	ck_assert_double_eq_tol(r.u_a, 3.0, 1e-12);
	ck_assert_double_eq_tol(r.mean, 10.0, 1e-12);
	ck_assert_double_eq_tol(r.variance, 20.0 / 12.0 * (10.0 - 48.0 / 72.0), 1e-12);
	ck_assert_double_eq_tol(r.p_value, 0.09934224785346527, 1e-12);
}
END_TEST

START_TEST(test_mwu_small_exact)
{
	const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	const double c[] = { 1, 2, 3, 4 }, d[] = { 5, 6, 7, 8 };
	struct cstats_mwu r;

	/* Complete separation: one ordering of C(6,3) = 20 in each tail. */
	ck_assert_int_eq(cstats_mann_whitney(a, 3, b, 3, &r), 0);
	ck_assert_double_eq_tol(r.u_a, 0.0, 1e-12);
	ck_assert_double_eq_tol(r.p_value, 0.1, 1e-12);
	ck_assert_int_eq(cstats_mann_whitney(d, 4, c, 4, &r), 0);
	ck_assert_double_eq_tol(r.u_a, 16.0, 1e-12);
	ck_assert_double_eq_tol(r.p_value, 2.0 / 70.0, 1e-12);
}
END_TEST

START_TEST(test_mwu_degenerate)
{
	const double same[] = { 5, 5, 5, 5 }, nan_in[] = { 1, NAN };
	struct cstats_mwu r;

	ck_assert_int_eq(cstats_mann_whitney(same, 4, same, 3, &r), 0);
	ck_assert_double_eq_tol(r.p_value, 1.0, 1e-12);
	ck_assert_int_eq(cstats_mann_whitney(same, 0, same, 3, &r), -EINVAL);
	ck_assert_int_eq(cstats_mann_whitney(nan_in, 2, same, 3, &r), -EINVAL);
}
END_TEST

/* The DP against counting U over every one of the C(11,5) = 462 orderings of 5 A's and 6 B's. */
START_TEST(test_mwu_exact_cdf_enumeration)
{
	const size_t n1 = 5, n2 = 6, n = n1 + n2;
	unsigned counts[31] = { 0 }, total = 0;

	for (unsigned mask = 0; mask < (1u << n); mask++) {
		unsigned u = 0, bs_below = 0;

		if (__builtin_popcount(mask) != (int)n1)
			continue;
		/* bit i set = the i-th smallest value is an A; U_A counts B's below each A */
		for (size_t i = 0; i < n; i++) {
			if (mask & (1u << i))
				u += bs_below;
			else
				bs_below++;
		}
		counts[u]++;
		total++;
	}
	ck_assert_uint_eq(total, 462);
	for (unsigned u = 0, cum = 0; u <= n1 * n2; u++) {
		double p;

		cum += counts[u];
		ck_assert_int_eq(cstats_mwu_exact_cdf(n1, n2, u, &p), 0);
		ck_assert_double_eq_tol(p, (double)cum / total, 1e-12);
	}
	ck_assert_int_eq(cstats_mwu_exact_cdf(21, 3, 1, &(double){ 0 }), -EINVAL);
}
END_TEST

/* The smallest p the exact test can give is complete separation, 2 / C(n1+n2, n1): by hand for
 * the repetition counts compare meets (3 vs 3 = 2/20 = 0.100 and 3 vs 4 = 2/35 = 0.057, both
 * above alpha 0.05; 4 vs 4 = 2/70), against the DP's P(U <= 0) for every size it handles, and
 * bit-equal to the p the test itself gives at complete separation, since compare compares it
 * with alpha by the same rule it compares p. */
START_TEST(test_mwu_min_p)
{
	const double a3[] = { 1, 2, 3 }, b3[] = { 4, 5, 6 }, b4[] = { 4, 5, 6, 7 };
	struct cstats_mwu r;

	ck_assert_double_eq_tol(cstats_mwu_min_p(3, 3), 0.1, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(3, 4), 2.0 / 35.0, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(4, 3), 2.0 / 35.0, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(4, 4), 2.0 / 70.0, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(5, 5), 2.0 / 252.0, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(3, 5), 2.0 / 56.0, 1e-15);
	ck_assert(cstats_mwu_min_p(3, 3) > 0.05 && cstats_mwu_min_p(3, 4) > 0.05);
	ck_assert(cstats_mwu_min_p(4, 4) <= 0.05 && cstats_mwu_min_p(3, 5) <= 0.05);
	/* Never above 1: one value a side cannot be told apart at all (2 / C(2, 1) = 1). */
	ck_assert_double_eq(cstats_mwu_min_p(1, 1), 1.0);
	ck_assert_double_eq_tol(cstats_mwu_min_p(2, 1), 2.0 / 3.0, 1e-15);
	ck_assert_double_eq_tol(cstats_mwu_min_p(2, 2), 1.0 / 3.0, 1e-15);
	ck_assert_double_eq(cstats_mwu_min_p(0, 5), 1.0);
	ck_assert_double_eq(cstats_mwu_min_p(5, 0), 1.0);
	for (size_t n1 = 1; n1 <= 12; n1++)
		for (size_t n2 = 1; n2 <= 12; n2++) {
			double p0;

			ck_assert_int_eq(cstats_mwu_exact_cdf(n1, n2, 0.0, &p0), 0);
			ck_assert_double_eq(cstats_mwu_min_p(n1, n2), fmin(1.0, 2.0 * p0));
		}
	/* Beyond the exact range: tiny, positive or 0, never NaN. */
	ck_assert(cstats_mwu_min_p(30, 30) < 1e-15 && cstats_mwu_min_p(30, 30) >= 0.0);
	ck_assert(cstats_mwu_min_p(2000, 2000) == 0.0);
	ck_assert_int_eq(cstats_mann_whitney(a3, 3, b3, 3, &r), 0);
	ck_assert_double_eq(r.p_value, cstats_mwu_min_p(3, 3));
	ck_assert_int_eq(cstats_mann_whitney(b4, 4, a3, 3, &r), 0);
	ck_assert_double_eq(r.p_value, cstats_mwu_min_p(3, 4));
}
END_TEST

static void fill_random(double *v, size_t n, uint64_t *state, double scale, double offset,
			unsigned modulo)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t r = cstats_splitmix64(state);

		v[i] = modulo ? offset + scale * (double)(r % modulo)
			      : offset + scale * (double)(r >> 11) / 9007199254740992.0;
	}
}

START_TEST(test_mwu_large_samples)
{
	static double a[400], b[400];
	uint64_t st = 42;
	struct cstats_mwu r;

	fill_random(a, 400, &st, 100.0, 1000.0, 0);
	fill_random(b, 400, &st, 100.0, 1200.0, 0); /* shifted beyond a's whole range */
	ck_assert_int_eq(cstats_mann_whitney(a, 400, b, 400, &r), 0);
	ck_assert(!r.exact);
	ck_assert_double_eq_tol(r.u_a, 0.0, 1e-9);
	ck_assert(r.p_value < 1e-12);
	/* A sample against itself: U is exactly its mean, z = 0, p = 1. */
	ck_assert_int_eq(cstats_mann_whitney(a, 400, a, 400, &r), 0);
	ck_assert_double_eq_tol(r.p_value, 1.0, 1e-12);
}
END_TEST

/* a = {1,2,3}, b = {4,5,6}: differences 1,2,2,3,3,3,4,4,5, median 3. P(U <= 0) = 1/20 >= 0.025,
 * so k = 1 and the interval is [min, max] with coverage 1 - 2/20 = 0.9 (R: wilcox.test). */
START_TEST(test_hl_small_exact)
{
	const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	struct cstats_interval ci;

	ck_assert_int_eq(cstats_hodges_lehmann(a, 3, b, 3, 0.95, &ci), 0);
	ck_assert_double_eq_tol(ci.estimate, 3.0, 1e-12);
	ck_assert_double_eq_tol(ci.low, 1.0, 1e-12);
	ck_assert_double_eq_tol(ci.high, 5.0, 1e-12);
	ck_assert_double_eq_tol(ci.confidence, 0.9, 1e-12);
}
END_TEST

/* 10 vs 10 without ties: P(U <= 23) = 0.0216 < 0.025 <= P(U <= 24) = 0.0262 (tables of the
 * Mann-Whitney distribution), so k = 24 and coverage is 1 - 2 * P(U <= 23). */
START_TEST(test_hl_exact_rank)
{
	double a[10], b[10], p23, p24;
	struct cstats_interval ci;

	for (int i = 0; i < 10; i++) {
		a[i] = i;
		b[i] = 100 + i * 1.5;
	}
	ck_assert_int_eq(cstats_mwu_exact_cdf(10, 10, 23, &p23), 0);
	ck_assert_int_eq(cstats_mwu_exact_cdf(10, 10, 24, &p24), 0);
	ck_assert(p23 < 0.025 && p24 >= 0.025);
	ck_assert_double_eq_tol(p23, 0.0216, 5e-4);
	ck_assert_int_eq(cstats_hodges_lehmann(a, 10, b, 10, 0.95, &ci), 0);
	ck_assert_double_eq_tol(ci.confidence, 1.0 - 2.0 * p23, 1e-12);
	/* The brute-force order statistics of the 100 differences. */
	double d[100];

	for (int i = 0; i < 10; i++)
		for (int j = 0; j < 10; j++)
			d[i * 10 + j] = b[j] - a[i];
	for (int i = 1; i < 100; i++)
		for (int j = i; j > 0 && d[j - 1] > d[j]; j--) {
			double t = d[j];

			d[j] = d[j - 1];
			d[j - 1] = t;
		}
	ck_assert_double_eq_tol(ci.low, d[23], 1e-12);
	ck_assert_double_eq_tol(ci.high, d[100 - 24], 1e-12);
	ck_assert_double_eq_tol(ci.estimate, 0.5 * (d[49] + d[50]), 1e-12);
}
END_TEST

static int cmp_d(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* Every order statistic of the differences, with many ties and negative values, against
 * sorting all of them. */
START_TEST(test_kth_difference_brute_force)
{
	enum { NA = 37, NB = 23 };
	double a[NA], b[NB], d[NA * NB];
	uint64_t st = 7;

	fill_random(a, NA, &st, 0.5, -3.0, 12);
	fill_random(b, NB, &st, 0.25, -2.0, 20);
	qsort(a, NA, sizeof(double), cmp_d);
	qsort(b, NB, sizeof(double), cmp_d);
	for (int i = 0; i < NA; i++)
		for (int j = 0; j < NB; j++)
			d[i * NB + j] = b[j] - a[i];
	qsort(d, NA * NB, sizeof(double), cmp_d);
	for (uint64_t k = 1; k <= NA * NB; k++)
		ck_assert_double_eq(cstats_kth_difference(a, NA, b, NB, k), d[k - 1]);
}
END_TEST

START_TEST(test_hl_large_shift)
{
	static double a[3000], b[2000];
	uint64_t st = 99;
	struct cstats_interval ci;

	fill_random(a, 3000, &st, 50.0, 1000.0, 0);
	for (int i = 0; i < 2000; i++)
		b[i] = a[i] + 10.0; /* a pure shift of 10 */
	ck_assert_int_eq(cstats_hodges_lehmann(a, 3000, b, 2000, 0.95, &ci), 0);
	ck_assert(ci.low < ci.estimate && ci.estimate < ci.high);
	ck_assert(ci.low < 10.0 && 10.0 < ci.high);
	ck_assert(ci.high - ci.low < 5.0);
	ck_assert(fabs(ci.confidence - 0.95) < 0.01);
	ck_assert_int_eq(cstats_hodges_lehmann(a, 3000, b, 2000, 1.0, &ci), -EINVAL);
}
END_TEST

START_TEST(test_bootstrap_ratio)
{
	static double a[301], b[301];
	double same_a[50], same_b[50], zeros[5] = { 0 };
	struct cstats_interval ci, ci2, ci3;
	uint64_t st = 5;

	fill_random(a, 301, &st, 100.0, 1000.0, 0);
	for (int i = 0; i < 301; i++)
		b[i] = a[i] * 1.2;
	/* b is a scaled copy, so the ratio of the samples' medians is 1.2 exactly. */
	ck_assert_int_eq(cstats_bootstrap_ratio(a, 301, b, 301, 0.95, 1000, 1, &ci), 0);
	ck_assert_double_eq_tol(ci.estimate, 1.2, 1e-12);
	ck_assert(ci.low < 1.2 && 1.2 < ci.high);
	ck_assert(ci.low > 1.0);
	/* Fixed seed: the same interval every time; another seed: another draw. */
	ck_assert_int_eq(cstats_bootstrap_ratio(a, 301, b, 301, 0.95, 1000, 1, &ci2), 0);
	ck_assert_double_eq(ci.low, ci2.low);
	ck_assert_double_eq(ci.high, ci2.high);
	ck_assert_int_eq(cstats_bootstrap_ratio(a, 301, b, 301, 0.95, 1000, 2, &ci3), 0);
	ck_assert(ci3.low != ci.low || ci3.high != ci.high);

	for (int i = 0; i < 50; i++) {
		same_a[i] = 100.0;
		same_b[i] = 120.0;
	}
	ck_assert_int_eq(cstats_bootstrap_ratio(same_a, 50, same_b, 50, 0.95, 100, 3, &ci), 0);
	ck_assert_double_eq_tol(ci.low, 1.2, 1e-12);
	ck_assert_double_eq_tol(ci.high, 1.2, 1e-12);
	ck_assert_int_eq(cstats_bootstrap_ratio(zeros, 5, same_b, 50, 0.95, 100, 3, &ci), -EDOM);
	ck_assert_int_eq(cstats_bootstrap_ratio(same_a, 50, same_b, 50, 0.95, 5, 3, &ci), -EINVAL);
}
END_TEST

/* Reference outputs of splitmix64 from state 0 (Vigna's splitmix64.c). */
/* Groups in any order and of odd and even sizes: group 1 {5, 1, 3} -> 3, group 2 {4, 2} -> 3,
 * group 7 {9} -> 9; groups come out in ascending order whatever the input order. */
START_TEST(test_group_medians)
{
	const double v[] = { 4, 5, 9, 1, 2, 3 };
	const unsigned g[] = { 2, 1, 7, 1, 2, 1 };
	double out[ARRAY_SIZE(v)], nan_v[] = { 1, NAN };
	size_t count = 0;

	ck_assert_int_eq(cstats_group_medians(v, g, ARRAY_SIZE(v), out, &count), 0);
	ck_assert_uint_eq(count, 3);
	ck_assert_double_eq(out[0], 3.0);
	ck_assert_double_eq(out[1], 3.0);
	ck_assert_double_eq(out[2], 9.0);
	ck_assert_int_eq(cstats_group_medians(v, g, 0, out, &count), -EINVAL);
	ck_assert_int_eq(cstats_group_medians(nan_v, g, 2, out, &count), -EINVAL);
}
END_TEST

/* The repetition-level test compare uses: 5 rep medians against 5. Complete separation is one
 * ordering of C(10,5) = 252 per tail, p = 2/252 = 0.0079, the smallest p 5 vs 5 can give; and
 * the exact HL interval at 95% is [D_(3), D_(23)] (P(U <= 2) = 4/252 per tail left out). */
START_TEST(test_rep_level_five_vs_five)
{
	const double a[] = { 100, 103, 97, 110, 95 }, b[] = { 120, 125, 118, 130, 122 };
	struct cstats_interval ci;
	struct cstats_mwu r;

	ck_assert_int_eq(cstats_mann_whitney(a, 5, b, 5, &r), 0);
	ck_assert(r.exact);
	ck_assert_double_eq_tol(r.p_value, 2.0 / 252.0, 1e-12);
	ck_assert_int_eq(cstats_hodges_lehmann(a, 5, b, 5, 0.95, &ci), 0);
	ck_assert_double_eq_tol(ci.confidence, 1.0 - 2.0 * 4.0 / 252.0, 1e-12);
	ck_assert(ci.low > 0.0 && ci.low <= ci.estimate && ci.estimate <= ci.high);
}
END_TEST

START_TEST(test_splitmix64)
{
	uint64_t st = 0;

	ck_assert_uint_eq(cstats_splitmix64(&st), 0xe220a8397b1dcdafULL);
	ck_assert_uint_eq(cstats_splitmix64(&st), 0x6e789e6aa1b965f4ULL);
}
END_TEST

START_TEST(test_median_inplace)
{
	double odd[] = { 5, 1, 4, 2, 3 }, even[] = { 8, 1, 7, 2 }, dup[] = { 2, 2, 2, 1, 2, 2 };
	double one[] = { 42 };

	ck_assert_double_eq(cstats_median_inplace(odd, ARRAY_SIZE(odd)), 3.0);
	ck_assert_double_eq(cstats_median_inplace(even, ARRAY_SIZE(even)), 4.5);
	ck_assert_double_eq(cstats_median_inplace(dup, ARRAY_SIZE(dup)), 2.0);
	ck_assert_double_eq(cstats_median_inplace(one, 1), 42.0);
}
END_TEST

START_TEST(test_geomean)
{
	const double r1[] = { 2, 8 }, r2[] = { 0.5, 2 }, bad[] = { 1, 0 };
	double g;

	ck_assert_int_eq(cstats_geomean(r1, 2, &g), 0);
	ck_assert_double_eq_tol(g, 4.0, 1e-12);
	ck_assert_int_eq(cstats_geomean(r2, 2, &g), 0);
	ck_assert_double_eq_tol(g, 1.0, 1e-12);
	ck_assert_int_eq(cstats_geomean(bad, 2, &g), -EDOM);
	ck_assert_int_eq(cstats_geomean(r1, 0, &g), -EINVAL);
}
END_TEST

START_TEST(test_bootstrap_geomean)
{
	const double r[] = { 1.1, 1.2, 1.3, 1.25, 1.15 }, same[] = { 2, 2, 2 }, bad[] = { 1, -1, 1 };
	struct cstats_interval ci, ci2;
	double g;

	ck_assert_int_eq(cstats_geomean(r, 5, &g), 0);
	ck_assert_int_eq(cstats_bootstrap_geomean(r, 5, 0.95, 1000, 1, &ci), 0);
	ck_assert_double_eq_tol(ci.estimate, g, 1e-12);
	ck_assert(ci.low <= ci.estimate && ci.estimate <= ci.high);
	/* A mean of resampled ratios never leaves their range. */
	ck_assert(ci.low >= 1.1 - 1e-12 && ci.high <= 1.3 + 1e-12);
	ck_assert(ci.low < ci.high);
	ck_assert_double_eq(ci.confidence, 0.95);
	ck_assert_int_eq(cstats_bootstrap_geomean(r, 5, 0.95, 1000, 1, &ci2), 0);
	ck_assert_double_eq(ci.low, ci2.low);
	ck_assert_double_eq(ci.high, ci2.high);
	ck_assert_int_eq(cstats_bootstrap_geomean(same, 3, 0.95, 100, 1, &ci), 0);
	ck_assert_double_eq_tol(ci.low, 2.0, 1e-12);
	ck_assert_double_eq_tol(ci.high, 2.0, 1e-12);
	ck_assert_int_eq(cstats_bootstrap_geomean(bad, 3, 0.95, 100, 1, &ci), -EDOM);
	ck_assert_int_eq(cstats_bootstrap_geomean(r, 0, 0.95, 100, 1, &ci), -EINVAL);
	ck_assert_int_eq(cstats_bootstrap_geomean(r, 5, 0.95, 5, 1, &ci), -EINVAL);
}
END_TEST

/* The kinds of data the property test draws: benchmark samples are skewed, tied at the clock's
 * resolution, sometimes bimodal (two placements), and come in any size. */
enum shape { SHAPE_LOGNORMAL, SHAPE_TIED, SHAPE_BIMODAL, SHAPE_COUNT };

static double uniform01(uint64_t *st)
{
	return (double)(cstats_splitmix64(st) >> 11) / 9007199254740992.0;
}

static double draw(enum shape shape, double centre, uint64_t *st)
{
	/* Sum of 4 uniforms: close enough to a normal for a log-normal-ish skew. */
	double z = uniform01(st) + uniform01(st) + uniform01(st) + uniform01(st) - 2.0;

	switch (shape) {
	case SHAPE_TIED: /* 5 distinct values around the centre */
		return centre * (1.0 + 0.05 * (double)(cstats_splitmix64(st) % 5));
	case SHAPE_BIMODAL:
		return centre * (uniform01(st) < 0.5 ? 1.0 : 1.6) * exp(0.02 * z);
	default:
		return centre * exp(0.2 * z);
	}
}

/* A summary row with n samples in `reps` repetitions (each repetition shifted by its own
 * factor, as between processes). */
static void fill_row(struct run_reader_row *r, double *samples, unsigned *rep_of, size_t n,
		     unsigned reps, enum shape shape, double centre, uint64_t *st)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		rep_of[i] = (unsigned)(i % reps) + 1;
		samples[i] = draw(shape, centre * (1.0 + 0.03 * rep_of[i]), st);
	}
	r->unit = (char *)"ns";
	r->metric = (char *)"call_ns";
	r->n = r->sample_count = n;
	r->samples = samples;
	r->sample_reps = rep_of;
	r->reps = reps;
	r->median = centre;
	r->ci95_low = centre * 0.99;
	r->ci95_high = centre * 1.01;
	r->ci_level = NAN;
}

/*
 * Property (issue: the estimate inside its interval): over random sizes, repetitions, shapes and
 * shifts, for every way the CI can be chosen (--ci auto, hl, bootstrap; alpha 0.05 and 0.1),
 * compute_pair's change_pct lies in [ci_low_pct, ci_high_pct], ends included, and the
 * estimator is the interval's own. Fixed seeds: a failure names the seed that reproduces it.
 */
START_TEST(test_estimate_inside_interval_random)
{
	static double sa[120], sb[120];
	static unsigned ra[120], rb[120];
	const enum compare_ci kinds[] = { CI_AUTO, CI_HL, CI_BOOTSTRAP };
	const double alphas[] = { 0.05, 0.1 };
	size_t checked = 0, by_estimator[3] = { 0 };

	for (uint64_t seed = 1; seed <= 300; seed++) {
		uint64_t st = seed;
		size_t na = 1 + cstats_splitmix64(&st) % 120, nb = 1 + cstats_splitmix64(&st) % 120;
		unsigned reps_a = 1 + (unsigned)(cstats_splitmix64(&st) % 6);
		unsigned reps_b = 1 + (unsigned)(cstats_splitmix64(&st) % 6);
		enum shape shape = (enum shape)(cstats_splitmix64(&st) % SHAPE_COUNT);
		double shift = 0.8 + 0.5 * uniform01(&st);
		struct run_reader_row a, b;

		if (na < reps_a)
			reps_a = (unsigned)na;
		if (nb < reps_b)
			reps_b = (unsigned)nb;
		fill_row(&a, sa, ra, na, reps_a, shape, 50000.0, &st);
		fill_row(&b, sb, rb, nb, reps_b, shape, 50000.0 * shift, &st);
		for (size_t k = 0; k < 3; k++) {
			for (size_t al = 0; al < 2; al++) {
				struct compare_opts o = { .alpha = alphas[al], .threshold_pct = -1.0,
							  .ci = kinds[k], .seed = seed,
							  .fail_on_pct = -1.0 };
				struct pair p = { .a = &a, .b = &b };

				ck_assert_int_eq(compute_pair(&p, &o), 0);
				if (isnan(p.ci_low_pct))
					continue;
				ck_assert_msg(p.ci_low_pct <= p.change_pct &&
						      p.change_pct <= p.ci_high_pct,
					      "seed %llu ci %zu alpha %g: %g outside [%g, %g] (%s)",
					      (unsigned long long)seed, k, alphas[al], p.change_pct,
					      p.ci_low_pct, p.ci_high_pct,
					      change_estimator_names[p.estimator]);
				ck_assert_int_eq(p.estimator == EST_HODGES_LEHMANN,
						 p.ci_method == CIM_HODGES_LEHMANN);
				ck_assert_int_eq(p.estimator == EST_RATIO_OF_MEDIANS,
						 p.ci_method == CIM_BOOTSTRAP);
				by_estimator[p.estimator]++;
				checked++;
			}
		}
	}
	/* Both pairs were exercised, on many draws. */
	ck_assert_uint_gt(by_estimator[EST_HODGES_LEHMANN], 300);
	ck_assert_uint_gt(by_estimator[EST_RATIO_OF_MEDIANS], 300);
	ck_assert_uint_gt(checked, 1500);
}
END_TEST

/* The bootstraps alone on small, tied and bimodal samples, where a percentile interval of
 * resampled medians is most lumpy: the estimate is always inside. */
START_TEST(test_bootstrap_estimate_inside_random)
{
	double a[12], b[12];

	for (uint64_t seed = 1; seed <= 2000; seed++) {
		uint64_t st = seed * 7919;
		size_t na = 1 + cstats_splitmix64(&st) % 12, nb = 1 + cstats_splitmix64(&st) % 12;
		enum shape shape = (enum shape)(cstats_splitmix64(&st) % SHAPE_COUNT);
		struct cstats_interval ci;

		for (size_t i = 0; i < na; i++)
			a[i] = draw(shape, 100.0, &st);
		for (size_t i = 0; i < nb; i++)
			b[i] = draw(shape, 110.0, &st);
		ck_assert_int_eq(cstats_bootstrap_ratio(a, na, b, nb, 0.95, 200, seed, &ci), 0);
		ck_assert_msg(ci.low <= ci.estimate && ci.estimate <= ci.high,
			      "seed %llu: ratio %g outside [%g, %g]", (unsigned long long)seed,
			      ci.estimate, ci.low, ci.high);
		ck_assert_int_eq(cstats_bootstrap_geomean(b, nb, 0.95, 200, seed, &ci), 0);
		ck_assert(ci.low <= ci.estimate && ci.estimate <= ci.high);
		ck_assert_int_eq(cstats_hodges_lehmann(a, na, b, nb, 0.95, &ci), 0);
		ck_assert_msg(ci.low <= ci.estimate && ci.estimate <= ci.high,
			      "seed %llu: HL %g outside [%g, %g]", (unsigned long long)seed,
			      ci.estimate, ci.low, ci.high);
	}
}
END_TEST

/* 3 vs 3 repetition medians whose ratio of medians is not the Hodges-Lehmann estimate: the
 * reported change is the HL estimate, the quantity its interval is built around. */
START_TEST(test_hl_estimate_not_ratio_of_medians)
{
	static double sa[3], sb[3];
	static unsigned ra[3] = { 1, 2, 3 }, rb[3] = { 1, 2, 3 };
	struct run_reader_row a = { 0 }, b = { 0 };
	struct compare_opts o = { .alpha = 0.1, .threshold_pct = -1.0, .ci = CI_AUTO,
				  .seed = 1, .fail_on_pct = -1.0 };
	struct pair p = { .a = &a, .b = &b };
	const double va[3] = { 100, 101, 130 }, vb[3] = { 90, 92.5, 93 };

	memcpy(sa, va, sizeof(sa));
	memcpy(sb, vb, sizeof(sb));
	for (int side = 0; side < 2; side++) {
		struct run_reader_row *r = side ? &b : &a;

		r->unit = (char *)"ns";
		r->metric = (char *)"call_ns";
		r->n = r->sample_count = 3;
		r->samples = side ? sb : sa;
		r->sample_reps = side ? rb : ra;
		r->reps = 3;
		r->ci_level = NAN;
	}
	ck_assert_int_eq(compute_pair(&p, &o), 0);
	ck_assert_int_eq(p.unit, UNIT_REPS);
	ck_assert_int_eq(p.estimator, EST_HODGES_LEHMANN);
	/* Ratio of medians 92.5/101 - 1 = -8.42%; the 9 ratios b_j/a_i sorted are .692 .712
	 * .715 .891 .900 .916 .921 .925 .930, so the HL estimate (their median) is 90/100: -10%,
	 * and the 90% interval is [min, max] = [90/130, 93/100]. */
	ck_assert_double_eq_tol(p.change_pct, -10.0, 1e-9);
	ck_assert_double_eq_tol(p.ci_low_pct, (90.0 / 130.0 - 1.0) * 100.0, 1e-9);
	ck_assert_double_eq_tol(p.ci_high_pct, -7.0, 1e-9);
	ck_assert(p.ci_low_pct <= p.change_pct && p.change_pct <= p.ci_high_pct);
	ck_assert_double_eq_tol(p.ci_level, 0.9, 1e-12);
}
END_TEST

/* Newcombe (1998), "Interval estimation for the difference between independent proportions",
 * Stat Med 17:873, example (a): 56/70 against 48/80, difference 0.2, method 10 (hybrid score,
 * from Wilson intervals) 0.0524 to 0.3339. The z test by hand: pooled p = 104/150,
 * se = sqrt(p (1 - p) (1/80 + 1/70)) = 0.075467, z = 2.65017, two-sided p = 0.0080451. */
START_TEST(test_two_proportions_newcombe)
{
	struct cstats_proportions pr;

	ck_assert_int_eq(cstats_two_proportions(48, 80, 56, 70, 0.95, &pr), 0);
	ck_assert_double_eq_tol(pr.pa, 0.6, 1e-12);
	ck_assert_double_eq_tol(pr.pb, 0.8, 1e-12);
	ck_assert_double_eq_tol(pr.diff, 0.2, 1e-12);
	ck_assert_double_eq_tol(pr.low, 0.0524, 5e-5);
	ck_assert_double_eq_tol(pr.high, 0.3339, 5e-5);
	ck_assert_double_eq_tol(pr.z, 2.6501719512585336, 1e-9);
	ck_assert_double_eq_tol(pr.p_value, 0.008045081368196568, 1e-9);
	ck_assert_double_eq(pr.confidence, 0.95);
	/* 10 of 100 against 30 of 100: z = 0.2 / sqrt(0.2 * 0.8 * 0.02) = 3.5355, p = erfc(2.5);
	 * Wilson 0.05523..0.17437 and 0.21895..0.39585 give 0.09000..0.30579. */
	ck_assert_int_eq(cstats_two_proportions(10, 100, 30, 100, 0.95, &pr), 0);
	ck_assert_double_eq_tol(pr.p_value, 0.0004069520174449589, 1e-12);
	ck_assert_double_eq_tol(pr.pa_low, 0.0552291370606751, 1e-9);
	ck_assert_double_eq_tol(pr.pb_high, 0.3958485463334666, 1e-9);
	ck_assert_double_eq_tol(pr.low, 0.09000209070489984, 1e-9);
	ck_assert_double_eq_tol(pr.high, 0.3057892905854393, 1e-9);
	/* All one way in both runs: nothing to tell apart, p = 1, and the interval still holds
	 * the difference 0. */
	ck_assert_int_eq(cstats_two_proportions(0, 50, 0, 80, 0.95, &pr), 0);
	ck_assert_double_eq(pr.p_value, 1.0);
	ck_assert(pr.low <= 0.0 && pr.high >= 0.0 && pr.high < 0.08);
	ck_assert_int_eq(cstats_two_proportions(1, 0, 0, 5, 0.95, &pr), -EINVAL);
	ck_assert_int_eq(cstats_two_proportions(6, 5, 0, 5, 0.95, &pr), -EINVAL);
}
END_TEST

static Suite *compare_stats_suite(void)
{
	Suite *s = suite_create("compare_stats");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_mwu_conover_example);
	tcase_add_test(tc, test_two_proportions_newcombe);
	tcase_add_test(tc, test_mwu_ties_normal);
	tcase_add_test(tc, test_mwu_small_exact);
	tcase_add_test(tc, test_mwu_degenerate);
	tcase_add_test(tc, test_mwu_exact_cdf_enumeration);
	tcase_add_test(tc, test_mwu_min_p);
	tcase_add_test(tc, test_mwu_large_samples);
	tcase_add_test(tc, test_hl_small_exact);
	tcase_add_test(tc, test_hl_exact_rank);
	tcase_add_test(tc, test_kth_difference_brute_force);
	tcase_add_test(tc, test_hl_large_shift);
	tcase_add_test(tc, test_bootstrap_ratio);
	tcase_add_test(tc, test_group_medians);
	tcase_add_test(tc, test_rep_level_five_vs_five);
	tcase_add_test(tc, test_splitmix64);
	tcase_add_test(tc, test_median_inplace);
	tcase_add_test(tc, test_geomean);
	tcase_add_test(tc, test_bootstrap_geomean);
	tcase_add_test(tc, test_estimate_inside_interval_random);
	tcase_add_test(tc, test_bootstrap_estimate_inside_random);
	tcase_add_test(tc, test_hl_estimate_not_ratio_of_medians);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compare_stats_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
