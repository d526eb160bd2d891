/* Prints a run as a table a person reads on a terminal: medians with their 95% CI and the
 * p5/p95 tails, per configuration and time metric (units scaled to us). Counters and the
 * other metrics stay in the files. Skipped configurations follow, each with its reason. */
#include <stdio.h>
#include <string.h>

#include "results_table.h"

static void config_label(const struct config_key *k, char *out, size_t len)
{
	size_t used = snprintf(out, len, "%s", k->method);

	if (k->exec[0] && used < len)
		used += snprintf(out + used, len - used, " exec=%s", k->exec);
	if (k->cpu[0] && used < len)
		used += snprintf(out + used, len - used, " cpu=%s", k->cpu);
	if (k->rss_bytes && used < len)
		used += snprintf(out + used, len - used, " rss=%llu%s",
				 (unsigned long long)k->rss_bytes, k->touch[0] == 'n' ? "(untouched)" : "");
	if (k->variant[0] && used < len)
		snprintf(out + used, len - used, " %s", k->variant);
}

void results_print_table(FILE *fp, const struct run_results *r)
{
	char label[200];

	fprintf(fp, "%-40s %-9s %10s %23s %10s %10s %7s %s\n", "configuration", "metric",
		"median_us", "ci95_us", "p5_us", "p95_us", "n", "converged");
	for (size_t i = 0; i < r->config_count; i++) {
		const struct config_result *c = &r->configs[i];

		config_label(&c->key, label, sizeof(label));
		for (size_t m = 0; m < c->metric_count; m++) {
			const struct metric_samples *ms = &c->metrics[m];
			struct metric_summary s;
			char ci[48];

			if (strcmp(ms->unit, "ns") || results_summarize_metric(ms, &s))
				continue;
			snprintf(ci, sizeof(ci), "[%.2f, %.2f]", s.s.ci95_low / 1e3,
				 s.s.ci95_high / 1e3);
			fprintf(fp, "%-40.40s %-9s %10.2f %23s %10.2f %10.2f %7zu %s\n", label,
				ms->name, s.s.median / 1e3, ci, s.s.p5 / 1e3, s.s.p95 / 1e3, s.s.n,
				c->converged ? "yes" : "no");
			label[0] = '\0';
		}
	}
	for (size_t i = 0; i < r->skipped_count; i++) {
		config_label(&r->skipped[i].key, label, sizeof(label));
		fprintf(fp, "%-40.40s skipped: %s\n", label, r->skipped[i].reason);
	}
}
