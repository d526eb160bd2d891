/* Tracepoints through perf_event_open (see tracepoints.h). Ids and field offsets come from
 * tracefs read by a forked helper: when tracefs is not mounted, the helper unshares its mount
 * namespace, makes it private and mounts its own, so the system's mount table never changes
 * and nothing outlives the helper. Leaves out kprobes, uprobes and ftrace's own ring buffer.
 *
 * Ring buffers: one per online CPU; every event of a CPU writes into that CPU's first event's
 * buffer (PERF_EVENT_IOC_SET_OUTPUT). An inherited event cannot be mmap'ed when it follows a task
 * on every CPU (cpu = -1: perf_mmap refuses inherit there), so TP_SCOPE_TASK opens each event
 * per CPU for pid 0 with inherit = 1; children's copies write into the parent's buffers. */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracepoints.h"

#define TP_MAX_CPUS 1024

/* What the lookup helper sends back in one write (smaller than PIPE_BUF, so atomic). */
struct lookup_reply {
	int rc;
	char why[512];
	struct tp_event ev[TP_MAX_EVENTS];
};

static ssize_t read_small_file(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* The mount point of an already mounted tracefs, from /proc/self/mounts. */
static bool tracefs_mounted(char *dir, size_t len)
{
	/* Heap, not static: a large .bss is one more mapping in every benchmarking process. */
	enum { MOUNTS_BYTES = 65536 };
	char *mounts = malloc(MOUNTS_BYTES), *save = NULL;
	bool found = false;

	if (!mounts || read_small_file("/proc/self/mounts", mounts, MOUNTS_BYTES) <= 0)
		goto out;
	for (char *line = strtok_r(mounts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[256], mnt[256], type[64];

		if (sscanf(line, "%255s %255s %63s", dev, mnt, type) == 3 &&
		    !strcmp(type, "tracefs")) {
			snprintf(dir, len, "%s", mnt);
			found = true;
			break;
		}
	}
out:
	free(mounts);
	return found;
}

/* Field "name" in a tracepoint format file: "field:pid_t pid;	offset:8;	size:4;". */
static int format_field(const char *format, const char *name, int *offset, int *size)
{
	for (const char *p = strstr(format, "field:"); p; p = strstr(p + 1, "field:")) {
		const char *semi = strchr(p, ';'), *end, *start;

		if (!semi)
			break;
		end = semi;
		if (memchr(p, '[', (size_t)(semi - p))) /* char comm[16]: the name ends at '[' */
			end = memchr(p, '[', (size_t)(semi - p));
		start = end;
		while (start > p && (start[-1] == '_' || (start[-1] >= '0' && start[-1] <= '9') ||
				     (start[-1] >= 'a' && start[-1] <= 'z') ||
				     (start[-1] >= 'A' && start[-1] <= 'Z')))
			start--;
		if ((size_t)(end - start) == strlen(name) && !strncmp(start, name, strlen(name)) &&
		    sscanf(semi, "; offset:%d; size:%d;", offset, size) == 2)
			return 0;
	}
	return -ENOENT;
}

static void lookup_in(const char *dir, const struct tp_spec *specs, size_t n,
		      struct lookup_reply *r)
{
	enum { TEXT_BYTES = 16384 };
	char path[400], *text = malloc(TEXT_BYTES);

	if (!text) {
		r->rc = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < n && !r->rc; i++) {
		struct tp_event *ev = &r->ev[i];

		ev->id = -1;
		snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, specs[i].system,
			 specs[i].name);
		if (read_small_file(path, text, TEXT_BYTES) <= 0) {
			if (specs[i].optional)
				continue;
			r->rc = -ENOENT;
			snprintf(r->why, sizeof(r->why), "tracepoint %s:%s is not in this kernel (%s)",
				 specs[i].system, specs[i].name, path);
			break;
		}
		ev->id = atoi(text);
		snprintf(path, sizeof(path), "%s/events/%s/%s/format", dir, specs[i].system,
			 specs[i].name);
		if (read_small_file(path, text, TEXT_BYTES) <= 0) {
			r->rc = -ENOENT;
			snprintf(r->why, sizeof(r->why), "cannot read %s", path);
			break;
		}
		for (int f = 0; f < TP_MAX_FIELDS && specs[i].fields[f]; f++)
			if (format_field(text, specs[i].fields[f], &ev->offset[f], &ev->size[f])) {
				r->rc = -ENOENT;
				snprintf(r->why, sizeof(r->why), "tracepoint %s:%s has no field %s",
					 specs[i].system, specs[i].name, specs[i].fields[f]);
			}
	}
	free(text);
}

/* The helper: its own mount namespace, private from the root down, so the tracefs it mounts is
 * seen by nobody else and disappears when it exits. */
static void lookup_helper(const struct tp_spec *specs, size_t n, struct lookup_reply *r)
{
	static const char *const mount_points[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing",
						    "/tmp" };
	char dir[256];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (tracefs_mounted(dir, sizeof(dir))) {
		lookup_in(dir, specs, n, r);
		return;
	}
	if (unshare(CLONE_NEWNS) < 0) {
		r->rc = -errno;
		snprintf(r->why, sizeof(r->why),
			 "tracefs is not mounted and unshare(CLONE_NEWNS) failed: %s (needs root)",
			 strerror(errno));
		return;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		r->rc = -errno;
		snprintf(r->why, sizeof(r->why), "mount(/, MS_REC|MS_PRIVATE) failed: %s",
			 strerror(errno));
		return;
	}
	r->rc = -ENOENT;
	for (size_t i = 0; i < sizeof(mount_points) / sizeof(mount_points[0]); i++) {
		if (mount("nodev", mount_points[i], "tracefs", 0, NULL) == 0) {
			r->rc = 0;
			lookup_in(mount_points[i], specs, n, r);
			return;
		}
		r->rc = -errno;
	}
	snprintf(r->why, sizeof(r->why), "mount -t tracefs in a private namespace failed: %s",
		 strerror(-r->rc));
}

int tp_lookup(const struct tp_spec *specs, size_t n, struct tp_event *out, char *why,
	      size_t why_len)
{
	struct lookup_reply *r;
	int fds[2], status, rc;
	pid_t pid;
	ssize_t got;

	if (n > TP_MAX_EVENTS)
		return -E2BIG;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(why, why_len, "pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		snprintf(why, why_len, "fork for the tracefs helper: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		goto out;
	}
	if (pid == 0) {
		close(fds[0]);
		lookup_helper(specs, n, r);
		_exit(write(fds[1], r, sizeof(*r)) == (ssize_t)sizeof(*r) ? 0 : 1);
	}
	close(fds[1]);
	do
		got = read(fds[0], r, sizeof(*r));
	while (got < 0 && errno == EINTR);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(*r)) {
		rc = -EIO;
		snprintf(why, why_len, "the tracefs helper died (wait status 0x%x)", status);
		goto out;
	}
	rc = r->rc;
	if (rc)
		snprintf(why, why_len, "%s", r->why);
	else
		memcpy(out, r->ev, n * sizeof(*out));
out:
	free(r);
	return rc;
}

uint64_t tp_field(const struct tp_record *r, const struct tp_event *ev, int field)
{
	int off = ev->offset[field], size = ev->size[field];
	uint64_t v = 0;

	if (off < 0 || size <= 0 || size > 8 || (uint32_t)(off + size) > r->raw_bytes)
		return 0;
	switch (size) {
	case 1:
		return r->raw[off];
	case 2: {
		uint16_t u;

		memcpy(&u, r->raw + off, 2);
		return u;
	}
	case 4: {
		uint32_t u;

		memcpy(&u, r->raw + off, 4);
		return u;
	}
	default:
		memcpy(&v, r->raw + off, (size_t)size);
		return v;
	}
}

struct tp_cpu {
	int cpu;
	void *base;                 /* the mmap'ed buffer: control page + data */
	int fds[TP_MAX_EVENTS];
	int fd_count;
};

struct tp_session {
	struct tp_cpu cpus[TP_MAX_CPUS];
	int cpu_count;
	size_t pages, page_bytes;
	unsigned char *arena;       /* copies of the raw records of the last read */
	size_t arena_used, arena_cap;
	struct tp_record *recs;
	size_t *raw_at;             /* arena offset of each record's raw data */
	size_t rec_count, rec_cap;
};

static int online_cpus(int *cpus, int max)
{
	char text[4096], *save = NULL;
	int count = 0;

	if (read_small_file("/sys/devices/system/cpu/online", text, sizeof(text)) <= 0)
		return -ENOENT;
	for (char *item = strtok_r(text, ",\n", &save); item; item = strtok_r(NULL, ",\n", &save)) {
		int lo, hi;

		if (sscanf(item, "%d-%d", &lo, &hi) != 2)
			hi = lo = atoi(item);
		for (int c = lo; c <= hi && count < max; c++)
			cpus[count++] = c;
	}
	return count;
}

static int open_event(int id, int cpu, enum tp_scope scope, bool switch_in, char *why,
		      size_t why_len)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = (uint64_t)id,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW,
		.inherit = scope == TP_SCOPE_TASK,
		.sample_id_all = 1,
		.context_switch = switch_in,
		.use_clockid = 1,
		.clockid = CLOCK_MONOTONIC,
	};
	pid_t pid = scope == TP_SCOPE_TASK ? 0 : -1;
	int fd = (int)syscall(SYS_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0) {
		int err = errno;

		snprintf(why, why_len,
			 "perf_event_open(PERF_TYPE_TRACEPOINT config=%d, pid=%d, cpu=%d) failed: %s%s",
			 id, pid, cpu, strerror(err),
			 err == EACCES || err == EPERM ? " (needs root or CAP_PERFMON)" : "");
		return -err;
	}
	return fd;
}

int tp_session_open(const struct tp_event *events, size_t n, size_t buffer_pages,
		    enum tp_scope scope, struct tp_session **out, char *why, size_t why_len)
{
	struct tp_session *s = calloc(1, sizeof(*s));
	int cpus[TP_MAX_CPUS], count, rc = 0;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->pages = buffer_pages;
	s->page_bytes = (size_t)sysconf(_SC_PAGESIZE);
	count = online_cpus(cpus, TP_MAX_CPUS);
	if (count <= 0) {
		snprintf(why, why_len, "cannot read /sys/devices/system/cpu/online");
		rc = -ENOENT;
		goto out;
	}
	for (int i = 0; i < count; i++) {
		struct tp_cpu *c = &s->cpus[s->cpu_count++];

		c->cpu = cpus[i];
		for (size_t e = 0; e < n; e++) {
			int fd;

			if (events[e].id < 0)
				continue;
			/* Switch-in records ride on the first event: the task's own switches
			 * (TASK scope) or every switch on the CPU (CPU scope). In CPU scope they
			 * stand in for sched_switch, which perf drops for a fifth of the switches
			 * from an idle CPU to a new child on 6.18 (never a switch record). */
			fd = open_event(events[e].id, c->cpu, scope, c->fd_count == 0, why,
					why_len);
			if (fd < 0) {
				rc = fd;
				goto out;
			}
			c->fds[c->fd_count++] = fd;
			if (c->fd_count == 1) {
				c->base = mmap(NULL, (s->pages + 1) * s->page_bytes,
					       PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
				if (c->base == MAP_FAILED) {
					rc = -errno;
					c->base = NULL;
					snprintf(why, why_len,
						 "mmap of an inherited per-CPU tracepoint buffer "
						 "(%zu pages) failed: %s", s->pages, strerror(-rc));
					goto out;
				}
			} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, c->fds[0]) < 0) {
				rc = -errno;
				snprintf(why, why_len, "PERF_EVENT_IOC_SET_OUTPUT on cpu %d: %s",
					 c->cpu, strerror(-rc));
				goto out;
			}
		}
	}
out:
	if (rc)
		tp_session_close(s);
	else
		*out = s;
	return rc;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 256;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

/* Copies len bytes at ring offset pos, across the wrap. */
static void ring_copy(const unsigned char *data, size_t size, uint64_t pos, void *dst, size_t len)
{
	size_t at = (size_t)(pos % size), first = len < size - at ? len : size - at;

	memcpy(dst, data + at, first);
	memcpy((unsigned char *)dst + first, data, len - first);
}

static int add_record(struct tp_session *s, const struct tp_record *r)
{
	size_t cap = s->rec_cap;

	if (grow((void **)&s->recs, &s->rec_cap, s->rec_count + 1, sizeof(*s->recs)))
		return -ENOMEM;
	if (grow((void **)&s->raw_at, &cap, s->rec_count + 1, sizeof(*s->raw_at)))
		return -ENOMEM;
	if (r->raw_bytes && grow((void **)&s->arena, &s->arena_cap, s->arena_used + r->raw_bytes, 1))
		return -ENOMEM;
	s->raw_at[s->rec_count] = s->arena_used;
	if (r->raw_bytes)
		memcpy(s->arena + s->arena_used, r->raw, r->raw_bytes);
	s->arena_used += r->raw_bytes;
	s->recs[s->rec_count++] = *r;
	return 0;
}

/* One record of the ring: a sample of one of our tracepoints, a switch-in, or a loss. */
static int decode(struct tp_session *s, int cpu, const unsigned char *rec, size_t len,
		  uint64_t *lost)
{
	const struct perf_event_header *h = (const void *)rec;
	struct tp_record r = { .cpu = cpu };
	const unsigned char *p = rec + sizeof(*h);
	uint16_t type;

	if (h->type == PERF_RECORD_LOST && len >= sizeof(*h) + 16) {
		uint64_t n;

		memcpy(&n, p + 8, 8);
		*lost += n;
		return 0;
	}
	/* A switch-in: the sample id (pid, tid, time) of the task switched in; CPU-wide
	 * records put the task switched from (next_prev_pid/tid) before it. */
	if ((h->type == PERF_RECORD_SWITCH || h->type == PERF_RECORD_SWITCH_CPU_WIDE) &&
	    !(h->misc & PERF_RECORD_MISC_SWITCH_OUT)) {
		size_t id_at = h->type == PERF_RECORD_SWITCH_CPU_WIDE ? 8 : 0;

		if (len < sizeof(*h) + id_at + 16)
			return 0;
		r.type = TP_SWITCH_IN;
		memcpy(&r.pid, p + id_at, 4);
		memcpy(&r.tid, p + id_at + 4, 4);
		memcpy(&r.time_ns, p + id_at + 8, 8);
		return add_record(s, &r);
	}
	if (h->type != PERF_RECORD_SAMPLE || len < sizeof(*h) + 20)
		return 0;
	memcpy(&r.pid, p, 4);
	memcpy(&r.tid, p + 4, 4);
	memcpy(&r.time_ns, p + 8, 8);
	memcpy(&r.raw_bytes, p + 16, 4);
	if (r.raw_bytes < 2 || sizeof(*h) + 20 + r.raw_bytes > len)
		return 0;
	r.raw = p + 20;
	memcpy(&type, r.raw, 2); /* common_type: the tracepoint id */
	r.type = type;
	return add_record(s, &r);
}

static int cmp_time(const void *a, const void *b)
{
	const struct tp_record *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return x->cpu - y->cpu;
}

int tp_session_read(struct tp_session *s, const struct tp_record **records, size_t *count,
		    uint64_t *lost)
{
	size_t data_bytes = s->pages * s->page_bytes;
	unsigned char rec[65536];
	int rc = 0;

	s->rec_count = 0;
	s->arena_used = 0;
	for (int i = 0; i < s->cpu_count; i++) {
		struct perf_event_mmap_page *mp = s->cpus[i].base;
		const unsigned char *data;
		uint64_t head, tail;

		if (!mp)
			continue;
		data = (const unsigned char *)mp + s->page_bytes;
		head = __atomic_load_n(&mp->data_head, __ATOMIC_ACQUIRE);
		tail = mp->data_tail;
		while (tail + sizeof(struct perf_event_header) <= head) {
			struct perf_event_header h;

			ring_copy(data, data_bytes, tail, &h, sizeof(h));
			if (h.size < sizeof(h) || tail + h.size > head)
				break;
			ring_copy(data, data_bytes, tail, rec, h.size);
			if (!rc)
				rc = decode(s, s->cpus[i].cpu, rec, h.size, lost);
			tail += h.size;
		}
		__atomic_store_n(&mp->data_tail, head, __ATOMIC_RELEASE);
	}
	for (size_t i = 0; i < s->rec_count; i++)
		s->recs[i].raw = s->recs[i].raw_bytes ? s->arena + s->raw_at[i] : NULL;
	if (s->rec_count)
		qsort(s->recs, s->rec_count, sizeof(*s->recs), cmp_time);
	*records = s->recs;
	*count = s->rec_count;
	return rc;
}

void tp_session_close(struct tp_session *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->cpu_count; i++) {
		struct tp_cpu *c = &s->cpus[i];

		if (c->base)
			munmap(c->base, (s->pages + 1) * s->page_bytes);
		for (int f = 0; f < c->fd_count; f++)
			close(c->fds[f]);
	}
	free(s->arena);
	free(s->recs);
	free(s->raw_at);
	free(s);
}
