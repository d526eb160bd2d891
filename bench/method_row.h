/* How a child is created (DESIGN §1, §3): one table row per method. The families live in
 * fork.c, vfork.c, clone.c, clone3.c, spawn.c, thread.c; methods.c joins their tables and
 * resolves what the user typed (presets, clone:FLAGS, METHOD+exec). */
#ifndef FB_METHOD_ROW_H
#define FB_METHOD_ROW_H
#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

/* One page shared between the harness and every child (MAP_SHARED, so writing it never
 * takes a copy-on-write fault): the child stamps its first instruction here, then the CPU it
 * runs on (after the clock, so the CPU read never delays start_ns: DESIGN §4). The exec targets
 * write both with one pwrite of these 16 bytes at offset 0. */
struct stamp_page {
	volatile uint64_t child_start_ns; /* CLOCK_MONOTONIC, written by the child or exec target */
	volatile uint64_t child_cpu;      /* its CPU (bench/cpu_stamp.h); CPU_STAMP_NONE: unsaid */
};

/* Everything create() needs, prepared before the timed loop. */
struct create_ctx {
	struct stamp_page *stamp;
	const char *exec_path;  /* NULL: the child stamps and exits; else it execs this */
	char **exec_argv;       /* argv for the exec target (argv[1] = stamp fd number) */
	char **exec_envp;
	void *stack_top;        /* top of a pre-faulted stack for clone/clone3 children */
	size_t stack_bytes;
	void *stack_base;
	int cgroup_fd;          /* for clone3 CLONE_INTO_CGROUP, else -1 */
	int stamp_fd;           /* the memfd behind stamp */
	int cpu_how;            /* how the child reads its CPU: CPU_STAMP_* (bench/cpu_stamp.h) */
	size_t stamp_bytes;     /* mapped at stamp: the page, plus create_ctx_map_shared's extra */
	/* A child with work of its own (cow's writer, footprint's held child, latency --no-start):
	 * child_body() returns child_fn(child_arg) instead of stamping or exec'ing. Same rules as
	 * the stamp: async-signal-safe, no stdio, no malloc. */
	int (*child_fn)(void *arg);
	void *child_arg;
	void *exec_storage;     /* owns exec_argv/exec_envp */
	char **env_storage;     /* a sized environment (create_ctx_set_env_bytes), or NULL */
	char *env_text;
};

/* A created child as the parent sees it until reaped. */
struct child {
	pid_t pid;
	int pidfd;                   /* CLONE_PIDFD methods, else -1 */
	volatile pid_t ctid;         /* CLONE_THREAD: cleared by the kernel when the child exits */
	pthread_t thread;            /* pthread method */
};

struct method;
struct method_ops {
	const char *family; /* fork, vfork, clone, clone3, posix_spawn, pthread */
	bool needs_exec;    /* posix_spawn: always runs the exec target */
	bool can_exec;      /* pthread cannot exec */
	/* Creates one child; returns only in the parent: 0 or -errno. */
	int (*create)(const struct method *m, const struct create_ctx *ctx, struct child *c);
	/* Waits for the child to finish and releases it: 0, or -errno, or -ECHILD if it did not
	 * exit with status 0 (child_status then says how). */
	int (*reap)(const struct method *m, struct child *c, int *child_status);
};

struct method {
	const char *name;
	const char *summary;
	uint64_t clone_flags; /* CLONE_* for clone/clone3 families, 0 otherwise */
	const struct method_ops *ops;
};

#endif
