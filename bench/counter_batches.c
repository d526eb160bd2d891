/* Counting in batches of their own, never around timed samples: an inherited perf event is
 * copied into every child at fork and folded back at exit, which made fork ~20% and vfork ~70%
 * slower on the reference VM. So every bench times first, then counts the same operation here,
 * per operation, parent and children apart (harness/counters.h). */
#include "clock.h"
#include "counters.h"
#include "counter_batches.h"

int bench_count_batches(const struct bench_args *a, struct emitter *e, const char *what,
			int ops_per_batch, int (*one_op)(void *arg), void *arg)
{
	struct counters *ctr = NULL;
	uint64_t deadline_ns;
	char why[512];
	int rc = counters_open(a->events, &ctr, why, sizeof(why));

	if (rc) {
		emit_error(e, "%s", why);
		return rc;
	}
	emit_note(e, "counters: %s%s", counters_mode(ctr), what);
	deadline_ns = clock_now_ns() + (uint64_t)(a->max_time_s * 1e9 / 4);
	for (int b = 0; !rc && b < COUNT_BATCHES; b++) {
		int done = 0;

		counters_start(ctr);
		while (done < ops_per_batch && !rc) {
			rc = one_op(arg);
			done += !rc;
		}
		counters_stop(ctr);
		counters_emit_per_op(ctr, (uint64_t)done, emit_sample_cb, e);
		if (clock_now_ns() >= deadline_ns)
			break;
	}
	counters_close(ctr);
	return rc;
}
