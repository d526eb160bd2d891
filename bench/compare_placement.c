/* Placement in a run read back (DESIGN §5, §8): summary.csv's METRIC.same_cpu, METRIC.cross_cpu
 * and cross_cpu_share rows have no samples of their own in samples.csv.gz; they are rebuilt here
 * from their metric's samples and the child_cpu/parent_cpu sample rows (sample i of each is
 * creation i), so compare tests them as it tests any metric. Leaves out the tests themselves. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare_run_reader.h"

static const char *const split_suffix[2] = { ".same_cpu", ".cross_cpu" };

static bool same_key(const struct run_reader_row *x, const struct run_reader_row *y)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		if (strcmp(x->key[i], y->key[i]))
			return false;
	return true;
}

int placement_add_hidden(struct run_reader_run *run)
{
	size_t shares = 0, count = run->row_count;

	for (size_t i = 0; i < count; i++)
		shares += !strcmp(run->rows[i].metric, "cross_cpu_share");
	if (!shares)
		return 0;
	if (run->row_cap < count + 2 * shares) {
		struct run_reader_row *rows =
			realloc(run->rows, (count + 2 * shares) * sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		run->rows = rows;
		run->row_cap = count + 2 * shares;
	}
	for (size_t i = 0; i < count; i++) {
		if (strcmp(run->rows[i].metric, "cross_cpu_share"))
			continue;
		for (int k = 0; k < 2; k++) {
			struct run_reader_row *h = &run->rows[run->row_count++];

			memset(h, 0, sizeof(*h));
			memcpy(h->key, run->rows[i].key, sizeof(h->key));
			/* Hidden rows own no line: their strings are the share row's and these. */
			h->metric = (char *)(k ? "parent_cpu" : "child_cpu");
			h->unit = (char *)"cpu";
		}
	}
	return 0;
}

/* The samples of base whose placement is mode (0 same, 1 cross) into r. */
static int fill_split(struct run_reader_row *r, const struct run_reader_row *base,
		      const struct run_reader_row *child, const struct run_reader_row *parent,
		      int mode)
{
	size_t n = base->sample_count;

	/* r is a split row and base its metric's: never the same row (the analyzer asks). */
	if (r == base || n != child->sample_count || n != parent->sample_count || r->samples)
		return -EINVAL;
	r->samples = malloc((n ? n : 1) * sizeof(*r->samples));
	r->sample_reps = base->sample_reps ? malloc((n ? n : 1) * sizeof(unsigned)) : NULL;
	if (!r->samples || (base->sample_reps && !r->sample_reps))
		return -ENOMEM;
	r->sample_cap = n;
	for (size_t i = 0; i < n; i++) {
		if ((child->samples[i] != parent->samples[i]) != mode)
			continue;
		if (r->sample_reps)
			r->sample_reps[r->sample_count] = base->sample_reps[i];
		r->samples[r->sample_count++] = base->samples[i];
	}
	return 0;
}

/* cross_cpu_share: one value per repetition (as the coordinator wrote it) and the counts. */
static int fill_share(struct run_reader_row *r, const struct run_reader_row *child,
		      const struct run_reader_row *parent)
{
	size_t n = child->sample_count;

	if (n != parent->sample_count || r->samples)
		return -EINVAL;
	r->samples = malloc((n ? n : 1) * sizeof(*r->samples));
	r->sample_reps = child->sample_reps ? malloc((n ? n : 1) * sizeof(unsigned)) : NULL;
	if (!r->samples || (child->sample_reps && !r->sample_reps))
		return -ENOMEM;
	r->sample_cap = n;
	for (size_t start = 0, end; start < n; start = end) {
		size_t cross = 0;

		for (end = start; end < n && (!child->sample_reps ||
					      child->sample_reps[end] == child->sample_reps[start]);
		     end++)
			cross += child->samples[end] != parent->samples[end];
		if (r->sample_reps)
			r->sample_reps[r->sample_count] = child->sample_reps[start];
		r->samples[r->sample_count++] = (double)cross / (double)(end - start);
		r->placement_cross += cross;
	}
	r->placement_total = n;
	return 0;
}

/* The metric a split row splits: its name without the suffix, same key. */
static const struct run_reader_row *split_base(const struct run_reader_run *run, size_t limit,
					       const struct run_reader_row *r, int *mode)
{
	size_t len = strlen(r->metric);

	for (int k = 0; k < 2; k++) {
		size_t sl = strlen(split_suffix[k]);

		if (len <= sl || strcmp(r->metric + len - sl, split_suffix[k]))
			continue;
		*mode = k;
		for (size_t j = 0; j < limit; j++)
			if (strlen(run->rows[j].metric) == len - sl &&
			    !strncmp(run->rows[j].metric, r->metric, len - sl) &&
			    same_key(&run->rows[j], r))
				return &run->rows[j];
	}
	return NULL;
}

int placement_derive(struct run_reader_run *run, size_t first_hidden)
{
	for (size_t h = first_hidden; h + 1 < run->row_count; h += 2) {
		const struct run_reader_row *child = &run->rows[h], *parent = &run->rows[h + 1];

		if (!child->sample_count && !parent->sample_count)
			continue; /* placement not recorded: the rows keep what the file says */
		for (size_t i = 0; i < first_hidden; i++) {
			struct run_reader_row *r = &run->rows[i];
			const struct run_reader_row *base;
			int mode = 0, ret = 0;

			if (!same_key(r, child))
				continue;
			if (!strcmp(r->metric, "cross_cpu_share"))
				ret = fill_share(r, child, parent);
			else if ((base = split_base(run, first_hidden, r, &mode)))
				ret = fill_split(r, base, child, parent, mode);
			if (ret)
				return ret;
		}
	}
	return 0;
}

void placement_drop_hidden(struct run_reader_run *run, size_t first_hidden)
{
	for (size_t h = first_hidden; h < run->row_count; h++) {
		free(run->rows[h].samples);
		free(run->rows[h].sample_reps);
	}
	if (run->row_count > first_hidden)
		run->row_count = first_hidden;
}
