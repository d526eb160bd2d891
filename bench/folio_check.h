/* What the parent's --rss region really got under --thp SIZE (DESIGN §4): the per-size fault
 * counters around the shaping, and the region's AnonHugePages, as the metric folio_backed_share
 * and a note. The configuration keeps its requested key whatever it got. */
#ifndef FB_FOLIO_CHECK_H
#define FB_FOLIO_CHECK_H
#include <stdbool.h>
#include <stdint.h>

#include "args.h"
#include "runner.h"

struct folio_check {
	uint32_t kb;            /* the folio size asked; 0: nothing to check */
	bool have_stats;        /* the size's stats/ counters were read before */
	uint64_t alloc, fallback;
};

/* Before shaping: reads the size's counters (anon_fault_alloc, anon_fault_fallback). */
void folio_check_begin(const struct bench_args *a, struct folio_check *fc);
/* After shaping (the region touched): emits folio_backed_share (0..1, unit ratio) and a note. */
void folio_check_end(const struct bench_args *a, const struct folio_check *fc, struct emitter *e);

#endif
