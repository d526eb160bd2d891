/* The command line of `forkbench compare RUN_A RUN_B [RUN_C ...]`: options (--alpha,
 * --threshold, --ci, --ignore, --seed, --markdown, --csv, --all, --fail-on), usage, and
 * compare_main, which reads the runs, refuses ambiguous pairings, prints each run against A
 * (compare_print.c) and applies the --fail-on gate to the exit status. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare_stats.h"

#define EXIT_BAD_INPUT 2
#define EXIT_GATE_FAILED 1

/* ---- command line ---- */

static int parse_double_arg(const char *opt, const char *text, double min, double max,
			    bool min_inclusive, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || isnan(v) || v > max || v < min ||
	    (!min_inclusive && v == min)) {
		fprintf(stderr, "forkbench compare: %s '%s': expected a number in %s%g, %g]\n", opt,
			text, min_inclusive ? "[" : "(", min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/*
 * --ignore rss_bytes,touch: key columns left out of the pairing, so that runs which differ on
 * purpose in one setting (the parent's RSS) pair and the change shows. The bench never pairs
 * across benches, so it cannot be ignored. The CSV keeps A's values in ignored columns.
 */
static int parse_ignore(const char *text, unsigned *mask)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, ",");
		int i;

		for (i = K_BENCH + 1; i < RUN_READER_KEY_COLUMNS; i++)
			if (strlen(run_reader_key_names[i]) == len &&
			    !strncmp(p, run_reader_key_names[i], len))
				break;
		if (i == RUN_READER_KEY_COLUMNS) {
			fprintf(stderr,
				"forkbench compare: --ignore '%s': expected key columns among method, "
				"flags, exec, rss_bytes, touch, rss_kind, threads, fds, vmas, thp, "
				"cpu, variant\n",
				text);
			return -EINVAL;
		}
		*mask |= 1u << i;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

static void compare_usage(FILE *fp)
{
	fprintf(fp, "usage: forkbench compare RUN_A RUN_B [RUN_C ...] [--alpha P]\n"
		    "         [--threshold PCT] [--all | --csv | --markdown] [--ci bootstrap|hl]\n"
		    "         [--seed N] [--ignore KEY[,KEY...]] [--fail-on PCT]\n"
		    "The terminal view: the metadata that differs, per bench and time metric the\n"
		    "geomean change and how many configurations changed significantly, and the\n"
		    "largest significant changes; --all, --csv and --markdown give every row.\n"
		    "--fail-on PCT: exit 1 when a time metric got slower by more than PCT%%,\n"
		    "significantly on repetition medians (>= 4 repetitions a side), else 0.\n"
		    "With >= %d repetitions in both runs, enough for the exact test to reach\n"
		    "--alpha (3 vs 3 cannot go below p = 0.100, 3 vs 4 below 0.057, 4 vs 4\n"
		    "below 0.029), the test and the change CI use the repetition medians\n"
		    "(default threshold %g%%, CI Hodges-Lehmann, its achieved level shown\n"
		    "where below 95%%); otherwise the samples of one process per run\n"
		    "(within-run only; default threshold %g%%, CI bootstrap).\n",
		MIN_REPS_FOR_TEST, THRESHOLD_REPS_PCT, THRESHOLD_WITHIN_RUN_PCT);
}

/*
 * --fail-on PCT: the exit status of a regression gate or `git bisect run`, with one line on
 * stderr. A gate that cannot fail is no gate: when no time metric was tested on repetition
 * medians (too few repetitions for --alpha), that is bad input, not a pass.
 */
static int gate_status(const struct unit_tally *t, const struct compare_opts *o)
{
	if (o->fail_on_pct < 0.0)
		return 0;
	if (!t->gate_tested) {
		fprintf(stderr,
			"forkbench compare: --fail-on: no time metric could be tested on repetition "
			"medians at alpha %g: measure both runs with --repetitions %zu (at least "
			"%zu a side)\n",
			o->alpha, reps_needed(o->alpha), gate_min_reps(o->alpha));
		return EXIT_BAD_INPUT;
	}
	if (!t->gate_failed) {
		fprintf(stderr,
			"forkbench compare: --fail-on %g: pass: none of %zu time metrics got "
			"significantly slower by more than %g%%\n",
			o->fail_on_pct, t->gate_tested, o->fail_on_pct);
		return 0;
	}
	fprintf(stderr, "forkbench compare: --fail-on %g: fail: %zu of %zu time metrics got "
			"significantly slower by more than %g%%:",
		o->fail_on_pct, t->gate_failed, t->gate_tested, o->fail_on_pct);
	for (size_t i = 0; i < t->gate_failed && i < GATE_SHOWN; i++)
		fprintf(stderr, "%s %s", i ? ";" : "", t->gate_shown[i]);
	fprintf(stderr, "%s\n", t->gate_failed > GATE_SHOWN ? "; ..." : "");
	return EXIT_GATE_FAILED;
}

int compare_main(int argc, char **argv)
{
	struct compare_opts o = { .alpha = 0.05, .threshold_pct = -1.0, .seed = 1,
				  .fail_on_pct = -1.0 };
	struct unit_tally tally = { 0 };
	struct run_reader_run *runs = NULL;
	const char **dirs = NULL;
	int ndirs = 0, nruns = 0, ret = 0;
	char why[4600];

	dirs = calloc((size_t)argc, sizeof(*dirs));
	if (!dirs)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : "";
		bool takes_value = !strcmp(arg, "--alpha") || !strcmp(arg, "--threshold") ||
				   !strcmp(arg, "--ci") || !strcmp(arg, "--seed") ||
				   !strcmp(arg, "--ignore") || !strcmp(arg, "--fail-on");

		if (takes_value && i + 1 >= argc) {
			fprintf(stderr, "forkbench compare: %s needs a value\n", arg);
			ret = EXIT_BAD_INPUT;
			goto out;
		}
		if (!strcmp(arg, "--alpha")) {
			if (parse_double_arg(arg, val, 0.0, 0.5, false, &o.alpha))
				goto bad;
		} else if (!strcmp(arg, "--threshold")) {
			if (parse_double_arg(arg, val, 0.0, 1000.0, true, &o.threshold_pct))
				goto bad;
		} else if (!strcmp(arg, "--ci")) {
			if (strcmp(val, "bootstrap") && strcmp(val, "hl")) {
				fprintf(stderr,
					"forkbench compare: --ci '%s': expected bootstrap or hl\n",
					val);
				goto bad;
			}
			o.ci = strcmp(val, "hl") ? CI_BOOTSTRAP : CI_HL;
		} else if (!strcmp(arg, "--seed")) {
			char *end;

			errno = 0;
			o.seed = strtoull(val, &end, 10);
			if (errno || end == val || *end || val[0] == '-') {
				fprintf(stderr,
					"forkbench compare: --seed '%s': expected an unsigned "
					"integer\n",
					val);
				goto bad;
			}
		} else if (!strcmp(arg, "--ignore")) {
			if (parse_ignore(val, &o.ignore_mask))
				goto bad;

		} else if (!strcmp(arg, "--fail-on")) {
			if (parse_double_arg(arg, val, 0.0, 1000.0, true, &o.fail_on_pct))
				goto bad;
		} else if (!strcmp(arg, "--all")) {
			o.all = true;
		} else if (!strcmp(arg, "--csv")) {
			o.format = OUT_CSV;
		} else if (!strcmp(arg, "--markdown")) {
			o.format = OUT_MARKDOWN;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			compare_usage(stdout);
			goto out;
		} else if (arg[0] == '-' && arg[1]) {
			fprintf(stderr,
				"forkbench compare: unknown option '%s' (accepted: --alpha, "
				"--threshold, --all, --csv, --markdown, --ci, --seed, --ignore, "
				"--fail-on)\n",
				arg);
			goto bad;
		} else {
			dirs[ndirs++] = arg;
			continue;
		}
		if (takes_value)
			i++;
	}
	if (ndirs < 2) {
		fprintf(stderr, "forkbench compare: needs at least two run directories (got %d)\n",
			ndirs);
		goto bad;
	}
	runs = calloc((size_t)ndirs, sizeof(*runs));
	if (!runs) {
		ret = 1;
		goto out;
	}
	for (; nruns < ndirs; nruns++) {
		int rc = run_reader_open(dirs[nruns], &runs[nruns], why, sizeof(why));

		if (rc) {
			fprintf(stderr, "forkbench compare: %s\n", why);
			ret = rc == -ENOMEM ? 1 : EXIT_BAD_INPUT;
			goto out;
		}
	}
	/* Before any output: an ambiguous pairing is bad input, not a partial comparison. */
	for (int i = 1; i < nruns && o.ignore_mask; i++) {
		const struct run_reader_row *row, *match[2];

		if (ambiguous_pair(&runs[0], &runs[i], o.ignore_mask, &row, match)) {
			report_ambiguous(runs[0].dir, runs[i].dir, row, match,
					 o.ignore_mask);
			goto bad;
		}
		if (ambiguous_pair(&runs[i], &runs[0], o.ignore_mask, &row, match)) {
			report_ambiguous(runs[i].dir, runs[0].dir, row, match,
					 o.ignore_mask);
			goto bad;
		}
	}
	if (o.format == OUT_CSV)
		csv_header(stdout);
	/* More than two runs: the first is the baseline for every other. */
	for (int i = 1; i < nruns; i++) {
		if (o.format == OUT_MARKDOWN)
			fprintf(stdout, "## %s vs %s\n\n", run_name(&runs[0]), run_name(&runs[i]));
		else if (o.format == OUT_TEXT && nruns > 2)
			fprintf(stdout, "== comparison %d of %d ==\n", i, nruns - 1);
		struct unit_tally one = { 0 };

		if (compare_two(stdout, &runs[0], &runs[i], &o, &one)) {
			fprintf(stderr, "forkbench compare: out of memory\n");
			ret = 1;
			goto out;
		}
		tally_merge(&tally, &one);
	}
	/* A gate that is bad input says so in its one line; the warning would be a second. */
	if (o.fail_on_pct >= 0.0 && !tally.gate_tested) {
		ret = gate_status(&tally, &o);
		goto out;
	}
	/* One line, on stderr so that --csv stays clean, whatever the number of runs. */
	if (tally.pairs[UNIT_SAMPLES] && !tally.too_few) {
		fprintf(stderr,
			"forkbench compare: warning: %zu of %zu rows lack %d repetitions in a run: "
			"their p-values are within-run only; measure with --repetitions %zu\n",
			tally.pairs[UNIT_SAMPLES], tally.pairs[UNIT_SAMPLES] + tally.pairs[UNIT_REPS],
			MIN_REPS_FOR_TEST, reps_needed(o.alpha));
	} else if (tally.pairs[UNIT_SAMPLES]) {
		char few[64];

		fmt_few(few, sizeof(few), &tally);
		fprintf(stderr,
			"forkbench compare: warning: %zu of %zu rows have too few repetitions for "
			"alpha %g (%zu with %s: min p = %.3f): their p-values are within-run only; "
			"measure with --repetitions %zu\n",
			tally.pairs[UNIT_SAMPLES], tally.pairs[UNIT_SAMPLES] + tally.pairs[UNIT_REPS],
			o.alpha, tally.too_few, few, tally.few_min_p, reps_needed(o.alpha));
	}
	/* Last, so that a gate's verdict is the log's last line. */
	ret = gate_status(&tally, &o);
	goto out;
bad:
	ret = EXIT_BAD_INPUT;
out:
	for (int i = 0; i < nruns; i++)
		run_reader_free(&runs[i]);
	free(runs);
	free(dirs);
	return ret;
}
