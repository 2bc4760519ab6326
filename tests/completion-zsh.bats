#!/usr/bin/env bats
# The zsh completion (completions/_qxub), driven through a real interactive
# zsh by helpers/complete-zsh: it types the line on a pseudo-terminal,
# presses a key bound to a completion widget, and prints the matches that
# zsh's completion system found (see that file for how).

setup() {
	load helpers/common
	qxub_setup
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
		skip "zsh has no zsh/zpty module"
	load helpers/completion
	completion_setup zsh
}

@test "zsh: qxub TAB offers the commands with their summaries" {
	run -0 candidates "$QXUB "
	assert_line exec
	assert_line help
	refute_line __complete
	assert_output "$(commands)"
	COMPLETE_ZSH_SHOW=displays run -0 candidates "$QXUB "
	assert_line --regexp '^exec +-- run a command as a batch job'
}

@test "zsh: qxub platform TAB offers list and info; info TAB the platforms" {
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'platforms:\n  gadi:\n    remote:\n      host: gadi\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 candidates "$QXUB platform "
	assert_output $'check\nestimate\ninfo\nlist\nrefresh\nselect-queue\nvalidate'
	run -0 candidates "$QXUB platform info "
	assert_output $'gadi\nlocal\npbs\nsge\nslurm'
	run -0 candidates "$QXUB platform check "
	assert_output $'gadi\nlocal\npbs\nsge\nslurm'
}

@test "zsh: exec --queue TAB offers the queues of the platform on the line" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 candidates "$QXUB exec --platform nci_gadi --queue norm"
	assert_output $'normal\nnormalbw\nnormalsl\nnormalsr'
}

@test "zsh: qxub config TAB offers its subcommands, word by word" {
	run -0 candidates "$QXUB config "
	assert_output "$("$QXUB" __complete operands config | cut -f1 | LC_ALL=C sort -u)"
	run -0 candidates "$QXUB config alias s"
	assert_output $'set\nshow'
	run -0 candidates "$QXUB config shortcut re"
	assert_output rename
}

@test "zsh: qxub ex TAB completes exec" {
	run -0 candidates "$QXUB ex"
	assert_output exec
}

@test "zsh: qxub - TAB offers the global options" {
	run -0 candidates "$QXUB -"
	assert_output "$("$QXUB" __complete options | cut -f1 | LC_ALL=C sort -u)"
	assert_line --version
}

@test "zsh: exec --mo TAB offers every spelling that matches" {
	run -0 candidates "$QXUB exec --mo"
	assert_output $'--mod\n--mods\n--module\n--modules'
}

@test "zsh: exec options are listed with their help" {
	COMPLETE_ZSH_SHOW=displays run -0 candidates "$QXUB exec --bi"
	# Brackets and colons in the help survive the _arguments spec.
	assert_output --partial \
		'--bind  -- bind path into the container, SRC[:DEST[:OPTS]]'
}

@test "zsh: exec --platform TAB, --platform= TAB offer the platforms" {
	run -0 candidates "$QXUB exec --platform "
	assert_line local
	assert_output "$(platforms)"
	run -0 candidates "$QXUB exec --platform="
	assert_output "$(platforms)"
	run -0 candidates "$QXUB exec --platform=lo"
	assert_output local
}

@test "zsh: qxtat and qxi complete as qxub status and qxub interactive, and never run" {
	check_job_commands
}

@test "zsh: qx --dr TAB offers exec options and never runs qx" {
	run -0 candidates "$BIN/qx --dr"
	assert_output $'--dry\n--dry-run'
	run -0 candidates "$BIN/qx --platform "
	assert_output "$(platforms)"
	assert_file_not_exists "$BATS_TEST_TMPDIR/qx-ran"
}

@test "zsh: exec --sif TAB offers files, --execdir TAB directories" {
	run -0 candidates "$QXUB exec --sif "
	assert_output $'a.sif\nb.txt\nd'
	run -0 candidates "$QXUB exec --execdir "
	assert_output d
}

@test "zsh: exec --env TAB offers the named conda environments" {
	fake_conda
	run -0 candidates "$QXUB exec --env "
	assert_output $'base\nmyenv'
}

@test "zsh: exec --mod TAB offers module names without markers" {
	# The shell's `module` function, faked.
	export COMPLETE_ZSH_PRELUDE="$BATS_TEST_TMPDIR/prelude.zsh"
	cat >"$COMPLETE_ZSH_PRELUDE" <<'ZSH'
module() {
	[[ "$*" == "-t avail" ]] &&
		printf '/opt/modulefiles:\ngcc/12\ncmake/3.25(default)\n' >&2
}
ZSH
	run -0 candidates "$QXUB exec --mod "
	assert_output $'cmake/3.25\ngcc/12'
	run -0 candidates "$QXUB exec --mods=gcc/12,cm"
	assert_output cmake/3.25
}

@test "zsh: the values of -N and --name are no option position" {
	run -0 candidates "$QXUB exec -N --dr"
	assert_output ''
	run -0 candidates "$QXUB exec -N job --dr"
	assert_output $'--dry\n--dry-run'
	run -0 candidates "$QXUB exec -vNjob --dr"
	assert_output $'--dry\n--dry-run'
}

@test "zsh: the command after exec completes as a command" {
	mkdir -p "$BATS_TEST_TMPDIR/cmds"
	printf '#!/bin/sh\n' >"$BATS_TEST_TMPDIR/cmds/pythfake"
	chmod +x "$BATS_TEST_TMPDIR/cmds/pythfake"
	PATH="$BATS_TEST_TMPDIR/cmds:$PATH"
	run -0 candidates "$QXUB exec -- ec"
	assert_line echo
	run -0 candidates "$QXUB exec --env e pyth"
	assert_line pythfake
	refute_output --partial -- '--'
	run -0 candidates "$QXUB exec pythfake --dr"
	refute_output --partial --dry
	run -0 candidates "$QXUB exec -- --dr"
	refute_output --partial --dry
}

@test "zsh: qxub help TAB offers the commands" {
	run -0 candidates "$QXUB help "
	assert_output "$(commands)"
}

@test "zsh: the qxub typed is asked, and qxub from PATH when typed bare" {
	other_qxub_on_path
	run -0 candidates "$QXUB "
	assert_output "$(commands)"
	run -0 candidates "qxub "
	assert_output other
}
