/* What every created child runs between its creation and its exit or exec. It shares memory
 * with the parent for vfork and CLONE_VM methods, so it is async-signal-safe only: no stdio, no
 * malloc, no errno-setting calls on the success path. The clock read is the vDSO (no syscall). */
#ifndef FB_CHILD_BODY_H
#define FB_CHILD_BODY_H
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"
#include "cpu_stamp.h"
#include "method_row.h"

/* The CPU this task runs on now. getcpu by raw syscall, not glibc's sched_getcpu: a CLONE_VM
 * child without its own TLS would read its parent's rseq area, i.e. the parent's CPU. */
static inline uint64_t child_cpu_now(int how)
{
	unsigned int cpu = cpu_stamp_read(how);

	if (cpu == UINT32_MAX && syscall(SYS_getcpu, &cpu, NULL, NULL) != 0)
		return CPU_STAMP_NONE;
	return cpu;
}

/* Runs ctx->child_fn when set; otherwise stamps the child's first instruction and then its
 * CPU (the CPU read comes after the clock read, off start_ns's path), or execs the target
 * (which stamps both its own).
 * Returns the exit status for callers that must return rather than exit (clone's fn, threads);
 * a CLONE_THREAD child must leave through SYS_exit, never exit_group, or it takes the harness
 * with it. */
static inline int child_body(const struct create_ctx *ctx)
{
	if (ctx->child_fn)
		return ctx->child_fn(ctx->child_arg);
	if (!ctx->exec_path) {
		ctx->stamp->child_start_ns = clock_now_ns();
		ctx->stamp->child_cpu = child_cpu_now(ctx->cpu_how);
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
