/* What machine and kernel a result came from (DESIGN §7 meta.json, `forkbench info`).
 * Reads /proc, /sys, uname, confstr; every field it cannot read is recorded as unknown with
 * no error: a missing file never stops a run. */
#ifndef FB_SYSINFO_H
#define FB_SYSINFO_H
#include <stdbool.h>
#include <stdio.h>

struct sysinfo_run {
	const char *run_id;
	const char *command_line;  /* the argv joined, shell-quoted */
	const char *started_utc;   /* ISO 8601 */
	const char *finished_utc;  /* NULL while running */
	const char *counters_json; /* JSON object from the counters module, or NULL */
	const char *files_json;    /* JSON object on the run's files and their writing (runner), or NULL */
	const char *full_sweeps_json; /* the items of full_sweeps (sweep --full's probes), or NULL */
};

/* run-id = <host>-<kernel-release>-<UTC yyyymmddThhmmssZ>, characters outside
 * [A-Za-z0-9._-] replaced by '_'. */
void sysinfo_run_id(char *out, size_t len);
/* Current UTC time as 2026-11-29T01:02:03Z. */
void sysinfo_utc_now(char *out, size_t len);

/* Writes the meta.json object (schema_version first) for this machine and run to fp. */
int sysinfo_write_json(FILE *fp, const struct sysinfo_run *run, int indent);
/* Builds the same into a malloc'd string (caller frees). NULL on ENOMEM. */
char *sysinfo_json_string(const struct sysinfo_run *run);
/* Human-readable `forkbench info`. */
void sysinfo_print(FILE *fp);

/* Single facts other modules need. */
bool sysinfo_is_root(void);
long sysinfo_available_memory_bytes(void); /* MemAvailable, -1 if unknown */
int sysinfo_thp_enabled(char *out, size_t len); /* "always"/"madvise"/"never" or -ENOENT */
int sysinfo_read_file(const char *path, char *out, size_t len); /* first line, trimmed */

#define FORKBENCH_SCHEMA_VERSION 1

#endif
