/* The default suite: which bench invocations `make bench` runs into one run directory. */
#ifndef FB_SUITE_H
#define FB_SUITE_H

enum suite_size { SUITE_SMOKE, SUITE_QUICK, SUITE_DEFAULT, SUITE_FULL, SUITE_SIZES };

/* The sizes `forkbench suite` accepts: --smoke, --quick, --full (none: the default). */
struct suite_size_name {
	const char *option;
	enum suite_size size;
};
extern const struct suite_size_name suite_size_names[]; /* NULL-terminated */

struct suite_step {
	const char *const *argv; /* argv[0] = bench name, NULL-terminated */
};

/* NULL-terminated (argv == NULL) list of steps for the chosen size. */
const struct suite_step *suite_steps(enum suite_size size);

#endif
