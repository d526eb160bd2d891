/* What every created child runs between its creation and its exit or exec. It shares memory
 * with the parent for vfork and CLONE_VM methods, so it is async-signal-safe only: no stdio, no
 * malloc, no errno-setting calls on the success path. The clock read is the vDSO (no syscall). */
#ifndef FB_CHILD_BODY_H
#define FB_CHILD_BODY_H
#include <unistd.h>

#include "clock.h"
#include "method_row.h"

/* Runs ctx->child_fn when set; otherwise stamps the child's first instruction, or execs the
 * target (which stamps its own).
 * Returns the exit status for callers that must return rather than exit (clone's fn, threads);
 * a CLONE_THREAD child must leave through SYS_exit, never exit_group, or it takes the harness
 * with it. */
static inline int child_body(const struct create_ctx *ctx)
{
	if (ctx->child_fn)
		return ctx->child_fn(ctx->child_arg);
	if (!ctx->exec_path) {
		ctx->stamp->child_start_ns = clock_now_ns();
		return 0;
	}
	execve(ctx->exec_path, ctx->exec_argv, ctx->exec_envp);
	return 127;
}

/* For fork-like children that own their address space or are vfork children: leave now. */
static inline __attribute__((noreturn)) void child_run_and_exit(const struct create_ctx *ctx)
{
	_exit(child_body(ctx));
}

/* Reaps c->pid with waitpid; 0 when it exited 0, -ECHILD otherwise (status in *child_status). */
int child_reap_waitpid(const struct method *m, struct child *c, int *child_status);

#endif
