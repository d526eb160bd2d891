/* The cost model behind a run's expected duration: a row per parent shape, seconds per unit.
 * Rough on purpose (it is corrected while the run goes, see runner.c's progress); measured on
 * the 2-vCPU reference VM (AMD EPYC, Firecracker) under load. */
#include <stdio.h>

#include "run_eta.h"

#define WORKER_START_S 0.1
/* Touching and then forking a parent costs per GiB (page faults in the VM, the counter
 * batches' forks after the timed loop): 57 s for 0..8 GiB's 15.3 GiB plus 8 x 2 s sampling. */
#define TOUCH_S_PER_GIB 2.7
/* Creating and parking a thread, making a mapping, a descriptor: small, but 100k of them are
 * seconds, and each timed fork then copies them. */
#define THREAD_S 50e-6
#define VMA_S 20e-6
#define FD_S 2e-6

double run_eta_repetition_s(const struct config_key *key, double max_time_s)
{
	double s = max_time_s + WORKER_START_S;

	if (key->rss_bytes != KEY_NA && key->touch[0] != 'n')
		s += TOUCH_S_PER_GIB * (double)key->rss_bytes / (double)(1ull << 30);
	if (key->threads != KEY_NA)
		s += THREAD_S * (double)key->threads;
	if (key->vmas != KEY_NA)
		s += VMA_S * (double)key->vmas;
	if (key->fds != KEY_NA)
		s += FD_S * (double)key->fds;
	return s;
}

void run_eta_format(double seconds, char *out, size_t len)
{
	if (seconds < 90)
		snprintf(out, len, "%.0f s", seconds);
	else if (seconds < 5400)
		snprintf(out, len, "%.0f min", seconds / 60);
	else
		snprintf(out, len, "%.1f h", seconds / 3600);
}
