/* The bench driver: planning, worker set-up, the sample loop with warm-up and adaptive stop, and
 * counting, once for every bench (driver.h). It never runs inside a timed region: a bench's
 * round function holds its own clock reads, so the calls, branches and stores here fall
 * between samples, where they cost the figures nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "clock.h"
#include "counter_batches.h"
#include "driver.h"
#include "worker.h"

/* ---- planning ---- */

static int plan_one(struct driver_plan *dp, const char *name)
{
	int rc = bench_method_key(dp->a, dp->loop->name, name, &dp->sel, &dp->key, dp->why,
				  dp->why_len);

	if (rc)
		return rc;
	dp->name = name;
	dp->probed = false;
	if (dp->loop->plan_method)
		return dp->loop->plan_method(dp);
	return driver_plan_add(dp, &dp->key, NULL);
}

struct preset_walk {
	struct driver_plan *dp;
	int rc;
};

static void plan_preset(const struct method *m, void *arg)
{
	struct preset_walk *pw = arg;

	if (!pw->rc)
		pw->rc = plan_one(pw->dp, m->name);
}

/* Every method with one --rss-kind. */
static int plan_methods(struct driver_plan *dp, const char *const *defaults)
{
	const struct bench_args *a = dp->a;
	struct preset_walk pw = { dp, 0 };

	if (a->method_count == 0 && !defaults)
		methods_foreach(plan_preset, &pw);
	if (a->method_count == 0)
		for (const char *const *m = defaults; m && *m && !pw.rc; m++)
			pw.rc = plan_one(dp, *m);
	for (int i = 0; i < a->method_count && !pw.rc; i++)
		pw.rc = plan_one(dp, a->methods[i]);
	return pw.rc;
}

int driver_plan(const struct bench_loop *loop, const struct bench_args *a, struct runner_plan *p,
		const char *const *defaults, void *arg, char *why, size_t why_len)
{
	struct driver_plan dp = { .loop = loop, .a = a, .p = p, .why = why, .why_len = why_len,
				  .arg = arg };
	struct bench_args one_kind;
	int rc = 0;

	if (a->rss_kind_count <= 1)
		return plan_methods(&dp, defaults);
	/* A list of kinds is one configuration per kind, as a list of sizes is: the whole plan
	 * once per kind, each worker told its kind by an override (the last --rss-kind wins).
	 * Without a region every kind gives the same key, which runner_plan_add keeps once. */
	for (int k = 0; k < a->rss_kind_count && !rc; k++) {
		one_kind = *a;
		one_kind.shape.rss_kind = a->rss_kinds[k];
		one_kind.rss_kinds[0] = a->rss_kinds[k];
		one_kind.rss_kind_count = 1;
		dp.a = &one_kind;
		dp.rss_kind_name = shape_rss_kind_names[a->rss_kinds[k]];
		rc = plan_methods(&dp, defaults);
	}
	return rc;
}

int driver_plan_probe(struct driver_plan *dp)
{
	if (!dp->probed)
		dp->probe_rc = methods_probe(&dp->sel, dp->probe_why, sizeof(dp->probe_why));
	dp->probed = true;
	return dp->probe_rc;
}

int driver_plan_add(struct driver_plan *dp, const struct config_key *key,
		    const char *const *extra)
{
	const char *override[RUNNER_MAX_OVERRIDES + 1] = { "--worker-method", dp->name,
							   "--rss-kind", dp->rss_kind_name };
	size_t k = dp->rss_kind_name ? 4 : 2;
	int rc = driver_plan_probe(dp);

	if (rc && dp->sel.user_flags && rc == -EINVAL) {
		/* The user composed these flags: a kernel EINVAL is their error, not a skip. */
		snprintf(dp->why, dp->why_len, "-m %s: the kernel refuses it: %s", dp->sel.name,
			 dp->probe_why);
		return -EINVAL;
	}
	if (rc)
		return runner_plan_skip(dp->p, key, "%s", dp->probe_why);
	for (; extra && *extra; extra++) {
		if (k == RUNNER_MAX_OVERRIDES) {
			snprintf(dp->why, dp->why_len, "%s: more than %d worker arguments",
				 dp->loop->name, RUNNER_MAX_OVERRIDES);
			return -E2BIG;
		}
		override[k++] = *extra;
	}
	override[k] = NULL;
	return runner_plan_add(dp->p, key, override);
}

/* ---- the worker ---- */

int driver_open(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		struct driver_worker *w, void *arg)
{
	char why[512];
	int rc;

	w->a = a;
	w->e = e;
	w->ctx = (struct create_ctx){ .cgroup_fd = -1 };
	w->ctx_open = false;
	w->shape = NULL;
	w->ours = true;
	rc = methods_resolve(a->methods[a->method_count - 1], &w->sel, why, sizeof(why));
	if (!rc && w->sel.exec)
		rc = args_exec_path(a, w->exec_path, sizeof(w->exec_path), &w->ours, why,
				    sizeof(why));
	if (rc) {
		emit_error(e, "%s", why);
		return rc;
	}
	w->stamp_arg = w->ours;
	if (loop->resolved) {
		rc = loop->resolved(arg, w);
		if (rc)
			return rc;
	}
	if (!w->no_ctx) {
		rc = create_ctx_open(&w->ctx, w->sel.exec ? w->exec_path : NULL, w->stamp_arg);
		if (rc) {
			emit_error(e, "cannot prepare the creation context: %s", strerror(-rc));
			return rc;
		}
		w->ctx_open = true;
		rc = methods_prepare(&w->sel, &w->ctx, why, sizeof(why));
		if (rc) {
			emit_skip(e, "%s", why);
			return rc;
		}
	}
	rc = worker_prepare(a, e, &w->shape);
	if (!rc && loop->setup)
		rc = loop->setup(arg, w);
	return rc;
}

void driver_close(struct driver_worker *w)
{
	worker_finish(w->shape);
	w->shape = NULL;
	if (w->ctx_open)
		create_ctx_close(&w->ctx);
	w->ctx_open = false;
}

/*
 * The adaptive stop (DESIGN §5) is tested at min_samples, then each time the samples have grown
 * by an eighth (at least one): n + max(n/8, 1). A test summarizes every sample (a sort, O(n log
 * n)), so testing after each sample would cost more than latency's cheapest creations at large
 * n; growing by a fixed fraction bounds the tests to about 9 per doubling and their total work to
 * a few times the last one's, whatever n is, and a run stops at most an eighth past the first n
 * that met the rule. The step of at least one keeps the benches whose samples are expensive
 * (cow's region forks, footprint's rounds of live children, throughput's windows) from running
 * any sample past the stop they need; a fixed floor such as 32 would cost them seconds.
 */
size_t driver_next_check(size_t n)
{
	return n + (n / 8 > 1 ? n / 8 : 1);
}

int driver_run(const struct bench_loop *loop, const struct bench_args *a, void *arg, size_t *n,
	       bool *converged)
{
	uint64_t target = a->samples ? a->samples : loop->sample_cap, deadline_ns, end_ns;
	uint64_t warmups = a->warmup < loop->warmup_max ? a->warmup : loop->warmup_max;
	size_t next_check = loop->min_samples;
	int rc = 0;

	*n = 0;
	*converged = false;
	for (uint64_t i = 0; i < warmups; i++) {
		size_t none = 0;

		rc = loop->round(arg, false, &none, &end_ns);
		if (rc < 0)
			return rc;
	}
	deadline_ns = clock_now_ns() + (uint64_t)(a->max_time_s * 1e9);
	while (*n < target) {
		end_ns = 0;
		rc = loop->round(arg, true, n, &end_ns);
		if (rc < 0)
			return rc;
		if (rc == DRIVER_LAST)
			break;
		if (a->samples)
			continue; /* a fixed count runs to the end */
		if (!loop->own_deadline && (end_ns ? end_ns : clock_now_ns()) >= deadline_ns)
			break;
		if (*n >= next_check) {
			if (loop->converged(arg, *n, a->precision_pct))
				break;
			next_check = driver_next_check(*n);
		}
	}
	*converged = *n >= loop->min_samples && loop->converged(arg, *n, a->precision_pct);
	return 0;
}

int driver_count(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		 void *arg)
{
	if (loop->count)
		return loop->count(arg);
	if (!loop->count_one)
		return 0;
	return bench_count_batches(a, e, loop->count_what ? loop->count_what : "",
				   loop->count_batch_ops, loop->count_one, arg);
}

int driver_measure(const struct bench_loop *loop, const struct bench_args *a, struct emitter *e,
		   struct driver_worker *w, void *arg)
{
	bool converged = false;
	size_t n = 0;
	int rc = driver_open(loop, a, e, w, arg);

	if (!rc)
		rc = driver_run(loop, a, arg, &n, &converged);
	if (!rc) {
		loop->emit(arg, n);
		emit_converged(e, converged, loop->watched_metrics);
		rc = driver_count(loop, a, e, arg);
	}
	if (loop->teardown)
		loop->teardown(arg, rc);
	driver_close(w);
	return rc;
}
