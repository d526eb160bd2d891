/* timeline: where the time of one creation goes, phase by phase, from kernel tracepoints read
 * with perf (harness/tracepoints.c): syscall entry -> task_newtask (copy) -> sched_wakeup_new ->
 * child switched in (scheduling delay) -> exec -> exit -> the parent's wait returns (reap), beside
 * the same samples' user-space call_ns/start_ns/total_ns and the remainder nothing explains.
 * Events are CPU-wide (pid -1, root) and picked out by pid: inherited events would be copied
 * into every child inside fork, ~10 us each here, right in the copy phase. Tracing still costs
 * something, so the same worker also times the configuration untraced, in segments that
 * alternate with the traced ones, and reports the difference; perf counters per creation come
 * last, in batches of their own once tracing is closed (driver_count). Leaves out threads
 * (joined through a futex, no wait to trace). */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "clock.h"
#include "driver.h"
#include "methods.h"
#include "stats.h"
#include "tracepoints.h"

#define BLOCK 32            /* creations per traced block (and per untraced block) */
#define BUFFER_PAGES 256    /* per CPU: a block's records fit many times over */
#define SAMPLE_CAP 200000   /* adaptive runs stop here whatever the precision */
#define MIN_SAMPLES 50
#define MAX_RETRIES 8
#define SEGMENTS 3          /* untraced/traced pairs per worker (timeline_measure) */

/* The tracepoints, by role. Syscall events of calls this kernel lacks (fork on arm64) are
 * optional; at least one creating call and wait4 must exist. */
enum ev {
	EV_ENTER_CLONE, EV_ENTER_CLONE3, EV_ENTER_VFORK, EV_ENTER_FORK,
	EV_EXIT_CLONE, EV_EXIT_CLONE3, EV_EXIT_VFORK, EV_EXIT_FORK,
	EV_EXIT_WAIT4, EV_EXIT_WAITID,
	EV_NEWTASK, EV_PROCESS_FORK, EV_WAKEUP_NEW, EV_EXEC, EV_EXIT,
	EV_COUNT
};

static const struct tp_spec specs[EV_COUNT] = {
	[EV_ENTER_CLONE] = { "syscalls", "sys_enter_clone", { NULL }, true },
	[EV_ENTER_CLONE3] = { "syscalls", "sys_enter_clone3", { NULL }, true },
	[EV_ENTER_VFORK] = { "syscalls", "sys_enter_vfork", { NULL }, true },
	[EV_ENTER_FORK] = { "syscalls", "sys_enter_fork", { NULL }, true },
	[EV_EXIT_CLONE] = { "syscalls", "sys_exit_clone", { NULL }, true },
	[EV_EXIT_CLONE3] = { "syscalls", "sys_exit_clone3", { NULL }, true },
	[EV_EXIT_VFORK] = { "syscalls", "sys_exit_vfork", { NULL }, true },
	[EV_EXIT_FORK] = { "syscalls", "sys_exit_fork", { NULL }, true },
	[EV_EXIT_WAIT4] = { "syscalls", "sys_exit_wait4" },
	[EV_EXIT_WAITID] = { "syscalls", "sys_exit_waitid", { NULL }, true },
	[EV_NEWTASK] = { "task", "task_newtask", { "pid", "clone_flags" } },
	[EV_PROCESS_FORK] = { "sched", "sched_process_fork", { "child_pid" } },
	[EV_WAKEUP_NEW] = { "sched", "sched_wakeup_new", { "pid" } },
	[EV_EXEC] = { "sched", "sched_process_exec" },
	[EV_EXIT] = { "sched", "sched_process_exit" },
};

/* Per-sample figures; the first ones are user space, then the phases in the order they happen. */
enum fig {
	F_CALL, F_START, F_TOTAL,
	F_COPY, F_WAKEUP, F_SCHED, F_CHILD_RUN, F_EXEC_RUN, F_REAP, F_REMAINDER, F_SYSCALL,
	F_U_CALL, F_U_START, F_U_TOTAL,
	F_COUNT
};

static const char *const fig_names[F_COUNT] = {
	[F_CALL] = "call_ns", [F_START] = "start_ns", [F_TOTAL] = "total_ns",
	[F_COPY] = "phase_copy_ns", [F_WAKEUP] = "phase_wakeup_ns",
	[F_SCHED] = "phase_sched_delay_ns", [F_CHILD_RUN] = "phase_child_run_ns",
	[F_EXEC_RUN] = "phase_exec_run_ns", [F_REAP] = "phase_reap_ns",
	[F_REMAINDER] = "remainder_ns", [F_SYSCALL] = "syscall_ns",
	[F_U_CALL] = "untraced_call_ns", [F_U_START] = "untraced_start_ns",
	[F_U_TOTAL] = "untraced_total_ns",
};

struct figures {
	double *v[F_COUNT];
	size_t n[F_COUNT], cap;
};

/* One creation as user space saw it. */
struct creation {
	uint64_t t0, t1, t2, stamp;
	pid_t pid;
};

/* One creation's kernel moments (0 = not seen). */
struct moments {
	uint64_t enter, newtask, process_fork, wakeup_new, sys_exit, switch_in, exec, exit, wait;
	uint64_t clone_flags;
};

struct run {
	struct driver_worker w; /* the method, its context, the options and the emitter */
	struct tp_event ev[EV_COUNT];
	bool expect_stamp;
	pid_t self_tid;
	struct figures f;
	uint64_t failures, incomplete, lost, clone_flags_seen;
	int segment; /* untraced/traced pairs run so far */
};

static int figures_map(struct figures *f, size_t cap)
{
	size_t bytes = cap * sizeof(double);
	/* MAP_SHARED as in latency.c: fork copies no page table for it and storing a sample never
	 * takes a copy-on-write fault. */
	double *base = mmap(NULL, F_COUNT * bytes, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (base == MAP_FAILED)
		return -errno;
	for (int i = 0; i < F_COUNT; i++)
		f->v[i] = base + (size_t)i * cap;
	f->cap = cap;
	return 0;
}

static void figures_unmap(struct figures *f)
{
	if (f->v[0])
		munmap(f->v[0], F_COUNT * f->cap * sizeof(double));
}

static void put(struct figures *f, enum fig i, double v)
{
	if (f->n[i] < f->cap)
		f->v[i][f->n[i]++] = v;
}

static void report_failure(struct run *r, int rc, int status)
{
	char call[256];

	methods_describe_call(&r->w.sel, call, sizeof(call));
	if (rc == -ECHILD)
		emit_error(r->w.e, "%s: the child did not exit cleanly (wait status 0x%x)", call,
			   status);
	else
		emit_error(r->w.e, "%s failed: %s (%s)", call, strerror(-rc),
			   strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
}

/* One creation timed as latency.c times it, with EAGAIN/ENOMEM back-off. */
static int create_one(struct run *r, struct creation *c)
{
	int rc = 0, status = 0;

	for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
		struct child ch = { .pidfd = -1 };

		r->w.ctx.stamp->child_start_ns = 0;
		c->t0 = clock_now_ns();
		rc = r->w.sel.m.ops->create(&r->w.sel.m, &r->w.ctx, &ch);
		c->t1 = clock_now_ns();
		if (!rc) {
			c->pid = ch.pid;
			rc = r->w.sel.m.ops->reap(&r->w.sel.m, &ch, &status);
			c->t2 = clock_now_ns();
			c->stamp = r->w.ctx.stamp->child_start_ns;
		}
		if (rc != -EAGAIN && rc != -ENOMEM)
			break;
		r->failures++;
		while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
			;
		nanosleep(&(struct timespec){ 0, 1000000L << attempt }, NULL);
	}
	if (rc)
		report_failure(r, rc, status);
	else if (r->expect_stamp && (c->stamp < c->t0 || c->stamp > c->t2))
		emit_error(r->w.e, "the child never stamped the clock"), rc = -EPROTO;
	return rc;
}

static void put_user(struct run *r, const struct creation *c, bool traced)
{
	put(&r->f, traced ? F_CALL : F_U_CALL, (double)(c->t1 - c->t0));
	if (r->expect_stamp)
		put(&r->f, traced ? F_START : F_U_START, (double)(c->stamp - c->t0));
	put(&r->f, traced ? F_TOTAL : F_U_TOTAL, (double)(c->t2 - c->t0));
}

static bool is(const struct run *r, const struct tp_record *rec, enum ev e)
{
	return r->ev[e].id >= 0 && rec->type == r->ev[e].id;
}

/* Picks one creation's moments out of the block's records (sorted by time). */
static void match(const struct run *r, const struct creation *c, const struct tp_record *rec,
		  size_t count, struct moments *m)
{
	uint32_t self = (uint32_t)r->self_tid, child = (uint32_t)c->pid;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < count; i++) {
		const struct tp_record *x = &rec[i];

		if (x->time_ns < c->t0)
			continue;
		if (x->time_ns > c->t2)
			break;
		if (x->tid == self && !m->newtask &&
		    (is(r, x, EV_ENTER_CLONE) || is(r, x, EV_ENTER_CLONE3) ||
		     is(r, x, EV_ENTER_VFORK) || is(r, x, EV_ENTER_FORK))) {
			m->enter = x->time_ns; /* the last entry before the child exists */
		} else if (is(r, x, EV_NEWTASK) && tp_field(x, &r->ev[EV_NEWTASK], 0) == child) {
			m->newtask = x->time_ns;
			m->clone_flags = tp_field(x, &r->ev[EV_NEWTASK], 1);
		} else if (is(r, x, EV_PROCESS_FORK) &&
			   tp_field(x, &r->ev[EV_PROCESS_FORK], 0) == child) {
			m->process_fork = x->time_ns;
		} else if (is(r, x, EV_WAKEUP_NEW) && tp_field(x, &r->ev[EV_WAKEUP_NEW], 0) == child) {
			m->wakeup_new = x->time_ns;
		} else if (x->tid == self && m->newtask && !m->sys_exit &&
			   (is(r, x, EV_EXIT_CLONE) || is(r, x, EV_EXIT_CLONE3) ||
			    is(r, x, EV_EXIT_VFORK) || is(r, x, EV_EXIT_FORK))) {
			m->sys_exit = x->time_ns;
		} else if (x->type == TP_SWITCH_IN && x->tid == child && !m->switch_in) {
			/* perf's switch record, not the sched_switch tracepoint: perf drops the
			 * latter for a fifth of the switches from an idle CPU (tracepoints.h). */
			m->switch_in = x->time_ns;
		} else if (is(r, x, EV_EXEC) && x->tid == child && !m->exec) {
			m->exec = x->time_ns;
		} else if (is(r, x, EV_EXIT) && x->tid == child) {
			m->exit = x->time_ns;
		} else if (x->tid == self && m->exit && !m->wait &&
			   (is(r, x, EV_EXIT_WAIT4) || is(r, x, EV_EXIT_WAITID))) {
			m->wait = x->time_ns;
		}
	}
}

/* The phases of one creation when every moment was seen, in order; false otherwise. */
static bool put_phases(struct run *r, const struct creation *c, const struct moments *m)
{
	uint64_t run_end = r->w.sel.exec ? m->exec : m->exit;
	const uint64_t chain[] = { c->t0, m->enter, m->newtask, m->process_fork, m->wakeup_new,
				   m->switch_in, run_end, m->exit, m->wait, c->t2 };
	double phases;

	for (size_t i = 1; i < sizeof(chain) / sizeof(chain[0]); i++)
		if (!chain[i] || chain[i] < chain[i - 1])
			return false;
	if (!m->sys_exit || m->sys_exit < m->newtask)
		return false;
	put(&r->f, F_COPY, (double)(m->newtask - m->enter));
	put(&r->f, F_WAKEUP, (double)(m->wakeup_new - m->newtask));
	put(&r->f, F_SCHED, (double)(m->switch_in - m->wakeup_new));
	put(&r->f, F_CHILD_RUN, (double)(run_end - m->switch_in));
	if (r->w.sel.exec)
		put(&r->f, F_EXEC_RUN, (double)(m->exit - m->exec));
	put(&r->f, F_REAP, (double)(m->wait - m->exit));
	/* What the phases leave out: user space before the syscall and after wait returns (the
	 * clock reads, glibc's wrappers and atfork handlers). */
	phases = (double)(m->wait - m->enter);
	put(&r->f, F_REMAINDER, (double)(c->t2 - c->t0) - phases);
	put(&r->f, F_SYSCALL, (double)(m->sys_exit - m->enter));
	r->clone_flags_seen |= m->clone_flags;
	return true;
}

static int untraced_block(struct run *r, size_t count)
{
	struct creation c;

	for (size_t i = 0; i < count; i++) {
		int rc = create_one(r, &c);

		if (rc)
			return rc;
		put_user(r, &c, false);
	}
	return 0;
}

/* A block of creations with the events recording, then its records matched to them. */
static int traced_block(struct run *r, struct tp_session *s, size_t count)
{
	struct creation c[BLOCK];
	const struct tp_record *rec;
	struct moments m;
	size_t n;
	int rc = tp_session_read(s, &rec, &n, &r->lost); /* drop what came before the block */

	for (size_t i = 0; !rc && i < count; i++)
		rc = create_one(r, &c[i]);
	if (!rc)
		rc = tp_session_read(s, &rec, &n, &r->lost);
	if (rc == -ENOMEM)
		emit_error(r->w.e, "out of memory reading the trace buffers");
	for (size_t i = 0; !rc && i < count; i++) {
		put_user(r, &c[i], true);
		match(r, &c[i], rec, n, &m);
		if (!put_phases(r, &c[i], &m))
			r->incomplete++;
	}
	return rc;
}

/* Up to quota more creations in blocks, traced through s or untraced (s NULL); adaptive runs
 * stop at deadline_ns. */
static int run_segment(struct run *r, struct tp_session *s, size_t quota, uint64_t deadline_ns,
		       bool fixed)
{
	enum fig counted = s ? F_TOTAL : F_U_TOTAL;
	size_t end = r->f.n[counted] + quota;
	int rc = 0;

	if (end > r->f.cap)
		end = r->f.cap;
	while (!rc && r->f.n[counted] < end) {
		size_t left = end - r->f.n[counted], k = left < BLOCK ? left : BLOCK;

		rc = s ? traced_block(r, s, k) : untraced_block(r, k);
		if (!fixed && clock_now_ns() >= deadline_ns)
			break;
	}
	return rc;
}

static bool figure_converged(const struct figures *f, enum fig i, double precision_pct)
{
	struct stats_summary st;

	return f->n[i] >= MIN_SAMPLES && stats_summarize(f->v[i], f->n[i], &st) == 0 &&
	       stats_converged(&st, precision_pct);
}

/* The traced and untraced totals and the copy phase, each over its own samples. */
static bool converged(void *arg, size_t n, double precision_pct)
{
	const struct run *r = arg;

	(void)n; /* each figure has its own count */
	return figure_converged(&r->f, F_TOTAL, precision_pct) &&
	       figure_converged(&r->f, F_U_TOTAL, precision_pct) &&
	       figure_converged(&r->f, F_COPY, precision_pct);
}

static double median_of(const struct figures *f, enum fig i)
{
	struct stats_summary st;

	return f->n[i] && stats_summarize(f->v[i], f->n[i], &st) == 0 ? st.median : NAN;
}

/* What the stop waits for (DESIGN §5): the totals and the copy phase. */
static const char *const watched[] = { "total_ns", "untraced_total_ns", "phase_copy_ns", NULL };

static void emit_all(struct run *r, bool done)
{
	double traced = median_of(&r->f, F_TOTAL), untraced = median_of(&r->f, F_U_TOTAL);

	for (int i = 0; i < F_COUNT; i++)
		for (size_t k = 0; k < r->f.n[i]; k++)
			emit_sample(r->w.e, fig_names[i], "ns", r->f.v[i][k]);
	/* One figure per repetition: what tracing adds to the median total. */
	if (!isnan(traced) && !isnan(untraced)) {
		emit_sample(r->w.e, "tracing_overhead_ns", "ns", traced - untraced);
		emit_note(r->w.e, "tracing adds %.0f ns (%.0f%%) to the median total_ns", traced - untraced,
			  untraced > 0 ? 100.0 * (traced - untraced) / untraced : 0.0);
	}
	emit_converged(r->w.e, done, watched);
	if (r->incomplete)
		emit_note(r->w.e, "%llu traced samples lacked an event or were out of order (%llu records "
			  "lost)", (unsigned long long)r->incomplete, (unsigned long long)r->lost);
	emit_note(r->w.e, "task_newtask clone_flags seen: 0x%llx%s",
		  (unsigned long long)r->clone_flags_seen,
		  r->clone_flags_seen & CLONE_VM ? " (CLONE_VM: no mm copy)" : "");
	if (r->failures)
		emit_note(r->w.e, "%llu transient EAGAIN/ENOMEM failures retried",
			  (unsigned long long)r->failures);
}

/* Counters only once the tracepoint session is closed: they are perf events of this process
 * too, and an inherited one is copied into every child at fork (latency.c measured fork ~20%
 * slower), which would land in the traced copy phase. Per creation, parent and children, the
 * same figures latency reports, here beside the phases they help explain. */
static int count_one_creation(void *arg)
{
	struct creation c;

	return create_one(arg, &c);
}

/*
 * One round of the driver: an untraced segment, then a traced one. Untraced and traced segments
 * alternate, SEGMENTS pairs, so that drift of the machine falls on both sides alike. Not block
 * by block: opening the events patches the kernel's tracepoint sites and closing them waits for
 * RCU (about 0.3 s here), and events left open but disabled still run their probes (and the
 * syscall tracepoints' slow path), which would hide part of the overhead in the untraced
 * figures. Each segment has its slice of --max-time (own_deadline). A warm-up round is one
 * untraced creation, not kept.
 */
static int segment_pair(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct run *r = arg;
	const struct bench_args *a = r->w.a;
	uint64_t slice_ns = (uint64_t)(a->max_time_s * 1e9 / (2 * SEGMENTS));
	size_t quota = a->samples ? a->samples / SEGMENTS : r->f.cap;
	struct tp_session *s = NULL;
	struct creation c;
	char why[512];
	int rc;

	(void)end_ns;
	if (!keep)
		return create_one(r, &c);
	if (a->samples && r->segment == SEGMENTS - 1)
		quota += a->samples % SEGMENTS;
	rc = run_segment(r, NULL, quota, clock_now_ns() + slice_ns, a->samples != 0);
	if (!rc)
		rc = tp_session_open(r->ev, EV_COUNT, BUFFER_PAGES, TP_SCOPE_CPU, &s, why,
				     sizeof(why));
	if (rc) {
		if (!s)
			emit_skip(r->w.e, "%s", why);
		tp_session_close(s);
		return rc;
	}
	rc = run_segment(r, s, quota, clock_now_ns() + slice_ns, a->samples != 0);
	tp_session_close(s);
	*n = r->f.n[F_TOTAL];
	if (rc)
		return rc;
	return ++r->segment == SEGMENTS ? DRIVER_LAST : 0;
}

static int timeline_resolved(void *arg, struct driver_worker *w)
{
	struct run *r = arg;
	char why[512];
	int rc;

	r->expect_stamp = !w->sel.exec || w->ours;
	/* Before worker_prepare: the helper that reads tracefs is forked from a small process. */
	rc = tp_lookup(specs, EV_COUNT, r->ev, why, sizeof(why));
	if (rc)
		emit_skip(w->e, "%s", why);
	return rc;
}

static int timeline_setup(void *arg, struct driver_worker *w)
{
	struct run *r = arg;
	size_t target = w->a->samples ? w->a->samples : SAMPLE_CAP;
	int rc;

	r->self_tid = (pid_t)syscall(SYS_gettid);
	rc = figures_map(&r->f, target);
	if (rc)
		emit_error(w->e, "cannot map %zu samples: %s", target, strerror(-rc));
	return rc;
}

static int timeline_plan_method(struct driver_plan *dp);

static const struct bench_loop timeline_loop = {
	.name = "timeline",
	.watched_metrics = watched,
	.plan_method = timeline_plan_method,
	.resolved = timeline_resolved,
	.setup = timeline_setup,
	.round = segment_pair,
	.converged = converged,
	.min_samples = MIN_SAMPLES,
	.sample_cap = SAMPLE_CAP,
	.warmup_max = UINT64_MAX,
	.own_deadline = true,
	.count_one = count_one_creation,
	.count_batch_ops = BLOCK,
	.count_what = ", after tracing",
};

static int timeline_measure(const struct bench_args *a, struct emitter *e)
{
	struct run *r = calloc(1, sizeof(*r));
	bool done = false;
	size_t n;
	int rc;

	if (!r)
		return -ENOMEM;
	rc = driver_open(&timeline_loop, a, e, &r->w, r);
	if (!rc)
		rc = driver_run(&timeline_loop, a, r, &n, &done);
	if (!rc) {
		emit_all(r, done);
		rc = driver_count(&timeline_loop, a, e, r);
	}
	figures_unmap(&r->f);
	driver_close(&r->w);
	free(r);
	return rc;
}

/* Whether tracing can work here at all: tracefs and the events found, and one event opened. */
static int tracing_probe(char *why, size_t why_len)
{
	struct tp_event ev[EV_COUNT];
	struct tp_session *s = NULL;
	int rc = tp_lookup(specs, EV_COUNT, ev, why, why_len);

	if (rc)
		return rc;
	if (ev[EV_ENTER_CLONE].id < 0 && ev[EV_ENTER_CLONE3].id < 0) {
		snprintf(why, why_len, "no syscalls:sys_enter_clone/clone3 tracepoints in this kernel");
		return -ENOENT;
	}
	rc = tp_session_open(&ev[EV_NEWTASK], 1, 1, TP_SCOPE_CPU, &s, why, why_len);
	tp_session_close(s);
	return rc;
}

/* Whether tracing works here, probed once for the whole plan. */
struct timeline_plan_state {
	int tracing_rc;
	char tracing_why[512];
};

static int timeline_plan_method(struct driver_plan *dp)
{
	const struct timeline_plan_state *ps = dp->arg;

	if (!strcmp(dp->sel.m.ops->family, "pthread") || (dp->sel.m.clone_flags & CLONE_THREAD))
		return runner_plan_skip(dp->p, &dp->key, "%s is a thread: it is joined through a "
					"futex, not wait4, so the timeline has no reap to trace",
					dp->name);
	if (ps->tracing_rc)
		return runner_plan_skip(dp->p, &dp->key, "tracing unavailable: %s",
					ps->tracing_why);
	return driver_plan_add(dp, &dp->key, NULL);
}

static const char *const default_methods[] = { "fork", "vfork", "clone-vm", "clone-vm-vfork",
					       "posix_spawn", "fork+exec", NULL };

static int timeline_plan(const struct bench_args *a, struct runner_plan *p, char *why,
			 size_t why_len)
{
	struct timeline_plan_state ps = { 0, "" };

	ps.tracing_rc = tracing_probe(ps.tracing_why, sizeof(ps.tracing_why));
	return driver_plan(&timeline_loop, a, p, default_methods, &ps, why, why_len);
}

static int timeline_available(char *why, size_t why_len)
{
	return tracing_probe(why, why_len);
}

const struct bench bench_timeline = {
	.name = "timeline",
	.summary = "phases of each creation from kernel tracepoints, with tracing overhead",
	.plan = timeline_plan,
	.measure = timeline_measure,
	.available = timeline_available,
	.methods_default = default_methods,
};
