/* The one clock every figure uses: CLOCK_MONOTONIC in nanoseconds (DESIGN §4).
 * Inline so a timed interval costs one vDSO call at each end and nothing else. */
#ifndef FB_CLOCK_H
#define FB_CLOCK_H
#include <stdint.h>
#include <time.h>

static inline uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Median cost of one clock_now_ns() call, measured (recorded in meta.json). */
double clock_overhead_ns(void);

#endif
