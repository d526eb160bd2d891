/* The metadata differences `forkbench compare` prints first (a "regression" between a VM and
 * bare metal is not a regression): the meta.json fields whose values differ, with long values
 * (the kernel command line, 500+ columns) cut down to the words that differ. It leaves out the
 * fields that differ between any two runs and say nothing about the machine. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* Fields that differ between any two runs and say nothing about the machine; an entry ending in
 * '.' or '[' is a whole object or array (files.*: the run's own bookkeeping of its files;
 * full_sweeps[]: sweep --full's probe and points, a plan of hundreds of fields whose limits
 * show as the skipped points: DESIGN §7, §8). */
static const char *const meta_ignored[] = {
	"run_id", "started_utc", "finished_utc", "memory_available_bytes", "timer_overhead_ns",
	"files.", "full_sweeps[",
};

/* A value cell's widest: field, A and B then fit in about 120 columns. */
#define META_VALUE_WIDTH 40

static bool meta_is_ignored(const char *key)
{
	for (size_t i = 0; i < sizeof(meta_ignored) / sizeof(meta_ignored[0]); i++)
		if (!strcmp(key, meta_ignored[i]) ||
		    (strchr(".[", meta_ignored[i][strlen(meta_ignored[i]) - 1]) &&
		     !strncmp(key, meta_ignored[i], strlen(meta_ignored[i]))))
			return true;
	return false;
}

/* The words of text (split at spaces) as [start, end) offsets; *count of them. */
static size_t *split_words(const char *text, size_t *count)
{
	size_t len = strlen(text), *w = malloc((len + 1) * sizeof(*w)), n = 0;

	if (!w)
		return NULL;
	for (size_t i = 0; i < len;) {
		while (i < len && text[i] == ' ')
			i++;
		if (i == len)
			break;
		w[n] = i;
		while (i < len && text[i] != ' ')
			i++;
		w[n + 1] = i;
		n += 2;
	}
	*count = n / 2;
	return w;
}

static bool same_word(const char *x, const size_t *wx, size_t i, const char *y,
		      const size_t *wy, size_t j)
{
	size_t lx = wx[2 * i + 1] - wx[2 * i], ly = wy[2 * j + 1] - wy[2 * j];

	return lx == ly && !memcmp(x + wx[2 * i], y + wy[2 * j], lx);
}

/* Cut s to at most max_width columns, the last one "…" where it was cut. */
static char *cut_to_width(char *s, size_t max_width)
{
	size_t cols = 0, i = 0;

	if (text_width(s) <= max_width)
		return s;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (cols++ == max_width - 1)
			break;
	}
	s[i] = '\0';
	char *t = fmt_alloc("%s…", s);

	free(s);
	return t;
}

char *meta_shorten(const char *value, const char *other, size_t max_width)
{
	size_t nv = 0, no = 0, pre = 0, suf = 0, *wv, *wo;
	char *out = NULL;

	if (text_width(value) <= max_width || !other)
		return cut_to_width(strdup(value), max_width);
	wv = split_words(value, &nv);
	wo = split_words(other, &no);
	if (!wv || !wo || !nv)
		goto out;
	while (pre < nv && pre < no && same_word(value, wv, pre, other, wo, pre))
		pre++;
	while (suf < nv - pre && suf < no - pre &&
	       same_word(value, wv, nv - 1 - suf, other, wo, no - 1 - suf))
		suf++;
	/* A word only in the other value leaves nothing of this one in between: keep the word
	 * before the gap, so both sides show where it is. Both sides decide alike. */
	if (pre && (nv - suf == pre || no - suf == pre))
		pre--;
	size_t from = nv > pre ? wv[2 * pre] : strlen(value);
	size_t to = nv - suf > pre ? wv[2 * (nv - suf - 1) + 1] : from;

	out = fmt_alloc("%s%.*s%s", pre ? "… " : "", (int)(to - from), value + from,
			suf ? " …" : "");
out:
	free(wv);
	free(wo);
	return out ? cut_to_width(out, max_width) : cut_to_width(strdup(value), max_width);
}

static int add_diff(struct table *t, const char *key, const char *va, const char *vb)
{
	const char *a = va ? va : "(absent)", *b = vb ? vb : "(absent)";

	return table_add(t, strdup(key), meta_shorten(a, vb, META_VALUE_WIDTH),
			 meta_shorten(b, va, META_VALUE_WIDTH), strdup(""), strdup(""));
}

/* Every key of A, then those only in B, whose values differ. */
int meta_diff(const struct run_reader_run *ra, const struct run_reader_run *rb,
	      struct table *t)
{
	const struct run_reader_run *runs[2] = { ra, rb };
	int ret = 0;

	for (int side = 0; side < 2 && !ret; side++) {
		const struct json_flat *m = &runs[side]->meta;

		for (size_t i = 0; i < m->count && !ret; i++) {
			const char *key = m->items[i].key;
			const char *va = json_flat_get(&ra->meta, key);
			const char *vb = json_flat_get(&rb->meta, key);

			if (meta_is_ignored(key) || (side == 1 && va))
				continue;
			/* A key given twice: compare and print it once, at its last place. */
			if (json_flat_get(m, key) != m->items[i].value)
				continue;
			if (va && vb && !strcmp(va, vb))
				continue;
			ret = add_diff(t, key, va, vb);
		}
	}
	return ret;
}
