#!/usr/bin/env bats
# A few seconds of each libFuzzer harness of tests/fuzz/ over its seed
# corpus: the parsers and the quoting must neither crash, leak nor trip
# the sanitizers.  bench/fuzz.sh runs them for longer.  Needs clang and
# libFuzzer (Debian: clang, libclang-rt-14-dev); skipped without them.

# Seconds each harness runs here: libFuzzer stops a second or so later,
# and the file has to stay under 40 s or so with the build.
FUZZ_SECONDS=${QXUB_FUZZ_SECONDS:-2}

setup_file() {
	load helpers/common
	local builddir=${QXUB_BUILDDIR:-$(dirname "$QXUB")} cc=${FUZZ_CC:-clang}
	export FUZZ_BIN=$builddir/fuzz-bin FUZZ_SKIP=
	# The harnesses bring their own sanitizers: the same run in the
	# sanitizer build of qxub would only repeat it.
	if ldd "$QXUB" 2>/dev/null | grep -q libasan; then
		export FUZZ_SKIP="the harnesses are sanitized builds of their own; they run with the plain build"
		return 0
	fi
	if ! command -v "$cc" >/dev/null; then
		export FUZZ_SKIP="no $cc to build the fuzz harnesses with"
		return 0
	fi
	echo 'int LLVMFuzzerTestOneInput(void) { return 0; }' \
	    >"$BATS_FILE_TMPDIR/probe.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined \
	    -o "$BATS_FILE_TMPDIR/probe" "$BATS_FILE_TMPDIR/probe.c" \
	    2>/dev/null; then
		export FUZZ_SKIP="$cc cannot link libFuzzer (libclang-rt-dev)"
		return 0
	fi
	make -s -C "$builddir" fuzz FUZZ_CC="$cc" >"$BATS_FILE_TMPDIR/build.log" 2>&1 || {
		cat "$BATS_FILE_TMPDIR/build.log" >&3
		return 1
	}
}

setup() {
	load helpers/common
	[ -z "$FUZZ_SKIP" ] || skip "$FUZZ_SKIP"
}

# Runs harness $1 and shows what it found when it found something.
fuzz() {
	local work=$BATS_TEST_TMPDIR/$1
	run "$QXUB_TESTS/fuzz/run.sh" "$FUZZ_BIN" "$1" "$FUZZ_SECONDS" "$work"
	if [ "$status" -ne 0 ] || compgen -G "$work/[a-z]*-*" >/dev/null; then
		tail -n 40 "$work/log"
		[ ! -f "$work/replay" ] || head -n 40 "$work/replay"
		ls "$work"
		return 1
	fi
	assert_output --regexp "^$1: [0-9]+ execs"
}

@test "fuzz: the YAML loader, and what it emits read back" { fuzz yaml; }
@test "fuzz: the JSON loader" { fuzz json; }
@test "fuzz: configuration files checked against the keys" { fuzz config; }
@test "fuzz: platform definitions" { fuzz platform; }
@test "fuzz: sizes, times, counts and resource lists" { fuzz resource; }
@test "fuzz: PBS qstat -f output" { fuzz pbs; }
@test "fuzz: Slurm squeue, sacct and scontrol output" { fuzz slurm; }
@test "fuzz: Grid Engine qstat -xml, qacct and qsub -terse output" { fuzz sge; }
@test "fuzz: template expansion" { fuzz template; }
@test "fuzz: quoting read back by /bin/sh" { fuzz quote; }
