/* sweep's derived file: a least-squares line per method and parameter over the sweep's points
 * (DESIGN §4), written as fits.csv beside summary.csv. Exposed for tests/sweep_test.c. */
#ifndef FB_SWEEP_H
#define FB_SWEEP_H
#include <stddef.h>

#include "results.h"

/* fits.csv, a file of the run's set (results_write_all_derived): from every "sweep"
 * configuration in r, per group of points that differ only in the swept value, and per latency
 * metric, the fit of the point medians against the value (MiB for rss, KiB for env, a count
 * otherwise). Groups with fewer than 3 distinct values get no row; a run without a row has no
 * fits.csv. */
extern const struct results_file sweep_fits_file;

/* Writes dir/fits.csv alone (atomically), or nothing when there is no fit. 0, or -errno with
 * why filled. */
int sweep_write_fits(const char *dir, const struct run_results *r, char *why, size_t why_len);

#endif
