/* forkbench-compare: `forkbench compare` execs this program (bench/main.c), which keeps the
 * compare statistics and libm out of the benchmarking binary. argv[1] is "compare"; the rest is
 * compare_main (compare_cli.c). */
#include "compare.h"

int main(int argc, char **argv)
{
	return compare_main(argc - 1, argv + 1);
}
