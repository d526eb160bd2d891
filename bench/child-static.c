/* child-static: the smallest exec target there can be. No libc, no dynamic loader, no start-up
 * code: _start reads CLOCK_MONOTONIC as its very first action, then its CPU number as argv[1]'s
 * letter says (bench/cpu_stamp.h: RDPID, RDTSCP or getcpu), and stores both (one pwrite of 16
 * bytes) at offset 0 of the descriptor named by argv[1]'s digits (the harness's shared stamp
 * page), then exits 0. Without a letter it stores the clock alone.
 * The clock is read with a raw syscall because finding the vDSO needs the libc start-up this
 * target exists to avoid; the kernel takes the timestamp inside that syscall, so start_ns is
 * "new program's first instruction + one syscall entry".
 * With a second argument, a descriptor, it then blocks reading it before exiting, so footprint
 * can read a live, freshly exec'd target's /proc (the parent writes a byte or closes to let go). */
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "cpu_stamp.h"

#if defined(__x86_64__)
static long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static long raw_syscall4(long nr, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The kernel enters with %rsp pointing at argc; the ABI wants a 16-byte aligned call. */
__asm__(".text\n.global _start\n_start:\n"
	"\txor %ebp, %ebp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall child_static_main\n\thlt\n");
#elif defined(__aarch64__)
static long raw_syscall4(long nr, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}

static long raw_syscall3(long nr, long a, long b, long c)
{
	return raw_syscall4(nr, a, b, c, 0);
}

__asm__(".text\n.global _start\n_start:\n"
	"\tmov x29, #0\n\tmov x30, #0\n\tmov x0, sp\n\tbl child_static_main\n\tbrk #0\n");
#else
#error "child-static needs a _start for this architecture"
#endif

__attribute__((noreturn, used)) void child_static_main(long *initial_sp);

__attribute__((noreturn, used)) void child_static_main(long *initial_sp)
{
	struct timespec ts;
	long argc = initial_sp[0];
	char **argv = (char **)(initial_sp + 1);
	uint64_t stamp[2]; /* struct stamp_page's first two fields: start_ns, cpu */
	long fd = 0, hold_fd = 0;
	const char *p = "";
	unsigned int cpu;
	char byte;

	raw_syscall3(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0);
	/* The analyzer cannot see the raw clock_gettime syscall fill ts. */
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
	stamp[0] = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;

	if (argc > 1) {
		for (p = argv[1]; *p >= '0' && *p <= '9'; p++)
			fd = fd * 10 + (*p - '0');
		/* After the clock: the CPU read never delays start_ns. */
		cpu = cpu_stamp_read(*p);
		if (cpu == UINT32_MAX && raw_syscall3(SYS_getcpu, (long)&cpu, 0, 0) != 0)
			cpu = UINT32_MAX;
		stamp[1] = cpu == UINT32_MAX ? CPU_STAMP_NONE : cpu;
		raw_syscall4(SYS_pwrite64, fd, (long)stamp, *p ? sizeof(stamp) : sizeof(stamp[0]),
			     0);
	}
	if (argc > 2) {
		for (const char *q = argv[2]; *q >= '0' && *q <= '9'; q++)
			hold_fd = hold_fd * 10 + (*q - '0');
		raw_syscall3(SYS_read, hold_fd, (long)&byte, 1);
	}
	for (;;)
		raw_syscall3(SYS_exit_group, 0, 0, 0);
}
