/* latency: what one creation costs, per method (DESIGN §4). Per sample: call_ns (until the
 * creating call returns in the parent), start_ns (until the child's first instruction, stamped
 * by the child or the exec target into a shared page) and total_ns (until waitpid reaps it; for
 * a thread until the join, the tid futex wake early in its exit). Leaves out memory footprint
 * and COW (their own benches).
 *
 * Between two clock reads there is only the creating call, or the reap; sample arrays and the
 * stamp page are MAP_SHARED, so recording a sample never takes a copy-on-write fault in the
 * parent (and fork skips copying their page tables), and counters are counted in batches of
 * their own after the timed samples (bench/counter_batches.c). */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "bench.h"
#include "child_body.h"
#include "clock.h"
#include "driver.h"
#include "methods.h"
#include "stats.h"

#define SAMPLE_CAP 1000000
#define COUNT_BATCH_OPS 16 /* creations per counter batch */
#define MIN_SAMPLES 50    /* below this the median's CI says little */
#define MAX_RETRIES 8     /* EAGAIN/ENOMEM back-off before the configuration fails */

struct samples {
	double *call_ns, *start_ns, *total_ns;
	double *child_cpu, *parent_cpu; /* placement (DESIGN §4): where each creation ran */
	size_t n, cap;
};

/* The sample arrays share one mapping with the stamp page (create_ctx_map_shared). */
static int samples_map(struct samples *s, struct create_ctx *ctx, size_t cap)
{
	double *base = create_ctx_map_shared(ctx, 5 * cap * sizeof(double));

	if (!base)
		return -errno;
	s->call_ns = base;
	s->start_ns = base + cap;
	s->total_ns = base + 2 * cap;
	s->child_cpu = base + 3 * cap;
	s->parent_cpu = base + 4 * cap;
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

/* The figures of one creation. */
struct creation {
	double call_ns, start_ns, total_ns;
	double child_cpu, parent_cpu; /* NAN when no stamp is expected */
};

/* One timed creation. On success fills the figures (start and the CPUs NAN when no stamp is
 * expected). Returns 0, -errno from the creating call, or -ECHILD (status in *status).
 * The parent reads its CPU before its first clock read and the child its own after its clock
 * stamp (child_body.h), so neither read lies between a pair of clock reads it would lengthen
 * but the child's, which total_ns includes, and call_ns of a vfork-like method without exec
 * (its parent resumes at the child's exit) (DESIGN §4, docs/evidence/cpu-stamp-cost-2026-12-07.txt). */
static int timed_creation(const struct method_sel *sel, const struct create_ctx *ctx,
			  bool expect_stamp, struct creation *out, int *status, uint64_t *end_ns)
{
	struct child c = { .pidfd = -1 };
	uint64_t t0, t1, t2, stamp, child_cpu, parent_cpu;
	int rc;

	ctx->stamp->child_start_ns = 0;
	ctx->stamp->child_cpu = CPU_STAMP_NONE;
	parent_cpu = child_cpu_now(ctx->cpu_how);
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
	child_cpu = ctx->stamp->child_cpu;
	if (expect_stamp && (stamp < t0 || stamp > t2 || child_cpu == CPU_STAMP_NONE ||
			     parent_cpu == CPU_STAMP_NONE))
		return -EPROTO;
	out->call_ns = (double)(t1 - t0);
	out->start_ns = expect_stamp ? (double)(stamp - t0) : NAN;
	out->total_ns = (double)(t2 - t0);
	out->child_cpu = expect_stamp ? (double)child_cpu : NAN;
	out->parent_cpu = expect_stamp ? (double)parent_cpu : NAN;
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
		emit_error(e, "%s: the child never stamped the clock and its CPU (is %s a forkbench "
			   "target of this build?)",
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
	struct creation cr;
	int rc = 0, status = 0, retries = 0;

	for (; retries <= MAX_RETRIES; retries++) {
		rc = timed_creation(sel, ctx, expect_stamp, &cr, &status, end_ns);
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
		s->call_ns[s->n] = cr.call_ns; /* NOLINT(clang-analyzer-core.NullDereference) */
		s->start_ns[s->n] = cr.start_ns;
		s->total_ns[s->n] = cr.total_ns;
		s->child_cpu[s->n] = cr.child_cpu;
		s->parent_cpu[s->n] = cr.parent_cpu;
		s->n++;
	}
	return 0;
}

static bool metric_converged(const double *v, size_t n, double precision_pct)
{
	struct stats_summary st;

	return stats_summarize(v, n, &st) == 0 && stats_converged(&st, precision_pct);
}

/* The worker's state: the driver's set-up and the samples. */
struct latency_run {
	struct driver_worker w;
	struct samples s;
	bool expect_stamp;
	uint64_t failures;
};

static bool latency_converged(void *arg, size_t n, double precision_pct)
{
	const struct latency_run *r = arg;

	return metric_converged(r->s.call_ns, n, precision_pct) &&
	       metric_converged(r->s.total_ns, n, precision_pct) &&
	       (!r->expect_stamp || metric_converged(r->s.start_ns, n, precision_pct));
}

/* One sample (or warm-up creation): the timed region is timed_creation's, unchanged. */
static int latency_round(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct latency_run *r = arg;
	int rc = creation_with_retry(&r->w.sel, &r->w.ctx, r->expect_stamp, &r->s, keep, end_ns,
				     &r->failures, r->w.e);

	*n = r->s.n;
	return rc;
}

/* One counted creation (bench_count_batches), with the same retries as the timed ones. */
static int count_one_creation(void *arg)
{
	struct latency_run *r = arg;
	uint64_t end_ns;

	return creation_with_retry(&r->w.sel, &r->w.ctx, r->expect_stamp, &r->s, false, &end_ns,
				   &r->failures, r->w.e);
}

static int latency_resolved(void *arg, struct driver_worker *w)
{
	struct latency_run *r = arg;

	r->expect_stamp = (!w->sel.exec || w->ours) && !w->a->no_start;
	w->stamp_arg = w->ours && !w->a->no_start;
	return 0;
}

static int latency_setup(void *arg, struct driver_worker *w)
{
	struct latency_run *r = arg;
	const struct bench_args *a = w->a;
	size_t target = a->samples ? a->samples : SAMPLE_CAP;
	int rc;

	if (a->no_start)
		w->ctx.child_fn = child_exits_at_once; /* no stamp: the bare create/exit/reap */
	if (w->sel.exec && a->env_bytes) {
		rc = create_ctx_set_env_bytes(&w->ctx, a->env_bytes);
		if (rc) {
			emit_error(w->e, "cannot build a %llu-byte environment: %s",
				   (unsigned long long)a->env_bytes, strerror(-rc));
			return rc;
		}
	}
	rc = samples_map(&r->s, &w->ctx, target);
	if (rc)
		emit_error(w->e, "cannot map %zu samples: %s", target, strerror(-rc));
	return rc;
}

/* Placement rows come with the child's stamp (not with --no-start or a foreign exec target):
 * child_cpu and parent_cpu, sample i of each belonging to creation i, and the worker's CPU
 * set as it measured, which decides whether the summary splits by placement (DESIGN §5). */
static void latency_emit(void *arg, size_t n)
{
	struct latency_run *r = arg;
	cpu_set_t set;

	for (size_t i = 0; i < n; i++) {
		emit_sample(r->w.e, "call_ns", "ns", r->s.call_ns[i]);
		if (r->expect_stamp)
			emit_sample(r->w.e, "start_ns", "ns", r->s.start_ns[i]);
		emit_sample(r->w.e, "total_ns", "ns", r->s.total_ns[i]);
		if (r->expect_stamp) {
			emit_sample(r->w.e, "child_cpu", "cpu", r->s.child_cpu[i]);
			emit_sample(r->w.e, "parent_cpu", "cpu", r->s.parent_cpu[i]);
		}
	}
	if (r->expect_stamp && sched_getaffinity(0, sizeof(set), &set) == 0)
		emit_cpu_set(r->w.e, CPU_COUNT(&set));
}

static void latency_teardown(void *arg, int rc)
{
	struct latency_run *r = arg;

	if (!rc && r->failures)
		emit_note(r->w.e, "%llu transient EAGAIN/ENOMEM failures retried",
			  (unsigned long long)r->failures);
}

/* Variants of a method: the sized environment of an exec (sweep's env points use it too). */
static int latency_plan_method(struct driver_plan *dp)
{
	if (dp->sel.exec && dp->a->env_bytes)
		snprintf(dp->key.variant, sizeof(dp->key.variant), "env_bytes=%llu",
			 (unsigned long long)dp->a->env_bytes);
	return driver_plan_add(dp, &dp->key, NULL);
}

/* start_ns is watched only where the child stamps it (latency_converged). */
static const char *const watched[] = { "call_ns", "start_ns", "total_ns", NULL };

static const struct bench_loop latency_loop = {
	.name = "latency",
	.watched_metrics = watched,
	.plan_method = latency_plan_method,
	.resolved = latency_resolved,
	.setup = latency_setup,
	.round = latency_round,
	.converged = latency_converged,
	.min_samples = MIN_SAMPLES,
	.sample_cap = SAMPLE_CAP,
	.warmup_max = UINT64_MAX,
	.emit = latency_emit,
	.count_one = count_one_creation,
	.count_batch_ops = COUNT_BATCH_OPS,
	.teardown = latency_teardown,
};

static int latency_measure(const struct bench_args *a, struct emitter *e)
{
	struct latency_run r = { 0 };

	return driver_measure(&latency_loop, a, e, &r.w, &r);
}

static int latency_plan(const struct bench_args *a, struct runner_plan *p, char *why,
			size_t why_len)
{
	return driver_plan(&latency_loop, a, p, NULL, NULL, why, why_len);
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
};
