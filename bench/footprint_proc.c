/* What /proc and /sys tell footprint: a held child's own memory (smaps_rollup, status), the
 * system's kernel memory (meminfo, the memory cgroup) and the limits on live children (pid and
 * thread limits, the pids cgroup, RLIMIT_NPROC, MemAvailable). Reading only: no child is created
 * or held here (bench/footprint.c does that). */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/sched.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "footprint_proc.h"
#include "sysinfo.h"

#define EST_CHILD_BYTES (256 << 10)       /* memory bound: kernel objects + a few private pages */
#define EST_EXEC_CHILD_BYTES (1024 << 10) /* an exec target's own pages and mm */

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

int footprint_child_read(pid_t pid, const struct method_sel *sel, struct footprint_child *fp)
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

const char *const footprint_sys_metric[FP_SYS_N] = {
	"kernel_total_bytes", "kernel_pagetables_bytes", "kernel_stack_bytes",
	"kernel_sunreclaim_bytes", "kernel_slab_bytes", "memavailable_drop_bytes",
	"cgroup_memory_bytes",
};

/* The memory cgroup's usage file of this process: v1 memory.usage_in_bytes or v2
 * memory.current, whichever is mounted and readable. */
void footprint_sysmem_open(struct footprint_sysmem *sm)
{
	char line[512], path[600], val[64];
	FILE *fp = fopen("/proc/self/cgroup", "re");

	sm->refresh = access("/proc/sys/vm/stat_refresh", W_OK) == 0;
	sm->refresh_err = 0;
	sm->cgroup_err = 0;
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

int footprint_sysmem_read(struct footprint_sysmem *sm, double v[FP_SYS_N])
{
	static const char *const keys[] = { "PageTables", "KernelStack", "SUnreclaim", "Slab",
					    "MemAvailable" };
	char val[64];
	int rc;

	/* The counters are per-CPU and folded lazily (hundreds of KiB of lag here); writing
	 * stat_refresh folds them now. If that fails the figures are still read (they are only
	 * less exact), and the first failure is kept for the configuration's note. */
	if (sm->refresh) {
		int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "1", 1) < 0) {
			if (!sm->refresh_err)
				sm->refresh_err = -errno;
		}
		if (fd >= 0)
			close(fd);
	}
	rc = proc_kb("/proc/meminfo", keys, 5, v + FP_SYS_PAGETABLES);
	if (rc)
		return rc;
	v[FP_SYS_KTOTAL] = v[FP_SYS_PAGETABLES] + v[FP_SYS_KSTACK] + v[FP_SYS_SUNRECLAIM];
	v[FP_SYS_AVAIL] = -v[FP_SYS_AVAIL]; /* a drop in MemAvailable is a cost */
	v[FP_SYS_CGROUP] = NAN;
	if (sm->cgroup_path[0]) {
		char *end;

		rc = sysinfo_read_file(sm->cgroup_path, val, sizeof(val));
		if (!rc) {
			v[FP_SYS_CGROUP] = strtod(val, &end);
			if (end == val || *end) {
				v[FP_SYS_CGROUP] = NAN;
				rc = -EINVAL; /* not a number: not charged as 0 bytes */
			}
		}
		if (rc && !sm->cgroup_err)
			sm->cgroup_err = rc;
	}
	return 0;
}

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

/* The pid limits and RLIMIT_NPROC are halved (the rest of the machine keeps running), memory
 * is a quarter of MemAvailable (estimates are rough, and the OOM killer must never be near). */
uint64_t footprint_children_bound(const struct bench_args *a, const struct method_sel *sel,
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
