#!/bin/sh
# report.sh RUN_DIR: writes RUN_DIR/report.md from the run's files: the machine, a headline table
# of latency medians with their 95% CIs, the charts that exist (run plot.sh first), warnings, the
# hyperfine cross-check where the run has one, and the command that reproduces it. It formats
# what the CSVs say and computes nothing but ns -> µs; the write is atomic (temp + rename).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prog=report.sh

[ $# -eq 1 ] || { echo "usage: $prog RUN_DIR" >&2; exit 2; }
run_dir=${1%/}

work=$(mktemp -d "${TMPDIR:-/tmp}/report.XXXXXX")
trap 'rm -rf "$work" ${tmp_out:+"$tmp_out"}' EXIT
trap 'exit 130' INT TERM

# Validates the run as aggregate does (one error line naming the file, exit 2).
sh "$here/aggregate.sh" "$run_dir" >"$work/all.csv" || exit 2
awk -f "$here/json.awk" "$run_dir/meta.json" >"$work/meta" || exit 2

# The charts that exist, in reading order, with their captions.
: >"$work/charts"
for c in 'latency-by-method|Latency by method: median, 95% CI of the median, p5–p95' \
	'latency-distribution|Distribution of the main methods: p25–p75 box, p5–p95 whiskers, p99 and max' \
	'latency-placement|CPU placement: unpinned vs parent and child pinned to one CPU' \
	'exec-crosscheck|Whole-program start: forkbench exec methods vs hyperfine' \
	'footprint-by-method|Footprint per method: the child'\''s own PSS, private memory and page tables (left); kernel memory per live child, median and 95% CI (right)' \
	'sweep-rss|Latency against the parent'"'"'s RSS, with the fitted slope per method (fits.csv)' \
	'sweep-threads|Latency against the parent'"'"'s threads, with the fitted slope per method' \
	'sweep-fds|Latency against the parent'"'"'s open descriptors, with the fitted slope per method' \
	'sweep-vmas|Latency against the parent'"'"'s mappings, with the fitted slope per method' \
	'throughput|Creations per second against concurrent creators (threads of one parent, or processes)' \
	'cow|Copy-on-write per 4 KiB page: the fault (first write after fork minus the rewrite) against region size, 4K vs THP, child vs parent writer (left); the baselines (right)' \
	'cow-regions|What fork skips: first write per page and the creating call for private, MADV_DONTFORK, MADV_WIPEONFORK and MAP_SHARED regions'; do
	name=${c%%|*}
	[ -f "$run_dir/plots/$name.png" ] || continue
	svg=
	[ -f "$run_dir/plots/$name.svg" ] && svg=1
	printf '%s\t%s\t%s\n' "$name" "${c#*|}" "$svg" >>"$work/charts"
done
skipped=/dev/null
[ -f "$run_dir/skipped.csv" ] && skipped=$run_dir/skipped.csv

tmp_out=$(mktemp "$run_dir/.report.md.XXXXXX")
awk "$(cat "$here/csv.awk")"'
function us(v) {
	if (v == "")
		return "–"
	v /= 1000
	return sprintf(v < 10 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f", v)
}
function cell(k) {
	if (!(k in med))
		return "–"
	return "**" us(med[k]) "** [" us(lo[k]) "–" us(hi[k]) "]" (conv[k] == "false" ? " ⚠" : "")
}
function label(    s) {
	s = f[c["method"]]
	if (f[c["exec"]] != "")
		s = s " (" f[c["exec"]] ")"
	if (f[c["variant"]] != "")
		s = s " " f[c["variant"]]
	if (f[c["cpu"]] != "")
		s = s ", cpu " f[c["cpu"]]
	return s
}
function md(s) {  # table cells: a | would split the cell
	gsub(/\|/, "\\|", s)
	return s
}
part == "meta" {
	i = index($0, "\t")
	m[substr($0, 1, i - 1)] = substr($0, i + 1)
	next
}
part == "charts" {
	split($0, cw, "\t")
	charts[++ncharts] = cw[1]
	caption[cw[1]] = cw[2]
	has_svg[cw[1]] = cw[3]
	next
}
part == "csv" && FNR == 1 {
	for (i = csv_split($0, h); i > 0; i--)
		c[h[i]] = i
	next
}
part == "csv" {
	csv_split($0, f)
	mt = f[c["metric"]]
	if (f[c["bench"]] == "command") {
		hf[++nhf] = f[c["exec"]]
		k = "hf" SUBSEP f[c["exec"]]
		med[k] = f[c["median"]]; lo[k] = f[c["ci95_low"]]; hi[k] = f[c["ci95_high"]]
		n_of[k] = f[c["n"]]
		next
	}
	if (f[c["converged"]] == "false")
		notconv[++nnc] = f[c["bench"]] " " label() " " mt
	if (f[c["bench"]] != "latency" || mt !~ /^(call|start|total)_ns$/)
		next
	lab = label()
	if (!(lab in seen)) {
		seen[lab] = 1
		labs[++nl] = lab
		exec_of[lab] = f[c["exec"]]
	}
	k = lab SUBSEP mt
	med[k] = f[c["median"]]; lo[k] = f[c["ci95_low"]]; hi[k] = f[c["ci95_high"]]
	conv[k] = f[c["converged"]]
	n_of[k] = f[c["n"]]
	next
}
part == "skipped" && FNR == 1 {
	for (i = csv_split($0, h); i > 0; i--)
		sc[h[i]] = i
	next
}
part == "skipped" {
	if (csv_split($0, f) < 2)
		next
	s = f[sc["bench"]] " " f[sc["method"]]
	if (f[sc["exec"]] != "")
		s = s " (" f[sc["exec"]] ")"
	if (f[sc["cpu"]] != "")
		s = s ", cpu " f[sc["cpu"]]
	skip[++nskip] = "`" s "`: " f[sc["reason"]]
	next
}
function sortkey(lab,    k) {
	k = lab SUBSEP "total_ns"
	if (k in med) return med[k] + 0
	k = lab SUBSEP "call_ns"
	return k in med ? med[k] + 0 : 1e300
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

	# Headline table, fastest first by median total.
	if (nl) {
		for (i = 2; i <= nl; i++)
			for (j = i; j > 1 && sortkey(labs[j - 1]) > sortkey(labs[j]); j--) {
				t = labs[j]; labs[j] = labs[j - 1]; labs[j - 1] = t
			}
		print "## Latency\n"
		print "Median in µs with the 95% confidence interval of the median in brackets; ⚠ marks a configuration that did not reach the requested precision. `total` is until the child is reaped (lmbench'"'"'s figure), `call` until the creating call returns in the parent, `start` until the child runs its first instruction.\n"
		print "| method | total (µs) | call (µs) | start (µs) | samples |"
		print "|---|---:|---:|---:|---:|"
		for (i = 1; i <= nl; i++) {
			lab = labs[i]
			ns = n_of[lab SUBSEP "total_ns"]
			if (ns == "")
				ns = n_of[lab SUBSEP "call_ns"]
			printf "| `%s` | %s | %s | %s | %s |\n", md(lab), cell(lab SUBSEP "total_ns"),
				cell(lab SUBSEP "call_ns"), cell(lab SUBSEP "start_ns"), ns
		}
		print ""
	}

	if (ncharts) {
		print "## Charts\n"
		for (i = 1; i <= ncharts; i++) {
			ch = charts[i]
			printf "### %s\n\n", caption[ch]
			if (has_svg[ch])
				printf "[![%s](plots/%s.png)](plots/%s.svg)\n\n", caption[ch], ch, ch
			else
				printf "![%s](plots/%s.png)\n\n", caption[ch], ch
		}
	}

	print "## Warnings\n"
	nw = 0
	if (quick) {
		print "- Quick run: the intervals are wide; rerun without `--quick` before drawing conclusions."
		nw++
	}
	if (nnc) {
		printf "- %d summary rows did not converge to the requested precision (the median is still valid, its CI is wider):", nnc
		for (i = 1; i <= nnc && i <= 20; i++)
			printf " `%s`%s", notconv[i], (i < nnc && i < 20 ? "," : "")
		printf "%s\n", (nnc > 20 ? ", …" : "")
		nw++
	}
	if (virt != "none" && virt != "") {
		printf "- Virtual machine (%s): page faults and syscalls cost more than on bare metal, and waking another vCPU is slow, so placement changes results (see the CPU placement chart).", virt
		if (unavailable ~ /cycles|instructions/)
			printf " No hardware PMU in the guest: cycles and instructions are not counted."
		print ""
		nw++
	} else if (unavailable != "") {
		printf "- Some counters are unavailable: %s.\n", unavailable
		nw++
	}
	if (m["counters.mode"] == "user-only") {
		print "- Counters count user mode only: fork and COW work happens in the kernel and is not counted (run as root or lower perf_event_paranoid to 1)."
		nw++
	}
	if (gov != "performance" && gov != "none" && gov != "unknown" && gov != "") {
		printf "- cpufreq governor is `%s`, not `performance`: frequency changes add noise.\n", gov
		nw++
	}
	if (m["thp.enabled"] == "always")
		printf "- THP is `enabled=always`: large anonymous regions get 2 MiB pages, which changes fork and COW costs with the parent'"'"'s size.\n"
	else if (m["thp.enabled"] == "never")
		printf "- THP is `enabled=never`: the huge-page COW figures cannot be measured.\n"
	else
		printf "- THP is `enabled=%s`: only regions that ask for it (MADV_HUGEPAGE) get 2 MiB pages.\n", m["thp.enabled"]
	nw++
	if (nskip) {
		printf "- %d configurations were skipped:\n", nskip
		for (i = 1; i <= nskip; i++)
			printf "  - %s\n", skip[i]
		nw++
	}
	print ""

	if (nhf) {
		print "## Cross-check with hyperfine\n"
		print "hyperfine (`-N`, no shell) times whole commands: it spawns each with glibc'"'"'s posix_spawn, waits for it, and includes its own bookkeeping between the two, so its wall time is the harness'"'"'s `total` of an exec method plus hyperfine'"'"'s overhead. Expect it a little above the harness'"'"'s `posix_spawn` figures; a large gap means one of the two measured something else.\n"
		print "| command | median (µs) | 95% CI (µs) | runs |"
		print "|---|---:|---:|---:|"
		for (i = 1; i <= nhf; i++) {
			k = "hf" SUBSEP hf[i]
			printf "| hyperfine `%s` | **%s** | %s–%s | %s |\n", md(hf[i]), us(med[k]), us(lo[k]),
				us(hi[k]), n_of[k]
		}
		for (i = 1; i <= nl; i++) {
			lab = labs[i]
			k = lab SUBSEP "total_ns"
			if (exec_of[lab] == "" || !(k in med))
				continue
			printf "| forkbench `%s` total | **%s** | %s–%s | %s |\n", md(lab), us(med[k]),
				us(lo[k]), us(hi[k]), n_of[k]
		}
		print ""
	}

	print "## Reproduce\n"
	print "```sh"
	print m["command_line"]
	print "```"
	printf "\nThe numbers above are the `median`, `ci95_low` and `ci95_high` columns of `summary.csv`%s; every sample is in `samples.csv` and the machine in `meta.json`.\n", nhf ? " and `hyperfine.csv`" : ""
}' part=meta "$work/meta" part=charts "$work/charts" part=csv "$work/all.csv" \
	part=skipped "$skipped" >"$tmp_out" || exit 2

chmod a+r "$tmp_out"
mv -f "$tmp_out" "$run_dir/report.md"
tmp_out=
echo "$prog: wrote $run_dir/report.md" >&2
