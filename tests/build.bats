#!/usr/bin/env bats
# What the build promises about the binary itself.

setup() {
	load helpers/common
	qxub_setup
}

@test "qxub links libyaml but neither libcurl nor libssh2" {
	run -0 ldd "$QXUB"
	assert_line --partial 'libyaml'
	refute_output --partial 'libcurl'
	refute_output --partial 'libssh'
}

@test "qxub-fetch, the download helper, is the one that links libcurl" {
	run -0 ldd "$QXUB_FETCH"
	assert_line --partial 'libcurl'
	refute_output --partial 'libyaml'
	# It reads a file: URL to stdout and says what it got on stderr.
	run -0 --separate-stderr "$QXUB_FETCH" "file://$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	assert_equal "$output" "$(cat "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml")"
	assert_equal "${stderr_lines[0]}" "status: 0"
	run -2 --separate-stderr "$QXUB_FETCH"
	assert_regex "$stderr" '^usage: qxub-fetch '
}
