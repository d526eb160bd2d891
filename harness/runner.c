/* The coordinator: plans are run one configuration and repetition at a time, each in a fresh
 * worker (a re-exec of /proc/self/exe), whose records arrive on a pipe. The coordinator never
 * creates benchmark children itself; it only reaps what a dead worker left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "run_store.h"
#include "runner.h"
#include "run_eta.h"
#include "config_label.h"
#include "sysinfo.h"

#define WORKER_FD 3
#define SPAWN_RETRIES 8 /* EAGAIN/ENOMEM back-off before a worker counts as not started */
#define DRAIN_ROUNDS 2000 /* 1 ms apart: how long a dead worker's group gets to die (~2 s) */
#define DRAIN_LISTED 4    /* pids named in a configuration's note; the rest are counted */

static volatile sig_atomic_t interrupted_signo;
static volatile pid_t current_worker_pgid;

static void on_stop_signal(int signo)
{
	interrupted_signo = signo;
	if (current_worker_pgid > 0)
		kill(-current_worker_pgid, SIGKILL);
}

void runner_install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	const int signals[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);
	/* A reader that goes away (forkbench ... | head) must not kill the run silently: writes
	 * fail with EPIPE instead and the error is reported. */
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

int runner_interrupted(void)
{
	return interrupted_signo;
}

static void reap_strays(void)
{
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		;
}

/* After a worker has gone: kills what is left of its process group (children it created and
 * left, adopted by us as subreaper) and reaps them until none is left, for at most ~2 s. Dying
 * takes time (100 footprint children, a large address space to unmap); without this wait they
 * could outlive a coordinator that exits right away on SIGINT, and end as init's zombies.
 * False when the group outlived the wait: see report_undrained. */
static bool drain_worker_group(pid_t pgid)
{
	for (int i = 0; i < DRAIN_ROUNDS; i++) {
		pid_t r;

		kill(-pgid, SIGKILL);
		while ((r = waitpid(-1, NULL, WNOHANG | __WALL)) > 0)
			;
		if (r < 0 && errno == ECHILD)
			return true; /* no child of ours left at all */
		if (kill(-pgid, 0) < 0 && errno == ESRCH) {
			reap_strays();
			return true; /* the group is gone; other children are not the worker's */
		}
		nanosleep(&(struct timespec){ 0, 1000000L }, NULL);
	}
	return false;
}

static const char *state_name(char state)
{
	switch (state) {
	case 'D':
		return "uninterruptible sleep";
	case 'Z':
		return "zombie";
	case 'T':
		return "stopped";
	case 't':
		return "traced";
	case 'R':
		return "running";
	case 'S':
		return "sleeping";
	}
	return "?";
}

/* The processes of group pgid still there, as "PID STATE (name)" items, the first `listed` of
 * them and "and N more", into *out (malloc'd, NULL when out of memory); how many there are.
 * From /proc/PID/stat: the state, ppid and pgrp follow the ')' that closes the command name
 * (which may hold anything, ')' included). */
static int group_leftovers(pid_t pgid, int listed, char **out)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	size_t len = 0;
	FILE *fp;
	int count = 0;

	*out = NULL;
	fp = open_memstream(out, &len);
	if (!fp) {
		if (dir)
			closedir(dir);
		return 0;
	}
	while (dir && (de = readdir(dir))) {
		char path[300], stat_text[512], state, *close_paren;
		int fd, ppid, pgrp;
		ssize_t n;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.255s/stat", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, stat_text, sizeof(stat_text) - 1);
		close(fd);
		if (n <= 0)
			continue;
		stat_text[n] = '\0';
		close_paren = strrchr(stat_text, ')');
		if (!close_paren ||
		    sscanf(close_paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3 || pgrp != pgid)
			continue;
		if (count++ < listed)
			fprintf(fp, "%s%s %c (%s)", count > 1 ? ", " : "", de->d_name, state,
				state_name(state));
	}
	if (dir)
		closedir(dir);
	if (count > listed)
		fprintf(fp, " and %d more", count - listed);
	if (fclose(fp)) {
		free(*out);
		*out = NULL;
	}
	return count;
}

/* A group that would not die (a process in uninterruptible sleep ignores SIGKILL until it
 * wakes: a hung NFS or FUSE request, a frozen cgroup) is said once on stderr and in the
 * configuration's note, and left behind: the run goes on with the next worker. */
static void report_undrained(const struct runner_opts *o, const struct runner_entry *e,
			     pid_t pgid, struct config_result *c)
{
	char *all, *few = NULL, *note = NULL;
	int count = group_leftovers(pgid, 64, &all);

	if (!count)
		goto out; /* it went in the meantime */
	group_leftovers(pgid, DRAIN_LISTED, &few);
	fprintf(stderr,
		"%sforkbench: warning: %s: %d process%s of the worker's group (%d) still there "
		"after %d s of SIGKILL: %s; left behind, the run goes on\n",
		o->progress ? "\r\033[K" : "", e->key.method, count, count == 1 ? "" : "es",
		(int)pgid, DRAIN_ROUNDS / 1000, all ? all : "?");
	if (asprintf(&note, "worker group not drained after %d s: %s", DRAIN_ROUNDS / 1000,
		     few ? few : "?") < 0)
		note = NULL;
	/* Out of memory here, the stderr line above is what is left of it. */
	if (note)
		results_note_append(c, note);
out:
	free(all);
	free(few);
	free(note);
}

int runner_plan_add(struct runner_plan *p, const struct config_key *key,
		    const char *const *override_argv)
{
	struct runner_entry *e;

	/* A key planned twice (a suite's groups overlap: posix_spawn static in latency and in
	 * exec, a cow region in two sweeps) is one configuration and runs once, with the most
	 * repetitions either asked for: two processes' samples must never pool as one repetition,
	 * and samples.csv.gz's (rep, iter) must name one sample (DESIGN §7). */
	for (size_t i = 0; i < p->count; i++)
		if (results_key_equal(&p->entries[i].key, key)) {
			uint64_t reps = p->repetitions ? p->repetitions : 1;

			if (reps > p->entries[i].repetitions)
				p->entries[i].repetitions = reps;
			return 0;
		}
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		void *n = realloc(p->entries, cap * sizeof(*p->entries));

		if (!n)
			return -ENOMEM;
		p->entries = n;
		p->cap = cap;
	}
	e = &p->entries[p->count];
	memset(e, 0, sizeof(*e));
	e->key = *key;
	e->bench_name = p->bench_name;
	e->base_argc = p->base_argc;
	e->base_argv = p->base_argv;
	e->repetitions = p->repetitions ? p->repetitions : 1;
	e->expected_rep_s = run_eta_repetition_s(key, p->max_time_s > 0 ? p->max_time_s : 2.0);
	for (int i = 0; override_argv && override_argv[i] && i < RUNNER_MAX_OVERRIDES; i++) {
		e->override_argv[i] = strdup(override_argv[i]);
		if (!e->override_argv[i]) {
			/* The entry is not counted: free what it already holds. */
			while (e->override_argc > 0)
				free(e->override_argv[--e->override_argc]);
			return -ENOMEM;
		}
		e->override_argc++;
	}
	p->count++;
	return 0;
}

int runner_plan_skip(struct runner_plan *p, const struct config_key *key, const char *fmt, ...)
{
	char *reason;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&reason, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	rc = results_add_skip(p->results, key, reason);
	free(reason);
	return rc;
}

int runner_plan_skip_from(struct runner_plan *p, size_t first, const char *reason)
{
	int rc = 0;

	while (p->count > first) {
		struct runner_entry *e = &p->entries[--p->count];

		if (!rc)
			rc = runner_plan_skip(p, &e->key, "%s", reason);
		for (int j = 0; j < e->override_argc; j++)
			free(e->override_argv[j]);
	}
	return rc;
}

int runner_plan_derived_file(struct runner_plan *p, const struct results_file *f)
{
	for (size_t i = 0; i < p->derived_count; i++)
		if (p->derived[i] == f)
			return 0;
	if (p->derived_count == RESULTS_MAX_DERIVED)
		return -ENOSPC;
	p->derived[p->derived_count++] = f;
	return 0;
}

/* A configuration's point, whatever its method: what a suite spends its time on. */
static void point_of(const struct config_key *k, struct config_key *point)
{
	*point = *k;
	point->method[0] = point->flags[0] = point->exec[0] = '\0';
}

double runner_plan_expected_s(const struct runner_plan *p, char *top, size_t top_len)
{
	struct { struct config_key key; double s; size_t n; } best[3] = { 0 };
	size_t used = 0;
	double total = 0;

	for (size_t i = 0; i < p->count; i++)
		total += p->entries[i].expected_rep_s * (double)p->entries[i].repetitions;
	/* The three points (all methods together) expected to take longest. */
	for (size_t i = 0; top_len && i < p->count; i++) {
		struct config_key point, other;
		double s = 0;
		size_t n = 0;
		bool seen = false;

		point_of(&p->entries[i].key, &point);
		for (size_t j = 0; j < p->count && !seen; j++) {
			point_of(&p->entries[j].key, &other);
			if (!results_key_equal(&point, &other))
				continue;
			seen = j < i; /* counted at its first entry */
			s += p->entries[j].expected_rep_s * (double)p->entries[j].repetitions;
			n++;
		}
		for (size_t k = 0; !seen && k < 3; k++)
			if (s > best[k].s) {
				memmove(&best[k + 1], &best[k], (2 - k) * sizeof(best[0]));
				best[k].key = point;
				best[k].s = s;
				best[k].n = n;
				break;
			}
	}
	if (top_len)
		top[0] = '\0';
	for (size_t k = 0; k < 3 && best[k].n && used + 1 < top_len; k++) {
		char label[CONFIG_LABEL_MAX], dur[32];

		const char *shown = label;

		/* A key without a method labels as "-": the point alone is what is meant. */
		config_label(&best[k].key, label, sizeof(label));
		shown += strspn(shown, "- ");
		run_eta_format(best[k].s, dur, sizeof(dur));
		used += (size_t)snprintf(top + used, top_len - used, "%s%s%s%s (%zu configuration%s) %s",
					 k ? ", " : "", best[k].key.bench, shown[0] ? " " : "", shown,
					 best[k].n,
					 best[k].n == 1 ? "" : "s", dur);
	}
	return total;
}

int runner_plan_meta_item(struct runner_plan *p, const char *json)
{
	size_t have = p->full_sweeps_json ? strlen(p->full_sweeps_json) : 0;
	char *grown = realloc(p->full_sweeps_json, have + strlen(json) + 2);

	if (!grown)
		return -ENOMEM;
	p->full_sweeps_json = grown;
	if (have)
		grown[have++] = ',';
	strcpy(grown + have, json);
	return 0;
}

void runner_plan_free(struct runner_plan *p)
{
	free(p->full_sweeps_json);
	p->full_sweeps_json = NULL;
	for (size_t i = 0; i < p->count; i++)
		for (int j = 0; j < p->entries[i].override_argc; j++)
			free(p->entries[i].override_argv[j]);
	free(p->entries);
	p->entries = NULL;
	p->count = p->cap = 0;
}

#define RUNNER_MAX_WATCHED 16 /* metrics one stop rule reads; the benches read 1 to 3 */

/* What one worker said about its configuration. */
struct worker_outcome {
	bool converged;
	char watched[RUNNER_MAX_WATCHED][48]; /* the metrics the stop rule read */
	int watched_count;
	char *skip; /* why it was skipped or failed, whole; NULL: it ran */
	bool failed;
};

/* Says why the configuration did not run, unless something has said so already (the first
 * reason is the cause; later ones follow from it). */
__attribute__((format(printf, 2, 3))) static void outcome_skip(struct worker_outcome *w,
								   const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (w->skip)
		return;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	/* Out of memory: a short constant still fails the configuration rather than losing it. */
	w->skip = text ? text : strdup("failed: out of memory recording why");
}

/* "C <0|1> metric..." into w: the stop's verdict applies to exactly the metrics named. */
static int parse_converged(const char *text, struct worker_outcome *w)
{
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if ((text[0] != '0' && text[0] != '1') || (text[1] && text[1] != ' '))
		return -EINVAL;
	w->converged = text[0] == '1';
	w->watched_count = 0;
	copy = strdup(text + 1);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (w->watched_count == RUNNER_MAX_WATCHED || strlen(tok) >= sizeof(w->watched[0])) {
			ret = -EINVAL;
			break;
		}
		snprintf(w->watched[w->watched_count++], sizeof(w->watched[0]), "%s", tok);
	}
	free(copy);
	return ret;
}

static int parse_record(char *line, struct config_result *c, int rep, struct worker_outcome *w)
{
	char metric[48], unit[16];
	double value;
	size_t len = strlen(line);

	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (len < 2 || line[1] != ' ')
		return -EINVAL;
	switch (line[0]) {
	case 'S':
		/* A sample must be a number: samples.csv.gz has no spelling for inf or NaN, and a
		 * summary over one would be meaningless. */
		if (sscanf(line + 2, "%47s %15s %lf", metric, unit, &value) != 3 ||
		    !isfinite(value))
			return -EINVAL;
		return results_add_sample(c, metric, unit, rep, value);
	case 'C':
		return parse_converged(line + 2, w);
	case 'N':
		return results_note_append(c, line + 2);
	case 'P': {
		int cpus;

		if (sscanf(line + 2, "%d", &cpus) != 1 || cpus < 1)
			return -EINVAL;
		if (cpus > c->worker_cpus)
			c->worker_cpus = cpus;
		return 0;
	}
	case 'K':
	case 'E':
		/* The worker's own last word wins over what the coordinator inferred before. */
		free(w->skip);
		w->skip = NULL;
		outcome_skip(w, "%s%s", line[0] == 'E' ? "failed: " : "", line + 2);
		w->failed = line[0] == 'E';
		return 0;
	}
	return -EINVAL;
}

static int spawn_worker(const struct runner_opts *o, const struct runner_entry *e, uint64_t rep,
			int write_fd, pid_t *pid_out)
{
	char rep_text[24], fd_text[16], pid_text[24];
	char **argv;
	int argc = 0, rc;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t defaults;

	argv = calloc((size_t)e->base_argc + RUNNER_MAX_OVERRIDES + 12, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	argv[argc++] = "forkbench";
	argv[argc++] = "__worker";
	for (int i = 0; i < e->base_argc; i++)
		argv[argc++] = e->base_argv[i];
	for (int i = 0; i < e->override_argc; i++)
		argv[argc++] = e->override_argv[i];
	snprintf(rep_text, sizeof(rep_text), "%llu", (unsigned long long)rep);
	snprintf(fd_text, sizeof(fd_text), "%d", WORKER_FD);
	argv[argc++] = "--rep";
	argv[argc++] = rep_text;
	argv[argc++] = "--worker-fd";
	argv[argc++] = fd_text;
	/* The worker checks its parent is still us after PR_SET_PDEATHSIG: were we gone by then,
	 * it would belong to some subreaper above us, whose pid it cannot guess. */
	snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
	argv[argc++] = "--coordinator-pid";
	argv[argc++] = pid_text;
	/* Where the run's files go: --rss-kind file puts its (unlinked) file on that file
	 * system, the one the run is about. */
	argv[argc++] = "--run-dir";
	argv[argc++] = (char *)o->out_dir;
	argv[argc] = NULL;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, write_fd, WORKER_FD);
	posix_spawnattr_init(&attr);
	/* Its own process group, so one kill reaches the worker and every child it created. */
	posix_spawnattr_setpgroup(&attr, 0);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGHUP);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(pid_out, "/proc/self/exe", &fa, &attr, argv, NULL);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	return -rc;
}

static void describe_wait_status(int status, char *out, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(out, len, "worker killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(out, len, "worker exited with status %d without a reason",
			 WEXITSTATUS(status));
}

/* Runs one repetition of one configuration; adds its samples to c. */
static int run_one(const struct runner_opts *o, const struct runner_entry *e, uint64_t rep,
		   struct config_result *c, struct worker_outcome *w)
{
	int pipefd[2], write_fd, status = 0, rc;
	pid_t pid;
	FILE *in;
	char *line = NULL;
	size_t cap = 0;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	/* Keep the write end away from WORKER_FD so the dup2 in the worker really clears CLOEXEC.
	 * Only move it when it is there: a fixed target such as 10 fails with EINVAL under a low
	 * RLIMIT_NOFILE. */
	write_fd = pipefd[1];
	if (write_fd == WORKER_FD) {
		write_fd = fcntl(pipefd[1], F_DUPFD_CLOEXEC, WORKER_FD + 1);
		close(pipefd[1]);
		if (write_fd < 0) {
			rc = errno == EINVAL ? -EMFILE : -errno;
			close(pipefd[0]);
			return rc;
		}
	}
	/* EAGAIN under pids.max or RLIMIT_NPROC may pass (the last worker's children are still
	 * being torn down): back off a bounded number of times, as the benches do. */
	for (int attempt = 0; attempt <= SPAWN_RETRIES; attempt++) {
		rc = spawn_worker(o, e, rep, write_fd, &pid);
		if (rc != -EAGAIN && rc != -ENOMEM)
			break;
		reap_strays();
		nanosleep(&(struct timespec){ 0, 1000000L << attempt }, NULL);
	}
	close(write_fd);
	if (rc) {
		close(pipefd[0]);
		return rc;
	}
	current_worker_pgid = pid;
	if (interrupted_signo) /* a signal that came while spawning */
		kill(-pid, SIGKILL);
	in = fdopen(pipefd[0], "r");
	if (!in) {
		close(pipefd[0]);
		kill(-pid, SIGKILL);
	} else {
		for (;;) {
			errno = 0;
			if (getline(&line, &cap, in) < 0) {
				if (errno == EINTR && !interrupted_signo) {
					clearerr(in);
					continue;
				}
				break;
			}
			if (parse_record(line, c, (int)rep, w))
				outcome_skip(w, "failed: malformed record from worker");
		}
		free(line);
		fclose(in);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* Whatever the worker created and left (it died mid-creation) dies and is reaped here. */
	if (!drain_worker_group(pid))
		report_undrained(o, e, pid, c);
	current_worker_pgid = 0;
	if (!w->skip && !(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
	    !interrupted_signo) {
		char how[128];

		describe_wait_status(status, how, sizeof(how));
		outcome_skip(w, "failed: %s", how);
		w->failed = true;
	}
	return 0;
}

static char *build_meta(const struct runner_opts *o, const struct runner_plan *p,
			const struct run_store *store, const char *started, const char *finished)
{
	char *files = run_store_files_json(store);
	struct sysinfo_run run = {
		.full_sweeps_json = p->full_sweeps_json,
		.run_id = o->run_id,
		.command_line = o->command_line,
		.started_utc = started,
		.finished_utc = finished,
		.counters_json = o->counters_json,
		.files_json = files,
	};
	char *meta = files ? sysinfo_json_string(&run) : NULL;

	free(files);
	return meta;
}

/* The run's clock for its ETA: what was expected of the work done so far against what it took. */
struct eta {
	uint64_t start_ns, last_line_ns;
	double total_s, done_s;
};

/* The remaining expected time, scaled by how the estimate has held so far (from the first
 * minute on: before that one slow worker start would swing it). */
static double eta_left_s(const struct eta *t)
{
	double elapsed_s = (double)(clock_now_ns() - t->start_ns) / 1e9;
	double left_s = t->total_s - t->done_s;

	if (t->done_s > 0 && elapsed_s > 60)
		left_s *= elapsed_s / t->done_s;
	return left_s > 0 ? left_s : 0;
}

static void progress(const struct runner_opts *o, size_t i, size_t n, const struct runner_entry *e,
		     uint64_t rep, struct eta *t)
{
	char left[32], label[CONFIG_LABEL_MAX];
	uint64_t now = clock_now_ns();

	if (!o->progress && !(o->progress_lines && now - t->last_line_ns >= 60000000000ull))
		return;
	t->last_line_ns = now;
	run_eta_format(eta_left_s(t), left, sizeof(left));
	config_label(&e->key, label, sizeof(label));
	fprintf(stderr, "%s[%zu/%zu] %s %s", o->progress ? "\r\033[K" : "forkbench: ", i + 1, n,
		e->bench_name, label);
	if (e->repetitions > 1)
		fprintf(stderr, " rep %llu/%llu", (unsigned long long)rep,
			(unsigned long long)e->repetitions);
	fprintf(stderr, ", about %s left%s", left, o->progress ? "" : "\n");
	fflush(stderr);
}

/* Where each planned configuration stands across the repetition rounds. */
struct entry_state {
	long config;        /* index into results->configs once a repetition completed, else -1 */
	uint64_t reps_done;
	bool finished;      /* skipped or failed: no more repetitions */
	struct run_store_members members; /* its repetitions' samples in samples.csv.gz */
};

/* Rewrites the atomic set (DESIGN §7) from the folded summaries; samples.csv.gz is not part of
 * it: its members were appended as repetitions completed, and meta.json records their length. */
static int write_files(const struct runner_opts *o, const struct runner_plan *p,
		       struct run_store *store, struct entry_state *state, const char *started,
		       const char *finished, char *why, size_t why_len)
{
	uint64_t begin_ns = run_store_set_begin();
	char *meta;
	int rc = 0;

	/* Every configuration a repetition came to since the last write gets its summary now. */
	for (size_t i = 0; !rc && i < p->count; i++)
		if (state[i].config >= 0)
			rc = run_store_fold(store, &p->results->configs[state[i].config],
					    &state[i].members);
	if (rc) {
		snprintf(why, why_len, "cannot read the samples back from %s/%s: %s", o->out_dir,
			 SAMPLES_GZ_NAME, strerror(-rc));
		return rc;
	}
	meta = build_meta(o, p, store, started, finished);
	if (!meta) {
		snprintf(why, why_len, "out of memory building meta.json");
		return -ENOMEM;
	}
	/* Checkpoints skip the fsyncs (milliseconds each, most of a small set's cost): they guard
	 * against the run being killed, which the page cache survives; the last write is durable. */
	rc = results_write_all_opts(o->out_dir, p->results, meta, p->derived, p->derived_count,
				    finished != NULL || interrupted_signo);
	free(meta);
	run_store_set_end(store, begin_ns);
	if (rc)
		snprintf(why, why_len, "cannot write the results into %s: %s", o->out_dir,
			 strerror(-rc));
	return rc;
}


/* Removes configuration index `config` from the results (an earlier repetition completed, a
 * later one failed) and renumbers the entries that point past it. */
static void drop_config(struct runner_plan *p, struct entry_state *state, long config)
{
	struct run_results *r = p->results;

	results_free_config(&r->configs[config]);
	memmove(&r->configs[config], &r->configs[config + 1],
		(r->config_count - (size_t)config - 1) * sizeof(*r->configs));
	r->config_count--;
	for (size_t j = 0; j < p->count; j++) {
		if (state[j].config == config)
			state[j].config = -1;
		else if (state[j].config > config)
			state[j].config--;
	}
}

/* One repetition of one configuration, into its own scratch result: samples reach the run only
 * once the repetition completed, so an interrupted or failed one leaves nothing behind. */
static int run_repetition(const struct runner_opts *o, struct runner_plan *p,
			  struct run_store *store, struct entry_state *state, size_t i,
			  uint64_t rep, char *why, size_t why_len)
{
	const char *watched[RUNNER_MAX_WATCHED];
	const struct runner_entry *e = &p->entries[i];
	struct entry_state *st = &state[i];
	struct config_result scratch = { .key = e->key };
	struct worker_outcome w = { 0 };
	struct config_result *c;
	char reason[512];
	int rc = 0;

	if (o->prepare && o->prepare(e, reason, sizeof(reason)))
		outcome_skip(&w, "%s", reason);
	else
		rc = run_one(o, e, rep, &scratch, &w);

	if (rc == -EAGAIN || rc == -ENOMEM) {
		/* Out of processes or memory for now: this configuration fails, the run goes on
		 * (DESIGN §9). */
		outcome_skip(&w, "failed: cannot start a worker: %s (%s) after back-off retries",
			     strerror(-rc), strerrorname_np(-rc));
		w.failed = true;
		rc = 0;
	}
	if (rc || interrupted_signo)
		goto out;
	if (w.skip) {
		/* A configuration that fails in any repetition fails as a whole. */
		/* Its earlier repetitions' samples stay in samples.csv.gz (appended, never
		 * rewritten): readers match samples to summary rows, and skipped.csv says why
		 * this configuration has none (DESIGN §7). */
		if (st->config >= 0)
			drop_config(p, state, st->config);
		run_store_members_free(&st->members);
		st->finished = true;
		rc = results_add_skip(p->results, &e->key, w.skip);
		if (!o->progress && w.failed)
			fprintf(stderr, "forkbench: %s: %s\n", e->key.method, w.skip);
		goto out;
	}
	if (st->config < 0) {
		rc = results_add_config(p->results, &e->key, &c);
		if (rc)
			goto out;
		st->config = (long)(c - p->results->configs);
	}
	c = &p->results->configs[st->config];
	/* The samples go to samples.csv.gz and c is refolded over every repetition so far; the
	 * verdict goes to the metrics the stop read, per repetition (AND over them in
	 * results_summarize_metric). Part by part, the note: what an earlier repetition said
	 * already is not repeated, and every part it did not say is kept whole. */
	for (int k = 0; k < w.watched_count; k++)
		watched[k] = w.watched[k];
	rc = run_store_add_repetition(store, c, &st->members, &scratch, watched, w.watched_count,
				      w.converged);
	if (!rc && scratch.note)
		rc = results_note_append(c, scratch.note);
	if (scratch.worker_cpus > c->worker_cpus)
		c->worker_cpus = scratch.worker_cpus;
	if (rc) {
		snprintf(why, why_len, "cannot store the samples in %s/%s: %s", o->out_dir,
			 SAMPLES_GZ_NAME, strerror(-rc));
		goto out;
	}
	st->reps_done++;
	c->reps = (int)st->reps_done;
out:
	free(w.skip);
	results_free_config(&scratch);
	return rc;
}

/* Repetitions run round by round (repetition 1 of every configuration, then repetition 2, ...),
 * so drift of the machine over the run spreads across each configuration's repetitions instead
 * of shifting all of one configuration's together: that spread is what compare tests. */
int runner_run(const struct runner_opts *o, struct runner_plan *p, char *why, size_t why_len)
{
	char started[32], finished[32];
	struct entry_state *state = calloc(p->count ? p->count : 1, sizeof(*state));
	struct run_store store;
	uint64_t rounds = 0;
	struct eta eta = { clock_now_ns(), 0, runner_plan_expected_s(p, NULL, 0), 0 };
	int rc;

	if (!state) {
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < p->count; i++) {
		state[i] = (struct entry_state){ .config = -1 };
		if (p->entries[i].repetitions > rounds)
			rounds = p->entries[i].repetitions;
	}
	sysinfo_utc_now(started, sizeof(started));
	rc = run_store_open(&store, o->out_dir, why, why_len);
	if (!rc)
		rc = write_files(o, p, &store, state, started, NULL, why, why_len);
	for (uint64_t rep = 1; !rc && rep <= rounds && !interrupted_signo; rep++) {
		for (size_t i = 0; !rc && i < p->count && !interrupted_signo; i++) {
			if (state[i].finished || rep > p->entries[i].repetitions)
				continue;
			progress(o, i, p->count, &p->entries[i], rep, &eta);
			why[0] = '\0';
			rc = run_repetition(o, p, &store, state, i, rep, why, why_len);
			eta.done_s += p->entries[i].expected_rep_s;
			if (rc) {
				if (!why[0])
					snprintf(why, why_len, "cannot run a worker: %s",
						 strerror(-rc));
				break;
			}
			if (interrupted_signo && state[i].config < 0)
				results_add_skip(p->results, &p->entries[i].key,
						 "interrupted before it completed");
			if (!interrupted_signo && run_store_set_due(&store))
				rc = write_files(o, p, &store, state, started, NULL, why, why_len);
		}
	}
	for (size_t i = 0; interrupted_signo && i < p->count; i++)
		if (state[i].config >= 0 && state[i].reps_done < p->entries[i].repetitions) {
			char text[96];

			snprintf(text, sizeof(text), "interrupted after %llu of %llu repetitions",
				 (unsigned long long)state[i].reps_done,
				 (unsigned long long)p->entries[i].repetitions);
			results_note_append(&p->results->configs[state[i].config], text);
		}
	if (o->progress)
		fprintf(stderr, "\r\033[K");
	if (!rc) {
		sysinfo_utc_now(finished, sizeof(finished));
		rc = write_files(o, p, &store, state, started, finished, why, why_len);
	}
	for (size_t i = 0; i < p->count; i++)
		run_store_members_free(&state[i].members);
	free(state);
	run_store_close(&store);
	if (rc)
		return rc;
	return interrupted_signo ? 128 + interrupted_signo : 0;
}

/* ---- worker side ---- */

int emitter_open(struct emitter *e, int fd)
{
	/* The spawn's dup2 cleared CLOEXEC; set it again so exec targets do not inherit the
	 * record pipe (an extra fd in every target, and a held target would keep it open). */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	e->fp = fdopen(fd, "w");
	return e->fp ? 0 : -errno;
}

void emitter_close(struct emitter *e)
{
	if (e->fp)
		fclose(e->fp);
	e->fp = NULL;
}

void emit_sample(struct emitter *e, const char *metric, const char *unit, double value)
{
	fprintf(e->fp, "S %s %s %.17g\n", metric, unit, value);
}

void emit_cpu_set(struct emitter *e, int cpus)
{
	fprintf(e->fp, "P %d\n", cpus);
}

void emit_sample_cb(void *emitter, const char *metric, const char *unit, double value)
{
	emit_sample(emitter, metric, unit, value);
}

void emit_converged(struct emitter *e, bool converged, const char *const *watched)
{
	fprintf(e->fp, "C %d", converged ? 1 : 0);
	for (; watched && *watched; watched++)
		fprintf(e->fp, " %s", *watched);
	fputc('\n', e->fp);
}

/* Any length: the coordinator reads records with getline, so a long note arrives whole. */
static void emit_text(struct emitter *e, char tag, const char *fmt, va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0) {
		/* Out of memory in the worker: say so rather than lose the record silently. */
		fprintf(e->fp, "%c (a record was lost: out of memory)\n", tag);
		return;
	}
	/* One record per line: a newline inside the text would start a bogus record. */
	for (char *p = text; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(e->fp, "%c %s\n", tag, text);
	free(text);
}

void emit_note(struct emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_text(e, 'N', fmt, ap);
	va_end(ap);
}

void emit_skip(struct emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_text(e, 'K', fmt, ap);
	va_end(ap);
}

void emit_error(struct emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_text(e, 'E', fmt, ap);
	va_end(ap);
}
