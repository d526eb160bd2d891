/* Hands what a run creates to the user who ran it through sudo. Leaves out everything else:
 * without sudo, or with ids it cannot trust, it changes nothing. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "sudo_owner.h"

/* A decimal id as sudo writes it; anything else (or 0, which is root already) is ignored. */
static bool sudo_owner_id(const char *name, unsigned long *out)
{
	const char *text = getenv(name);
	char *end;

	if (!text || !*text)
		return false;
	errno = 0;
	*out = strtoul(text, &end, 10);
	return !errno && !*end && text[0] != '-' && *out > 0 && *out < (unsigned long)(uid_t)-1;
}

int sudo_owner_give(const char *path, int fd)
{
	unsigned long uid, gid;
	int rc;

	if (geteuid() != 0 || !sudo_owner_id("SUDO_UID", &uid) || !sudo_owner_id("SUDO_GID", &gid))
		return 0;
	rc = fd >= 0 ? fchown(fd, (uid_t)uid, (gid_t)gid) : lchown(path, (uid_t)uid, (gid_t)gid);
	return rc < 0 ? -errno : 0;
}
