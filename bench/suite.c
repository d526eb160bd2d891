/* The suite `make bench` runs: every method here, both unpinned and pinned to one CPU (placement
 * changes results a lot on VMs, DESIGN §2), and the exec paths with both exec targets. Quick
 * trades precision for time (fewer methods, 2% precision, 0.5 s per configuration); full is
 * the default plus the large sweeps as those benches arrive. Steps are data, not code. */
#include <stddef.h>

#include "suite.h"

#define EXEC_METHODS "fork+exec,vfork+exec,clone-vm-vfork+exec,clone3-vm-vfork+exec,posix_spawn"
#define QUICK_METHODS "fork,vfork,clone-vm-vfork,posix_spawn,pthread,fork+exec"
#define QUICK_LIMITS "--max-time", "0.5", "--precision", "2"

static const char *const lat_unpinned[] = { "latency", NULL };
static const char *const lat_pinned[] = { "latency", "--cpu", "0", NULL };
static const char *const exec_static[] = { "latency", "-m", EXEC_METHODS, "--exec", "static",
					   NULL };
static const char *const exec_dynamic[] = { "latency", "-m", EXEC_METHODS, "--exec", "dynamic",
					    NULL };
static const char *const quick_unpinned[] = { "latency", "-m", QUICK_METHODS, QUICK_LIMITS,
					      NULL };
static const char *const quick_pinned[] = { "latency", "-m", QUICK_METHODS, "--cpu", "0",
					    QUICK_LIMITS, NULL };
static const char *const quick_dynamic[] = { "latency", "-m", "fork+exec,posix_spawn", "--exec",
					     "dynamic", QUICK_LIMITS, NULL };

static const struct suite_step quick_steps[] = {
	{ quick_unpinned }, { quick_pinned }, { quick_dynamic }, { NULL },
};

static const struct suite_step default_steps[] = {
	{ lat_unpinned }, { lat_pinned }, { exec_static }, { exec_dynamic }, { NULL },
};

const struct suite_step *suite_steps(enum suite_size size)
{
	return size == SUITE_QUICK ? quick_steps : default_steps;
}
