/* posix_spawn(): glibc's (clone3 or clone with CLONE_VM|CLONE_VFORK on a small mmap'd stack,
 * then execve). It always runs an exec target, so its figures compare with METHOD+exec. */
#include <errno.h>
#include <spawn.h>

#include "child_body.h"
#include "methods.h"

static int spawn_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	pid_t pid;
	int rc;

	(void)m;
	c->pidfd = -1;
	rc = posix_spawn(&pid, ctx->exec_path, NULL, NULL, ctx->exec_argv, ctx->exec_envp);
	if (rc)
		return -rc;
	c->pid = pid;
	return 0;
}

static const struct method_ops spawn_ops = {
	.family = "posix_spawn",
	.needs_exec = true,
	.can_exec = true,
	.create = spawn_create,
	.reap = child_reap_waitpid,
};

const struct method spawn_methods[] = {
	{ "posix_spawn", "glibc posix_spawn() of the exec target", 0, &spawn_ops },
	{ NULL },
};
