/* Saving, changing and restoring global settings (harness/sys_settings.c) against files in a temp
 * directory of the test's own: a root prefix stands in for /, and the save and lock files live
 * there too, so nothing of the machine's is touched. A SIGKILLed changer is a forked child that
 * kills itself; the "someone changed it meanwhile" case writes the file behind forkbench's back. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "settings_lock.h"
#include "sys_settings.h"
#include "tap_skip.h"

static char dir[64], save[96], lock_file[96], report[96];
static FILE *report_fp;

static void put(const char *path, const char *text)
{
	char full[256];
	FILE *fp;

	snprintf(full, sizeof(full), "%s%s", dir, path);
	fp = fopen(full, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static const char *get(const char *path)
{
	static char value[SYS_SETTINGS_VALUE_MAX];

	ck_assert_int_eq(sys_settings_read(path, value, sizeof(value)), 0);
	return value;
}

/* Everything reported so far. */
static const char *reported(void)
{
	static char text[4096];
	size_t n;

	fflush(report_fp);
	rewind(report_fp);
	n = fread(text, 1, sizeof(text) - 1, report_fp);
	text[n] = '\0';
	return text;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fb-sys-settings-test.%ld", (long)getpid());
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(save, sizeof(save), "%s/saved", dir);
	snprintf(lock_file, sizeof(lock_file), "%s/lock", dir);
	snprintf(report, sizeof(report), "%s/report", dir);
	report_fp = fopen(report, "w+");
	ck_assert_ptr_nonnull(report_fp);
	sys_settings_use_paths(save, lock_file, dir, report_fp);
	sys_settings_set_lock_wait_ms(100);
	put("/thp", "always inherit madvise [never]\n");
	put("/nr", "0\n");
}

static void teardown(void)
{
	char cmd[128];

	fclose(report_fp);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

START_TEST(change_then_restore)
{
	char why[512];

	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_int_eq(sys_settings_change("/thp", "madvise", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_change("/nr", "16", why, sizeof(why)), 0);
	ck_assert(sys_settings_held());
	ck_assert_str_eq(get("/thp"), "madvise");
	ck_assert_int_eq(access(save, F_OK), 0); /* saved before the write */
	/* A second change of one setting keeps the first original. */
	ck_assert_int_eq(sys_settings_change("/thp", "always", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_str_eq(get("/nr"), "0");
	ck_assert(!sys_settings_held());
	ck_assert_int_eq(access(save, F_OK), -1); /* removed */
	ck_assert_str_eq(reported(), "");
}
END_TEST

START_TEST(changed_meanwhile_is_left)
{
	char why[512];

	ck_assert_int_eq(sys_settings_change("/thp", "madvise", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_change("/nr", "16", why, sizeof(why)), 0);
	put("/thp", "always inherit madvise never [always]\n"); /* someone else */
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "always");
	ck_assert_str_eq(get("/nr"), "0");
	ck_assert_ptr_nonnull(strstr(reported(), "left /thp at always: it changed after forkbench "
						 "wrote madvise (it was never before)"));
}
END_TEST

/* A child changes two settings and is SIGKILLed without restoring. */
static pid_t killed_changer(void)
{
	pid_t pid = fork(), w;
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char why[512];

		if (sys_settings_change("/thp", "madvise", why, sizeof(why)) ||
		    sys_settings_change("/nr", "16", why, sizeof(why)))
			_exit(1);
		raise(SIGKILL);
		_exit(2);
	}
	w = waitpid(pid, &status, 0);
	ck_assert_int_eq(w, pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	return pid;
}

START_TEST(recover_after_kill)
{
	char why[512], expect[256];
	pid_t pid = killed_changer();
	size_t len;

	ck_assert_str_eq(get("/thp"), "madvise");
	ck_assert_int_eq(access(save, F_OK), 0);
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_str_eq(get("/nr"), "0");
	ck_assert_int_eq(access(save, F_OK), -1);
	snprintf(expect, sizeof(expect),
		 "forkbench: restored /thp to never, left changed by run pid %ld which did not "
		 "finish\n",
		 (long)pid);
	ck_assert_ptr_nonnull(strstr(reported(), expect));
	ck_assert_ptr_nonnull(strstr(reported(), "restored /nr to 0"));
	/* Nothing left: a second recovery is silent. */
	len = strlen(reported());
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_uint_eq(strlen(reported()), len);
}
END_TEST

START_TEST(recover_after_kill_leaves_others_change)
{
	char why[512];

	killed_changer();
	put("/nr", "3\n"); /* someone else, after the dead run */
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_str_eq(get("/nr"), "3");
	ck_assert_ptr_nonnull(strstr(reported(), "left /nr at 3"));
	ck_assert_int_eq(access(save, F_OK), -1);
}
END_TEST

/* The first change of a run restores what a dead run left, before saving its own. */
START_TEST(change_recovers_first)
{
	char why[512];

	killed_changer();
	ck_assert_int_eq(sys_settings_change("/nr", "8", why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_ptr_nonnull(strstr(reported(), "restored /thp to never"));
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/nr"), "0"); /* the original, not the dead run's 16 */
}
END_TEST

/* Killed between the save and the read-back of nr_hugepages, which reserved fewer pages than
 * asked: the pending entry still recognises the smaller value as forkbench's. */
START_TEST(pending_partial_reservation)
{
	char why[512];
	FILE *fp = fopen(save, "w");

	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "forkbench-saved-settings 1\npid 99999\n/nr\t0\t512\tpending\n"
		    "/thp\tnever\tmadvise\tpending\n");
	fclose(fp);
	put("/nr", "200\n");
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/nr"), "0");
	ck_assert_str_eq(get("/thp"), "never"); /* never written: nothing to do or say */
	ck_assert_ptr_nonnull(strstr(reported(), "restored /nr to 0, left changed by run pid 99999"));
	ck_assert_ptr_null(strstr(reported(), "/thp"));
}
END_TEST

/* A run still holding the lock owns its save file: recovery leaves it; a change waits its bound
 * and names the holder. */
START_TEST(lock_held_by_live_run)
{
	char why[512], pid_text[32];
	int fds[2];
	char c;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		if (sys_settings_change("/thp", "madvise", why, sizeof(why)))
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "madvise"); /* left to its owner */
	ck_assert_int_eq(sys_settings_change("/nr", "4", why, sizeof(why)), -ETIMEDOUT);
	snprintf(pid_text, sizeof(pid_text), "pid %ld", (long)pid);
	ck_assert_ptr_nonnull(strstr(why, pid_text));
	ck_assert_str_eq(get("/nr"), "0");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
}
END_TEST

START_TEST(missing_and_unwritable)
{
	char why[512];

	ck_assert_int_eq(sys_settings_change("/hugepages-8kB/enabled", "madvise", why, sizeof(why)),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "/hugepages-8kB/enabled"));
	ck_assert_ptr_nonnull(strstr(why, "no such setting"));
	ck_assert(!sys_settings_held());
	if (geteuid() == 0)
		TEST_SKIP("root may write a read-only file: the unwritable case runs as nobody");
	chmod(report, 0644);
	put("/ro", "1\n");
	{
		char full[128];

		snprintf(full, sizeof(full), "%s/ro", dir);
		ck_assert_int_eq(chmod(full, 0444), 0);
	}
	ck_assert_int_eq(sys_settings_change("/ro", "2", why, sizeof(why)), -EACCES);
	ck_assert_ptr_nonnull(strstr(why, "run as root"));
	ck_assert_int_eq(access(save, F_OK), -1); /* nothing saved, nothing locked */
}
END_TEST

START_TEST(malformed_save_file)
{
	char why[512];

	put("/saved", "something else\n");
	ck_assert_int_eq(sys_settings_recover(why, sizeof(why)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not a forkbench save file"));
	ck_assert_int_eq(access(save, F_OK), 0); /* left for a person to check */
}
END_TEST

/* A forked child inherits the memory, not the right to restore. */
START_TEST(child_does_not_restore)
{
	char why[512];
	pid_t pid;
	int status;

	ck_assert_int_eq(sys_settings_change("/thp", "madvise", why, sizeof(why)), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(sys_settings_restore_all(why, sizeof(why)) || sys_settings_held() ? 1 : 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_str_eq(get("/thp"), "madvise");
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
}
END_TEST

START_TEST(restore_prefix_keeps_the_rest)
{
	char why[512];

	ck_assert_int_eq(sys_settings_change("/thp", "madvise", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_change("/nr", "16", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_restore_prefix("/th", why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_str_eq(get("/nr"), "16");
	ck_assert(sys_settings_held());
	/* Changed again: its original is still the one before the run. */
	ck_assert_int_eq(sys_settings_change("/thp", "always", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
	ck_assert_str_eq(get("/thp"), "never");
	ck_assert_str_eq(get("/nr"), "0");
}
END_TEST

START_TEST(describe_saved)
{
	char why[512], text[512] = "";
	FILE *out = fmemopen(text, sizeof(text), "w");

	ck_assert_int_eq(sys_settings_describe_saved(out, ""), 0);
	fflush(out);
	ck_assert_str_eq(text, "none\n");
	rewind(out);
	ck_assert_int_eq(sys_settings_change("/nr", "16", why, sizeof(why)), 0);
	ck_assert_int_eq(sys_settings_describe_saved(out, ""), 0);
	fputc('\0', out);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "/nr: 16, was 0 before run pid"));
	ck_assert_int_eq(sys_settings_restore_all(why, sizeof(why)), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sys_settings");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, change_then_restore);
	tcase_add_test(tc, changed_meanwhile_is_left);
	tcase_add_test(tc, recover_after_kill);
	tcase_add_test(tc, recover_after_kill_leaves_others_change);
	tcase_add_test(tc, change_recovers_first);
	tcase_add_test(tc, pending_partial_reservation);
	tcase_add_test(tc, lock_held_by_live_run);
	tcase_add_test(tc, missing_and_unwritable);
	tcase_add_test(tc, malformed_save_file);
	tcase_add_test(tc, child_does_not_restore);
	tcase_add_test(tc, restore_prefix_keeps_the_rest);
	tcase_add_test(tc, describe_saved);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
