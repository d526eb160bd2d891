/* Loads and unloads zlib at run time (see zlib_dl.h for why it is not linked). */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "zlib_dl.h"

#define ZLIB_SONAME "libz.so.1"

int zlib_dl_open(struct zlib_api *z, char *why, size_t why_len)
{
	memset(z, 0, sizeof(*z));
	z->handle = dlopen(ZLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!z->handle) {
		snprintf(why, why_len, "cannot load %s (%s): install zlib1g", ZLIB_SONAME,
			 dlerror());
		return -ENOENT;
	}
#define BIND(field, symbol)                                         \
	do {                                                        \
		*(void **)&z->field = dlsym(z->handle, #symbol);    \
		if (!z->field)                                      \
			goto missing;                               \
	} while (0)
	BIND(version, zlibVersion);
	BIND(deflate_init2, deflateInit2_);
	BIND(deflate, deflate);
	BIND(deflate_end, deflateEnd);
	BIND(deflate_bound, deflateBound);
	BIND(inflate_init2, inflateInit2_);
	BIND(inflate, inflate);
	BIND(inflate_reset, inflateReset);
	BIND(inflate_end, inflateEnd);
#undef BIND
	return 0;
missing:
	snprintf(why, why_len, "%s lacks a symbol forkbench needs: %s", ZLIB_SONAME, dlerror());
	dlclose(z->handle);
	z->handle = NULL;
	return -ENOENT;
}

void zlib_dl_close(struct zlib_api *z)
{
	if (z->handle)
		dlclose(z->handle);
	memset(z, 0, sizeof(*z));
}
