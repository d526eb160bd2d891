/* The one human name of a configuration (DESIGN §7): built here from the key columns and
 * nowhere else, written as the `config` column, shown by the table, the report, the charts and
 * compare. Leaves out the bench (rows are grouped by bench) and everything implied or empty. */
#ifndef FB_CONFIG_LABEL_H
#define FB_CONFIG_LABEL_H
#include <stddef.h>
#include <stdio.h>

#include "results.h"

/* Enough for every label forkbench writes: the key's text fields are bounded (results.h). */
#define CONFIG_LABEL_MAX 1024

/* Writes k's label into out: 0, or -ENOSPC when it did not fit (out then holds a truncated,
 * terminated label). The format is DESIGN §7's; within one bench, keys that differ in any
 * column but flags (implied by the method) give different labels, and an empty count reads
 * as 0 (nothing added to the parent). */
int config_label(const struct config_key *k, char *out, size_t len);

/* Fills *k from the key columns as written in a file (results_key_columns order): 0, or
 * -EINVAL for a count that is not a number or a cell too long for its field. */
int config_key_parse(const char *const *cells, struct config_key *k);

/* `forkbench label`: copies the CSV in (any forkbench file with the key columns: summary.csv,
 * skipped.csv, notes.csv, fits.csv, hyperfine.csv) to out with the `config` column right after
 * the key columns, so runs written before the column existed read like new ones. A file that
 * has it already is copied as it is. 0, or -errno with one line naming name and the line in
 * why. */
int config_label_csv(FILE *in, FILE *out, const char *name, char *why, size_t why_len);

#endif
