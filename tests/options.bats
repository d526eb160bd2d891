#!/usr/bin/env bats
# Each bench's options and help (issue 15, DESIGN §2): CMD --help, CMD -h and help CMD print the
# bench's tables with defaults, an option of another bench is refused naming its owner, every
# option is in exactly one table, and README's option section lists the same options as the
# tables, both ways. Nothing here runs a measurement.

load helpers
bats_require_minimum_version 1.5.0

BENCHES="latency cow footprint sweep throughput timeline"

setup() {
	FB="$BATS_TEST_DIRNAME/../build/forkbench"
	README="$BATS_TEST_DIRNAME/../README.md"
	OUT="$BATS_TEST_TMPDIR/run"
}

# option_names: the --names of the option rows in a help text on stdin (rows start with two
# spaces and the option; values, accepted and default lines do not).
option_names() {
	sed -nE 's/^  (-[a-zA-Z], |    )(--[a-z][a-z0-9-]*).*/\2/p'
}

# own_part / common_part: a help text before / from its "common options:" heading.
own_part() { sed '/^common options:/,$d'; }
common_part() { sed -n '/^common options:/,$p'; }

# readme_block BENCH: README's pasted help of BENCH (its own part); readme_common: the common
# options block.
readme_section() { sed -n '/^<!-- options:begin/,/^<!-- options:end/p' "$README"; }
readme_block() {
	readme_section | awk -v b="usage: forkbench $1 [options]" '
		$0 == b { on = 1 } on && /^```$/ { exit } on { print }'
}
readme_common() { readme_section | awk '/^common options:/ { on = 1 } on && /^```$/ { exit } on'; }

@test "CMD --help, CMD -h and help CMD print the bench's usage and options, exit 0, to stdout" {
	for b in $BENCHES; do
		run --separate-stderr "$FB" "$b" --help
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[[ "${lines[0]}" == "usage: forkbench $b [options]" ]]
		[[ "$output" == *"methods (-m) by default: "* ]]
		[[ "$output" == *"common options:"* ]]
		[[ "$output" == *"--help"* ]]
		long=$output
		run --separate-stderr "$FB" "$b" -h
		[ "$status" -eq 0 ]
		[ "$output" = "$long" ]
		run --separate-stderr "$FB" help "$b"
		[ "$status" -eq 0 ]
		[ "$output" = "$long" ]
		# --help anywhere among valid options; nothing is run or written
		run "$FB" "$b" -n 3 -o "$OUT" --help
		[ "$status" -eq 0 ]
		[ "$output" = "$long" ]
		[ ! -e "$OUT" ]
	done
}

@test "each bench's help lists its own options first with defaults and accepted values" {
	run "$FB" cow --help
	own=$(printf '%s\n' "$output" | own_part)
	for o in --size --writer --region; do
		printf '%s\n' "$own" | option_names | grep -qx -- "$o"
	done
	[[ "$own" == *"--writer child|parent|both"*"default: both"* ]]
	[[ "$own" == *"default: 4M,64M,256M"* ]]
	[[ "$own" == *"default: private"* ]]
	run "$FB" footprint --help
	[[ "$(printf '%s\n' "$output" | own_part)" == *"--children N"*"default: 256"* ]]
	run "$FB" sweep --help
	own=$(printf '%s\n' "$output" | own_part)
	[[ "$own" == *"--param rss|threads|fds|vmas|env"*"default: rss"* ]]
	[[ "$own" == *"--values"*"--full"* ]]
	# sweep runs latency configurations: latency's options are its too, under their heading
	[[ "$own" == *"latency options (each point is a latency configuration):"*"--no-start"*"--env"* ]]
	run "$FB" throughput --help
	own=$(printf '%s\n' "$output" | own_part)
	[[ "$own" == *"--creators K,..."*"--creator-kind threads|processes|both"*"default: both"* ]]
	run "$FB" latency --help
	own=$(printf '%s\n' "$output" | own_part)
	[[ "$own" == *"--no-start"*"--env SIZE"*"default: minimal"* ]]
	common=$(printf '%s\n' "$output" | common_part)
	[[ "$common" == *"--precision PCT"*"default: 1"* ]]
	[[ "$common" == *"--thp never|always"* ]]
	# timeline has no options of its own
	run "$FB" timeline --help
	[ -z "$(printf '%s\n' "$output" | own_part | option_names)" ]
}

@test "forkbench help and --help print the general usage listing the benches" {
	for args in help --help -h; do
		run --separate-stderr "$FB" $args
		[ "$status" -eq 0 ]
		for b in $BENCHES; do
			printf '%s\n' "$output" | grep -qE "^  $b "
		done
		[[ "$output" == *"forkbench BENCH --help"* ]]
	done
	run "$FB" help nosuchbench
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "every option is in exactly one table, and every bench shows the same common options" {
	all=$(for b in $BENCHES; do
		"$FB" help "$b" | own_part | sed '/^latency options (/,$d' | option_names
	done)
	common=$("$FB" help latency | common_part | option_names)
	dups=$(printf '%s\n%s\n' "$all" "$common" | sort | uniq -d)
	[ -z "$dups" ] || { echo "in two tables: $dups"; false; }
	for b in $BENCHES; do
		[ "$("$FB" help "$b" | common_part)" = "$("$FB" help latency | common_part)" ]
	done
}

@test "an option of another bench is refused: exit 2, one line naming its bench, nothing written" {
	for case in "latency --size 4M:cow" "cow --children 4:footprint" "latency --param rss:sweep" \
		"cow --creators 2:throughput" "timeline --no-start:latency" "throughput --env 1K:latency" \
		"footprint --writer child:cow" "sweep --region private:cow"; do
		args=${case%:*} owner=${case##*:} bench=${case%% *}
		opt=$(printf '%s\n' "$args" | awk '{ print $2 }')
		run --separate-stderr "$FB" $args -o "$OUT"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[ "$stderr" = "forkbench: $opt is an option of $owner, not $bench (forkbench $owner --help)" ]
		[ ! -e "$OUT" ]
	done
	# sweep includes latency's options; latency does not include sweep's
	run "$FB" sweep --no-start --help
	[ "$status" -eq 0 ]
	run "$FB" latency --values 1,2 -o "$OUT"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--values is an option of sweep, not latency"* ]]
}

@test "README lists every option of every bench, and no other" {
	for b in $BENCHES; do
		want=$("$FB" help "$b" | own_part | option_names | sort)
		have=$(readme_block "$b" | option_names | sort)
		[ -n "$(readme_block "$b")" ] || { echo "README has no help block for $b"; false; }
		[ "$want" = "$have" ] || {
			echo "README's $b block differs from forkbench help $b:"
			diff <(echo "$want") <(echo "$have") || true
			false
		}
	done
	want=$("$FB" help latency | common_part | option_names | sort)
	have=$(readme_common | option_names | sort)
	[ "$want" = "$have" ] || {
		echo "README's common options differ from forkbench help:"
		diff <(echo "$want") <(echo "$have") || true
		false
	}
}
