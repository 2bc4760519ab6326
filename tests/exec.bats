#!/usr/bin/env bats
# qxub exec: exit codes, snippets, hooks, variables, directories, job
# files, --terse, --dry-run, progress.  Runs on the local scheduler, from
# tests/pbs/ on the PBS simulator, from tests/slurm/ on a real Slurm and
# from tests/sge/ on a real Grid Engine cell.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	qxub_teardown
}

@test "the job's exit code is qxub's" {
	run -0 "$QXUB" exec -- true
	run -1 "$QXUB" exec -- false
	run -3 "$QXUB" exec -- sh -c 'exit 3'
	run -255 "$QXUB" exec -- sh -c 'exit 255'
}

@test "stdout carries the job's stdout and nothing else; stderr its stderr" {
	run -0 --separate-stderr "$QXUB" exec -- sh -c 'echo to-out; echo to-err >&2'
	assert_output 'to-out'
	assert_equal "$stderr" 'to-err'
}

@test "a job killed by a signal gives 128+N" {
	run -137 "$QXUB" exec -- sh -c 'kill -KILL $$'
	run -143 "$QXUB" exec --cmd 'kill -TERM $$'
}

@test "a job whose whole process group is killed gives 128+N without a marker" {
	run -137 "$QXUB" exec --cmd 'kill -KILL 0'
	run -0 find "$JOBS" -name exit_code
	assert_output ''
}

@test "--cmd runs a bash snippet" {
	run -0 --separate-stderr "$QXUB" exec --cmd 'cd / && [[ $PWD == / ]] && echo "in $PWD" | tr a-z A-Z'
	assert_output 'IN /'
}

@test "one word with white space after -- is a snippet, as in qxub 3.x" {
	run -0 --separate-stderr "$QXUB" exec -- 'echo one && echo two'
	assert_output $'one\ntwo'
}

@test "exit in a snippet ends the job with that code" {
	run -3 --separate-stderr "$QXUB" exec --cmd 'echo before; exit 3; echo after'
	assert_output 'before'
}

@test "--pre runs first, --post after a successful command" {
	run -0 --separate-stderr "$QXUB" exec --pre 'echo pre' --post 'echo post' -- echo main
	assert_output $'pre\nmain\npost'
}

@test "a failing --pre stops the job with its code and says so" {
	run -4 --separate-stderr "$QXUB" exec --pre 'exit 4' -- echo main
	assert_output ''
	assert_equal "$stderr" 'qxub: --pre failed with exit code 4; the command did not run'
}

@test "--post does not run after a failing command; a failing --post sets the code" {
	run -5 --separate-stderr "$QXUB" exec --post 'echo post' -- sh -c 'exit 5'
	assert_output ''
	run -6 --separate-stderr "$QXUB" exec --post 'exit 6' -- echo main
	assert_output 'main'
}

@test "--var exports values into the job, quoted exactly" {
	export FROM_HERE='kept  as-is $x'
	run -0 --separate-stderr "$QXUB" exec --var 'A=a b;c' --vars "B=it's" --var FROM_HERE \
	    -- sh -c 'printf "%s|%s|%s\n" "$A" "$B" "$FROM_HERE"'
	assert_output "a b;c|it's|kept  as-is \$x"
}

@test "--var with a bad name or an unset variable is a usage error, nothing submitted" {
	run -2 --separate-stderr "$QXUB" exec --var '1A=x' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --var '1A=x': expected NAME=VALUE with NAME a shell variable name"
	unset QXUB_SURELY_UNSET
	run -2 --separate-stderr "$QXUB" exec --var QXUB_SURELY_UNSET -- true
	assert_equal "${stderr_lines[0]}" "qxub: --var 'QXUB_SURELY_UNSET': QXUB_SURELY_UNSET is not set in this environment (use QXUB_SURELY_UNSET=VALUE)"
	assert_equal "$(job_count)" 0
}

@test "the job runs in the current directory by default, or in --execdir" {
	mkdir -p "$BATS_TEST_TMPDIR/work/sub"
	cd "$BATS_TEST_TMPDIR/work"
	run -0 --separate-stderr "$QXUB" exec -- pwd
	assert_output "$BATS_TEST_TMPDIR/work"
	run -0 --separate-stderr "$QXUB" exec --execdir sub -- pwd
	assert_output "$BATS_TEST_TMPDIR/work/sub"
}

@test "a missing --execdir is refused before submitting; --create-execdir makes it" {
	run -2 --separate-stderr "$QXUB" exec --execdir nothere -- pwd
	assert_equal "${stderr_lines[0]}" "qxub: --execdir '$BATS_TEST_TMPDIR/nothere': No such file or directory"
	assert_equal "$(job_count)" 0
	run -0 --separate-stderr "$QXUB" exec --execdir nothere/deeper --create-execdir -- pwd
	assert_output "$BATS_TEST_TMPDIR/nothere/deeper"
}

@test "an execdir the job cannot create fails with 240 and one line" {
	touch afile
	run -240 --separate-stderr "$QXUB" exec --execdir afile/sub --create-execdir -- echo never
	assert_output ''
	assert_equal "$stderr" "qxub: cannot create execution directory '$BATS_TEST_TMPDIR/afile/sub'"
}

@test "each job has its own directory with script, streams, log and markers" {
	run -0 --separate-stderr "$QXUB" exec -N myjob -- echo hello
	local d
	d=$(job_dir)
	assert_regex "$d" "/qxub/jobs/myjob-[0-9]{8}-[0-9]{6}-[A-Za-z0-9]{6}\$"
	assert_file_exists "$d/job.sh"
	wait_for "$d/log"
	assert_file_exists "$d/started"
	assert_equal "$(cat "$d/out")" hello
	assert_equal "$(cat "$d/exit_code")" 0
	assert_file_not_exists "$d/exit_code.tmp"
}

@test "concurrent jobs never share a directory" {
	for i in $(seq 12); do
		"$QXUB" exec -N same -- sh -c "echo job-$i" >"out.$i" 2>&1 &
	done
	wait
	for i in $(seq 12); do
		assert_equal "$(cat "out.$i")" "job-$i"
	done
	assert_equal "$(job_count)" 12
}

@test "--out and --err put the streams where asked, and they are still streamed" {
	run -0 --separate-stderr "$QXUB" exec --out o.txt --err e.txt -- sh -c 'echo O; echo E >&2'
	assert_output O
	assert_equal "$stderr" E
	assert_equal "$(cat o.txt)" O
	assert_equal "$(cat e.txt)" E
}

@test "--out and --err naming one file interleave into it, streamed once" {
	run -0 --separate-stderr "$QXUB" exec --out both.txt --err both.txt -- sh -c 'echo 1; echo 2 >&2; echo 3'
	assert_output $'1\n2\n3'
	assert_equal "$(cat both.txt)" $'1\n2\n3'
}

@test "an old --out file is replaced, not streamed" {
	echo stale >o.txt
	run -0 --separate-stderr "$QXUB" exec --out o.txt -- echo fresh
	assert_output fresh
	assert_equal "$(cat o.txt)" fresh
}

@test "--out in a missing directory is refused before submitting" {
	run -2 --separate-stderr "$QXUB" exec --out nodir/o.txt -- true
	assert_equal "${stderr_lines[0]}" "qxub: --out '$BATS_TEST_TMPDIR/nodir/o.txt': cannot use directory '$BATS_TEST_TMPDIR/nodir': No such file or directory"
	assert_equal "$(job_count)" 0
}

@test "--terse prints only the job id and returns while the job runs" {
	run -0 --separate-stderr "$QXUB" exec --terse -- sh -c 'while [ ! -e go ]; do sleep 0.05; done; echo done >finished'
	assert_output --regexp "^$JOB_ID_RE\$"
	assert_file_not_exists finished
	touch go
	wait_for finished
	d=$(job_dir)
	wait_for "$d/exit_code"
	assert_equal "$(cat "$d/exit_code")" 0
}

@test "--dry-run prints the submit command and the script, and creates nothing but its history record" {
	run -0 --separate-stderr "$QXUB" exec --dry-run --env e -- cmd 'a b'
	assert_line --index 0 --regexp '^Dry run - would execute: (setsid bash|qsub -N cmd .*-S /bin/bash|qsub -terse -N cmd .*-S /bin/bash|sbatch --parsable) .*/qxub/jobs/cmd-[0-9-]+-XXXXXX/job\.sh'
	assert_line '#!/bin/bash'
	assert_line "conda activate 'e' >&9 2>&9 ||"
	assert_line "set -- 'cmd' 'a b'"
	[ -z "$stderr" ]
	assert_dir_not_exists "$XDG_STATE_HOME/qxub/jobs"
	assert_equal "$(ls "$XDG_STATE_HOME/qxub")" history.jsonl
	run -0 python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["kind"])' "$XDG_STATE_HOME/qxub/history.jsonl"
	assert_output dry-run
	run -0 "$QXUB" exec --dry -- cmd
	assert_line --index 0 --partial 'Dry run - would execute:'
}

@test "the dry-run script is the script a real job runs" {
	run -0 --separate-stderr "$QXUB" exec --dry-run -N same -- echo hi
	local dry=$output
	run -0 --separate-stderr "$QXUB" exec -N same -- echo hi
	d=$(job_dir)
	# Only the unique part of the directory name differs.
	assert_equal "$(sed "s|${d##*/}|X|g" "$d/job.sh")" \
	    "$(printf '%s\n' "$dry" | sed '1,2d' | sed "s|same-[0-9]*-[0-9]*-XXXXXX|X|g")"
}

@test "-v shows progress on stderr; --quiet silences it" {
	run -0 --separate-stderr "$QXUB" exec -v -- echo hi
	assert_output hi
	if [ "$QXUB_TEST_PLATFORM" = pbs ]; then
		assert_equal "${stderr_lines[0]}" "qxub: platform pbs (qsub found at $SIM_PATH/qsub)"
	elif [ "$QXUB_TEST_PLATFORM" = slurm ]; then
		assert_regex "${stderr_lines[0]}" "^qxub: platform slurm \\(sbatch found at [^ ]*sbatch, and $SLURM_CONF\\)\$"
	elif [ "$QXUB_TEST_PLATFORM" = sge ]; then
		assert_equal "${stderr_lines[0]}" "qxub: platform sge (qsub found at $SGE_ROOT/bin/$SGE_ARCH/qsub, and the Grid Engine cell $SGE_ROOT/$SGE_CELL)"
	else
		assert_equal "${stderr_lines[0]}" 'qxub: platform local (no qsub on PATH)'
	fi
	assert_regex "${stderr_lines[1]}" "^qxub: submitted job $JOB_ID_RE \\($QXUB_TEST_PLATFORM\\), files in /"
	assert_regex "$stderr" "qxub: job $JOB_ID_RE started"
	assert_regex "$stderr" "qxub: job $JOB_ID_RE finished with exit code 0"
	run -0 --separate-stderr "$QXUB" -v exec --quiet -- echo hi
	assert_output hi
	[ -z "$stderr" ]
}

@test "without a terminal or -v there is no progress" {
	run -0 --separate-stderr "$QXUB" exec -- echo hi
	[ -z "$stderr" ]
}

@test "progress on a terminal is coloured unless NO_COLOR is set" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run -0 script -qec "$QXUB exec -- true" /dev/null
	assert_output --partial $'\e[1;36mqxub:\e[0m submitted job'
	NO_COLOR=1 run -0 script -qec "$QXUB exec -- true" /dev/null
	assert_output --partial 'qxub: submitted job'
	refute_output --partial $'\e['
}

@test "options of later features are refused with a reason, nothing submitted" {
	for o in '--template t'; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr "$QXUB" exec $o -- true
		assert_regex "${stderr_lines[0]}" "^qxub: option '--[-a-z]+' is not available yet \(it comes with "
	done
	assert_equal "$(job_count)" 0
}

@test "scheduler requests on the local platform are refused, not ignored" {
	for o in --mem=4GB '--queue normal' '-l mem=1GB' '-P a56' '--cpus 2' \
	    '--runtime 1h' '--gpus 1' '--disk 10GB' '--volumes gdata/a56' \
	    '--email a@b' '--email-opts abe' '--array 1-3' '--joblog j.log' \
	    '--memory=1GB' '--time 1h' '--threads 2' '--jobfs 1GB' \
	    '--storage x' '--resources mem=1GB' '-qnormal'; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr "$QXUB" exec --platform local $o -- true
		assert_regex "${stderr_lines[0]}" "^qxub: -[-a-zA-Z]+: the local platform runs jobs on this machine and cannot honour scheduler requests \(choose a batch platform, e.g. --platform pbs\)\$"
	done
	run -2 --separate-stderr "$QXUB" exec --platform local --memory=1GB -- true
	assert_equal "${stderr_lines[0]}" "qxub: --memory: the local platform runs jobs on this machine and cannot honour scheduler requests (choose a batch platform, e.g. --platform pbs)"
	assert_equal "$(job_count)" 0
}

@test "usage errors: one line, exit 2, a hint, nothing submitted" {
	run -2 --separate-stderr "$QXUB" exec --nope -- true
	assert_equal "${stderr_lines[0]}" "qxub: unknown option '--nope'"
	assert_equal "${stderr_lines[1]}" "Try 'qxub exec --help' for more information."
	run -2 --separate-stderr "$QXUB" exec --env
	assert_equal "${stderr_lines[0]}" "qxub: option '--env' needs a value (NAME)"
	run -2 --separate-stderr "$QXUB" exec
	assert_equal "${stderr_lines[0]}" "qxub: no command given: put it after '--' or use --cmd 'STRING'"
	run -2 --separate-stderr "$QXUB" exec --cmd ls -- ls
	assert_equal "${stderr_lines[0]}" "qxub: --cmd and a command after '--' cannot both be given"
	run -2 --separate-stderr "$QXUB" exec --env a --sif b -- true
	assert_regex "${stderr_lines[0]}" "^qxub: --env and --sif cannot be combined"
	run -2 --separate-stderr "$QXUB" exec --mod a --default -- true
	assert_regex "${stderr_lines[0]}" "^qxub: --mod/--mods and --default cannot be combined"
	run -2 --separate-stderr "$QXUB" exec --bind /x -- true
	assert_equal "${stderr_lines[0]}" "qxub: --bind needs a container image (--sif)"
	assert_equal "$(job_count)" 0
}

@test "an unknown platform is a configuration error" {
	run -3 --separate-stderr "$QXUB" exec --platform nowhere -- true
	assert_equal "$stderr" "qxub: unknown platform 'nowhere' (known: local, pbs, slurm, sge)"
	run -0 --separate-stderr "$QXUB" exec --platform "$QXUB_TEST_PLATFORM" -- echo ok
	assert_output ok
}
