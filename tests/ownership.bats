#!/usr/bin/env bats
# Under sudo (euid 0 with SUDO_UID/SUDO_GID) everything the pipeline writes belongs to the
# invoking user: results/, the run directory, charts, report, hyperfine and aggregate CSVs,
# comparisons and build outputs. What the pipeline did not create keeps its owner, and without
# sudo (or with malformed ids) nothing is handed over. "The user" here is nobody:nogroup, so a
# file left to root is told apart; tests/safety.bats covers the harness's own files.

setup() {
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	S=$ROOT/scripts
	T=$BATS_TEST_TMPDIR
	cd "$ROOT"
}

# Sets U and G, the ids of nobody and nogroup, or skips.
need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to act as sudo (gives files to nobody)"
	U=$(id -u nobody 2>/dev/null) || skip "no user nobody to hand files to"
	G=$(getent group nogroup | cut -d: -f3)
	[ -n "$G" ] || skip "no group nogroup to hand files to"
}

need_gnuplot() {
	command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed (apt-get install gnuplot-nox)"
}

as_sudo() {
	env SUDO_UID="$U" SUDO_GID="$G" SUDO_USER=nobody "$@"
}

# Prints (and so fails on) anything under $1 that is not nobody:nogroup's.
not_invokers() {
	find "$1" \( ! -uid "$U" -o ! -gid "$G" \) -printf '%u:%g %p\n'
}

@test "under sudo: results/, the run, charts, report, hyperfine, aggregate, compare: the user's" {
	need_root
	need_gnuplot
	# $T/home stands for the user's own directory: the pipeline did not create it, so it stays
	# as it was (root's here, which tells a wrongful chown apart).
	home=$T/home
	mkdir "$home"
	run=$home/results/run
	as_sudo build/forkbench latency -m fork -n 20 -e none -q --no-progress -o "$run"
	as_sudo sh "$S/hyperfine.sh" --from-json tests/fixtures/hyperfine-1.15.json "$run"
	as_sudo sh "$S/plot.sh" "$run"
	as_sudo sh "$S/report.sh" "$run"
	as_sudo sh "$S/aggregate.sh" -o "$home/results/all.csv" "$run"
	as_sudo sh "$S/compare.sh" -o "$home/results/cmp/self" "$run" "$run"
	# Not vacuous: each step wrote what it should.
	[ -s "$run/summary.csv" ]
	[ -s "$run/hyperfine.csv" ]
	[ -s "$run/report.md" ]
	python3 "$BATS_TEST_DIRNAME/png_check.py" "$run/plots/latency-by-method.png"
	[ -s "$home/results/all.csv" ]
	[ -s "$home/results/cmp/self/compare.md" ]
	[ -z "$(not_invokers "$home/results")" ]
	[ "$(stat -c %u:%g "$home")" = 0:0 ]
}

@test "under sudo: make plots, aggregate and compare leave nothing to root" {
	need_root
	need_gnuplot
	cp -R tests/fixtures/run-vm tests/fixtures/compare "$T/"
	chown -R "$U:$G" "$T/run-vm" "$T/compare"
	as_sudo make --no-print-directory plots RUN="$T/run-vm" 2>/dev/null
	as_sudo make --no-print-directory aggregate RUNS="$T/run-vm" OUT="$T/run-vm/all.csv"
	as_sudo make --no-print-directory compare A="$T/compare/base" B="$T/compare/new" \
		OUT="$T/compare/out" 2>/dev/null
	[ -s "$T/run-vm/report.md" ]
	[ -s "$T/run-vm/all.csv" ]
	[ -s "$T/compare/out/compare.md" ]
	[ -z "$(not_invokers "$T/run-vm")" ]
	[ -z "$(not_invokers "$T/compare")" ]
	# compare.sh's default output, results/compare-..., creates results/ in the current directory.
	mkdir "$T/cwd"
	(cd "$T/cwd" && as_sudo sh "$S/compare.sh" "$T/compare/base" "$T/compare/new" 2>/dev/null)
	[ -n "$(find "$T/cwd/results" -name compare.md)" ]
	[ -z "$(not_invokers "$T/cwd/results")" ]
}

@test "under sudo: what the scripts did not create keeps its owner" {
	need_root
	need_gnuplot
	cp -R tests/fixtures/run-vm "$T/"
	mkdir "$T/run-vm/plots" "$T/out"
	as_sudo sh "$S/plot.sh" "$T/run-vm" 2>/dev/null
	as_sudo sh "$S/report.sh" "$T/run-vm" 2>/dev/null
	as_sudo sh "$S/aggregate.sh" -o "$T/out/all.csv" "$T/run-vm"
	as_sudo sh "$S/compare.sh" -o "$T/out" tests/fixtures/compare/base tests/fixtures/compare/new \
		2>/dev/null
	# The run, its inputs, plots/ and out/ existed: still root's. What was written is not.
	for f in run-vm run-vm/summary.csv run-vm/meta.json run-vm/plots out; do
		[ "$(stat -c %u "$T/$f")" = 0 ]
	done
	for f in run-vm/report.md run-vm/plots/latency-by-method.svg out/all.csv out/compare.csv; do
		[ "$(stat -c %u:%g "$T/$f")" = "$U:$G" ]
	done
}

@test "without sudo, or with malformed ids, nothing is handed over" {
	need_root
	need_gnuplot
	cp -R tests/fixtures/run-vm "$T/a"
	cp -R tests/fixtures/run-vm "$T/b"
	env -u SUDO_UID -u SUDO_GID sh "$S/plot.sh" "$T/a" 2>/dev/null
	env -u SUDO_UID -u SUDO_GID sh "$S/report.sh" "$T/a" 2>/dev/null
	env -u SUDO_GID SUDO_UID="$U" sh "$S/aggregate.sh" -o "$T/a/all.csv" "$T/a"
	i=0
	for ids in "12x:$G" "$U:-1" "0:0" "$U:" ":$G" "+$U:$G" "99999999999:$G"; do
		i=$((i + 1))
		env SUDO_UID="${ids%%:*}" SUDO_GID="${ids#*:}" \
			sh "$S/aggregate.sh" -o "$T/b/all-$i.csv" "$T/b"
	done
	env SUDO_UID="$U" SUDO_GID="$G" sh -c '. "$1/lib/owner.sh"; give_to_invoker "$2"' sh "$S" \
		"$T/b/samples.csv"
	[ -z "$(find "$T/a" "$T/b" ! -uid 0 ! -path "$T/b/samples.csv")" ]
	# The helper itself, called as root under sudo, does hand a file over.
	[ "$(stat -c %u:%g "$T/b/samples.csv")" = "$U:$G" ]
}

@test "under sudo: a new build directory is the user's, an existing one keeps its owner" {
	need_root
	as_sudo sh "$S/build.sh" "$T/new" "$T/new/child-static"
	[ -x "$T/new/child-static" ]
	[ -z "$(not_invokers "$T/new")" ]
	mkdir "$T/old"
	touch -d '1 hour ago' "$T/old/kept"
	as_sudo sh "$S/build.sh" "$T/old" "$T/old/child-static"
	[ -x "$T/old/child-static" ]
	[ "$(stat -c %u "$T/old")" = 0 ]
	[ "$(stat -c %u "$T/old/kept")" = 0 ]
	[ "$(stat -c %u:%g "$T/old/child-static")" = "$U:$G" ]
}
