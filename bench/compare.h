/* `forkbench compare RUN_A RUN_B [RUN_C ...]` (forkbench-compare): what its files share. Options
 * and the --fail-on gate (compare_cli.c), pairing and each pair's statistics (compare_pairs.c),
 * cells and tables (compare_table.c), the metadata diff (compare_meta.c), the default view
 * (compare_headline.c), full tables, CSV and notes (compare_print.c), over the run reader
 * (compare_run_reader.h) and the two-sample statistics (compare_stats.h). */
#ifndef FB_COMPARE_H
#define FB_COMPARE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compare_run_reader.h"

#define CI_CONFIDENCE 0.95
/* Every bootstrap of compare: the change on samples, the geomean over configurations. */
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
	bool all;             /* --all: every row in the terminal, not the default view */
	double fail_on_pct;   /* --fail-on PCT; < 0: no gate */
};

/* What the p-value and the change CI were computed from. */
enum test_unit { UNIT_SUMMARY, UNIT_SAMPLES, UNIT_REPS };

/* One side of a pair as shown: the summary's median and CI, or at repetition level the median
 * of the repetition medians with its distribution-free CI (min..max for 5 of them). */
struct side {
	double center, low, high;
	size_t n;    /* of the test: samples or repetitions */
	size_t reps; /* repetitions found in the run */
	double level; /* of low..high (DESIGN §5): below 0.95 for [min, max] of < 6; NAN: none */
};

/* The point estimate change_pct holds, and the interval around it: each interval comes with
 * the estimate of the same quantity, so the estimate always lies inside it (DESIGN §8). */
enum change_estimator {
	EST_RATIO_OF_MEDIANS, /* median(B) / median(A) */
	EST_HODGES_LEHMANN,   /* exp(median of the pairwise log(b_j) - log(a_i)) */
	EST_GEOMEAN,          /* geometric mean of the configurations' ratios of medians */
	/* cross_cpu_share: pb - pa of the pooled creations, in percentage points (DESIGN §8) */
	EST_DIFF_OF_PROPORTIONS,
};
enum change_ci_method {
	CIM_NONE,              /* no interval (a zero median, a failed bootstrap) */
	CIM_BOOTSTRAP,         /* percentile bootstrap of the ratio of medians */
	CIM_HODGES_LEHMANN,    /* the distribution-free interval of the HL estimate */
	CIM_MEDIAN_CIS,        /* summaries only: the widest ratio the two median CIs allow */
	CIM_BOOTSTRAP_CONFIGS, /* geomean: percentile bootstrap over the configurations */
	CIM_NEWCOMBE,          /* a difference of proportions: Newcombe's hybrid score interval */
};
/* Their names in compare.csv's change_estimator and change_ci_method (compare_pairs.c). */
extern const char *const change_estimator_names[];
extern const char *const change_ci_method_names[];

/* One paired configuration and metric. Percentages are NAN when undefined (a zero median). */
struct pair {
	const struct run_reader_row *a, *b;
	struct side sa, sb;
	enum test_unit unit;
	/* change_pct is the estimate named by estimator; ci_*_pct its interval (by ci_method),
	 * ci_low_pct <= change_pct <= ci_high_pct whenever both are numbers. */
	double change_pct, ci_low_pct, ci_high_pct;
	enum change_estimator estimator;
	enum change_ci_method ci_method;
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

/* The pairs of one bench and metric, in A's row order, and their geometric mean: of the
 * configurations' ratios of medians (EST_GEOMEAN), with a percentile bootstrap over the
 * configurations (CIM_BOOTSTRAP_CONFIGS) from GEOMEAN_CI_MIN_CONFIGS of them. */
#define GEOMEAN_CI_MIN_CONFIGS 3
struct pair_group {
	const struct run_reader_row *first; /* A's first row of the group: bench, metric, unit */
	size_t begin, end;                  /* its pairs: comparison.pairs[begin..end) */
	size_t ratios;                      /* pairs with both medians > 0, in the geomean */
	double geo_a, geo_b;                /* geometric means of the medians; NAN: no ratio */
	double geo_change_pct, geo_ci_low_pct, geo_ci_high_pct, geo_ci_level;
	size_t slower, faster;              /* significant pairs with change_pct > 0, < 0 */
};

/* Run B against run A: every pair, grouped by bench and metric in A's order, and the rows
 * found in one run only. */
struct comparison {
	const struct run_reader_run *ra, *rb;
	struct pair *pairs;
	size_t pair_count;
	struct pair_group *groups;
	size_t group_count;
	const struct run_reader_row **only[2]; /* rows of A (0) or B (1) the other lacks */
	size_t only_count[2];
};

#define GATE_SHOWN 5
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
	/* --fail-on: time metrics tested on repetition medians, those significantly slower by
	 * more than the threshold, and the first GATE_SHOWN of them as "bench label metric +x%". */
	size_t gate_tested, gate_failed;
	char gate_shown[GATE_SHOWN][160];
};

/* ---- compare_pairs.c ---- */

/* cross_cpu_share (DESIGN §5): a proportion, compared as a difference of proportions, never
 * as a ratio (no geometric mean, no --fail-on). */
bool is_share_metric(const char *metric);

/* The row of run like `like`. With --ignore several could match: compare_main refuses such
 * runs first (ambiguous_pair), so there is at most one. */
const struct run_reader_row *find_row(const struct run_reader_run *run,
				      const struct run_reader_row *like, unsigned ignore_mask);
/* A row of `here` that matches two or more rows of `there` once --ignore'd columns are left
 * out, and the first two it matches: true, or false when every pairing is unique. */
bool ambiguous_pair(const struct run_reader_run *here, const struct run_reader_run *there,
		    unsigned ignore_mask, const struct run_reader_row **row,
		    const struct run_reader_row *match[2]);
/* One line on stderr naming the ambiguous configuration, the ignored column that tells its
 * matches apart, and the way out. */
void report_ambiguous(const char *here_name, const char *there_name,
		      const struct run_reader_row *row,
		      const struct run_reader_row *const match[2], unsigned ignore_mask);
/* A side as the summary has it (a row only in one run). */
struct side row_side(const struct run_reader_row *r);
/* A pair's sides, change with its CI and test (p->a and p->b set): 0 or -ENOMEM. */
int compute_pair(struct pair *p, const struct compare_opts *o);
/* Every pair of rb against ra, grouped, with the groups' geometric means, and the rows in one
 * run only: 0 or -ENOMEM (*c then empty). */
int comparison_build(const struct run_reader_run *ra, const struct run_reader_run *rb,
		     const struct compare_opts *o, struct comparison *c);
void comparison_free(struct comparison *c);

/* ---- compare_table.c ---- */

/* An aligned table (text) or a pipe table (markdown); row 0 is the header. */
#define TABLE_COLS 7
struct table {
	char *(*cells)[TABLE_COLS];
	size_t rows, cap;
	int ncols;           /* columns printed, at most TABLE_COLS */
	unsigned right_mask; /* bit c: column c is right-aligned (numbers) */
};
/* Takes the cells (malloc'd; NULL in a column below ncols means out of memory: then every
 * cell is freed and -ENOMEM; columns from ncols on may be NULL, read as ""). */
int table_add_row(struct table *t, char *const cells[TABLE_COLS]);
int table_add(struct table *t, char *c0, char *c1, char *c2, char *c3, char *c4);
void table_free(struct table *t);
void table_print(FILE *fp, const struct table *t, enum compare_format format);
size_t text_width(const char *s);
char *fmt_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *fmt_value(double v, const char *unit);
char *fmt_median_ci(const struct side *sd, const char *unit);
char *fmt_pct(double v);
bool ci_below_95(double level);
/* "+3.1% [+1.0%, +5.2%]", with "90% CI" after it where level is below 95% and say_level. */
char *fmt_change_ci(double change_pct, double low_pct, double high_pct, double level,
		    bool say_level);
/* A pair's change cell: "~" where not significant. */
char *fmt_change(const struct pair *p);
/* A pair's p-value cell: p, n and the unit ("-" without samples). */
char *fmt_p(const struct pair *p);
/* The configuration's label, as summary.csv's config column holds it. */
char *config_label_of(const struct run_reader_row *r);
/* A time taken by forkbench's clock (call_ns, cow_fault_ns_per_page), not a counter or a
 * size: what the headline and --fail-on count. */
bool is_time_metric(const char *metric);

/* ---- compare_meta.c ---- */

/* The meta.json fields whose values differ between ra and rb, as rows field, A, B (no
 * header); values longer than a table cell shortened to the words that differ. */
int meta_diff(const struct run_reader_run *ra, const struct run_reader_run *rb,
	      struct table *t);
/* The value as shown: whole if short, else the words from the first to the last that differ
 * from `other`'s, "…" for what was left out, at most max_width columns. malloc'd. */
char *meta_shorten(const char *value, const char *other, size_t max_width);

/* ---- compare_headline.c ---- */

/* The default terminal view of one comparison: the headline per bench and time metric, the
 * largest changes, and tables of the significant changes of time metrics. */
int headline_print(FILE *fp, const struct comparison *c, const struct compare_opts *o);

/* ---- compare_print.c ---- */

/* meta.json's run_id, or the directory. */
const char *run_name(const struct run_reader_run *r);
void csv_header(FILE *fp);
void tally_merge(struct unit_tally *into, const struct unit_tally *t);
void fmt_few(char *out, size_t len, const struct unit_tally *t);
/* The repetitions a side needs for the test on repetition medians to reach alpha. */
size_t reps_needed(double alpha);
/* The fewest a side with which that test can reach alpha at all (4 at 0.05). */
size_t gate_min_reps(double alpha);
/* Run rb against ra on fp in o's format, the pairs' units counted into *tally. */
int compare_two(FILE *fp, const struct run_reader_run *ra, const struct run_reader_run *rb,
		const struct compare_opts *o, struct unit_tally *tally);

/* ---- compare_cli.c ---- */

/* argv[0] is "compare": the exit status of `forkbench compare`. */
int compare_main(int argc, char **argv);

#endif
