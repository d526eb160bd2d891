/* Prints a run as a table a person reads on a terminal: per configuration and metric, the median
 * with its CI at the level that CI has (ci_level), the p5/p95 tails (nanoseconds shown as
 * microseconds) and whether the adaptive stop converged on it ("-": no stop watched it). Perf
 * counters (count/op, ns/op) stay in the files: they would drown the timings. Skipped
 * configurations follow, each with its reason. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config_label.h"
#include "results_table.h"

/* "latency fork cpu=0": the bench, then the configuration's one label (config_label.h). */
static void table_label(const struct config_key *k, char *out, size_t len)
{
	char label[CONFIG_LABEL_MAX];

	config_label(k, label, sizeof(label));
	/* Cut short is fine: the column is 44 wide. */
	if (snprintf(out, len, "%s %s", k->bench, label) >= (int)len)
		out[len - 1] = '\0';
}

static bool is_counter(const char *unit)
{
	return !strcmp(unit, "count/op") || !strcmp(unit, "ns/op");
}

void results_print_table(FILE *fp, const struct run_results *r)
{
	char label[200];

	fprintf(fp, "%-44s %-36s %11s %31s %11s %11s %6s %s\n", "configuration", "metric", "median",
		"CI of the median [level]", "p5", "p95", "n", "conv");
	for (size_t i = 0; i < r->config_count; i++) {
		const struct config_result *c = &r->configs[i];

		table_label(&c->key, label, sizeof(label));
		for (size_t m = 0; m < c->metric_count; m++) {
			const struct metric_samples *ms = &c->metrics[m];
			bool ns = !strcmp(ms->unit, "ns");
			double scale = ns ? 1e-3 : 1;
			struct metric_summary s;
			char ci[64], name[80];

			if (is_counter(ms->unit) || results_is_placement_metric(ms) ||
			    results_summarize_metric(ms, &s))
				continue;
			snprintf(name, sizeof(name), "%s (%s)", ms->name, ns ? "us" : ms->unit);
			/* Each row's own level: below 6 values the interval is [min, max] and
			 * covers less than 95%; one value has none. */
			if (isnan(s.ci_level))
				snprintf(ci, sizeof(ci), "-");
			else
				snprintf(ci, sizeof(ci), "[%.4g, %.4g] %.4g%%", s.s.ci95_low * scale,
					 s.s.ci95_high * scale, s.ci_level * 100);
			fprintf(fp, "%-44.44s %-36.36s %11.4g %31s %11.4g %11.4g %6zu %s\n", label,
				name, s.s.median * scale, ci, s.s.p5 * scale, s.s.p95 * scale, s.s.n,
				s.converged == RESULTS_CONVERGED_UNTESTED ? "-"
				: s.converged == RESULTS_CONVERGED_TRUE   ? "yes"
									  : "no");
			label[0] = '\0';
		}
	}
	for (size_t i = 0; i < r->skipped_count; i++) {
		table_label(&r->skipped[i].key, label, sizeof(label));
		fprintf(fp, "%-44.44s skipped: %s\n", label, r->skipped[i].reason);
	}
}
