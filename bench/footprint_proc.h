/* What /proc and /sys tell footprint (bench/footprint.c): a held child's own memory, the kernel
 * memory of the whole system and of the memory cgroup, and how many live children this machine
 * can afford. It only reads; creating and holding children is footprint.c's job. */
#ifndef FB_FOOTPRINT_PROC_H
#define FB_FOOTPRINT_PROC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "args.h"
#include "methods.h"

/* One live child as its own accounting shows it. */
struct footprint_child {
	double rss_bytes, pss_bytes, private_bytes, shared_bytes, pagetable_bytes, threads;
	bool separate_mm;
};

/* Reads /proc/<pid>/smaps_rollup and status (pid as this process's /proc names it; a thread's
 * tid works). A child sharing the caller's mm gets zero memory figures. 0 or -errno. */
int footprint_child_read(pid_t pid, const struct method_sel *sel, struct footprint_child *fp);

/* System-wide figures. KTOTAL = PageTables + KernelStack + SUnreclaim: what the kernel cannot
 * give back while a child lives; the headline figure and the one the adaptive stop watches. */
enum {
	FP_SYS_KTOTAL,
	FP_SYS_PAGETABLES,
	FP_SYS_KSTACK,
	FP_SYS_SUNRECLAIM,
	FP_SYS_SLAB,
	FP_SYS_AVAIL,
	FP_SYS_CGROUP,
	FP_SYS_N
};
extern const char *const footprint_sys_metric[FP_SYS_N];

struct footprint_sysmem {
	char cgroup_path[600]; /* "" when no memory cgroup is readable */
	bool refresh;          /* /proc/sys/vm/stat_refresh writable (root) */
	int refresh_err;       /* the first failed stat_refresh open or write: -errno; else 0 */
	int cgroup_err;        /* the first failed read of cgroup_path: -errno; else 0 */
};

/* Finds the memory cgroup's usage file and whether the counters can be folded on demand. */
void footprint_sysmem_open(struct footprint_sysmem *sm);
/* Reads every FP_SYS_* figure in bytes (MemAvailable as a drop, the cgroup NAN when unreadable).
 * A failed stat_refresh or cgroup read is not an error: the first one's -errno is kept in sm
 * (refresh_err, cgroup_err) for the bench to note. 0 or -errno (meminfo unreadable). */
int footprint_sysmem_read(struct footprint_sysmem *sm, double v[FP_SYS_N]);

/* Largest number of live children of sel that leaves this machine half the room under its pid
 * and thread limits and takes at most a quarter of MemAvailable; limit names what bounds it. */
uint64_t footprint_children_bound(const struct bench_args *a, const struct method_sel *sel,
				  char *limit, size_t len);

#endif
