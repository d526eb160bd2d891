/* Atomic files: written as an unnamed file in the target directory (O_TMPFILE) and given a name
 * only once complete, so a reader, or a run killed half-way, even by SIGKILL, only ever sees a
 * complete file or none (DESIGN §7). */
#ifndef FB_ATOMIC_FILE_H
#define FB_ATOMIC_FILE_H
#include <stdbool.h>
#include <stdio.h>

struct afile {
	FILE *fp;        /* write here */
	char tmp_path[4096]; /* dir/.name.XXXXXX while it has that name, else "" */
	char final_path[4096];
	int fd;          /* the file under fp */
	int write_errno; /* first write error under fp (stdio keeps only an error flag) */
};

/* Opens an unnamed file in dir that will become dir/name (mode 0644 minus umask, close-on-exec
 * so no child inherits it). Where the filesystem has no O_TMPFILE, opens a hidden
 * dir/.name.XXXXXX instead (mkstemp), which a SIGKILL before the commit leaves behind. 0 or
 * -errno; on error nothing is left behind. f must not move until it is committed or aborted
 * (fp writes through it). Holds one descriptor until then. */
int afile_open(struct afile *f, const char *dir, const char *name);
/* Commits count files as a set: flushes and fsyncs every one, and only when all of them are
 * complete gives each its final name (replacing any file there), so a full disk fails before
 * anything moves. On any error removes every temporary file of the set and returns -errno
 * (ENOSPC on a full disk is reported, never swallowed). */
int afile_commit(struct afile *files, size_t count);
/* The same; durable false skips the fsyncs: the set is still all-or-nothing and complete for any
 * reader, and survives the writer being killed (the page cache outlives a process), but not
 * the machine losing power. For a run's checkpoints, whose last write is durable. */
int afile_commit_opts(struct afile *files, size_t count, bool durable);
/* Drops the file (error paths, signals). Safe to call twice, and after a commit. */
void afile_abort(struct afile *f);

#endif
