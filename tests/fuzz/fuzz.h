/* Helpers shared by the libFuzzer targets in tests/fuzz/: turning the fuzzer's bytes into the
 * strings and argv vectors the code under test takes, and a loud invariant check. Header-only
 * (each target is one translation unit linked with the harness and bench objects). */
#ifndef FB_FUZZ_H
#define FB_FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant the code promises: on violation, say which (on fd 2: stdio may be quieted) and
 * abort, so libFuzzer keeps the input as a crash artifact. */
#define FUZZ_CHECK(cond)                                                                        \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			dprintf(2, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

/* The input as a NUL-terminated string in its own exact-size allocation, so ASan sees any
 * read past the end. An embedded NUL ends the string early: C strings cannot hold one. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits a copy of the input at NUL bytes into at most max_args strings, NULL-terminated as
 * main's argv is. *storage holds the copy (free it after argv). Returns the count. */
static inline int fuzz_argv(const uint8_t *data, size_t size, char **argv, int max_args,
			    char **storage)
{
	char *s = fuzz_cstring(data, size), *p = s, *end = s + size;
	int n = 0;

	while (n < max_args && p <= end) {
		argv[n++] = p;
		p += strlen(p) + 1;
	}
	argv[n] = NULL;
	*storage = s;
	return n;
}

/* Code under test reports on stdout/stderr through stdio; a fuzzer running millions of inputs
 * must not print them. The sanitizers and libFuzzer write to fd 2 directly and still show. */
static inline void fuzz_quiet_stdio(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (null) {
		stdout = null;
		stderr = null;
	}
}

#endif
