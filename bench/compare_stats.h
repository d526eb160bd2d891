/* Two-sample statistics for `forkbench compare` (DESIGN §8): the Mann-Whitney U test (exact
 * small-sample distribution and the tie-corrected normal approximation), the Hodges-Lehmann
 * shift with its distribution-free CI, a fixed-seed percentile bootstrap CI of the ratio of
 * medians, and the geometric mean of ratios. Pure computation: no I/O, nothing kept between
 * calls. One-sample summaries (median CI, quantiles) live in stats.h. */
#ifndef FB_COMPARE_STATS_H
#define FB_COMPARE_STATS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The exact distribution is used when there are no ties and both samples have at most this
 * many values; otherwise the normal approximation (with tie and continuity corrections). */
#define CSTATS_EXACT_MAX_N 20

struct cstats_mwu {
	double u_a;        /* pairs (a_i, b_j) with a_i > b_j, ties counting 1/2 */
	double u_b;        /* n_a * n_b - u_a */
	double mean;       /* n_a * n_b / 2 */
	double variance;   /* of U under H0, tie-corrected (the normal approximation's) */
	double z;          /* (|u_a - mean| - 1/2) / sd, 0 when sd is 0 */
	double p_value;    /* two-sided */
	bool exact;        /* p from the exact distribution, not the normal approximation */
	bool ties;         /* some value occurs in both or twice in one sample */
};

/* Two-sided Mann-Whitney U test of a[0..na) against b[0..nb). NaNs are -EINVAL; na or nb
 * of 0 is -EINVAL; -ENOMEM. When every value is equal, p is 1. */
int cstats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			struct cstats_mwu *out);

/* P(U <= u) under H0 for sample sizes n1, n2 without ties, by dynamic programming over the
 * number of arrangements with each U (u is rounded down). -EINVAL when n1 or n2 is 0 or above
 * CSTATS_EXACT_MAX_N, -ENOMEM. */
int cstats_mwu_exact_cdf(size_t n1, size_t n2, double u, double *out_p);

/* The smallest two-sided p-value the exact test can give at n1 vs n2: complete separation,
 * 2 / C(n1 + n2, n1), at most 1 (1 when n1 or n2 is 0). A test whose smallest p is above alpha
 * can never flag anything: 0.100 at 3 vs 3, 0.057 at 3 vs 4, 0.029 at 4 vs 4. Computed as
 * cstats_mann_whitney computes p, so that p == this value compares equal. */
double cstats_mwu_min_p(size_t n1, size_t n2);

/* Two proportions, xa of na against xb of nb (DESIGN §8: cross_cpu_share): the difference
 * pb - pa with Newcombe's hybrid score interval (from the two Wilson intervals) at confidence
 * (nominal), and the two-sided two-proportion z test with the pooled proportion (p = 1 when
 * both runs are all one way). -EINVAL for na or nb of 0, x > n, or confidence out of (0, 1). */
struct cstats_proportions {
	double pa, pb, pa_low, pa_high, pb_low, pb_high; /* each with its Wilson interval */
	double diff, low, high, confidence;
	double z, p_value;
};
int cstats_two_proportions(size_t xa, size_t na, size_t xb, size_t nb, double confidence,
			   struct cstats_proportions *out);

/* Standard normal upper tail, P(Z > z). */
double cstats_normal_sf(double z);

struct cstats_interval {
	double estimate, low, high;
	double confidence; /* achieved coverage: exact case >= the requested one */
};

/* Hodges-Lehmann shift of b relative to a: the median of all b_j - a_i, with the
 * distribution-free CI [D_(k), D_(na*nb+1-k)] of the ordered differences, k taken from the
 * exact U distribution (no ties, small samples) or its normal approximation. The differences
 * are never materialised (the k-th one is found by bisection), so large samples are fine.
 * k <= na*nb/2, so low <= estimate <= high always (equal where differences tie).
 * confidence in (0, 1). -EINVAL for empty input, NaN or confidence out of range; -ENOMEM. */
int cstats_hodges_lehmann(const double *a, size_t na, const double *b, size_t nb,
			  double confidence, struct cstats_interval *out);

/* The k-th smallest (1-based) of the na*nb differences b_j - a_i, given both samples sorted
 * ascending. Exposed for tests. */
double cstats_kth_difference(const double *a_sorted, size_t na, const double *b_sorted, size_t nb,
			     uint64_t k);

/* Percentile bootstrap CI of median(b) / median(a): `resamples` pairs of resamples drawn with
 * replacement by splitmix64 from `seed` (the same seed gives the same interval), the interval
 * between the type 7 quantiles (R's default, numpy's linear) at (1 - confidence)/2 and
 * (1 + confidence)/2 of the resampled ratios. estimate is the ratio of the samples' own
 * medians, and the interval always holds it (low <= estimate <= high: widened to it where the
 * quantiles miss it). -EDOM when median(a) is 0 or a resample's median of
 * a is 0 (the ratio is undefined); -EINVAL for empty input, NaN, resamples < 10 or confidence
 * out of (0, 1); -ENOMEM. */
int cstats_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb,
			   double confidence, unsigned resamples, uint64_t seed,
			   struct cstats_interval *out);

/* Geometric mean of ratios[0..n) with a percentile bootstrap CI over them: each resample
 * draws n of the ratios with replacement (splitmix64 from seed), the interval is between the
 * type 7 quantiles of the resampled geometric means, widened to hold the estimate. It says how
 * much the mean change depends on which configurations were measured, not how noisy each one
 * is. -EINVAL for n == 0, resamples < 10 or confidence out of (0, 1); -EDOM for a ratio <= 0 or
 * non-finite; -ENOMEM. */
int cstats_bootstrap_geomean(const double *ratios, size_t n, double confidence,
			     unsigned resamples, uint64_t seed, struct cstats_interval *out);

/* Median of values[0..n) (average of the two middle ones for even n); reorders values.
 * n > 0. */
double cstats_median_inplace(double *values, size_t n);

/* Per-group medians: values[i] belongs to group groups[i]; out[0..*out_count) receives one
 * median per distinct group, in ascending group order (out needs room for n values). This is
 * how samples become repetition medians, the unit that varies between processes. -EINVAL for
 * n == 0 or a NaN, -ENOMEM. */
int cstats_group_medians(const double *values, const unsigned *groups, size_t n, double *out,
			 size_t *out_count);

/* splitmix64 (Vigna): advances *state and returns the next 64-bit output. */
uint64_t cstats_splitmix64(uint64_t *state);

/* exp(mean(log ratio)) of ratios[0..n). -EINVAL for n == 0, -EDOM for a ratio <= 0 or
 * non-finite. */
int cstats_geomean(const double *ratios, size_t n, double *out);

#endif
