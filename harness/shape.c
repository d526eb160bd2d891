/* Parent shaping: gives the calling process resident memory, parked threads, open descriptors
 * and separate mappings before a timed loop, and reads back from /proc what it really has.
 * It shapes and observes only: nothing here is timed, and it never runs inside a timed region.
 * Limits are checked up front (MemAvailable, RLIMIT_NOFILE, fs.nr_open, vm.max_map_count) so a
 * configuration fails with a reason instead of half-applying or summoning the OOM killer. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shape.h"
#include "shape_region.h"

#define SHAPE_HUGE_BYTES (2ull << 20)
/* Small stacks so a thousand parked threads cost 64 MiB of address space, not 8 GiB. */
#define SHAPE_STACK_BYTES (64ull << 10)
/* Descriptors and mappings left free for the harness itself (counters, CSV files, libc). */
#define SHAPE_FD_SPARE 64
#define SHAPE_MAP_SPARE 64
/* Tasks of the user left for the worker, its children and whatever else the user runs. */
#define SHAPE_TASK_SPARE 256

struct shape_state {
	size_t page_bytes;
	char *rss_addr;
	size_t rss_bytes;
	char *vma_addr;
	size_t vma_bytes;
	int *fds;
	uint64_t nfds;
	struct rlimit saved_nofile, saved_nproc;
	bool nofile_changed, nproc_changed;
	pthread_t *threads;
	uint64_t nthreads;
	char *stacks_addr;
	size_t stacks_bytes;
	bool sync_ready;
	pthread_mutex_t lock;
	pthread_cond_t parked_cond;  /* a thread has parked (shape_apply waits for all of them) */
	pthread_cond_t release_cond; /* shape_release: everyone go home */
	uint64_t parked;
	bool released;
	char note[512]; /* what shaping changed beyond the spec (a raised limit), for notes.csv */
};

#define reason(why, why_len, ...)                                \
	do {                                                     \
		if ((why) && (why_len))                          \
			snprintf((why), (why_len), __VA_ARGS__); \
	} while (0)

/* "64M", "1.5G": how a user would have typed it (DESIGN §2 sizes are powers of 1024). */
static void fmt_size(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	uint64_t unit_bytes = 1;
	int u = -1;

	while (u + 1 < (int)sizeof(units) - 1 && bytes >= (unit_bytes << 10)) {
		unit_bytes <<= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, bytes);
	else if (bytes % unit_bytes == 0)
		snprintf(buf, len, "%" PRIu64 "%c", bytes / unit_bytes, units[u]);
	else
		snprintf(buf, len, "%.1f%c", (double)bytes / (double)unit_bytes, units[u]);
}

/* Reads a whole (small) /proc or /sys file into buf, NUL-terminated. */
static int read_text(const char *path, char *buf, size_t len)
{
	size_t used = 0;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (used + 1 < len) {
		ssize_t n = read(fd, buf + used, len - 1 - used);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
out:
	buf[used] = '\0';
	close(fd);
	return ret;
}

static int read_u64_file(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int ret;

	ret = read_text(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	return (errno || end == buf) ? -EINVAL : 0;
}

/* Value of a "Key:   123 kB" line; the key must start a line so "Threads:" never matches a
 * longer name that ends the same way. */
static int field_u64(const char *text, const char *key, uint64_t *val)
{
	size_t key_len = strlen(key);
	const char *p = text;

	/* text is NUL-terminated by read_text; the analyzer does not see read() fill it. */
	while (p && *p) { /* NOLINT(clang-analyzer-core.uninitialized.Branch) */
		if (!strncmp(p, key, key_len)) {
			char *end;

			errno = 0;
			*val = strtoull(p + key_len, &end, 10);
			return (errno || end == p + key_len) ? -EINVAL : 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

static int count_lines(const char *path, uint64_t *lines)
{
	char buf[65536];
	int fd, ret = 0;

	*lines = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			*lines += buf[i] == '\n';
	}
	close(fd);
	return ret;
}

/* Open descriptors, not counting the one this listing itself holds. */
static int count_fds(uint64_t *fds)
{
	struct dirent *de;
	DIR *dir;
	int self;

	*fds = 0;
	dir = opendir("/proc/self/fd");
	if (!dir)
		return -errno;
	self = dirfd(dir);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == self)
			continue;
		(*fds)++;
	}
	closedir(dir);
	return 0;
}

int shape_observe(struct shape_observed *out)
{
	char buf[8192];
	uint64_t kb;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = read_text("/proc/self/status", buf, sizeof(buf));
	if (ret)
		return ret;
	ret = field_u64(buf, "VmRSS:", &kb);
	if (ret)
		return ret;
	out->rss_bytes = kb << 10;
	ret = field_u64(buf, "Threads:", &out->threads);
	if (ret)
		return ret;
	ret = count_fds(&out->fds);
	if (ret)
		return ret;
	ret = count_lines("/proc/self/maps", &out->vmas);
	if (ret)
		return ret;
	/* smaps_rollup is 4.14+; without it huge pages simply read as 0. */
	if (!read_text("/proc/self/smaps_rollup", buf, sizeof(buf)) &&
	    !field_u64(buf, "AnonHugePages:", &kb))
		out->anon_huge_bytes = kb << 10;
	return 0;
}

/* Refuses what cannot fit before anything is touched: memory the machine does not have would
 * bring the OOM killer, and mappings past vm.max_map_count fail halfway with a bare ENOMEM. */
static int check_limits(const struct shape_spec *spec, char *why, size_t why_len)
{
	uint64_t avail_kb, maps_now, max_maps, maps_need;
	char text[8192], want[32], have[32];
	int ret;

	/* Untouched memory is only address space, so only touched memory must fit in RAM. */
	if (spec->touch && spec->rss_bytes &&
	    !read_text("/proc/meminfo", text, sizeof(text)) &&
	    !field_u64(text, "MemAvailable:", &avail_kb) && spec->rss_bytes > avail_kb << 10) {
		fmt_size(want, sizeof(want), spec->rss_bytes);
		fmt_size(have, sizeof(have), avail_kb << 10);
		reason(why, why_len, "--rss %s: only %s available (MemAvailable)", want, have);
		return -ENOMEM;
	}

	if (!spec->vmas && !spec->threads)
		return 0;
	ret = count_lines("/proc/self/maps", &maps_now);
	if (ret) {
		reason(why, why_len, "cannot read /proc/self/maps: %s", strerror(-ret));
		return ret;
	}
	if (read_u64_file("/proc/sys/vm/max_map_count", &max_maps))
		return 0;
	/* vmas + 2 guard pages, 2 per thread (stack + guard), the rss region, and room to spare. */
	maps_need = maps_now + spec->vmas + 2 + 2 * spec->threads + 1 + SHAPE_MAP_SPARE;
	if (maps_need > max_maps) {
		char what[64];

		if (spec->vmas && spec->threads)
			snprintf(what, sizeof(what), "--vmas %" PRIu64 " --threads %" PRIu64,
				 spec->vmas, spec->threads);
		else if (spec->vmas)
			snprintf(what, sizeof(what), "--vmas %" PRIu64, spec->vmas);
		else
			snprintf(what, sizeof(what), "--threads %" PRIu64, spec->threads);
		reason(why, why_len,
		       "%s: needs %" PRIu64 " mappings, vm.max_map_count is %" PRIu64
		       " (raise it as root: sysctl vm.max_map_count=%" PRIu64 ")",
		       what, maps_need, max_maps, maps_need);
		return -ENOMEM;
	}
	return 0;
}

static int shape_rss(struct shape_state *st, const struct shape_spec *spec, char *why,
		     size_t why_len)
{
	size_t len, map_len;
	char *map, *addr;
	char size[32];

	if (!spec->rss_bytes)
		return 0;
	fmt_size(size, sizeof(size), spec->rss_bytes);
	if (spec->rss_bytes > SIZE_MAX - SHAPE_HUGE_BYTES - st->page_bytes) {
		reason(why, why_len, "--rss %s: larger than the address space", size);
		return -ENOMEM;
	}
	len = (spec->rss_bytes + st->page_bytes - 1) / st->page_bytes * st->page_bytes;
	if (spec->rss_kind != SHAPE_RSS_ANON)
		return shape_region_map(spec, len, size, &st->rss_addr, &st->rss_bytes, why,
					why_len);
	/* THP needs 2 MiB-aligned 2 MiB ranges: over-allocate by 2 MiB and trim both ends. */
	map_len = spec->thp == SHAPE_THP_ALWAYS ? len + SHAPE_HUGE_BYTES : len;
	map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		int err = errno;

		reason(why, why_len, "--rss %s: mmap: %s", size, strerror(err));
		return -err;
	}
	addr = map;
	if (spec->thp == SHAPE_THP_ALWAYS) {
		size_t head, tail;

		addr = (char *)(((uintptr_t)map + SHAPE_HUGE_BYTES - 1) & ~(SHAPE_HUGE_BYTES - 1));
		head = (size_t)(addr - map);
		tail = map_len - head - len;
		if (head)
			munmap(map, head);
		if (tail)
			munmap(addr + len, tail);
	}
	st->rss_addr = addr;
	st->rss_bytes = len;

	if (spec->thp != SHAPE_THP_DEFAULT) {
		int advice = spec->thp == SHAPE_THP_ALWAYS ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;

		/* Before touching: the first fault decides the page size. */
		if (madvise(addr, len, advice)) {
			int err = errno;

			reason(why, why_len, "--thp %s: madvise: %s (kernel without THP?)",
			       spec->thp == SHAPE_THP_ALWAYS ? "always" : "never", strerror(err));
			return -err;
		}
	}
	/* One write per page makes it resident and private; volatile so none is elided. */
	if (spec->touch)
		for (size_t off = 0; off < len; off += st->page_bytes)
			((volatile char *)addr)[off] = 1;
	return 0;
}

/* One-page mappings between two guard pages. Neighbours alternate PROT_READ|PROT_WRITE and
 * PROT_READ, so the kernel cannot merge them; the guards keep the first and last from merging
 * with whatever mapping happens to lie next to the block. */
static int shape_vmas(struct shape_state *st, const struct shape_spec *spec, char *why,
		      size_t why_len)
{
	size_t page = st->page_bytes;

	if (!spec->vmas)
		return 0;
	st->vma_bytes = (spec->vmas + 2) * page;
	st->vma_addr = mmap(NULL, st->vma_bytes, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (st->vma_addr == MAP_FAILED) {
		int err = errno;

		st->vma_addr = NULL;
		reason(why, why_len, "--vmas %" PRIu64 ": mmap: %s", spec->vmas, strerror(err));
		return -err;
	}
	for (uint64_t i = 0; i < spec->vmas; i++) {
		char *addr = st->vma_addr + (i + 1) * page;
		int prot = i % 2 ? PROT_READ : PROT_READ | PROT_WRITE;

		if (mmap(addr, page, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED) {
			int err = errno;

			reason(why, why_len, "--vmas %" PRIu64 ": mapping %" PRIu64 ": %s",
			       spec->vmas, i, strerror(err));
			return -err;
		}
		/* A touched mapping carries an anon_vma that fork must clone, as a real
		 * application's populated mappings do; "touch" means the same here as for --rss. */
		if (spec->touch && (prot & PROT_WRITE))
			*(volatile char *)addr = 1;
	}
	return 0;
}

/* The capability itself, not uid 0: a container's root may lack it (this kind of VM's root
 * does), and a non-root process may hold it. capget, not libcap: one syscall. */
bool shape_may_raise_limits(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_TO_INDEX(CAP_SYS_RESOURCE)].effective & CAP_TO_MASK(CAP_SYS_RESOURCE);
}

static void add_note(struct shape_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct shape_state *st, const char *fmt, ...)
{
	size_t used = strlen(st->note);
	va_list ap;

	if (used && used + 2 < sizeof(st->note)) {
		memcpy(st->note + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(st->note + used, sizeof(st->note) - used, fmt, ap);
	va_end(ap);
}

static const char *limit_text(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%" PRIu64, (uint64_t)v);
	return buf;
}

/* Raises resource limit res to at least need for this process (and its children): the soft
 * limit up to the hard one needs no privilege; past the hard limit only CAP_SYS_RESOURCE may go
 * (issue 19), and then the worker says so in its note. Returns 0 (raised or high enough),
 * -EPERM without the capability, or -errno from setrlimit. */
static int raise_limit(struct shape_state *st, int res, const char *name, uint64_t need,
		       struct rlimit *saved, bool *changed)
{
	struct rlimit lim, want;
	char cur[32], max[32];

	if (getrlimit(res, &lim))
		return -errno;
	if (lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur >= need)
		return 0;
	want = lim;
	want.rlim_cur = lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= need ? need : lim.rlim_max;
	if (want.rlim_cur < need) {
		if (!shape_may_raise_limits())
			return -EPERM;
		want.rlim_cur = want.rlim_max = need;
	}
	if (setrlimit(res, &want))
		return -errno;
	if (!*changed)
		*saved = lim;
	*changed = true;
	limit_text(lim.rlim_cur, cur, sizeof(cur));
	limit_text(lim.rlim_max, max, sizeof(max));
	if (want.rlim_max != lim.rlim_max)
		add_note(st, "%s raised from %s (hard %s) to %" PRIu64 " with CAP_SYS_RESOURCE",
			 name, cur, max, (uint64_t)want.rlim_cur);
	else
		add_note(st, "%s soft limit raised from %s to %" PRIu64 " (hard %s)", name, cur,
			 (uint64_t)want.rlim_cur, max);
	return 0;
}

/* The table is duplicated by fork; O_CLOEXEC means an exec'd target then closes them, which
 * is what a careful application does (and without it every exec target would inherit a
 * thousand /dev/null descriptors and pay to close them at exit, skewing exec figures). */
static int shape_fds(struct shape_state *st, uint64_t n, char *why, size_t why_len)
{
	uint64_t open_now, need, nr_open;
	struct rlimit lim;
	int ret;

	if (!n)
		return 0;
	ret = count_fds(&open_now);
	if (ret) {
		reason(why, why_len, "cannot list /proc/self/fd: %s", strerror(-ret));
		return ret;
	}
	need = open_now + n + SHAPE_FD_SPARE;
	if (!read_u64_file("/proc/sys/fs/nr_open", &nr_open) && need > nr_open) {
		reason(why, why_len,
		       "--fds %" PRIu64 ": needs %" PRIu64 " descriptors, fs.nr_open (the kernel's "
		       "maximum) is %" PRIu64 " (raise it as root: sysctl fs.nr_open=%" PRIu64 ")",
		       n, need, nr_open, need);
		return -EMFILE;
	}
	if (getrlimit(RLIMIT_NOFILE, &lim))
		return -errno;
	/* Up to fs.nr_open (checked above) where CAP_SYS_RESOURCE allows; root usually has it,
	 * but a container or VM may have taken it away. */
	ret = raise_limit(st, RLIMIT_NOFILE, "RLIMIT_NOFILE", need, &st->saved_nofile,
			  &st->nofile_changed);
	if (ret) {
		reason(why, why_len,
		       "--fds %" PRIu64 ": needs %" PRIu64 " descriptors, RLIMIT_NOFILE "
		       "hard limit is %" PRIu64 " (raise it: ulimit -n %" PRIu64
		       " as root, which needs CAP_SYS_RESOURCE)",
		       n, need, (uint64_t)lim.rlim_max, need);
		return -EMFILE;
	}

	st->fds = calloc(n, sizeof(*st->fds));
	if (!st->fds)
		return -ENOMEM;
	st->fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (st->fds[0] < 0) {
		ret = -errno;
		reason(why, why_len, "--fds: /dev/null: %s", strerror(-ret));
		return ret;
	}
	st->nfds = 1;
	while (st->nfds < n) {
		int fd = fcntl(st->fds[0], F_DUPFD_CLOEXEC, 0);

		if (fd < 0) {
			ret = -errno;
			reason(why, why_len, "--fds %" PRIu64 ": dup #%" PRIu64 ": %s", n, st->nfds,
			       strerror(-ret));
			return ret;
		}
		st->fds[st->nfds++] = fd;
	}
	return 0;
}

static void *parked_thread(void *arg)
{
	struct shape_state *st = arg;

	/* Blocks in futex_wait until shape_release: present in the task list, costing nothing. */
	pthread_mutex_lock(&st->lock);
	st->parked++;
	pthread_cond_signal(&st->parked_cond);
	while (!st->released)
		pthread_cond_wait(&st->release_cond, &st->lock);
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

static int shape_threads(struct shape_state *st, uint64_t n, char *why, size_t why_len)
{
	size_t page = st->page_bytes, slot = SHAPE_STACK_BYTES + page;
	sigset_t all, old;
	pthread_attr_t attr;
	int ret = 0;

	if (!n)
		return 0;
	if (n > SIZE_MAX / slot / 2) {
		reason(why, why_len, "--threads %" PRIu64 ": too many", n);
		return -EINVAL;
	}
	/* RLIMIT_NPROC counts every task of the user: the threads, the worker's own and room for
	 * the children it creates. Root's uid is exempt from it in the kernel, anyone else is
	 * raised as far as allowed; what is left is pthread_create's EAGAIN below. */
	if (getuid()) {
		struct rlimit lim;

		if (!getrlimit(RLIMIT_NPROC, &lim) &&
		    raise_limit(st, RLIMIT_NPROC, "RLIMIT_NPROC", n + SHAPE_TASK_SPARE,
				&st->saved_nproc, &st->nproc_changed) == -EPERM) {
			reason(why, why_len,
			       "--threads %" PRIu64 ": needs %" PRIu64 " tasks, RLIMIT_NPROC hard "
			       "limit is %" PRIu64 " (raise it: ulimit -u %" PRIu64 " as root, "
			       "which needs CAP_SYS_RESOURCE)",
			       n, n + SHAPE_TASK_SPARE, (uint64_t)lim.rlim_max, n + SHAPE_TASK_SPARE);
			return -EAGAIN;
		}
	}
	st->threads = calloc(n, sizeof(*st->threads));
	if (!st->threads)
		return -ENOMEM;
	/* Our own stacks, one block with a guard page under each (as glibc would make), so
	 * shape_release can unmap them: glibc keeps joined threads' stacks cached, and the
	 * mappings would outlive the shaping. */
	st->stacks_bytes = n * slot;
	st->stacks_addr = mmap(NULL, st->stacks_bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (st->stacks_addr == MAP_FAILED) {
		ret = -errno;
		st->stacks_addr = NULL;
		reason(why, why_len, "--threads %" PRIu64 ": stacks: %s", n, strerror(-ret));
		return ret;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (mprotect(st->stacks_addr + i * slot, page, PROT_NONE)) {
			ret = -errno;
			reason(why, why_len, "--threads %" PRIu64 ": guard page: %s", n,
			       strerror(-ret));
			return ret;
		}
	}

	ret = pthread_attr_init(&attr);
	if (ret)
		return -ret;
	/* Signals for the harness (SIGINT cleanup) must reach the main thread, not a parked one. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (uint64_t i = 0; i < n; i++) {
		pthread_attr_setstack(&attr, st->stacks_addr + i * slot + page, SHAPE_STACK_BYTES);
		ret = pthread_create(&st->threads[i], &attr, parked_thread, st);
		if (ret) {
			reason(why, why_len,
			       "--threads %" PRIu64 ": thread %" PRIu64 ": %s (limits: RLIMIT_NPROC, "
			       "kernel.threads-max, pids.max)",
			       n, i, strerror(ret));
			ret = -ret;
			break;
		}
		st->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (ret)
		return ret;

	/* Return only once all are parked, so none is still starting up in the timed loop. */
	pthread_mutex_lock(&st->lock);
	while (st->parked < st->nthreads)
		pthread_cond_wait(&st->parked_cond, &st->lock);
	pthread_mutex_unlock(&st->lock);
	return 0;
}

int shape_apply(const struct shape_spec *spec, struct shape_state **out, char *why, size_t why_len)
{
	struct shape_state *st;
	int ret;

	*out = NULL;
	if (why && why_len)
		why[0] = '\0';
	if (spec->thp < SHAPE_THP_DEFAULT || spec->thp > SHAPE_THP_ALWAYS) {
		reason(why, why_len, "thp: %d is not 0 (default), 1 (never) or 2 (always)", spec->thp);
		return -EINVAL;
	}
	if (spec->rss_kind < SHAPE_RSS_ANON || spec->rss_kind >= SHAPE_RSS_KINDS) {
		reason(why, why_len, "rss_kind: %d is not a kind (enum shape_rss_kind)",
		       spec->rss_kind);
		return -EINVAL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->page_bytes = (size_t)sysconf(_SC_PAGESIZE);
	if (pthread_mutex_init(&st->lock, NULL) || pthread_cond_init(&st->parked_cond, NULL) ||
	    pthread_cond_init(&st->release_cond, NULL)) {
		free(st);
		return -ENOMEM;
	}
	st->sync_ready = true;

	ret = check_limits(spec, why, why_len);
	if (ret)
		goto out;
	ret = shape_rss(st, spec, why, why_len);
	if (ret)
		goto out;
	ret = shape_vmas(st, spec, why, why_len);
	if (ret)
		goto out;
	ret = shape_fds(st, spec->fds, why, why_len);
	if (ret)
		goto out;
	ret = shape_threads(st, spec->threads, why, why_len);
out:
	if (ret) {
		if (why && why_len && !why[0])
			reason(why, why_len, "shaping failed: %s", strerror(-ret));
		shape_release(st);
		return ret;
	}
	*out = st;
	return 0;
}

const char *shape_note(const struct shape_state *st)
{
	return st ? st->note : "";
}

void shape_release(struct shape_state *st)
{
	if (!st)
		return;
	if (st->nthreads) {
		pthread_mutex_lock(&st->lock);
		st->released = true;
		pthread_cond_broadcast(&st->release_cond);
		pthread_mutex_unlock(&st->lock);
		for (uint64_t i = 0; i < st->nthreads; i++)
			pthread_join(st->threads[i], NULL);
	}
	/* Only after every join: the stacks are still in use until then. */
	if (st->stacks_addr)
		munmap(st->stacks_addr, st->stacks_bytes);
	free(st->threads);
	for (uint64_t i = 0; i < st->nfds; i++)
		close(st->fds[i]);
	free(st->fds);
	if (st->nofile_changed)
		setrlimit(RLIMIT_NOFILE, &st->saved_nofile);
	if (st->nproc_changed)
		setrlimit(RLIMIT_NPROC, &st->saved_nproc);
	if (st->vma_addr)
		munmap(st->vma_addr, st->vma_bytes);
	if (st->rss_addr)
		munmap(st->rss_addr, st->rss_bytes);
	if (st->sync_ready) {
		pthread_cond_destroy(&st->release_cond);
		pthread_cond_destroy(&st->parked_cond);
		pthread_mutex_destroy(&st->lock);
	}
	free(st);
}
