/* cow: what copy-on-write costs per 4 KiB page after process creation (DESIGN §4). Each sample
 * maps a fresh region of --size, writes every page (first touch: zero-fill), creates a child,
 * lets the other process read the shared pages (no copy), then the writer (--writer) writes every
 * page (COW faults) and writes them again (already private: the memory cost alone);
 * cow_fault_ns_per_page is the difference. Leaves out creation latency and footprint (own benches).
 *
 * The child is created by the method table's create() with cow_child() as its body
 * (create_ctx.child_fn). Only methods that copy the address space qualify; the others are usage
 * errors saying why. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench.h"
#include "clock.h"
#include "counters.h"
#include "cow.h"
#include "driver.h"
#include "methods.h"
#include "parse.h"
#include "stats.h"
#include "sysinfo.h"
#include "worker.h"

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

#define HUGE_BYTES (2ull << 20)
#define MIN_SAMPLES 6   /* the fewest with a distribution-free 95% CI of the median */
#define WARMUP_MAX 2    /* a warm-up round is a whole region: more teaches the caches nothing */
#define COUNT_SAMPLES 4 /* counted samples per configuration, time permitting */
/* dTLB misses show what THP saves in page walks; where there is no PMU they are noted, not fatal */
#define COW_EVENTS COUNTERS_DEFAULT_EVENTS ",dTLB-load-misses,dTLB-store-misses"

enum cow_writer { WRITER_CHILD, WRITER_PARENT };
enum cow_region { REGION_PRIVATE, REGION_DONTFORK, REGION_WIPEONFORK, REGION_SHARED, REGIONS };

static const char *const region_names[REGIONS] = { "private", "dontfork", "wipeonfork", "shared" };
static const char *const writer_names[] = { "child", "parent" };

/* What the child measured. It lives in a MAP_SHARED page, so the child writing it takes no COW
 * fault of its own, and the parent reads it only after the child said it is done. */
struct child_report {
	struct pass read, cow, priv;
};

struct cow_cfg {
	size_t len_bytes, page_bytes;
	enum cow_writer writer;
	enum cow_region region;
	int thp; /* SHAPE_THP_* */
};

struct region {
	char *map, *addr;
	size_t map_len;
};

/* One access per page, volatile so none is elided. getrusage is a single system call (no lock,
 * no allocation), so the child may call it too; it brackets the loop, and the fault count is the
 * loop's own. */
static struct pass run_pass(char *addr, size_t len, size_t page, bool write)
{
	volatile char *p = addr;
	struct rusage r0, r1;
	uint64_t t0, t1;
	unsigned int sink = 0;

	getrusage(RUSAGE_SELF, &r0);
	t0 = clock_now_ns();
	/* addr is a successful mmap, never NULL (the analyzer follows the THP alignment). */
	if (write)
		for (size_t off = 0; off < len; off += page)
			p[off] = 1; /* NOLINT(clang-analyzer-core.NullDereference) */
	else
		for (size_t off = 0; off < len; off += page)
			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
			sink += (unsigned char)p[off];
	t1 = clock_now_ns();
	getrusage(RUSAGE_SELF, &r1);
	__asm__ volatile("" : : "r"(sink));
	return (struct pass){ t1 - t0, (uint64_t)(r1.ru_minflt - r0.ru_minflt) +
					     (uint64_t)(r1.ru_majflt - r0.ru_majflt) };
}

/* Huge-page bytes of the mapping of pid that holds addr (AnonHugePages, or ShmemPmdMapped for a
 * MAP_SHARED region), from /proc/PID/smaps; -errno when unreadable. */
static long long huge_bytes(pid_t pid, const void *addr, bool shared)
{
	const char *field = shared ? "ShmemPmdMapped: %lld kB" : "AnonHugePages: %lld kB";
	unsigned long start, end, a = (unsigned long)addr;
	char path[64], line[1024];
	long long kb, ret = -ENOENT;
	bool inside = false;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			inside = start <= a && a < end;
		else if (inside && sscanf(line, field, &kb) == 1) {
			ret = kb * 1024;
			break;
		}
	}
	fclose(fp);
	return ret;
}

/* A fresh region: 2 MiB aligned for --thp always (huge pages need aligned 2 MiB ranges), advised
 * before the first touch, which decides the page size. 0 or -errno with why. */
static int region_map(const struct cow_cfg *cfg, struct region *r, char *why, size_t why_len)
{
	int flags = MAP_ANONYMOUS | (cfg->region == REGION_SHARED ? MAP_SHARED : MAP_PRIVATE);
	struct {
		bool wanted;
		int advice;
		const char *name;
	} advice[] = {
		{ cfg->thp == SHAPE_THP_ALWAYS, MADV_HUGEPAGE, "MADV_HUGEPAGE (--thp always)" },
		{ cfg->thp == SHAPE_THP_NEVER, MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE (--thp never)" },
		{ cfg->region == REGION_DONTFORK, MADV_DONTFORK, "MADV_DONTFORK" },
		{ cfg->region == REGION_WIPEONFORK, MADV_WIPEONFORK, "MADV_WIPEONFORK" },
	};

	r->map_len = cfg->len_bytes + (cfg->thp == SHAPE_THP_ALWAYS ? HUGE_BYTES : 0);
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (r->map == MAP_FAILED) {
		int err = errno;

		r->map = NULL;
		snprintf(why, why_len, "mmap of %zu bytes: %s", r->map_len, strerror(err));
		return -err;
	}
	r->addr = r->map;
	if (cfg->thp == SHAPE_THP_ALWAYS)
		r->addr = (char *)(((unsigned long)r->map + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1));
	for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++) {
		if (advice[i].wanted && madvise(r->addr, cfg->len_bytes, advice[i].advice)) {
			int err = errno;

			snprintf(why, why_len, "madvise(%s) refused: %s (%s)", advice[i].name,
				 strerror(err), strerrorname_np(err) ? strerrorname_np(err) : "?");
			return -err;
		}
	}
	return 0;
}

static void region_unmap(struct region *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = NULL;
}

/* Only a child with its own copy of the address space has anything to copy on write.
 * 0 or -EINVAL with why. */
static int method_fits(const struct method_sel *sel, char *why, size_t why_len)
{
	const char *family = sel->m.ops->family;
	uint64_t flags = sel->m.clone_flags;

	if (sel->exec)
		snprintf(why, why_len, "-m %s: the child execs, which replaces the copied address "
			 "space: there is no copy-on-write to measure", sel->name);
	else if (!strcmp(family, "vfork") || (flags & CLONE_VFORK))
		snprintf(why, why_len, "-m %s: a vfork child borrows the parent's memory while the "
			 "parent waits: nothing is copied on write (use fork, clone or clone3)",
			 sel->name);
	else if (!strcmp(family, "pthread") || (flags & CLONE_VM))
		snprintf(why, why_len, "-m %s: the child shares the address space (CLONE_VM): "
			 "nothing is copied on write (use fork, clone or clone3)", sel->name);
	else if (strcmp(family, "fork") && strcmp(family, "clone") && strcmp(family, "clone3"))
		snprintf(why, why_len, "-m %s: cow needs a fork, clone or clone3 method", sel->name);
	else
		return 0;
	return -EINVAL;
}

/* What the child needs: its ends of the two pipes, and the parent's ends to close. */
struct cow_child_arg {
	const struct cow_cfg *cfg;
	char *addr;
	struct child_report *rep;
	int go_fd, done_fd, parent_go_fd, parent_done_fd;
	pid_t parent;
};

/* The child (the method's create() runs it through create_ctx.child_fn): system calls and the
 * vDSO clock only, as clone children share libc state. It blocks on the go pipe, never spins,
 * and dies with the worker. Its return value is its exit status. */
static int cow_child(void *arg)
{
	const struct cow_child_arg *a = arg;
	const struct cow_cfg *cfg = a->cfg;
	char b;

	close(a->parent_go_fd);
	close(a->parent_done_fd);
	if (worker_tie_to_parent(a->parent))
		return 1;
	if (cfg->writer == WRITER_CHILD) {
		if (read(a->go_fd, &b, 1) != 1)
			return 2;
		a->rep->cow = run_pass(a->addr, cfg->len_bytes, cfg->page_bytes, true);
		a->rep->priv = run_pass(a->addr, cfg->len_bytes, cfg->page_bytes, true);
	} else if (cfg->region != REGION_DONTFORK) { /* with DONTFORK the child has no region */
		a->rep->read = run_pass(a->addr, cfg->len_bytes, cfg->page_bytes, false);
	}
	if (write(a->done_fd, "d", 1) != 1)
		return 3;
	/* Stay until the parent closes the pipe: it may read our smaps, or is writing. */
	while (read(a->go_fd, &b, 1) > 0)
		;
	return 0;
}

static void report_failure(struct emitter *e, const struct method_sel *sel, long rc, int status)
{
	char call[256];

	methods_describe_call(sel, call, sizeof(call));
	if (rc == -ECHILD)
		emit_error(e, "%s: the child did not exit cleanly (wait status 0x%x)", call, status);
	else
		emit_error(e, "%s failed: %s (%s)", call, strerror((int)-rc),
			   strerrorname_np((int)-rc) ? strerrorname_np((int)-rc) : "?");
}

/* The parent's half of one sample once the child exists; 0 or -errno (-ECHILD: the child died). */
static int parent_side(const struct cow_cfg *cfg, const struct region *r,
		       const struct child_report *rep, pid_t child, int go_fd, int done_fd,
		       struct cow_sample *s)
{
	char b;

	if (cfg->writer == WRITER_CHILD) {
		s->read = run_pass(r->addr, cfg->len_bytes, cfg->page_bytes, false);
		if (write(go_fd, "g", 1) != 1)
			return -errno;
	}
	if (read(done_fd, &b, 1) != 1)
		return -ECHILD;
	if (cfg->writer == WRITER_CHILD) {
		s->cow = rep->cow;
		s->priv = rep->priv;
	} else {
		s->read = rep->read;
		s->cow = run_pass(r->addr, cfg->len_bytes, cfg->page_bytes, true);
		s->priv = run_pass(r->addr, cfg->len_bytes, cfg->page_bytes, true);
	}
	if (cfg->thp == SHAPE_THP_ALWAYS)
		s->huge_after_bytes = huge_bytes(cfg->writer == WRITER_CHILD ? child : getpid(),
						 r->addr, cfg->region == REGION_SHARED);
	return 0;
}

/* One fork of the whole region. ctr, when given, counts from just before the creating call to
 * just after the reap (never around the timed samples: see bench/counter_batches.c). */
static int one_sample(const struct cow_cfg *cfg, const struct method_sel *sel,
		      const struct create_ctx *ctx, struct child_report *rep, struct counters *ctr,
		      struct cow_sample *s, struct emitter *e)
{
	struct region r = { 0 };
	struct child c = { .pidfd = -1 };
	int go[2] = { -1, -1 }, done[2] = { -1, -1 }, status = 0, rc, reap_rc;
	pid_t self = getpid();
	struct create_ctx child_ctx;
	struct cow_child_arg child_arg;
	uint64_t t0, t1;
	char why[256];

	memset(s, 0, sizeof(*s));
	s->huge_before_bytes = s->huge_after_bytes = -1;
	rc = region_map(cfg, &r, why, sizeof(why));
	if (rc) {
		emit_error(e, "%s", why);
		goto out;
	}
	s->touch = run_pass(r.addr, cfg->len_bytes, cfg->page_bytes, true);
	if (cfg->thp == SHAPE_THP_ALWAYS)
		s->huge_before_bytes = huge_bytes(self, r.addr, cfg->region == REGION_SHARED);
	if (pipe2(go, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		rc = -errno;
		emit_error(e, "pipe2: %s", strerror(-rc));
		goto out;
	}
	memset(rep, 0, sizeof(*rep));
	child_arg = (struct cow_child_arg){ cfg, r.addr, rep, go[0], done[1], go[1], done[0], self };
	child_ctx = *ctx;
	child_ctx.child_fn = cow_child;
	child_ctx.child_arg = &child_arg;
	if (ctr)
		counters_start(ctr);
	t0 = clock_now_ns();
	rc = sel->m.ops->create(&sel->m, &child_ctx, &c);
	t1 = clock_now_ns();
	if (rc) {
		if (ctr)
			counters_stop(ctr);
		report_failure(e, sel, rc, 0);
		goto out;
	}
	close(go[0]);
	close(done[1]);
	go[0] = done[1] = -1;
	s->call_ns = (double)(t1 - t0);
	rc = parent_side(cfg, &r, rep, c.pid, go[1], done[0], s);
	close(go[1]); /* the child's read sees EOF and it exits */
	go[1] = -1;
	reap_rc = sel->m.ops->reap(&sel->m, &c, &status);
	if (ctr)
		counters_stop(ctr);
	if (!rc || rc == -ECHILD)
		rc = reap_rc ? reap_rc : rc;
	if (rc)
		report_failure(e, sel, rc, status);
out:
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (done[i] >= 0)
			close(done[i]);
	}
	region_unmap(&r);
	return rc;
}

static bool has_read(const struct cow_cfg *cfg)
{
	return !(cfg->writer == WRITER_PARENT && cfg->region == REGION_DONTFORK);
}

static void emit_one(struct emitter *e, const struct cow_cfg *cfg, const struct cow_sample *s)
{
	double pages = (double)(cfg->len_bytes / cfg->page_bytes);

	emit_sample(e, "call_ns", "ns", s->call_ns);
	emit_sample(e, "first_touch_ns_per_page", "ns/page", (double)s->touch.ns / pages);
	if (has_read(cfg))
		emit_sample(e, "read_shared_ns_per_page", "ns/page", (double)s->read.ns / pages);
	emit_sample(e, "cow_write_ns_per_page", "ns/page", (double)s->cow.ns / pages);
	emit_sample(e, "private_write_ns_per_page", "ns/page", (double)s->priv.ns / pages);
	/* The fault's own cost: the same store to the same page, minus the store alone. */
	emit_sample(e, "cow_fault_ns_per_page", "ns/page",
		    ((double)s->cow.ns - (double)s->priv.ns) / pages);
	emit_sample(e, "first_touch_faults_per_page", "count/page", (double)s->touch.faults / pages);
	if (has_read(cfg))
		emit_sample(e, "read_shared_faults_per_page", "count/page",
			    (double)s->read.faults / pages);
	emit_sample(e, "cow_write_faults_per_page", "count/page", (double)s->cow.faults / pages);
	emit_sample(e, "private_write_faults_per_page", "count/page",
		    (double)s->priv.faults / pages);
	if (s->huge_before_bytes >= 0)
		emit_sample(e, "huge_before_bytes", "bytes", (double)s->huge_before_bytes);
	if (s->huge_after_bytes >= 0)
		emit_sample(e, "huge_after_bytes", "bytes", (double)s->huge_after_bytes);
}

static double cow_write_ns(const struct cow_sample *s)
{
	return (double)s->cow.ns;
}

static double first_touch_ns(const struct cow_sample *s)
{
	return (double)s->touch.ns;
}

static double private_write_ns(const struct cow_sample *s)
{
	return (double)s->priv.ns;
}

/* The headline, as emit_one computes it. */
static double cow_fault_ns(const struct cow_sample *s)
{
	return (double)s->cow.ns - (double)s->priv.ns;
}

/* The summary of one per-page figure over the samples; false if it cannot be computed. */
static bool figure_summary(const struct cow_sample *s, size_t n, double pages,
			   double (*figure)(const struct cow_sample *), double *scratch,
			   struct stats_summary *st)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = figure(&s[i]) / pages;
	return !stats_summarize(scratch, n, st);
}

/*
 * The adaptive stop watches the headline, cow_fault_ns_per_page, and the two figures every
 * sample has in full: the COW write and the first touch. The headline is a difference (the COW
 * write minus the same store to an already-private page); where nothing is copied (MAP_SHARED,
 * MADV_DONTFORK, a parent writing WIPEONFORK pages) it is about 0 and no relative precision
 * can be reached, so its CI is held to precision_pct of the larger of its median and the
 * private write it is measured against: of itself wherever a copy happens, of the store alone
 * where none does.
 */
bool cow_converged(const struct cow_sample *s, size_t n, double pages, double precision_pct,
		   double *scratch)
{
	struct stats_summary st, priv;
	double scale;

	if (n < MIN_SAMPLES)
		return false;
	if (!figure_summary(s, n, pages, cow_write_ns, scratch, &st) ||
	    !stats_converged(&st, precision_pct))
		return false;
	if (!figure_summary(s, n, pages, first_touch_ns, scratch, &st) ||
	    !stats_converged(&st, precision_pct))
		return false;
	if (!figure_summary(s, n, pages, private_write_ns, scratch, &priv) ||
	    !figure_summary(s, n, pages, cow_fault_ns, scratch, &st))
		return false;
	scale = fabs(st.median) > priv.median ? fabs(st.median) : priv.median;
	return (st.ci95_high - st.ci95_low) / 2 <= scale * precision_pct / 100;
}

/* What the kernel did with the huge pages, in words, from the last sample. */
static void note_thp(struct emitter *e, const struct cow_cfg *cfg, const struct cow_sample *s)
{
	double pages = (double)(cfg->len_bytes / cfg->page_bytes);
	double faults = (double)s->cow.faults / pages;
	char before[32], after[32];

	if (s->huge_before_bytes < 0 || s->huge_after_bytes < 0) {
		emit_note(e, "thp: smaps of the region unreadable");
		return;
	}
	parse_format_size((uint64_t)s->huge_before_bytes, before, sizeof(before));
	parse_format_size((uint64_t)s->huge_after_bytes, after, sizeof(after));
	if (s->huge_before_bytes == 0)
		emit_note(e, "thp: no huge pages after first touch (4 KiB pages throughout)");
	else if (s->huge_after_bytes < s->huge_before_bytes)
		emit_note(e, "thp: COW split the huge pages (%s -> %s huge in the writer, %.3f "
			  "faults/page)", before, after, faults);
	else
		emit_note(e, "thp: COW copied whole huge pages (%s huge before and after, %.4f "
			  "faults/page)", before, faults);
}

static void emit_per_page_cb(void *arg, const char *metric, const char *unit, double v)
{
	const char *u = !strcmp(unit, "count/op") ? "count/page" :
			!strcmp(unit, "ns/op")    ? "ns/page" : unit;

	emit_sample(arg, metric, u, v);
}

/* Counters in samples of their own after the timed ones, per page of the region: the tree's
 * faults from the creating call to the reap (the child's start-up and exit add a few). */
static int count_samples(const struct bench_args *a, const struct cow_cfg *cfg,
			 const struct method_sel *sel, const struct create_ctx *ctx,
			 struct child_report *rep, struct emitter *e)
{
	struct counters *ctr = NULL;
	struct cow_sample s;
	uint64_t deadline_ns;
	char why[512];
	int rc = counters_open(a->events ? a->events : COW_EVENTS, &ctr, why, sizeof(why));

	if (rc) {
		emit_error(e, "%s", why);
		return rc;
	}
	emit_note(e, "counters: %s", counters_mode(ctr));
	deadline_ns = clock_now_ns() + (uint64_t)(a->max_time_s * 1e9 / 4);
	for (int i = 0; i < COUNT_SAMPLES; i++) {
		rc = one_sample(cfg, sel, ctx, rep, ctr, &s, e);
		if (rc)
			break;
		counters_emit_per_op(ctr, cfg->len_bytes / cfg->page_bytes, emit_per_page_cb, e);
		if (clock_now_ns() >= deadline_ns)
			break;
	}
	counters_close(ctr);
	return rc;
}

static int parse_region(const char *name)
{
	for (int i = 0; i < REGIONS; i++)
		if (!strcmp(name, region_names[i]))
			return i;
	return -1;
}

/* The worker's one configuration, from the overrides plan() appended. */
static int cfg_from_args(const struct bench_args *a, struct cow_cfg *cfg)
{
	int region = parse_region(a->region ? a->region : "private");

	cfg->page_bytes = (size_t)sysconf(_SC_PAGESIZE);
	if (a->size_count != 1 || region < 0 || !a->writer || !strcmp(a->writer, "both"))
		return -EINVAL;
	cfg->len_bytes = (a->sizes_bytes[0] + cfg->page_bytes - 1) / cfg->page_bytes *
			 cfg->page_bytes;
	cfg->writer = !strcmp(a->writer, "child") ? WRITER_CHILD : WRITER_PARENT;
	cfg->region = (enum cow_region)region;
	cfg->thp = a->shape.thp;
	return 0;
}

/* The worker's state: the driver's set-up, the child's report page and the samples. */
struct cow_run {
	struct driver_worker w;
	struct cow_cfg cfg;
	double pages;
	struct child_report *rep;
	struct cow_sample *s;
	double *scratch;
	size_t cap;
};

static int cow_resolved(void *arg, struct driver_worker *w)
{
	char why[512];
	int rc = method_fits(&w->sel, why, sizeof(why));

	(void)arg;
	if (rc)
		emit_error(w->e, "%s", why);
	w->stamp_arg = false; /* the child is cow_child, never a stamping target */
	return rc;
}

static int cow_setup(void *arg, struct driver_worker *w)
{
	struct cow_run *r = arg;
	struct region probe = { 0 };
	char why[512];
	int rc;

	r->rep = mmap(NULL, sizeof(*r->rep), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (r->rep == MAP_FAILED) {
		rc = -errno;
		emit_error(w->e, "mmap of the child's report page: %s", strerror(-rc));
		return rc;
	}
	/* A kernel that refuses the advice (no THP, no MADV_WIPEONFORK) cannot run this here. */
	rc = region_map(&r->cfg, &probe, why, sizeof(why));
	region_unmap(&probe);
	if (rc)
		emit_skip(w->e, "%s", why);
	return rc;
}

/* Room for sample n, growing both arrays together. 0 or -ENOMEM (emitted). */
static int cow_reserve(struct cow_run *r, size_t n)
{
	size_t ncap = r->cap ? 2 * r->cap : 64;
	struct cow_sample *ns;
	double *nd;

	if (n < r->cap)
		return 0;
	ns = realloc(r->s, ncap * sizeof(*r->s));
	if (ns)
		r->s = ns;
	nd = realloc(r->scratch, ncap * sizeof(*r->scratch));
	if (nd)
		r->scratch = nd;
	if (!ns || !nd) {
		emit_error(r->w.e, "cannot keep %zu samples: out of memory", ncap);
		return -ENOMEM;
	}
	r->cap = ncap;
	return 0;
}

/* One sample: a fresh region forked and written (one_sample times it). */
static int cow_round(void *arg, bool keep, size_t *n, uint64_t *end_ns)
{
	struct cow_run *r = arg;
	struct cow_sample warm;
	int rc;

	(void)end_ns;
	if (!keep)
		return one_sample(&r->cfg, &r->w.sel, &r->w.ctx, r->rep, NULL, &warm, r->w.e);
	rc = cow_reserve(r, *n);
	if (!rc)
		rc = one_sample(&r->cfg, &r->w.sel, &r->w.ctx, r->rep, NULL, &r->s[*n], r->w.e);
	if (!rc)
		(*n)++;
	return rc;
}

static bool cow_run_converged(void *arg, size_t n, double precision_pct)
{
	struct cow_run *r = arg;

	return cow_converged(r->s, n, r->pages, precision_pct, r->scratch);
}

static void cow_emit(void *arg, size_t n)
{
	struct cow_run *r = arg;

	for (size_t i = 0; i < n; i++)
		emit_one(r->w.e, &r->cfg, &r->s[i]);
	if (r->cfg.thp == SHAPE_THP_ALWAYS && n)
		note_thp(r->w.e, &r->cfg, &r->s[n - 1]);
}

static int cow_count(void *arg)
{
	struct cow_run *r = arg;

	return count_samples(r->w.a, &r->cfg, &r->w.sel, &r->w.ctx, r->rep, r->w.e);
}

static void cow_teardown(void *arg, int rc)
{
	struct cow_run *r = arg;

	(void)rc;
	free(r->s);
	free(r->scratch);
	if (r->rep && r->rep != MAP_FAILED)
		munmap(r->rep, sizeof(*r->rep));
}

static int cow_plan_method(struct driver_plan *dp);

static const char *const watched[] = { "cow_fault_ns_per_page", "cow_write_ns_per_page",
				       "first_touch_ns_per_page", NULL };

static const struct bench_loop cow_loop = {
	.name = "cow",
	.watched_metrics = watched,
	.plan_method = cow_plan_method,
	.resolved = cow_resolved,
	.setup = cow_setup,
	.round = cow_round,
	.converged = cow_run_converged,
	.min_samples = MIN_SAMPLES,
	.sample_cap = UINT64_MAX,
	.warmup_max = WARMUP_MAX,
	.emit = cow_emit,
	.count = cow_count,
	.teardown = cow_teardown,
};

static int cow_measure(const struct bench_args *a, struct emitter *e)
{
	struct cow_run r = { 0 };
	int rc = cfg_from_args(a, &r.cfg);

	if (rc) {
		emit_error(e, "cow worker: needs one --size, --writer child|parent and one --region");
		return rc;
	}
	r.pages = (double)(r.cfg.len_bytes / r.cfg.page_bytes);
	return driver_measure(&cow_loop, a, e, &r.w, &r);
}

/* --region and --writer as flags per value; -EINVAL with why for an unknown name. */
static int plan_lists(const struct bench_args *a, bool regions[REGIONS], bool writers[2],
		      char *why, size_t why_len)
{
	char buf[128], *items[REGIONS * 2];
	int n;

	n = parse_split_list(a->region ? a->region : "private", buf, sizeof(buf), items,
			     REGIONS * 2);
	if (n <= 0) {
		snprintf(why, why_len, "--region '%s': expected a list of private, dontfork, "
			 "wipeonfork, shared", a->region);
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		int r = parse_region(items[i]);

		if (r < 0) {
			snprintf(why, why_len, "--region '%s': expected private, dontfork, "
				 "wipeonfork or shared", items[i]);
			return -EINVAL;
		}
		regions[r] = true;
	}
	writers[WRITER_CHILD] = !a->writer || strcmp(a->writer, "parent");
	writers[WRITER_PARENT] = !a->writer || strcmp(a->writer, "child");
	return 0;
}

/* Sizes: explicit ones must fit (the region and the writer's copy of it: twice the size) or it
 * is a usage error; the defaults are bounded by a quarter of MemAvailable and skipped beyond. */
static int plan_sizes(const struct bench_args *a, uint64_t *sizes, int *count, char *why,
		      size_t why_len)
{
	static const uint64_t defaults[] = { 4ull << 20, 64ull << 20, 256ull << 20 };
	long avail = sysinfo_available_memory_bytes();
	char want[32], have[32];

	*count = 0;
	if (!a->size_count) {
		for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
			sizes[(*count)++] = defaults[i];
		return 0;
	}
	for (int i = 0; i < a->size_count; i++) {
		if (avail > 0 && a->sizes_bytes[i] > (uint64_t)avail / 2) {
			parse_format_size(a->sizes_bytes[i], want, sizeof(want));
			parse_format_size((uint64_t)avail, have, sizeof(have));
			snprintf(why, why_len, "--size %s: the region and its copy need twice that, "
				 "more than the %s of memory available; choose a smaller size",
				 want, have);
			return -EINVAL;
		}
		sizes[(*count)++] = a->sizes_bytes[i];
	}
	return 0;
}

/* Why a configuration cannot run here that the method's probe does not see, or NULL. */
static const char *plan_skip_reason(const struct bench_args *a, uint64_t size_bytes,
				    enum cow_writer w, enum cow_region r, char *buf, size_t len)
{
	long avail = sysinfo_available_memory_bytes();
	char thp[32];

	if (r == REGION_DONTFORK && w == WRITER_CHILD)
		return "region=dontfork: the child has no such mapping to write (fork left it out); "
		       "writer=parent shows the effect";
	if (!a->size_count && avail > 0 && size_bytes > (uint64_t)avail / 4) {
		parse_format_size((uint64_t)avail, thp, sizeof(thp));
		snprintf(buf, len, "a default size above a quarter of the %s of memory available",
			 thp);
		return buf;
	}
	if (a->shape.thp != SHAPE_THP_ALWAYS)
		return NULL;
	if (sysinfo_thp_enabled(thp, sizeof(thp)))
		return "--thp always: no /sys/kernel/mm/transparent_hugepage (kernel without THP)";
	if (!strcmp(thp, "never"))
		return "--thp always: THP is 'never' system-wide "
		       "(/sys/kernel/mm/transparent_hugepage/enabled), MADV_HUGEPAGE gets no huge pages";
	return NULL;
}

/* What cow_plan read from the options, for cow_plan_method. */
struct cow_plan_state {
	uint64_t sizes[ARGS_MAX_VALUES];
	int size_count;
	bool regions[REGIONS], writers[2];
};

/* Every size, writer and region of one method; dp->key holds its shared columns. */
static int cow_plan_method(struct driver_plan *dp)
{
	const struct cow_plan_state *ps = dp->arg;
	char buf[256], size_text[32], size_arg[32];
	int rc = method_fits(&dp->sel, dp->why, dp->why_len);

	for (int i = 0; !rc && i < ps->size_count; i++) {
		parse_format_size(ps->sizes[i], size_text, sizeof(size_text));
		snprintf(size_arg, sizeof(size_arg), "%llu", (unsigned long long)ps->sizes[i]);
		for (int w = 0; !rc && w < 2; w++) {
			for (int reg = 0; !rc && reg < REGIONS; reg++) {
				const char *extra[] = { "--size", size_arg, "--writer",
							writer_names[w], "--region",
							region_names[reg], NULL };
				const char *skip = NULL;
				struct config_key key = dp->key;

				if (!ps->writers[w] || !ps->regions[reg])
					continue;
				snprintf(key.variant, sizeof(key.variant), "writer=%s;size=%s;region=%s",
					 writer_names[w], size_text, region_names[reg]);
				/* The kernel's refusal first: it holds whatever else is asked. */
				if (!driver_plan_probe(dp))
					skip = plan_skip_reason(dp->a, ps->sizes[i], (enum cow_writer)w,
								(enum cow_region)reg, buf, sizeof(buf));
				rc = skip ? runner_plan_skip(dp->p, &key, "%s", skip) :
					    driver_plan_add(dp, &key, extra);
			}
		}
	}
	return rc;
}

static const char *const default_methods[] = { "fork", NULL };

static int cow_plan(const struct bench_args *a, struct runner_plan *p, char *why, size_t why_len)
{
	struct cow_plan_state ps = { .regions = { false } };
	int rc;

	rc = plan_lists(a, ps.regions, ps.writers, why, why_len);
	if (!rc)
		rc = plan_sizes(a, ps.sizes, &ps.size_count, why, why_len);
	if (rc)
		return rc;
	return driver_plan(&cow_loop, a, p, default_methods, &ps, why, why_len);
}

/* The region's huge pages follow the common --thp, the same advice as the parent's --rss. */
static const struct bench_option cow_options[] = {
	{ .name = "size", .kind = OPT_SIZE_LIST, .arg_name = "SIZE,...",
	  .default_text = "4M,64M,256M (those above a quarter of the memory available skipped)",
	  .accepted = "sizes like 4096, 64K, 16M, 1G",
	  .help = "sizes of the region written after creation", .off = ARGS_OFF(sizes_bytes),
	  .count_off = ARGS_OFF(size_count) },
	{ .name = "writer", .kind = OPT_CHOICE, .arg_name = "child|parent|both",
	  .default_text = "both", .accepted = "child|parent|both",
	  .help = "which process writes the shared pages", .off = ARGS_OFF(writer) },
	{ .name = "region", .kind = OPT_STRING, .arg_name = "LIST", .default_text = "private",
	  .accepted = "private, dontfork, wipeonfork, shared, comma-separated",
	  .help = "how the region is mapped (madvise DONTFORK/WIPEONFORK, MAP_SHARED)",
	  .off = ARGS_OFF(region) },
	{ NULL },
};

const struct bench bench_cow = {
	.name = "cow",
	.summary = "copy-on-write cost per page after fork: child/parent writer, 4K and THP",
	.plan = cow_plan,
	.measure = cow_measure,
	.options = cow_options,
	.methods_default = default_methods,
};
