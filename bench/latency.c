/* latency: what one creation costs, per method (DESIGN §4). Per sample: call_ns (until the
 * creating call returns in the parent), start_ns (until the child's first instruction, stamped
 * by the child or the exec target into a shared page) and total_ns (until waitpid reaps it; for
 * a thread until the join, the tid futex wake early in its exit). Leaves out memory footprint
 * and COW (their own benches).
 *
 * Between two clock reads there is only the creating call, or the reap; sample arrays and the
 * stamp page are MAP_SHARED, so recording a sample never takes a copy-on-write fault in the
 * parent (and fork skips copying their page tables), and counters are counted in batches of
 * their own after the timed samples (bench/counting.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "bench.h"
#include "clock.h"
#include "counting.h"
#include "methods.h"
#include "stats.h"
#include "worker.h"

#define SAMPLE_CAP 1000000
#define COUNT_BATCH_OPS 16 /* creations per counter batch */
#define MIN_SAMPLES 50    /* below this the median's CI says little */
#define MAX_RETRIES 8     /* EAGAIN/ENOMEM back-off before the configuration fails */

struct samples {
	double *call_ns, *start_ns, *total_ns;
	size_t n, cap;
};

/* The sample arrays share one mapping with the stamp page (create_ctx_map_shared). */
static int samples_map(struct samples *s, struct create_ctx *ctx, size_t cap)
{
	double *base = create_ctx_map_shared(ctx, 3 * cap * sizeof(double));

	if (!base)
		return -errno;
	s->call_ns = base;
	s->start_ns = base + cap;
	s->total_ns = base + 2 * cap;
	s->n = 0;
	s->cap = cap;
	return 0;
}

/* --no-start: the child leaves at once, as in a hand-written fork/_exit/waitpid loop. The stamp
 * start_ns needs costs the child one page fault (its page tables have no entry for the shared
 * stamp page): about 4 us of fork's total on the reference VM. */
static int child_exits_at_once(void *arg)
{
	(void)arg;
	return 0;
}

/* One timed creation. On success fills the three figures (start NAN when no stamp is
 * expected). Returns 0, -errno from the creating call, or -ECHILD (status in *status). */
static int timed_creation(const struct method_sel *sel, const struct create_ctx *ctx,
			  bool expect_stamp, double *call_ns, double *start_ns, double *total_ns,
			  int *status, uint64_t *end_ns)
{
	struct child c = { .pidfd = -1 };
	uint64_t t0, t1, t2, stamp;
	int rc;

	ctx->stamp->child_start_ns = 0;
	t0 = clock_now_ns();
	rc = sel->m.ops->create(&sel->m, ctx, &c);
	t1 = clock_now_ns();
	if (rc)
		return rc;
	rc = sel->m.ops->reap(&sel->m, &c, status);
	t2 = clock_now_ns();
	*end_ns = t2;
	if (rc)
		return rc;
	stamp = ctx->stamp->child_start_ns;
	if (expect_stamp && (stamp < t0 || stamp > t2))
		return -EPROTO;
	*call_ns = (double)(t1 - t0);
	*start_ns = expect_stamp ? (double)(stamp - t0) : NAN;
	*total_ns = (double)(t2 - t0);
	return 0;
}

static void report_failure(struct emitter *e, const struct method_sel *sel,
			   const struct create_ctx *ctx, int rc, int status, int retries)
{
	char call[256];

	methods_describe_call(sel, call, sizeof(call));
	if (rc == -ECHILD && WIFEXITED(status) && WEXITSTATUS(status) == 127 && ctx->exec_path)
		emit_error(e, "%s: the child could not execve %s", call, ctx->exec_path);
	else if (rc == -ECHILD)
		emit_error(e, "%s: the child did not exit cleanly (wait status 0x%x)", call,
			   status);
	else if (rc == -EPROTO)
		emit_error(e, "%s: the child never stamped the clock (is %s a forkbench target?)",
			   call, ctx->exec_path ? ctx->exec_path : "the child");
	else
		emit_error(e, "%s failed: %s (%s)%s", call, strerror(-rc),
			   strerrorname_np(-rc) ? strerrorname_np(-rc) : "?",
			   retries ? " after back-off retries" : "");
}

/* A creation that may hit a transient limit (EAGAIN, ENOMEM): reap, back off, retry. */
static int creation_with_retry(const struct method_sel *sel, const struct create_ctx *ctx,
			       bool expect_stamp, struct samples *s, bool keep, uint64_t *end_ns,
			       uint64_t *failures, struct emitter *e)
{
	double call_ns, start_ns, total_ns;
	int rc = 0, status = 0, retries = 0;

	for (; retries <= MAX_RETRIES; retries++) {
		rc = timed_creation(sel, ctx, expect_stamp, &call_ns, &start_ns, &total_ns,
				    &status, end_ns);
		if (rc != -EAGAIN && rc != -ENOMEM)
			break;
		(*failures)++;
		while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
			;
		nanosleep(&(struct timespec){ 0, 1000000L << retries }, NULL);
	}
	if (rc) {
		/* retries of this creation, not the configuration's running total of failures */
		report_failure(e, sel, ctx, rc, status, retries);
		return rc;
	}
	if (keep) {
		/* samples_map's mmap succeeded before any creation, so call_ns is never NULL. */
		s->call_ns[s->n] = call_ns; /* NOLINT(clang-analyzer-core.NullDereference) */
		s->start_ns[s->n] = start_ns;
		s->total_ns[s->n] = total_ns;
		s->n++;
	}
	return 0;
}

static bool metric_converged(const double *v, size_t n, double precision_pct)
{
	struct stats_summary st;

	return stats_summarize(v, n, &st) == 0 && stats_converged(&st, precision_pct);
}

static bool all_converged(const struct samples *s, bool have_start, double precision_pct)
{
	return s->n >= MIN_SAMPLES && metric_converged(s->call_ns, s->n, precision_pct) &&
	       metric_converged(s->total_ns, s->n, precision_pct) &&
	       (!have_start || metric_converged(s->start_ns, s->n, precision_pct));
}

/* One counted creation (bench_count_batches), with the same retries as the timed ones. */
struct count_op {
	const struct method_sel *sel;
	const struct create_ctx *ctx;
	bool expect_stamp;
	struct samples *s;
	uint64_t *failures;
	struct emitter *e;
};

static int count_one_creation(void *arg)
{
	struct count_op *op = arg;
	uint64_t end_ns;

	return creation_with_retry(op->sel, op->ctx, op->expect_stamp, op->s, false, &end_ns,
				   op->failures, op->e);
}

static int latency_measure(const struct bench_args *a, struct emitter *e)
{
	struct method_sel sel;
	struct create_ctx ctx = { .cgroup_fd = -1 };
	struct shape_state *shape = NULL;
	struct samples s = { 0 };
	char why[512], exec_path[4096];
	bool ours = true, expect_stamp, converged = false;
	uint64_t failures = 0, end_ns = 0, deadline_ns, next_check = MIN_SAMPLES;
	size_t target = a->samples ? a->samples : SAMPLE_CAP;
	int rc;

	rc = methods_resolve(a->methods[a->method_count - 1], &sel, why, sizeof(why));
	if (!rc && sel.exec)
		rc = args_exec_path(a, exec_path, sizeof(exec_path), &ours, why, sizeof(why));
	if (rc) {
		emit_error(e, "%s", why);
		return rc;
	}
	expect_stamp = (!sel.exec || ours) && !a->no_start;
	rc = create_ctx_open(&ctx, sel.exec ? exec_path : NULL, ours && !a->no_start);
	if (rc) {
		emit_error(e, "cannot prepare the creation context: %s", strerror(-rc));
		return rc;
	}
	if (a->no_start)
		ctx.child_fn = child_exits_at_once; /* no stamp: the bare create/exit/reap */
	rc = methods_prepare(&sel, &ctx, why, sizeof(why));
	if (rc) {
		emit_skip(e, "%s", why);
		goto out;
	}
	if (sel.exec && a->env_bytes) {
		rc = create_ctx_set_env_bytes(&ctx, a->env_bytes);
		if (rc) {
			emit_error(e, "cannot build a %llu-byte environment: %s",
				   (unsigned long long)a->env_bytes, strerror(-rc));
			goto out;
		}
	}
	rc = worker_prepare(a, e, &shape);
	if (rc)
		goto out;
	rc = samples_map(&s, &ctx, target);
	if (rc) {
		emit_error(e, "cannot map %zu samples: %s", target, strerror(-rc));
		goto out;
	}

	for (uint64_t i = 0; i < a->warmup; i++) {
		rc = creation_with_retry(&sel, &ctx, expect_stamp, &s, false, &end_ns, &failures,
					 e);
		if (rc)
			goto out;
	}

	deadline_ns = clock_now_ns() + (uint64_t)(a->max_time_s * 1e9);
	while (s.n < target) {
		rc = creation_with_retry(&sel, &ctx, expect_stamp, &s, true, &end_ns, &failures, e);
		if (rc)
			goto out;
		if (a->samples)
			continue; /* a fixed count runs to the end */
		if (end_ns >= deadline_ns)
			break;
		if (s.n >= next_check) {
			if (all_converged(&s, expect_stamp, a->precision_pct))
				break;
			next_check = s.n + (s.n / 4 > 32 ? s.n / 4 : 32);
		}
	}
	converged = all_converged(&s, expect_stamp, a->precision_pct);

	for (size_t i = 0; i < s.n; i++) {
		emit_sample(e, "call_ns", "ns", s.call_ns[i]);
		if (expect_stamp)
			emit_sample(e, "start_ns", "ns", s.start_ns[i]);
		emit_sample(e, "total_ns", "ns", s.total_ns[i]);
	}
	emit_converged(e, converged,
		       (const char *const[]){ "call_ns", "total_ns",
					      expect_stamp ? "start_ns" : NULL, NULL });
	rc = bench_count_batches(a, e, "", COUNT_BATCH_OPS, count_one_creation,
				 &(struct count_op){ &sel, &ctx, expect_stamp, &s, &failures, e });
	if (rc)
		goto out;
	if (failures)
		emit_note(e, "%llu transient EAGAIN/ENOMEM failures retried",
			  (unsigned long long)failures);
	rc = 0;
out:
	worker_finish(shape);
	create_ctx_close(&ctx);
	return rc;
}

struct plan_state {
	const struct bench_args *a;
	struct runner_plan *p;
	char *why;
	size_t why_len;
	int rc;
};

static void plan_method(const char *name, struct plan_state *ps)
{
	const struct bench_args *a = ps->a;
	struct method_sel sel;
	struct config_key key;
	const char *override[] = { "--worker-method", name, NULL };
	int rc;

	if (ps->rc)
		return;
	rc = bench_method_key(a, "latency", name, &sel, &key, ps->why, ps->why_len);
	if (rc) {
		ps->rc = rc;
		return;
	}
	if (sel.exec && a->env_bytes)
		snprintf(key.variant, sizeof(key.variant), "env_bytes=%llu",
			 (unsigned long long)a->env_bytes);
	ps->rc = bench_plan_probed(ps->p, &sel, &key, override, ps->why, ps->why_len);
}

static void plan_preset(const struct method *m, void *arg)
{
	plan_method(m->name, arg);
}

static int latency_plan(const struct bench_args *a, struct runner_plan *p, char *why,
			size_t why_len)
{
	struct plan_state ps = { a, p, why, why_len, 0 };

	if (a->method_count == 0)
		methods_foreach(plan_preset, &ps);
	for (int i = 0; i < a->method_count; i++)
		plan_method(a->methods[i], &ps);
	return ps.rc;
}

/* sweep runs latency configurations and so accepts these too (bench_sweep.includes). */
static const struct bench_option latency_options[] = {
	{ .name = "no-start", .kind = OPT_FLAG,
	  .help = "children exit at once without stamping the clock: no start_ns",
	  .off = ARGS_OFF(no_start) },
	{ .name = "env", .kind = OPT_SIZE, .arg_name = "SIZE", .default_text = "minimal",
	  .accepted = "1 byte to 16M", .help = "size of the exec target's environment (+exec)",
	  /* execve refuses more than a quarter of the stack limit (8 MiB -> 2 MiB) */
	  .off = ARGS_OFF(env_bytes), .max = 16u << 20 },
	{ NULL },
};

const struct bench bench_latency = {
	.name = "latency",
	.summary = "creation latency per method: call_ns, start_ns, total_ns",
	.plan = latency_plan,
	.measure = latency_measure,
	.options = latency_options,
	.methods_default = "every method of forkbench list",
};
