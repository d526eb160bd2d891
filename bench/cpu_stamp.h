/* The CPU a child first runs on, read without a syscall where the hardware allows (DESIGN §4):
 * on x86-64 RDPID, or RDTSCP, return TSC_AUX, whose low 12 bits Linux sets to the CPU number.
 * Elsewhere (or on an x86 CPU with neither) the caller makes the getcpu syscall itself. Free of
 * libc so the libc-free exec target (child-static.c) uses the very same reads. Which read works
 * is decided once, in the parent, by CPUID (cpu_stamp_probe in methods.c: CPUID traps to the
 * hypervisor in a VM, so no child ever runs it); the child gets the answer as a letter. */
#ifndef FB_CPU_STAMP_H
#define FB_CPU_STAMP_H
#include <stdint.h>

/* How the CPU number is read: a letter, because the exec targets get it appended to their
 * stamp-descriptor argument ("5p": descriptor 5, RDPID), which their digit parsers stop at. */
#define CPU_STAMP_RDPID 'p'
#define CPU_STAMP_RDTSCP 't'
#define CPU_STAMP_GETCPU 'g'

/* Written into the stamp page by the parent before each creation: "the child did not say". */
#define CPU_STAMP_NONE UINT64_MAX

#define CPU_STAMP_TSC_AUX_CPU_MASK 0xfffu /* Linux: TSC_AUX = node << 12 | cpu */

/* One read, how says which; UINT32_MAX for CPU_STAMP_GETCPU (the caller's syscall). */
static inline uint32_t cpu_stamp_read(int how)
{
#if defined(__x86_64__)
	uint64_t aux;
	uint32_t lo, hi, aux32;

	if (how == CPU_STAMP_RDPID) {
		/* RDPID r64 (F3 0F C7 /7), spelled as bytes for assemblers without the mnemonic. */
		__asm__ volatile(".byte 0xf3, 0x0f, 0xc7, 0xf8" : "=a"(aux));
		return (uint32_t)aux & CPU_STAMP_TSC_AUX_CPU_MASK;
	}
	if (how == CPU_STAMP_RDTSCP) {
		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux32));
		(void)lo;
		(void)hi;
		return aux32 & CPU_STAMP_TSC_AUX_CPU_MASK;
	}
#else
	(void)how;
#endif
	return UINT32_MAX;
}

#endif
