/* Loads and unloads libpfm4 at run time (see pfm_dl.h for why it is not linked). */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pfm_dl.h"

#define LIBPFM_SONAME "libpfm.so.4"

int pfm_dl_open(struct pfm_api *api, char *why, size_t why_len)
{
	int ret;

	memset(api, 0, sizeof(*api));
	api->handle = dlopen(LIBPFM_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!api->handle) {
		snprintf(why, why_len, "cannot load %s (%s): install libpfm4", LIBPFM_SONAME,
			 dlerror());
		return -ENOENT;
	}
#define BIND(field, symbol)                                           \
	do {                                                          \
		*(void **)&api->field = dlsym(api->handle, #symbol); \
		if (!api->field)                                      \
			goto missing;                                 \
	} while (0)
	BIND(initialize, pfm_initialize);
	BIND(terminate, pfm_terminate);
	BIND(get_os_event_encoding, pfm_get_os_event_encoding);
	BIND(strerror, pfm_strerror);
	BIND(get_pmu_info, pfm_get_pmu_info);
	BIND(get_event_next, pfm_get_event_next);
	BIND(get_event_info, pfm_get_event_info);
#undef BIND
	ret = api->initialize();
	if (ret != PFM_SUCCESS) {
		snprintf(why, why_len, "libpfm4: %s", api->strerror(ret));
		dlclose(api->handle);
		api->handle = NULL;
		return -ENODEV;
	}
	return 0;
missing:
	snprintf(why, why_len, "%s lacks a symbol forkbench needs: %s", LIBPFM_SONAME, dlerror());
	dlclose(api->handle);
	api->handle = NULL;
	return -ENOENT;
}

void pfm_dl_close(struct pfm_api *api)
{
	if (!api->handle)
		return;
	api->terminate();
	dlclose(api->handle);
	memset(api, 0, sizeof(*api));
}
