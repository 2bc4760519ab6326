#!/usr/bin/env bats
# The one-node Grid Engine cell of helpers/sge.bash, for real: sge_qmaster
# and sge_execd that this file starts on loopback ports in a private
# directory and stops by pid at the end.  These tests use the Grid Engine
# commands as the backend will (qsub -terse with a job script, qstat -xml,
# qdel, qacct, qrsh) and pin down what they print.

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
	sge_require
	# A directory every job owner can write, in the cell's own.
	WORK="$SGEFX/work.$BATS_TEST_NUMBER"
	mkdir -p "$WORK"
	chmod 1777 "$WORK"
	cd "$WORK" || return 1
}

teardown() {
	# Nothing of this test may stay queued or running.
	sge_clear
}

# Writes job script $1 with the lines $2...
script() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
	chmod 644 "$f"
}

# Waits up to $2 seconds (default 10) for file $1 to be non-empty.
wait_output() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	echo "no output in $1 after ${2:-10} s" >&2
	return 1
}

# Waits up to 10 s for qacct to know job $1, and prints its record.
acct() {
	local i
	for ((i = 0; i < 100; i++)); do
		qacct -j "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "qacct does not know job $1 after 10 s" >&2
	return 1
}

# The value of field $2 in qacct record $1 (the text of the record), up to
# the first blank: "failed 37  : qmaster enforced..." gives 37.
field() {
	printf '%s\n' "$1" | awk -v f="$2" '$1 == f { print $2; exit }'
}

# The qstat -xml state letters of job $1, or nothing.
xml_state() {
	qstat -u '*' -xml | awk -v id="$1" '
	    /<JB_job_number>/ { gsub(/.*<JB_job_number>|<\/JB_job_number>.*/, ""); cur = $0 }
	    /<state>/ && cur == id { gsub(/.*<state>|<\/state>.*/, ""); print; exit }'
}

# Waits up to 10 s for job $1 to be in qstat -xml state $2.
wait_state() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(xml_state "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	assert_equal "$(xml_state "$1")" "$2"
}

@test "sge: a job script submitted with qsub -terse runs, and its output and exit status arrive" {
	# posix_compliant shell_start_mode: the #! line is not read, -S is.
	script job.sh '#!/bin/sh' 'echo "hi from $JOB_NAME ($JOB_ID) in $BASH_VERSION, task $SGE_TASK_ID"' 'exit 3'
	run -0 --separate-stderr qsub -terse -S /bin/bash -N hello -o "$WORK/out" -j y job.sh
	assert_output --regexp '^[0-9]+$'
	id=$output
	wait_output out
	run -0 cat out
	assert_output --regexp "^hi from hello \\($id\\) in 5\\.[0-9.()a-z-]+, task undefined\$"
	rec=$(acct "$id")
	assert_equal "$(field "$rec" failed)" 0
	assert_equal "$(field "$rec" exit_status)" 3
	assert_equal "$(field "$rec" jobname)" hello
}

@test "sge: qstat -xml lists a running job, and qdel cancels it" {
	script sleep.sh 'sleep 60'
	run -0 qsub -terse -S /bin/bash -N sleeper -o /dev/null -j y sleep.sh
	id=$output
	wait_state "$id" r
	run -0 qstat -u '*' -xml
	assert_output --partial "<JB_job_number>$id</JB_job_number>"
	assert_output --partial '<job_list state="running">'
	assert_output --partial '<JB_name>sleeper</JB_name>'
	assert_output --partial "<queue_name>all.q@$SGE_HOST</queue_name>"
	run -0 qdel "$id"
	assert_output "$(id -un) has registered the job $id for deletion"
	rec=$(acct "$id")
	assert_equal "$(field "$rec" failed)" 100
	assert_equal "$(field "$rec" exit_status)" 137
	run -1 --separate-stderr qstat -j "$id"
	assert_output ''
	assert_equal "$stderr" "Following jobs do not exist: 
$id"
}

@test "sge: qdel of a queued job deletes it at once, and qacct never knows it" {
	script sleep.sh 'sleep 60'
	run -0 qsub -terse -h -S /bin/bash -o /dev/null -j y sleep.sh
	id=$output
	assert_equal "$(xml_state "$id")" hqw
	run -0 qdel "$id"
	assert_output "$(id -un) has deleted job $id"
	assert_equal "$(xml_state "$id")" ''
	run -1 --separate-stderr qacct -j "$id"
	assert_equal "$stderr" "error: job id $id not found"
	run -1 qdel "$id"
	assert_output "denied: job \"$id\" does not exist"
}

@test "sge: -pe smp 2 and -l h_vmem=100M,h_rt=0:0:5 are granted (h_vmem is per slot)" {
	script pe.sh 'echo "slots=$NSLOTS pe=$PE vmem=$(ulimit -v)"'
	run -0 qsub -terse -S /bin/bash -pe smp 2 -l h_vmem=100M,h_rt=0:0:5 -o "$WORK/out" -j y pe.sh
	id=$output
	wait_output out
	run -0 cat out
	assert_output 'slots=2 pe=smp vmem=204800'
	rec=$(acct "$id")
	assert_equal "$(field "$rec" granted_pe)" smp
	assert_equal "$(field "$rec" slots)" 2
	assert_equal "$(field "$rec" failed)" 0
}

@test "sge: a job past its h_rt is killed: failed 37, exit status 137" {
	script long.sh 'echo started' 'sleep 60'
	start=$SECONDS
	run -0 qsub -terse -S /bin/bash -l h_rt=0:0:2 -o "$WORK/out" -j y long.sh
	id=$output
	rec=$(acct "$id")
	# Measured: gone 4 to 5 s after submission.
	[ $((SECONDS - start)) -lt 10 ]
	assert_equal "$(field "$rec" failed)" 37
	assert_equal "$(field "$rec" exit_status)" 137
	run -0 cat out
	assert_output started
}

@test "sge: a job killed by a signal has failed 100 and exit status 128 + N" {
	script kill.sh 'kill -TERM $$'
	run -0 qsub -terse -S /bin/bash -o /dev/null -j y kill.sh
	rec=$(acct "$output")
	assert_equal "$(field "$rec" failed)" 100
	assert_equal "$(field "$rec" exit_status)" 143
}

@test "sge: the queue runs jobs of a normal user, as that user" {
	script who.sh 'echo "$(id -un) $(id -u)"'
	# Without -cwd or -wd the job starts in the owner's home directory,
	# which nobody has (failed 28).
	run -0 runuser -u nobody -- qsub -terse -wd "$WORK" -S /bin/bash -o "$WORK/out" -j y who.sh
	id=$output
	wait_output out
	run -0 cat out
	assert_output "nobody $(id -u nobody)"
	rec=$(acct "$id")
	assert_equal "$(field "$rec" owner)" nobody
}

@test "sge: an array job's tasks see SGE_TASK_ID, and -o takes \$TASK_ID" {
	script task.sh 'echo "task $SGE_TASK_ID of $SGE_TASK_FIRST-$SGE_TASK_LAST:$SGE_TASK_STEPSIZE"'
	run -0 qsub -terse -S /bin/bash -t 1-3 -o "$WORK/out.\$TASK_ID" -j y task.sh
	assert_output --regexp '^[0-9]+\.1-3:1$'
	for t in 1 2 3; do
		wait_output "out.$t"
		run -0 cat "out.$t"
		assert_output "task $t of 1-3:1"
	done
}

@test "sge: qrsh runs a command line through a shell and passes on its output and exit status" {
	run -7 --separate-stderr qrsh -cwd "printf '<%s>\\n' 'a b' ''; pwd; echo err >&2; exit 7" </dev/null
	assert_output "<a b>
<>
$WORK"
	assert_equal "$stderr" err
}

@test "sge: exit 100 leaves the job in Eqw until qdel; exit 99 requeues it" {
	script e100.sh 'exit 100'
	script e99.sh 'echo ran' 'exit 99'
	run -0 qsub -terse -S /bin/bash -o /dev/null -j y e100.sh
	e100=$output
	run -0 qsub -terse -S /bin/bash -o "$WORK/out" -j y e99.sh
	e99=$output
	wait_state "$e100" Eqw
	run -0 qstat -j "$e100"
	assert_output --regexp 'error reason +1: +.*exit_status of job start = 100'
	rec=$(acct "$e100")
	assert_equal "$(field "$rec" failed)" 30
	assert_equal "$(field "$rec" exit_status)" 100
	# Each run of the exit-99 job is accounted (failed 25, rescheduling);
	# the job itself goes back to the queue, Rq, and runs again.
	rec=$(acct "$e99")
	assert_equal "$(field "$rec" failed)" 25
	assert_equal "$(field "$rec" exit_status)" 99
	[ -n "$(xml_state "$e99")" ]
	run -0 qdel "$e100" "$e99"
	assert_equal "$(xml_state "$e100")$(xml_state "$e99")" ''
}

@test "sge: the cell's qsub is first on PATH and says it is Grid Engine" {
	run -0 command -v qsub
	assert_output "$SGE_ROOT/bin/$SGE_ARCH/qsub"
	run -0 qsub -help
	assert_line -n 0 'SGE 8.1.9'
	assert_line -n 1 'usage: qsub [options]'
	run -0 cat "$SGE_ROOT/$SGE_CELL/common/act_qmaster"
	assert_output "$SGE_HOST"
}
