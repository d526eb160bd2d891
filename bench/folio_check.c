/* Checking the folios of --thp SIZE exist (folio_check.h). Below the PMD size AnonHugePages stays
 * 0 (FACTS.md), so the share is the per-size anon_fault_alloc delta times the size; at the PMD
 * size it is the region's AnonHugePages in /proc/self/smaps (the VMA advised MADV_HUGEPAGE, flag
 * `hg`). The counters are system-wide: a concurrent process faulting folios of the same size
 * would add to them, so the share is capped at 1; the note gives the raw deltas. */
#include <stdio.h>
#include <string.h>

#include "folio_check.h"
#include "parse.h"
#include "thp_sizes.h"

static void read_stats(uint32_t kb, struct folio_check *fc)
{
	fc->have_stats = !thp_size_stat(kb, "anon_fault_alloc", &fc->alloc) &&
			 !thp_size_stat(kb, "anon_fault_fallback", &fc->fallback);
}

void folio_check_begin(const struct bench_args *a, struct folio_check *fc)
{
	memset(fc, 0, sizeof(*fc));
	fc->kb = a->thp_size_kb;
	if (fc->kb)
		read_stats(fc->kb, fc);
}

/* AnonHugePages of the mappings advised MADV_HUGEPAGE (VmFlags `hg`): the --rss region. */
static int advised_anon_huge_bytes(uint64_t *bytes)
{
	FILE *fp = fopen("/proc/self/smaps", "re");
	char line[512];
	unsigned long long kb = 0;

	*bytes = 0;
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "AnonHugePages: %llu kB", &kb) == 1)
			continue;
		if (!strncmp(line, "VmFlags:", 8) && strstr(line, " hg"))
			*bytes += (uint64_t)kb << 10;
	}
	fclose(fp);
	return 0;
}

void folio_check_end(const struct bench_args *a, const struct folio_check *fc, struct emitter *e)
{
	struct folio_check after;
	uint64_t region = a->shape.rss_bytes, backed = 0, alloc = 0, fallback = 0, huge = 0;
	uint64_t folio = (uint64_t)fc->kb << 10;
	char name[16], region_text[32];
	bool pmd;
	double share;

	if (!fc->kb)
		return;
	thp_size_name(fc->kb, name, sizeof(name));
	if (!region || !a->shape.touch) {
		emit_note(e, "thp %s: %s: folio backing not checked", name,
			  region ? "--touch no (the region faults later, inside the creations)"
				 : "no --rss region");
		return;
	}
	parse_format_size(region, region_text, sizeof(region_text));
	read_stats(fc->kb, &after);
	if (fc->have_stats && after.have_stats) {
		alloc = after.alloc - fc->alloc;
		fallback = after.fallback - fc->fallback;
	}
	pmd = fc->kb == 2048; /* x86-64's PMD size: the only one AnonHugePages counts */
	if (pmd && !advised_anon_huge_bytes(&huge))
		backed = huge;
	else if (fc->have_stats && after.have_stats)
		backed = alloc * folio;
	else {
		emit_note(e, "thp %s: no stats/ counters for this size: folio backing not checked",
			  name);
		return;
	}
	share = region ? (double)backed / (double)region : 0;
	share = share > 1 ? 1 : share;
	emit_sample(e, "folio_backed_share", "ratio", share);
	if (pmd)
		emit_note(e, "thp %s: AnonHugePages %llu kB of the %s region (anon_fault_alloc +%llu, "
			     "anon_fault_fallback +%llu): %.0f%% backed as asked",
			  name, (unsigned long long)(huge >> 10), region_text,
			  (unsigned long long)alloc, (unsigned long long)fallback, share * 100);
	else
		emit_note(e, "thp %s: anon_fault_alloc +%llu folios, anon_fault_fallback +%llu over "
			     "the %s region: %.0f%% backed as asked",
			  name, (unsigned long long)alloc, (unsigned long long)fallback,
			  region_text, share * 100);
}
