/* The one result model every bench fills and every writer reads (DESIGN §7).
 * A run is a list of configurations; a configuration is a key (the columns runs are joined
 * on) plus, per metric, all its samples. Writers in results_*.c turn it into files; nothing
 * else formats results. */
#ifndef FB_RESULTS_H
#define FB_RESULTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stats.h"

/* The key columns, identical in every file and every bench. An empty string or the
 * KEY_NA value is written as an empty cell ("not applicable"). */
#define KEY_NA UINT64_MAX
struct config_key {
	char bench[24];     /* latency, cow, footprint, sweep, throughput, timeline, command */
	char method[96];    /* as the user named it: fork, clone-vm, clone:vm,vfork, fork+exec */
	char flags[160];    /* canonical creation flags, CLONE_VM|CLONE_VFORK; "" where none */
	char exec[256];     /* static, dynamic, a path; "" when the method does not exec */
	uint64_t rss_bytes; /* parent shaping; 0 = not shaped */
	char touch[4];      /* yes|no when rss_bytes > 0, else "" */
	char rss_kind[8];   /* anon|shmem|file|hugetlb wherever touch is set, else "" (DESIGN §7) */
	uint64_t threads;   /* extra idle threads in the parent */
	uint64_t fds;       /* extra open descriptors in the parent */
	uint64_t vmas;      /* extra mappings in the parent */
	char thp[8];        /* never|always|a folio size (16K, 2M), "" = system default left alone */
	char cpu[64];       /* CPU list the harness was pinned to, "" = unpinned */
	char variant[160];  /* a bench's own settings, k=v;k=v */
};

/* Whether a and b name the same configuration (every key column equal). */
bool results_key_equal(const struct config_key *a, const struct config_key *b);

/* The key columns' header names, in order, and how many there are. */
#define RESULTS_KEY_COLUMNS 13
extern const char *const results_key_columns[RESULTS_KEY_COLUMNS];
extern const size_t results_key_column_count;

/* Whether a file may lack key column i: rss_kind, which runs before it was added do not have
 * (DESIGN §7). Every reader of a run takes such a file with results_key_absent_cell's value. */
bool results_key_optional(size_t i);
/* The cell an older file without key column i means, given the row's rss_bytes and touch cells:
 * for rss_kind, "anon" where the row had a region (rss_bytes > 0, or touch set: sweep's rss=0
 * point), else "". */
const char *results_key_absent_cell(size_t i, const char *rss_bytes_cell, const char *touch_cell);
/* The index of key column name, or -1. */
int results_key_index(const char *name);

/* Formats key column i of k into buf (empty string for not applicable). */
void results_key_cell(const struct config_key *k, size_t i, char *buf, size_t len);
/* The reverse: sets key column i of k from its cell (empty count = KEY_NA). 0, or -EINVAL for
 * a count that is not a number or a text too long for its field. */
int results_key_set(struct config_key *k, size_t i, const char *cell);

/* Summary row of one metric: the stats plus the spread of per-repetition medians. */
struct metric_summary {
	struct stats_summary s;
	int reps;
	double rep_median_min, rep_median_max;
	/* Confidence of s.ci95_low..high (DESIGN §5): the exact binomial coverage of the
	 * order-statistic interval over the samples (one repetition) or over the repetition
	 * medians (0.5 for 2, 0.9375 for 5, 0.96875 for 6), the nominal 0.95 above 1000 values.
	 * NAN, with NAN bounds, when there is a single value: no interval. */
	double ci_level;
	/* RESULTS_CONVERGED_TRUE only when every repetition's stop watched the metric and met its
	 * rule, _FALSE when one watched and did not, _UNTESTED when no stop watched it (counters,
	 * rusage, single readings): summary.csv writes true, false or an empty cell. */
	enum results_converged { RESULTS_CONVERGED_UNTESTED = -1, RESULTS_CONVERGED_FALSE = 0,
				 RESULTS_CONVERGED_TRUE = 1 } converged;
};
/* One repetition's share of a metric: results.json's iteration entries (DESIGN §7). */
struct rep_median {
	int rep;         /* 1-based */
	size_t n;        /* its samples */
	double median;
};

struct metric_samples {
	char name[48];   /* call_ns, start_ns, total_ns, page-faults.tree, ... */
	char unit[16];   /* ns, count/op, bytes, ops/s */
	double *values;  /* all samples, in the order taken */
	int *rep;        /* repetition of each sample (1-based) */
	size_t n, cap;
	/* The adaptive stop (DESIGN §5): repetitions whose stop rule read this metric, and how
	 * many of those met it. 0 watched: no stop looked at it, nothing is claimed. */
	int watched_reps, converged_reps;
	/* Folded (results_fold_config): the samples are gone (values and rep NULL, n kept) and
	 * what the writers need of them is kept here, computed while they were there, so the
	 * coordinator holds one configuration's samples at a time (DESIGN §7). */
	bool folded;
	struct metric_summary folded_summary;
	struct rep_median *folded_reps; /* folded_summary.reps entries */
};

struct config_result {
	struct config_key key;
	struct metric_samples *metrics;
	size_t metric_count, metric_cap;
	int reps;             /* repetitions that contributed samples */
	size_t last_metric;   /* where results_add_sample found the last name: rows come in runs */
	/* Free text shown in the report (counter mode, retries, tracing overhead), "part; part";
	 * heap-allocated and of any length, so no part is cut when repetitions' notes join.
	 * NULL: none. Owned by the configuration: results_free_config frees it. */
	char *note;
};

struct skipped_config {
	struct config_key key;
	char *reason; /* whole, whatever its length (a path, a cgroup); results_free frees it */
};

struct run_results {
	struct config_result *configs;
	size_t config_count, config_cap;
	struct skipped_config *skipped;
	size_t skipped_count, skipped_cap;
};

/* Model management: 0 or -ENOMEM. Start from a zeroed struct run_results.
 * results_add_config returns the existing configuration when key is already present (so
 * repetitions merge into one); *out stays valid until the next results_add_config.
 * results_add_sample creates the metric on first use; -EINVAL for a NULL, empty or too long
 * name or unit, or a unit differing from the metric's. It raises c->reps to rep (1-based),
 * so c->reps is the highest repetition that contributed. */
int results_add_config(struct run_results *r, const struct config_key *key,
		       struct config_result **out);
int results_add_sample(struct config_result *c, const char *metric, const char *unit, int rep,
		       double value);
struct metric_samples *results_find_metric(struct config_result *c, const char *metric);
/* The metric of that name, created without samples if c has none: 0, or -EINVAL as for
 * results_add_sample (a folded metric is returned as it is). */
int results_add_metric(struct config_result *c, const char *metric, const char *unit,
		       struct metric_samples **out);
/* One repetition's adaptive stop read metric and did (converged) or did not meet its rule.
 * 0, or -ENOENT when c has no such metric (no samples: no row to say it on). */
int results_mark_watched(struct config_result *c, const char *metric, bool converged);
int results_add_skip(struct run_results *r, const struct config_key *key, const char *reason);
/* Appends each "; "-separated part of text to c's note unless the note has that very part
 * already (the same counters mode in every repetition is said once). Any length. 0 or -ENOMEM
 * (parts appended before the failure stay). */
int results_note_append(struct config_result *c, const char *text);
void results_free(struct run_results *r); /* frees everything and zeroes *r */
/* Frees one configuration's samples and note and leaves it with neither (the coordinator drops
 * the last, incomplete configuration with r->config_count-- then this). */
void results_free_config(struct config_result *c);

/* reps: distinct repetitions among m's samples; rep_median_min/max: the smallest and largest
 * of their medians. With one repetition s is the samples' summary (n == 1: no CI, NAN). With
 * two or more, each process weighs the same: s.median is the median of the repetition medians and the CI is
 * the order-statistic CI over them (processes differ by more than one process's samples
 * show, so a CI from pooled samples would be far too narrow); the other figures stay those of
 * all samples pooled. 0, -EINVAL (no samples) or -ENOMEM. */
int results_summarize_metric(const struct metric_samples *m, struct metric_summary *out);
/* The same, and each repetition's median and sample count, in repetition order, into a
 * malloc'ed array of out->reps entries (*reps_out; the caller frees it). A folded metric gives
 * what was kept, its converged recomputed from the watched counts. */
int results_summarize_metric_reps(const struct metric_samples *m, struct metric_summary *out,
				  struct rep_median **reps_out);
/* Folds every metric of c: keeps its summary and repetition medians and frees its samples.
 * results_add_sample refuses a folded metric (-EINVAL). 0 or -ENOMEM (nothing freed). */
int results_fold_config(struct config_result *c);

/* samples.csv's header line, and the rows of c's samples (DESIGN §7): the run's writer appends
 * them to samples.csv.gz one configuration x repetition at a time. */
void results_put_samples_header(FILE *fp);
/* 0, or -ENOMEM (rows may be missing: the caller must not keep what it wrote). A folded metric
 * has no samples left to write. */
int results_put_sample_rows(FILE *fp, const struct config_result *c);

/* Writers: each writes one file of dir atomically (unnamed until complete, then renamed into
 * place: atomic_file.h) and returns 0 or -errno. meta_json is the already-built meta.json text
 * (sysinfo), embedded as the "context" of results.json. */
int results_write_samples_csv(const char *dir, const struct run_results *r);
int results_write_summary_csv(const char *dir, const struct run_results *r);
int results_write_skipped_csv(const char *dir, const struct run_results *r);
int results_write_notes_csv(const char *dir, const struct run_results *r);
int results_write_results_json(const char *dir, const struct run_results *r,
			       const char *meta_json);

/* Writes every file above (meta.json too, unless meta_json is NULL) as a set: none is renamed
 * into place before all are written, so on an error (ENOSPC) dir keeps its earlier set whole. */
int results_write_all(const char *dir, const struct run_results *r, const char *meta_json);

/* A file of the set: put writes its content into fp (0, or -errno for a failure not fp's own).
 * Benches add the files they derive from the results (sweep's fits.csv) as rows of this kind,
 * so these are committed with the set too; wanted (NULL: always) says whether r has anything
 * for the file, which is not written otherwise. */
typedef int results_put_fn(FILE *fp, const struct run_results *r, const char *meta_json);
struct results_file {
	const char *name;
	results_put_fn *put;
	bool (*wanted)(const struct run_results *r);
};
#define RESULTS_MAX_DERIVED 4

/* results_write_all with the derived files (at most RESULTS_MAX_DERIVED) in the set. */
int results_write_all_derived(const char *dir, const struct run_results *r, const char *meta_json,
			      const struct results_file *const *derived, size_t derived_count);
/* The same; durable false skips the fsyncs (afile_commit_opts): a run's checkpoints. */
int results_write_all_opts(const char *dir, const struct run_results *r, const char *meta_json,
			   const struct results_file *const *derived, size_t derived_count,
			   bool durable);
/* One file alone, atomically (tests; a derived file with nothing to write is not written). */
int results_write_file(const char *dir, const struct run_results *r,
		       const struct results_file *f);

#endif
