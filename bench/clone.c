/* clone(): the flag-set table (presets are rows, clone:FLAGS builds a row on the fly) and the
 * create function. With CLONE_VM the child runs on a separate, pre-faulted stack and returns
 * from fn, which glibc turns into SYS_exit: that ends only the child's thread, as CLONE_THREAD
 * requires. Without CLONE_VM the raw syscall gets no stack, and the child continues on its copy
 * of the parent's, like fork: the parent carries no extra mapping that fork's does not. */
#include <errno.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "child_body.h"
#include "methods.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Flags the harness manages itself (the thread reaping pair) or cannot support (a child whose
 * parent is not the harness could not be reaped; a TLS the child never set up). */
#define CLONE_FLAGS_REFUSED (CLONE_PARENT | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_PTRACE)

static const struct clone_flag_name {
	const char *name;
	uint64_t flag;
	bool clone3_only;
} clone_flag_names[] = {
	{ "VM", CLONE_VM }, { "FS", CLONE_FS }, { "FILES", CLONE_FILES },
	{ "SIGHAND", CLONE_SIGHAND }, { "PIDFD", CLONE_PIDFD }, { "PTRACE", CLONE_PTRACE },
	{ "VFORK", CLONE_VFORK }, { "PARENT", CLONE_PARENT }, { "THREAD", CLONE_THREAD },
	{ "NEWNS", CLONE_NEWNS }, { "SYSVSEM", CLONE_SYSVSEM }, { "SETTLS", CLONE_SETTLS },
	{ "PARENT_SETTID", CLONE_PARENT_SETTID }, { "CHILD_CLEARTID", CLONE_CHILD_CLEARTID },
	{ "UNTRACED", CLONE_UNTRACED }, { "CHILD_SETTID", CLONE_CHILD_SETTID },
	{ "NEWCGROUP", CLONE_NEWCGROUP }, { "NEWUTS", CLONE_NEWUTS }, { "NEWIPC", CLONE_NEWIPC },
	{ "NEWUSER", CLONE_NEWUSER }, { "NEWPID", CLONE_NEWPID }, { "NEWNET", CLONE_NEWNET },
	{ "IO", CLONE_IO }, { "NEWTIME", CLONE_NEWTIME, true },
	{ "CLEAR_SIGHAND", CLONE_CLEAR_SIGHAND, true }, { "INTO_CGROUP", CLONE_INTO_CGROUP, true },
};
#define N_FLAG_NAMES (sizeof(clone_flag_names) / sizeof(clone_flag_names[0]))

static void list_flag_names(bool allow_clone3, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < N_FLAG_NAMES && used < len; i++) {
		if (clone_flag_names[i].clone3_only && !allow_clone3)
			continue;
		used += snprintf(out + used, len - used, "%s%s", used ? "," : "",
				 clone_flag_names[i].name);
	}
}

int clone_flags_parse(const char *text, bool allow_clone3, uint64_t *flags, char *why,
		      size_t why_len)
{
	char buf[256], names[400];
	char *save = NULL;
	uint64_t result = 0;

	if (strlen(text) >= sizeof(buf) || !*text) {
		snprintf(why, why_len, "empty or over-long flag list '%s'", text);
		return -EINVAL;
	}
	strcpy(buf, text);
	for (char *tok = strtok_r(buf, ",|", &save); tok; tok = strtok_r(NULL, ",|", &save)) {
		const char *name = strncasecmp(tok, "CLONE_", 6) ? tok : tok + 6;
		size_t i;

		for (i = 0; i < N_FLAG_NAMES; i++)
			if (!strcasecmp(name, clone_flag_names[i].name))
				break;
		if (i == N_FLAG_NAMES || (clone_flag_names[i].clone3_only && !allow_clone3)) {
			list_flag_names(allow_clone3, names, sizeof(names));
			snprintf(why, why_len, "unknown %s flag '%s' (accepted: %s)",
				 allow_clone3 ? "clone3" : "clone", tok, names);
			return -EINVAL;
		}
		if (clone_flag_names[i].flag & CLONE_FLAGS_REFUSED) {
			snprintf(why, why_len,
				 "flag '%s' cannot be benchmarked: the harness must reap the child "
				 "itself (CLONE_THREAD children get PARENT_SETTID|CHILD_CLEARTID "
				 "automatically)", tok);
			return -EINVAL;
		}
		result |= clone_flag_names[i].flag;
	}
	*flags = result;
	return 0;
}

void clone_flags_format(uint64_t flags, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < N_FLAG_NAMES && used < len; i++)
		if (flags & clone_flag_names[i].flag)
			used += snprintf(out + used, len - used, "%sCLONE_%s", used ? "|" : "",
					 clone_flag_names[i].name);
}

static int clone_child_fn(void *arg)
{
	return child_body(arg);
}

static int clone_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	uint64_t flags = m->clone_flags;
	int exit_signal = SIGCHLD;
	pid_t pid;

	c->pidfd = -1;
	if (flags & CLONE_THREAD) {
		/* A thread cannot be waited for: the kernel clears ctid and wakes its futex when
		 * the thread exits, as for pthread_join. PARENT_SETTID stores the tid before clone
		 * returns so the wait below never misses it. */
		flags |= CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
		exit_signal = 0;
	}
	if (!(flags & CLONE_VM)) {
		/* flags, stack, parent_tid (where CLONE_PIDFD stores the pidfd) come first on every
		 * architecture but s390; child_tid and tls are unused: the flags that need them
		 * are refused, or (CLONE_THREAD's) imply CLONE_VM. */
		pid = (pid_t)syscall(SYS_clone, (unsigned long)(flags | (uint64_t)exit_signal), NULL,
				     (flags & CLONE_PIDFD) ? (void *)&c->pidfd : NULL, NULL, NULL);
		if (pid < 0)
			return -errno;
		if (pid == 0)
			child_run_and_exit(ctx);
		c->pid = pid;
		return 0;
	}
	pid = clone(clone_child_fn, ctx->stack_top, (int)flags | exit_signal, (void *)ctx,
		    (flags & CLONE_PIDFD) ? (void *)&c->pidfd : (void *)&c->ctid, NULL, &c->ctid);
	if (pid < 0)
		return -errno;
	c->pid = pid;
	return 0;
}

static int clone_reap(const struct method *m, struct child *c, int *child_status)
{
	/* The wake comes from the thread's exit_mm(), before the rest of do_exit (files, fs, perf,
	 * exit_notify): total_ns stops there, earlier than a process's full exit and reap. */
	if (m->clone_flags & CLONE_THREAD) {
		pid_t tid;

		while ((tid = c->ctid) != 0)
			syscall(SYS_futex, &c->ctid, FUTEX_WAIT, tid, NULL, NULL, 0);
		*child_status = 0;
		return 0;
	}
	return child_reap_waitpid(m, c, child_status);
}

static const struct method_ops clone_ops = {
	.family = "clone",
	.can_exec = true,
	.create = clone_create,
	.reap = clone_reap,
};

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)

const struct method clone_methods[] = {
	{ "clone", "clone(SIGCHLD): fork without glibc's atfork work", 0, &clone_ops },
	{ "clone-vm", "clone(CLONE_VM): shares the address space, parent runs on", CLONE_VM,
	  &clone_ops },
	{ "clone-vm-vfork", "clone(CLONE_VM|CLONE_VFORK): what glibc's posix_spawn does",
	  CLONE_VM | CLONE_VFORK, &clone_ops },
	{ "clone-files", "clone(CLONE_FILES): shares the descriptor table", CLONE_FILES,
	  &clone_ops },
	{ "clone-fs", "clone(CLONE_FS): shares cwd, root and umask", CLONE_FS, &clone_ops },
	{ "clone-sighand", "clone(CLONE_VM|CLONE_SIGHAND): shares signal handlers",
	  CLONE_VM | CLONE_SIGHAND, &clone_ops },
	{ "clone-thread", "clone with pthread's flags: a thread, not a process", THREAD_FLAGS,
	  &clone_ops },
	{ "clone-pidfd", "clone(CLONE_PIDFD): also returns a pidfd", CLONE_PIDFD, &clone_ops },
	{ "clone-newpid", "clone(CLONE_NEWPID): new PID namespace (privileged)", CLONE_NEWPID,
	  &clone_ops },
	{ "clone-newns", "clone(CLONE_NEWNS): new mount namespace (privileged)", CLONE_NEWNS,
	  &clone_ops },
	{ "clone-newuts", "clone(CLONE_NEWUTS): new UTS namespace (privileged)", CLONE_NEWUTS,
	  &clone_ops },
	{ "clone-newipc", "clone(CLONE_NEWIPC): new IPC namespace (privileged)", CLONE_NEWIPC,
	  &clone_ops },
	{ "clone-newnet", "clone(CLONE_NEWNET): new network namespace (privileged)", CLONE_NEWNET,
	  &clone_ops },
	{ "clone-newuser", "clone(CLONE_NEWUSER): new user namespace", CLONE_NEWUSER,
	  &clone_ops },
	{ "clone-newcgroup", "clone(CLONE_NEWCGROUP): new cgroup namespace (privileged)",
	  CLONE_NEWCGROUP, &clone_ops },
	{ NULL },
};

/* The generic row behind clone:FLAGS (methods.c copies it and fills the flags). */
const struct method clone_custom_method = { "clone", "clone with user-chosen flags", 0,
					    &clone_ops };

int child_reap_waitpid(const struct method *m, struct child *c, int *child_status)
{
	int status;
	pid_t r;

	(void)m;
	do
		r = waitpid(c->pid, &status, __WALL);
	while (r < 0 && errno == EINTR);
	if (c->pidfd >= 0) {
		close(c->pidfd);
		c->pidfd = -1;
	}
	if (r < 0)
		return -errno;
	*child_status = status;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}
