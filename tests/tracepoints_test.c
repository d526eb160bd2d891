/* Tests the tracepoint reader on real kernel events: the lookup finds ids and field offsets
 * without leaving a tracefs mount behind, and sessions of both scopes (inherited, CPU-wide) see
 * a forked child's newtask, wakeup, switch-in and exit and the parent's wait4 return, in order.
 * Without root or tracepoints each test is a TAP SKIP with the reason. No durations asserted. */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "tracepoints.h"
#include "tap_skip.h"

enum { EV_NEWTASK, EV_WAKEUP_NEW, EV_SWITCH, EV_EXIT, EV_WAIT4_EXIT, EV_MISSING, EV_COUNT };

static const struct tp_spec specs[EV_COUNT] = {
	[EV_NEWTASK] = { "task", "task_newtask", { "pid", "clone_flags" } },
	[EV_WAKEUP_NEW] = { "sched", "sched_wakeup_new", { "pid" } },
	[EV_SWITCH] = { "sched", "sched_switch", { "next_pid" } },
	[EV_EXIT] = { "sched", "sched_process_exit" },
	[EV_WAIT4_EXIT] = { "syscalls", "sys_exit_wait4", { "ret" } },
	[EV_MISSING] = { "sched", "no_such_event_here", { NULL }, true },
};

static bool usable(const char *test, struct tp_event *ev)
{
	char why[512] = "";
	int rc;

	if (geteuid() != 0) {
		tap_skip(test, "needs root (tracefs and tracepoint events)");
		return false;
	}
	rc = tp_lookup(specs, EV_COUNT, ev, why, sizeof(why));
	if (rc) {
		tap_skip(test, "tracepoints unavailable: %s", why);
		return false;
	}
	return true;
}

static bool tracefs_in_mounts(void)
{
	char line[4096];
	bool found = false;
	FILE *fp = fopen("/proc/self/mounts", "re");

	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp))
		if (strstr(line, " tracefs "))
			found = true;
	fclose(fp);
	return found;
}

START_TEST(lookup_leaves_no_mount)
{
	struct tp_event ev[EV_COUNT];
	bool before = tracefs_in_mounts();

	if (!usable("lookup_leaves_no_mount", ev))
		return;
	ck_assert_int_gt(ev[EV_NEWTASK].id, 0);
	ck_assert_int_gt(ev[EV_WAIT4_EXIT].id, 0);
	ck_assert_int_ne(ev[EV_NEWTASK].id, ev[EV_EXIT].id);
	ck_assert_int_eq(ev[EV_MISSING].id, -1);
	ck_assert_int_eq(ev[EV_NEWTASK].size[0], 4);  /* pid_t */
	ck_assert_int_ge(ev[EV_NEWTASK].offset[0], 8); /* after the common fields */
	ck_assert_int_eq(ev[EV_NEWTASK].size[1], 8);  /* unsigned long clone_flags */
	ck_assert_int_eq(tracefs_in_mounts(), before);
}
END_TEST

START_TEST(lookup_refuses_unknown_event)
{
	static const struct tp_spec bad[] = { { "sched", "no_such_event_here" } };
	struct tp_event ev[EV_COUNT], one;
	char why[512] = "";

	if (!usable("lookup_refuses_unknown_event", ev))
		return;
	ck_assert_int_eq(tp_lookup(bad, 1, &one, why, sizeof(why)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "no_such_event_here"));
}
END_TEST

/* A fork seen through a session of the given scope: newtask, wakeup_new, the child switched in
 * (a switch-in record, in both scopes), its exit, the wait4. */
static void fork_in_order(const char *test, enum tp_scope scope)
{
	struct tp_event ev[EV_COUNT];
	struct tp_session *s = NULL;
	const struct tp_record *r;
	uint64_t t0, t1, lost = 0, at[EV_COUNT] = { 0 };
	char why[512] = "";
	size_t n;
	int status, rc;
	pid_t child, self = getpid();

	if (!usable(test, ev))
		return;
	rc = tp_session_open(ev, EV_COUNT, 64, scope, &s, why, sizeof(why));
	ck_assert_msg(rc == 0, "tp_session_open: %s", why);
	ck_assert_int_eq(tp_session_read(s, &r, &n, &lost), 0); /* drop what opening caused */
	t0 = clock_now_ns();
	child = fork();
	if (child == 0)
		_exit(0);
	ck_assert_int_gt(child, 0);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	t1 = clock_now_ns();
	ck_assert_int_eq(tp_session_read(s, &r, &n, &lost), 0);
	ck_assert_uint_eq(lost, 0);
	for (size_t i = 0; i < n; i++) {
		bool switched_in = r[i].type == TP_SWITCH_IN && r[i].tid == (uint32_t)child;

		if (i)
			ck_assert_uint_le(r[i - 1].time_ns, r[i].time_ns);
		if (r[i].time_ns < t0 || r[i].time_ns > t1)
			continue;
		if (r[i].type == ev[EV_NEWTASK].id &&
		    tp_field(&r[i], &ev[EV_NEWTASK], 0) == (uint64_t)child) {
			ck_assert_uint_eq(r[i].tid, (uint32_t)self);
			ck_assert_uint_eq(tp_field(&r[i], &ev[EV_NEWTASK], 1) & CLONE_VM, 0); /* fork */
			at[EV_NEWTASK] = r[i].time_ns;
		} else if (r[i].type == ev[EV_WAKEUP_NEW].id &&
			   tp_field(&r[i], &ev[EV_WAKEUP_NEW], 0) == (uint64_t)child) {
			at[EV_WAKEUP_NEW] = r[i].time_ns;
		} else if (switched_in && !at[EV_SWITCH]) {
			at[EV_SWITCH] = r[i].time_ns;
		} else if (r[i].type == ev[EV_EXIT].id && r[i].tid == (uint32_t)child) {
			at[EV_EXIT] = r[i].time_ns;
		} else if (r[i].type == ev[EV_WAIT4_EXIT].id && r[i].tid == (uint32_t)self &&
			   tp_field(&r[i], &ev[EV_WAIT4_EXIT], 0) == (uint64_t)child) {
			at[EV_WAIT4_EXIT] = r[i].time_ns;
		}
	}
	ck_assert_uint_gt(at[EV_NEWTASK], 0);
	ck_assert_uint_le(at[EV_NEWTASK], at[EV_WAKEUP_NEW]);
	ck_assert_uint_le(at[EV_WAKEUP_NEW], at[EV_SWITCH]);
	ck_assert_uint_le(at[EV_SWITCH], at[EV_EXIT]);
	ck_assert_uint_le(at[EV_EXIT], at[EV_WAIT4_EXIT]);
	tp_session_close(s);
}

START_TEST(task_scope_sees_a_fork_in_order)
{
	fork_in_order("task_scope_sees_a_fork_in_order", TP_SCOPE_TASK);
}
END_TEST

START_TEST(cpu_scope_sees_a_fork_in_order)
{
	fork_in_order("cpu_scope_sees_a_fork_in_order", TP_SCOPE_CPU);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("tracepoints");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, lookup_leaves_no_mount);
	tcase_add_test(tc, lookup_refuses_unknown_event);
	tcase_add_test(tc, task_scope_sees_a_fork_in_order);
	tcase_add_test(tc, cpu_scope_sees_a_fork_in_order);
	suite_add_tcase(suite, tc);
	sr = srunner_create(suite);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
