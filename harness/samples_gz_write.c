/* The writing side of samples.csv.gz (samples_gz.h): one gzip member per append. */
#include <errno.h>
#include <limits.h>
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
/* Both directions stream in steps of this size: a member is never held whole. */
#define STREAM_CHUNK_BYTES (64u << 10)

/* At an explicit offset, so nothing depends on the descriptor's position after a failure. */
static int write_all(int fd, const unsigned char *p, size_t len, uint64_t offset)
{
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

int samples_gz_create(struct samples_gz_writer *w, const char *dir, const char *header,
		      size_t header_len, char *why, size_t why_len)
{
	struct samples_gz_member m;
	char path[4200];
	int ret;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
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

/* Runs deflate over what zs holds with flush, writing every full (or, at Z_FINISH, final) output
 * buffer to the file. 0 or -errno. */
static int deflate_out(struct samples_gz_writer *w, int flush)
{
	int zret;

	do {
		w->zs.next_out = w->out;
		w->zs.avail_out = STREAM_CHUNK_BYTES;
		zret = w->z.deflate(&w->zs, flush);
		if (zret == Z_STREAM_ERROR)
			return -EIO;
		size_t have = STREAM_CHUNK_BYTES - w->zs.avail_out;
		int ret = write_all(w->fd, w->out, have, w->valid_bytes + w->member_bytes);

		if (ret)
			return ret;
		w->member_bytes += have;
	} while (w->zs.avail_out == 0 || (flush == Z_FINISH && zret != Z_STREAM_END));
	return 0;
}

static ssize_t member_write(void *cookie, const char *buf, size_t size)
{
	struct samples_gz_writer *w = cookie;
	int ret;

	if (w->member_errno) {
		errno = w->member_errno;
		return -1;
	}
	/* avail_in is a uInt: a write larger than that goes in steps. */
	for (size_t done = 0, step; done < size; done += step) {
		step = size - done < UINT_MAX ? size - done : UINT_MAX;
		w->zs.next_in = (Bytef *)(uintptr_t)(buf + done);
		w->zs.avail_in = (uInt)step;
		ret = deflate_out(w, Z_NO_FLUSH);
		if (ret) {
			w->member_errno = -ret;
			errno = -ret;
			return -1;
		}
	}
	return (ssize_t)size;
}

FILE *samples_gz_member_open(struct samples_gz_writer *w)
{
	cookie_io_functions_t io = { .write = member_write };
	FILE *fp;

	memset(&w->zs, 0, sizeof(w->zs));
	w->member_bytes = 0;
	w->member_errno = 0;
	w->out = malloc(STREAM_CHUNK_BYTES);
	if (!w->out)
		return NULL;
	if (w->z.deflate_init2(&w->zs, SAMPLES_GZ_LEVEL, Z_DEFLATED, SAMPLES_GZ_WBITS, 8,
			       Z_DEFAULT_STRATEGY, ZLIB_VERSION, (int)sizeof(w->zs)) != Z_OK)
		goto fail;
	fp = fopencookie(w, "w", io);
	if (fp) {
		setvbuf(fp, NULL, _IOFBF, STREAM_CHUNK_BYTES);
		return fp;
	}
	w->z.deflate_end(&w->zs);
fail:
	free(w->out);
	w->out = NULL;
	errno = ENOMEM;
	return NULL;
}

int samples_gz_member_close(struct samples_gz_writer *w, FILE *member, struct samples_gz_member *out)
{
	int ret = fclose(member) ? -EIO : 0;

	/* A failure inside the member (the stream's, or one the caller set) drops it. */
	if (w->member_errno)
		ret = -w->member_errno;

	if (!ret) {
		w->zs.next_in = NULL;
		w->zs.avail_in = 0;
		ret = deflate_out(w, Z_FINISH);
	}
	w->z.deflate_end(&w->zs);
	free(w->out);
	w->out = NULL;
	if (ret) {
		/* A partial member would make every later one unreadable: cut it off now (the
		 * next member is written at valid_bytes whatever happens here). */
		(void)!ftruncate(w->fd, (off_t)w->valid_bytes);
		return ret;
	}
	out->offset_bytes = w->valid_bytes;
	out->length_bytes = w->member_bytes;
	w->valid_bytes += w->member_bytes;
	return 0;
}

int samples_gz_append(struct samples_gz_writer *w, const void *data, size_t len,
		      struct samples_gz_member *out)
{
	FILE *fp = samples_gz_member_open(w);

	if (!fp)
		return -ENOMEM;
	fwrite(data, 1, len, fp);
	return samples_gz_member_close(w, fp, out);
}

/* The newline that ends the record text starts, or NULL: a newline inside a quoted cell (an
 * exec path may hold one, RFC 4180) is part of the record. *quoted carries the state across
 * calls; "" inside a quoted cell toggles it twice. */
static char *record_end(char *text, char *end, bool *quoted)
{
	for (char *p = text; p < end; p++) {
		if (*p == '"')
			*quoted = !*quoted;
		else if (*p == '\n' && !*quoted)
			return p;
	}
	return NULL;
}

/* Hands each complete record of text[0..len) to on_line; what follows the last one is kept in
 * *carry for the next call. 0, on_line's non-zero return, or -ENOMEM. */
static int split_lines(char *text, size_t len, char **carry, size_t *carry_len, size_t *carry_cap,
		       bool *quoted, int (*on_line)(void *ctx, char *line), void *ctx)
{
	char *end = text + len;

	while (text < end) {
		char *nl = record_end(text, end, quoted);
		size_t n = nl ? (size_t)(nl - text) : (size_t)(end - text);
		int ret;

		if (!*carry || *carry_len + n + 1 > *carry_cap) {
			size_t cap = (*carry_len + n + 1) * 2;
			char *bigger = realloc(*carry, cap);

			if (!bigger)
				return -ENOMEM;
			*carry = bigger;
			*carry_cap = cap;
		}
		if (!nl || *carry_len) {
			memcpy(*carry + *carry_len, text, n);
			*carry_len += n;
			(*carry)[*carry_len] = '\0';
		}
		if (!nl)
			return 0;
		if (*carry_len) {
			ret = on_line(ctx, *carry);
			*carry_len = 0;
		} else {
			*nl = '\0';
			ret = on_line(ctx, text);
		}
		if (ret)
			return ret;
		text = nl + 1;
	}
	return 0;
}

int samples_gz_member_lines(struct samples_gz_writer *w, const struct samples_gz_member *m,
			    int (*on_line)(void *ctx, char *line), void *ctx)
{
	unsigned char *in = malloc(STREAM_CHUNK_BYTES);
	char *text = malloc(STREAM_CHUNK_BYTES), *carry = NULL;
	size_t carry_len = 0, carry_cap = 0;
	bool quoted = false;
	uint64_t offset = m->offset_bytes, left = m->length_bytes;
	z_stream zs;
	int ret = 0, zret = Z_OK;

	memset(&zs, 0, sizeof(zs));
	if (!in || !text || w->z.inflate_init2(&zs, SAMPLES_GZ_WBITS, ZLIB_VERSION,
					       (int)sizeof(zs)) != Z_OK) {
		free(in);
		free(text);
		return -ENOMEM;
	}
	while (!ret && zret == Z_OK) {
		if (!zs.avail_in && left) {
			size_t want = left < STREAM_CHUNK_BYTES ? (size_t)left : STREAM_CHUNK_BYTES;
			ssize_t n = pread(w->fd, in, want, (off_t)offset);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ret = n < 0 ? -errno : -EIO;
				break;
			}
			offset += (uint64_t)n;
			left -= (uint64_t)n;
			zs.next_in = in;
			zs.avail_in = (uInt)n;
		}
		zs.next_out = (Bytef *)text;
		zs.avail_out = STREAM_CHUNK_BYTES;
		zret = w->z.inflate(&zs, Z_NO_FLUSH);
		if (zret == Z_BUF_ERROR && !zs.avail_in && left)
			zret = Z_OK;
		if (zret == Z_OK || zret == Z_STREAM_END)
			ret = split_lines(text, STREAM_CHUNK_BYTES - zs.avail_out, &carry, &carry_len,
					  &carry_cap, &quoted, on_line, ctx);
	}
	/* The member must end exactly where it was recorded to, with no line left unfinished. */
	if (!ret && (zret != Z_STREAM_END || zs.avail_in || left || carry_len))
		ret = -EIO;
	w->z.inflate_end(&zs);
	free(in);
	free(text);
	free(carry);
	return ret;
}

void samples_gz_close(struct samples_gz_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	zlib_dl_close(&w->z);
}
