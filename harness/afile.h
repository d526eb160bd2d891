/* Atomic files: write under a temporary name in the same directory, then rename, so a reader
 * (or a run killed half-way) only ever sees a complete file or none (DESIGN §7). */
#ifndef FB_AFILE_H
#define FB_AFILE_H
#include <stdio.h>

struct afile {
	FILE *fp;        /* write here */
	char tmp_path[4096];
	char final_path[4096];
	int fd;          /* the temporary file under fp */
	int write_errno; /* first write error under fp (stdio keeps only an error flag) */
};

/* Opens dir/.name.XXXXXX (mkstemp, mode 0644 minus umask, close-on-exec so no child
 * inherits it). 0 or -errno; on error nothing is left behind. f must not move until it is
 * committed or aborted (fp writes through it). */
int afile_open(struct afile *f, const char *dir, const char *name);
/* Flushes, fsyncs and renames onto dir/name. On any error removes the temporary file and
 * returns -errno (ENOSPC on a full disk is reported, never swallowed). */
int afile_commit(struct afile *f);
/* Removes the temporary file (error paths, signals). Safe to call twice. */
void afile_abort(struct afile *f);
/* Run through sudo (euid 0 with SUDO_UID and SUDO_GID set): gives fd (or path when fd < 0)
 * to the invoking user, so the results are theirs to move or delete. Otherwise does nothing;
 * it only ever hands a file down, never raises a privilege. 0 or -errno. */
int afile_give_to_invoker(const char *path, int fd);

#endif
