# What the benchmarks share: the qxub to time and the call count from
# their arguments, die, a temporary directory with spawnbench compiled in
# it, and measure.  Sourced; the caller sets bench_name and warmup, and
# removes $tmpdir in its EXIT trap.

die() {
	printf '%s: %s\n' "$bench_name" "$*" >&2
	exit 1
}

# bench_setup DEFAULT_N [QXUB [N]]: sets qxub (an absolute path; by
# default $QXUB, else the build of bootstrap.sh, else an in-tree build),
# calls and tmpdir, and compiles spawnbench there.
bench_setup() {
	local default_calls=$1 default=$benchdir/../_build/qxub
	shift
	[ -x "$default" ] || default=$benchdir/../qxub
	qxub=${1:-${QXUB:-$default}}
	calls=${2:-$default_calls}
	[[ $calls =~ ^[1-9][0-9]*$ ]] || die "call count '$calls' is not a positive number"
	[ -x "$qxub" ] || die "no qxub at '$qxub' (run make first, or pass its path)"
	qxub=$(realpath -- "$qxub")
	tmpdir=$(mktemp -d) || die "cannot create a temporary directory"
	cc -O2 -o "$tmpdir/spawnbench" "$benchdir/spawnbench.c" ||
		die "cannot compile $benchdir/spawnbench.c"
}

# measure N COMMAND [ARG...]: warms the page cache and the dynamic
# loader's files with $warmup calls first, then prints spawnbench's line:
# calls N total_ms T mean_ms M median_ms D maxrss_kib R
measure() {
	local n=$1
	shift
	"$tmpdir/spawnbench" "$warmup" "$@" >/dev/null &&
		"$tmpdir/spawnbench" "$n" "$@"
}
