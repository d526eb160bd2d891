/* Per-size THP controls for anonymous memory (mTHP, `--thp SIZE`: DESIGN §2, §9): naming a folio
 * size, finding its sysfs files, setting one size to `madvise` and every other to `never` through
 * sys_settings (saved, restored), and reading its fault counters. Not here: the madvise of the
 * region (harness/shape.c) and checking what the region got (bench/folio_check.c). */
#ifndef FB_THP_SIZES_H
#define FB_THP_SIZES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define THP_SIZES_DIR "/sys/kernel/mm/transparent_hugepage"
#define THP_SIZES_MAX 16

/* "16K", "64k", "2M", "16384" (bytes) -> size in KiB: a power of two of at least 8 KiB (a folio
 * bigger than a page) and at most 1 GiB. 0 or -EINVAL. */
int thp_size_parse(const char *text, uint32_t *kb);
/* 16 -> "16K", 2048 -> "2M": the key column's spelling (fits in config_key.thp). */
void thp_size_name(uint32_t kb, char *out, size_t len);
/* THP_SIZES_DIR/hugepages-<kb>kB/<file>, e.g. file "enabled" or "stats/anon_fault_alloc". */
void thp_size_path(uint32_t kb, const char *file, char *out, size_t len);
/* The sizes whose anonymous-memory control (`enabled`) exists here, ascending; their count
 * (0 on a kernel without mTHP). */
int thp_sizes_list(uint32_t *kb, int max);
/* Whether KB's `enabled` exists and this process may write it: 0, or -ENOENT / -EACCES with a
 * line naming the file and the fix. */
int thp_size_probe(uint32_t kb, char *why, size_t why_len);
/* Sets KB's control to `madvise` and every other size's to `never` (sys_settings_change: saved
 * first, restored by sys_settings_restore_all). 0 or -errno with why. */
int thp_sizes_apply(uint32_t kb, char *why, size_t why_len);
/* Puts the per-size controls back as they were before the first thp_sizes_apply (for a
 * configuration that asks for no size), keeping the run's other changed settings. */
int thp_sizes_release(char *why, size_t why_len);
/* What a configuration keyed THP (config_key.thp) needs: a folio size ("64K") applied, anything
 * else (never, always, empty) the controls as they were. For runner_opts.prepare. */
int thp_sizes_for_key(const char *thp, char *why, size_t why_len);
/* A per-size counter, e.g. "anon_fault_alloc". 0 or -errno (no such counter here). */
int thp_size_stat(uint32_t kb, const char *name, uint64_t *value);
/* For `forkbench info`: each size's control and its fault counters (the global settings are
 * sysinfo's). */
void thp_sizes_print(FILE *fp);

#endif
