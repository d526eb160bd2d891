/* The writing side of samples.csv.gz (samples_gz.h): one gzip member per append. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samples_gz.h"
#include "sudo_owner.h"

/* Level 1: a suite's samples are ~150 MB of text that compresses about 10x at level 1 and
 * barely better at 6 for several times the CPU; the writing must stay a small share of the run. */
#define SAMPLES_GZ_LEVEL 1
/* windowBits 15 + 16: a gzip header and trailer around the deflate stream (zlib.h). */
#define SAMPLES_GZ_WBITS (15 + 16)

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int samples_gz_create(struct samples_gz_writer *w, const char *dir, const char *header,
		      size_t header_len, char *why, size_t why_len)
{
	struct samples_gz_member m;
	char path[4200];
	int ret;

	w->fd = -1;
	w->valid_bytes = 0;
	ret = zlib_dl_open(&w->z, why, why_len);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s", dir, SAMPLES_GZ_NAME);
	w->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		ret = -errno;
		snprintf(why, why_len, "cannot create %s: %s", path, strerror(-ret));
		goto fail;
	}
	ret = sudo_owner_give(path, w->fd);
	if (!ret)
		ret = samples_gz_append(w, header, header_len, &m);
	if (ret) {
		snprintf(why, why_len, "cannot write %s: %s", path, strerror(-ret));
		goto fail;
	}
	return 0;
fail:
	samples_gz_close(w);
	return ret;
}

int samples_gz_append(struct samples_gz_writer *w, const void *data, size_t len,
		      struct samples_gz_member *out)
{
	z_stream zs;
	unsigned char *buf;
	size_t cap;
	int ret, zret;

	memset(&zs, 0, sizeof(zs));
	if (w->z.deflate_init2(&zs, SAMPLES_GZ_LEVEL, Z_DEFLATED, SAMPLES_GZ_WBITS, 8,
			       Z_DEFAULT_STRATEGY, ZLIB_VERSION, (int)sizeof(zs)) != Z_OK)
		return -ENOMEM;
	/* deflateBound is the most one Z_FINISH call can produce, header and trailer included. */
	cap = w->z.deflate_bound(&zs, (uLong)len);
	buf = malloc(cap);
	if (!buf) {
		w->z.deflate_end(&zs);
		return -ENOMEM;
	}
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	zret = w->z.deflate(&zs, Z_FINISH);
	ret = zret == Z_STREAM_END ? 0 : -EIO;
	if (!ret) {
		out->offset_bytes = w->valid_bytes;
		out->length_bytes = zs.total_out;
		ret = write_all(w->fd, buf, zs.total_out);
	}
	w->z.deflate_end(&zs);
	free(buf);
	if (ret) {
		/* A partial member would make every later one unreadable: cut it off now. */
		if (ftruncate(w->fd, (off_t)w->valid_bytes) == 0)
			lseek(w->fd, (off_t)w->valid_bytes, SEEK_SET);
		return ret;
	}
	w->valid_bytes += out->length_bytes;
	return 0;
}

int samples_gz_read_member(struct samples_gz_writer *w, const struct samples_gz_member *m,
			   char **out, size_t *out_len)
{
	unsigned char *in = malloc(m->length_bytes ? m->length_bytes : 1);
	size_t cap = m->length_bytes * 8 + 4096, used = 0;
	char *text = malloc(cap);
	z_stream zs;
	ssize_t n;
	int ret = 0, zret = Z_OK;

	*out = NULL;
	*out_len = 0;
	memset(&zs, 0, sizeof(zs));
	if (!in || !text || w->z.inflate_init2(&zs, SAMPLES_GZ_WBITS, ZLIB_VERSION,
					       (int)sizeof(zs)) != Z_OK) {
		free(in);
		free(text);
		return -ENOMEM;
	}
	n = pread(w->fd, in, m->length_bytes, (off_t)m->offset_bytes);
	if (n < 0 || (uint64_t)n != m->length_bytes) {
		ret = n < 0 ? -errno : -EIO;
		goto out;
	}
	zs.next_in = in;
	zs.avail_in = (uInt)m->length_bytes;
	while (zret == Z_OK) {
		if (used == cap) {
			char *bigger = realloc(text, cap * 2);

			if (!bigger) {
				ret = -ENOMEM;
				goto out;
			}
			text = bigger;
			cap *= 2;
		}
		zs.next_out = (Bytef *)text + used;
		zs.avail_out = (uInt)(cap - used);
		zret = w->z.inflate(&zs, Z_NO_FLUSH);
		used = cap - zs.avail_out;
	}
	if (zret != Z_STREAM_END || zs.avail_in)
		ret = -EIO;
out:
	w->z.inflate_end(&zs);
	free(in);
	if (ret) {
		free(text);
		return ret;
	}
	*out = text;
	*out_len = used;
	return 0;
}

void samples_gz_close(struct samples_gz_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	zlib_dl_close(&w->z);
}
