/* The suite `make bench` runs: every method here, both unpinned and pinned to one CPU (placement
 * changes results a lot on VMs, DESIGN §2), the exec paths with both exec targets, then cow,
 * footprint, the sweeps, throughput and timeline. Quick trades precision for time (fewer
 * methods and points, 2% precision, shorter configurations); full is the default with the large
 * rss points; smoke is a handful of configurations in seconds, to check a set-up (make fleet's
 * test). Steps are data, not code. */
#include <stddef.h>

#include "suite.h"

#define EXEC_METHODS "fork+exec,vfork+exec,clone-vm-vfork+exec,clone3-vm-vfork+exec,posix_spawn"
#define QUICK_METHODS "fork,vfork,clone-vm-vfork,posix_spawn,pthread,fork+exec"
#define QUICK_LIMITS "--max-time", "0.5", "--precision", "2"
/* Latency runs 5 repetitions, each in a fresh process, so `forkbench compare` can test the
 * repetition medians: between processes (layout, placement, host) figures move by more than
 * any one process's CI says, and only repetitions show it. */
#define LAT_REPS "--repetitions", "5", "--max-time", "0.4"
#define QUICK_REPS "--repetitions", "3", "--max-time", "0.3", "--precision", "2"

static const char *const lat_unpinned[] = { "latency", LAT_REPS, NULL };
static const char *const lat_pinned[] = { "latency", "--cpu", "0", LAT_REPS, NULL };
static const char *const exec_static[] = { "latency", "-m", EXEC_METHODS, "--exec", "static",
					   LAT_REPS, NULL };
static const char *const exec_dynamic[] = { "latency", "-m", EXEC_METHODS, "--exec", "dynamic",
					    LAT_REPS, NULL };
static const char *const quick_unpinned[] = { "latency", "-m", QUICK_METHODS, QUICK_REPS, NULL };
static const char *const quick_pinned[] = { "latency", "-m", QUICK_METHODS, "--cpu", "0",
					    QUICK_REPS, NULL };
static const char *const quick_dynamic[] = { "latency", "-m", "fork+exec,posix_spawn", "--exec",
					     "dynamic", QUICK_LIMITS, NULL };

/* footprint: the default method set (exec: static), the exec paths with the dynamic target,
 * and a 64 MiB parent's fork and clone children (page tables grow with the parent). The default
 * set runs 5 repetitions: a kernel cost per child is only worth quoting if it holds across
 * processes, and 5 repetition medians give the summary a 93.75% interval (3 give 75%). */
static const char *const fp_default[] = { "footprint", "--repetitions", "5", NULL };
static const char *const fp_dynamic[] = { "footprint", "-m", "fork+exec,vfork+exec,posix_spawn",
					  "--exec", "dynamic", NULL };
static const char *const fp_rss[] = { "footprint", "-m", "fork,clone", "--rss", "64M", NULL };
static const char *const fp_quick[] = { "footprint", "-m",
					"fork,vfork,clone-vm,pthread,posix_spawn,fork+exec",
					"--children", "64", "--max-time", "0.5", "--precision", "5",
					NULL };

/* sweep and throughput (issue 6). Default, about 2.5 minutes here: rss touched (5 methods, about
 * 50 s) and untouched, threads/fds/vmas with 3 methods at 1 s a point, throughput with the
 * default creators (about 40 s). Full adds the large rss points (to 8G, bounded by memory). */
#define SWEEP_FEW "fork,vfork,posix_spawn"
static const char *const sweep_rss[] = { "sweep", "--param", "rss", NULL };
static const char *const sweep_rss_untouched[] = { "sweep", "--param", "rss", "--touch", "no",
						   "-m", "fork,vfork", NULL };
static const char *const sweep_threads[] = { "sweep", "--param", "threads", "-m", SWEEP_FEW,
					     "--max-time", "1", NULL };
static const char *const sweep_fds[] = { "sweep", "--param", "fds", "-m", SWEEP_FEW,
					 "--max-time", "1", NULL };
static const char *const sweep_vmas[] = { "sweep", "--param", "vmas", "-m", SWEEP_FEW,
					  "--max-time", "1", NULL };
static const char *const sweep_rss_full[] = { "sweep", "--param", "rss", "--full", NULL };
/* Full: threads, descriptors and mappings up to what the machine allows (probed, issue 19);
 * `forkbench suite --full --raise-limits` (make bench FULL=1 RAISE_LIMITS=1) adds the option to
 * these steps. */
static const char *const sweep_threads_full[] = { "sweep", "--param", "threads", "--full", "-m",
						  SWEEP_FEW, "--max-time", "1", NULL };
static const char *const sweep_fds_full[] = { "sweep", "--param", "fds", "--full", "-m",
					      SWEEP_FEW, "--max-time", "1", NULL };
static const char *const sweep_vmas_full[] = { "sweep", "--param", "vmas", "--full", "-m",
					       SWEEP_FEW, "--max-time", "1", NULL };
static const char *const tput_default[] = { "throughput", NULL };
static const char *const sweep_quick[] = { "sweep", "--param", "rss", "-m", "fork,vfork",
					   "--values", "0,64M,256M", QUICK_LIMITS, NULL };
static const char *const tput_quick[] = { "throughput", "-m", "fork,vfork", "--creators", "1,2",
					  QUICK_LIMITS, NULL };

/* cow (issue 4), about 55 s here: 4M/64M/256M with both writers, the same with THP, and what
 * fork skips (DONTFORK, WIPEONFORK, MAP_SHARED) at 64M. Quick: 4M and 64M, THP at 64M (~5 s). */
static const char *const cow_default[] = { "cow", NULL };
static const char *const cow_thp[] = { "cow", "--thp", "always", NULL };
static const char *const cow_regions[] = { "cow", "--size", "64M", "--region",
					   "private,dontfork,wipeonfork,shared", "--max-time", "1",
					   NULL };
static const char *const cow_quick[] = { "cow", "--size", "4M,64M", QUICK_LIMITS, NULL };
static const char *const cow_quick_thp[] = { "cow", "--thp", "always", "--size", "64M",
					     QUICK_LIMITS, NULL };
/* timeline: each configuration 1 s, untraced and traced segments alternating. The small ones
 * run 3 repetitions: tracing_overhead_ns is one figure per repetition, and one is noise. */
#define TL_METHODS "fork,vfork,clone-vm-vfork,posix_spawn,fork+exec"
static const char *const tl_unpinned[] = { "timeline", "-m", TL_METHODS, "--max-time", "1",
					   "--repetitions", "3", NULL };
static const char *const tl_pinned[] = { "timeline", "-m", TL_METHODS, "--cpu", "0", "--max-time",
					 "1", "--repetitions", "3", NULL };
static const char *const tl_rss64[] = { "timeline", "-m", "fork", "--rss", "64M", "--max-time", "1",
					NULL };
static const char *const tl_rss256[] = { "timeline", "-m", "fork", "--rss", "256M", "--max-time",
					 "1", NULL };
static const char *const tl_quick[] = { "timeline", "-m", "fork,posix_spawn", QUICK_LIMITS, NULL };

/* smoke: each figure of make fleet's headline once (fork, vfork, posix_spawn and pthread pinned
 * and unpinned, the COW fault of a 4 MiB region written by the child, the kernel's memory per fork
 * child, fork's RSS slope over three points (a fit needs three)), short and imprecise, in seconds. Nothing here changes
 * a global kernel setting: several smoke runs on one kernel (the fleet test's hosts) never wait
 * for one another (DESIGN §9, the global settings lock). */
#define SMOKE_METHODS "fork,vfork,posix_spawn,pthread"
#define SMOKE_LIMITS "--max-time", "0.2", "--precision", "5"
static const char *const smoke_unpinned[] = { "latency", "-m", SMOKE_METHODS, SMOKE_LIMITS, NULL };
static const char *const smoke_pinned[] = { "latency", "-m", SMOKE_METHODS, "--cpu", "0",
					    SMOKE_LIMITS, NULL };
static const char *const smoke_cow[] = { "cow", "--size", "4M", "--writer", "child", SMOKE_LIMITS,
					 NULL };
static const char *const smoke_fp[] = { "footprint", "-m", "fork", "--children", "16",
					SMOKE_LIMITS, NULL };
static const char *const smoke_sweep[] = { "sweep", "--param", "rss", "-m", "fork", "--values",
					   "0,8M,16M", SMOKE_LIMITS, NULL };

/* issue 18, about 1 minute here: the questions kernel people published answers to, pinned so
 * each figure is one placement mode. fork of a touched 256 MiB parent backed by 4 KiB pages and
 * by 16 KiB, 64 KiB and 2 MiB folios (root: the per-size controls are set for the run and
 * restored, DESIGN §9; elsewhere those configurations are skipped with the reason), and fork of
 * a parent whose memory is private anonymous, shared or file-backed at 0, 64 and 256 MiB (one
 * fitted line per kind). report.md sets both beside the published figures. */
static const char *const folio_sizes[] = { "latency", "-m", "fork", "--rss", "256M", "--cpu", "0",
					   "--thp", "never,16K,64K,2M", "--repetitions", "3",
					   "--max-time", "0.5", NULL };
static const char *const rss_kinds[] = { "sweep", "--param", "rss", "-m", "fork", "--values",
					 "0,64M,256M", "--rss-kind", "anon,shmem,file", "--cpu",
					 "0", "--max-time", "1", NULL };

static const struct suite_step smoke_steps[] = {
	{ smoke_unpinned }, { smoke_pinned }, { smoke_cow }, { smoke_fp }, { smoke_sweep }, { NULL },
};

static const struct suite_step quick_steps[] = {
	{ quick_unpinned }, { quick_pinned }, { quick_dynamic }, { fp_quick }, { sweep_quick },
	{ tput_quick }, { cow_quick }, { cow_quick_thp }, { tl_quick }, { NULL },
};

static const struct suite_step default_steps[] = {
	{ lat_unpinned }, { lat_pinned }, { exec_static }, { exec_dynamic },
	{ fp_default }, { fp_dynamic }, { fp_rss },
	{ sweep_rss }, { sweep_rss_untouched }, { sweep_threads }, { sweep_fds },
	{ sweep_vmas }, { tput_default }, { cow_default }, { cow_thp }, { cow_regions },
	{ tl_unpinned }, { tl_pinned }, { tl_rss64 }, { tl_rss256 }, { folio_sizes }, { rss_kinds },
	{ NULL },
};

/* The default steps, with the full sweeps (to the machine's limits) instead of the default
 * ones. */
static const struct suite_step full_steps[] = {
	{ lat_unpinned }, { lat_pinned }, { exec_static }, { exec_dynamic }, { fp_default },
	{ fp_dynamic }, { fp_rss }, { sweep_rss_full }, { sweep_rss_untouched },
	{ sweep_threads_full }, { sweep_fds_full }, { sweep_vmas_full }, { tput_default },
	{ cow_default }, { cow_thp },
	{ cow_regions }, { tl_unpinned }, { tl_pinned }, { tl_rss64 }, { tl_rss256 },
	{ folio_sizes }, { rss_kinds }, { NULL },
};

const struct suite_size_name suite_size_names[] = {
	{ "--smoke", SUITE_SMOKE }, { "--quick", SUITE_QUICK }, { "--full", SUITE_FULL }, { NULL },
};

static const struct suite_step *const steps_of_size[SUITE_SIZES] = {
	[SUITE_SMOKE] = smoke_steps,
	[SUITE_QUICK] = quick_steps,
	[SUITE_DEFAULT] = default_steps,
	[SUITE_FULL] = full_steps,
};

const struct suite_step *suite_steps(enum suite_size size)
{
	return size < SUITE_SIZES ? steps_of_size[size] : default_steps;
}
