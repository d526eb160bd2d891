/* The method registry: joins the families' tables, resolves what the user typed (presets,
 * clone:FLAGS, clone3:FLAGS, METHOD+exec), prepares the shared creation context and probes
 * whether a method can run here. No timing happens here. */
#include <errno.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "cpu_stamp.h"
#include "methods.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

extern const struct method clone_custom_method, clone3_custom_method;
int clone3_available(uint64_t flags, char *why, size_t why_len);

static const struct method *const method_families[] = {
	fork_methods, vfork_methods, clone_methods, clone3_methods, spawn_methods, thread_methods,
};
#define N_FAMILIES (sizeof(method_families) / sizeof(method_families[0]))

#define CLONE_STACK_BYTES (64 * 1024)
#define EXEC_SUFFIX "+exec"

void methods_foreach(void (*fn)(const struct method *m, void *arg), void *arg)
{
	for (size_t f = 0; f < N_FAMILIES; f++)
		for (const struct method *m = method_families[f]; m->name; m++)
			fn(m, arg);
}

static const struct method *find_preset(const char *name)
{
	for (size_t f = 0; f < N_FAMILIES; f++)
		for (const struct method *m = method_families[f]; m->name; m++)
			if (!strcmp(m->name, name))
				return m;
	return NULL;
}

struct name_list {
	char *buf;
	size_t len, used;
};

static void append_name(const struct method *m, void *arg)
{
	struct name_list *l = arg;

	if (l->used < l->len)
		l->used += snprintf(l->buf + l->used, l->len - l->used, "%s%s", l->used ? "," : "",
				    m->name);
}

int methods_resolve(const char *text, struct method_sel *out, char *why, size_t why_len)
{
	char base[96];
	size_t len = strlen(text);
	const struct method *m;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len == 0 || len >= sizeof(base)) {
		snprintf(why, why_len, "method name '%s' is empty or too long", text);
		return -EINVAL;
	}
	strcpy(base, text);
	if (len > strlen(EXEC_SUFFIX) && !strcmp(base + len - strlen(EXEC_SUFFIX), EXEC_SUFFIX)) {
		base[len - strlen(EXEC_SUFFIX)] = '\0';
		out->exec = true;
	}
	if (!strncmp(base, "clone:", 6) || !strncmp(base, "clone3:", 7)) {
		bool is3 = base[5] == '3';

		out->m = is3 ? clone3_custom_method : clone_custom_method;
		rc = clone_flags_parse(base + (is3 ? 7 : 6), is3, &out->m.clone_flags, why,
				       why_len);
		if (rc)
			return rc;
		out->user_flags = true;
	} else if ((m = find_preset(base))) {
		out->m = *m;
	} else {
		char names[1024];
		struct name_list l = { names, sizeof(names), 0 };

		methods_foreach(append_name, &l);
		snprintf(why, why_len,
			 "unknown method '%s' (accepted: %s, clone:FLAGS, clone3:FLAGS, any of them "
			 "+exec)", text, names);
		return -EINVAL;
	}
	if (out->exec && out->m.ops->needs_exec) {
		snprintf(why, why_len, "'%s': %s always runs the exec target; drop '+exec'", text,
			 out->m.name);
		return -EINVAL;
	}
	if (out->exec && (!out->m.ops->can_exec || (out->m.clone_flags & CLONE_THREAD))) {
		snprintf(why, why_len,
			 "'%s': a thread cannot exec without replacing the harness; use a process "
			 "method with +exec", text);
		return -EINVAL;
	}
	out->exec |= out->m.ops->needs_exec;
	snprintf(out->name, sizeof(out->name), "%s", text);
	clone_flags_format(out->m.clone_flags, out->flags_text, sizeof(out->flags_text));
	return 0;
}

void methods_describe_call(const struct method_sel *sel, char *out, size_t len)
{
	const char *family = sel->m.ops->family;

	if (!strcmp(family, "clone") || !strcmp(family, "clone3"))
		snprintf(out, len, "%s(%s%sSIGCHLD)", family, sel->flags_text,
			 sel->flags_text[0] ? "|" : "");
	else
		snprintf(out, len, "%s()", family);
}

/* How children read their CPU (bench/cpu_stamp.h): RDPID where CPUID leaf 7 says so (ECX bit
 * 22), else RDTSCP (leaf 0x80000001 EDX bit 27), else the getcpu syscall. Asked once per
 * process: CPUID traps to the hypervisor in a VM, so it runs here and never in a child. */
int cpu_stamp_probe(void)
{
	static int how;
#if defined(__x86_64__)
	unsigned int eax, ebx, ecx, edx;

	if (how)
		return how;
	how = CPU_STAMP_GETCPU;
	if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 22)))
		how = CPU_STAMP_RDPID;
	else if (__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx) && (edx & (1u << 27)))
		how = CPU_STAMP_RDTSCP;
#else
	if (!how)
		how = CPU_STAMP_GETCPU;
#endif
	return how;
}

struct exec_storage {
	char fd_arg[16], hold_arg[16];
	char *argv[4];
	char *envp[2];
};

int create_ctx_open(struct create_ctx *ctx, const char *exec_path, bool stamp_arg)
{
	struct exec_storage *st = NULL;
	int fd = -1, rc;
	void *page = MAP_FAILED;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cgroup_fd = -1;
	/* The exec target inherits the memfd (no CLOEXEC) only when it is one of ours. */
	fd = memfd_create("forkbench-stamp", (exec_path && stamp_arg) ? 0 : MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 4096) < 0)
		goto fail;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	st = calloc(1, sizeof(*st));
	if (page == MAP_FAILED || !st)
		goto fail;
	memset(page, 0, 4096);
	ctx->stamp = page;
	ctx->stamp_bytes = 4096;
	ctx->stamp_fd = fd;
	ctx->cpu_how = cpu_stamp_probe();
	ctx->exec_storage = st;
	if (exec_path) {
		/* "5p": the stamp descriptor, then how to read the CPU (cpu_stamp.h). */
		snprintf(st->fd_arg, sizeof(st->fd_arg), "%d%c", fd, ctx->cpu_how);
		st->argv[0] = (char *)exec_path;
		st->argv[1] = stamp_arg ? st->fd_arg : NULL;
		/* A fixed, minimal environment: the target's start-up must not depend on whoever
		 * ran the benchmark (a big environment is its own sweep parameter). */
		st->envp[0] = "PATH=/usr/local/bin:/usr/bin:/bin";
		ctx->exec_path = exec_path;
		ctx->exec_argv = st->argv;
		ctx->exec_envp = st->envp;
	}
	return 0;
fail:
	rc = -errno;
	if (page != MAP_FAILED)
		munmap(page, 4096);
	if (fd >= 0)
		close(fd);
	free(st);
	return rc ? rc : -ENOMEM;
}

/* Our exec targets block reading hold_fd after stamping (argv[2]) until the parent writes a
 * byte or closes it: footprint reads a live, freshly exec'd target that way. */
int create_ctx_set_hold_fd(struct create_ctx *ctx, int hold_fd)
{
	struct exec_storage *st = ctx->exec_storage;

	if (!st || !ctx->exec_path || !st->argv[1])
		return -EINVAL;
	snprintf(st->hold_arg, sizeof(st->hold_arg), "%d", hold_fd);
	st->argv[2] = st->hold_arg;
	return 0;
}

/* An environment of about env_bytes (strings and their NULs) for the exec target: PATH plus
 * FORKBENCH_PAD_<i>=xxx... variables of at most 32 KiB each, since one string may not exceed
 * MAX_ARG_STRLEN (128 KiB). execve copies it into the new stack, so its size is a cost of exec. */
int create_ctx_set_env_bytes(struct create_ctx *ctx, size_t env_bytes)
{
	enum { CHUNK_BYTES = 32 * 1024 };
	size_t count = env_bytes / CHUNK_BYTES + 2, left = env_bytes, i = 1;
	char **envp = calloc(count + 1, sizeof(*envp));
	char *text = malloc(env_bytes + count * 32);
	char *p = text;

	if (!envp || !text) {
		free(envp);
		free(text);
		return -ENOMEM;
	}
	envp[0] = "PATH=/usr/local/bin:/usr/bin:/bin";
	left -= left > 34 ? 34 : left;
	while (left > 0 && i < count) {
		size_t value_len, prefix = (size_t)sprintf(p, "FORKBENCH_PAD_%zu=", i);
		size_t want = left > CHUNK_BYTES ? CHUNK_BYTES : left;

		value_len = want > prefix + 1 ? want - prefix - 1 : 1;
		memset(p + prefix, 'x', value_len);
		p[prefix + value_len] = '\0';
		envp[i++] = p;
		p += prefix + value_len + 1;
		left -= want;
	}
	free(ctx->env_storage);
	free(ctx->env_text);
	ctx->env_storage = envp;
	ctx->env_text = text;
	ctx->exec_envp = envp;
	return 0;
}

/* Grows the stamp memfd by extra_bytes and maps stamp page and extra as one mapping: one
 * mapping fewer in the benchmarking process than a separate buffer, and fork copies each. */
void *create_ctx_map_shared(struct create_ctx *ctx, size_t extra_bytes)
{
	size_t total = 4096 + extra_bytes;
	void *map;

	if (ftruncate(ctx->stamp_fd, (off_t)total) < 0)
		return NULL;
	map = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, ctx->stamp_fd,
		   0);
	if (map == MAP_FAILED)
		return NULL;
	munmap((void *)ctx->stamp, ctx->stamp_bytes);
	ctx->stamp = map;
	ctx->stamp_bytes = total;
	return (char *)map + 4096;
}

void create_ctx_close(struct create_ctx *ctx)
{
	free(ctx->env_storage);
	free(ctx->env_text);
	if (ctx->stamp)
		munmap((void *)ctx->stamp, ctx->stamp_bytes);
	if (ctx->stack_base)
		munmap(ctx->stack_base, ctx->stack_bytes);
	if (ctx->stamp_fd > 0)
		close(ctx->stamp_fd);
	if (ctx->cgroup_fd >= 0)
		close(ctx->cgroup_fd);
	free(ctx->exec_storage);
	memset(ctx, 0, sizeof(*ctx));
	ctx->cgroup_fd = -1;
}

/* CLONE_VM children run on a stack of their own; it is faulted in now so no child pays the
 * parent's first-touch faults. Only they get one: every mapping and private page in the parent
 * adds to what a non-CLONE_VM creation copies, and fork's parent has no such stack either. */
static int clone_stack_map(struct create_ctx *ctx, char *why, size_t why_len)
{
	void *stack = mmap(NULL, CLONE_STACK_BYTES, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (stack == MAP_FAILED) {
		int err = errno; /* snprintf may change errno */

		snprintf(why, why_len, "cannot map a clone stack: %s", strerror(err));
		return -err;
	}
	memset(stack, 0, CLONE_STACK_BYTES);
	ctx->stack_base = stack;
	ctx->stack_bytes = CLONE_STACK_BYTES;
	ctx->stack_top = (char *)stack + CLONE_STACK_BYTES;
	return 0;
}

int methods_prepare(const struct method_sel *sel, struct create_ctx *ctx, char *why,
		    size_t why_len)
{
	int rc;

	if ((!strcmp(sel->m.ops->family, "clone") || !strcmp(sel->m.ops->family, "clone3")) &&
	    (sel->m.clone_flags & CLONE_VM)) {
		rc = clone_stack_map(ctx, why, why_len);
		if (rc)
			return rc;
	}
	if (!strcmp(sel->m.ops->family, "clone3")) {
		rc = clone3_available(sel->m.clone_flags, why, why_len);
		if (rc)
			return rc;
	}
	if (sel->m.clone_flags & CLONE_INTO_CGROUP) {
		rc = clone3_own_cgroup_fd(why, why_len);
		if (rc < 0)
			return rc;
		ctx->cgroup_fd = rc;
	}
	return 0;
}

int methods_probe(const struct method_sel *sel, char *why, size_t why_len)
{
	struct create_ctx ctx;
	struct child c = { .pidfd = -1 };
	char call[256];
	int rc, status = 0;

	if (sel->m.ops->needs_exec)
		return 0; /* posix_spawn is probed by running its target, in the bench */
	rc = create_ctx_open(&ctx, NULL, false);
	if (rc) {
		snprintf(why, why_len, "cannot prepare a creation context: %s", strerror(-rc));
		return rc;
	}
	rc = methods_prepare(sel, &ctx, why, why_len);
	if (rc)
		goto out;
	rc = sel->m.ops->create(&sel->m, &ctx, &c);
	if (rc) {
		methods_describe_call(sel, call, sizeof(call));
		snprintf(why, why_len, "%s failed: %s (%s)", call, strerror(-rc),
			 strerrorname_np(-rc) ? strerrorname_np(-rc) : "?");
		goto out;
	}
	rc = sel->m.ops->reap(&sel->m, &c, &status);
	if (rc) {
		methods_describe_call(sel, call, sizeof(call));
		snprintf(why, why_len, "%s: the child did not exit cleanly (wait status 0x%x)",
			 call, status);
	}
out:
	create_ctx_close(&ctx);
	return rc;
}
