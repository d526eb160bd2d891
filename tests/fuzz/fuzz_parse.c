/* libFuzzer target: the parsers of what users type (harness/parse.c): sizes, bounded integers,
 * positive decimals, CPU lists, comma lists. Every parser gets the input as one string, and
 * what it accepts is checked against the round trips the CLI relies on. Option dispatch is
 * fuzz_args's job. */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"

#define MAX_ITEMS 8

static void check_size(const char *text)
{
	char formatted[32];
	uint64_t bytes = 0, again = 0;
	int rc = parse_size_bytes(text, &bytes);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc)
		return;
	/* What the writers print is read back to the same number (sizes in key columns). */
	parse_format_size(bytes, formatted, sizeof(formatted));
	FUZZ_CHECK(parse_size_bytes(formatted, &again) == 0 && again == bytes);
}

static void check_u64(const char *text)
{
	uint64_t v = 0, bounded = 0;
	int rc = parse_u64(text, 0, UINT64_MAX, 1, &v);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	rc = parse_u64(text, 1, 1000, 0, &bounded);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (!rc)
		FUZZ_CHECK(bounded >= 1 && bounded <= 1000);
}

static void check_double(const char *text)
{
	double v = 0;
	int rc = parse_positive_double(text, &v);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (!rc)
		FUZZ_CHECK(isfinite(v) && v > 0);
}

static void check_cpus(const char *text)
{
	cpu_set_t set;
	int rc = parse_cpu_list(text, &set);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (!rc)
		FUZZ_CHECK(CPU_COUNT(&set) > 0);
}

static void check_split(const char *text)
{
	char buf[256], joined[256], *items[MAX_ITEMS];
	size_t used = 0;
	int n = parse_split_list(text, buf, sizeof(buf), items, MAX_ITEMS);

	FUZZ_CHECK(n > 0 || n == -EINVAL || n == -E2BIG);
	if (n <= 0)
		return;
	FUZZ_CHECK(n <= MAX_ITEMS);
	/* Items are non-empty, hold no comma, and joined with commas give the text back. */
	for (int i = 0; i < n; i++) {
		size_t len = strlen(items[i]);

		FUZZ_CHECK(len > 0 && !strchr(items[i], ','));
		FUZZ_CHECK(items[i] >= buf && items[i] + len < buf + sizeof(buf));
		FUZZ_CHECK(used + len < sizeof(joined));
		if (i)
			joined[used++] = ',';
		memcpy(joined + used, items[i], len);
		used += len;
	}
	joined[used] = '\0';
	FUZZ_CHECK(!strcmp(joined, text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	check_size(text);
	check_u64(text);
	check_double(text);
	check_cpus(text);
	check_split(text);
	free(text);
	return 0;
}
