/* The reading side of samples.csv.gz (samples_gz.h): a stream of the decompressed bytes of
 * every complete member, handed out a member at a time so that a member cut short never
 * reaches the reader, not even its first lines. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samples_gz.h"

#define READ_CHUNK_BYTES (1u << 16)

struct gz_reader {
	struct zlib_api z;
	z_stream zs;
	int fd;
	uint64_t limit_bytes;  /* what may be read: the recorded length, or the file's size */
	uint64_t fed_bytes;    /* compressed bytes given to inflate so far */
	uint64_t file_bytes;
	unsigned char in[READ_CHUNK_BYTES];
	char *member;          /* the current member, decompressed */
	size_t member_len, member_cap, member_pos;
	bool at_end;
	struct samples_gz_tail *tail;
};

/* Decompresses the next member into r->member. 1: a complete member, 0: nothing more that is
 * complete (the tail says what was left), -errno. */
static int next_member(struct gz_reader *r)
{
	uint64_t start = r->fed_bytes - r->zs.avail_in;
	int zret = Z_OK;

	r->member_len = r->member_pos = 0;
	if (start >= r->limit_bytes)
		goto end;
	r->z.inflate_reset(&r->zs);
	while (zret == Z_OK) {
		if (!r->zs.avail_in) {
			uint64_t left = r->limit_bytes - r->fed_bytes;
			size_t want = left < READ_CHUNK_BYTES ? (size_t)left : READ_CHUNK_BYTES;
			ssize_t n = want ? read(r->fd, r->in, want) : 0;

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			if (n == 0)
				break; /* the member goes on past what may be read: cut short */
			r->zs.next_in = r->in;
			r->zs.avail_in = (uInt)n;
			r->fed_bytes += (uint64_t)n;
		}
		if (r->member_len == r->member_cap) {
			size_t cap = r->member_cap ? 2 * r->member_cap : 1u << 20;
			char *bigger = realloc(r->member, cap);

			if (!bigger)
				return -ENOMEM;
			r->member = bigger;
			r->member_cap = cap;
		}
		r->zs.next_out = (Bytef *)r->member + r->member_len;
		r->zs.avail_out = (uInt)(r->member_cap - r->member_len < UINT_MAX
						 ? r->member_cap - r->member_len
						 : UINT_MAX);
		zret = r->z.inflate(&r->zs, Z_NO_FLUSH);
		r->member_len = r->member_cap - r->zs.avail_out;
		if (zret == Z_BUF_ERROR && !r->zs.avail_in)
			zret = Z_OK; /* wants more input */
	}
	if (zret == Z_STREAM_END) {
		r->tail->used_bytes = r->fed_bytes - r->zs.avail_in;
		return 1;
	}
	r->tail->damaged = true;
end:
	r->member_len = 0;
	r->tail->ignored_bytes = r->file_bytes - r->tail->used_bytes;
	r->at_end = true;
	return 0;
}

static ssize_t gz_read(void *cookie, char *buf, size_t size)
{
	struct gz_reader *r = cookie;
	size_t n;

	while (r->member_pos == r->member_len) {
		int ret;

		if (r->at_end)
			return 0;
		ret = next_member(r);
		if (ret < 0) {
			errno = -ret;
			return -1;
		}
	}
	n = r->member_len - r->member_pos;
	if (n > size)
		n = size;
	memcpy(buf, r->member + r->member_pos, n);
	r->member_pos += n;
	return (ssize_t)n;
}

static int gz_close(void *cookie)
{
	struct gz_reader *r = cookie;

	r->z.inflate_end(&r->zs);
	zlib_dl_close(&r->z);
	close(r->fd);
	free(r->member);
	free(r);
	return 0;
}

FILE *samples_gz_fopen(const char *path, uint64_t limit_bytes, struct samples_gz_tail *tail,
		       char *why, size_t why_len)
{
	cookie_io_functions_t io = { .read = gz_read, .close = gz_close };
	struct gz_reader *r = calloc(1, sizeof(*r));
	struct stat st;
	FILE *fp;
	int err;

	memset(tail, 0, sizeof(*tail));
	if (!r) {
		snprintf(why, why_len, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	r->tail = tail;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0 || fstat(r->fd, &st) < 0) {
		err = errno;
		snprintf(why, why_len, "%s: %s", path, strerror(err));
		goto fail_fd;
	}
	if (zlib_dl_open(&r->z, why, why_len)) {
		err = ENOENT;
		goto fail_fd;
	}
	if (r->z.inflate_init2(&r->zs, 15 + 16, ZLIB_VERSION, (int)sizeof(r->zs)) != Z_OK) {
		err = ENOMEM;
		snprintf(why, why_len, "out of memory");
		goto fail_z;
	}
	r->file_bytes = (uint64_t)st.st_size;
	r->limit_bytes = limit_bytes < r->file_bytes ? limit_bytes : r->file_bytes;
	tail->ignored_bytes = r->file_bytes;
	fp = fopencookie(r, "r", io);
	if (fp)
		return fp;
	err = errno;
	snprintf(why, why_len, "%s: %s", path, strerror(err));
	r->z.inflate_end(&r->zs);
fail_z:
	zlib_dl_close(&r->z);
fail_fd:
	if (r->fd >= 0)
		close(r->fd);
	free(r);
	errno = err;
	return NULL;
}

void samples_gz_tail_text(const struct samples_gz_tail *tail, const char *path, char *buf,
			  size_t len)
{
	if (!tail->ignored_bytes) {
		snprintf(buf, len, "%s", "");
		return;
	}
	snprintf(buf, len,
		 "%s: read %" PRIu64 " bytes of complete members and ignored the %" PRIu64
		 " after them (%s)",
		 path, tail->used_bytes, tail->ignored_bytes,
		 tail->damaged ? "a member cut short, as by a run killed while appending"
			       : "past the length meta.json records: repetitions finished after "
				 "the last summary was written");
}
