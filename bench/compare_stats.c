/* Two-sample statistics for `forkbench compare`: Mann-Whitney U (exact and normal), the
 * Hodges-Lehmann shift and its CI, a bootstrap CI of the ratio of medians, geometric means.
 * Leaves out one-sample summaries (stats.c) and any reading or printing of results. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare_stats.h"

struct labelled {
	double v;
	bool is_a;
};

static int cmp_labelled(const void *x, const void *y)
{
	double a = ((const struct labelled *)x)->v, b = ((const struct labelled *)y)->v;

	return (a > b) - (a < b);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static bool any_nan(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(v[i]))
			return true;
	return false;
}

double cstats_normal_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

/* z with P(Z > z) = p, p in (0, 0.5]: bisection on erfc is slow-ish but exact to the last
 * bits and needs no rational approximation tables; it runs once per comparison. */
static double normal_isf(double p)
{
	double lo = 0.0, hi = 40.0;

	for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
		double mid = 0.5 * (lo + hi);

		if (cstats_normal_sf(mid) > p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/*
 * Counts of orderings with each U_A = 0..n1*n2, for n1 values of A and n2 of B, into a
 * malloc'd array. f(i, j, u): orderings of i A's and j B's with U_A = u. The largest value is
 * either an A (above all j B's: adds j to U) or a B (adds nothing), so
 * f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u). Counts reach C(40, 20) ~ 1.4e11: exact in a
 * double. NULL on ENOMEM.
 */
static double *mwu_exact_counts(size_t n1, size_t n2)
{
	size_t stride = n1 * n2 + 1;
	double *prev = calloc((n2 + 1) * stride, sizeof(*prev));
	double *cur = calloc((n2 + 1) * stride, sizeof(*cur));
	double *counts = malloc(stride * sizeof(*counts));

	if (!prev || !cur || !counts) {
		free(counts);
		counts = NULL;
		goto out;
	}
	for (size_t i = 0; i <= n1; i++) {
		for (size_t j = 0; j <= n2; j++) {
			double *c = cur + j * stride;

			memset(c, 0, stride * sizeof(*c));
			if (i == 0 || j == 0) {
				c[0] = 1.0;
				continue;
			}
			for (size_t k = 0; k <= i * j; k++)
				c[k] = (k >= j ? prev[j * stride + k - j] : 0.0) +
				       cur[(j - 1) * stride + k];
		}
		double *t = prev;

		prev = cur;
		cur = t;
	}
	memcpy(counts, prev + n2 * stride, stride * sizeof(*counts));
out:
	free(prev);
	free(cur);
	return counts;
}

/* counts -> cumulative probabilities P(U <= u), in place. */
static void counts_to_cdf(double *counts, size_t len)
{
	double total = 0.0, run = 0.0;

	for (size_t k = 0; k < len; k++)
		total += counts[k];
	for (size_t k = 0; k < len; k++) {
		run += counts[k];
		counts[k] = run / total;
	}
}

int cstats_mwu_exact_cdf(size_t n1, size_t n2, double u, double *out_p)
{
	double *cdf;

	if (!n1 || !n2 || n1 > CSTATS_EXACT_MAX_N || n2 > CSTATS_EXACT_MAX_N || isnan(u))
		return -EINVAL;
	if (u < 0.0) {
		*out_p = 0.0;
		return 0;
	}
	cdf = mwu_exact_counts(n1, n2);
	if (!cdf)
		return -ENOMEM;
	counts_to_cdf(cdf, n1 * n2 + 1);
	*out_p = u >= (double)(n1 * n2) ? 1.0 : cdf[(size_t)floor(u)];
	free(cdf);
	return 0;
}

double cstats_mwu_min_p(size_t n1, size_t n2)
{
	double orderings = 1.0;

	if (!n1 || !n2)
		return 1.0;
	/* C(n2 + i, i) for i = 1..n1: every step is an integer, exact in a double up to 2^53;
	 * beyond, rounding cannot matter (p is far below any alpha) and overflow gives 0. */
	for (size_t i = 1; i <= n1; i++)
		orderings = orderings * (double)(n2 + i) / (double)i;
	/* 2 * (1 / C), as the exact test doubles its tail P(U <= 0) = 1 / C. */
	return fmin(1.0, 2.0 * (1.0 / orderings));
}

int cstats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			struct cstats_mwu *out)
{
	size_t n = na + nb;
	struct labelled *all;
	double rank_sum_a = 0.0, tie_term = 0.0, nn = (double)n, sd;
	int ret = 0;

	if (!na || !nb || !a || !b || any_nan(a, na) || any_nan(b, nb))
		return -EINVAL;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < na; i++)
		all[i] = (struct labelled){ a[i], true };
	for (size_t i = 0; i < nb; i++)
		all[na + i] = (struct labelled){ b[i], false };
	qsort(all, n, sizeof(*all), cmp_labelled);
	/* Mid-ranks: a run of t equal values at 1-based ranks r+1..r+t all get r + (t+1)/2. */
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && all[j].v == all[i].v)
			j++;
		double t = (double)(j - i), mid_rank = (double)i + (t + 1.0) / 2.0;

		for (size_t k = i; k < j; k++)
			if (all[k].is_a)
				rank_sum_a += mid_rank;
		if (t > 1) {
			out->ties = true;
			tie_term += t * t * t - t;
		}
		i = j;
	}
	out->u_a = rank_sum_a - (double)na * ((double)na + 1.0) / 2.0;
	out->u_b = (double)na * (double)nb - out->u_a;
	out->mean = (double)na * (double)nb / 2.0;
	out->variance =
		(double)na * (double)nb / 12.0 * ((nn + 1.0) - tie_term / (nn * (nn - 1.0)));
	sd = sqrt(out->variance > 0.0 ? out->variance : 0.0);
	if (sd > 0.0)
		out->z = fmax(fabs(out->u_a - out->mean) - 0.5, 0.0) / sd;
	if (!out->ties && na <= CSTATS_EXACT_MAX_N && nb <= CSTATS_EXACT_MAX_N) {
		double cdf;

		/* Two-sided: twice the smaller tail; U's distribution is symmetric about mean. */
		ret = cstats_mwu_exact_cdf(na, nb, fmin(out->u_a, out->u_b), &cdf);
		if (ret)
			goto out;
		out->exact = true;
		out->p_value = fmin(1.0, 2.0 * cdf);
	} else if (sd == 0.0) {
		out->p_value = 1.0; /* every value equal: nothing to tell the samples apart */
	} else {
		out->p_value = fmin(1.0, 2.0 * cstats_normal_sf(out->z));
	}
out:
	free(all);
	return ret;
}

/* Doubles mapped to integers in the same order (-0.0 just below +0.0), so the bisection below
 * steps over every representable difference in at most 64 rounds. */
static uint64_t order_encode(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return (u >> 63) ? ~u : u | (1ULL << 63);
}

static double order_decode(uint64_t e)
{
	uint64_t u = (e >> 63) ? e & ~(1ULL << 63) : ~e;
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/* #{(i, j): b_j - a_i <= d}. Floating-point subtraction is monotonic, so for ascending b the
 * first a_i giving a small enough difference only moves right: one pass, O(na + nb). */
static uint64_t count_le(const double *a, size_t na, const double *b, size_t nb, double d)
{
	uint64_t count = 0;
	size_t t = 0;

	for (size_t j = 0; j < nb; j++) {
		while (t < na && b[j] - a[t] > d)
			t++;
		count += na - t;
	}
	return count;
}

double cstats_kth_difference(const double *a_sorted, size_t na, const double *b_sorted, size_t nb,
			     uint64_t k)
{
	uint64_t lo = order_encode(b_sorted[0] - a_sorted[na - 1]);
	uint64_t hi = order_encode(b_sorted[nb - 1] - a_sorted[0]);

	/* Smallest d with at least k differences <= d: always one of the differences. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (count_le(a_sorted, na, b_sorted, nb, order_decode(mid)) >= k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return order_decode(lo) + 0.0; /* + 0.0 turns -0.0 into 0.0 */
}

int cstats_hodges_lehmann(const double *a, size_t na, const double *b, size_t nb,
			  double confidence, struct cstats_interval *out)
{
	double *as = NULL, *bs = NULL, alpha = 1.0 - confidence;
	uint64_t total = (uint64_t)na * nb, k;
	bool ties = false;
	int ret = 0;

	if (!na || !nb || !a || !b || !(confidence > 0.0 && confidence < 1.0) ||
	    any_nan(a, na) || any_nan(b, nb))
		return -EINVAL;
	as = malloc(na * sizeof(*as));
	bs = malloc(nb * sizeof(*bs));
	if (!as || !bs) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(as, a, na * sizeof(*as));
	memcpy(bs, b, nb * sizeof(*bs));
	qsort(as, na, sizeof(*as), cmp_double);
	qsort(bs, nb, sizeof(*bs), cmp_double);
	out->estimate = total % 2 ? cstats_kth_difference(as, na, bs, nb, total / 2 + 1)
				  : 0.5 * (cstats_kth_difference(as, na, bs, nb, total / 2) +
					   cstats_kth_difference(as, na, bs, nb, total / 2 + 1));

	for (size_t i = 1; i < na && !ties; i++)
		ties = as[i] == as[i - 1];
	for (size_t i = 1; i < nb && !ties; i++)
		ties = bs[i] == bs[i - 1];
	for (size_t i = 0, j = 0; i < na && j < nb && !ties;) {
		ties = as[i] == bs[j];
		if (as[i] < bs[j])
			i++;
		else
			j++;
	}

	if (!ties && na <= CSTATS_EXACT_MAX_N && nb <= CSTATS_EXACT_MAX_N) {
		/* As R's wilcox.test: k = the smallest q with P(U <= q) >= alpha/2, at least 1;
		 * the interval then covers with probability 1 - 2 P(U <= k-1). */
		double *cdf = mwu_exact_counts(na, nb);

		if (!cdf) {
			ret = -ENOMEM;
			goto out;
		}
		counts_to_cdf(cdf, total + 1);
		for (k = 0; k < total && cdf[k] < alpha / 2.0; k++)
			;
		if (k == 0)
			k = 1;
		double below = cdf[k - 1]; /* P(U <= k-1): each tail the interval leaves out */

		free(cdf);
		out->confidence = 1.0 - 2.0 * below;
	} else {
		/* Normal approximation (Hollander & Wolfe): k = n m / 2 - z sqrt(n m (n+m+1)/12),
		 * rounded down so the interval errs wide. Ties would shrink the variance; leaving
		 * them out is conservative. */
		double sd = sqrt((double)na * (double)nb * ((double)na + (double)nb + 1.0) / 12.0);
		double kk = floor((double)total / 2.0 - normal_isf(alpha / 2.0) * sd);

		k = kk < 1.0 ? 1 : (uint64_t)kk;
		out->confidence =
			1.0 - 2.0 * cstats_normal_sf(((double)total / 2.0 - (double)k + 0.5) / sd);
	}
	out->low = cstats_kth_difference(as, na, bs, nb, k);
	out->high = cstats_kth_difference(as, na, bs, nb, total + 1 - k);
out:
	free(as);
	free(bs);
	return ret;
}

uint64_t cstats_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void swap_d(double *x, double *y)
{
	double t = *x;

	*x = *y;
	*y = t;
}

/* Quickselect with a three-way partition: benchmark samples repeat values a lot (1 ns clock
 * resolution), and a two-way partition degrades to O(n^2) on runs of equal values. */
static double select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		double x = v[lo], y = v[lo + (hi - lo) / 2], z = v[hi - 1];
		double pivot = fmax(fmin(x, y), fmin(fmax(x, y), z));
		size_t lt = lo, i = lo, gt = hi;

		while (i < gt) {
			if (v[i] < pivot)
				swap_d(&v[lt++], &v[i++]);
			else if (v[i] > pivot)
				swap_d(&v[i], &v[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return pivot;
	}
	return v[k];
}

double cstats_median_inplace(double *values, size_t n)
{
	double upper = select_kth(values, n, n / 2), lower;

	if (n % 2)
		return upper;
	/* After selection everything left of n/2 is <= upper: the lower middle is their max. */
	lower = values[0];
	for (size_t i = 1; i < n / 2; i++)
		lower = fmax(lower, values[i]);
	return 0.5 * (lower + upper);
}

struct grouped {
	unsigned group;
	double v;
};

static int cmp_grouped(const void *x, const void *y)
{
	const struct grouped *a = x, *b = y;

	if (a->group != b->group)
		return (a->group > b->group) - (a->group < b->group);
	return (a->v > b->v) - (a->v < b->v);
}

int cstats_group_medians(const double *values, const unsigned *groups, size_t n, double *out,
			 size_t *out_count)
{
	struct grouped *g;

	if (!n || !values || !groups || any_nan(values, n))
		return -EINVAL;
	g = malloc(n * sizeof(*g));
	if (!g)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		g[i] = (struct grouped){ groups[i], values[i] };
	/* Sorted by group, then value: each group is a sorted run and its median is its middle. */
	qsort(g, n, sizeof(*g), cmp_grouped);
	*out_count = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && g[j].group == g[i].group)
			j++;
		size_t len = j - i, mid = i + len / 2;

		out[(*out_count)++] = len % 2 ? g[mid].v : 0.5 * (g[mid - 1].v + g[mid].v);
		i = j;
	}
	free(g);
	return 0;
}

static double resample_median(const double *src, size_t n, double *scratch, uint64_t *state)
{
	for (size_t i = 0; i < n; i++) {
		/* Lemire's multiply-shift: an index in [0, n) without a modulo's bias pattern. */
		uint64_t r = cstats_splitmix64(state);

		scratch[i] = src[(size_t)(((unsigned __int128)r * n) >> 64)];
	}
	return cstats_median_inplace(scratch, n);
}

static double quantile_sorted(const double *s, size_t n, double q)
{
	double h = (double)(n - 1) * q, f = floor(h);
	size_t i = (size_t)f;

	return i + 1 < n ? s[i] + (h - f) * (s[i + 1] - s[i]) : s[n - 1];
}

/*
 * The percentile interval of the bootstrap draws (type 7 quantiles at alpha/2 and 1 - alpha/2),
 * sorting draws, widened where needed to hold out->estimate. A median's bootstrap
 * distribution is lumpy (a resample's median is one of a few middle values), so the observed
 * ratio can fall just outside the 2.5..97.5% quantiles; an interval that misses its own
 * estimate reads as a contradiction. Widening only adds coverage.
 */
static void percentile_interval(double *draws, size_t n, double alpha,
				struct cstats_interval *out)
{
	qsort(draws, n, sizeof(*draws), cmp_double);
	out->low = fmin(quantile_sorted(draws, n, alpha / 2.0), out->estimate);
	out->high = fmax(quantile_sorted(draws, n, 1.0 - alpha / 2.0), out->estimate);
}

int cstats_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb,
			   double confidence, unsigned resamples, uint64_t seed,
			   struct cstats_interval *out)
{
	double *scratch = NULL, *ratios = NULL, ma, mb, alpha = 1.0 - confidence;
	uint64_t state = seed;
	int ret = 0;

	if (!na || !nb || !a || !b || resamples < 10 || !(confidence > 0.0 && confidence < 1.0) ||
	    any_nan(a, na) || any_nan(b, nb))
		return -EINVAL;
	scratch = malloc((na > nb ? na : nb) * sizeof(*scratch));
	ratios = malloc(resamples * sizeof(*ratios));
	if (!scratch || !ratios) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(scratch, a, na * sizeof(*scratch));
	ma = cstats_median_inplace(scratch, na);
	memcpy(scratch, b, nb * sizeof(*scratch));
	mb = cstats_median_inplace(scratch, nb);
	if (ma == 0.0) {
		ret = -EDOM;
		goto out;
	}
	out->estimate = mb / ma;
	for (unsigned r = 0; r < resamples; r++) {
		/* Always A then B from one stream: the interval depends on the seed alone. */
		double ra = resample_median(a, na, scratch, &state);
		double rb = resample_median(b, nb, scratch, &state);

		if (ra == 0.0) {
			ret = -EDOM;
			goto out;
		}
		ratios[r] = rb / ra;
	}
	percentile_interval(ratios, resamples, alpha, out);
	out->confidence = confidence;
out:
	free(scratch);
	free(ratios);
	return ret;
}

int cstats_geomean(const double *ratios, size_t n, double *out)
{
	double sum_log = 0.0;

	if (!n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (!(ratios[i] > 0.0) || !isfinite(ratios[i]))
			return -EDOM;
		sum_log += log(ratios[i]);
	}
	*out = exp(sum_log / (double)n);
	return 0;
}

int cstats_bootstrap_geomean(const double *ratios, size_t n, double confidence,
			     unsigned resamples, uint64_t seed, struct cstats_interval *out)
{
	double *logs = NULL, *means = NULL, sum_log = 0.0;
	uint64_t state = seed;
	int ret = 0;

	if (!n || !ratios || resamples < 10 || !(confidence > 0.0 && confidence < 1.0))
		return -EINVAL;
	logs = malloc(n * sizeof(*logs));
	means = malloc(resamples * sizeof(*means));
	if (!logs || !means) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(ratios[i] > 0.0) || !isfinite(ratios[i])) {
			ret = -EDOM;
			goto out;
		}
		logs[i] = log(ratios[i]);
		sum_log += logs[i];
	}
	/* On the log scale: the geometric mean is the mean of the logs, and exp is monotonic,
	 * so the percentile interval of the means maps to the ratios' one. */
	out->estimate = sum_log / (double)n;
	for (unsigned r = 0; r < resamples; r++) {
		double sum = 0.0;

		for (size_t i = 0; i < n; i++) {
			uint64_t x = cstats_splitmix64(&state);

			sum += logs[(size_t)(((unsigned __int128)x * n) >> 64)];
		}
		means[r] = sum / (double)n;
	}
	percentile_interval(means, resamples, 1.0 - confidence, out);
	out->estimate = exp(out->estimate);
	out->low = exp(out->low);
	out->high = exp(out->high);
	out->confidence = confidence;
out:
	free(logs);
	free(means);
	return ret;
}

/* Wilson score interval of x successes in n at z. */
static void wilson(size_t x, size_t n, double z, double *low, double *high)
{
	double p = (double)x / (double)n, z2 = z * z, den = 1.0 + z2 / (double)n;
	double mid = (p + z2 / (2.0 * (double)n)) / den;
	double half = z * sqrt(p * (1.0 - p) / (double)n + z2 / (4.0 * (double)n * (double)n)) / den;

	*low = fmax(0.0, mid - half);
	*high = fmin(1.0, mid + half);
}

int cstats_two_proportions(size_t xa, size_t na, size_t xb, size_t nb, double confidence,
			   struct cstats_proportions *out)
{
	double z, pooled, se, la, ha, lb, hb;

	if (!na || !nb || xa > na || xb > nb || !(confidence > 0.0 && confidence < 1.0))
		return -EINVAL;
	z = normal_isf((1.0 - confidence) / 2.0);
	out->pa = (double)xa / (double)na;
	out->pb = (double)xb / (double)nb;
	out->diff = out->pb - out->pa;
	pooled = (double)(xa + xb) / (double)(na + nb);
	se = sqrt(pooled * (1.0 - pooled) * (1.0 / (double)na + 1.0 / (double)nb));
	/* Every creation on one side of the split in both runs: no difference can be seen. */
	out->z = se > 0.0 ? out->diff / se : 0.0;
	out->p_value = se > 0.0 ? fmin(1.0, 2.0 * cstats_normal_sf(fabs(out->z))) : 1.0;
	wilson(xa, na, z, &la, &ha);
	wilson(xb, nb, z, &lb, &hb);
	out->pa_low = la;
	out->pa_high = ha;
	out->pb_low = lb;
	out->pb_high = hb;
	/* Newcombe's hybrid score interval (his method 10) from the two Wilson intervals. */
	out->low = out->diff - sqrt((out->pb - lb) * (out->pb - lb) + (ha - out->pa) * (ha - out->pa));
	out->high = out->diff + sqrt((hb - out->pb) * (hb - out->pb) + (out->pa - la) * (out->pa - la));
	out->confidence = confidence;
	return 0;
}
