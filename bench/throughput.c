/* throughput: creations per second with K concurrent creators, each looping create + reap of
 * one method: K threads of one parent (kind=threads: what mmap_lock and the scheduler do to a
 * multi-threaded parent) or K separate processes (kind=processes: the same work without a shared
 * mm). One sample per time window: the total rate, the mean per creator and the slowest
 * creator; after the windows, perf counters per creation in batches of their own (see
 * count_batches). Leaves out per-creation latency (latency). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "clock.h"
#include "counter_batches.h"
#include "driver.h"
#include "methods.h"
#include "parse.h"
#include "stats.h"
#include "worker.h"

#define WINDOW_NS 100000000ull /* one sample: long enough for thousands of creations */
#define MIN_WINDOWS 10         /* below this the median's CI says little */
#define MAX_WINDOWS 4096     /* adaptive runs stop here */
#define MAX_RETRIES 8          /* EAGAIN/ENOMEM back-off before a creator gives up */
#define MAX_CREATORS 4096
#define COUNT_BATCH_OPS 16     /* creations per counter batch */

/* One creator's counters, alone on its cache line so creators do not slow each other down
 * through false sharing; MAP_SHARED so process creators can write them. */
struct slot {
	volatile uint64_t ops;
	volatile uint64_t retries;
	volatile int err;   /* -errno that stopped this creator, 0 while it runs */
	volatile int ready; /* its context is prepared */
	char call[96];      /* the failing call, for the error record */
} __attribute__((aligned(64)));

struct shared {
	volatile int stop;
	struct slot slot[];
};

struct run {
	const struct method_sel *sel;
	const char *exec_path;
	bool stamp_arg;
	struct shared *sh;
	/* Read end of the start pipe: a byte per creator means go; EOF means stop, as the worker
	 * closed the write end without one (a creator failed to start) or died. */
	int go_fd;
};

struct creator_arg {
	struct run *run;
	int idx;
};

static void creator_loop(struct run *run, int idx)
{
	struct slot *s = &run->sh->slot[idx];
	struct create_ctx ctx = { .cgroup_fd = -1 };
	char why[256], byte;
	ssize_t got;
	int rc;

	rc = create_ctx_open(&ctx, run->exec_path, run->stamp_arg);
	if (!rc)
		rc = methods_prepare(run->sel, &ctx, why, sizeof(why));
	if (rc) {
		snprintf(s->call, sizeof(s->call), "preparing the creation context");
		__atomic_store_n(&s->err, rc, __ATOMIC_RELEASE);
		__atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
		goto out;
	}
	__atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
	/* Blocks (not spinning) until the worker writes the go bytes: everyone starts at once.
	 * EOF is no go: a worker that died would never set stop, and this loop would create
	 * children until killed. */
	while ((got = read(run->go_fd, &byte, 1)) < 0 && errno == EINTR)
		;
	if (got != 1)
		goto out;
	while (!__atomic_load_n(&run->sh->stop, __ATOMIC_ACQUIRE)) {
		struct child c = { .pidfd = -1 };
		int status = 0, attempt;

		for (attempt = 0; attempt <= MAX_RETRIES; attempt++) {
			rc = run->sel->m.ops->create(&run->sel->m, &ctx, &c);
			if (rc != -EAGAIN && rc != -ENOMEM)
				break;
			/* Only this creator's own children may be reaped here: a waitpid(-1) would
			 * steal another creator's child. */
			__atomic_add_fetch(&s->retries, 1, __ATOMIC_RELAXED);
			nanosleep(&(struct timespec){ 0, 1000000L << attempt }, NULL);
		}
		if (!rc)
			rc = run->sel->m.ops->reap(&run->sel->m, &c, &status);
		if (rc) {
			methods_describe_call(run->sel, s->call, sizeof(s->call));
			__atomic_store_n(&s->err, rc, __ATOMIC_RELEASE);
			break;
		}
		__atomic_add_fetch(&s->ops, 1, __ATOMIC_RELAXED);
	}
out:
	create_ctx_close(&ctx);
}

static void *creator_thread(void *p)
{
	struct creator_arg *ca = p;

	creator_loop(ca->run, ca->idx);
	return NULL;
}

struct windows {
	double *total, *per_creator, *slowest;
	size_t n, cap;
	bool converged; /* the driver's stop rule, over the windows kept */
};

static bool converged(void *arg, size_t n, double precision_pct)
{
	const struct windows *w = arg;
	struct stats_summary st;

	return !stats_summarize(w->total, n, &st) && stats_converged(&st, precision_pct);
}

static uint64_t sum_ops(const struct shared *sh, int k, uint64_t *each)
{
	uint64_t sum = 0;

	for (int i = 0; i < k; i++) {
		each[i] = __atomic_load_n(&sh->slot[i].ops, __ATOMIC_RELAXED);
		sum += each[i];
	}
	return sum;
}

static int first_error(const struct shared *sh, int k)
{
	for (int i = 0; i < k; i++)
		if (__atomic_load_n(&sh->slot[i].err, __ATOMIC_ACQUIRE))
			return i;
	return -1;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The window loop's state: one round of the driver is one window. */
struct window_run {
	struct windows *w;
	struct shared *sh;
	int k;
	uint64_t *before, *after;
	uint64_t window_ns, t0, sum0;
	struct emitter *e;
};

/* One window: its creations over its measured length, per creator and in total. */
static int window_round(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct window_run *wr = arg;
	struct windows *w = wr->w;
	double slowest = 0;
	uint64_t t1, sum1;
	int bad, rc;

	(void)keep; /* warmup_max is 0: sample_windows runs its own warm-up window */
	sleep_ns(wr->window_ns);
	t1 = clock_now_ns();
	sum1 = sum_ops(wr->sh, wr->k, wr->after);
	bad = first_error(wr->sh, wr->k);
	if (bad >= 0) {
		rc = wr->sh->slot[bad].err;
		emit_error(wr->e, "creator %d of %d: %s failed: %s (%s)", bad + 1, wr->k,
			   wr->sh->slot[bad].call, strerror(-rc),
			   strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
		return rc;
	}
	for (int i = 0; i < wr->k; i++) {
		double r = (double)(wr->after[i] - wr->before[i]) * 1e9 / (double)(t1 - wr->t0);

		if (i == 0 || r < slowest)
			slowest = r;
		wr->before[i] = wr->after[i];
	}
	w->total[w->n] = (double)(sum1 - wr->sum0) * 1e9 / (double)(t1 - wr->t0);
	w->per_creator[w->n] = w->total[w->n] / wr->k;
	w->slowest[w->n] = slowest;
	*n = ++w->n;
	*end_ns = t1;
	wr->t0 = t1;
	wr->sum0 = sum1;
	return 0;
}

static const char *const watched[] = { "creations_per_s", NULL };

static const struct bench_loop window_loop = {
	.name = "throughput",
	.watched_metrics = watched,
	.round = window_round,
	.converged = converged,
	.min_samples = MIN_WINDOWS,
	.sample_cap = MAX_WINDOWS,
	.warmup_max = 0,
};

/* Samples the creators' counters window by window (driver_run) until the adaptive stop,
 * -n windows or --max-time. */
static int sample_windows(const struct bench_args *a, struct shared *sh, int k,
			  struct windows *w, struct emitter *e)
{
	struct window_run wr = { .w = w, .sh = sh, .k = k, .window_ns = WINDOW_NS, .e = e };
	size_t n;
	int rc = 0;

	wr.before = calloc((size_t)k, sizeof(*wr.before));
	wr.after = calloc((size_t)k, sizeof(*wr.after));
	if (!wr.before || !wr.after) {
		rc = -ENOMEM;
		goto out;
	}
	/* Short --max-time: shorter windows, so the adaptive stop still has enough of them. */
	if (!a->samples && a->max_time_s * 1e9 < (double)(MIN_WINDOWS * WINDOW_NS))
		wr.window_ns = (uint64_t)(a->max_time_s * 1e9 / MIN_WINDOWS);
	if (wr.window_ns < 1000000)
		wr.window_ns = 1000000;
	sleep_ns(wr.window_ns); /* warm-up window: creators starting, caches filling */
	wr.t0 = clock_now_ns();
	wr.sum0 = sum_ops(sh, k, wr.before);
	rc = driver_run(&window_loop, a, &wr, &n, &w->converged);
out:
	free(wr.before);
	free(wr.after);
	return rc;
}

/* k go bytes into the start pipe; 0 or -errno. */
static int write_go(int fd, int k)
{
	static const char go[64] = { 0 };

	while (k > 0) {
		ssize_t n = write(fd, go, (size_t)(k < (int)sizeof(go) ? k : (int)sizeof(go)));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		k -= (int)n;
	}
	return 0;
}

/* Starts k creators (threads of this process, or forked processes), samples, stops them. */
static int run_creators(const struct bench_args *a, struct run *run, int k, bool as_threads,
			struct windows *w, struct emitter *e)
{
	pthread_t *threads = calloc((size_t)k, sizeof(*threads));
	struct creator_arg *args = calloc((size_t)k, sizeof(*args));
	pid_t *pids = calloc((size_t)k, sizeof(*pids));
	pid_t worker = getpid();
	int go[2] = { -1, -1 }, started = 0, rc = 0, bad;

	if (!threads || !args || !pids) {
		rc = -ENOMEM;
		goto out;
	}
	if (pipe2(go, O_CLOEXEC) < 0) {
		rc = -errno;
		goto out;
	}
	run->go_fd = go[0];
	for (started = 0; started < k; started++) {
		args[started] = (struct creator_arg){ run, started };
		if (as_threads) {
			rc = -pthread_create(&threads[started], NULL, creator_thread, &args[started]);
			if (rc)
				break;
			continue;
		}
		pids[started] = fork();
		if (pids[started] < 0) {
			rc = -errno;
			break;
		}
		if (pids[started] == 0) {
			/* A creator process never outlives the worker, even one that died before
			 * the prctl (no signal will come: leave now). */
			if (worker_tie_to_parent(worker))
				_exit(0);
			close(go[1]);
			creator_loop(run, started);
			_exit(0);
		}
	}
	if (rc) {
		emit_error(e, "cannot start creator %d of %d (%s): %s", started + 1, k,
			   as_threads ? "pthread_create" : "fork", strerror(-rc));
		__atomic_store_n(&run->sh->stop, 1, __ATOMIC_RELEASE);
		close(go[1]);
		go[1] = -1;
		goto join;
	}
	for (int i = 0; i < k; i++)
		while (!__atomic_load_n(&run->sh->slot[i].ready, __ATOMIC_ACQUIRE))
			sleep_ns(1000000);
	/* One byte per creator (k <= MAX_CREATORS fits the pipe, so this never blocks); closing
	 * the write end alone would read as stop. */
	rc = write_go(go[1], k);
	close(go[1]);
	go[1] = -1;
	if (rc) {
		emit_error(e, "cannot start the creators: write to the start pipe: %s",
			   strerror(-rc));
		__atomic_store_n(&run->sh->stop, 1, __ATOMIC_RELEASE);
		goto join;
	}
	bad = first_error(run->sh, k);
	if (bad >= 0) {
		rc = run->sh->slot[bad].err;
		emit_error(e, "creator %d of %d: %s failed: %s", bad + 1, k, run->sh->slot[bad].call,
			   strerror(-rc));
	} else {
		rc = sample_windows(a, run->sh, k, w, e);
	}
	__atomic_store_n(&run->sh->stop, 1, __ATOMIC_RELEASE);
join:
	for (int i = 0; i < started; i++) {
		if (as_threads)
			pthread_join(threads[i], NULL);
		else
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
	}
out:
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	free(threads);
	free(args);
	free(pids);
	return rc;
}

/* One creation and its reap, with the creators' EAGAIN/ENOMEM back-off; -errno as the loop's. */
static int count_one(const struct method_sel *sel, const struct create_ctx *ctx,
		     uint64_t *retries)
{
	struct child c = { .pidfd = -1 };
	int rc = 0, status = 0;

	for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
		rc = sel->m.ops->create(&sel->m, ctx, &c);
		if (rc != -EAGAIN && rc != -ENOMEM)
			break;
		(*retries)++;
		nanosleep(&(struct timespec){ 0, 1000000L << attempt }, NULL);
	}
	return rc ? rc : sel->m.ops->reap(&sel->m, &c, &status);
}

struct count_op {
	const struct method_sel *sel;
	const struct create_ctx *ctx;
	uint64_t *retries;
};

static int count_one_op(void *arg)
{
	struct count_op *op = arg;

	return count_one(op->sel, op->ctx, op->retries);
}

/* Counters after the windows, with every creator stopped (bench/counter_batches.c says why never
 * during them). One creator, this thread, creates and reaps
 * COUNT_BATCH_OPS children per batch: the counts are what one creation of this method costs
 * from this (shaped) parent, split parent/children, the same for every K and kind. They do not
 * describe contention: with K creators running, "parent" (the calling thread alone) would be the
 * idle coordinator and "children" would hold the other creators' own work, so neither split nor
 * per-op figure would mean what its name says. Contention shows in the rates. With kind=threads
 * this thread still carries what its creator threads left behind (glibc keeps their malloc
 * arenas and cached stacks, likely the cause), so its fork counts read higher than those of
 * kind=processes, whose creators never ran in this process (29 vs 13 faults per fork here). */
static int count_batches(const struct bench_args *a, const struct run *run, uint64_t *retries,
			 struct emitter *e)
{
	struct create_ctx ctx = { .cgroup_fd = -1 };
	char why[512];
	int rc;

	rc = create_ctx_open(&ctx, run->exec_path, run->stamp_arg);
	if (!rc)
		rc = methods_prepare(run->sel, &ctx, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", strerror(-rc));
	if (rc) {
		emit_error(e, "counters: cannot prepare the creation context: %s", why);
		goto out;
	}
	rc = bench_count_batches(a, e, ", one creator after the windows (per creation, no "
				 "contention)", COUNT_BATCH_OPS, count_one_op,
				 &(struct count_op){ run->sel, &ctx, retries });
	if (rc) {
		char call[256];

		methods_describe_call(run->sel, call, sizeof(call));
		emit_error(e, "counting: %s failed: %s (%s)", call, strerror(-rc),
			   strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
	}
out:
	create_ctx_close(&ctx);
	return rc;
}

static int windows_alloc(struct windows *w, size_t cap)
{
	w->total = calloc(cap, sizeof(double));
	w->per_creator = calloc(cap, sizeof(double));
	w->slowest = calloc(cap, sizeof(double));
	w->n = 0;
	w->cap = cap;
	return w->total && w->per_creator && w->slowest ? 0 : -ENOMEM;
}

static void windows_free(struct windows *w)
{
	free(w->total);
	free(w->per_creator);
	free(w->slowest);
}

/* The worker's state: the driver's set-up, the creators' shared page and the windows. */
struct tp_worker {
	struct driver_worker w;
	struct run run;
	struct windows win;
	size_t sh_bytes;
	uint64_t retries;
	int k;
};

/* Each creator opens a context of its own (creator_loop): the driver opens none. */
static int tp_resolved(void *arg, struct driver_worker *w)
{
	struct tp_worker *t = arg;

	w->no_ctx = true;
	t->run.sel = &w->sel;
	t->run.exec_path = w->sel.exec ? w->exec_path : NULL;
	t->run.stamp_arg = w->ours;
	return 0;
}

static int tp_setup(void *arg, struct driver_worker *w)
{
	struct tp_worker *t = arg;
	const struct bench_args *a = w->a;

	t->run.sh = mmap(NULL, t->sh_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			 -1, 0);
	if (t->run.sh == MAP_FAILED) {
		t->run.sh = NULL;
		emit_error(w->e, "cannot map the creators' counters: %s", strerror(errno));
		return -ENOMEM;
	}
	if (windows_alloc(&t->win, a->samples ? a->samples : MAX_WINDOWS)) {
		emit_error(w->e, "out of memory for the samples");
		return -ENOMEM;
	}
	return 0;
}

static int tp_count(void *arg)
{
	struct tp_worker *t = arg;

	return count_batches(t->w.a, &t->run, &t->retries, t->w.e);
}

static int tp_plan_method(struct driver_plan *dp);

/* The windows run through window_loop, inside run_creators; this descriptor carries the rest. */
static const struct bench_loop throughput_loop = {
	.name = "throughput",
	.watched_metrics = watched,
	.plan_method = tp_plan_method,
	.resolved = tp_resolved,
	.setup = tp_setup,
	.count = tp_count,
};

static int throughput_measure(const struct bench_args *a, struct emitter *e)
{
	struct tp_worker t = { .run = { .go_fd = -1 } };
	bool as_threads = !a->creator_kind || strcmp(a->creator_kind, "processes");
	int rc;

	t.k = a->creator_count == 1 ? (int)a->creators[0] : 0;
	if (t.k < 1 || t.k > MAX_CREATORS) {
		emit_error(e, "throughput worker: expected one --creators value");
		return -EINVAL;
	}
	t.sh_bytes = sizeof(struct shared) + (size_t)t.k * sizeof(struct slot);
	rc = driver_open(&throughput_loop, a, e, &t.w, &t);
	if (rc)
		goto out;
	rc = run_creators(a, &t.run, t.k, as_threads, &t.win, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < t.win.n; i++) {
		emit_sample(e, "creations_per_s", "ops/s", t.win.total[i]);
		emit_sample(e, "creations_per_s_per_creator", "ops/s", t.win.per_creator[i]);
		emit_sample(e, "slowest_creator_per_s", "ops/s", t.win.slowest[i]);
	}
	emit_converged(e, t.win.converged, watched);
	for (int i = 0; i < t.k; i++)
		t.retries += t.run.sh->slot[i].retries;
	rc = driver_count(&throughput_loop, a, e, &t);
	if (rc)
		goto out;
	if (t.retries)
		emit_note(e, "%llu transient EAGAIN/ENOMEM failures retried",
			  (unsigned long long)t.retries);
out:
	windows_free(&t.win);
	driver_close(&t.w);
	if (t.run.sh)
		munmap(t.run.sh, t.sh_bytes);
	return rc;
}

/* The creator counts throughput_plan chose, for tp_plan_method. */
struct tp_plan_state {
	uint64_t creators[ARGS_MAX_VALUES];
	int creator_count;
};

/* Every kind and creator count of one method; dp->key holds its shared columns. */
static int tp_plan_method(struct driver_plan *dp)
{
	static const char *const kinds[] = { "threads", "processes" };
	const struct tp_plan_state *ps = dp->arg;
	const struct bench_args *a = dp->a;
	int rc = 0;

	for (size_t kind = 0; !rc && kind < 2; kind++) {
		if (a->creator_kind && strcmp(a->creator_kind, "both") &&
		    strcmp(a->creator_kind, kinds[kind]))
			continue;
		for (int i = 0; !rc && i < ps->creator_count; i++) {
			struct config_key key = dp->key;
			char count[24];
			const char *extra[] = { "--creators", count, "--creator-kind", kinds[kind],
						NULL };

			snprintf(count, sizeof(count), "%llu", (unsigned long long)ps->creators[i]);
			snprintf(key.variant, sizeof(key.variant), "kind=%s;creators=%s",
				 kinds[kind], count);
			rc = driver_plan_add(dp, &key, extra);
		}
	}
	return rc;
}

static const char *const default_methods[] = { "fork", "vfork", "posix_spawn", NULL };

static int throughput_plan(const struct bench_args *a, struct runner_plan *p, char *why,
			   size_t why_len)
{
	struct tp_plan_state ps = { .creator_count = 0 };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (a->creator_count) {
		memcpy(ps.creators, a->creators, sizeof(ps.creators));
		ps.creator_count = a->creator_count;
	} else {
		/* 1, 2, 4, ... up to twice the CPUs, and twice the CPUs itself. */
		uint64_t top = cpus > 0 ? 2 * (uint64_t)cpus : 4;

		for (uint64_t k = 1; k < top && ps.creator_count < ARGS_MAX_VALUES - 1; k *= 2)
			ps.creators[ps.creator_count++] = k;
		ps.creators[ps.creator_count++] = top;
	}
	return driver_plan(&throughput_loop, a, p, default_methods, &ps, why, why_len);
}

static const struct bench_option throughput_options[] = {
	{ .name = "creators", .kind = OPT_UINT_LIST, .arg_name = "K,...",
	  .default_text = "1,2,4,... up to twice the CPUs", .accepted = "1 to 4096 each",
	  .help = "numbers of concurrent creators", .off = ARGS_OFF(creators),
	  .count_off = ARGS_OFF(creator_count), .min = 1, .max = 4096 },
	{ .name = "creator-kind", .kind = OPT_CHOICE, .arg_name = "threads|processes|both",
	  .default_text = "both", .accepted = "threads|processes|both",
	  .help = "whether the creators are threads of one process or processes",
	  .off = ARGS_OFF(creator_kind) },
	{ NULL },
};

const struct bench bench_throughput = {
	.name = "throughput",
	.summary = "creations per second with K concurrent creator threads or processes",
	.plan = throughput_plan,
	.measure = throughput_measure,
	.options = throughput_options,
	.methods_default = default_methods,
};
