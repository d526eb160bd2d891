/* The bench driver (DESIGN §5): what every bench does the same way, written once. Planning
 * (the -m methods, their key columns, probing, skips), the worker's set-up (resolve the method,
 * open the creation context, prepare it, tie, pin and shape the worker), the sample loop with
 * its warm-up and the adaptive stop, and the counting batches. A bench supplies a descriptor,
 * struct bench_loop, with its round function and its stop test, as a stress-ng stressor
 * supplies its loop to the core that runs it.
 *
 * The timed region is the bench's: its round function holds both clock reads, with only the
 * creating call (or the reap) between them. The driver calls a round, never inside one. */
#ifndef FB_DRIVER_H
#define FB_DRIVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "args.h"
#include "method_row.h"
#include "methods.h"
#include "runner.h"
#include "shape.h"

#define DRIVER_LAST 1 /* a round's return: it was the bench's last (timeline's segments) */

struct driver_plan;
struct driver_worker;

struct bench_loop {
	const char *name; /* the bench: its key column and the worker's argv */
	/* The metrics the adaptive stop tests, NULL-terminated: what `converged` speaks for
	 * (DESIGN §5). A metric not listed is never claimed converged. */
	const char *const *watched_metrics;

	/* Planning, once per -m method, after the driver resolved it and filled dp->key. Adds
	 * configurations with driver_plan_add (or skips them); NULL adds dp->key as it is.
	 * 0, or -EINVAL with dp->why (usage error), or -errno. */
	int (*plan_method)(struct driver_plan *dp);

	/* Worker set-up, in this order (each optional): resolved() once the method and its exec
	 * target are known, before the creation context exists (may set w->stamp_arg, or
	 * w->no_ctx); setup() once the context is prepared and the worker shaped. On failure
	 * they have emitted why. 0 or -errno. */
	int (*resolved)(void *arg, struct driver_worker *w);
	int (*setup)(void *arg, struct driver_worker *w);

	/* One round: a timed sample, or a bench's own round (footprint's children held at once,
	 * throughput's window, timeline's segment pair). keep false: a warm-up round, nothing
	 * kept. It advances *n to the samples the stop rule counts, and may set *end_ns to a clock
	 * read it already made at its end (else the driver reads the clock). 0, DRIVER_LAST, or
	 * -errno after emitting why. */
	int (*round)(void *arg, bool keep, size_t *n, uint64_t *end_ns);
	/* Whether the n samples kept meet --precision on every watched metric. */
	bool (*converged)(void *arg, size_t n, double precision_pct);
	size_t min_samples;   /* no stop test below this many */
	uint64_t sample_cap;  /* adaptive runs stop here whatever the precision */
	uint64_t warmup_max;  /* --warmup is capped at this many rounds (0: no warm-up rounds) */
	bool own_deadline;    /* the rounds keep to --max-time themselves (timeline's slices) */

	/* driver_measure only: emit the n samples (and notes about them), before `converged`. */
	void (*emit)(void *arg, size_t n);
	/* Counting after the samples (DESIGN §6): count() when the bench counts its own way,
	 * else count_batch_ops calls of count_one() per batch (bench_count_batches). */
	int (*count)(void *arg);
	int (*count_one)(void *arg);
	int count_batch_ops;
	const char *count_what; /* appended to the "counters: MODE" note */
	/* driver_measure only: after counting (rc its result), free what setup() made. */
	void (*teardown)(void *arg, int rc);
};

/* ---- planning (coordinator) ---- */

struct driver_plan {
	const struct bench_loop *loop;
	const struct bench_args *a;
	struct runner_plan *p;
	const char *name;      /* the method as given to -m: the worker gets it back */
	const char *rss_kind_name; /* one kind of an --rss-kind list: the worker gets it too;
				    * NULL: the command line's one kind */
	struct method_sel sel;
	struct config_key key; /* bench_method_key's: the columns every bench shares */
	char *why;
	size_t why_len;
	void *arg;             /* the bench's planning state */
	bool probed;
	int probe_rc;
	char probe_why[512];
};

/* Plans every -m method (defaults when none: a NULL-terminated list, or NULL for every preset)
 * through loop->plan_method, stopping at the first error. 0, -EINVAL with why, or -errno. */
int driver_plan(const struct bench_loop *loop, const struct bench_args *a, struct runner_plan *p,
		const char *const *defaults, void *arg, char *why, size_t why_len);
/* Probes dp->sel once per method: 0 when it can run here, else -errno (reason in
 * dp->probe_why). */
int driver_plan_probe(struct driver_plan *dp);
/* One configuration of dp's method: added with "--worker-method NAME" and extra (NULL or
 * NULL-terminated) appended to the worker's argv when the method runs here; else a recorded skip
 * with the kernel's reason, or -EINVAL with why when the user composed a flag set the kernel
 * refuses (their error, exit 2). */
int driver_plan_add(struct driver_plan *dp, const struct config_key *key,
		    const char *const *extra);

/* ---- the worker ---- */

struct driver_worker {
	const struct bench_args *a;
	struct emitter *e;
	struct method_sel sel;
	struct create_ctx ctx;
	char exec_path[4096];
	bool ours;      /* the exec target is one of forkbench's own (it stamps the clock) */
	bool stamp_arg; /* pass the stamp fd to the target (default: ours) */
	bool no_ctx;    /* the bench opens its contexts itself (throughput: one per creator) */
	bool ctx_open;
	struct shape_state *shape;
};

/* Resolves the worker's method, opens and prepares its creation context and prepares the
 * worker (worker_prepare), calling loop->resolved and loop->setup on the way. On failure why
 * has been emitted; driver_close is safe either way. 0 or -errno. */
int driver_open(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		struct driver_worker *w, void *arg);
void driver_close(struct driver_worker *w);

/* The next sample count at which the adaptive stop is tested, after a test at n. */
size_t driver_next_check(size_t n);

/* Warm-up, then rounds until -n samples, loop->sample_cap, --max-time or the adaptive stop;
 * *n: the samples kept, *converged: whether they meet the stop rule. 0 or a round's -errno. */
int driver_run(const struct bench_loop *loop, const struct bench_args *a, void *arg, size_t *n,
	       bool *converged);

/* Counting batches as loop says (count, or count_one). 0 or -errno. */
int driver_count(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		 void *arg);

/* The whole worker of a bench whose rounds are samples: driver_open, driver_run, emit, the
 * converged record, driver_count, teardown, driver_close. */
int driver_measure(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		   struct driver_worker *w, void *arg);

#endif
