/* Command-line options of the benches (DESIGN §2) as one table: getopt_long parses, each option's
 * value is validated on the spot and a bad one becomes a single line naming the option, the
 * value and what is accepted. Options that belong to one bench are refused by the others. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "bench.h"
#include "methods.h"
#include "parse.h"
#include "sysinfo.h"

enum args_opt {
	OPT_OUT = 'o', OPT_SAMPLES = 'n', OPT_EVENTS = 'e', OPT_METHODS = 'm', OPT_QUIET = 'q',
	OPT_PRECISION = 256, OPT_MAX_TIME, OPT_WARMUP, OPT_REPETITIONS, OPT_CPU, OPT_RSS,
	OPT_TOUCH, OPT_THP, OPT_THREADS, OPT_FDS, OPT_VMAS, OPT_EXEC, OPT_FORMAT, OPT_NO_PROGRESS,
	OPT_SIZE, OPT_WRITER, OPT_REGION, OPT_CHILDREN, OPT_PARAM, OPT_VALUES, OPT_CREATORS,
	OPT_CREATOR_KIND, OPT_FULL,
	OPT_WORKER_FD, OPT_REP, OPT_WORKER_METHOD, OPT_ENV, OPT_NO_START, OPT_COORDINATOR_PID,
};

static const struct option long_options[] = {
	{ "output", required_argument, NULL, OPT_OUT },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "methods", required_argument, NULL, OPT_METHODS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "precision", required_argument, NULL, OPT_PRECISION },
	{ "max-time", required_argument, NULL, OPT_MAX_TIME },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "repetitions", required_argument, NULL, OPT_REPETITIONS },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "rss", required_argument, NULL, OPT_RSS },
	{ "touch", required_argument, NULL, OPT_TOUCH },
	{ "thp", required_argument, NULL, OPT_THP },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "fds", required_argument, NULL, OPT_FDS },
	{ "vmas", required_argument, NULL, OPT_VMAS },
	{ "exec", required_argument, NULL, OPT_EXEC },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "writer", required_argument, NULL, OPT_WRITER },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "children", required_argument, NULL, OPT_CHILDREN },
	{ "param", required_argument, NULL, OPT_PARAM },
	{ "values", required_argument, NULL, OPT_VALUES },
	{ "creators", required_argument, NULL, OPT_CREATORS },
	{ "creator-kind", required_argument, NULL, OPT_CREATOR_KIND },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "worker-fd", required_argument, NULL, OPT_WORKER_FD },
	{ "rep", required_argument, NULL, OPT_REP },
	{ "coordinator-pid", required_argument, NULL, OPT_COORDINATOR_PID },
	{ "worker-method", required_argument, NULL, OPT_WORKER_METHOD },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "no-start", no_argument, NULL, OPT_NO_START },
	{ NULL, 0, NULL, 0 },
};

/* Options that only one bench reads; the others refuse them rather than ignore them. */
static const struct {
	int opt;
	const char *bench;
} bench_only[] = {
	{ OPT_SIZE, "cow" }, { OPT_WRITER, "cow" }, { OPT_REGION, "cow" },
	{ OPT_CHILDREN, "footprint" },
	{ OPT_PARAM, "sweep" }, { OPT_VALUES, "sweep" }, { OPT_CREATORS, "throughput" },
	{ OPT_CREATOR_KIND, "throughput" }, { OPT_FULL, "sweep" }, { OPT_NO_START, "latency" },
};

static const char *option_name(int opt)
{
	static char shortname[3];

	for (const struct option *o = long_options; o->name; o++)
		if (o->val == opt)
			return o->name;
	snprintf(shortname, sizeof(shortname), "%c", opt);
	return shortname;
}

static int bad(char *why, size_t why_len, int opt, const char *value, const char *accepted)
{
	snprintf(why, why_len, "%s%s '%s': %s", opt < 256 ? "-" : "--", option_name(opt), value,
		 accepted);
	return -EINVAL;
}

static int u64_opt(int opt, const char *v, uint64_t min, uint64_t max, int k, uint64_t *out,
		   char *why, size_t why_len)
{
	char accepted[96];

	if (parse_u64(v, min, max, k, out) == 0)
		return 0;
	snprintf(accepted, sizeof(accepted), "expected a whole number from %llu to %llu%s",
		 (unsigned long long)min, (unsigned long long)max, k ? " (10k = 10000)" : "");
	return bad(why, why_len, opt, v, accepted);
}

static int size_list_opt(const char *v, struct bench_args *a, char *why, size_t why_len)
{
	char buf[512], *items[ARGS_MAX_VALUES];
	int n = parse_split_list(v, buf, sizeof(buf), items, ARGS_MAX_VALUES);

	if (n <= 0)
		return bad(why, why_len, OPT_SIZE, v, "expected sizes like 4M,64M,256M");
	for (int i = 0; i < n; i++)
		if (parse_size_bytes(items[i], &a->sizes_bytes[i]) || a->sizes_bytes[i] == 0)
			return bad(why, why_len, OPT_SIZE, items[i],
				   "expected a positive size like 4096, 64K, 16M, 1G");
	a->size_count = n;
	return 0;
}

/* -m fork,clone:vm,vfork,posix_spawn: a comma separates methods, but also clone flags, so an
 * item after a clone:/clone3: item is joined back into it when it is a flag name, or when it is
 * no method at all (then the flag parser names it). "vfork" is both: a flag there. */
static bool continues_flag_list(const char *last, const char *item)
{
	struct method_sel sel;
	char scratch[512];
	uint64_t flags;

	if (!last || strstr(last, "+exec") || (strncmp(last, "clone:", 6) && strncmp(last, "clone3:", 7)))
		return false;
	return !clone_flags_parse(item, last[5] == '3', &flags, scratch, sizeof(scratch)) ||
	       methods_resolve(item, &sel, scratch, sizeof(scratch));
}

static int methods_opt(const char *v, struct bench_args *a, char *why, size_t why_len)
{
	char *items[ARGS_MAX_METHODS];
	int n = parse_split_list(v, a->methods_buf, sizeof(a->methods_buf), items,
				 ARGS_MAX_METHODS);

	if (n <= 0)
		return bad(why, why_len, OPT_METHODS, v,
			   "expected a comma-separated list of methods (forkbench list)");
	a->method_count = 0;
	for (int i = 0; i < n; i++) {
		char *last = a->method_count ? a->methods[a->method_count - 1] : NULL;

		if (continues_flag_list(last, items[i])) {
			last[strlen(last)] = ','; /* undo the split: the items are contiguous */
			continue;
		}
		a->methods[a->method_count++] = items[i];
	}
	return 0;
}

static int finish(struct bench_args *a, char *why, size_t why_len)
{
	for (size_t i = 0; i < sizeof(bench_only) / sizeof(bench_only[0]); i++)
		if ((a->given & (1ull << (bench_only[i].opt - 256))) &&
		    strcmp(a->bench->name, bench_only[i].bench)) {
			snprintf(why, why_len, "--%s is not an option of %s (it belongs to %s)",
				 option_name(bench_only[i].opt), a->bench->name,
				 bench_only[i].bench);
			return -EINVAL;
		}
	if (a->shape.rss_bytes && a->shape.touch) {
		long avail = sysinfo_available_memory_bytes();

		if (avail > 0 && a->shape.rss_bytes > (uint64_t)avail) {
			char want[32], have[32];

			parse_format_size(a->shape.rss_bytes, want, sizeof(want));
			parse_format_size((uint64_t)avail, have, sizeof(have));
			snprintf(why, why_len,
				 "--rss %s: more than the %s of memory available; choose a smaller size",
				 want, have);
			return -EINVAL;
		}
	}
	return 0;
}

int args_parse(int argc, char **argv, const struct bench *bench, struct bench_args *a,
	       char *why, size_t why_len)
{
	uint64_t u;
	double d;
	int opt;

	memset(a, 0, sizeof(*a));
	a->bench = bench;
	a->precision_pct = 1.0;
	a->max_time_s = 2.0;
	a->warmup = 10;
	a->repetitions = 1;
	a->shape.touch = true;
	a->worker_fd = -1;
	a->format = FORMAT_TABLE;
	optind = 0; /* reset getopt, and let it permute nothing: options only */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:n:e:m:q", long_options, NULL)) != -1) {
		const char *v = optarg;

		if (opt >= 256 && opt < 256 + 64)
			a->given |= 1ull << (opt - 256);
		switch (opt) {
		case OPT_OUT:
			if (!*v)
				return bad(why, why_len, opt, v, "expected a directory");
			a->out_dir = v;
			break;
		case OPT_SAMPLES:
			if (u64_opt(opt, v, 1, 1000000, 0, &a->samples, why, why_len))
				return -EINVAL;
			break;
		case OPT_EVENTS:
			a->events = v;
			break;
		case OPT_METHODS:
			if (methods_opt(v, a, why, why_len))
				return -EINVAL;
			break;
		case OPT_WORKER_METHOD:
			snprintf(a->methods_buf, sizeof(a->methods_buf), "%s", v);
			a->methods[0] = a->methods_buf;
			a->method_count = 1;
			break;
		case OPT_QUIET:
			a->quiet = true;
			break;
		case OPT_PRECISION:
			if (parse_positive_double(v, &d) || d > 100)
				return bad(why, why_len, opt, v, "expected a percentage in (0, 100]");
			a->precision_pct = d;
			break;
		case OPT_MAX_TIME:
			if (parse_positive_double(v, &d) || d > 86400)
				return bad(why, why_len, opt, v, "expected seconds in (0, 86400]");
			a->max_time_s = d;
			break;
		case OPT_WARMUP:
			if (u64_opt(opt, v, 0, 100000, 0, &a->warmup, why, why_len))
				return -EINVAL;
			break;
		case OPT_REPETITIONS:
			if (u64_opt(opt, v, 1, 1000, 0, &a->repetitions, why, why_len))
				return -EINVAL;
			break;
		case OPT_CPU:
			if (parse_cpu_list(v, &a->cpus) || strlen(v) >= sizeof(a->cpu_text))
				return bad(why, why_len, opt, v, "expected a CPU list like 0, 0-3, 0,2");
			snprintf(a->cpu_text, sizeof(a->cpu_text), "%s", v);
			a->pinned = true;
			break;
		case OPT_RSS:
			if (parse_size_bytes(v, &u) || u == 0)
				return bad(why, why_len, opt, v,
					   "expected a positive size like 4096, 64K, 16M, 1G");
			a->shape.rss_bytes = u;
			break;
		case OPT_TOUCH:
			if (strcmp(v, "yes") && strcmp(v, "no"))
				return bad(why, why_len, opt, v, "expected yes or no");
			a->shape.touch = !strcmp(v, "yes");
			break;
		case OPT_THP:
			if (strcmp(v, "never") && strcmp(v, "always"))
				return bad(why, why_len, opt, v, "expected never or always");
			a->shape.thp = !strcmp(v, "never") ? SHAPE_THP_NEVER : SHAPE_THP_ALWAYS;
			break;
		case OPT_THREADS:
			if (u64_opt(opt, v, 0, 100000, 1, &a->shape.threads, why, why_len))
				return -EINVAL;
			break;
		case OPT_FDS:
			if (u64_opt(opt, v, 0, 10000000, 1, &a->shape.fds, why, why_len))
				return -EINVAL;
			break;
		case OPT_VMAS:
			if (u64_opt(opt, v, 0, 10000000, 1, &a->shape.vmas, why, why_len))
				return -EINVAL;
			break;
		case OPT_NO_START:
			a->no_start = true;
			break;
		case OPT_ENV:
			/* execve refuses more than a quarter of the stack limit (8 MiB -> 2 MiB) */
			if (parse_size_bytes(v, &u) || u == 0 || u > (16u << 20))
				return bad(why, why_len, opt, v,
					   "expected a positive size up to 16M, like 64K or 1M");
			a->env_bytes = u;
			break;
		case OPT_EXEC:
			if (!*v)
				return bad(why, why_len, opt, v, "expected static, dynamic or a path");
			a->exec = v;
			break;
		case OPT_FORMAT:
			if (!strcmp(v, "table"))
				a->format = FORMAT_TABLE;
			else if (!strcmp(v, "csv"))
				a->format = FORMAT_CSV;
			else if (!strcmp(v, "json"))
				a->format = FORMAT_JSON;
			else
				return bad(why, why_len, opt, v, "expected table, csv or json");
			break;
		case OPT_NO_PROGRESS:
			a->no_progress = true;
			break;
		case OPT_SIZE:
			if (size_list_opt(v, a, why, why_len))
				return -EINVAL;
			break;
		case OPT_WRITER:
			if (strcmp(v, "child") && strcmp(v, "parent") && strcmp(v, "both"))
				return bad(why, why_len, opt, v, "expected child, parent or both");
			a->writer = v;
			break;
		case OPT_REGION: /* the names are checked by cow's plan (exit 2 there) */
			a->region = v;
			break;
		case OPT_CHILDREN:
			if (u64_opt(opt, v, 1, 100000, 0, &a->children, why, why_len))
				return -EINVAL;
			break;
		case OPT_PARAM:
			a->param = v;
			break;
		case OPT_VALUES: {
			int n = parse_split_list(v, a->values_buf, sizeof(a->values_buf), a->values,
						 ARGS_MAX_VALUES);
			if (n <= 0)
				return bad(why, why_len, opt, v, "expected a list like 0,16M,64M");
			a->value_count = n;
			break;
		}
		case OPT_CREATORS: {
			char buf[256], *items[ARGS_MAX_VALUES];
			int n = parse_split_list(v, buf, sizeof(buf), items, ARGS_MAX_VALUES);

			if (n <= 0)
				return bad(why, why_len, opt, v, "expected a list like 1,2,4");
			for (int i = 0; i < n; i++)
				if (u64_opt(opt, items[i], 1, 4096, 0, &a->creators[i], why, why_len))
					return -EINVAL;
			a->creator_count = n;
			break;
		}
		case OPT_CREATOR_KIND:
			if (strcmp(v, "threads") && strcmp(v, "processes") && strcmp(v, "both"))
				return bad(why, why_len, opt, v, "expected threads, processes or both");
			a->creator_kind = v;
			break;
		case OPT_FULL:
			a->full = true;
			break;
		case OPT_WORKER_FD:
			if (u64_opt(opt, v, 0, INT_MAX, 0, &u, why, why_len))
				return -EINVAL;
			a->worker_fd = (int)u;
			break;
		case OPT_REP:
			if (u64_opt(opt, v, 1, 1000, 0, &a->rep, why, why_len))
				return -EINVAL;
			break;
		case OPT_COORDINATOR_PID:
			if (u64_opt(opt, v, 1, INT_MAX, 0, &u, why, why_len))
				return -EINVAL;
			a->coordinator_pid = (pid_t)u;
			break;
		case ':':
			snprintf(why, why_len, "%s needs a value (forkbench help)", argv[optind - 1]);
			return -EINVAL;
		default:
			snprintf(why, why_len, "unknown option '%s' for %s (forkbench help)",
				 argv[optind - 1], bench->name);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(why, why_len, "unexpected argument '%s' (options only; forkbench help)",
			 argv[optind]);
		return -EINVAL;
	}
	return finish(a, why, why_len);
}

/* static/dynamic are the project's own targets, installed beside the forkbench binary. */
int args_exec_path(const struct bench_args *a, char *out, size_t len, bool *is_ours, char *why,
		   size_t why_len)
{
	const char *name = a->exec ? a->exec : "static";
	char self[PATH_MAX], resolved[PATH_MAX];
	ssize_t n;

	*is_ours = !strcmp(name, "static") || !strcmp(name, "dynamic");
	if (*is_ours) {
		char *slash;

		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0)
			return -errno;
		self[n] = '\0';
		slash = strrchr(self, '/');
		*slash = '\0';
		snprintf(out, len, "%s/child-%s", self, name);
	} else if (!strchr(name, '/')) {
		/* A bare name is looked up in PATH once, here, so children exec an absolute path. */
		const char *path = getenv("PATH");
		char dirs[4096], *save = NULL;

		snprintf(dirs, sizeof(dirs), "%s", path ? path : "/usr/bin:/bin");
		out[0] = '\0';
		for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
			snprintf(resolved, sizeof(resolved), "%s/%s", d, name);
			if (access(resolved, X_OK) == 0) {
				snprintf(out, len, "%s", resolved);
				break;
			}
		}
		if (!out[0]) {
			snprintf(why, why_len, "--exec %s: no such program in PATH", name);
			return -ENOENT;
		}
	} else {
		snprintf(out, len, "%s", name);
	}
	if (!realpath(out, resolved) || access(resolved, X_OK) < 0) {
		int err = errno;

		snprintf(why, why_len, "--exec %s: %s is not an executable file: %s%s", name, out,
			 strerror(err), *is_ours ? " (run make first)" : "");
		return -err;
	}
	snprintf(out, len, "%s", resolved);
	return 0;
}
