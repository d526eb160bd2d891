/* The writers (DESIGN §7): samples.csv, summary.csv, skipped.csv, notes.csv, results.json and
 * meta.json of one run directory, written atomically through afile, as a set. They format the
 * model and compute nothing but the summary statistics; plots and reports are made by scripts
 * from these files. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "config_label.h"
#include "csv.h"
#include "json.h"
#include "results.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The summary statistics, in summary.csv column order; aggregate marks those that also become
 * results.json aggregate entries (DESIGN §7: Google Benchmark's mean, median and stddev, and
 * the range and p95; the other quantiles stay in summary.csv, and the CI rides on the median). */
static const struct {
	const char *name;
	size_t offset;
	bool aggregate;
} results_stats[] = {
	{ "min", offsetof(struct stats_summary, min), true },
	{ "p5", offsetof(struct stats_summary, p5), false },
	{ "p25", offsetof(struct stats_summary, p25), false },
	{ "median", offsetof(struct stats_summary, median), true },
	{ "p75", offsetof(struct stats_summary, p75), false },
	{ "p95", offsetof(struct stats_summary, p95), true },
	{ "p99", offsetof(struct stats_summary, p99), false },
	{ "max", offsetof(struct stats_summary, max), true },
	{ "mean", offsetof(struct stats_summary, mean), true },
	{ "stddev", offsetof(struct stats_summary, stddev), true },
	{ "ci95_low", offsetof(struct stats_summary, ci95_low), false },
	{ "ci95_high", offsetof(struct stats_summary, ci95_high), false },
};

static double results_stat(const struct stats_summary *s, size_t i)
{
	/* The offset is offsetof() a double member: the cast reads that double. */
	/* cppcheck-suppress invalidPointerCast */
	return *(const double *)((const char *)s + results_stats[i].offset);
}

/* One row's key cells; the longest key field is exec[256]. */
#define RESULTS_KEYS RESULTS_KEY_COLUMNS
typedef char results_cells[RESULTS_KEYS][256];

static void results_key_cells(const struct config_key *k, results_cells cells)
{
	for (size_t i = 0; i < RESULTS_KEYS; i++)
		results_key_cell(k, i, cells[i], sizeof(cells[i]));
}

/* config: the file has one row per configuration and a `config` column after the key columns
 * (DESIGN §7). samples.csv has none: the label would be repeated on every sample of its
 * largest file, and its rows join summary.csv's on the key. */
static void results_csv_header(FILE *fp, bool config, const char *const *tail, size_t tail_count)
{
	for (size_t i = 0; i < results_key_column_count; i++) {
		csv_field(fp, results_key_columns[i]);
		csv_sep(fp);
	}
	if (config) {
		csv_field(fp, "config");
		csv_sep(fp);
	}
	for (size_t i = 0; i < tail_count; i++) {
		if (i)
			csv_sep(fp);
		csv_field(fp, tail[i]);
	}
	csv_eol(fp);
}

/* The key cells and the separator after them: every data row of every file starts so. */
static void results_csv_keys(FILE *fp, results_cells cells)
{
	for (size_t i = 0; i < RESULTS_KEYS; i++) {
		csv_field(fp, cells[i]);
		csv_sep(fp);
	}
}

/* The config cell of k and the separator after it (config_label.h). */
static void results_csv_config(FILE *fp, const struct config_key *k)
{
	char label[CONFIG_LABEL_MAX];

	config_label(k, label, sizeof(label));
	csv_field(fp, label);
	csv_sep(fp);
}

/* iter of sample s: its index within its repetition, so that (rep, iter) names one sample and
 * every repetition starts at 0. Repetitions arrive one after another; should one ever resume
 * after another, its count goes on from where it stopped. */
static size_t results_iter(const struct metric_samples *m, size_t s, size_t prev_iter)
{
	size_t iter = 0;

	if (s && m->rep[s] == m->rep[s - 1])
		return prev_iter + 1;
	for (size_t i = 0; i < s; i++)
		iter += m->rep[i] == m->rep[s];
	return iter;
}

void results_put_samples_header(FILE *fp)
{
	static const char *const tail[] = { "rep", "iter", "metric", "unit", "value" };

	results_csv_header(fp, false, tail, ARRAY_SIZE(tail));
}

/* Decimal digits of v, at the end of buf (no terminator): returns where they start. */
static char *results_utoa(uint64_t v, char *end)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/*
 * A suite writes millions of sample rows, and formatting them is most of the coordinator's
 * writing time: the key cells are formatted once per configuration and ",metric,unit," once per
 * metric, each row is built in a buffer (whole numbers, most samples, without printf) and goes
 * out in one unlocked write.
 */
int results_put_sample_rows(FILE *fp, const struct config_result *c)
{
	char prefix[RESULTS_KEYS * 520], tail[160], row[sizeof(prefix) + sizeof(tail) + 96];
	size_t prefix_len = 0, tail_len;
	results_cells cells;
	FILE *mem;

	results_key_cells(&c->key, cells);
	mem = fmemopen(prefix, sizeof(prefix), "w");
	if (!mem)
		return -ENOMEM;
	results_csv_keys(mem, cells);
	prefix_len = (size_t)ftell(mem);
	fclose(mem);
	for (size_t j = 0; j < c->metric_count; j++) {
		const struct metric_samples *m = &c->metrics[j];
		size_t iter = 0;

		mem = fmemopen(tail, sizeof(tail), "w");
		if (!mem)
			return -ENOMEM;
		csv_sep(mem);
		csv_field(mem, m->name);
		csv_sep(mem);
		csv_field(mem, m->unit);
		csv_sep(mem);
		tail_len = (size_t)ftell(mem);
		fclose(mem);
		memcpy(row, prefix, prefix_len);
		for (size_t s = 0; !m->folded && s < m->n; s++) {
			char num[32], *p, *at = row + prefix_len;
			double v = m->values[s];

			iter = results_iter(m, s, iter);
			p = results_utoa((uint64_t)(m->rep[s] > 0 ? m->rep[s] : 0), num + sizeof(num));
			memcpy(at, p, (size_t)(num + sizeof(num) - p));
			at += num + sizeof(num) - p;
			*at++ = ',';
			p = results_utoa(iter, num + sizeof(num));
			memcpy(at, p, (size_t)(num + sizeof(num) - p));
			at += num + sizeof(num) - p;
			memcpy(at, tail, tail_len);
			at += tail_len;
			if (v >= 0 && v < 9007199254740992.0 && v == (double)(uint64_t)v) {
				p = results_utoa((uint64_t)v, num + sizeof(num));
				memcpy(at, p, (size_t)(num + sizeof(num) - p));
				at += num + sizeof(num) - p;
			} else {
				csv_format_double(v, num, sizeof(num));
				memcpy(at, num, strlen(num));
				at += strlen(num);
			}
			*at++ = '\n';
			fwrite_unlocked(row, 1, (size_t)(at - row), fp);
		}
	}
	return 0;
}

/* Each results_put_* writes one file's content into fp: 0, or -errno for a failure that is not
 * fp's (fp's own are reported by the commit). */
static int results_put_samples(FILE *fp, const struct run_results *r, const char *meta_json)
{
	(void)meta_json;
	results_put_samples_header(fp);
	for (size_t i = 0; i < r->config_count; i++) {
		int ret = results_put_sample_rows(fp, &r->configs[i]);

		if (ret)
			return ret;
	}
	return 0;
}

/* true, false, or "" where no adaptive stop watched the metric (DESIGN §5). */
static const char *results_converged_text(enum results_converged c)
{
	if (c == RESULTS_CONVERGED_UNTESTED)
		return "";
	return c == RESULTS_CONVERGED_TRUE ? "true" : "false";
}

static int results_put_summary(FILE *fp, const struct run_results *r, const char *meta_json)
{
	static const char *const tail[] = {
		"metric", "unit", "n", "min", "p5", "p25", "median", "p75", "p95", "p99", "max",
		"mean", "stddev", "ci95_low", "ci95_high", "outliers", "converged", "reps",
		"rep_median_min", "rep_median_max", "ci_level",
	};
	struct metric_summary ms;
	results_cells cells;
	int ret;

	(void)meta_json;
	results_csv_header(fp, true, tail, ARRAY_SIZE(tail));
	for (size_t i = 0; i < r->config_count; i++) {
		const struct config_result *c = &r->configs[i];

		results_key_cells(&c->key, cells);
		for (size_t j = 0; j < c->metric_count; j++) {
			const struct metric_samples *m = &c->metrics[j];

			if (!m->n)
				continue; /* no samples, no statistics: no row */
			ret = results_summarize_metric(m, &ms);
			if (ret)
				return ret;
			results_csv_keys(fp, cells);
			results_csv_config(fp, &c->key);
			csv_field(fp, m->name);
			csv_sep(fp);
			csv_field(fp, m->unit);
			csv_sep(fp);
			csv_u64(fp, ms.s.n);
			for (size_t k = 0; k < ARRAY_SIZE(results_stats); k++) {
				csv_sep(fp);
				csv_double(fp, results_stat(&ms.s, k));
			}
			csv_sep(fp);
			csv_u64(fp, ms.s.outliers);
			fprintf(fp, ",%s,%d,", results_converged_text(ms.converged), ms.reps);
			csv_double(fp, ms.rep_median_min);
			csv_sep(fp);
			csv_double(fp, ms.rep_median_max);
			csv_sep(fp);
			csv_double(fp, ms.ci_level);
			csv_eol(fp);
		}
	}
	return 0;
}

static int results_put_skipped(FILE *fp, const struct run_results *r, const char *meta_json)
{
	static const char *const tail[] = { "reason" };
	results_cells cells;

	(void)meta_json;
	results_csv_header(fp, true, tail, ARRAY_SIZE(tail));
	for (size_t i = 0; i < r->skipped_count; i++) {
		results_key_cells(&r->skipped[i].key, cells);
		results_csv_keys(fp, cells);
		results_csv_config(fp, &r->skipped[i].key);
		csv_field(fp, r->skipped[i].reason);
		csv_eol(fp);
	}
	return 0;
}

/* notes.csv: what a configuration's worker said about it (counter mode, retried EAGAINs,
 * what THP did), one row per configuration that has a note. */
static int results_put_notes(FILE *fp, const struct run_results *r, const char *meta_json)
{
	static const char *const tail[] = { "note" };
	results_cells cells;

	(void)meta_json;
	results_csv_header(fp, true, tail, ARRAY_SIZE(tail));
	for (size_t i = 0; i < r->config_count; i++) {
		if (!r->configs[i].note || !r->configs[i].note[0])
			continue;
		results_key_cells(&r->configs[i].key, cells);
		results_csv_keys(fp, cells);
		results_csv_config(fp, &r->configs[i].key);
		csv_field(fp, r->configs[i].note);
		csv_eol(fp);
	}
	return 0;
}

/*
 * Google Benchmark names a run "<family>/<args>"; ours is "<bench>/<config>/<metric>" with the
 * configuration's label (config_label.h), so a plain latency run reads "latency/fork/call_ns"
 * and results.json names configurations as summary.csv's config column does.
 */
static void results_run_name(const struct config_key *k, const char *metric, char *buf,
			     size_t len)
{
	char label[CONFIG_LABEL_MAX];

	config_label(k, label, sizeof(label));
	snprintf(buf, len, "%s/%s/%s", k->bench, label, metric);
}

/* forkbench_key: the key columns, numbers as numbers, not applicable as null. */
static void results_json_key(struct json_writer *w, const struct config_key *k)
{
	char cell[256];

	json_key(w, "forkbench_key");
	json_begin_object(w);
	for (size_t i = 0; i < results_key_column_count; i++) {
		const char *col = results_key_columns[i];
		bool is_u64 = !strcmp(col, "rss_bytes") || !strcmp(col, "threads") ||
			      !strcmp(col, "fds") || !strcmp(col, "vmas");

		results_key_cell(k, i, cell, sizeof(cell));
		json_key(w, col);
		if (!is_u64)
			json_string(w, cell);
		else if (!cell[0])
			json_null(w);
		else
			json_u64(w, strtoull(cell, NULL, 10));
	}
	json_end_object(w);
}

/* The fields every entry of one metric starts with (Google Benchmark's names). */
static void results_json_head(struct json_writer *w, const char *name, const char *run_name,
			      size_t family_index, const char *run_type, int reps)
{
	json_key(w, "name");
	json_string(w, name);
	json_key(w, "family_index");
	json_u64(w, family_index);
	json_key(w, "per_family_instance_index");
	json_u64(w, 0);
	json_key(w, "run_name");
	json_string(w, run_name);
	json_key(w, "run_type");
	json_string(w, run_type);
	json_key(w, "repetitions");
	json_i64(w, reps);
	json_key(w, "threads");
	json_i64(w, 1);
}

static void results_json_time(struct json_writer *w, double ns)
{
	json_key(w, "real_time");
	json_double(w, ns);
	json_key(w, "cpu_time");
	json_double(w, ns);
	json_key(w, "time_unit");
	json_string(w, "ns");
}

/*
 * One repetition as a Google Benchmark iteration entry: its name is the run name, as in a
 * benchmark run with --benchmark_repetitions, and its time is that repetition's median. compare.py
 * runs its Mann-Whitney U test over these entries when both runs have two or more: the test
 * forkbench compare runs on repetition medians (DESIGN §8).
 */
static void results_json_iteration(struct json_writer *w, const char *run_name,
				   size_t family_index, const struct metric_summary *ms,
				   const struct rep_median *rm, size_t index)
{
	json_begin_object(w);
	results_json_head(w, run_name, run_name, family_index, "iteration", ms->reps);
	json_key(w, "repetition_index");
	json_u64(w, index);
	json_key(w, "iterations");
	json_u64(w, rm->n);
	results_json_time(w, rm->median);
	json_end_object(w);
}

/* One statistic of the summary as an aggregate entry; the median carries the configuration's
 * key, its CI with the CI's level, and whether it converged. */
static void results_json_aggregate(struct json_writer *w, const struct config_result *c,
				   const struct metric_samples *m, const char *run_name,
				   size_t family_index, const struct metric_summary *ms,
				   size_t stat)
{
	char name[CONFIG_LABEL_MAX + 240];

	snprintf(name, sizeof(name), "%s_%s", run_name, results_stats[stat].name);
	json_begin_object(w);
	results_json_head(w, name, run_name, family_index, "aggregate", ms->reps);
	json_key(w, "aggregate_name");
	json_string(w, results_stats[stat].name);
	json_key(w, "iterations");
	json_u64(w, ms->s.n);
	results_json_time(w, results_stat(&ms->s, stat));
	json_key(w, "unit");
	json_string(w, m->unit);
	if (!strcmp(results_stats[stat].name, "median")) {
		json_key(w, "metric");
		json_string(w, m->name);
		results_json_key(w, &c->key);
		json_key(w, "ci95_low");
		json_double(w, ms->s.ci95_low);
		json_key(w, "ci95_high");
		json_double(w, ms->s.ci95_high);
		/* The level of that interval (DESIGN §5); null with the bounds when there is none. */
		json_key(w, "ci_level");
		json_double(w, ms->ci_level);
		/* null: no adaptive stop watched this metric, so nothing is claimed either way. */
		json_key(w, "converged");
		if (ms->converged == RESULTS_CONVERGED_UNTESTED)
			json_null(w);
		else
			json_bool(w, ms->converged == RESULTS_CONVERGED_TRUE);
	}
	json_end_object(w);
}

/* Times only (ns, and per-operation or per-page ns): compare.py converts every entry's time to
 * seconds through its time_unit and has no unit for a count or a byte size, so counters,
 * footprints and rates stay in summary.csv (DESIGN §7). */
static bool results_json_wants(const struct metric_samples *m)
{
	return m->n && (!strcmp(m->unit, "ns") || !strncmp(m->unit, "ns/", 3));
}

/* Every entry of one metric, each on its own line after a separator (the first gets none). */
static int results_json_metric(FILE *fp, const struct config_result *c,
			       const struct metric_samples *m, size_t family_index, bool *first)
{
	char run_name[CONFIG_LABEL_MAX + 160];
	struct rep_median *reps = NULL;
	struct metric_summary ms;
	struct json_writer w;
	int ret = results_summarize_metric_reps(m, &ms, &reps);

	if (ret)
		return ret;
	results_run_name(&c->key, m->name, run_name, sizeof(run_name));
	for (size_t k = 0; k < (size_t)ms.reps + ARRAY_SIZE(results_stats); k++) {
		bool is_rep = k < (size_t)ms.reps;
		size_t stat = k - (size_t)ms.reps;

		if (!is_rep && !results_stats[stat].aggregate)
			continue;
		fputs(*first ? "\n" : ",\n", fp);
		*first = false;
		json_init(&w, fp, 0);
		if (is_rep)
			results_json_iteration(&w, run_name, family_index, &ms, &reps[k], k);
		else
			results_json_aggregate(&w, c, m, run_name, family_index, &ms, stat);
	}
	free(reps);
	return 0;
}

/*
 * results.json in Google Benchmark's format (DESIGN §7): per time metric of each configuration,
 * one iteration entry per repetition and the aggregates, one entry per line so that the file
 * greps and diffs. The meta.json object is its "context".
 */
static int results_put_results_json(FILE *fp, const struct run_results *r,
				    const char *meta_json)
{
	size_t family_index = 0;
	bool first = true;
	int ret;

	fputs("{\"context\":", fp);
	fputs(meta_json && *meta_json ? meta_json : "{}", fp);
	fputs(",\"benchmarks\":[", fp);
	for (size_t i = 0; i < r->config_count; i++) {
		const struct config_result *c = &r->configs[i];

		for (size_t j = 0; j < c->metric_count; j++) {
			if (!results_json_wants(&c->metrics[j]))
				continue;
			ret = results_json_metric(fp, c, &c->metrics[j], family_index++, &first);
			if (ret)
				return ret;
		}
	}
	fputs("\n]}\n", fp);
	return 0;
}

static int results_put_meta_json(FILE *fp, const struct run_results *r, const char *meta_json)
{
	size_t len = strlen(meta_json);

	(void)r;
	fputs(meta_json, fp);
	if (!len || meta_json[len - 1] != '\n')
		fputc('\n', fp);
	return 0;
}

/* The files of a run directory, in the order they are written: meta.json first, as a run
 * directory with results but no machine description is useless. The benches' derived files
 * (results_write_all_derived) follow. */
static const struct results_file results_files[] = {
	{ "meta.json", results_put_meta_json, NULL },
	{ "summary.csv", results_put_summary, NULL },
	{ "skipped.csv", results_put_skipped, NULL },
	{ "notes.csv", results_put_notes, NULL },
	{ "results.json", results_put_results_json, NULL },
};
#define RESULTS_MAX_SET (ARRAY_SIZE(results_files) + RESULTS_MAX_DERIVED)

/* The files this write commits, in order, into set: the table's (but meta.json without
 * meta_json), then each derived file that has something to write. Returns how many. */
static size_t results_set_of(const struct results_file **set, const struct run_results *r,
			     const char *meta_json, const struct results_file *const *derived,
			     size_t derived_count)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(results_files); i++)
		if (meta_json || results_files[i].put != results_put_meta_json)
			set[n++] = &results_files[i];
	for (size_t i = 0; i < derived_count && i < RESULTS_MAX_DERIVED; i++)
		if (!derived[i]->wanted || derived[i]->wanted(r))
			set[n++] = derived[i];
	return n;
}

static int results_write_one(const char *dir, const char *name, results_put_fn *put,
			     const struct run_results *r, const char *meta_json)
{
	struct afile f;
	int ret = afile_open(&f, dir, name);

	if (ret)
		return ret;
	ret = put(f.fp, r, meta_json);
	if (ret) {
		afile_abort(&f);
		return ret;
	}
	return afile_commit(&f, 1);
}

int results_write_samples_csv(const char *dir, const struct run_results *r)
{
	return results_write_one(dir, "samples.csv", results_put_samples, r, NULL);
}

int results_write_summary_csv(const char *dir, const struct run_results *r)
{
	return results_write_one(dir, "summary.csv", results_put_summary, r, NULL);
}

int results_write_skipped_csv(const char *dir, const struct run_results *r)
{
	return results_write_one(dir, "skipped.csv", results_put_skipped, r, NULL);
}

int results_write_notes_csv(const char *dir, const struct run_results *r)
{
	return results_write_one(dir, "notes.csv", results_put_notes, r, NULL);
}

int results_write_results_json(const char *dir, const struct run_results *r,
			       const char *meta_json)
{
	return results_write_one(dir, "results.json", results_put_results_json, r, meta_json);
}

/*
 * Each file is atomic on its own; the set is made consistent too by committing the files
 * together: every one is written in full (unnamed, atomic_file.h) before any is renamed into place,
 * so a full disk (ENOSPC) fails before anything moves and the files already in dir keep
 * describing the same configurations (no results.json older than summary.csv). That holds one
 * descriptor per file until the commit; without meta_json there is no meta.json.
 */
static int results_write_set(const char *dir, const struct run_results *r, const char *meta_json,
			     const struct results_file *const *set, size_t count, bool durable)
{
	struct afile files[RESULTS_MAX_SET];
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; !ret && i < count; i++) {
		ret = afile_open(&files[n], dir, set[i]->name);
		if (!ret)
			ret = set[i]->put(files[n++].fp, r, meta_json);
	}
	if (!ret)
		return afile_commit_opts(files, n, durable);
	for (size_t i = 0; i < n; i++)
		afile_abort(&files[i]);
	return ret;
}

/*
 * With too few descriptors for the whole set (RLIMIT_NOFILE of a handful), each file is
 * committed on its own, one descriptor at a time, into a hidden staging directory, and the
 * files are renamed out of it once all are written: the set stays consistent on a full disk,
 * but a SIGKILL inside the write leaves the staging directory behind.
 */
static int results_write_staged(const char *dir, const struct run_results *r,
				const char *meta_json, const struct results_file *const *set,
				size_t count)
{
	char stage[4096], from[4200], to[4200];
	int ret = 0, n;

	n = snprintf(stage, sizeof(stage), "%s/.staging.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(stage))
		return -ENAMETOOLONG;
	if (!mkdtemp(stage))
		return -errno;
	for (size_t i = 0; !ret && i < count; i++)
		ret = results_write_one(stage, set[i]->name, set[i]->put, r, meta_json);
	for (size_t i = 0; i < count; i++) {
		snprintf(from, sizeof(from), "%s/%s", stage, set[i]->name);
		snprintf(to, sizeof(to), "%s/%s", dir, set[i]->name);
		if (ret) {
			unlink(from);
			continue;
		}
		if (rename(from, to) < 0) {
			ret = -errno;
			unlink(from);
		}
	}
	if (rmdir(stage) < 0 && !ret)
		ret = -errno;
	return ret;
}

int results_write_all_derived(const char *dir, const struct run_results *r, const char *meta_json,
			      const struct results_file *const *derived, size_t derived_count)
{
	return results_write_all_opts(dir, r, meta_json, derived, derived_count, true);
}

int results_write_all_opts(const char *dir, const struct run_results *r, const char *meta_json,
			   const struct results_file *const *derived, size_t derived_count,
			   bool durable)
{
	const struct results_file *set[RESULTS_MAX_SET];
	size_t n = results_set_of(set, r, meta_json, derived, derived_count);
	int ret = results_write_set(dir, r, meta_json, set, n, durable);

	if (ret == -EMFILE || ret == -ENFILE)
		ret = results_write_staged(dir, r, meta_json, set, n);
	return ret;
}

int results_write_all(const char *dir, const struct run_results *r, const char *meta_json)
{
	return results_write_all_derived(dir, r, meta_json, NULL, 0);
}

int results_write_file(const char *dir, const struct run_results *r,
		       const struct results_file *f)
{
	if (f->wanted && !f->wanted(r))
		return 0;
	return results_write_one(dir, f->name, f->put, r, NULL);
}
