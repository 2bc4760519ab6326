#!/usr/bin/env bats
# What only a batch scheduler has, on the PBS simulator (tests/pbs-sim/,
# which follows PBS Pro's formats; PBS Pro itself is not packaged for
# Debian): resource requests, the qsub command line, polling qstat at the
# poll interval, Exit_status mapping, walltime kills, qdel, qsub failures.

setup() {
	load helpers/common
	qxub_setup
	SIM_PATH="$QXUB_TESTS/pbs-sim"
	PATH="$SIM_PATH:$PATH"
	JOB_ID_RE='[0-9]+\.pbs-sim'
}

teardown() {
	qxub_teardown
}

@test "qxub picks pbs by itself when a qsub is on PATH" {
	run -0 --separate-stderr "$QXUB" exec -v -- echo hi
	assert_output hi
	assert_equal "${stderr_lines[0]}" "qxub: platform pbs (qsub found at $SIM_PATH/qsub)"
	assert_regex "${stderr_lines[1]}" "^qxub: submitted job $JOB_ID_RE \\(pbs\\)"
}

@test "resources map to one -l each, as qxub 3.x spells them" {
	run -0 --separate-stderr "$QXUB" exec --dry-run --mem 8GB --cpus 4 --runtime 2h30m \
	    --disk 15GB --volumes gdata/a56+scratch/a56 --gpus 1 -q normal -P a56 -N myjob -- true
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -N myjob -q normal -P a56 -l mem=8GB -l walltime=2:30:00 -l ncpus=4 -l ngpus=1 -l jobfs=15GB -l storage=gdata/a56\+scratch/a56 -j oe -o /.*/log -S /bin/bash /.*/job\.sh$'
}

@test "the aliases --memory, --time, --threads, --jobfs, --storage work" {
	run -0 --separate-stderr "$QXUB" exec --dry-run --memory 16g --time 90 --threads 2 \
	    --jobfs 1.5GB --storage gdata/x -- true
	assert_line --index 0 --partial ' -l mem=16GB -l walltime=1:30:00 -l ncpus=2 -l jobfs=1536MB -l storage=gdata/x '
}

@test "sizes and times in every accepted form" {
	for pair in 16GB:16GB 16g:16GB 2048MB:2048MB 1.5GB:1536MB 1024:1024MB; do
		run -0 --separate-stderr "$QXUB" exec --dry-run --mem "${pair%%:*}" -- true
		assert_line --index 0 --partial " -l mem=${pair#*:} "
	done
	for pair in 2h30m=2:30:00 90m=1:30:00 1:30:00=1:30:00 1:30=1:30:00 90=1:30:00 1h=1:00:00; do
		run -0 --separate-stderr "$QXUB" exec --dry-run --runtime "${pair%%=*}" -- true
		assert_line --index 0 --partial " -l walltime=${pair#*=} "
	done
}

@test "named options win over -l, and each key appears once" {
	run -0 --separate-stderr "$QXUB" exec --dry-run -l mem=4GB,ncpus=24 -l walltime=1:00:00 \
	    --cpus 48 -l ncpus=2 -- true
	assert_line --index 0 --partial ' -l mem=4GB -l ncpus=48 -l walltime=1:00:00 -j oe '
}

@test "bad resource values are usage errors naming the option and the forms" {
	run -2 --separate-stderr "$QXUB" exec --mem lots -- true
	assert_equal "${stderr_lines[0]}" "qxub: --mem: 'lots' is not a size (like 16GB, 512m, 1.5GB, or a number of megabytes)"
	run -2 --separate-stderr "$QXUB" exec --runtime 1x -- true
	assert_equal "${stderr_lines[0]}" "qxub: --runtime: '1x' is not a run time (like 2h30m, 90m, 1:30:00, 1:30, or a number of minutes)"
	# Each field of H:MM[:SS] is digits only: no blank, no sign.
	for t in '1: 5' '1:+5' '1:-0'; do
		run -2 --separate-stderr "$QXUB" exec --runtime "$t" -- true
		assert_equal "${stderr_lines[0]}" "qxub: --runtime: '$t' is not a run time (like 2h30m, 90m, 1:30:00, 1:30, or a number of minutes)"
	done
	run -2 --separate-stderr "$QXUB" exec --cpus two -- true
	assert_equal "${stderr_lines[0]}" "qxub: --cpus: 'two' is not a whole number from 1 to 1000000"
	run -2 --separate-stderr "$QXUB" exec -l 'mem=4GB,,x' -- true
	assert_equal "${stderr_lines[0]}" "qxub: -l: 'mem=4GB,,x' is not a resource request (like mem=4GB,ncpus=2)"
	run -2 --separate-stderr "$QXUB" exec --volumes 'a,b' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --volumes: 'a,b' is not a storage list (like gdata/a56+scratch/a56)"
	run -2 --separate-stderr "$QXUB" exec --array 10-1 --terse -- true
	assert_equal "${stderr_lines[0]}" "qxub: --array: '10-1' is not a range (like 1-10, 1-10:2 or 1-100%5)"
	assert_equal "$(count_calls qsub)" 0
}

@test "qsub gets one argument per request, the job script last" {
	run -0 --separate-stderr "$QXUB" exec -v --mem 1GB --runtime 10m -q express -P proj1 -N named -- true
	id=$(sed -n 's/^qxub: submitted job \([^ ]*\) .*/\1/p' <<<"$stderr")
	d=$(job_dir)
	run -0 calls qsub
	assert_output "[\"-N\", \"named\", \"-q\", \"express\", \"-P\", \"proj1\", \"-l\", \"mem=1GB\", \"-l\", \"walltime=0:10:00\", \"-j\", \"oe\", \"-o\", \"$d/log\", \"-S\", \"/bin/bash\", \"$d/job.sh\"]"
	# The simulated server holds the requests as PBS would.
	run -0 qstat -x -f "$id"
	assert_line --regexp '^    Resource_List\.mem = 1(GB|gb)$'
	assert_line --regexp '^    Resource_List\.walltime = 0?0:10:00$'
	assert_line '    queue = express'
}

@test "a default project comes from \$PROJECT" {
	PROJECT=ab12 run -0 --separate-stderr "$QXUB" exec --dry-run -- true
	assert_line --index 0 --partial ' -P ab12 '
	PROJECT= run -0 --separate-stderr "$QXUB" exec --dry-run -- true
	refute_line --index 0 --partial ' -P '
}

@test "--email mails at abort and end by default; --email-opts changes when" {
	run -0 --separate-stderr "$QXUB" exec --dry-run --email a@b.c -- true
	assert_line --index 0 --partial ' -M a@b.c -m ae '
	run -0 --separate-stderr "$QXUB" exec --dry-run --email a@b.c --email-opts abe -- true
	assert_line --index 0 --partial ' -M a@b.c -m abe '
}

@test "--joblog moves the scheduler's log" {
	run -0 --separate-stderr "$QXUB" exec --joblog my.log -- true
	wait_for my.log
	run -0 --separate-stderr "$QXUB" exec --dry-run --joblog my.log -- true
	assert_line --index 0 --partial " -o $BATS_TEST_TMPDIR/my.log "
}

@test "--array submits an array job with --terse; each subjob has its own files" {
	run -2 --separate-stderr "$QXUB" exec --array 1-3 -- true
	assert_equal "${stderr_lines[0]}" "qxub: --array: qxub cannot wait for array jobs yet; add --terse to submit and print the job id"
	run -0 --separate-stderr "$QXUB" exec --dry-run --array 1-3 -- true
	assert_line --index 0 --partial ' -J 1-3 '
	assert_line 'qxub_sub=.$PBS_ARRAY_INDEX'
}

@test "a job that exits 3 from a snippet gives 3, with no qstat for a short job" {
	run -3 --separate-stderr "$QXUB" exec --cmd 'echo out; exit 3'
	assert_output out
	assert_equal "$(count_calls qstat)" 0
}

@test "a job killed by PBS for its walltime: 128+15, with PBS's reason" {
	run -143 --separate-stderr "$QXUB" exec -l walltime=00:00:02 -- sh -c 'echo started; sleep 60'
	assert_output started
	assert_regex "$stderr" "qxub: job $JOB_ID_RE: job killed: walltime [0-9]+ exceeded limit 2"
}

@test "a job deleted before it ran: exit 5 with the reason" {
	export PBS_SIM_HOLD=1
	"$QXUB" exec -v -- echo never >out 2>err &
	pid=$!
	wait_for_log err '^qxub: submitted job'
	id=$(sed -n 's/^qxub: submitted job \([^ ]*\) .*/\1/p' err)
	assert_regex "$id" "^$JOB_ID_RE\$"
	qdel "$id"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 5
	assert_file_contains err "^qxub: job $id: deleted before it ran"
	assert_equal "$(cat out)" ''
}

@test "Ctrl-C qdels the job and exits 130" {
	"$QXUB" exec -- sh -c 'echo $$ >job.pid; sleep 300' >out 2>err &
	pid=$!
	wait_for_log job.pid .
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	assert_equal "$(count_calls qdel)" 1
	run -0 calls qdel
	assert_output --regexp "^\[\"$JOB_ID_RE\"\]\$"
}

@test "a failing qdel is reported with the command to run by hand" {
	mkdir bin
	printf '#!/bin/sh\necho "qdel: Server down" >&2\nexit 1\n' >bin/qdel
	chmod +x bin/qdel
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" "$QXUB" exec -- sh -c 'echo $$ >job.pid; sleep 300' >out 2>err &
	pid=$!
	wait_for_log job.pid .
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 143
	assert_file_contains err "^qxub: cannot cancel job [0-9]*\.pbs-sim: qdel [0-9]*\.pbs-sim failed: qdel: Server down$"
	assert_file_contains err "^qxub: cancel it yourself with: qdel [0-9]*\.pbs-sim$"
	"$SIM_PATH/qdel" "$(sed -n 's/.*with: qdel //p' err)"
}

@test "qsub refusing the job: its message, exit 4, no job directory left" {
	run -4 --separate-stderr "$QXUB" exec -q nosuchqueue -- true
	assert_regex "${stderr_lines[0]}" "^qxub: submit failed: qsub exited with status [0-9]+: .*[Uu]nknown queue"
	assert_equal "$(job_count)" 0
}

@test "a control character in any value for the scheduler: exit 2 naming the option, nothing submitted or run" {
	marker="$BATS_TEST_TMPDIR/marker"
	inject=$'\ntouch '"$marker"
	for pair in -q:--queue -P:--project --email:--email --email-opts:--email-opts \
	    -l:-l --sbatch:--sbatch --array:--array --joblog:--joblog --out:--out \
	    --err:--err -N:--name --mem:--mem --runtime:--runtime --cpus:--cpus \
	    --gpus:--gpus --disk:--disk --volumes:--volumes --gpu-type:--gpu-type; do
		opt=${pair%%:*}
		value=x$inject
		[ "$opt" != -l ] || value=mem=1GB$inject
		run -2 --separate-stderr "$QXUB" exec "$opt" "$value" --terse -- true
		assert_equal "${stderr_lines[0]}" "qxub: ${pair#*:}: control character (\n) not allowed"
	done
	# Every C0 byte and DEL, not only newlines.
	for byte in $'\r' $'\t' $'\x01' $'\x1b' $'\x7f'; do
		run -2 --separate-stderr "$QXUB" exec -q "normal${byte}x" -- true
		assert_regex "${stderr_lines[0]}" '^qxub: --queue: control character \((\\r|\\t|\\x01|\\x1b|\\x7f)\) not allowed$'
	done
	# From the environment: $PROJECT becomes qsub's -P.
	PROJECT="a56$inject" run -2 --separate-stderr "$QXUB" exec -- true
	assert_equal "${stderr_lines[0]}" "qxub: \$PROJECT: control character (\n) not allowed"
	assert_equal "$(count_calls qsub)" 0
	assert_equal "$(job_count)" 0
	assert_file_not_exists "$marker"
}

@test "qsub refusing the job leaves the user's --joblog or defaults.joblog file as it was" {
	echo "the user's own log" >mine.log
	run -4 --separate-stderr "$QXUB" exec -q nosuchqueue --joblog mine.log -- true
	assert_regex "${stderr_lines[0]}" "^qxub: submit failed: qsub exited with status [0-9]+: "
	assert_equal "$(cat mine.log)" "the user's own log"
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'defaults:\n  joblog: %s\n' "$BATS_TEST_TMPDIR/mine.log" >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -4 --separate-stderr "$QXUB" exec -q nosuchqueue -- true
	assert_equal "$(cat mine.log)" "the user's own log"
	# One that was not there is not left behind either.
	run -4 --separate-stderr "$QXUB" exec -q nosuchqueue --joblog new.log -- true
	assert_file_not_exists new.log
	assert_equal "$(job_count)" 0
}

# A submitter that never answers: its pid in $BATS_TEST_TMPDIR/NAME.pid.
hung_submitter() {
	mkdir -p hung
	printf '#!/bin/sh\necho $$ >"%s/%s.pid"\nexec sleep 60\n' \
	    "$BATS_TEST_TMPDIR" "$1" >"hung/$1"
	chmod +x "hung/$1"
	PATH="$BATS_TEST_TMPDIR/hung:$PATH"
}

@test "qsub that hangs: killed after QXUB_SUBMIT_TIMEOUT, one line, exit 4, no job directory" {
	hung_submitter qsub
	QXUB_SUBMIT_TIMEOUT=2 run -4 --separate-stderr timeout 20 "$QXUB" exec -- echo never
	assert_equal "$stderr" "qxub: submit failed: qsub did not answer in 2 s"
	assert_output ''
	assert_equal "$(job_count)" 0
	wait_gone qsub.pid 2
}

@test "sbatch that hangs: the same timeout, line and exit code" {
	hung_submitter sbatch
	QXUB_SUBMIT_TIMEOUT=2 run -4 --separate-stderr timeout 20 "$QXUB" exec --platform slurm -- echo never
	assert_equal "$stderr" "qxub: submit failed: sbatch did not answer in 2 s"
	assert_equal "$(job_count)" 0
	wait_gone sbatch.pid 2
}

@test "a QXUB_SUBMIT_TIMEOUT that is not a number of seconds: a warning, the default" {
	QXUB_SUBMIT_TIMEOUT=soon run -0 --separate-stderr "$QXUB" exec -- echo hi
	assert_output hi
	assert_equal "${stderr_lines[0]}" "qxub: warning: QXUB_SUBMIT_TIMEOUT='soon' is not a number of seconds from 1 to 86400; using 120"
}

@test "job ids keep their server suffix" {
	PBS_SIM_SERVER=gadi-pbs run -0 --separate-stderr "$QXUB" exec --terse -- true
	assert_output --regexp '^[0-9]+\.gadi-pbs$'
}

@test "qstat failing for a while: qxub warns once, backs off and keeps waiting" {
	export PBS_SIM_QSTAT_FAIL=2
	run -0 --separate-stderr "$QXUB" exec -- sh -c 'sleep 6; echo done'
	assert_output done
	assert_equal "$(grep -c 'asking again later' <<<"$stderr")" 1
}

# bats test_tags=slow
@test "qstat failing for minutes: one warning, the wait backs off to 8 intervals and no further, the code when qstat is back" {
	# The job dies without its marker, so only qstat can tell how it ended.
	export PBS_SIM_QSTAT_FAIL=5
	run -137 --separate-stderr timeout 60 "$QXUB" exec --cmd 'sleep 1; kill -KILL 0'
	assert_equal "$(grep -c 'asking again later' <<<"$stderr")" 1
	assert_regex "${stderr_lines[0]}" '^qxub: warning: qstat exited with status [0-9]+: .*; asking again later$'
	# The gaps between qstat calls: 1, 2, 4, 8, then 8 again (capped).
	run -0 python3 -c '
import json, sys
t = [json.loads(l)[0] for l in open(sys.argv[1]) if json.loads(l)[1] == "qstat"]
gaps = [b - a for a, b in zip(t, t[1:])]
want = [1, 2, 4, 8, 8]
ok = len(gaps) == len(want) and all(abs(g - w) < 1.5 for g, w in zip(gaps, want))
print("ok" if ok else "gaps: %s" % " ".join("%.1f" % g for g in gaps))' "$PBS_SIM_DIR/calls.log"
	assert_output ok
}

@test "a job that dies without its marker is found by qstat" {
	run -137 --separate-stderr "$QXUB" exec --cmd 'kill -KILL 0'
	[ "$(count_calls qstat)" -ge 1 ]
	run -0 calls qstat
	assert_line --index 0 --regexp "^\[\"-x\", \"-f\", \"$JOB_ID_RE\"\]\$"
}

# bats test_tags=slow
@test "a 3-minute job asks qstat at most 5 times at the default interval" {
	unset QXUB_PBS_POLL_INTERVAL
	run -0 --separate-stderr "$QXUB" exec -- sh -c 'sleep 180; echo done'
	assert_output done
	n=$(count_calls qstat)
	echo "qstat calls: $n" >&3
	[ "$n" -ge 1 ] && [ "$n" -le 5 ]
}
