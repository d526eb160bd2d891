/* Kernel tracepoints read through perf_event_open: event ids and field offsets from tracefs
 * (looked up in a helper process inside a private mount namespace, so nothing global is mounted),
 * and one ring buffer per CPU that follows this process and its children (inherit). No
 * interpretation of the events: that is the caller's (bench/timeline.c). */
#ifndef FB_TRACEPOINTS_H
#define FB_TRACEPOINTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TP_MAX_FIELDS 2
#define TP_MAX_EVENTS 24
#define TP_SWITCH_IN (-1) /* tp_record.type of a switch-in: tid is the task switched in */

/* What to look up: events/<system>/<name>, and the named fields' offsets in its raw record. */
struct tp_spec {
	const char *system;
	const char *name;
	const char *fields[TP_MAX_FIELDS]; /* NULL-padded */
	bool optional;                      /* missing: id = -1 instead of an error */
};

struct tp_event {
	int id;                             /* tracepoint id (= common_type in the raw record), -1 */
	int offset[TP_MAX_FIELDS];          /* byte offset of each field in the raw record */
	int size[TP_MAX_FIELDS];            /* its size in bytes (1, 2, 4 or 8) */
};

/* Fills out[i] for specs[i]. Uses a mounted tracefs if there is one, else mounts a private one
 * in a forked helper that first unshares its mount namespace. 0, or -errno with why (not root,
 * no tracefs, an event this kernel lacks). */
int tp_lookup(const struct tp_spec *specs, size_t n, struct tp_event *out, char *why,
	      size_t why_len);

/* One decoded record. raw points into the session's buffer until the next tp_session_read. */
struct tp_record {
	int type;                /* tracepoint id, or TP_SWITCH_IN */
	uint32_t pid, tid;
	int cpu;
	uint64_t time_ns;        /* CLOCK_MONOTONIC, the clock of clock_now_ns() */
	const unsigned char *raw;
	uint32_t raw_bytes;
};

/* An integer field of a raw record (0 when the record is too short). */
uint64_t tp_field(const struct tp_record *r, const struct tp_event *ev, int field);

struct tp_session;
/* Where events are counted. TASK: this process and its future children (pid 0, inherit), with
 * a TP_SWITCH_IN record for each of their switches in; every event is then copied into each
 * child inside fork (measured here: ~10 us per event per child, inside the copy phase). CPU:
 * every task on each CPU (pid -1, needs root or CAP_PERFMON), nothing inherited, a TP_SWITCH_IN
 * for every switch on the CPU; the caller picks its tasks out by pid. Use TP_SWITCH_IN, not
 * sched_switch, to see a task go on a CPU: perf drops the sched_switch sample of ~20% of the
 * switches from an idle CPU to a new child here (6.18), and none of the switch records. */
enum tp_scope { TP_SCOPE_TASK, TP_SCOPE_CPU };

/* Opens every event with id >= 0 on every online CPU, sampling each hit, sharing one ring
 * buffer of buffer_pages pages (a power of two) per CPU. 0, or -errno with why naming the
 * call. */
int tp_session_open(const struct tp_event *events, size_t n, size_t buffer_pages,
		    enum tp_scope scope, struct tp_session **out, char *why, size_t why_len);
/* Drains every CPU's buffer: all records, sorted by time, in *records (valid until the next
 * read or close); *lost += records the kernel dropped. 0 or -ENOMEM. */
int tp_session_read(struct tp_session *s, const struct tp_record **records, size_t *count,
		    uint64_t *lost);
void tp_session_close(struct tp_session *s);

#endif
