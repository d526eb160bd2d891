/* The default terminal view of `forkbench compare` (DESIGN §8): what changed, at a glance, in
 * about two screens for two default suite runs. Per bench and time metric the geometric-mean
 * change with its CI and how many configurations got significantly slower and faster; the
 * largest changes; per bench a table of its largest significant changes of time metrics. Every
 * row is in --all, --markdown and --csv; this view only chooses. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* How many rows the two lists show: the view's length must not grow with the run. */
#define LARGEST_SHOWN 5
#define BENCH_ROWS_SHOWN 6
#define ONLY_NAMED 3 /* rows in one run only named on their line; more are counted */

/* Significant changes of time metrics, largest |change| first, earlier rows first on ties. */
static int cmp_change(const void *x, const void *y)
{
	const struct pair *a = *(const struct pair *const *)x, *b = *(const struct pair *const *)y;
	double ca = fabs(a->change_pct), cb = fabs(b->change_pct);

	if (ca != cb)
		return ca < cb ? 1 : -1;
	return (a > b) - (a < b);
}

static bool listed(const struct pair *p)
{
	return p->significant && is_time_metric(p->a->metric) && !isnan(p->change_pct);
}

/* The significant time-metric pairs of `bench` (all benches: NULL), sorted; *n of them. */
static const struct pair **sorted_changes(const struct comparison *c, const char *bench,
					  size_t *n)
{
	/* An array of pointers, not of pairs: sizeof a pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	const struct pair **v = calloc(c->pair_count ? c->pair_count : 1, sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < c->pair_count; i++)
		if (listed(&c->pairs[i]) && (!bench || !strcmp(c->pairs[i].a->key[K_BENCH], bench)))
			v[(*n)++] = &c->pairs[i];
	qsort(v, *n, sizeof(*v), cmp_change); /* NOLINT(bugprone-sizeof-expression): pointers */
	return v;
}

/* The change column's header: the level of every shown interval when they share one below
 * 95% ("change [87% CI]", and the rows say nothing), else "≥95%" and a lower level per row. */
static char *change_header(const struct pair *const *v, size_t n, bool *say_level)
{
	int shared = -1;

	*say_level = false;
	for (size_t i = 0; i < n; i++) {
		int pct = (int)floor(v[i]->ci_level * 100.0 + 1e-6);

		if (isnan(v[i]->ci_low_pct))
			continue;
		if (!ci_below_95(v[i]->ci_level))
			pct = 95;
		if (shared >= 0 && pct != shared)
			*say_level = true;
		shared = pct;
	}
	if (*say_level || shared < 0 || shared >= 95)
		return strdup("change [≥95% CI]");
	return fmt_alloc("change [%d%% CI]", shared);
}

/* "p=0.008", "p<0.001", "-" (no samples): unit and n are in the notes, said once; a row
 * tested within-run among rows tested on repetitions says so. */
static char *fmt_p_short(const struct pair *p, bool mixed_units)
{
	const char *tail = mixed_units && p->unit == UNIT_SAMPLES ? " within-run" : "";

	if (isnan(p->p_value))
		return strdup("-");
	if (p->p_value < 0.001)
		return fmt_alloc("p<0.001%s", tail);
	return fmt_alloc("p=%.3f%s", p->p_value, tail);
}

static bool units_mixed(const struct comparison *c)
{
	bool reps = false, samples = false;

	for (size_t i = 0; i < c->pair_count; i++) {
		reps |= c->pairs[i].unit == UNIT_REPS;
		samples |= c->pairs[i].unit == UNIT_SAMPLES;
	}
	return reps && samples;
}

static int print_headline(FILE *fp, const struct comparison *c)
{
	struct table t = { .ncols = 6, .right_mask = 0x34 | 0x8 };
	char *hdr[TABLE_COLS] = { strdup("bench"), strdup("metric"), strdup("configs"),
				  strdup("geomean change [95% CI]"), strdup("sig. slower"),
				  strdup("sig. faster") };
	int ret = table_add_row(&t, hdr);

	for (size_t g = 0; g < c->group_count && !ret; g++) {
		const struct pair_group *grp = &c->groups[g];

		if (!is_time_metric(grp->first->metric))
			continue;
		char *row[TABLE_COLS] = {
			strdup(grp->first->key[K_BENCH]),
			strdup(grp->first->metric),
			fmt_alloc("%zu", grp->end - grp->begin),
			fmt_change_ci(grp->geo_change_pct, grp->geo_ci_low_pct,
				      grp->geo_ci_high_pct, grp->geo_ci_level, true),
			fmt_alloc("%zu", grp->slower),
			fmt_alloc("%zu", grp->faster),
		};
		ret = table_add_row(&t, row);
	}
	if (!ret && t.rows > 1) {
		fprintf(fp, "time metrics, B against A: geomean of the configurations' ratios of "
			    "medians (95%% CI: bootstrap over configurations)\n");
		table_print(fp, &t, OUT_TEXT);
		fputc('\n', fp);
	} else if (!ret) {
		fprintf(fp, "headline: no time metric in both runs\n\n");
	}
	table_free(&t);
	return ret;
}

/* The rows v[0..n) as a table: with the bench column (the largest changes of all benches) or
 * without (one bench's table). */
static int print_changes(FILE *fp, const struct pair *const *v, size_t n, bool with_bench,
			 bool mixed_units)
{
	int col0 = with_bench ? 1 : 0, ret;
	bool say_level, any_p = false;
	struct table t = { .ncols = 6 + col0 };
	char *change = change_header(v, n, &say_level);

	for (size_t i = 0; i < n; i++)
		any_p |= !isnan(v[i]->p_value);
	/* No p-value at all (no samples): no column of dashes; the note says why once. */
	if (!any_p)
		t.ncols--;
	t.right_mask = 0x3u << (col0 + 2);
	char *hdr[TABLE_COLS] = { 0 };

	if (with_bench)
		hdr[0] = strdup("bench");
	hdr[col0] = strdup("config");
	hdr[col0 + 1] = strdup("metric");
	hdr[col0 + 2] = strdup("A");
	hdr[col0 + 3] = strdup("B");
	hdr[col0 + 4] = change;
	if (any_p)
		hdr[col0 + 5] = strdup("p-value");
	ret = table_add_row(&t, hdr);
	for (size_t i = 0; i < n && !ret; i++) {
		const struct pair *p = v[i];
		char *row[TABLE_COLS] = { 0 };

		if (with_bench)
			row[0] = strdup(p->a->key[K_BENCH]);
		row[col0] = config_label_of(p->a);
		row[col0 + 1] = strdup(p->a->metric);
		row[col0 + 2] = fmt_value(p->sa.center, p->a->unit);
		row[col0 + 3] = fmt_value(p->sb.center, p->a->unit);
		row[col0 + 4] = fmt_change_ci(p->change_pct, p->ci_low_pct, p->ci_high_pct,
					      p->ci_level, say_level);
		if (any_p)
			row[col0 + 5] = fmt_p_short(p, mixed_units);
		ret = table_add_row(&t, row);
	}
	if (!ret)
		table_print(fp, &t, OUT_TEXT);
	table_free(&t);
	return ret;
}

static int print_bench_tables(FILE *fp, const struct comparison *c, bool mixed_units)
{
	int ret = 0;

	for (size_t g = 0; g < c->group_count && !ret; g++) {
		const char *bench = c->groups[g].first->key[K_BENCH];
		const struct pair **v;
		size_t n, rows = 0;
		bool seen = false;

		for (size_t k = 0; k < g && !seen; k++)
			seen = !strcmp(c->groups[k].first->key[K_BENCH], bench);
		if (seen)
			continue; /* one table per bench, at its first group */
		for (size_t k = g; k < c->group_count; k++)
			if (!strcmp(c->groups[k].first->key[K_BENCH], bench) &&
			    is_time_metric(c->groups[k].first->metric))
				rows += c->groups[k].end - c->groups[k].begin;
		v = sorted_changes(c, bench, &n);
		if (!v)
			return -ENOMEM;
		if (n) {
			fprintf(fp, "%s: %zu of %zu time rows changed significantly", bench, n, rows);
			if (n > BENCH_ROWS_SHOWN)
				fprintf(fp, "; the %d largest (--all: every row)", BENCH_ROWS_SHOWN);
			fputs(":\n", fp);
			ret = print_changes(fp, v, n < BENCH_ROWS_SHOWN ? n : BENCH_ROWS_SHOWN,
					    false, mixed_units);
			fputc('\n', fp);
		}
		free(v);
	}
	return ret;
}

#define PLACEMENT_SHOWN 6

/* cross_cpu_share apart from the times (DESIGN §8): a scheduler that puts more children on the
 * other CPU makes creation look slower without costing more, so it is said as its own change,
 * in percentage points, with the two-proportion z test on the pooled creations. */
static void print_placement(FILE *fp, const struct comparison *c)
{
	size_t total = 0, sig = 0, shown = 0;

	for (size_t i = 0; i < c->pair_count; i++) {
		total += is_share_metric(c->pairs[i].a->metric);
		sig += is_share_metric(c->pairs[i].a->metric) && c->pairs[i].significant;
	}
	if (!total)
		return;
	fprintf(fp, "placement: cross_cpu_share, B - A in percentage points (two-proportion z test "
		    "on the pooled creations, within-run only): %zu of %zu configurations changed "
		    "significantly\n",
		sig, total);
	for (size_t i = 0; i < c->pair_count && shown < PLACEMENT_SHOWN; i++) {
		const struct pair *p = &c->pairs[i];
		char *label;

		if (!is_share_metric(p->a->metric) || !p->significant)
			continue;
		label = config_label_of(p->a);
		fprintf(fp, "  %s %s: %.1f%% -> %.1f%% cross-CPU, %+.1f pp [%+.1f, %+.1f] ",
			p->a->key[K_BENCH], label ? label : p->a->key[K_METHOD], p->sa.center * 100.0,
			p->sb.center * 100.0, p->change_pct, p->ci_low_pct, p->ci_high_pct);
		if (p->p_value < 0.001)
			fprintf(fp, "p<0.001\n");
		else
			fprintf(fp, "p=%.3f\n", p->p_value);
		free(label);
		shown++;
	}
	if (sig > shown)
		fprintf(fp, "  and %zu more (--all, --csv: every row)\n", sig - shown);
	fputc('\n', fp);
}

/* What the view leaves out, in one line each: significant changes of other metrics, and the
 * configurations of one run only. */
static void print_left_out(FILE *fp, const struct comparison *c)
{
	size_t other = 0;

	for (size_t i = 0; i < c->pair_count; i++)
		other += c->pairs[i].significant && !is_time_metric(c->pairs[i].a->metric) &&
			 !is_share_metric(c->pairs[i].a->metric);
	if (other)
		fprintf(fp, "not shown: %zu significant change%s of counters, sizes and rates "
			    "(--all, --csv: every row)\n",
			other, other == 1 ? "" : "s");
	for (int side = 0; side < 2; side++) {
		size_t n = c->only_count[side];

		if (!n)
			continue;
		fprintf(fp, "only in %s: %zu row%s", side ? "B" : "A", n, n == 1 ? "" : "s");
		if (n > ONLY_NAMED) {
			fputs(" (--all lists them)\n", fp);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			const struct run_reader_row *r = c->only[side][i];
			char *label = config_label_of(r);

			fprintf(fp, "%s %s %s %s", i ? "," : ":", r->key[K_BENCH],
				label ? label : r->key[K_METHOD], r->metric);
			free(label);
		}
		fputc('\n', fp);
	}
	if (other || c->only_count[0] || c->only_count[1])
		fputc('\n', fp);
}

int headline_print(FILE *fp, const struct comparison *c, const struct compare_opts *o)
{
	bool mixed = units_mixed(c);
	const struct pair **v;
	size_t n;
	int ret;

	(void)o;
	ret = print_headline(fp, c);
	if (ret)
		return ret;
	v = sorted_changes(c, NULL, &n);
	if (!v)
		return -ENOMEM;
	if (n) {
		fprintf(fp, "largest changes (significant, time metrics):\n");
		ret = print_changes(fp, v, n < LARGEST_SHOWN ? n : LARGEST_SHOWN, true, mixed);
		fputc('\n', fp);
	} else {
		fprintf(fp, "no significant change in any time metric\n\n");
	}
	free(v);
	/* Per bench only when the list above could not hold every change. */
	if (!ret && n > LARGEST_SHOWN)
		ret = print_bench_tables(fp, c, mixed);
	if (!ret)
		print_placement(fp, c);
	if (!ret)
		print_left_out(fp, c);
	return ret;
}
