/* Distribution statistics of one configuration's samples (DESIGN §5).
 * Pure functions over arrays of doubles: no I/O, no allocation visible to the caller
 * except where a function says so. Quantiles use linear interpolation between order
 * statistics (Hyndman & Fan type 7, the R/NumPy default). */
#ifndef FB_STATS_H
#define FB_STATS_H
#include <stdbool.h>
#include <stddef.h>

struct stats_summary {
	size_t n;
	double min, p5, p25, median, p75, p95, p99, max;
	double mean, stddev; /* stddev: sample standard deviation (n-1); 0 when n < 2 */
	double ci95_low, ci95_high; /* distribution-free 95% CI of the median */
	size_t outliers; /* samples outside the Tukey fences (1.5 IQR); flagged, never removed */
};

/* Sorts a copy of values[0..n) and fills *out. Returns 0, -EINVAL for n == 0 or a NaN in
 * values, -ENOMEM. */
int stats_summarize(const double *values, size_t n, struct stats_summary *out);

/* Quantile q in [0,1] of sorted[0..n), type 7. n > 0. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/* Order-statistic ranks (0-based indices into the sorted array) bounding the median with at
 * least 95% confidence: the binomial(n, 1/2) interval [lo, hi] with
 * P(lo <= rank of median <= hi) >= 0.95. Exact binomial for small n, the normal approximation
 * for large n. For n < 6 no such interval exists: returns lo = 0, hi = n - 1 (min..max). */
void stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi);

/* The confidence with which stats_median_ci_ranks(n) covers the median: 1 - 2 P(X <= lo),
 * X ~ Binomial(n, 1/2). Below 0.95 only for n < 6 (1 - 2^(1-n): 0.75 at 3, 0.9375 at 5; 0 at
 * 1, where there is no interval); the nominal 0.95 of the normal approximation above n = 1000. */
double stats_median_ci_level(size_t n);

/* True when the 95% CI of the median lies within precision_pct percent of the median:
 * (ci95_high - ci95_low) / 2 <= median * precision_pct / 100. */
bool stats_converged(const struct stats_summary *s, double precision_pct);

/* Ordinary least squares y = intercept + slope * x, with the 95% CI of the slope
 * (Student t, n-2 degrees of freedom) and R^2 (1 for constant y). max_residual_pct is the
 * largest |y - fitted| / |y| over the points, in percent, and worst_index the first point that
 * has it (points with y = 0 are left out; none left: NAN and n). Returns -EINVAL for n < 3,
 * constant x, or a non-finite x or y. */
struct stats_fit {
	double slope, intercept, slope_ci95_low, slope_ci95_high, r2;
	double max_residual_pct;
	size_t n, worst_index;
};
int stats_linear_fit(const double *x, const double *y, size_t n, struct stats_fit *out);

#endif
