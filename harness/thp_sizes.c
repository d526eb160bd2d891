/* Per-size THP controls (thp_sizes.h). The sizes are read from sysfs, never assumed: which exist
 * depends on the architecture and the kernel (here 8 KiB has only shmem_enabled, no `enabled`). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "sys_settings.h"
#include "thp_sizes.h"

int thp_size_parse(const char *text, uint32_t *kb)
{
	uint64_t bytes;

	if (parse_size_bytes(text, &bytes) || bytes < 8192 || bytes > (1ull << 30) ||
	    (bytes & (bytes - 1)))
		return -EINVAL;
	*kb = (uint32_t)(bytes >> 10);
	return 0;
}

void thp_size_name(uint32_t kb, char *out, size_t len)
{
	parse_format_size((uint64_t)kb << 10, out, len);
}

void thp_size_path(uint32_t kb, const char *file, char *out, size_t len)
{
	snprintf(out, len, THP_SIZES_DIR "/hugepages-%" PRIu32 "kB/%s", kb, file);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int thp_sizes_list(uint32_t *kb, int max)
{
	DIR *d = opendir(THP_SIZES_DIR);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[512], value[64];
		unsigned long v;
		char tail;

		if (sscanf(e->d_name, "hugepages-%lukB%c", &v, &tail) != 1)
			continue;
		thp_size_path((uint32_t)v, "enabled", path, sizeof(path));
		if (sys_settings_read(path, value, sizeof(value)) == 0)
			kb[n++] = (uint32_t)v;
	}
	closedir(d);
	qsort(kb, (size_t)n, sizeof(*kb), cmp_u32);
	return n;
}

int thp_size_probe(uint32_t kb, char *why, size_t why_len)
{
	char path[512], name[32];
	int rc;

	thp_size_path(kb, "enabled", path, sizeof(path));
	rc = sys_settings_probe(path, why, why_len);
	thp_size_name(kb, name, sizeof(name));
	if (rc == -ENOENT)
		snprintf(why, why_len,
			 "--thp %s: %s does not exist: this kernel has no anonymous-memory control "
			 "for %s folios (see forkbench info for the sizes it has)",
			 name, path, name);
	else if (rc)
		snprintf(why, why_len,
			 "--thp %s: %s is not writable by uid %ld: setting a folio size needs root "
			 "(run as root, or use --thp never|always)",
			 name, path, (long)getuid());
	return rc;
}

int thp_sizes_apply(uint32_t kb, char *why, size_t why_len)
{
	uint32_t sizes[THP_SIZES_MAX];
	int n = thp_sizes_list(sizes, THP_SIZES_MAX), rc = 0;

	/* The others first: at no moment do two sizes compete for the region's faults. */
	for (int i = 0; !rc && i < n; i++) {
		char path[512];

		if (sizes[i] == kb)
			continue;
		thp_size_path(sizes[i], "enabled", path, sizeof(path));
		rc = sys_settings_change(path, "never", why, why_len);
	}
	if (!rc) {
		char path[512];

		thp_size_path(kb, "enabled", path, sizeof(path));
		rc = sys_settings_change(path, "madvise", why, why_len);
	}
	return rc;
}

int thp_sizes_release(char *why, size_t why_len)
{
	return sys_settings_restore_prefix(THP_SIZES_DIR "/hugepages-", why, why_len);
}

int thp_size_stat(uint32_t kb, const char *name, uint64_t *value)
{
	char file[128], path[512], text[64];
	int rc;

	snprintf(file, sizeof(file), "stats/%s", name);
	thp_size_path(kb, file, path, sizeof(path));
	rc = sys_settings_read(path, text, sizeof(text));
	if (rc)
		return rc;
	return parse_u64(text, 0, UINT64_MAX, 0, value) ? -EINVAL : 0;
}

int thp_sizes_for_key(const char *thp, char *why, size_t why_len)
{
	uint32_t kb;

	if (thp_size_parse(thp, &kb))
		return thp_sizes_release(why, why_len);
	return thp_sizes_apply(kb, why, why_len);
}

void thp_sizes_print(FILE *fp)
{
	uint32_t sizes[THP_SIZES_MAX];
	int n = thp_sizes_list(sizes, THP_SIZES_MAX);

	if (!n)
		fprintf(fp, "  %-32s %s\n", "per-size controls:", "none (kernel without mTHP)");
	for (int i = 0; i < n; i++) {
		char path[512], value[64], label[64], name[32];
		uint64_t alloc, fallback;

		thp_size_path(sizes[i], "enabled", path, sizeof(path));
		if (sys_settings_read(path, value, sizeof(value)))
			snprintf(value, sizeof(value), "unknown");
		thp_size_name(sizes[i], name, sizeof(name));
		snprintf(label, sizeof(label), "%s enabled:", name);
		fprintf(fp, "  %-32s %s", label, value);
		if (!thp_size_stat(sizes[i], "anon_fault_alloc", &alloc) &&
		    !thp_size_stat(sizes[i], "anon_fault_fallback", &fallback))
			fprintf(fp, " (anon_fault_alloc %" PRIu64 ", anon_fault_fallback %" PRIu64 ")",
				alloc, fallback);
		fputc('\n', fp);
	}
}
