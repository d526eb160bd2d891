/* The method registry: every family's table, and resolution of what the user typed into a
 * runnable selection (DESIGN §3). Probing tells whether a method can run here and why not. */
#ifndef FB_METHODS_H
#define FB_METHODS_H
#include <stdbool.h>
#include <stddef.h>

#include "method_row.h"

extern const struct method fork_methods[], vfork_methods[], clone_methods[], clone3_methods[],
	spawn_methods[], thread_methods[];

struct method_sel {
	struct method m;       /* a copy: clone_flags may come from clone:FLAGS */
	char name[96];         /* as it goes into the key column, e.g. "clone:vm,vfork+exec" */
	char flags_text[160];  /* canonical: CLONE_VM|CLONE_VFORK */
	bool exec;             /* METHOD+exec, or a family that always execs (posix_spawn) */
	bool user_flags;       /* clone:FLAGS / clone3:FLAGS: a kernel EINVAL is the user's error */
};

/* Resolves a method name. -EINVAL with a one-line reason listing what is accepted. */
int methods_resolve(const char *text, struct method_sel *out, char *why, size_t why_len);

/* Calls fn for every registered preset, family by family. */
void methods_foreach(void (*fn)(const struct method *m, void *arg), void *arg);

/* Creates and reaps one child of sel (without exec) to prove it can run here.
 * 0, or -errno with why naming the call, its flags and the kernel's answer. */
int methods_probe(const struct method_sel *sel, char *why, size_t why_len);

/* Describes the creating call for error messages: "clone(CLONE_VM|CLONE_VFORK|SIGCHLD)". */
void methods_describe_call(const struct method_sel *sel, char *out, size_t len);

/* Context shared by all creations of one configuration: the stamp page (a memfd mapped
 * MAP_SHARED, so exec targets can pwrite it and nobody takes a COW fault on it), a pre-faulted
 * stack for clone children, the exec target's argv/envp. exec_path NULL: no exec.
 * stamp_arg: pass the stamp fd as argv[1] (forkbench's own targets). */
/* How this machine's children read their CPU: CPU_STAMP_RDPID, _RDTSCP or _GETCPU (bench/
 * cpu_stamp.h), from CPUID, asked once. */
int cpu_stamp_probe(void);
int create_ctx_open(struct create_ctx *ctx, const char *exec_path, bool stamp_arg);
void create_ctx_close(struct create_ctx *ctx);
/* Makes forkbench's own exec targets block reading hold_fd (inherited: no CLOEXEC) after they
 * stamp the clock, until the parent writes to or closes the other end. -EINVAL for a context
 * without one of our targets. */
int create_ctx_set_hold_fd(struct create_ctx *ctx, int hold_fd);
/* extra_bytes of MAP_SHARED memory after the stamp page, in the same mapping (the latency
 * bench keeps its samples there). NULL on failure; unmapped by create_ctx_close. */
void *create_ctx_map_shared(struct create_ctx *ctx, size_t extra_bytes);
/* Replaces the exec target's minimal environment with one of about env_bytes. 0 or -ENOMEM. */
int create_ctx_set_env_bytes(struct create_ctx *ctx, size_t env_bytes);
/* Per-method set-up beyond the context: clone3 availability, the cgroup fd for
 * CLONE_INTO_CGROUP. 0 or -errno with why. */
int methods_prepare(const struct method_sel *sel, struct create_ctx *ctx, char *why,
		    size_t why_len);

/* clone flag names without the CLONE_ prefix, case-insensitive, joined by ',' or '|';
 * "CLONE_VM|CLONE_VFORK" works too. clone3_only flags are accepted when allow_clone3 is set. */
int clone_flags_parse(const char *text, bool allow_clone3, uint64_t *flags, char *why,
		      size_t why_len);
void clone_flags_format(uint64_t flags, char *out, size_t len);

/* cgroup2 directory of this process (for CLONE_INTO_CGROUP), O_PATH fd or -errno. */
int clone3_own_cgroup_fd(char *why, size_t why_len);

#endif
