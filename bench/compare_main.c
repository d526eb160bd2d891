/* forkbench-compare: `forkbench compare` execs this program (bench/main.c), which keeps the
 * compare statistics and libm out of the benchmarking binary. argv[1] is "compare". */
int compare_main(int argc, char **argv); /* bench/compare.c */

int main(int argc, char **argv)
{
	return compare_main(argc - 1, argv + 1);
}
