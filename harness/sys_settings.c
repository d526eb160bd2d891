/* Saving, changing and restoring global kernel settings (sys_settings.h, DESIGN §9). The save file
 * is rewritten atomically and durably before every write of a setting, so a SIGKILL at any point
 * leaves either the old list or the new one; an entry whose write may or may not have happened
 * is marked pending. Deliberately left out: settings that are not one-line files (none needed). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "settings_lock.h"
#include "sys_settings.h"

#define SAVE_MAGIC "forkbench-saved-settings 1"

struct saved {
	char path[SYS_SETTINGS_PATH_MAX];
	char original[SYS_SETTINGS_VALUE_MAX];
	char written[SYS_SETTINGS_VALUE_MAX];
	bool pending; /* saved before the write; not yet read back */
};

struct save_list {
	long pid;
	size_t count;
	struct saved s[SYS_SETTINGS_MAX];
};

static const char *save_path = SYS_SETTINGS_SAVE_PATH;
static const char *lock_path = SETTINGS_LOCK_PATH;
static const char *root = "";
static FILE *report_fp;
static unsigned lock_wait_ms = SYS_SETTINGS_LOCK_WAIT_MS;

/* This process's changes: valid while lock.fd >= 0, and only in owner_pid (a forked child
 * inherits the memory, never the right to restore). */
static struct settings_lock lock = { .fd = -1 };
static pid_t owner_pid;
static struct save_list mine;

void sys_settings_use_paths(const char *save, const char *lockp, const char *rootp, FILE *report)
{
	save_path = save ? save : SYS_SETTINGS_SAVE_PATH;
	lock_path = lockp ? lockp : SETTINGS_LOCK_PATH;
	root = rootp ? rootp : "";
	report_fp = report;
}

void sys_settings_set_lock_wait_ms(unsigned wait_ms)
{
	lock_wait_ms = wait_ms;
}

static FILE *report_out(void)
{
	return report_fp ? report_fp : stderr;
}

bool sys_settings_held(void)
{
	return lock.fd >= 0 && owner_pid == getpid();
}

static void full_path(const char *path, char *out, size_t len)
{
	snprintf(out, len, "%s%s", root, path);
}

/* The value as saved: "always [madvise] never" -> "madvise", " 12\n" -> "12". */
static int normalize(const char *text, char *value, size_t value_len)
{
	const char *open = strchr(text, '['), *close = open ? strchr(open, ']') : NULL;
	const char *b = text, *e;

	if (open && close) {
		b = open + 1;
		e = close;
	} else {
		while (*b == ' ' || *b == '\t' || *b == '\n')
			b++;
		e = b + strlen(b);
		while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
			e--;
	}
	if ((size_t)(e - b) >= value_len)
		return -EOVERFLOW;
	memcpy(value, b, (size_t)(e - b));
	value[e - b] = '\0';
	return 0;
}

static int read_full(const char *full, char *value, size_t value_len)
{
	char buf[1024];
	ssize_t n;
	int fd = open(full, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	return normalize(buf, value, value_len);
}

int sys_settings_read(const char *path, char *value, size_t value_len)
{
	char full[SYS_SETTINGS_PATH_MAX + 256];

	full_path(path, full, sizeof(full));
	return read_full(full, value, value_len);
}

static int write_value(const char *path, const char *value)
{
	char full[SYS_SETTINGS_PATH_MAX + 256], line[SYS_SETTINGS_VALUE_MAX + 1];
	int fd, len, err = 0;

	full_path(path, full, sizeof(full));
	/* O_TRUNC for the regular files tests use; sysfs and procfs ignore it. */
	fd = open(full, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(line, sizeof(line), "%s\n", value);
	if (write(fd, line, (size_t)len) != len)
		err = errno ? errno : EIO;
	if (close(fd) < 0 && !err)
		err = errno;
	return -err;
}

/* ---- the save file ---- */

static int save_write(const struct save_list *l)
{
	char dir[SYS_SETTINGS_PATH_MAX + 256];
	const char *slash = strrchr(save_path, '/');
	struct afile f;
	int rc;

	if (!l->count) {
		if (unlink(save_path) < 0 && errno != ENOENT)
			return -errno;
		return 0;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - save_path) : 1,
		 slash ? save_path : ".");
	if (slash == save_path)
		snprintf(dir, sizeof(dir), "/");
	rc = afile_open(&f, dir, slash ? slash + 1 : save_path);
	if (rc)
		return rc;
	fprintf(f.fp, "%s\npid %ld\n", SAVE_MAGIC, l->pid);
	for (size_t i = 0; i < l->count; i++)
		fprintf(f.fp, "%s\t%s\t%s\t%s\n", l->s[i].path, l->s[i].original, l->s[i].written,
			l->s[i].pending ? "pending" : "done");
	return afile_commit(&f, 1);
}

/* Copies the TAB-separated field at *p into out; advances past it. */
static int take_field(char **p, char *out, size_t len)
{
	char *tab = strchr(*p, '\t');
	size_t n = tab ? (size_t)(tab - *p) : strlen(*p);

	if (n >= len)
		return -EINVAL;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n + (tab ? 1 : 0);
	return 0;
}

/* 0 (l filled), -ENOENT (no save file), -EINVAL (not a save file), or another -errno. */
static int save_read(struct save_list *l)
{
	FILE *fp = fopen(save_path, "re");
	char line[SYS_SETTINGS_PATH_MAX + 3 * SYS_SETTINGS_VALUE_MAX + 16];
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (!fp)
		return -errno;
	if (!fgets(line, sizeof(line), fp) || strncmp(line, SAVE_MAGIC "\n", sizeof(SAVE_MAGIC)) ||
	    !fgets(line, sizeof(line), fp) || sscanf(line, "pid %ld", &l->pid) != 1)
		rc = -EINVAL;
	while (!rc && fgets(line, sizeof(line), fp)) {
		struct saved *s = &l->s[l->count];
		char state[16], *p = line;

		line[strcspn(line, "\n")] = '\0';
		if (l->count == SYS_SETTINGS_MAX || take_field(&p, s->path, sizeof(s->path)) ||
		    take_field(&p, s->original, sizeof(s->original)) ||
		    take_field(&p, s->written, sizeof(s->written)) ||
		    take_field(&p, state, sizeof(state)) || s->path[0] != '/' ||
		    (strcmp(state, "done") && strcmp(state, "pending"))) {
			rc = -EINVAL;
			break;
		}
		s->pending = !strcmp(state, "pending");
		l->count++;
	}
	fclose(fp);
	return rc;
}

/* ---- restoring ---- */

static bool parse_ll(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && end != s && !*end;
}

/* Whether CURRENT is what forkbench wrote. A pending entry was saved before its write: the write
 * may have reserved only part of what was asked (nr_hugepages), anything between the original and
 * the asked value is that write's doing. */
static bool is_ours(const struct saved *s, const char *current)
{
	long long o, w, c;

	if (!strcmp(current, s->written))
		return true;
	if (!s->pending || !parse_ll(s->original, &o) || !parse_ll(s->written, &w) ||
	    !parse_ll(current, &c))
		return false;
	return o < w ? (c > o && c < w) : (c < o && c > w);
}

/* Restores l's entries, last first. DIED_PID: the run that wrote them did not finish (reported
 * on every restore), 0: ours. Entries restored or left are dropped from l; one that cannot be
 * written back stays, and the first error is returned with why. */
static int restore_list(struct save_list *l, long died_pid, char *why, size_t why_len)
{
	int first = 0;
	size_t kept = 0;
	struct saved keep[SYS_SETTINGS_MAX];

	for (size_t k = l->count; k-- > 0;) {
		struct saved *s = &l->s[k];
		char current[SYS_SETTINGS_VALUE_MAX];
		int rc = sys_settings_read(s->path, current, sizeof(current));

		if (!rc && !strcmp(current, s->original))
			continue; /* never written, or put back already */
		if (!rc && !is_ours(s, current)) {
			fprintf(report_out(),
				"forkbench: left %s at %s: it changed after forkbench wrote %s "
				"(it was %s before)\n",
				s->path, current, s->written, s->original);
			continue;
		}
		if (!rc)
			rc = write_value(s->path, s->original);
		if (!rc && !sys_settings_read(s->path, current, sizeof(current)) &&
		    strcmp(current, s->original))
			rc = -EIO;
		if (rc) {
			if (!first)
				snprintf(why, why_len,
					 "cannot restore %s%s to %s: %s (it stays listed in %s "
					 "for the next run)",
					 root, s->path, s->original, strerror(-rc), save_path);
			first = first ? first : rc;
			keep[kept++] = *s;
			continue;
		}
		if (died_pid)
			fprintf(report_out(),
				"forkbench: restored %s to %s, left changed by run pid %ld which "
				"did not finish\n",
				s->path, s->original, died_pid);
	}
	/* keep[] holds them last first: back into their order. */
	for (size_t k = 0; k < kept; k++)
		l->s[k] = keep[kept - 1 - k];
	l->count = kept;
	return first;
}

/* Under the lock: whatever a save file lists is a dead run's (the lock holder is us). */
static int recover_locked(char *why, size_t why_len)
{
	struct save_list dead;
	int rc = save_read(&dead), wrc;

	if (rc == -ENOENT)
		return 0;
	if (rc) {
		snprintf(why, why_len,
			 "%s: %s; check the settings it lists by hand, then remove it", save_path,
			 rc == -EINVAL ? "not a forkbench save file" : strerror(-rc));
		return rc;
	}
	rc = restore_list(&dead, dead.pid, why, why_len);
	wrc = save_write(&dead); /* what could not be restored stays listed */
	if (!rc && wrc) {
		snprintf(why, why_len, "cannot rewrite %s: %s", save_path, strerror(-wrc));
		rc = wrc;
	}
	return rc;
}

int sys_settings_recover(char *why, size_t why_len)
{
	struct settings_lock l;
	struct save_list dead;
	int rc;

	why[0] = '\0';
	if (sys_settings_held())
		return 0; /* the save file is ours */
	rc = save_read(&dead);
	if (rc == -ENOENT)
		return 0;
	if (rc == -EACCES || (!rc && access(save_path, W_OK))) {
		snprintf(why, why_len,
			 "settings changed by a forkbench run that did not finish are listed in %s "
			 "and not restored: that needs root (run `forkbench info` as root)",
			 save_path);
		return -EACCES;
	}
	/* No wait: a run holding the lock is alive, and the file is its own. */
	rc = settings_lock_take(&l, lock_path, 0, why, why_len);
	if (rc == -ETIMEDOUT) {
		why[0] = '\0';
		return 0;
	}
	if (rc)
		return rc;
	rc = recover_locked(why, why_len);
	settings_lock_release(&l);
	return rc;
}

/* ---- changing ---- */

int sys_settings_probe(const char *path, char *why, size_t why_len)
{
	char full[SYS_SETTINGS_PATH_MAX + 256];

	full_path(path, full, sizeof(full));
	if (access(full, F_OK) < 0) {
		int err = errno;

		snprintf(why, why_len, "%s: %s (this kernel has no such setting)", full,
			 strerror(err));
		return -err;
	}
	if (access(full, W_OK) < 0) {
		int err = errno;

		snprintf(why, why_len, "%s: not writable by uid %ld: %s (run as root)", full,
			 (long)getuid(), strerror(err));
		return -err;
	}
	return 0;
}

static struct saved *find_mine(const char *path)
{
	for (size_t i = 0; i < mine.count; i++)
		if (!strcmp(mine.s[i].path, path))
			return &mine.s[i];
	return NULL;
}

static int take_lock(char *why, size_t why_len)
{
	int rc;

	if (sys_settings_held())
		return 0;
	lock.fd = -1; /* a forked child's inherited copy is not its lock */
	rc = settings_lock_take(&lock, lock_path, lock_wait_ms, why, why_len);
	if (rc)
		return rc;
	owner_pid = getpid();
	memset(&mine, 0, sizeof(mine));
	mine.pid = (long)owner_pid;
	rc = recover_locked(why, why_len);
	if (rc) {
		settings_lock_release(&lock);
		owner_pid = 0;
	}
	return rc;
}

int sys_settings_change(const char *path, const char *value, char *why, size_t why_len)
{
	char current[SYS_SETTINGS_VALUE_MAX], full[SYS_SETTINGS_PATH_MAX + 256];
	struct saved *s, before;
	bool added = false;
	int rc;

	why[0] = '\0';
	if (path[0] != '/' || strlen(path) >= SYS_SETTINGS_PATH_MAX || strpbrk(path, "\t\n") ||
	    strlen(value) >= SYS_SETTINGS_VALUE_MAX || strpbrk(value, "\t\n") || !value[0]) {
		snprintf(why, why_len, "setting %s=%s: not an absolute path and a one-line value",
			 path, value);
		return -EINVAL;
	}
	rc = sys_settings_probe(path, why, why_len);
	if (!rc)
		rc = take_lock(why, why_len);
	if (rc)
		return rc;
	full_path(path, full, sizeof(full));
	rc = sys_settings_read(path, current, sizeof(current));
	if (rc) {
		snprintf(why, why_len, "cannot read %s: %s", full, strerror(-rc));
		return rc;
	}
	s = find_mine(path);
	if (!s && !strcmp(current, value))
		return 0; /* already so: nothing to save or restore */
	if (!s) {
		if (mine.count == SYS_SETTINGS_MAX) {
			snprintf(why, why_len, "setting %s: more than %d settings in one run", full,
				 SYS_SETTINGS_MAX);
			return -ENOSPC;
		}
		s = &mine.s[mine.count++];
		snprintf(s->path, sizeof(s->path), "%s", path);
		snprintf(s->original, sizeof(s->original), "%s", current);
		added = true;
	}
	before = *s;
	snprintf(s->written, sizeof(s->written), "%s", value);
	s->pending = true;
	rc = save_write(&mine);
	if (rc) {
		snprintf(why, why_len, "cannot save %s's value in %s before changing it: %s", full,
			 save_path, strerror(-rc));
		goto undo;
	}
	rc = write_value(path, value);
	if (rc) {
		snprintf(why, why_len, "cannot write %s to %s: %s", value, full, strerror(-rc));
		/* A failed write may still have changed the value (the kernel acts on part of a
		 * write): then it stays recorded, with what is there now, so it is put back. */
		if (sys_settings_read(path, current, sizeof(current)) == 0 &&
		    strcmp(current, s->original)) {
			snprintf(s->written, sizeof(s->written), "%s", current);
			s->pending = false;
			save_write(&mine);
			return rc;
		}
		goto undo;
	}
	/* What is there now is what forkbench wrote, even where the kernel took less. */
	if (sys_settings_read(path, current, sizeof(current)) == 0)
		snprintf(s->written, sizeof(s->written), "%s", current);
	s->pending = false;
	rc = save_write(&mine);
	if (rc)
		snprintf(why, why_len, "cannot update %s after changing %s: %s", save_path, full,
			 strerror(-rc));
	return rc;
undo:
	if (added)
		mine.count--;
	else
		*s = before;
	save_write(&mine);
	return rc;
}

int sys_settings_restore_all(char *why, size_t why_len)
{
	int rc, wrc;

	why[0] = '\0';
	if (!sys_settings_held())
		return 0;
	rc = restore_list(&mine, 0, why, why_len);
	wrc = save_write(&mine);
	if (!rc && wrc) {
		snprintf(why, why_len, "cannot remove %s: %s", save_path, strerror(-wrc));
		rc = wrc;
	}
	memset(&mine, 0, sizeof(mine));
	settings_lock_release(&lock);
	owner_pid = 0;
	return rc;
}

int sys_settings_restore_prefix(const char *prefix, char *why, size_t why_len)
{
	struct save_list group = { .pid = mine.pid };
	size_t rest = 0, plen = strlen(prefix);
	int rc, wrc;

	why[0] = '\0';
	if (!sys_settings_held())
		return 0;
	for (size_t i = 0; i < mine.count; i++) {
		if (strncmp(mine.s[i].path, prefix, plen))
			mine.s[rest++] = mine.s[i];
		else
			group.s[group.count++] = mine.s[i];
	}
	if (!group.count)
		return 0;
	mine.count = rest;
	rc = restore_list(&group, 0, why, why_len);
	/* What could not be written back stays ours, for the final restore to try again. */
	for (size_t i = 0; i < group.count && mine.count < SYS_SETTINGS_MAX; i++)
		mine.s[mine.count++] = group.s[i];
	wrc = save_write(&mine);
	if (!rc && wrc) {
		snprintf(why, why_len, "cannot rewrite %s: %s", save_path, strerror(-wrc));
		rc = wrc;
	}
	return rc;
}

int sys_settings_describe_saved(FILE *out, const char *indent)
{
	struct save_list l;
	int rc = save_read(&l);

	if (rc == -ENOENT) {
		fprintf(out, "%snone\n", indent);
		return 0;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < l.count; i++)
		fprintf(out, "%s%s: %s, was %s before run pid %ld%s\n", indent, l.s[i].path,
			l.s[i].written, l.s[i].original, l.pid,
			l.s[i].pending ? " (write not confirmed)" : "");
	return 0;
}
