/* --raise-limits (issue 19): the global limits a sweep may raise as root so its points reach
 * further (vm.max_map_count for vmas and threads, kernel.pid_max for threads), through
 * sys_settings (saved before, restored after the run, and by the next run after a SIGKILL). */
#ifndef FB_RAISE_LIMITS_H
#define FB_RAISE_LIMITS_H
#include <stddef.h>
#include <stdint.h>

/* Raises what a sweep of param needs (nothing for rss, fds, env). 0, or -errno with why: not
 * root (-EACCES), the settings lock held by another run, a write refused. */
int sweep_raise_limits(const char *param, char *why, size_t why_len);

/* The one place forkbench raises a global limit: PATH to at least AT_LEAST, left alone where it
 * is already there, else saved and written by sys_settings_change (DESIGN §9). 0 or -errno. */
int raise_limit_setting(const char *path, uint64_t at_least, char *why, size_t why_len);

#endif
