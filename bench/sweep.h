/* sweep's derived file: a least-squares line per method and parameter over the sweep's points
 * (DESIGN §4), written as fits.csv beside summary.csv. Exposed for tests/sweep_test.c. */
#ifndef FB_SWEEP_H
#define FB_SWEEP_H
#include <stddef.h>

#include "results.h"

/* fits.csv, a file of the run's set (results_write_all_derived): from every "sweep"
 * configuration in r, per group of points that differ only in the swept value, and per latency
 * metric, the fit of the point medians against the value (MiB for rss, KiB for env, a count
 * otherwise): a `line` row (least squares over all points), then a `segment` row per pair of
 * consecutive points by x with its marginal slope (DESIGN §7). Groups with fewer than 3
 * distinct values get no row; a run without a row has no fits.csv. */
extern const struct results_file sweep_fits_file;

/* One point of a group: x in the fit's unit, the median and its interval at y_level (NAN
 * bounds and level: no interval, e.g. a single sample). */
struct sweep_point {
	double x, y, y_low, y_high, y_level;
};
/* The marginal slope between two points (b->x > a->x): (yb - ya) / (xb - xa), its interval the
 * slopes the two points' intervals allow, (yb_low - ya_high) .. (yb_high - ya_low) over the
 * distance, at level ya_level * yb_level (a lower bound: both intervals hold, independent
 * processes); NAN bounds and level where a point has no interval. 0, or -EINVAL when b is not
 * right of a. */
struct sweep_segment {
	double slope, low, high, level;
};
int sweep_segment(const struct sweep_point *a, const struct sweep_point *b,
		  struct sweep_segment *out);

/* Writes dir/fits.csv alone (atomically), or nothing when there is no fit. 0, or -errno with
 * why filled. */
int sweep_write_fits(const char *dir, const struct run_results *r, char *why, size_t why_len);

#endif
