/* Tests for harness/sysinfo.c: meta.json parses as JSON (a small strict validator here, plus
 * python3's json module when it is installed) and carries the run's and uname's values; run id and
 * time formats; the single-fact helpers; `forkbench info` stays within 100 columns. The machine's
 * own values are not asserted beyond what uname and /proc make certain. */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "json.h"
#include "sysinfo.h"
#include "tap_skip.h"

/* --- a strict recursive-descent JSON validator (RFC 8259) --- */

static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool parse_value(const char **p, int depth);

static bool parse_string(const char **p)
{
	if (**p != '"')
		return false;
	for ((*p)++; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return false; /* also the end of the text */
		if (**p != '\\')
			continue;
		(*p)++;
		if (**p == 'u') {
			for (int i = 0; i < 4; i++) {
				(*p)++;
				if (!strchr("0123456789abcdefABCDEF", **p) || !**p)
					return false;
			}
		} else if (!**p || !strchr("\"\\/bfnrt", **p)) {
			return false;
		}
	}
	(*p)++;
	return true;
}

static bool parse_digits(const char **p)
{
	const char *start = *p;

	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > start;
}

static bool parse_number(const char **p)
{
	if (**p == '-')
		(*p)++;
	if (**p == '0')
		(*p)++;
	else if (!parse_digits(p))
		return false;
	if (**p == '.') {
		(*p)++;
		if (!parse_digits(p))
			return false;
	}
	if (**p == 'e' || **p == 'E') {
		(*p)++;
		if (**p == '+' || **p == '-')
			(*p)++;
		if (!parse_digits(p))
			return false;
	}
	return true;
}

static bool parse_container(const char **p, int depth, char close)
{
	(*p)++;
	skip_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		skip_ws(p);
		if (close == '}') {
			if (!parse_string(p))
				return false;
			skip_ws(p);
			if (**p != ':')
				return false;
			(*p)++;
		}
		if (!parse_value(p, depth + 1))
			return false;
		skip_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (**p != ',')
			return false;
		(*p)++;
	}
}

static bool parse_value(const char **p, int depth)
{
	if (depth > 64)
		return false;
	skip_ws(p);
	switch (**p) {
	case '{':
		return parse_container(p, depth, '}');
	case '[':
		return parse_container(p, depth, ']');
	case '"':
		return parse_string(p);
	case 't':
		return !strncmp(*p, "true", 4) && (*p += 4);
	case 'f':
		return !strncmp(*p, "false", 5) && (*p += 5);
	case 'n':
		return !strncmp(*p, "null", 4) && (*p += 4);
	default:
		return parse_number(p);
	}
}

static bool json_valid(const char *text)
{
	const char *p = text;

	if (!parse_value(&p, 0))
		return false;
	skip_ws(&p);
	return *p == '\0';
}

/* Start of the value at a dotted path ("kernel.release") in valid JSON, or NULL. */
static const char *json_find(const char *text, const char *path)
{
	const char *p = text;
	char comp[128];

	while (*path) {
		size_t n = strcspn(path, ".");

		snprintf(comp, sizeof(comp), "\"%.*s\"", (int)n, path);
		path += n + (path[n] == '.');
		skip_ws(&p);
		if (*p != '{')
			return NULL;
		p++;
		for (;;) {
			bool match;

			skip_ws(&p);
			if (*p != '"')
				return NULL;
			match = !strncmp(p, comp, strlen(comp));
			if (!parse_string(&p))
				return NULL;
			skip_ws(&p);
			p++; /* ':' */
			skip_ws(&p);
			if (match)
				break;
			if (!parse_value(&p, 0))
				return NULL;
			skip_ws(&p);
			if (*p != ',')
				return NULL;
			p++;
		}
	}
	return p;
}

/* The value at path is exactly the JSON token want. */
static void assert_value(const char *text, const char *path, const char *want)
{
	const char *v = json_find(text, path);
	size_t n = strlen(want);

	ck_assert_msg(v != NULL, "no %s in meta.json", path);
	ck_assert_msg(!strncmp(v, want, n) && strchr(",}] \n", v[n]), "%s is %.40s, want %s",
		      path, v, want);
}

static void assert_string_value(const char *text, const char *path, const char *s)
{
	char want[1024];

	want[0] = '"';
	json_escape(s, want + 1, sizeof(want) - 2);
	strcat(want, "\"");
	assert_value(text, path, want);
}

START_TEST(validator_self_check)
{
	ck_assert(json_valid("{\"a\":[1,-2.5e3,true,null,\"x\\u00e9\\n\"],\"b\":{}}"));
	ck_assert(!json_valid("{\"a\":1,}"));
	ck_assert(!json_valid("[1 2]"));
	ck_assert(!json_valid("{\"a\":01}"));
	ck_assert(!json_valid("\"tab\there\""));
	ck_assert(!json_valid("{\"a\":1"));
	ck_assert(!json_valid("[1,2] x"));
	ck_assert(!json_valid("nan"));
}
END_TEST

static char *meta_text(const struct sysinfo_run *run, int indent)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(sysinfo_write_json(fp, run, indent), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

static void check_meta(const char *text, const struct sysinfo_run *run)
{
	struct utsname uts;

	ck_assert_msg(json_valid(text), "meta.json is not valid JSON:\n%s", text);
	/* schema_version comes first, as the header promises. */
	ck_assert_msg(!strncmp(text + strspn(text, "{ \n"), "\"schema_version\"", 16),
		      "schema_version is not the first key");
	assert_value(text, "schema_version", "1");
	ck_assert_int_eq(uname(&uts), 0);
	assert_string_value(text, "kernel.release", uts.release);
	assert_string_value(text, "kernel.sysname", uts.sysname);
	assert_string_value(text, "hostname", uts.nodename);
	if (run->run_id)
		assert_string_value(text, "run_id", run->run_id);
	else
		assert_value(text, "run_id", "null");
	assert_value(text, "finished_utc", "null");
	assert_value(text, "counters", run->counters_json ? run->counters_json : "null");
	assert_value(text, "root", geteuid() == 0 ? "true" : "false");
	/* Every field DESIGN §7 names is present, whatever its value here. */
	static const char *const paths[] = {
		"started_utc", "command_line", "forkbench_version", "compiler", "glibc",
		"kernel.version", "kernel.machine", "kernel.cmdline", "cpu.model",
		"cpu.online_cpus",
		"cpu.threads_per_core", "cpu.smt_active", "cpu.smt_control", "cpu.numa_nodes",
		"memory_total_bytes", "memory_available_bytes", "thp.enabled", "thp.defrag",
		"thp.shmem_enabled", "thp.hpage_pmd_size_bytes", "mitigations", "cpufreq_governor",
		"clocksource", "virtualization.type", "virtualization.sys_vendor",
		"virtualization.product_name", "perf_event_paranoid", "capabilities.cap_perfmon",
		"capabilities.cap_sys_admin", "rlimit_nproc", "rlimit_nofile", "pids_max",
		"pid_max", "threads_max", "overcommit_memory", "unprivileged_userns_clone",
		"max_user_namespaces", "timer_overhead_ns",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		ck_assert_msg(json_find(text, paths[i]) != NULL, "meta.json lacks %s", paths[i]);
}

START_TEST(meta_json_pretty)
{
	char run_id[256], now[64];
	struct sysinfo_run run = {
		.run_id = run_id,
		.command_line = "forkbench latency -m 'fork,vfork' -o \"x y\"\n",
		.started_utc = now,
		.counters_json = "{\"page-faults\":{\"available\":true}}",
	};
	char *text;

	sysinfo_run_id(run_id, sizeof(run_id));
	sysinfo_utc_now(now, sizeof(now));
	text = meta_text(&run, 2);
	check_meta(text, &run);
	assert_string_value(text, "command_line", run.command_line);
	assert_string_value(text, "started_utc", now);
	free(text);
}
END_TEST

START_TEST(meta_json_compact_and_empty_run)
{
	struct sysinfo_run run = { 0 };
	char *text = sysinfo_json_string(&run);

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_null(strchr(text, '\n'));
	check_meta(text, &run);
	assert_value(text, "started_utc", "null");
	free(text);
	/* NULL run: a bare `forkbench info --json`. */
	text = sysinfo_json_string(NULL);
	ck_assert_ptr_nonnull(text);
	check_meta(text, &run);
	free(text);
}
END_TEST

/* A second opinion from a real parser, when python3 is there to give one. */
START_TEST(meta_json_python_parses)
{
	char path[] = "/tmp/sysinfo_test.XXXXXX", cmd[256];
	struct sysinfo_run run = { .run_id = "h-r-20260101T000000Z", .counters_json = "[]" };
	char *text = sysinfo_json_string(&run);
	int fd, rc;
	FILE *fp;

	ck_assert_ptr_nonnull(text);
	if (system("python3 -c '' >/dev/null 2>&1") != 0) {
		free(text);
		TEST_SKIP("python3 not installed, no second parser to cross-check with");
	}
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding=\"utf-8\"));"
		 " assert d[\"schema_version\"] == 1 and d[\"counters\"] == []' %s",
		 path);
	rc = system(cmd);
	unlink(path);
	free(text);
	ck_assert_int_eq(rc, 0);
}
END_TEST

static bool matches(const char *re, const char *s)
{
	regex_t rx;
	bool ok;

	ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

START_TEST(run_id_format)
{
	char id[256], prefix[300], small[12];
	struct utsname uts;

	sysinfo_run_id(id, sizeof(id));
	ck_assert_msg(matches("^[A-Za-z0-9._-]+-[A-Za-z0-9._-]+-[0-9]{8}T[0-9]{6}Z$", id), "%s",
		      id);
	ck_assert_int_eq(uname(&uts), 0);
	snprintf(prefix, sizeof(prefix), "%s-%s-", uts.nodename, uts.release);
	for (char *p = prefix; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			*p = '_';
	ck_assert_msg(!strncmp(id, prefix, strlen(prefix)), "%s does not start with %s", id,
		      prefix);
	/* Too small a buffer truncates, always terminated. */
	sysinfo_run_id(small, sizeof(small));
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
}
END_TEST

START_TEST(utc_now_format)
{
	char now[64];

	sysinfo_utc_now(now, sizeof(now));
	ck_assert_msg(matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", now),
		      "%s", now);
}
END_TEST

START_TEST(read_file_first_line_trimmed)
{
	char path[] = "/tmp/sysinfo_test.XXXXXX", out[64];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "  hello world \t\nsecond\n", 23), 23);
	close(fd);
	ck_assert_int_eq(sysinfo_read_file(path, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "hello world");
	ck_assert_int_eq(truncate(path, 0), 0);
	ck_assert_int_eq(sysinfo_read_file(path, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	unlink(path);
	ck_assert_int_eq(sysinfo_read_file(path, out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(sysinfo_read_file(path, out, 0), -EINVAL);
}
END_TEST

START_TEST(single_facts)
{
	char thp[32];
	int ret = sysinfo_thp_enabled(thp, sizeof(thp));
	long avail = sysinfo_available_memory_bytes();

	if (ret == 0)
		ck_assert_msg(!strcmp(thp, "always") || !strcmp(thp, "madvise") ||
				      !strcmp(thp, "never"),
			      "thp enabled = %s", thp);
	else
		ck_assert_int_eq(ret, -ENOENT);
	if (access("/proc/meminfo", R_OK) == 0)
		ck_assert_int_gt(avail, 0);
	else
		ck_assert_int_eq(avail, -1);
	ck_assert_int_eq(sysinfo_is_root(), geteuid() == 0);
}
END_TEST

START_TEST(print_fits_100_columns)
{
	static const char *const groups[] = { "Machine\n", "\nKernel\n", "\nMemory\n", "\nLimits\n",
					      "\nPerf\n" };
	char *buf = NULL, *line, *save;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	sysinfo_print(fp);
	ck_assert_int_eq(fclose(fp), 0);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		ck_assert_msg(strstr(buf, groups[i]), "no %s group", groups[i] + 1);
	ck_assert_ptr_nonnull(strstr(buf, "  kernel:"));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		ck_assert_msg(strlen(line) <= 100, "line over 100 columns: %s", line);
	free(buf);
}
END_TEST

static Suite *sysinfo_suite(void)
{
	Suite *s = suite_create("sysinfo");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, validator_self_check);
	tcase_add_test(tc, meta_json_pretty);
	tcase_add_test(tc, meta_json_compact_and_empty_run);
	tcase_add_test(tc, meta_json_python_parses);
	tcase_add_test(tc, run_id_format);
	tcase_add_test(tc, utc_now_format);
	tcase_add_test(tc, read_file_first_line_trimmed);
	tcase_add_test(tc, single_facts);
	tcase_add_test(tc, print_fits_100_columns);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sysinfo_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
