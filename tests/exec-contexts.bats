#!/usr/bin/env bats
# Contexts: conda (--env), modules (--mod/--mods, real Environment
# Modules), containers (--sif, a fake apptainer/singularity), and their
# failures, each with its own exit code and one line on the job's stderr.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	qxub_teardown
}

@test "--env activates the conda environment before the command" {
	use_fakes
	mkdir -p "$FAKE_CONDA_ENVS/myenv/bin"
	printf '#!/bin/sh\necho python from myenv\n' >"$FAKE_CONDA_ENVS/myenv/bin/python"
	chmod +x "$FAKE_CONDA_ENVS/myenv/bin/python"
	run -0 --separate-stderr "$QXUB" exec --env myenv -- sh -c 'echo "$CONDA_DEFAULT_ENV"; python'
	assert_output $'myenv\npython from myenv'
	assert_file_contains "$FAKE_LOG" '^conda shell.bash hook$'
}

@test "conda missing: exit 241 and one line" {
	plain_path
	run -241 --separate-stderr "$QXUB" exec --env myenv -- echo never
	assert_output ''
	assert_equal "$stderr" "qxub: conda not found in the job's PATH (needed for --env 'myenv')"
}

@test "conda environment not found: exit 242, one line, details in the log" {
	use_fakes
	run -242 --separate-stderr "$QXUB" exec --env nosuch -- echo never
	assert_output ''
	d=$(job_dir)
	assert_equal "$stderr" "qxub: cannot activate conda environment 'nosuch' (details in $d/log)"
	wait_for_log "$d/log" 'EnvironmentNameNotFound'
}

@test "--mod loads a real environment module" {
	module_fixture
	run -0 --separate-stderr "$QXUB" exec --mod testmod -- sh -c 'echo "$TESTMOD_LOADED"; testtool'
	assert_output $'1.0\ntool from testmod'
}

@test "--mods and --modules load a list in order; --module is --mod" {
	module_fixture
	run -0 --separate-stderr "$QXUB" exec --mods 'testmod, testmod2' -- sh -c 'echo "$TESTMOD_LOADED $TESTMOD2_LOADED"'
	assert_output '1.0 2.0'
	run -0 --separate-stderr "$QXUB" exec --module testmod --modules testmod2 -- sh -c 'echo "$TESTMOD_LOADED $TESTMOD2_LOADED"'
	assert_output '1.0 2.0'
}

@test "a module that fails to load: exit 244 and one line" {
	module_fixture
	run -244 --separate-stderr "$QXUB" exec --mod testmod --mod broken -- echo never
	assert_output ''
	d=$(job_dir)
	assert_equal "$stderr" "qxub: module load 'broken' failed (details in $d/log)"
	wait_for_log "$d/log" 'this module always fails'
}

@test "no module command in the job: exit 243 and one line" {
	[ "$(id -u)" = 0 ] || skip "hiding the system's module init files needs root (unshare -m)"
	# A Slurm or Grid Engine job runs under its daemon (slurmd,
	# sge_execd), outside the test's mount namespace.
	case $QXUB_TEST_PLATFORM in
	slurm) skip "the job runs under slurmd, outside unshare's namespace" ;;
	sge) skip "the job runs under sge_execd, outside unshare's namespace" ;;
	esac
	module_fixture
	unset MODULESHOME
	# A private mount namespace hides Environment Modules from the job.
	run -243 --separate-stderr unshare -m sh -c '
	    for d in /usr/share/modules /etc/profile.d /usr/share/lmod; do
	        [ -d "$d" ] && mount -t tmpfs none "$d"
	    done
	    exec "$0" exec --mod testmod -- echo never' "$QXUB"
	assert_output ''
	assert_equal "$stderr" "qxub: the module command is not available in the job (needed for --mod)"
}

@test "--env with --mod loads the modules first, then activates conda" {
	module_fixture
	# conda itself comes from the module, as on many clusters.
	cat >"$MODULEFILES/testmod/conda" <<MOD
#%Module1.0
prepend-path PATH $QXUB_TESTS/fakes
MOD
	mkdir -p "$HOME/.fake-conda/envs/e1"
	plain_path
	run -0 --separate-stderr "$QXUB" exec --env e1 --mod testmod/conda -- sh -c 'echo "$CONDA_DEFAULT_ENV"'
	assert_output e1
}

@test "--sif runs the command in the image with apptainer, binds in order" {
	use_fakes
	touch img.sif
	run -0 --separate-stderr "$QXUB" exec --sif img.sif --bind /data --bind /a:/b -- sh -c 'echo "$APPTAINER_CONTAINER|$APPTAINER_BINDS"'
	assert_output "$BATS_TEST_TMPDIR/img.sif|/data /a:/b"
	assert_file_contains "$FAKE_LOG" "^apptainer \[exec\] \[--bind\] \[/data\] \[--bind\] \[/a:/b\] \[$BATS_TEST_TMPDIR/img.sif\] \[sh\]"
}

@test "--container is --sif; a snippet runs under bash in the image" {
	use_fakes
	touch img.sif
	run -0 --separate-stderr "$QXUB" exec --container img.sif --cmd 'echo "$APPTAINER_CONTAINER" && echo ok'
	assert_output $'/'"${BATS_TEST_TMPDIR#/}/img.sif"$'\nok'
}

@test "singularity is used when apptainer is missing" {
	mkdir bin
	ln -s "$QXUB_TESTS/fakes/apptainer" bin/singularity
	touch img.sif
	plain_path
	PATH="$BATS_TEST_TMPDIR/bin:$PATH"
	run -0 --separate-stderr "$QXUB" exec --sif img.sif -- sh -c 'echo "$APPTAINER_CONTAINER"'
	assert_output "$BATS_TEST_TMPDIR/img.sif"
}

@test "an image URI is passed as it is, without a file check" {
	use_fakes
	run -0 --separate-stderr "$QXUB" exec --sif docker://alpine:3 -- sh -c 'echo "$APPTAINER_CONTAINER"'
	assert_output docker://alpine:3
}

@test "no container runtime: exit 245 and one line" {
	plain_path
	touch img.sif
	run -245 --separate-stderr "$QXUB" exec --sif img.sif -- echo never
	assert_output ''
	assert_equal "$stderr" "qxub: neither apptainer nor singularity found in the job (needed for --sif)"
}

@test "a missing image: exit 246 and one line" {
	use_fakes
	run -246 --separate-stderr "$QXUB" exec --sif nothere.sif -- echo never
	assert_output ''
	assert_equal "$stderr" "qxub: container image '$BATS_TEST_TMPDIR/nothere.sif' not found"
}

@test "--default and --env '' are the plain context" {
	plain_path
	run -0 --separate-stderr "$QXUB" exec --default -- echo plain
	assert_output plain
	run -0 --separate-stderr "$QXUB" exec --env '' -- echo plain
	assert_output plain
}
