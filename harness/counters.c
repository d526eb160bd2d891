/* Perf counters for a measured batch: libpfm4 turns names into perf_event_attr, perf_event_open
 * counts each event twice (tree: inherit=1; parent: inherit=0) on the calling thread, and the
 * batch's deltas come out per operation. Falls back to getrusage fault counts when no event opens.
 * Left out: sampling, event groups (inherit and PERF_FORMAT_GROUP do not mix on older kernels),
 * per-CPU or other-process counting. */
#include "counters.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pfm_dl.h"

/*
 * What the kernel does with inherited counters (checked on 6.18, and what perf_event.c says):
 * - A child created while the counter exists gets its own copy; reading the parent's fd sums the
 *   parent, every live child's copy, and what exited children folded in. The fold happens in the
 *   child's do_exit(), before it becomes a zombie, so a child is fully counted once it has exited,
 *   reaped or not (getrusage RUSAGE_CHILDREN, in contrast, only sees reaped children).
 * - ENABLE/DISABLE/RESET on the parent's fd reach the live children's copies too, but RESET does
 *   not clear what exited children folded in. So a batch is measured as the difference of two
 *   reads, never as "reset, then read".
 */

enum counters_mode_id { MODE_NONE, MODE_USER_KERNEL, MODE_USER_ONLY };

static const char *const mode_names[] = {
	[MODE_NONE] = "none",
	[MODE_USER_KERNEL] = "user+kernel",
	[MODE_USER_ONLY] = "user-only",
};

/* One read() of a counter opened with TOTAL_TIME_ENABLED|RUNNING and no group. */
struct counters_reading {
	uint64_t value;
	uint64_t enabled_ns;
	uint64_t running_ns;
};

struct counters_event {
	char *name;                  /* as the user wrote it */
	struct perf_event_attr attr; /* the tree set's attributes */
	int fd_tree, fd_parent;
	bool opened;
	char reason[160];            /* why not opened */
	struct counters_reading base_tree, base_parent;
	double tree_scaled, parent_scaled; /* last batch; valid when batch_ok */
	bool batch_ok;
	double min_running_ratio;    /* worst running/enabled seen; > 1 = no batch yet */
};

struct counters {
	struct counters_event *ev;
	size_t n_ev, n_opened;
	enum counters_mode_id mode;
	char mode_reason[192];
	bool fallback; /* no event opened: getrusage */
	struct rusage ru_self0, ru_children0;
	long d_minflt_self, d_majflt_self, d_minflt_children, d_majflt_children;
	bool rusage_ok;
};

static void __attribute__((format(printf, 3, 4))) set_why(char *why, size_t why_len,
							   const char *fmt, ...)
{
	va_list ap;

	if (!why || !why_len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
}

static int read_paranoid(void)
{
	FILE *fp = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	int level = 99;

	if (!fp)
		return level;
	if (fscanf(fp, "%d", &level) != 1)
		level = 99;
	fclose(fp);
	return level;
}

static const char *errno_name(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "unknown errno";
}

/* Turns a perf_event_open errno into the reason the user reads. */
static void open_reason(const struct perf_event_attr *attr, int err, char *buf, size_t len)
{
	bool hw = attr->type != PERF_TYPE_SOFTWARE && attr->type != PERF_TYPE_TRACEPOINT;

	if (hw && (err == ENOENT || err == ENODEV || err == EOPNOTSUPP))
		snprintf(buf, len, "no hardware PMU (%s)", errno_name(err));
	else if (err == EACCES || err == EPERM)
		snprintf(buf, len,
			 "not permitted: perf_event_paranoid=%d and not root/CAP_PERFMON (%s)",
			 read_paranoid(), errno_name(err));
	else
		snprintf(buf, len, "%s (%s)", strerror(err), errno_name(err));
}

static int perf_open(struct perf_event_attr *attr)
{
	int fd = perf_event_open(attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Whether kernel mode may be counted, decided once with a software event so that a missing PMU
 * cannot be mistaken for a missing privilege. Returns 0 or -errno of the user-only attempt. */
static int choose_mode(struct counters *c)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.disabled = 1;
	attr.inherit = 1;
	attr.exclude_hv = 1;
	fd = perf_open(&attr);
	if (fd >= 0) {
		close(fd);
		c->mode = MODE_USER_KERNEL;
		snprintf(c->mode_reason, sizeof(c->mode_reason), "%s",
			 geteuid() == 0		? "root" :
			 read_paranoid() <= 1	? "perf_event_paranoid <= 1" :
						  "CAP_PERFMON");
		return 0;
	}
	c->mode = MODE_USER_ONLY;
	if (fd == -EACCES || fd == -EPERM)
		snprintf(c->mode_reason, sizeof(c->mode_reason),
			 "perf_event_paranoid=%d and not root/CAP_PERFMON", read_paranoid());
	else
		snprintf(c->mode_reason, sizeof(c->mode_reason), "perf_event_open: %s (%s)",
			 strerror(-fd), errno_name(-fd));
	attr.exclude_kernel = 1;
	fd = perf_open(&attr);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Resolves ev->name into ev->attr; -EINVAL with `why` for a name libpfm4 rejects. */
static int encode_event(const struct pfm_api *pfm, struct counters_event *ev, int plm, char *why,
			size_t why_len)
{
	pfm_perf_encode_arg_t arg;
	int ret;

	memset(&ev->attr, 0, sizeof(ev->attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &ev->attr;
	arg.size = sizeof(arg);
	ret = pfm->get_os_event_encoding(ev->name, plm, PFM_OS_PERF_EVENT, &arg);
	if (ret == PFM_ERR_NOTFOUND) {
		set_why(why, why_len,
			"unknown event '%s': run `forkbench info --events` for valid names",
			ev->name);
		return -EINVAL;
	}
	if (ret != PFM_SUCCESS) {
		set_why(why, why_len,
			"invalid event '%s' (%s): run `forkbench info --events` for valid names",
			ev->name, pfm->strerror(ret));
		return -EINVAL;
	}
	ev->attr.size = sizeof(ev->attr);
	ev->attr.disabled = 1;
	ev->attr.inherit = 1;
	ev->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	return 0;
}

static void open_event(struct counters_event *ev)
{
	struct perf_event_attr parent_attr = ev->attr;
	int fd;

	fd = perf_open(&ev->attr);
	if (fd < 0) {
		open_reason(&ev->attr, -fd, ev->reason, sizeof(ev->reason));
		return;
	}
	ev->fd_tree = fd;
	parent_attr.inherit = 0;
	fd = perf_open(&parent_attr);
	if (fd < 0) {
		open_reason(&parent_attr, -fd, ev->reason, sizeof(ev->reason));
		close(ev->fd_tree);
		ev->fd_tree = -1;
		return;
	}
	ev->fd_parent = fd;
	ev->opened = true;
}

/* Splits the list into c->ev; -EINVAL for an empty name. */
static int parse_names(struct counters *c, const char *events, char *why, size_t why_len)
{
	char *copy = strdup(events), *save = NULL, *tok;
	size_t cap = 1;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (const char *p = events; *p; p++)
		cap += *p == ',';
	c->ev = calloc(cap, sizeof(*c->ev));
	if (!c->ev) {
		ret = -ENOMEM;
		goto out;
	}
	/* strtok_r would silently merge ",,": walk the separators by hand to reject empty names. */
	for (tok = copy; tok; tok = save) {
		struct counters_event *ev = &c->ev[c->n_ev];
		char *end;

		save = strchr(tok, ',');
		if (save)
			*save++ = '\0';
		while (*tok == ' ' || *tok == '\t')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*tok) {
			set_why(why, why_len, "empty event name in '%s'", events);
			ret = -EINVAL;
			goto out;
		}
		ev->name = strdup(tok);
		if (!ev->name) {
			ret = -ENOMEM;
			goto out;
		}
		ev->fd_tree = -1;
		ev->fd_parent = -1;
		ev->min_running_ratio = 2.0;
		c->n_ev++;
	}
out:
	free(copy);
	return ret;
}

int counters_open(const char *events, struct counters **out, char *why, size_t why_len)
{
	struct pfm_api pfm = { 0 };
	struct counters *c;
	int ret, plm, mode_err = 0;

	*out = NULL;
	if (why && why_len)
		why[0] = '\0';
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	bool chosen = events && *events; /* names the user typed, not the default set */

	if (!chosen)
		events = COUNTERS_DEFAULT_EVENTS;
	if (strcmp(events, "none") != 0) {
		ret = parse_names(c, events, why, why_len);
		if (ret)
			goto out;
		/* pfm_initialize() fails only when libpfm4 finds no PMU at all, and then no name
		 * resolves: an environment problem, not a usage one. */
		ret = pfm_dl_open(&pfm, why, why_len);
		if (ret && chosen) {
			/* Names the user chose cannot be resolved: say so before anything runs. */
			size_t used = strlen(why);

			snprintf(why + used, why_len - used, ", or run with -e none");
			ret = -EINVAL;
			goto out;
		}
		if (ret) {
			/* The default set degrades: nothing resolves, getrusage counts faults. */
			for (size_t i = 0; i < c->n_ev; i++)
				set_why(c->ev[i].reason, sizeof(c->ev[i].reason), "%s", why);
			goto no_events;
		}
		mode_err = choose_mode(c);
	}
	plm = c->mode == MODE_USER_ONLY ? PFM_PLM3 : PFM_PLM0 | PFM_PLM3;
	/* Resolve every name before opening anything, so a typo is reported as such. */
	for (size_t i = 0; i < c->n_ev; i++) {
		ret = encode_event(&pfm, &c->ev[i], plm, why, why_len);
		if (ret)
			goto out;
	}
	pfm_dl_close(&pfm);
	for (size_t i = 0; i < c->n_ev; i++) {
		open_event(&c->ev[i]);
		c->n_opened += c->ev[i].opened;
	}
no_events:
	if (!c->n_opened) {
		c->fallback = true;
		if (!c->n_ev)
			snprintf(c->mode_reason, sizeof(c->mode_reason), "-e none");
		else if (mode_err)
			snprintf(c->mode_reason, sizeof(c->mode_reason),
				 "perf_event_open refused even user-only counting: %s (%s)",
				 strerror(-mode_err), errno_name(-mode_err));
		else
			snprintf(c->mode_reason, sizeof(c->mode_reason),
				 "no event could be opened");
		c->mode = MODE_NONE;
	}
	ret = 0;
out:
	pfm_dl_close(&pfm);
	if (ret)
		counters_close(c);
	else
		*out = c;
	return ret;
}

static void ioctl_all(struct counters *c, unsigned long request)
{
	for (size_t i = 0; i < c->n_ev; i++) {
		if (!c->ev[i].opened)
			continue;
		ioctl(c->ev[i].fd_tree, request, 0);
		ioctl(c->ev[i].fd_parent, request, 0);
	}
}

static bool read_counter(int fd, struct counters_reading *r)
{
	return read(fd, r, sizeof(*r)) == (ssize_t)sizeof(*r);
}

void counters_start(struct counters *c)
{
	if (c->fallback) {
		c->rusage_ok = !getrusage(RUSAGE_SELF, &c->ru_self0) &&
			       !getrusage(RUSAGE_CHILDREN, &c->ru_children0);
		return;
	}
	/* Reset keeps the numbers small; the base reads are what make the batch exact (see top). */
	ioctl_all(c, PERF_EVENT_IOC_RESET);
	for (size_t i = 0; i < c->n_ev; i++) {
		struct counters_event *ev = &c->ev[i];

		if (!ev->opened)
			continue;
		ev->batch_ok = read_counter(ev->fd_tree, &ev->base_tree) &&
			       read_counter(ev->fd_parent, &ev->base_parent);
	}
	ioctl_all(c, PERF_EVENT_IOC_ENABLE);
}

/* Delta since base, scaled up by enabled/running when the counter was multiplexed; NaN when it
 * never ran. Keeps the worst running ratio. */
static double batch_delta(const struct counters_reading *base, const struct counters_reading *now,
			  double *min_ratio)
{
	uint64_t value = now->value - base->value;
	uint64_t enabled_ns = now->enabled_ns - base->enabled_ns;
	uint64_t running_ns = now->running_ns - base->running_ns;
	double ratio;

	if (!enabled_ns)
		return (double)value; /* nothing was enabled long enough to tick: exact as read */
	if (!running_ns) {
		*min_ratio = 0.0;
		return __builtin_nan("");
	}
	ratio = (double)running_ns / (double)enabled_ns;
	if (ratio > 1.0)
		ratio = 1.0;
	if (ratio < *min_ratio)
		*min_ratio = ratio;
	return ratio < 1.0 ? (double)value / ratio : (double)value;
}

void counters_stop(struct counters *c)
{
	if (c->fallback) {
		struct rusage self, children;

		if (!c->rusage_ok || getrusage(RUSAGE_SELF, &self) ||
		    getrusage(RUSAGE_CHILDREN, &children)) {
			c->rusage_ok = false;
			return;
		}
		c->d_minflt_self = self.ru_minflt - c->ru_self0.ru_minflt;
		c->d_majflt_self = self.ru_majflt - c->ru_self0.ru_majflt;
		c->d_minflt_children = children.ru_minflt - c->ru_children0.ru_minflt;
		c->d_majflt_children = children.ru_majflt - c->ru_children0.ru_majflt;
		return;
	}
	ioctl_all(c, PERF_EVENT_IOC_DISABLE);
	for (size_t i = 0; i < c->n_ev; i++) {
		struct counters_event *ev = &c->ev[i];
		struct counters_reading tree, parent;

		if (!ev->opened || !ev->batch_ok)
			continue;
		if (!read_counter(ev->fd_tree, &tree) || !read_counter(ev->fd_parent, &parent)) {
			ev->batch_ok = false;
			continue;
		}
		ev->tree_scaled = batch_delta(&ev->base_tree, &tree, &ev->min_running_ratio);
		ev->parent_scaled = batch_delta(&ev->base_parent, &parent, &ev->min_running_ratio);
	}
}

static const char *event_unit(const struct counters_event *ev)
{
	bool clock = ev->attr.type == PERF_TYPE_SOFTWARE &&
		     (ev->attr.config == PERF_COUNT_SW_TASK_CLOCK ||
		      ev->attr.config == PERF_COUNT_SW_CPU_CLOCK);

	return clock ? "ns/op" : "count/op";
}

void counters_emit_per_op(struct counters *c, uint64_t ops,
			  void (*emit)(void *arg, const char *metric, const char *unit, double v),
			  void *arg)
{
	char metric[256];
	double n = (double)ops;

	if (!ops)
		return;
	if (c->fallback) {
		if (!c->rusage_ok)
			return;
		/* Named after getrusage's own "who", not like the perf figures: RUSAGE_CHILDREN
		 * holds only reaped child processes (never threads, never the whole tree), and
		 * RUSAGE_SELF every thread of this process, thread "children" included. */
		emit(arg, "minor-faults.rusage.children", "count/op",
		     (double)c->d_minflt_children / n);
		emit(arg, "major-faults.rusage.children", "count/op",
		     (double)c->d_majflt_children / n);
		emit(arg, "minor-faults.rusage.self", "count/op", (double)c->d_minflt_self / n);
		emit(arg, "major-faults.rusage.self", "count/op", (double)c->d_majflt_self / n);
		return;
	}
	for (size_t i = 0; i < c->n_ev; i++) {
		const struct counters_event *ev = &c->ev[i];
		const char *unit = event_unit(ev);

		if (!ev->opened || !ev->batch_ok || ev->tree_scaled != ev->tree_scaled ||
		    ev->parent_scaled != ev->parent_scaled)
			continue;
		emit(arg, ev->name, unit, ev->tree_scaled / n);
		snprintf(metric, sizeof(metric), "%s.parent", ev->name);
		emit(arg, metric, unit, ev->parent_scaled / n);
		snprintf(metric, sizeof(metric), "%s.children", ev->name);
		emit(arg, metric, unit, (ev->tree_scaled - ev->parent_scaled) / n);
	}
}

static void json_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(fp, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(fp, "\\u%04x", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

/* A ratio in [0, 1] with '.' whatever LC_NUMERIC says: printed as fixed-point integers. */
static void json_ratio(FILE *fp, double ratio)
{
	long micro = (long)(ratio * 1e6 + 0.5);

	fprintf(fp, "%ld.%06ld", micro / 1000000, micro % 1000000);
}

char *counters_describe_json(const struct counters *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	fputs("{\"mode\": ", fp);
	json_str(fp, mode_names[c->mode]);
	fputs(", \"mode_reason\": ", fp);
	json_str(fp, c->mode_reason);
	fputs(", \"events\": [", fp);
	for (size_t i = 0; i < c->n_ev; i++) {
		const struct counters_event *ev = &c->ev[i];

		fputs(i ? ", {\"name\": " : "{\"name\": ", fp);
		json_str(fp, ev->name);
		fprintf(fp, ", \"opened\": %s, \"reason\": ", ev->opened ? "true" : "false");
		json_str(fp, ev->opened ? NULL : ev->reason);
		fprintf(fp, ", \"type\": %u, \"config\": %llu, \"min_running_ratio\": ",
			(unsigned int)ev->attr.type, (unsigned long long)ev->attr.config);
		if (ev->opened && ev->min_running_ratio <= 1.0)
			json_ratio(fp, ev->min_running_ratio);
		else
			fputs("null", fp);
		fputc('}', fp);
	}
	fputs("], \"fallback\": ", fp);
	json_str(fp, c->fallback ? "getrusage" : NULL);
	fputc('}', fp);
	if (fclose(fp)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void counters_print_notes(const struct counters *c, FILE *fp)
{
	if (c->mode == MODE_USER_ONLY)
		fprintf(fp,
			"counters: user mode only (%s): kernel work (fork, COW) is not counted\n",
			c->mode_reason);
	for (size_t i = 0; i < c->n_ev; i++)
		if (!c->ev[i].opened)
			fprintf(fp, "counters: %s not counted: %s\n", c->ev[i].name,
				c->ev[i].reason);
	if (c->fallback && c->n_ev)
		fprintf(fp, "counters: no perf counter opened; page faults come from getrusage\n");
}

void counters_close(struct counters *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_ev; i++) {
		if (c->ev[i].fd_tree >= 0)
			close(c->ev[i].fd_tree);
		if (c->ev[i].fd_parent >= 0)
			close(c->ev[i].fd_parent);
		free(c->ev[i].name);
	}
	free(c->ev);
	free(c);
}

const char *counters_mode(const struct counters *c)
{
	return mode_names[c->mode];
}

int counters_event_status(const struct counters *c, const char *name, const char **reason)
{
	for (size_t i = 0; i < c->n_ev; i++) {
		if (strcmp(c->ev[i].name, name) != 0)
			continue;
		if (reason)
			*reason = c->ev[i].opened ? NULL : c->ev[i].reason;
		return c->ev[i].opened;
	}
	return -ENOENT;
}

static void print_all_events(FILE *fp)
{
	struct pfm_api pfm;
	char why[256];

	if (pfm_dl_open(&pfm, why, sizeof(why))) {
		fprintf(fp, "\nno event list: %s\n", why);
		return;
	}
	fprintf(fp, "\nevents libpfm4 knows for the PMUs it detects here (pmu::name; detected\n"
		    "is not proof that the kernel can count them):\n");
	for (int pmu = PFM_PMU_NONE; pmu < PFM_PMU_MAX; pmu++) {
		pfm_pmu_info_t pinfo;

		memset(&pinfo, 0, sizeof(pinfo));
		pinfo.size = sizeof(pinfo);
		if (pfm.get_pmu_info(pmu, &pinfo) != PFM_SUCCESS || !pinfo.is_present)
			continue;
		for (int idx = pinfo.first_event; idx != -1; idx = pfm.get_event_next(idx)) {
			pfm_event_info_t einfo;

			memset(&einfo, 0, sizeof(einfo));
			einfo.size = sizeof(einfo);
			if (pfm.get_event_info(idx, PFM_OS_NONE, &einfo) != PFM_SUCCESS)
				continue;
			fprintf(fp, "%s::%s\n", pinfo.name, einfo.name);
		}
	}
	pfm_dl_close(&pfm);
}

void counters_print_info(FILE *fp, int list_all)
{
	char why[256];
	struct counters *c;
	int ret = counters_open(NULL, &c, why, sizeof(why));

	if (ret) {
		fprintf(fp, "counters: unavailable: %s\n", why[0] ? why : strerror(-ret));
		return;
	}
	fprintf(fp, "counters: mode %s (%s)%s\n", mode_names[c->mode], c->mode_reason,
		c->fallback ? ", page faults from getrusage" : "");
	for (size_t i = 0; i < c->n_ev; i++) {
		const struct counters_event *ev = &c->ev[i];

		fprintf(fp, "  %-18s %s%s\n", ev->name, ev->opened ? "yes" : "no: ",
			ev->opened ? "" : ev->reason);
	}
	counters_close(c);
	if (list_all)
		print_all_events(fp);
}
