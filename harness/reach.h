/* What this machine lets a sweep reach (issue 19): the limits that bound each parameter a
 * `sweep --full` shapes (rss, threads, fds, vmas), read once while planning, and the largest value
 * each allows with the limit that binds. It reads /proc and getrlimit only; raising a global
 * setting (--raise-limits) is limits_raise_setting's, restoring it sys_settings' (DESIGN §9). */
#ifndef FB_REACH_H
#define FB_REACH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"

/* A touched --rss point may take this share of MemAvailable: the rest is left to the kernel
 * (page tables of the parent and its child, the page cache) and the other tenants. */
#define REACH_RSS_SHARE 0.5
/* forkbench's own caps: beyond them a point costs minutes and says nothing new. */
#define REACH_RSS_CAP_BYTES (64ull << 30)
#define REACH_FDS_CAP 1048576ull

struct reach_probe {
	uint64_t mem_available_bytes;
	uint64_t pid_max, threads_max, tasks_now; /* tasks_now: every task of the system */
	uint64_t max_map_count, maps_now;         /* maps_now: this process's mappings */
	uint64_t nr_open, fds_now;
	uint64_t nofile_soft, nofile_hard, nproc_soft, nproc_hard; /* UINT64_MAX: unlimited */
	bool root, may_raise; /* uid 0; CAP_SYS_RESOURCE effective */
	bool raise_limits;    /* --raise-limits: global settings raised before planning */
};

/* Reads the machine's limits now. 0 or -errno. */
int reach_probe_read(struct reach_probe *p);

#define REACH_MAX_CANDIDATES 6

/* One limit on a parameter: the largest value it allows (after the harness's own needs and a
 * margin), and how it reads ("kernel.pid_max 32768 less 187 tasks running, margin 1894"). */
struct reach_candidate {
	const char *name;
	uint64_t allows;
	char detail[160];
};

struct reach {
	const char *param;
	uint64_t max;   /* the smallest of the candidates' allows */
	size_t binding; /* index of the candidate that binds */
	struct reach_candidate c[REACH_MAX_CANDIDATES];
	size_t count;
};

/* The largest value of param ("rss" in bytes, "threads", "fds", "vmas") the machine allows,
 * and every limit considered. -EINVAL for a parameter without limits (env). */
int reach_of(const struct reach_probe *p, const char *param, struct reach *out);

/* One line naming the binding limit, for a skipped point's reason. */
void reach_reason(const struct reach *r, char *out, size_t len);

/* The probe and a parameter's reach as members (param, max, binding, limits, probe) of the JSON
 * object w has open: meta.json's full_sweeps entry, to which the sweep adds its points. */
void reach_write_json(struct json_writer *w, const struct reach_probe *p,
		       const struct reach *r);

#endif
