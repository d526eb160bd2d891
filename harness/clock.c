/* Calibrates the cost of reading the clock, so a reader can judge how much of a sub-microsecond
 * figure is the measurement itself (hyperfine records its own overhead the same way). */
#include <stdlib.h>

#include "clock.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

double clock_overhead_ns(void)
{
	enum { ROUNDS = 201, CALLS = 100 };
	uint64_t per_round_ns[ROUNDS];

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = clock_now_ns();

		for (int i = 0; i < CALLS; i++)
			(void)clock_now_ns();
		per_round_ns[r] = clock_now_ns() - t0;
	}
	qsort(per_round_ns, ROUNDS, sizeof(per_round_ns[0]), cmp_u64);
	return (double)per_round_ns[ROUNDS / 2] / CALLS;
}
