/* Set-up and tear-down shared by the workers of every bench. */
#ifndef FB_WORKER_H
#define FB_WORKER_H
#include "args.h"
#include "runner.h"
#include "shape.h"

/* PR_SET_PDEATHSIG, --cpu pinning, parent shaping. On failure the reason has been emitted
 * (as a skip: the configuration cannot run here) and -errno is returned. */
int worker_prepare(const struct bench_args *a, struct emitter *e, struct shape_state **shape);
void worker_finish(struct shape_state *shape);

#endif
