/* Check 0.15 has no skip API, so a Check test that cannot run here says so with TEST_SKIP
 * (DESIGN §10): it prints a marker line naming the test and the reason, and returns.
 * scripts/tap-run.sh turns the marker into "ok N - ... # SKIP reason" on that test's TAP line,
 * so prove counts a skip, not a pass. The marker names the test because Check's runner may
 * print the TAP lines of earlier tests after it (its stdout is buffered, the test's is not). */
#ifndef FORKBENCH_TAP_SKIP_H
#define FORKBENCH_TAP_SKIP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TAP_SKIP_MARKER "#forkbench-skip "

/* test: the Check test's name ("thp_always"), or its function's __func__ ("thp_always_fn"). */
__attribute__((format(printf, 2, 3))) static inline void tap_skip(const char *test,
								     const char *fmt, ...)
{
	size_t len = strlen(test);
	va_list ap;

	if (len > 3 && !strcmp(test + len - 3, "_fn"))
		len -= 3;
	printf(TAP_SKIP_MARKER "%.*s ", (int)len, test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Inside START_TEST only: marks this test skipped with the reason, and leaves it. */
#define TEST_SKIP(...)                            \
	do {                                      \
		tap_skip(__func__, __VA_ARGS__);  \
		return;                           \
	} while (0)

#endif
