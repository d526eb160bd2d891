/* Machine and kernel facts for meta.json and `forkbench info` (DESIGN §7): everything is read
 * once into struct facts, then written as JSON or as aligned text. A fact that cannot be read is
 * "unknown" (text) or null (numbers) and never an error. It does not probe counters (the counters
 * module's job; its JSON is passed in) and does not detect containers, only virtual machines. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "clock.h"
#include "json.h"
#include "sysinfo.h"

/* The Makefile passes the `git describe` output; stringifying copes with it given either as a
 * string literal or as bare tokens (the quotes are stripped at run time). */
#define SYSINFO_STR2(x) #x
#define SYSINFO_STR(x) SYSINFO_STR2(x)
#ifdef FORKBENCH_VERSION
#define SYSINFO_VERSION SYSINFO_STR(FORKBENCH_VERSION)
#else
#define SYSINFO_VERSION "unknown"
#endif

#if defined(__clang__)
#define SYSINFO_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define SYSINFO_COMPILER "gcc " __VERSION__
#else
#define SYSINFO_COMPILER __VERSION__
#endif

#define UNKNOWN_LL LLONG_MIN /* a number that could not be read */
#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT 38
#define CPU_DIR "/sys/devices/system/cpu"
#define THP_DIR "/sys/kernel/mm/transparent_hugepage"

struct kv {
	char *name;
	char *value;
};

struct facts {
	char hostname[256], sysname[128], release[128], version[256], machine[128];
	char kernel_cmdline[4096];
	char cpu_model[256];
	long long online_cpus, configured_cpus, physical_cores, threads_per_core, numa_nodes;
	char smt_control[32];
	int smt_active; /* -1 unknown */
	long long mem_total_bytes, mem_available_bytes;
	char thp_enabled[32], thp_defrag[32], thp_shmem_enabled[32];
	long long thp_pmd_size_bytes;
	struct kv *mitigations;
	size_t n_mitigations;
	char cpufreq_governor[64], clocksource[64];
	char virt[32], sys_vendor[128], product_name[128], hv_signature[16], acpi_oem_id[8];
	int hypervisor_flag; /* -1 unknown */
	long long perf_event_paranoid;
	bool root;
	char cap_eff[32];
	int cap_perfmon, cap_sys_admin; /* -1 unknown */
	struct rlimit nproc, nofile;
	bool nproc_ok, nofile_ok;
	char pids_cgroup[1024], pids_max[32], pids_max_effective[32];
	long long pid_max, threads_max, overcommit_memory, userns_clone, max_user_namespaces;
	double timer_overhead_ns;
};

int sysinfo_read_file(const char *path, char *out, size_t len)
{
	FILE *fp;
	char *s, *e;
	int ret = 0;

	if (!out || len == 0)
		return -EINVAL;
	out[0] = '\0';
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	if (!fgets(out, (int)(len > INT_MAX ? INT_MAX : len), fp)) {
		ret = ferror(fp) ? -EIO : 0;
		out[0] = '\0';
		goto out;
	}
	for (s = out; isspace((unsigned char)*s); s++)
		;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	memmove(out, s, (size_t)(e - s));
	out[e - s] = '\0';
out:
	fclose(fp);
	return ret;
}

/* Text fact: "unknown" unless the file has a first line. */
static void read_text(const char *path, char *out, size_t len)
{
	if (sysinfo_read_file(path, out, len) < 0 || !out[0])
		snprintf(out, len, "unknown");
}

static long long read_ll(const char *path)
{
	char buf[64], *end;
	long long v;

	if (sysinfo_read_file(path, buf, sizeof(buf)) < 0)
		return UNKNOWN_LL;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf)
		return UNKNOWN_LL;
	return v;
}

/* THP and similar files list every choice and bracket the active one: "always [madvise] never". */
static int read_bracketed(const char *path, char *out, size_t len)
{
	char buf[256], *open, *close;
	int ret = sysinfo_read_file(path, buf, sizeof(buf));

	if (ret < 0)
		return ret;
	open = strchr(buf, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!close)
		snprintf(out, len, "%s", buf[0] ? buf : "unknown");
	else
		snprintf(out, len, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

int sysinfo_thp_enabled(char *out, size_t len)
{
	return read_bracketed(THP_DIR "/enabled", out, len) < 0 ? -ENOENT : 0;
}

bool sysinfo_is_root(void)
{
	return geteuid() == 0;
}

/* A "Key: value" line of a /proc file such as /proc/meminfo or /proc/self/status. */
static int proc_field(const char *path, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	char line[512];
	int ret = -ENOENT;
	FILE *fp = fopen(path, "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *v = line + klen;

		if (strncmp(line, key, klen) != 0)
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != ':')
			continue; /* "model" must not match "model name" */
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\n")] = '\0';
		snprintf(out, len, "%s", v);
		ret = 0;
		break;
	}
	fclose(fp);
	return ret;
}

static long long meminfo_bytes(const char *key)
{
	char buf[64];

	if (proc_field("/proc/meminfo", key, buf, sizeof(buf)) < 0)
		return UNKNOWN_LL;
	return strtoll(buf, NULL, 10) * 1024; /* /proc/meminfo says kB and means KiB */
}

long sysinfo_available_memory_bytes(void)
{
	long long v = meminfo_bytes("MemAvailable");

	return v == UNKNOWN_LL || v > LONG_MAX ? -1 : (long)v;
}

/* Number of entries in a kernel CPU/node list such as "0-3,8,10-11". */
static long long count_list(const char *list)
{
	long long n = 0;
	const char *p = list;

	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;

		if (end == p)
			return UNKNOWN_LL;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p || b < a)
				return UNKNOWN_LL;
		}
		n += b - a + 1;
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			return UNKNOWN_LL;
	}
	return n;
}

/* ARM CPUs have no "model name"; name the commonest server cores from their MIDR fields. */
static const struct {
	unsigned implementer, part;
	const char *name;
} arm_parts[] = {
	{ 0x41, 0xd03, "ARM Cortex-A53" },	{ 0x41, 0xd07, "ARM Cortex-A57" },
	{ 0x41, 0xd08, "ARM Cortex-A72" },	{ 0x41, 0xd0b, "ARM Cortex-A76" },
	{ 0x41, 0xd0c, "ARM Neoverse-N1" },	{ 0x41, 0xd40, "ARM Neoverse-V1" },
	{ 0x41, 0xd49, "ARM Neoverse-N2" },	{ 0x41, 0xd4f, "ARM Neoverse-V2" },
	{ 0x41, 0xd8e, "ARM Neoverse-N3" },	{ 0x41, 0xd84, "ARM Neoverse-V3" },
	{ 0xc0, 0xac3, "Ampere-1" },		{ 0xc0, 0xac4, "Ampere-1a" },
	{ 0x46, 0x001, "Fujitsu A64FX" },
};

static void read_cpu_model(struct facts *f)
{
	char impl[32], part[32];

	if (proc_field("/proc/cpuinfo", "model name", f->cpu_model, sizeof(f->cpu_model)) == 0 ||
	    proc_field("/proc/cpuinfo", "cpu model", f->cpu_model, sizeof(f->cpu_model)) == 0 ||
	    proc_field("/proc/cpuinfo", "cpu", f->cpu_model, sizeof(f->cpu_model)) == 0)
		return;
	if (proc_field("/proc/cpuinfo", "CPU implementer", impl, sizeof(impl)) == 0 &&
	    proc_field("/proc/cpuinfo", "CPU part", part, sizeof(part)) == 0) {
		unsigned i = (unsigned)strtoul(impl, NULL, 0), p = (unsigned)strtoul(part, NULL, 0);

		for (size_t k = 0; k < sizeof(arm_parts) / sizeof(arm_parts[0]); k++) {
			if (arm_parts[k].implementer == i && arm_parts[k].part == p) {
				snprintf(f->cpu_model, sizeof(f->cpu_model), "%s",
					 arm_parts[k].name);
				return;
			}
		}
		snprintf(f->cpu_model, sizeof(f->cpu_model), "implementer %#x part %#x", i, p);
		return;
	}
	if (sysinfo_read_file("/sys/firmware/devicetree/base/model", f->cpu_model,
			      sizeof(f->cpu_model)) == 0 && f->cpu_model[0])
		return;
	snprintf(f->cpu_model, sizeof(f->cpu_model), "unknown");
}

/* Physical cores = distinct (package, core) pairs among online CPUs: what SMT siblings share. */
static void read_cpu_topology(struct facts *f)
{
	long conf = sysconf(_SC_NPROCESSORS_CONF), onln = sysconf(_SC_NPROCESSORS_ONLN);
	long long *keys = NULL, n_keys = 0;
	char path[128], buf[64];

	f->configured_cpus = conf > 0 ? conf : UNKNOWN_LL;
	f->online_cpus = onln > 0 ? onln : UNKNOWN_LL;
	f->physical_cores = f->threads_per_core = UNKNOWN_LL;
	if (conf <= 0)
		goto numa;
	keys = calloc((size_t)conf, sizeof(*keys));
	if (!keys)
		goto numa;
	for (long cpu = 0; cpu < conf; cpu++) {
		long long pkg, core, key;
		bool seen = false;

		snprintf(path, sizeof(path), CPU_DIR "/cpu%ld/online", cpu);
		if (read_ll(path) == 0)
			continue; /* cpu0 often has no "online" file: it cannot go offline */
		snprintf(path, sizeof(path), CPU_DIR "/cpu%ld/topology/physical_package_id", cpu);
		pkg = read_ll(path);
		snprintf(path, sizeof(path), CPU_DIR "/cpu%ld/topology/core_id", cpu);
		core = read_ll(path);
		if (pkg == UNKNOWN_LL || core == UNKNOWN_LL)
			continue;
		key = (pkg << 32) ^ (core & 0xffffffff);
		for (long long k = 0; k < n_keys && !seen; k++)
			seen = keys[k] == key;
		if (!seen)
			keys[n_keys++] = key;
	}
	if (n_keys > 0) {
		f->physical_cores = n_keys;
		if (f->online_cpus != UNKNOWN_LL)
			f->threads_per_core = (f->online_cpus + n_keys - 1) / n_keys;
	}
	free(keys);
numa:
	f->numa_nodes = UNKNOWN_LL;
	if (sysinfo_read_file("/sys/devices/system/node/online", buf, sizeof(buf)) == 0)
		f->numa_nodes = count_list(buf);
	f->smt_active = (int)read_ll(CPU_DIR "/smt/active");
	if (f->smt_active != 0 && f->smt_active != 1)
		f->smt_active = -1;
	read_text(CPU_DIR "/smt/control", f->smt_control, sizeof(f->smt_control));
}

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->name, ((const struct kv *)b)->name);
}

static void read_mitigations(struct facts *f)
{
	const char *dir_path = CPU_DIR "/vulnerabilities";
	DIR *dir = opendir(dir_path);
	struct dirent *de;
	size_t cap = 0;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		char path[512], text[512];
		struct kv *grown;

		if (de->d_name[0] == '.')
			continue;
		if (f->n_mitigations == cap) {
			cap = cap ? cap * 2 : 32;
			grown = realloc(f->mitigations, cap * sizeof(*grown));
			if (!grown)
				break;
			f->mitigations = grown;
		}
		snprintf(path, sizeof(path), "%s/%s", dir_path, de->d_name);
		read_text(path, text, sizeof(text));
		struct kv *m = &f->mitigations[f->n_mitigations];

		m->name = strdup(de->d_name);
		m->value = strdup(text);
		if (!m->name || !m->value) {
			free(m->name);
			free(m->value);
			break;
		}
		f->n_mitigations++;
	}
	closedir(dir);
	/* readdir order is the filesystem's: sort so two runs' meta.json diff cleanly. */
	if (f->n_mitigations)
		qsort(f->mitigations, f->n_mitigations, sizeof(*f->mitigations), cmp_kv);
}

/* Vendor strings -> systemd-detect-virt names, first match wins. */
static const struct {
	const char *needle, *virt;
} dmi_vendors[] = {
	{ "KVM", "kvm" },	    { "OpenStack", "kvm" },	  { "KubeVirt", "kvm" },
	{ "Amazon EC2", "amazon" }, { "QEMU", "qemu" },		  { "VMware", "vmware" },
	{ "VMW", "vmware" },	    { "innotek GmbH", "oracle" }, { "VirtualBox", "oracle" },
	{ "Oracle Corporation", "oracle" }, { "Xen", "xen" },	  { "Bochs", "bochs" },
	{ "Parallels", "parallels" }, { "BHYVE", "bhyve" },	  { "Hyper-V", "microsoft" },
	{ "Apple Virtualization", "apple" }, { "Google", "google" },
	{ "Firecracker", "firecracker" },
};

/* CPUID leaf 0x40000000 signatures, as systemd-detect-virt reads them. */
static const struct {
	const char *sig, *virt;
} hv_sigs[] = {
	{ "KVMKVMKVM", "kvm" },	     { "Linux KVM Hv", "kvm" }, { "TCGTCGTCGTCG", "qemu" },
	{ "VMwareVMware", "vmware" }, { "XenVMMXenVMM", "xen" }, { "Microsoft Hv", "microsoft" },
	{ "bhyve bhyve ", "bhyve" },  { "ACRNACRNACRN", "acrn" }, { "VBoxVBoxVBox", "oracle" },
	{ " lrpepyh  vr", "parallels" }, { "QNXQVMBSQG", "qnx" }, { "SRESRESRESRE", "sre" },
};

static void read_hv_signature(struct facts *f)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, ebx, ecx, edx;

	/* Leaf 1 ECX bit 31 is the "hypervisor" flag; only then is leaf 0x40000000 meaningful. */
	__cpuid(1, eax, ebx, ecx, edx);
	if (!(ecx & (1u << 31)))
		return;
	__cpuid(0x40000000, eax, ebx, ecx, edx);
	memcpy(f->hv_signature, &ebx, 4);
	memcpy(f->hv_signature + 4, &ecx, 4);
	memcpy(f->hv_signature + 8, &edx, 4);
	f->hv_signature[12] = '\0';
	for (char *p = f->hv_signature; *p; p++)
		if (!isprint((unsigned char)*p))
			*p = '?';
#else
	(void)f;
#endif
}

/* ACPI table header bytes 10-15: Firecracker writes "FIRECK", which nothing else in the
 * guest reveals (no DMI, and CPUID says plain KVM). Root-only on most kernels. */
static void read_acpi_oem_id(struct facts *f)
{
	static const char *const tables[] = { "/sys/firmware/acpi/tables/DSDT",
					      "/sys/firmware/acpi/tables/FACP",
					      "/sys/firmware/acpi/tables/APIC" };

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char hdr[16];
		int fd = open(tables[i], O_RDONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0)
			continue;
		n = read(fd, hdr, sizeof(hdr));
		close(fd);
		if (n < 16)
			continue;
		memcpy(f->acpi_oem_id, hdr + 10, 6);
		f->acpi_oem_id[6] = '\0';
		for (int k = 5; k >= 0 && f->acpi_oem_id[k] == ' '; k--)
			f->acpi_oem_id[k] = '\0';
		for (char *p = f->acpi_oem_id; *p; p++)
			if (!isprint((unsigned char)*p))
				*p = '?';
		return;
	}
}

static const char *match_vendor(const char *s)
{
	for (size_t i = 0; i < sizeof(dmi_vendors) / sizeof(dmi_vendors[0]); i++)
		if (strstr(s, dmi_vendors[i].needle))
			return dmi_vendors[i].virt;
	return NULL;
}

static void read_virtualization(struct facts *f)
{
	const char *virt = NULL;
	char flags[4096], buf[256];

	read_text("/sys/class/dmi/id/sys_vendor", f->sys_vendor, sizeof(f->sys_vendor));
	read_text("/sys/class/dmi/id/product_name", f->product_name, sizeof(f->product_name));
	f->hypervisor_flag = -1;
	if (proc_field("/proc/cpuinfo", "flags", flags, sizeof(flags)) == 0)
		f->hypervisor_flag =
			strstr(flags, " hypervisor") || !strncmp(flags, "hypervisor", 10);
	read_hv_signature(f);
	read_acpi_oem_id(f);

	/* Most specific evidence first: firmware tables, then DMI, then CPUID, then the rest. */
	if (!strcmp(f->acpi_oem_id, "FIRECK"))
		virt = "firecracker";
	if (!virt && strcmp(f->sys_vendor, "unknown"))
		virt = match_vendor(f->sys_vendor);
	if (!virt && strcmp(f->product_name, "unknown"))
		virt = match_vendor(f->product_name);
	if (!virt && sysinfo_read_file("/sys/class/dmi/id/bios_vendor", buf, sizeof(buf)) == 0)
		virt = match_vendor(buf);
	for (size_t i = 0; !virt && f->hv_signature[0] && i < sizeof(hv_sigs) / sizeof(hv_sigs[0]);
	     i++)
		if (!strncmp(f->hv_signature, hv_sigs[i].sig, strlen(hv_sigs[i].sig)))
			virt = hv_sigs[i].virt;
	if (!virt && sysinfo_read_file("/sys/hypervisor/type", buf, sizeof(buf)) == 0 && buf[0])
		virt = !strcmp(buf, "xen") ? "xen" : "unknown";
	if (!virt && sysinfo_read_file("/proc/device-tree/hypervisor/compatible", buf,
				       sizeof(buf)) == 0)
		virt = strstr(buf, "kvm") ? "kvm" : strstr(buf, "xen") ? "xen" : "unknown";
	if (!virt && f->hypervisor_flag == 1)
		virt = "unknown"; /* some hypervisor, not one we can name */
#if defined(__x86_64__) || defined(__i386__)
	if (!virt && f->hypervisor_flag == 0)
		virt = "none"; /* x86 sets the flag in every guest */
#endif
	snprintf(f->virt, sizeof(f->virt), "%s", virt ? virt : "unknown");
}

static void read_capabilities(struct facts *f)
{
	unsigned long long eff;
	char *end;

	f->cap_perfmon = f->cap_sys_admin = -1;
	if (proc_field("/proc/self/status", "CapEff", f->cap_eff, sizeof(f->cap_eff)) < 0) {
		snprintf(f->cap_eff, sizeof(f->cap_eff), "unknown");
		return;
	}
	eff = strtoull(f->cap_eff, &end, 16);
	if (end == f->cap_eff)
		return;
	f->cap_perfmon = !!(eff & (1ull << CAP_PERFMON_BIT));
	f->cap_sys_admin = !!(eff & (1ull << CAP_SYS_ADMIN_BIT));
}

/* pids.max of the cgroup at base/rel ("max", a number) into out; 0 or -errno. */
static int pids_max_at(const char *base, const char *rel, size_t rel_len, char *out, size_t len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%.*s/pids.max", base, (int)rel_len, rel);
	return sysinfo_read_file(path, out, len);
}

/* The pids limit of this process's cgroup, and the tightest limit on the way up to the root
 * (what fork actually hits). cgroup v1 "N:...pids...:/path" lines win over the v2 "0::/path"
 * line, since on a hybrid system (FACTS.md) the pids controller lives in v1. */
static void read_pids_max(struct facts *f)
{
	char line[1024], path[1024] = "", base[64] = "";
	FILE *fp = fopen("/proc/self/cgroup", "re");
	long long best = -1;
	size_t len;

	snprintf(f->pids_cgroup, sizeof(f->pids_cgroup), "unknown");
	snprintf(f->pids_max, sizeof(f->pids_max), "unknown");
	snprintf(f->pids_max_effective, sizeof(f->pids_max_effective), "unknown");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *ctrl = strchr(line, ':'), *rel = ctrl ? strchr(ctrl + 1, ':') : NULL;
		char *tok, *save;

		if (!rel)
			continue;
		*rel++ = '\0';
		rel[strcspn(rel, "\n")] = '\0';
		ctrl++;
		if (!*ctrl && !base[0]) {
			struct stat st;

			bool pure_v2 = stat("/sys/fs/cgroup/cgroup.controllers", &st) == 0;

			snprintf(base, sizeof(base), "/sys/fs/cgroup%s", pure_v2 ? "" : "/unified");
			snprintf(path, sizeof(path), "%s", rel);
			continue;
		}
		for (tok = strtok_r(ctrl, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (!strcmp(tok, "pids")) {
				snprintf(base, sizeof(base), "/sys/fs/cgroup/pids");
				snprintf(path, sizeof(path), "%s", rel);
				goto found;
			}
		}
	}
found:
	fclose(fp);
	if (!base[0])
		return;
	snprintf(f->pids_cgroup, sizeof(f->pids_cgroup), "%s", path);
	len = strlen(path);
	while (len > 0 && path[len - 1] == '/')
		len--;
	if (pids_max_at(base, path, len, f->pids_max, sizeof(f->pids_max)) < 0) {
		/* The root cgroup has no pids.max: no limit there. */
		snprintf(f->pids_max, sizeof(f->pids_max), len == 0 ? "max" : "unknown");
		if (len > 0)
			return;
	}
	/* Walk to the root; each ancestor's pids.max also caps us. */
	while (len > 0) {
		char val[32];

		if (pids_max_at(base, path, len, val, sizeof(val)) == 0 && strcmp(val, "max")) {
			long long v = strtoll(val, NULL, 10);

			if (best < 0 || v < best)
				best = v;
		}
		while (len > 0 && path[len - 1] != '/')
			len--;
		while (len > 0 && path[len - 1] == '/')
			len--;
	}
	if (best < 0)
		snprintf(f->pids_max_effective, sizeof(f->pids_max_effective), "max");
	else
		snprintf(f->pids_max_effective, sizeof(f->pids_max_effective), "%lld", best);
}

static void collect(struct facts *f)
{
	struct utsname uts;
	char path[128];

	memset(f, 0, sizeof(*f));
	if (uname(&uts) == 0) {
		snprintf(f->hostname, sizeof(f->hostname), "%s", uts.nodename);
		snprintf(f->sysname, sizeof(f->sysname), "%s", uts.sysname);
		snprintf(f->release, sizeof(f->release), "%s", uts.release);
		snprintf(f->version, sizeof(f->version), "%s", uts.version);
		snprintf(f->machine, sizeof(f->machine), "%s", uts.machine);
	} else {
		snprintf(f->hostname, sizeof(f->hostname), "unknown");
		snprintf(f->sysname, sizeof(f->sysname), "unknown");
		snprintf(f->release, sizeof(f->release), "unknown");
		snprintf(f->version, sizeof(f->version), "unknown");
		snprintf(f->machine, sizeof(f->machine), "unknown");
	}
	read_text("/proc/cmdline", f->kernel_cmdline, sizeof(f->kernel_cmdline));
	read_cpu_model(f);
	read_cpu_topology(f);
	f->mem_total_bytes = meminfo_bytes("MemTotal");
	f->mem_available_bytes = meminfo_bytes("MemAvailable");
	if (read_bracketed(THP_DIR "/enabled", f->thp_enabled, sizeof(f->thp_enabled)) < 0)
		snprintf(f->thp_enabled, sizeof(f->thp_enabled), "unknown");
	if (read_bracketed(THP_DIR "/defrag", f->thp_defrag, sizeof(f->thp_defrag)) < 0)
		snprintf(f->thp_defrag, sizeof(f->thp_defrag), "unknown");
	if (read_bracketed(THP_DIR "/shmem_enabled", f->thp_shmem_enabled,
			   sizeof(f->thp_shmem_enabled)) < 0)
		snprintf(f->thp_shmem_enabled, sizeof(f->thp_shmem_enabled), "unknown");
	f->thp_pmd_size_bytes = read_ll(THP_DIR "/hpage_pmd_size");
	read_mitigations(f);
	snprintf(path, sizeof(path), CPU_DIR "/cpu0/cpufreq");
	if (access(path, F_OK) != 0 && access(CPU_DIR "/cpufreq/policy0", F_OK) != 0)
		snprintf(f->cpufreq_governor, sizeof(f->cpufreq_governor), "none"); /* VMs */
	else
		read_text(CPU_DIR "/cpu0/cpufreq/scaling_governor", f->cpufreq_governor,
			  sizeof(f->cpufreq_governor));
	read_text("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  f->clocksource, sizeof(f->clocksource));
	read_virtualization(f);
	f->perf_event_paranoid = read_ll("/proc/sys/kernel/perf_event_paranoid");
	f->root = sysinfo_is_root();
	read_capabilities(f);
	f->nproc_ok = getrlimit(RLIMIT_NPROC, &f->nproc) == 0;
	f->nofile_ok = getrlimit(RLIMIT_NOFILE, &f->nofile) == 0;
	read_pids_max(f);
	f->pid_max = read_ll("/proc/sys/kernel/pid_max");
	f->threads_max = read_ll("/proc/sys/kernel/threads-max");
	f->overcommit_memory = read_ll("/proc/sys/vm/overcommit_memory");
	f->userns_clone = read_ll("/proc/sys/kernel/unprivileged_userns_clone"); /* Debian only */
	f->max_user_namespaces = read_ll("/proc/sys/user/max_user_namespaces");
	f->timer_overhead_ns = clock_overhead_ns();
}

static void release_facts(struct facts *f)
{
	for (size_t i = 0; i < f->n_mitigations; i++) {
		free(f->mitigations[i].name);
		free(f->mitigations[i].value);
	}
	free(f->mitigations);
	f->mitigations = NULL;
	f->n_mitigations = 0;
}

static void version_string(char *out, size_t len)
{
	const char *v = SYSINFO_VERSION;
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		snprintf(out, len, "%.*s", (int)(n - 2), v + 1);
	else
		snprintf(out, len, "%s", v);
	if (!out[0])
		snprintf(out, len, "unknown");
}

static void json_ll(struct json_writer *w, long long v)
{
	if (v == UNKNOWN_LL)
		json_null(w);
	else
		json_i64(w, v);
}

static void json_tristate(struct json_writer *w, int v)
{
	if (v < 0)
		json_null(w);
	else
		json_bool(w, v);
}

static void json_rlim_value(struct json_writer *w, rlim_t v)
{
	if (v == RLIM_INFINITY)
		json_string(w, "unlimited");
	else
		json_u64(w, (uint64_t)v);
}

static void json_rlimit(struct json_writer *w, const char *key, bool ok, const struct rlimit *r)
{
	json_key(w, key);
	if (!ok) {
		json_null(w);
		return;
	}
	json_begin_object(w);
	json_key(w, "soft");
	json_rlim_value(w, r->rlim_cur);
	json_key(w, "hard");
	json_rlim_value(w, r->rlim_max);
	json_end_object(w);
}

/* "max" stays a string, a number becomes a JSON number, "unknown" stays as it is. */
static void json_max_or_number(struct json_writer *w, const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end != s && !*end && !errno)
		json_i64(w, v);
	else
		json_string(w, s);
}

static void write_facts(struct json_writer *w, const struct facts *f, const struct sysinfo_run *run)
{
	static const struct sysinfo_run none;
	char version[128];

	if (!run)
		run = &none;
	version_string(version, sizeof(version));
	json_begin_object(w);
	json_key(w, "schema_version");
	json_i64(w, FORKBENCH_SCHEMA_VERSION);
	json_key(w, "run_id");
	json_string(w, run->run_id);
	json_key(w, "started_utc");
	json_string(w, run->started_utc);
	json_key(w, "finished_utc");
	json_string(w, run->finished_utc);
	json_key(w, "command_line");
	json_string(w, run->command_line);
	json_key(w, "forkbench_version");
	json_string(w, version);
	json_key(w, "compiler");
	json_string(w, SYSINFO_COMPILER);
	json_key(w, "glibc");
	json_string(w, gnu_get_libc_version());
	json_key(w, "hostname");
	json_string(w, f->hostname);

	json_key(w, "kernel");
	json_begin_object(w);
	json_key(w, "sysname");
	json_string(w, f->sysname);
	json_key(w, "release");
	json_string(w, f->release);
	json_key(w, "version");
	json_string(w, f->version);
	json_key(w, "machine");
	json_string(w, f->machine);
	json_key(w, "cmdline");
	json_string(w, f->kernel_cmdline);
	json_end_object(w);

	json_key(w, "cpu");
	json_begin_object(w);
	json_key(w, "model");
	json_string(w, f->cpu_model);
	json_key(w, "online_cpus");
	json_ll(w, f->online_cpus);
	json_key(w, "configured_cpus");
	json_ll(w, f->configured_cpus);
	json_key(w, "physical_cores");
	json_ll(w, f->physical_cores);
	json_key(w, "threads_per_core");
	json_ll(w, f->threads_per_core);
	json_key(w, "smt_active");
	json_tristate(w, f->smt_active);
	json_key(w, "smt_control");
	json_string(w, f->smt_control);
	json_key(w, "numa_nodes");
	json_ll(w, f->numa_nodes);
	json_end_object(w);

	json_key(w, "memory_total_bytes");
	json_ll(w, f->mem_total_bytes);
	json_key(w, "memory_available_bytes");
	json_ll(w, f->mem_available_bytes);

	json_key(w, "thp");
	json_begin_object(w);
	json_key(w, "enabled");
	json_string(w, f->thp_enabled);
	json_key(w, "defrag");
	json_string(w, f->thp_defrag);
	json_key(w, "shmem_enabled");
	json_string(w, f->thp_shmem_enabled);
	json_key(w, "hpage_pmd_size_bytes");
	json_ll(w, f->thp_pmd_size_bytes);
	json_end_object(w);

	json_key(w, "mitigations");
	json_begin_object(w);
	for (size_t i = 0; i < f->n_mitigations; i++) {
		json_key(w, f->mitigations[i].name);
		json_string(w, f->mitigations[i].value);
	}
	json_end_object(w);

	json_key(w, "cpufreq_governor");
	json_string(w, f->cpufreq_governor);
	json_key(w, "clocksource");
	json_string(w, f->clocksource);

	json_key(w, "virtualization");
	json_begin_object(w);
	json_key(w, "type");
	json_string(w, f->virt);
	json_key(w, "sys_vendor");
	json_string(w, f->sys_vendor);
	json_key(w, "product_name");
	json_string(w, f->product_name);
	json_key(w, "hypervisor_flag");
	json_tristate(w, f->hypervisor_flag);
	json_key(w, "cpuid_signature");
	json_string(w, f->hv_signature[0] ? f->hv_signature : NULL);
	json_key(w, "acpi_oem_id");
	json_string(w, f->acpi_oem_id[0] ? f->acpi_oem_id : NULL);
	json_end_object(w);

	json_key(w, "perf_event_paranoid");
	json_ll(w, f->perf_event_paranoid);
	json_key(w, "root");
	json_bool(w, f->root);
	json_key(w, "capabilities");
	json_begin_object(w);
	json_key(w, "cap_eff");
	json_string(w, f->cap_eff);
	json_key(w, "cap_perfmon");
	json_tristate(w, f->cap_perfmon);
	json_key(w, "cap_sys_admin");
	json_tristate(w, f->cap_sys_admin);
	json_end_object(w);

	json_rlimit(w, "rlimit_nproc", f->nproc_ok, &f->nproc);
	json_rlimit(w, "rlimit_nofile", f->nofile_ok, &f->nofile);
	json_key(w, "pids_cgroup");
	json_string(w, f->pids_cgroup);
	json_key(w, "pids_max");
	json_max_or_number(w, f->pids_max);
	json_key(w, "pids_max_effective");
	json_max_or_number(w, f->pids_max_effective);
	json_key(w, "pid_max");
	json_ll(w, f->pid_max);
	json_key(w, "threads_max");
	json_ll(w, f->threads_max);
	json_key(w, "overcommit_memory");
	json_ll(w, f->overcommit_memory);
	json_key(w, "unprivileged_userns_clone");
	json_ll(w, f->userns_clone);
	json_key(w, "max_user_namespaces");
	json_ll(w, f->max_user_namespaces);
	json_key(w, "timer_overhead_ns");
	json_double(w, f->timer_overhead_ns);
	json_key(w, "counters");
	json_raw(w, run->counters_json);
	if (run->full_sweeps_json) {
		/* What the machine allowed each `sweep --full` (issue 19, DESIGN §7). */
		json_key(w, "full_sweeps");
		json_begin_array(w);
		json_raw(w, run->full_sweeps_json);
		json_end_array(w);
	}
	if (run->files_json) {
		json_key(w, "files");
		json_raw(w, run->files_json);
	}
	json_end_object(w);
}

int sysinfo_write_json(FILE *fp, const struct sysinfo_run *run, int indent)
{
	/* The machine as the run's first write found it, collected once per process: a run
	 * rewrites meta.json many times, collecting takes milliseconds (the timer overhead is
	 * measured, /proc and /sys are read), and a setting the run itself changes for a while
	 * (a THP mode) must not be recorded as the machine's. Kept for the process's life. */
	static struct facts f;
	static bool collected;
	struct json_writer w;

	if (!collected) {
		collect(&f);
		collected = true;
	}
	json_init(&w, fp, indent);
	write_facts(&w, &f, run);
	if (indent)
		fputc('\n', fp);
	if (fflush(fp) != 0 || ferror(fp))
		return errno ? -errno : -EIO;
	return 0;
}

char *sysinfo_json_string(const struct sysinfo_run *run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int ret;

	if (!fp)
		return NULL;
	ret = sysinfo_write_json(fp, run, 0);
	if (fclose(fp) != 0 || ret < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void sanitize(char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
			*s = '_';
}

void sysinfo_utc_now(char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!out || len == 0)
		return;
	if (!gmtime_r(&now, &tm) || !strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		out[0] = '\0';
}

void sysinfo_run_id(char *out, size_t len)
{
	char host[HOST_NAME_MAX + 1] = "unknown", release[128] = "unknown", stamp[32] = "";
	struct utsname uts;
	time_t now = time(NULL);
	struct tm tm;

	if (!out || len == 0)
		return;
	if (uname(&uts) == 0) {
		snprintf(host, sizeof(host), "%s", uts.nodename[0] ? uts.nodename : "unknown");
		snprintf(release, sizeof(release), "%s", uts.release);
	}
	/* The host's own '-' stays: the timestamp's fixed shape at the end is what parses. */
	sanitize(host);
	sanitize(release);
	if (gmtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, len, "%s-%s-%s", host, release, stamp);
}

/* `forkbench info`: aligned "key: value" lines, values wrapped at spaces to stay in 100 columns. */
#define PRINT_COLS 100
#define PRINT_KEY_COLS 32

static void print_kv(FILE *fp, const char *key, const char *value)
{
	const int room = PRINT_COLS - PRINT_KEY_COLS - 3; /* "  ", "key:" padded, " " */
	const char *p = value ? value : "unknown";
	bool first = true;
	char label[PRINT_KEY_COLS + 2];

	snprintf(label, sizeof(label), "%s:", key);

	do {
		int n = (int)strlen(p);

		if (n > room) {
			n = room;
			for (int i = room; i > room / 2; i--) {
				if (p[i] == ' ') {
					n = i;
					break;
				}
			}
		}
		fprintf(fp, "  %-*s %.*s\n", PRINT_KEY_COLS, first ? label : "", n, p);
		first = false;
		p += n;
		while (*p == ' ')
			p++;
	} while (*p);
}

static void print_ll(FILE *fp, const char *key, long long v, const char *unit)
{
	char buf[64];

	if (v == UNKNOWN_LL)
		snprintf(buf, sizeof(buf), "unknown");
	else
		snprintf(buf, sizeof(buf), "%lld%s", v, unit);
	print_kv(fp, key, buf);
}

static void print_bytes(FILE *fp, const char *key, long long v)
{
	char buf[96];

	if (v == UNKNOWN_LL)
		snprintf(buf, sizeof(buf), "unknown");
	else if (v >= 1ll << 30)
		snprintf(buf, sizeof(buf), "%.1f GiB (%lld bytes)", (double)v / (1ll << 30), v);
	else
		snprintf(buf, sizeof(buf), "%.1f MiB (%lld bytes)", (double)v / (1ll << 20), v);
	print_kv(fp, key, buf);
}

static const char *tristate(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

static void rlim_text(char *out, size_t len, bool ok, const struct rlimit *r)
{
	char soft[32], hard[32];

	if (!ok) {
		snprintf(out, len, "unknown");
		return;
	}
	if (r->rlim_cur == RLIM_INFINITY)
		snprintf(soft, sizeof(soft), "unlimited");
	else
		snprintf(soft, sizeof(soft), "%llu", (unsigned long long)r->rlim_cur);
	if (r->rlim_max == RLIM_INFINITY)
		snprintf(hard, sizeof(hard), "unlimited");
	else
		snprintf(hard, sizeof(hard), "%llu", (unsigned long long)r->rlim_max);
	snprintf(out, len, "%s (soft), %s (hard)", soft, hard);
}

void sysinfo_print(FILE *fp)
{
	struct facts f;
	char buf[2048], version[128];
	bool kernel_counting;

	collect(&f);
	version_string(version, sizeof(version));

	fprintf(fp, "Machine\n");
	print_kv(fp, "hostname", f.hostname);
	print_kv(fp, "cpu model", f.cpu_model);
	print_ll(fp, "cpus online", f.online_cpus, "");
	print_ll(fp, "cpus configured", f.configured_cpus, "");
	print_ll(fp, "physical cores", f.physical_cores, "");
	print_ll(fp, "threads per core", f.threads_per_core, "");
	snprintf(buf, sizeof(buf), "active %s, control %s", tristate(f.smt_active), f.smt_control);
	print_kv(fp, "smt", buf);
	print_ll(fp, "numa nodes", f.numa_nodes, "");
	snprintf(buf, sizeof(buf), "%s (dmi: %s / %s; cpuid: %s; acpi: %s)", f.virt, f.sys_vendor,
		 f.product_name, f.hv_signature[0] ? f.hv_signature : "none",
		 f.acpi_oem_id[0] ? f.acpi_oem_id : "none");
	print_kv(fp, "virtualization", buf);
	print_kv(fp, "forkbench version", version);
	print_kv(fp, "compiler", SYSINFO_COMPILER);
	print_kv(fp, "glibc", gnu_get_libc_version());

	fprintf(fp, "\nKernel\n");
	snprintf(buf, sizeof(buf), "%s %s %s", f.sysname, f.release, f.machine);
	print_kv(fp, "kernel", buf);
	print_kv(fp, "version", f.version);
	print_kv(fp, "cmdline", f.kernel_cmdline);
	print_kv(fp, "clocksource", f.clocksource);
	print_kv(fp, "cpufreq governor", f.cpufreq_governor);
	for (size_t i = 0; i < f.n_mitigations; i++) {
		snprintf(buf, sizeof(buf), "vuln %s", f.mitigations[i].name);
		print_kv(fp, buf, f.mitigations[i].value);
	}

	fprintf(fp, "\nMemory\n");
	print_bytes(fp, "total", f.mem_total_bytes);
	print_bytes(fp, "available", f.mem_available_bytes);
	print_kv(fp, "thp enabled", f.thp_enabled);
	print_kv(fp, "thp defrag", f.thp_defrag);
	print_kv(fp, "thp shmem_enabled", f.thp_shmem_enabled);
	print_bytes(fp, "thp pmd size", f.thp_pmd_size_bytes);
	print_ll(fp, "overcommit_memory", f.overcommit_memory, "");

	fprintf(fp, "\nLimits\n");
	rlim_text(buf, sizeof(buf), f.nproc_ok, &f.nproc);
	print_kv(fp, "RLIMIT_NPROC", buf);
	rlim_text(buf, sizeof(buf), f.nofile_ok, &f.nofile);
	print_kv(fp, "RLIMIT_NOFILE", buf);
	snprintf(buf, sizeof(buf), "%s (effective %s, cgroup %s)", f.pids_max, f.pids_max_effective,
		 f.pids_cgroup);
	print_kv(fp, "pids.max", buf);
	print_ll(fp, "kernel.pid_max", f.pid_max, "");
	print_ll(fp, "kernel.threads-max", f.threads_max, "");
	print_ll(fp, "unprivileged_userns_clone", f.userns_clone, "");
	print_ll(fp, "user.max_user_namespaces", f.max_user_namespaces, "");

	fprintf(fp, "\nPerf\n");
	print_ll(fp, "perf_event_paranoid", f.perf_event_paranoid, "");
	print_kv(fp, "root", f.root ? "yes" : "no");
	print_kv(fp, "CAP_PERFMON", tristate(f.cap_perfmon));
	print_kv(fp, "CAP_SYS_ADMIN", tristate(f.cap_sys_admin));
	/* DESIGN §6: kernel-mode counting needs root, CAP_PERFMON or paranoid <= 1. */
	kernel_counting = f.root || f.cap_perfmon == 1 || f.cap_sys_admin == 1 ||
			  (f.perf_event_paranoid != UNKNOWN_LL && f.perf_event_paranoid <= 1);
	print_kv(fp, "count kernel mode", kernel_counting ? "yes" : "no (user mode only)");
	snprintf(buf, sizeof(buf), "%.1f ns per clock read", f.timer_overhead_ns);
	print_kv(fp, "timer overhead", buf);
	release_facts(&f);
}
