/* harness/samples_gz_*.c and run_store.c: samples.csv.gz is a valid concatenation of gzip members
 * (DESIGN §7); a reader gets every complete member within the recorded length and nothing of a
 * member cut short, and says what it left; a failed append leaves the file at its last complete
 * member; a configuration folded over repetitions read back from the file summarizes exactly as
 * it would with every sample in memory, and holds no samples afterwards. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run_store.h"
#include "samples_gz.h"

static const char *const member_text[] = {
	"header\n",
	"a,1\na,2\n",
	"b,1\n",
	"c,1\nc,2\nc,3\n",
};
#define MEMBERS (sizeof(member_text) / sizeof(member_text[0]))

/* on_line that appends the line and its newline to ctx (a 64-byte string). */
static int join_line(void *ctx, char *line)
{
	strcat(ctx, line);
	strcat(ctx, "\n");
	return 0;
}

/* A file of the four members above in a new directory; *m says where each lies. */
static void write_members(char *dir, struct samples_gz_member *m)
{
	struct samples_gz_writer w;
	char why[256];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(samples_gz_create(&w, dir, member_text[0], strlen(member_text[0]), why,
					   sizeof(why)), 0);
	m[0] = (struct samples_gz_member){ 0, w.valid_bytes };
	for (size_t i = 1; i < MEMBERS; i++)
		ck_assert_int_eq(samples_gz_append(&w, member_text[i], strlen(member_text[i]), &m[i]),
				 0);
	for (size_t i = 0; i < MEMBERS; i++) {
		char text[64] = "";

		ck_assert_int_eq(samples_gz_member_lines(&w, &m[i], join_line, text), 0);
		ck_assert_str_eq(text, member_text[i]);
	}
	ck_assert_uint_eq(w.valid_bytes, m[MEMBERS - 1].offset_bytes + m[MEMBERS - 1].length_bytes);
	samples_gz_close(&w);
}

/* Everything the reader hands out of dir's file within limit_bytes. */
static char *read_all(const char *dir, uint64_t limit_bytes, struct samples_gz_tail *tail)
{
	char path[4200], why[256], buf[256], *out = calloc(1, 4096);
	size_t used = 0, n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, SAMPLES_GZ_NAME);
	fp = samples_gz_fopen(path, limit_bytes, tail, why, sizeof(why));
	ck_assert_ptr_nonnull(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		memcpy(out + used, buf, n);
		used += n;
	}
	ck_assert(!ferror(fp));
	fclose(fp);
	return out;
}

static void remove_run(const char *dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, SAMPLES_GZ_NAME);
	unlink(path);
	rmdir(dir);
}

START_TEST(test_members_read_whole)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", *text;
	struct samples_gz_member m[MEMBERS];
	struct samples_gz_tail tail;

	write_members(dir, m);
	text = read_all(dir, UINT64_MAX, &tail);
	ck_assert_str_eq(text, "header\na,1\na,2\nb,1\nc,1\nc,2\nc,3\n");
	ck_assert_uint_eq(tail.ignored_bytes, 0);
	ck_assert_uint_eq(tail.used_bytes, m[MEMBERS - 1].offset_bytes + m[MEMBERS - 1].length_bytes);
	ck_assert(!tail.damaged);
	free(text);
	remove_run(dir);
}
END_TEST

/* A SIGKILL inside an append leaves a member cut short: none of it is read, and it is said. */
START_TEST(test_member_cut_short)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", path[4200], *text, line[512];
	struct samples_gz_member m[MEMBERS];
	struct samples_gz_tail tail;

	write_members(dir, m);
	snprintf(path, sizeof(path), "%s/%s", dir, SAMPLES_GZ_NAME);
	ck_assert_int_eq(truncate(path, (off_t)(m[3].offset_bytes + m[3].length_bytes - 5)), 0);
	text = read_all(dir, UINT64_MAX, &tail);
	ck_assert_str_eq(text, "header\na,1\na,2\nb,1\n");
	ck_assert_uint_eq(tail.used_bytes, m[3].offset_bytes);
	ck_assert_uint_eq(tail.ignored_bytes, m[3].length_bytes - 5);
	ck_assert(tail.damaged);
	samples_gz_tail_text(&tail, path, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "cut short"));
	free(text);
	remove_run(dir);
}
END_TEST

/* Members past the length meta.json records (appended after the last summary) are left. */
START_TEST(test_limit_is_respected)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", *text;
	struct samples_gz_member m[MEMBERS];
	struct samples_gz_tail tail;

	write_members(dir, m);
	text = read_all(dir, m[2].offset_bytes + m[2].length_bytes, &tail);
	ck_assert_str_eq(text, "header\na,1\na,2\nb,1\n");
	ck_assert_uint_eq(tail.ignored_bytes, m[3].length_bytes);
	ck_assert(!tail.damaged);
	free(text);
	remove_run(dir);
}
END_TEST

/* A write that fails part-way (here: past RLIMIT_FSIZE, EFBIG) is cut off, and the next member
 * starts where the last complete one ended. */
START_TEST(test_failed_append_cut_back)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", why[256], *big, *text;
	struct samples_gz_writer w;
	struct samples_gz_member m;
	struct samples_gz_tail tail;
	struct rlimit lim = { 4096, RLIM_INFINITY };
	struct stat st;
	size_t big_len = 1 << 20;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(samples_gz_create(&w, dir, "h\n", 2, why, sizeof(why)), 0);
	ck_assert_int_eq(samples_gz_append(&w, "x\n", 2, &m), 0);
	big = malloc(big_len);
	ck_assert_ptr_nonnull(big);
	/* Incompressible enough to pass 4 KiB: a pseudo-random line of digits. */
	srand(7);
	for (size_t i = 0; i < big_len; i++)
		big[i] = i % 64 == 63 ? '\n' : (char)('0' + rand() % 10);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ck_assert_int_eq(samples_gz_append(&w, big, big_len, &m), -EFBIG);
	ck_assert_int_eq(fstat(w.fd, &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, w.valid_bytes);
	ck_assert_int_eq(samples_gz_append(&w, "y\n", 2, &m), 0);
	samples_gz_close(&w);
	text = read_all(dir, UINT64_MAX, &tail);
	ck_assert_str_eq(text, "h\nx\ny\n");
	ck_assert_uint_eq(tail.ignored_bytes, 0);
	free(text);
	free(big);
	remove_run(dir);
}
END_TEST

/* A member far larger than the 64 KiB steps streams both ways: every line comes back whole,
 * including the ones that straddle a step. */
static int count_line(void *ctx, char *line)
{
	size_t *n = ctx;

	if (strlen(line) != 99 || line[0] != 'L' || line[98] != 'E')
		return -EINVAL;
	(*n)++;
	return 0;
}

START_TEST(test_big_member_streams)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", why[256], line[101];
	struct samples_gz_writer w;
	struct samples_gz_member m;
	size_t lines = 0;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(samples_gz_create(&w, dir, "h\n", 2, why, sizeof(why)), 0);
	fp = samples_gz_member_open(&w);
	ck_assert_ptr_nonnull(fp);
	srand(3);
	for (int i = 0; i < 50000; i++) { /* 5 MB */
		line[0] = 'L';
		for (int k = 1; k < 98; k++)
			line[k] = (char)('a' + rand() % 26);
		line[98] = 'E';
		line[99] = '\n';
		line[100] = '\0';
		fputs(line, fp);
	}
	ck_assert_int_eq(samples_gz_member_close(&w, fp, &m), 0);
	ck_assert_int_eq(samples_gz_member_lines(&w, &m, count_line, &lines), 0);
	ck_assert_uint_eq(lines, 50000);
	samples_gz_close(&w);
	remove_run(dir);
}
END_TEST

/* A member its writer gives up on (an error set while writing) is dropped whole. */
START_TEST(test_dropped_member)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", why[256], *text;
	struct samples_gz_writer w;
	struct samples_gz_member m;
	struct samples_gz_tail tail;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(samples_gz_create(&w, dir, "h\n", 2, why, sizeof(why)), 0);
	fp = samples_gz_member_open(&w);
	ck_assert_ptr_nonnull(fp);
	fputs("lost\n", fp);
	w.member_errno = ENOMEM;
	ck_assert_int_eq(samples_gz_member_close(&w, fp, &m), -ENOMEM);
	ck_assert_int_eq(samples_gz_append(&w, "kept\n", 5, &m), 0);
	samples_gz_close(&w);
	text = read_all(dir, UINT64_MAX, &tail);
	ck_assert_str_eq(text, "h\nkept\n");
	ck_assert_uint_eq(tail.ignored_bytes, 0);
	free(text);
	remove_run(dir);
}
END_TEST

/* One repetition's samples of configuration k: call_ns rising with the repetition. */
static void fill_rep(struct config_result *c, int rep, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(results_add_sample(c, "call_ns", "ns", rep, 1000.25 * rep + i * 3),
				 0);
	ck_assert_int_eq(results_add_sample(c, "page-faults", "count/op", rep, 0.5 * rep), 0);
}

START_TEST(test_fold_matches_memory)
{
	char dir[] = "/tmp/samples_gz_test.XXXXXX", why[256];
	struct config_result folded = { 0 }, all = { 0 };
	struct run_store_members members = { 0 };
	struct run_store store;
	const char *watched[] = { "call_ns" };
	struct metric_summary want, got;
	struct rep_median *want_reps, *got_reps;

	snprintf(folded.key.bench, sizeof(folded.key.bench), "latency");
	snprintf(folded.key.method, sizeof(folded.key.method), "fork");
	/* A key cell with a comma, quotes and a newline: quoted, one record over two lines. */
	snprintf(folded.key.exec, sizeof(folded.key.exec), "/a path, with \"quotes\"\nand,1,0,x,ns,5");
	all.key = folded.key;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(run_store_open(&store, dir, why, sizeof(why)), 0);
	for (int rep = 1; rep <= 3; rep++) {
		struct config_result one = { .key = folded.key };

		fill_rep(&one, rep, 10 + rep);
		fill_rep(&all, rep, 10 + rep);
		ck_assert_int_eq(results_mark_watched(&all, "call_ns", rep != 2), 0);
		ck_assert_int_eq(run_store_add_repetition(&store, &folded, &members, &one, watched, 1,
							  rep != 2),
				 0);
		ck_assert(members.dirty);
		ck_assert_int_eq(run_store_fold(&store, &folded, &members), 0);
		ck_assert(!members.dirty);
		results_free_config(&one);
		/* Folded: no sample stays in memory between repetitions. */
		for (size_t j = 0; j < folded.metric_count; j++) {
			ck_assert(folded.metrics[j].folded);
			ck_assert_ptr_null(folded.metrics[j].values);
		}
	}
	ck_assert_uint_eq(members.count, 3);
	ck_assert_uint_eq(folded.metric_count, 2);
	for (size_t j = 0; j < 2; j++) {
		ck_assert_int_eq(results_summarize_metric_reps(&all.metrics[j], &want, &want_reps), 0);
		ck_assert_int_eq(results_summarize_metric_reps(&folded.metrics[j], &got, &got_reps),
				 0);
		ck_assert_str_eq(folded.metrics[j].name, all.metrics[j].name);
		ck_assert_uint_eq(got.s.n, want.s.n);
		ck_assert_int_eq(got.reps, 3);
		ck_assert_double_eq(got.s.median, want.s.median);
		ck_assert_double_eq(got.s.mean, want.s.mean);
		ck_assert_double_eq(got.s.p95, want.s.p95);
		ck_assert_double_eq(got.s.ci95_low, want.s.ci95_low);
		ck_assert_double_eq(got.ci_level, want.ci_level);
		ck_assert_int_eq(got.converged, want.converged);
		for (int r = 0; r < 3; r++) {
			ck_assert_int_eq(got_reps[r].rep, r + 1);
			ck_assert_uint_eq(got_reps[r].n, want_reps[r].n);
			ck_assert_double_eq(got_reps[r].median, want_reps[r].median);
		}
		free(want_reps);
		free(got_reps);
	}
	ck_assert_int_eq(folded.metrics[0].folded_summary.converged, RESULTS_CONVERGED_FALSE);
	run_store_members_free(&members);
	run_store_close(&store);
	results_free_config(&folded);
	results_free_config(&all);
	remove_run(dir);
}
END_TEST

static Suite *samples_gz_suite(void)
{
	Suite *s = suite_create("samples_gz");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, test_members_read_whole);
	tcase_add_test(tc, test_member_cut_short);
	tcase_add_test(tc, test_limit_is_respected);
	tcase_add_test(tc, test_failed_append_cut_back);
	tcase_add_test(tc, test_big_member_streams);
	tcase_add_test(tc, test_dropped_member);
	tcase_add_test(tc, test_fold_matches_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(samples_gz_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
