#!/usr/bin/env bats
# The PBS Pro simulator in tests/pbs-sim (qsub, qstat, qdel), which qxub's
# PBS backend is tested against: job ids, states, qstat's formats, exit
# statuses, walltime and qdel kills, errors and their exit codes,
# directives, output paths, the job's environment, calls.log, concurrency
# and the simulated server outage.

setup() {
	load helpers/common
	qxub_setup
	export PBS_SIM_DIR="$BATS_TEST_TMPDIR/pbs"
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	SIM="$QXUB_TESTS/pbs-sim/pbssim.py"
	unset PBS_SIM_SERVER PBS_SIM_QUEUES PBS_SIM_QUEUE_DELAY PBS_SIM_KILL_DELAY \
		PBS_SIM_QSTAT_FAIL PBS_SIM_HOLD PBS_SIM_WALLTIME_EXIT_STATUS
}

teardown() {
	# Jobs still queued or running (and their supervisors) go away.
	python3 "$SIM" shutdown || true
}

# Writes a bash job script: the file name, then its lines.
script() {
	local f=$1
	shift
	printf '%s\n' '#!/bin/bash' "$@" >"$f"
}

# Prints the value of attribute NAME of job ID (qstat -w: one line each).
attr() {
	qstat -fxw "$1" | sed -n "s/^    $2 = //p"
}

# Waits (up to 20 s) until job ID is in STATE.
wait_state() {
	local i s=
	for i in $(seq 400); do
		s=$(attr "$1" job_state)
		[ "$s" = "$2" ] && return 0
		sleep 0.05
	done
	echo "job $1 is '$s', not $2, after 20 s" >&2
	return 1
}

# Counts the job records in the state directory.
jobs_created() {
	find "$PBS_SIM_DIR/jobs" -name '*.json' 2>/dev/null | wc -l
}

@test "qsub prints the job id, SEQ.SERVER, numbered from 1" {
	script job.sh true
	run -0 --separate-stderr qsub job.sh
	assert_output --regexp '^[0-9]+\.pbs-sim$'
	assert_output '1.pbs-sim'
	run -0 --separate-stderr qsub job.sh
	assert_output '2.pbs-sim'
	PBS_SIM_DIR="$BATS_TEST_TMPDIR/other" PBS_SIM_SERVER=hpc1 run -0 qsub job.sh
	assert_output '1.hpc1'
	PBS_SIM_DIR="$BATS_TEST_TMPDIR/other" PBS_SIM_SERVER=hpc1 run -0 qsub -z job.sh
	assert_output ''
}

@test "a job is queued, runs, finishes: Q, R, F; its output arrives at the end" {
	script job.sh 'touch "$PBS_O_WORKDIR/started"; echo out' \
		'while [ ! -e "$PBS_O_WORKDIR/go" ]; do sleep 0.05; done'
	jid=$(PBS_SIM_HOLD=1 qsub -N qrf job.sh)
	run -0 attr "$jid" job_state
	assert_output Q
	# Held: past several queue delays it has not run.
	sleep 0.6
	run -0 attr "$jid" job_state
	assert_output Q
	assert_file_not_exists started
	python3 "$SIM" release "$jid"
	wait_state "$jid" R
	wait_for started
	run -0 attr "$jid" exec_host
	assert_output simnode1/0
	# PBS copies the output back when the job ends, not while it runs.
	assert_file_not_exists qrf.o1
	touch go
	wait_state "$jid" F
	run -0 attr "$jid" Exit_status
	assert_output 0
	assert_file_contains qrf.o1 '^out$'
	assert_file_exists qrf.e1
	run -0 attr "$jid" comment
	assert_output --regexp '^Job run at .* on \(simnode1:ncpus=1\) and'
}

@test "qstat's default table: header, widths, Time Use, finished jobs with -x" {
	script job.sh true
	jid=$(PBS_SIM_HOLD=1 qsub -N tab job.sh)
	user=$(id -un)
	run -0 --separate-stderr qstat
	assert_line -n 0 'Job id            Name             User              Time Use S Queue'
	assert_line -n 1 '----------------  ---------------- ----------------  -------- - -----'
	assert_line -n 2 "$(printf '%-17s %-16s %-16s  %8s %1s %-16s' "$jid" tab "$user" 0 Q normal)"
	assert_equal "${#lines[@]}" 3
	run -0 qstat "$jid"
	assert_line -n 2 --regexp '^1\.pbs-sim +tab +[^ ]+ +0 Q normal +$'
	# A long name is cut to 16 columns ending in '*'.
	PBS_SIM_HOLD=1 qsub -N a_rather_long_job_name job.sh
	run -0 qstat 2
	assert_line -n 2 --partial ' a_rather_long_j* '
	qdel "$jid" 2
	run -0 --separate-stderr qstat
	assert_output ''
	run -0 qstat -x
	assert_line -n 2 --regexp '^1\.pbs-sim +tab +.* F normal +$'
}

@test "qstat -f: Job Id line, 4-space attributes, TAB continuations, blank line after" {
	script job.sh 'exit 0'
	jid=$(PBS_SIM_HOLD=1 qsub -l walltime=1:00:00,mem=16GB job.sh)
	run -0 --separate-stderr qstat -f "$jid"
	assert_line -n 0 "Job Id: $jid"
	assert_line '    job_state = Q'
	assert_line '    Resource_List.walltime = 01:00:00'
	assert_line '    Resource_List.mem = 16gb'
	assert_line '    Resource_List.ncpus = 1'
	assert_line '    Resource_List.nodect = 1'
	assert_line '    Resource_List.select = 1:ncpus=1:mem=16gb'
	assert_line --regexp '^    ctime = [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$'
	refute_line --partial 'Exit_status'
	refute_line --partial 'exec_host'
	python3 "$SIM" release "$jid"
	wait_state "$jid" F
	run -0 --separate-stderr qstat -fx "$jid"
	assert_line '    job_state = F'
	assert_line '    Exit_status = 0'
	assert_line '    exec_host = simnode1/0'
	assert_line --regexp '^    resources_used\.walltime = [0-9]{2}:[0-9]{2}:[0-9]{2}$'
	assert_line --regexp '^    Variable_List = PBS_O_HOME='
	# Every line: the Job Id, an attribute, or a continuation; none wider
	# than 80 columns; the block ends with an empty line.
	run -0 bash -c 'qstat -fx 1 | tail -n 1'
	assert_output ''
	run -0 bash -c "qstat -fx 1 | awk 'NR > 1 && NF && !/^    [A-Za-z_.]+ = / && !/^\t/ { print \"bad: \" \$0 } length(\$0) > 80 { print \"long: \" \$0 }'"
	assert_output ''
	run -0 bash -c "qstat -fx 1 | grep -c \$'^\t'"
	[ "$output" -ge 1 ]
}

@test "qstat -f -F json: real JSON, numbers as numbers, Jobs[ID].Exit_status" {
	script job.sh 'exit 3'
	jid=$(qsub -l walltime=00:10:00 job.sh)
	wait_state "$jid" F
	run -0 --separate-stderr qstat -f -F json -x "$jid"
	echo "$output" | python3 -m json.tool >/dev/null
	run -0 python3 -c '
import json, sys
doc = json.loads(sys.stdin.read())
job = doc["Jobs"][sys.argv[1]]
print(doc["pbs_server"], type(doc["timestamp"]).__name__)
print(job["job_state"], repr(job["Exit_status"]))
print(repr(job["Resource_List"]["ncpus"]), job["Resource_List"]["walltime"])
print(job["Variable_List"]["PBS_O_WORKDIR"], job["Variable_List"]["PBS_O_QUEUE"])
print(sorted(job["resources_used"]))' "$jid" < <(qstat -f -F json -x "$jid")
	assert_line -n 0 'pbs-sim int'
	assert_line -n 1 'F 3'
	assert_line -n 2 '1 00:10:00'
	assert_line -n 3 "$BATS_TEST_TMPDIR normal"
	assert_line -n 4 "['cpupercent', 'cput', 'mem', 'ncpus', 'vmem', 'walltime']"
	# Tab-indented, no space after the colons, as in the man page.
	run -0 qstat -fx -F json "$jid"
	assert_line -n 0 '{'
	assert_line -n 1 --regexp $'^\t"timestamp":[0-9]+,$'
	assert_line $'\t\t\t"Exit_status":3,'
	# No job to show: the document without "Jobs".
	run -153 --separate-stderr qstat -f -F json 99
	assert_equal "$(echo "$output" | python3 -c 'import json,sys; print(sorted(json.load(sys.stdin)))')" \
		"['pbs_server', 'pbs_version', 'timestamp']"
}

@test "Exit_status: the shell's exit code, or 256+N when signal N killed it" {
	script exit3.sh 'exit 3'
	script kill9.sh 'kill -KILL $$'
	script term.sh 'kill -TERM $$'
	script inner.sh 'sh -c "kill -KILL \$\$"'
	a=$(qsub exit3.sh)
	b=$(qsub kill9.sh)
	c=$(qsub term.sh)
	d=$(qsub inner.sh)
	for j in "$a" "$b" "$c" "$d"; do wait_state "$j" F; done
	assert_equal "$(attr "$a" Exit_status)" 3
	assert_equal "$(attr "$b" Exit_status)" 265
	assert_equal "$(attr "$c" Exit_status)" 271
	# A child killed by a signal is the shell's 128+N.
	assert_equal "$(attr "$d" Exit_status)" 137
}

@test "walltime: the job is killed, Exit_status 271, and the MoM's line in its stderr" {
	export PBS_SIM_KILL_DELAY=0.5
	script sleep.sh 'echo before; sleep 30'
	a=$(qsub -l walltime=00:00:02 sleep.sh)
	b=$(qsub -l walltime=2 -j oe -N joined sleep.sh)
	c=$(PBS_SIM_WALLTIME_EXIT_STATUS=-29 qsub -l walltime=2 -N newer sleep.sh)
	for j in "$a" "$b" "$c"; do wait_state "$j" F; done
	assert_equal "$(attr "$a" Exit_status)" 271
	# The MoM notices a second or more after the limit: S > L.
	run -0 cat sleep.sh.e1
	assert_output --regexp '^=>> PBS: job killed: walltime [3-9] exceeded limit 2$'
	assert_file_contains sleep.sh.o1 '^before$'
	# Joined: the line goes to the one output file.
	assert_equal "$(attr "$b" Exit_status)" 271
	assert_file_contains joined.o2 '^=>> PBS: job killed: walltime [0-9][0-9]* exceeded limit 2$'
	assert_file_not_exists joined.e2
	# Current OpenPBS reports JOB_EXEC_KILL_WALLTIME.
	assert_equal "$(attr "$c" Exit_status)" -29
	run -0 attr "$a" resources_used.walltime
	assert_output --regexp '^00:00:0[3-9]$'
}

@test "qdel of a queued job: it never runs, F without Exit_status" {
	script job.sh 'touch "$PBS_O_WORKDIR/ran"'
	jid=$(PBS_SIM_HOLD=1 qsub job.sh)
	run -0 --separate-stderr qdel "$jid"
	assert_output ''
	assert_equal "$stderr" ''
	wait_state "$jid" F
	run -0 qstat -fx "$jid"
	refute_line --partial Exit_status
	assert_line '    substate = 91'
	python3 "$SIM" release "$jid"
	sleep 0.5
	assert_file_not_exists ran
	run -35 qstat "$jid"
}

@test "qdel of a running job: SIGTERM (271); SIGKILL after the kill delay (265)" {
	export PBS_SIM_KILL_DELAY=0.5
	script plain.sh 'touch "$PBS_O_WORKDIR/plain.started"; sleep 30'
	script stubborn.sh 'trap "" TERM; touch "$PBS_O_WORKDIR/stubborn.started"' \
		'while :; do sleep 0.05; done'
	a=$(qsub plain.sh)
	b=$(qsub stubborn.sh)
	wait_for plain.started
	wait_for stubborn.started
	run -0 --separate-stderr qdel "$a"
	assert_output ''
	run -0 --separate-stderr qdel -W force "$b"
	wait_state "$a" F
	wait_state "$b" F
	assert_equal "$(attr "$a" Exit_status)" 271
	assert_equal "$(attr "$b" Exit_status)" 265
	run -0 attr "$a" comment
	assert_output --regexp '^Job run at .* and terminated$'
}

@test "unknown job ids: qstat and qdel say so and exit 153" {
	run -153 --separate-stderr qstat 999
	assert_output ''
	assert_equal "$stderr" 'qstat: Unknown Job Id 999.pbs-sim'
	run -153 --separate-stderr qstat -f 999.pbs-sim
	assert_equal "$stderr" 'qstat: Unknown Job Id 999.pbs-sim'
	run -153 --separate-stderr qstat -x 7.otherserver
	assert_equal "$stderr" 'qstat: Unknown Job Id 7.otherserver'
	run -153 --separate-stderr qdel 999
	assert_equal "$stderr" 'qdel: Unknown Job Id 999.pbs-sim'
	run -1 --separate-stderr qstat 12x
	assert_equal "$stderr" 'qstat: illegally formed job identifier: 12x'
	run -2 --separate-stderr qdel
	assert_equal "${stderr_lines[0]}" 'usage:'
}

@test "a finished job: qstat needs -x (exit 35), qdel says it has finished" {
	script job.sh true
	jid=$(qsub job.sh)
	wait_state "$jid" F
	run -35 --separate-stderr qstat "$jid"
	assert_output ''
	assert_equal "$stderr" "qstat: $jid Job has finished, use -x or -H to obtain historical job information"
	run -35 --separate-stderr qstat -f 1
	assert_equal "$stderr" "qstat: $jid Job has finished, use -x or -H to obtain historical job information"
	run -0 qstat -x 1
	run -0 qstat -xf 1
	assert_line -n 0 "Job Id: $jid"
	run -35 --separate-stderr qdel "$jid"
	assert_equal "$stderr" "qdel: Job has finished $jid"
	# -x deletes the history too.
	run -0 qdel -x "$jid"
	run -153 qstat -x "$jid"
}

@test "several ids: what exists is shown, the others are errors, the last error is the exit code" {
	script job.sh true
	jid=$(qsub job.sh)
	wait_state "$jid" F
	run -153 --separate-stderr qstat -x "$jid" 999
	assert_line -n 2 --regexp '^1\.pbs-sim '
	assert_equal "$stderr" 'qstat: Unknown Job Id 999.pbs-sim'
	run -35 --separate-stderr qstat 999 "$jid"
	assert_equal "${stderr_lines[0]}" 'qstat: Unknown Job Id 999.pbs-sim'
	assert_equal "${stderr_lines[1]}" "qstat: $jid Job has finished, use -x or -H to obtain historical job information"
	run -153 --separate-stderr qstat "$jid" 999
	run -153 --separate-stderr qdel "$jid" 999
	assert_equal "${#stderr_lines[@]}" 2
}

@test "#PBS directives are read up to the first command; the command line wins" {
	script job.sh '#PBS -N fromdir' '#PBS -l walltime=00:10:00,mem=1gb' \
		'' '# a comment' '#PBS -o dir.out -q express' 'echo hi' '#PBS -N ignored'
	a=$(qsub job.sh)
	wait_state "$a" F
	assert_equal "$(attr "$a" Job_Name)" fromdir
	assert_equal "$(attr "$a" Resource_List.walltime)" 00:10:00
	assert_equal "$(attr "$a" queue)" express
	assert_file_contains dir.out '^hi$'
	b=$(qsub -N fromcmd -l walltime=00:20:00 -o cmd.out job.sh)
	wait_state "$b" F
	assert_equal "$(attr "$b" Job_Name)" fromcmd
	assert_equal "$(attr "$b" Resource_List.walltime)" 00:20:00
	assert_equal "$(attr "$b" Resource_List.mem)" 1gb
	assert_file_contains cmd.out '^hi$'
	# A bad directive: its message, then "directive error", exit 1.
	script bad.sh '#PBS -l mem=' 'true'
	run -1 qsub bad.sh
	qsub bad.sh 2>err || true
	assert_file_contains err '^qsub: illegal -l value$'
	assert_file_contains err '^qsub: directive error: -l mem= $'
	assert_equal "$(jobs_created)" 2
}

@test "-o, -e, -j oe: default names NAME.oSEQ/NAME.eSEQ in the submission directory" {
	script job.sh 'echo to-out; echo to-err >&2'
	# rel exists before any job ends: output to a missing directory is lost.
	mkdir sub outdir rel
	a=$(qsub job.sh)
	b=$(cd sub && qsub -N named ../job.sh)
	c=$(qsub -o rel/o.txt -e "$BATS_TEST_TMPDIR/abs.err" job.sh)
	d=$(qsub -j oe -N joined job.sh)
	e=$(qsub -o outdir job.sh)
	for j in "$a" "$b" "$c" "$d" "$e"; do wait_state "$j" F; done
	assert_file_contains job.sh.o1 '^to-out$'
	assert_file_contains job.sh.e1 '^to-err$'
	assert_file_contains sub/named.o2 '^to-out$'
	assert_file_contains sub/named.e2 '^to-err$'
	assert_equal "$(attr "$b" Output_Path)" "$(hostname -s):$BATS_TEST_TMPDIR/sub/named.o2"
	assert_file_contains rel/o.txt '^to-out$'
	assert_file_contains abs.err '^to-err$'
	run -0 cat joined.o4
	assert_line to-out
	assert_line to-err
	assert_file_not_exists joined.e4
	assert_equal "$(attr "$d" Join_Path)" oe
	assert_file_contains "outdir/$e.OU" '^to-out$'
}

@test "the job's environment: clean, PBS variables, -v and -V" {
	script job.sh 'printf "%s|%s|%s|%s\n" "$A" "$B" "${FOO-unset}" "${XYZ-unset}"' \
		'echo "$PWD|$HOME|$USER|$SHELL|$PATH"' \
		'echo "$PBS_JOBID|$PBS_JOBNAME|$PBS_QUEUE|$PBS_ENVIRONMENT|$PBS_O_WORKDIR|$PBS_O_HOST"' \
		'cat "$PBS_NODEFILE"; [ -d "$TMPDIR" ] && echo "$TMPDIR" >"$PBS_O_WORKDIR/tmpdir"'
	export XYZ=leak
	a=$(B=fromenv FOO=foo qsub -N env -v 'A=a b,B' job.sh)
	b=$(FOO=foo qsub -N envV -V job.sh)
	wait_state "$a" F
	wait_state "$b" F
	run -0 cat env.o1
	assert_line -n 0 'a b|fromenv|unset|unset'
	assert_line -n 1 "$HOME|$HOME|$(id -un)|/bin/bash|$PATH"
	assert_line -n 2 "1.pbs-sim|env|normal|PBS_BATCH|$BATS_TEST_TMPDIR|$(hostname -s)"
	assert_line -n 3 simnode1
	# TMPDIR existed while the job ran and is gone now.
	assert_file_exists tmpdir
	assert_file_not_exists "$(cat tmpdir)"
	run -0 cat envV.o2
	assert_line -n 0 '||foo|leak'
	# -v NAME with NAME unset, or an unterminated quote.
	unset NOPE
	run -1 --separate-stderr qsub -v NOPE job.sh
	assert_equal "$stderr" 'qsub: cannot send environment with the job'
	run -1 --separate-stderr qsub -v "A=it's" job.sh
	assert_equal "$stderr" 'qsub: cannot send environment with the job'
	# Quotes protect commas and are removed.
	c=$(qsub -N quoted -v "A='x,y',B=\"it's\"" job.sh)
	wait_state "$c" F
	run -0 head -n 1 quoted.o3
	assert_output "x,y|it's|unset|unset"
	run -0 attr "$c" Variable_List
	assert_output --partial ",A=x\\,y,B=it's,PBS_O_QUEUE=normal,"
	run -0 python3 -c 'import json,sys; print(json.load(sys.stdin)["Jobs"]["3.pbs-sim"]["Variable_List"]["A"])' < <(qstat -fx -F json "$c")
	assert_output x,y
}

@test "calls.log has one line per call with its argv exactly" {
	script job.sh true
	jid=$(qsub -N calls -A "it's \"a b\"" job.sh)
	qstat -x "$jid" >/dev/null || true
	qdel 12345 2>/dev/null || true
	run -0 python3 -c '
import json, sys, time
for line in open(sys.argv[1]):
    e = json.loads(line)
    assert isinstance(e[0], float) and abs(e[0] - time.time()) < 60, e
    print(json.dumps(e[1:]))' "$PBS_SIM_DIR/calls.log"
	assert_equal "${#lines[@]}" 3
	assert_line -n 0 "[\"qsub\", \"-N\", \"calls\", \"-A\", \"it's \\\"a b\\\"\", \"job.sh\"]"
	assert_line -n 1 "[\"qstat\", \"-x\", \"$jid\"]"
	assert_line -n 2 '["qdel", "12345"]'
	assert_equal "$(attr "$jid" Account_Name)" "it's \"a b\""
}

@test "20 qsubs at once get 20 distinct ids and all run" {
	script job.sh 'echo "$PBS_JOBID"'
	for i in $(seq 20); do
		qsub job.sh >"id.$i" &
	done
	wait
	run -0 bash -c 'cat id.* | sort -t. -k1,1n'
	assert_equal "${#lines[@]}" 20
	assert_equal "$output" "$(seq -f '%g.pbs-sim' 1 20)"
	for i in $(seq 20); do wait_state "$i" F; done
	for i in $(seq 20); do
		assert_equal "$(attr "$i" Exit_status)" 0
		assert_file_contains "job.sh.o$i" "^$i\\.pbs-sim$"
	done
}

@test "PBS_SIM_QSTAT_FAIL=2: two qstats fail as if the server were down, then they work" {
	script job.sh true
	jid=$(PBS_SIM_HOLD=1 qsub job.sh)
	export PBS_SIM_QSTAT_FAIL=2
	run -255 --separate-stderr qstat "$jid"
	assert_output ''
	assert_equal "$stderr" $'Connection refused\nqstat: cannot connect to server pbs-sim (errno=15010)'
	run -255 --separate-stderr qstat -f -F json "$jid"
	assert_equal "$(echo "$output" | python3 -c 'import json,sys; print(sorted(json.load(sys.stdin)))')" \
		"['pbs_server', 'pbs_version', 'timestamp']"
	run -0 qstat "$jid"
	run -0 qstat "$jid"
	# qsub and qdel are not affected.
	unset PBS_SIM_QSTAT_FAIL
	run -0 qdel "$jid"
}

@test "qsub to an unknown queue fails (exit 170) and creates no job" {
	script job.sh true
	run -170 --separate-stderr qsub -q nosuch job.sh
	assert_output ''
	assert_equal "$stderr" 'qsub: Unknown queue'
	script dir.sh '#PBS -q nosuch' true
	run -170 --separate-stderr qsub dir.sh
	assert_equal "$(jobs_created)" 0
	PBS_SIM_QUEUES=gpu,cpu run -0 --separate-stderr qsub -q cpu job.sh
	assert_output 1.pbs-sim
	assert_equal "$(attr 1 queue)" cpu
}

@test "qsub refuses bad options and values, creating nothing" {
	script job.sh true
	for bad in 'mem=' '=5' 'walltime=abc' 'ncpus=two' 'mem=12xb' 'select=1:ncpus=' 'a,,b=1'; do
		run -2 --separate-stderr qsub -l "$bad" job.sh
		assert_equal "${stderr_lines[0]}" 'qsub: illegal -l value'
		assert_equal "${stderr_lines[1]}" 'usage: qsub [-a date_time] [-A account_string] [-c interval]'
	done
	for bad in 'two words' '-dash' "$(printf 'a%.0s' {1..237})" 'a/b'; do
		run -2 --separate-stderr qsub -N "$bad" job.sh
		assert_equal "${stderr_lines[0]}" 'qsub: illegal -N value'
	done
	run -2 --separate-stderr qsub -j xo job.sh
	assert_equal "${stderr_lines[0]}" 'qsub: illegal -j value'
	run -2 --separate-stderr qsub -Z job.sh
	assert_equal "${stderr_lines[0]}" "qsub: invalid option -- 'Z'"
	run -2 --separate-stderr qsub job.sh extra
	run -1 --separate-stderr qsub -J 1-5 job.sh
	assert_equal "$stderr" 'qsub: -J (job arrays) is not supported by pbs-sim'
	run -1 --separate-stderr qsub -W block=true job.sh
	assert_equal "$stderr" 'qsub: -W block=true is not supported by pbs-sim'
	run -1 --separate-stderr qsub -h job.sh
	assert_equal "$stderr" 'qsub: -h (user hold) is not supported by pbs-sim'
	run -1 --separate-stderr qsub missing.sh
	assert_equal "$stderr" 'qsub: script file:: No such file or directory'
	mkdir adir
	run -1 --separate-stderr qsub adir
	assert_equal "$stderr" 'qsub: script not a file'
	assert_equal "$(jobs_created)" 0
	run -1 --separate-stderr env -u PBS_SIM_DIR qsub job.sh
	assert_equal "$stderr" 'qsub: pbs-sim: PBS_SIM_DIR is not set'
}

@test "qsub accepts attached options, normalizes values, merges -l" {
	script job.sh true
	jid=$(PBS_SIM_HOLD=1 qsub -lmem=16GB -l walltime=90,ncpus=4 -l ncpus=2 -N9lives -Pproj -A acct -W umask=022 -m abe -l jobfs=10GB,wd job.sh)
	assert_equal "$(attr "$jid" Resource_List.mem)" 16gb
	assert_equal "$(attr "$jid" Resource_List.walltime)" 00:01:30
	assert_equal "$(attr "$jid" Resource_List.ncpus)" 2
	assert_equal "$(attr "$jid" Resource_List.select)" 1:ncpus=2:mem=16gb
	assert_equal "$(attr "$jid" Resource_List.jobfs)" 10gb
	assert_equal "$(attr "$jid" Resource_List.wd)" True
	assert_equal "$(attr "$jid" Job_Name)" 9lives
	assert_equal "$(attr "$jid" project)" proj
	assert_equal "$(attr "$jid" Account_Name)" acct
	assert_equal "$(attr "$jid" Mail_Points)" abe
	assert_equal "$(attr "$jid" umask)" 022
	assert_equal "$(attr "$jid" Submit_arguments)" '-lmem=16GB -l walltime=90,ncpus=4 -l ncpus=2 -N9lives -Pproj -A acct -W umask=022 -m abe -l jobfs=10GB,wd job.sh'
	run -0 qstat --version
	assert_output --regexp '^pbs_version = [0-9.]+$'
}

@test "the supervisor holds none of qsub's pipes: a long job does not block the caller" {
	script job.sh 'sleep 30'
	run -0 timeout 10 bash -c 'qsub job.sh | cat; qsub job.sh 2>&1 | cat'
	assert_output $'1.pbs-sim\n2.pbs-sim'
	wait_state 1 R
	qdel 1 2
	wait_state 1 F
	wait_state 2 F
}

@test "-S picks the shell; qsub -- COMMAND ARGS and a script on stdin are jobs named STDIN" {
	script job.sh 'echo "$SHELL|${BASH_VERSION-none}|$0"'
	a=$(qsub -S /bin/sh -N shell job.sh)
	b=$(qsub -- /bin/echo 'a  b' c)
	c=$(echo 'echo from-stdin' | qsub -N piped)
	d=$(echo 'echo plain' | qsub -)
	for j in "$a" "$b" "$c" "$d"; do wait_state "$j" F; done
	run -0 cat shell.o1
	assert_output --regexp '^/bin/sh\|none\|/.*/jobs/1\.SC$'
	assert_equal "$(attr "$a" Shell_Path_List)" /bin/sh
	run -0 cat STDIN.o2
	assert_output 'a  b c'
	assert_equal "$(attr "$b" Job_Name)" STDIN
	assert_file_contains piped.o3 '^from-stdin$'
	assert_file_contains STDIN.o4 '^plain$'
}
