/* footprint: what each new child costs in memory (DESIGN §4). Per child, from its own
 * /proc/<pid>/smaps_rollup and status while it is held alive right after creation; system-wide,
 * the /proc/meminfo (and memory cgroup) deltas over N children held alive at once, minus a
 * baseline of the same length with none. Leaves out time (latency) and what later writes cost
 * (cow).
 *
 * How a child is held without touching the method table or the exec targets:
 * - without exec, the child's stamp store (child_body) goes to a read-only page; the SIGSEGV
 *   handler (inherited by every method's child) reports the child on a socket and blocks reading
 *   a pipe. For vfork-like methods the parent thread is suspended meanwhile, so an observer
 *   thread of the worker reads /proc and releases the child.
 * - with exec, a seccomp filter (inherited across fork and exec) turns the target's stamp
 *   pwrite64 into a user notification: the target has started and waits in that syscall until
 *   the worker has read its /proc and lets the call continue. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kcmp.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "clock.h"
#include "methods.h"
#include "parse.h"
#include "stats.h"
#include "sysinfo.h"
#include "worker.h"

#define DEFAULT_CHILDREN 256
#define PER_CHILD_SAMPLES 10  /* per-child figures barely vary: a few children suffice */
#define MIN_ROUNDS 8          /* system-wide rounds: the median's CI needs at least this many */
#define MAX_ROUNDS 200
#define HOLD_TIMEOUT_MS 10000 /* a child that never reaches its hold has failed */
#define EST_CHILD_BYTES (256 << 10)      /* memory bound: kernel objects + a few private pages */
#define EST_EXEC_CHILD_BYTES (1024 << 10) /* an exec target's own pages and mm */

#if defined(__x86_64__)
#define FP_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FP_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* ---- what a held child looks like from /proc ---- */

struct child_fp {
	double rss_bytes, pss_bytes, private_bytes, shared_bytes, pagetable_bytes, threads;
	bool separate_mm;
};

/* Sums "Key: N kB" lines of a /proc file into out[i] for keys[i]. 0 or -errno. */
static int proc_kb(const char *path, const char *const *keys, int nkeys, double *out)
{
	char line[256];
	FILE *fp = fopen(path, "re");

	if (!fp)
		return -errno;
	for (int i = 0; i < nkeys; i++)
		out[i] = 0;
	while (fgets(line, sizeof(line), fp)) {
		for (int i = 0; i < nkeys; i++) {
			size_t len = strlen(keys[i]);

			if (!strncmp(line, keys[i], len) && line[len] == ':')
				out[i] += strtod(line + len + 1, NULL) *
					  (strstr(line, " kB") ? 1024.0 : 1.0);
		}
	}
	fclose(fp);
	return 0;
}

/* Does pid share the worker's mm? kcmp says so for certain; without kcmp (no
 * CONFIG_CHECKPOINT_RESTORE, no ptrace access) the method's flags say it. */
static bool shares_mm(pid_t pid, const struct method_sel *sel)
{
	long r = syscall(SYS_kcmp, getpid(), pid, KCMP_VM, 0, 0);

	if (r >= 0)
		return r == 0;
	return !sel->exec && ((sel->m.clone_flags & CLONE_VM) ||
			      !strcmp(sel->m.ops->family, "vfork") ||
			      !strcmp(sel->m.ops->family, "pthread"));
}

static int child_fp_read(pid_t pid, const struct method_sel *sel, struct child_fp *fp)
{
	static const char *const rollup_keys[] = { "Rss", "Pss", "Private_Clean", "Private_Dirty",
						   "Shared_Clean", "Shared_Dirty" };
	static const char *const status_keys[] = { "VmPTE", "Threads" };
	double r[6] = { 0 }, s[2] = { 0 };
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	rc = proc_kb(path, rollup_keys, 6, r);
	if (!rc) {
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		rc = proc_kb(path, status_keys, 2, s);
	}
	if (rc)
		return rc;
	fp->separate_mm = !shares_mm(pid, sel);
	fp->threads = s[1];
	/* A child that shares the worker's mm owns none of it: /proc/<pid> shows the worker's
	 * memory, so its own figures are zero and its cost is all kernel-side (system-wide). */
	if (!fp->separate_mm) {
		fp->rss_bytes = fp->pss_bytes = fp->private_bytes = fp->shared_bytes = 0;
		fp->pagetable_bytes = 0;
		return 0;
	}
	fp->rss_bytes = r[0];
	fp->pss_bytes = r[1];
	fp->private_bytes = r[2] + r[3];
	fp->shared_bytes = r[4] + r[5];
	fp->pagetable_bytes = s[0];
	return 0;
}

/* ---- holding children that do not exec: a read-only stamp page and a SIGSEGV handler ---- */

static void *hold_page;      /* read-only: the child's stamp store faults here */
static int hold_report_fd = -1; /* children write their tid (with credentials) here */
static int hold_release_fd = -1; /* children block reading one byte from here */
static pid_t hold_worker_pid;

/* Runs in the child (any method, possibly sharing the worker's memory): system calls only. */
static void hold_handler(int sig, siginfo_t *si, void *uctx)
{
	pid_t tid = (pid_t)syscall(SYS_gettid), pid = (pid_t)syscall(SYS_getpid);
	pid_t ppid = (pid_t)syscall(SYS_getppid);
	char byte;

	(void)uctx;
	if ((char *)si->si_addr < (char *)hold_page ||
	    (char *)si->si_addr >= (char *)hold_page + 4096) {
		signal(sig, SIG_DFL); /* a real fault: let it crash as it would have */
		return;
	}
	/* Processes die with the worker; threads die with it anyway. A ppid of 0 is a parent
	 * outside a new PID namespace. */
	if (tid == pid) {
		syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (ppid != 0 && ppid != hold_worker_pid)
			syscall(SYS_exit, 1);
	}
	if (syscall(SYS_write, hold_report_fd, &tid, sizeof(tid)) == sizeof(tid))
		while (syscall(SYS_read, hold_release_fd, &byte, 1) < 0)
			;
	/* SYS_exit ends only this thread: right for a CLONE_THREAD child or pthread (exit_group
	 * would take the worker), and the whole process for a single-threaded child. */
	syscall(SYS_exit, 0);
}

struct hold {
	int report[2];  /* [0] worker reads (SO_PASSCRED), [1] children write */
	int release[2]; /* [0] children read, [1] worker writes */
	void *page;
};

static void hold_close(struct hold *h)
{
	for (int i = 0; i < 2; i++) {
		if (h->report[i] >= 0)
			close(h->report[i]);
		if (h->release[i] >= 0)
			close(h->release[i]);
	}
	if (h->page && h->page != MAP_FAILED)
		munmap(h->page, 4096);
	signal(SIGSEGV, SIG_DFL);
}

static int hold_open(struct hold *h)
{
	struct sigaction sa = { .sa_sigaction = hold_handler, .sa_flags = SA_SIGINFO };
	int one = 1;

	h->report[0] = h->report[1] = h->release[0] = h->release[1] = -1;
	h->page = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h->page == MAP_FAILED)
		return -errno;
	/* A datagram socket: each report is one message, and the kernel attaches the sender's
	 * pid as this process sees it (a child in a new PID namespace reports tid 1). */
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, h->report) < 0 ||
	    setsockopt(h->report[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ||
	    pipe2(h->release, O_CLOEXEC) < 0)
		return -errno;
	hold_page = h->page;
	hold_report_fd = h->report[1];
	hold_release_fd = h->release[0];
	hold_worker_pid = getpid();
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) < 0)
		return -errno;
	return 0;
}

/* Waits for one child's report; its pid as /proc knows it (the tid for threads). */
static int hold_wait_report(struct hold *h, pid_t *pid)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} cm;
	struct pollfd pfd = { h->report[0], POLLIN, 0 };
	pid_t tid = 0;
	struct iovec iov = { &tid, sizeof(tid) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf,
			      .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *c;
	int r;

	do
		r = poll(&pfd, 1, HOLD_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return -ETIMEDOUT;
	if (r < 0 || recvmsg(h->report[0], &msg, 0) < 0)
		return -errno;
	*pid = tid;
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_type == SCM_CREDENTIALS) {
		struct ucred uc;

		memcpy(&uc, CMSG_DATA(c), sizeof(uc));
		/* A thread of the worker reports the worker's pid: keep its tid. */
		if (uc.pid != getpid())
			*pid = uc.pid;
	}
	return tid ? 0 : -ECANCELED;
}

static int hold_release(struct hold *h, size_t n)
{
	char bytes[256];

	memset(bytes, 'x', sizeof(bytes));
	while (n) {
		ssize_t w = write(h->release[1], bytes, n < sizeof(bytes) ? n : sizeof(bytes));

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		n -= (size_t)w;
	}
	return 0;
}

/* The observer thread: reads and releases children while the creating thread may be
 * suspended (vfork). A report of tid 0 (sent by the worker) stops it. */
struct observer {
	struct hold *h;
	const struct method_sel *sel;
	struct child_fp fp;
	int rc;
	pthread_t thread;
	int done[2]; /* the observer signals each finished child here */
};

static void *observer_fn(void *arg)
{
	struct observer *o = arg;
	char byte = 1;
	pid_t pid;

	for (;;) {
		int rc = hold_wait_report(o->h, &pid);

		if (rc == -ECANCELED)
			break;
		o->rc = rc ? rc : child_fp_read(pid, o->sel, &o->fp);
		if (!rc)
			hold_release(o->h, 1);
		if (write(o->done[1], &byte, 1) < 0 || rc)
			break;
	}
	return NULL;
}

/* ---- holding exec targets: a seccomp user notification on the stamp pwrite64 ---- */

static int seccomp_hold_install(int stamp_fd)
{
#ifdef FP_AUDIT_ARCH
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FP_AUDIT_ARCH, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pwrite64, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)stamp_fd, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[3])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };
	long fd;

	/* Only this thread gets the filter (and the children it creates): no other thread of
	 * the worker can ever wait on its own notification. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd < 0 ? -errno : (int)fd;
#else
	(void)stamp_fd;
	return -ENOSYS;
#endif
}

struct notif_buf {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_bytes, resp_bytes;
};

static int notif_alloc(struct notif_buf *nb)
{
	struct seccomp_notif_sizes sz;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		return -errno;
	nb->req_bytes = sz.seccomp_notif > sizeof(*nb->req) ? sz.seccomp_notif : sizeof(*nb->req);
	nb->resp_bytes = sz.seccomp_notif_resp > sizeof(*nb->resp) ? sz.seccomp_notif_resp :
								   sizeof(*nb->resp);
	nb->req = calloc(1, nb->req_bytes);
	nb->resp = calloc(1, nb->resp_bytes);
	return nb->req && nb->resp ? 0 : -ENOMEM;
}

/* Waits for one held target: its pid and the notification id that releases it. */
static int notif_wait(int listener, struct notif_buf *nb, pid_t *pid, uint64_t *id)
{
	struct pollfd pfd = { listener, POLLIN, 0 };
	int r;

	do
		r = poll(&pfd, 1, HOLD_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return -ETIMEDOUT;
	memset(nb->req, 0, nb->req_bytes);
	if (r < 0 || ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb->req) < 0)
		return -errno;
	*pid = (pid_t)nb->req->pid;
	*id = nb->req->id;
	return 0;
}

/* Lets the held pwrite64 run as if nothing had intercepted it. */
static int notif_continue(int listener, struct notif_buf *nb, uint64_t id)
{
	memset(nb->resp, 0, nb->resp_bytes);
	nb->resp->id = id;
	nb->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	/* ENOENT: the target died meanwhile (killed); nothing left to release. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, nb->resp) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

/* ---- system-wide accounting ---- */

/* KTOTAL = PageTables + KernelStack + SUnreclaim: what the kernel cannot give back while the
 * child lives; the headline figure and the one the adaptive stop watches. */
enum { SYS_KTOTAL, SYS_PAGETABLES, SYS_KSTACK, SYS_SUNRECLAIM, SYS_SLAB, SYS_AVAIL, SYS_CGROUP,
       SYS_N };
static const char *const sys_metric[SYS_N] = {
	"kernel_total_bytes", "kernel_pagetables_bytes", "kernel_stack_bytes",
	"kernel_sunreclaim_bytes", "kernel_slab_bytes", "memavailable_drop_bytes",
	"cgroup_memory_bytes",
};

struct sysmem {
	char cgroup_path[600]; /* "" when no memory cgroup is readable */
	bool refresh;          /* /proc/sys/vm/stat_refresh writable (root) */
};

/* The memory cgroup's usage file of this process: v1 memory.usage_in_bytes or v2
 * memory.current, whichever is mounted and readable. */
static void cgroup_find(struct sysmem *sm)
{
	char line[512], path[600], val[64];
	FILE *fp = fopen("/proc/self/cgroup", "re");

	sm->cgroup_path[0] = '\0';
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp) && !sm->cgroup_path[0]) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		static const char *const v2_roots[] = { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" };

		if (!c2)
			continue;
		*c2 = '\0';
		c2[strcspn(c2 + 1, "\n") + 1] = '\0';
		if (!strcmp(c1 + 1, "memory") || strstr(c1 + 1, ",memory")) {
			snprintf(path, sizeof(path), "/sys/fs/cgroup/memory%s/memory.usage_in_bytes",
				 c2 + 1);
			if (sysinfo_read_file(path, val, sizeof(val)) == 0)
				snprintf(sm->cgroup_path, sizeof(sm->cgroup_path), "%s", path);
		} else if (c1[1] == '\0') {
			for (int i = 0; i < 2 && !sm->cgroup_path[0]; i++) {
				snprintf(path, sizeof(path), "%s%s/memory.current", v2_roots[i],
					 c2 + 1);
				if (sysinfo_read_file(path, val, sizeof(val)) == 0)
					snprintf(sm->cgroup_path, sizeof(sm->cgroup_path), "%s",
						 path);
			}
		}
	}
	fclose(fp);
}

static int sysmem_read(const struct sysmem *sm, double v[SYS_N])
{
	static const char *const keys[] = { "PageTables", "KernelStack", "SUnreclaim", "Slab",
					    "MemAvailable" };
	char val[64];
	int rc;

	/* The counters are per-CPU and folded lazily (hundreds of KiB of lag here); writing
	 * stat_refresh folds them now. */
	if (sm->refresh) {
		int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (write(fd, "1", 1) < 0) { /* folding happened or not: read anyway */ }
			close(fd);
		}
	}
	rc = proc_kb("/proc/meminfo", keys, 5, v + SYS_PAGETABLES);
	if (rc)
		return rc;
	v[SYS_KTOTAL] = v[SYS_PAGETABLES] + v[SYS_KSTACK] + v[SYS_SUNRECLAIM];
	v[SYS_AVAIL] = -v[SYS_AVAIL]; /* a drop in MemAvailable is a cost */
	v[SYS_CGROUP] = NAN;
	if (sm->cgroup_path[0] && sysinfo_read_file(sm->cgroup_path, val, sizeof(val)) == 0)
		v[SYS_CGROUP] = strtod(val, NULL);
	return 0;
}

/* Waits for the RCU grace period that frees exited tasks, so one round's frees do not land
 * in the next round's measurement (membarrier GLOBAL is a synchronize_rcu()). */
static void settle(void)
{
	if (syscall(SYS_membarrier, 1 /* MEMBARRIER_CMD_GLOBAL */, 0, 0) < 0)
		nanosleep(&(struct timespec){ 0, 20000000L }, NULL);
}

/* ---- the measurement ---- */

struct fp_run {
	const struct bench_args *a;
	struct emitter *e;
	struct method_sel sel;
	struct create_ctx ctx;
	struct hold h;
	int listener;
	struct notif_buf nb;
	bool vfork_like; /* the creating thread is suspended until the child exits or execs */
	void *stacks;    /* one stack per live CLONE_VM child in the system-wide phase */
	size_t stacks_bytes;
};

/* Kills a child that will never reach its hold. Never a thread: its tid names the worker's
 * whole thread group to kill(), and a pid of 0 (pthread) the whole process group. */
static void kill_child(const struct fp_run *r, const struct child *c)
{
	if (c->pid > 0 && !(r->sel.m.clone_flags & CLONE_THREAD) &&
	    strcmp(r->sel.m.ops->family, "pthread"))
		kill(c->pid, SIGKILL);
}

static void report_create_failure(struct fp_run *r, int rc, size_t done)
{
	char call[256];

	methods_describe_call(&r->sel, call, sizeof(call));
	emit_error(r->e, "%s failed after %zu live children: %s (%s)", call, done, strerror(-rc),
		   strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
}

static void emit_child(struct emitter *e, const struct child_fp *fp)
{
	emit_sample(e, "rss_bytes", "bytes", fp->rss_bytes);
	emit_sample(e, "pss_bytes", "bytes", fp->pss_bytes);
	emit_sample(e, "private_bytes", "bytes", fp->private_bytes);
	emit_sample(e, "shared_bytes", "bytes", fp->shared_bytes);
	emit_sample(e, "pagetable_bytes", "bytes", fp->pagetable_bytes);
	emit_sample(e, "threads", "count", fp->threads);
	emit_sample(e, "separate_mm", "count", fp->separate_mm ? 1 : 0);
}

/* One exec child: created, held at its stamp, read, released, reaped. */
static int per_child_exec(struct fp_run *r, struct child_fp *fp)
{
	struct child c = { .pidfd = -1 };
	uint64_t id = 0;
	pid_t pid = 0;
	int status = 0, rc = r->sel.m.ops->create(&r->sel.m, &r->ctx, &c);

	if (rc) {
		report_create_failure(r, rc, 0);
		return rc;
	}
	rc = notif_wait(r->listener, &r->nb, &pid, &id);
	if (!rc)
		rc = child_fp_read(pid, &r->sel, fp);
	if (id)
		notif_continue(r->listener, &r->nb, id);
	if (rc)
		kill_child(r, &c);
	r->sel.m.ops->reap(&r->sel.m, &c, &status);
	if (rc == -ETIMEDOUT)
		emit_error(r->e, "%s never reached its stamp (wait status 0x%x): not a forkbench "
			   "target, or execve failed", r->ctx.exec_path, status);
	else if (rc)
		emit_error(r->e, "reading /proc of the held child failed: %s", strerror(-rc));
	return rc;
}

static int per_child_phase(struct fp_run *r, size_t n)
{
	struct observer o = { .h = &r->h, .sel = &r->sel, .done = { -1, -1 } };
	struct child_fp fp;
	bool started = false;
	pid_t stop = 0;
	int rc = 0;

	if (r->sel.exec) {
		for (size_t i = 0; i < n && !rc; i++) {
			rc = per_child_exec(r, &fp);
			if (!rc)
				emit_child(r->e, &fp);
		}
		return rc;
	}
	if (pipe2(o.done, O_CLOEXEC) < 0)
		return -errno;
	rc = -pthread_create(&o.thread, NULL, observer_fn, &o);
	started = !rc;
	for (size_t i = 0; i < n && !rc; i++) {
		struct child c = { .pidfd = -1 };
		int status = 0;
		char byte;

		rc = r->sel.m.ops->create(&r->sel.m, &r->ctx, &c);
		if (rc) {
			report_create_failure(r, rc, 0);
			break;
		}
		/* The observer has read and released it by the time it is reaped. */
		rc = r->sel.m.ops->reap(&r->sel.m, &c, &status);
		if (read(o.done[0], &byte, 1) != 1)
			rc = rc ? rc : -EIO;
		if (!rc)
			rc = o.rc;
		if (rc) {
			emit_error(r->e, "holding the child failed: %s (wait status 0x%x)",
				   strerror(-rc), status);
			break;
		}
		emit_child(r->e, &o.fp);
	}
	if (started) {
		if (send(r->h.report[1], &stop, sizeof(stop), 0) < 0) { /* observer may be gone */ }
		pthread_join(o.thread, NULL);
	}
	close(o.done[0]);
	close(o.done[1]);
	return rc;
}

/* Gives each live CLONE_VM child a stack of its own (the method context holds one). */
static int stacks_map(struct fp_run *r, size_t n)
{
	size_t each = r->ctx.stack_bytes;

	if (!(r->sel.m.clone_flags & CLONE_VM) || !each)
		return 0;
	r->stacks_bytes = each * n;
	r->stacks = mmap(NULL, r->stacks_bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_POPULATE, -1, 0);
	if (r->stacks == MAP_FAILED) {
		r->stacks = NULL;
		return -errno;
	}
	return 0;
}

/* One round: n children created and held at once; v gets the per-child deltas. */
static int system_round(struct fp_run *r, const struct sysmem *sm, size_t n, struct child *kids,
			uint64_t *ids, double v[SYS_N], uint64_t *hold_ns)
{
	double before[SYS_N], after[SYS_N], base0[SYS_N], base1[SYS_N];
	size_t made = 0, held = 0;
	uint64_t t0;
	int rc;

	/* Baseline: the same wait with no children, so background drift is not charged. */
	rc = sysmem_read(sm, base0);
	if (rc)
		return rc;
	nanosleep(&(struct timespec){ (time_t)(*hold_ns / 1000000000u),
				      (long)(*hold_ns % 1000000000u) }, NULL);
	settle();
	rc = sysmem_read(sm, base1);
	if (!rc)
		rc = sysmem_read(sm, before);
	if (rc)
		return rc;
	t0 = clock_now_ns();
	for (; made < n; made++) {
		if (r->stacks)
			r->ctx.stack_top = (char *)r->stacks + (made + 1) * r->ctx.stack_bytes;
		kids[made] = (struct child){ .pidfd = -1 };
		rc = r->sel.m.ops->create(&r->sel.m, &r->ctx, &kids[made]);
		if (rc) {
			report_create_failure(r, rc, made);
			break;
		}
	}
	for (; !rc && held < made; held++) {
		pid_t pid;

		rc = r->sel.exec ? notif_wait(r->listener, &r->nb, &pid, &ids[held]) :
				   hold_wait_report(&r->h, &pid);
		if (rc)
			emit_error(r->e, "child %zu of %zu never reached its hold: %s", held + 1,
				   made, strerror(-rc));
	}
	/* What exec threw away (the fork copy's page tables) is freed after a grace period:
	 * wait for it, so the figure is the live child's, not a transient. */
	if (!rc) {
		settle();
		rc = sysmem_read(sm, after);
	}
	*hold_ns = clock_now_ns() - t0;
	/* Release and reap everything created, whatever happened. */
	if (r->sel.exec) {
		for (size_t i = 0; i < held; i++)
			notif_continue(r->listener, &r->nb, ids[i]);
	} else {
		/* One byte per created child: a thread that is late to its hold still finds its
		 * byte and exits, so the join below cannot hang. */
		hold_release(&r->h, made);
	}
	if (held < made)
		for (size_t i = 0; i < made; i++)
			kill_child(r, &kids[i]);
	for (size_t i = 0; i < made; i++) {
		int status;

		r->sel.m.ops->reap(&r->sel.m, &kids[i], &status);
	}
	settle();
	if (rc)
		return rc;
	for (int k = 0; k < SYS_N; k++)
		v[k] = ((after[k] - before[k]) - (base1[k] - base0[k])) / (double)n;
	return 0;
}

static bool converged(double *const vals[SYS_N], size_t n, double precision_pct)
{
	struct stats_summary st;

	/* The kernel total decides; its parts, Slab, MemAvailable and the cgroup move with
	 * everything else on the machine (reclaimable caches, other processes). */
	return stats_summarize(vals[SYS_KTOTAL], n, &st) == 0 &&
	       stats_converged(&st, precision_pct);
}

static int system_phase(struct fp_run *r, size_t n)
{
	struct sysmem sm = { .refresh = access("/proc/sys/vm/stat_refresh", W_OK) == 0 };
	struct child *kids = calloc(n, sizeof(*kids));
	uint64_t *ids = calloc(n, sizeof(*ids));
	double *vals[SYS_N] = { 0 };
	size_t rounds = 0, target = r->a->samples ? r->a->samples : MAX_ROUNDS;
	uint64_t hold_ns = 20000000, deadline_ns;
	bool conv = false;
	int rc = -ENOMEM;

	for (int k = 0; k < SYS_N; k++)
		if (!(vals[k] = calloc(target, sizeof(double))))
			goto out;
	if (!kids || !ids)
		goto out;
	rc = stacks_map(r, n);
	if (rc) {
		emit_error(r->e, "cannot map %zu clone stacks: %s", n, strerror(-rc));
		goto out;
	}
	cgroup_find(&sm);
	emit_note(r->e, "system-wide: %zu live children per round%s%s%s", n,
		  sm.refresh ? "" : "; vm/stat_refresh not writable (counters lag)",
		  sm.cgroup_path[0] ? "; memory cgroup " : "; no memory cgroup readable",
		  sm.cgroup_path);
	deadline_ns = clock_now_ns() + (uint64_t)(r->a->max_time_s * 1e9);
	while (rounds < target) {
		double v[SYS_N];

		rc = system_round(r, &sm, n, kids, ids, v, &hold_ns);
		if (rc)
			goto out;
		for (int k = 0; k < SYS_N; k++)
			vals[k][rounds] = v[k];
		rounds++;
		if (r->a->samples || rounds < MIN_ROUNDS)
			continue;
		if (converged(vals, rounds, r->a->precision_pct) || clock_now_ns() >= deadline_ns)
			break;
	}
	conv = rounds >= MIN_ROUNDS && converged(vals, rounds, r->a->precision_pct);
	for (size_t i = 0; i < rounds; i++)
		if (isnan(vals[SYS_CGROUP][i]))
			sm.cgroup_path[0] = '\0'; /* unreadable in some round: not reported */
	for (size_t i = 0; i < rounds; i++)
		for (int k = 0; k < SYS_N; k++)
			if (k != SYS_CGROUP || sm.cgroup_path[0])
				emit_sample(r->e, sys_metric[k], "bytes", vals[k][i]);
	emit_converged(r->e, conv);
	rc = 0;
out:
	if (rc == -ENOMEM)
		emit_error(r->e, "cannot allocate the bookkeeping for %zu children", n);
	if (r->stacks)
		munmap(r->stacks, r->stacks_bytes);
	r->stacks = NULL;
	for (int k = 0; k < SYS_N; k++)
		free(vals[k]);
	free(kids);
	free(ids);
	return rc;
}

static int footprint_measure(const struct bench_args *a, struct emitter *e)
{
	struct fp_run r = { .a = a, .e = e, .listener = -1,
			    .h = { .report = { -1, -1 }, .release = { -1, -1 } } };
	struct shape_state *shape = NULL;
	struct stamp_page *own_stamp = NULL;
	char why[512], exec_path[4096];
	bool ours = true;
	int rc;

	rc = methods_resolve(a->methods[a->method_count - 1], &r.sel, why, sizeof(why));
	if (!rc && r.sel.exec)
		rc = args_exec_path(a, exec_path, sizeof(exec_path), &ours, why, sizeof(why));
	if (rc) {
		emit_error(e, "%s", why);
		return rc;
	}
	if (r.sel.exec && !ours) {
		emit_skip(e, "--exec %s: a target is held at its clock stamp, which only forkbench's "
			  "own targets (static, dynamic) write", a->exec);
		return -EINVAL;
	}
	r.vfork_like = !r.sel.exec && ((r.sel.m.clone_flags & CLONE_VFORK) ||
				       !strcmp(r.sel.m.ops->family, "vfork"));
	rc = create_ctx_open(&r.ctx, r.sel.exec ? exec_path : NULL, true);
	if (rc) {
		emit_error(e, "cannot prepare the creation context: %s", strerror(-rc));
		return rc;
	}
	rc = methods_prepare(&r.sel, &r.ctx, why, sizeof(why));
	if (rc) {
		emit_skip(e, "%s", why);
		goto out;
	}
	rc = worker_prepare(a, e, &shape);
	if (rc)
		goto out;
	if (r.sel.exec) {
		rc = notif_alloc(&r.nb);
		if (!rc) {
			rc = seccomp_hold_install(r.ctx.stamp_fd);
			r.listener = rc;
		}
		if (rc < 0) {
			emit_skip(e, "cannot hold exec targets: seccomp user notification: %s",
				  strerror(-rc));
			goto out;
		}
	} else {
		rc = hold_open(&r.h);
		if (rc) {
			emit_error(e, "cannot set up the child hold: %s", strerror(-rc));
			goto out;
		}
		/* The child's stamp store faults on the read-only page: that is its hold. */
		own_stamp = r.ctx.stamp;
		r.ctx.stamp = r.h.page;
	}
	rc = per_child_phase(&r, a->samples ? a->samples : PER_CHILD_SAMPLES);
	if (rc)
		goto out;
	if (r.vfork_like) {
		/* Only one vfork child can be alive per creating thread. */
		emit_note(e, "system-wide: not measured (the parent is suspended until its one "
			  "vfork child exits, so children cannot be held alive together)");
		emit_converged(e, true);
	} else {
		rc = system_phase(&r, a->children ? a->children : DEFAULT_CHILDREN);
	}
out:
	if (own_stamp)
		r.ctx.stamp = own_stamp; /* the hold page is unmapped by hold_close */
	if (r.listener >= 0)
		close(r.listener);
	free(r.nb.req);
	free(r.nb.resp);
	hold_close(&r.h);
	worker_finish(shape);
	create_ctx_close(&r.ctx);
	return rc;
}

/* ---- planning: how many live children this machine can afford ---- */

static long read_long(const char *path)
{
	char v[64];

	if (sysinfo_read_file(path, v, sizeof(v)))
		return -1;
	return strcmp(v, "max") ? strtol(v, NULL, 10) : -1;
}

/* The pids cgroup (v1 pids controller or v2) of this process: room left, -1 if unlimited. */
static long pids_cgroup_room(char *where, size_t len)
{
	char line[512], path[600];
	FILE *fp = fopen("/proc/self/cgroup", "re");
	long room = -1;

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		long max, cur;

		if (!c2)
			continue;
		*c2 = '\0';
		c2[strcspn(c2 + 1, "\n") + 1] = '\0';
		if (!strcmp(c1 + 1, "pids"))
			snprintf(path, sizeof(path), "/sys/fs/cgroup/pids%s", c2 + 1);
		else if (c1[1] == '\0')
			snprintf(path, sizeof(path), "/sys/fs/cgroup/unified%s", c2 + 1);
		else
			continue;
		{
			char file[700];

			snprintf(file, sizeof(file), "%s/pids.max", path);
			max = read_long(file);
			snprintf(file, sizeof(file), "%s/pids.current", path);
			cur = read_long(file);
		}
		if (max >= 0 && cur >= 0 && (room < 0 || max - cur < room)) {
			room = max - cur;
			snprintf(where, len, "pids.max of cgroup %s is %ld with %ld in use", c2 + 1,
				 max, cur);
		}
	}
	fclose(fp);
	return room;
}

/* Largest number of live children that leaves this machine half its pids, threads and
 * available memory; limit names what bounds it. */
static uint64_t children_bound(const struct bench_args *a, const struct method_sel *sel,
			       char *limit, size_t len)
{
	struct rlimit rl;
	uint64_t bound = UINT64_MAX, est;
	char where[600], loadavg[128];
	long v, running, total;

#define LOWER(n, ...)                                        \
	do {                                                 \
		uint64_t n_ = (n);                           \
		if (n_ < bound) {                            \
			bound = n_;                          \
			snprintf(limit, len, __VA_ARGS__);   \
		}                                            \
	} while (0)

	if (sysinfo_read_file("/proc/loadavg", loadavg, sizeof(loadavg)) == 0 &&
	    sscanf(loadavg, "%*s %*s %*s %ld/%ld", &running, &total) == 2) {
		if ((v = read_long("/proc/sys/kernel/threads-max")) > total)
			LOWER((uint64_t)(v - total) / 2,
			      "half the room under kernel.threads-max (%ld, %ld threads exist)", v,
			      total);
		if ((v = read_long("/proc/sys/kernel/pid_max")) > total)
			LOWER((uint64_t)(v - total) / 2,
			      "half the room under kernel.pid_max (%ld, %ld tasks exist)", v, total);
	}
	if ((v = pids_cgroup_room(where, sizeof(where))) >= 0)
		LOWER(v > 0 ? (uint64_t)v / 2 : 0, "half the room under %s", where);
	/* RLIMIT_NPROC counts every process of the user and does not bind root. */
	if (!sysinfo_is_root() && getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		LOWER(rl.rlim_cur / 2, "half of RLIMIT_NPROC (%llu, counted over all the user's "
		      "processes)", (unsigned long long)rl.rlim_cur);
	/* Memory: a fork child copies the parent's page tables (8 bytes per 4 KiB page). */
	est = (sel->exec ? EST_EXEC_CHILD_BYTES : EST_CHILD_BYTES) +
	      (sel->exec ? 0 : a->shape.rss_bytes / 256);
	if ((v = sysinfo_available_memory_bytes()) > 0)
		LOWER((uint64_t)v / 4 / est,
		      "a quarter of MemAvailable (%ld MiB) at about %llu KiB per child", v >> 20,
		      (unsigned long long)(est >> 10));
#undef LOWER
	return bound;
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
	char path[4096], reason[512], limit[700], nbuf[24];
	const char *override[] = { "--worker-method", name, "--children", nbuf, NULL };
	uint64_t bound, n;
	bool ours;
	int rc;

	if (ps->rc)
		return;
	rc = methods_resolve(name, &sel, ps->why, ps->why_len);
	if (rc) {
		ps->rc = rc;
		return;
	}
	bench_key_from_args(a, "footprint", &key);
	snprintf(key.method, sizeof(key.method), "%s", sel.name);
	snprintf(key.flags, sizeof(key.flags), "%s", sel.flags_text);
	if (sel.exec) {
		rc = args_exec_path(a, path, sizeof(path), &ours, ps->why, ps->why_len);
		if (rc) {
			ps->rc = rc;
			return;
		}
		snprintf(key.exec, sizeof(key.exec), "%s", a->exec ? a->exec : "static");
	}
	bound = children_bound(a, &sel, limit, sizeof(limit));
	n = a->children ? a->children : (bound < DEFAULT_CHILDREN ? bound : DEFAULT_CHILDREN);
	if (a->children && a->children > bound) {
		snprintf(ps->why, ps->why_len,
			 "--children %llu: more than the %llu live children this machine allows (%s)",
			 (unsigned long long)a->children, (unsigned long long)bound, limit);
		ps->rc = -EINVAL;
		return;
	}
	snprintf(nbuf, sizeof(nbuf), "%llu", (unsigned long long)n);
	snprintf(key.variant, sizeof(key.variant), "children=%llu", (unsigned long long)n);
	if (n < 2) {
		ps->rc = runner_plan_skip(ps->p, &key, "too little room for live children: %s",
					  limit);
		return;
	}
	if (sel.exec && !ours) {
		ps->rc = runner_plan_skip(ps->p, &key, "--exec %s: footprint holds a target at its "
					  "clock stamp, which only static and dynamic write",
					  a->exec);
		return;
	}
	rc = methods_probe(&sel, reason, sizeof(reason));
	if (rc && sel.user_flags && rc == -EINVAL) {
		snprintf(ps->why, ps->why_len, "-m %s: the kernel refuses it: %s", name, reason);
		ps->rc = -EINVAL;
		return;
	}
	if (rc)
		ps->rc = runner_plan_skip(ps->p, &key, "%s", reason);
	else
		ps->rc = runner_plan_add(ps->p, &key, override);
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
	struct plan_state ps = { a, p, why, why_len, 0 };

	if (a->method_count == 0)
		for (const char *const *m = default_methods; *m; m++)
			plan_method(*m, &ps);
	for (int i = 0; i < a->method_count; i++)
		plan_method(a->methods[i], &ps);
	return ps.rc;
}

const struct bench bench_footprint = {
	.name = "footprint",
	.summary = "memory per child: rss/pss/private/page tables, kernel cost of live children",
	.plan = footprint_plan,
	.measure = footprint_measure,
};
