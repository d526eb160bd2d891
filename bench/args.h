/* The parsed command line of one bench invocation (DESIGN §2). Options are rows of tables: the
 * common ones in bench/args.c, each bench's own in its file (bench_cow_options in bench/cow.c,
 * ...). args_parse reads argv against them and fills struct bench_args once; it is never
 * changed during a run (the coordinator and every worker parse the same argv, so they agree). */
#ifndef FB_ARGS_H
#define FB_ARGS_H
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shape.h"

#define ARGS_MAX_METHODS 64
#define ARGS_MAX_VALUES 32

enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct bench;
struct bench_args {
	const struct bench *bench;
	bool help;                    /* -h/--help: print the bench's usage, run nothing */
	/* common (common_options[] in bench/args.c) */
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
	struct shape_spec shape;      /* --rss --touch --rss-kind --thp --threads --fds --vmas */
	/* --rss-kind: one configuration per kind, in the order given; shape.rss_kind is the first
	 * (a worker gets its one kind as an override) */
	int rss_kinds[SHAPE_RSS_KINDS];
	int rss_kind_count;
	/* --thp's items, one configuration each (DESIGN §2): shape.thp and thp_size_kb hold the
	 * first (the coordinator sets each in turn while planning); a folio size is advised like
	 * always, with thp_size_kb > 0 naming the size the coordinator enables for it. */
	int thp_modes[ARGS_MAX_VALUES];     /* SHAPE_THP_NEVER or SHAPE_THP_ALWAYS */
	uint32_t thp_kbs[ARGS_MAX_VALUES];  /* the folio size in KiB, 0 for never|always */
	int thp_count;
	uint32_t thp_size_kb;
	const char *exec;             /* --exec static|dynamic|PATH */
	enum out_format format;
	bool quiet, no_progress;
	char *methods[ARGS_MAX_METHODS]; /* -m, split */
	int method_count;
	char methods_buf[2048];
	/* Each bench's own settings, set only through that bench's table; 0/NULL = not given, the
	 * bench's default (the table's default_text says which). */
	/* latency (bench_latency_options, bench/latency.c; sweep includes them) */
	uint64_t env_bytes;           /* --env SIZE: the exec target's environment; 0 = minimal */
	bool no_start;                /* --no-start: children do not stamp; no start_ns */
	/* cow (bench_cow_options, bench/cow.c) */
	uint64_t sizes_bytes[ARGS_MAX_VALUES]; /* --size */
	int size_count;
	const char *writer;           /* --writer child|parent|both */
	const char *region;           /* --region list of private|dontfork|wipeonfork|shared */
	/* footprint (bench/footprint.c) */
	uint64_t children;            /* --children */
	/* sweep (bench/sweep.c) */
	const char *param;            /* --param */
	char *values[ARGS_MAX_VALUES];/* --values */
	int value_count;
	char values_buf[1024];
	bool full;                    /* --full: the large points too */
	bool raise_limits;            /* --raise-limits: global limits raised for the sweep */
	/* throughput (bench/throughput.c) */
	uint64_t creators[ARGS_MAX_VALUES]; /* --creators */
	int creator_count;
	const char *creator_kind;     /* --creator-kind threads|processes|both */
	/* worker side (internal_options[], never in help): where to send records, which
	 * repetition this is, who started it */
	int worker_fd;                /* -1 in the coordinator */
	uint64_t rep;
	pid_t coordinator_pid;        /* 0: not given (a worker started by hand) */
	const char *run_dir;          /* --run-dir: the run directory (the file kind's file
				       * system); NULL: "." */
	const char *internal_given;   /* the first internal option given, NULL: none */
};

/* Where a row stores its value. */
#define ARGS_OFF(field) offsetof(struct bench_args, field)

/* How an option's value is read. */
enum opt_kind {
	OPT_FLAG,      /* no value: bool at off set true */
	OPT_UINT,      /* uint64_t at off, from min to max (k_suffix: 10k = 10000) */
	OPT_REAL,      /* double at off, in (0, max] */
	OPT_SIZE,      /* uint64_t bytes at off (4096, 64K, 16M, 1G), from 1 to max */
	OPT_SIZE_LIST, /* uint64_t[ARGS_MAX_VALUES] at off, each from 1 byte, int count at count_off */
	OPT_UINT_LIST, /* uint64_t[ARGS_MAX_VALUES] at off, each from min to max, count at count_off */
	OPT_CHOICE,    /* const char * at off: one of accepted ("a|b|c") */
	OPT_STRING,    /* const char * at off, not empty; checked by whoever reads it */
	OPT_CUSTOM,    /* set() parses and stores it */
	OPT_HELP,      /* -h/--help */
};

/* One option: a row of a table ending with a row whose name is NULL. */
struct bench_option {
	const char *name;         /* long name, without "--" */
	char short_name;          /* -x, or 0 */
	enum opt_kind kind;
	const char *arg_name;     /* the value in help (SIZE, N, LIST); NULL for flags */
	const char *default_text; /* what applies when it is not given; NULL: nothing to say */
	const char *accepted;     /* the values accepted: the choices, or a phrase for errors */
	const char *help;         /* one line */
	size_t off, count_off;    /* where it goes: offsetof(struct bench_args, ...) */
	uint64_t min, max;
	bool k_suffix;
	bool internal;            /* forkbench's own use (workers): accepted, never listed */
	int (*set)(const struct bench_option *o, const char *value, struct bench_args *a,
		   char *why, size_t why_len);
};

/* Parses argv (argv[0] is the bench name) against the common table, bench's table and the
 * table of the bench it includes. all (NULL-terminated) are every bench, to name the owner of
 * an option this bench refuses. 0 (with a->help set if help was asked for: nothing else is
 * checked then), or -EINVAL with a one-line message in why. */
int args_parse(int argc, char **argv, const struct bench *bench,
	       const struct bench *const *all, struct bench_args *a, char *why, size_t why_len);

/* The usage of one bench from its tables: its own options, the included bench's, then the
 * common ones, each with its value, default and accepted values. */
void args_print_help(FILE *fp, const struct bench *bench);

/* The one-line usage error of option o's value: "--name 'value': accepted". -EINVAL. */
int args_bad_value(const struct bench_option *o, const char *value, const char *accepted,
		   char *why, size_t why_len);

/* Absolute path of the exec target named by --exec (static/dynamic = beside the forkbench
 * binary). -ENOENT/-EACCES with why when it does not exist or is not executable. */
int args_exec_path(const struct bench_args *a, char *out, size_t len, bool *is_ours, char *why,
		   size_t why_len);

#endif
