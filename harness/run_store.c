/* The coordinator's side of a run directory while the run goes on (run_store.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "run_store.h"

#define SET_PACING_FACTOR 100 /* rewrite cost x this = the least time between rewrites: < 1% */

int run_store_open(struct run_store *s, const char *dir, char *why, size_t why_len)
{
	char *header = NULL;
	size_t header_len = 0;
	FILE *mem = open_memstream(&header, &header_len);
	int ret;

	memset(s, 0, sizeof(*s));
	s->gz.fd = -1;
	s->started_ns = clock_now_ns();
	if (!mem) {
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	results_put_samples_header(mem);
	if (fclose(mem)) {
		free(header);
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	ret = samples_gz_create(&s->gz, dir, header, header_len, why, why_len);
	free(header);
	s->write_ns += clock_now_ns() - s->started_ns;
	return ret;
}

void run_store_close(struct run_store *s)
{
	samples_gz_close(&s->gz);
}

/* One row of a member back into t (ctx): each line ends in rep,iter,metric,unit,value, and none
 * of those five can hold a comma, so they are read from the right whatever the key cells hold.
 * The locale is never set, so strtod reads the '.' the writer wrote. The header (first member)
 * is never read back. */
static int add_member_row(void *ctx, char *line)
{
	struct config_result *t = ctx;
	char *field[5], *p = line + strlen(line);

	if (p > line && p[-1] == '\r')
		*--p = '\0';
	for (int k = 4; k >= 0; k--) {
		while (p > line && p[-1] != ',')
			p--;
		if (p == line)
			return -EIO;
		field[k] = p;
		p[-1] = '\0';
		p--;
	}
	return results_add_sample(t, field[2], field[3], (int)strtol(field[0], NULL, 10),
				  field[4][0] ? strtod(field[4], NULL) : NAN);
}

/* The watched counts c kept for its metrics go to t's, which is about to replace them. */
static void carry_watched(struct config_result *t, const struct config_result *c)
{
	for (size_t j = 0; j < c->metric_count; j++) {
		struct metric_samples *m = results_find_metric(t, c->metrics[j].name);

		if (m) {
			m->watched_reps = c->metrics[j].watched_reps;
			m->converged_reps = c->metrics[j].converged_reps;
		}
	}
}

static int append_member(struct run_store *s, struct run_store_members *members,
			 const struct config_result *rep)
{
	FILE *member;
	int ret;

	if (members->count == members->cap) {
		size_t cap = members->cap ? 2 * members->cap : 4;
		struct samples_gz_member *items =
			realloc(members->items, cap * sizeof(*items));

		if (!items)
			return -ENOMEM;
		members->items = items;
		members->cap = cap;
	}
	member = samples_gz_member_open(&s->gz);
	if (!member)
		return -ENOMEM;
	ret = results_put_sample_rows(member, rep);
	if (ret)
		s->gz.member_errno = -ret; /* the close then drops the member */
	ret = samples_gz_member_close(&s->gz, member, &members->items[members->count]);
	if (!ret)
		members->count++;
	return ret;
}

int run_store_add_repetition(struct run_store *s, struct config_result *c,
			     struct run_store_members *members, const struct config_result *rep,
			     const char *const *watched, int watched_count, bool converged)
{
	uint64_t begin_ns = clock_now_ns();
	int ret = append_member(s, members, rep);

	/* c gets every metric the repetition has (without samples), so the verdict has a metric
	 * to go to; a watched metric without samples has no row to carry it. */
	for (size_t j = 0; !ret && j < rep->metric_count; j++) {
		struct metric_samples *m;

		ret = results_add_metric(c, rep->metrics[j].name, rep->metrics[j].unit, &m);
	}
	for (int k = 0; !ret && k < watched_count; k++)
		(void)results_mark_watched(c, watched[k], converged);
	if (!ret) {
		members->dirty = true;
		if (rep->reps > c->reps)
			c->reps = rep->reps;
	}
	s->samples_ns += clock_now_ns() - begin_ns;
	s->write_ns += clock_now_ns() - begin_ns;
	return ret;
}

int run_store_fold(struct run_store *s, struct config_result *c, struct run_store_members *members)
{
	struct config_result t = { .key = c->key };
	int ret = 0;

	if (!members->dirty)
		return 0;
	for (size_t i = 0; !ret && i < members->count; i++)
		ret = samples_gz_member_lines(&s->gz, &members->items[i], add_member_row, &t);
	/* The split needs the samples side by side, so it is made here, from every repetition
	 * read back, before they are folded away (DESIGN §5: only where the worker could run on
	 * more than one CPU). */
	if (!ret && c->worker_cpus > 1)
		ret = results_split_placement(&t);
	if (!ret) {
		carry_watched(&t, c);
		ret = results_fold_config(&t);
	}
	if (!ret) {
		/* c's note and repetition count stay c's: only the metrics are replaced. */
		t.note = c->note;
		t.reps = c->reps;
		t.worker_cpus = c->worker_cpus;
		if (t.reps >= 2 && results_find_metric(&t, "cross_cpu_share"))
			ret = results_note_append(&t, "placement split rows (.same_cpu, .cross_cpu) "
						      "pool the samples of the repetitions: their "
						      "ci_level is a within-run level (DESIGN §5)");
		c->note = NULL;
		results_free_config(c);
		*c = t;
		members->dirty = false;
	} else {
		t.note = NULL;
		results_free_config(&t);
	}
	/* Done for a write of the set, inside its run_store_set_begin/end: counted and paced
	 * with it. */
	return ret;
}

void run_store_members_free(struct run_store_members *m)
{
	free(m->items);
	memset(m, 0, sizeof(*m));
}

bool run_store_set_due(const struct run_store *s)
{
	return clock_now_ns() - s->last_set_end_ns >= SET_PACING_FACTOR * s->last_set_cost_ns;
}

uint64_t run_store_set_begin(void)
{
	return clock_now_ns();
}

void run_store_set_end(struct run_store *s, uint64_t begin_ns)
{
	s->last_set_end_ns = clock_now_ns();
	s->last_set_cost_ns = s->last_set_end_ns - begin_ns;
	s->write_ns += s->last_set_cost_ns;
}

char *run_store_files_json(const struct run_store *s)
{
	uint64_t wall_ns = clock_now_ns() - s->started_ns;
	struct rusage ru;
	char *out = NULL;

	/* ru_maxrss is in KiB: the coordinator's own peak, workers are not included (RUSAGE_SELF). */
	if (getrusage(RUSAGE_SELF, &ru))
		ru.ru_maxrss = 0;
	if (asprintf(&out,
		     "{\"samples\": \"%s\", \"samples_valid_bytes\": %" PRIu64
		     ", \"results_write_ns\": %" PRIu64 ", \"samples_append_ns\": %" PRIu64
		     ", \"run_wall_ns\": %" PRIu64
		     ", \"results_write_share\": %.6f, \"coordinator_max_rss_bytes\": %lld"
		     ", \"write_time_covers\": \"every write before this meta.json's own\"}",
		     SAMPLES_GZ_NAME, s->gz.valid_bytes, s->write_ns, s->samples_ns, wall_ns,
		     wall_ns ? (double)s->write_ns / (double)wall_ns : 0.0,
		     (long long)ru.ru_maxrss * 1024) < 0)
		return NULL;
	return out;
}
