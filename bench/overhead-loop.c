/* overhead-loop: the bare hand-written loop forkbench is checked against (make bench-overhead).
 * Per operation: clock, create, child _exit(0) (or exec of the static target), waitpid, clock;
 * the median of N such total times is printed in ns. No harness, no counters, no shared pages:
 * if forkbench's total_ns median differs from this by more than noise, the harness costs
 * something it should not. */
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	char *target_argv[] = { argc > 3 ? argv[3] : "/bin/true", NULL };
	char *empty_env[] = { NULL };
	uint64_t *total_ns;
	long n;
	int status;

	if (argc < 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: overhead-loop fork|vfork|posix_spawn N [TARGET]\n");
		return 2;
	}
	total_ns = calloc((size_t)n, sizeof(*total_ns));
	if (!total_ns)
		return 1;
	for (long i = 0; i < n; i++) {
		uint64_t t0 = now_ns();
		pid_t pid;

		if (!strcmp(argv[1], "fork")) {
			pid = fork();
			if (pid == 0)
				_exit(0);
		} else if (!strcmp(argv[1], "vfork")) {
			pid = vfork();
			if (pid == 0)
				_exit(0);
		} else if (posix_spawn(&pid, target_argv[0], NULL, NULL, target_argv, empty_env)) {
			pid = -1;
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			free(total_ns);
			return 1;
		}
		total_ns[i] = now_ns() - t0;
	}
	qsort(total_ns, (size_t)n, sizeof(*total_ns), cmp_u64);
	printf("%llu\n", (unsigned long long)total_ns[n / 2]);
	free(total_ns);
	return 0;
}
