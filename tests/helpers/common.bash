# Shared setup for every bats file: the libraries, a private HOME and XDG
# directories per test, and the path of the qxub under test.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

: "${QXUB_SRCDIR:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
# make check sets QXUB; by hand, `bats tests/x.bats` uses the in-tree build.
: "${QXUB:=$QXUB_SRCDIR/qxub}"
export QXUB
QXUB_TESTS="$QXUB_SRCDIR/tests"

# Gives the test its own HOME and XDG directories, and fakes on PATH when
# the test asks for them with use_fakes.
qxub_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	export XDG_CONFIG_HOME="$HOME/.config"
	export XDG_STATE_HOME="$HOME/.local/state"
	export XDG_CACHE_HOME="$HOME/.cache"
	export XDG_CONFIG_DIRS="$BATS_TEST_TMPDIR/etc/xdg"
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
	unset NO_COLOR QXUB_PLATFORM
	JOBS="$XDG_STATE_HOME/qxub/jobs"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Puts the fake conda and apptainer first on PATH; they log their argv to
# $FAKE_LOG.
use_fakes() {
	export FAKE_LOG="$BATS_TEST_TMPDIR/fake.log"
	export FAKE_CONDA_ENVS="$BATS_TEST_TMPDIR/envs"
	mkdir -p "$FAKE_CONDA_ENVS"
	PATH="$QXUB_TESTS/fakes:$PATH"
}

# The one job directory the test created.
job_dir() {
	local d
	d=$(find "$JOBS" -mindepth 1 -maxdepth 1 -type d)
	[ "$(printf '%s\n' "$d" | wc -l)" -eq 1 ] || {
		echo "expected one job directory, found: $d" >&2
		return 1
	}
	printf '%s\n' "$d"
}

# Counts the job directories.
job_count() {
	if [ -d "$JOBS" ]; then
		find "$JOBS" -mindepth 1 -maxdepth 1 -type d | wc -l
	else
		echo 0
	fi
}

# Makes a real Environment Modules setup with a module `testmod` (and
# `testmod2`, `broken`) in $BATS_TEST_TMPDIR/modulefiles.
module_fixture() {
	[ -r /usr/share/modules/init/bash ] ||
		fail "Environment Modules is not installed (apt-get install environment-modules)"
	local mf="$BATS_TEST_TMPDIR/modulefiles"
	mkdir -p "$mf/testmod" "$mf/testmod2" "$mf/broken" "$mf/tools/bin"
	printf '#!/bin/sh\necho tool from testmod\n' >"$mf/tools/bin/testtool"
	chmod +x "$mf/tools/bin/testtool"
	cat >"$mf/testmod/1.0" <<MOD
#%Module1.0
setenv TESTMOD_LOADED 1.0
prepend-path PATH $mf/tools/bin
MOD
	cat >"$mf/testmod2/2.0" <<'MOD'
#%Module1.0
prereq testmod
setenv TESTMOD2_LOADED 2.0
MOD
	cat >"$mf/broken/1.0" <<'MOD'
#%Module1.0
error "this module always fails"
MOD
	export MODULEPATH="$mf"
}
