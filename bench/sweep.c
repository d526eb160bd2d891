/* sweep: the latency bench repeated over the values of one parent-shaping parameter (rss,
 * threads, fds, vmas, env). Every point is an ordinary latency configuration (same metrics,
 * statistics and skips) keyed bench=sweep with the value in its key column; fits.csv adds a
 * least-squares slope per method and parameter. The timed loop itself is bench_latency's: this
 * file only chooses the points and fits the line. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "config_label.h"
#include "csv.h"
#include "driver.h"
#include "json.h"
#include "methods.h"
#include "parse.h"
#include "reach.h"
#include "sys_settings.h"
#include "raise_limits.h"
#include "stats.h"
#include "sweep.h"
#include "sysinfo.h"


struct sweep_param {
	const char *name;
	const char *slope_unit; /* the fitted slope's name in fits.csv */
	double x_unit;          /* the fit's x = value / x_unit (MiB for rss, KiB for env) */
	bool sizes;             /* values are sizes (64M), else counts (10k) */
	const char *values, *full_values;
};

/* Defaults of issue 6. threads/fds/vmas count what shaping adds to the parent (0 = the bare
 * harness); 100k fds is above most RLIMIT_NOFILE hard limits and then a recorded skip. --full's
 * grid (issue 19) goes past what most machines allow: the probe (harness/reach.c) keeps the
 * points below the binding limit, adds that limit's own point, and skips the rest with it. */
static const struct sweep_param params[] = {
	{ "rss", "ns_per_mib", 1 << 20, true, "0,16M,64M,256M,1G",
	  "0,16M,64M,256M,1G,2G,4G,8G,16G,32G,64G" },
	{ "threads", "ns_per_thread", 1, false, "0,10,100,1000",
	  "0,10,100,1000,4000,10k,30k,100k" },
	{ "fds", "ns_per_fd", 1, false, "0,100,10k,100k", "0,100,1000,10k,100k,1000k" },
	{ "vmas", "ns_per_vma", 1, false, "10,1k,10k,50k", "10,1k,10k,30k,60k,100k,200k" },
	{ "env", "ns_per_kib", 1 << 10, true, "1K,64K,1M", "1K,16K,64K,256K,1M" },
};
#define PARAM_COUNT (sizeof(params) / sizeof(params[0]))

static const struct sweep_param *param_find(const char *name)
{
	for (size_t i = 0; i < PARAM_COUNT; i++)
		if (!strcmp(params[i].name, name))
			return &params[i];
	return NULL;
}

static int parse_value(const struct sweep_param *sp, const char *text, uint64_t *out)
{
	if (sp->sizes)
		return parse_size_bytes(text, out);
	return parse_u64(text, 0, 10000000, 1, out);
}

/* The parameter named by --param (rss when absent). */
static int param_of(const struct bench_args *a, const struct sweep_param **sp, char *why,
		    size_t why_len)
{
	*sp = param_find(a->param ? a->param : "rss");
	if (!*sp) {
		snprintf(why, why_len, "--param '%s': expected rss, threads, fds, vmas or env",
			 a->param);
		return -EINVAL;
	}
	return 0;
}

/* The arguments of one point: a copy of a with the swept value in the shape. */
static void point_args(const struct bench_args *a, const struct sweep_param *sp, uint64_t value,
		       struct bench_args *pt)
{
	*pt = *a;
	if (!strcmp(sp->name, "rss"))
		pt->shape.rss_bytes = value;
	else if (!strcmp(sp->name, "threads"))
		pt->shape.threads = value;
	else if (!strcmp(sp->name, "fds"))
		pt->shape.fds = value;
	else if (!strcmp(sp->name, "vmas"))
		pt->shape.vmas = value;
	else if (!strcmp(sp->name, "env"))
		pt->env_bytes = value;
}

/* The swept parameter also given as a fixed shape: one of the two would be ignored. */
static bool point_shape_given(const struct bench_args *a, const struct sweep_param *sp)
{
	return (!strcmp(sp->name, "rss") && a->shape.rss_bytes) ||
	       (!strcmp(sp->name, "threads") && a->shape.threads) ||
	       (!strcmp(sp->name, "fds") && a->shape.fds) ||
	       (!strcmp(sp->name, "vmas") && a->shape.vmas) ||
	       (!strcmp(sp->name, "env") && a->env_bytes);
}

static void point_key(const struct bench_args *pt, const struct sweep_param *sp, uint64_t value,
		      const struct method_sel *sel, struct config_key *key)
{
	bench_key_from_args(pt, "sweep", key);
	snprintf(key->method, sizeof(key->method), "%s", sel->name);
	snprintf(key->flags, sizeof(key->flags), "%s", sel->flags_text);
	if (sel->exec)
		snprintf(key->exec, sizeof(key->exec), "%s", pt->exec ? pt->exec : "static");
	/* The rss=0 point belongs to the touched and the untouched line alike, and to every
	 * kind's; saying which run it came from keeps the lines apart when one directory holds
	 * several (and gives each kind's fit its own 0 point). */
	if (!strcmp(sp->name, "rss"))
		bench_key_region(pt, key);
	if (!strcmp(sp->name, "env"))
		snprintf(key->variant, sizeof(key->variant), "param=env;env_bytes=%llu",
			 (unsigned long long)value);
	else
		snprintf(key->variant, sizeof(key->variant), "param=%s", sp->name);
}

/* The points sweep_plan parsed, for sweep_plan_method. */
struct sweep_plan_state {
	const struct sweep_param *sp;
	uint64_t values[ARGS_MAX_VALUES];
	const char *texts[ARGS_MAX_VALUES];
	int count;
	long avail_bytes;
	const char *beyond; /* --full: why the points marked in over[] cannot run here */
	bool over[ARGS_MAX_VALUES];
	char top_text[32];  /* --full: the point the probe added at the binding limit */
};

/* Every point of one method: skipped with the kernel's reason where it cannot run, and where a
 * touched --rss would not fit in memory. */
static int sweep_plan_method(struct driver_plan *dp)
{
	const struct sweep_plan_state *ps = dp->arg;
	int rc = 0;

	if (!dp->sel.exec && !strcmp(ps->sp->name, "env")) {
		/* Only execve copies the environment: without it the points would all be alike. */
		snprintf(dp->why, dp->why_len,
			 "--param env: -m %s does not exec; use METHOD+exec or posix_spawn", dp->name);
		return -EINVAL;
	}
	for (int i = 0; !rc && i < ps->count; i++) {
		const char *extra[] = { "--param", ps->sp->name, "--values", ps->texts[i], NULL };
		struct bench_args pt;
		struct config_key key;

		point_args(dp->a, ps->sp, ps->values[i], &pt);
		point_key(&pt, ps->sp, ps->values[i], &dp->sel, &key);
		if (ps->over[i])
			rc = runner_plan_skip(dp->p, &key, "--%s %s: %s", ps->sp->name,
					      ps->texts[i], ps->beyond);
		else if (!driver_plan_probe(dp) && !strcmp(ps->sp->name, "rss") && pt.shape.touch &&
		    ps->avail_bytes > 0 && ps->values[i] > (uint64_t)ps->avail_bytes)
			rc = runner_plan_skip(dp->p, &key, "--rss %s touched: more than the %ld MiB "
					      "available (MemAvailable)", ps->texts[i],
					      ps->avail_bytes >> 20);
		else
			rc = driver_plan_add(dp, &key, extra);
	}
	return rc;
}

static const struct bench_loop sweep_loop = {
	.name = "sweep",
	.plan_method = sweep_plan_method,
};

static const char *const default_methods[] = { "fork", "vfork", "clone-vm-vfork", "posix_spawn",
					       "fork+exec", NULL };
static const char *const env_methods[] = { "fork+exec", "vfork+exec", "clone-vm-vfork+exec",
					   "posix_spawn", NULL };

/* v rounded down to two significant digits, so the limit's own point reads like the others
 * ("11G", "30000"). */
static uint64_t round_down_2sig(uint64_t v)
{
	uint64_t scale = 1;

	while (v / scale >= 100)
		scale *= 10;
	return v / scale * scale;
}

static void top_point_text(const struct sweep_param *sp, uint64_t v, char *out, size_t len)
{
	static const char units[] = "KMGT";
	uint64_t unit = 1;
	int u = -1;

	if (!sp->sizes) {
		snprintf(out, len, "%llu", (unsigned long long)v);
		return;
	}
	while (u < 3 && v / (unit << 10) >= 1 && v % (unit << 10) == 0) {
		unit <<= 10;
		u++;
	}
	if (u < 0)
		snprintf(out, len, "%llu", (unsigned long long)v);
	else
		snprintf(out, len, "%llu%c", (unsigned long long)(v / unit), units[u]);
}

/* --full without --values: the grid's points up to what the probe allows, the binding limit's
 * own point above them (where it is at least a quarter past the last), the rest marked to be
 * skipped with the limit; the probe and the points go to meta.json's full_sweeps. */
static int plan_full(const struct bench_args *a, struct sweep_plan_state *ps,
		     struct runner_plan *p, char *reason, size_t reason_len, char *why,
		     size_t why_len)
{
	struct reach_probe probe;
	struct reach reach;
	uint64_t below = 0, top;
	char *json = NULL;
	size_t json_len = 0;
	struct json_writer w;
	FILE *fp;
	int rc;

	if (reach_probe_read(&probe))
		return 0;
	probe.raise_limits = a->raise_limits && sys_settings_held();
	if (reach_of(&probe, ps->sp->name, &reach))
		return 0; /* env: no limit to probe */
	reach_reason(&reach, reason, reason_len);
	ps->beyond = reason;
	for (int i = 0; i < ps->count; i++) {
		ps->over[i] = ps->values[i] > reach.max;
		if (!ps->over[i] && ps->values[i] > below)
			below = ps->values[i];
	}
	top = reach.max;
	if (ps->sp->sizes)
		top = top >= (1ull << 30) ? round_down_2sig(top >> 30) << 30 :
					    round_down_2sig(top >> 20) << 20;
	else
		top = round_down_2sig(top);
	if (top > below + below / 4 && ps->count < ARGS_MAX_VALUES) {
		/* In order: before the first point it does not reach. */
		int at = ps->count;

		for (int i = ps->count - 1; i >= 0 && ps->values[i] > top; i--)
			at = i;
		for (int i = ps->count; i > at; i--) {
			ps->values[i] = ps->values[i - 1];
			ps->texts[i] = ps->texts[i - 1];
			ps->over[i] = ps->over[i - 1];
		}
		top_point_text(ps->sp, top, ps->top_text, sizeof(ps->top_text));
		ps->values[at] = top;
		ps->texts[at] = ps->top_text;
		ps->over[at] = false;
		ps->count++;
	}

	fp = open_memstream(&json, &json_len);
	if (!fp) {
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	json_init(&w, fp, 0);
	json_begin_object(&w);
	reach_write_json(&w, &probe, &reach);
	json_key(&w, "touch");
	json_string(&w, !strcmp(ps->sp->name, "rss") ? (a->shape.touch ? "yes" : "no") : NULL);
	json_key(&w, "points");
	json_begin_array(&w);
	for (int i = 0; i < ps->count; i++)
		if (!ps->over[i])
			json_u64(&w, ps->values[i]);
	json_end_array(&w);
	json_key(&w, "skipped");
	json_begin_array(&w);
	for (int i = 0; i < ps->count; i++)
		if (ps->over[i])
			json_u64(&w, ps->values[i]);
	json_end_array(&w);
	json_end_object(&w);
	rc = fclose(fp) ? -ENOMEM : 0;
	if (!rc)
		rc = runner_plan_meta_item(p, json);
	free(json);
	if (rc)
		snprintf(why, why_len, "out of memory");
	return rc;
}

static int sweep_plan(const struct bench_args *a, struct runner_plan *p, char *why,
		      size_t why_len)
{
	char reason[512];
	struct sweep_plan_state ps = { .count = 0 };
	char buf[1024], *items[ARGS_MAX_VALUES];
	char **list = (char **)a->values;
	int n = a->value_count;
	int rc = param_of(a, &ps.sp, why, why_len);

	if (rc)
		return rc;
	if (point_shape_given(a, ps.sp)) {
		snprintf(why, why_len, "--%s: it is what --param %s sweeps; give the values with "
			 "--values", ps.sp->name, ps.sp->name);
		return -EINVAL;
	}
	if (!n) {
		n = parse_split_list(a->full ? ps.sp->full_values : ps.sp->values, buf,
				     sizeof(buf), items, ARGS_MAX_VALUES);
		list = items;
	}
	for (int i = 0; i < n; i++) {
		if (parse_value(ps.sp, list[i], &ps.values[i])) {
			snprintf(why, why_len, "--values '%s': expected %s for --param %s", list[i],
				 ps.sp->sizes ? "sizes like 0,16M,1G" : "counts like 0,100,10k",
				 ps.sp->name);
			return -EINVAL;
		}
		for (int j = 0; j < i; j++)
			if (ps.values[j] == ps.values[i]) {
				snprintf(why, why_len, "--values: '%s' is given twice", list[i]);
				return -EINVAL;
			}
		ps.texts[i] = list[i];
	}
	ps.count = n;
	if (a->raise_limits) {
		rc = sweep_raise_limits(ps.sp->name, why, why_len);
		if (rc == -EACCES)
			return rc; /* not root: a usage error, nothing runs */
		if (rc) {
			/* Degrade: the sweep goes on within the limits as they are, and says so. */
			fprintf(stderr, "forkbench: %s; sweep --param %s goes on with the limits as "
				"they are\n", why, ps.sp->name);
		}
	}
	if (a->full && !a->value_count) {
		rc = plan_full(a, &ps, p, reason, sizeof(reason), why, why_len);
		if (rc)
			return rc;
	}
	ps.avail_bytes = sysinfo_available_memory_bytes();
	rc = driver_plan(&sweep_loop, a, p, strcmp(ps.sp->name, "env") ? default_methods :
				       env_methods, &ps, why, why_len);
	if (!rc)
		rc = runner_plan_derived_file(p, &sweep_fits_file);
	return rc;
}

/* One point: the worker got --param P --values V for its point alone. */
static int sweep_measure(const struct bench_args *a, struct emitter *e)
{
	const struct sweep_param *sp;
	struct bench_args pt;
	uint64_t value;
	char why[256];

	if (param_of(a, &sp, why, sizeof(why)) || a->value_count != 1 ||
	    parse_value(sp, a->values[0], &value)) {
		emit_error(e, "sweep worker: expected one --values point for --param %s",
			   a->param ? a->param : "rss");
		return -EINVAL;
	}
	point_args(a, sp, value, &pt);
	return bench_latency.measure(&pt, e);
}

/* ---- fits.csv ---- */

static const char *const fit_metrics[] = { "call_ns", "start_ns", "total_ns" };
#define FIT_METRIC_COUNT (sizeof(fit_metrics) / sizeof(fit_metrics[0]))

struct fit_point {
	struct config_key key; /* the swept column cleared: what the group's points share */
	char group[1024];
	const struct sweep_param *sp;
	size_t metric;
	double x, y;
	double y_low, y_high, y_level; /* the median's interval and its level (NAN: none) */
	bool done;
};

/* The parameter a sweep configuration swept, from its variant "param=NAME[;...]". */
static const struct sweep_param *param_of_key(const struct config_key *k)
{
	char name[32];
	size_t len;

	if (strncmp(k->variant, "param=", 6))
		return NULL;
	len = strcspn(k->variant + 6, ";");
	if (len >= sizeof(name))
		return NULL;
	memcpy(name, k->variant + 6, len);
	name[len] = '\0';
	return param_find(name);
}

/* x of a point, and its key with the swept value cleared (written as an empty cell). */
static double point_x(const struct sweep_param *sp, struct config_key *k)
{
	double x = 0;

	if (!strcmp(sp->name, "rss")) {
		x = (double)k->rss_bytes;
		k->rss_bytes = KEY_NA;
	} else if (!strcmp(sp->name, "threads")) {
		x = (double)k->threads;
		k->threads = KEY_NA;
	} else if (!strcmp(sp->name, "fds")) {
		x = (double)k->fds;
		k->fds = KEY_NA;
	} else if (!strcmp(sp->name, "vmas")) {
		x = (double)k->vmas;
		k->vmas = KEY_NA;
	} else if (!strcmp(sp->name, "env")) {
		const char *v = strstr(k->variant, "env_bytes=");

		x = v ? strtod(v + 10, NULL) : 0;
		snprintf(k->variant, sizeof(k->variant), "param=env");
	}
	return x / sp->x_unit;
}

static const struct metric_samples *metric_of(const struct config_result *c, const char *name)
{
	for (size_t i = 0; i < c->metric_count; i++)
		if (!strcmp(c->metrics[i].name, name))
			return &c->metrics[i];
	return NULL;
}

/* Every (configuration, metric) of the sweep as a point with the median as y. */
static int collect_points(const struct run_results *r, struct fit_point **out, size_t *count)
{
	struct fit_point *pts;
	size_t n = 0;

	*out = NULL;
	*count = 0;
	pts = calloc(r->config_count * FIT_METRIC_COUNT + 1, sizeof(*pts));
	if (!pts)
		return -ENOMEM;
	for (size_t i = 0; i < r->config_count; i++) {
		const struct config_result *c = &r->configs[i];
		const struct sweep_param *sp = param_of_key(&c->key);
		struct config_key k = c->key;
		double x;

		if (strcmp(c->key.bench, "sweep") || !sp)
			continue;
		x = point_x(sp, &k);
		for (size_t m = 0; m < FIT_METRIC_COUNT; m++) {
			const struct metric_samples *ms = metric_of(c, fit_metrics[m]);
			struct metric_summary sum;
			struct fit_point *p = &pts[n];
			size_t used = 0;

			/* The summary.csv median: the coordinator folds samples away (DESIGN §7). */
			if (!ms || !ms->n || results_summarize_metric(ms, &sum))
				continue;
			p->key = k;
			p->sp = sp;
			p->metric = m;
			p->x = x;
			p->y = sum.s.median;
			p->y_low = sum.s.ci95_low;
			p->y_high = sum.s.ci95_high;
			p->y_level = sum.ci_level;
			for (size_t col = 0; col < results_key_column_count; col++) {
				char cell[300];

				results_key_cell(&k, col, cell, sizeof(cell));
				used += (size_t)snprintf(p->group + used, sizeof(p->group) - used,
							 "%s\x1f", cell);
				if (used >= sizeof(p->group))
					used = sizeof(p->group) - 1;
			}
			n++;
		}
	}
	*out = pts;
	*count = n;
	return 0;
}

static void write_header(FILE *fp)
{
	static const char *const cols[] = { "metric", "param", "slope_unit", "slope", "ci95_low",
					    "ci95_high", "intercept_ns", "r2", "n_points",
					    "max_residual_pct", "worst_point", "fit", "x_from",
					    "x_to", "ci_level" };

	for (size_t i = 0; i < results_key_column_count; i++) {
		csv_field(fp, results_key_columns[i]);
		csv_sep(fp);
	}
	csv_field(fp, "config");
	csv_sep(fp);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		if (i)
			csv_sep(fp);
		csv_field(fp, cols[i]);
	}
	csv_eol(fp);
}

/* One row of fits.csv, a line's or a segment's (DESIGN §7): the cells a segment has no value
 * for (intercept, R², residual) are NAN and written empty. */
struct fit_row {
	const char *fit; /* "line" or "segment" */
	double slope, low, high, level, intercept, r2, max_residual_pct, worst_x, x_from, x_to;
	size_t n_points;
};

static void write_row(FILE *fp, const struct fit_point *p, const struct fit_row *row)
{
	const double cells[] = { row->slope, row->low, row->high, row->intercept, row->r2 };
	char cell[300], label[CONFIG_LABEL_MAX];

	for (size_t i = 0; i < results_key_column_count; i++) {
		results_key_cell(&p->key, i, cell, sizeof(cell));
		csv_field(fp, cell);
		csv_sep(fp);
	}
	/* The line's label: its points' with the swept value left out ("fork touched param=rss"). */
	config_label(&p->key, label, sizeof(label));
	csv_field(fp, label);
	csv_sep(fp);
	csv_field(fp, fit_metrics[p->metric]);
	csv_sep(fp);
	csv_field(fp, p->sp->name);
	csv_sep(fp);
	csv_field(fp, p->sp->slope_unit);
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		csv_sep(fp);
		csv_double(fp, cells[i]);
	}
	csv_sep(fp);
	csv_u64(fp, row->n_points);
	csv_sep(fp);
	csv_double(fp, row->max_residual_pct);
	csv_sep(fp);
	csv_double(fp, row->worst_x);
	csv_sep(fp);
	csv_field(fp, row->fit);
	csv_sep(fp);
	csv_double(fp, row->x_from);
	csv_sep(fp);
	csv_double(fp, row->x_to);
	csv_sep(fp);
	csv_double(fp, row->level);
	csv_eol(fp);
}

int sweep_segment(const struct sweep_point *a, const struct sweep_point *b,
		  struct sweep_segment *out)
{
	double dx = b->x - a->x;

	if (!(dx > 0))
		return -EINVAL;
	out->slope = (b->y - a->y) / dx;
	/* The slope's extremes when each median lies anywhere in its interval: they hold whenever
	 * both intervals do, so the level is at least the product of the two (the points are
	 * separate processes, independent). Nominal: the true coverage is higher. */
	out->low = (b->y_low - a->y_high) / dx;
	out->high = (b->y_high - a->y_low) / dx;
	out->level = a->y_level * b->y_level;
	if (!isfinite(out->low) || !isfinite(out->high) || !isfinite(out->level))
		out->low = out->high = out->level = NAN;
	return 0;
}

static int cmp_x(const void *l, const void *r)
{
	const struct sweep_point *a = l, *b = r;

	return (a->x > b->x) - (a->x < b->x);
}

/* The group's line (3 points or more), then a segment per pair of consecutive points by x. */
static size_t put_group(FILE *fp, const struct fit_point *first, struct sweep_point *pts,
			size_t k, double *x, double *y)
{
	struct stats_fit fit;
	size_t rows = 0;

	qsort(pts, k, sizeof(*pts), cmp_x);
	for (size_t i = 0; i < k; i++) {
		x[i] = pts[i].x;
		y[i] = pts[i].y;
	}
	if (k >= 3 && !stats_linear_fit(x, y, k, &fit)) {
		struct fit_row row = {
			"line", fit.slope, fit.slope_ci95_low, fit.slope_ci95_high,
			/* Student's t under least squares' assumptions: nominal. */
			0.95, fit.intercept, fit.r2, fit.max_residual_pct,
			fit.worst_index < fit.n ? x[fit.worst_index] : NAN, x[0], x[k - 1], fit.n,
		};

		if (fp)
			write_row(fp, first, &row);
		rows++;
	}
	for (size_t i = 0; k >= 3 && i + 1 < k; i++) {
		struct sweep_segment seg;

		if (sweep_segment(&pts[i], &pts[i + 1], &seg))
			continue;
		struct fit_row row = { "segment", seg.slope, seg.low, seg.high, seg.level, NAN, NAN,
				       NAN, NAN, pts[i].x, pts[i + 1].x, 2 };

		if (fp)
			write_row(fp, first, &row);
		rows++;
	}
	return rows;
}

/* The fits of r into fp, or with fp NULL only counted: 0 or -ENOMEM, *rows set. */
static int fits_put(FILE *fp, const struct run_results *r, size_t *rows)
{
	struct fit_point *pts = NULL;
	struct sweep_point *group = NULL;
	double *x = NULL, *y = NULL;
	size_t n;
	int rc = collect_points(r, &pts, &n);

	*rows = 0;
	if (rc)
		goto out;
	x = calloc(n + 1, sizeof(*x));
	y = calloc(n + 1, sizeof(*y));
	group = calloc(n + 1, sizeof(*group));
	if (!x || !y || !group) {
		rc = -ENOMEM;
		goto out;
	}
	if (fp)
		write_header(fp);
	/* Groups in the order their first point appears: the order the run measured them. */
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		if (pts[i].done)
			continue;
		for (size_t j = i; j < n; j++) {
			if (pts[j].done || pts[j].metric != pts[i].metric ||
			    strcmp(pts[j].group, pts[i].group))
				continue;
			pts[j].done = true;
			group[k++] = (struct sweep_point){ pts[j].x, pts[j].y, pts[j].y_low,
							   pts[j].y_high, pts[j].y_level };
		}
		*rows += put_group(fp, &pts[i], group, k, x, y);
	}
out:
	free(group);
	free(x);
	free(y);
	free(pts);
	return rc;
}

static int fits_put_file(FILE *fp, const struct run_results *r, const char *meta_json)
{
	size_t rows;

	(void)meta_json;
	return fits_put(fp, r, &rows);
}

/* Only a run with a line to show has fits.csv. Out of memory counts as one: the write then
 * reports the error rather than leaving the file out quietly. */
static bool fits_wanted(const struct run_results *r)
{
	size_t rows;

	return fits_put(NULL, r, &rows) || rows;
}

const struct results_file sweep_fits_file = { "fits.csv", fits_put_file, fits_wanted };

int sweep_write_fits(const char *dir, const struct run_results *r, char *why, size_t why_len)
{
	int rc = results_write_file(dir, r, &sweep_fits_file);

	if (rc)
		snprintf(why, why_len, "cannot write %s/fits.csv: %s", dir, strerror(-rc));
	return rc;
}

static int set_values(const struct bench_option *o, const char *v, struct bench_args *a,
		      char *why, size_t why_len)
{
	int n = parse_split_list(v, a->values_buf, sizeof(a->values_buf), a->values,
				 ARGS_MAX_VALUES);

	if (n <= 0)
		return args_bad_value(o, v, "expected a list like 0,16M,64M", why, why_len);
	a->value_count = n;
	return 0;
}

static const struct bench_option sweep_options[] = {
	{ .name = "param", .kind = OPT_CHOICE, .arg_name = "rss|threads|fds|vmas|env",
	  .default_text = "rss", .accepted = "rss|threads|fds|vmas|env",
	  .help = "the parent-shaping parameter swept", .off = ARGS_OFF(param) },
	{ .name = "values", .kind = OPT_CUSTOM, .arg_name = "V1,V2,...",
	  .default_text = "rss 0,16M,64M,256M,1G; threads 0,10,100,1000; fds 0,100,10k,100k; "
			  "vmas 10,1k,10k,50k; env 1K,64K,1M",
	  .accepted = "sizes (rss, env) or counts (10k = 10000)",
	  .help = "the points of the sweep", .set = set_values },
	{ .name = "full", .kind = OPT_FLAG,
	  .help = "larger points, up to what this machine allows (the rest skipped)",
	  .off = ARGS_OFF(full) },
	{ .name = "raise-limits", .kind = OPT_FLAG,
	  .help = "root: raise vm.max_map_count, kernel.pid_max; restored after",
	  .off = ARGS_OFF(raise_limits) },
	{ NULL },
};

const struct bench bench_sweep = {
	.name = "sweep",
	.summary = "latency against the parent's rss, threads, fds or vmas, with fitted slopes",
	.plan = sweep_plan,
	.measure = sweep_measure,
	.options = sweep_options,
	.includes = &bench_latency,
	.includes_why = "each point is a latency configuration",
	.methods_default = default_methods,
	.methods_default_env = env_methods,
};
