/* The --rss region of the kinds other than private anonymous memory, made resident the way that
 * keeps each its kind: shmem and hugetlb pages are written, file pages only read (a write would
 * make private anonymous copies of them). The file is unlinked before it is filled (O_TMPFILE,
 * or unlink right after mkstemp), so a worker killed by SIGKILL leaves no file behind: the
 * mapping alone keeps it alive. Nothing here is timed. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "shape_region.h"

/* The file kind is written in chunks of this size (the page cache then holds it all). */
#define REGION_FILL_BYTES (1u << 20)

const char *const shape_rss_kind_names[SHAPE_RSS_KINDS] = {
	[SHAPE_RSS_ANON] = "anon",
	[SHAPE_RSS_SHMEM] = "shmem",
	[SHAPE_RSS_FILE] = "file",
	[SHAPE_RSS_HUGETLB] = "hugetlb",
};

int shape_rss_kind_parse(const char *name)
{
	for (int i = 0; i < SHAPE_RSS_KINDS; i++)
		if (!strcmp(name, shape_rss_kind_names[i]))
			return i;
	return -1;
}

#define reason(why, why_len, ...)                                \
	do {                                                     \
		if ((why) && (why_len))                          \
			snprintf((why), (why_len), __VA_ARGS__); \
	} while (0)

uint64_t shape_meminfo_u64(const char *key)
{
	char line[256];
	uint64_t v = 0;
	size_t key_len = strlen(key);
	FILE *fp = fopen("/proc/meminfo", "re");

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, key, key_len)) {
			v = strtoull(line + key_len, NULL, 10);
			break;
		}
	fclose(fp);
	return v;
}

static uint64_t read_u64_or_zero(const char *path)
{
	char buf[32] = "";
	FILE *fp = fopen(path, "re");
	uint64_t v = 0;

	if (fp) {
		if (fgets(buf, sizeof(buf), fp))
			v = strtoull(buf, NULL, 10);
		fclose(fp);
	}
	return v;
}

/* An unlinked file in dir, open for reading and writing: O_TMPFILE, or mkstemp + unlink on a
 * file system without it. -errno with why. */
static int open_unlinked(const char *dir, const char *size_text, char *why, size_t why_len)
{
	char path[4096];
	int fd, err;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	err = errno;
	if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL) {
		reason(why, why_len, "--rss %s --rss-kind file: open(%s, O_TMPFILE|O_RDWR): %s",
		       size_text, dir, strerror(err));
		return -err;
	}
	snprintf(path, sizeof(path), "%s/.forkbench-rss-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		reason(why, why_len, "--rss %s --rss-kind file: mkostemp(%s): %s", size_text, path,
		       strerror(err));
		return -err;
	}
	unlink(path); /* at once: from here on only the descriptor and the mapping hold it */
	return fd;
}

/* Writes len bytes into fd: the page cache then holds the whole file. */
static int fill_file(int fd, size_t len, const char *size_text, char *why, size_t why_len)
{
	char *buf = malloc(REGION_FILL_BYTES);
	size_t done = 0;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, REGION_FILL_BYTES); /* not zeros: no file system may keep it sparse */
	while (done < len) {
		size_t chunk = len - done < REGION_FILL_BYTES ? len - done : REGION_FILL_BYTES;
		ssize_t n = pwrite(fd, buf, chunk, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -ENOSPC;
			reason(why, why_len, "--rss %s --rss-kind file: write at byte %zu: %s",
			       size_text, done, strerror(-ret));
			break;
		}
		done += (size_t)n;
	}
	free(buf);
	return ret;
}

static int map_file(const struct shape_spec *spec, size_t len, const char *size_text, char **addr,
		    char *why, size_t why_len)
{
	const char *dir = spec->file_dir ? spec->file_dir : ".";
	int fd = open_unlinked(dir, size_text, why, why_len), ret;
	struct statvfs fs;
	char *map;

	if (fd < 0)
		return fd;
	/* The file is written whole: never more than half of what its file system has free, so a
	 * large sweep point cannot fill the disk under everyone else (it is skipped instead). */
	if (fstatvfs(fd, &fs) == 0 && len > (uint64_t)fs.f_bavail * fs.f_frsize / 2) {
		ret = -ENOSPC;
		reason(why, why_len, "--rss %s --rss-kind file: the file system of %s has %" PRIu64
		       " MiB free, and the region may take at most half of it (a smaller --rss, or "
		       "-o on a larger file system)", size_text, dir,
		       (uint64_t)fs.f_bavail * fs.f_frsize >> 20);
		goto out;
	}
	ret = fill_file(fd, len, size_text, why, why_len);
	if (ret)
		goto out;
	/* PROT_READ: nothing can write, so no page ever becomes a private anonymous copy and the
	 * mapping never gets an anon_vma (which would make fork copy its page tables). */
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		reason(why, why_len, "--rss %s --rss-kind file: mmap(PROT_READ, MAP_PRIVATE): %s",
		       size_text, strerror(-ret));
		goto out;
	}
	*addr = map;
out:
	close(fd); /* the mapping keeps the file; at munmap or exit it is gone */
	return ret;
}

/* Why MAP_HUGETLB failed, in the reservation's terms. */
static void hugetlb_reason(size_t len, size_t huge_bytes, const char *size_text, int err,
			   char *why, size_t why_len)
{
	uint64_t reserved = read_u64_or_zero("/proc/sys/vm/nr_hugepages");
	uint64_t free_pages = shape_meminfo_u64("HugePages_Free:");
	uint64_t need = len / huge_bytes;

	if (!reserved)
		reason(why, why_len,
		       "--rss %s --rss-kind hugetlb: mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB): %s: "
		       "no huge pages reserved: /proc/sys/vm/nr_hugepages is 0 (as root: sysctl "
		       "vm.nr_hugepages=%" PRIu64 ")",
		       size_text, strerror(err), need);
	else
		reason(why, why_len,
		       "--rss %s --rss-kind hugetlb: mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB): %s: "
		       "needs %" PRIu64 " huge pages of %zu KiB, %" PRIu64 " free of the %" PRIu64
		       " reserved (/proc/sys/vm/nr_hugepages)",
		       size_text, strerror(err), need, huge_bytes >> 10, free_pages, reserved);
}

int shape_region_map(const struct shape_spec *spec, size_t len, const char *size_text,
		     char **addr, size_t *mapped_bytes, char *why, size_t why_len)
{
	size_t stride = (size_t)sysconf(_SC_PAGESIZE);
	char *map = MAP_FAILED;
	int ret = 0;

	*addr = NULL;
	*mapped_bytes = 0;
	switch (spec->rss_kind) {
	case SHAPE_RSS_SHMEM:
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED) {
			ret = -errno;
			reason(why, why_len,
			       "--rss %s --rss-kind shmem: mmap(MAP_SHARED|MAP_ANONYMOUS): %s",
			       size_text, strerror(-ret));
			return ret;
		}
		break;
	case SHAPE_RSS_FILE:
		ret = map_file(spec, len, size_text, &map, why, why_len);
		if (ret)
			return ret;
		break;
	case SHAPE_RSS_HUGETLB: {
		size_t huge_bytes = (size_t)shape_meminfo_u64("Hugepagesize:") << 10;

		if (!huge_bytes) {
			reason(why, why_len, "--rss %s --rss-kind hugetlb: the kernel has no hugetlb "
			       "pages (no Hugepagesize in /proc/meminfo)", size_text);
			return -EOPNOTSUPP;
		}
		len = (len + huge_bytes - 1) / huge_bytes * huge_bytes;
		stride = huge_bytes;
		/* The pages are taken from the reservation at mmap time (not at the first fault),
		 * so a shortage shows here, not as a SIGBUS later. */
		map = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (map == MAP_FAILED) {
			ret = -errno;
			hugetlb_reason(len, huge_bytes, size_text, -ret, why, why_len);
			return ret;
		}
		break;
	}
	default:
		reason(why, why_len, "rss_kind: %d is not shmem, file or hugetlb", spec->rss_kind);
		return -EINVAL;
	}
	*addr = map;
	*mapped_bytes = len;
	if (!spec->touch)
		return 0;
	/* One access per page makes it present in this process's page tables; volatile so none
	 * is elided. The file kind reads (its pages stay the page cache's), the others write. */
	if (spec->rss_kind == SHAPE_RSS_FILE) {
		volatile const unsigned char *p = (const unsigned char *)map;
		unsigned sum = 0;

		for (size_t off = 0; off < len; off += stride)
			sum += p[off];
		(void)sum;
	} else {
		for (size_t off = 0; off < len; off += stride)
			((volatile char *)map)[off] = 1;
	}
	return 0;
}
