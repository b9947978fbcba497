# TAP-style results of the shell suites (tests/run.sh counts the lines):
#   ok NAME; not_ok NAME [DETAIL]; check NAME COMMAND... (ok when it succeeds).
# $n counts the tests and $failed the failures; end with [ "$failed" -eq 0 ].
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
}
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
