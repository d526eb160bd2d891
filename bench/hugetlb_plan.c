/* The coordinator's side of --rss-kind hugetlb (DESIGN §2): how many huge pages the planned
 * configurations need at once, and the hook where the run reserves them. Workers map and skip
 * (harness/shape_region.c); this only looks at the plan before the run starts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "hugetlb_plan.h"
#include "shape_region.h"
#include "sys_settings.h"

/* Free huge pages not promised to another mapping (HugePages_Free counts reserved ones too). */
static uint64_t hugepages_unclaimed(void)
{
	uint64_t free_pages = shape_meminfo_u64("HugePages_Free:");
	uint64_t reserved = shape_meminfo_u64("HugePages_Rsvd:");

	return free_pages > reserved ? free_pages - reserved : 0;
}

uint64_t hugetlb_plan_pages(const struct runner_plan *p, uint64_t huge_bytes)
{
	uint64_t most = 0;

	/* Configurations run one after another, each in its own worker: the largest one is what
	 * must be reserved. */
	for (size_t i = 0; huge_bytes && i < p->count; i++) {
		const struct config_key *k = &p->entries[i].key;
		uint64_t pages;

		if (strcmp(k->rss_kind, "hugetlb") || k->rss_bytes == KEY_NA)
			continue;
		pages = (k->rss_bytes + huge_bytes - 1) / huge_bytes;
		if (pages > most)
			most = pages;
	}
	return most;
}

/* Reserves the pages the plan needs beyond those free, where this user may write
 * nr_hugepages (root): through harness/sys_settings.c, so the value is put back after the run,
 * after SIGINT/SIGTERM/SIGHUP, or by the next run after a SIGKILL (DESIGN §9). The kernel may
 * reserve fewer than asked (fragmented memory): the workers of a configuration that does not
 * fit then skip it with the reason, and this says so beforehand. */
void hugetlb_plan_reserve(const struct runner_plan *p, bool quiet)
{
	static const char nr_path[] = "/proc/sys/vm/nr_hugepages";
	uint64_t huge_bytes = shape_meminfo_u64("Hugepagesize:") << 10;
	uint64_t need = hugetlb_plan_pages(p, huge_bytes), free_pages, total;
	char value[32], why[512];

	if (!need)
		return;
	free_pages = hugepages_unclaimed();
	total = shape_meminfo_u64("HugePages_Total:");
	/* Never more than half of what is available: a reservation takes its memory from everyone
	 * else for the whole run (a 1T region would otherwise try to take all of it). */
	if (free_pages < need && (need - free_pages) * (huge_bytes >> 10) >
					 shape_meminfo_u64("MemAvailable:") / 2) {
		if (!quiet)
			fprintf(stderr, "forkbench: --rss-kind hugetlb needs %" PRIu64 " huge pages of "
				"%" PRIu64 " KiB: more than half of MemAvailable, not reserved; those "
				"configurations will be skipped\n", need, huge_bytes >> 10);
		return;
	}
	if (free_pages < need && !sys_settings_probe(nr_path, why, sizeof(why))) {
		snprintf(value, sizeof(value), "%" PRIu64, total + need - free_pages);
		if (sys_settings_change(nr_path, value, why, sizeof(why)) && !quiet)
			fprintf(stderr, "forkbench: --rss-kind hugetlb: %s\n", why);
		else if (!quiet)
			fprintf(stderr, "forkbench: reserved huge pages for --rss-kind hugetlb: %s is %s "
				"for this run (restored after it)\n", nr_path, value);
		free_pages = hugepages_unclaimed();
	}
	if (free_pages < need && !quiet)
		fprintf(stderr,
			"forkbench: --rss-kind hugetlb needs %" PRIu64 " huge pages of %" PRIu64
			" KiB, %" PRIu64 " are free: those configurations will be skipped (%s)\n",
			need, huge_bytes >> 10, free_pages,
			geteuid() ? "as root forkbench reserves them for the run"
				  : "the kernel reserved fewer than asked");
}
