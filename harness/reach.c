/* The limits a full sweep runs into, read once while planning (issue 19): each parameter's
 * candidates are rows, the smallest binds, and each keeps a margin so the measured creations
 * never meet EAGAIN or ENOMEM. Only reads: nothing here changes a limit. */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "json.h"
#include "reach.h"
#include "shape.h"
#include "sysinfo.h"

/* What a worker holds besides the shape: the harness's own descriptors and mappings (shape.c
 * keeps 64 of each spare, a worker maps a few dozen more than the planning process). */
#define HARNESS_FDS 128
#define HARNESS_MAPS 256

static uint64_t read_u64(const char *path)
{
	char text[64];
	unsigned long long v;

	if (sysinfo_read_file(path, text, sizeof(text)) < 0 || sscanf(text, "%llu", &v) != 1)
		return 0;
	return v;
}

static uint64_t rlim_u64(rlim_t v)
{
	return v == RLIM_INFINITY ? UINT64_MAX : (uint64_t)v;
}

int reach_probe_read(struct reach_probe *p)
{
	struct shape_observed self;
	struct rlimit lim;
	char text[128];
	unsigned long long running, total;
	long avail = sysinfo_available_memory_bytes();

	memset(p, 0, sizeof(*p));
	p->mem_available_bytes = avail > 0 ? (uint64_t)avail : 0;
	p->pid_max = read_u64("/proc/sys/kernel/pid_max");
	p->threads_max = read_u64("/proc/sys/kernel/threads-max");
	p->max_map_count = read_u64("/proc/sys/vm/max_map_count");
	p->nr_open = read_u64("/proc/sys/fs/nr_open");
	/* /proc/loadavg's fourth field: runnable/total tasks (threads) of the whole system. */
	if (sysinfo_read_file("/proc/loadavg", text, sizeof(text)) >= 0 &&
	    sscanf(text, "%*s %*s %*s %llu/%llu", &running, &total) == 2)
		p->tasks_now = total;
	if (!shape_observe(&self)) {
		p->maps_now = self.vmas;
		p->fds_now = self.fds;
	}
	if (!getrlimit(RLIMIT_NOFILE, &lim)) {
		p->nofile_soft = rlim_u64(lim.rlim_cur);
		p->nofile_hard = rlim_u64(lim.rlim_max);
	}
	if (!getrlimit(RLIMIT_NPROC, &lim)) {
		p->nproc_soft = rlim_u64(lim.rlim_cur);
		p->nproc_hard = rlim_u64(lim.rlim_max);
	}
	p->root = getuid() == 0;
	p->may_raise = shape_may_raise_limits();
	return 0;
}

/* limit less what is used and a margin (256 + 5% of the limit), floored at 0. */
static uint64_t left(uint64_t limit, uint64_t used, uint64_t *margin)
{
	*margin = 256 + limit / 20;
	return limit > used + *margin ? limit - used - *margin : 0;
}

static void add(struct reach *r, const char *name, uint64_t allows, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(struct reach *r, const char *name, uint64_t allows, const char *fmt, ...)
{
	struct reach_candidate *c;
	va_list ap;

	if (r->count == REACH_MAX_CANDIDATES)
		return;
	c = &r->c[r->count++];
	c->name = name;
	c->allows = allows;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static void fill_rss(const struct reach_probe *p, struct reach *r)
{
	add(r, "MemAvailable", (uint64_t)((double)p->mem_available_bytes * REACH_RSS_SHARE),
	    "%.0f%% of MemAvailable %" PRIu64 " MiB", REACH_RSS_SHARE * 100,
	    p->mem_available_bytes >> 20);
	add(r, "forkbench cap", REACH_RSS_CAP_BYTES, "forkbench's cap, %llu GiB",
	    REACH_RSS_CAP_BYTES >> 30);
}

/* Every thread is a task (pid_max, threads-max, RLIMIT_NPROC) and two mappings (its stack and
 * guard page: shape.c), so max_map_count / 2 bounds threads too. */
static void fill_threads(const struct reach_probe *p, struct reach *r)
{
	uint64_t margin, v;

	v = left(p->pid_max, p->tasks_now, &margin);
	add(r, "kernel.pid_max", v, "kernel.pid_max %" PRIu64 " less %" PRIu64
	    " tasks running and a margin of %" PRIu64, p->pid_max, p->tasks_now, margin);
	v = left(p->threads_max, p->tasks_now, &margin);
	add(r, "kernel.threads-max", v, "kernel.threads-max %" PRIu64 " less %" PRIu64
	    " tasks running and a margin of %" PRIu64, p->threads_max, p->tasks_now, margin);
	if (p->root) {
		add(r, "RLIMIT_NPROC", UINT64_MAX, "RLIMIT_NPROC: uid 0 is exempt");
	} else if (p->may_raise) {
		add(r, "RLIMIT_NPROC", UINT64_MAX, "RLIMIT_NPROC: raised by the worker "
		    "(CAP_SYS_RESOURCE)");
	} else {
		/* The user's other tasks count too; tasks_now is their upper bound. */
		v = p->nproc_hard == UINT64_MAX ? UINT64_MAX : left(p->nproc_hard, p->tasks_now,
								      &margin);
		add(r, "RLIMIT_NPROC", v, "RLIMIT_NPROC hard %" PRIu64 " less up to %" PRIu64
		    " tasks of this user", p->nproc_hard, p->tasks_now);
	}
	v = left(p->max_map_count, p->maps_now + HARNESS_MAPS, &margin) / 2;
	add(r, "vm.max_map_count", v, "vm.max_map_count %" PRIu64 " / 2 (a stack and a guard "
	    "page per thread), less the harness's %" PRIu64 " and a margin of %" PRIu64,
	    p->max_map_count, p->maps_now + HARNESS_MAPS, margin);
}

static void fill_fds(const struct reach_probe *p, struct reach *r)
{
	uint64_t margin, v;

	v = left(p->nr_open, p->fds_now + HARNESS_FDS, &margin);
	add(r, "fs.nr_open", v, "fs.nr_open %" PRIu64 " less the harness's %" PRIu64
	    " and a margin of %" PRIu64, p->nr_open, p->fds_now + HARNESS_FDS, margin);
	if (p->may_raise || p->nofile_hard == UINT64_MAX) {
		add(r, "RLIMIT_NOFILE", UINT64_MAX, "RLIMIT_NOFILE hard %" PRIu64 ": raised by "
		    "the worker up to fs.nr_open (CAP_SYS_RESOURCE)", p->nofile_hard);
	} else {
		v = left(p->nofile_hard, p->fds_now + HARNESS_FDS, &margin);
		add(r, "RLIMIT_NOFILE", v, "RLIMIT_NOFILE hard %" PRIu64 " (no CAP_SYS_RESOURCE "
		    "to raise it) less the harness's %" PRIu64 " and a margin of %" PRIu64,
		    p->nofile_hard, p->fds_now + HARNESS_FDS, margin);
	}
	add(r, "forkbench cap", REACH_FDS_CAP, "forkbench's cap, %llu", REACH_FDS_CAP);
}

static void fill_vmas(const struct reach_probe *p, struct reach *r)
{
	uint64_t margin, v = left(p->max_map_count, p->maps_now + HARNESS_MAPS, &margin);

	add(r, "vm.max_map_count", v, "vm.max_map_count %" PRIu64 " less the harness's %" PRIu64
	    " and a margin of %" PRIu64 "%s", p->max_map_count, p->maps_now + HARNESS_MAPS,
	    margin, p->raise_limits ? " (raised: --raise-limits)" :
				      (p->root ? " (--raise-limits raises it)" : ""));
}

static const struct {
	const char *param;
	void (*fill)(const struct reach_probe *p, struct reach *r);
} fill_rows[] = {
	{ "rss", fill_rss }, { "threads", fill_threads }, { "fds", fill_fds },
	{ "vmas", fill_vmas },
};

int reach_of(const struct reach_probe *p, const char *param, struct reach *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(fill_rows) / sizeof(fill_rows[0]); i++) {
		if (strcmp(fill_rows[i].param, param))
			continue;
		out->param = fill_rows[i].param;
		fill_rows[i].fill(p, out);
		out->max = UINT64_MAX;
		for (size_t k = 0; k < out->count; k++)
			if (out->c[k].allows < out->max) {
				out->max = out->c[k].allows;
				out->binding = k;
			}
		return 0;
	}
	return -EINVAL;
}

void reach_reason(const struct reach *r, char *out, size_t len)
{
	const struct reach_candidate *c = &r->c[r->binding];

	if (!strcmp(r->param, "rss"))
		snprintf(out, len, "beyond what this machine allows: %s binds (at most %" PRIu64
			 " MiB: %s)", c->name, r->max >> 20, c->detail);
	else
		snprintf(out, len, "beyond what this machine allows: %s binds (at most %" PRIu64
			 ": %s)", c->name, r->max, c->detail);
}

static void json_limit(struct json_writer *w, uint64_t v)
{
	if (v == UINT64_MAX)
		json_null(w); /* unlimited */
	else
		json_u64(w, v);
}

void reach_write_json(struct json_writer *jw, const struct reach_probe *p,
		       const struct reach *r)
{
#define w (*jw)
	json_key(&w, "param");
	json_string(&w, r->param);
	json_key(&w, "max");
	json_limit(&w, r->max);
	json_key(&w, "binding");
	json_string(&w, r->c[r->binding].name);
	json_key(&w, "limits");
	json_begin_array(&w);
	for (size_t i = 0; i < r->count; i++) {
		json_begin_object(&w);
		json_key(&w, "name");
		json_string(&w, r->c[i].name);
		json_key(&w, "allows");
		json_limit(&w, r->c[i].allows);
		json_key(&w, "detail");
		json_string(&w, r->c[i].detail);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "probe");
	json_begin_object(&w);
	json_key(&w, "mem_available_bytes");
	json_u64(&w, p->mem_available_bytes);
	json_key(&w, "rss_share");
	json_double(&w, REACH_RSS_SHARE);
	json_key(&w, "pid_max");
	json_u64(&w, p->pid_max);
	json_key(&w, "threads_max");
	json_u64(&w, p->threads_max);
	json_key(&w, "tasks_now");
	json_u64(&w, p->tasks_now);
	json_key(&w, "max_map_count");
	json_u64(&w, p->max_map_count);
	json_key(&w, "maps_now");
	json_u64(&w, p->maps_now);
	json_key(&w, "nr_open");
	json_u64(&w, p->nr_open);
	json_key(&w, "fds_now");
	json_u64(&w, p->fds_now);
	json_key(&w, "rlimit_nofile_hard");
	json_limit(&w, p->nofile_hard);
	json_key(&w, "rlimit_nproc_hard");
	json_limit(&w, p->nproc_hard);
	json_key(&w, "root");
	json_bool(&w, p->root);
	json_key(&w, "cap_sys_resource");
	json_bool(&w, p->may_raise);
	json_key(&w, "raise_limits");
	json_bool(&w, p->raise_limits);
	json_end_object(&w);
#undef w
}
