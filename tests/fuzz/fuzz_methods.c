/* libFuzzer target: method names as -m takes them (bench/methods.c methods_resolve, with
 * bench/clone.c clone_flags_parse under it): presets, clone:FLAGS, clone3:FLAGS, +exec. A
 * user flag set must format and parse back to the same flags. Nothing is created or probed
 * here: that forks, and the CLI tests do it. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "methods.h"

static void check_flags(const char *text, bool clone3)
{
	char why[1024], formatted[1024];
	uint64_t flags = 0, again = 0;
	int rc = clone_flags_parse(text, clone3, &flags, why, sizeof(why));

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	FUZZ_CHECK(strlen(why) < sizeof(why));
	if (rc || !flags)
		return;
	clone_flags_format(flags, formatted, sizeof(formatted));
	FUZZ_CHECK(clone_flags_parse(formatted, clone3, &again, why, sizeof(why)) == 0);
	FUZZ_CHECK(again == flags);
}

static void check_resolve(const char *text)
{
	struct method_sel sel;
	char why[2048], call[512];
	int rc = methods_resolve(text, &sel, why, sizeof(why));

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc)
		return;
	FUZZ_CHECK(sel.m.ops && sel.m.name);
	FUZZ_CHECK(!strcmp(sel.name, text)); /* the key column holds what the user typed */
	FUZZ_CHECK(!sel.m.ops->needs_exec || sel.exec);
	FUZZ_CHECK(!sel.exec || sel.m.ops->can_exec);
	methods_describe_call(&sel, call, sizeof(call));
	if (sel.user_flags && sel.m.clone_flags) {
		uint64_t again = 0;
		bool is3 = !strcmp(sel.m.ops->family, "clone3");

		FUZZ_CHECK(clone_flags_parse(sel.flags_text, is3, &again, why, sizeof(why)) == 0);
		FUZZ_CHECK(again == sel.m.clone_flags);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	check_flags(text, false);
	check_flags(text, true);
	check_resolve(text);
	free(text);
	return 0;
}
