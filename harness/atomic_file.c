/* Atomic files (DESIGN §7): an unnamed O_TMPFILE inode in the final directory (or, where the
 * filesystem has none, a hidden mkstemp file), written through stdio, flushed and fsynced, then
 * linked to a hidden name and renamed over the final one. Leaves out locking: two writers of
 * the same name race, and the last rename wins whole. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "sudo_owner.h"

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

/* dir/.name.XXXXXX: hidden, and in the final directory so the rename never crosses a
 * filesystem. */
static int afile_tmp_template(char *buf, size_t len, const char *final_path)
{
	const char *slash = strrchr(final_path, '/');
	int n = snprintf(buf, len, "%.*s/.%s.XXXXXX", (int)(slash - final_path), final_path,
			 slash + 1);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Where the filesystem (or kernel) has no O_TMPFILE: a hidden file with a name from the start. */
static int afile_open_named(struct afile *f)
{
	char tmp_path[sizeof(f->tmp_path)];
	mode_t mask;
	int ret = afile_tmp_template(tmp_path, sizeof(tmp_path), f->final_path);

	if (ret)
		return ret;
	f->fd = mkostemp(tmp_path, O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	memcpy(f->tmp_path, tmp_path, sizeof(tmp_path));
	/*
	 * mkstemp creates 0600; results are meant to be read by others like any file the user
	 * creates. umask can only be read by setting it: the window is harmless because the
	 * harness writes results from one thread, after its shaping threads are idle.
	 */
	mask = umask(022);
	umask(mask);
	return fchmod(f->fd, 0644 & ~mask) < 0 ? -errno : 0;
}

int afile_open(struct afile *f, const char *dir, const char *name)
{
	cookie_io_functions_t io = { .write = afile_cookie_write, .close = afile_cookie_close };
	char tmp_path[sizeof(f->tmp_path)];
	int n, ret = 0;

	afile_reset(f);
	if (!dir || !*dir || !name || !*name || strchr(name, '/'))
		return -EINVAL;
	n = snprintf(f->final_path, sizeof(f->final_path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(f->final_path)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	/* The hidden name the commit needs must fit: refused now, not after the whole write. */
	ret = afile_tmp_template(tmp_path, sizeof(tmp_path), f->final_path);
	if (ret)
		goto out;
	/*
	 * Unnamed until the commit links it, so a writer killed by SIGKILL (which nothing can
	 * clean up after) leaves nothing in dir. The mode is 0644 minus umask, as for any file
	 * the user creates. Filesystems without O_TMPFILE say EOPNOTSUPP; kernels before 3.11
	 * see O_DIRECTORY|O_WRONLY (EISDIR) or an unknown flag (EINVAL).
	 */
	f->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (f->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		ret = afile_open_named(f);
	else if (f->fd < 0)
		ret = -errno;
	if (ret)
		goto out;
	/* Before the file has any name, so the final name is never root's under sudo. */
	ret = sudo_owner_give(f->final_path, f->fd);
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

/* Everything written reaches the disk; the stream goes, the descriptor stays (an unnamed file
 * has no other handle until it is linked). */
static int afile_flush(struct afile *f, bool durable)
{
	if (fflush(f->fp) != 0 || ferror(f->fp) || f->write_errno)
		return f->write_errno ? -f->write_errno : -EIO;
	if (durable && fsync(f->fd) < 0)
		return -errno;
	fclose(f->fp);
	f->fp = NULL;
	return 0;
}

/* Six random letters over the XXXXXX of a template; a collision only costs another try. */
static void afile_fill_suffix(char *x)
{
	static const char letters[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned int calls;
	unsigned char r[6];

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		/* Only before the kernel's pool is ready at boot: anything that varies will do. */
		unsigned long v = (unsigned long)getpid() * 2654435761UL + ++calls * 40503UL;

		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(v >> (8 * i));
	}
	for (size_t i = 0; i < sizeof(r); i++)
		x[i] = letters[r[i] % (sizeof(letters) - 1)];
}

/* Links an unnamed file to a fresh hidden name. linkat never replaces a name (EEXIST), which is
 * why the final name comes from a rename afterwards. */
static int afile_link(struct afile *f)
{
	char proc_path[32];
	int err = EEXIST;

	snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", f->fd);
	for (int tries = 0; tries < 100 && err == EEXIST; tries++) {
		/* Fits: afile_open checked. */
		afile_tmp_template(f->tmp_path, sizeof(f->tmp_path), f->final_path);
		afile_fill_suffix(f->tmp_path + strlen(f->tmp_path) - 6);
		/* AT_EMPTY_PATH links the descriptor itself but needs CAP_DAC_READ_SEARCH (ENOENT
		 * without it); /proc/self/fd/N does the same for anyone where /proc is mounted. */
		if (!linkat(f->fd, "", AT_FDCWD, f->tmp_path, AT_EMPTY_PATH) ||
		    (errno == ENOENT &&
		     !linkat(AT_FDCWD, proc_path, AT_FDCWD, f->tmp_path, AT_SYMLINK_FOLLOW)))
			return 0;
		err = errno;
	}
	f->tmp_path[0] = '\0';
	return -err;
}

/* Names f (hidden) and closes it: close can still report a delayed write error (NFS), and a
 * file we cannot vouch for is not renamed into place. */
static int afile_name(struct afile *f)
{
	int fd = f->fd, ret = f->tmp_path[0] ? 0 : afile_link(f);

	if (ret)
		return ret;
	f->fd = -1;
	return close(fd) < 0 ? -errno : 0;
}

/* fsync the directory so the renames themselves survive a crash; some filesystems refuse
 * (EINVAL) and there is nothing useful to undo by then, so the result is ignored. */
static void afile_sync_dir(const char *final_path)
{
	const char *slash = strrchr(final_path, '/');
	char dir[sizeof(((struct afile *)0)->final_path)];
	int fd;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - final_path), final_path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

/* The directory part of two paths is the same. */
static bool afile_same_dir(const char *a, const char *b)
{
	size_t len = (size_t)(strrchr(a, '/') - a);

	return len == (size_t)(strrchr(b, '/') - b) && !strncmp(a, b, len);
}

int afile_commit(struct afile *files, size_t count)
{
	return afile_commit_opts(files, count, true);
}

int afile_commit_opts(struct afile *files, size_t count, bool durable)
{
	size_t i, renamed = 0;
	int ret = 0;

	for (i = 0; i < count; i++)
		if (!files[i].fp || files[i].fd < 0)
			ret = -EBADF;
	/* Every file complete on disk and still unnamed: a full disk stops the set here. */
	for (i = 0; !ret && i < count; i++)
		ret = afile_flush(&files[i], durable);
	/*
	 * Only now does any file get a name: a SIGKILL from here to the last rename leaves hidden
	 * names behind, but that is a linkat, a close and a rename per file (microseconds), where
	 * the writing before lasts as long as the data (seconds for a 100 MiB samples.csv) and
	 * leaves nothing in the directory if killed.
	 */
	for (i = 0; !ret && i < count; i++)
		ret = afile_name(&files[i]);
	for (i = 0; !ret && i < count; i++) {
		if (rename(files[i].tmp_path, files[i].final_path) < 0) {
			ret = -errno;
			break;
		}
		files[i].tmp_path[0] = '\0';
		renamed++;
	}
	for (i = 0; durable && i < renamed; i++)
		if (i + 1 == renamed || !afile_same_dir(files[i].final_path, files[i + 1].final_path))
			afile_sync_dir(files[i].final_path);
	for (i = 0; i < count; i++)
		afile_abort(&files[i]);
	return ret;
}

void afile_abort(struct afile *f)
{
	if (f->fp)
		fclose(f->fp);
	f->fp = NULL;
	/* An unnamed file vanishes with its last descriptor. */
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp_path[0])
		unlink(f->tmp_path);
	f->tmp_path[0] = '\0';
}
