/* The coordinator's side of --rss-kind hugetlb (DESIGN §2): how many huge pages the planned
 * configurations need at once, and the hook where the run reserves them. Workers map and skip
 * (harness/shape_region.c); this only looks at the plan before the run starts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hugetlb_plan.h"

static uint64_t meminfo_kb(const char *key)
{
	char line[256];
	size_t key_len = strlen(key);
	uint64_t v = 0;
	FILE *fp = fopen("/proc/meminfo", "re");

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, key, key_len)) {
			v = strtoull(line + key_len, NULL, 10);
			break;
		}
	fclose(fp);
	return v;
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

void hugetlb_plan_reserve(const struct runner_plan *p, bool quiet)
{
	uint64_t huge_bytes = meminfo_kb("Hugepagesize:") << 10;
	uint64_t need = hugetlb_plan_pages(p, huge_bytes), free_pages;

	if (!need)
		return;
	/* INTEGRATION HOOK (issue 18): reserve `need` pages here through the saved-settings module
	 * (harness/sys_settings: write /proc/sys/vm/nr_hugepages, restored after the run, after a
	 * signal, or by the next run after a SIGKILL). Until then the run uses what the system has
	 * reserved and says beforehand when that is too little; each worker skips its
	 * configuration with the reason. */
	free_pages = meminfo_kb("HugePages_Free:");
	if (free_pages < need && !quiet)
		fprintf(stderr,
			"forkbench: --rss-kind hugetlb needs %" PRIu64 " huge pages of %" PRIu64
			" KiB, %" PRIu64 " are free: those configurations will be skipped (as root: "
			"sysctl vm.nr_hugepages=%" PRIu64 ", and restore it after)\n",
			need, huge_bytes >> 10, free_pages, need);
}
