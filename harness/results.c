/* The result model (DESIGN §7): configurations with all their samples, skipped configurations,
 * and the per-metric summary the writers print. Leaves out all formatting of files
 * (results_write.c) and the statistics themselves (stats.c). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *const results_key_columns[RESULTS_KEY_COLUMNS] = {
	"bench", "method", "flags", "exec", "rss_bytes", "touch", "rss_kind",
	"threads", "fds", "vmas", "thp", "cpu", "variant",
};
const size_t results_key_column_count = ARRAY_SIZE(results_key_columns);

/* Where each key column lives in struct config_key, in results_key_columns order. */
#define KEY_FIELD(field, is_u64)                                                          \
	{ offsetof(struct config_key, field), sizeof(((struct config_key *)0)->field), is_u64 }
static const struct {
	size_t offset, size;
	bool is_u64; /* else a char array */
} results_key_layout[] = {
	KEY_FIELD(bench, false),    KEY_FIELD(method, false),  KEY_FIELD(flags, false),
	KEY_FIELD(exec, false),     KEY_FIELD(rss_bytes, true), KEY_FIELD(touch, false),
	KEY_FIELD(rss_kind, false), KEY_FIELD(threads, true),  KEY_FIELD(fds, true),
	KEY_FIELD(vmas, true),      KEY_FIELD(thp, false),     KEY_FIELD(cpu, false),
	KEY_FIELD(variant, false),
};
_Static_assert(ARRAY_SIZE(results_key_layout) == ARRAY_SIZE(results_key_columns),
	       "one layout row per key column");
_Static_assert(ARRAY_SIZE(results_key_layout) == RESULTS_KEY_COLUMNS, "every column named");

int results_key_index(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(results_key_columns); i++)
		if (!strcmp(results_key_columns[i], name))
			return (int)i;
	return -1;
}

bool results_key_optional(size_t i)
{
	return i < ARRAY_SIZE(results_key_columns) && !strcmp(results_key_columns[i], "rss_kind");
}

const char *results_key_absent_cell(size_t i, const char *rss_bytes_cell, const char *touch_cell)
{
	if (!results_key_optional(i))
		return "";
	/* Before the column, every region was private anonymous memory. */
	if ((rss_bytes_cell && rss_bytes_cell[0] && strcmp(rss_bytes_cell, "0")) ||
	    (touch_cell && touch_cell[0]))
		return "anon";
	return "";
}

void results_key_cell(const struct config_key *k, size_t i, char *buf, size_t len)
{
	const char *field;
	uint64_t v;

	if (!len)
		return;
	buf[0] = '\0';
	if (i >= ARRAY_SIZE(results_key_layout))
		return;
	field = (const char *)k + results_key_layout[i].offset;
	if (!results_key_layout[i].is_u64) {
		snprintf(buf, len, "%s", field);
		return;
	}
	memcpy(&v, field, sizeof(v));
	if (v != KEY_NA)
		snprintf(buf, len, "%" PRIu64, v);
}

int results_key_set(struct config_key *k, size_t i, const char *cell)
{
	char *field, *end;
	uint64_t v = KEY_NA;

	if (i >= ARRAY_SIZE(results_key_layout))
		return -EINVAL;
	field = (char *)k + results_key_layout[i].offset;
	if (!results_key_layout[i].is_u64) {
		if (strlen(cell) >= results_key_layout[i].size)
			return -EINVAL;
		memcpy(field, cell, strlen(cell) + 1);
		return 0;
	}
	if (cell[0]) {
		/* Digits only: strtoull would take " 12", "+12" and "-1" too. */
		if (strspn(cell, "0123456789") != strlen(cell))
			return -EINVAL;
		errno = 0;
		v = strtoull(cell, &end, 10);
		if (errno || *end || v == KEY_NA)
			return -EINVAL;
	}
	memcpy(field, &v, sizeof(v));
	return 0;
}

/* Grows *arr (of *cap elements of size) to hold at least need; 0 or -ENOMEM. */
static int results_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t new_cap = *cap ? *cap : 8;
	void *p;

	if (need <= *cap)
		return 0;
	while (new_cap < need)
		new_cap *= 2;
	p = realloc(*arr, new_cap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = new_cap;
	return 0;
}

#define KEY_TERMINATE(k, field) ((k)->field[sizeof((k)->field) - 1] = '\0')

/* A copy whose strings are certainly terminated, whatever the caller left in the arrays. */
static void results_key_copy(struct config_key *dst, const struct config_key *src)
{
	*dst = *src;
	KEY_TERMINATE(dst, bench);
	KEY_TERMINATE(dst, method);
	KEY_TERMINATE(dst, flags);
	KEY_TERMINATE(dst, exec);
	KEY_TERMINATE(dst, touch);
	KEY_TERMINATE(dst, rss_kind);
	KEY_TERMINATE(dst, thp);
	KEY_TERMINATE(dst, cpu);
	KEY_TERMINATE(dst, variant);
}

/* Field by field: bytes after a string's terminator are not part of the key. */
bool results_key_equal(const struct config_key *a, const struct config_key *b)
{
	return !strcmp(a->bench, b->bench) && !strcmp(a->method, b->method) &&
	       !strcmp(a->flags, b->flags) && !strcmp(a->exec, b->exec) &&
	       a->rss_bytes == b->rss_bytes && !strcmp(a->touch, b->touch) &&
	       !strcmp(a->rss_kind, b->rss_kind) &&
	       a->threads == b->threads && a->fds == b->fds && a->vmas == b->vmas &&
	       !strcmp(a->thp, b->thp) && !strcmp(a->cpu, b->cpu) &&
	       !strcmp(a->variant, b->variant);
}

int results_add_config(struct run_results *r, const struct config_key *key,
		       struct config_result **out)
{
	struct config_key k;
	struct config_result *c;
	int ret;

	results_key_copy(&k, key);
	/* One configuration per key, so repetitions run one after another merge into it and
	 * every file has one row per configuration and metric. */
	for (size_t i = 0; i < r->config_count; i++) {
		if (results_key_equal(&r->configs[i].key, &k)) {
			*out = &r->configs[i];
			return 0;
		}
	}
	ret = results_grow((void **)&r->configs, &r->config_cap, r->config_count + 1,
			   sizeof(*r->configs));
	if (ret)
		return ret;
	c = &r->configs[r->config_count++];
	memset(c, 0, sizeof(*c));
	c->key = k;
	*out = c;
	return 0;
}

struct metric_samples *results_find_metric(struct config_result *c, const char *metric)
{
	for (size_t i = 0; i < c->metric_count; i++)
		if (!strcmp(c->metrics[i].name, metric))
			return &c->metrics[i];
	return NULL;
}

int results_mark_watched(struct config_result *c, const char *metric, bool converged)
{
	struct metric_samples *m = results_find_metric(c, metric);

	if (!m)
		return -ENOENT;
	m->watched_reps++;
	m->converged_reps += converged;
	return 0;
}

int results_add_metric(struct config_result *c, const char *metric, const char *unit,
		       struct metric_samples **out)
{
	struct metric_samples *m;
	int ret;

	if (!unit)
		unit = "";
	/* A truncated name would silently merge two metrics: refuse it instead. */
	if (!metric || !*metric || strlen(metric) >= sizeof(m->name) ||
	    strlen(unit) >= sizeof(m->unit))
		return -EINVAL;
	/* Samples arrive in runs of one metric (a worker's batch, a member read back): try the
	 * last one first rather than every name. */
	if (c->last_metric < c->metric_count && !strcmp(c->metrics[c->last_metric].name, metric))
		m = &c->metrics[c->last_metric];
	else
		m = results_find_metric(c, metric);
	if (m && strcmp(m->unit, unit))
		return -EINVAL;
	if (!m) {
		ret = results_grow((void **)&c->metrics, &c->metric_cap, c->metric_count + 1,
				   sizeof(*c->metrics));
		if (ret)
			return ret;
		m = &c->metrics[c->metric_count++];
		memset(m, 0, sizeof(*m));
		snprintf(m->name, sizeof(m->name), "%s", metric);
		snprintf(m->unit, sizeof(m->unit), "%s", unit);
	}
	c->last_metric = (size_t)(m - c->metrics);
	*out = m;
	return 0;
}

int results_add_sample(struct config_result *c, const char *metric, const char *unit, int rep,
		       double value)
{
	struct metric_samples *m;
	size_t vcap;
	int ret = results_add_metric(c, metric, unit, &m);

	if (ret)
		return ret;
	if (m->folded)
		return -EINVAL;
	/* values and rep grow in step; cap is raised only once both have room. */
	vcap = m->cap;
	ret = results_grow((void **)&m->values, &vcap, m->n + 1, sizeof(*m->values));
	if (ret)
		return ret;
	vcap = m->cap;
	ret = results_grow((void **)&m->rep, &vcap, m->n + 1, sizeof(*m->rep));
	if (ret)
		return ret;
	m->cap = vcap;
	m->values[m->n] = value;
	m->rep[m->n] = rep;
	m->n++;
	if (rep > c->reps)
		c->reps = rep;
	return 0;
}

int results_add_skip(struct run_results *r, const struct config_key *key, const char *reason)
{
	struct skipped_config *s;
	int ret;

	ret = results_grow((void **)&r->skipped, &r->skipped_cap, r->skipped_count + 1,
			   sizeof(*r->skipped));
	if (ret)
		return ret;
	s = &r->skipped[r->skipped_count];
	memset(s, 0, sizeof(*s));
	results_key_copy(&s->key, key);
	s->reason = strdup(reason ? reason : "");
	if (!s->reason)
		return -ENOMEM;
	r->skipped_count++;
	return 0;
}

/* Whether note (parts joined by "; ") has the part part[0..len) already, whole. */
static bool results_note_has(const char *note, const char *part, size_t len)
{
	while (note) {
		const char *next = strstr(note, "; ");
		size_t n = next ? (size_t)(next - note) : strlen(note);

		if (n == len && !memcmp(note, part, len))
			return true;
		note = next ? next + 2 : NULL;
	}
	return false;
}

/* Part by part: a part said already (the same counters mode in every repetition) is said once,
 * and a part that merely contains another ("tracing adds 10 ns" and "... 1 ns") is its own. */
int results_note_append(struct config_result *c, const char *text)
{
	while (*text) {
		const char *next = strstr(text, "; ");
		size_t len = next ? (size_t)(next - text) : strlen(text);
		size_t used = c->note ? strlen(c->note) : 0;
		char *p;

		if (len && !results_note_has(c->note, text, len)) {
			p = realloc(c->note, used + 2 + len + 1);
			if (!p)
				return -ENOMEM;
			if (used) {
				memcpy(p + used, "; ", 2);
				used += 2;
			}
			memcpy(p + used, text, len);
			p[used + len] = '\0';
			c->note = p;
		}
		text += len + (next ? 2 : 0);
	}
	return 0;
}

void results_free_config(struct config_result *c)
{
	for (size_t j = 0; j < c->metric_count; j++) {
		free(c->metrics[j].values);
		free(c->metrics[j].rep);
		free(c->metrics[j].folded_reps);
	}
	free(c->metrics);
	free(c->note);
	c->note = NULL;
	c->metrics = NULL;
	c->metric_count = 0;
	c->metric_cap = 0;
}

void results_free(struct run_results *r)
{
	for (size_t i = 0; i < r->config_count; i++)
		results_free_config(&r->configs[i]);
	free(r->configs);
	for (size_t i = 0; i < r->skipped_count; i++)
		free(r->skipped[i].reason);
	free(r->skipped);
	memset(r, 0, sizeof(*r));
}

struct rep_value {
	int rep;
	double value;
};

/* By repetition, then by value (NaN last) so each repetition's run is sorted for its median. */
static int results_cmp_rep_value(const void *pa, const void *pb)
{
	const struct rep_value *a = pa, *b = pb;

	if (a->rep != b->rep)
		return (a->rep > b->rep) - (a->rep < b->rep);
	if (isnan(a->value) || isnan(b->value))
		return isnan(a->value) - isnan(b->value);
	return (a->value > b->value) - (a->value < b->value);
}

/* The level of the interval stats_summarize gave s over n values (samples or repetition
 * medians), DESIGN §5: exact binomial coverage up to n = 1000 (1 - 2^(1-n) for [min, max] below
 * n = 6), the nominal 0.95 of the normal approximation above. One value has no interval: a
 * zero-width "CI" at any level would claim what one reading cannot say, so bounds and level
 * become NAN, which the writers print as empty cells and JSON nulls. */
static void results_set_ci_level(struct stats_summary *s, size_t n, double *ci_level)
{
	if (n < 2) {
		s->ci95_low = s->ci95_high = NAN;
		*ci_level = NAN;
		return;
	}
	*ci_level = stats_median_ci_level(n);
}

/* A repetition that contributed samples but whose stop did not watch the metric tested nothing
 * for it: "every repetition met the rule" cannot be claimed then. */
static enum results_converged results_converged_of(const struct metric_samples *m, int reps)
{
	if (!m->watched_reps)
		return RESULTS_CONVERGED_UNTESTED;
	if (m->converged_reps == m->watched_reps && m->watched_reps >= reps)
		return RESULTS_CONVERGED_TRUE;
	return RESULTS_CONVERGED_FALSE;
}

/* What was kept when m was folded: the summary, its converged from the counts as they are now. */
static int results_folded_summary(const struct metric_samples *m, struct metric_summary *out,
				  struct rep_median **reps_out)
{
	*out = m->folded_summary;
	out->converged = results_converged_of(m, out->reps);
	if (!reps_out)
		return 0;
	*reps_out = malloc((size_t)(out->reps ? out->reps : 1) * sizeof(**reps_out));
	if (!*reps_out)
		return -ENOMEM;
	memcpy(*reps_out, m->folded_reps, (size_t)out->reps * sizeof(**reps_out));
	return 0;
}

int results_summarize_metric(const struct metric_samples *m, struct metric_summary *out)
{
	return results_summarize_metric_reps(m, out, NULL);
}

int results_summarize_metric_reps(const struct metric_samples *m, struct metric_summary *out,
				  struct rep_median **reps_out)
{
	struct rep_value *rv = NULL;
	double *sorted = NULL, *rep_medians = NULL;
	struct rep_median *reps = NULL;
	size_t distinct_reps = 0;
	int ret;

	if (m->folded)
		return results_folded_summary(m, out, reps_out);
	memset(out, 0, sizeof(*out));
	if (reps_out)
		*reps_out = NULL;
	ret = stats_summarize(m->values, m->n, &out->s);
	if (ret)
		goto out;
	results_set_ci_level(&out->s, m->n, &out->ci_level);
	rv = malloc(m->n * sizeof(*rv));
	sorted = malloc(m->n * sizeof(*sorted));
	if (!rv || !sorted) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < m->n; i++)
		rv[i] = (struct rep_value){ m->rep[i], m->values[i] };
	qsort(rv, m->n, sizeof(*rv), results_cmp_rep_value);
	for (size_t i = 0; i < m->n; i++)
		sorted[i] = rv[i].value;
	/* One entry per repetition, not per sample: a repetition holds thousands. */
	for (size_t i = 0; i < m->n; i++)
		distinct_reps += !i || rv[i].rep != rv[i - 1].rep;
	rep_medians = malloc(distinct_reps * sizeof(*rep_medians));
	reps = malloc(distinct_reps * sizeof(*reps));
	if (!rep_medians || !reps) {
		ret = -ENOMEM;
		goto out;
	}

	/* The spread of repetition medians shows what one process's layout hides (DESIGN §5). */
	for (size_t start = 0, end; start < m->n; start = end) {
		double med;

		for (end = start + 1; end < m->n && rv[end].rep == rv[start].rep; end++)
			;
		med = stats_quantile_sorted(sorted + start, end - start, 0.5);
		if (!out->reps || med < out->rep_median_min)
			out->rep_median_min = med;
		if (!out->reps || med > out->rep_median_max)
			out->rep_median_max = med;
		reps[out->reps] = (struct rep_median){ rv[start].rep, end - start, med };
		rep_medians[out->reps++] = med;
	}
	if (out->reps >= 2) {
		struct stats_summary between;

		ret = stats_summarize(rep_medians, (size_t)out->reps, &between);
		if (ret)
			goto out;
		out->s.median = between.median;
		out->s.ci95_low = between.ci95_low;
		out->s.ci95_high = between.ci95_high;
		results_set_ci_level(&out->s, (size_t)out->reps, &out->ci_level);
	}
	out->converged = results_converged_of(m, out->reps);
	if (reps_out) {
		*reps_out = reps;
		reps = NULL;
	}
out:
	free(rv);
	free(sorted);
	free(rep_medians);
	free(reps);
	return ret;
}

int results_fold_config(struct config_result *c)
{
	struct metric_summary *sums = calloc(c->metric_count + 1, sizeof(*sums));
	struct rep_median **reps = calloc(c->metric_count + 1, sizeof(struct rep_median *));
	int ret = 0;

	if (!sums || !reps) {
		free(sums);
		free(reps);
		return -ENOMEM;
	}
	/* All or nothing: every summary is computed before any sample is freed. */
	for (size_t j = 0; !ret && j < c->metric_count; j++)
		if (!c->metrics[j].folded && c->metrics[j].n)
			ret = results_summarize_metric_reps(&c->metrics[j], &sums[j], &reps[j]);
	for (size_t j = 0; j < c->metric_count; j++) {
		struct metric_samples *m = &c->metrics[j];

		if (ret || m->folded || !m->n) {
			if (ret)
				free(reps[j]);
			continue;
		}
		m->folded_summary = sums[j];
		m->folded_reps = reps[j];
		m->folded = true;
		free(m->values);
		free(m->rep);
		m->values = NULL;
		m->rep = NULL;
		m->cap = 0;
	}
	free(sums);
	free(reps);
	return ret;
}
