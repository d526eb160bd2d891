/* `forkbench compare RUN_A RUN_B [RUN_C ...]`: pairs configurations of runs by key columns and
 * metric, prints what differs in meta.json, then per pair the medians, the change with its 95% CI,
 * a Mann-Whitney p-value and `~` for noise, and a geometric-mean row per bench and metric
 * (benchstat is the model). The unit of the test is the repetition (a fresh process) when both
 * runs have >= 3 of them and enough for the test to reach --alpha. Text, --markdown or --csv.
 * Charts are left to scripts/plots. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_stats.h"
#include "config_label.h"
#include "csv.h"
#include "compare_run_reader.h"
#include "stats.h"

#define EXIT_BAD_INPUT 2
#define CI_CONFIDENCE 0.95
#define BOOTSTRAP_RESAMPLES 1000
#define K_BENCH 0
#define K_METHOD 1
/*
 * Samples of one process are not independent draws of "this kernel": memory layout, placement
 * and host load are fixed per process and shift its whole distribution (5-50% between
 * processes on the 2-vCPU VM). So the test's unit is the repetition median once both runs have
 * enough repetitions: at least 3 each (a median with a spread), and so many that the exact test
 * can reach alpha at all. That is computed (cstats_mwu_min_p), not a fixed count: 3 vs 3 cannot
 * go below p = 0.100 nor 3 vs 4 below 0.057, above the default alpha 0.05; 4 vs 4 reaches
 * 0.029, 5 vs 5 0.0079. Otherwise a sample-level test only speaks for one process each, and
 * the noise threshold is raised to the shifts seen between processes unless --threshold is
 * given.
 */
#define MIN_REPS_FOR_TEST 3
#define RECOMMENDED_REPS 5
#define THRESHOLD_REPS_PCT 1.0
#define THRESHOLD_WITHIN_RUN_PCT 5.0

enum compare_format { OUT_TEXT, OUT_MARKDOWN, OUT_CSV };
/* AUTO: Hodges-Lehmann for repetition medians (a bootstrap of 5 values covers poorly), the
 * bootstrap of the ratio of medians for samples. */
enum compare_ci { CI_AUTO, CI_BOOTSTRAP, CI_HL };

struct compare_opts {
	double alpha, threshold_pct; /* threshold_pct < 0: not given, the unit's default */
	enum compare_format format;
	enum compare_ci ci;
	uint64_t seed;
	unsigned ignore_mask; /* bit i: key column i is not used to pair (--ignore) */
};

/* What the p-value and the change CI were computed from. */
enum test_unit { UNIT_SUMMARY, UNIT_SAMPLES, UNIT_REPS };
static const char *const unit_names[] = { "summary", "samples", "reps" };

/* One side of a pair as shown: the summary's median and CI, or at repetition level the median
 * of the repetition medians with its distribution-free CI (min..max for 5 of them). */
struct side {
	double center, low, high;
	size_t n;    /* of the test: samples or repetitions */
	size_t reps; /* repetitions found in the run */
	double level; /* of low..high (DESIGN §5): below 0.95 for [min, max] of < 6; NAN: none */
};

/* One paired configuration and metric. Percentages are NAN when undefined (a zero median). */
struct pair {
	const struct run_reader_row *a, *b;
	struct side sa, sb;
	enum test_unit unit;
	double change_pct, ci_low_pct, ci_high_pct;
	/* Coverage the change CI achieves: Hodges-Lehmann's is exact and falls below the 95% asked
	 * for at 3 vs 3 (90%) or 3 vs 4 (94%); the bootstrap's is its nominal 0.95; the
	 * summary-only interval covers at least the product of the two medians' levels. */
	double ci_level;
	double p_value; /* NAN without samples in both runs */
	/* The smallest p the test on repetition medians could give (NAN without repetition
	 * numbers); above alpha, the samples were tested instead: reps_too_few is set. */
	double rep_min_p;
	bool reps_too_few;
	bool significant;
};

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
static char *config_label_of(const struct run_reader_row *r)
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

/* ---- pairing and statistics ---- */

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
static const struct run_reader_row *find_row(const struct run_reader_run *run,
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
static bool ambiguous_pair(const struct run_reader_run *here, const struct run_reader_run *there,
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
static void report_ambiguous(const char *here_name, const char *there_name,
			     const struct run_reader_row *row,
			     const struct run_reader_row *const match[2], unsigned ignore_mask)
{
	char *label = config_label_of(row), ignored[256] = "";
	size_t used = 0;
	int col = 0;

	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++) {
		if (!(ignore_mask & (1u << i)))
			continue;
		used += (size_t)snprintf(ignored + used, sizeof(ignored) - used, "%s%s",
					 used ? "," : "", run_reader_key_names[i]);
		if (!col && strcmp(match[0]->key[i], match[1]->key[i]))
			col = i;
	}
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
static struct side row_side(const struct run_reader_row *r)
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
	if (kind == CI_HL && all_positive(va, na) && all_positive(vb, nb))
		ret = hl_ratio(va, na, vb, nb, &ci);
	else
		ret = cstats_bootstrap_ratio(va, na, vb, nb, CI_CONFIDENCE, BOOTSTRAP_RESAMPLES,
					     o->seed, &ci);
	if (ret == -ENOMEM)
		return ret;
	if (!ret) {
		p->ci_low_pct = (ci.low - 1.0) * 100.0;
		p->ci_high_pct = (ci.high - 1.0) * 100.0;
		p->ci_level = ci.confidence;
	}
	/* p <= alpha: the rule that makes "min p <= alpha" (compute_pair) mean "can flag". */
	p->significant = p->p_value <= o->alpha;
	return 0;
}

static int compute_pair(struct pair *p, const struct compare_opts *o)
{
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
		p->ci_low_pct = (b->ci95_low / a->ci95_high - 1.0) * 100.0;
		p->ci_high_pct = (b->ci95_high / a->ci95_low - 1.0) * 100.0;
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

static const char *run_name(const struct run_reader_run *r)
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

static void csv_header(FILE *fp)
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

/* How the pairs of a comparison were tested, for the footnote and the warning. */
struct unit_tally {
	size_t pairs[3]; /* by enum test_unit */
	size_t reps_a, reps_b; /* of the repetition-level pairs, when all agree; 0 if mixed */
	bool reps_mixed;
	/* Pairs tested on samples although both runs had >= MIN_REPS_FOR_TEST repetitions (also
	 * counted in pairs[UNIT_SAMPLES]): their largest min p, and their counts when all agree. */
	size_t too_few, few_a, few_b;
	double few_min_p;
	bool few_mixed;
};

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
static void tally_merge(struct unit_tally *into, const struct unit_tally *t)
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
static void fmt_few(char *out, size_t len, const struct unit_tally *t)
{
	if (t->few_mixed)
		snprintf(out, len, "too few repetitions");
	else
		snprintf(out, len, "%zu vs %zu repetitions", t->few_a, t->few_b);
}

/* The repetitions a side needs for the test on repetition medians to reach alpha: at least
 * the suite's 5, more for a smaller alpha. */
static size_t reps_needed(double alpha)
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

static int compare_two(FILE *fp, const struct run_reader_run *ra, const struct run_reader_run *rb,
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

/* ---- command line ---- */

static int parse_double_arg(const char *opt, const char *text, double min, double max,
			    bool min_inclusive, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || isnan(v) || v > max || v < min ||
	    (!min_inclusive && v == min)) {
		fprintf(stderr, "forkbench compare: %s '%s': expected a number in %s%g, %g]\n", opt,
			text, min_inclusive ? "[" : "(", min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/*
 * --ignore rss_bytes,touch: key columns left out of the pairing, so that runs which differ on
 * purpose in one setting (the parent's RSS) pair and the change shows. The bench never pairs
 * across benches, so it cannot be ignored. The CSV keeps A's values in ignored columns.
 */
static int parse_ignore(const char *text, unsigned *mask)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, ",");
		int i;

		for (i = K_BENCH + 1; i < RUN_READER_KEY_COLUMNS; i++)
			if (strlen(run_reader_key_names[i]) == len &&
			    !strncmp(p, run_reader_key_names[i], len))
				break;
		if (i == RUN_READER_KEY_COLUMNS) {
			fprintf(stderr,
				"forkbench compare: --ignore '%s': expected key columns among method, "
				"flags, exec, rss_bytes, touch, threads, fds, vmas, thp, cpu, "
				"variant\n",
				text);
			return -EINVAL;
		}
		*mask |= 1u << i;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

static void compare_usage(FILE *fp)
{
	fprintf(fp, "usage: forkbench compare RUN_A RUN_B [RUN_C ...] [--alpha P]\n"
		    "         [--threshold PCT] [--csv | --markdown] [--ci bootstrap|hl]\n"
		    "         [--seed N] [--ignore KEY[,KEY...]]\n"
		    "With >= %d repetitions in both runs, enough for the exact test to reach\n"
		    "--alpha (3 vs 3 cannot go below p = 0.100, 3 vs 4 below 0.057, 4 vs 4\n"
		    "below 0.029), the test and the change CI use the repetition medians\n"
		    "(default threshold %g%%, CI Hodges-Lehmann, its achieved level shown\n"
		    "where below 95%%); otherwise the samples of one process per run\n"
		    "(within-run only; default threshold %g%%, CI bootstrap).\n",
		MIN_REPS_FOR_TEST, THRESHOLD_REPS_PCT, THRESHOLD_WITHIN_RUN_PCT);
}

int compare_main(int argc, char **argv)
{
	struct compare_opts o = { .alpha = 0.05, .threshold_pct = -1.0, .seed = 1 };
	struct unit_tally tally = { 0 };
	struct run_reader_run *runs = NULL;
	const char **dirs = NULL;
	int ndirs = 0, nruns = 0, ret = 0;
	char why[4600];

	dirs = calloc((size_t)argc, sizeof(*dirs));
	if (!dirs)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : "";
		bool takes_value = !strcmp(arg, "--alpha") || !strcmp(arg, "--threshold") ||
				   !strcmp(arg, "--ci") || !strcmp(arg, "--seed") ||
				   !strcmp(arg, "--ignore");

		if (takes_value && i + 1 >= argc) {
			fprintf(stderr, "forkbench compare: %s needs a value\n", arg);
			ret = EXIT_BAD_INPUT;
			goto out;
		}
		if (!strcmp(arg, "--alpha")) {
			if (parse_double_arg(arg, val, 0.0, 0.5, false, &o.alpha))
				goto bad;
		} else if (!strcmp(arg, "--threshold")) {
			if (parse_double_arg(arg, val, 0.0, 1000.0, true, &o.threshold_pct))
				goto bad;
		} else if (!strcmp(arg, "--ci")) {
			if (strcmp(val, "bootstrap") && strcmp(val, "hl")) {
				fprintf(stderr,
					"forkbench compare: --ci '%s': expected bootstrap or hl\n",
					val);
				goto bad;
			}
			o.ci = strcmp(val, "hl") ? CI_BOOTSTRAP : CI_HL;
		} else if (!strcmp(arg, "--seed")) {
			char *end;

			errno = 0;
			o.seed = strtoull(val, &end, 10);
			if (errno || end == val || *end || val[0] == '-') {
				fprintf(stderr,
					"forkbench compare: --seed '%s': expected an unsigned "
					"integer\n",
					val);
				goto bad;
			}
		} else if (!strcmp(arg, "--ignore")) {
			if (parse_ignore(val, &o.ignore_mask))
				goto bad;

		} else if (!strcmp(arg, "--csv")) {
			o.format = OUT_CSV;
		} else if (!strcmp(arg, "--markdown")) {
			o.format = OUT_MARKDOWN;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			compare_usage(stdout);
			goto out;
		} else if (arg[0] == '-' && arg[1]) {
			fprintf(stderr,
				"forkbench compare: unknown option '%s' (accepted: --alpha, "
				"--threshold, --csv, --markdown, --ci, --seed, --ignore)\n",
				arg);
			goto bad;
		} else {
			dirs[ndirs++] = arg;
			continue;
		}
		if (takes_value)
			i++;
	}
	if (ndirs < 2) {
		fprintf(stderr, "forkbench compare: needs at least two run directories (got %d)\n",
			ndirs);
		goto bad;
	}
	runs = calloc((size_t)ndirs, sizeof(*runs));
	if (!runs) {
		ret = 1;
		goto out;
	}
	for (; nruns < ndirs; nruns++) {
		int rc = run_reader_open(dirs[nruns], &runs[nruns], why, sizeof(why));

		if (rc) {
			fprintf(stderr, "forkbench compare: %s\n", why);
			ret = rc == -ENOMEM ? 1 : EXIT_BAD_INPUT;
			goto out;
		}
	}
	/* Before any output: an ambiguous pairing is bad input, not a partial comparison. */
	for (int i = 1; i < nruns && o.ignore_mask; i++) {
		const struct run_reader_row *row, *match[2];

		if (ambiguous_pair(&runs[0], &runs[i], o.ignore_mask, &row, match)) {
			report_ambiguous(runs[0].dir, runs[i].dir, row, match,
					 o.ignore_mask);
			goto bad;
		}
		if (ambiguous_pair(&runs[i], &runs[0], o.ignore_mask, &row, match)) {
			report_ambiguous(runs[i].dir, runs[0].dir, row, match,
					 o.ignore_mask);
			goto bad;
		}
	}
	if (o.format == OUT_CSV)
		csv_header(stdout);
	/* More than two runs: the first is the baseline for every other. */
	for (int i = 1; i < nruns; i++) {
		if (o.format == OUT_MARKDOWN)
			fprintf(stdout, "## %s vs %s\n\n", run_name(&runs[0]), run_name(&runs[i]));
		else if (o.format == OUT_TEXT && nruns > 2)
			fprintf(stdout, "== comparison %d of %d ==\n", i, nruns - 1);
		struct unit_tally one = { 0 };

		if (compare_two(stdout, &runs[0], &runs[i], &o, &one)) {
			fprintf(stderr, "forkbench compare: out of memory\n");
			ret = 1;
			goto out;
		}
		tally_merge(&tally, &one);
	}
	/* One line, on stderr so that --csv stays clean, whatever the number of runs. */
	if (tally.pairs[UNIT_SAMPLES] && !tally.too_few) {
		fprintf(stderr,
			"forkbench compare: warning: %zu of %zu rows lack %d repetitions in a run: "
			"their p-values are within-run only; measure with --repetitions %zu\n",
			tally.pairs[UNIT_SAMPLES], tally.pairs[UNIT_SAMPLES] + tally.pairs[UNIT_REPS],
			MIN_REPS_FOR_TEST, reps_needed(o.alpha));
	} else if (tally.pairs[UNIT_SAMPLES]) {
		char few[64];

		fmt_few(few, sizeof(few), &tally);
		fprintf(stderr,
			"forkbench compare: warning: %zu of %zu rows have too few repetitions for "
			"alpha %g (%zu with %s: min p = %.3f): their p-values are within-run only; "
			"measure with --repetitions %zu\n",
			tally.pairs[UNIT_SAMPLES], tally.pairs[UNIT_SAMPLES] + tally.pairs[UNIT_REPS],
			o.alpha, tally.too_few, few, tally.few_min_p, reps_needed(o.alpha));
	}
	goto out;
bad:
	ret = EXIT_BAD_INPUT;
out:
	for (int i = 0; i < nruns; i++)
		run_reader_free(&runs[i]);
	free(runs);
	free(dirs);
	return ret;
}
