/* Set-up and tear-down shared by the workers of every bench. */
#ifndef FB_WORKER_H
#define FB_WORKER_H
#include <sys/types.h>

#include "args.h"
#include "runner.h"
#include "shape.h"

/* PR_SET_PDEATHSIG, --cpu pinning, parent shaping. On failure the reason has been emitted
 * (as a skip: the configuration cannot run here) and -errno is returned; -ESRCH, with nothing
 * emitted, when the coordinator is already gone. */
int worker_prepare(const struct bench_args *a, struct emitter *e, struct shape_state **shape);
void worker_finish(struct shape_state *shape);

/* Ties the calling process to its parent's death (PR_SET_PDEATHSIG, SIGKILL), then checks the
 * parent is still expected_ppid, recorded before this process existed. A parent that died
 * before the prctl never sends the signal, and its orphan is re-parented to the nearest
 * subreaper (systemd --user, a container's init, the coordinator), not necessarily to pid 1:
 * only the recorded pid tells. A process in a new PID namespace sees ppid 0 (its parent is
 * outside), where nothing can be told; such callers also block on a pipe the parent holds,
 * which ends with it. Two system calls and nothing else: clone children may call it.
 * 0, or -ESRCH: the parent is gone, leave at once. */
int worker_tie_to_parent(pid_t expected_ppid);

#endif
