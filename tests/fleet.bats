#!/usr/bin/env bats
# make fleet end to end (issue 13) on local test hosts: each a network namespace with its own UTS
# hostname and an sshd listening only on that namespace's loopback, reached by a ProxyCommand that
# enters the namespace (ip netns exec NS nc 127.0.0.1 22). No other network address is used. A
# fourth host's sshd is not running: reported failed, the others delivered; then a rerun into the
# same fleet directory with that sshd started runs that host alone. The hosts share this
# machine's file system and CPUs (each has its own forkbench_dir): this checks the plumbing, and
# its timings mean nothing. Counts, names and exit statuses only. Root only.

bats_require_minimum_version 1.5.0
load helpers

# Host n (1..4) is namespace ${PREFIX}n with hostname fleet-test-n; 4's sshd starts late.
setup_file() {
	[ "$(id -u)" -eq 0 ] && [ -n "$BATS_FILE_TMPDIR" ] || return 0
	export ROOT="$BATS_TEST_DIRNAME/.."
	export T="$BATS_FILE_TMPDIR"
	export PREFIX="fbfleet$$h"
	export FLEET_DIR="$T/fleet"
	for tool in ansible-playbook ip nc /usr/sbin/sshd ssh-keygen unshare; do
		command -v "$tool" >/dev/null || return 0
	done
	ssh-keygen -q -t ed25519 -N '' -f "$T/id" >/dev/null
	ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey" >/dev/null
	mkdir -p /run/sshd
	{
		echo "[fleet]"
		for n in 1 2 3 4; do
			echo "h$n ansible_host=h$n forkbench_dir=$T/h$n/forkbench" \
				"ansible_ssh_common_args='-o ProxyCommand=\"ip netns exec $PREFIX$n nc 127.0.0.1 22\"" \
				"-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR'"
		done
		echo "[fleet:vars]"
		echo "ansible_user=root"
		echo "ansible_ssh_private_key_file=$T/id"
		echo "ansible_python_interpreter=/usr/bin/python3"
	} >"$T/inventory"
	for n in 1 2 3 4; do
		ip netns add "$PREFIX$n" && ip -n "$PREFIX$n" link set lo up || return 1
	done
	for n in 1 2 3; do
		start_sshd "$n" || return 1
	done
}

teardown_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	fleet_cleanup
}

# sshd of host N in its namespace and UTS namespace, on 127.0.0.1:22 of that namespace only.
start_sshd() {
	ip netns exec "$PREFIX$1" unshare --uts sh -c 'hostname "$1"; shift; exec "$@"' sh \
		"fleet-test-$1" /usr/sbin/sshd -f /dev/null -o ListenAddress=127.0.0.1 \
		-o HostKey="$T/hostkey" -o PidFile="$T/sshd$1.pid" -o AuthorizedKeysFile="$T/id.pub" \
		-o UsePAM=no -o StrictModes=no -o PermitRootLogin=prohibit-password \
		-o Subsystem="sftp internal-sftp"
	local i
	for i in $(seq 50); do
		[ -s "$T/sshd$1.pid" ] && return 0
		sleep 0.1
	done
	echo "sshd of host $1 did not start"
	return 1
}

# Everything the test started: each namespace's processes (sshd, sessions, ProxyCommands) killed
# with bounded waits, then the namespace deleted. Deleting a namespace kills nothing by itself.
fleet_cleanup() {
	local n ns pids i
	for n in 1 2 3 4; do
		ns="$PREFIX$n"
		ip netns list | grep -qw "$ns" || continue
		for i in $(seq 40); do
			pids=$(ip netns pids "$ns" 2>/dev/null)
			[ -z "$pids" ] && break
			# shellcheck disable=SC2086 # a list of pids
			if [ "$i" -lt 20 ]; then kill $pids 2>/dev/null; else kill -9 $pids 2>/dev/null; fi
			sleep 0.1
		done
		ip netns del "$ns" 2>/dev/null
	done
	# ssh processes of the engine on this side carry the test's key on their command line
	for i in $(seq 20); do
		pids=$(pgrep -f -- "$T/id") || break
		# shellcheck disable=SC2086 # a list of pids
		kill $pids 2>/dev/null
		sleep 0.1
	done
	return 0
}

meta_of() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1] + "/meta.json"))[sys.argv[2]])' "$1" "$2"
}

skip_unless_ready() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, sshd)"
	local tool
	for tool in ansible-playbook ip nc /usr/sbin/sshd ssh-keygen unshare; do
		command -v "$tool" >/dev/null ||
			skip "$tool is not installed (make deps installs ansible-core, openssh-server, netcat-openbsd)"
	done
	[ -f "$T/inventory" ] || skip "setup_file did not finish"
}

@test "make fleet: three hosts delivered with distinct hosts, the fourth reported failed, exit status non-zero" {
	skip_unless_ready
	python3 "$BATS_TEST_DIRNAME/fleet_ctxt.py" "$T/h1/forkbench" "$T/sshd1.pid" "$T/ctxt.json" 600 &
	watcher=$!
	run --separate-stderr make -C "$ROOT" --no-print-directory -s fleet INVENTORY="$T/inventory" \
		SUITE=smoke FLEET="$FLEET_DIR" FORKS=4
	wait "$watcher"
	echo "$stderr" | tail -25
	# make turns fleet.sh's exit 1 (a host failed) into its own 2
	[ "$status" -eq 2 ]
	[ "$(echo "$output" | tail -n 1)" = "$FLEET_DIR" ]
	echo "$stderr" | grep -q "fleet: 3 of 4 host(s) delivered, 1 failed"
	echo "$stderr" | grep -q "fleet: h4 failed: unreachable"
	for n in 1 2 3; do
		[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' \
			"$FLEET_DIR/h$n/status.json")" = ok ]
		run_dir=$(find "$FLEET_DIR/h$n" -mindepth 1 -maxdepth 1 -type d)
		[ "$(echo "$run_dir" | wc -l)" -eq 1 ]
		check_run_dir "$run_dir"
		# the host's own hostname, and the shipped VERSION, in its meta.json
		[ "$(meta_of "$run_dir" hostname)" = "fleet-test-$n" ]
		[ "$(meta_of "$run_dir" forkbench_version)" = "$(git -C "$ROOT" describe --always --dirty)" ]
	done
	[ ! -d "$T/h4/forkbench" ]
	grep -q '"status": "failed"' "$FLEET_DIR/h4/status.json"
	# fleet.csv: aggregate's header, rows of exactly the three delivered hosts
	head -n 1 "$FLEET_DIR/fleet.csv" | grep -q '^run_id,host,kernel,cpu_model,virtualization,thp_enabled,bench,'
	[ "$(cut -d, -f2 "$FLEET_DIR/fleet.csv" | tail -n +2 | sort -u | tr '\n' ' ')" = "fleet-test-1 fleet-test-2 fleet-test-3 " ]
	# fleet.md: every host with its status, the headline with a column per delivered host,
	# no headline cell unmeasured, the slope with its range, each host against the baseline
	md="$FLEET_DIR/fleet.md"
	for n in 1 2 3; do grep -q "^| h$n | ok | fleet-test-$n: " "$md"; done
	grep -q '^| h4 | \*\*failed\*\* | – | – | unreachable' "$md"
	grep -q '^| figure | h1 | h2 | h3 |$' "$md"
	! grep '^| [a-zA-Z(]' "$md" | grep -q 'not measured'
	[ "$(grep -c 'µs/MiB \[.*\] (95% CI), least squares from 0 MiB to 16 MiB (3 sizes)' "$md")" -eq 1 ]
	grep -q '^### h2 against h1' "$md"
	grep -q '^### h3 against h1' "$md"
	for n in 2 3; do
		head -n 1 "$FLEET_DIR/compare/h$n.csv" | grep -q ',change_pct,.*,p_value,significant,'
		grep -qxF "![forest-h$n](compare/forest-h$n.png)" "$md"
	done
	(cd "$FLEET_DIR" && python3 "$BATS_TEST_DIRNAME/png_check.py" fleet-latency.png \
		compare/forest-h2.png compare/forest-h3.png)
	# no ssh master of the engine outlives make fleet
	! pgrep -af -- "IdentityFile=\"$T/id\""
	# While host 1's suite measured, no process of the engine woke (voluntary context switches
	# of Ansible's module, its shells and the sshd sessions: a count, not a time).
	python3 - "$T/ctxt.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r)
assert r, "the watcher found no suite with an engine above it"
names = {v[0] for v in r.values()}
assert any(n.startswith("python") for n in names) and "sshd" in names, names
woke = {p: v for p, v in r.items() if v[2] != v[1]}
assert not woke, woke
PY
}

@test "make fleet FLEET=DIR: reruns only the host without a result, keeps the others" {
	skip_unless_ready
	[ -f "$FLEET_DIR/fleet.json" ] || skip "the first test left no fleet directory"
	before=$(ls -d "$FLEET_DIR"/h[123]/*/ | sort)
	start_sshd 4
	run --separate-stderr make -C "$ROOT" --no-print-directory -s fleet INVENTORY="$T/inventory" \
		SUITE=smoke FLEET="$FLEET_DIR"
	echo "$stderr" | tail -15
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n 1)" = "$FLEET_DIR" ]
	echo "$stderr" | grep -q "fleet: 3 host(s) already delivered in $FLEET_DIR: kept"
	echo "$stderr" | grep -q "fleet: 1 host(s), suite smoke"
	[ "$(ls -d "$FLEET_DIR"/h[123]/*/ | sort)" = "$before" ]
	check_run_dir "$(find "$FLEET_DIR/h4" -mindepth 1 -maxdepth 1 -type d)"
	[ "$(cut -d, -f2 "$FLEET_DIR/fleet.csv" | tail -n +2 | sort -u | wc -l)" -eq 4 ]
	grep -q '^| figure | h1 | h2 | h3 | h4 |$' "$FLEET_DIR/fleet.md"
	! pgrep -af -- "IdentityFile=\"$T/id\""
}

@test "make fleet: bad input is one line naming the problem, exit 2, nothing created" {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, sshd)"
	command -v ansible-playbook >/dev/null || skip "ansible-playbook is not installed (make deps)"
	cd "$ROOT"
	for args in "--inventory /nonexistent" "--inventory $T/inventory --suite huge" \
		"--inventory $T/inventory --forks 0" "--inventory $T/inventory --baseline nosuch" \
		"--inventory $T/inventory --fleet $T/inventory" "--bogus x"; do
		# shellcheck disable=SC2086 # words
		run --separate-stderr sh scripts/fleet.sh $args
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(echo "$stderr" | wc -l)" -eq 1 ]
		echo "$stderr" | grep -q '^fleet: '
	done
	[ ! -e "$T/nosuch" ]
}

@test "the test leaves no sshd, no ssh master and no namespace behind" {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, sshd)"
	fleet_cleanup
	! ip netns list | grep -q "^$PREFIX"
	! pgrep -af -- "$T/hostkey"
	! pgrep -af -- "IdentityFile=\"$T/id\""
}
