/* fork(): glibc's fork, with its atfork handlers and lock resets, as applications call it. */
#include <errno.h>

#include "child_body.h"
#include "methods.h"

static int fork_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	pid_t pid;

	(void)m;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child_run_and_exit(ctx);
	c->pid = pid;
	return 0;
}

static const struct method_ops fork_ops = {
	.family = "fork",
	.can_exec = true,
	.create = fork_create,
	.reap = child_reap_waitpid,
};

const struct method fork_methods[] = {
	{ "fork", "glibc fork(): copies the address space (copy-on-write)", 0, &fork_ops },
	{ NULL },
};
