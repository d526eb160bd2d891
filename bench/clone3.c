/* clone3(): the extensible clone. Probed with a deliberately invalid call (ENOSYS = missing),
 * as the kernel selftests do, and skipped with that reason — never replaced by clone.
 * Without CLONE_VM the child continues on a copy of the parent's stack, like fork. With CLONE_VM
 * it needs its own stack, and the child must not return into the syscall() wrapper's frame on
 * that stack, so a small per-architecture trampoline calls the child function and exits. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child_body.h"
#include "methods.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The kernel's struct clone_args (v2, 88 bytes), spelled out so old headers build too. */
struct fb_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

static int clone3_child_fn(void *arg)
{
	return child_body(arg);
}

#if defined(__x86_64__)
#define HAVE_CLONE3_TRAMPOLINE 1
static long clone3_on_new_stack(struct fb_clone_args *args, int (*fn)(void *), void *arg)
{
	long ret;
	register void *r8 __asm__("r8") = (void *)fn;
	register void *r9 __asm__("r9") = arg;

	/* The child starts with every register as the parent had it, rax = 0 and rsp = the top of
	 * the new stack (16-byte aligned, so the call leaves it as the ABI expects). */
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r9, %%rdi\n\t"
			 "call *%%r8\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov $60, %%eax\n\t" /* SYS_exit: this thread only */
			 "syscall\n\t"
			 "hlt\n"
			 "1:\n"
			 : "=a"(ret)
			 : "a"((long)SYS_clone3), "D"(args), "S"(sizeof(*args)), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define HAVE_CLONE3_TRAMPOLINE 1
static long clone3_on_new_stack(struct fb_clone_args *args, int (*fn)(void *), void *arg)
{
	register long x0 __asm__("x0") = (long)args;
	register long x1 __asm__("x1") = sizeof(*args);
	register long x8 __asm__("x8") = SYS_clone3;
	register long x9 __asm__("x9") = (long)fn;
	register long x10 __asm__("x10") = (long)arg;

	__asm__ volatile("svc #0\n\t"
			 "cbnz x0, 1f\n\t"
			 "mov x29, #0\n\t"
			 "mov x0, x10\n\t"
			 "blr x9\n\t"
			 "mov x8, #93\n\t" /* SYS_exit */
			 "svc #0\n\t"
			 "brk #0\n"
			 "1:\n"
			 : "+r"(x0)
			 : "r"(x1), "r"(x8), "r"(x9), "r"(x10)
			 : "x30", "memory");
	return x0;
}
#else
#define HAVE_CLONE3_TRAMPOLINE 0
#endif

static int clone3_create(const struct method *m, const struct create_ctx *ctx, struct child *c)
{
	struct fb_clone_args args = {
		.flags = m->clone_flags,
		.exit_signal = SIGCHLD,
	};
	long pid;

	c->pidfd = -1;
	if (m->clone_flags & CLONE_PIDFD)
		args.pidfd = (uint64_t)(uintptr_t)&c->pidfd;
	if (m->clone_flags & CLONE_INTO_CGROUP)
		args.cgroup = (uint64_t)ctx->cgroup_fd;
	if (m->clone_flags & CLONE_VM) {
#if HAVE_CLONE3_TRAMPOLINE
		args.stack = (uint64_t)(uintptr_t)ctx->stack_base;
		args.stack_size = ctx->stack_bytes;
		pid = clone3_on_new_stack(&args, clone3_child_fn, (void *)ctx);
		if (pid < 0)
			return (int)pid; /* raw syscall: -errno already */
#else
		return -ENOSYS;
#endif
	} else {
		pid = syscall(SYS_clone3, &args, sizeof(args));
		if (pid < 0)
			return -errno;
		if (pid == 0)
			child_run_and_exit(ctx);
	}
	c->pid = (pid_t)pid;
	return 0;
}

static const struct method_ops clone3_ops = {
	.family = "clone3",
	.can_exec = true,
	.create = clone3_create,
	.reap = child_reap_waitpid,
};

const struct method clone3_methods[] = {
	{ "clone3", "clone3() with no flags: fork through the new syscall", 0, &clone3_ops },
	{ "clone3-vm-vfork", "clone3(CLONE_VM|CLONE_VFORK): glibc >= 2.34's posix_spawn",
	  CLONE_VM | CLONE_VFORK, &clone3_ops },
	{ "clone3-pidfd", "clone3(CLONE_PIDFD): also returns a pidfd", CLONE_PIDFD, &clone3_ops },
	{ "clone3-into-cgroup", "clone3(CLONE_INTO_CGROUP): born in a cgroup (cgroup v2)",
	  CLONE_INTO_CGROUP, &clone3_ops },
	{ NULL },
};

const struct method clone3_custom_method = { "clone3", "clone3 with user-chosen flags", 0,
					     &clone3_ops };

/* ENOSYS from a call with a NULL argument means the kernel has no clone3 (selftests' probe).
 * Only CLONE_VM needs the per-architecture trampoline; the other flag sets run everywhere. */
int clone3_available(uint64_t flags, char *why, size_t why_len)
{
	if (syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS) {
		snprintf(why, why_len,
			 "clone3: the kernel has no clone3 syscall (ENOSYS; Linux >= 5.3)");
		return -ENOSYS;
	}
	if ((flags & CLONE_VM) && !HAVE_CLONE3_TRAMPOLINE) {
		snprintf(why, why_len,
			 "clone3 with CLONE_VM needs a trampoline for this architecture");
		return -ENOSYS;
	}
	return 0;
}

/* The process's own cgroup v2 directory: "0::/path" in /proc/self/cgroup under the cgroup2
 * mount found in /proc/self/mountinfo. Being born into one's own cgroup needs no privilege. */
int clone3_own_cgroup_fd(char *why, size_t why_len)
{
	char line[4096], rel[2048] = "", mnt[2048] = "", path[4200];
	FILE *fp;
	int fd;

	fp = fopen("/proc/self/cgroup", "re");
	if (!fp)
		goto none;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "0::", 3) && sscanf(line + 3, "%2047s", rel) == 1)
			break;
	fclose(fp);
	fp = fopen("/proc/self/mountinfo", "re");
	if (!fp)
		goto none;
	while (fgets(line, sizeof(line), fp)) {
		char mp[2048], fstype[64];
		const char *sep = strstr(line, " - ");

		if (sep && sscanf(sep, " - %63s", fstype) == 1 && !strcmp(fstype, "cgroup2") &&
		    sscanf(line, "%*s %*s %*s %*s %2047s", mp) == 1) {
			strcpy(mnt, mp);
			break;
		}
	}
	fclose(fp);
	if (!rel[0] || !mnt[0])
		goto none;
	snprintf(path, sizeof(path), "%s%s", mnt, strcmp(rel, "/") ? rel : "");
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno; /* snprintf may change errno */

		snprintf(why, why_len, "cannot open own cgroup2 directory %s: %s", path,
			 strerror(err));
		return -err;
	}
	return fd;
none:
	snprintf(why, why_len,
		 "no cgroup v2 hierarchy for this process (CLONE_INTO_CGROUP needs one)");
	return -ENOENT;
}
