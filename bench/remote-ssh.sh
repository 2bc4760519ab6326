#!/bin/bash
# Times 'qxub exec --platform R -- true' on a remote platform against
# plain 'ssh HOST true', over the same warm ControlMaster and over cold
# connections, with a real sshd on loopback (tests/helpers/sshd.bash).
# See bench/README.md.
#
# usage: bench/remote-ssh.sh [QXUB [N]]
#   QXUB  qxub binary (default: $QXUB, else ../_build/qxub)
#   N     measured calls per command on the warm master (default: 100;
#         cold connections get N/5)
#
# Prints the figures and PASS or MISS; exits 0 either way, 1 only if
# something could not be run.
set -euo pipefail

benchdir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
bench_name=remote-ssh
warmup=10
# Target: qxub adds under 10% to plain ssh on a warm master.
max_ratio=1.10
# shellcheck source=common.sh
. "$benchdir/common.sh"
# sshd.bash reports with bats' fail; here it ends the benchmark.
fail() {
	die "$@"
}

bench_setup 100 "$@"
QXUB=$qxub
cold_calls=$(( calls / 5 > 0 ? calls / 5 : 1 ))
export QXUB
QXUB_TESTS=$benchdir/../tests
# shellcheck source=../tests/helpers/sshd.bash
. "$QXUB_TESTS/helpers/sshd.bash"

trap 'sshd_stop; rm -rf -- "$tmpdir"' EXIT
sshd_start >/dev/null

export HOME="$tmpdir/home" XDG_CONFIG_HOME="$tmpdir/config"
export XDG_STATE_HOME="$tmpdir/state"
mkdir -p -- "$HOME" "$XDG_STATE_HOME"
BATS_TEST_NUMBER=bench
remote_setup
{
	echo "platforms:"
	remote_platform hpc
	remote_platform cold "host: hpc" "multiplex: off"
} >"$XDG_CONFIG_HOME/qxub/config.yaml"

ssh_cfg=(ssh -F "$SSHFX/ssh_config")
# The master qxub opens; plain ssh then uses the same one.
"$QXUB" exec --platform hpc -- true || die "qxub cannot run on the remote platform"
socket=$(ls "$XDG_RUNTIME_DIR"/qxub/* | head -1)
[ -S "$socket" ] || die "qxub opened no ControlMaster"
# What the remote qxub itself costs: run there by hand over the master.
remote_cmd="XDG_STATE_HOME=$REMOTE_DIR/state $SSHFX/bin/qxub exec --platform local -- true"

warm_ssh=$(measure "$calls" "${ssh_cfg[@]}" -o ControlPath="$socket" hpc true) ||
	die "cannot measure ssh"
warm_hand=$(measure "$calls" "${ssh_cfg[@]}" -o ControlPath="$socket" hpc "$remote_cmd") ||
	die "cannot measure ssh with qxub run by hand"
warm_qxub=$(measure "$calls" "$QXUB" exec --platform hpc -- true) ||
	die "cannot measure qxub exec"
cold_ssh=$(measure "$cold_calls" "${ssh_cfg[@]}" -o ControlPath=none hpc true) ||
	die "cannot measure cold ssh"
cold_qxub=$(measure "$cold_calls" "$QXUB" exec --platform cold -- true) ||
	die "cannot measure cold qxub exec"

awk -v ws="$warm_ssh" -v wh="$warm_hand" -v wq="$warm_qxub" \
    -v cs="$cold_ssh" -v cq="$cold_qxub" -v max_ratio="$max_ratio" '
function show(label, f) {
	printf "%-44s mean %7.2f ms, median %7.2f ms (%d calls)\n", label,
	    f[6], f[8], f[2]
}
BEGIN {
	split(ws, a, " "); split(wh, h, " "); split(wq, q, " ")
	split(cs, c, " "); split(cq, d, " ")
	show("warm: ssh HOST true", a)
	show("warm: ssh HOST \"qxub exec -- true\" (by hand)", h)
	show("warm: qxub exec --platform R -- true", q)
	show("cold: ssh HOST true", c)
	show("cold: qxub exec --platform R -- true", d)
	ratio = q[6] / a[6]
	layer = q[6] / h[6]
	printf "warm ratio qxub / ssh true: %.2fx   target <= %.2fx\n", ratio,
	    max_ratio
	printf "warm ratio qxub / the same remote qxub run by hand: %.2fx " \
	    "(the ssh layer: %+.2f ms)\n", layer, q[6] - h[6]
	printf "cold ratio qxub / ssh true: %.2fx\n", d[6] / c[6]
	print (sprintf("%.2f", ratio) + 0 <= max_ratio + 0 ? "PASS" : \
	    sprintf("MISS: warm ratio %.2fx > %.2fx", ratio, max_ratio))
}'
