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
