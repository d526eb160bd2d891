/* The global settings lock (harness/settings_lock.c) on a lock file of the test's own (the real
 * one is under /run, root's): one holder at a time, a waiter that gives up after its bound with a
 * reason naming the holder, the lock free again once its holder releases it or dies. Counts and
 * return codes only: the bound's length is not timed. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "settings_lock.h"

static char path[64];

static void make_path(void)
{
	snprintf(path, sizeof(path), "/tmp/fb-settings-lock-test.%ld", (long)getpid());
	unlink(path);
}

/* A child that takes the lock, tells the parent through a pipe, and holds it until killed. */
static pid_t holder(void)
{
	int fds[2];
	char c = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct settings_lock l;
		char why[256];

		close(fds[0]);
		if (settings_lock_take(&l, path, 0, why, sizeof(why)))
			_exit(1);
		c = 1;
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

START_TEST(take_and_release)
{
	struct settings_lock a, b;
	char why[256] = "";

	make_path();
	ck_assert_int_eq(settings_lock_take(&a, path, 0, why, sizeof(why)), 0);
	ck_assert_int_ge(a.fd, 0);
	settings_lock_release(&a);
	ck_assert_int_eq(a.fd, -1);
	settings_lock_release(&a);
	ck_assert_int_eq(settings_lock_take(&b, path, 0, why, sizeof(why)), 0);
	settings_lock_release(&b);
	unlink(path);
}
END_TEST

START_TEST(waiter_gives_up_with_the_holder)
{
	struct settings_lock l;
	char why[256] = "", pid_text[32];
	pid_t pid;
	int status;

	make_path();
	pid = holder();
	ck_assert_int_eq(settings_lock_take(&l, path, 100, why, sizeof(why)), -ETIMEDOUT);
	ck_assert_int_eq(l.fd, -1);
	snprintf(pid_text, sizeof(pid_text), "(pid %ld)", (long)pid);
	ck_assert_msg(strstr(why, pid_text) && strstr(why, "held by another forkbench run"),
		      "reason: %s", why);
	/* the holder dies: the kernel drops its flock, the lock is free at once */
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(settings_lock_take(&l, path, 0, why, sizeof(why)), 0);
	settings_lock_release(&l);
	unlink(path);
}
END_TEST

START_TEST(unopenable_file_says_why)
{
	struct settings_lock l;
	char why[256] = "";

	ck_assert_int_eq(settings_lock_take(&l, "/nonexistent-dir/lock", 0, why, sizeof(why)),
			 -ENOENT);
	ck_assert_int_eq(l.fd, -1);
	ck_assert_msg(strstr(why, "/nonexistent-dir/lock") != NULL, "reason: %s", why);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("settings_lock");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, take_and_release);
	tcase_add_test(tc, waiter_gives_up_with_the_holder);
	tcase_add_test(tc, unopenable_file_says_why);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
