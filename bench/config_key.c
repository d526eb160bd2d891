/* The key columns every bench shares, filled from the parsed options, so all benches describe
 * the parent's shape and placement the same way (DESIGN §7). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "methods.h"
#include "thp_sizes.h"

void bench_key_region(const struct bench_args *a, struct config_key *key)
{
	snprintf(key->touch, sizeof(key->touch), "%s", a->shape.touch ? "yes" : "no");
	snprintf(key->rss_kind, sizeof(key->rss_kind), "%s",
		 shape_rss_kind_names[a->shape.rss_kind]);
}

void bench_key_from_args(const struct bench_args *a, const char *bench_name,
			 struct config_key *key)
{
	static const char *const thp_names[] = { "", "never", "always" };

	memset(key, 0, sizeof(*key));
	snprintf(key->bench, sizeof(key->bench), "%s", bench_name);
	key->rss_bytes = a->shape.rss_bytes;
	if (a->shape.rss_bytes)
		bench_key_region(a, key);
	key->threads = a->shape.threads;
	key->fds = a->shape.fds;
	key->vmas = a->shape.vmas;
	/* A folio size is keyed by its name (16K, 2M), what was asked whatever the region got. */
	if (a->thp_size_kb)
		thp_size_name(a->thp_size_kb, key->thp, sizeof(key->thp));
	else
		snprintf(key->thp, sizeof(key->thp), "%s", thp_names[a->shape.thp]);
	snprintf(key->cpu, sizeof(key->cpu), "%s", a->pinned ? a->cpu_text : "");
}

int bench_method_key(const struct bench_args *a, const char *bench_name, const char *name,
		     struct method_sel *sel, struct config_key *key, char *why, size_t why_len)
{
	char path[4096];
	bool ours;
	int rc = methods_resolve(name, sel, why, why_len);

	if (rc)
		return rc;
	bench_key_from_args(a, bench_name, key);
	snprintf(key->method, sizeof(key->method), "%s", sel->name);
	snprintf(key->flags, sizeof(key->flags), "%s", sel->flags_text);
	if (!sel->exec)
		return 0;
	rc = args_exec_path(a, path, sizeof(path), &ours, why, why_len);
	if (!rc)
		snprintf(key->exec, sizeof(key->exec), "%s", a->exec ? a->exec : "static");
	return rc;
}

int bench_plan_probed(struct runner_plan *p, const struct method_sel *sel,
		      const struct config_key *key, const char *const *override, char *why,
		      size_t why_len)
{
	char reason[512];
	int rc = methods_probe(sel, reason, sizeof(reason));

	if (rc && sel->user_flags && rc == -EINVAL) {
		/* The user composed these flags: a kernel EINVAL is their error, not a skip. */
		snprintf(why, why_len, "-m %s: the kernel refuses it: %s", sel->name, reason);
		return -EINVAL;
	}
	if (rc)
		return runner_plan_skip(p, key, "%s", reason);
	return runner_plan_add(p, key, override);
}
