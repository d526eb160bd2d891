/* What every bench's worker does before and after measuring: tie its life to the coordinator,
 * pin the CPU, shape the parent. Shared so each bench's file holds only its measurement. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "folio_check.h"
#include "worker.h"

/* Under a memory limit smaller than what a bench asks (--rss, footprint children, a cow region),
 * the OOM killer must take the worker and its children, never the coordinator that holds the
 * finished configurations. Raising one's own score needs no privilege; children inherit it. */
static void raise_oom_score(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, "500", 3) < 0) {
		/* best effort: without it the kernel still picks the largest process */
	}
	close(fd);
}

int worker_prepare(const struct bench_args *a, struct emitter *e, struct shape_state **shape)
{
	/* The coordinator says who it is; a worker started by hand has only its parent of now. */
	pid_t coordinator = a->coordinator_pid ? a->coordinator_pid : getppid();
	struct shape_spec spec;
	struct folio_check folios;
	char why[512];
	int rc;

	*shape = NULL;
	/* If the coordinator dies (even by SIGKILL), so does the worker, and its process group
	 * with it: no orphans keep forking. */
	rc = worker_tie_to_parent(coordinator);
	if (rc)
		return rc;
	raise_oom_score();
	if (a->pinned && sched_setaffinity(0, sizeof(a->cpus), &a->cpus) < 0) {
		rc = -errno; /* emit_skip's stdio may change errno */
		emit_skip(e, "--cpu %s: sched_setaffinity failed: %s (CPUs outside this cpuset?)",
			  a->cpu_text, strerror(-rc));
		return rc;
	}
	spec = a->shape;
	spec.file_dir = a->run_dir; /* the file kind's file: on the run directory's file system */
	folio_check_begin(a, &folios);
	rc = shape_apply(&spec, shape, why, sizeof(why));
	if (rc) {
		emit_skip(e, "%s", why);
		return rc;
	}
	/* A limit raised for the shape is part of how the figure was taken (issue 19). */
	if (shape_note(*shape)[0])
		emit_note(e, "%s", shape_note(*shape));
	folio_check_end(a, &folios, e);
	return 0;
}

int worker_tie_to_parent(pid_t expected_ppid)
{
	pid_t ppid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	ppid = getppid();
	return ppid == expected_ppid || ppid == 0 ? 0 : -ESRCH;
}

void worker_finish(struct shape_state *shape)
{
	shape_release(shape);
}
