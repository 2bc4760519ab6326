#!/usr/bin/env bats
# make install into a DESTDIR: the binary and its links, the man pages and
# the completion files land where configure said, and they work there.

setup_file() {
	: "${QXUB_BUILDDIR:?QXUB_BUILDDIR must name the build directory (make check sets it)}"
	: "${QXUB_INSTALL_DIRS:?make check sets QXUB_INSTALL_DIRS}"
	export DEST="$BATS_FILE_TMPDIR/dest"
	make -s -C "$QXUB_BUILDDIR" install DESTDIR="$DEST" >"$BATS_FILE_TMPDIR/install.log" 2>&1
	# The configured directories, as make expands them.
	local kv
	for kv in $QXUB_INSTALL_DIRS; do
		declare -g "$kv"
	done
	export bindir man1dir bashcompletiondir zshfunctionsdir pkglibexecdir
}

setup() {
	load helpers/common
	qxub_setup
}

@test "the installed qxub runs; qx, qxtat, qxet and qxi are links to it" {
	run -0 "$DEST$bindir/qxub" --version
	assert_output --regexp '^qxub [0-9.]+ '
	for l in qx qxtat qxet qxi; do
		assert [ -L "$DEST$bindir/$l" ]
		assert_equal "$(readlink "$DEST$bindir/$l")" qxub
		assert [ -L "$DEST$man1dir/$l.1" ]
	done
	run -0 --separate-stderr "$DEST$bindir/qx" -- echo installed
	assert_output installed
	run -0 "$DEST$bindir/qxtat" --help
	assert_line --index 0 --partial 'usage: qxub status'
	for l in qx qxtat qxi; do
		assert [ -L "$DEST$bashcompletiondir/$l" ]
	done
	assert [ ! -e "$DEST$bashcompletiondir/qxet" ]
}

@test "qxub-fetch is installed in the library directory, where the installed qxub runs it" {
	assert [ -x "$DEST$pkglibexecdir/qxub-fetch" ]
	run -0 "$DEST$pkglibexecdir/qxub-fetch" "file://$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	assert_line --index 0 '# NCI Gadi Platform Definition'
	# Unless told otherwise, the installed qxub runs the helper at its
	# installed place (not under DESTDIR, so not found here).
	[ ! -e "$pkglibexecdir/qxub-fetch" ] || skip "qxub-fetch is installed on this machine"
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'platforms:\n  x:\n    definition: http://127.0.0.1:1/x.yaml\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	QXUB_FETCH= run -3 --separate-stderr "$DEST$bindir/qxub" platform info x
	assert_regex "$stderr" "cannot fetch http://127.0.0.1:1/x.yaml: cannot run '$pkglibexecdir/qxub-fetch': No such file or directory\$"
}

@test "the installed man pages render, and qx(1) is qxub(1)" {
	command -v man >/dev/null || skip "man is not installed"
	run -0 man -l "$DEST$man1dir/qxub.1"
	assert_output --partial 'qxub exec'
	assert [ -L "$DEST$man1dir/qx.1" ]
	run -0 man -l "$DEST$man1dir/qx.1"
	assert_output --partial 'qxub exec'
}

@test "the completion files are where bash-completion and zsh look" {
	assert_file_exists "$DEST$bashcompletiondir/qxub"
	assert [ -L "$DEST$bashcompletiondir/qx" ]
	assert_file_exists "$DEST$zshfunctionsdir/_qxub"
	run -0 head -1 "$DEST$zshfunctionsdir/_qxub"
	assert_output --regexp '^#compdef qxub'
	# The installed bash completion loads and completes with the installed binary.
	run -0 bash -c '
	    source "$1"
	    COMP_WORDS=("$2" ex); COMP_CWORD=1; COMP_LINE="$2 ex"; COMP_POINT=${#COMP_LINE}
	    f=$(complete -p qxub | sed "s/.*-F \([^ ]*\).*/\1/")
	    "$f" qxub ex qxub
	    printf "%s\n" "${COMPREPLY[@]}"' _ "$DEST$bashcompletiondir/qxub" "$DEST$bindir/qxub"
	assert_output exec
}

@test "make uninstall removes everything it installed" {
	make -s -C "$QXUB_BUILDDIR" uninstall DESTDIR="$DEST" >/dev/null
	run -0 find "$DEST" -type f -o -type l
	assert_output ''
}
