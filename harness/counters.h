/* Perf counters around a measured batch (DESIGN §6): libpfm4 resolves the names, perf_event_open
 * counts them twice, for the whole process tree (inherit=1) and for the calling thread alone, and
 * results come out per operation. Where nothing can be counted it falls back to getrusage fault
 * counts. It does not sample, group, or count other processes or CPUs. */
#ifndef FB_COUNTERS_H
#define FB_COUNTERS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct counters; /* opaque */

/* The set used when -e is not given; "none" disables perf counters (getrusage fallback only). */
#define COUNTERS_DEFAULT_EVENTS \
	"task-clock,page-faults,minor-faults,major-faults,context-switches,cpu-migrations," \
	"cycles,instructions"

/* events: NULL or "" = COUNTERS_DEFAULT_EVENTS, "none" = no perf counters, else a comma-separated
 * list of libpfm4 names (":u"/":k" modifiers keep their meaning). Returns 0, or -EINVAL with `why`
 * naming the event for a name libpfm4 does not know (a usage error), or -errno. Events libpfm4
 * knows but the kernel will not open are not errors: they are kept with their reason. */
int counters_open(const char *events, struct counters **out, char *why, size_t why_len);

/* Reset, snapshot and enable every counter (both sets). No allocation, no output. */
void counters_start(struct counters *c);
/* Disable and read the batch's deltas. No allocation, no output. */
void counters_stop(struct counters *c);

/* After stop: per opened event and per operation (scaled when multiplexed), emits "<event>" (tree:
 * the calling thread and every task it created, processes and threads), "<event>.parent" (the
 * calling thread alone) and "<event>.children" (tree minus parent); unit "count/op", or "ns/op"
 * for task-clock and cpu-clock. When no event opened: "minor-faults.rusage.children" and
 * "major-faults.rusage.children" (getrusage RUSAGE_CHILDREN: child processes reaped in the
 * batch, never threads) and "minor-faults.rusage.self", "major-faults.rusage.self"
 * (RUSAGE_SELF: every thread of this process, so thread children land here). ops == 0 emits
 * nothing. */
void counters_emit_per_op(struct counters *c, uint64_t ops,
			  void (*emit)(void *arg, const char *metric, const char *unit, double v),
			  void *arg);

/* {"mode", "mode_reason", "events": [{"name", "opened", "reason", "type", "config",
 * "min_running_ratio"}], "fallback"} for meta.json; malloc'd, caller frees; NULL on ENOMEM. */
char *counters_describe_json(const struct counters *c);

/* One line per event that could not be opened, and one for user-only mode; call once per run. */
void counters_print_notes(const struct counters *c, FILE *fp);

void counters_close(struct counters *c);

/* `forkbench info --events`: the default events, whether each opens here and why not, the mode;
 * with list_all, every event of every PMU libpfm4 detects here ("pmu::name"). */
void counters_print_info(FILE *fp, int list_all);

/* "user+kernel", "user-only" or "none" (nothing opened: getrusage fallback). */
const char *counters_mode(const struct counters *c);

/* 1 if the event named exactly as given to counters_open is counted, 0 if it is not (*reason, when
 * reason is not NULL, says why), -ENOENT if it is not in the set. */
int counters_event_status(const struct counters *c, const char *name, const char **reason);

#endif
