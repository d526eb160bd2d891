/* footprint: what each new child costs in memory (DESIGN §4). Per child, from its own
 * /proc/<pid>/smaps_rollup and status while it is held alive right after creation; system-wide,
 * the /proc/meminfo (and memory cgroup) deltas over N children held alive at once, minus a
 * baseline of the same length with none; after both, perf counters per child created, held and
 * released, in batches the driver runs. Leaves out time (latency) and what later writes cost
 * (cow). The /proc readers and the bound on N are in footprint_proc.c.
 *
 * How a child is held (struct hold: two pipes per round):
 * - without exec, the method runs fp_child() (create_ctx.child_fn): it writes its pid to the
 *   ready pipe and blocks reading the release pipe;
 * - with exec, forkbench's target stamps the clock into the shared page, then blocks reading
 *   the release pipe (create_ctx_set_hold_fd); the worker polls the page for the stamp.
 * The worker lets every child go at once by closing the release pipe's write end: each reader
 * sees end-of-file. A vfork-like creation returns only once its child has exited, so a helper
 * thread reads and releases that child meanwhile. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
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
#include "footprint_proc.h"
#include "methods.h"
#include "stats.h"
#include "worker.h"

#define DEFAULT_CHILDREN 256
#define PER_CHILD_SAMPLES 10  /* per-child figures barely vary: a few children suffice */
#define MIN_ROUNDS 8          /* system-wide rounds: the median's CI needs at least this many */
#define MAX_ROUNDS 200
#define HOLD_TIMEOUT_MS 10000 /* a child that never reaches its hold has failed */
#define COUNT_BATCH_CHILDREN 16 /* children per counter batch */

/* ---- holding children ---- */

struct hold {
	int ready[2];   /* non-exec children write their pid to [1] once they are held */
	int release[2]; /* children block reading [0]; the worker closes [1] to let them go */
	bool released;  /* [1] is closed (its number stays: children read it, see fp_child) */
	bool own_files; /* the children have a descriptor table of their own (no CLONE_FILES) */
	pid_t worker_pid;
};

/* The body of every non-exec child (create_ctx.child_fn). CLONE_VM children and threads run on
 * the worker's memory and libc state, so only plain system calls: nothing that allocates or
 * locks, errno touched only on failure. Its return value is its exit status. */
static int fp_child(void *arg)
{
	const struct hold *h = arg;
	char link[64], byte;
	pid_t pid = 0;
	ssize_t len;

	/* A process (a thread of the worker sees the worker's pid) dies with the worker, and
	 * leaves at once if the worker died before it could say so. */
	if (getpid() != h->worker_pid && worker_tie_to_parent(h->worker_pid))
		return 1;
	/* With its own copy of the write end, the worker's close would not end our read. */
	if (h->own_files)
		close(h->release[1]);
	/* Our tid as the worker's /proc names it ("PID/task/TID"): gettid() would give the number
	 * inside a new PID namespace. */
	len = readlink("/proc/thread-self", link, sizeof(link));
	for (ssize_t i = 0; i < len; i++)
		pid = link[i] == '/' ? 0 : pid * 10 + (link[i] - '0');
	if (write(h->ready[1], &pid, sizeof(pid)) != sizeof(pid))
		return 2;
	if (read(h->release[0], &byte, 1) < 0)
		return 3;
	return 0;
}

static void hold_release(struct hold *h)
{
	if (!h->released)
		close(h->release[1]);
	h->released = true;
}

static void hold_close(struct hold *h)
{
	hold_release(h);
	for (int i = 0; i < 2; i++)
		if (h->ready[i] >= 0)
			close(h->ready[i]);
	if (h->release[0] >= 0)
		close(h->release[0]);
	h->ready[0] = h->ready[1] = h->release[0] = h->release[1] = -1;
}

/* Fresh pipes for one round of children (a closed release pipe cannot be reopened). An exec
 * target inherits the end it blocks on; the write end is close-on-exec, so no target holds
 * it and the worker's close reaches them all. */
static int hold_open(struct hold *h, struct create_ctx *ctx)
{
	h->ready[0] = h->ready[1] = h->release[0] = h->release[1] = -1;
	h->released = true;
	if (pipe2(h->ready, O_CLOEXEC) < 0 || pipe2(h->release, O_CLOEXEC) < 0)
		return -errno;
	h->released = false;
	if (!ctx->exec_path)
		return 0;
	if (fcntl(h->release[0], F_SETFD, 0) < 0)
		return -errno;
	return create_ctx_set_hold_fd(ctx, h->release[0]);
}

/* A non-exec child is held once its pid is in the ready pipe; end-of-file means no child will
 * report (the creating thread closed its end). */
static int wait_ready(const struct hold *h, pid_t *pid)
{
	struct pollfd pfd = { h->ready[0], POLLIN, 0 };
	ssize_t n;

	do
		n = poll(&pfd, 1, HOLD_TIMEOUT_MS);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return -ETIMEDOUT;
	if (n > 0)
		n = read(h->ready[0], pid, sizeof(*pid));
	if (n < 0)
		return -errno;
	return n == sizeof(*pid) && *pid > 0 ? 0 : -ECHILD;
}

/* An exec target is held once its stamp is in the shared page (it then blocks reading the
 * release pipe). The page wakes nobody, so it is polled; a target that exits instead (execve
 * failed) ends the wait at once, and WNOWAIT leaves it for reap(). */
static int wait_stamp(const struct stamp_page *stamp, pid_t pid)
{
	uint64_t deadline_ns = clock_now_ns() + HOLD_TIMEOUT_MS * 1000000ull;
	siginfo_t si;

	while (!stamp->child_start_ns) {
		si.si_pid = 0;
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 &&
		    si.si_pid)
			return -ECHILD;
		if (clock_now_ns() > deadline_ns)
			return -ETIMEDOUT;
		nanosleep(&(struct timespec){ 0, 100000L }, NULL);
	}
	return 0;
}

/* ---- the measurement ---- */

struct fp_run {
	struct driver_worker w; /* the method, its context, the options and the emitter */
	struct hold hold;
	bool vfork_like; /* the creating thread is suspended until the child exits or execs */
	void *stacks;    /* one stack per live CLONE_VM child in the system-wide phase */
	size_t stacks_bytes;
	void *own_stack_base, *own_stack_top; /* the context's own stack, put back afterwards */
};

/* Kills a child that will never reach its hold. Never a thread: its tid names the worker's
 * whole thread group to kill(), and a pid of 0 (pthread) the whole process group. */
static void kill_child(const struct fp_run *r, const struct child *c)
{
	if (c->pid > 0 && !(r->w.sel.m.clone_flags & CLONE_THREAD) &&
	    strcmp(r->w.sel.m.ops->family, "pthread"))
		kill(c->pid, SIGKILL);
}

/* Creates one child; live: how many are alive already (for the message). */
static int create_child(struct fp_run *r, struct child *c, size_t live)
{
	char call[256];
	int rc;

	*c = (struct child){ .pidfd = -1 };
	r->w.ctx.stamp->child_start_ns = 0; /* an exec target's stamp says it is held */
	rc = r->w.sel.m.ops->create(&r->w.sel.m, &r->w.ctx, c);
	if (rc) {
		methods_describe_call(&r->w.sel, call, sizeof(call));
		emit_error(r->w.e, "%s failed after %zu live children: %s (%s)", call, live,
			   strerror(-rc), strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
	}
	return rc;
}

/* Waits until the child created last is held; *pid: known for exec targets, else reported. */
static int wait_held(struct fp_run *r, pid_t *pid)
{
	return r->w.sel.exec ? wait_stamp(r->w.ctx.stamp, *pid) : wait_ready(&r->hold, pid);
}

/* child_rss_bytes and child_threads are prefixed: every row also carries the key columns
 * rss_bytes and threads, which describe the parent's shaping, not the child. */
static void emit_child(struct emitter *e, const struct footprint_child *fp)
{
	emit_sample(e, "child_rss_bytes", "bytes", fp->rss_bytes);
	emit_sample(e, "pss_bytes", "bytes", fp->pss_bytes);
	emit_sample(e, "private_bytes", "bytes", fp->private_bytes);
	emit_sample(e, "shared_bytes", "bytes", fp->shared_bytes);
	emit_sample(e, "pagetable_bytes", "bytes", fp->pagetable_bytes);
	emit_sample(e, "child_threads", "count", fp->threads);
	emit_sample(e, "separate_mm", "count", fp->separate_mm ? 1 : 0);
}

/* Waits for one held child, reads its /proc and lets it go: in the creating thread once
 * create() has returned, or in a helper thread while a vfork-like create() is suspended. */
struct observer {
	struct fp_run *r;
	pid_t pid;
	bool read_proc; /* false while counting: only create, hold and release */
	struct footprint_child fp;
	int hold_rc, read_rc;
};

static void *observe(void *arg)
{
	struct observer *o = arg;

	o->hold_rc = wait_held(o->r, &o->pid);
	if (!o->hold_rc && o->read_proc)
		o->read_rc = footprint_child_read(o->pid, &o->r->w.sel, &o->fp);
	hold_release(&o->r->hold);
	return NULL;
}

/* Creates one child and observes it once create() has returned; a vfork-like create() returns
 * only after its child has exited, so a helper thread observes that child meanwhile. */
static int create_observed(struct fp_run *r, struct child *c, struct observer *o)
{
	pthread_t helper;
	int rc;

	if (!r->vfork_like) {
		rc = create_child(r, c, 0);
		if (!rc) {
			o->pid = c->pid;
			observe(o);
		}
		return rc;
	}
	rc = -pthread_create(&helper, NULL, observe, o);
	if (rc) {
		emit_error(r->w.e, "cannot start the thread that reads vfork children: %s",
			   strerror(-rc));
		return rc;
	}
	rc = create_child(r, c, 0);
	/* The child has exited: if it never reported, the helper now sees end-of-file. */
	close(r->hold.ready[1]);
	r->hold.ready[1] = -1;
	pthread_join(helper, NULL);
	return rc;
}

/* One child: created, held, read (unless fp is NULL), released, reaped. */
static int per_child_sample(struct fp_run *r, struct footprint_child *fp)
{
	struct observer o = { .r = r, .read_proc = fp != NULL };
	struct child c;
	int rc, reap_rc, status = 0;

	rc = hold_open(&r->hold, &r->w.ctx);
	if (rc) {
		emit_error(r->w.e, "cannot set up the child's hold: %s", strerror(-rc));
		goto out;
	}
	rc = create_observed(r, &c, &o);
	if (rc)
		goto out;
	if (o.hold_rc)
		kill_child(r, &c);
	reap_rc = r->w.sel.m.ops->reap(&r->w.sel.m, &c, &status);
	if (o.hold_rc && r->w.sel.exec)
		emit_error(r->w.e, "%s never reached its stamp: %s (wait status 0x%x)",
			   r->w.ctx.exec_path, strerror(-o.hold_rc), status);
	else if (o.hold_rc)
		emit_error(r->w.e, "the child never reached its hold: %s (wait status 0x%x)",
			   strerror(-o.hold_rc), status);
	else if (o.read_rc)
		emit_error(r->w.e, "reading /proc of the held child failed: %s",
			   strerror(-o.read_rc));
	else if (reap_rc)
		emit_error(r->w.e, "the held child did not exit cleanly (wait status 0x%x)", status);
	rc = o.hold_rc ? o.hold_rc : o.read_rc ? o.read_rc : reap_rc;
	if (fp)
		*fp = o.fp;
out:
	hold_close(&r->hold);
	return rc;
}

static int per_child_phase(struct fp_run *r, size_t n)
{
	struct footprint_child fp;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = per_child_sample(r, &fp);
		if (!rc)
			emit_child(r->w.e, &fp);
	}
	return rc;
}

/* Waits for the RCU grace period that frees exited tasks, so one round's frees do not land
 * in the next round's measurement (membarrier GLOBAL is a synchronize_rcu()). */
static void settle(void)
{
	if (syscall(SYS_membarrier, 1 /* MEMBARRIER_CMD_GLOBAL */, 0, 0) < 0)
		nanosleep(&(struct timespec){ 0, 20000000L }, NULL);
}

/* Each live CLONE_VM child needs a stack of its own: slot i of one mapping replaces the
 * context's single stack while creating (clone uses its top, clone3 its base). */
static int stacks_map(struct fp_run *r, size_t n)
{
	size_t each = r->w.ctx.stack_bytes;

	if (!(r->w.sel.m.clone_flags & CLONE_VM) || !each)
		return 0;
	r->stacks_bytes = each * n;
	r->stacks = mmap(NULL, r->stacks_bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_POPULATE, -1, 0);
	if (r->stacks == MAP_FAILED) {
		r->stacks = NULL;
		return -errno;
	}
	r->own_stack_base = r->w.ctx.stack_base;
	r->own_stack_top = r->w.ctx.stack_top;
	return 0;
}

static void stacks_use(struct fp_run *r, size_t i)
{
	if (!r->stacks)
		return;
	r->w.ctx.stack_base = (char *)r->stacks + i * r->w.ctx.stack_bytes;
	r->w.ctx.stack_top = (char *)r->w.ctx.stack_base + r->w.ctx.stack_bytes;
}

static void stacks_unmap(struct fp_run *r)
{
	if (!r->stacks)
		return;
	munmap(r->stacks, r->stacks_bytes);
	r->stacks = NULL;
	r->w.ctx.stack_base = r->own_stack_base; /* create_ctx_close unmaps it */
	r->w.ctx.stack_top = r->own_stack_top;
}

/* One round: n children created and held at once; v gets the per-child deltas. */
static int system_round(struct fp_run *r, struct footprint_sysmem *sm, size_t n,
			struct child *kids, double v[FP_SYS_N], uint64_t *hold_ns)
{
	double before[FP_SYS_N], after[FP_SYS_N], base0[FP_SYS_N], base1[FP_SYS_N];
	size_t made = 0, held = 0;
	uint64_t t0;
	int rc, hold_rc = 0;

	/* Baseline: the same wait with no children, so background drift is not charged. */
	rc = footprint_sysmem_read(sm, base0);
	if (rc)
		return rc;
	nanosleep(&(struct timespec){ (time_t)(*hold_ns / 1000000000u),
				      (long)(*hold_ns % 1000000000u) }, NULL);
	settle();
	rc = footprint_sysmem_read(sm, base1);
	if (!rc)
		rc = footprint_sysmem_read(sm, before);
	if (!rc)
		rc = hold_open(&r->hold, &r->w.ctx);
	if (rc)
		goto out;
	t0 = clock_now_ns();
	for (; made < n && !hold_rc; made++) {
		stacks_use(r, made);
		rc = create_child(r, &kids[made], made);
		if (rc)
			break;
		/* The stamp page holds one stamp: each exec target is awaited before the next. */
		if (r->w.sel.exec)
			hold_rc = wait_stamp(r->w.ctx.stamp, kids[made].pid);
		held += r->w.sel.exec && !hold_rc;
	}
	/* Children without exec report on the pipe, so they run to their hold side by side. */
	while (!rc && !hold_rc && held < made) {
		pid_t pid;

		hold_rc = wait_ready(&r->hold, &pid);
		held += !hold_rc;
	}
	if (hold_rc) {
		emit_error(r->w.e, "child %zu of %zu never reached its hold: %s", held + 1, made,
			   strerror(-hold_rc));
		rc = hold_rc;
	}
	/* What exec threw away (the fork copy's page tables) is freed after a grace period:
	 * wait for it, so the figure is the live child's, not a transient. */
	if (!rc) {
		settle();
		rc = footprint_sysmem_read(sm, after);
	}
	*hold_ns = clock_now_ns() - t0;
	/* Release and reap everything created, whatever happened. */
	hold_release(&r->hold);
	for (size_t i = 0; i < made; i++) {
		int status;

		if (rc)
			kill_child(r, &kids[i]);
		r->w.sel.m.ops->reap(&r->w.sel.m, &kids[i], &status);
	}
	settle();
	if (rc)
		goto out;
	for (int k = 0; k < FP_SYS_N; k++)
		v[k] = ((after[k] - before[k]) - (base1[k] - base0[k])) / (double)n;
out:
	hold_close(&r->hold);
	return rc;
}

/* The system-wide phase's rounds, run by the driver (driver_run). */
struct fp_system {
	struct fp_run *r;
	struct footprint_sysmem sm;
	size_t children;
	struct child *kids;
	double *vals[FP_SYS_N];
	uint64_t hold_ns;
};

static int system_round_kept(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct fp_system *fs = arg;
	double v[FP_SYS_N];
	int rc;

	(void)keep; /* warmup_max is 0: every round is kept */
	(void)end_ns;
	rc = system_round(fs->r, &fs->sm, fs->children, fs->kids, v, &fs->hold_ns);
	if (rc)
		return rc;
	for (int k = 0; k < FP_SYS_N; k++)
		fs->vals[k][*n] = v[k];
	(*n)++;
	return 0;
}

static bool system_converged(void *arg, size_t n, double precision_pct)
{
	const struct fp_system *fs = arg;
	struct stats_summary st;

	/* The kernel total decides; its parts, Slab, MemAvailable and the cgroup move with
	 * everything else on the machine (reclaimable caches, other processes). */
	return stats_summarize(fs->vals[FP_SYS_KTOTAL], n, &st) == 0 &&
	       stats_converged(&st, precision_pct);
}

static const char *const system_watched[] = { "kernel_total_bytes", NULL };

static const struct bench_loop system_loop = {
	.name = "footprint",
	.watched_metrics = system_watched,
	.round = system_round_kept,
	.converged = system_converged,
	.min_samples = MIN_ROUNDS,
	.sample_cap = MAX_ROUNDS,
	.warmup_max = 0, /* a round is hundreds of children: none is thrown away */
};

static int system_phase(struct fp_run *r, size_t n)
{
	struct fp_system fs = { .r = r, .children = n, .hold_ns = 20000000 };
	size_t rounds = 0, target = r->w.a->samples ? r->w.a->samples : MAX_ROUNDS;
	bool conv = false;
	int rc = -ENOMEM;

	fs.kids = calloc(n, sizeof(*fs.kids));
	for (int k = 0; k < FP_SYS_N; k++)
		if (!(fs.vals[k] = calloc(target, sizeof(double))))
			goto no_memory;
	if (!fs.kids)
		goto no_memory;
	rc = stacks_map(r, n);
	if (rc) {
		emit_error(r->w.e, "cannot map %zu clone stacks: %s", n, strerror(-rc));
		goto out;
	}
	footprint_sysmem_open(&fs.sm);
	emit_note(r->w.e, "system-wide: %zu live children per round%s%s%s", n,
		  fs.sm.refresh ? "" : "; vm/stat_refresh not writable (counters lag)",
		  fs.sm.cgroup_path[0] ? "; memory cgroup " : "; no memory cgroup readable",
		  fs.sm.cgroup_path);
	rc = driver_run(&system_loop, r->w.a, &fs, &rounds, &conv);
	if (rc)
		goto out;
	if (fs.sm.refresh_err)
		emit_note(r->w.e, "stat_refresh write failed (%s): meminfo deltas may lag per-CPU "
			  "counters", strerror(-fs.sm.refresh_err));
	/* A cgroup figure missing from some rounds would be a different, smaller set of rounds
	 * than the other metrics': it is dropped whole, and the note says why. */
	for (size_t i = 0; i < rounds && fs.sm.cgroup_path[0]; i++) {
		if (isnan(fs.vals[FP_SYS_CGROUP][i])) {
			emit_note(r->w.e, "cgroup_memory_bytes dropped: cgroup usage unreadable in "
				  "round %zu of %zu (%s)", i + 1, rounds,
				  strerror(fs.sm.cgroup_err ? -fs.sm.cgroup_err : EIO));
			fs.sm.cgroup_path[0] = '\0';
		}
	}
	for (size_t i = 0; i < rounds; i++)
		for (int k = 0; k < FP_SYS_N; k++)
			if (k != FP_SYS_CGROUP || fs.sm.cgroup_path[0])
				emit_sample(r->w.e, footprint_sys_metric[k], "bytes",
					    fs.vals[k][i]);
	/* The kernel total alone decides (converged()); its parts ride along untested. */
	emit_converged(r->w.e, conv, system_watched);
	rc = 0;
	goto out;
no_memory:
	/* Only here: an ENOMEM from a round has said what failed already. */
	emit_error(r->w.e, "cannot allocate the bookkeeping for %zu children", n);
out:
	stacks_unmap(r);
	for (int k = 0; k < FP_SYS_N; k++)
		free(fs.vals[k]);
	free(fs.kids);
	return rc;
}

/* Counters after both phases, in batches of their own (bench/counter_batches.c says why). Per child:
 * what creating it, holding it until it reports (or stamps) and releasing and reaping it cost, split parent and
 * children, without the /proc reads. With a vfork-like method the helper thread that releases
 * the child is a thread of this process but not the calling thread, so its work (and its own
 * creation) counts under "children". */
static int count_one_child(void *arg)
{
	return per_child_sample(arg, NULL);
}

static int fp_resolved(void *arg, struct driver_worker *w)
{
	struct fp_run *r = arg;

	if (w->sel.exec && !w->ours) {
		emit_skip(w->e, "--exec %s: a target is held at its clock stamp, which only "
			  "forkbench's own targets (static, dynamic) write", w->a->exec);
		return -EINVAL;
	}
	r->vfork_like = !w->sel.exec && ((w->sel.m.clone_flags & CLONE_VFORK) ||
					 !strcmp(w->sel.m.ops->family, "vfork"));
	return 0;
}

static int fp_setup(void *arg, struct driver_worker *w)
{
	struct fp_run *r = arg;

	r->hold.worker_pid = getpid();
	r->hold.own_files = !(w->sel.m.clone_flags & CLONE_FILES) &&
			    strcmp(w->sel.m.ops->family, "pthread");
	if (!w->sel.exec) {
		w->ctx.child_fn = fp_child;
		w->ctx.child_arg = &r->hold;
	}
	return 0;
}

static int fp_plan_method(struct driver_plan *dp);

/* The per-child phase is a fixed count (its figures barely vary) and the system-wide phase
 * runs its rounds through system_loop; this descriptor carries the rest. */
static const struct bench_loop footprint_loop = {
	.name = "footprint",
	.watched_metrics = system_watched,
	.plan_method = fp_plan_method,
	.resolved = fp_resolved,
	.setup = fp_setup,
	.count_one = count_one_child,
	.count_batch_ops = COUNT_BATCH_CHILDREN,
	.count_what = ", per child created, held and released",
};

static int footprint_measure(const struct bench_args *a, struct emitter *e)
{
	struct fp_run r = { .hold = { .ready = { -1, -1 }, .release = { -1, -1 },
				      .released = true } };
	int rc = driver_open(&footprint_loop, a, e, &r.w, &r);

	if (rc)
		goto out;
	rc = per_child_phase(&r, a->samples ? a->samples : PER_CHILD_SAMPLES);
	if (rc)
		goto out;
	if (r.vfork_like) {
		/* Only one vfork child can be alive per creating thread. */
		emit_note(e, "system-wide: not measured (the parent is suspended until its one "
			  "vfork child exits, so children cannot be held alive together)");
		/* No stop ran (the per-child figures are a fixed count): no converged record,
		 * so no row claims convergence. */
	} else {
		rc = system_phase(&r, a->children ? a->children : DEFAULT_CHILDREN);
		if (rc)
			goto out;
	}
	rc = driver_count(&footprint_loop, a, e, &r);
out:
	driver_close(&r.w);
	return rc;
}

/* ---- planning ---- */

static int fp_plan_method(struct driver_plan *dp)
{
	const struct bench_args *a = dp->a;
	char limit[700], nbuf[24];
	const char *extra[] = { "--children", nbuf, NULL };
	uint64_t bound, n;

	bound = footprint_children_bound(a, &dp->sel, limit, sizeof(limit));
	n = a->children ? a->children : (bound < DEFAULT_CHILDREN ? bound : DEFAULT_CHILDREN);
	if (a->children && a->children > bound) {
		snprintf(dp->why, dp->why_len,
			 "--children %llu: more than the %llu live children this machine allows (%s)",
			 (unsigned long long)a->children, (unsigned long long)bound, limit);
		return -EINVAL;
	}
	snprintf(nbuf, sizeof(nbuf), "%llu", (unsigned long long)n);
	snprintf(dp->key.variant, sizeof(dp->key.variant), "children=%llu", (unsigned long long)n);
	if (n < 2)
		return runner_plan_skip(dp->p, &dp->key, "too little room for live children: %s",
					limit);
	if (dp->sel.exec && a->exec && strcmp(a->exec, "static") && strcmp(a->exec, "dynamic"))
		return runner_plan_skip(dp->p, &dp->key, "--exec %s: footprint holds a target at "
					"its clock stamp, which only static and dynamic write",
					a->exec);
	return driver_plan_add(dp, &dp->key, extra);
}

/* Without -m: the methods issue 5 compares (process presets, the CLONE_VM family, threads,
 * posix_spawn and the exec paths); namespace presets are left to -m. */
static const char *const default_methods[] = {
	"fork", "vfork", "clone", "clone-vm", "clone-vm-vfork", "clone-files", "clone-sighand",
	"clone-thread", "clone3", "pthread", "posix_spawn", "fork+exec", "vfork+exec", NULL,
};

static int footprint_plan(const struct bench_args *a, struct runner_plan *p, char *why,
			  size_t why_len)
{
	return driver_plan(&footprint_loop, a, p, default_methods, NULL, why, why_len);
}

static const struct bench_option footprint_options[] = {
	{ .name = "children", .kind = OPT_UINT, .arg_name = "N",
	  .default_text = "256, or fewer where RLIMIT_NPROC, pids.max or memory allow less",
	  .accepted = "1 to 100000", .help = "children kept alive at once for the kernel's cost",
	  .off = ARGS_OFF(children), .min = 1, .max = 100000 },
	{ NULL },
};

const struct bench bench_footprint = {
	.name = "footprint",
	.summary = "memory per child: rss/pss/private/page tables, kernel cost of live children",
	.plan = footprint_plan,
	.measure = footprint_measure,
	.options = footprint_options,
	.methods_default = default_methods,
};
