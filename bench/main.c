/* forkbench: the dispatcher. Finds the command or bench named by argv[1], runs it, and is the
 * only place that exits: usage errors print one line and exit 2 before anything is written. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "bench.h"
#include "config_label.h"
#include "counters.h"
#include "hugetlb_plan.h"
#include "methods.h"
#include "results_table.h"
#include "run_eta.h"
#include "runner.h"
#include "suite.h"
#include "sys_settings.h"
#include "sudo_owner.h"
#include "sysinfo.h"
#include "thp_sizes.h"

#define EXIT_USAGE 2

const struct bench *const benches[] = {
	&bench_latency,
	&bench_cow,
	&bench_footprint,
	&bench_sweep,
	&bench_throughput,
	&bench_timeline,
	NULL,
};

const struct bench *bench_find(const char *name)
{
	for (const struct bench *const *b = benches; *b; b++)
		if (!strcmp((*b)->name, name))
			return *b;
	return NULL;
}

/* Exit 2 for bad input. Planning may already have changed a global setting (sweep
 * --raise-limits raises while it plans): it is put back first, never left to the next run. */
static __attribute__((noreturn)) void usage_exit(void)
{
	char why[512];

	if (sys_settings_held() && sys_settings_restore_all(why, sizeof(why)))
		fprintf(stderr, "forkbench: %s\n", why);
	exit(EXIT_USAGE);
}

static __attribute__((noreturn)) void usage_error(const char *fmt, const char *text)
{
	fprintf(stderr, "forkbench: ");
	fprintf(stderr, fmt, text);
	fputc('\n', stderr);
	usage_exit();
}

/* The command line as a shell would need it typed again (recorded in meta.json). */
static char *join_command_line(int argc, char **argv)
{
	size_t len = 1;
	char *out, *p;

	for (int i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;
	out = malloc(len);
	if (!out)
		return NULL;
	p = out;
	for (int i = 0; i < argc; i++) {
		bool plain = argv[i][0] && strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
						  "OPQRSTUVWXYZ0123456789-_.,:/=+|") ==
						  strlen(argv[i]) && !strchr(argv[i], '|');
		if (i)
			*p++ = ' ';
		if (plain) {
			p += sprintf(p, "%s", argv[i]);
			continue;
		}
		*p++ = '\'';
		for (const char *s = argv[i]; *s; s++)
			p += *s == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", *s);
		*p++ = '\'';
	}
	*p = '\0';
	return out;
}

static int mkdir_parents(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == 0)
			sudo_owner_give(path, -1); /* under sudo, the user's (sudo_owner.h) */
		else if (errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0755) == 0)
		return sudo_owner_give(path, -1);
	if (errno != EEXIST)
		return -errno;
	return 0;
}

/* A run directory is new or empty and writable: results are never mixed or overwritten. */
static void prepare_out_dir(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int rc;

	if (dp) {
		while ((d = readdir(dp)))
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
				closedir(dp);
				usage_error("-o %s: directory is not empty; choose a new one "
					    "(results are never overwritten)", dir);
			}
		closedir(dp);
	} else if (errno != ENOENT) {
		fprintf(stderr, "forkbench: -o %s: %s\n", dir, strerror(errno));
		usage_exit();
	}
	rc = mkdir_parents(dir);
	if (rc == 0 && access(dir, W_OK) < 0)
		rc = -errno;
	if (rc) {
		fprintf(stderr, "forkbench: -o %s: cannot create a writable directory: %s\n", dir,
			strerror(-rc));
		usage_exit();
	}
}

static int copy_file_to(const char *dir, const char *name, FILE *out)
{
	char path[4200], buf[65536];
	size_t n;
	FILE *in;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "re");
	if (!in)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	fclose(in);
	return fflush(out) ? -errno : 0;
}

/* How a planned run is carried out and shown: shared by a single bench and the suite. */
struct run_request {
	const char *out_dir;      /* NULL = results/<run-id> */
	const char *events;       /* for meta.json's counters block */
	enum out_format format;
	bool quiet, no_progress;
	const char *run_id;       /* NULL = made now (scripts pass the one they named the dir by) */
	int full_argc;            /* the whole command line, for meta.json */
	char **full_argv;
	bool suite;               /* forkbench suite: its duration said up front, progress kept */
};

/* Unknown event names are usage errors, found before anything is written; the rest of what
 * the counters module says goes into meta.json. NULL json on other failures. */
static char *counters_meta(const char *events, bool quiet)
{
	struct counters *ctr = NULL;
	char why[1024], *json;
	int rc = counters_open(events, &ctr, why, sizeof(why));

	if (rc == -EINVAL)
		usage_error("%s", why);
	if (rc) {
		fprintf(stderr, "forkbench: counters: %s\n", why);
		return NULL;
	}
	if (!quiet)
		counters_print_notes(ctr, stderr);
	json = counters_describe_json(ctr);
	counters_close(ctr);
	return json;
}

/* argv copies with one --thp item appended (plan_thp_items): the plan's entries borrow them
 * until the run ends. */
static char **argv_copies[ARGS_MAX_VALUES * 8];
static size_t argv_copy_count;

static void free_argv_copies(void)
{
	while (argv_copy_count)
		free(argv_copies[--argv_copy_count]);
}

/* --thp never,16K,2M is one configuration per item: each is planned with the item's mode and
 * size, and its workers get the command line with `--thp ITEM` appended (the last --thp wins in
 * their parse). A folio size the kernel lacks, or that this user may not set, is a usage error
 * naming the file (DESIGN §2); in the suite (plan->unavailable_is_skip) its configurations are
 * skipped with that reason instead, so make bench runs as any user on any kernel. */
static int plan_thp_items(const struct bench *bench, int argc, char **argv,
			  struct runner_plan *plan, struct bench_args *a, char *why, size_t why_len)
{
	char item_text[16];
	char unavailable[ARGS_MAX_VALUES][512] = { { 0 } };
	int rc = 0;

	for (int i = 0; i < a->thp_count; i++)
		if (a->thp_kbs[i] && thp_size_probe(a->thp_kbs[i], unavailable[i],
						    sizeof(unavailable[i])) &&
		    !plan->unavailable_is_skip)
			usage_error("%s", unavailable[i]);
	if (a->thp_count <= 1 && !unavailable[0][0])
		return bench->plan(a, plan, why, why_len);
	for (int i = 0; !rc && i < a->thp_count; i++) {
		/* argv, --thp, the item, NULL; then the item's text, in the same block: it lives and
		 * is freed with the copy (several suite steps may each have a --thp list). */
		char **copy = calloc(1, ((size_t)argc + 3) * sizeof(char *) + sizeof(item_text));
		size_t first = plan->count;

		if (!copy || argv_copy_count == sizeof(argv_copies) / sizeof(argv_copies[0])) {
			free(copy);
			return -ENOMEM;
		}
		argv_copies[argv_copy_count++] = copy;
		if (a->thp_kbs[i])
			thp_size_name(a->thp_kbs[i], item_text, sizeof(item_text));
		else
			snprintf(item_text, sizeof(item_text), "%s",
				 a->thp_modes[i] == SHAPE_THP_NEVER ? "never" : "always");
		memcpy(copy, argv, (size_t)argc * sizeof(*copy));
		copy[argc] = "--thp";
		copy[argc + 1] = memcpy(copy + argc + 3, item_text, sizeof(item_text));
		plan->base_argc = argc + 2;
		plan->base_argv = copy;
		a->shape.thp = a->thp_modes[i];
		a->thp_size_kb = a->thp_kbs[i];
		rc = bench->plan(a, plan, why, why_len);
		if (!rc && unavailable[i][0]) /* the suite: planned for its keys, skipped */
			rc = runner_plan_skip_from(plan, first, unavailable[i]);
	}
	return rc;
}

static int plan_bench(const struct bench *bench, int argc, char **argv, struct runner_plan *plan,
		      struct bench_args *a)
{
	char why[1024];
	int rc;

	if (args_parse(argc, argv, bench, benches, a, why, sizeof(why)))
		usage_error("%s", why);
	if (a->help)
		return 0; /* the caller prints the help; nothing is planned */
	/* Only the coordinator passes these, to its workers (runner.c). */
	if (a->internal_given)
		usage_error("--%s is internal to forkbench (the coordinator passes it to its workers)",
			    a->internal_given);
	plan->bench_name = bench->name;
	plan->base_argc = argc;
	plan->base_argv = argv;
	plan->repetitions = a->repetitions;
	plan->max_time_s = a->max_time_s;
	rc = plan_thp_items(bench, argc, argv, plan, a, why, sizeof(why));
	if (rc == -EINVAL || rc == -ENOENT || rc == -EACCES)
		usage_error("%s", why);
	if (rc)
		fprintf(stderr, "forkbench: planning %s: %s\n", bench->name, strerror(-rc));
	return rc;
}

/* A run ends by putting back what it changed (--raise-limits while planning, a THP size
 * while running), even when it never got to execute its plan; 0 when nothing changed. */
static int restore_settings(int rc)
{
	char why[512];

	if (sys_settings_restore_all(why, sizeof(why))) {
		fprintf(stderr, "forkbench: %s\n", why);
		return rc ? rc : 1;
	}
	return rc;
}

/* runner_opts.prepare: what a configuration needs of the system (its THP folio size). */
static int prepare_entry(const struct runner_entry *e, char *why, size_t why_len)
{
	return thp_sizes_for_key(e->key.thp, why, why_len);
}

static int execute_plan(const struct run_request *req, struct runner_plan *plan,
			const char *counters_json)
{
	char why[1024], run_id[256], default_dir[512], restore_why[1024], top[512];
	const char *out_dir = req->out_dir;
	char *command_line;
	double expected_s;
	int rc;

	if (req->run_id)
		snprintf(run_id, sizeof(run_id), "%s", req->run_id);
	else
		sysinfo_run_id(run_id, sizeof(run_id));
	if (!out_dir) {
		snprintf(default_dir, sizeof(default_dir), "results/%s", run_id);
		out_dir = default_dir;
	}
	prepare_out_dir(out_dir);
	/* What a SIGKILLed run left changed goes back before this run's meta.json records the
	 * machine's settings. */
	if (sys_settings_recover(restore_why, sizeof(restore_why)))
		fprintf(stderr, "forkbench: %s\n", restore_why);
	command_line = join_command_line(req->full_argc, req->full_argv);
	if (!req->quiet)
		fprintf(stderr, "forkbench: run %s: %zu configurations (%zu skipped) into %s\n",
			run_id, plan->count, plan->results->skipped_count, out_dir);
	expected_s = runner_plan_expected_s(plan, top, sizeof(top));
	if (!req->quiet && (req->suite || expected_s >= 120)) {
		char dur[32];
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		/* An estimate from the plan (harness/run_eta.c), said as one (issue 19). */
		run_eta_format(expected_s, dur, sizeof(dur));
		fprintf(stderr, "forkbench: expected duration about %s on this machine's %ld CPUs "
			"(estimated from --max-time and the parent shapes; most of it: %s)\n", dur,
			cpus, top);
	}

	struct runner_opts o = {
		.out_dir = out_dir,
		.run_id = run_id,
		.command_line = command_line,
		.counters_json = counters_json,
		.progress = !req->quiet && !req->no_progress && isatty(STDERR_FILENO),
		.progress_lines = req->suite && !req->quiet && !req->no_progress &&
				  !isatty(STDERR_FILENO),
		.prepare = prepare_entry,
	};
	hugetlb_plan_reserve(plan, req->quiet);
	rc = runner_run(&o, plan, why, sizeof(why));
	/* Whatever the run changed goes back now, also after SIGINT/SIGTERM/SIGHUP (runner_run
	 * returned 128+signal); after a SIGKILL, the next run's recover does it (DESIGN §9). */
	if (sys_settings_restore_all(restore_why, sizeof(restore_why))) {
		fprintf(stderr, "forkbench: %s\n", restore_why);
		rc = rc ? rc : 1;
	}
	if (rc < 0) {
		fprintf(stderr, "forkbench: %s\n", why);
		rc = 1;
	} else {
		if (req->format == FORMAT_TABLE && !req->quiet)
			results_print_table(stdout, plan->results);
		else if (req->format == FORMAT_CSV)
			copy_file_to(out_dir, "summary.csv", stdout);
		else if (req->format == FORMAT_JSON)
			copy_file_to(out_dir, "results.json", stdout);
		/* A reader that went away (| head) is no error: the files are complete. Any other
		 * failure to write stdout is. */
		if ((fflush(stdout) || ferror(stdout)) && errno != EPIPE) {
			fprintf(stderr, "forkbench: writing to stdout: %s (results are in %s)\n",
				strerror(errno), out_dir);
			rc = rc ? rc : 1;
		}
		if (!req->quiet)
			fprintf(stderr, "forkbench: %s%s\n",
				rc ? "interrupted; complete configurations kept in " : "results in ",
				out_dir);
	}
	free(command_line);
	return rc;
}

static int run_bench(const struct bench *bench, int argc, char **argv, int full_argc,
		     char **full_argv)
{
	struct bench_args a;
	struct run_results results = { 0 };
	struct runner_plan plan = { .results = &results };
	char *counters_json;
	int rc;

	runner_install_signal_handlers(); /* before probing creates any child */
	rc = plan_bench(bench, argc, argv, &plan, &a);
	if (!rc && a.help) {
		args_print_help(stdout, bench);
	} else if (!rc) {
		struct run_request req = { a.out_dir, a.events, a.format, a.quiet, a.no_progress,
					   NULL, full_argc, full_argv };

		counters_json = counters_meta(a.events, a.quiet);
		rc = execute_plan(&req, &plan, counters_json);
		free(counters_json);
	}
	runner_plan_free(&plan);
	results_free(&results);
	free_argv_copies();
	return restore_settings(rc);
}

static bool valid_run_id(const char *id)
{
	return id[0] && strlen(id) < 200 &&
	       strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
		       strlen(id);
}

/* The suite size an option names (suite_size_names), or -1. */
static int suite_size_of(const char *option)
{
	for (const struct suite_size_name *s = suite_size_names; s->option; s++)
		if (!strcmp(option, s->option))
			return (int)s->size;
	return -1;
}

/* A suite step's argv with one more option: kept until the process ends (the plan's workers
 * get it), at most a few per run. */
static const char **suite_argv_with(const char *const *argv, int n, const char *extra)
{
	static const char **kept[16];
	static size_t kept_count;
	const char **out;

	if (kept_count == sizeof(kept) / sizeof(kept[0]))
		return NULL;
	out = calloc((size_t)n + 2, sizeof(*out));
	if (!out)
		return NULL;
	memcpy(out, argv, (size_t)n * sizeof(*out));
	out[n] = extra;
	kept[kept_count++] = out; /* reachable: not a leak for ASan, freed at exit */
	return out;
}

/* forkbench suite [--smoke|--quick|--full] [-o DIR] [-q] [--no-progress]: what `make bench`
 * runs, every step of suite_steps() planned into one run directory. */
static int cmd_suite(int argc, char **argv)
{
	struct run_results results = { 0 };
	struct runner_plan plan = { .results = &results, .unavailable_is_skip = true };
	/* argv is main's argv + 1: the recorded command line starts at the program's name. */
	struct run_request req = { .full_argc = argc + 1, .full_argv = argv - 1, .suite = true };
	enum suite_size size = SUITE_DEFAULT;
	bool raise_limits = false;
	char *counters_json;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (suite_size_of(argv[i]) >= 0)
			size = (enum suite_size)suite_size_of(argv[i]);
		else if (!strcmp(argv[i], "-q"))
			req.quiet = true;
		else if (!strcmp(argv[i], "--no-progress"))
			req.no_progress = true;
		else if (!strcmp(argv[i], "--raise-limits"))
			raise_limits = true;
		else if (!strcmp(argv[i], "-o") && i + 1 < argc && argv[i + 1][0])
			req.out_dir = argv[++i];
		else if (!strcmp(argv[i], "--run-id") && i + 1 < argc && valid_run_id(argv[i + 1]))
			req.run_id = argv[++i];
		else
			usage_error("suite: unknown or incomplete option '%s' (accepted: --smoke, "
				    "--quick, --full, --raise-limits, -o DIR, -q, --no-progress)",
				    argv[i]);
	}
	runner_install_signal_handlers();
	for (const struct suite_step *s = suite_steps(size); !rc && s->argv; s++) {
		struct bench_args a;
		bool full = false;
		int n = 0;

		while (s->argv[n])
			full |= !strcmp(s->argv[n++], "--full");
		if (raise_limits && full && !strcmp(s->argv[0], "sweep")) {
			/* --raise-limits reaches the full sweeps, and only when asked (issue 19). The
			 * plan keeps argv for its workers: this copy lives as long as the plan. */
			const char **argv2 = suite_argv_with(s->argv, n, "--raise-limits");

			if (!argv2)
				rc = -ENOMEM;
			else
				rc = plan_bench(bench_find(s->argv[0]), n + 1, (char **)argv2, &plan,
						&a);
			continue;
		}
		rc = plan_bench(bench_find(s->argv[0]), n, (char **)s->argv, &plan, &a);
	}
	if (!rc) {
		counters_json = counters_meta(NULL, req.quiet);
		rc = execute_plan(&req, &plan, counters_json);
		free(counters_json);
	}
	runner_plan_free(&plan);
	results_free(&results);
	free_argv_copies();
	return restore_settings(rc);
}

static int run_worker(int argc, char **argv)
{
	const struct bench *bench = argc > 0 ? bench_find(argv[0]) : NULL;
	struct bench_args a;
	struct emitter e;
	char why[1024];
	int rc;

	if (!bench || args_parse(argc, argv, bench, benches, &a, why, sizeof(why)) || a.help ||
	    a.worker_fd < 0 ||
	    a.method_count == 0)
		return EXIT_USAGE;
	if (emitter_open(&e, a.worker_fd))
		return 1;
	rc = bench->measure(&a, &e);
	emitter_close(&e);
	return rc ? 3 : 0;
}

struct list_state {
	FILE *fp;
};

static void list_method(const struct method *m, void *arg)
{
	struct list_state *ls = arg;
	struct method_sel sel;
	char why[512] = "";
	int rc = methods_resolve(m->name, &sel, why, sizeof(why));

	if (!rc)
		rc = methods_probe(&sel, why, sizeof(why));
	fprintf(ls->fp, "  %-20s %-4s %s%s%s\n", m->name, rc ? "no" : "yes", m->summary,
		rc ? "\n                            why not: " : "", rc ? why : "");
}

static int cmd_list(int argc, char **argv)
{
	struct list_state ls = { stdout };

	(void)argv;
	if (argc > 1)
		usage_error("%s", "list takes no arguments");
	runner_install_signal_handlers();
	printf("methods (name, runs here, what it does):\n");
	methods_foreach(list_method, &ls);
	printf("  clone:FLAGS, clone3:FLAGS   any flag set, e.g. clone:vm,vfork (names without CLONE_)\n"
	       "  METHOD+exec                 the method followed by execve of --exec "
	       "static|dynamic|PATH\n\nbenches:\n");
	for (const struct bench *const *b = benches; *b; b++) {
		char why[512] = "";
		int rc = (*b)->available ? (*b)->available(why, sizeof(why)) : 0;

		printf("  %-12s %s%s%s\n", (*b)->name, (*b)->summary,
		       rc ? "\n                            why not: " : "", rc ? why : "");
	}
	return 0;
}

/* The THP size controls, and global settings a run saved: one in progress, or one that died
 * and that this call restores when it may (DESIGN §9). */
static void info_settings(FILE *fp)
{
	char why[1024];
	int rc;

	fprintf(fp, "\nTHP sizes (anonymous memory)\n");
	thp_sizes_print(fp);
	fprintf(fp, "\nSaved global settings (%s)\n", SYS_SETTINGS_SAVE_PATH);
	if (sys_settings_recover(why, sizeof(why)))
		fprintf(fp, "  %s\n", why);
	rc = sys_settings_describe_saved(fp, "  ");
	if (rc)
		fprintf(fp, "  %s: unreadable: %s\n", SYS_SETTINGS_SAVE_PATH, strerror(-rc));
}

static int cmd_info(int argc, char **argv)
{
	bool json = false, events = false, all = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--run-id")) {
			char run_id[256];

			sysinfo_run_id(run_id, sizeof(run_id));
			printf("%s\n", run_id);
			return 0;
		}
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--events"))
			events = true;
		else if (!strcmp(argv[i], "--all"))
			all = true;
		else
			usage_error("info: unknown option '%s' (accepted: --json, --events [--all])",
				    argv[i]);
	}
	if (events) {
		counters_print_info(stdout, all);
		return 0;
	}
	if (json) {
		struct counters *ctr = NULL;
		char restore_why[1024];

		if (sys_settings_recover(restore_why, sizeof(restore_why)))
			fprintf(stderr, "forkbench: %s\n", restore_why);
		char why[256], run_id[256], now[32];
		struct sysinfo_run run = { .run_id = run_id, .command_line = "forkbench info --json",
					   .started_utc = now };

		sysinfo_run_id(run_id, sizeof(run_id));
		sysinfo_utc_now(now, sizeof(now));
		if (counters_open(NULL, &ctr, why, sizeof(why)) == 0)
			run.counters_json = counters_describe_json(ctr);
		sysinfo_write_json(stdout, &run, 2);
		fputc('\n', stdout);
		free((void *)run.counters_json);
		counters_close(ctr);
		return 0;
	}
	sysinfo_print(stdout);
	info_settings(stdout);
	return 0;
}

/* compare lives in its own program beside this one (see the Makefile for why). */
static int cmd_compare(int argc, char **argv)
{
	char self[4096], path[4200], **args;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0) {
		fprintf(stderr, "forkbench: compare: cannot find my own path: %s\n", strerror(errno));
		return 1;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/forkbench-compare", self);
	args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args)
		return 1;
	args[0] = path;
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	execv(path, args);
	fprintf(stderr, "forkbench: compare: cannot run %s: %s (run make)\n", path, strerror(errno));
	free(args);
	return 1;
}

/* `forkbench label FILE.csv|RUN_DIR`: the CSV (a run directory: its summary.csv) on stdout
 * with its `config` column, built from the key columns by config_label: how the scripts and
 * aggregate read runs written before the column existed. */
static int cmd_label(int argc, char **argv)
{
	char path[4200], why[512] = "", *text = NULL;
	size_t text_len = 0;
	struct stat st;
	FILE *in, *out;
	int rc;

	if (argc != 2)
		usage_error("%s", "label: expected one CSV file or run directory");
	snprintf(path, sizeof(path), "%s", argv[1]);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		snprintf(path, sizeof(path), "%s/summary.csv", argv[1]);
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "forkbench label: %s: %s\n", path, strerror(errno));
		return 2;
	}
	/* Bad input writes nothing: the labelled copy is held until the whole file has passed. */
	out = open_memstream(&text, &text_len);
	rc = out ? config_label_csv(in, out, path, why, sizeof(why)) : -errno;
	fclose(in);
	if (out && fclose(out) && !rc)
		rc = -errno;
	if (!rc && (fwrite(text, 1, text_len, stdout) != text_len || fflush(stdout)))
		rc = -errno;
	free(text);
	if (rc) {
		fprintf(stderr, "forkbench label: %s\n", why[0] ? why : strerror(-rc));
		return 2;
	}
	return 0;
}

static void print_help(FILE *fp)
{
	fprintf(fp,
		"usage: forkbench COMMAND [options]\n\n"
		"  list                       methods and benches, and whether each runs here\n"
		"  info [--json] [--events [--all]] [--run-id]  machine, kernel, counters\n"
		"  suite [--smoke|--quick|--full] [--raise-limits] [-o DIR]  the default suite (what make bench runs)\n"
		"  compare RUN_A RUN_B [...] [--alpha P] [--csv|--markdown]  changes between runs\n"
		"  label FILE.csv|RUN_DIR     the CSV with its config column (for older runs)\n");
	for (const struct bench *const *b = benches; *b; b++)
		fprintf(fp, "  %-26s %s\n", (*b)->name, (*b)->summary);
	fprintf(fp,
		"\nforkbench BENCH --help (or forkbench help BENCH): a bench's options, its own and\n"
		"the common ones, with defaults and accepted values. See README.md.\n");
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "list", cmd_list },
	{ "info", cmd_info },
	{ "suite", cmd_suite },
	{ "compare", cmd_compare },
	{ "label", cmd_label },
};

int main(int argc, char **argv)
{
	const struct bench *bench;

	if (argc < 2)
		usage_error("%s", "no command given (try: forkbench help)");
	if (!strcmp(argv[1], "__worker"))
		return run_worker(argc - 2, argv + 2);
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 3 || (argc == 3 && strcmp(argv[1], "help")))
			usage_error("%s", "help takes one bench name at most (forkbench help BENCH)");
		if (argc == 3 && !bench_find(argv[2]))
			usage_error("no bench named '%s' (forkbench help lists them)", argv[2]);
		if (argc == 3)
			args_print_help(stdout, bench_find(argv[2]));
		else
			print_help(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	bench = bench_find(argv[1]);
	if (!bench)
		usage_error("unknown command '%s' (try: forkbench help)", argv[1]);
	return run_bench(bench, argc - 1, argv + 1, argc, argv);
}
