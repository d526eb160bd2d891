/* libpfm4, loaded only while event names are resolved. Linking it would keep its ~1 MiB of
 * relocated tables mapped as private dirty pages in the benchmarking process, and fork would
 * copy their page-table entries on every creation: measured here, +45 us per fork (a third of
 * fork's cost on this VM). So the library is dlopen'ed, used, and dlclose'd before timing. */
#ifndef FB_PFM_DL_H
#define FB_PFM_DL_H
#include <stddef.h>
#include <perfmon/pfmlib_perf_event.h>

struct pfm_api {
	void *handle;
	__typeof__(pfm_initialize) *initialize;
	__typeof__(pfm_terminate) *terminate;
	__typeof__(pfm_get_os_event_encoding) *get_os_event_encoding;
	__typeof__(pfm_strerror) *strerror;
	__typeof__(pfm_get_pmu_info) *get_pmu_info;
	__typeof__(pfm_get_event_next) *get_event_next;
	__typeof__(pfm_get_event_info) *get_event_info;
};

/* dlopen + dlsym + pfm_initialize. 0, or -ENOENT/-ENODEV with why ("libpfm4 is not installed"). */
int pfm_dl_open(struct pfm_api *api, char *why, size_t why_len);
/* pfm_terminate + dlclose: the library's pages leave the address space. */
void pfm_dl_close(struct pfm_api *api);

#endif
