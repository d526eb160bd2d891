/* --raise-limits: a table of the global limits each sweep may raise, and the one function that
 * raises one through sys_settings, which saves the old value and puts it back after the run (or
 * the next run does, after a SIGKILL: DESIGN §9). Only raising: a limit already high enough is
 * not touched, and so has nothing to restore. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "raise_limits.h"
#include "sys_settings.h"

/* Enough for --full's largest points: 200k mappings, or 100k threads (a stack and a guard page
 * each, and a pid each). nr_hugepages is issue 18's (--thp), not a sweep's. */
static const struct raise_row {
	const char *param, *path;
	uint64_t at_least;
} raise_rows[] = {
	{ "vmas", "/proc/sys/vm/max_map_count", 524288 },
	{ "threads", "/proc/sys/vm/max_map_count", 524288 },
	{ "threads", "/proc/sys/kernel/pid_max", 131072 },
};

int raise_limit_setting(const char *path, uint64_t at_least, char *why, size_t why_len)
{
	char now[64], want[32];
	int rc = sys_settings_read(path, now, sizeof(now));

	if (rc) {
		snprintf(why, why_len, "--raise-limits: cannot read %s: %s", path, strerror(-rc));
		return rc;
	}
	if (strtoull(now, NULL, 10) >= at_least)
		return 0;
	snprintf(want, sizeof(want), "%" PRIu64, at_least);
	return sys_settings_change(path, want, why, why_len);
}

int sweep_raise_limits(const char *param, char *why, size_t why_len)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof(raise_rows) / sizeof(raise_rows[0]); i++) {
		if (strcmp(raise_rows[i].param, param))
			continue;
		if (geteuid()) {
			snprintf(why, why_len, "--raise-limits: only root may change %s (run as "
				 "root, or leave the option out)", raise_rows[i].path);
			return -EACCES;
		}
		rc = raise_limit_setting(raise_rows[i].path, raise_rows[i].at_least, why, why_len);
	}
	return rc;
}
