#!/bin/bash
# Times 'qxub exec --dry-run' against spawning /bin/true the same way, in
# the same run, so the ratio says how much qxub adds to a bare exec on this
# machine at this moment.  See bench/README.md.
#
# usage: bench/exec-dry-run.sh [QXUB [N]]
#   QXUB  qxub binary (default: $QXUB, else ../_build/qxub from
#         bootstrap.sh, else an in-tree build's ../qxub)
#   N     measured calls per command (default: 200)
#
# Prints the figures and PASS or MISS; exits 0 either way, 1 only if
# something could not be run.
set -euo pipefail

benchdir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
default=$benchdir/../_build/qxub
[ -x "$default" ] || default=$benchdir/../qxub
qxub=${1:-${QXUB:-$default}}
calls=${2:-200}
warmup=20

# Targets: at most twice a bare spawn, and a small footprint.
max_ratio=2.00
max_rss_mib=4.00

die() {
	printf 'exec-dry-run: %s\n' "$*" >&2
	exit 1
}

[[ $calls =~ ^[1-9][0-9]*$ ]] || die "call count '$calls' is not a positive number"
command -v -- "$qxub" >/dev/null ||
	die "no qxub at '$qxub' (run make first, or pass its path)"

tmpdir=$(mktemp -d) || die "cannot create a temporary directory"
trap 'rm -rf -- "$tmpdir"' EXIT

cc -O2 -o "$tmpdir/spawnbench" "$benchdir/spawnbench.c" ||
	die "cannot compile $benchdir/spawnbench.c"

# qxub finds its job directories (and any config) from these; point them
# at the temporary directory so nothing of the user's is read or written.
export HOME="$tmpdir/home" XDG_STATE_HOME="$tmpdir/state"
export XDG_CONFIG_HOME="$tmpdir/config"
mkdir -p -- "$HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"

# measure COMMAND [ARG...]: warm the page cache and the dynamic loader's
# files first so the first calls do not weigh on the figures, then print
# spawnbench's line: calls N total_ms T mean_ms M median_ms D maxrss_kib R
measure() {
	"$tmpdir/spawnbench" "$warmup" "$@" >/dev/null &&
		"$tmpdir/spawnbench" "$calls" "$@"
}

base=$(measure /bin/true) || die "cannot measure /bin/true"
dry=$(measure "$qxub" exec --dry-run --env e -- cmd arg1 'arg 2') ||
	die "cannot measure $qxub exec --dry-run"

awk -v base="$base" -v dry="$dry" -v max_ratio="$max_ratio" \
    -v max_rss_mib="$max_rss_mib" '
function show(label, f) {
	printf "%s: mean %.2f ms, median %.2f ms, peak RSS %.1f MiB " \
	    "(%d calls, %.0f ms total)\n", label, f[6], f[8], f[10] / 1024,
	    f[2], f[4]
}
BEGIN {
	split(base, b, " ")
	split(dry, d, " ")
	ratio = d[6] / b[6]
	rss = d[10] / 1024

	show("baseline /bin/true", b)
	show("qxub exec --dry-run", d)
	printf "ratio (mean): %.2fx   target <= %.2fx\n", ratio, max_ratio
	printf "peak RSS: %.1f MiB      target < %.2f MiB\n", rss, max_rss_mib

	# Compare what was printed, so a shown 2.00x never counts as a miss.
	miss = ""
	if (sprintf("%.2f", ratio) + 0 > max_ratio + 0)
		miss = sprintf("ratio %.2fx > %.2fx", ratio, max_ratio)
	if (rss >= max_rss_mib + 0)
		miss = miss (miss == "" ? "" : "; ") \
		    sprintf("peak RSS %.1f MiB >= %.2f MiB", rss, max_rss_mib)
	print (miss == "" ? "PASS" : "MISS: " miss)
}'
