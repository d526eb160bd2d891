/* Parsers for everything a user types: sizes, counts, lists, CPU sets.
 * Each returns 0 or -EINVAL (malformed) / -ERANGE (out of range) and never exits; the caller
 * turns the error into the one-line usage message. */
#ifndef FB_PARSE_H
#define FB_PARSE_H
#include <sched.h>
#include <stddef.h>
#include <stdint.h>

/* "4096", "64K", "16M", "1G", "2T" (powers of 1024; a trailing "B"/"iB" is accepted:
 * "64KiB", "16MB"). Rejects empty, negative, hex, fractions, unknown suffixes, overflow.
 * Zero is accepted here; callers that need a positive size check it. */
int parse_size_bytes(const char *text, uint64_t *out_bytes);

/* Decimal unsigned integer in [min, max]; "10k"/"100k" style suffixes k=1000 accepted
 * when allow_k_suffix is nonzero (used for --fds, --vmas sweeps). */
int parse_u64(const char *text, uint64_t min, uint64_t max, int allow_k_suffix, uint64_t *out);

/* Positive decimal number (seconds, percent): "2", "0.5", "1e-1". Rejects <= 0, nan, inf. */
int parse_positive_double(const char *text, double *out);

/* "0", "0-3", "0,2,4-5" into a cpu_set_t. Rejects CPUs >= CPU_SETSIZE and empty sets. */
int parse_cpu_list(const char *text, cpu_set_t *out);

/* Splits a comma-separated list into at most max_items pointers into a copy held in buf
 * (buf_len bytes). Empty items are -EINVAL. Returns the item count or -errno. */
int parse_split_list(const char *text, char *buf, size_t buf_len, char **items, int max_items);

/* Formats bytes the way the parser reads them back: 65536 -> "64K", 1000 -> "1000". */
void parse_format_size(uint64_t bytes, char *out, size_t out_len);

#endif
