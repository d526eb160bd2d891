# Filter of scripts/tap-run.sh over one test file's TAP (DESIGN §10).
# "#forkbench-skip NAME REASON" (tests/tap_skip.h) marks Check test NAME skipped: its later
# "ok N - FILE:SUITE:NAME: Passed" line becomes "ok N - FILE:SUITE:NAME # SKIP REASON".
# A marked test that failed stays "not ok": a skip never hides a failure.
# With -v skiplog=FILE, each skip (Check or bats "# skip") is appended to FILE as "FILE: TEST: REASON".
function record(test, reason) {
	if (skiplog != "")
		printf "%s: %s: %s\n", file, test, reason >> skiplog
}
/^#forkbench-skip / {
	name = $2
	reason = $0
	sub(/^#forkbench-skip [^ ]+ /, "", reason)
	skip[name] = reason
	next
}
/^ok [0-9]+ / {
	n = split($0, parts, ":")
	# Check's line: ok N - FILE:SUITE:TEST: Passed
	if (n >= 4 && (parts[3] in skip)) {
		test = parts[3]
		line = $0
		sub(/: Passed$/, "", line)
		print line " # SKIP " skip[test]
		record(test, skip[test])
		delete skip[test]
		next
	}
	if (match($0, / # [Ss][Kk][Ii][Pp]/)) {
		reason = substr($0, RSTART + RLENGTH)
		sub(/^ +/, "", reason)
		test = substr($0, 1, RSTART - 1)
		sub(/^ok [0-9]+ (- )?/, "", test)
		record(test, reason)
	}
}
/^not ok [0-9]+ / {
	n = split($0, parts, ":")
	if (n >= 4 && (parts[3] in skip))
		delete skip[parts[3]]
}
{ print; fflush() }
END {
	# A marker that matched no TAP line means the runner's output changed shape: say so loudly.
	for (t in skip)
		print "not ok - skip marker for '" t "' matched no test (" skip[t] ")"
}
