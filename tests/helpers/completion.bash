# Shared by the bash and zsh completion tests.

# A working directory with one of each kind of file name, and bin/ with
# qxub and a qx that must never run: the completion asks the qxub beside
# it (see _qxub_find_binary).  $1 (bash or zsh) picks the driver.
completion_setup() {
	COMPLETE_DRIVER="$QXUB_TESTS/helpers/complete-$1"
	mkdir -p work/d
	touch work/a.sif work/b.txt
	cd work || return 1
	BIN="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$BIN"
	ln -s "$QXUB" "$BIN/qxub"
	local n
	for n in qx qxtat qxi; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/qx-ran"\nexit 1\n' \
			"$n" "$BATS_TEST_TMPDIR" >"$BIN/$n"
		chmod +x "$BIN/$n"
	done
}

# Prints the sorted, unique candidates for LINE (cursor at its end).
candidates() {
	local out
	out=$("$COMPLETE_DRIVER" "$1") || return
	[ -z "$out" ] || printf '%s\n' "$out" | LC_ALL=C sort -u
}

# What qxub itself lists, sorted the same way: the completion must offer
# exactly that (the tables grow; the tests need not follow).
commands() {
	"$QXUB" __complete commands | cut -f1 | LC_ALL=C sort -u
}
platforms() {
	"$QXUB" __complete values platform | LC_ALL=C sort -u
}

# A fake conda whose `conda env list` shows a named, a starred and an
# unnamed environment.
fake_conda() {
	mkdir -p "$BATS_TEST_TMPDIR/conda-bin"
	cat >"$BATS_TEST_TMPDIR/conda-bin/conda" <<'SH'
#!/bin/sh
[ "$1 $2" = "env list" ] || exit 2
cat <<'LIST'
# conda environments:
#
base                  *  /opt/conda
myenv                    /opt/conda/envs/myenv
/some/unnamed/env
LIST
SH
	chmod +x "$BATS_TEST_TMPDIR/conda-bin/conda"
	PATH="$BATS_TEST_TMPDIR/conda-bin:$PATH"
}

# Puts first on PATH a qxub that knows only a command called "other".
other_qxub_on_path() {
	mkdir -p "$BATS_TEST_TMPDIR/other"
	printf '#!/bin/sh\n[ "$2" = commands ] && printf "other\\tfrom PATH\\n"\n' \
		>"$BATS_TEST_TMPDIR/other/qxub"
	chmod +x "$BATS_TEST_TMPDIR/other/qxub"
	PATH="$BATS_TEST_TMPDIR/other:$PATH"
}

# The commands of jobs after submission, and the names qxtat and qxi,
# which must never run (the completion asks the qxub beside them).
check_job_commands() {
	run -0 candidates "$BIN/qxtat --f"
	assert_output --format
	run -0 candidates "$BIN/qxtat --format "
	assert_output $'exitcode\njson\nsnakemake'
	run -0 candidates "$BIN/qxtat "
	assert_output check
	run -0 candidates "$BIN/qxi --en"
	assert_output --env
	run -0 candidates "$BIN/qxub monitor --su"
	assert_output --summary
	run -0 candidates "$BIN/qxub cancel --fo"
	assert_output --force
	run -0 candidates "$BIN/qxub history "
	assert_output $'err\nlatest\nlist\nlog\nout\nshow'
	assert_file_not_exists "$BATS_TEST_TMPDIR/qx-ran"
}
