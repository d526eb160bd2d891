/* samples.csv.gz (DESIGN §7): the run's samples, in samples.csv's columns, as gzip members
 * appended one per completed configuration x repetition and never rewritten, so the
 * coordinator holds one configuration's samples at a time and a run killed at any point keeps
 * every member it completed. Concatenated members are one valid gzip file (RFC 1952 §2.2):
 * zcat, Python's gzip, pandas and R read it whole. The first member holds the header line.
 *
 * A member cut short (a SIGKILL inside an append) or past the length meta.json records is not
 * read: readers stop at the last complete member within that length and say what they left. */
#ifndef FB_SAMPLES_GZ_H
#define FB_SAMPLES_GZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zlib_dl.h"

#define SAMPLES_GZ_NAME "samples.csv.gz"

/* Where one member lies in the file. */
struct samples_gz_member {
	uint64_t offset_bytes, length_bytes;
};

struct samples_gz_writer {
	struct zlib_api z;
	int fd;               /* -1: closed */
	uint64_t valid_bytes; /* end of the last complete member: the length meta.json records */
	/* The member being written (samples_gz_member_open): */
	z_stream zs;
	unsigned char *out;   /* compressed bytes on their way to the file */
	uint64_t member_bytes;
	int member_errno;     /* the first failure inside the member, reported at its close */
};

/* Loads zlib, creates dir/samples.csv.gz (the run directory's own, empty) and appends the
 * header line as its first member. 0, or -errno with one line in why. */
int samples_gz_create(struct samples_gz_writer *w, const char *dir, const char *header,
		      size_t header_len, char *why, size_t why_len);
/* One member, streamed: what is written to the stream member_open returns is compressed into
 * the file in 64 KiB steps (so a repetition's rows are never held whole, as text or compressed),
 * and member_close finishes the member. On any failure (ENOSPC) the file is cut back to
 * valid_bytes, so the next member starts where the last complete one ended. member_close
 * returns 0 or -errno and says where the member lies (*out); only one member is open at a time. */
FILE *samples_gz_member_open(struct samples_gz_writer *w);
int samples_gz_member_close(struct samples_gz_writer *w, FILE *member, struct samples_gz_member *out);
/* The same for data[0..len) at once. */
int samples_gz_append(struct samples_gz_writer *w, const void *data, size_t len,
		      struct samples_gz_member *out);
/* Reads member m back record by record, streamed (64 KiB at a time): on_line gets each CSV
 * record (a newline inside a quoted cell stays in it) without its newline, NUL-terminated and
 * writable; a non-zero return stops the read and is
 * returned. 0, -EIO for a member that does not decompress whole, or -errno. */
int samples_gz_member_lines(struct samples_gz_writer *w, const struct samples_gz_member *m,
			    int (*on_line)(void *ctx, char *line), void *ctx);
void samples_gz_close(struct samples_gz_writer *w);

/* What a reader left unread; filled when its stream reaches its end or is closed. */
struct samples_gz_tail {
	uint64_t used_bytes;    /* compressed bytes read: every complete member */
	uint64_t ignored_bytes; /* after them: a member cut short, or past limit_bytes */
	bool damaged;           /* the ignored part began with a member cut short or corrupt */
};

/* The decompressed bytes of every complete member of path within its first limit_bytes
 * (UINT64_MAX: the whole file) as a read-only stream; *tail (which must outlive the stream) is
 * filled at its end. NULL with errno and why on failure. */
FILE *samples_gz_fopen(const char *path, uint64_t limit_bytes, struct samples_gz_tail *tail,
		       char *why, size_t why_len);

/* One line saying what a reader left unread of path, or "" when it read everything. */
void samples_gz_tail_text(const struct samples_gz_tail *tail, const char *path, char *buf,
			  size_t len);

#endif
