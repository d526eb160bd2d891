/* CSV cells and records, RFC 4180 (DESIGN §7): quoting on write, splitting one record on read.
 * Numbers are formatted under a private "C" locale object, so LC_NUMERIC set by anyone in the
 * process never turns a '.' into a ','. Leaves out records spanning lines when reading. */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static locale_t csv_c_locale = (locale_t)0;
static pthread_once_t csv_locale_once = PTHREAD_ONCE_INIT;

static void csv_locale_init(void)
{
	/* glibc hands back its built-in C locale here: no allocation, nothing to free. */
	csv_c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

void csv_field(FILE *fp, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void csv_format_double(double v, char *buf, size_t len)
{
	locale_t old;

	if (!len)
		return;
	buf[0] = '\0';
	if (!isfinite(v))
		return;
	/* Most samples are whole nanoseconds or counts: print those as integers, exactly and
	 * without the locale dance below (a suite writes millions of them). */
	if (v == (double)(long long)v && fabs(v) < 9007199254740992.0) {
		snprintf(buf, len, "%lld", (long long)v);
		return;
	}
	pthread_once(&csv_locale_once, csv_locale_init);
	/* Without a C locale object there is no way to promise '.', so write nothing rather than
	 * a number a reader would misparse (newlocale of "C" does not fail in glibc). */
	if (!csv_c_locale)
		return;
	old = uselocale(csv_c_locale);
	/*
	 * The fewest significant digits (15..17) that read back to the same double: 0.1 stays
	 * "0.1" rather than %.17g's 0.10000000000000001, and nothing is lost for a reader that
	 * recomputes statistics from the file.
	 */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	uselocale(old);
}

void csv_double(FILE *fp, double v)
{
	char buf[40];

	csv_format_double(v, buf, sizeof(buf));
	fputs(buf, fp);
}

void csv_u64(FILE *fp, uint64_t v)
{
	/* Integer conversions never group digits without the ' flag: locale-independent. */
	fprintf(fp, "%" PRIu64, v);
}

void csv_sep(FILE *fp)
{
	fputc(',', fp);
}

void csv_eol(FILE *fp)
{
	fputc('\n', fp);
}

/* True at the end of the record: the string's end, or a final LF / CRLF. */
static int csv_at_end(const char *p)
{
	return !p[0] || (p[0] == '\n' && !p[1]) || (p[0] == '\r' && p[1] == '\n' && !p[2]);
}

int csv_split_record(char *line, char **fields, int max_fields)
{
	char *p = line;
	int count = 0;

	if (!line || max_fields <= 0)
		return -EINVAL;
	for (;;) {
		char *start = p, *out = p;

		if (count == max_fields)
			return -E2BIG;
		if (*p == '"') {
			/* Quoted: copy down over the opening quote, collapsing doubled quotes. */
			for (p++;; p++) {
				if (!*p)
					return -EINVAL; /* unterminated */
				if (*p == '"') {
					if (p[1] != '"')
						break;
					p++;
				}
				*out++ = *p;
			}
			p++; /* the closing quote */
			if (*p != ',' && !csv_at_end(p))
				return -EINVAL; /* junk after the closing quote */
		} else {
			while (*p != ',' && !csv_at_end(p)) {
				/* RFC 4180: no quotes inside an unquoted field. */
				if (*p == '"')
					return -EINVAL;
				p++;
			}
			out = p;
		}
		fields[count++] = start;
		if (*p == ',') {
			*out = '\0';
			p++;
			continue;
		}
		*out = '\0';
		return count;
	}
}
