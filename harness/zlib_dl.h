/* zlib, loaded only where samples are compressed or read (DESIGN §7). The benchmarking
 * processes must map no library they do not need: every mapping is copied by each fork, and
 * libm's five cost +7 us per fork here (README). The coordinator dlopens zlib when it opens
 * samples.csv.gz; workers are fresh execs of forkbench and never load it. */
#ifndef FB_ZLIB_DL_H
#define FB_ZLIB_DL_H
#include <stddef.h>
#include <zlib.h>

struct zlib_api {
	void *handle;
	__typeof__(zlibVersion) *version;
	__typeof__(deflateInit2_) *deflate_init2;
	__typeof__(deflate) *deflate;
	__typeof__(deflateEnd) *deflate_end;
	__typeof__(deflateBound) *deflate_bound;
	__typeof__(inflateInit2_) *inflate_init2;
	__typeof__(inflate) *inflate;
	__typeof__(inflateReset) *inflate_reset;
	__typeof__(inflateEnd) *inflate_end;
};

/* dlopen + dlsym: 0, or -ENOENT with why ("cannot load libz.so.1 ...: install zlib1g"). */
int zlib_dl_open(struct zlib_api *z, char *why, size_t why_len);
void zlib_dl_close(struct zlib_api *z);

#endif
