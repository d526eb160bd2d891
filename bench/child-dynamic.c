/* child-dynamic: an ordinary dynamically linked exec target. Its first statement in main()
 * reads CLOCK_MONOTONIC (through the vDSO, as any program would), then its CPU number as argv[1]'s
 * letter says (bench/cpu_stamp.h), and stores both at offset 0 of the descriptor named by
 * argv[1]'s digits (the clock alone without a letter); so its start_ns includes the dynamic loader, relocations and libc
 * start-up, which is what a real program pays before its own code runs. With a second argument,
 * a descriptor, it then blocks reading it before exiting (footprint holds it alive that way). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cpu_stamp.h"

int main(int argc, char **argv)
{
	struct timespec ts;
	uint64_t stamp[2]; /* struct stamp_page's first two fields: start_ns, cpu */
	unsigned int cpu;
	char *how = NULL;
	size_t bytes;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	stamp[0] = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (argc > 1) {
		long fd = strtol(argv[1], &how, 10);

		/* After the clock: the CPU read never delays start_ns. */
		cpu = cpu_stamp_read(*how);
		if (cpu == UINT32_MAX && syscall(SYS_getcpu, &cpu, NULL, NULL) != 0)
			cpu = UINT32_MAX;
		stamp[1] = cpu == UINT32_MAX ? CPU_STAMP_NONE : cpu;
		bytes = *how ? sizeof(stamp) : sizeof(stamp[0]);
		if (pwrite((int)fd, stamp, bytes, 0) != (ssize_t)bytes)
			return 1;
	}
	if (argc > 2) {
		char byte;

		if (read(atoi(argv[2]), &byte, 1) < 0)
			return 1;
	}
	return 0;
}
