/* cow's sample record and its adaptive stop (bench/cow.c), exposed so tests/cow_test.c can
 * hold the stop to the figures it must watch. */
#ifndef FB_COW_H
#define FB_COW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One pass over the region: its time and the faults it took. */
struct pass {
	uint64_t ns;
	uint64_t faults; /* minor + major, from getrusage around the loop alone */
};

/* One fork of the whole region; the per-page figures are these divided by the pages. */
struct cow_sample {
	double call_ns;
	struct pass touch, read, cow, priv;
	long long huge_before_bytes, huge_after_bytes; /* the writer's, THP only; < 0 unknown */
};

/* Whether samples s[0..n) of a region of `pages` pages are precise enough to stop: the 95% CI
 * of the median within precision_pct of the median for the COW write and the first touch, and
 * for the headline cow_fault_ns_per_page within precision_pct of the larger of its median and
 * the private write's (it is about 0 where nothing is copied). scratch has room for n values. */
bool cow_converged(const struct cow_sample *s, size_t n, double pages, double precision_pct,
		   double *scratch);

#endif
