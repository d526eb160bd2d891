/* Files a run creates under sudo belong to the invoking user (DESIGN §9), so the results are
 * theirs to move or delete. The scripts do the same for theirs (scripts/lib/owner.sh). */
#ifndef FB_SUDO_OWNER_H
#define FB_SUDO_OWNER_H

/* Run through sudo (euid 0 with SUDO_UID and SUDO_GID set): gives fd (or path when fd < 0) to
 * the invoking user. Otherwise does nothing; it only ever hands a file down, never raises a
 * privilege. 0 or -errno. */
int sudo_owner_give(const char *path, int fd);

#endif
