/* config_label: the label of a configuration, from its key columns, and the `forkbench label`
 * filter that adds it to files written before the `config` column existed (DESIGN §7). Every
 * table, report, chart and comparison shows this label; none builds its own. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config_label.h"
#include "csv.h"

struct label_buf {
	char *out;
	size_t len, pos;
	bool truncated;
};

static void label_put(struct label_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void label_put(struct label_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->truncated)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->out + b->pos, b->len - b->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->len - b->pos) {
		b->truncated = true;
		return;
	}
	b->pos += (size_t)n;
}

/* " NAME=64M": sizes the way they are typed on the command line (powers of 1024), exact. */
static void label_size(struct label_buf *b, const char *name, uint64_t bytes)
{
	static const char suffix[] = "KMGTPE";
	int i = -1;

	while (bytes && bytes % 1024 == 0 && i < 5) {
		bytes /= 1024;
		i++;
	}
	if (i < 0)
		label_put(b, " %s=%" PRIu64, name, bytes);
	else
		label_put(b, " %s=%" PRIu64 "%c", name, bytes, suffix[i]);
}

/* A count of things added to the parent: nothing to say when none were (0 or empty). */
static void label_count(struct label_buf *b, const char *name, uint64_t v)
{
	if (v && v != KEY_NA)
		label_put(b, " %s=%" PRIu64, name, v);
}

/* static, dynamic and paths stand alone after the method ("fork+exec static"); anything else
 * is named, so it cannot be read as one of the words that follow. */
static bool exec_bare(const char *exec)
{
	return (!strcmp(exec, "static") || !strcmp(exec, "dynamic") || strchr(exec, '/')) &&
	       !strchr(exec, ' ');
}

/*
 * METHOD [EXEC] [rss=SIZE] [touched|untouched] [KIND] [threads=N] [fds=N] [vmas=N] [thp=MODE]
 * [cpu=LIST] [VARIANT], in key column order. flags is left out: the method names it (a
 * method-less row shows its flags instead). rss shows when it is not 0, or when touch is set
 * (sweep's rss=0 point of the touched line differs from the untouched one's). KIND is the
 * rss_kind (shmem, file, hugetlb), left out for anon where there is a region: a run made before
 * the column existed reads as anon (DESIGN §7), so its labels stay what they were and agree
 * with a new run's of the same configuration.
 */
/* Every label fits CONFIG_LABEL_MAX, so callers that size their buffer by it never truncate:
 * the text cells (method or flags, exec, cpu, variant), five numbers of at most 20 digits with
 * their names, touch and thp words, and the separators. */
#define KEY_TEXT_BYTES(f) (sizeof(((struct config_key *)0)->f))
_Static_assert(CONFIG_LABEL_MAX > KEY_TEXT_BYTES(flags) + KEY_TEXT_BYTES(exec) +
					  KEY_TEXT_BYTES(cpu) + KEY_TEXT_BYTES(variant) +
					  KEY_TEXT_BYTES(rss_kind) + 10 + 5 * (20 + 8) + 16 + 16 + 16,
	       "CONFIG_LABEL_MAX too small for the longest key");

/* The region's kind: a bare word, except anon where the key has a region (the only kind there
 * was before the column, so old and new labels agree); a kind forkbench does not know is
 * named, so it cannot be read as a variant. */
static void label_kind(struct label_buf *b, const struct config_key *k)
{
	static const char *const words[] = { "anon", "shmem", "file", "hugetlb" };
	bool region = k->touch[0] || (k->rss_bytes && k->rss_bytes != KEY_NA);

	if (!k->rss_kind[0] || (region && !strcmp(k->rss_kind, "anon")))
		return;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(k->rss_kind, words[i])) {
			label_put(b, " %s", words[i]);
			return;
		}
	label_put(b, " rss_kind=%s", k->rss_kind);
}

int config_label(const struct config_key *k, char *out, size_t len)
{
	struct label_buf b = { .out = out, .len = len };

	if (!len)
		return -ENOSPC;
	out[0] = '\0';
	label_put(&b, "%s", k->method[0] ? k->method : k->flags[0] ? k->flags : "-");
	if (k->exec[0])
		label_put(&b, exec_bare(k->exec) ? " %s" : " exec=%s", k->exec);
	if (k->rss_bytes != KEY_NA && (k->rss_bytes || k->touch[0]))
		label_size(&b, "rss", k->rss_bytes);
	if (!strcmp(k->touch, "yes"))
		label_put(&b, " touched");
	else if (!strcmp(k->touch, "no"))
		label_put(&b, " untouched");
	else if (k->touch[0])
		label_put(&b, " touch=%s", k->touch);
	label_kind(&b, k);
	label_count(&b, "threads", k->threads);
	label_count(&b, "fds", k->fds);
	label_count(&b, "vmas", k->vmas);
	if (k->thp[0])
		label_put(&b, " thp=%s", k->thp);
	if (k->cpu[0])
		label_put(&b, " cpu=%s", k->cpu);
	if (k->variant[0])
		label_put(&b, " %s", k->variant);
	return b.truncated ? -ENOSPC : 0;
}

int config_key_parse(const char *const *cells, struct config_key *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < results_key_column_count; i++)
		if (results_key_set(k, i, cells[i]))
			return -EINVAL;
	return 0;
}

#define LABEL_MAX_FIELDS 128
#define LABEL_MAX_KEYS 16 /* more than results_key_column_count */

static int label_fail(char *why, size_t why_len, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int label_fail(char *why, size_t why_len, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return ret;
}

/* One record with the label cell inserted before field at (at == count: at the end). */
static void label_put_record(FILE *out, char **f, int count, int at, const char *label)
{
	for (int i = 0; i <= count; i++) {
		if (i)
			csv_sep(out);
		if (i == at)
			csv_field(out, label);
		else
			csv_field(out, f[i < at ? i : i - 1]);
	}
	csv_eol(out);
}

/* Whether the header record line names a config column (line is left as it was). */
static bool label_has_config(const char *line)
{
	char *copy = strdup(line), *f[LABEL_MAX_FIELDS];
	int count = copy ? csv_split_record(copy, f, LABEL_MAX_FIELDS) : -ENOMEM;
	bool found = false;

	for (int i = 0; i < count; i++)
		found |= !strcmp(f[i], "config");
	free(copy);
	return found;
}

int config_label_csv(FILE *in, FILE *out, const char *name, char *why, size_t why_len)
{
	char *line = NULL, *f[LABEL_MAX_FIELDS], label[CONFIG_LABEL_MAX];
	const char *cells[LABEL_MAX_KEYS], *rss, *touch;
	int col[LABEL_MAX_KEYS], count, nh = 0, at = 0, ret = 0;
	bool labelled = false;
	struct config_key k;
	size_t cap = 0, lineno = 0;

	if (results_key_column_count > LABEL_MAX_KEYS)
		return label_fail(why, why_len, -EINVAL, "%s: too many key columns", name);
	while (getline(&line, &cap, in) > 0) {
		lineno++;
		if (!line[strspn(line, "\r\n")]) {
			/* A blank line: the scripts skip it; kept, so later line numbers stay right. */
			fputs(line, out);
			continue;
		}
		if (labelled || (!nh && strstr(line, "config") && label_has_config(line))) {
			/* The file has its labels: copy it as it is. */
			labelled = true;
			fputs(line, out);
			continue;
		}
		count = csv_split_record(line, f, LABEL_MAX_FIELDS);
		if (count < 0) {
			ret = label_fail(why, why_len, -EINVAL, "%s:%zu: malformed CSV", name, lineno);
			goto out;
		}
		if (!nh) {
			nh = count;
			for (size_t i = 0; i < results_key_column_count; i++) {
				col[i] = -1;
				for (int j = 0; j < count; j++)
					if (!strcmp(f[j], results_key_columns[i]))
						col[i] = j;
				if (col[i] < 0 && !results_key_optional(i)) {
					ret = label_fail(why, why_len, -EINVAL,
							 "%s: no column '%s' in the header", name,
							 results_key_columns[i]);
					goto out;
				}
				if (col[i] >= at)
					at = col[i] + 1;
			}
			label_put_record(out, f, count, at, "config");
			continue;
		}
		if (count != nh) {
			ret = label_fail(why, why_len, -EINVAL, "%s:%zu: %d fields, the header has %d",
					 name, lineno, count, nh);
			goto out;
		}
		rss = f[col[results_key_index("rss_bytes")]];
		touch = f[col[results_key_index("touch")]];
		/* A column older runs lack (rss_kind) reads as what they meant (DESIGN §7). */
		for (size_t i = 0; i < results_key_column_count; i++)
			cells[i] = col[i] >= 0 ? f[col[i]] : results_key_absent_cell(i, rss, touch);
		if (config_key_parse(cells, &k)) {
			ret = label_fail(why, why_len, -EINVAL, "%s:%zu: a key cell is malformed",
					 name, lineno);
			goto out;
		}
		if (config_label(&k, label, sizeof(label))) {
			ret = label_fail(why, why_len, -ENOSPC, "%s:%zu: the label does not fit",
					 name, lineno);
			goto out;
		}
		label_put_record(out, f, count, at, label);
	}
	if (ferror(in))
		ret = label_fail(why, why_len, -EIO, "%s: read error", name);
	else if (!nh && !labelled)
		ret = label_fail(why, why_len, -EINVAL, "%s: empty file (no header)", name);
out:
	free(line);
	return ret;
}
