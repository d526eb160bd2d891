/* The cells of `forkbench compare`'s tables: aligned text and markdown tables, and the
 * formatting of values, medians with their CIs, changes with theirs, p-values and labels.
 * Shared by the full tables (compare_print.c) and the default view (compare_headline.c); it
 * decides nothing about which rows are shown. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "config_label.h"

char *fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

int table_add_row(struct table *t, char *const cells[TABLE_COLS])
{
	char *row[TABLE_COLS];
	bool nomem = false;

	for (int i = 0; i < TABLE_COLS; i++) {
		/* A column past ncols may be left NULL: it holds "", so every cell can be freed. */
		row[i] = cells[i] ? cells[i] : i >= t->ncols ? strdup("") : NULL;
		nomem |= !row[i];
	}
	if (!nomem && t->rows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		void *p = realloc(t->cells, cap * sizeof(*t->cells));

		nomem = !p;
		if (p) {
			t->cells = p;
			t->cap = cap;
		}
	}
	if (nomem) {
		for (int i = 0; i < TABLE_COLS; i++)
			free(row[i]);
		return -ENOMEM;
	}
	memcpy(t->cells[t->rows++], row, sizeof(row));
	return 0;
}

int table_add(struct table *t, char *c0, char *c1, char *c2, char *c3, char *c4)
{
	char *row[TABLE_COLS] = { c0, c1, c2, c3, c4, NULL };

	return table_add_row(t, row);
}

void table_free(struct table *t)
{
	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < TABLE_COLS; c++)
			free(t->cells[r][c]);
	free(t->cells);
	t->cells = NULL;
	t->rows = t->cap = 0;
}

/* Display width of UTF-8 text: continuation bytes take no column ("µ", "±", "…"). */
size_t text_width(const char *s)
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

void table_print(FILE *fp, const struct table *t, enum compare_format format)
{
	size_t width[TABLE_COLS] = { 0 };

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

/* 101168 ns -> "101.2µs": 4 significant digits in the largest unit that keeps the value >= 1. */
char *fmt_value(double v, const char *unit)
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

char *fmt_median_ci(const struct side *sd, const char *unit)
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

char *fmt_pct(double v)
{
	return isnan(v) ? strdup("?") : fmt_alloc("%+.1f%%", v);
}

bool ci_below_95(double level)
{
	/* The epsilon keeps an exact 95% (the bootstrap's nominal level) from reading as less. */
	return level < CI_CONFIDENCE - 1e-9;
}

char *fmt_change_ci(double change_pct, double low_pct, double high_pct, double level,
		    bool say_level)
{
	char *c = fmt_pct(change_pct), *lo = NULL, *hi = NULL, *s = NULL;

	if (!c)
		return NULL;
	if (isnan(low_pct) || isnan(high_pct))
		return c; /* no interval: the estimate alone */
	lo = fmt_pct(low_pct);
	hi = fmt_pct(high_pct);
	/* The header says at least 95% (bootstrap: nominal 95%): an interval that covers less
	 * says what it covers, unless the caller put that level in the header. */
	if (lo && hi && say_level && ci_below_95(level))
		s = fmt_alloc("%s [%s, %s] %.0f%% CI", c, lo, hi, floor(level * 100.0 + 1e-6));
	else if (lo && hi)
		s = fmt_alloc("%s [%s, %s]", c, lo, hi);
	free(c);
	free(lo);
	free(hi);
	return s;
}

char *fmt_change(const struct pair *p)
{
	if (!p->significant)
		return strdup("~");
	return fmt_change_ci(p->change_pct, p->ci_low_pct, p->ci_high_pct, p->ci_level, true);
}

/* n counts the test's unit: "reps" says repetitions; "within-run only" says the samples of one
 * process per run, blind to the variance between processes. Without samples there is no test:
 * "-", and the note under the tables says why once. */
char *fmt_p(const struct pair *p)
{
	const char *tail = p->unit == UNIT_REPS ? " reps" : " within-run only";
	char why[64] = "";

	if (isnan(p->p_value))
		return strdup("-");
	/* Repetitions there were, but the test on them could never reach alpha: say so, or the
	 * reader takes "within-run only" for "too few repetitions to count". */
	if (p->reps_too_few)
		snprintf(why, sizeof(why), " (reps too few for alpha: min p = %.3f)", p->rep_min_p);
	if (p->p_value < 0.001)
		return fmt_alloc("p<0.001 n=%zu+%zu%s%s", p->sa.n, p->sb.n, tail, why);
	return fmt_alloc("p=%.3f n=%zu+%zu%s%s", p->p_value, p->sa.n, p->sb.n, tail, why);
}

/* Metric names carry their unit (DESIGN §4), and forkbench's clock names its times *_ns and
 * *_ns_per_page. A counter's time (task-clock, in ns/op or ns/page) is CPU time counted in
 * batches of its own to explain a time (DESIGN §6), so it is not one: a headline or a gate on
 * it would take the explanation for the measurement. */
static const char *const time_suffixes[] = { "_ns", "_ns_per_page" };

bool is_time_metric(const char *metric)
{
	const char *dot = strrchr(metric, '.');
	/* METRIC.same_cpu and METRIC.cross_cpu are METRIC's samples of one placement (§5). */
	size_t len = dot && (!strcmp(dot, ".same_cpu") || !strcmp(dot, ".cross_cpu"))
			     ? (size_t)(dot - metric)
			     : strlen(metric);

	for (size_t i = 0; i < sizeof(time_suffixes) / sizeof(time_suffixes[0]); i++) {
		size_t n = strlen(time_suffixes[i]);

		if (len > n && !strncmp(metric + len - n, time_suffixes[i], n))
			return true;
	}
	return false;
}
