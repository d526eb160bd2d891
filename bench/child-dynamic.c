/* child-dynamic: an ordinary dynamically linked exec target. Its first statement in main()
 * reads CLOCK_MONOTONIC (through the vDSO, as any program would) and stores it at offset 0 of the
 * descriptor named by argv[1]; so its start_ns includes the dynamic loader, relocations and libc
 * start-up, which is what a real program pays before its own code runs. With a second argument,
 * a descriptor, it then blocks reading it before exiting (footprint holds it alive that way). */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	uint64_t start_ns;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	start_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (argc > 1 && pwrite(atoi(argv[1]), &start_ns, sizeof(start_ns), 0) != sizeof(start_ns))
		return 1;
	if (argc > 2) {
		char byte;

		if (read(atoi(argv[2]), &byte, 1) < 0)
			return 1;
	}
	return 0;
}
