/* bench/methods.c and the family tables: names are unique, every preset resolves and probes
 * (runs here, or says why not; the methods any Linux has must run), flag lists parse and print
 * back, bad names are refused with a reason that lists what is accepted. */
#include <check.h>
#include <errno.h>
#include <linux/sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "methods.h"

#define MAX_PRESETS 64

struct names {
	const char *name[MAX_PRESETS];
	int n;
};

static void collect(const struct method *m, void *arg)
{
	struct names *ns = arg;

	ck_assert_int_lt(ns->n, MAX_PRESETS);
	ns->name[ns->n++] = m->name;
}

START_TEST(test_names_unique)
{
	struct names ns = { .n = 0 };

	methods_foreach(collect, &ns);
	ck_assert_int_ge(ns.n, 20);
	for (int i = 0; i < ns.n; i++)
		for (int j = i + 1; j < ns.n; j++)
			ck_assert_msg(strcmp(ns.name[i], ns.name[j]), "duplicate %s", ns.name[i]);
}
END_TEST

/* What must run on any Linux (tests/cli.bats says the same): the methods whose calls and flags
 * are as old as Linux 2.6, and from Linux 5.3 on CLONE_PIDFD and the clone3 family (clone3 with
 * CLONE_VM only where forkbench has the trampoline). Namespace presets need privileges and
 * clone3-into-cgroup a cgroup2 mount: those may fail their probe, with a reason. */
static const char *const must_run[] = {
	"fork", "vfork", "clone", "clone-vm", "clone-vm-vfork", "clone-files", "clone-fs",
	"clone-sighand", "clone-thread", "posix_spawn", "pthread", NULL,
};
static const char *const must_run_since_5_3[] = {
	"clone-pidfd", "clone3", "clone3-pidfd",
#if defined(__x86_64__) || defined(__aarch64__)
	"clone3-vm-vfork",
#endif
	NULL,
};

static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_ge(sscanf(u.release, "%d.%d", &ma, &mi), 1);
	return ma > major || (ma == major && mi >= minor);
}

static bool listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

START_TEST(test_every_preset_probes)
{
	struct names ns = { .n = 0 };
	bool new_kernel = kernel_at_least(5, 3);
	int must = 0;

	methods_foreach(collect, &ns);
	for (int i = 0; i < ns.n; i++) {
		struct method_sel sel;
		char why[512] = "";
		int rc;

		ck_assert_int_eq(methods_resolve(ns.name[i], &sel, why, sizeof(why)), 0);
		rc = methods_probe(&sel, why, sizeof(why));
		if (listed(must_run, ns.name[i]) ||
		    (new_kernel && listed(must_run_since_5_3, ns.name[i]))) {
			ck_assert_msg(rc == 0, "%s must run on this kernel, its probe says: %s",
				      ns.name[i], why);
			must++;
		}
		/* Either it runs here, or it says why not, naming the call. */
		if (rc) {
			ck_assert_msg(strlen(why) > 10, "%s: no reason", ns.name[i]);
			fprintf(stderr, "# %s cannot run here: %s\n", ns.name[i], why);
		}
	}
	/* Every name in the lists is a method (a renamed one would silently drop out). */
	for (const char *const *m = must_run; *m; m++) {
		struct method_sel sel;
		char why[512];

		ck_assert_msg(methods_resolve(*m, &sel, why, sizeof(why)) == 0, "%s: %s", *m, why);
	}
	ck_assert_int_ge(must, 11);
}
END_TEST

START_TEST(test_resolve_forms)
{
	struct method_sel sel;
	char why[1024];

	ck_assert_int_eq(methods_resolve("fork+exec", &sel, why, sizeof(why)), 0);
	ck_assert(sel.exec);
	ck_assert_str_eq(sel.name, "fork+exec");
	ck_assert_int_eq(methods_resolve("posix_spawn", &sel, why, sizeof(why)), 0);
	ck_assert(sel.exec); /* always runs the target */
	ck_assert_int_eq(methods_resolve("clone:vm,vfork", &sel, why, sizeof(why)), 0);
	ck_assert_uint_eq(sel.m.clone_flags, CLONE_VM | CLONE_VFORK);
	ck_assert_str_eq(sel.flags_text, "CLONE_VM|CLONE_VFORK");
	ck_assert(sel.user_flags);
	ck_assert_int_eq(methods_resolve("clone3:CLONE_VM|clone_vfork+exec", &sel, why,
					 sizeof(why)), 0);
	ck_assert(sel.exec);
	ck_assert_str_eq(sel.m.ops->family, "clone3");
	ck_assert_int_eq(methods_resolve("clone-vm-vfork", &sel, why, sizeof(why)), 0);
	ck_assert_str_eq(sel.flags_text, "CLONE_VM|CLONE_VFORK");
}
END_TEST

START_TEST(test_resolve_errors)
{
	struct method_sel sel;
	char why[1024];

	ck_assert_int_eq(methods_resolve("forky", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "fork,vfork"));
	ck_assert_int_eq(methods_resolve("clone:bogus", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "unknown clone flag 'bogus'"));
	ck_assert_int_eq(methods_resolve("clone:into_cgroup", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(methods_resolve("clone:parent", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(methods_resolve("pthread+exec", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(methods_resolve("clone-thread+exec", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(methods_resolve("posix_spawn+exec", &sel, why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(methods_resolve("", &sel, why, sizeof(why)), -EINVAL);
}
END_TEST

START_TEST(test_kernel_refusal_named)
{
	struct method_sel sel;
	char why[512];

	/* CLONE_SIGHAND without CLONE_VM is EINVAL in every kernel */
	ck_assert_int_eq(methods_resolve("clone:sighand", &sel, why, sizeof(why)), 0);
	ck_assert_int_eq(methods_probe(&sel, why, sizeof(why)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "clone(CLONE_SIGHAND|SIGCHLD)"));
	ck_assert_ptr_nonnull(strstr(why, "EINVAL"));
}
END_TEST

START_TEST(test_flags_round_trip)
{
	uint64_t flags;
	char why[512], text[256];

	ck_assert_int_eq(clone_flags_parse("newpid|NEWNET,CLONE_FILES", false, &flags, why,
					   sizeof(why)), 0);
	clone_flags_format(flags, text, sizeof(text));
	ck_assert_str_eq(text, "CLONE_FILES|CLONE_NEWPID|CLONE_NEWNET"); /* table order */
	ck_assert_int_eq(clone_flags_parse(text, false, &flags, why, sizeof(why)), 0);
	ck_assert_uint_eq(flags, CLONE_FILES | CLONE_NEWNET | CLONE_NEWPID);
}
END_TEST

static Suite *methods_suite(void)
{
	Suite *s = suite_create("methods");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names_unique);
	tcase_add_test(tc, test_every_preset_probes);
	tcase_add_test(tc, test_resolve_forms);
	tcase_add_test(tc, test_resolve_errors);
	tcase_add_test(tc, test_kernel_refusal_named);
	tcase_add_test(tc, test_flags_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(methods_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
