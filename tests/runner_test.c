/* harness/runner.c, worker side: the record a worker writes for a note or a converged verdict,
 * read back from the pipe as the coordinator reads it (getline). A note of any length is one
 * whole record, and a converged record names exactly the metrics the stop watched. Plan side:
 * the suite's skip of configurations planned only for their keys (runner_plan_skip_from). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

/* Runs emit(e) into a pipe and returns everything written (caller frees). */
static char *records_of(void (*emit)(struct emitter *e))
{
	struct emitter e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int fds[2], c;
	FILE *in;

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(emitter_open(&e, fds[1]), 0);
	emit(&e);
	emitter_close(&e);
	in = fdopen(fds[0], "r");
	ck_assert_ptr_nonnull(in);
	while ((c = fgetc(in)) != EOF)
		fputc(c, out);
	fclose(in);
	fclose(out);
	return buf;
}

static void emit_long_note(struct emitter *e)
{
	char part[3001];

	for (int i = 0; i < 3000; i++)
		part[i] = (char)('a' + i % 26);
	part[3000] = '\0';
	part[1000] = '\n'; /* one record per line: a newline inside becomes a space */
	emit_note(e, "tracing adds %d ns; %s", 23800, part);
}

START_TEST(test_note_any_length_one_record)
{
	char *text = records_of(emit_long_note);

	ck_assert_uint_eq(strlen(text), 2 + 23 + 3000 + 1);
	ck_assert_int_eq(strncmp(text, "N tracing adds 23800 ns; abc", 28), 0);
	ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);
	ck_assert_int_eq(text[2 + 23 + 1000], ' ');
	free(text);
}
END_TEST

static void emit_watched(struct emitter *e)
{
	bool have_start = false;

	emit_converged(e, true, (const char *const[]){ "call_ns", "total_ns",
						      have_start ? "start_ns" : NULL, NULL });
	emit_converged(e, false, NULL);
}

START_TEST(test_converged_names_watched)
{
	char *text = records_of(emit_watched);

	ck_assert_str_eq(text, "C 1 call_ns total_ns\nC 0\n");
	free(text);
}
END_TEST
/* Entries planned before FIRST stay; those after become skips with the reason, in skipped.csv's
 * rows, and leave the plan (their override copies freed: ASan would see a leak). */
START_TEST(test_plan_skip_from)
{
	struct run_results results = { 0 };
	struct runner_plan plan = { .results = &results, .unavailable_is_skip = true };
	const char *const over[] = { "--thp", "64K", NULL };
	struct config_key k = { .bench = "latency", .method = "fork" };

	plan.repetitions = 1;
	ck_assert_int_eq(runner_plan_add(&plan, &k, NULL), 0);
	snprintf(k.thp, sizeof(k.thp), "64K");
	ck_assert_int_eq(runner_plan_add(&plan, &k, over), 0);
	snprintf(k.thp, sizeof(k.thp), "2M");
	ck_assert_int_eq(runner_plan_add(&plan, &k, over), 0);
	ck_assert_uint_eq(plan.count, 3);
	ck_assert_int_eq(runner_plan_skip_from(&plan, 1, "needs root"), 0);
	ck_assert_uint_eq(plan.count, 1);
	ck_assert_str_eq(plan.entries[0].key.thp, "");
	ck_assert_uint_eq(results.skipped_count, 2);
	ck_assert_str_eq(results.skipped[0].reason, "needs root");
	ck_assert(!strcmp(results.skipped[0].key.thp, "2M") || !strcmp(results.skipped[1].key.thp, "2M"));
	ck_assert_int_eq(runner_plan_skip_from(&plan, 1, "nothing left"), 0);
	ck_assert_uint_eq(results.skipped_count, 2);
	runner_plan_free(&plan);
	results_free(&results);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("emitter");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_note_any_length_one_record);
	tcase_add_test(tc, test_converged_names_watched);
	tcase_add_test(tc, test_plan_skip_from);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
