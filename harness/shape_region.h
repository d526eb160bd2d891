/* The parent's --rss region when it is not private anonymous memory (DESIGN §2, --rss-kind):
 * shared anonymous, a private file mapping, or hugetlb. shape.c maps anon itself and calls this
 * for the other kinds; the region is released with munmap(addr, mapped_bytes) like anon's. */
#ifndef FB_SHAPE_REGION_H
#define FB_SHAPE_REGION_H
#include <stddef.h>
#include <stdint.h>

#include "shape.h"

/* "Key:   123" of /proc/meminfo (KEY with its colon), or 0 when absent: the huge page size and
 * counts the hugetlb kind needs, in the worker and in the coordinator's plan. */
uint64_t shape_meminfo_u64(const char *key);

/* Maps len bytes (a multiple of the page size) of spec->rss_kind and faults them in when
 * spec->touch. size_text is --rss as the user typed it, for messages. *mapped_bytes may exceed
 * len (hugetlb rounds up to whole huge pages). 0, or -errno with a one-line reason naming the
 * call, its flags and the errno. */
int shape_region_map(const struct shape_spec *spec, size_t len, const char *size_text,
		     char **addr, size_t *mapped_bytes, char *why, size_t why_len);

#endif
