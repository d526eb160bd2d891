/* How long a run is expected to take, and when it will end (issue 19: make bench FULL=1 says its
 * duration up front and keeps an ETA). An estimate from the plan, stated as one: each
 * configuration's repetitions at their --max-time plus the shaping it needs, then corrected by
 * the ratio of the time taken to the time expected for what is done. */
#ifndef FB_RUN_ETA_H
#define FB_RUN_ETA_H
#include <stddef.h>
#include <stdint.h>

#include "results.h"

/* Seconds one repetition of a configuration is expected to take: max_time_s of sampling, the
 * worker's start, and shaping (touching a GiB of RSS took about 2.7 s per GiB with the counter
 * batches, on a 2-vCPU VM under load). */
double run_eta_repetition_s(const struct config_key *key, double max_time_s);

/* "24 min" / "50 s" */
void run_eta_format(double seconds, char *out, size_t len);

#endif
