/* What every bench's worker does before and after measuring: tie its life to the coordinator,
 * pin the CPU, shape the parent. Shared so each bench's file holds only its measurement. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "worker.h"

int worker_prepare(const struct bench_args *a, struct emitter *e, struct shape_state **shape)
{
	char why[512];
	int rc;

	*shape = NULL;
	/* If the coordinator dies (even by SIGKILL), so does the worker, and its process group
	 * with it: no orphans keep forking. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return -ESRCH;
	if (a->pinned && sched_setaffinity(0, sizeof(a->cpus), &a->cpus) < 0) {
		emit_skip(e, "--cpu %s: sched_setaffinity failed: %s (CPUs outside this cpuset?)",
			  a->cpu_text, strerror(errno));
		return -errno;
	}
	rc = shape_apply(&a->shape, shape, why, sizeof(why));
	if (rc) {
		emit_skip(e, "%s", why);
		return rc;
	}
	return 0;
}

void worker_finish(struct shape_state *shape)
{
	shape_release(shape);
}
