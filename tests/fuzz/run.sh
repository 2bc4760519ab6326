#!/bin/bash
# Runs one fuzz harness built by `make fuzz` for a while, over a copy of
# its seed corpus (the committed one is not written to).
#
#   run.sh BINDIR NAME SECONDS WORKDIR
#
# New inputs go to WORKDIR/corpus, a crash, leak or timeout input to
# WORKDIR/crash-* (leak-*, timeout-*, oom-*), libFuzzer's output to
# WORKDIR/log, the harness's own messages on them to WORKDIR/replay.
# Prints "NAME: N execs, U s CPU" and exits non-zero when the harness
# found something.
set -u

bindir=$1
name=$2
secs=$3
work=$4
srcdir=$(cd "$(dirname "$0")/../.." && pwd)

seeds=("$srcdir/tests/fuzz/corpus/$name")
case $name in
yaml|config|platform) seeds+=("$srcdir/tests/fixtures/qxub") ;;
esac
mkdir -p "$work/corpus"
# The first directory is the one libFuzzer adds to; -close_fd_mask=3
# drops the harness's own messages (qxub's warnings), not libFuzzer's or
# the sanitizers' reports.
TIMEFORMAT='%U %S'
{ time "$bindir/fuzz_$name" -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=3 \
    -artifact_prefix="$work/" "$work/corpus" "${seeds[@]}" \
    >"$work/log" 2>&1; } 2>"$work/cpu"
rc=$?
# -close_fd_mask hid what the harness said of its find: replay each
# input it wrote, with stderr, into WORKDIR/replay.
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* \
    "$work"/oom-*; do
	[ -f "$f" ] || continue
	"$bindir/fuzz_$name" -timeout=10 "$f" >>"$work/replay" 2>&1
done
read -r user sys <"$work/cpu"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
printf '%s: %s execs, %s s CPU (%s user, %s sys)\n' "$name" "${execs:-?}" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')" \
    "$user" "$sys"
exit $rc
