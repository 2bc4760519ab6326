# The file-level setup of the exec suites, which run on each platform
# (see helpers/common.bash): load it at the top of the file.  The real
# Slurm of tests/slurm/ and the Grid Engine cell of tests/sge/ are started
# once a file and stopped by pid.

setup_file() {
	load helpers/common
	platform_start
}

teardown_file() {
	load helpers/common
	platform_stop
}
