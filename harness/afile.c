/* Atomic files (DESIGN §7): a temporary file beside the final one, written through stdio, then
 * flushed, fsynced and renamed over the final name. Leaves out locking: two writers of the same
 * name race, and the last rename wins whole. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"

/*
 * stdio remembers only that a write failed, not why: by the time the caller commits, errno may
 * say anything. Writing through a cookie stream lets us keep the first errno (ENOSPC, EIO,
 * EDQUOT) so afile_commit can report it, as the contract requires.
 */
static ssize_t afile_cookie_write(void *cookie, const char *buf, size_t size)
{
	struct afile *f = cookie;
	size_t done = 0;

	if (f->write_errno)
		return 0;
	while (done < size) {
		ssize_t n = write(f->fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->write_errno = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	/* glibc marks the stream in error whenever fewer bytes than asked were written. */
	return (ssize_t)done;
}

/* The descriptor is closed by afile_commit/afile_abort, after fsync, not by fclose. */
static int afile_cookie_close(void *cookie)
{
	(void)cookie;
	return 0;
}

static void afile_reset(struct afile *f)
{
	f->fp = NULL;
	f->fd = -1;
	f->tmp_path[0] = '\0';
	f->final_path[0] = '\0';
	f->write_errno = 0;
}

/* A decimal id as sudo writes it; anything else (or 0, which is root already) is ignored. */
static bool afile_sudo_id(const char *name, unsigned long *out)
{
	const char *text = getenv(name);
	char *end;

	if (!text || !*text)
		return false;
	errno = 0;
	*out = strtoul(text, &end, 10);
	return !errno && !*end && text[0] != '-' && *out > 0 && *out < (unsigned long)(uid_t)-1;
}

int afile_give_to_invoker(const char *path, int fd)
{
	unsigned long uid, gid;
	int rc;

	if (geteuid() != 0 || !afile_sudo_id("SUDO_UID", &uid) || !afile_sudo_id("SUDO_GID", &gid))
		return 0;
	rc = fd >= 0 ? fchown(fd, (uid_t)uid, (gid_t)gid) : lchown(path, (uid_t)uid, (gid_t)gid);
	return rc < 0 ? -errno : 0;
}

int afile_open(struct afile *f, const char *dir, const char *name)
{
	cookie_io_functions_t io = { .write = afile_cookie_write, .close = afile_cookie_close };
	char tmp_path[sizeof(f->tmp_path)];
	mode_t mask;
	int n, ret = 0;

	afile_reset(f);
	if (!dir || !*dir || !name || !*name || strchr(name, '/'))
		return -EINVAL;
	n = snprintf(f->final_path, sizeof(f->final_path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(f->final_path)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	/* Hidden, and in the same directory so the rename never crosses a filesystem. */
	n = snprintf(tmp_path, sizeof(tmp_path), "%s/.%s.XXXXXX", dir, name);
	if (n < 0 || (size_t)n >= sizeof(tmp_path)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	f->fd = mkostemp(tmp_path, O_CLOEXEC);
	if (f->fd < 0) {
		ret = -errno;
		goto out;
	}
	memcpy(f->tmp_path, tmp_path, sizeof(tmp_path));
	/*
	 * mkstemp creates 0600; results are meant to be read by others like any file the user
	 * creates. umask can only be read by setting it: the window is harmless because the
	 * harness writes results from one thread, after its shaping threads are idle.
	 */
	mask = umask(022);
	umask(mask);
	if (fchmod(f->fd, 0644 & ~mask) < 0) {
		ret = -errno;
		goto out;
	}
	/* Before the rename, so the final name is never root's under sudo. */
	ret = afile_give_to_invoker(f->tmp_path, f->fd);
	if (ret)
		goto out;
	f->fp = fopencookie(f, "w", io);
	if (!f->fp) {
		ret = -errno;
		goto out;
	}
	/* A large buffer: writers emit many small cells, and one write per 64 KiB is plenty. */
	setvbuf(f->fp, NULL, _IOFBF, 1 << 16);
out:
	if (ret)
		afile_abort(f);
	return ret;
}

/* fsync the directory so the rename itself survives a crash; some filesystems refuse (EINVAL)
 * and there is nothing useful to undo by then, so the result is ignored. */
static void afile_sync_dir(const char *final_path)
{
	char dir[sizeof(((struct afile *)0)->final_path)];
	int fd;

	snprintf(dir, sizeof(dir), "%s", final_path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

int afile_commit(struct afile *f)
{
	int ret = 0;

	if (!f->fp || f->fd < 0)
		return -EBADF;
	if (fflush(f->fp) != 0 || ferror(f->fp) || f->write_errno) {
		ret = f->write_errno ? -f->write_errno : -EIO;
		goto out;
	}
	if (fsync(f->fd) < 0) {
		ret = -errno;
		goto out;
	}
	fclose(f->fp);
	f->fp = NULL;
	/* close can still report a delayed write error (NFS); a file we cannot vouch for is not
	 * renamed into place. */
	if (close(f->fd) < 0) {
		f->fd = -1;
		ret = -errno;
		goto out;
	}
	f->fd = -1;
	if (rename(f->tmp_path, f->final_path) < 0) {
		ret = -errno;
		goto out;
	}
	f->tmp_path[0] = '\0';
	afile_sync_dir(f->final_path);
out:
	if (ret)
		afile_abort(f);
	return ret;
}

void afile_abort(struct afile *f)
{
	if (f->fp)
		fclose(f->fp);
	f->fp = NULL;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp_path[0])
		unlink(f->tmp_path);
	f->tmp_path[0] = '\0';
}
