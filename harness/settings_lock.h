/* The machine-wide lock around changes of global kernel settings (DESIGN §9): one forkbench run
 * at a time saves, changes and restores them, so runs on one kernel (fleet test hosts, VMs
 * sharing a kernel) never interleave a save and a restore. */
#ifndef FB_SETTINGS_LOCK_H
#define FB_SETTINGS_LOCK_H

#include <stddef.h>

/* Where the lock lives: under /run, which only root may write, as only root may change a global
 * setting. */
#define SETTINGS_LOCK_PATH "/run/forkbench-global-settings.lock"

struct settings_lock {
	int fd; /* -1 when not held */
};

/* Takes the lock at PATH (an flock on the file, created 0644), waiting up to WAIT_MS while another
 * process holds it. 0 when held; otherwise -errno (-ETIMEDOUT: still held by another run after
 * WAIT_MS; -EACCES and others: the file cannot be opened) and WHY says why in one line, naming
 * the holder's pid where the file records it. The holder writes its pid into the file. */
int settings_lock_take(struct settings_lock *l, const char *path, unsigned wait_ms, char *why,
		       size_t why_len);

/* Releases a lock taken by settings_lock_take (closing the descriptor drops the flock; a process
 * that dies releases it the same way). Harmless on a lock not held. */
void settings_lock_release(struct settings_lock *l);

#endif
