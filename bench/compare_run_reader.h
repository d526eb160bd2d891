/* Reads a run directory back (DESIGN §7): meta.json as flat "key path -> value text" pairs,
 * summary.csv rows, and the samples of samples.csv attached to their summary row. For
 * `forkbench compare`; it checks that the files are well formed and agree with each other, and
 * leaves results.json, skipped.csv and any interpretation of the numbers to others. */
#ifndef FB_COMPARE_RUN_READER_H
#define FB_COMPARE_RUN_READER_H
#include <stdbool.h>
#include <stddef.h>

#include "json.h"
#include "results.h"

/* bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant; rss_kind
 * may be absent (runs before it): read as results_key_absent_cell says */
#define RUN_READER_KEY_COLUMNS RESULTS_KEY_COLUMNS /* results_key_columns, in its order */
#define K_RSS_BYTES 4
#define K_TOUCH 5
extern const char *const run_reader_key_names[RUN_READER_KEY_COLUMNS];

/* One configuration and metric of summary.csv. Statistics absent from the file or empty
 * cells (not applicable) are NAN. */
struct run_reader_row {
	char *key[RUN_READER_KEY_COLUMNS]; /* cells as written; "" = not applicable */
	char *metric, *unit;
	size_t n;
	double min, median, max, ci95_low, ci95_high, mean, stddev;
	double ci_level; /* the level of ci95_low..high; NAN when absent (runs before the column) */
	/* true 1, false 0, an empty cell or no column -1: no adaptive stop watched the metric
	 * (counters, single readings), so it is neither converged nor not (DESIGN §5). */
	int converged;
	size_t reps;     /* summary.csv's reps (fresh processes); 0 when the column is absent */
	double *samples; /* from samples.csv, in file order; NULL without samples.csv */
	/* The repetition of each sample (samples.csv's rep; an empty cell reads 0), parallel to
	 * samples; NULL when samples.csv has no rep column. */
	unsigned *sample_reps;
	size_t sample_count, sample_cap;
	char *line_;     /* the record the strings point into (private) */
};

struct run_reader_run {
	char *dir;
	struct json_flat meta;
	struct run_reader_row *rows;
	size_t row_count, row_cap;
	bool has_samples; /* samples.csv was there (every row then has all n samples) */
};

/*
 * Reads dir/meta.json, dir/summary.csv and, when present, dir/samples.csv into *out (zeroed
 * first). Errors leave *out empty and put one line naming the file (and line or byte offset)
 * and the problem into why:
 *   -ENOENT  not a run directory (no meta.json or no summary.csv)
 *   -EINVAL  malformed JSON or CSV, a missing column, a bad number, a duplicate configuration,
 *            samples that disagree with the summary, or a schema_version other than
 *            FORKBENCH_SCHEMA_VERSION
 *   -ENOMEM, or another -errno from reading.
 */
int run_reader_open(const char *dir, struct run_reader_run *out, char *why, size_t why_len);
void run_reader_free(struct run_reader_run *r);

#endif
