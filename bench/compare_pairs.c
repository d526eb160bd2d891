/* Pairing for `forkbench compare`: the rows of two runs matched by key columns and metric (less
 * those --ignore'd), the refusal of a row that would pair twice, and each pair's statistics
 * (compute_pair): repetition or sample level, the change with its CI, the Mann-Whitney test. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_stats.h"
#include "stats.h"

const char *const change_estimator_names[] = {
	[EST_RATIO_OF_MEDIANS] = "ratio_of_medians",
	[EST_HODGES_LEHMANN] = "hodges_lehmann",
	[EST_GEOMEAN] = "geomean_of_ratios",
	[EST_DIFF_OF_PROPORTIONS] = "difference_of_proportions",
};
const char *const change_ci_method_names[] = {
	[CIM_NONE] = "",
	[CIM_BOOTSTRAP] = "bootstrap",
	[CIM_HODGES_LEHMANN] = "hodges_lehmann",
	[CIM_MEDIAN_CIS] = "median_cis",
	[CIM_BOOTSTRAP_CONFIGS] = "bootstrap_configs",
	[CIM_NEWCOMBE] = "newcombe",
};

static bool same_config(const struct run_reader_row *x, const struct run_reader_row *y,
			unsigned ignore_mask)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		if (!(ignore_mask & (1u << i)) && strcmp(x->key[i], y->key[i]))
			return false;
	return !strcmp(x->metric, y->metric);
}

/* The row of run like `like`. With --ignore several could match: compare_main refuses such
 * runs first (ambiguous_pair), so there is at most one. */
const struct run_reader_row *find_row(const struct run_reader_run *run,
				      const struct run_reader_row *like, unsigned ignore_mask)
{
	for (size_t i = 0; i < run->row_count; i++)
		if (same_config(&run->rows[i], like, ignore_mask))
			return &run->rows[i];
	return NULL;
}

/*
 * With --ignore, a row of one run can match two or more rows of the other (latency fork at
 * rss_bytes 0 and at 64M, both "fork" once rss_bytes is ignored). Which one pairs would be a
 * guess, and pooling them would mix configurations, so compare refuses. Finds such a row of
 * `here` and the first two rows of `there` it matches: true, or false when every pairing is
 * unique.
 */
bool ambiguous_pair(const struct run_reader_run *here, const struct run_reader_run *there,
		    unsigned ignore_mask, const struct run_reader_row **row,
		    const struct run_reader_row *match[2])
{
	for (size_t i = 0; i < here->row_count; i++) {
		size_t found = 0;

		for (size_t j = 0; j < there->row_count && found < 2; j++)
			if (same_config(&there->rows[j], &here->rows[i], ignore_mask))
				match[found++] = &there->rows[j];
		if (found == 2) {
			*row = &here->rows[i];
			return true;
		}
	}
	return false;
}

/* One line on stderr naming the ambiguous configuration, the ignored column that tells its
 * matches apart, and the way out. */
void report_ambiguous(const char *here_name, const char *there_name,
		      const struct run_reader_row *row,
		      const struct run_reader_row *const match[2], unsigned ignore_mask)
{
	char *label = config_label_of(row), ignored[256] = "";
	size_t used = 0;
	int col = -1; /* the first ignored column whose cells differ; 0 is bench, a column too */

	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++) {
		if (!(ignore_mask & (1u << i)))
			continue;
		used += (size_t)snprintf(ignored + used, sizeof(ignored) - used, "%s%s",
					 used ? "," : "", run_reader_key_names[i]);
		if (col < 0 && strcmp(match[0]->key[i], match[1]->key[i]))
			col = i;
	}
	if (col < 0) /* two rows cannot match with no ignored column telling them apart */
		col = 0;
	fprintf(stderr,
		"forkbench compare: --ignore %s: %s's %s %s %s matches several configurations "
		"of %s (%s '%s' and '%s'): ignore fewer columns (keep %s), or compare runs with "
		"one configuration per ignored setting\n",
		ignored, here_name, row->key[K_BENCH], label ? label : row->key[K_METHOD],
		row->metric, there_name, run_reader_key_names[col], match[0]->key[col],
		match[1]->key[col], run_reader_key_names[col]);
	free(label);
}

static int cmp_double_asc(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static bool all_positive(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(v[i] > 0.0))
			return false;
	return true;
}

/* Hodges-Lehmann on log values: the shift of logs is the log of a ratio under a scale
 * model, which is how creation costs change (a slower kernel multiplies, not adds). */
static int hl_ratio(const double *a, size_t na, const double *b, size_t nb,
		    struct cstats_interval *ci)
{
	/* na, nb >= 1: the run reader refuses n < 1. */
	/* NOLINTNEXTLINE(clang-analyzer-optin.portability.UnixAPI) */
	double *la = malloc(na * sizeof(*la)), *lb = malloc(nb * sizeof(*lb));
	int ret = -ENOMEM;

	if (la && lb) {
		for (size_t i = 0; i < na; i++)
			la[i] = log(a[i]);
		for (size_t i = 0; i < nb; i++)
			lb[i] = log(b[i]);
		ret = cstats_hodges_lehmann(la, na, lb, nb, CI_CONFIDENCE, ci);
		if (!ret) {
			ci->estimate = exp(ci->estimate);
			ci->low = exp(ci->low);
			ci->high = exp(ci->high);
		}
	}
	free(la);
	free(lb);
	return ret;
}

/* The level of a summary row's CI: its ci_level, or for runs written before that column the
 * level the order-statistic interval has over its samples or repetition medians. */
static double row_ci_level(const struct run_reader_row *r)
{
	size_t n = r->reps >= 2 ? r->reps : r->n;

	if (!isnan(r->ci_level) || isnan(r->ci95_low) || n < 2)
		return r->ci_level;
	return stats_median_ci_level(n);
}

/* A side as the summary has it. */
struct side row_side(const struct run_reader_row *r)
{
	return (struct side){ r->median, r->ci95_low, r->ci95_high, r->n, r->reps, row_ci_level(r) };
}

/* The medians of each repetition of r into out (room for r->n), or 0 of them without rep
 * numbers. */
static int rep_medians(const struct run_reader_row *r, double *out, size_t *count)
{
	*count = 0;
	if (!r->samples || !r->sample_reps || !r->n)
		return 0;
	return cstats_group_medians(r->samples, r->sample_reps, r->n, out, count);
}

/* The side as a test on meds[0..n) sees it (repetition medians or samples): their median and
 * its order-statistic CI. Sorts meds. */
static void values_side(double *meds, size_t n, struct side *sd)
{
	size_t lo, hi;

	qsort(meds, n, sizeof(*meds), cmp_double_asc);
	stats_median_ci_ranks(n, &lo, &hi);
	sd->center = stats_quantile_sorted(meds, n, 0.5);
	sd->n = n;
	/* One value has no interval; otherwise the interval's own level (0.9375 for 5 medians). */
	sd->low = n > 1 ? meds[lo] : NAN;
	sd->high = n > 1 ? meds[hi] : NAN;
	sd->level = n > 1 ? stats_median_ci_level(n) : NAN;
}

/* Test and change CI on v_a[0..na) and v_b[0..nb): samples or repetition medians. */
static int test_values(struct pair *p, const double *va, size_t na, const double *vb, size_t nb,
		       const struct compare_opts *o)
{
	enum compare_ci kind = o->ci;
	struct cstats_interval ci = { 0 };
	struct cstats_mwu mwu;
	int ret;

	ret = cstats_mann_whitney(va, na, vb, nb, &mwu);
	if (ret)
		return ret;
	p->p_value = mwu.p_value;
	if (kind == CI_AUTO)
		kind = p->unit == UNIT_REPS ? CI_HL : CI_BOOTSTRAP;
	/* Logs need positive values; otherwise the bootstrap, which needs only median(A) != 0. */
	if (kind == CI_HL && !(all_positive(va, na) && all_positive(vb, nb)))
		kind = CI_BOOTSTRAP;
	if (kind == CI_HL)
		ret = hl_ratio(va, na, vb, nb, &ci);
	else
		ret = cstats_bootstrap_ratio(va, na, vb, nb, CI_CONFIDENCE, BOOTSTRAP_RESAMPLES,
					     o->seed, &ci);
	if (ret == -ENOMEM)
		return ret;
	if (!ret) {
		/* The estimate of the interval's own quantity: the HL shift is not the ratio of
		 * medians, and at 3 vs 3 it can differ by more than the interval allows. */
		p->estimator = kind == CI_HL ? EST_HODGES_LEHMANN : EST_RATIO_OF_MEDIANS;
		p->ci_method = kind == CI_HL ? CIM_HODGES_LEHMANN : CIM_BOOTSTRAP;
		p->change_pct = (ci.estimate - 1.0) * 100.0;
		p->ci_low_pct = (ci.low - 1.0) * 100.0;
		p->ci_high_pct = (ci.high - 1.0) * 100.0;
		p->ci_level = ci.confidence;
	}
	/* p <= alpha: the rule that makes "min p <= alpha" (compute_pair) mean "can flag". */
	p->significant = p->p_value <= o->alpha;
	return 0;
}

bool is_share_metric(const char *metric)
{
	return !strcmp(metric, "cross_cpu_share");
}

/* cross_cpu_share (DESIGN §8): the pooled creations of each run, cross-CPU against all, as a
 * difference of proportions with Newcombe's interval and the two-proportion z test. Creations
 * of one process are not independent draws, so the test is within-run only (UNIT_SAMPLES),
 * as every test on samples is. Without the counts (no samples.csv.gz), the shares of the
 * summaries are told apart and nothing is tested. */
static int compute_share_pair(struct pair *p, const struct compare_opts *o)
{
	const struct run_reader_row *a = p->a, *b = p->b;
	struct cstats_proportions pr;
	int ret;

	p->sa = row_side(a);
	p->sb = row_side(b);
	p->estimator = EST_DIFF_OF_PROPORTIONS;
	p->ci_method = CIM_NONE;
	p->ci_low_pct = p->ci_high_pct = p->ci_level = p->p_value = p->rep_min_p = NAN;
	p->unit = UNIT_SUMMARY;
	p->change_pct = (b->mean - a->mean) * 100.0;
	p->significant = false;
	if (!a->placement_total || !b->placement_total)
		return 0;
	ret = cstats_two_proportions(a->placement_cross, a->placement_total, b->placement_cross,
				     b->placement_total, CI_CONFIDENCE, &pr);
	if (ret)
		return ret;
	p->unit = UNIT_SAMPLES;
	p->sa = (struct side){ pr.pa, pr.pa_low, pr.pa_high, a->placement_total, a->reps,
			       CI_CONFIDENCE };
	p->sb = (struct side){ pr.pb, pr.pb_low, pr.pb_high, b->placement_total, b->reps,
			       CI_CONFIDENCE };
	p->change_pct = pr.diff * 100.0;
	p->ci_low_pct = pr.low * 100.0;
	p->ci_high_pct = pr.high * 100.0;
	p->ci_level = pr.confidence;
	p->ci_method = CIM_NEWCOMBE;
	p->p_value = pr.p_value;
	p->significant = p->p_value <= o->alpha;
	return 0;
}

int compute_pair(struct pair *p, const struct compare_opts *o)
{
	if (is_share_metric(p->a->metric))
		return compute_share_pair(p, o);
	const struct run_reader_row *a = p->a, *b = p->b;
	double *ma = malloc((a->n ? a->n : 1) * sizeof(*ma));
	double *mb = malloc((b->n ? b->n : 1) * sizeof(*mb));
	size_t na = 0, nb = 0;
	double threshold;
	int ret = -ENOMEM;

	if (!ma || !mb)
		goto out;
	p->sa = row_side(a);
	p->sb = row_side(b);
	p->unit = a->samples && b->samples ? UNIT_SAMPLES : UNIT_SUMMARY;
	p->ci_low_pct = p->ci_high_pct = p->ci_level = p->p_value = p->rep_min_p = NAN;
	ret = rep_medians(a, ma, &na);
	if (!ret)
		ret = rep_medians(b, mb, &nb);
	if (ret)
		goto out;
	if (na)
		p->sa.reps = na;
	if (nb)
		p->sb.reps = nb;
	if (na && nb)
		p->rep_min_p = cstats_mwu_min_p(na, nb);
	if (na >= MIN_REPS_FOR_TEST && nb >= MIN_REPS_FOR_TEST) {
		if (p->rep_min_p <= o->alpha) {
			p->unit = UNIT_REPS;
			values_side(ma, na, &p->sa);
			values_side(mb, nb, &p->sb);
		} else {
			p->reps_too_few = true; /* tested as below 3 repetitions, and said why */
		}
	}
	if (p->unit == UNIT_SAMPLES) {
		/* The pooled samples are what gets tested: the centre and spread come from them
		 * too, not from summary.csv, whose median is over repetition medians. */
		memcpy(ma, a->samples, a->n * sizeof(*ma));
		memcpy(mb, b->samples, b->n * sizeof(*mb));
		values_side(ma, a->n, &p->sa);
		values_side(mb, b->n, &p->sb);
	}
	/* The ratio of medians until a test's interval brings its own estimate (test_values). */
	p->estimator = EST_RATIO_OF_MEDIANS;
	p->ci_method = CIM_NONE;
	p->change_pct =
		p->sa.center != 0.0 ? (p->sb.center / p->sa.center - 1.0) * 100.0 : NAN;
	if (p->unit == UNIT_REPS) {
		ret = test_values(p, ma, na, mb, nb, o);
		if (ret)
			goto out;
	} else if (p->unit == UNIT_SAMPLES) {
		ret = test_values(p, a->samples, a->n, b->samples, b->n, o);
		if (ret)
			goto out;
	} else if (a->ci95_low > 0.0 && !isnan(b->ci95_low)) {
		/* Summary only: the widest ratio the two median CIs allow. Calling a change real
		 * only when they do not overlap is conservative, as it should be without a test. */
		p->ci_method = CIM_MEDIAN_CIS;
		/* fmin/fmax: a median outside its own CI (a hand-edited summary) still leaves the
		 * estimate inside the interval that is shown beside it. */
		p->ci_low_pct = fmin((b->ci95_low / a->ci95_high - 1.0) * 100.0, p->change_pct);
		p->ci_high_pct = fmax((b->ci95_high / a->ci95_low - 1.0) * 100.0, p->change_pct);
		/* It holds the ratio whenever both CIs hold their medians: independent runs, so
		 * with probability at least the product of their levels (NAN: a level unknown). */
		p->ci_level = p->sa.level * p->sb.level;
		p->significant = p->ci_low_pct > 0.0 || p->ci_high_pct < 0.0;
	}
	if (o->threshold_pct >= 0.0)
		threshold = o->threshold_pct;
	else
		threshold = p->unit == UNIT_REPS ? THRESHOLD_REPS_PCT : THRESHOLD_WITHIN_RUN_PCT;
	if (isnan(p->change_pct) || fabs(p->change_pct) < threshold)
		p->significant = false;
	ret = 0;
out:
	free(ma);
	free(mb);
	return ret;
}

/* Rows of A in order, grouped by (bench, metric) in order of first appearance. */
static bool in_group(const struct run_reader_row *r, const struct run_reader_row *g)
{
	return !strcmp(r->key[K_BENCH], g->key[K_BENCH]) && !strcmp(r->metric, g->metric);
}

static bool group_seen_before(const struct run_reader_run *ra, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (in_group(&ra->rows[k], &ra->rows[i]))
			return true;
	return false;
}

/* The group's geometric means over its pairs with both medians > 0, the bootstrap over them,
 * and the count of significant changes each way. ratios: room for the group's pairs. */
static int group_summarize(struct pair_group *g, const struct pair *pairs, double *ratios,
			   const struct compare_opts *o)
{
	double *meds_a = ratios + (g->end - g->begin), *meds_b = meds_a + (g->end - g->begin);
	struct cstats_interval ci;
	size_t n = 0;
	int ret;

	g->geo_a = g->geo_b = g->geo_change_pct = NAN;
	g->geo_ci_low_pct = g->geo_ci_high_pct = g->geo_ci_level = NAN;
	for (size_t i = g->begin; i < g->end; i++) {
		const struct pair *p = &pairs[i];

		g->slower += p->significant && p->change_pct > 0.0;
		g->faster += p->significant && p->change_pct < 0.0;
		/* A share is no ratio scale: it stays out of the geometric mean (DESIGN §8). */
		if (p->sa.center > 0.0 && p->sb.center > 0.0 && !is_share_metric(p->a->metric)) {
			meds_a[n] = p->sa.center;
			meds_b[n] = p->sb.center;
			/* The ratio of medians, whatever a pair's own estimator: one quantity for
			 * every configuration, whichever test each had. */
			ratios[n++] = p->sb.center / p->sa.center;
		}
	}
	g->ratios = n;
	if (!n)
		return 0;
	cstats_geomean(meds_a, n, &g->geo_a);
	cstats_geomean(meds_b, n, &g->geo_b);
	if (n < GEOMEAN_CI_MIN_CONFIGS) {
		double gr;

		cstats_geomean(ratios, n, &gr);
		g->geo_change_pct = (gr - 1.0) * 100.0;
		return 0;
	}
	ret = cstats_bootstrap_geomean(ratios, n, CI_CONFIDENCE, BOOTSTRAP_RESAMPLES, o->seed,
				       &ci);
	if (ret)
		return ret;
	g->geo_change_pct = (ci.estimate - 1.0) * 100.0;
	g->geo_ci_low_pct = (ci.low - 1.0) * 100.0;
	g->geo_ci_high_pct = (ci.high - 1.0) * 100.0;
	g->geo_ci_level = ci.confidence;
	return 0;
}

static int collect_only(const struct run_reader_run *here, const struct run_reader_run *there,
			unsigned ignore_mask, const struct run_reader_row ***out, size_t *count)
{
	/* An array of pointers to rows: sizeof a pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	*out = calloc(here->row_count ? here->row_count : 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < here->row_count; i++)
		if (!find_row(there, &here->rows[i], ignore_mask))
			(*out)[(*count)++] = &here->rows[i];
	return 0;
}

int comparison_build(const struct run_reader_run *ra, const struct run_reader_run *rb,
		     const struct compare_opts *o, struct comparison *c)
{
	size_t cap = ra->row_count ? ra->row_count : 1;
	double *scratch = NULL;
	int ret = -ENOMEM;

	memset(c, 0, sizeof(*c));
	c->ra = ra;
	c->rb = rb;
	c->pairs = calloc(cap, sizeof(*c->pairs));
	c->groups = calloc(cap, sizeof(*c->groups));
	scratch = malloc(3 * cap * sizeof(*scratch));
	if (!c->pairs || !c->groups || !scratch)
		goto out;
	for (size_t g = 0; g < ra->row_count; g++) {
		struct pair_group *grp = &c->groups[c->group_count];

		if (group_seen_before(ra, g))
			continue;
		grp->first = &ra->rows[g];
		grp->begin = c->pair_count;
		for (size_t i = g; i < ra->row_count; i++) {
			struct pair *p = &c->pairs[c->pair_count];

			if (!in_group(&ra->rows[i], grp->first))
				continue;
			p->a = &ra->rows[i];
			p->b = find_row(rb, p->a, o->ignore_mask);
			if (!p->b)
				continue; /* listed under "only in A" */
			ret = compute_pair(p, o);
			if (ret)
				goto out;
			c->pair_count++;
		}
		grp->end = c->pair_count;
		/* A group whose rows are all in one run only is no group: just the lists. */
		if (grp->end == grp->begin)
			continue;
		ret = group_summarize(grp, c->pairs, scratch, o);
		if (ret)
			goto out;
		c->group_count++;
	}
	ret = collect_only(ra, rb, o->ignore_mask, &c->only[0], &c->only_count[0]);
	if (!ret)
		ret = collect_only(rb, ra, o->ignore_mask, &c->only[1], &c->only_count[1]);
out:
	free(scratch);
	if (ret)
		comparison_free(c);
	return ret;
}

void comparison_free(struct comparison *c)
{
	free(c->pairs);
	free(c->groups);
	free(c->only[0]);
	free(c->only[1]);
	memset(c, 0, sizeof(*c));
}
