/* What `forkbench compare` prints: aligned text and markdown tables, the formatting of values,
 * changes and p-values, --csv rows, the metadata differences, the per-unit notes, and
 * compare_two, which prints one run against another. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_stats.h"
#include "config_label.h"
#include "csv.h"
#include "stats.h"

static const char *const unit_names[] = { "summary", "samples", "reps" };

/* Fields that differ between any two runs and say nothing about the machine. */
static const char *const meta_ignored[] = {
	"run_id", "started_utc", "finished_utc", "memory_available_bytes", "timer_overhead_ns",
};


/* ---- aligned tables (text and markdown share the cells) ---- */

#define COLS 5
struct table {
	char *(*cells)[COLS];
	size_t rows, cap;
	int ncols;           /* columns printed (cells beyond are "") */
	unsigned right_mask; /* bit c: column c is right-aligned (numbers) */
};

static char *fmt_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static int table_add(struct table *t, char *c0, char *c1, char *c2, char *c3, char *c4)
{
	char *row[COLS] = { c0, c1, c2, c3, c4 };

	for (int i = 0; i < COLS; i++)
		if (!row[i])
			goto nomem;
	if (t->rows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		void *p = realloc(t->cells, cap * sizeof(*t->cells));

		if (!p)
			goto nomem;
		t->cells = p;
		t->cap = cap;
	}
	memcpy(t->cells[t->rows++], row, sizeof(row));
	return 0;
nomem:
	for (int i = 0; i < COLS; i++)
		free(row[i]);
	return -ENOMEM;
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < COLS; c++)
			free(t->cells[r][c]);
	free(t->cells);
	t->cells = NULL;
	t->rows = t->cap = 0;
}

/* Display width of UTF-8 text: continuation bytes take no column ("µ", "±"). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void print_padded(FILE *fp, const char *s, size_t width, bool right)
{
	size_t w = text_width(s);

	if (right)
		fprintf(fp, "%*s%s", (int)(width > w ? width - w : 0), "", s);
	else
		fprintf(fp, "%s%*s", s, (int)(width > w ? width - w : 0), "");
}

static void table_print(FILE *fp, const struct table *t, enum compare_format format)
{
	size_t width[COLS] = { 0 };

	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < t->ncols; c++)
			if (text_width(t->cells[r][c]) > width[c])
				width[c] = text_width(t->cells[r][c]);
	for (size_t r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			bool right = t->right_mask & (1u << c);

			if (format == OUT_MARKDOWN) {
				/* '|' inside a cell would split it: method flags contain it. */
				fputs("| ", fp);
				for (const char *s = t->cells[r][c]; *s; s++) {
					if (*s == '|')
						fputc('\\', fp);
					fputc(*s, fp);
				}
				fputc(' ', fp);
				continue;
			}
			bool rest_empty = true;

			for (int k = c + 1; k < t->ncols; k++)
				rest_empty = rest_empty && !t->cells[r][k][0];
			if (c)
				fputs("  ", fp);
			/* Nothing after this cell: no padding, so no trailing blanks. */
			print_padded(fp, t->cells[r][c], rest_empty && !right ? 0 : width[c],
				     right);
			if (rest_empty && !right)
				break;
		}
		fputs(format == OUT_MARKDOWN ? "|\n" : "\n", fp);
		if (format == OUT_MARKDOWN && r == 0) {
			for (int c = 0; c < t->ncols; c++)
				fputs(t->right_mask & (1u << c) ? "|--:" : "|---", fp);
			fputs("|\n", fp);
		}
	}
}

/* ---- formatting ---- */

/* 101168 ns -> "101.2µs": 4 significant digits in the largest unit that keeps the value >= 1. */
static char *fmt_value(double v, const char *unit)
{
	static const struct {
		double scale;
		const char *name;
	} ns_units[] = { { 1e9, "s" }, { 1e6, "ms" }, { 1e3, "µs" }, { 1, "ns" } };
	const size_t count = sizeof(ns_units) / sizeof(ns_units[0]);

	if (isnan(v))
		return strdup("-");
	if (!strcmp(unit, "ns")) {
		for (size_t i = 0; i < count; i++)
			if (fabs(v) >= ns_units[i].scale || i + 1 == count)
				return fmt_alloc("%.4g%s", v / ns_units[i].scale, ns_units[i].name);
	}
	return fmt_alloc("%.4g %s", v, unit);
}

static char *fmt_median_ci(const struct side *sd, const char *unit)
{
	char *v = fmt_value(sd->center, unit), *s;
	double half_pct = (sd->high - sd->low) / 2.0 / fabs(sd->center) * 100.0;

	if (!v)
		return NULL;
	/* The half-width is of the CI at the side's level: said where that is below 95%. */
	if (isfinite(half_pct) && sd->level < CI_CONFIDENCE - 1e-9)
		s = fmt_alloc("%s ± %.1f%% (%.4g%% CI)", v, half_pct, sd->level * 100.0);
	else if (isfinite(half_pct))
		s = fmt_alloc("%s ± %.1f%%", v, half_pct);
	else
		s = strdup(v);
	free(v);
	return s;
}

/* The configuration's label (config_label.h): the one summary.csv's config column holds, built
 * from the key cells so runs written before that column read the same. */
char *config_label_of(const struct run_reader_row *r)
{
	const char *cells[RUN_READER_KEY_COLUMNS];
	char buf[CONFIG_LABEL_MAX];
	struct config_key k;

	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		cells[i] = r->key[i];
	if (config_key_parse(cells, &k))
		return strdup(r->key[K_METHOD]); /* a count that is no number: the method alone */
	config_label(&k, buf, sizeof(buf));
	return strdup(buf);
}

static char *fmt_pct(double v)
{
	return isnan(v) ? strdup("?") : fmt_alloc("%+.1f%%", v);
}

static bool ci_below_95(const struct pair *p)
{
	/* The epsilon keeps an exact 95% (the bootstrap's nominal level) from reading as less. */
	return p->ci_level < CI_CONFIDENCE - 1e-9;
}

static char *fmt_change(const struct pair *p)
{
	char *c, *lo, *hi, *s;

	if (!p->significant)
		return strdup("~");
	c = fmt_pct(p->change_pct);
	lo = fmt_pct(p->ci_low_pct);
	hi = fmt_pct(p->ci_high_pct);
	/* The header says at least 95% (bootstrap: nominal 95%): an interval that covers less
	 * says what it covers. */
	if (c && lo && hi && ci_below_95(p))
		s = fmt_alloc("%s [%s, %s] %.0f%% CI", c, lo, hi,
			      floor(p->ci_level * 100.0 + 1e-6));
	else
		s = c && lo && hi ? fmt_alloc("%s [%s, %s]", c, lo, hi) : NULL;
	free(c);
	free(lo);
	free(hi);
	return s;
}

/* n counts the test's unit: "reps" says repetitions; "within-run only" says the samples of one
 * process per run, blind to the variance between processes. */
static char *fmt_p(const struct pair *p)
{
	const char *tail = p->unit == UNIT_REPS ? " reps" : " within-run only";
	char why[64] = "";

	if (isnan(p->p_value))
		return fmt_alloc("no samples n=%zu+%zu", p->a->n, p->b->n);
	/* Repetitions there were, but the test on them could never reach alpha: say so, or the
	 * reader takes "within-run only" for "too few repetitions to count". */
	if (p->reps_too_few)
		snprintf(why, sizeof(why), " (reps too few for alpha: min p = %.3f)", p->rep_min_p);
	if (p->p_value < 0.001)
		return fmt_alloc("p<0.001 n=%zu+%zu%s%s", p->sa.n, p->sb.n, tail, why);
	return fmt_alloc("p=%.3f n=%zu+%zu%s%s", p->p_value, p->sa.n, p->sb.n, tail, why);
}

/* ---- output ---- */

static bool meta_is_ignored(const char *key)
{
	for (size_t i = 0; i < sizeof(meta_ignored) / sizeof(meta_ignored[0]); i++)
		if (!strcmp(key, meta_ignored[i]))
			return true;
	return false;
}

/* Every key of A, then those only in B, whose values differ. */
static int meta_diff(const struct run_reader_run *ra, const struct run_reader_run *rb,
		     struct table *t)
{
	const struct run_reader_run *runs[2] = { ra, rb };
	int ret = 0;

	for (int side = 0; side < 2 && !ret; side++) {
		const struct json_flat *m = &runs[side]->meta;

		for (size_t i = 0; i < m->count && !ret; i++) {
			const char *key = m->items[i].key;
			const char *va = json_flat_get(&ra->meta, key);
			const char *vb = json_flat_get(&rb->meta, key);

			if (meta_is_ignored(key) || (side == 1 && va))
				continue;
			/* A key given twice: compare and print it once, at its last place. */
			if (json_flat_get(m, key) != m->items[i].value)
				continue;
			if (va && vb && !strcmp(va, vb))
				continue;
			ret = table_add(t, strdup(key), strdup(va ? va : "(absent)"),
					strdup(vb ? vb : "(absent)"), strdup(""), strdup(""));
		}
	}
	return ret;
}

const char *run_name(const struct run_reader_run *r)
{
	const char *id = json_flat_get(&r->meta, "run_id");

	return id && id[0] ? id : r->dir;
}

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

void csv_header(FILE *fp)
{
	fputs("baseline,run,kind", fp);
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		fprintf(fp, ",%s", run_reader_key_names[i]);
	fputs(",config,metric,unit,a_n,a_median,a_ci95_low,a_ci95_high,b_n,b_median,b_ci95_low,"
	      "b_ci95_high,change_pct,change_ci95_low_pct,change_ci95_high_pct,p_value,"
	      "significant,test_unit,a_reps,b_reps,change_ci_level,rep_min_p,a_ci_level,"
	      "b_ci_level\n",
	      fp);
}

/* test_unit: reps (a_n, b_n count repetitions and a_median is the median of the repetition
 * medians), samples (within-run only), summary (no samples.csv). change_ci_level: the coverage
 * the change_ci95 columns achieve (below 0.95 for Hodges-Lehmann at 3 vs 3 or 3 vs 4; the
 * nominal 0.95 for the bootstrap; for summary, at least a_ci_level * b_ci_level). a_ci_level,
 * b_ci_level: the levels of a_ci95_low..high and b_ci95_low..high (empty: no interval).
 * rep_min_p: the smallest p a test on the repetition medians could give; test_unit samples
 * with a_reps, b_reps >= 3 means it was above alpha. */
static void csv_tail(FILE *fp, double change, double lo, double hi, double p, const char *sig,
		     const char *unit, const struct side *sa, const struct side *sb,
		     double ci_level, double rep_min_p)
{
	csv_sep(fp);
	csv_double(fp, change);
	csv_sep(fp);
	csv_double(fp, lo);
	csv_sep(fp);
	csv_double(fp, hi);
	csv_sep(fp);
	csv_double(fp, p);
	csv_sep(fp);
	fputs(sig, fp);
	csv_sep(fp);
	csv_field(fp, unit);
	csv_sep(fp);
	if (sa && sa->reps)
		csv_u64(fp, sa->reps);
	csv_sep(fp);
	if (sb && sb->reps)
		csv_u64(fp, sb->reps);
	csv_sep(fp);
	csv_double(fp, ci_level);
	csv_sep(fp);
	csv_double(fp, rep_min_p);
	csv_sep(fp);
	csv_double(fp, sa ? sa->level : NAN);
	csv_sep(fp);
	csv_double(fp, sb ? sb->level : NAN);
	csv_eol(fp);
}

/* Rows of A in order, grouped by (bench, metric) in order of first appearance. */
static bool group_seen_before(const struct run_reader_run *ra, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(ra->rows[k].key[K_BENCH], ra->rows[i].key[K_BENCH]) &&
		    !strcmp(ra->rows[k].metric, ra->rows[i].metric))
			return true;
	return false;
}

static bool in_group(const struct run_reader_row *r, const struct run_reader_row *g)
{
	return !strcmp(r->key[K_BENCH], g->key[K_BENCH]) && !strcmp(r->metric, g->metric);
}

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

/* Under the tables: what n and p are made of, since it decides how far they can be trusted. */
static void print_unit_note(FILE *fp, const struct unit_tally *t, const struct compare_opts *o)
{
	const char *lead = o->format == OUT_MARKDOWN ? "" : "note: ";
	double within = o->threshold_pct >= 0.0 ? o->threshold_pct : THRESHOLD_WITHIN_RUN_PCT;

	if (t->pairs[UNIT_REPS]) {
		fprintf(fp, "%sunit: repetition medians", lead);
		if (!t->reps_mixed)
			fprintf(fp, ", n=%zu vs %zu", t->reps_a, t->reps_b);
		fprintf(fp, " (A, B: median of the repetition medians ± half its CI; p: "
			    "Mann-Whitney on them)\n");
	}
	size_t below = t->pairs[UNIT_SAMPLES] - t->too_few;
	/* Markdown: a blank line between notes, or they run into one paragraph. */
	bool printed = t->pairs[UNIT_REPS];

	if (below) {
		fprintf(fp, "%s%s%zu row%s with < %d repetitions in a run: p is within-run only "
			    "(one process per run, blind to run-to-run variance); changes under "
			    "%g%% show ~\n",
			printed && o->format == OUT_MARKDOWN ? "\n" : "", lead, below,
			below == 1 ? "" : "s", MIN_REPS_FOR_TEST, within);
		printed = true;
	}
	if (t->too_few) {
		char few[64];

		fmt_few(few, sizeof(few), t);
		fprintf(fp, "%s%s%zu row%s with %s: reps too few for alpha %g (min p = %.3f on "
			    "the repetition medians): p is within-run only (one process per run, "
			    "blind to run-to-run variance); changes under %g%% show ~; measure "
			    "with --repetitions %zu\n",
			printed && o->format == OUT_MARKDOWN ? "\n" : "", lead, t->too_few,
			t->too_few == 1 ? "" : "s", few, o->alpha, t->few_min_p, within,
			reps_needed(o->alpha));
	}
	if (t->pairs[UNIT_REPS] || t->pairs[UNIT_SAMPLES])
		fputc('\n', fp);
}

int compare_two(FILE *fp, const struct run_reader_run *ra, const struct run_reader_run *rb,
		const struct compare_opts *o, struct unit_tally *tally)
{
	struct table t = { .ncols = 5, .right_mask = 0x6 };
	bool text = o->format != OUT_CSV;
	int ret = 0;

	/* Metadata first: a "regression" between a VM and bare metal is not a regression. */
	ret = meta_diff(ra, rb, &t);
	if (ret)
		goto out;
	if (o->format == OUT_CSV) {
		for (size_t r = 0; r < t.rows; r++)
			fprintf(stderr, "forkbench compare: meta %s: %s -> %s\n", t.cells[r][0],
				t.cells[r][1], t.cells[r][2]);
	} else {
		fprintf(fp, "%sA: %s (%s)\n%sB: %s (%s)\n\n", o->format == OUT_MARKDOWN ? "- " : "",
			ra->dir, run_name(ra), o->format == OUT_MARKDOWN ? "- " : "", rb->dir,
			run_name(rb));
		if (t.rows) {
			struct table m = { .ncols = 3 };

			fprintf(fp, o->format == OUT_MARKDOWN ? "### Metadata differences\n\n"
							      : "metadata differences:\n");
			ret = table_add(&m, strdup("field"), strdup("A"), strdup("B"), strdup(""),
					strdup(""));
			for (size_t r = 0; r < t.rows && !ret; r++)
				ret = table_add(&m, strdup(t.cells[r][0]), strdup(t.cells[r][1]),
						strdup(t.cells[r][2]), strdup(""), strdup(""));
			if (!ret)
				table_print(fp, &m, o->format);
			table_free(&m);
			if (ret)
				goto out;
		} else {
			fprintf(fp, "metadata: no differences (run id, times, free memory and "
				    "timer overhead ignored)\n");
		}
		fputc('\n', fp);
	}
	table_free(&t);

	for (size_t g = 0; g < ra->row_count; g++) {
		const struct run_reader_row *grp = &ra->rows[g];
		double *ratios = NULL, *meds_a = NULL, *meds_b = NULL;
		size_t nr = 0;

		if (group_seen_before(ra, g))
			continue;
		ratios = calloc(ra->row_count, sizeof(*ratios));
		meds_a = calloc(ra->row_count, sizeof(*meds_a));
		meds_b = calloc(ra->row_count, sizeof(*meds_b));
		if (!ratios || !meds_a || !meds_b) {
			ret = -ENOMEM;
			goto group_out;
		}
		if (text)
			ret = table_add(&t, fmt_alloc("%s %s", grp->key[K_BENCH], grp->metric),
					strdup("A"), strdup("B"), strdup("change [≥95% CI]"),
					strdup("p-value"));
		for (size_t i = g; i < ra->row_count && !ret; i++) {
			struct pair p = { .a = &ra->rows[i] };

			if (!in_group(p.a, grp))
				continue;
			p.b = find_row(rb, p.a, o->ignore_mask);
			if (!p.b)
				continue; /* listed under "only in A" */
			ret = compute_pair(&p, o);
			if (ret)
				break;
			if (p.sa.center > 0.0 && p.sb.center > 0.0) {
				meds_a[nr] = p.sa.center;
				meds_b[nr] = p.sb.center;
				ratios[nr++] = p.sb.center / p.sa.center;
			}
			tally_unit(tally, &p);
			if (text) {
				ret = table_add(&t, config_label_of(p.a), fmt_median_ci(&p.sa, p.a->unit),
						fmt_median_ci(&p.sb, p.a->unit), fmt_change(&p),
						fmt_p(&p));
			} else {
				csv_row_start(fp, ra, rb, "pair", p.a, NULL, p.a->metric,
					      p.a->unit);
				csv_side(fp, &p.sa);
				csv_side(fp, &p.sb);
				csv_tail(fp, p.change_pct, p.ci_low_pct, p.ci_high_pct, p.p_value,
					 p.significant ? "true" : "false", unit_names[p.unit],
					 &p.sa, &p.sb, p.ci_level, p.rep_min_p);
			}
		}
		if (!ret && nr) {
			double ga, gb, gr;

			cstats_geomean(meds_a, nr, &ga);
			cstats_geomean(meds_b, nr, &gb);
			cstats_geomean(ratios, nr, &gr);
			if (text)
				ret = table_add(&t, strdup("geomean"), fmt_value(ga, grp->unit),
						fmt_value(gb, grp->unit),
						fmt_pct((gr - 1.0) * 100.0), strdup(""));
			else {
				csv_row_start(fp, ra, rb, "geomean", NULL, grp->key[K_BENCH],
					      grp->metric, grp->unit);
				fputs(",,", fp); /* a_n empty: a geomean has no sample count */
				csv_double(fp, ga);
				fputs(",,,,", fp);
				csv_double(fp, gb);
				fputs(",,", fp);
				csv_tail(fp, (gr - 1.0) * 100.0, NAN, NAN, NAN, "", "", NULL,
					 NULL, NAN, NAN);
			}
		}
		/* A group whose rows are all in one run only has no table, just the lists below. */
		if (!ret && text && t.rows > 1) {
			table_print(fp, &t, o->format);
			fputc('\n', fp);
		}
group_out:
		table_free(&t);
		free(ratios);
		free(meds_a);
		free(meds_b);
		if (ret)
			goto out;
	}

	/* Configurations present in one run only: listed, never dropped silently. */
	for (int side = 0; side < 2; side++) {
		const struct run_reader_run *here = side ? rb : ra, *there = side ? ra : rb;
		bool header = false;

		for (size_t i = 0; i < here->row_count; i++) {
			const struct run_reader_row *r = &here->rows[i];
			char *label;

			if (find_row(there, r, o->ignore_mask))
				continue;
			if (!text) {
				struct side sd = row_side(r);

				csv_row_start(fp, ra, rb, side ? "only_b" : "only_a", r, NULL,
					      r->metric, r->unit);
				csv_side(fp, side ? NULL : &sd);
				csv_side(fp, side ? &sd : NULL);
				csv_tail(fp, NAN, NAN, NAN, NAN, "", "", side ? NULL : &sd,
					 side ? &sd : NULL, NAN, NAN);
				continue;
			}
			if (!header) {
				fprintf(fp, o->format == OUT_MARKDOWN ? "### Only in %s\n\n"
								      : "only in %s:\n",
					side ? "B" : "A");
				header = true;
			}
			label = config_label_of(r);
			if (!label) {
				ret = -ENOMEM;
				goto out;
			}
			fprintf(fp, "%s%s %s %s\n", o->format == OUT_MARKDOWN ? "- " : "  ",
				r->key[K_BENCH], label, r->metric);
			free(label);
		}
		if (header)
			fputc('\n', fp);
	}
	if (text)
		print_unit_note(fp, tally, o);
	if (text && (!ra->has_samples || !rb->has_samples))
		fprintf(fp, "note: %s has no samples.csv: changes are judged from the summaries' "
			    "median CIs alone (no p-values; the change's CI covers at least the "
			    "product of their levels)\n\n",
			!ra->has_samples ? ra->dir : rb->dir);
out:
	table_free(&t);
	return ret;
}
