#!/usr/bin/env bats
# The Slurm backend against a real single-node Slurm (munged, slurmctld,
# slurmd) that this file starts on loopback ports in a private directory
# (helpers/slurm.bash) and stops by pid at the end.  Without accounting,
# exit codes come from scontrol.

setup_file() {
	load helpers/common
	load helpers/slurm
	slurm_start
}

teardown_file() {
	load helpers/common
	load helpers/slurm
	slurm_stop
}

setup() {
	load helpers/common
	load helpers/slurm
	qxub_setup
	slurm_require
	export SLURM_CONF="$SLURMFX/slurm.conf" QXUB_SLURM_POLL_INTERVAL=1
}

teardown() {
	# Nothing of this test may stay queued or running.
	[ -z "${SLURMFX:-}" ] || scancel -u "$(id -un)" 2>/dev/null || true
	qxub_teardown
}

# The Slurm state of job id, as scontrol says it.
slurm_state() {
	scontrol -o show job "$1" | tr ' ' '\n' | sed -n 's/^JobState=//p'
}

# Waits up to 10 s for job $1 to be in Slurm state $2.
wait_state() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(slurm_state "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	assert_equal "$(slurm_state "$1")" "$2"
}

# Waits up to $2 seconds (default 10) for file $1.
wait_file() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

@test "slurm is chosen by itself when sbatch is on PATH and Slurm is configured" {
	run -0 --separate-stderr "$QXUB" exec -v -- echo hi
	assert_output hi
	assert_regex "$stderr" "qxub: platform slurm \\(sbatch found at [^ ]*/sbatch, and $SLURMFX/slurm.conf\\)"
	assert_regex "$stderr" 'qxub: submitted job [0-9]+ \(slurm\)'
	# Without a Slurm configuration, sbatch alone does not make it Slurm.
	SLURM_CONF=$BATS_TEST_TMPDIR/none run -0 --separate-stderr "$QXUB" exec -v -- true
	refute_regex "$stderr" 'platform slurm'
}

@test "--dry-run: sbatch --parsable, and an #SBATCH line for every request" {
	run -0 --separate-stderr "$QXUB" exec --platform slurm --dry-run --name train \
	    --mem 1.5GB --cpus 2 --runtime 1h30m --gpus 1 --disk 10GB -q long -P lab \
	    --email me@example.org --email-opts abe --sbatch=--constraint=skylake \
	    --sbatch '--comment=two words' -- python train.py
	assert_line --index 0 --regexp '^Dry run - would execute: sbatch --parsable .*/qxub/jobs/train-[0-9-]+-XXXXXX/job\.sh$'
	run -0 grep '^#SBATCH' <<<"$output"
	assert_output --regexp "^#SBATCH --job-name=train
#SBATCH --partition=long
#SBATCH --account=lab
#SBATCH --mem=1536M
#SBATCH --time=1:30:00
#SBATCH --cpus-per-task=2
#SBATCH --gpus=1
#SBATCH --tmp=10240M
#SBATCH --mail-user=me@example.org
#SBATCH --mail-type=FAIL,BEGIN,END
#SBATCH --constraint=skylake
#SBATCH \"--comment=two words\"
#SBATCH --output=.*/log
#SBATCH --error=.*/log\$"
}

@test "the job's output comes back and its exit code passes through: 0, 3, a signal" {
	run --separate-stderr "$QXUB" exec --platform slurm -- sh -c 'echo out; echo err >&2; exit 3'
	assert_failure 3
	assert_output out
	assert_equal "$stderr" err
	run -0 "$QXUB" exec --platform slurm --cpus 1 --mem 200MB --runtime 5 -- sh -c 'echo "$SLURM_JOB_ID $SLURM_CPUS_PER_TASK"'
	assert_output --regexp '^[0-9]+ 1$'
	run -137 "$QXUB" exec --platform slurm -- sh -c 'kill -9 $$'
}

@test "Ctrl-C cancels the job with scancel: exit 130, and Slurm says CANCELLED" {
	"$QXUB" exec -v --platform slurm -- sleep 300 2>err &
	pid=$!
	for _ in $(seq 100); do
		id=$(sed -n 's/^qxub: job \([0-9]*\) started$/\1/p' err)
		[ -n "$id" ] && break
		sleep 0.1
	done
	[ -n "$id" ] || fail "the job did not start: $(cat err)"
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	wait_state "$id" CANCELLED
}

@test "a job cancelled before it ran: exit 5 and the reason" {
	"$QXUB" exec --platform slurm --sbatch=--begin=now+1hour -- true >out 2>err &
	pid=$!
	for _ in $(seq 100); do
		id=$(squeue -h -o %i -n true)
		[ -n "$id" ] && break
		sleep 0.1
	done
	[ -n "$id" ] || fail "the job was not submitted: $(cat err)"
	assert_equal "$(slurm_state "$id")" PENDING
	scancel "$id"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 5
	assert_regex "$(cat err)" "job $id: cancelled before it ran"
}

@test "a time limit kill: exit 7, why, and Slurm's own line" {
	run --separate-stderr "$QXUB" exec --platform slurm --runtime 1 -- sleep 600
	assert_failure 7
	assert_regex "$stderr" 'killed at its time limit \(TIMEOUT\)'
	# Slurm's own line from the job's log.
	assert_regex "$stderr" 'job [0-9]+: error: \*\*\* JOB [0-9]+ ON [^ ]+ CANCELLED AT [^ ]+ DUE TO TIME LIMIT \*\*\*'
}

@test "PBS requests are refused with a hint; --volumes has no Slurm equivalent; nothing is submitted" {
	run -2 --separate-stderr "$QXUB" exec --platform slurm -l mem=1GB -- true
	assert_equal "${stderr_lines[0]}" "qxub: -l mem=1GB: -l is a PBS request; on Slurm use --mem, --cpus, --runtime, --gpus, --disk, or --sbatch OPTION for any other sbatch option"
	run -2 --separate-stderr "$QXUB" exec --platform slurm --volumes gdata/a56 -- true
	assert_equal "${stderr_lines[0]}" "qxub: resource 'storage=gdata/a56' has no Slurm equivalent (--volumes is PBS's storage request); pass sbatch options with --sbatch OPTION"
	run -2 --separate-stderr "$QXUB" exec --platform pbs --sbatch=--qos=x -- true
	assert_equal "${stderr_lines[0]}" "qxub: --sbatch --qos=x: sbatch options are for Slurm, and this platform is pbs (give qsub requests with -l)"
	assert_equal "$(job_count)" 0
	assert_equal "$(squeue -h | wc -l)" 0
	# sbatch's own refusal: its message, exit 4, no job directory.
	run -4 --separate-stderr "$QXUB" exec --platform slurm -q nosuch -- true
	assert_regex "$stderr" '^qxub: submit failed: sbatch exited with status 1: sbatch: error: .*(partition|Partition)'
	assert_equal "$(job_count)" 0
}

@test "a newline in a value would end its #SBATCH line and run the rest: refused, nothing submitted or run" {
	marker="$BATS_TEST_TMPDIR/marker"
	inject=$'\ntouch '"$marker"
	for pair in -q:--queue -P:--project --email:--email --email-opts:--email-opts \
	    --sbatch:--sbatch --array:--array --joblog:--joblog -N:--name \
	    --out:--out --err:--err; do
		opt=${pair%%:*}
		value=x$inject
		[ "$opt" != --sbatch ] || value=--comment=x$inject
		run -2 --separate-stderr "$QXUB" exec --platform slurm "$opt" "$value" --terse -- true
		assert_equal "${stderr_lines[0]}" "qxub: ${pair#*:}: control character (\n) not allowed"
	done
	# From the configuration: exit 3, at the value's place.
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'defaults:\n  queue: "debug\\ntouch %s"\n' "$marker" >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -3 --separate-stderr "$QXUB" exec --platform slurm -- true
	assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:2:10: defaults.queue: control character (\n) not allowed"
	# A double quote: sbatch would drop it, and the next word's meaning.
	rm "$XDG_CONFIG_HOME/qxub/config.yaml"
	run -2 --separate-stderr "$QXUB" exec --platform slurm --sbatch '--comment=a" --mem=1' -- true
	assert_equal "${stderr_lines[0]}" "qxub: '--comment=a\" --mem=1': a double quote cannot be written in an #SBATCH line"
	assert_equal "$(squeue -h | wc -l)" 0
	assert_equal "$(job_count)" 0
	sleep 1
	assert_file_not_exists "$marker"
}

@test "sbatch refusing the job leaves the user's --joblog file as it was" {
	echo "the user's own log" >mine.log
	run -4 --separate-stderr "$QXUB" exec --platform slurm -q nosuch --joblog mine.log -- true
	assert_regex "$stderr" '^qxub: submit failed: sbatch exited with status 1: '
	assert_equal "$(cat mine.log)" "the user's own log"
	assert_equal "$(job_count)" 0
}

@test "monitor over 50 real jobs: one squeue a round for all of them; status and cancel" {
	mkdir bin
	printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s/squeue.calls"\nexec %s "$@"\n' \
	    "$BATS_TEST_TMPDIR" "$(command -v squeue)" >bin/squeue
	chmod +x bin/squeue
	for i in $(seq 50); do
		"$QXUB" exec --platform slurm --terse -- sh -c "sleep 0.$((i % 5)); exit $((i == 7))"
	done >ids
	assert_equal "$(wc -l <ids)" 50
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run -1 --separate-stderr "$QXUB" monitor --interval 1 <ids
	assert_line --index $((${#lines[@]} - 1)) 'All 50 jobs ended: 49 succeeded, 1 failed'
	# Each squeue asked about all the jobs without an exit marker yet,
	# in one -j list: one call a second (the jobs take a while on two
	# cores), never one a job.
	[ -f squeue.calls ] || fail "no squeue call"
	run -0 python3 -c '
import sys
lists = [l.split(" -j ")[1].strip().split(",") for l in open(sys.argv[1])]
print(len(lists) < 200, max(len(x) for x in lists) > 25, all(len(set(x)) == len(x) for x in lists))' squeue.calls
	assert_output 'True True True'
	id7=$(sed -n 7p ids)
	run -0 "$QXUB" status "$id7"
	assert_line --index 1 --regexp "^$id7 +failed +1 +sh\$"
	run -0 "$QXUB" status check "$(sed -n 1p ids)"
	assert_output success
	id=$("$QXUB" exec --platform slurm --terse -- sleep 300)
	run -0 "$QXUB" cancel --force "$id"
	assert_output "$id: cancelled"
	wait_state "$id" CANCELLED
}

@test "interactive on Slurm: srun --pty runs the session in the job" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	run script -qec "$QXUB interactive --platform slurm --cpus 1" /dev/null <<<$'echo "in-job=$SLURM_JOB_ID tty=$(tty)"; exit 4'
	assert_equal "$status" 4
	assert_output --regexp 'in-job=[0-9]+ tty=/dev/pts/[0-9]+'
	run -0 "$QXUB" interactive --platform slurm --cpus 1 --dry-run
	assert_line --index 0 --regexp '^Dry run - would execute: srun --pty --job-name=interactive --cpus-per-task=1 /bin/bash .*/job\.sh$'
}
