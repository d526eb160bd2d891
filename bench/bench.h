/* What is measured (DESIGN §1): one entry per bench, as in tools/perf/bench. The coordinator
 * calls plan() to list the configurations (probing what can run here); each configuration runs
 * in a fresh worker process that calls measure(). */
#ifndef FB_BENCH_H
#define FB_BENCH_H
#include <stddef.h>

#include "args.h"
#include "results.h"
#include "runner.h"

struct bench {
	const char *name;
	const char *summary;
	/* Coordinator: add configurations with runner_plan_add / runner_plan_skip.
	 * 0, or -EINVAL (usage error, why filled), or -errno. */
	int (*plan)(const struct bench_args *a, struct runner_plan *p, char *why, size_t why_len);
	/* Worker: measure the one configuration a describes, sending records through e.
	 * 0, or -errno after emit_error/emit_skip said why. */
	int (*measure)(const struct bench_args *a, struct emitter *e);
	/* Optional: whether the bench can run here at all (forkbench list says why not).
	 * 0, or -errno with why filled. */
	int (*available)(char *why, size_t why_len);
	/* Its own options (DESIGN §2), a table in its file; NULL when it has none. */
	const struct bench_option *options;
	/* A bench whose options this one accepts too, because it runs that bench's
	 * configurations (sweep runs latency's), and why, for help. NULL: none. */
	const struct bench *includes;
	const char *includes_why;
	/* What -m defaults to, for help: the very list plan() hands to driver_plan (NULL-terminated;
	 * NULL: every method of forkbench list), and sweep's list for --param env. */
	const char *const *methods_default;
	const char *const *methods_default_env;
};

extern const struct bench *const benches[];
const struct bench *bench_find(const char *name);

struct method_sel;
/* Resolves method `name` for a bench, checks its exec target, and fills the key columns every
 * bench shares (shape, cpu, method, flags, exec). 0, or -EINVAL/-ENOENT/-EACCES with why: usage
 * errors, reported before anything runs. */
int bench_method_key(const struct bench_args *a, const char *bench_name, const char *name,
		     struct method_sel *sel, struct config_key *key, char *why, size_t why_len);

/* Probes sel and plans it: added with override_argv when it runs here, a recorded skip with
 * the kernel's reason when it does not, -EINVAL with why when the user composed a flag set the
 * kernel refuses (their error, exit 2). */
int bench_plan_probed(struct runner_plan *p, const struct method_sel *sel,
		      const struct config_key *key, const char *const *override, char *why,
		      size_t why_len);

/* Fills the key columns every bench shares from the parsed options (shape, cpu). */
void bench_key_from_args(const struct bench_args *a, const char *bench_name,
			 struct config_key *key);
/* The region's columns, touch and rss_kind: set wherever there is a region (and on sweep's
 * rss=0 point, which lies on the line of that touch and kind). */
void bench_key_region(const struct bench_args *a, struct config_key *key);

extern const struct bench bench_latency;
extern const struct bench bench_cow;
extern const struct bench bench_footprint;
extern const struct bench bench_sweep;
extern const struct bench bench_throughput;
extern const struct bench bench_timeline;

#endif
