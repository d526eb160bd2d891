/* The global settings lock (settings_lock.h, DESIGN §9): an flock on a file under /run, taken
 * before a run saves and changes a global kernel setting and released after it restored it. The
 * kernel drops an flock when its holder dies, so a SIGKILLed run never leaves the lock held.
 * Waiting is bounded: a run that cannot get the lock skips what needs it, with the reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "settings_lock.h"

#define STEP_MS 20

/* The pid the holder wrote into the lock file, or 0. */
static long holder_pid(int fd)
{
	char buf[32] = "";
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid = 0;

	if (n > 0 && sscanf(buf, "%ld", &pid) != 1)
		pid = 0;
	return pid;
}

int settings_lock_take(struct settings_lock *l, const char *path, unsigned wait_ms, char *why,
		       size_t why_len)
{
	const struct timespec step = { 0, STEP_MS * 1000000L };
	unsigned waited_ms = 0;
	char pid_text[32];
	int fd, len;

	l->fd = -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		int err = errno;

		snprintf(why, why_len, "global settings lock %s: cannot open it: %s", path,
			 strerror(err));
		return -err;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;

		if (err != EWOULDBLOCK && err != EINTR) {
			snprintf(why, why_len, "global settings lock %s: flock failed: %s", path,
				 strerror(err));
			close(fd);
			return -err;
		}
		if (waited_ms >= wait_ms) {
			snprintf(why, why_len,
				 "global settings lock %s held by another forkbench run (pid %ld) "
				 "for over %u ms",
				 path, holder_pid(fd), wait_ms);
			close(fd);
			return -ETIMEDOUT;
		}
		nanosleep(&step, NULL);
		waited_ms += STEP_MS;
	}
	len = snprintf(pid_text, sizeof(pid_text), "%ld\n", (long)getpid());
	/* The pid only names the holder in a waiting run's message: the lock holds without it. */
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid_text, (size_t)len, 0) != len)
		snprintf(why, why_len, "global settings lock %s: held, its holder's pid not recorded",
			 path);
	l->fd = fd;
	return 0;
}

void settings_lock_release(struct settings_lock *l)
{
	if (l->fd < 0)
		return;
	flock(l->fd, LOCK_UN);
	close(l->fd);
	l->fd = -1;
}
