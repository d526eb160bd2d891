/* Tests parent shaping against what /proc says: memory resident or not, threads parked, fds
 * open and close-on-exec, mappings separate, huge pages where THP allows, limits refused with a
 * reason, and everything back after release. Check forks each test, so each starts clean. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shape.h"
#include "tap_skip.h"

#define MIB (1ull << 20)
/* The sanitizers' allocator maps regions of its own as it grows, so under ASan the map count
 * drifts by a few on its own; what shaping adds or leaves behind is hundreds, so a small slack
 * still catches it. Without sanitizers the counts match exactly. */
#define MAPS_SLACK 32

static struct shape_observed observe(void)
{
	struct shape_observed o;

	ck_assert_int_eq(shape_observe(&o), 0);
	return o;
}

static struct shape_state *apply(const struct shape_spec *spec)
{
	struct shape_state *st = NULL;
	char why[256] = "";
	int ret = shape_apply(spec, &st, why, sizeof(why));

	ck_assert_msg(ret == 0, "shape_apply: %d (%s)", ret, why);
	ck_assert_ptr_nonnull(st);
	return st;
}

/* Whether n more descriptors can be had here (raising the hard limit needs CAP_SYS_RESOURCE,
 * which even root may lack in a container); if not, says why on stderr and the test passes. */
static bool fds_fit(const char *test, uint64_t n)
{
	struct rlimit lim;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
	if (lim.rlim_max >= n + 200)
		return true;
	lim.rlim_max = n + 200;
	if (!setrlimit(RLIMIT_NOFILE, &lim))
		return true;
	tap_skip(test, "RLIMIT_NOFILE hard limit below %llu and cannot be raised (not root)",
		 (unsigned long long)n + 200);
	return false;
}

static uint64_t read_u64(const char *path)
{
	unsigned long long v = 0;
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%llu", &v), 1);
	fclose(f);
	return v;
}

START_TEST(observe_sane)
{
	struct shape_observed o = observe();

	ck_assert_uint_gt(o.rss_bytes, 0);
	ck_assert_uint_eq(o.threads, 1);
	ck_assert_uint_ge(o.fds, 3);
	ck_assert_uint_gt(o.vmas, 5);
}
END_TEST

START_TEST(rss_touched)
{
	struct shape_spec spec = { .rss_bytes = 64 * MIB, .touch = true };
	struct shape_observed before = observe(), during, after;
	struct shape_state *st = apply(&spec);

	during = observe();
	ck_assert_uint_ge(during.rss_bytes, before.rss_bytes + 64 * MIB);
	shape_release(st);
	after = observe();
	ck_assert_uint_lt(after.rss_bytes, before.rss_bytes + 4 * MIB);
}
END_TEST

START_TEST(rss_untouched)
{
	struct shape_spec spec = { .rss_bytes = 64 * MIB, .touch = false };
	struct shape_observed before = observe(), during;
	struct shape_state *st = apply(&spec);

	during = observe();
	ck_assert_uint_lt(during.rss_bytes, before.rss_bytes + 4 * MIB);
	shape_release(st);
}
END_TEST

START_TEST(rss_odd_size_never_thp)
{
	/* Not a page multiple, with MADV_NOHUGEPAGE: rounded up, touched, no huge pages. */
	struct shape_spec spec = { .rss_bytes = 5 * MIB + 123, .touch = true, .thp = SHAPE_THP_NEVER };
	struct shape_observed before = observe(), during;
	struct shape_state *st = apply(&spec);

	during = observe();
	ck_assert_uint_ge(during.rss_bytes, before.rss_bytes + 5 * MIB);
	ck_assert_uint_eq(during.anon_huge_bytes, before.anon_huge_bytes);
	shape_release(st);
}
END_TEST

/* Every task but the main one sleeping (S): parked threads must not spin. */
static int count_sleeping_threads(int *others)
{
	char path[64], buf[512];
	struct dirent *de;
	int sleeping = 0;
	DIR *dir = opendir("/proc/self/task");

	ck_assert_ptr_nonnull(dir);
	*others = 0;
	while ((de = readdir(dir))) {
		FILE *f;
		char *p;

		if (de->d_name[0] == '.' || atoi(de->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", atoi(de->d_name));
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) && p[1] && p[2] == 'S')
			sleeping++;
		fclose(f);
		(*others)++;
	}
	closedir(dir);
	return sleeping;
}

START_TEST(threads_parked)
{
	struct shape_spec spec = { .threads = 100 };
	struct shape_observed before = observe(), during, after;
	struct shape_state *st = apply(&spec);
	int others = 0, sleeping = 0;

	during = observe();
	ck_assert_uint_eq(during.threads, before.threads + 100);
	/* A thread can be between signalling "parked" and entering futex_wait: poll briefly. */
	for (int i = 0; i < 200; i++) {
		sleeping = count_sleeping_threads(&others);
		if (sleeping == others)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	ck_assert_int_eq(others, 100);
	ck_assert_int_eq(sleeping, 100);
	shape_release(st);
	after = observe();
	ck_assert_uint_eq(after.threads, before.threads);
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
}
END_TEST

START_TEST(threads_thousand)
{
	struct shape_spec spec = { .threads = 1000 };
	struct shape_observed before = observe(), during, after;
	struct shape_state *st = apply(&spec);

	during = observe();
	ck_assert_uint_eq(during.threads, before.threads + 1000);
	shape_release(st);
	after = observe();
	ck_assert_uint_eq(after.threads, before.threads);
}
END_TEST

static int count_cloexec_devnull(void)
{
	char link[64], target[64];
	struct dirent *de;
	int n = 0;
	DIR *dir = opendir("/proc/self/fd");

	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir))) {
		ssize_t len;
		int fd = atoi(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		if (!strcmp(target, "/dev/null") && (fcntl(fd, F_GETFD) & FD_CLOEXEC))
			n++;
	}
	closedir(dir);
	return n;
}

START_TEST(fds_thousand_cloexec)
{
	struct shape_spec spec = { .fds = 1000 };
	struct shape_observed before, during, after;
	int cloexec_before;
	struct shape_state *st;

	if (!fds_fit("fds_thousand_cloexec", spec.fds))
		return;
	before = observe();
	cloexec_before = count_cloexec_devnull();
	st = apply(&spec);
	during = observe();
	ck_assert_uint_eq(during.fds, before.fds + 1000);
	ck_assert_int_eq(count_cloexec_devnull(), cloexec_before + 1000);
	shape_release(st);
	after = observe();
	ck_assert_uint_eq(after.fds, before.fds);
}
END_TEST

START_TEST(fds_raise_soft_limit)
{
	struct rlimit lim, low, during_lim, after_lim;
	struct shape_spec spec = { .fds = 1000 };
	struct shape_state *st;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
	if (lim.rlim_max < 2000)
		TEST_SKIP("hard RLIMIT_NOFILE %llu < 2000", (unsigned long long)lim.rlim_max);
	low = lim;
	low.rlim_cur = 256;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	st = apply(&spec);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &during_lim), 0);
	ck_assert_uint_ge(during_lim.rlim_cur, 1000);
	shape_release(st);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &after_lim), 0);
	ck_assert_uint_eq(after_lim.rlim_cur, 256);
}
END_TEST

/* Drops CAP_SYS_RESOURCE from the effective set (the test runs in a forked child), so root
 * behaves like a user who cannot raise the hard limit. */
static void drop_sys_resource(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	ck_assert_int_eq(syscall(SYS_capget, &hdr, data), 0);
	data[CAP_SYS_RESOURCE / 32].effective &= ~(1u << (CAP_SYS_RESOURCE % 32));
	ck_assert_int_eq(syscall(SYS_capset, &hdr, data), 0);
}

START_TEST(fds_over_hard_limit)
{
	struct rlimit low = { .rlim_cur = 128, .rlim_max = 128 };
	struct shape_spec spec = { .fds = 1000 };
	struct shape_state *st = (void *)1;
	struct shape_observed before, after;
	char why[256] = "";
	int ret;

	drop_sys_resource();
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	before = observe();
	ret = shape_apply(&spec, &st, why, sizeof(why));
	ck_assert_int_eq(ret, -EMFILE);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(why, "RLIMIT_NOFILE") && strstr(why, "ulimit -n"), "why: %s", why);
	after = observe();
	ck_assert_uint_eq(after.fds, before.fds);
}
END_TEST

START_TEST(fds_over_nr_open)
{
	struct shape_spec spec = { .fds = read_u64("/proc/sys/fs/nr_open") + 1 };
	struct shape_state *st = (void *)1;
	struct shape_observed before = observe(), after;
	char why[256] = "";
	int ret;

	ret = shape_apply(&spec, &st, why, sizeof(why));
	ck_assert_int_eq(ret, -EMFILE);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(why, "nr_open"), "why: %s", why);
	after = observe();
	ck_assert_uint_eq(after.fds, before.fds);
}
END_TEST

START_TEST(vmas_thousand)
{
	struct shape_spec spec = { .vmas = 1000, .touch = true };
	struct shape_observed before = observe(), during, after;
	struct shape_state *st = apply(&spec);

	during = observe();
	ck_assert_uint_ge(during.vmas, before.vmas + 1000);
	ck_assert_uint_le(during.vmas, before.vmas + 1002 + MAPS_SLACK);
	shape_release(st);
	after = observe();
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
}
END_TEST

START_TEST(vmas_over_max_map_count)
{
	struct shape_spec spec = { .vmas = read_u64("/proc/sys/vm/max_map_count") };
	struct shape_state *st = (void *)1;
	struct shape_observed before = observe(), after;
	char why[256] = "";
	int ret;

	ret = shape_apply(&spec, &st, why, sizeof(why));
	ck_assert_int_eq(ret, -ENOMEM);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(why, "max_map_count"), "why: %s", why);
	after = observe();
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
}
END_TEST

START_TEST(thp_always)
{
	struct shape_spec spec = { .rss_bytes = 8 * MIB, .touch = true, .thp = SHAPE_THP_ALWAYS };
	struct shape_observed before, during;
	struct shape_state *st;
	char mode[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	if (!f || !fgets(mode, sizeof(mode), f) || strstr(mode, "[never]")) {
		if (f)
			fclose(f);
		TEST_SKIP("transparent hugepages %s", f ? "are [never] here" : "not in this kernel");
	}
	fclose(f);
	before = observe();
	st = apply(&spec);
	during = observe();
	ck_assert_uint_gt(during.anon_huge_bytes, before.anon_huge_bytes);
	shape_release(st);
}
END_TEST

START_TEST(rss_over_available)
{
	char text[8192], *p;
	unsigned long long avail_kb = 0;
	struct shape_spec spec = { .touch = true };
	struct shape_state *st = (void *)1;
	struct shape_observed before = observe(), after;
	char why[256] = "";
	FILE *f = fopen("/proc/meminfo", "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	p = strstr(text, "MemAvailable:");
	if (!p)
		TEST_SKIP("no MemAvailable in /proc/meminfo");
	ck_assert_int_eq(sscanf(p, "MemAvailable: %llu", &avail_kb), 1);
	spec.rss_bytes = (avail_kb << 10) + 1024 * MIB;
	ck_assert_int_eq(shape_apply(&spec, &st, why, sizeof(why)), -ENOMEM);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(why, "--rss") && strstr(why, "available"), "why: %s", why);
	after = observe();
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
	ck_assert_uint_lt(after.rss_bytes, before.rss_bytes + 4 * MIB);
}
END_TEST

START_TEST(bad_thp_value)
{
	struct shape_spec spec = { .thp = 7 };
	struct shape_state *st = (void *)1;
	char why[256] = "";

	ck_assert_int_eq(shape_apply(&spec, &st, why, sizeof(why)), -EINVAL);
	ck_assert_ptr_null(st);
	ck_assert_str_ne(why, "");
}
END_TEST

START_TEST(everything_released)
{
	struct shape_spec spec = { .rss_bytes = 16 * MIB, .touch = true, .thp = SHAPE_THP_ALWAYS,
				   .threads = 50, .fds = 300, .vmas = 400 };
	struct shape_observed before, during, after;
	struct shape_state *st;

	if (!fds_fit("everything_released", spec.fds))
		return;
	before = observe();
	st = apply(&spec);
	during = observe();
	ck_assert_uint_ge(during.rss_bytes, before.rss_bytes + 16 * MIB);
	ck_assert_uint_eq(during.threads, before.threads + 50);
	ck_assert_uint_eq(during.fds, before.fds + 300);
	ck_assert_uint_ge(during.vmas, before.vmas + 400 + 2 * 50 + 1);
	shape_release(st);
	after = observe();
	ck_assert_uint_eq(after.threads, before.threads);
	ck_assert_uint_eq(after.fds, before.fds);
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
	ck_assert_uint_lt(after.rss_bytes, before.rss_bytes + 4 * MIB);
	ck_assert_uint_eq(after.anon_huge_bytes, before.anon_huge_bytes);
}
END_TEST

START_TEST(empty_spec)
{
	struct shape_spec spec = { 0 };
	struct shape_observed before = observe(), after;
	struct shape_state *st = apply(&spec);

	shape_release(st);
	shape_release(NULL);
	after = observe();
	ck_assert_uint_eq(after.fds, before.fds);
	ck_assert_uint_le(after.vmas, before.vmas + MAPS_SLACK);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shape");
	TCase *tc = tcase_create("shape");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, observe_sane);
	tcase_add_test(tc, rss_touched);
	tcase_add_test(tc, rss_untouched);
	tcase_add_test(tc, rss_odd_size_never_thp);
	tcase_add_test(tc, threads_parked);
	tcase_add_test(tc, threads_thousand);
	tcase_add_test(tc, fds_thousand_cloexec);
	tcase_add_test(tc, fds_raise_soft_limit);
	tcase_add_test(tc, fds_over_hard_limit);
	tcase_add_test(tc, fds_over_nr_open);
	tcase_add_test(tc, vmas_thousand);
	tcase_add_test(tc, vmas_over_max_map_count);
	tcase_add_test(tc, thp_always);
	tcase_add_test(tc, rss_over_available);
	tcase_add_test(tc, bad_thp_value);
	tcase_add_test(tc, everything_released);
	tcase_add_test(tc, empty_spec);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* Tests lower RLIMIT_NOFILE and drop capabilities for good: each needs its own process,
	 * whatever CK_FORK says. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
