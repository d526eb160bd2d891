/* libFuzzer target: the JSON flattener that reads meta.json back (harness/json.c json_flatten)
 * on raw bytes, not NUL-terminated, so a read past the end is an ASan report. Accepted input
 * yields pairs that json_flat_get finds; rejected input names an offset inside the buffer.
 * Whole run directories are fuzz_compare's. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: libFuzzer's own buffer may have slack ASan cannot see. */
	char *text = malloc(size ? size : 1);
	struct json_flat meta;
	size_t off = SIZE_MAX;
	int rc;

	FUZZ_CHECK(text);
	memcpy(text, data, size);
	rc = json_flatten(text, size, &meta, &off);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc) {
		FUZZ_CHECK(meta.count == 0 && meta.items == NULL);
		FUZZ_CHECK(rc != -EINVAL || off <= size);
	} else {
		for (size_t i = 0; i < meta.count; i++) {
			FUZZ_CHECK(meta.items[i].key && meta.items[i].value);
			FUZZ_CHECK(json_flat_get(&meta, meta.items[i].key) != NULL);
		}
	}
	json_flat_free(&meta);
	free(text);
	return 0;
}
