/* bench/sweep.c's fits.csv: slopes are computed from the points' medians (a fixture on a known
 * line gives that line back, with R^2 = 1 and a CI around it), the largest relative residual and
 * its point show a line that misses the small points, points group by method and by touch,
 * groups under 3 values get no row, and other benches' rows are ignored. */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "results.h"
#include "sweep.h"

#define MIB (1ull << 20)

static void make_dir(char *tmpl)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
}

static void remove_dir(const char *dir)
{
	static const char *const names[] = { "fits.csv",  "meta.json", "samples.csv", "summary.csv",
					     "skipped.csv", "notes.csv", "results.json" };
	char path[4096];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static bool exists(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !access(path, F_OK);
}

static struct config_key sweep_key(const char *method, uint64_t rss_bytes, const char *touch)
{
	struct config_key k;

	memset(&k, 0, sizeof(k));
	snprintf(k.bench, sizeof(k.bench), "sweep");
	snprintf(k.method, sizeof(k.method), "%s", method);
	snprintf(k.touch, sizeof(k.touch), "%s", touch);
	snprintf(k.variant, sizeof(k.variant), "param=rss");
	k.rss_bytes = rss_bytes;
	return k;
}

/* A point whose total_ns samples have median y (spread symmetrically around it). */
static void add_point(struct run_results *r, const struct config_key *k, double y)
{
	static const double spread[] = { -30, -10, 0, 10, 30 };
	struct config_result *c;

	ck_assert_int_eq(results_add_config(r, k, &c), 0);
	for (size_t i = 0; i < sizeof(spread) / sizeof(spread[0]); i++) {
		ck_assert_int_eq(results_add_sample(c, "total_ns", "ns", 1, y + spread[i]), 0);
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", 1, y / 2 + spread[i]), 0);
	}
}

struct fit_row {
	char method[32], touch[8], rss[32], metric[32], param[16], unit[24], fit[16];
	double slope, lo, hi, intercept, r2, max_residual_pct, worst_point, x_from, x_to, level;
	char worst_cell[32], level_cell[32];
	int n;
};

/* Reads fits.csv back; returns the row count. */
static int read_fits(const char *dir, struct fit_row *rows, int max)
{
	char path[4096], line[4096], *f[32];
	int n = 0, nf;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/fits.csv", dir);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "bench,method,flags,exec,rss_bytes,touch,rss_kind,threads,fds,vmas,thp,"
			       "cpu,variant,config,metric,param,slope_unit,slope,ci95_low,ci95_high,"
			       "intercept_ns,r2,n_points,max_residual_pct,worst_point,fit,x_from,x_to,"
			       "ci_level\n");
	while (n < max && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		nf = csv_split_record(line, f, 32);
		ck_assert_int_eq(nf, 29);
		ck_assert_str_eq(f[0], "sweep");
		snprintf(rows[n].method, sizeof(rows[n].method), "%s", f[1]);
		snprintf(rows[n].rss, sizeof(rows[n].rss), "%s", f[4]);
		snprintf(rows[n].touch, sizeof(rows[n].touch), "%s", f[5]);
		snprintf(rows[n].metric, sizeof(rows[n].metric), "%s", f[14]);
		snprintf(rows[n].param, sizeof(rows[n].param), "%s", f[15]);
		snprintf(rows[n].unit, sizeof(rows[n].unit), "%s", f[16]);
		rows[n].slope = strtod(f[17], NULL);
		rows[n].lo = strtod(f[18], NULL);
		rows[n].hi = strtod(f[19], NULL);
		rows[n].intercept = strtod(f[20], NULL);
		rows[n].r2 = strtod(f[21], NULL);
		rows[n].n = atoi(f[22]);
		rows[n].max_residual_pct = strtod(f[23], NULL);
		rows[n].worst_point = strtod(f[24], NULL);
		snprintf(rows[n].worst_cell, sizeof(rows[n].worst_cell), "%s", f[24]);
		snprintf(rows[n].fit, sizeof(rows[n].fit), "%s", f[25]);
		rows[n].x_from = strtod(f[26], NULL);
		rows[n].x_to = strtod(f[27], NULL);
		rows[n].level = strtod(f[28], NULL);
		snprintf(rows[n].level_cell, sizeof(rows[n].level_cell), "%s", f[28]);
		n++;
	}
	fclose(fp);
	return n;
}

static const struct fit_row *find_row(const struct fit_row *rows, int n, const char *method,
				      const char *touch, const char *metric)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].method, method) && !strcmp(rows[i].touch, touch) &&
		    !strcmp(rows[i].metric, metric) && !strcmp(rows[i].fit, "line"))
			return &rows[i];
	return NULL;
}

/* The segment row of a group that starts at x_from. */
static const struct fit_row *find_segment(const struct fit_row *rows, int n, const char *metric,
					  double x_from)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].metric, metric) && !strcmp(rows[i].fit, "segment") &&
		    rows[i].x_from == x_from)
			return &rows[i];
	return NULL;
}

/* fork: total = 100000 + 20000 ns per MiB exactly; touch=no: 100000 + 500 ns per MiB with
 * noise; vfork: flat 30000 ns. */
START_TEST(test_known_lines)
{
	static const uint64_t mib[] = { 0, 16, 64, 256, 1024 };
	static const double noise[] = { 400, -700, 300, 900, -500 };
	struct run_results r = { 0 };
	struct fit_row rows[64];
	char dir[] = "/tmp/sweep_test.XXXXXX", why[256] = "";
	const struct fit_row *row;
	int n;

	make_dir(dir);
	for (size_t i = 0; i < 5; i++) {
		struct config_key k = sweep_key("fork", mib[i] * MIB, "yes");

		add_point(&r, &k, 100000 + 20000.0 * (double)mib[i]);
		k = sweep_key("fork", mib[i] * MIB, "no");
		add_point(&r, &k, 100000 + 500.0 * (double)mib[i] + noise[i]);
		k = sweep_key("vfork", mib[i] * MIB, "yes");
		add_point(&r, &k, 30000);
	}
	ck_assert_int_eq(sweep_write_fits(dir, &r, why, sizeof(why)), 0);
	n = read_fits(dir, rows, 64);
	/* 3 groups x call_ns, total_ns (no start_ns samples): a line and 4 segments each */
	ck_assert_int_eq(n, 30);

	row = find_row(rows, n, "fork", "yes", "total_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(row->param, "rss");
	ck_assert_str_eq(row->unit, "ns_per_mib");
	ck_assert_str_eq(row->rss, ""); /* the swept column is what the fit spans */
	ck_assert_double_eq_tol(row->slope, 20000, 1e-6);
	ck_assert_double_eq_tol(row->intercept, 100000, 1e-3);
	ck_assert_double_eq_tol(row->r2, 1, 1e-12);
	ck_assert(row->lo <= row->slope && row->slope <= row->hi);
	ck_assert_int_eq(row->n, 5);
	ck_assert_double_eq_tol(row->max_residual_pct, 0, 1e-6); /* on the line everywhere */
	ck_assert_str_ne(row->worst_cell, "");
	ck_assert_double_eq(row->x_from, 0);
	ck_assert_double_eq(row->x_to, 1024);
	ck_assert_double_eq(row->level, 0.95); /* Student's t: nominal */

	row = find_row(rows, n, "fork", "yes", "call_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert_double_eq_tol(row->slope, 10000, 1e-6);

	row = find_row(rows, n, "fork", "no", "total_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert_double_eq_tol(row->slope, 500, 5);
	ck_assert(row->lo < 500 && 500 < row->hi); /* the true slope is inside the CI */
	ck_assert(row->lo < row->hi);
	ck_assert(row->r2 > 0.99 && row->r2 < 1);

	row = find_row(rows, n, "vfork", "yes", "total_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert_double_eq_tol(row->slope, 0, 1e-9);
	remove_dir(dir);
	results_free(&r);
}
END_TEST

/* Flat up to 64 MiB, then 34 us per MiB: the 1 GiB point pulls the line to R^2 0.997 while it
 * misses the 64 MiB point by ten times its value. max_residual_pct and worst_point say so. */
START_TEST(test_residual_shows_a_line_that_misses_small_points)
{
	static const uint64_t mib[] = { 0, 16, 64, 256, 1024 };
	static const double y[] = { 130000, 135000, 140000, 130000 + 34000.0 * 256,
				    130000 + 34000.0 * 1024 };
	struct run_results r = { 0 };
	struct fit_row rows[16];
	char dir[] = "/tmp/sweep_test.XXXXXX", why[256] = "";
	const struct fit_row *row;

	make_dir(dir);
	for (size_t i = 0; i < 5; i++) {
		struct config_key k = sweep_key("fork", mib[i] * MIB, "yes");

		add_point(&r, &k, y[i]);
	}
	ck_assert_int_eq(sweep_write_fits(dir, &r, why, sizeof(why)), 0);
	ck_assert_int_eq(read_fits(dir, rows, 16), 10);
	row = find_row(rows, 10, "fork", "yes", "total_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert(row->r2 > 0.99);
	/* least squares: the line at 64 MiB is -624848.84 + 34786.209 * 64 = 1601468.5 */
	ck_assert_double_eq_tol(row->max_residual_pct, 1043.906097, 1e-4);
	ck_assert_str_eq(row->worst_cell, "64"); /* in MiB, the slope's unit */
	remove_dir(dir);
	results_free(&r);
}
END_TEST

/* Segments by hand: medians at 0, 64, 256 and 1024 MiB whose marginal slopes are 12400, 11900
 * and 20700 ns/MiB (the shape), given out of order. Each point is 5 samples y-30 .. y+30
 * in one repetition: its interval is [y-30, y+30] at 1 - 2^-4 = 0.9375, so a segment's interval
 * is the slope -/+ 60 ns / dx at 0.9375^2 = 0.87890625. */
START_TEST(test_segments_by_hand)
{
	static const uint64_t mib[] = { 1024, 0, 256, 64 };
	static const double y[] = { 19176000, 200000, 3278400, 993600 };
	struct run_results r = { 0 };
	struct fit_row rows[16];
	char dir[] = "/tmp/sweep_test.XXXXXX", why[256] = "";
	const struct fit_row *seg;
	int n;

	make_dir(dir);
	for (size_t i = 0; i < 4; i++) {
		struct config_key k = sweep_key("fork", mib[i] * MIB, "yes");

		add_point(&r, &k, y[i]);
	}
	ck_assert_int_eq(sweep_write_fits(dir, &r, why, sizeof(why)), 0);
	n = read_fits(dir, rows, 16);
	ck_assert_int_eq(n, 8); /* call_ns and total_ns: a line and 3 segments each */
	ck_assert_str_eq(rows[0].fit, "line");
	ck_assert_str_eq(rows[1].fit, "segment");

	seg = find_segment(rows, n, "total_ns", 0);
	ck_assert_ptr_nonnull(seg);
	ck_assert_double_eq(seg->x_to, 64);
	ck_assert_int_eq(seg->n, 2);
	ck_assert_double_eq_tol(seg->slope, 12400, 1e-9);
	ck_assert_double_eq_tol(seg->lo, 12400 - 0.9375, 1e-9);
	ck_assert_double_eq_tol(seg->hi, 12400 + 0.9375, 1e-9);
	ck_assert_double_eq_tol(seg->level, 0.87890625, 1e-12);
	ck_assert_str_eq(seg->rss, "");

	seg = find_segment(rows, n, "total_ns", 64);
	ck_assert_ptr_nonnull(seg);
	ck_assert_double_eq(seg->x_to, 256);
	ck_assert_double_eq_tol(seg->slope, 11900, 1e-9);
	ck_assert_double_eq_tol(seg->lo, 11900 - 0.3125, 1e-9);
	ck_assert_double_eq_tol(seg->hi, 11900 + 0.3125, 1e-9);

	seg = find_segment(rows, n, "total_ns", 256);
	ck_assert_ptr_nonnull(seg);
	ck_assert_double_eq(seg->x_to, 1024);
	ck_assert_double_eq_tol(seg->slope, 20700, 1e-9);
	ck_assert_double_eq_tol(seg->lo, 20700 - 0.078125, 1e-9);
	ck_assert_double_eq_tol(seg->hi, 20700 + 0.078125, 1e-9);
	/* a segment has no intercept, R² or residual: empty cells */
	ck_assert_str_eq(seg->worst_cell, "");
	remove_dir(dir);
	results_free(&r);
}
END_TEST

/* A point of one sample has no interval: its segments have a slope but no bounds or level. */
START_TEST(test_segment_without_interval)
{
	const struct sweep_point a = { 0, 100, NAN, NAN, NAN };
	const struct sweep_point b = { 2, 300, 290, 310, 0.9375 };
	struct sweep_segment seg;

	ck_assert_int_eq(sweep_segment(&a, &b, &seg), 0);
	ck_assert_double_eq(seg.slope, 100);
	ck_assert(isnan(seg.low) && isnan(seg.high) && isnan(seg.level));
	ck_assert_int_eq(sweep_segment(&b, &a, &seg), -EINVAL);
	ck_assert_int_eq(sweep_segment(&a, &a, &seg), -EINVAL);
}
END_TEST

/* Two values cannot give a CI; latency rows and other benches are not points. */
START_TEST(test_too_few_points_and_other_benches)
{
	struct run_results r = { 0 };
	char dir[] = "/tmp/sweep_test.XXXXXX", why[256] = "";
	struct config_key k;

	make_dir(dir);
	k = sweep_key("fork", 0, "yes");
	add_point(&r, &k, 1000);
	k = sweep_key("fork", 64 * MIB, "yes");
	add_point(&r, &k, 2000);
	for (int i = 0; i < 4; i++) {
		k = sweep_key("fork", (uint64_t)i * MIB, "yes");
		snprintf(k.bench, sizeof(k.bench), "latency");
		add_point(&r, &k, 1000.0 * i);
	}
	ck_assert_int_eq(sweep_write_fits(dir, &r, why, sizeof(why)), 0);
	/* No line to show: no fits.csv at all (results_file.wanted). */
	ck_assert(!exists(dir, "fits.csv"));
	remove_dir(dir);
	results_free(&r);
}
END_TEST

/* threads: x is the count itself and the slope is ns_per_thread. */
START_TEST(test_threads_param)
{
	static const uint64_t threads[] = { 0, 10, 100, 1000 };
	struct run_results r = { 0 };
	struct fit_row rows[16];
	char dir[] = "/tmp/sweep_test.XXXXXX", why[256] = "";
	const struct fit_row *row;

	make_dir(dir);
	for (size_t i = 0; i < 4; i++) {
		struct config_key k = sweep_key("fork", 0, "");

		snprintf(k.variant, sizeof(k.variant), "param=threads");
		k.threads = threads[i];
		add_point(&r, &k, 50000 + 300.0 * (double)threads[i]);
	}
	ck_assert_int_eq(sweep_write_fits(dir, &r, why, sizeof(why)), 0);
	ck_assert_int_eq(read_fits(dir, rows, 16), 8); /* 2 metrics x (a line, 3 segments) */
	row = find_row(rows, 8, "fork", "", "total_ns");
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(row->unit, "ns_per_thread");
	ck_assert_double_eq_tol(row->slope, 300, 1e-6);
	remove_dir(dir);
	results_free(&r);
}
END_TEST

static int put_fails(FILE *fp, const struct run_results *r, const char *meta_json)
{
	(void)fp;
	(void)r;
	(void)meta_json;
	return -EIO;
}

/* fits.csv is one file of the run's set: written with summary.csv, and not renamed into place
 * when another file of the set fails (no fits.csv without its summary). */
START_TEST(test_fits_committed_with_the_set)
{
	static const struct results_file failing = { "zz.csv", put_fails, NULL };
	const struct results_file *derived[] = { &sweep_fits_file, &failing };
	struct run_results r = { 0 };
	char dir[] = "/tmp/sweep_test.XXXXXX";

	make_dir(dir);
	for (uint64_t i = 0; i < 3; i++) {
		struct config_key k = sweep_key("fork", i * MIB, "yes");

		add_point(&r, &k, 1000.0 * (double)i);
	}
	ck_assert_int_eq(results_write_all_derived(dir, &r, "{}", derived, 2), -EIO);
	ck_assert(!exists(dir, "fits.csv"));
	ck_assert(!exists(dir, "summary.csv"));
	ck_assert_int_eq(results_write_all_derived(dir, &r, "{}", derived, 1), 0);
	ck_assert(exists(dir, "fits.csv"));
	ck_assert(exists(dir, "summary.csv"));
	remove_dir(dir);
	results_free(&r);
}
END_TEST

START_TEST(test_unwritable_dir)
{
	struct run_results r = { 0 };
	char why[256] = "";

	for (uint64_t i = 0; i < 3; i++) {
		struct config_key k = sweep_key("fork", i * MIB, "yes");

		add_point(&r, &k, 1000.0 * (double)i);
	}
	ck_assert_int_lt(sweep_write_fits("/nonexistent/sweep", &r, why, sizeof(why)), 0);
	ck_assert(strstr(why, "fits.csv") != NULL);
	results_free(&r);
}
END_TEST

static Suite *sweep_suite(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc = tcase_create("fits");

	tcase_add_test(tc, test_known_lines);
	tcase_add_test(tc, test_residual_shows_a_line_that_misses_small_points);
	tcase_add_test(tc, test_too_few_points_and_other_benches);
	tcase_add_test(tc, test_threads_param);
	tcase_add_test(tc, test_segments_by_hand);
	tcase_add_test(tc, test_segment_without_interval);
	tcase_add_test(tc, test_fits_committed_with_the_set);
	tcase_add_test(tc, test_unwritable_dir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sweep_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
