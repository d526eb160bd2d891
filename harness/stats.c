/* Distribution statistics for one metric's samples: type-7 quantiles, mean and sample stddev,
 * Tukey outliers (counted, never removed), the distribution-free 95% CI of the median from
 * order statistics, the convergence rule of the adaptive stop, and a least-squares line.
 * It runs inside the benchmarking worker, which must not load libm (each shared library is
 * more mappings for every fork to copy): plain arithmetic and sqrt, which -fno-math-errno turns
 * into one instruction. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)h; /* h >= 0: truncation is floor */

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* The interval [x_(lo), x_(hi)] (0-based ranks) covers the median with probability
 * 1 - 2 P(X <= lo) for X ~ Binomial(n, 1/2), since hi = n - 1 - lo by symmetry. The largest lo
 * with 2 P(X <= lo) <= 0.05 gives the narrowest interval with >= 95% coverage. Exact up to
 * n = 1000; above it the normal approximation n/2 -+ 0.98 sqrt(n), widened by one rank. */
void stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi)
{
	size_t k;

	if (n < 6) {
		*lo = 0;
		*hi = n ? n - 1 : 0;
		return;
	}
	if (n <= 1000) {
		/* P(X = 0) = 2^-n (no underflow up to n = 1022), then the binomial recurrence
		 * P(X = k+1) = P(X = k) (n-k) / (k+1): plain arithmetic, no libm (see below). */
		double term = 1, cdf = 0;

		for (size_t i = 0; i < n; i++)
			term *= 0.5;
		/* cdf(k) accumulated term by term; lo = the last k whose two tails stay <= 5%. */
		for (k = 0; k < n / 2; k++) {
			cdf += term;
			if (2 * cdf > 0.05)
				break;
			term = term * (double)(n - k) / (double)(k + 1);
		}
		/* k is the first rank whose tails exceed 5%; the interval starts one rank below. */
		*lo = k ? k - 1 : 0;
	} else {
		/* One rank wider than the approximation, so coverage stays >= 95%. */
		*lo = (size_t)((double)n / 2 - 0.98 * sqrt((double)n)) - 1;
	}
	*hi = n - 1 - *lo;
}

double stats_median_ci_level(size_t n)
{
	double term = 1, cdf = 0;
	size_t lo, hi;

	if (n == 0)
		return 0;
	if (n > 1000)
		return 0.95;
	stats_median_ci_ranks(n, &lo, &hi);
	for (size_t i = 0; i < n; i++)
		term *= 0.5;
	for (size_t k = 0; k <= lo; k++) {
		cdf += term;
		term = term * (double)(n - k) / (double)(k + 1);
	}
	return 1 - 2 * cdf;
}

int stats_summarize(const double *values, size_t n, struct stats_summary *out)
{
	double *sorted, sum = 0, sq = 0, iqr, fence_lo, fence_hi;
	size_t lo, hi;

	if (n == 0)
		return -EINVAL;
	/* NaN has no place in an order: qsort would leave it anywhere and every rank below
	 * would be silently wrong. */
	for (size_t i = 0; i < n; i++)
		if (isnan(values[i]))
			return -EINVAL;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, values, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);

	memset(out, 0, sizeof(*out));
	out->n = n;
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->p5 = stats_quantile_sorted(sorted, n, 0.05);
	out->p25 = stats_quantile_sorted(sorted, n, 0.25);
	out->median = stats_quantile_sorted(sorted, n, 0.50);
	out->p75 = stats_quantile_sorted(sorted, n, 0.75);
	out->p95 = stats_quantile_sorted(sorted, n, 0.95);
	out->p99 = stats_quantile_sorted(sorted, n, 0.99);
	for (size_t i = 0; i < n; i++)
		sum += sorted[i];
	out->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (sorted[i] - out->mean) * (sorted[i] - out->mean);
	out->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;

	stats_median_ci_ranks(n, &lo, &hi);
	out->ci95_low = sorted[lo];
	out->ci95_high = sorted[hi];

	iqr = out->p75 - out->p25;
	fence_lo = out->p25 - 1.5 * iqr;
	fence_hi = out->p75 + 1.5 * iqr;
	for (size_t i = 0; i < n; i++)
		out->outliers += sorted[i] < fence_lo || sorted[i] > fence_hi;
	free(sorted);
	return 0;
}

bool stats_converged(const struct stats_summary *s, double precision_pct)
{
	return s->n >= 6 &&
	       (s->ci95_high - s->ci95_low) / 2 <= fabs(s->median) * precision_pct / 100;
}

/* Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond, the
 * Cornish-Fisher expansion around z = 1.959964 (Abramowitz & Stegun 26.7.5), within 1e-5 of
 * the exact value there. A flat 1.96 would make the CI too narrow (t(40) = 2.021). */
static double t_975(size_t df)
{
	static const double table[] = {
		12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};
	const double z = 1.959963984540054, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
	double v = (double)df;

	if (df >= 1 && df <= 30)
		return table[df - 1];
	return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
	       (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

int stats_linear_fit(const double *x, const double *y, size_t n, struct stats_fit *out)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, sse = 0, se;
	bool x_varies = false;

	if (n < 3)
		return -EINVAL;
	/* Constant x is tested directly: the mean of equal values can differ from them by
	 * rounding (0.1 three times), leaving a tiny nonzero sxx and a meaningless slope. */
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return -EINVAL;
		x_varies |= x[i] != x[0];
	}
	if (!x_varies)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	out->n = n;
	out->slope = sxy / sxx;
	out->intercept = my - out->slope * mx;
	out->max_residual_pct = NAN;
	out->worst_index = n;
	/* Residuals summed directly: syy - slope * sxy cancels badly for a near-perfect fit
	 * on large values (ns), and a clamped-to-zero SSE would claim a zero-width CI.
	 * The largest relative residual says what R^2 cannot when one point has nearly all the
	 * leverage (1 GiB among 0-256 MiB): whether the line also holds at the small points. */
	for (size_t i = 0; i < n; i++) {
		double r = y[i] - out->intercept - out->slope * x[i];
		double pct = y[i] != 0 ? fabs(r / y[i]) * 100 : NAN;

		sse += r * r;
		if (!isnan(pct) && (out->worst_index == n || pct > out->max_residual_pct)) {
			out->max_residual_pct = pct;
			out->worst_index = i;
		}
	}
	out->r2 = syy > 0 ? 1 - sse / syy : 1;
	se = sqrt(sse / (double)(n - 2) / sxx);
	out->slope_ci95_low = out->slope - t_975(n - 2) * se;
	out->slope_ci95_high = out->slope + t_975(n - 2) * se;
	return 0;
}
