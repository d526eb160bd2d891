/* --rss-kind hugetlb in the coordinator: the huge pages a plan needs, and their reservation for
 * the run (hugetlb_plan.c). */
#ifndef FB_HUGETLB_PLAN_H
#define FB_HUGETLB_PLAN_H
#include <stdbool.h>
#include <stdint.h>

#include "runner.h"

/* The huge pages of huge_bytes the largest planned hugetlb configuration maps; 0: none. */
uint64_t hugetlb_plan_pages(const struct runner_plan *p, uint64_t huge_bytes);
/* Called once before the run starts: reserves the missing pages where it may (root, through
 * harness/sys_settings.c: restored after the run), and says on stderr (unless quiet) when fewer
 * are free than needed. */
void hugetlb_plan_reserve(const struct runner_plan *p, bool quiet);

#endif
