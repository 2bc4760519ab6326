# Shared setup for every bats file: the libraries, a private HOME and XDG
# directories per test, and the path of the qxub under test.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

# The source tree: make check sets QXUB_SRCDIR; by hand, the nearest
# directory above the test file that holds configure.ac.
if [ -z "${QXUB_SRCDIR:-}" ]; then
	QXUB_SRCDIR=$BATS_TEST_DIRNAME
	while [ ! -f "$QXUB_SRCDIR/configure.ac" ] && [ "$QXUB_SRCDIR" != / ]; do
		QXUB_SRCDIR=$(dirname "$QXUB_SRCDIR")
	done
fi
# make check sets QXUB; by hand, `bats tests/x.bats` uses the in-tree build.
: "${QXUB:=$QXUB_SRCDIR/qxub}"
export QXUB
# The download helper of the qxub under test, beside it in the build.
: "${QXUB_FETCH:=$(dirname "$QXUB")/qxub-fetch}"
export QXUB_FETCH
QXUB_TESTS="$QXUB_SRCDIR/tests"

# The exec suites run four times: as they are, on the local scheduler;
# from tests/pbs/ (links to the same files) on the PBS simulator, which
# qxub picks by itself because a qsub is then on PATH; from tests/slurm/
# on a real Slurm that each file starts (platform_start), which qxub picks
# by itself because SLURM_CONF names its configuration; and from
# tests/sge/ on a real Grid Engine cell that each file starts, which qxub
# picks by itself because SGE_ROOT names the cell of the qsub on PATH.
case $BATS_TEST_DIRNAME in
*/tests/pbs) QXUB_TEST_PLATFORM=pbs ;;
*/tests/slurm) QXUB_TEST_PLATFORM=slurm ;;
*/tests/sge) QXUB_TEST_PLATFORM=sge ;;
*) QXUB_TEST_PLATFORM=local ;;
esac
SIM_PATH=
if [ "$QXUB_TEST_PLATFORM" = pbs ]; then
	JOB_ID_RE='[0-9]+\.pbs-sim'
	SIM_PATH="$QXUB_TESTS/pbs-sim"
	PATH="$SIM_PATH:$PATH"
elif [ "$QXUB_TEST_PLATFORM" = slurm ]; then
	JOB_ID_RE='[0-9]+'
	# shellcheck source=slurm.bash
	source "$QXUB_TESTS/helpers/slurm.bash"
elif [ "$QXUB_TEST_PLATFORM" = sge ]; then
	JOB_ID_RE='[0-9]+'
	# shellcheck source=sge.bash
	source "$QXUB_TESTS/helpers/sge.bash"
else
	JOB_ID_RE='[0-9]+\.local'
fi

# setup_file and teardown_file of the exec suites: the platform's
# scheduler, when it is a real one the suite starts.
platform_start() {
	case $QXUB_TEST_PLATFORM in
	slurm) slurm_start ;;
	sge) sge_start && sge_submitter_env ;;
	esac
}
platform_stop() {
	case $QXUB_TEST_PLATFORM in
	slurm) slurm_stop ;;
	sge) sge_stop ;;
	esac
}

# Gives the test its own HOME and XDG directories, and fakes on PATH when
# the test asks for them with use_fakes.
qxub_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	export XDG_CONFIG_HOME="$HOME/.config"
	export XDG_STATE_HOME="$HOME/.local/state"
	export XDG_CACHE_HOME="$HOME/.cache"
	export XDG_CONFIG_DIRS="$BATS_TEST_TMPDIR/etc/xdg"
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
	unset NO_COLOR QXUB_PLATFORM SLURM_CONF
	if [ "$QXUB_TEST_PLATFORM" = slurm ]; then
		slurm_require
		export SLURM_CONF="$SLURMFX/slurm.conf"
		export QXUB_SLURM_POLL_INTERVAL=1
	elif [ "$QXUB_TEST_PLATFORM" = sge ]; then
		# The cell's SGE_ROOT, SGE_CELL, ports and PATH come from
		# setup_file (sge_start).
		sge_require
		export QXUB_SGE_POLL_INTERVAL=1
	fi
	JOBS="$XDG_STATE_HOME/qxub/jobs"
	export PBS_SIM_DIR="$BATS_TEST_TMPDIR/pbs-sim"
	export PBS_SIM_QUEUE_DELAY=0.1 QXUB_PBS_POLL_INTERVAL=1
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Mounts a 64 KiB tmpfs at FULL_DIR, a disk to fill, or skips the test
# saying why; small_disk_remove (in teardown) unmounts it.
small_disk() {
	[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
	FULL_DIR=$BATS_TEST_TMPDIR/full
	mkdir "$FULL_DIR"
	mount -t tmpfs -o size=64k tmpfs "$FULL_DIR" || {
		FULL_DIR=
		skip "cannot mount a tmpfs here"
	}
}
small_disk_remove() {
	[ -z "${FULL_DIR:-}" ] || umount "$FULL_DIR" || true
}

# Ends whatever the PBS simulator still runs for the test.
qxub_teardown() {
	if [ -d "$PBS_SIM_DIR" ]; then
		python3 "$QXUB_TESTS/pbs-sim/pbssim.py" shutdown || true
	fi
}

# Puts the fake conda and apptainer first on PATH.  They log their argv to
# $FAKE_LOG and find environments in $FAKE_CONDA_ENVS, both under HOME,
# which a batch job sees too (it does not inherit other variables).
use_fakes() {
	FAKE_LOG="$HOME/fake.log"
	FAKE_CONDA_ENVS="$HOME/.fake-conda/envs"
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

# A PATH with the system's tools (and the PBS simulator or the Grid Engine
# cell's clients when the suite runs on them) but no conda or container
# runtime.
plain_path() {
	PATH=${SIM_PATH:+$SIM_PATH:}/usr/local/bin:/usr/bin:/bin
	[ "$QXUB_TEST_PLATFORM" != sge ] || PATH=$SGE_ROOT/bin/$SGE_ARCH:$PATH
}

# Skips a test that only makes sense on one platform, saying why.
only_on() {
	[ "$QXUB_TEST_PLATFORM" = "$1" ] || skip "${2:-only on the $1 platform}"
}

# Waits (up to 10 s) until the file exists.
wait_for() {
	local i
	for i in $(seq 200); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# Waits (up to $2 seconds, default 10) until no process has the pid in
# file $1: a cancelled job ends shortly after qxub or qdel returns.
wait_gone() {
	local i
	for i in $(seq $((${2:-10} * 20))); do
		kill -0 "$(cat "$1")" 2>/dev/null || return 0
		sleep 0.05
	done
	echo "process $(cat "$1") still running after ${2:-10} s" >&2
	return 1
}

# Waits (up to $2 seconds) for background process $1 to exit and sets rc
# to its exit code; one still running then is killed and the test fails.
wait_exit() {
	local i
	for i in $(seq $(($2 * 20))); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		fail "process $1 still running after $2 s"
	fi
	rc=0
	wait "$1" || rc=$?
}

# Waits (up to 10 s) until FILE contains a line matching the regex: a
# batch scheduler delivers the job's log only after the job has ended.
wait_for_log() {
	local i
	for i in $(seq 200); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "'$2' never appeared in $1" >&2
	return 1
}

# Checks the tools that render and lint man pages, and names the page.
man_setup() {
	MAN_PAGE="$QXUB_SRCDIR/man/$1"
	command -v mandoc >/dev/null ||
		fail "mandoc is not installed (apt-get install mandoc)"
	command -v col >/dev/null ||
		fail "col is not installed (apt-get install bsdextrautils)"
}

# The page of man_setup as plain text: no overstrike, no tabs.
man_render() {
	mandoc -Tascii "$MAN_PAGE" | col -bx
}

# The tags of the tagged lists in the section whose heading matches the
# ERE $1, subsections included, up to the next section: each
# comma-separated part of a tag, cut at its first space ("defaults.mem,
# defaults.memory" gives both).  A tag line is indented like body text,
# follows a blank line or a deeper-indented description, and has its own
# description either after it on the same line (a short tag, the text at
# column 14) or on the lines below, indented deeper; the first line of a
# paragraph has neither.
man_section_tags() {
	man_render | awk -v re="$1" '
	    function emit(tag,  n, i, part, w) {
		n = split(tag, part, /, /)
		for (i = 1; i <= n; i++) {
			split(part[i], w, / /)
			print w[1]
		}
	    }
	    cand != "" && /^      +[^ ]/ { emit(cand) }
	    { cand = "" }
	    /^[^ ]/ { f = $0 ~ re; prev = ""; next }
	    /^   [^ ]/ { prev = ""; next }
	    f && /^     [^ ]/ && (prev ~ /^ *$/ || prev ~ /^      /) {
		short = substr($0, 6, 8)
		if (short ~ /^[^ ]+  +$/ && substr($0, 14, 1) != " ") {
			sub(/ +$/, "", short)
			emit(short)
		} else
			cand = substr($0, 6)
	    }
	    { prev = $0 }'
}

# The literal display that follows the paragraph holding the text $1 in
# the rendered page, without its indentation.
man_example_after() {
	man_render | awk -v m="$1" '
	    !found { if (index($0, m)) found = 1; next }
	    !gap { if ($0 ~ /^ *$/) gap = 1; next }
	    !ind { if ($0 ~ /^ *$/) next; match($0, /^ */); ind = RLENGTH }
	    $0 !~ /^ *$/ { match($0, /^ */); if (RLENGTH < ind) exit }
	    { print substr($0, ind + 1) }'
}

# Asserts that the option spellings in $1 and the entries of a man page
# list in $2 are the same: none undocumented, none documented that is not.
assert_same_options() {
	run missing_from "$1" "$2"
	assert_output ''
	run missing_from "$(grep -- '^-' <<<"$2")" "$1"
	assert_output ''
}

# Prints the words of $1 (one a line) missing from the lines of $2.
missing_from() {
	local w
	for w in $1; do
		grep -qxF -- "$w" <<<"$2" || printf '%s\n' "$w"
	done
}

# Counts the job directories.
job_count() {
	if [ -d "$JOBS" ]; then
		find "$JOBS" -mindepth 1 -maxdepth 1 -type d | wc -l
	else
		echo 0
	fi
}

# Makes a real Environment Modules setup with modules `testmod`, `testmod2`
# and `broken` in $MODULEFILES, found through ~/.modulerc (which a batch
# job reads too, unlike MODULEPATH in this shell).
module_fixture() {
	[ -r /usr/share/modules/init/bash ] ||
		fail "Environment Modules is not installed (apt-get install environment-modules)"
	MODULEFILES="$BATS_TEST_TMPDIR/modulefiles"
	local mf=$MODULEFILES
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
	printf '#%%Module1.0\nmodule use %s\n' "$mf" >"$HOME/.modulerc"
}

# Puts file in the platform cache as the copy of url, fetched just now, as
# qxub names and describes it (src/fetch.c): no server is asked for a day.
platform_cache_seed() {
	python3 - "$1" "$2" "$XDG_CACHE_HOME/qxub/platforms" <<-'EOF'
	import json, os, re, sys, time
	url, src, cache = sys.argv[1:4]
	h = 0xcbf29ce484222325
	for byte in url.encode() + b"\0":
	    h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
	base = "%s/%s_%016x" % (cache, re.sub(r"[^A-Za-z0-9.-]", "_", url[:100]), h)
	body = open(src, "rb").read()
	os.makedirs(cache, mode=0o700, exist_ok=True)
	open(base + ".yaml", "wb").write(body)
	json.dump({"source": url, "fetched": int(time.time()), "size": len(body)},
	          open(base + ".meta", "w"))
	EOF
}

# The argv of every call of one simulator command, one JSON array a line.
calls() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    if call[1] == sys.argv[2]:
        print(json.dumps(call[2:]))' "$PBS_SIM_DIR/calls.log" "$1"
}

# How many times a simulator command was called.
count_calls() {
	if [ -f "$PBS_SIM_DIR/calls.log" ]; then
		calls "$1" | wc -l
	else
		echo 0
	fi
}
