/* Global kernel settings a run changes (a THP size's control, nr_hugepages, vm.max_map_count:
 * DESIGN §9): saved durably under /run before each write, behind the machine-wide lock of
 * settings_lock.c, restored by the run at its end or, after a SIGKILL, by the next run. A value is
 * put back only while it still equals what forkbench wrote: someone else's change is left alone
 * and reported. One process's changes at a time (the coordinator's); not thread-safe. */
#ifndef FB_SYS_SETTINGS_H
#define FB_SYS_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Machine-wide, like the lock: under /run, which only root may write. */
#define SYS_SETTINGS_SAVE_PATH "/run/forkbench-saved-settings"
/* How long a run waits for another run's lock before it gives up (the configurations that need
 * the setting are skipped with the reason). */
#define SYS_SETTINGS_LOCK_WAIT_MS 3000
#define SYS_SETTINGS_MAX 64          /* settings one run may change */
#define SYS_SETTINGS_PATH_MAX 256
#define SYS_SETTINGS_VALUE_MAX 128

/* Tests only: the save file, the lock file, a prefix put before every setting's path (the saved
 * path stays the unprefixed one) and where reports go (NULL: stderr). NULL save/lock/root:
 * the defaults. Call before any other function, never while changes are held. */
void sys_settings_use_paths(const char *save_path, const char *lock_path, const char *root,
			    FILE *report);
/* Tests only: the lock wait (default SYS_SETTINGS_LOCK_WAIT_MS). */
void sys_settings_set_lock_wait_ms(unsigned wait_ms);

/* 0 or -errno; WHY one line. Restores what a previous run saved and did not restore (it was
 * SIGKILLed): only values that still equal what that run wrote; says so on stderr ("forkbench:
 * restored PATH to VALUE, left changed by run pid N which did not finish"). Called at the start
 * of every run and by `forkbench info`. A save file of a run still running (it holds the lock) is
 * left alone: 0. */
int sys_settings_recover(char *why, size_t why_len);

/* Saves PATH's current value (durably, in the save file under /run, before writing) and writes
 * VALUE. Takes the machine-wide lock of harness/settings_lock.c (bounded wait) on first use and
 * holds it until restore. 0, or -errno with WHY naming the file and the fix (not root, file
 * missing, lock held by pid N). What is recorded as written is the value read back after the
 * write (nr_hugepages may reserve fewer pages than asked), so the restore still recognises it. */
int sys_settings_change(const char *path, const char *value, char *why, size_t why_len);

/* Puts back every value this process changed whose file still holds what forkbench wrote (a
 * value someone else changed meanwhile is left and reported), removes the save file, releases
 * the lock. 0 when this process changed nothing, or in a forked child. -errno with WHY when a
 * value could not be written back (the save file then stays, for the next run to retry). */
int sys_settings_restore_all(char *why, size_t why_len);

/* The same for the changed settings whose path starts with PREFIX only (one group of settings,
 * e.g. the THP size controls, before a configuration that needs them as they were); the lock and
 * the other changes stay held. */
int sys_settings_restore_prefix(const char *prefix, char *why, size_t why_len);

/* Whether PATH exists and this process may write it: 0, or -ENOENT / -EACCES with WHY naming
 * the file and the fix. For refusing an option before anything runs. */
int sys_settings_probe(const char *path, char *why, size_t why_len);

/* PATH's current value as the save file holds it: the bracketed choice of an "a [b] c" file,
 * else the text without surrounding white space. 0 or -errno. */
int sys_settings_read(const char *path, char *value, size_t value_len);

/* Whether this process holds changes (and the lock). */
bool sys_settings_held(void);

/* For `forkbench info`: the settings a save file lists (a run in progress, or one that died and
 * was not restored yet), one line each on OUT after INDENT, or "none". 0 or -errno (unreadable
 * file). */
int sys_settings_describe_saved(FILE *out, const char *indent);

#endif
