#!/bin/bash
# Runs every libFuzzer harness of tests/fuzz/ for SECONDS each, one after
# the other (one core), and prints each one's execs and CPU time.
#
#   bash bench/fuzz.sh [SECONDS [NAME...]]
#
# Builds them first with `make fuzz` in the build tree ($QXUB_BUILDDIR,
# else _build/, else the source tree).  What a run found stays in a
# temporary directory, printed at the end.
set -u

benchdir=$(cd "$(dirname "$0")" && pwd)
top=$benchdir/..
secs=${1:-60}
shift
[[ $secs =~ ^[1-9][0-9]*$ ]] || {
	echo "fuzz.sh: seconds '$secs' is not a positive number" >&2
	exit 2
}
builddir=${QXUB_BUILDDIR:-$top/_build}
[ -f "$builddir/Makefile" ] || builddir=$top
[ -f "$builddir/Makefile" ] || {
	echo "fuzz.sh: no build tree (run ./bootstrap.sh or configure first)" >&2
	exit 1
}
make -s -C "$builddir" fuzz || exit 1
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$top"/tests/fuzz/fuzz_*.c; do
		f=${f##*/fuzz_}
		names+=("${f%.c}")
	done
fi
work=$(mktemp -d) || exit 1
found=0
for name in "${names[@]}"; do
	"$top/tests/fuzz/run.sh" "$builddir/fuzz-bin" "$name" "$secs" \
	    "$work/$name" || { found=1; echo "  found something: $work/$name"; }
done
echo "inputs and logs: $work"
exit $found
