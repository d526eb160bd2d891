/* vfork(): the parent is suspended until the child exits or execs, and the child borrows the
 * parent's memory, so call_ns includes the child's whole run up to that point. */
#include <errno.h>

#include "child_body.h"
#include "methods.h"

static int vfork_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	pid_t pid;

	(void)m;
	pid = vfork();
	if (pid < 0)
		return -errno;
	/* The child runs only async-signal-safe code and leaves by _exit or execve (DESIGN §9). */
	if (pid == 0)
		child_run_and_exit(ctx); /* NOLINT(clang-analyzer-unix.Vfork) */
	c->pid = pid;
	return 0;
}

static const struct method_ops vfork_ops = {
	.family = "vfork",
	.can_exec = true,
	.create = vfork_create,
	.reap = child_reap_waitpid,
};

const struct method vfork_methods[] = {
	{ "vfork", "vfork(): shares memory, parent waits until the child exits or execs", 0,
	  &vfork_ops },
	{ NULL },
};
