/* harness/results.c, results_write.c and atomic_file.c: the model (configurations, samples across
 * repetitions, skips, per-metric summaries), each writer into a fresh directory read back by
 * header and row count, and atomic files (nothing visible until committed, sets renamed only
 * whole, nothing temporary left, ENOSPC reported, the mkstemp fallback). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <math.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "atomic_file.h"
#include "csv.h"
#include "results.h"
#include "tap_skip.h"

static const char *const key_header =
	"bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,cpu,variant";

static void make_dir(char *tmpl)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
}

/* Names in dir, excluding . and ..; *hidden counts those starting with '.' (temporaries). */
static int count_entries(const char *dir, int *hidden)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	*hidden = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		n++;
		if (de->d_name[0] == '.')
			(*hidden)++;
	}
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	static const char *const names[] = { "samples.csv", "summary.csv", "skipped.csv",
					     "notes.csv",   "results.json", "meta.json",
					     "out.txt" };
	char path[4096];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* The whole file as a string (caller frees). */
static char *slurp(const char *dir, const char *name)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	FILE *in, *out;
	int c;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "r");
	ck_assert_msg(in != NULL, "cannot open %s", path);
	out = open_memstream(&buf, &len);
	while ((c = fgetc(in)) != EOF)
		fputc(c, out);
	fclose(in);
	fclose(out);
	return buf;
}

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static size_t count_substr(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static struct config_key base_key(const char *bench, const char *method)
{
	struct config_key k;

	memset(&k, 0, sizeof(k));
	snprintf(k.bench, sizeof(k.bench), "%s", bench);
	snprintf(k.method, sizeof(k.method), "%s", method);
	k.rss_bytes = KEY_NA;
	k.threads = KEY_NA;
	k.fds = KEY_NA;
	k.vmas = KEY_NA;
	return k;
}

START_TEST(test_key_cells)
{
	struct config_key k = base_key("cow", "clone:vm,vfork");
	char cell[256];

	ck_assert_uint_eq(results_key_column_count, 13);
	snprintf(k.flags, sizeof(k.flags), "CLONE_VM|CLONE_VFORK");
	k.rss_bytes = 16ull << 20;
	snprintf(k.touch, sizeof(k.touch), "yes");
	k.threads = 0;
	snprintf(k.variant, sizeof(k.variant), "writer=child;size=64M");

	results_key_cell(&k, 0, cell, sizeof(cell));
	ck_assert_str_eq(cell, "cow");
	ck_assert_str_eq(results_key_columns[0], "bench");
	results_key_cell(&k, 1, cell, sizeof(cell));
	ck_assert_str_eq(cell, "clone:vm,vfork");
	results_key_cell(&k, 2, cell, sizeof(cell));
	ck_assert_str_eq(cell, "CLONE_VM|CLONE_VFORK");
	results_key_cell(&k, 3, cell, sizeof(cell));
	ck_assert_str_eq(cell, "");
	results_key_cell(&k, 4, cell, sizeof(cell));
	ck_assert_str_eq(cell, "16777216");
	ck_assert_str_eq(results_key_columns[4], "rss_bytes");
	results_key_cell(&k, 5, cell, sizeof(cell));
	ck_assert_str_eq(cell, "yes");
	results_key_cell(&k, 6, cell, sizeof(cell));
	ck_assert_str_eq(cell, ""); /* rss_kind left empty by this key */
	ck_assert_str_eq(results_key_columns[6], "rss_kind");
	results_key_cell(&k, 7, cell, sizeof(cell));
	ck_assert_str_eq(cell, "0"); /* zero is a value, not "not applicable" */
	results_key_cell(&k, 8, cell, sizeof(cell));
	ck_assert_str_eq(cell, ""); /* KEY_NA */
	results_key_cell(&k, 12, cell, sizeof(cell));
	ck_assert_str_eq(cell, "writer=child;size=64M");
	ck_assert_str_eq(results_key_columns[12], "variant");
	results_key_cell(&k, 13, cell, sizeof(cell));
	ck_assert_str_eq(cell, "");
}
END_TEST

/* rss_kind (DESIGN §7): a round trip through its cell, and what a file without it means. */
START_TEST(test_rss_kind_column)
{
	struct config_key k = base_key("latency", "fork"), back;
	int col = results_key_index("rss_kind");
	char cell[256];

	ck_assert_int_eq(col, results_key_index("touch") + 1); /* right after touch */
	ck_assert(results_key_optional((size_t)col));
	for (size_t i = 0; i < results_key_column_count; i++)
		ck_assert(results_key_optional(i) == ((int)i == col));
	snprintf(k.rss_kind, sizeof(k.rss_kind), "hugetlb");
	results_key_cell(&k, (size_t)col, cell, sizeof(cell));
	ck_assert_str_eq(cell, "hugetlb");
	back = k;
	memset(back.rss_kind, 0, sizeof(back.rss_kind));
	ck_assert(!results_key_equal(&k, &back));
	ck_assert_int_eq(results_key_set(&back, (size_t)col, cell), 0);
	ck_assert(results_key_equal(&k, &back));
	ck_assert_int_eq(results_key_set(&back, (size_t)col, "far-too-long-a-kind"), -EINVAL);

	/* An old file: anon where there was a region, nothing where there was none. */
	ck_assert_str_eq(results_key_absent_cell((size_t)col, "16777216", "yes"), "anon");
	ck_assert_str_eq(results_key_absent_cell((size_t)col, "0", "no"), "anon"); /* sweep 0 */
	ck_assert_str_eq(results_key_absent_cell((size_t)col, "0", ""), "");
	ck_assert_str_eq(results_key_absent_cell((size_t)col, "", ""), "");
	ck_assert_str_eq(results_key_absent_cell(0, "16777216", "yes"), "");
}
END_TEST

START_TEST(test_model)
{
	struct run_results r = { 0 };
	struct config_key k1 = base_key("latency", "fork"), k2 = base_key("latency", "vfork");
	struct config_result *c, *again;
	struct metric_samples *m;

	ck_assert_int_eq(results_add_config(&r, &k1, &c), 0);
	ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, 100), 0);
	ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, 200), 0);
	ck_assert_int_eq(results_add_sample(c, "total_ns", "ns", 1, 900), 0);
	ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 2, 300), 0);
	ck_assert_int_eq(results_add_sample(c, "call_ns", "count/op", 2, 3), -EINVAL);
	ck_assert_int_eq(results_add_sample(c, NULL, "ns", 2, 3), -EINVAL);
	ck_assert_int_eq(results_add_sample(c, "", "ns", 2, 3), -EINVAL);
	ck_assert_int_eq(results_add_sample(c, "a_metric_name_longer_than_the_48_bytes_it_may_hold",
					    "ns", 1, 1), -EINVAL);
	ck_assert_int_eq(c->reps, 2);
	ck_assert_uint_eq(c->metric_count, 2);

	m = results_find_metric(c, "call_ns");
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->n, 3);
	ck_assert_str_eq(m->unit, "ns");
	ck_assert(m->values[2] == 300);
	ck_assert_int_eq(m->rep[0], 1);
	ck_assert_int_eq(m->rep[2], 2);
	ck_assert_ptr_null(results_find_metric(c, "start_ns"));

	/* The same key again is the same configuration: repetitions merge. */
	ck_assert_int_eq(results_add_config(&r, &k2, &c), 0);
	ck_assert_int_eq(results_add_config(&r, &k1, &again), 0);
	ck_assert_uint_eq(r.config_count, 2);
	ck_assert_ptr_eq(again, &r.configs[0]);
	ck_assert_uint_eq(results_find_metric(again, "call_ns")->n, 3);

	/* Many samples and configurations: growth keeps what was there. */
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(results_add_sample(again, "start_ns", "ns", 1 + i / 5000, i), 0);
	for (int i = 0; i < 100; i++) {
		struct config_key k = base_key("sweep", "fork");

		k.rss_bytes = (uint64_t)i << 20;
		ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, i), 0);
	}
	ck_assert_uint_eq(r.config_count, 102);
	m = results_find_metric(&r.configs[0], "start_ns");
	ck_assert_uint_eq(m->n, 10000);
	ck_assert(m->values[9999] == 9999);
	ck_assert_int_eq(m->rep[9999], 2);

	/* Dropping the last configuration, as the coordinator does with an interrupted one. */
	k2 = base_key("latency", "clone3");
	ck_assert_int_eq(results_add_config(&r, &k2, &c), 0);
	ck_assert_uint_eq(r.config_count, 103);
	ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, 5), 0);
	r.config_count--;
	results_free_config(&r.configs[r.config_count]);
	ck_assert_uint_eq(r.configs[r.config_count].metric_count, 0);
	ck_assert_ptr_null(r.configs[r.config_count].metrics);
	ck_assert_int_eq(results_add_config(&r, &k2, &c), 0);
	ck_assert_ptr_eq(c, &r.configs[r.config_count - 1]);
	ck_assert_uint_eq(c->metric_count, 0);
	ck_assert_int_eq(c->reps, 0);

	ck_assert_int_eq(results_add_skip(&r, &k2, "ENOSYS: clone3 not supported"), 0);
	ck_assert_uint_eq(r.skipped_count, 1);
	ck_assert_str_eq(r.skipped[0].reason, "ENOSYS: clone3 not supported");
	ck_assert_str_eq(r.skipped[0].key.method, "clone3");

	results_free(&r);
	ck_assert_uint_eq(r.config_count, 0);
	ck_assert_ptr_null(r.configs);
	results_free(&r); /* twice is harmless */
}
END_TEST

START_TEST(test_summarize_reps)
{
	struct run_results r = { 0 };
	struct config_key k = base_key("latency", "fork");
	struct config_result *c;
	struct metric_summary ms;
	struct metric_samples empty = { 0 };
	/* rep 1: median 2; rep 2: median 25 (even count, interpolated); rep 3 interleaved. */
	static const struct {
		int rep;
		double v;
	} samples[] = { { 1, 3 }, { 2, 40 }, { 1, 1 }, { 2, 10 }, { 1, 2 },
			{ 2, 30 }, { 2, 20 }, { 3, 7 } };

	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", samples[i].rep,
						    samples[i].v), 0);
	ck_assert_int_eq(results_summarize_metric(&c->metrics[0], &ms), 0);
	ck_assert_uint_eq(ms.s.n, 8);
	ck_assert(ms.s.min == 1);
	ck_assert(ms.s.max == 40);
	/* Each process weighs the same: the median of the repetition medians 2, 25, 7 (not the
	 * pooled 8.5 of 1 2 3 7 10 20 30 40), its CI over them (n = 3: min..max, 75%). */
	ck_assert_double_eq_tol(ms.s.median, 7, 1e-12);
	ck_assert_double_eq_tol(ms.s.ci95_low, 2, 1e-12);
	ck_assert_double_eq_tol(ms.s.ci95_high, 25, 1e-12);
	ck_assert_double_eq_tol(ms.ci_level, 0.75, 1e-12);
	ck_assert_double_eq_tol(ms.s.mean, 113.0 / 8, 1e-12); /* the rest stays pooled */
	ck_assert_double_eq_tol(ms.s.p25, 2.75, 1e-12);
	ck_assert_int_eq(ms.reps, 3);
	ck_assert_double_eq_tol(ms.rep_median_min, 2, 1e-12);
	ck_assert_double_eq_tol(ms.rep_median_max, 25, 1e-12);
	/* The samples themselves stay in the order taken. */
	ck_assert(c->metrics[0].values[0] == 3);
	ck_assert(c->metrics[0].values[7] == 7);

	ck_assert_int_eq(results_summarize_metric(&empty, &ms), -EINVAL);
	results_free(&r);
}
END_TEST

/* ci_level is the level of the interval printed beside it (DESIGN §5): exact binomial
 * coverage over the samples (one repetition) or over the repetition medians, the nominal 0.95
 * above 1000 values, and no interval at all for a single value. */
static void summarize_n(size_t n, int reps, struct metric_summary *ms)
{
	struct run_results r = { 0 };
	struct config_key k = base_key("latency", "fork");
	struct config_result *c;

	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1 + (int)(i % (size_t)reps),
						    100.0 + (double)i), 0);
	ck_assert_int_eq(results_summarize_metric(&c->metrics[0], ms), 0);
	results_free(&r);
}

START_TEST(test_summarize_ci_level)
{
	struct metric_summary ms;

	summarize_n(1, 1, &ms); /* tracing_overhead_ns of one repetition: one reading */
	ck_assert(isnan(ms.ci_level));
	ck_assert(isnan(ms.s.ci95_low) && isnan(ms.s.ci95_high));
	ck_assert_double_eq(ms.s.median, 100);
	summarize_n(2, 1, &ms);
	ck_assert_double_eq_tol(ms.ci_level, 0.5, 1e-12);
	ck_assert_double_eq(ms.s.ci95_low, 100);
	ck_assert_double_eq(ms.s.ci95_high, 101);
	summarize_n(5, 1, &ms); /* [min, max]: 1 - 2^-4 */
	ck_assert_double_eq_tol(ms.ci_level, 0.9375, 1e-12);
	ck_assert_double_eq(ms.s.ci95_low, 100);
	ck_assert_double_eq(ms.s.ci95_high, 104);
	summarize_n(6, 1, &ms);
	ck_assert_double_eq_tol(ms.ci_level, 0.96875, 1e-12);
	summarize_n(1000, 1, &ms);
	ck_assert_double_eq_tol(ms.ci_level, stats_median_ci_level(1000), 1e-15);
	summarize_n(1001, 1, &ms); /* normal approximation: nominal */
	ck_assert_double_eq(ms.ci_level, 0.95);

	/* Repetitions: the level over that many repetition medians, whatever n is. */
	summarize_n(5000, 5, &ms);
	ck_assert_int_eq(ms.reps, 5);
	ck_assert_double_eq_tol(ms.ci_level, 0.9375, 1e-12);
	summarize_n(60, 6, &ms);
	ck_assert_double_eq_tol(ms.ci_level, 0.96875, 1e-12);
	summarize_n(2, 2, &ms); /* one reading in each of 2 processes */
	ck_assert_double_eq_tol(ms.ci_level, 0.5, 1e-12);
	summarize_n(3, 3, &ms);
	ck_assert_double_eq_tol(ms.ci_level, 0.75, 1e-12);
}
END_TEST

/* converged per metric (DESIGN §5): true only if every repetition's stop watched the metric
 * and met its rule, false if one watched and missed, untested where none watched. */
START_TEST(test_converged_per_metric)
{
	struct run_results r = { 0 };
	struct config_key k = base_key("latency", "fork");
	struct config_result *c;
	struct metric_summary ms;

	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	for (int rep = 1; rep <= 3; rep++) {
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", rep, 10.0 * rep), 0);
		ck_assert_int_eq(results_add_sample(c, "total_ns", "ns", rep, 20.0 * rep), 0);
		ck_assert_int_eq(results_add_sample(c, "start_ns", "ns", rep, 5.0 * rep), 0);
		ck_assert_int_eq(results_add_sample(c, "page-faults", "count/op", rep, 1), 0);
		/* rep 2 misses its rule; start_ns is watched only in reps 1 and 3 */
		ck_assert_int_eq(results_mark_watched(c, "call_ns", true), 0);
		ck_assert_int_eq(results_mark_watched(c, "total_ns", rep != 2), 0);
		if (rep != 2)
			ck_assert_int_eq(results_mark_watched(c, "start_ns", true), 0);
	}
	ck_assert_int_eq(results_summarize_metric(results_find_metric(c, "call_ns"), &ms), 0);
	ck_assert_int_eq(ms.converged, RESULTS_CONVERGED_TRUE);
	ck_assert_int_eq(results_summarize_metric(results_find_metric(c, "total_ns"), &ms), 0);
	ck_assert_int_eq(ms.converged, RESULTS_CONVERGED_FALSE);
	ck_assert_int_eq(results_summarize_metric(results_find_metric(c, "start_ns"), &ms), 0);
	ck_assert_int_eq(ms.converged, RESULTS_CONVERGED_FALSE); /* rep 2 tested nothing */
	ck_assert_int_eq(results_summarize_metric(results_find_metric(c, "page-faults"), &ms), 0);
	ck_assert_int_eq(ms.converged, RESULTS_CONVERGED_UNTESTED);
	results_free(&r);
}
END_TEST

/* Notes are lists of "; "-separated parts of any length: a part said already is said once, a
 * part that only contains another is kept, and a note of over 1000 characters reaches notes.csv
 * whole (it used to be cut at 255). */
START_TEST(test_notes_any_length)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct config_key k = base_key("timeline", "fork");
	struct config_result *c;
	char *long_part = malloc(1501), *want, *text, *line, *f[21];

	ck_assert_ptr_nonnull(long_part);
	for (int i = 0; i < 1500; i++)
		long_part[i] = (char)('a' + i % 26);
	long_part[1500] = '\0';
	make_dir(dir);
	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	ck_assert_int_eq(results_add_sample(c, "total_ns", "ns", 1, 1), 0);
	ck_assert_int_eq(results_note_append(c, "counters: user+kernel"), 0);
	ck_assert_int_eq(results_note_append(c, "tracing adds 10 ns (5%) to the median total_ns"), 0);
	/* A second repetition says the same counters mode and another overhead. */
	ck_assert_int_eq(results_note_append(c, "counters: user+kernel; tracing adds 1 ns (5%) to "
					     "the median total_ns"), 0);
	ck_assert_int_eq(results_note_append(c, long_part), 0);
	ck_assert_int_eq(results_note_append(c, "tracing adds 10 ns (5%) to the median total_ns"), 0);
	ck_assert_int_eq(results_note_append(c, ""), 0);
	ck_assert_int_eq(asprintf(&want, "counters: user+kernel; tracing adds 10 ns (5%%) to the "
				  "median total_ns; tracing adds 1 ns (5%%) to the median "
				  "total_ns; %s", long_part), (int)strlen(long_part) + 118);
	ck_assert_str_eq(c->note, want);

	ck_assert_int_eq(results_write_notes_csv(dir, &r), 0);
	text = slurp(dir, "notes.csv");
	line = strchr(text, '\n') + 1;
	*strchr(line, '\n') = '\0';
	ck_assert_int_eq(csv_split_record(line, f, 20), 15); /* key, config, note */
	ck_assert_uint_eq(strlen(f[14]), strlen(want));
	ck_assert_str_eq(f[14], want);
	free(text);
	free(want);
	free(long_part);
	results_free(&r); /* frees the note: ASan would name a leak or a double free */
	remove_dir(dir);
}
END_TEST

/* A single reading is written with empty CI cells and level in summary.csv, nulls in JSON. */
START_TEST(test_write_single_value_no_ci)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct config_key k = base_key("timeline", "fork");
	struct config_result *c;
	char *text, *line, *f[41];

	make_dir(dir);
	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	ck_assert_int_eq(results_add_sample(c, "tracing_overhead_ns", "ns", 1, 23800), 0);
	ck_assert_int_eq(results_write_all(dir, &r, NULL), 0);
	text = slurp(dir, "summary.csv");
	line = strchr(text, '\n') + 1;
	*strchr(line, '\n') = '\0';
	ck_assert_int_eq(csv_split_record(line, f, 40), 35);
	ck_assert_str_eq(f[13], "fork"); /* config */
	ck_assert_str_eq(f[14], "tracing_overhead_ns");
	ck_assert_str_eq(f[16], "1");
	ck_assert_str_eq(f[20], "23800");
	ck_assert_str_eq(f[27], ""); /* ci95_low */
	ck_assert_str_eq(f[28], ""); /* ci95_high */
	ck_assert_str_eq(f[34], ""); /* ci_level */
	free(text);
	text = slurp(dir, "results.json");
	ck_assert_ptr_nonnull(strstr(text, "\"ci95_low\":null"));
	ck_assert_ptr_nonnull(strstr(text, "\"ci95_high\":null"));
	ck_assert_ptr_nonnull(strstr(text, "\"ci_level\":null"));
	ck_assert_ptr_nonnull(strstr(text, "\"converged\":null")); /* no stop watched it */
	free(text);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

/* Two configurations (one shaped, one with awkward strings), two metrics each, one skip. */
static void fill_run(struct run_results *r, size_t *sample_rows)
{
	struct config_key k1 = base_key("latency", "fork");
	struct config_key k2 = base_key("cow", "clone:vm,vfork");
	struct config_result *c;

	*sample_rows = 0;
	snprintf(k1.cpu, sizeof(k1.cpu), "0");
	k1.rss_bytes = 16ull << 20;
	snprintf(k1.touch, sizeof(k1.touch), "yes");
	ck_assert_int_eq(results_add_config(r, &k1, &c), 0);
	for (int rep = 1; rep <= 2; rep++) {
		for (int i = 0; i < 20; i++) {
			ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", rep,
							    1000.5 + i * 10 + rep), 0);
			ck_assert_int_eq(results_add_sample(c, "page-faults", "count/op", rep,
							    0.1 * i), 0);
			*sample_rows += 2;
		}
	}
	/* Both repetitions' stops watched call_ns and met their rule; none read page-faults. */
	ck_assert_int_eq(results_mark_watched(c, "call_ns", true), 0);
	ck_assert_int_eq(results_mark_watched(c, "call_ns", true), 0);

	snprintf(k2.flags, sizeof(k2.flags), "CLONE_VM|CLONE_VFORK");
	snprintf(k2.variant, sizeof(k2.variant), "writer=child;note=\"q\",x");
	ck_assert_int_eq(results_add_config(r, &k2, &c), 0);
	for (int i = 0; i < 7; i++) {
		ck_assert_int_eq(results_add_sample(c, "cow_fault_ns_per_page", "ns", 1, 1e-9 + i),
				 0);
		ck_assert_int_eq(results_add_sample(c, "rss_bytes", "bytes", 1, 4096.0 * i), 0);
		*sample_rows += 2;
	}
	ck_assert_int_eq(results_mark_watched(c, "cow_fault_ns_per_page", false), 0);
	ck_assert_int_eq(results_mark_watched(c, "no_such_metric", true), -ENOENT);
	ck_assert_int_eq(results_add_skip(r, &k2, "EPERM: needs \"root\", or CAP_SYS_ADMIN"), 0);
}

static void check_header(const char *text, const char *tail)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s,%s\n", key_header, tail);
	ck_assert_msg(!strncmp(text, want, strlen(want)), "header: %.300s", text);
}

START_TEST(test_write_samples)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	size_t rows;
	char *text, *line, *save, *f[33];
	int hidden, row = 0;

	make_dir(dir);
	fill_run(&r, &rows);
	ck_assert_int_eq(results_write_samples_csv(dir, &r), 0);
	text = slurp(dir, "samples.csv");
	check_header(text, "rep,iter,metric,unit,value");
	ck_assert_int_eq(count_lines(text), (int)rows + 1);
	/* Every row splits into 17 fields; iter counts per metric within each repetition. */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), row++) {
		if (!row)
			continue;
		ck_assert_int_eq(csv_split_record(line, f, 32), 18);
		if (row == 1) {
			ck_assert_str_eq(f[0], "latency");
			ck_assert_str_eq(f[4], "16777216");
			ck_assert_str_eq(f[5], "yes");
			ck_assert_str_eq(f[7], "");
			ck_assert_str_eq(f[11], "0");
			ck_assert_str_eq(f[13], "1");
			ck_assert_str_eq(f[14], "0");
			ck_assert_str_eq(f[15], "call_ns");
			ck_assert_str_eq(f[16], "ns");
			ck_assert_str_eq(f[17], "1001.5");
		}
		if (row == 20) { /* the 20th call_ns sample: the last of rep 1 */
			ck_assert_str_eq(f[13], "1");
			ck_assert_str_eq(f[14], "19");
			ck_assert_str_eq(f[15], "call_ns");
		}
		if (row == 21 || row == 40) { /* rep 2 starts again at iter 0 */
			ck_assert_str_eq(f[13], "2");
			ck_assert_str_eq(f[14], row == 21 ? "0" : "19");
			ck_assert_str_eq(f[15], "call_ns");
		}
		if (!strcmp(f[0], "cow")) {
			ck_assert_str_eq(f[1], "clone:vm,vfork");
			ck_assert_str_eq(f[12], "writer=child;note=\"q\",x");
		}
	}
	free(text);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

/* (rep, iter) names one sample even if a repetition's samples do not come in one stretch. */
START_TEST(test_write_samples_iter_per_rep)
{
	static const int reps[] = { 1, 1, 2, 2, 1, 3, 2 };
	static const char *const want[] = { "1,0", "1,1", "2,0", "2,1", "1,2", "3,0", "2,2" };
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct config_key k = base_key("latency", "fork");
	struct config_result *c;
	char *text, *line, *save, *f[33];
	int row = 0;

	make_dir(dir);
	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++)
		ck_assert_int_eq(results_add_sample(c, "total_ns", "ns", reps[i], 100.0 + i), 0);
	ck_assert_int_eq(results_write_samples_csv(dir, &r), 0);
	text = slurp(dir, "samples.csv");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), row++) {
		char got[32];

		if (!row)
			continue;
		ck_assert_int_eq(csv_split_record(line, f, 32), 18);
		snprintf(got, sizeof(got), "%s,%s", f[13], f[14]);
		ck_assert_str_eq(got, want[row - 1]);
	}
	ck_assert_int_eq(row, 8);
	free(text);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

START_TEST(test_write_summary)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	size_t rows;
	char *text, *line, *save, *f[41];
	int hidden, row = 0;

	make_dir(dir);
	fill_run(&r, &rows);
	ck_assert_int_eq(results_write_summary_csv(dir, &r), 0);
	text = slurp(dir, "summary.csv");
	check_header(text, "config,metric,unit,n,min,p5,p25,median,p75,p95,p99,max,mean,stddev,"
			   "ci95_low,ci95_high,outliers,converged,reps,rep_median_min,"
			   "rep_median_max,ci_level");
	ck_assert_int_eq(count_lines(text), 4 + 1);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), row++) {
		if (!row)
			continue;
		ck_assert_int_eq(csv_split_record(line, f, 40), 35);
		if (row == 1) {
			ck_assert_str_eq(f[13], "fork rss=16M touched cpu=0"); /* config */
			ck_assert_str_eq(f[14], "call_ns");
			ck_assert_str_eq(f[16], "40");     /* n */
			ck_assert_str_eq(f[17], "1001.5"); /* min */
			ck_assert_str_eq(f[24], "1192.5"); /* max: 1000.5 + 190 + 2 */
			ck_assert_str_eq(f[30], "true");   /* converged */
			ck_assert_str_eq(f[31], "2");      /* reps */
			ck_assert_str_eq(f[32], "1096.5"); /* rep 1 median: 1000.5 + 95 + 1 */
			ck_assert_str_eq(f[33], "1097.5");
			ck_assert_str_eq(f[20], "1097");   /* median of the two repetition medians */
			ck_assert_str_eq(f[34], "0.5");    /* min..max of 2 medians: 50% */
		}
		if (row == 2) {
			ck_assert_str_eq(f[14], "page-faults");
			ck_assert_str_eq(f[30], ""); /* a counter: no stop watched it */
		}
		if (row == 3) {
			ck_assert_str_eq(f[13], "clone:vm,vfork writer=child;note=\"q\",x");
			ck_assert_str_eq(f[14], "cow_fault_ns_per_page");
			ck_assert_str_eq(f[30], "false");
			ck_assert_str_eq(f[31], "1");
			ck_assert_str_eq(f[34], "0.984375"); /* [min, max] of 7: 1 - 2^-6 */
		}
	}
	free(text);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

START_TEST(test_write_skipped)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	size_t rows;
	char *text, *f[21];
	int hidden;

	make_dir(dir);
	fill_run(&r, &rows);
	ck_assert_int_eq(results_write_skipped_csv(dir, &r), 0);
	text = slurp(dir, "skipped.csv");
	check_header(text, "config,reason");
	ck_assert_int_eq(count_lines(text), 2);
	ck_assert_int_eq(csv_split_record(strchr(text, '\n') + 1, f, 20), 15);
	ck_assert_str_eq(f[1], "clone:vm,vfork");
	ck_assert_str_eq(f[13], "clone:vm,vfork writer=child;note=\"q\",x");
	ck_assert_str_eq(f[14], "EPERM: needs \"root\", or CAP_SYS_ADMIN");
	free(text);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

/* A skip reason of any length (a long cgroup path, a long exec PATH) reaches skipped.csv whole. */
START_TEST(test_skip_reason_any_length)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct config_key k = base_key("latency", "fork");
	char *reason = malloc(2001), *text, *line, *f[21];

	ck_assert_ptr_nonnull(reason);
	memset(reason, 'x', 2000);
	reason[0] = 'E';
	reason[1999] = 'Z';
	reason[2000] = '\0';
	make_dir(dir);
	ck_assert_int_eq(results_add_skip(&r, &k, reason), 0);
	ck_assert_int_eq(results_write_skipped_csv(dir, &r), 0);
	text = slurp(dir, "skipped.csv");
	line = strchr(text, '\n') + 1;
	*strchr(line, '\n') = '\0';
	ck_assert_int_eq(csv_split_record(line, f, 20), 15);
	ck_assert_str_eq(f[14], reason);
	free(text);
	free(reason);
	results_free(&r); /* frees the reason: ASan names a leak or a double free */
	remove_dir(dir);
}
END_TEST

START_TEST(test_write_json_and_all)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	const char *meta = "{\"schema_version\": 1, \"run_id\": \"host-6.1-20260101T000000Z\"}";
	struct run_results r = { 0 };
	size_t rows;
	char *text;
	int hidden;

	make_dir(dir);
	fill_run(&r, &rows);
	ck_assert_int_eq(results_write_all(dir, &r, meta), 0);
	/* meta.json, summary.csv, skipped.csv, notes.csv, results.json: samples.csv.gz is the
	 * runner's, appended as repetitions complete (run_store.h), never part of the set. */
	ck_assert_int_eq(count_entries(dir, &hidden), 5);
	ck_assert_int_eq(hidden, 0);

	text = slurp(dir, "meta.json");
	ck_assert_int_eq(strncmp(text, meta, strlen(meta)), 0);
	ck_assert_str_eq(text + strlen(meta), "\n");
	free(text);

	text = slurp(dir, "results.json");
	ck_assert_ptr_nonnull(strstr(text, "\"context\""));
	ck_assert_ptr_nonnull(strstr(text, "\"run_id\""));
	ck_assert_ptr_nonnull(strstr(text, "\"benchmarks\""));
	/* The 2 time metrics: call_ns with 2 repetitions (2 iteration entries), the cow fault
	 * time with 1; 6 aggregates each; the key on each median. Counts and bytes stay in
	 * summary.csv: compare.py has no time unit for them (DESIGN §7). */
	ck_assert_uint_eq(count_substr(text, "\"run_type\""), 15);
	ck_assert_uint_eq(count_substr(text, "\"run_type\":\"iteration\""), 3);
	ck_assert_uint_eq(count_substr(text, "\"run_type\":\"aggregate\""), 12);
	ck_assert_uint_eq(count_substr(text, "\"forkbench_key\""), 2);
	ck_assert_ptr_nonnull(
		strstr(text, "\"latency/fork rss=16M touched cpu=0/call_ns_median\""));
	ck_assert_ptr_nonnull(strstr(text, "\"name\":\"latency/fork rss=16M touched cpu=0/"
					   "call_ns\",\"family_index\":0,\"per_family_instance_index\":0,"
					   "\"run_name\":\"latency/fork rss=16M touched cpu=0/call_ns\","
					   "\"run_type\":\"iteration\",\"repetitions\":2,\"threads\":1,"
					   "\"repetition_index\":1,\"iterations\":20,\"real_time\":1097.5"));
	ck_assert_ptr_null(strstr(text, "page-faults"));
	ck_assert_ptr_null(strstr(text, "\"bytes\""));
	ck_assert_ptr_nonnull(strstr(text, "\"time_unit\":\"ns\""));
	free(text);

	/* Without metadata: no meta.json, an empty context. */
	remove_dir(dir);
	strcpy(dir, "/tmp/results_test.XXXXXX");
	make_dir(dir);
	ck_assert_int_eq(results_write_all(dir, &r, NULL), 0);
	ck_assert_int_eq(count_entries(dir, &hidden), 4);
	text = slurp(dir, "results.json");
	ck_assert_ptr_nonnull(strstr(text, "\"context\":{}"));
	free(text);

	results_free(&r);
	remove_dir(dir);
}
END_TEST

START_TEST(test_write_errors)
{
	struct run_results r = { 0 };
	size_t rows;

	fill_run(&r, &rows);
	ck_assert_int_eq(results_write_all("/nonexistent/forkbench", &r, "{}"), -ENOENT);
	ck_assert_int_eq(results_write_samples_csv("/nonexistent/forkbench", &r), -ENOENT);
	results_free(&r);
}
END_TEST

START_TEST(test_afile_commit_abort)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct afile f;
	struct stat st;
	char *text, path[4096];
	mode_t mask = umask(022);
	int hidden;

	make_dir(dir);
	/* While it is written, and after an abort, the directory holds nothing at all: a writer
	 * killed by SIGKILL would leave exactly this. */
	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("half", f.fp);
	fflush(f.fp);
	ck_assert_int_eq(count_entries(dir, &hidden), 0);
	afile_abort(&f);
	afile_abort(&f);
	ck_assert_int_eq(count_entries(dir, &hidden), 0);

	/* Commit: the final name only, mode 0644 under umask 022. */
	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("first\n", f.fp);
	ck_assert_int_eq(afile_commit(&f, 1), 0);
	afile_abort(&f); /* after commit: a no-op, the file stays */
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	ck_assert_uint_eq(st.st_nlink, 1);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "first\n");
	free(text);

	/* Replacing: a reader sees the old content until the commit, then the new. */
	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("second\n", f.fp);
	fflush(f.fp);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "first\n");
	free(text);
	ck_assert_int_eq(afile_commit(&f, 1), 0);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "second\n");
	free(text);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);

	ck_assert_int_eq(afile_open(&f, "/nonexistent/forkbench", "out.txt"), -ENOENT);
	ck_assert_int_eq(afile_open(&f, dir, "a/b"), -EINVAL);
	ck_assert_int_eq(afile_commit(&f, 1), -EBADF);
	umask(mask);
	remove_dir(dir);
}
END_TEST

/* A set: nothing is renamed until every file of it is written; an abort drops them all. */
START_TEST(test_afile_set)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct afile set[2];
	char *text;
	int hidden;

	make_dir(dir);
	ck_assert_int_eq(afile_open(&set[0], dir, "out.txt"), 0);
	ck_assert_int_eq(afile_open(&set[1], dir, "samples.csv"), 0);
	fputs("a\n", set[0].fp);
	fputs("b\n", set[1].fp);
	ck_assert_int_eq(count_entries(dir, &hidden), 0);
	ck_assert_int_eq(afile_commit(set, 2), 0);
	ck_assert_int_eq(count_entries(dir, &hidden), 2);
	ck_assert_int_eq(hidden, 0);
	text = slurp(dir, "samples.csv");
	ck_assert_str_eq(text, "b\n");
	free(text);

	/* One file of the set cannot be committed (its stream is gone): the other stays unnamed
	 * and the earlier files are left as they were. */
	ck_assert_int_eq(afile_open(&set[0], dir, "out.txt"), 0);
	ck_assert_int_eq(afile_open(&set[1], dir, "samples.csv"), 0);
	fputs("new\n", set[0].fp);
	fclose(set[1].fp);
	set[1].fp = NULL;
	ck_assert_int_eq(afile_commit(set, 2), -EBADF);
	ck_assert_int_eq(count_entries(dir, &hidden), 2);
	ck_assert_int_eq(hidden, 0);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "a\n");
	free(text);
	remove_dir(dir);
}
END_TEST

/* Makes syscall nr fail with err whenever argument arg has flag set, as a filesystem or kernel
 * without the feature does. Check runs each test in its own process, which keeps the filter. */
static int refuse_flag(int nr, int arg, unsigned int flag, int err)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[arg])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, flag, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned int)err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) ? -errno : 0;
}

START_TEST(test_afile_no_o_tmpfile)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct afile f;
	struct stat st;
	char *text, path[4096];
	mode_t mask = umask(022);
	int hidden;

	make_dir(dir);
	/* The bit of its own: O_TMPFILE includes O_DIRECTORY, which opendir uses. */
	if (refuse_flag(__NR_openat, 2, O_TMPFILE & ~O_DIRECTORY, EOPNOTSUPP)) {
		int err = errno;

		rmdir(dir);
		TEST_SKIP("no seccomp filter to refuse O_TMPFILE (%s)", strerror(err));
	}
	ck_assert_int_eq(open(dir, O_TMPFILE | O_WRONLY, 0644), -1);
	ck_assert_int_eq(errno, EOPNOTSUPP);
	/* The fallback has a hidden name while it is written, and none after an abort. */
	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("half", f.fp);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 1);
	afile_abort(&f);
	ck_assert_int_eq(count_entries(dir, &hidden), 0);

	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("first\n", f.fp);
	ck_assert_int_eq(afile_commit(&f, 1), 0);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "first\n");
	free(text);
	umask(mask);
	remove_dir(dir);
}
END_TEST

/* Where linkat(AT_EMPTY_PATH) is refused (ENOENT: kernels that want CAP_DAC_READ_SEARCH for it),
 * the link goes through /proc/self/fd. */
START_TEST(test_afile_no_empty_path)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct afile f;
	char *text;
	int hidden;

	make_dir(dir);
	if (refuse_flag(__NR_linkat, 4, AT_EMPTY_PATH, ENOENT)) {
		int err = errno;

		rmdir(dir);
		TEST_SKIP("no seccomp filter to refuse linkat (%s)", strerror(err));
	}
	ck_assert_int_eq(afile_open(&f, dir, "out.txt"), 0);
	fputs("mine\n", f.fp);
	ck_assert_int_ne(linkat(f.fd, "", AT_FDCWD, "/tmp/never", AT_EMPTY_PATH), 0);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(afile_commit(&f, 1), 0);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	text = slurp(dir, "out.txt");
	ck_assert_str_eq(text, "mine\n");
	free(text);
	remove_dir(dir);
}
END_TEST

/* With too few descriptors for a whole set open at once, results_write_all still writes it
 * (through its staging directory) and leaves nothing hidden. */
START_TEST(test_write_all_few_fds)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct rlimit lim;
	size_t rows;
	int hidden, fd;

	make_dir(dir);
	fill_run(&r, &rows);
	/* Two free descriptors: a set of six cannot be open at once. */
	fd = dup(0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
	lim.rlim_cur = (rlim_t)fd + 2;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
	ck_assert_int_eq(results_write_all(dir, &r, "{}"), 0);
	ck_assert_int_eq(count_entries(dir, &hidden), 5);
	ck_assert_int_eq(hidden, 0);
	results_free(&r);
	remove_dir(dir);
}
END_TEST

/* A full disk must surface as -ENOSPC before anything is renamed: the earlier files stay whole
 * and nothing is left behind. Needs a tiny tmpfs: mounted in a private mount namespace (Check
 * runs each test in its own process), so root only. */
START_TEST(test_afile_enospc)
{
	char dir[] = "/tmp/results_test.XXXXXX";
	struct run_results r = { 0 };
	struct config_result *c;
	struct config_key k = base_key("latency", "fork");
	struct afile set[2];
	char line[128], *before, *after;
	int hidden;

	make_dir(dir);
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", dir, "tmpfs", 0, "size=64k")) {
		int err = errno;

		rmdir(dir);
		TEST_SKIP("cannot mount a small tmpfs (%s; needs root)", strerror(err));
	}
	ck_assert_int_eq(afile_open(&set[0], dir, "out.txt"), 0);
	fputs("first\n", set[0].fp);
	ck_assert_int_eq(afile_commit(set, 1), 0);

	/* A set whose second file does not fit: the first is not renamed either. */
	ck_assert_int_eq(afile_open(&set[0], dir, "out.txt"), 0);
	ck_assert_int_eq(afile_open(&set[1], dir, "big.txt"), 0);
	fputs("second\n", set[0].fp);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (int i = 0; i < 8192; i++) /* 1 MiB into 64 KiB */
		fwrite(line, 1, sizeof(line), set[1].fp);
	ck_assert_int_eq(afile_commit(set, 2), -ENOSPC);
	ck_assert_int_eq(count_entries(dir, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	after = slurp(dir, "out.txt");
	ck_assert_str_eq(after, "first\n");
	free(after);

	/* The writers report it the same way, and a run directory keeps its earlier set. */
	ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
	for (int i = 1; i <= 5; i++)
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, i), 0);
	ck_assert_int_eq(results_write_all(dir, &r, "{}"), 0);
	before = slurp(dir, "summary.csv");
	for (int i = 0; i < 400; i++) {
		snprintf(k.variant, sizeof(k.variant), "case=%d", i);
		ck_assert_int_eq(results_add_config(&r, &k, &c), 0);
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, i), 0);
	}
	/* results.json (~400 KiB) does not fit: summary.csv, which would, is not renamed either. */
	ck_assert_int_eq(results_write_all(dir, &r, "{}"), -ENOSPC);
	ck_assert_int_eq(count_entries(dir, &hidden), 6); /* out.txt and the earlier set */
	ck_assert_int_eq(hidden, 0);
	after = slurp(dir, "summary.csv");
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	results_free(&r);
	umount(dir);
	rmdir(dir);
}
END_TEST

static Suite *results_suite(void)
{
	Suite *s = suite_create("results");
	TCase *model = tcase_create("model");
	TCase *writers = tcase_create("writers");
	TCase *afile = tcase_create("afile");

	tcase_add_test(model, test_key_cells);
	tcase_add_test(model, test_rss_kind_column);
	tcase_add_test(model, test_model);
	tcase_add_test(model, test_summarize_reps);
	tcase_add_test(model, test_summarize_ci_level);
	tcase_add_test(model, test_converged_per_metric);
	tcase_add_test(writers, test_write_samples);
	tcase_add_test(writers, test_write_samples_iter_per_rep);
	tcase_add_test(writers, test_write_summary);
	tcase_add_test(writers, test_write_single_value_no_ci);
	tcase_add_test(writers, test_notes_any_length);
	tcase_add_test(writers, test_write_skipped);
	tcase_add_test(writers, test_skip_reason_any_length);
	tcase_add_test(writers, test_write_json_and_all);
	tcase_add_test(writers, test_write_errors);
	tcase_add_test(writers, test_write_all_few_fds);
	tcase_add_test(afile, test_afile_commit_abort);
	tcase_add_test(afile, test_afile_set);
	tcase_add_test(afile, test_afile_no_o_tmpfile);
	tcase_add_test(afile, test_afile_no_empty_path);
	tcase_add_test(afile, test_afile_enospc);
	suite_add_tcase(s, model);
	suite_add_tcase(s, writers);
	suite_add_tcase(s, afile);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(results_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
