/* The default suite: which bench invocations `make bench` runs into one run directory. */
#ifndef FB_SUITE_H
#define FB_SUITE_H

enum suite_size { SUITE_QUICK, SUITE_DEFAULT, SUITE_FULL };

struct suite_step {
	const char *const *argv; /* argv[0] = bench name, NULL-terminated */
};

/* NULL-terminated (argv == NULL) list of steps for the chosen size. */
const struct suite_step *suite_steps(enum suite_size size);

#endif
