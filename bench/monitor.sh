#!/bin/bash
# Times one refresh of 'qxub monitor' over 10,000 jobs: reading the ids,
# one qstat call for all of them (a stand-in that prints a canned
# 'qstat -x -f' answer in PBS Pro's format, and counts its calls), parsing
# it and drawing the summary.  The baseline, in the same run, is the
# stand-in alone printing that answer.  See bench/README.md.
#
# usage: bench/monitor.sh [QXUB [N]]
#   QXUB  qxub binary (default: $QXUB, else ../_build/qxub, else ../qxub)
#   N     measured refreshes (default: 20)
#
# Prints the figures and PASS or MISS; exits 0 either way, 1 only if
# something could not be run.
set -euo pipefail

benchdir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
bench_name=monitor
warmup=3
jobs=10000
# Targets: under 100 ms of CPU a refresh, and exactly one scheduler call.
max_cpu_ms=100
# shellcheck source=common.sh
. "$benchdir/common.sh"

bench_setup 20 "$@"
trap 'rm -rf -- "$tmpdir"' EXIT

export HOME="$tmpdir/home" XDG_STATE_HOME="$tmpdir/state"
export XDG_CONFIG_HOME="$tmpdir/config"
mkdir -p -- "$HOME" "$tmpdir/bin"

# The answer: 10,000 jobs, a third queued, a third running, a third done.
python3 - "$jobs" "$tmpdir" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(d + "/ids", "w") as ids, open(d + "/answer", "w") as out:
    for i in range(1, n + 1):
        jid = "%d.pbs-sim" % i
        ids.write(jid + "\n")
        state = "QRF"[i % 3]
        out.write("Job Id: %s\n    Job_Name = bulk%d\n    Job_Owner = u@login\n"
                  "    job_state = %s\n    queue = workq\n"
                  "    Resource_List.ncpus = 1\n    Resource_List.walltime = 01:00:00\n"
                  "    comment = Job run at Sat Nov 28 at 21:00 on (simnode1:ncpus=1)\n"
                  % (jid, i, state))
        if state == "F":
            out.write("    Exit_status = 0\n")
        out.write("\n")
PY
printf '#!/bin/sh\necho x >>"%s/calls"\nexec cat "%s/answer"\n' \
    "$tmpdir" "$tmpdir" >"$tmpdir/bin/qstat"
chmod +x "$tmpdir/bin/qstat"
# qsub on PATH makes pbs the scheduler of bare ids.
ln -s /bin/true "$tmpdir/bin/qsub"
export PATH="$tmpdir/bin:$PATH"

# cpu CMD...: the mean CPU (user+system, ms) of N runs after the warm-up.
cpu() {
	python3 - "$calls" "$warmup" "$tmpdir/ids" "$@" <<'PY'
import resource, subprocess, sys
n, warm, ids, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
def once():
    with open(ids) as f:
        subprocess.run(argv, stdin=f, stdout=subprocess.DEVNULL)
for _ in range(warm):
    once()
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
for _ in range(n):
    once()
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f" % ((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000 / n))
PY
}

base=$(cpu "$tmpdir/bin/qstat") || die "cannot run the qstat stand-in"
: >"$tmpdir/calls"
refresh=$(cpu "$qxub" monitor --once --summary --interval 60) ||
	die "cannot run $qxub monitor"
ncalls=$(wc -l <"$tmpdir/calls")

awk -v base="$base" -v refresh="$refresh" -v ncalls="$ncalls" \
    -v runs="$((calls + warmup))" -v jobs="$jobs" -v max="$max_cpu_ms" '
BEGIN {
	own = refresh - base
	printf "baseline: the qstat answer for %d jobs alone: %.2f ms CPU\n", jobs, base
	printf "qxub monitor --once over %d jobs: %.2f ms CPU (%.2f ms without the answer; %.1fx the baseline)\n", jobs, refresh, own, refresh / base
	printf "scheduler calls per refresh: %.2f   target 1\n", ncalls / runs
	printf "CPU per refresh: %.2f ms   target < %d ms\n", refresh, max
	miss = ""
	if (refresh + 0 >= max + 0)
		miss = sprintf("%.2f ms >= %d ms", refresh, max)
	if (ncalls != runs)
		miss = miss (miss == "" ? "" : "; ") sprintf("%d calls in %d refreshes", ncalls, runs)
	print (miss == "" ? "PASS" : "MISS: " miss)
}'
