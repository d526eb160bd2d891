/* What `forkbench compare` prints of one run against another (compare_two): the metadata
 * differences, then every row (--csv, --markdown, --all) or the default view
 * (compare_headline.c), the rows in one run only, and the notes on what the p-values were
 * computed from; the tallies behind the warning line and the --fail-on gate. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_stats.h"
#include "csv.h"
#include "stats.h"

static const char *const unit_names[] = { "summary", "samples", "reps" };

const char *run_name(const struct run_reader_run *r)
{
	const char *id = json_flat_get(&r->meta, "run_id");

	return id && id[0] ? id : r->dir;
}

/* ---- CSV ---- */

static void csv_row_start(FILE *fp, const struct run_reader_run *ra,
			  const struct run_reader_run *rb, const char *kind,
			  const struct run_reader_row *key_row, const char *bench,
			  const char *metric, const char *unit)
{
	csv_field(fp, run_name(ra));
	csv_sep(fp);
	csv_field(fp, run_name(rb));
	csv_sep(fp);
	csv_field(fp, kind);
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++) {
		csv_sep(fp);
		if (key_row)
			csv_field(fp, key_row->key[i]);
		else if (i == K_BENCH)
			csv_field(fp, bench);
	}
	csv_sep(fp);
	if (key_row) { /* config: the pair's label, empty on a geomean row */
		char *label = config_label_of(key_row);

		csv_field(fp, label ? label : "");
		free(label);
	}
	csv_sep(fp);
	csv_field(fp, metric);
	csv_sep(fp);
	csv_field(fp, unit);
}

/* n, median, ci95_low, ci95_high of a side; sd NULL: empty cells. */
static void csv_side(FILE *fp, const struct side *sd)
{
	csv_sep(fp);
	if (sd)
		csv_u64(fp, sd->n);
	csv_sep(fp);
	csv_double(fp, sd ? sd->center : NAN);
	csv_sep(fp);
	csv_double(fp, sd ? sd->low : NAN);
	csv_sep(fp);
	csv_double(fp, sd ? sd->high : NAN);
}

/* New columns go last: readers (scripts/compare.sh, tests) find columns by header name. */
void csv_header(FILE *fp)
{
	fputs("baseline,run,kind", fp);
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		fprintf(fp, ",%s", run_reader_key_names[i]);
	fputs(",config,metric,unit,a_n,a_median,a_ci95_low,a_ci95_high,b_n,b_median,b_ci95_low,"
	      "b_ci95_high,change_pct,change_ci95_low_pct,change_ci95_high_pct,p_value,"
	      "significant,test_unit,a_reps,b_reps,change_ci_level,rep_min_p,a_ci_level,"
	      "b_ci_level,change_estimator,change_ci_method\n",
	      fp);
}

/* What a row's change columns hold; a row in one run only has none. */
struct csv_change {
	double pct, low_pct, high_pct, level, p, rep_min_p;
	const char *significant, *test_unit, *estimator, *ci_method;
};

/* test_unit: reps (a_n, b_n count repetitions and a_median is the median of the repetition
 * medians), samples (within-run only), summary (no samples.csv). change_pct: the estimate
 * named by change_estimator (ratio_of_medians, hodges_lehmann, geomean_of_ratios), always
 * within the change_ci95 columns, whose interval change_ci_method names. change_ci_level: the
 * coverage those columns achieve (below 0.95 for Hodges-Lehmann at 3 vs 3 or 3 vs 4; the
 * nominal 0.95 for the bootstraps; for summary, at least a_ci_level * b_ci_level). a_ci_level,
 * b_ci_level: the levels of a_ci95_low..high and b_ci95_low..high (empty: no interval).
 * rep_min_p: the smallest p a test on the repetition medians could give; test_unit samples
 * with a_reps, b_reps >= 3 means it was above alpha. */
static void csv_tail(FILE *fp, const struct csv_change *ch, const struct side *sa,
		     const struct side *sb)
{
	csv_sep(fp);
	csv_double(fp, ch->pct);
	csv_sep(fp);
	csv_double(fp, ch->low_pct);
	csv_sep(fp);
	csv_double(fp, ch->high_pct);
	csv_sep(fp);
	csv_double(fp, ch->p);
	csv_sep(fp);
	fputs(ch->significant, fp);
	csv_sep(fp);
	csv_field(fp, ch->test_unit);
	csv_sep(fp);
	if (sa && sa->reps)
		csv_u64(fp, sa->reps);
	csv_sep(fp);
	if (sb && sb->reps)
		csv_u64(fp, sb->reps);
	csv_sep(fp);
	csv_double(fp, ch->level);
	csv_sep(fp);
	csv_double(fp, ch->rep_min_p);
	csv_sep(fp);
	csv_double(fp, sa ? sa->level : NAN);
	csv_sep(fp);
	csv_double(fp, sb ? sb->level : NAN);
	csv_sep(fp);
	csv_field(fp, ch->estimator);
	csv_sep(fp);
	csv_field(fp, ch->ci_method);
	csv_eol(fp);
}

static const struct csv_change no_change = { NAN, NAN, NAN, NAN, NAN, NAN, "", "", "", "" };

static void csv_pair(FILE *fp, const struct comparison *c, const struct pair *p)
{
	struct csv_change ch = {
		p->change_pct, p->ci_low_pct, p->ci_high_pct, p->ci_level, p->p_value,
		p->rep_min_p, p->significant ? "true" : "false", unit_names[p->unit],
		change_estimator_names[p->estimator], change_ci_method_names[p->ci_method],
	};

	csv_row_start(fp, c->ra, c->rb, "pair", p->a, NULL, p->a->metric, p->a->unit);
	csv_side(fp, &p->sa);
	csv_side(fp, &p->sb);
	csv_tail(fp, &ch, &p->sa, &p->sb);
}

static void csv_geomean(FILE *fp, const struct comparison *c, const struct pair_group *g)
{
	struct csv_change ch = no_change;

	ch.pct = g->geo_change_pct;
	ch.low_pct = g->geo_ci_low_pct;
	ch.high_pct = g->geo_ci_high_pct;
	ch.level = g->geo_ci_level;
	ch.estimator = change_estimator_names[EST_GEOMEAN];
	ch.ci_method = change_ci_method_names[isnan(g->geo_ci_low_pct) ? CIM_NONE
								      : CIM_BOOTSTRAP_CONFIGS];
	csv_row_start(fp, c->ra, c->rb, "geomean", NULL, g->first->key[K_BENCH],
		      g->first->metric, g->first->unit);
	fputs(",,", fp); /* a_n empty: a geomean has no sample count */
	csv_double(fp, g->geo_a);
	fputs(",,,,", fp);
	csv_double(fp, g->geo_b);
	fputs(",,", fp);
	csv_tail(fp, &ch, NULL, NULL);
}

static void csv_only(FILE *fp, const struct comparison *c, int side,
		     const struct run_reader_row *r)
{
	struct side sd = row_side(r);

	csv_row_start(fp, c->ra, c->rb, side ? "only_b" : "only_a", r, NULL, r->metric, r->unit);
	csv_side(fp, side ? NULL : &sd);
	csv_side(fp, side ? &sd : NULL);
	csv_tail(fp, &no_change, side ? NULL : &sd, side ? &sd : NULL);
}

static void print_csv(FILE *fp, const struct comparison *c)
{
	for (size_t g = 0; g < c->group_count; g++) {
		const struct pair_group *grp = &c->groups[g];

		for (size_t i = grp->begin; i < grp->end; i++)
			csv_pair(fp, c, &c->pairs[i]);
		if (grp->ratios)
			csv_geomean(fp, c, grp);
	}
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < c->only_count[side]; i++)
			csv_only(fp, c, side, c->only[side][i]);
}

/* ---- tallies: the notes, the warning line, the gate ---- */

static void tally_unit(struct unit_tally *t, const struct pair *p)
{
	if (p->unit == UNIT_REPS) {
		if (!t->pairs[UNIT_REPS]) {
			t->reps_a = p->sa.n;
			t->reps_b = p->sb.n;
		} else if (t->reps_a != p->sa.n || t->reps_b != p->sb.n) {
			t->reps_mixed = true;
		}
	}
	if (p->reps_too_few) {
		if (!t->too_few) {
			t->few_a = p->sa.reps;
			t->few_b = p->sb.reps;
		} else if (t->few_a != p->sa.reps || t->few_b != p->sb.reps) {
			t->few_mixed = true;
		}
		if (!(t->few_min_p >= p->rep_min_p))
			t->few_min_p = p->rep_min_p;
		t->too_few++;
	}
	t->pairs[p->unit]++;
}

/*
 * --fail-on PCT (DESIGN §8): a time metric fails the gate when its change estimate is above PCT
 * and the test on repetition medians finds it at --alpha. Not the display's `significant`: a
 * within-run p speaks for one process per run, and the noise threshold is the display's.
 */
static void tally_gate(struct unit_tally *t, const struct pair *p, const struct compare_opts *o)
{
	char *label;

	if (o->fail_on_pct < 0.0 || !is_time_metric(p->a->metric) || p->unit != UNIT_REPS)
		return;
	t->gate_tested++;
	if (!(p->p_value <= o->alpha && p->change_pct > o->fail_on_pct))
		return;
	if (t->gate_failed < GATE_SHOWN) {
		label = config_label_of(p->a);
		snprintf(t->gate_shown[t->gate_failed], sizeof(t->gate_shown[0]),
			 "%s %s %s %+.1f%% (p=%.3f)", p->a->key[K_BENCH],
			 label ? label : p->a->key[K_METHOD], p->a->metric, p->change_pct,
			 p->p_value);
		free(label);
	}
	t->gate_failed++;
}

/* One comparison's tally into the total over all of them (for the single warning line). */
void tally_merge(struct unit_tally *into, const struct unit_tally *t)
{
	for (int u = 0; u < 3; u++)
		into->pairs[u] += t->pairs[u];
	if (t->too_few) {
		if (into->too_few && (into->few_a != t->few_a || into->few_b != t->few_b))
			into->few_mixed = true;
		if (!into->too_few) {
			into->few_a = t->few_a;
			into->few_b = t->few_b;
		}
		into->few_mixed |= t->few_mixed;
		if (!(into->few_min_p >= t->few_min_p))
			into->few_min_p = t->few_min_p;
		into->too_few += t->too_few;
	}
	for (size_t i = 0; i < t->gate_failed && i < GATE_SHOWN; i++)
		if (into->gate_failed + i < GATE_SHOWN)
			memcpy(into->gate_shown[into->gate_failed + i], t->gate_shown[i],
			       sizeof(t->gate_shown[i]));
	into->gate_failed += t->gate_failed;
	into->gate_tested += t->gate_tested;
}

/* "3 vs 3 repetitions", or "too few repetitions" when the rows differ. */
void fmt_few(char *out, size_t len, const struct unit_tally *t)
{
	if (t->few_mixed)
		snprintf(out, len, "too few repetitions");
	else
		snprintf(out, len, "%zu vs %zu repetitions", t->few_a, t->few_b);
}

/* The repetitions a side needs for the test on repetition medians to reach alpha: at least
 * the suite's 5, more for a smaller alpha. */
size_t reps_needed(double alpha)
{
	size_t r = RECOMMENDED_REPS;

	while (cstats_mwu_min_p(r, r) > alpha)
		r++;
	return r;
}

/* The fewest repetitions a side with which the exact test can reach alpha (4 at 0.05). */
size_t gate_min_reps(double alpha)
{
	size_t r = MIN_REPS_FOR_TEST;

	while (cstats_mwu_min_p(r, r) > alpha)
		r++;
	return r;
}

/* Under the tables: what n and p are made of, since it decides how far they can be trusted;
 * said once, not on every row. */
static void print_unit_note(FILE *fp, const struct unit_tally *t, const struct comparison *c,
			    const struct compare_opts *o)
{
	const char *lead = o->format == OUT_MARKDOWN ? "" : "note: ";
	/* Markdown: a blank line between notes, or they run into one paragraph. */
	const char *gap = o->format == OUT_MARKDOWN ? "\n" : "";
	double within = o->threshold_pct >= 0.0 ? o->threshold_pct : THRESHOLD_WITHIN_RUN_PCT;
	bool printed = false;

	if (t->pairs[UNIT_REPS]) {
		fprintf(fp, "%sunit: repetition medians", lead);
		if (!t->reps_mixed)
			fprintf(fp, ", n=%zu vs %zu", t->reps_a, t->reps_b);
		fprintf(fp, " (A, B: median of the repetition medians%s; p: Mann-Whitney on them; "
			    "change: %s)\n",
			o->format == OUT_TEXT && !o->all ? "" : " ± half its CI",
			o->ci == CI_BOOTSTRAP ? "their ratio of medians in its bootstrap interval"
					      : "the Hodges-Lehmann estimate in its interval");
		printed = true;
	}
	size_t below = t->pairs[UNIT_SAMPLES] - t->too_few;

	if (below) {
		fprintf(fp, "%s%s%zu row%s with < %d repetitions in a run: p is within-run only "
			    "(one process per run, blind to run-to-run variance); changes under "
			    "%g%% show ~\n",
			printed ? gap : "", lead, below, below == 1 ? "" : "s", MIN_REPS_FOR_TEST,
			within);
		printed = true;
	}
	if (t->too_few) {
		char few[64];

		fmt_few(few, sizeof(few), t);
		fprintf(fp, "%s%s%zu row%s with %s: reps too few for alpha %g (min p = %.3f on "
			    "the repetition medians): p is within-run only (one process per run, "
			    "blind to run-to-run variance); changes under %g%% show ~; measure "
			    "with --repetitions %zu\n",
			printed ? gap : "", lead, t->too_few, t->too_few == 1 ? "" : "s", few,
			o->alpha, t->few_min_p, within, reps_needed(o->alpha));
		printed = true;
	}
	for (size_t g = 0; g < c->group_count; g++) {
		if (isnan(c->groups[g].geo_ci_low_pct))
			continue;
		fprintf(fp, "%s%sgeomean: of the configurations' ratios of medians; its CI: "
			    "percentile bootstrap over the configurations (%d resamples, seed "
			    "%llu), nominal 95%%\n",
			printed ? gap : "", lead, BOOTSTRAP_RESAMPLES,
			(unsigned long long)o->seed);
		printed = true;
		break;
	}
	if (t->pairs[UNIT_SUMMARY])
		fprintf(fp, "%s%s%s has no samples.csv: %zu row%s judged from the summaries' median "
			    "CIs alone (no p-values, shown as -; the change's CI covers at least the "
			    "product of their levels)\n",
			printed ? gap : "", lead,
			!c->ra->has_samples ? c->ra->dir : c->rb->dir, t->pairs[UNIT_SUMMARY],
			t->pairs[UNIT_SUMMARY] == 1 ? "" : "s");
	if (printed || t->pairs[UNIT_SUMMARY])
		fputc('\n', fp);
}

/* ---- every row: --markdown, --all ---- */

static int print_group(FILE *fp, const struct comparison *c, const struct pair_group *g,
		       const struct compare_opts *o)
{
	struct table t = { .ncols = 5, .right_mask = 0x6 };
	int ret;

	ret = table_add(&t, fmt_alloc("%s %s", g->first->key[K_BENCH], g->first->metric),
			strdup("A"), strdup("B"), strdup("change [≥95% CI]"), strdup("p-value"));
	for (size_t i = g->begin; i < g->end && !ret; i++) {
		const struct pair *p = &c->pairs[i];

		ret = table_add(&t, config_label_of(p->a), fmt_median_ci(&p->sa, p->a->unit),
				fmt_median_ci(&p->sb, p->a->unit), fmt_change(p), fmt_p(p));
	}
	/* The geometric mean of the ratios of medians, whatever each row's estimator. */
	if (!ret && g->ratios)
		ret = table_add(&t, strdup("geomean (ratio of medians)"),
				fmt_value(g->geo_a, g->first->unit),
				fmt_value(g->geo_b, g->first->unit),
				fmt_change_ci(g->geo_change_pct, g->geo_ci_low_pct,
					      g->geo_ci_high_pct, g->geo_ci_level, true),
				strdup(""));
	if (!ret) {
		table_print(fp, &t, o->format);
		fputc('\n', fp);
	}
	table_free(&t);
	return ret;
}

/* Configurations present in one run only: listed, never dropped silently. */
static int print_only_lists(FILE *fp, const struct comparison *c, const struct compare_opts *o)
{
	for (int side = 0; side < 2; side++) {
		for (size_t i = 0; i < c->only_count[side]; i++) {
			const struct run_reader_row *r = c->only[side][i];
			char *label = config_label_of(r);

			if (!label)
				return -ENOMEM;
			if (!i)
				fprintf(fp, o->format == OUT_MARKDOWN ? "### Only in %s\n\n"
								      : "only in %s:\n",
					side ? "B" : "A");
			fprintf(fp, "%s%s %s %s\n", o->format == OUT_MARKDOWN ? "- " : "  ",
				r->key[K_BENCH], label, r->metric);
			free(label);
		}
		if (c->only_count[side])
			fputc('\n', fp);
	}
	return 0;
}

/* ---- the comparison ---- */

static int print_meta(FILE *fp, const struct comparison *c, const struct compare_opts *o)
{
	struct table t = { .ncols = 3 };
	int ret;

	ret = table_add(&t, strdup("field"), strdup("A"), strdup("B"), strdup(""), strdup(""));
	if (!ret)
		ret = meta_diff(c->ra, c->rb, &t);
	if (ret)
		goto out;
	if (o->format == OUT_CSV) {
		for (size_t r = 1; r < t.rows; r++)
			fprintf(stderr, "forkbench compare: meta %s: %s -> %s\n", t.cells[r][0],
				t.cells[r][1], t.cells[r][2]);
		goto out;
	}
	fprintf(fp, "%sA: %s (%s)\n%sB: %s (%s)\n\n", o->format == OUT_MARKDOWN ? "- " : "",
		c->ra->dir, run_name(c->ra), o->format == OUT_MARKDOWN ? "- " : "", c->rb->dir,
		run_name(c->rb));
	if (t.rows > 1) {
		fprintf(fp, o->format == OUT_MARKDOWN ? "### Metadata differences\n\n"
						      : "metadata differences:\n");
		table_print(fp, &t, o->format);
	} else {
		fprintf(fp, "metadata: no differences (run id, times, free memory and timer "
			    "overhead ignored)\n");
	}
	fputc('\n', fp);
out:
	table_free(&t);
	return ret;
}

int compare_two(FILE *fp, const struct run_reader_run *ra, const struct run_reader_run *rb,
		const struct compare_opts *o, struct unit_tally *tally)
{
	struct comparison c;
	int ret;

	ret = comparison_build(ra, rb, o, &c);
	if (ret)
		return ret;
	for (size_t i = 0; i < c.pair_count; i++) {
		tally_unit(tally, &c.pairs[i]);
		tally_gate(tally, &c.pairs[i], o);
	}
	/* Metadata first: a "regression" between a VM and bare metal is not a regression. */
	ret = print_meta(fp, &c, o);
	if (ret)
		goto out;
	if (o->format == OUT_CSV) {
		print_csv(fp, &c);
		goto out;
	}
	if (o->format == OUT_TEXT && !o->all) {
		ret = headline_print(fp, &c, o);
	} else {
		for (size_t g = 0; g < c.group_count && !ret; g++)
			ret = print_group(fp, &c, &c.groups[g], o);
		if (!ret)
			ret = print_only_lists(fp, &c, o);
	}
	if (!ret)
		print_unit_note(fp, tally, &c, o);
out:
	comparison_free(&c);
	return ret;
}
