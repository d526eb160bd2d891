/* libFuzzer target: the command line. The input is an argv whose items are separated by NUL
 * bytes: argv[0] names a bench (its args_parse in bench/args.c, then methods_resolve and
 * args_exec_path as a plan would call them) or "compare" (compare_main's option parsing; the
 * run directories it may name are read, never written). Not covered: main's dispatch and the
 * benches' plan(), which probe methods by creating children (tests/cli.bats runs those). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "args.h"
#include "bench.h"
#include "fuzz.h"
#include "methods.h"

#define MAX_ARGS 64

int compare_main(int argc, char **argv); /* bench/compare_cli.c */

static const struct bench *const fuzz_benches[] = {
	&bench_latency, &bench_cow,	  &bench_footprint,
	&bench_sweep,	&bench_throughput, &bench_timeline, NULL,
};
#define N_BENCHES (sizeof(fuzz_benches) / sizeof(fuzz_benches[0]) - 1)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdio();
	return 0;
}

static void check_parsed(const struct bench_args *a)
{
	char why[2048], path[PATH_MAX];
	bool ours;
	int rc;

	FUZZ_CHECK(a->method_count >= 0 && a->method_count <= ARGS_MAX_METHODS);
	FUZZ_CHECK(a->samples <= 1000000 && a->repetitions >= 1 && a->repetitions <= 1000);
	FUZZ_CHECK(a->precision_pct > 0 && a->precision_pct <= 100);
	for (int i = 0; i < a->method_count; i++) {
		struct method_sel sel;

		FUZZ_CHECK(a->methods[i] && a->methods[i][0]);
		rc = methods_resolve(a->methods[i], &sel, why, sizeof(why));
		FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	}
	rc = args_exec_path(a, path, sizeof(path), &ours, why, sizeof(why));
	FUZZ_CHECK(rc <= 0);
	if (!rc)
		FUZZ_CHECK(path[0] == '/'); /* exec targets are run by absolute path */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1], *storage, why[2048];
	int argc = fuzz_argv(data, size, argv, MAX_ARGS, &storage);
	const struct bench *bench = fuzz_benches[0];
	struct bench_args a;
	int rc;

	if (!strcmp(argv[0], "compare")) {
		rc = compare_main(argc, argv);
		FUZZ_CHECK(rc >= 0 && rc <= 2);
		goto out;
	}
	for (size_t i = 0; i < N_BENCHES; i++)
		if (!strcmp(argv[0], fuzz_benches[i]->name))
			bench = fuzz_benches[i];
	why[0] = '\0';
	rc = args_parse(argc, argv, bench, fuzz_benches, &a, why, sizeof(why));
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc)
		FUZZ_CHECK(why[0]); /* a usage error always says what was wrong */
	else
		check_parsed(&a);
out:
	free(storage);
	return 0;
}
