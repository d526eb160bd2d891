/* The key columns every bench shares, filled from the parsed options, so all benches describe
 * the parent's shape and placement the same way (DESIGN §7). */
#include <stdio.h>
#include <string.h>

#include "bench.h"

void bench_key_from_args(const struct bench_args *a, const char *bench_name,
			 struct config_key *key)
{
	static const char *const thp_names[] = { "", "never", "always" };

	memset(key, 0, sizeof(*key));
	snprintf(key->bench, sizeof(key->bench), "%s", bench_name);
	key->rss_bytes = a->shape.rss_bytes;
	if (a->shape.rss_bytes)
		snprintf(key->touch, sizeof(key->touch), "%s", a->shape.touch ? "yes" : "no");
	key->threads = a->shape.threads;
	key->fds = a->shape.fds;
	key->vmas = a->shape.vmas;
	snprintf(key->thp, sizeof(key->thp), "%s", thp_names[a->shape.thp]);
	snprintf(key->cpu, sizeof(key->cpu), "%s", a->pinned ? a->cpu_text : "");
}
