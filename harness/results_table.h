/* The terminal view of a run: one aligned row per configuration and time metric. */
#ifndef FB_RESULTS_TABLE_H
#define FB_RESULTS_TABLE_H
#include <stdio.h>

#include "results.h"

void results_print_table(FILE *fp, const struct run_results *r);

#endif
