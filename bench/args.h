/* The parsed command line of one bench invocation: the common options of DESIGN §2 and each
 * bench's own. Filled once by args_parse and never changed during a run (the coordinator and
 * every worker parse the same argv, so they agree on it). */
#ifndef FB_ARGS_H
#define FB_ARGS_H
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "shape.h"

#define ARGS_MAX_METHODS 64
#define ARGS_MAX_VALUES 32

enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct bench;
struct bench_args {
	const struct bench *bench;
	/* common */
	const char *out_dir;          /* -o; NULL = results/<run-id> */
	uint64_t samples;             /* -n: fixed count; 0 = adaptive */
	double precision_pct;         /* --precision */
	double max_time_s;            /* --max-time, per configuration and repetition */
	uint64_t warmup;              /* --warmup */
	uint64_t repetitions;         /* --repetitions */
	bool pinned;                  /* --cpu given */
	cpu_set_t cpus;
	char cpu_text[64];
	const char *events;           /* -e; NULL = default set, "none" = no counters */
	struct shape_spec shape;      /* --rss --touch --thp --threads --fds --vmas */
	const char *exec;             /* --exec static|dynamic|PATH */
	uint64_t env_bytes;           /* --env SIZE: the exec target's environment; 0 = minimal */
	bool no_start;                /* --no-start: children do not stamp; no start_ns */
	enum out_format format;
	bool quiet, no_progress;
	char *methods[ARGS_MAX_METHODS]; /* -m, split */
	int method_count;
	char methods_buf[2048];
	/* bench-specific (see each bench's file for which it reads) */
	uint64_t sizes_bytes[ARGS_MAX_VALUES]; /* cow --size */
	int size_count;
	const char *writer;           /* cow --writer child|parent|both */
	const char *region;           /* cow --region list of private|dontfork|wipeonfork|shared */
	uint64_t children;            /* footprint --children */
	const char *param;            /* sweep --param */
	char *values[ARGS_MAX_VALUES];/* sweep --values */
	int value_count;
	char values_buf[1024];
	uint64_t creators[ARGS_MAX_VALUES]; /* throughput --creators */
	int creator_count;
	const char *creator_kind;     /* throughput --creator-kind threads|processes|both */
	bool full;                    /* sweep --full: the large points too */
	/* worker side (hidden): where to send records, which repetition this is, who started it */
	int worker_fd;                /* -1 in the coordinator */
	uint64_t rep;
	pid_t coordinator_pid;        /* 0: not given (a worker started by hand) */
	/* which options were given, for benches that refuse some */
	uint64_t given;               /* bit per enum args_opt */
};

/* Parses argv (argv[0] is the bench name). 0, or -EINVAL with a one-line message in why. */
int args_parse(int argc, char **argv, const struct bench *bench, struct bench_args *a,
	       char *why, size_t why_len);

/* Absolute path of the exec target named by --exec (static/dynamic = beside the forkbench
 * binary). -ENOENT/-EACCES with why when it does not exist or is not executable. */
int args_exec_path(const struct bench_args *a, char *out, size_t len, bool *is_ours, char *why,
		   size_t why_len);

#endif
