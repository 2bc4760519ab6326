#!/usr/bin/env bats
# The Grid Engine backend against the real one-node cell of helpers/sge.bash
# (sge_qmaster and sge_execd on loopback ports in a private directory),
# which this file starts and stops by pid.  The cell writes accounting at
# once, so qacct knows a job within a second of its end.

setup_file() {
	load helpers/common
	load helpers/sge
	sge_start
}

teardown_file() {
	load helpers/common
	load helpers/sge
	sge_stop
}

setup() {
	load helpers/common
	load helpers/sge
	qxub_setup
	sge_require
	export QXUB_SGE_POLL_INTERVAL=1
}

teardown() {
	# Nothing of this test may stay queued or running.
	sge_clear
	qxub_teardown
}

# The qstat -xml state letters of job $1, or nothing.
sge_state() {
	qstat -u '*' -xml | awk -v id="$1" '
	    /<JB_job_number>/ { gsub(/.*<JB_job_number>|<\/JB_job_number>.*/, ""); cur = $0 }
	    /<state>/ && cur == id { gsub(/.*<state>|<\/state>.*/, ""); print; exit }'
}

# Waits up to $2 seconds (default 10) for job $1 to be in qstat state $3
# (default: gone from qstat).
wait_state() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ "$(sge_state "$1")" = "${3:-}" ] && return 0
		sleep 0.1
	done
	assert_equal "$(sge_state "$1")" "${3:-}"
}

# The value of field $2 in qacct's record of job $1, waiting up to 10 s
# for the record: "failed 37  : qmaster..." gives 37.
acct_field() {
	local i
	for ((i = 0; i < 100; i++)); do
		qacct -j "$1" 2>/dev/null | awk -v f="$2" '$1 == f { print $2; ok = 1; exit } END { exit !ok }' &&
		    return 0
		sleep 0.1
	done
	echo "qacct does not know job $1 after 10 s" >&2
	return 1
}

# The job id in qxub -v's "submitted job ID (sge)" line of file $1, waiting
# up to 10 s for it.
submitted_id() {
	local i id
	for ((i = 0; i < 100; i++)); do
		id=$(sed -n 's/^qxub: submitted job \([0-9]*\) (sge).*/\1/p' "$1")
		[ -n "$id" ] && { echo "$id"; return 0; }
		sleep 0.1
	done
	echo "no job submitted: $(cat "$1")" >&2
	return 1
}

@test "sge is chosen by itself when qsub is on PATH and SGE_ROOT names a cell with a master" {
	run -0 --separate-stderr "$QXUB" exec -v -- echo hi
	assert_output hi
	assert_equal "${stderr_lines[0]}" "qxub: platform sge (qsub found at $SGE_ROOT/bin/$SGE_ARCH/qsub, and the Grid Engine cell $SGE_ROOT/$SGE_CELL)"
	assert_regex "${stderr_lines[1]}" '^qxub: submitted job [0-9]+ \(sge\), files in '
	# A cell without a master is no cell: the qsub is taken for PBS's.
	SGE_CELL=nosuch run -0 --separate-stderr "$QXUB" exec -v --dry-run -- true
	assert_equal "${stderr_lines[0]}" "qxub: platform pbs (qsub found at $SGE_ROOT/bin/$SGE_ARCH/qsub)"
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -N true -j oe '
	# So is one without SGE_ROOT, unless Debian's own cell has a master.
	[ ! -e /var/lib/gridengine/default/common/act_qmaster ] ||
		skip "this machine has a Grid Engine cell in /var/lib/gridengine"
	run -0 --separate-stderr env -u SGE_ROOT "$QXUB" exec -v --dry-run -- true
	assert_equal "${stderr_lines[0]}" "qxub: platform pbs (qsub found at $SGE_ROOT/bin/$SGE_ARCH/qsub)"
}

@test "--dry-run: qsub -terse with a word for every request, h_vmem per slot, and the job script" {
	run -0 --separate-stderr "$QXUB" exec --dry-run --name train --cpus 4 \
	    --mem 16GB --runtime 2h -q all.q -P x --email a@b --email-opts abe \
	    --array 1-3 --sge '-l foo=1' -- python train.py
	dir="$JOBS/train-[0-9]+-[0-9]+-XXXXXX"
	assert_line --index 0 --regexp "^Dry run - would execute: qsub -terse -N train -q all\\.q -P x -l h_vmem=4096M -l h_rt=2:00:00 -pe smp 4 -t 1-3 -M a@b -m abe -l foo=1 -wd $dir -j y -o $dir/log -S /bin/bash $dir/job\\.sh\$"
	# No #$ lines: every request is a word of qsub's argv.
	refute_line --regexp '^#\$'
	assert_line '#!/bin/bash'
	assert_line 'qxub_sub=.$SGE_TASK_ID'
	# A command's own 99 or 100 must not requeue or hold the job.
	assert_line $'\tcase $1 in 99|100) exit 1 ;; esac'
	assert_line "set -- 'python' 'train.py'"
	# Another parallel environment; memory rounded up to whole megabytes.
	run -0 "$QXUB" exec --dry-run --pe mpi --cpus 3 --mem 1GB -- true
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -terse -N true -l h_vmem=342M -pe mpi 3 -wd '
	assert_equal "$(job_count)" 0
}

@test "the job's output comes back and its exit code passes through: 0, 3, a signal" {
	run -0 --separate-stderr "$QXUB" exec --cpus 2 --mem 200MB --runtime 1m -- \
	    sh -c 'echo "$JOB_ID $NSLOTS $PE"; echo err >&2'
	assert_output --regexp '^[0-9]+ 2 smp$'
	assert_equal "$stderr" err
	run -3 --separate-stderr "$QXUB" exec -- sh -c 'echo out; echo err >&2; exit 3'
	assert_output out
	assert_equal "$stderr" err
	run -137 "$QXUB" exec -- sh -c 'kill -9 $$'
	run -143 "$QXUB" exec -- sh -c 'kill -TERM $$'
}

@test "a command's exit 99 or 100 comes back as it is, and Grid Engine neither requeues nor holds the job" {
	for code in 99 100; do
		run --separate-stderr "$QXUB" exec -v -- sh -c "echo ran; exit $code"
		assert_equal "$status" "$code"
		assert_output ran
		assert_regex "${stderr_lines[-1]}" "^qxub: job [0-9]+ finished with exit code $code\$"
		id=$(sed -n 's/^qxub: submitted job \([0-9]*\) (sge).*/\1/p' <<<"$stderr")
		# The job script ended with 1: an ordinary end, once.
		assert_equal "$(acct_field "$id" failed)" 0
		assert_equal "$(acct_field "$id" exit_status)" 1
		wait_state "$id" 5
		assert_equal "$(qacct -j "$id" | grep -c '^exit_status')" 1
	done
}

@test "Ctrl-C deletes the job with qdel: exit 130; SIGTERM: exit 143" {
	for sig in INT:130 TERM:143; do
		"$QXUB" exec -v -- sleep 300 2>err &
		pid=$!
		id=$(submitted_id err)
		wait_for_log err "^qxub: job $id started\$"
		kill -"${sig%:*}" "$pid"
		wait_exit "$pid" 10
		assert_equal "$rc" "${sig#*:}"
		assert_regex "$(cat err)" "qxub: job $id cancelled"
		wait_state "$id" 5
	done
}

@test "a job deleted while it waited in the queue: exit 5, deleted before it ran" {
	"$QXUB" exec -v --sge -h -- true >out 2>err &
	pid=$!
	id=$(submitted_id err)
	assert_equal "$(sge_state "$id")" hqw
	run -0 qdel "$id"
	wait_exit "$pid" 10
	assert_equal "$rc" 5
	run -0 cat err
	assert_line "qxub: job $id: deleted before it ran"
	assert_equal "$(cat out)" ''
}

@test "a job killed at its run time limit: exit 7, and why" {
	start=$SECONDS
	run --separate-stderr "$QXUB" exec -v --runtime 3s -- sh -c 'echo started; sleep 60'
	assert_failure 7
	assert_output started
	id=$(sed -n 's/^qxub: submitted job \([0-9]*\) (sge).*/\1/p' <<<"$stderr")
	run -0 cat <<<"$stderr"
	assert_line "qxub: job $id: Grid Engine killed it at its run time or memory limit"
	# The exit marker never came: qacct said failed 37.
	assert_equal "$(acct_field "$id" failed)" 37
	[ $((SECONDS - start)) -lt 20 ]
}

@test "a job Grid Engine puts in an error state is deleted: exit 8, and why" {
	# Its stdin cannot be opened (failed 26): the job goes to Eqw.
	run --separate-stderr "$QXUB" exec -v --sge '-i /nonexistent/input' -- true
	assert_failure 8
	assert_output ''
	id=$(sed -n 's/^qxub: submitted job \([0-9]*\) (sge).*/\1/p' <<<"$stderr")
	run -0 cat <<<"$stderr"
	assert_line "qxub: job $id: Grid Engine put it in an error state (Eqw) and qxub deleted it; 'qacct -j $id' may say why"
	assert_equal "$(sge_state "$id")" ''
	assert_equal "$(acct_field "$id" failed)" 26
}

@test "requests Grid Engine has no equivalent of are refused with a hint; nothing is submitted" {
	run -2 --separate-stderr "$QXUB" exec -l mem=1GB -- true
	assert_equal "${stderr_lines[0]}" "qxub: -l mem=1GB: -l is a PBS request; on Grid Engine use --mem, --cpus, --runtime, or --sge OPTION for any other qsub option (e.g. --sge '-l h_vmem=4G')"
	run -2 --separate-stderr "$QXUB" exec --gpus 1 -- true
	assert_equal "${stderr_lines[0]}" "qxub: resource 'ngpus=1' has no Grid Engine equivalent (--gpus: Grid Engine has no standard GPU request; ask for your site's, e.g. --sge '-l gpu=1')"
	run -2 --separate-stderr "$QXUB" exec --disk 1GB -- true
	assert_equal "${stderr_lines[0]}" "qxub: resource 'jobfs=1GB' has no Grid Engine equivalent (--disk: Grid Engine has no standard local disk request; ask for your site's, e.g. --sge '-l tmpfree=10G')"
	run -2 --separate-stderr "$QXUB" exec --volumes gdata/a56 -- true
	assert_equal "${stderr_lines[0]}" "qxub: resource 'storage=gdata/a56' has no Grid Engine equivalent (--volumes is PBS's storage request; pass qsub options with --sge OPTION)"
	run -2 --separate-stderr "$QXUB" exec --sbatch=--qos=x -- true
	assert_equal "${stderr_lines[0]}" "qxub: --sbatch --qos=x: sbatch options are for Slurm, and this platform is sge (give qsub options with --sge)"
	run -2 --separate-stderr "$QXUB" exec --email-opts abx -- true
	assert_equal "${stderr_lines[0]}" "qxub: --email-opts 'abx': letters a, b, e, n or s (Grid Engine's -m)"
	# --sge and --pe belong to Grid Engine.
	run -2 --separate-stderr "$QXUB" exec --platform pbs --sge '-l x=1' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --sge -l x=1: qsub options for Grid Engine, and this platform is pbs (give qsub requests with -l)"
	run -2 --separate-stderr "$QXUB" exec --platform slurm --sge '-l x=1' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --sge -l x=1: qsub options for Grid Engine, and this platform is slurm (give sbatch options with --sbatch)"
	run -2 --separate-stderr "$QXUB" exec --platform slurm --pe mpi --cpus 2 -- true
	assert_equal "${stderr_lines[0]}" "qxub: --pe mpi: a Grid Engine parallel environment, and this platform is slurm"
	run -2 --separate-stderr "$QXUB" exec --platform pbs --pe mpi -- true
	assert_equal "${stderr_lines[0]}" "qxub: --pe mpi: a Grid Engine parallel environment, and this platform is pbs"
	run -2 --separate-stderr "$QXUB" exec --platform local --sge '-l x=1' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --sge: the local platform runs jobs on this machine and cannot honour scheduler requests (choose a batch platform, e.g. --platform pbs)"
	assert_equal "$(job_count)" 0
	assert_equal "$(qstat -u '*')" ''
}

@test "qsub refusing the job: its message on one line, exit 4, no job directory" {
	run -4 --separate-stderr "$QXUB" exec -q nosuchqueue -- true
	assert_output ''
	assert_equal "$stderr" 'qxub: submit failed: qsub exited with status 1: Unable to run job: Job was rejected because job requests unknown queue "nosuchqueue"'
	run -4 --separate-stderr "$QXUB" exec --sge '-l nosuch=1' -- true
	assert_equal "$stderr" 'qxub: submit failed: qsub exited with status 1: Unable to run job: unknown resource "nosuch"'
	assert_equal "$(job_count)" 0
	assert_equal "$(qstat -u '*')" ''
}

@test "status and cancel of Grid Engine jobs: running, succeeded, failed with its code, cancelled" {
	id=$("$QXUB" exec --terse -- sleep 300)
	ok=$("$QXUB" exec --terse -- true)
	bad=$("$QXUB" exec --terse -- sh -c 'exit 3')
	wait_state "$id" 10 r
	run -0 "$QXUB" status "$id"
	assert_line --index 1 --regexp "^$id +running +- +sleep\$"
	run -0 "$QXUB" status check "$id"
	assert_output running
	wait_state "$ok"
	wait_state "$bad"
	run -0 "$QXUB" status "$ok" "$bad"
	assert_line --index 1 --regexp "^$ok +succeeded +0 +true\$"
	assert_line --index 2 --regexp "^$bad +failed +3 +sh\$"
	run -0 "$QXUB" status check "$ok"
	assert_output success
	run -0 "$QXUB" cancel --force "$id"
	assert_output "$id: cancelled"
	wait_state "$id" 5
	run -0 "$QXUB" status "$id"
	assert_line --index 1 --regexp "^$id +cancelled +137 +sleep\$"
	run -1 "$QXUB" cancel --force "$id"
	assert_output "$id: had already ended (cancelled, exit 137)"
}

@test "monitor over 20 real jobs: each qstat asks about all of them at once" {
	mkdir bin
	printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s/qstat.calls"\nexec %s "$@"\n' \
	    "$BATS_TEST_TMPDIR" "$(command -v qstat)" >bin/qstat
	chmod +x bin/qstat
	for i in $(seq 20); do
		"$QXUB" exec --terse -- sh -c "sleep 2.$((i % 5))"
	done >ids
	assert_equal "$(sort -u ids | wc -l)" 20
	start=$SECONDS
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run -0 --separate-stderr "$QXUB" monitor --interval 1 <ids
	assert_line --index $((${#lines[@]} - 1)) 'All 20 jobs ended: 20 succeeded, 0 failed'
	# One qstat -xml -u USER a round, which lists every job of the
	# user's: never one call a job.
	[ -f qstat.calls ] || fail "no qstat call"
	run -0 sort -u qstat.calls
	assert_output "-xml -u $(id -un)"
	calls=$(wc -l <qstat.calls)
	[ "$calls" -le $((SECONDS - start + 2)) ] ||
		fail "$calls qstat calls in $((SECONDS - start)) s"
	echo "# $calls qstat calls in $((SECONDS - start)) s" >&3
}

@test "interactive on Grid Engine: qrsh runs the session in the job, on a terminal" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	run -0 "$QXUB" interactive --platform sge --cpus 1 --dry-run
	assert_line --index 0 --regexp "^Dry run - would execute: qrsh -pty y -now no -N interactive -pe smp 1 -wd ($JOBS/interactive-[0-9-]+-XXXXXX) 'exec /bin/bash '\\\\''\\1/job\\.sh'\\\\'''\$"
	# qrsh drops what was typed before it set up the terminal: the
	# session's input comes once the job has started.
	mkfifo in
	script -qec "$QXUB interactive --platform sge --cpus 1" /dev/null <in >out 2>&1 &
	pid=$!
	exec 4>in
	for _ in $(seq 100); do
		ls "$JOBS"/interactive-*/started >/dev/null 2>&1 && break
		sleep 0.1
	done
	printf '%s\n' 'echo "in-job=$JOB_ID tty=$(tty)"; exit 5' >&4
	wait_exit "$pid" 20
	exec 4>&-
	assert_equal "$rc" 5
	run cat out
	assert_output --regexp 'in-job=[0-9]+ tty=/dev/pts/[0-9]+'
}
