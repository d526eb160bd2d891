#!/bin/sh
# report.sh RUN_DIR: writes RUN_DIR/report.md from the run's files: the machine, then one section
# per bench the run has (latency, hyperfine cross-check, COW, footprint, sweeps, throughput,
# timeline) with its table and the charts plot.sh drew, then warnings (one line per configuration
# that did not converge), the workers' notes and the command that reproduces the run. It formats
# what the CSVs say and computes only unit changes, ratios and ranges; the write is atomic.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prog=report.sh
# shellcheck source=scripts/lib/owner.sh
. "$here/lib/owner.sh"

die() {
	echo "$prog: $*" >&2
	exit 2
}

[ $# -eq 1 ] || { echo "usage: $prog RUN_DIR" >&2; exit 2; }
run_dir=${1%/}

work=$(mktemp -d "${TMPDIR:-/tmp}/report.XXXXXX")
trap 'rm -rf "$work" ${tmp_out:+"$tmp_out"}' EXIT
trap 'exit 130' INT TERM

# Validates the run as aggregate does (one error line naming the file, exit 2).
sh "$here/aggregate.sh" "$run_dir" >"$work/all.csv" || exit 2
awk -f "$here/json.awk" "$run_dir/meta.json" >"$work/meta" || exit 2

# The charts that exist, by section in reading order, with their captions.
: >"$work/charts"
for c in 'latency|latency-by-method|Latency by method: median, CI of the median (ci_level), p5–p95' \
	'latency|latency-distribution|Distribution of the main methods: p25–p75 box, p5–p95 whiskers, p99 and max' \
	'latency|latency-placement|CPU placement: unpinned vs parent and child pinned to one CPU' \
	'command|exec-crosscheck|Whole-program start: forkbench exec methods vs hyperfine' \
	'cow|cow|Copy-on-write per 4 KiB page: the fault (first write after fork minus the rewrite) against region size, 4K vs THP, child vs parent writer (left); the baselines (right)' \
	'cow|cow-regions|What fork skips: first write per page and the creating call for private, MADV_DONTFORK, MADV_WIPEONFORK and MAP_SHARED regions' \
	'footprint|footprint-by-method|Footprint per method: the child'\''s own PSS, private memory and page tables (left); kernel memory per live child, median and its CI at the level in the legend (right)' \
	'sweep|sweep-rss|Latency against the parent'"'"'s RSS, with the fitted slope per method (fits.csv)' \
	'sweep|sweep-threads|Latency against the parent'"'"'s threads, with the fitted slope per method' \
	'sweep|sweep-fds|Latency against the parent'"'"'s open descriptors, with the fitted slope per method' \
	'sweep|sweep-vmas|Latency against the parent'"'"'s mappings, with the fitted slope per method' \
	'throughput|throughput|Creations per second against concurrent creators (threads of one parent, or processes)' \
	'timeline|timeline|Where one creation'"'"'s time goes: the median of each kernel phase, stacked, and the untraced total' \
	'timeline|timeline-rss|The same for parents with --rss: the copy and reap phases grow with the parent'"'"'s memory' \
	'timeline|timeline-phases|Each phase'"'"'s distribution per configuration: p25–p75 box, median bar, p5–p95 whiskers'; do
	section=${c%%|*}
	rest=${c#*|}
	name=${rest%%|*}
	[ -f "$run_dir/plots/$name.png" ] || continue
	svg=
	[ -f "$run_dir/plots/$name.svg" ] && svg=1
	printf '%s\t%s\t%s\t%s\n' "$section" "$name" "${rest#*|}" "$svg" >>"$work/charts"
done
# shellcheck source=scripts/lib/config.sh
. "$here/lib/config.sh"
skipped=/dev/null
if [ -f "$run_dir/skipped.csv" ]; then
	skipped=$(with_config "$run_dir/skipped.csv" "$work/skipped.csv") || exit 2
fi
notes=/dev/null
if [ -f "$run_dir/notes.csv" ]; then
	notes=$(with_config "$run_dir/notes.csv" "$work/notes.csv") || exit 2
fi
fits=/dev/null
if [ -f "$run_dir/fits.csv" ]; then
	fits=$(with_config "$run_dir/fits.csv" "$work/fits.csv") || exit 2
fi

tmp_out=$(mktemp "$run_dir/.report.md.XXXXXX")
awk "$(cat "$here/csv.awk")"'
function fmt(v) {
	v += 0  # CSV cells are strings: compare them as numbers
	return sprintf(v < 10 && v > -10 ? "%.2f" : v < 1000 && v > -1000 ? "%.1f" : "%.0f", v)
}
function pct(p) {
	return sprintf(p < 1 ? "%.2f%%" : "%.1f%%", p)
}
function us(v) {
	return v == "" ? "–" : fmt(v / 1000)
}
function scaled(v, div) {
	return v == "" ? "–" : fmt(v / div)
}
# "**median** [ci_low–ci_high]" of config k, metric mt, divided by div; ⚠ when not converged.
function cell(k, mt, div,    x) {
	x = k SUBSEP mt
	if (!(x in med) || med[x] == "")
		return "–"
	# A single value has no interval (empty ci95 cells): the median alone.
	return "**" scaled(med[x], div) "**" \
	       (lo[x] == "" ? "" : " [" scaled(lo[x], div) "–" scaled(hi[x], div) "]") \
	       (conv[x] == "false" ? " ⚠" : "")
}
function mcell(k, mt, div,    x) {  # the median alone
	x = k SUBSEP mt
	return (x in med) ? scaled(med[x], div) : "–"
}
# The RSS of the child: child_rss_bytes, or rss_bytes in runs made before the rename (the
# metric took the name of the key column that describes the parent).
function rss_cell(k) {
	return ((k SUBSEP "child_rss_bytes") in med) ? mcell(k, "child_rss_bytes", 1024) : \
	       mcell(k, "rss_bytes", 1024)
}
# A configuration in words: its config column (harness/config_label.c), never built here.
function label(a, h) {
	return a[h["config"]]
}
function ckey(a, h) {
	return a[h["bench"]] SUBSEP label(a, h)
}
function md(s) {  # table cells: a | would split the cell
	gsub(/\|/, "\\|", s)
	return s
}
function vget(v, k,    s) {  # one key=value of a variant cell
	s = ";" v ";"
	if (!index(s, ";" k "="))
		return ""
	sub("^.*;" k "=", "", s)
	sub(/;.*$/, "", s)
	return s
}
function time_metric(u) {  # what precision is asked of; counters ride along
	return u == "ns" || u == "ns/page" || u == "ops/s"
}
function charts_of(section,    i, ch) {
	for (i = 1; i <= ncharts; i++) {
		ch = charts[i]
		if (chart_section[ch] != section)
			continue
		printf "**%s**\n\n", caption[ch]
		if (has_svg[ch])
			printf "[![%s](plots/%s.png)](plots/%s.svg)\n\n", caption[ch], ch, ch
		else
			printf "![%s](plots/%s.png)\n\n", caption[ch], ch
	}
}
function has_section(b) {
	return nb[b] > 0 || (b in chart_sections)
}
# Sorts the configurations of bench b by metric mt (those without it last).
function sort_by(b, mt,    i, j, t, ka, kb) {
	for (i = 2; i <= nb[b]; i++)
		for (j = i; j > 1; j--) {
			ka = cfg[b, j - 1] SUBSEP mt
			kb = cfg[b, j] SUBSEP mt
			if (((ka in med) ? med[ka] + 0 : 1e300) <= ((kb in med) ? med[kb] + 0 : 1e300))
				break
			t = cfg[b, j]; cfg[b, j] = cfg[b, j - 1]; cfg[b, j - 1] = t
		}
}
part == "meta" {
	i = index($0, "\t")
	m[substr($0, 1, i - 1)] = substr($0, i + 1)
	next
}
part == "charts" {
	split($0, cw, "\t")
	charts[++ncharts] = cw[2]
	chart_section[cw[2]] = cw[1]
	chart_sections[cw[1]] = 1
	caption[cw[2]] = cw[3]
	has_svg[cw[2]] = cw[4]
	next
}
part == "csv" && FNR == 1 {
	for (i = csv_split($0, hd); i > 0; i--)
		c[hd[i]] = i
	next
}
part == "csv" {
	csv_split($0, f)
	b = f[c["bench"]]
	mt = f[c["metric"]]
	if (b == "command") {
		hf[++nhf] = label(f, c)  # "hyperfine COMMAND warmup=N": the command is its exec
		k = "hf" SUBSEP hf[nhf]
		med[k] = f[c["median"]]; lo[k] = f[c["ci95_low"]]; hi[k] = f[c["ci95_high"]]
		n_of[k] = f[c["n"]]
		nb[b]++
		next
	}
	k = ckey(f, c)
	if (!(k in seen)) {
		seen[k] = 1
		cfg[b, ++nb[b]] = k
		clabel[k] = label(f, c)
		cbench[k] = b
		cexec[k] = f[c["exec"]]
		cvariant[k] = f[c["variant"]]
		allcfg[++nall] = k
	}
	x = k SUBSEP mt
	med[x] = f[c["median"]]; lo[x] = f[c["ci95_low"]]; hi[x] = f[c["ci95_high"]]
	conv[x] = f[c["converged"]]
	# The levels of the intervals the tables show (DESIGN §5), for the sentence that says them.
	if (("ci_level" in c) && f[c["ci_level"]] != "" && time_metric(f[c["unit"]])) {
		lv = f[c["ci_level"]] + 0
		if (!nlv++ || lv < lv_min) lv_min = lv
		if (nlv == 1 || lv > lv_max) lv_max = lv
	}
	n_of[x] = f[c["n"]]
	if (f[c["converged"]] == "false") {
		if (time_metric(f[c["unit"]])) {
			if (k in nc_time)
				nc_time[k] = nc_time[k] ", " mt
			else
				nc_time[k] = mt
			nc_ntime[k]++
		} else
			nc_other[k]++
	}
	if (time_metric(f[c["unit"]]) && f[c["converged"]] != "")
		ntime[k]++  # time figures a stop watched: empty converged claims nothing
	next
}
part == "skipped" && FNR == 1 {
	for (i = csv_split($0, hd); i > 0; i--)
		sc[hd[i]] = i
	next
}
part == "skipped" {
	if (csv_split($0, f) < 2)
		next
	skip[++nskip] = "`" f[sc["bench"]] " " label(f, sc) "`: " f[sc["reason"]]
	next
}
part == "notes" && FNR == 1 {
	for (i = csv_split($0, hd); i > 0; i--)
		nc[hd[i]] = i
	next
}
part == "notes" {
	if (csv_split($0, f) < 2 || f[nc["note"]] == "")
		next
	k = f[nc["bench"]] " " label(f, nc)
	note_cfg[++nnotes] = k
	# A note is "part; part; ...": the parts many configurations share are said once.
	np = split(f[nc["note"]], parts, /; /)
	for (i = 1; i <= np; i++) {
		p = parts[i]
		if (!(p in part_n))
			part_order[++nparts] = p
		part_n[p]++
		part_benches[p, f[nc["bench"]]]++
		if (!((p, f[nc["bench"]]) in part_bseen)) {
			part_bseen[p, f[nc["bench"]]] = 1
			part_blist[p] = part_blist[p] (part_blist[p] == "" ? "" : " ") f[nc["bench"]]
		}
		note_parts[nnotes, i] = p
	}
	note_np[nnotes] = np
	next
}
part == "fits" && FNR == 1 {
	for (i = csv_split($0, hd); i > 0; i--)
		fc[hd[i]] = i
	next
}
part == "fits" {
	if (csv_split($0, f) < 2 || f[fc["metric"]] != "total_ns")
		next
	nfit++
	fit_param[nfit] = f[fc["param"]]
	fit_label[nfit] = label(f, fc)
	fit_unit[nfit] = f[fc["slope_unit"]]
	fit_slope[nfit] = f[fc["slope"]]
	fit_lo[nfit] = f[fc["ci95_low"]]
	fit_hi[nfit] = f[fc["ci95_high"]]
	fit_r2[nfit] = f[fc["r2"]]
	fit_n[nfit] = f[fc["n_points"]]
	# fits.csv written before max_residual_pct and worst_point lacks both: the cell is "–".
	fit_res[nfit] = ("max_residual_pct" in fc) ? f[fc["max_residual_pct"]] : ""
	fit_worst[nfit] = ("worst_point" in fc) ? f[fc["worst_point"]] : ""
	next
}
END {
	virt = m["virtualization.type"]
	gov = m["cpufreq_governor"]
	quick = m["command_line"] ~ /(^| )--quick( |$)/
	printf "# forkbench: %s, Linux %s\n\n", m["hostname"], m["kernel.release"]
	printf "Run `%s`, %s to %s (UTC), forkbench %s.\n\n", m["run_id"], m["started_utc"],
		m["finished_utc"] == "" ? "(unfinished)" : m["finished_utc"], m["forkbench_version"]
	if (quick)
		print "> **Quick run** (`--quick`): fewer methods and points, wider confidence intervals. Use it to check the set-up, not to compare kernels.\n"
	levels = !nlv ? "" : lv_min == lv_max ? sprintf(" (here %.4g%%)", lv_min * 100) \
		: sprintf(" (here %.4g%% to %.4g%%)", lv_min * 100, lv_max * 100)
	print "Figures are medians with the confidence interval of the median in brackets, at the level in the row'"'"'s `ci_level` in summary.csv" levels ": over the samples for one repetition; with repetitions, the median of the repetition medians and the interval over them (their range up to 5 repetitions: 93.75% for 5, 75% for 3); a single value has none. ⚠ marks a configuration that did not reach the requested precision on a figure its adaptive stop watched (see Warnings). Charts link to their SVG.\n"

	# The machine in one paragraph.
	nvuln = nmit = nna = 0
	vlist = ""
	for (k in m) {
		if (k !~ /^mitigations\./)
			continue
		if (m[k] ~ /^Vulnerable/) {
			nvuln++
			vlist = vlist (vlist == "" ? "" : ", ") substr(k, 13)
		} else if (m[k] ~ /^Mitigation/)
			nmit++
		else
			nna++
	}
	unavailable = ""
	for (i = 0; ("counters.events." i ".name") in m; i++)
		if (m["counters.events." i ".opened"] == "false")
			unavailable = unavailable (unavailable == "" ? "" : "; ") m["counters.events." i ".name"] \
				" (" m["counters.events." i ".reason"] ")"
	print "## Machine\n"
	printf "**%s**: %s, %s CPUs online (%s physical cores, SMT %s), %.1f GiB of memory; ",
		m["hostname"], m["cpu.model"], m["cpu.online_cpus"], m["cpu.physical_cores"],
		m["cpu.smt_control"], m["memory_total_bytes"] / 1073741824
	printf "Linux %s (%s), glibc %s, built with %s. ", m["kernel.release"], m["kernel.machine"],
		m["glibc"], m["compiler"]
	printf "Virtualization: %s. ", virt == "none" ? "none (bare metal)" : virt
	printf "Transparent huge pages: enabled=%s, defrag=%s. ", m["thp.enabled"], m["thp.defrag"]
	printf "cpufreq governor: %s; clocksource: %s; clock read overhead %s ns. ", gov,
		m["clocksource"], m["timer_overhead_ns"]
	printf "CPU vulnerabilities: %d mitigated, %d not affected, %d vulnerable%s. ", nmit, nna,
		nvuln, nvuln ? " (" vlist ")" : ""
	printf "Perf counters: %s%s", m["counters.mode"],
		m["counters.mode_reason"] != "" ? " (" m["counters.mode_reason"] ")" : ""
	if (m["counters.fallback"] != "")
		printf ", page faults from %s", m["counters.fallback"]
	printf "; %s. ", unavailable == "" ? "every requested event opened" : "not available: " unavailable
	printf "perf_event_paranoid %s, %s.\n\n", m["perf_event_paranoid"],
		m["root"] == "true" ? "run as root" : "run unprivileged"

	# Latency, fastest first by median total.
	if (has_section("latency")) {
		print "## Latency\n"
		sort_by("latency", "total_ns")
		if (nb["latency"]) {
			print "`total` is until the child is reaped (lmbench'"'"'s figure), `call` until the creating call returns in the parent, `start` until the child runs its first instruction; µs.\n"
			print "| method | total (µs) | call (µs) | start (µs) | samples |"
			print "|---|---:|---:|---:|---:|"
			for (i = 1; i <= nb["latency"]; i++) {
				k = cfg["latency", i]
				ns = n_of[k SUBSEP "total_ns"]
				if (ns == "")
					ns = n_of[k SUBSEP "call_ns"]
				printf "| `%s` | %s | %s | %s | %s |\n", md(clabel[k]),
					cell(k, "total_ns", 1000), cell(k, "call_ns", 1000),
					cell(k, "start_ns", 1000), ns
			}
			print ""
		}
		charts_of("latency")
	}

	if (has_section("command")) {
		print "## Cross-check with hyperfine\n"
		print "hyperfine (`-N`, no shell) times whole commands: it spawns each with glibc'"'"'s posix_spawn, waits for it, and includes its own bookkeeping between the two, so its wall time is the harness'"'"'s `total` of an exec method plus hyperfine'"'"'s overhead. Expect it a little above the harness'"'"'s `posix_spawn` figures; a large gap means one of the two measured something else.\n"
		print "| command | median (µs) | 95% CI (µs) | runs |"
		print "|---|---:|---:|---:|"
		for (i = 1; i <= nhf; i++) {
			k = "hf" SUBSEP hf[i]
			printf "| `%s` | **%s** | %s–%s | %s |\n", md(hf[i]), us(med[k]), us(lo[k]),
				us(hi[k]), n_of[k]
		}
		for (i = 1; i <= nb["latency"]; i++) {
			k = cfg["latency", i]
			x = k SUBSEP "total_ns"
			if (cexec[k] == "" || !(x in med))
				continue
			printf "| forkbench `%s` total | **%s** | %s–%s | %s |\n", md(clabel[k]), us(med[x]),
				us(lo[x]), us(hi[x]), n_of[x]
		}
		print ""
		charts_of("command")
	}

	if (has_section("cow")) {
		print "## Copy-on-write\n"
		if (nb["cow"]) {
			print "Per 4 KiB page, ns: the COW fault is the first write to a page shared after fork minus the rewrite of an already private page; `first touch` is the write that first maps a page, `call` the creating call in µs.\n"
			print "| configuration | COW fault (ns/page) | first touch | COW write | private write | read shared | call (µs) |"
			print "|---|---:|---:|---:|---:|---:|---:|"
			for (i = 1; i <= nb["cow"]; i++) {
				k = cfg["cow", i]
				printf "| `%s` | %s | %s | %s | %s | %s | %s |\n", md(clabel[k]),
					cell(k, "cow_fault_ns_per_page", 1), mcell(k, "first_touch_ns_per_page", 1),
					mcell(k, "cow_write_ns_per_page", 1), mcell(k, "private_write_ns_per_page", 1),
					mcell(k, "read_shared_ns_per_page", 1), mcell(k, "call_ns", 1000)
			}
			print ""
		}
		charts_of("cow")
	}

	if (has_section("footprint")) {
		print "## Footprint\n"
		sort_by("footprint", "kernel_total_bytes")
		if (nb["footprint"]) {
			print "KiB. The child'"'"'s own memory from its smaps (PSS, private, page tables), and the kernel'"'"'s memory per live child from `/proc/meminfo` deltas over many children (kernel stack + page tables + unreclaimable slab); – where it cannot be measured (a vfork parent cannot hold children alive).\n"
			print "| configuration | PSS | private | page tables | kernel per child | RSS |"
			print "|---|---:|---:|---:|---:|---:|"
			for (i = 1; i <= nb["footprint"]; i++) {
				k = cfg["footprint", i]
				printf "| `%s` | %s | %s | %s | %s | %s |\n", md(clabel[k]),
					mcell(k, "pss_bytes", 1024), mcell(k, "private_bytes", 1024),
					mcell(k, "pagetable_bytes", 1024), cell(k, "kernel_total_bytes", 1024),
					rss_cell(k)
			}
			print ""
		}
		charts_of("footprint")
	}

	if (has_section("sweep")) {
		print "## Parent shape sweeps\n"
		if (nfit) {
			print "Least-squares slope of the median `total_ns` against the swept parameter (`fits.csv`, which also has `call_ns` and `start_ns`), with its 95% CI. The largest point carries most of the leverage, so R² says little about the small points: *worst point* is the largest |median − line| / median among the points, and where it is.\n"
			print "| parameter | configuration | slope | 95% CI | R² | worst point | points |"
			print "|---|---|---:|---:|---:|---:|---:|"
			for (i = 1; i <= nfit; i++) {
				u = fit_unit[i]
				sub(/_per_/, "/", u)
				sub(/^ns\/mib$/, "ns/MiB", u)
				pu = fit_param[i] == "rss" ? " MiB" : \
				     fit_param[i] == "env" ? " KiB" : ""
				worst = fit_res[i] == "" ? "–" : \
					sprintf("%.1f%% at %s%s", fit_res[i], fit_worst[i], pu)
				printf "| %s | `%s` | **%s** %s | %s – %s | %.3f | %s | %s |\n", fit_param[i],
					md(fit_label[i]), fmt(fit_slope[i]), u, fmt(fit_lo[i]), fmt(fit_hi[i]),
					fit_r2[i], worst, fit_n[i]
			}
			print ""
		} else if (nb["sweep"])
			print "No fitted slopes (`fits.csv`) in this run: every point is a latency configuration in `summary.csv` (`bench=sweep`).\n"
		charts_of("sweep")
	}

	if (has_section("throughput")) {
		print "## Throughput\n"
		if (nb["throughput"]) {
			print "Creations per second with K concurrent creators (threads of one parent, or separate processes): all together, the mean per creator, and the slowest creator.\n"
			print "| configuration | creators | total (/s) | per creator (/s) | slowest creator (/s) |"
			print "|---|---:|---:|---:|---:|"
			for (i = 1; i <= nb["throughput"]; i++) {
				k = cfg["throughput", i]
				printf "| `%s` | %s | %s | %s | %s |\n", md(clabel[k]), vget(cvariant[k], "creators"),
					cell(k, "creations_per_s", 1), mcell(k, "creations_per_s_per_creator", 1),
					mcell(k, "slowest_creator_per_s", 1)
			}
			print ""
		}
		charts_of("throughput")
	}

	if (has_section("timeline")) {
		print "## Timeline\n"
		print "Where the time of one creation goes, from kernel tracepoints: **copy** is the creating syscall'"'"'s entry to `task_newtask` (copying mm, files, signal state), **wakeup** `task_newtask` to `sched_wakeup_new`, **sched delay** from there until the child is first switched in (where CPU placement shows), **child run** until it execs or exits, **exec run** the exec'"'"'d program until it exits, **reap** its exit until the parent'"'"'s wait returns.\n"
		charts_of("timeline")
		nt = 0
		for (i = 1; i <= nb["timeline"]; i++)
			if ((cfg["timeline", i] SUBSEP "phase_copy_ns") in med)
				tl[++nt] = cfg["timeline", i]
		if (nt) {
			print "Medians in µs of traced creations; each phase has its own median, so a row'"'"'s phases add up to about, not exactly, its traced total.\n"
			print "| configuration | copy | wakeup | sched delay | child run | exec run | reap | remainder | total (traced) | total (untraced) |"
			print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
			for (i = 1; i <= nt; i++) {
				k = tl[i]
				printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", md(clabel[k]),
					mcell(k, "phase_copy_ns", 1000), mcell(k, "phase_wakeup_ns", 1000),
					mcell(k, "phase_sched_delay_ns", 1000),
					mcell(k, "phase_child_run_ns", 1000), mcell(k, "phase_exec_run_ns", 1000),
					mcell(k, "phase_reap_ns", 1000), mcell(k, "remainder_ns", 1000),
					mcell(k, "total_ns", 1000), mcell(k, "untraced_total_ns", 1000)
			}
			print ""
			print "**Tracing overhead.** The same configurations were also timed untraced in the same run; the difference of the `total_ns` medians is what the tracer adds (or noise, where the intervals overlap). Read the phases as a split of the traced total, and the untraced figures for what an application sees.\n"
			print "| configuration | total traced (µs) | total untraced (µs) | tracing adds |"
			print "|---|---:|---:|---:|"
			for (i = 1; i <= nt; i++) {
				k = tl[i]
				t = k SUBSEP "total_ns"
				u = k SUBSEP "untraced_total_ns"
				d = "–"
				if ((t in med) && (u in med) && med[u] + 0 > 0) {
					d = sprintf("%s µs (%+.0f%%)", us(med[t] - med[u]), 100 * (med[t] - med[u]) / med[u])
					if (lo[t] + 0 <= hi[u] + 0 && lo[u] + 0 <= hi[t] + 0)
						d = d ", within the CIs"
				}
				printf "| `%s` | %s | %s | %s |\n", md(clabel[k]), cell(k, "total_ns", 1000),
					cell(k, "untraced_total_ns", 1000), d
			}
			print ""
			# The remainder in words: its range over the configurations, against the total.
			rmin = rmax = pmin = pmax = ""
			for (i = 1; i <= nt; i++) {
				r = tl[i] SUBSEP "remainder_ns"
				t = tl[i] SUBSEP "total_ns"
				if (!(r in med) || !(t in med) || med[t] + 0 <= 0)
					continue
				v = med[r] + 0
				p = 100 * v / med[t]
				if (rmin == "" || v < rmin) rmin = v
				if (rmax == "" || v > rmax) rmax = v
				if (pmin == "" || p < pmin) pmin = p
				if (pmax == "" || p > pmax) pmax = p
			}
			if (rmin != "")
				printf "**Unexplained remainder.** The traced total minus the phases from the syscall'"'"'s entry to wait'"'"'s return is user space around the two calls (clock reads, glibc'"'"'s wrappers, atfork handlers), which no tracepoint covers: %s µs median (%s of the traced total) here%s.\n\n",
					rmin == rmax ? us(rmin) : us(rmin) "–" us(rmax),
					pmin == pmax ? pct(pmin) : pct(pmin) "–" pct(pmax),
					(pmax > 10 ? "; above 10% the phases miss something and deserve a look" : \
					", small enough that the phases account for the creation")
		}
	}

	print "## Warnings\n"
	if (quick)
		print "- Quick run: the intervals are wide; rerun without `--quick` before drawing conclusions."
	nnc = nco = nco_rows = 0
	for (i = 1; i <= nall; i++) {
		k = allcfg[i]
		if (k in nc_time)
			nnc++
		else if (k in nc_other) {
			nco++
			nco_rows += nc_other[k]
		}
	}
	if (nnc) {
		printf "- %d configuration%s did not reach the requested precision on %s time figures (the medians stand; their CIs are wider):\n",
			nnc, (nnc > 1 ? "s" : ""), (nnc > 1 ? "their" : "its")
		shown = 0
		for (i = 1; i <= nall && shown < 40; i++) {
			k = allcfg[i]
			if (!(k in nc_time))
				continue
			shown++
			printf "  - `%s %s`: %s\n", cbench[k], clabel[k],
				(nc_ntime[k] == ntime[k] && ntime[k] > 3 ? "all " ntime[k] " time figures" : nc_time[k])
		}
		if (nnc > shown)
			printf "  - … and %d more (the `converged` column of `summary.csv`)\n", nnc - shown
	}
	if (nco)
		printf "- %d more configuration%s converged on %s time figures but not on %d other watched figure%s.\n",
			nco, (nco > 1 ? "s" : ""), (nco > 1 ? "their" : "its"), nco_rows, (nco_rows > 1 ? "s" : "")
	if (virt != "none" && virt != "") {
		printf "- Virtual machine (%s): these are the guest'"'"'s figures, not bare metal'"'"'s; compare them with runs on the same kind of machine.", virt
		if (unavailable ~ /cycles|instructions/)
			printf " No hardware PMU in the guest: cycles and instructions are not counted."
		print ""
	} else if (unavailable != "")
		printf "- Some counters are unavailable: %s.\n", unavailable
	if (m["counters.mode"] == "user-only")
		print "- Counters count user mode only: fork and COW work happens in the kernel and is not counted (run as root or lower perf_event_paranoid to 1)."
	if (gov != "performance" && gov != "none" && gov != "unknown" && gov != "")
		printf "- cpufreq governor is `%s`, not `performance`: frequency changes add noise.\n", gov
	if (m["thp.enabled"] == "always")
		printf "- THP is `enabled=always`: large anonymous regions get 2 MiB pages, which changes fork and COW costs with the parent'"'"'s size.\n"
	else if (m["thp.enabled"] == "never")
		printf "- THP is `enabled=never`: the huge-page COW figures cannot be measured.\n"
	else
		printf "- THP is `enabled=%s`: only regions that ask for it (MADV_HUGEPAGE) get 2 MiB pages.\n", m["thp.enabled"]
	if (nskip) {
		printf "- %d configuration%s skipped:\n", nskip, (nskip > 1 ? "s were" : " was")
		for (i = 1; i <= nskip; i++)
			printf "  - %s\n", skip[i]
	}
	print ""

	if (nnotes) {
		print "## Notes\n"
		print "What the workers said about their configurations (`notes.csv`); a note many configurations share is given once.\n"
		for (i = 1; i <= nparts; i++) {
			p = part_order[i]
			if (part_n[p] < 2)
				continue
			nbl = split(part_blist[p], bl, " ")
			s = ""
			for (j = 1; j <= nbl; j++)
				s = s (j > 1 ? ", " : "") bl[j] " " part_benches[p, bl[j]]
			printf "- %s — %d configurations (%s)\n", p, part_n[p], s
		}
		for (i = 1; i <= nnotes; i++) {
			s = ""
			for (j = 1; j <= note_np[i]; j++)
				if (part_n[note_parts[i, j]] < 2)
					s = s (s == "" ? "" : "; ") note_parts[i, j]
			if (s != "")
				printf "- `%s`: %s\n", note_cfg[i], s
		}
		print ""
	}

	print "## Reproduce\n"
	print "```sh"
	print m["command_line"]
	print "```"
	printf "\nThe numbers above are the `median`, `ci95_low` and `ci95_high` columns of `summary.csv`%s%s; every sample is in `samples.csv` and the machine in `meta.json`.\n",
		nhf ? ", `hyperfine.csv`" : "", nfit ? ", `fits.csv`" : ""
}' part=meta "$work/meta" part=charts "$work/charts" part=csv "$work/all.csv" \
	part=skipped "$skipped" part=notes "$notes" part=fits "$fits" >"$tmp_out" || exit 2

chmod a+r "$tmp_out"
give_to_invoker "$tmp_out"
mv -f "$tmp_out" "$run_dir/report.md"
tmp_out=
echo "$prog: wrote $run_dir/report.md" >&2
