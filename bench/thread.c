/* pthread_create + pthread_join: not a process at all, the floor every process method is
 * compared against. The thread stamps its start and returns; join is the "reap". glibc's join
 * waits on the tid futex, which the kernel wakes early in the thread's exit (exit_mm), so
 * total_ns ends before the rest of the exit, unlike a process's waitpid. */
#include <errno.h>
#include <pthread.h>

#include "child_body.h"
#include "methods.h"

static void *thread_fn(void *arg)
{
	child_body(arg);
	return NULL;
}

static int thread_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	(void)m;
	c->pidfd = -1;
	return -pthread_create(&c->thread, NULL, thread_fn, (void *)ctx);
}

static int thread_reap(const struct method *m, struct child *c, int *child_status)
{
	(void)m;
	*child_status = 0;
	return -pthread_join(c->thread, NULL);
}

static const struct method_ops thread_ops = {
	.family = "pthread",
	.can_exec = false,
	.create = thread_create,
	.reap = thread_reap,
};

const struct method thread_methods[] = {
	{ "pthread", "pthread_create + join: a thread, the floor for process creation", 0,
	  &thread_ops },
	{ NULL },
};
