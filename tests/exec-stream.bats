#!/usr/bin/env bats
# Streaming: output arrives while the job runs, whole lines at a time,
# binary-safe, and fully drained before qxub exits.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	small_disk_remove
	qxub_teardown
}

@test "output is streamed while the job runs" {
	"$QXUB" exec -- sh -c 'echo first; echo first-err >&2; while [ ! -e go ]; do sleep 0.05; done; echo second' >out 2>err &
	pid=$!
	# The job cannot end before we touch go, so seeing its first lines
	# proves they were streamed live.
	wait_for_log out first
	wait_for_log err first-err
	touch go
	wait "$pid"
	assert_equal "$(cat out)" $'first\nsecond'
	assert_equal "$(cat err)" first-err
}

@test "a partial line is held back until its newline arrives" {
	"$QXUB" exec -- sh -c 'printf part; touch half; while [ ! -e go ]; do sleep 0.05; done; printf "rest\nnext\n"' >out 2>err &
	pid=$!
	wait_for half
	# Give qxub several poll rounds to (wrongly) write the partial line.
	sleep 1
	assert_equal "$(wc -c <out)" 0
	touch go
	wait "$pid"
	assert_equal "$(cat out)" $'partrest\nnext'
}

@test "a last line without a newline is written at the end" {
	run -0 --separate-stderr "$QXUB" exec -- printf 'no newline'
	assert_output 'no newline'
	"$QXUB" exec -- printf 'no newline' >out
	assert_equal "$(od -An -c out | tr -s ' ')" "$(printf 'no newline' | od -An -c | tr -s ' ')"
}

@test "output is binary-safe: every byte value, invalid UTF-8, NULs" {
	python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64 + b"\xff\xfe\xc3(" + b"\n\0\n")' >want
	"$QXUB" exec -- cat want >got
	cmp want got
	"$QXUB" exec -- sh -c 'cat want >&2' 2>got-err >/dev/null
	cmp want got-err
}

@test "large output (16 MiB) arrives complete and in order" {
	head -c 12000000 /dev/urandom | base64 >want
	"$QXUB" exec -- cat want >got
	cmp want got
}

@test "a line longer than the 64 KiB hold-back limit arrives complete" {
	head -c 300000 /dev/zero | tr '\0' x >want
	echo >>want
	"$QXUB" exec -- cat want >got
	cmp want got
}

@test "lines of stdout and stderr are never split or mixed within a stream" {
	"$QXUB" exec -- sh -c 'for i in $(seq 2000); do echo "out line $i"; echo "err line $i" >&2; done' >out 2>err
	assert_equal "$(grep -c '^out line [0-9]*$' out)" 2000
	assert_equal "$(grep -c '^err line [0-9]*$' err)" 2000
	assert_equal "$(wc -l <out)" 2000
}

@test "a reader that goes away: qxub returns at once with 141 and cancels the job" {
	run -0 timeout 20 bash -c '"$QXUB" exec -- seq 1 10000000 | head -1; echo "${PIPESTATUS[0]}"'
	assert_output $'1\n141'
	# A job still running is cancelled, and the history says so.
	run -0 timeout 20 bash -c '"$QXUB" exec -- sh -c "echo \$\$ >job.pid; seq 1 10000000; exec sleep 300" 2>err | head -1; echo "${PIPESTATUS[0]}"'
	assert_output $'1\n141'
	assert_equal "$(cat err)" ''
	wait_gone job.pid
	run -0 "$QXUB" history --json
	assert_output --partial '"state": "cancelled"'
}

@test "a closed stdout: one line, exit 1, the job cancelled" {
	rc=0
	timeout 20 "$QXUB" exec -- sh -c 'echo $$ >job.pid; echo lost; exec sleep 300' >&- 2>err || rc=$?
	assert_equal "$rc" 1
	assert_regex "$(cat err)" "^qxub: cannot write to standard output: Bad file descriptor; job $JOB_ID_RE cancelled\$"
	wait_gone job.pid
	# Not copied into a file of qxub's that took fd 1, over and over.
	assert_equal "$(cat "$(job_dir)/out")" lost
}

@test "--out and --err that are not regular files are refused, nothing submitted" {
	mkfifo fifo
	mkdir dir
	for o in --out --err; do
		for t in /dev/zero /dev/stdout "$BATS_TEST_TMPDIR/fifo" "$BATS_TEST_TMPDIR/dir"; do
			run -2 --separate-stderr "$QXUB" exec "$o" "$t" -- echo hi
			assert_regex "${stderr_lines[0]}" "^qxub: $o '$t': not a regular file \\((a character device|a FIFO|a directory)\\); name a file, or /dev/null to discard the stream\$"
		done
	done
	assert_equal "$(job_count)" 0
}

@test "a defaults.out that is not a regular file is refused under its name" {
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	echo 'defaults: {out: /dev/zero}' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -2 --separate-stderr "$QXUB" exec -- echo hi
	assert_equal "${stderr_lines[0]}" "qxub: defaults.out '/dev/zero': not a regular file (a character device); name a file, or /dev/null to discard the stream"
	assert_equal "$(job_count)" 0
}

@test "--out or --err that is qxub's own stdout or stderr is refused" {
	echo before >f
	rc=0
	"$QXUB" exec --out f -- echo hi >>f 2>err || rc=$?
	assert_equal "$rc" 2
	assert_equal "$(head -1 err)" "qxub: --out '$BATS_TEST_TMPDIR/f': is qxub's own standard output, where the job's output is copied; it would copy itself until the disk is full"
	rc=0
	"$QXUB" exec --err f -- echo hi 2>>f || rc=$?
	assert_equal "$rc" 2
	assert_file_contains f "^qxub: --err '$BATS_TEST_TMPDIR/f': is qxub's own standard error, "
	assert_equal "$(head -1 f)" before
	assert_equal "$(job_count)" 0
}

@test "--out that is also --joblog is refused" {
	run -2 --separate-stderr "$QXUB" exec --out both --joblog both -- echo hi
	assert_equal "${stderr_lines[0]}" "qxub: --out '$BATS_TEST_TMPDIR/both': is also the job log (--joblog); give them different files"
	assert_equal "$(job_count)" 0
}

@test "--out /dev/null discards the job's stdout" {
	run -0 --separate-stderr "$QXUB" exec --out /dev/null -- sh -c 'echo gone; echo kept >&2'
	assert_output ''
	assert_equal "$stderr" kept
}

@test "a job that cannot open its output file says which and why; exit 247" {
	# The job follows the link into a directory that does not exist.
	ln -s nodir/out link
	run -247 --separate-stderr "$QXUB" exec --out link -- echo hi
	assert_output ''
	assert_regex "$stderr" "^qxub: job $JOB_ID_RE: cannot open the job's output file '$BATS_TEST_TMPDIR/link': No such file or directory\$"
}

@test "a job whose directory's disk is full says so on stderr" {
	small_disk
	# seq fails writing its output there: its code comes back from the
	# scheduler, as the job could not leave its marker.
	XDG_STATE_HOME=$FULL_DIR run -1 --separate-stderr "$QXUB" exec -- seq 100000
	assert_regex "$stderr" "^qxub: job $JOB_ID_RE could not write '$FULL_DIR/qxub/jobs/seq-[^/]*/exit_code': No space left on device; its output may be incomplete\$"
}
