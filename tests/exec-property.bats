#!/usr/bin/env bats
# Property test: 1000 random argvs through qxub exec on the local
# scheduler, each echoed back by the job and compared byte for byte.

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	qxub_teardown
}

@test "1000 random argvs reach the job byte for byte" {
	run python3 "$QXUB_TESTS/helpers/argv-property.py"
	assert_success
	assert_line '0 of 1000 cases failed'
	# Every case was a real job with its own directory.
	assert_equal "$(job_count)" 1000
}
