#!/usr/bin/env bats
# Property test: random argvs through qxub exec on each platform, each
# echoed back by the job and compared byte for byte.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
}

teardown() {
	qxub_teardown
}

@test "random argvs reach the job byte for byte (1000; 50 on a real Slurm or Grid Engine)" {
	local n=1000
	# Real Slurm and Grid Engine jobs take a scheduling pass each.
	case $QXUB_TEST_PLATFORM in
	slurm | sge) n=50 ;;
	esac
	QXUB_PROPERTY_CASES=$n run python3 "$QXUB_TESTS/helpers/argv-property.py"
	assert_success
	assert_line "0 of $n cases failed"
	# Every case was a real job with its own directory.
	assert_equal "$(job_count)" "$n"
}
