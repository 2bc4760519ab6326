#!/usr/bin/env bats
# Memcheck over a representative set of commands: a real local job with
# its output streamed, dry runs from a configuration with templates,
# config, platform, history, status, cancel, completion and the error
# paths of bad input.  Each must exit as it does without valgrind, with
# no invalid access, no use of uninitialised memory and no definite or
# indirect leak.  The jobs' own processes (bash, sh) are not traced.

setup() {
	load helpers/common
	command -v valgrind >/dev/null ||
	    skip "valgrind is not installed (bootstrap.sh installs it)"
	# An ASan build maps shadow memory that valgrind cannot run.
	! ldd "$QXUB" 2>/dev/null | grep -q libasan ||
	    skip "valgrind cannot run an AddressSanitizer build"
	qxub_setup
	FIXTURES=$QXUB_TESTS/fixtures/qxub
	mkdir -p "$XDG_CONFIG_HOME/qxub" logs
	cat >cfg.yaml <<-YAML
	templates:
	  base: $BATS_TEST_TMPDIR/logs
	  tag: "{user}-{date}"
	defaults:
	  project: a56
	  name: "run_{date}"
	  out: "{base}/{name}.out"
	  joblog: "{log_dir}/{name}.log"
	  volumes: gdata/{project}
	  mem: 4GB
	  runtime: 1h
	YAML
}

teardown() {
	qxub_teardown
}

# Runs qxub under memcheck; its exit status must be $1 and memcheck's log
# (of qxub and of any child that forks without exec) empty.
vg() {
	local want=$1
	shift
	rm -f "$BATS_TEST_TMPDIR"/vg.*
	run --separate-stderr valgrind -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --track-fds=no --trace-children=no \
	    --log-file="$BATS_TEST_TMPDIR/vg.%p" "$QXUB" "$@"
	assert_equal "$(cat "$BATS_TEST_TMPDIR"/vg.* 2>/dev/null)" ""
	assert_equal "$status" "$want"
}

@test "memcheck: a local job, its streams copied and written where templates say" {
	vg 0 exec --platform local --out 'out-{user}.txt' --err '{tag}.err' \
	    --config cfg.yaml -- sh -c 'echo to-out; echo to-err >&2'
	assert_output to-out
	assert_equal "$stderr" to-err
	assert_equal "$(cat "out-$(id -un).txt")" to-out
	vg 3 exec --platform local --var A=1 --pre 'echo pre' --post 'echo post' \
	    -- sh -c 'echo "$A"; exit 3'
	assert_output --partial 1
	vg 0 exec --platform local --cmd 'echo a && echo b >&2'
}

@test "memcheck: dry runs from a configuration with templates, for each scheduler" {
	vg 0 exec --dry-run --config cfg.yaml --platform pbs -- echo hi
	assert_line --index 0 --partial ' -l storage=gdata/a56 '
	vg 0 exec --dry-run --platform slurm --env myenv --mem 4GB \
	    --runtime 1h -- echo hi
	vg 0 exec --dry-run --platform sge --mod gcc --mod python3 -- echo hi
	QXUB_PLATFORM_FILE=$FIXTURES/nci_gadi.yaml vg 0 exec --dry-run \
	    --platform nci_gadi --queue auto --mem 500GB -- echo hi
}

@test "memcheck: config set, get, list and validate" {
	vg 0 config set defaults.queue normal
	vg 0 config get defaults.queue
	assert_output normal
	vg 0 config list --show-origin
	vg 0 config validate
	vg 1 config get nope.nope
}

@test "memcheck: platform list, info and select-queue on the fixture definitions" {
	export QXUB_PLATFORM_FILE=$FIXTURES/nci_gadi.yaml
	vg 0 platform list
	assert_line --regexp '^nci_gadi +defined +pbs +-$'
	vg 0 platform info nci_gadi --json
	vg 0 platform select-queue nci_gadi
	unset QXUB_PLATFORM_FILE
	mkdir defs
	cp "$FIXTURES/test_platform.yaml" defs/
	QXUB_PLATFORM_PATHS=$PWD/defs vg 0 platform info test_platform
	vg 3 platform info nope
}

@test "memcheck: history, status, monitor and cancel of local jobs" {
	vg 0 exec --terse --platform local --name vg -- sleep 30
	id=$output
	vg 0 history
	vg 0 history show "$id" --json
	vg 0 status "$id"
	vg 0 cancel --force "$id"
	assert_output "$id: cancelled"
	vg 0 history latest
	vg 2 cancel nosuchjob
	vg 0 exec --terse --platform local -- sh -c 'echo x; exit 2'
	id=$output
	vg 1 monitor "$id"
	assert_line --index 0 --regexp "^$id +failed +2 "
	vg 1 status check "$id" --format exitcode
	vg 0 history out "$id"
	assert_output x
}

@test "memcheck: completion" {
	vg 0 __complete options exec
	vg 0 __complete operands config
	vg 0 __complete values exec --platform
}

@test "memcheck: refused input: bad YAML, a bad template, an unknown option" {
	printf 'defaults:\n  queue: [a\n' >bad.yaml
	vg 3 exec --config bad.yaml -- true
	assert_regex "$stderr" '^qxub: bad\.yaml:3:1: '
	printf 'defaults:\n  out: "{nope}/x"\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	vg 3 exec --dry-run -- true
	rm "$XDG_CONFIG_HOME/qxub/config.yaml"
	vg 2 exec --out 'x-{nope}' -- true
	vg 2 exec --bogus
}
