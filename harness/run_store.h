/* Where a run's results go while it runs (DESIGN §7): each completed configuration x repetition's
 * samples are appended to samples.csv.gz and the configuration is folded into its summary, so the
 * coordinator holds one configuration's samples at a time however many the run has; the atomic
 * set (meta.json, summary.csv, ..., results.json) is rewritten from the folded summaries, paced
 * so that all writing stays a small share of the run. */
#ifndef FB_RUN_STORE_H
#define FB_RUN_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "results.h"
#include "samples_gz.h"

struct run_store {
	struct samples_gz_writer gz;
	uint64_t started_ns;
	uint64_t write_ns;                         /* inside result writing so far: */
	uint64_t samples_ns;                       /* of which appending samples */
	uint64_t last_set_end_ns, last_set_cost_ns; /* pacing of the set's rewrites */
};

/* The gzip members of one configuration's completed repetitions, in order. */
struct run_store_members {
	struct samples_gz_member *items;
	size_t count, cap;
	bool dirty; /* a repetition came since the configuration was last folded */
};

/* Creates dir/samples.csv.gz with its header. 0, or -errno with one line in why. */
int run_store_open(struct run_store *s, const char *dir, char *why, size_t why_len);
void run_store_close(struct run_store *s);

/*
 * One completed repetition: appends rep's samples (one repetition of c's configuration) as a
 * member and gives c this repetition's stop verdict on the metrics it watched (DESIGN §5); c
 * holds no samples before or after (rep's are left to the caller). c's summary is stale until
 * run_store_fold. 0 or -errno.
 */
int run_store_add_repetition(struct run_store *s, struct config_result *c,
			     struct run_store_members *members, const struct config_result *rep,
			     const char *const *watched, int watched_count, bool converged);
/* Folds c over every repetition so far, read back from its members (results_fold_config), if a
 * repetition came since it was last folded. Done before each write of the set, so a summary is
 * computed once per write rather than once per repetition. 0 or -errno (c unchanged). */
int run_store_fold(struct run_store *s, struct config_result *c, struct run_store_members *members);
void run_store_members_free(struct run_store_members *m);

/* Whether the set is due for a rewrite: only once the time since the last rewrite is 100 times
 * what it took, so rewriting the set stays under 1% of the run (appending and folding the
 * samples come on top), small runs still get one after every configuration. */
bool run_store_set_due(const struct run_store *s);
/* Brackets one rewrite of the set, for the pacing and the accounting (set_begin returns the
 * start time to give set_end). */
uint64_t run_store_set_begin(void);
void run_store_set_end(struct run_store *s, uint64_t begin_ns);

/* meta.json's "files" object: the samples file and the length of its complete members, and the
 * time spent writing results so far against the run's wall time. NULL on ENOMEM. */
char *run_store_files_json(const struct run_store *s);

#endif
