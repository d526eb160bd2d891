/* Parsers for what users type: sizes with 1024-based suffixes, bounded integers, positive
 * decimals, CPU lists, comma lists. Strict: no leading/trailing junk, no signs, no hex, no
 * fractions where a whole number is meant, overflow detected. Errors are -EINVAL/-ERANGE. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* Leading decimal digits of text into *out; returns the number of digits, or -ERANGE. */
static int parse_digits(const char *text, uint64_t *out)
{
	uint64_t v = 0;
	int i;

	for (i = 0; isdigit((unsigned char)text[i]); i++) {
		unsigned d = (unsigned)(text[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return i;
}

int parse_size_bytes(const char *text, uint64_t *out_bytes)
{
	static const struct {
		char suffix;
		unsigned shift;
	} units[] = { { 'K', 10 }, { 'M', 20 }, { 'G', 30 }, { 'T', 40 } };
	uint64_t v;
	unsigned shift = 0;
	const char *rest;
	int digits = parse_digits(text, &v);

	if (digits < 0)
		return digits;
	if (digits == 0)
		return -EINVAL;
	rest = text + digits;
	if (*rest) {
		size_t i;

		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (toupper((unsigned char)*rest) == units[i].suffix)
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -EINVAL;
		shift = units[i].shift;
		rest++;
		/* 64K, 64KB, 64KiB all mean 65536. */
		if (!strcmp(rest, "iB") || !strcmp(rest, "B"))
			rest += strlen(rest);
		if (*rest)
			return -EINVAL;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out_bytes = v << shift;
	return 0;
}

int parse_u64(const char *text, uint64_t min, uint64_t max, int allow_k_suffix, uint64_t *out)
{
	uint64_t v;
	int digits = parse_digits(text, &v);

	if (digits < 0)
		return digits;
	if (digits == 0)
		return -EINVAL;
	if (text[digits]) {
		if (!allow_k_suffix || (text[digits] != 'k' && text[digits] != 'K') ||
		    text[digits + 1])
			return -EINVAL;
		if (v > UINT64_MAX / 1000)
			return -ERANGE;
		v *= 1000;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_positive_double(const char *text, double *out)
{
	char *end;
	double v;

	/* strtod would accept leading blanks, hex, "inf" and "nan": rule them out first. */
	if (!text[0] || !(isdigit((unsigned char)text[0]) || text[0] == '.') ||
	    strpbrk(text, "xXpP"))
		return -EINVAL;
	errno = 0;
	v = strtod(text, &end);
	if (*end || errno)
		return -EINVAL;
	if (!isfinite(v) || v <= 0)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_cpu_list(const char *text, cpu_set_t *out)
{
	char buf[256], *save = NULL;
	int count = 0;

	if (!text[0] || strlen(text) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, text);
	if (buf[0] == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,"))
		return -EINVAL;
	CPU_ZERO(out);
	for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		uint64_t lo, hi;
		int n = parse_digits(item, &lo);

		if (n <= 0)
			return -EINVAL;
		hi = lo;
		if (item[n] == '-') {
			int m = parse_digits(item + n + 1, &hi);

			if (m <= 0 || item[n + 1 + m])
				return -EINVAL;
		} else if (item[n]) {
			return -EINVAL;
		}
		if (hi < lo)
			return -EINVAL;
		if (hi >= CPU_SETSIZE)
			return -ERANGE;
		for (uint64_t c = lo; c <= hi; c++, count++)
			CPU_SET((int)c, out);
	}
	return count ? 0 : -EINVAL;
}

int parse_split_list(const char *text, char *buf, size_t buf_len, char **items, int max_items)
{
	size_t len = strlen(text);
	int n = 0;
	char *p;

	if (len == 0 || len >= buf_len)
		return -EINVAL;
	memcpy(buf, text, len + 1);
	/* Items stay contiguous in buf, separated by NULs where the commas were. */
	for (p = buf;; p++) {
		char *comma = strchr(p, ',');

		if (n == max_items)
			return -E2BIG;
		items[n++] = p;
		if (!comma) {
			if (!*p)
				return -EINVAL;
			break;
		}
		if (comma == p)
			return -EINVAL;
		*comma = '\0';
		p = comma;
	}
	return n;
}

void parse_format_size(uint64_t bytes, char *out, size_t out_len)
{
	static const char suffix[] = "KMGT";
	int i;

	for (i = 4; i > 0; i--)
		if (bytes && bytes % (1ull << (10 * i)) == 0)
			break;
	if (i == 0)
		snprintf(out, out_len, "%llu", (unsigned long long)bytes);
	else
		snprintf(out, out_len, "%llu%c", (unsigned long long)(bytes >> (10 * i)),
			 suffix[i - 1]);
}
