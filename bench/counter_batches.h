/* Perf counters for any bench, in batches of their own after its timed work (DESIGN §6). */
#ifndef FB_COUNTER_BATCHES_H
#define FB_COUNTER_BATCHES_H
#include "args.h"
#include "runner.h"

#define COUNT_BATCHES 8 /* counter batches per configuration, time permitting */

/* Opens the counters of -e, runs up to COUNT_BATCHES batches of ops_per_batch calls of
 * one_op(arg) (one operation each: 0 or -errno, which stops counting and is returned), and
 * emits every event per operation after each batch. Stops early after a quarter of --max-time.
 * A note "counters: <mode><what>" says how they were counted. */
int bench_count_batches(const struct bench_args *a, struct emitter *e, const char *what,
			int ops_per_batch, int (*one_op)(void *arg), void *arg);

#endif
