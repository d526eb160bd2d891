/* harness/config_label.c: the label of a configuration. Labels are unique over every
 * combination of key values that differ (pinned and unpinned, exec targets, shaping, variant),
 * read as documented in DESIGN §7, and `forkbench label`'s filter adds the column to a file
 * that lacks it and leaves one that has it alone. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_label.h"

static struct config_key key(const char *method, const char *exec)
{
	struct config_key k;

	memset(&k, 0, sizeof(k));
	snprintf(k.bench, sizeof(k.bench), "latency");
	snprintf(k.method, sizeof(k.method), "%s", method);
	snprintf(k.exec, sizeof(k.exec), "%s", exec);
	return k;
}

static const char *label_of(const struct config_key *k)
{
	static char buf[CONFIG_LABEL_MAX];

	ck_assert_int_eq(config_label(k, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(test_format)
{
	struct config_key k = key("fork", "");

	ck_assert_str_eq(label_of(&k), "fork");
	snprintf(k.cpu, sizeof(k.cpu), "0");
	ck_assert_str_eq(label_of(&k), "fork cpu=0");
	k = key("fork+exec", "static");
	ck_assert_str_eq(label_of(&k), "fork+exec static");
	k = key("fork+exec", "/bin/true");
	ck_assert_str_eq(label_of(&k), "fork+exec /bin/true");
	k = key("fork+exec", "mytarget");
	ck_assert_str_eq(label_of(&k), "fork+exec exec=mytarget");
	k = key("fork", "");
	k.rss_bytes = 64ull << 20;
	snprintf(k.touch, sizeof(k.touch), "yes");
	k.threads = 8;
	snprintf(k.thp, sizeof(k.thp), "always");
	ck_assert_str_eq(label_of(&k), "fork rss=64M touched threads=8 thp=always");
	/* rss_kind: anon is what a region was before the column, so its label is unchanged. */
	snprintf(k.rss_kind, sizeof(k.rss_kind), "anon");
	ck_assert_str_eq(label_of(&k), "fork rss=64M touched threads=8 thp=always");
	snprintf(k.rss_kind, sizeof(k.rss_kind), "shmem");
	ck_assert_str_eq(label_of(&k), "fork rss=64M touched shmem threads=8 thp=always");
	snprintf(k.rss_kind, sizeof(k.rss_kind), "pmem");
	ck_assert_str_eq(label_of(&k), "fork rss=64M touched rss_kind=pmem threads=8 thp=always");
	k = key("fork", "");
	snprintf(k.variant, sizeof(k.variant), "writer=child;size=64M");
	ck_assert_str_eq(label_of(&k), "fork writer=child;size=64M");
	/* sweep's rss=0 points of the touched and the untouched line, and the fit's line. */
	k = key("vfork", "");
	snprintf(k.touch, sizeof(k.touch), "no");
	ck_assert_str_eq(label_of(&k), "vfork rss=0 untouched");
	k.rss_bytes = KEY_NA;
	ck_assert_str_eq(label_of(&k), "vfork untouched");
	k = key("fork", "");
	k.rss_bytes = 1000;
	ck_assert_str_eq(label_of(&k), "fork rss=1000");
	/* A method-less row (none today) still says something. */
	k = key("", "");
	snprintf(k.flags, sizeof(k.flags), "CLONE_VM");
	ck_assert_str_eq(label_of(&k), "CLONE_VM");
}
END_TEST

START_TEST(test_pinned_and_unpinned_differ)
{
	struct config_key a = key("fork", ""), b = key("fork", "");
	char la[CONFIG_LABEL_MAX];

	snprintf(b.cpu, sizeof(b.cpu), "0");
	snprintf(la, sizeof(la), "%s", label_of(&a));
	ck_assert_str_ne(la, label_of(&b));
}
END_TEST

static int cmp_label(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Every combination of a few values per key column (flags left out: the method implies it),
 * 62208 keys, no two labels alike. idx is read as a mixed-radix number, one digit a column. */
START_TEST(test_unique_over_combinations)
{
	static const char *const methods[] = { "fork", "vfork", "fork+exec", "clone-vm" };
	static const char *const execs[] = { "", "static", "dynamic" };
	static const uint64_t rss[] = { 0, 64ull << 20, 1000 };
	/* touch and rss_kind together: "" and anon on a key with a region are one configuration
	 * (an old run's and a new run's), so anon stands for both here. */
	static const char *const touches[] = { "", "yes", "yes", "" };
	static const char *const kinds[] = { "", "", "shmem", "file" };
	static const char *const thps[] = { "", "never", "always" };
	static const char *const cpus[] = { "", "0", "0-1" };
	static const char *const variants[] = { "", "writer=child;size=64M", "param=rss" };
	const size_t total = 4 * 3 * 3 * 4 * 16 * 3 * 3 * 3;
	char (*labels)[CONFIG_LABEL_MAX] = calloc(total, sizeof(*labels));

	ck_assert_ptr_nonnull(labels);
	for (size_t idx = 0; idx < total; idx++) {
		size_t x = idx, counts;
		struct config_key k = key(methods[x % 4], execs[x / 4 % 3]);

		x /= 12;
		k.rss_bytes = rss[x % 3];
		x /= 3;
		snprintf(k.touch, sizeof(k.touch), "%s", touches[x % 4]);
		snprintf(k.rss_kind, sizeof(k.rss_kind), "%s", kinds[x % 4]);
		x /= 4;
		counts = x % 16; /* threads 0, 8, 1 or 9; fds and vmas 0 or 8 */
		x /= 16;
		k.threads = (counts & 1 ? 8 : 0) + (counts & 8 ? 1 : 0);
		k.fds = counts & 2 ? 8 : 0;
		k.vmas = counts & 4 ? 8 : 0;
		snprintf(k.thp, sizeof(k.thp), "%s", thps[x % 3]);
		x /= 3;
		snprintf(k.cpu, sizeof(k.cpu), "%s", cpus[x % 3]);
		x /= 3;
		snprintf(k.variant, sizeof(k.variant), "%s", variants[x % 3]);
		snprintf(labels[idx], CONFIG_LABEL_MAX, "%s", label_of(&k));
	}
	qsort(labels, total, sizeof(*labels), cmp_label);
	for (size_t i = 1; i < total; i++)
		ck_assert_msg(strcmp(labels[i - 1], labels[i]), "two keys label as '%s'", labels[i]);
	free(labels);
}
END_TEST

START_TEST(test_truncation_reported)
{
	struct config_key k = key("fork", "");
	char small[6];

	ck_assert_int_eq(config_label(&k, small, sizeof(small)), 0);
	snprintf(k.cpu, sizeof(k.cpu), "0");
	ck_assert_int_eq(config_label(&k, small, sizeof(small)), -ENOSPC);
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

/* Runs the filter over text; returns its output (caller frees) and the status in *rc. */
static char *filter(const char *text, int *rc, char *why, size_t why_len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(fp);
	*rc = config_label_csv(in, fp, "t.csv", why, why_len);
	fclose(in);
	fclose(fp);
	return out;
}

START_TEST(test_csv_filter)
{
	static const char *const old =
		"bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant,metric\n"
		"latency,fork,,,0,,0,0,0,,0,,call_ns\n"
		"cow,fork,,,0,,0,0,0,,,\"writer=child,x\",call_ns\n";
	static const char *const labelled =
		"bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant,config,"
		"metric\n"
		"latency,fork,,,0,,0,0,0,,0,,fork cpu=0,call_ns\n";
	char why[256] = "", *out;
	int rc;

	out = filter(old, &rc, why, sizeof(why));
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,"
			      "variant,config,metric\n"
			      "latency,fork,,,0,,0,0,0,,0,,fork cpu=0,call_ns\n"
			      "cow,fork,,,0,,0,0,0,,,\"writer=child,x\",\"fork writer=child,x\","
			      "call_ns\n");
	free(out);
	out = filter(labelled, &rc, why, sizeof(why));
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, labelled);
	free(out);
	/* Blank lines (aggregate.sh skips them) are kept, not refused, and keep the numbering. */
	out = filter("bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant\n"
		     "\n"
		     "latency,fork,,,0,,0,0,0,,,\r\n"
		     "\r\n"
		     "latency,fork,,,x,,0,0,0,,,\n",
		     &rc, why, sizeof(why));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "t.csv:5"));
	ck_assert_ptr_nonnull(strstr(out, ",variant,config\n\nlatency,fork,,,0,,0,0,0,,,,fork\n\r\n"));
	free(out);
	out = filter("bench,method\nlatency,fork\n", &rc, why, sizeof(why));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "no column 'flags'"));
	free(out);
	out = filter("bench,method,flags,exec,rss_bytes,touch,threads,fds,vmas,thp,cpu,variant\n"
		     "latency,fork,,,-1,,0,0,0,,,\n",
		     &rc, why, sizeof(why));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "t.csv:2"));
	free(out);
}
END_TEST

static Suite *config_label_suite(void)
{
	Suite *s = suite_create("config_label");
	TCase *tc = tcase_create("label");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_pinned_and_unpinned_differ);
	tcase_add_test(tc, test_unique_over_combinations);
	tcase_add_test(tc, test_truncation_reported);
	tcase_add_test(tc, test_csv_filter);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_label_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
