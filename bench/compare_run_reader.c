/* Reads a run directory back for `forkbench compare`: meta.json flattened by json_flatten
 * (json.c), and the summary.csv/samples.csv readers built on csv_split_record. It checks form
 * and consistency only; what the numbers mean is compare's business. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "compare_run_reader.h"
#include "results.h"
#include "samples_gz.h"
#include "sysinfo.h"

#define META_MAX_BYTES (16u << 20)
#define CSV_MAX_FIELDS 64

const char *const run_reader_key_names[RUN_READER_KEY_COLUMNS] = {
	"bench", "method", "flags", "exec", "rss_bytes", "touch", "rss_kind",
	"threads", "fds", "vmas", "thp", "cpu", "variant",
};

/* ---- CSV ---- */

static locale_t c_locale(void)
{
	static locale_t loc;

	/* glibc returns its static C locale object for "C": cheap, never freed. */
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

/* A number as the writers write it: '.' decimal point whatever the locale; "" is NAN. */
static int parse_number(const char *s, double *out)
{
	char *end;

	if (!*s) {
		*out = NAN;
		return 0;
	}
	errno = 0;
	*out = strtod_l(s, &end, c_locale());
	if (*end || end == s || (errno == ERANGE && isinf(*out)))
		return -EINVAL;
	return 0;
}

/* Column indexes found by name in a header record; -1 where absent. */
struct columns {
	int key[RUN_READER_KEY_COLUMNS];
	int metric, unit, n, min, median, max, ci95_low, ci95_high, mean, stddev, converged, value;
	int ci_level;
	int reps, rep;
};

static int find_column(char **fields, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (!strcmp(fields[i], name))
			return i;
	return -1;
}

static void map_columns(char **f, int count, struct columns *c)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		c->key[i] = find_column(f, count, run_reader_key_names[i]);
	c->metric = find_column(f, count, "metric");
	c->unit = find_column(f, count, "unit");
	c->n = find_column(f, count, "n");
	c->min = find_column(f, count, "min");
	c->median = find_column(f, count, "median");
	c->max = find_column(f, count, "max");
	c->ci95_low = find_column(f, count, "ci95_low");
	c->ci95_high = find_column(f, count, "ci95_high");
	c->mean = find_column(f, count, "mean");
	c->stddev = find_column(f, count, "stddev");
	c->converged = find_column(f, count, "converged");
	c->ci_level = find_column(f, count, "ci_level");
	c->value = find_column(f, count, "value");
	c->reps = find_column(f, count, "reps");
	c->rep = find_column(f, count, "rep");
}

/* The first of the named columns that is missing, or NULL. */
static const char *missing_column(const struct columns *c, bool samples)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		if (c->key[i] < 0 && !results_key_optional((size_t)i))
			return run_reader_key_names[i];
	if (c->metric < 0)
		return "metric";
	if (c->unit < 0)
		return "unit";
	if (samples)
		return c->value < 0 ? "value" : NULL;
	if (c->n < 0)
		return "n";
	if (c->median < 0)
		return "median";
	if (c->ci95_low < 0)
		return "ci95_low";
	if (c->ci95_high < 0)
		return "ci95_high";
	return NULL;
}

/* The key cells of record f: a column older runs lack (rss_kind) reads as what they meant
 * (DESIGN §7), so an old run's rows pair with a new run's anon rows. */
static void key_cells(const struct columns *c, char **f, char **key)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		key[i] = c->key[i] >= 0 ? f[c->key[i]]
					: (char *)results_key_absent_cell((size_t)i, f[c->key[K_RSS_BYTES]],
									  f[c->key[K_TOUCH]]);
}

/* ---- configuration lookup: open addressing over "key cells US metric" ---- */

struct index {
	size_t *slots; /* row index + 1; 0 = empty */
	size_t mask;
};

static uint64_t hash_row(char **key, const char *metric)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (int i = 0; i <= RUN_READER_KEY_COLUMNS; i++) {
		const char *s = i < RUN_READER_KEY_COLUMNS ? key[i] : metric;

		for (; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;
	}
	return h;
}

static bool row_matches(const struct run_reader_row *r, char **key, const char *metric)
{
	for (int i = 0; i < RUN_READER_KEY_COLUMNS; i++)
		if (strcmp(r->key[i], key[i]))
			return false;
	return !strcmp(r->metric, metric);
}

/* The slot holding the matching row, or the empty slot where it would go. */
static size_t *index_slot(struct index *ix, const struct run_reader_run *run, char **key,
			  const char *metric)
{
	size_t i = (size_t)hash_row(key, metric) & ix->mask;

	while (ix->slots[i] && !row_matches(&run->rows[ix->slots[i] - 1], key, metric))
		i = (i + 1) & ix->mask;
	return &ix->slots[i];
}

static int index_build(struct index *ix, struct run_reader_run *run, size_t *dup_row)
{
	size_t cap = 16;

	while (cap < 2 * run->row_count)
		cap *= 2;
	ix->slots = calloc(cap, sizeof(*ix->slots));
	if (!ix->slots)
		return -ENOMEM;
	ix->mask = cap - 1;
	for (size_t r = 0; r < run->row_count; r++) {
		size_t *slot = index_slot(ix, run, run->rows[r].key, run->rows[r].metric);

		if (*slot) {
			*dup_row = r;
			return -EEXIST;
		}
		*slot = r + 1;
	}
	return 0;
}

/* ---- files ---- */

static int fail(char *why, size_t why_len, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t why_len, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return err;
}

static int read_meta(struct run_reader_run *run, char *why, size_t why_len)
{
	char path[4200], expected[16], *text = NULL;
	const char *schema;
	size_t len = 0, off = 0;
	FILE *fp;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/meta.json", run->dir);
	fp = fopen(path, "re");
	if (!fp)
		return fail(why, why_len, errno == ENOENT ? -ENOENT : -errno,
			    "%s: not a run directory (%s: %s)", run->dir, path, strerror(errno));
	text = malloc(META_MAX_BYTES + 1);
	if (!text) {
		ret = -ENOMEM;
		goto out;
	}
	len = fread(text, 1, META_MAX_BYTES + 1, fp);
	if (ferror(fp)) {
		ret = fail(why, why_len, -EIO, "%s: read error", path);
		goto out;
	}
	if (len > META_MAX_BYTES) {
		ret = fail(why, why_len, -EINVAL, "%s: larger than %u bytes", path, META_MAX_BYTES);
		goto out;
	}
	ret = json_flatten(text, len, &run->meta, &off);
	if (ret == -EINVAL) {
		fail(why, why_len, ret, "%s: malformed JSON at byte %zu", path, off);
		goto out;
	}
	if (ret)
		goto out;
	schema = json_flat_get(&run->meta, "schema_version");
	snprintf(expected, sizeof(expected), "%d", FORKBENCH_SCHEMA_VERSION);
	if (!schema) {
		ret = fail(why, why_len, -EINVAL, "%s: no schema_version", path);
	} else if (strcmp(schema, expected)) {
		ret = fail(why, why_len, -EINVAL,
			   "%s: schema_version %s, but this forkbench reads version %d", path,
			   schema, FORKBENCH_SCHEMA_VERSION);
	}
out:
	free(text);
	fclose(fp);
	return ret;
}

static int add_row(struct run_reader_run *run, struct run_reader_row **out)
{
	if (run->row_count == run->row_cap) {
		size_t cap = run->row_cap ? 2 * run->row_cap : 64;
		struct run_reader_row *rows = realloc(run->rows, cap * sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		run->rows = rows;
		run->row_cap = cap;
	}
	*out = &run->rows[run->row_count++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int cell_number(char **f, int col, const char **bad, const char *name, double *dst)
{
	if (col < 0) {
		*dst = NAN;
		return 0;
	}
	if (parse_number(f[col], dst)) {
		*bad = name;
		return -EINVAL;
	}
	return 0;
}

/* One summary.csv record (already split) into a new row that takes ownership of line. */
static int summary_row(struct run_reader_run *run, const struct columns *c, char **f, char *line,
		       const char **bad)
{
	struct run_reader_row *r;
	double n;
	int ret = add_row(run, &r);

	if (ret)
		return ret;
	r->line_ = line;
	key_cells(c, f, r->key);
	r->metric = f[c->metric];
	r->unit = f[c->unit];
	if (!r->metric[0]) {
		*bad = "metric";
		return -EINVAL;
	}
	if (cell_number(f, c->n, bad, "n", &n) || !(n >= 1) || n != floor(n)) {
		*bad = "n";
		return -EINVAL;
	}
	r->n = (size_t)n;
	if (cell_number(f, c->reps, bad, "reps", &n) || (!isnan(n) && !(n >= 0 && n == floor(n)))) {
		*bad = "reps";
		return -EINVAL;
	}
	r->reps = isnan(n) ? 0 : (size_t)n;
	if (cell_number(f, c->min, bad, "min", &r->min) ||
	    cell_number(f, c->median, bad, "median", &r->median) ||
	    cell_number(f, c->max, bad, "max", &r->max) ||
	    cell_number(f, c->ci95_low, bad, "ci95_low", &r->ci95_low) ||
	    cell_number(f, c->ci95_high, bad, "ci95_high", &r->ci95_high) ||
	    cell_number(f, c->mean, bad, "mean", &r->mean) ||
	    cell_number(f, c->stddev, bad, "stddev", &r->stddev) ||
	    cell_number(f, c->ci_level, bad, "ci_level", &r->ci_level))
		return -EINVAL;
	if (isnan(r->median)) {
		*bad = "median";
		return -EINVAL;
	}
	r->converged = -1;
	if (c->converged >= 0 && !strcmp(f[c->converged], "true"))
		r->converged = 1;
	else if (c->converged >= 0 && !strcmp(f[c->converged], "false"))
		r->converged = 0;
	else if (c->converged >= 0 && f[c->converged][0]) {
		*bad = "converged";
		return -EINVAL;
	}
	return 0;
}

/* Reads the header, then hands each record to the caller. Line numbers are 1-based. */
struct csv_file {
	FILE *fp;
	char path[4200];
	char *line;
	size_t line_cap;
	size_t line_no;
	char *fields[CSV_MAX_FIELDS];
	int count;
};

/* Next non-empty record split into cf->fields: 1, 0 at the end, or -errno. */
static int csv_next(struct csv_file *cf)
{
	while (getline(&cf->line, &cf->line_cap, cf->fp) > 0) {
		cf->line_no++;
		if (cf->line[0] == '\n' || (cf->line[0] == '\r' && cf->line[1] == '\n'))
			continue;
		cf->count = csv_split_record(cf->line, cf->fields, CSV_MAX_FIELDS);
		return cf->count < 0 ? cf->count : 1;
	}
	return ferror(cf->fp) ? -EIO : 0;
}

/* The header of cf: its columns mapped into c, every one a summary (or, with samples, a
 * samples.csv) needs present. 0, or -EINVAL with why. */
static int read_header(struct csv_file *cf, struct columns *c, bool samples, char *why,
		       size_t why_len)
{
	const char *miss;
	int ret = csv_next(cf);

	/* The callers use c only when this returns 0, so the failures return -EINVAL themselves
	 * rather than fail()'s value: the static analyzer does not look into a variadic function,
	 * assumed fail() could return 0 and read the unmapped columns (c.key[] uninitialised). */
	if (ret <= 0) {
		fail(why, why_len, -EINVAL, "%s: %s", cf->path,
		     ret ? "malformed header" : "empty file (no header)");
		return -EINVAL;
	}
	map_columns(cf->fields, cf->count, c);
	miss = missing_column(c, samples);
	if (miss) {
		fail(why, why_len, -EINVAL, "%s: no column '%s' in the header", cf->path, miss);
		return -EINVAL;
	}
	return 0;
}

static int read_summary(struct run_reader_run *run, char *why, size_t why_len)
{
	struct csv_file cf = { 0 };
	struct columns c;
	const char *bad = NULL;
	int ret, width;

	snprintf(cf.path, sizeof(cf.path), "%s/summary.csv", run->dir);
	cf.fp = fopen(cf.path, "re");
	if (!cf.fp)
		return fail(why, why_len, errno == ENOENT ? -ENOENT : -errno,
			    "%s: not a run directory (%s: %s)", run->dir, cf.path, strerror(errno));
	ret = read_header(&cf, &c, false, why, why_len);
	if (ret)
		goto out;
	width = cf.count;
	while ((ret = csv_next(&cf)) > 0) {
		char *owned = cf.line;

		if (cf.count != width) {
			ret = fail(why, why_len, -EINVAL,
				   "%s: line %zu: %d fields, the header has %d", cf.path,
				   cf.line_no, cf.count, width);
			goto out;
		}
		/* The row keeps this line's buffer (its strings point into it): take a new one. */
		cf.line = NULL;
		cf.line_cap = 0;
		ret = summary_row(run, &c, cf.fields, owned, &bad);
		if (ret == -EINVAL) {
			ret = fail(why, why_len, ret, "%s: line %zu: bad value in column '%s'",
				   cf.path, cf.line_no, bad);
			goto out;
		}
		if (ret) {
			free(owned);
			goto out;
		}
	}
	if (ret < 0)
		fail(why, why_len, ret, "%s: line %zu: %s", cf.path, cf.line_no,
		     ret == -EINVAL || ret == -E2BIG ? "malformed CSV record" : strerror(-ret));
out:
	free(cf.line);
	fclose(cf.fp);
	return ret < 0 ? ret : 0;
}

/* rep < 0: the file has no rep column, and the row keeps no repetition numbers. */
static int push_sample(struct run_reader_row *r, double v, long rep)
{
	if (r->sample_count == r->sample_cap) {
		size_t cap = r->sample_cap ? 2 * r->sample_cap : (r->n ? r->n : 16);
		double *s = realloc(r->samples, cap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		r->samples = s;
		if (rep >= 0) {
			unsigned *reps = realloc(r->sample_reps, cap * sizeof(*reps));

			if (!reps)
				return -ENOMEM;
			r->sample_reps = reps;
		}
		r->sample_cap = cap;
	}
	if (rep >= 0)
		r->sample_reps[r->sample_count] = (unsigned)rep;
	r->samples[r->sample_count++] = v;
	return 0;
}

/* samples.csv.gz, read up to the length meta.json records (DESIGN §7), or the plain samples.csv
 * of a run written before it; neither: cf->fp stays NULL. 0 or -errno with why. */
static int open_samples(const struct run_reader_run *run, struct csv_file *cf,
			struct samples_gz_tail *tail, char *why, size_t why_len)
{
	const char *valid = json_flat_get(&run->meta, "files.samples_valid_bytes");
	uint64_t limit_bytes = UINT64_MAX;
	char *end;

	if (valid) {
		errno = 0;
		limit_bytes = strtoull(valid, &end, 10);
		/* strtoull takes "-1" as the largest count: a length is never negative. */
		if (errno || end == valid || *end || valid[0] == '-')
			return fail(why, why_len, -EINVAL,
				    "%s/meta.json: files.samples_valid_bytes is '%s', not a byte count",
				    run->dir, valid);
	}
	snprintf(cf->path, sizeof(cf->path), "%s/%s", run->dir, SAMPLES_GZ_NAME);
	cf->fp = samples_gz_fopen(cf->path, limit_bytes, tail, why, why_len);
	if (cf->fp || errno != ENOENT || access(cf->path, F_OK) == 0)
		return cf->fp ? 0 : -(errno ? errno : EIO);
	why[0] = '\0';
	snprintf(cf->path, sizeof(cf->path), "%s/samples.csv", run->dir);
	cf->fp = fopen(cf->path, "re");
	if (!cf->fp && errno != ENOENT)
		return fail(why, why_len, -errno, "%s: %s", cf->path, strerror(errno));
	return 0;
}

static int read_samples(struct run_reader_run *run, char *why, size_t why_len)
{
	struct samples_gz_tail tail = { 0 };
	struct csv_file cf = { 0 };
	size_t unlisted = 0;
	struct index ix = { 0 };
	struct columns c;
	size_t dup = 0;
	int ret, width;

	ret = index_build(&ix, run, &dup);
	if (ret == -EEXIST) {
		ret = fail(why, why_len, -EINVAL,
			   "%s/summary.csv: configuration %s/%s metric %s appears twice", run->dir,
			   run->rows[dup].key[0], run->rows[dup].key[1], run->rows[dup].metric);
		goto out;
	}
	if (ret)
		goto out;
	ret = open_samples(run, &cf, &tail, why, why_len);
	if (ret || !cf.fp)
		goto out; /* no samples file: compare uses the summary alone */
	run->has_samples = true;
	ret = read_header(&cf, &c, true, why, why_len);
	if (ret)
		goto out;
	width = cf.count;
	while ((ret = csv_next(&cf)) > 0) {
		char *key[RUN_READER_KEY_COLUMNS];
		struct run_reader_row *r;
		size_t *slot;
		long rep;
		double v;

		if (cf.count != width) {
			ret = fail(why, why_len, -EINVAL,
				   "%s: line %zu: %d fields, the header has %d", cf.path,
				   cf.line_no, cf.count, width);
			goto out;
		}
		key_cells(&c, cf.fields, key);
		slot = index_slot(&ix, run, key, cf.fields[c.metric]);
		if (!*slot) {
			/* A configuration that failed in a later repetition: its earlier
			 * repetitions' samples stay in the file, the summary drops it (DESIGN §7). */
			unlisted++;
			continue;
		}
		r = &run->rows[*slot - 1];
		if (parse_number(cf.fields[c.value], &v) || isnan(v)) {
			ret = fail(why, why_len, -EINVAL, "%s: line %zu: bad value '%s'", cf.path,
				   cf.line_no, cf.fields[c.value]);
			goto out;
		}
		if (strcmp(cf.fields[c.unit], r->unit)) {
			ret = fail(why, why_len, -EINVAL,
				   "%s: line %zu: unit '%s', summary.csv says '%s'", cf.path,
				   cf.line_no, cf.fields[c.unit], r->unit);
			goto out;
		}
		rep = -1;
		if (c.rep >= 0) {
			double d;

			if (parse_number(cf.fields[c.rep], &d) ||
			    (!isnan(d) && !(d >= 0 && d <= UINT_MAX && d == floor(d)))) {
				ret = fail(why, why_len, -EINVAL, "%s: line %zu: bad rep '%s'",
					   cf.path, cf.line_no, cf.fields[c.rep]);
				goto out;
			}
			rep = isnan(d) ? 0 : (long)d;
		}
		ret = push_sample(r, v, rep);
		if (ret)
			goto out;
	}
	if (ret < 0) {
		fail(why, why_len, ret, "%s: line %zu: %s", cf.path, cf.line_no,
		     ret == -EINVAL || ret == -E2BIG ? "malformed CSV record" : strerror(-ret));
		goto out;
	}
	if (unlisted)
		fprintf(stderr,
			"forkbench compare: %s: %zu samples of configurations summary.csv does not "
			"list ignored (failed in a later repetition: see skipped.csv)\n",
			cf.path, unlisted);
	if (tail.ignored_bytes) {
		char text[4400];

		samples_gz_tail_text(&tail, cf.path, text, sizeof(text));
		fprintf(stderr, "forkbench compare: %s\n", text);
	}
	/* Every summary row must have exactly its n samples: otherwise the files are from
	 * different runs, or one was cut short. */
	for (size_t i = 0; i < run->row_count; i++) {
		struct run_reader_row *r = &run->rows[i];

		if (r->sample_count != r->n) {
			ret = fail(why, why_len, -EINVAL,
				   "%s: %zu samples for %s/%s metric %s, summary.csv says n=%zu",
				   cf.path, r->sample_count, r->key[0], r->key[1], r->metric, r->n);
			goto out;
		}
	}
out:
	free(ix.slots);
	free(cf.line);
	if (cf.fp)
		fclose(cf.fp);
	return ret < 0 ? ret : 0;
}

void run_reader_free(struct run_reader_run *r)
{
	for (size_t i = 0; i < r->row_count; i++) {
		free(r->rows[i].samples);
		free(r->rows[i].sample_reps);
		free(r->rows[i].line_);
	}
	free(r->rows);
	json_flat_free(&r->meta);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}

int run_reader_open(const char *dir, struct run_reader_run *out, char *why, size_t why_len)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (why_len)
		why[0] = '\0';
	out->dir = strdup(dir);
	if (!out->dir)
		return -ENOMEM;
	ret = read_meta(out, why, why_len);
	if (!ret)
		ret = read_summary(out, why, why_len);
	if (!ret)
		ret = read_samples(out, why, why_len);
	if (ret) {
		if (!why[0] && why_len)
			snprintf(why, why_len, "%s: %s", dir, strerror(-ret));
		run_reader_free(out);
	}
	return ret;
}
