#!/usr/bin/env bats
# qxub interactive (qxi): a shell in the job's context on this terminal;
# locally, and with qsub -I on the PBS simulator.  A real pseudo-terminal
# comes from script(1).

setup() {
	load helpers/common
	qxub_setup
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	mkdir bin
	ln -s "$QXUB" bin/qxi
}

teardown() {
	qxub_teardown
}

# Runs qxi ARGS on a pseudo-terminal, typing the lines of $INPUT.
session() {
	run script -qec "$(printf '%q ' "$BATS_TEST_TMPDIR/bin/qxi" "$@")" /dev/null <<<"$INPUT"
}

@test "a local session: bash on the terminal, in the execdir, with the shell's exit status" {
	mkdir work
	INPUT=$'echo "tty=$(tty) pwd=$PWD qv=$QV"\nexit 7'
	session --execdir "$BATS_TEST_TMPDIR/work" --var QV=x
	assert_equal "$status" 7
	assert_output --regexp "tty=/dev/pts/[0-9]+ pwd=$BATS_TEST_TMPDIR/work qv=x"
	# The history has it.
	run -0 "$QXUB" history --json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1])[-1]; print(r["kind"], r["command"], r["name"])' "$output"
	assert_output "interactive ['bash', '-i'] interactive"
}

@test "a session in a conda environment" {
	use_fakes
	mkdir -p "$FAKE_CONDA_ENVS/analysis"
	INPUT=$'echo "env=$CONDA_DEFAULT_ENV"\nexit 0'
	session --env analysis
	assert_equal "$status" 0
	assert_output --partial 'env=analysis'
}

@test "on PBS: qsub -I with the resources, the session on the terminal" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	INPUT=$'echo "env=$PBS_ENVIRONMENT jobid=$PBS_JOBID"\nexit 3'
	session --platform pbs -l walltime=1:00:00 --mem 2GB
	assert_equal "$status" 3
	assert_output --regexp 'qsub: job [0-9]+\.pbs-sim ready'
	assert_output --regexp 'env=PBS_INTERACTIVE jobid=[0-9]+\.pbs-sim'
	run -0 calls qsub
	assert_output --regexp '^\["-N", "interactive", "-l", "walltime=1:00:00", "-l", "mem=2GB", "-I", "--", "/bin/bash", ".*/job.sh"\]$'
	run -0 "$QXUB" interactive --platform pbs --dry-run
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -N interactive -I -- /bin/bash .*/job\.sh$'
}

@test "interactive takes no command and no batch-only option" {
	run -2 --separate-stderr "$QXUB" interactive -- echo hi
	assert_equal "${stderr_lines[0]}" "qxub: qxub interactive takes no command: the session is a shell on this terminal"
	for opt in --terse "--array 1-2" "--out x" "--err x" "--joblog x"; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr "$QXUB" interactive $opt
		assert_equal "${stderr_lines[0]}" "qxub: qxub interactive takes no ${opt%% *}: the session is a shell on this terminal"
	done
	assert_equal "$(job_count)" 0
}
