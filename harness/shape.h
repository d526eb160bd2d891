/* Parent shaping (DESIGN §2): make the benchmarking process look like a real application
 * before its timed loop — resident memory, idle threads, open descriptors, many mappings —
 * so creation cost can be measured as a function of them. Nothing here is timed. */
#ifndef FB_SHAPE_H
#define FB_SHAPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values of shape_spec.thp. */
enum { SHAPE_THP_DEFAULT = 0, SHAPE_THP_NEVER = 1, SHAPE_THP_ALWAYS = 2 };

/* Values of shape_spec.rss_kind: what the --rss region is (DESIGN §2, --rss-kind). */
enum shape_rss_kind {
	SHAPE_RSS_ANON = 0, /* private anonymous: fork copies its page tables */
	SHAPE_RSS_SHMEM,    /* shared anonymous: the child refaults it lazily */
	SHAPE_RSS_FILE,     /* private mapping of an unlinked file, read into the page cache */
	SHAPE_RSS_HUGETLB,  /* private MAP_HUGETLB: needs reserved huge pages */
	SHAPE_RSS_KINDS
};
/* The names, as --rss-kind and the rss_kind key column spell them. */
extern const char *const shape_rss_kind_names[SHAPE_RSS_KINDS];
/* The kind named name, or -1. */
int shape_rss_kind_parse(const char *name);

struct shape_spec {
	uint64_t rss_bytes;   /* the region of rss_kind; 0 = none */
	bool touch;           /* fault in every page (true) or leave it untouched: anon, shmem and
			       * hugetlb by writing, file by reading (so it stays file-backed) */
	int rss_kind;         /* enum shape_rss_kind */
	const char *file_dir; /* where the file kind's unlinked file goes (the run directory's file
			       * system); NULL = "." */
	int thp;              /* 0 = leave alone, 1 = never (MADV_NOHUGEPAGE), 2 = always (MADV_HUGEPAGE, 2 MiB aligned) */
	uint64_t threads;     /* extra threads, blocked (not spinning) until shape_release */
	uint64_t fds;         /* extra open descriptors (dups of /dev/null, CLOEXEC so execs don't inherit them... see shape.c) */
	uint64_t vmas;        /* extra separate mappings (alternating protections so they never merge) */
};

struct shape_state; /* opaque */

/* Applies spec to the calling process. On failure undoes what it did and returns -errno with
 * a one-line reason in why (e.g. "--fds 100000: RLIMIT_NOFILE hard limit is 65536").
 * RLIMIT_NOFILE (and, for a user other than root, RLIMIT_NPROC) is raised as far as the hard
 * limit allows, and past it to what the spec needs where CAP_SYS_RESOURCE allows (up to
 * fs.nr_open for descriptors); shape_note says what was raised, shape_release restores it. */
int shape_apply(const struct shape_spec *spec, struct shape_state **out, char *why, size_t why_len);
/* What shaping changed beyond the spec, for the configuration's note (notes.csv): a resource
 * limit it raised ("RLIMIT_NOFILE raised from 20000 (hard 20000) to 100071 with
 * CAP_SYS_RESOURCE"). "" when nothing. Valid until shape_release. */
const char *shape_note(const struct shape_state *st);
/* Whether this process may raise a hard resource limit: CAP_SYS_RESOURCE in its effective set
 * (not uid 0, which may lack it). */
bool shape_may_raise_limits(void);
/* Releases all of it (joins the threads, unmaps, closes). */
void shape_release(struct shape_state *st);

/* What /proc says now, to verify shaping was real: VmRSS, thread count, open fds, mappings. */
struct shape_observed {
	uint64_t rss_bytes, threads, fds, vmas, anon_huge_bytes;
};
int shape_observe(struct shape_observed *out);

#endif
