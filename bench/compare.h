/* `forkbench compare RUN_A RUN_B [RUN_C ...]` (forkbench-compare): what its files share. Options
 * (compare_cli.c), pairing and each pair's statistics (compare_pairs.c), tables, CSV and notes
 * (compare_print.c), over the run reader (compare_run_reader.h) and the two-sample statistics
 * (compare_stats.h). */
#ifndef FB_COMPARE_H
#define FB_COMPARE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compare_run_reader.h"

#define CI_CONFIDENCE 0.95
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

/* ---- compare_pairs.c ---- */

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

/* ---- compare_print.c ---- */

/* The configuration's label, as summary.csv's config column holds it. */
char *config_label_of(const struct run_reader_row *r);
/* meta.json's run_id, or the directory. */
const char *run_name(const struct run_reader_run *r);
void csv_header(FILE *fp);
void tally_merge(struct unit_tally *into, const struct unit_tally *t);
void fmt_few(char *out, size_t len, const struct unit_tally *t);
/* The repetitions a side needs for the test on repetition medians to reach alpha. */
size_t reps_needed(double alpha);
/* Run rb against ra on fp in o's format, the pairs' units counted into *tally. */
int compare_two(FILE *fp, const struct run_reader_run *ra, const struct run_reader_run *rb,
		const struct compare_opts *o, struct unit_tally *tally);

/* ---- compare_cli.c ---- */

/* argv[0] is "compare": the exit status of `forkbench compare`. */
int compare_main(int argc, char **argv);

#endif
