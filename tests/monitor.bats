#!/usr/bin/env bats
# qxub monitor: many jobs watched until they end, with one scheduler call
# per interval however many there are.

setup() {
	load helpers/common
	qxub_setup
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
}

teardown() {
	qxub_teardown
}

@test "monitor reads ids from stdin, prints a line a change, and exits 0 when all succeeded" {
	for i in 1 2 3; do
		"$QXUB" exec --terse -- sh -c "sleep 0.$i; exit 0"
	done >ids
	run -0 --separate-stderr "$QXUB" monitor --interval 1 <ids
	for id in $(cat ids); do
		assert_line --regexp "^$id +succeeded +0 +sh\$"
	done
	assert_line --index $((${#lines[@]} - 1)) 'All 3 jobs ended: 3 succeeded, 0 failed'
}

@test "monitor exits 1 when a job failed, and --summary counts instead" {
	a=$("$QXUB" exec --terse -- true)
	b=$("$QXUB" exec --terse -- sh -c 'sleep 0.5; exit 4')
	run -1 --separate-stderr "$QXUB" monitor --summary --interval 1 "$a" "$b" "$a"
	assert_line --regexp '^2 jobs: [0-9] queued, [0-9] running, [0-9] succeeded, [0-9] failed$'
	assert_line '2 jobs: 0 queued, 0 running, 1 succeeded, 1 failed'
	assert_line 'All 2 jobs ended: 1 succeeded, 1 failed'
}

@test "a thousand jobs: one qstat an interval for all of them, never one a job" {
	python3 "$QXUB_TESTS/helpers/pbs-bulk.py" add 1000 >ids
	assert_equal "$(wc -l <ids)" 1000
	"$QXUB" monitor --summary --interval 1 <ids >monitor.out 2>&1 &
	pid=$!
	# Queued, then running, then ended, as the scheduler says.
	for _ in $(seq 100); do
		grep -q '^1000 jobs: 1000 queued' monitor.out && break
		sleep 0.1
	done
	python3 "$QXUB_TESTS/helpers/pbs-bulk.py" set R
	for _ in $(seq 100); do
		grep -q '^1000 jobs: 0 queued, 1000 running' monitor.out && break
		sleep 0.1
	done
	python3 "$QXUB_TESTS/helpers/pbs-bulk.py" set F 0
	wait "$pid"
	cat monitor.out
	assert_equal "$(tail -1 monitor.out)" 'All 1000 jobs ended: 1000 succeeded, 0 failed'
	# Each qstat asked about every job that had not ended, at once: the
	# first about all 1,000; there were a few calls, not a thousand.
	run -0 python3 -c '
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1])]
qstat = [c[4:] for c in calls if c[1] == "qstat"]
print(len(qstat) >= 3, len(qstat) < 30, len(qstat[0]) == 1000,
      all(len(ids) > 1 and len(set(ids)) == len(ids) for ids in qstat))' "$PBS_SIM_DIR/calls.log"
	assert_output 'True True True True'
}

@test "monitor: Ctrl-C stops it with 130 and leaves the jobs running" {
	id=$("$QXUB" exec --terse -- sleep 30)
	"$QXUB" monitor --interval 1 "$id" >out 2>&1 &
	pid=$!
	sleep 0.5
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	run -0 "$QXUB" status check "$id"
	assert_output running
	"$QXUB" cancel --force "$id"
}

@test "monitor --once looks once and exits: 0 only if every job has succeeded" {
	a=$("$QXUB" exec --terse -- true)
	b=$("$QXUB" exec --terse -- sleep 30)
	for _ in $(seq 100); do
		[ "$("$QXUB" status check "$a")" = success ] && break
		sleep 0.1
	done
	: >"$PBS_SIM_DIR/calls.log"
	run -1 --separate-stderr "$QXUB" monitor --once --summary "$a" "$b"
	assert_output '2 jobs: 0 queued, 1 running, 1 succeeded, 0 failed'
	# One qstat, for the job without an exit marker.
	assert_equal "$(calls qstat)" "[\"-x\", \"-f\", \"$b\"]"
	run -0 --separate-stderr "$QXUB" monitor --once "$a"
	assert_line --regexp "^$a +succeeded +0 +true\$"
	assert_line 'All 1 jobs ended: 1 succeeded, 0 failed'
	"$QXUB" cancel --force "$b"
}

@test "monitor: no ids is a usage error; so is a bad interval" {
	run -2 --separate-stderr "$QXUB" monitor </dev/null
	assert_equal "${stderr_lines[0]}" "qxub: no job ids: give them as arguments, or one a line on standard input"
	run -2 --separate-stderr "$QXUB" monitor --interval 0 1.pbs-sim
	assert_equal "${stderr_lines[0]}" "qxub: --interval '0': too small (seconds, 1 to 86400)"
}

@test "monitor on a terminal draws a table it redraws in place" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	id=$("$QXUB" exec --terse -- sh -c 'sleep 1')
	run -0 script -qec "$QXUB monitor --interval 1 $id" /dev/null
	assert_output --partial 'JOB ID'
	assert_output --partial $'\e[3A\e[J'
	assert_output --regexp "$id +succeeded +0"
}
