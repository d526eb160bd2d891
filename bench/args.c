/* Command-line options (DESIGN §2) as data: the common options and forkbench's internal ones are
 * tables here, each bench's own are a table in its file. One parser serves them all: getopt_long
 * over every table (so an option of another bench is recognised and refused by name), each value
 * checked on the spot by its row's kind; a bad one is a single line naming the option, the value
 * and what is accepted. The help of a bench is printed from the same rows. */
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
#include "thp_sizes.h"

#define MAX_ROWS 128 /* rows of all tables together (about 40 today) */

int args_bad_value(const struct bench_option *o, const char *value, const char *accepted,
		   char *why, size_t why_len)
{
	if (o->short_name)
		snprintf(why, why_len, "-%c '%s': %s", o->short_name, value, accepted);
	else
		snprintf(why, why_len, "--%s '%s': %s", o->name, value, accepted);
	return -EINVAL;
}

static int set_u64(const struct bench_option *o, const char *v, uint64_t *out, char *why,
		   size_t why_len)
{
	char accepted[96];

	if (parse_u64(v, o->min, o->max, o->k_suffix, out) == 0)
		return 0;
	snprintf(accepted, sizeof(accepted), "expected a whole number from %llu to %llu%s",
		 (unsigned long long)o->min, (unsigned long long)o->max,
		 o->k_suffix ? " (10k = 10000)" : "");
	return args_bad_value(o, v, accepted, why, why_len);
}

static int set_size(const struct bench_option *o, const char *v, uint64_t *out, char *why,
		    size_t why_len)
{
	char accepted[96], max[32];

	if (parse_size_bytes(v, out) == 0 && *out > 0 && (!o->max || *out <= o->max))
		return 0;
	parse_format_size(o->max, max, sizeof(max));
	snprintf(accepted, sizeof(accepted), "expected a positive size%s%s, like 4096, 64K, 16M, 1G",
		 o->max ? " up to " : "", o->max ? max : "");
	return args_bad_value(o, v, accepted, why, why_len);
}

/* "a|b|c" holds v as a whole item. */
static bool in_choices(const char *choices, const char *v)
{
	size_t len = strlen(v);

	if (strchr(v, '|'))
		return false;
	for (const char *p = choices; len && p; p = strchr(p, '|')) {
		p += *p == '|';
		if (!strncmp(p, v, len) && (p[len] == '|' || !p[len]))
			return true;
	}
	return false;
}

static int set_list(const struct bench_option *o, const char *v, struct bench_args *a, char *why,
		    size_t why_len)
{
	uint64_t *values = (uint64_t *)((char *)a + o->off);
	char buf[512], *items[ARGS_MAX_VALUES], accepted[96];
	int n = parse_split_list(v, buf, sizeof(buf), items, ARGS_MAX_VALUES);

	if (n <= 0) {
		snprintf(accepted, sizeof(accepted), "expected a comma-separated list of %s",
			 o->accepted);
		return args_bad_value(o, v, accepted, why, why_len);
	}
	for (int i = 0; i < n; i++) {
		int rc = o->kind == OPT_SIZE_LIST ? set_size(o, items[i], &values[i], why, why_len) :
						    set_u64(o, items[i], &values[i], why, why_len);
		if (rc)
			return rc;
	}
	*(int *)((char *)a + o->count_off) = n;
	return 0;
}

/* Stores the value of row o into a. */
static int set_value(const struct bench_option *o, const char *v, struct bench_args *a,
		     char *why, size_t why_len)
{
	void *field = (char *)a + o->off;
	char accepted[160];

	switch (o->kind) {
	case OPT_FLAG:
		*(bool *)field = true;
		return 0;
	case OPT_HELP:
		a->help = true;
		return 0;
	case OPT_UINT:
		return set_u64(o, v, field, why, why_len);
	case OPT_REAL:
		if (parse_positive_double(v, field) == 0 && *(double *)field <= (double)o->max)
			return 0;
		snprintf(accepted, sizeof(accepted), "expected %s", o->accepted);
		return args_bad_value(o, v, accepted, why, why_len);
	case OPT_SIZE:
		return set_size(o, v, field, why, why_len);
	case OPT_SIZE_LIST:
	case OPT_UINT_LIST:
		return set_list(o, v, a, why, why_len);
	case OPT_CHOICE:
		if (!in_choices(o->accepted, v)) {
			snprintf(accepted, sizeof(accepted), "expected one of %s", o->accepted);
			return args_bad_value(o, v, accepted, why, why_len);
		}
		*(const char **)field = v;
		return 0;
	case OPT_STRING:
		if (!*v) {
			snprintf(accepted, sizeof(accepted), "expected %s", o->accepted);
			return args_bad_value(o, v, accepted, why, why_len);
		}
		*(const char **)field = v;
		return 0;
	case OPT_CUSTOM:
		return o->set(o, v, a, why, why_len);
	}
	return -EINVAL;
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

static int set_methods(const struct bench_option *o, const char *v, struct bench_args *a,
		       char *why, size_t why_len)
{
	char *items[ARGS_MAX_METHODS];
	int n = parse_split_list(v, a->methods_buf, sizeof(a->methods_buf), items,
				 ARGS_MAX_METHODS);

	if (n <= 0)
		return args_bad_value(o, v, "expected a comma-separated list of methods "
				      "(forkbench list)", why, why_len);
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

static int set_worker_method(const struct bench_option *o, const char *v, struct bench_args *a,
			     char *why, size_t why_len)
{
	(void)o;
	(void)why;
	(void)why_len;
	snprintf(a->methods_buf, sizeof(a->methods_buf), "%s", v);
	a->methods[0] = a->methods_buf;
	a->method_count = 1;
	return 0;
}

static int set_cpu(const struct bench_option *o, const char *v, struct bench_args *a, char *why,
		   size_t why_len)
{
	if (parse_cpu_list(v, &a->cpus) || strlen(v) >= sizeof(a->cpu_text))
		return args_bad_value(o, v, "expected a CPU list like 0, 0-3, 0,2", why, why_len);
	snprintf(a->cpu_text, sizeof(a->cpu_text), "%s", v);
	a->pinned = true;
	return 0;
}

/* The choice kinds that are not strings: an enum or a bool in the struct. */
static int set_touch(const struct bench_option *o, const char *v, struct bench_args *a,
		     char *why, size_t why_len)
{
	if (!in_choices(o->accepted, v))
		return args_bad_value(o, v, "expected yes or no", why, why_len);
	a->shape.touch = !strcmp(v, "yes");
	return 0;
}

/* A list of kinds, each once: one configuration per kind (driver_plan). */
static int set_rss_kind(const struct bench_option *o, const char *v, struct bench_args *a,
			char *why, size_t why_len)
{
	char buf[64], *items[SHAPE_RSS_KINDS + 1];
	int n = strlen(v) < sizeof(buf) ? parse_split_list(v, buf, sizeof(buf), items,
							   SHAPE_RSS_KINDS + 1)
					  : -1;

	if (n <= 0 || n > SHAPE_RSS_KINDS)
		return args_bad_value(o, v, "expected a comma-separated list of anon, shmem, file, "
				      "hugetlb, each once", why, why_len);
	for (int i = 0; i < n; i++) {
		int kind = shape_rss_kind_parse(items[i]);

		for (int j = 0; kind >= 0 && j < i; j++)
			if (a->rss_kinds[j] == kind)
				kind = -1;
		if (kind < 0)
			return args_bad_value(o, v, "expected a comma-separated list of anon, shmem, "
					      "file, hugetlb, each once", why, why_len);
		a->rss_kinds[i] = kind;
	}
	a->rss_kind_count = n;
	a->shape.rss_kind = a->rss_kinds[0];
	return 0;
}

/* never, always, or a folio size (16K, 64K, 2M: thp_sizes.c), or a list of them: one
 * configuration each. Whether this kernel has the size, and whether we may set it, is checked by
 * the coordinator while planning (main.c), not in every worker's parse. */
static int set_thp(const struct bench_option *o, const char *v, struct bench_args *a, char *why,
		   size_t why_len)
{
	char buf[256], *items[ARGS_MAX_VALUES];
	int n = parse_split_list(v, buf, sizeof(buf), items, ARGS_MAX_VALUES);

	if (n < 0)
		return args_bad_value(o, v, "expected never, always or folio sizes, comma-separated",
				      why, why_len);
	for (int i = 0; i < n; i++) {
		uint32_t kb = 0;

		if (strcmp(items[i], "never") && strcmp(items[i], "always") &&
		    thp_size_parse(items[i], &kb))
			return args_bad_value(o, items[i],
					      "expected never, always or a folio size: a power of "
					      "two from 8K to 1G such as 16K, 64K, 2M",
					      why, why_len);
		a->thp_modes[i] = !strcmp(items[i], "never") ? SHAPE_THP_NEVER : SHAPE_THP_ALWAYS;
		a->thp_kbs[i] = kb;
	}
	a->thp_count = n;
	a->shape.thp = a->thp_modes[0];
	a->thp_size_kb = a->thp_kbs[0];
	return 0;
}

static int set_format(const struct bench_option *o, const char *v, struct bench_args *a,
		      char *why, size_t why_len)
{
	static const char *const names[] = { [FORMAT_TABLE] = "table", [FORMAT_CSV] = "csv",
					     [FORMAT_JSON] = "json" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(v, names[i])) {
			a->format = (enum out_format)i;
			return 0;
		}
	return args_bad_value(o, v, "expected table, csv or json", why, why_len);
}

static int set_worker_fd(const struct bench_option *o, const char *v, struct bench_args *a,
			 char *why, size_t why_len)
{
	uint64_t u;

	if (set_u64(o, v, &u, why, why_len))
		return -EINVAL;
	a->worker_fd = (int)u;
	return 0;
}

static int set_coordinator_pid(const struct bench_option *o, const char *v,
			       struct bench_args *a, char *why, size_t why_len)
{
	uint64_t u;

	if (set_u64(o, v, &u, why, why_len))
		return -EINVAL;
	a->coordinator_pid = (pid_t)u;
	return 0;
}

/* Every bench accepts these (DESIGN §2). --thp has one meaning everywhere: the huge-page advice
 * for the anonymous memory forkbench maps in the parent, the --rss region and cow's region. */
static const struct bench_option common_options[] = {
	{ .name = "output", .short_name = 'o', .kind = OPT_STRING, .arg_name = "DIR",
	  .default_text = "results/<run-id>", .accepted = "a new or empty directory",
	  .help = "run directory: every file of the run goes there", .off = ARGS_OFF(out_dir) },
	{ .name = "samples", .short_name = 'n', .kind = OPT_UINT, .arg_name = "N",
	  .default_text = "adaptive (--precision)", .accepted = "1 to 1000000",
	  .help = "fixed sample count per configuration", .off = ARGS_OFF(samples), .min = 1,
	  .max = 1000000 },
	{ .name = "precision", .kind = OPT_REAL, .arg_name = "PCT", .default_text = "1",
	  .accepted = "a percentage in (0, 100]",
	  .help = "stop when the median's CI is within PCT percent of it",
	  .off = ARGS_OFF(precision_pct), .max = 100 },
	{ .name = "max-time", .kind = OPT_REAL, .arg_name = "SEC", .default_text = "2",
	  .accepted = "seconds in (0, 86400]",
	  .help = "time limit per configuration and repetition", .off = ARGS_OFF(max_time_s),
	  .max = 86400 },
	{ .name = "warmup", .kind = OPT_UINT, .arg_name = "N", .default_text = "10",
	  .accepted = "0 to 100000", .help = "untimed creations before sampling",
	  .off = ARGS_OFF(warmup), .max = 100000 },
	{ .name = "repetitions", .kind = OPT_UINT, .arg_name = "R", .default_text = "1",
	  .accepted = "1 to 1000", .help = "each configuration in R fresh processes",
	  .off = ARGS_OFF(repetitions), .min = 1, .max = 1000 },
	{ .name = "cpu", .kind = OPT_CUSTOM, .arg_name = "LIST", .default_text = "not pinned",
	  .accepted = "0, 0-3, 0,2", .help = "CPU affinity of the harness and its children",
	  .set = set_cpu },
	{ .name = "events", .short_name = 'e', .kind = OPT_STRING, .arg_name = "EVENTS",
	  .default_text = "task-clock,page-faults,... (forkbench info --events)",
	  .accepted = "libpfm4 names, comma-separated, or none",
	  .help = "counters to count around each batch", .off = ARGS_OFF(events) },
	{ .name = "methods", .short_name = 'm', .kind = OPT_CUSTOM, .arg_name = "METHODS",
	  .default_text = "the bench's set (its help says which)",
	  .accepted = "names, clone:FLAGS, clone3:FLAGS, METHOD+exec (forkbench list)",
	  .help = "creation methods, comma-separated", .set = set_methods },
	{ .name = "rss", .kind = OPT_SIZE, .arg_name = "SIZE", .default_text = "0 (none)",
	  .accepted = "4096, 64K, 16M, 1G", .help = "parent shaping: memory of --rss-kind (private anonymous)",
	  .off = ARGS_OFF(shape.rss_bytes) },
	{ .name = "touch", .kind = OPT_CUSTOM, .arg_name = "yes|no", .default_text = "yes",
	  .accepted = "yes|no", .help = "parent shaping: write every page of --rss",
	  .set = set_touch },
	{ .name = "rss-kind", .kind = OPT_CUSTOM, .arg_name = "KIND[,KIND...]",
	  .default_text = "anon", .accepted = "anon, shmem, file, hugetlb",
	  .help = "parent shaping: what --rss is (a list: one configuration per kind)",
	  .set = set_rss_kind },
	{ .name = "thp", .kind = OPT_CUSTOM, .arg_name = "never|always|SIZE,...",
	  .default_text = "the system's setting, left alone",
	  .accepted = "never, always, folio sizes 16K,64K,2M (root: one configuration each)",
	  .help = "huge pages for the parent's --rss region and cow's region (madvise)",
	  .set = set_thp },
	{ .name = "threads", .kind = OPT_UINT, .arg_name = "N", .default_text = "0",
	  .accepted = "0 to 100000, 10k = 10000", .help = "parent shaping: idle extra threads",
	  .off = ARGS_OFF(shape.threads), .max = 100000, .k_suffix = true },
	{ .name = "fds", .kind = OPT_UINT, .arg_name = "N", .default_text = "0",
	  .accepted = "0 to 10000000, 10k = 10000",
	  .help = "parent shaping: extra open descriptors", .off = ARGS_OFF(shape.fds),
	  .max = 10000000, .k_suffix = true },
	{ .name = "vmas", .kind = OPT_UINT, .arg_name = "N", .default_text = "0",
	  .accepted = "0 to 10000000, 10k = 10000", .help = "parent shaping: extra mappings",
	  .off = ARGS_OFF(shape.vmas), .max = 10000000, .k_suffix = true },
	{ .name = "exec", .kind = OPT_STRING, .arg_name = "static|dynamic|PATH",
	  .default_text = "static", .accepted = "static, dynamic or a path",
	  .help = "the program METHOD+exec runs", .off = ARGS_OFF(exec) },
	{ .name = "format", .kind = OPT_CUSTOM, .arg_name = "table|csv|json",
	  .default_text = "table", .accepted = "table|csv|json",
	  .help = "what goes to stdout: a table, summary.csv or results.json", .set = set_format },
	{ .name = "quiet", .short_name = 'q', .kind = OPT_FLAG,
	  .help = "no table and no notes on stderr", .off = ARGS_OFF(quiet) },
	{ .name = "no-progress", .kind = OPT_FLAG, .help = "no progress line on stderr",
	  .off = ARGS_OFF(no_progress) },
	{ .name = "help", .short_name = 'h', .kind = OPT_HELP, .help = "this help" },
	{ NULL },
};

/* What the coordinator appends to a worker's command line (runner.c); main.c refuses them
 * from a user. */
static const struct bench_option internal_options[] = {
	{ .name = "worker-fd", .kind = OPT_CUSTOM, .min = 0, .max = INT_MAX, .internal = true,
	  .set = set_worker_fd },
	{ .name = "rep", .kind = OPT_UINT, .off = ARGS_OFF(rep), .min = 1, .max = 1000,
	  .internal = true },
	{ .name = "coordinator-pid", .kind = OPT_CUSTOM, .min = 1, .max = INT_MAX,
	  .internal = true, .set = set_coordinator_pid },
	{ .name = "worker-method", .kind = OPT_CUSTOM, .internal = true,
	  .set = set_worker_method },
	{ .name = "run-dir", .kind = OPT_STRING, .off = ARGS_OFF(run_dir), .internal = true },
	{ NULL },
};

/* Every row getopt_long may match, each with the bench whose table holds it (NULL: common or
 * internal); the index of a row is its getopt value above 255. */
struct rows {
	const struct bench_option *opt[MAX_ROWS];
	const struct bench *owner[MAX_ROWS];
	size_t count;
};

static void rows_add(struct rows *r, const struct bench_option *table, const struct bench *owner)
{
	for (const struct bench_option *o = table; o && o->name && r->count < MAX_ROWS; o++) {
		r->opt[r->count] = o;
		r->owner[r->count++] = owner;
	}
}

/* The row getopt_long returned opt for (a long option's value, or a short name); r->count for
 * none ('?': unknown). */
static size_t row_of(const struct rows *r, int opt)
{
	size_t i = 0;

	if (opt >= 256)
		return (size_t)opt - 256 < r->count ? (size_t)opt - 256 : r->count;
	while (i < r->count && r->opt[i]->short_name != opt)
		i++;
	return i;
}

static bool accepts(const struct bench *bench, const struct bench *owner)
{
	return !owner || owner == bench || owner == bench->includes;
}

static int refuse(const struct rows *r, size_t i, const struct bench *bench, char *why,
		  size_t why_len)
{
	snprintf(why, why_len, "--%s is an option of %s, not %s (forkbench %s --help)",
		 r->opt[i]->name, r->owner[i]->name, bench->name, r->owner[i]->name);
	return -EINVAL;
}

/* Checks that need more than one option. */
static int finish(struct bench_args *a, char *why, size_t why_len)
{
	for (int i = 0; a->shape.thp != SHAPE_THP_DEFAULT && i < a->rss_kind_count; i++)
		if (a->rss_kinds[i] != SHAPE_RSS_ANON) {
			snprintf(why, why_len, "--thp applies to private anonymous memory only, not "
				 "--rss-kind %s; drop --thp or use --rss-kind anon",
				 shape_rss_kind_names[a->rss_kinds[i]]);
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

int args_parse(int argc, char **argv, const struct bench *bench,
	       const struct bench *const *all, struct bench_args *a, char *why, size_t why_len)
{
	struct option longopts[MAX_ROWS + 1];
	char shortopts[2 * MAX_ROWS + 3] = "+:";
	size_t nshort = 2;
	struct rows r = { .count = 0 };
	int opt;

	memset(a, 0, sizeof(*a));
	a->bench = bench;
	a->precision_pct = 1.0;
	a->max_time_s = 2.0;
	a->warmup = 10;
	a->repetitions = 1;
	a->shape.touch = true;
	a->rss_kinds[0] = SHAPE_RSS_ANON;
	a->rss_kind_count = 1;
	a->worker_fd = -1;
	a->format = FORMAT_TABLE;

	/* All benches' tables, not only this one's: so an option of another bench is named. */
	rows_add(&r, common_options, NULL);
	rows_add(&r, internal_options, NULL);
	for (const struct bench *const *b = all; b && *b; b++)
		rows_add(&r, (*b)->options, *b);
	if (!all) {
		rows_add(&r, bench->options, bench);
		if (bench->includes)
			rows_add(&r, bench->includes->options, bench->includes);
	}
	for (size_t i = 0; i < r.count; i++) {
		const struct bench_option *o = r.opt[i];
		bool takes_value = o->kind != OPT_FLAG && o->kind != OPT_HELP;

		longopts[i] = (struct option){ o->name, takes_value ? required_argument : no_argument,
					       NULL, 256 + (int)i };
		if (o->short_name) {
			shortopts[nshort++] = o->short_name;
			if (takes_value)
				shortopts[nshort++] = ':';
		}
	}
	if (r.count == MAX_ROWS) { /* a programming error: raise MAX_ROWS */
		snprintf(why, why_len, "more than %d options in the tables", MAX_ROWS - 1);
		return -EINVAL;
	}
	longopts[r.count] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[nshort] = '\0';

	optind = 0; /* reset getopt, and let it permute nothing: options only */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		size_t i;

		if (opt == ':') { /* "+:" above: a value is missing */
			i = row_of(&r, optopt);
			if (i < r.count && !accepts(bench, r.owner[i]))
				return refuse(&r, i, bench, why, why_len);
			snprintf(why, why_len, "%s needs a value (forkbench %s --help)",
				 argv[optind - 1], bench->name);
			return -EINVAL;
		}
		i = row_of(&r, opt);
		if (i >= r.count) {
			snprintf(why, why_len, "unknown option '%s' for %s (forkbench %s --help)",
				 argv[optind - 1], bench->name, bench->name);
			return -EINVAL;
		}
		if (!accepts(bench, r.owner[i]))
			return refuse(&r, i, bench, why, why_len);
		if (r.opt[i]->internal && !a->internal_given)
			a->internal_given = r.opt[i]->name;
		if (set_value(r.opt[i], optarg, a, why, why_len))
			return -EINVAL;
		if (a->help)
			return 0;
	}
	if (optind < argc) {
		snprintf(why, why_len,
			 "unexpected argument '%s' (options only; forkbench %s --help)", argv[optind],
			 bench->name);
		return -EINVAL;
	}
	return finish(a, why, why_len);
}

#define HELP_COLUMN 33
#define HELP_WIDTH 100

/* label and text from column indent on, broken after spaces and commas (method lists have no
 * spaces) to stay within HELP_WIDTH. */
static void print_wrapped(FILE *fp, int indent, const char *label, const char *text)
{
	int col = fprintf(fp, "%*s%s", indent, "", label), start = col;
	bool space = false;

	while (*text) {
		size_t word = strcspn(text, " ,");

		word += text[word] == ',';
		if (col + space + (int)word > HELP_WIDTH && col > start) {
			col = fprintf(fp, "\n%*s", indent + 2, "") - 1;
			space = false;
		}
		col += fprintf(fp, "%s%.*s", space ? " " : "", (int)word, text);
		text += word;
		space = *text == ' ';
		text += space;
	}
	fputc('\n', fp);
}

static void print_methods(FILE *fp, const char *label, const char *const *methods)
{
	char list[1024] = "every method of forkbench list";
	size_t used = 0;

	for (; methods && *methods && used < sizeof(list); methods++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", used ? "," : "",
					 *methods);
	print_wrapped(fp, 2, label, list);
}

static void print_table(FILE *fp, const struct bench_option *table)
{
	for (const struct bench_option *o = table; o && o->name; o++) {
		const char *def = o->default_text;
		char left[64];

		if (o->internal)
			continue;
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg_name ? " " : "",
				 o->arg_name ? o->arg_name : "");
		/* A long option and its value take the help's column too: then the help below. */
		if (strlen(left) > HELP_COLUMN - 3)
			fprintf(fp, "  %s\n%*s%s\n", left, HELP_COLUMN, "", o->help);
		else
			fprintf(fp, "  %-*s %s\n", HELP_COLUMN - 3, left, o->help);
		/* A choice's values are its argument already. */
		if (o->accepted && (!o->arg_name || strcmp(o->accepted, o->arg_name)))
			print_wrapped(fp, HELP_COLUMN, "accepted: ", o->accepted);
		if (def)
			print_wrapped(fp, HELP_COLUMN, "default: ", def);
	}
}

void args_print_help(FILE *fp, const struct bench *bench)
{
	fprintf(fp, "usage: forkbench %s [options]\n  %s\n", bench->name, bench->summary);
	print_methods(fp, "methods (-m) by default: ", bench->methods_default);
	if (bench->methods_default_env)
		print_methods(fp, "methods (-m) with --param env: ", bench->methods_default_env);
	if (bench->options) {
		fprintf(fp, "\n%s options:\n", bench->name);
		print_table(fp, bench->options);
	}
	if (bench->includes) {
		fprintf(fp, "\n%s options (%s):\n", bench->includes->name, bench->includes_why);
		print_table(fp, bench->includes->options);
	}
	/* The same for every bench: the README shows it once. */
	fprintf(fp, "\ncommon options:\n");
	print_table(fp, common_options);
	fprintf(fp, "\nSizes are powers of 1024. Anything malformed is exit 2. See README.md.\n");
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
