/* Runs a bench's configurations, each repetition in a fresh worker process (a re-exec of
 * forkbench, so memory layout and ASLR differ between repetitions, and whatever a worker shapes
 * or leaks dies with it). Workers send text records through a pipe; the coordinator alone keeps
 * the samples and writes the run directory after every configuration, so an interrupted run
 * keeps everything it finished.
 *
 * Record lines (worker -> coordinator), one per line:
 *   S <metric> <unit> <value>   a sample (iteration order = line order per metric)
 *   C <0|1> <metric>...         whether the adaptive stop was met, and the metrics its rule
 *                               read: only those get a converged flag (DESIGN §5)
 *   N <text>                    a note for the configuration (e.g. counters mode)
 *   K <text>                    the configuration cannot run here: skipped with this reason
 *   E <text>                    the configuration failed (a kernel refusal): recorded as such */
#ifndef FB_RUNNER_H
#define FB_RUNNER_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "results.h"

#define RUNNER_MAX_OVERRIDES 10

struct runner_entry {
	struct config_key key;
	const char *bench_name; /* the worker runs `forkbench __worker BENCH base_argv... overrides` */
	int base_argc;
	char **base_argv;       /* borrowed from the plan's base at the time of runner_plan_add */
	uint64_t repetitions;   /* fresh worker processes for this configuration */
	double expected_rep_s;  /* one repetition's expected duration (harness/run_eta.c) */
	char *override_argv[RUNNER_MAX_OVERRIDES + 1]; /* appended to the worker's argv */
	int override_argc;
};

struct runner_plan {
	struct runner_entry *entries;
	size_t count, cap;
	/* Set before each bench's plan(): the bench and the argv (argv[0] = bench name) its
	 * workers get. A suite plans several benches, each with its own argv, into one run. */
	const char *bench_name;
	int base_argc;
	char **base_argv;
	uint64_t repetitions;
	double max_time_s;           /* the bench's --max-time: its entries' expected duration */
	struct run_results *results; /* skips found while planning go straight in */
	/* Set by the suite: a setting this machine or user cannot give (a folio size without its
	 * control, or not root) skips the configurations that need it, with the reason, instead
	 * of refusing the command line (exit 2), so `make bench` runs everywhere (DESIGN §2). */
	bool unavailable_is_skip;
	/* Files a bench derives from the results (sweep's fits.csv): see
	 * runner_plan_derived_file. */
	const struct results_file *derived[RESULTS_MAX_DERIVED];
	size_t derived_count;
	/* meta.json's full_sweeps: what each `sweep --full` probed and chose, its entries as
	 * JSON objects joined by ',' (runner_plan_meta_item); NULL: none. */
	char *full_sweeps_json;
};

/* Adds one entry (a JSON object, copied) to meta.json's full_sweeps. 0 or -ENOMEM. */
int runner_plan_meta_item(struct runner_plan *p, const char *json);
/* Turns the entries from FIRST to the end into skips with REASON (they were planned only to
 * get their keys): 0 or -ENOMEM. */
int runner_plan_skip_from(struct runner_plan *p, size_t first, const char *reason);

/* Registers f (once, however often a suite plans the bench) as one more file of the run's set
 * (results_write_all_derived): written with the others whenever they are, after every
 * configuration and at the end, so it stays as complete as the summary and is committed with
 * it. 0 or -ENOSPC. */
int runner_plan_derived_file(struct runner_plan *p, const struct results_file *f);

/* Adds a configuration; override_argv is NULL-terminated (copied). A key planned already is not
 * added again (its entry keeps the larger repetition count). 0 or -ENOMEM. */
int runner_plan_add(struct runner_plan *p, const struct config_key *key,
		    const char *const *override_argv);
/* Records a configuration that cannot run here. */
int runner_plan_skip(struct runner_plan *p, const struct config_key *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void runner_plan_free(struct runner_plan *p);

/* The plan's expected duration in seconds (every entry's repetitions), and in top the (up to)
 * three configurations that take most of it, "sweep fork rss=8G touched param=rss 1 min, ...". */
double runner_plan_expected_s(const struct runner_plan *p, char *top, size_t top_len);

struct runner_opts {
	const char *out_dir; /* exists, empty, writable */
	const char *run_id;
	const char *command_line;
	const char *counters_json;
	bool progress;       /* a progress line on stderr (a terminal: rewritten in place) */
	bool progress_lines; /* not a terminal: a progress line at most once a minute */
	/* Called before each repetition's worker starts, in the coordinator: sets what the
	 * configuration needs of the system (a THP size's control: main.c). Non-zero: that
	 * configuration is skipped with why. NULL: nothing to set. */
	int (*prepare)(const struct runner_entry *e, char *why, size_t why_len);
};

/* Runs every planned configuration. Returns 0 when all ran (skips and failed configurations
 * are results, not errors), 128+signal when interrupted (files written up to the last complete
 * configuration), or -errno when the run directory could not be written (why filled). */
int runner_run(const struct runner_opts *o, struct runner_plan *p, char *why, size_t why_len);

/* Installed by main before anything creates children: SIGINT/SIGTERM/SIGHUP stop the run and
 * kill the current worker's whole process group; the process becomes a child subreaper, so
 * anything a worker leaves behind is re-parented here and reaped. */
void runner_install_signal_handlers(void);
int runner_interrupted(void); /* the signal that stopped the run, or 0 */

/* Worker side. */
struct emitter {
	FILE *fp;
};
int emitter_open(struct emitter *e, int fd);
void emitter_close(struct emitter *e);
void emit_sample(struct emitter *e, const char *metric, const char *unit, double value);
/* "P N": the worker measured with N CPUs in its affinity mask; with N > 1 the coordinator
 * splits the configuration's time metrics by placement (DESIGN §5). */
void emit_cpu_set(struct emitter *e, int cpus);
/* The adaptive stop's verdict and the metrics its rule read: watched is a NULL-terminated array
 * (a NULL inside ends it early: `have_start ? "start_ns" : NULL`), NULL for none. Metrics not
 * named get an empty converged cell: no stop tested them (DESIGN §5). */
void emit_converged(struct emitter *e, bool converged, const char *const *watched);
void emit_note(struct emitter *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emit_skip(struct emitter *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emit_error(struct emitter *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adapter with the signature counters_emit_per_op wants. */
void emit_sample_cb(void *emitter, const char *metric, const char *unit, double value);

#endif
