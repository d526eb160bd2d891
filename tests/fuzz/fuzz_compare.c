/* libFuzzer target: `forkbench compare` on two run directories someone sent (bench/compare_*.c:
 * compare_main over the run reader): meta.json, summary.csv and samples.csv as read from disk,
 * then paired, tested and printed. The input is NUL-separated sections:
 *   OPTIONS \0 META_A \0 SUMMARY_A \0 SAMPLES_A [\0 META_B \0 SUMMARY_B \0 SAMPLES_B]
 * OPTIONS are space-separated compare options; an empty section is a missing file; without B
 * sections run B is run A. Files go into a private mkdtemp directory, removed at exit. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_OPTIONS 16
#define N_FILES 3

int compare_main(int argc, char **argv); /* bench/compare_cli.c */

static const char *const file_names[N_FILES] = { "meta.json", "summary.csv", "samples.csv" };
static char root[4096], run_dir[2][4200];

static void remove_files(void)
{
	char path[4400];

	for (int r = 0; r < 2; r++) {
		for (int f = 0; f < N_FILES; f++) {
			snprintf(path, sizeof(path), "%s/%s", run_dir[r], file_names[f]);
			unlink(path);
		}
		rmdir(run_dir[r]);
	}
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/forkbench-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(root));
	for (int r = 0; r < 2; r++) {
		snprintf(run_dir[r], sizeof(run_dir[r]), "%s/%c", root, 'a' + r);
		FUZZ_CHECK(mkdir(run_dir[r], 0700) == 0);
	}
	atexit(remove_files);
	fuzz_quiet_stdio();
	return 0;
}

/* Writes one section as run r's file f; an empty section removes the file. */
static void put_file(int r, int f, const char *text, size_t len)
{
	char path[4400];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", run_dir[r], file_names[f]);
	unlink(path);
	if (!len)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, text, len) == (ssize_t)len);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_OPTIONS + 4], *copy = fuzz_cstring(data, size), *sec[7], *save = NULL;
	size_t sec_len[7];
	int nsec = 0, argc = 0, rc;
	char *p = copy;

	/* Sections are NUL-separated: walk the exact-size copy, not strtok (empty ones count). */
	while (nsec < 7 && p <= copy + size) {
		sec[nsec] = p;
		sec_len[nsec] = strlen(p);
		p += sec_len[nsec++] + 1;
	}
	for (int f = 0; f < N_FILES; f++) {
		int a = 1 + f, b = nsec > 4 ? 4 + f : a;

		put_file(0, f, a < nsec ? sec[a] : "", a < nsec ? sec_len[a] : 0);
		put_file(1, f, b < nsec ? sec[b] : "", b < nsec ? sec_len[b] : 0);
	}
	argv[argc++] = "compare";
	argv[argc++] = run_dir[0];
	argv[argc++] = run_dir[1];
	for (char *tok = strtok_r(sec[0], " ", &save); tok && argc < MAX_OPTIONS + 3;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	rc = compare_main(argc, argv);
	FUZZ_CHECK(rc >= 0 && rc <= 2);
	free(copy);
	return 0;
}
