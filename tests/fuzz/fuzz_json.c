/* libFuzzer target: the meta.json parser of the run reader (harness/run_reader.c
 * run_reader_parse_json) on raw bytes, not NUL-terminated, so a read past the end is an ASan
 * report. Accepted input yields pairs that run_reader_meta_get finds; rejected input names an
 * offset inside the buffer. Whole run directories are fuzz_compare's. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "run_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: libFuzzer's own buffer may have slack ASan cannot see. */
	char *text = malloc(size ? size : 1);
	struct run_reader_meta meta;
	size_t off = SIZE_MAX;
	int rc;

	FUZZ_CHECK(text);
	memcpy(text, data, size);
	rc = run_reader_parse_json(text, size, &meta, &off);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc) {
		FUZZ_CHECK(meta.count == 0 && meta.items == NULL);
		FUZZ_CHECK(rc != -EINVAL || off <= size);
	} else {
		for (size_t i = 0; i < meta.count; i++) {
			FUZZ_CHECK(meta.items[i].key && meta.items[i].value);
			FUZZ_CHECK(run_reader_meta_get(&meta, meta.items[i].key) != NULL);
		}
	}
	run_reader_meta_free(&meta);
	free(text);
	return 0;
}
