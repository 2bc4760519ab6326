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
bench_name=exec-dry-run
warmup=20
# shellcheck source=common.sh
. "$benchdir/common.sh"

# Targets: at most twice a bare spawn, and a small footprint.
max_ratio=2.00
max_rss_mib=4.00

bench_setup 200 "$@"
trap 'rm -rf -- "$tmpdir"' EXIT

# qxub finds its job directories (and any config) from these; point them
# at the temporary directory so nothing of the user's is read or written.
export HOME="$tmpdir/home" XDG_STATE_HOME="$tmpdir/state"
export XDG_CONFIG_HOME="$tmpdir/config"
mkdir -p -- "$HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"

base=$(measure "$calls" /bin/true) || die "cannot measure /bin/true"
dry=$(measure "$calls" "$qxub" exec --dry-run --env e -- cmd arg1 'arg 2') ||
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
