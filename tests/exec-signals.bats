#!/usr/bin/env bats
# Ctrl-C, SIGTERM and SIGHUP cancel the job (its whole process group) and
# qxub exits 130, 143 and 129.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	[ -z "${READER:-}" ] || kill "$READER" 2>/dev/null || true
	qxub_teardown
}

# Starts a job whose command and a grandchild record their pids and sleep,
# sends SIG to qxub, and checks the exit code and that the job is gone.
cancel_with() {
	local sig=$1 want=$2 pid rc
	"$QXUB" exec -- bash -c 'sleep 300 & echo $! >child.pid; echo $$ >job.pid; echo running; wait' >out 2>err &
	pid=$!
	wait_for child.pid
	for _ in $(seq 100); do grep -q running out && break; sleep 0.05; done
	kill -s "$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" "$want"
	assert_equal "$(cat out)" running
	wait_gone job.pid
	wait_gone child.pid
}

@test "SIGINT (Ctrl-C) cancels the job and its children; exit 130" {
	cancel_with INT 130
}

@test "SIGTERM cancels the job; exit 143" {
	cancel_with TERM 143
}

@test "SIGHUP cancels the job; exit 129" {
	cancel_with HUP 129
}

@test "SIGKILL of qxub while it waits: the job runs on, and status tells how it ended" {
	"$QXUB" exec -- sh -c 'echo $$ >job.pid; while [ ! -e go ]; do sleep 0.05; done; echo finished; exit 3' >out 2>err &
	pid=$!
	wait_for job.pid
	kill -KILL "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 137
	id=$(sed -n 's/.*"job_id": "\([^"]*\)".*/\1/p' "$XDG_STATE_HOME/qxub/history.jsonl")
	run -0 --separate-stderr "$QXUB" status check "$id"
	assert_output running
	touch go
	wait_for "$(job_dir)/exit_code"
	run -0 --separate-stderr "$QXUB" status "$id"
	assert_line --index 1 --regexp "^$id +failed +3 +sh\$"
	assert_equal "$(cat "$(job_dir)/out")" finished
}

@test "a job that ignores SIGTERM is killed after the grace period" {
	# The test Slurm tracks a job's processes by parent (no cgroups here);
	# a child whose parent died escapes it, so scancel cannot reach it.
	[ "$QXUB_TEST_PLATFORM" != slurm ] ||
		skip "the test Slurm has no cgroups to track orphaned processes"
	"$QXUB" exec -v -- bash -c 'trap "" TERM; echo $$ >job.pid; while :; do sleep 0.1; done' >out 2>err &
	pid=$!
	wait_for job.pid
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	wait_gone job.pid
	assert grep -Eq "^qxub: Interrupt: cancelling job $JOB_ID_RE\$" err
	assert grep -Eq "^qxub: job $JOB_ID_RE cancelled\$" err
}

@test "the job runs in its own session, so a terminal's Ctrl-C reaches qxub alone" {
	# qxub then cancels the job itself.
	"$QXUB" exec -- bash -c 'echo $$ >job.pid; ps -o sid= -p $$ >job.sid; sleep 300' >out 2>err &
	pid=$!
	wait_for job.sid
	assert_not_equal "$(tr -d ' ' <job.sid)" "$(ps -o sid= -p $$ | tr -d ' ')"
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
}

# Starts a job that prints without end while qxub's stdout is a pipe that
# a reader holds open and never reads, so qxub's write blocks; sends SIG.
cancel_blocked_with() {
	local sig=$1 want=$2 pid
	mkfifo fifo
	sleep 120 <fifo &
	READER=$!
	"$QXUB" exec -- bash -c 'echo $$ >job.pid; exec seq 1 100000000' >fifo 2>err &
	pid=$!
	wait_for job.pid
	# Time to fill the pipe's 64 KiB and block in write().
	sleep 1
	kill -s "$sig" "$pid"
	wait_exit "$pid" 10
	assert_equal "$rc" "$want"
	wait_gone job.pid
}

@test "Ctrl-C cancels the job while qxub's stdout is a pipe nobody reads" {
	cancel_blocked_with INT 130
}

@test "SIGTERM cancels the job while qxub's stdout is a pipe nobody reads" {
	cancel_blocked_with TERM 143
}
