#!/usr/bin/env bats
# The command line around exec: help, version, dispatch, errors.

setup() {
	load helpers/common
	qxub_setup
}

@test "--version prints the version" {
	run "$QXUB" --version
	assert_success
	assert_output --regexp '^qxub [0-9]+\.[0-9]+\.[0-9]+ \(libyaml [0-9.]+\)$'
}

@test "--help lists the commands on stdout" {
	run -0 --separate-stderr "$QXUB" --help
	assert_line --partial 'usage: qxub'
	assert_line --regexp '^  exec +run a command as a batch job'
	assert_line --regexp '^  help +'
	[ -z "$stderr" ]
}

@test "no command prints the help and succeeds" {
	run "$QXUB"
	assert_success
	assert_line --partial 'usage: qxub'
}

@test "exec --help and help exec print the same text" {
	run -0 "$QXUB" exec --help
	local a=$output
	run -0 "$QXUB" help exec
	assert_equal "$output" "$a"
	assert_line --partial 'usage: qxub exec [options] [--] COMMAND'
	assert_line --partial '--dry-run, --dry'
	assert_line --partial 'Exit status:'
}

@test "exec --help shows every spelling of every option" {
	run -0 "$QXUB" exec --help
	for o in --cmd --pre --post --env --mod --module --mods --modules \
	    --sif --container --bind --default -N --name --execdir \
	    --create-execdir --out --err --var --vars --platform --dry-run \
	    --dry --terse --quiet -v --verbose --config -l --resources -q \
	    --queue -P --project --mem --memory --runtime --time --cpus \
	    --threads --disk --jobfs --volumes --storage --gpus --email \
	    --email-opts --array --joblog --template --alias --shortcut \
	    --log-dir --gpu-type --internet; do
		assert_output --regexp "(^|[ ,])$o([ ,]|$)"
	done
}

@test "an unknown command is a usage error" {
	run -2 --separate-stderr "$QXUB" frobnicate
	assert_equal "$stderr" "qxub: unknown command 'frobnicate' (see 'qxub --help')"
	[ -z "$output" ]
}

@test "an unknown global option is a usage error" {
	run -2 --separate-stderr "$QXUB" --frob
	assert_equal "${stderr_lines[0]}" "qxub: unknown option '--frob'"
	run -2 --separate-stderr "$QXUB" -x
	assert_equal "${stderr_lines[0]}" "qxub: unknown option '-x'"
}

@test "help of an unknown command is a usage error" {
	run -2 --separate-stderr "$QXUB" help nope
	assert_equal "$stderr" "qxub: unknown command 'nope' (see 'qxub --help')"
}

@test "qx is qxub exec" {
	ln -s "$QXUB" "$BATS_TEST_TMPDIR/qx"
	run -0 --separate-stderr "$BATS_TEST_TMPDIR/qx" -- echo via qx
	assert_output 'via qx'
	run -0 "$BATS_TEST_TMPDIR/qx" --help
	assert_line --partial 'usage: qxub exec'
}
