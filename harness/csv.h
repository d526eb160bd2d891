/* CSV cells, RFC 4180: a field holding a comma, quote, CR or LF is quoted and its quotes
 * doubled; numbers use '.' whatever the locale (LC_NUMERIC is never consulted). */
#ifndef FB_CSV_H
#define FB_CSV_H
#include <stdint.h>
#include <stdio.h>

void csv_field(FILE *fp, const char *s);       /* one cell, escaped as needed */
void csv_double(FILE *fp, double v);           /* shortest round-trip-ish %.17g trimmed; empty if non-finite */
void csv_u64(FILE *fp, uint64_t v);
void csv_sep(FILE *fp);                        /* "," */
void csv_eol(FILE *fp);                        /* "\n" (LF line ends; RFC 4180 readers accept them) */
/* Formats v into buf locale-independently, as csv_double writes it. */
void csv_format_double(double v, char *buf, size_t len);

/* Reading (compare, scripts' fixtures): splits one record in place into at most max fields;
 * handles quoted fields with doubled quotes; a final LF or CRLF is not part of the last field.
 * Returns field count, -EINVAL (malformed: unterminated quote, junk after a closing quote, a
 * quote inside an unquoted field) or -E2BIG (more than max_fields fields). Records never span
 * lines here because forkbench never writes line breaks inside cells. */
int csv_split_record(char *line, char **fields, int max_fields);

#endif
