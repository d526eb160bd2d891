/* Placement split (DESIGN §5): where each creation ran (child_cpu, parent_cpu samples) splits
 * every time metric of a configuration into its same-CPU and cross-CPU samples, and gives the
 * configuration the share of cross-CPU creations. Leaves out statistics (results.c, stats.c)
 * and deciding whether to split (the coordinator: the worker's CPU set). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "results.h"

#define SPLIT_SAME ".same_cpu"
#define SPLIT_CROSS ".cross_cpu"

bool results_is_placement_metric(const struct metric_samples *m)
{
	return !strcmp(m->unit, "cpu");
}

/* Whether m is a time metric the split applies to: unit ns, one sample per creation. */
static bool splittable(const struct metric_samples *m, size_t n)
{
	return !strcmp(m->unit, "ns") && m->n == n && !m->folded && !strchr(m->name, '.');
}

static int split_metric(struct config_result *c, size_t j, const double *child,
			const double *parent, size_t n)
{
	char same[sizeof(c->metrics[0].name)], cross[sizeof(c->metrics[0].name)];
	int ret = 0;

	if ((size_t)snprintf(same, sizeof(same), "%s" SPLIT_SAME, c->metrics[j].name) >=
		    sizeof(same) ||
	    (size_t)snprintf(cross, sizeof(cross), "%s" SPLIT_CROSS, c->metrics[j].name) >=
		    sizeof(cross))
		return -EINVAL;
	for (size_t i = 0; !ret && i < n; i++) {
		/* c->metrics may move as metrics are added: index it afresh every time. */
		const struct metric_samples *m = &c->metrics[j];
		struct metric_samples *out;

		ret = results_add_sample(c, child[i] == parent[i] ? same : cross, "ns", m->rep[i],
					 m->values[i]);
		if (!ret) {
			out = results_find_metric(c, child[i] == parent[i] ? same : cross);
			out->pooled = true;
		}
	}
	return ret;
}

/* cross_cpu_share: one value per repetition, in repetition order (samples are stored so). */
static int add_share(struct config_result *c, const double *child, const double *parent,
		     const int *rep, size_t n)
{
	size_t start = 0;
	int ret = 0;

	while (!ret && start < n) {
		size_t end = start, cross = 0;

		for (; end < n && rep[end] == rep[start]; end++)
			cross += child[end] != parent[end];
		ret = results_add_sample(c, "cross_cpu_share", "share", rep[start],
					 (double)cross / (double)(end - start));
		start = end;
	}
	return ret;
}

int results_split_placement(struct config_result *c)
{
	struct metric_samples *cm = results_find_metric(c, "child_cpu");
	struct metric_samples *pm = results_find_metric(c, "parent_cpu");
	size_t n, count;
	double *child, *parent;
	int *rep;
	int ret = 0;

	if (!cm || !pm || cm->folded || pm->folded || !cm->n || cm->n != pm->n ||
	    results_find_metric(c, "cross_cpu_share"))
		return 0;
	n = cm->n;
	/* Adding metrics may move c->metrics: keep the placement samples by their own arrays. */
	child = cm->values;
	parent = pm->values;
	rep = cm->rep;
	count = c->metric_count;
	for (size_t j = 0; !ret && j < count; j++)
		if (splittable(&c->metrics[j], n))
			ret = split_metric(c, j, child, parent, n);
	if (!ret)
		ret = add_share(c, child, parent, rep, n);
	return ret;
}
