/* libFuzzer target: csv_split_record (harness/csv.c), the RFC 4180 record splitter every CSV
 * reader of forkbench uses. What it accepts must survive the writer's escaping: split, write
 * each field back with csv_field, split again, same fields. Whole files are fuzz_compare's. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

#define MAX_FIELDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_cstring(data, size), *fields[MAX_FIELDS], *again[MAX_FIELDS];
	char *written = NULL;
	size_t written_len = 0;
	FILE *fp;
	int n = csv_split_record(line, fields, MAX_FIELDS), m;

	FUZZ_CHECK(n > 0 || n == -EINVAL || n == -E2BIG);
	if (n <= 0)
		goto out;
	fp = open_memstream(&written, &written_len);
	FUZZ_CHECK(fp);
	for (int i = 0; i < n; i++) {
		if (i)
			csv_sep(fp);
		csv_field(fp, fields[i]);
	}
	csv_eol(fp);
	FUZZ_CHECK(fclose(fp) == 0);
	m = csv_split_record(written, again, MAX_FIELDS);
	FUZZ_CHECK(m == n);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(!strcmp(fields[i], again[i]));
out:
	free(written);
	free(line);
	return 0;
}
