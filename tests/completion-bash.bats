#!/usr/bin/env bats
# The bash completion (completions/qxub.bash), driven through its real
# completion function by helpers/complete-bash: bash-completion is loaded
# when it is installed, and some tests run without it (COMPLETE_PLAIN=1).

setup() {
	load helpers/common
	qxub_setup
	# The user's own `module` (exported by Environment Modules) must not
	# reach the completion under test.
	unset -f module
	load helpers/completion
	load helpers/httpd
	completion_setup bash
}

teardown() {
	httpd_stop
}

# The `module` shell function of Environment Modules, faked: helpers run in
# a child bash, so it is exported.
fake_module() {
	module() {
		if [ "$*" = "-t avail" ]; then
			printf '/opt/modulefiles:\ngcc/12\ncmake/3.25(default)\n' >&2
		fi
	}
	export -f module
}

@test "qxub TAB offers the commands, not the hidden __complete" {
	run -0 candidates "$QXUB "
	assert_line exec
	assert_line help
	refute_line __complete
	assert_output "$(commands)"
}

@test "qxub ex TAB completes exec" {
	run -0 candidates "$QXUB ex"
	assert_output exec
}

@test "qxub - TAB offers the global options" {
	run -0 candidates "$QXUB -"
	assert_output "$("$QXUB" __complete options | cut -f1 | LC_ALL=C sort -u)"
	assert_line --verbose
	assert_line -h
}

@test "global options before the command are skipped" {
	run -0 candidates "$QXUB -v --verbose ex"
	assert_output exec
	run -0 candidates "$QXUB -v exec --dr"
	assert_output $'--dry\n--dry-run'
}

@test "exec --mo TAB offers every spelling that matches" {
	run -0 candidates "$QXUB exec --mo"
	assert_output $'--mod\n--mods\n--module\n--modules'
}

@test "exec - TAB offers short and long exec options from the table" {
	run -0 candidates "$QXUB exec -"
	assert_line -- -N
	assert_line -- --platform
	assert_line -- --create-execdir
	# Every spelling qxub lists, and nothing else.
	assert_equal "$output" "$("$QXUB" __complete options exec | cut -f1 | sort -u)"
}

@test "exec --platform TAB offers the platforms" {
	run -0 candidates "$QXUB exec --platform "
	assert_line local
	assert_output "$(platforms)"
}

@test "exec --platform= TAB and --platform=lo TAB offer the platforms" {
	run -0 candidates "$QXUB exec --platform="
	assert_line local
	assert_output "$(platforms)"
	run -0 candidates "$QXUB exec --platform=lo"
	assert_output local
}

@test "--platform=lo keeps the option when = does not break words" {
	# Then readline replaces the whole word, so the candidate must be too.
	COMPLETE_WORDBREAKS=$' \t\n' run -0 candidates "$QXUB exec --platform=lo"
	assert_output --platform=local
}

@test "exec --platform, --alias and --shortcut TAB offer the configuration's names" {
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'platforms:\n  gadi_local: {definition: x}\naliases:\n  train: {env: t}\n  tidy: {env: u}\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	echo '{"dvc data": {"env": "d"}, "python": {"env": "p"}}' >"$XDG_CONFIG_HOME/qxub/shortcuts.json"
	run -0 candidates "$QXUB exec --platform "
	assert_line gadi_local
	assert_line local
	run -0 candidates "$QXUB exec --alias t"
	assert_output $'tidy\ntrain'
	run -0 candidates "$QXUB exec --shortcut py"
	assert_output python
}

@test "qxub config TAB offers its subcommands, word by word" {
	run -0 candidates "$QXUB config "
	assert_output "$("$QXUB" __complete operands config | cut -f1 | LC_ALL=C sort -u)"
	assert_line validate
	assert_line alias
	run -0 candidates "$QXUB config alias s"
	assert_output $'set\nshow'
	run -0 candidates "$QXUB config shortcut re"
	assert_output rename
	run -0 candidates "$QXUB config get x "
	assert_output ''
}

@test "qxub platform TAB offers list and info; info TAB the platforms" {
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'platforms:\n  gadi:\n    remote:\n      host: gadi\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 candidates "$QXUB platform "
	assert_output $'check\nestimate\ninfo\nlist\nrefresh\nselect-queue\nvalidate'
	run -0 candidates "$QXUB platform info "
	assert_output $'gadi\nlocal\npbs\nsge\nslurm'
	run -0 candidates "$QXUB platform check "
	assert_output $'gadi\nlocal\npbs\nsge\nslurm'
	QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" run -0 candidates "$QXUB platform info "
	assert_output $'gadi\nlocal\nnci_gadi\npbs\nsge\nslurm'
	run -0 candidates "$QXUB platform list "
	assert_output ''
	run -0 candidates "$QXUB platform --j"
	assert_output --json
}

@test "exec --gpu-type TAB offers the GPU models of the platform definitions" {
	QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" run -0 candidates "$QXUB exec --gpu-type "
	assert_output $'a100\nv100'
}

@test "exec --queue TAB offers the queues of the platform on the line, and auto" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 candidates "$QXUB exec --platform nci_gadi --queue norm"
	assert_output $'normal\nnormalbw\nnormalsl\nnormalsr'
	run -0 candidates "$QXUB exec --platform=nci_gadi -q a"
	assert_output auto
	# No platform on the line, and no defaults.platform: nothing.
	run -0 candidates "$QXUB exec --queue "
	assert_output ''
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'defaults:\n  platform: nci_gadi\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 candidates "$QXUB exec --queue ex"
	assert_output $'express\nexpressbw\nexpresssr'
}

@test "exec --queue TAB reads a configured definition, a URL's only from the cache" {
	httpd_start web
	cp "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" "$web_DOCS/gadi.yaml"
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	printf 'platforms:\n  gadi:\n    definition: %s\n  lab:\n    definition: %s\n' "$web_URL/gadi.yaml" "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 candidates "$QXUB exec --platform lab --queue copy"
	assert_output copyq
	# Not cached: no candidates, and Tab does not wait for the server.
	run -0 candidates "$QXUB exec --platform gadi --queue copy"
	assert_output ''
	assert_equal "$(wc -l <"$web_LOG")" 0
	# Cached, however old: its queues, and still no request.
	run -0 "$QXUB" platform info gadi
	sed -i 's/"fetched": [0-9]*/"fetched": 1000/' "$XDG_CACHE_HOME"/qxub/platforms/*.meta
	run -0 candidates "$QXUB exec --platform gadi --queue copy"
	assert_output copyq
	assert_equal "$(wc -l <"$web_LOG")" 1
}

@test "exec --sif TAB offers files and directories" {
	run -0 candidates "$QXUB exec --sif "
	assert_output $'a.sif\nb.txt\nd'
	run -0 candidates "$QXUB exec --sif=a"
	assert_output a.sif
}

@test "exec --execdir TAB offers directories only" {
	run -0 candidates "$QXUB exec --execdir "
	assert_output d
}

@test "exec --env TAB offers the named conda environments" {
	fake_conda
	run -0 candidates "$QXUB exec --env "
	assert_output $'base\nmyenv'
	run -0 candidates "$QXUB exec --env=my"
	assert_output myenv
}

@test "exec --mod TAB offers module names without markers" {
	fake_module
	run -0 candidates "$QXUB exec --mod "
	assert_output $'cmake/3.25\ngcc/12'
	run -0 candidates "$QXUB exec --mods=gcc/12,cm"
	assert_output gcc/12,cmake/3.25
}

@test "exec --mod TAB offers nothing without a module function" {
	run -0 candidates "$QXUB exec --mod "
	assert_output ''
}

@test "exec --var TAB offers exported variable names" {
	export QXUB_COMPLETION_TEST_VAR=1
	run -0 candidates "$QXUB exec --var QXUB_COMPLETION_TEST_V"
	assert_output QXUB_COMPLETION_TEST_VAR
}

@test "the values of -N and --name are no option position" {
	run -0 candidates "$QXUB exec -N --dr"
	assert_output ''
	run -0 candidates "$QXUB exec -N job --dr"
	assert_output $'--dry\n--dry-run'
	run -0 candidates "$QXUB exec -vNjob --dr"
	assert_output $'--dry\n--dry-run'
	run -0 candidates "$QXUB exec --name=job --dr"
	assert_output $'--dry\n--dry-run'
}

@test "exec -- ec TAB completes command names" {
	run -0 candidates "$QXUB exec -- ec"
	assert_line echo
}

@test "after the command word no qxub option is offered" {
	mkdir -p "$BATS_TEST_TMPDIR/cmds"
	printf '#!/bin/sh\n' >"$BATS_TEST_TMPDIR/cmds/pythfake"
	chmod +x "$BATS_TEST_TMPDIR/cmds/pythfake"
	PATH="$BATS_TEST_TMPDIR/cmds:$PATH"
	run -0 candidates "$QXUB exec --env e pyth"
	assert_line pythfake
	refute_line --regexp '^-'
	run -0 candidates "$QXUB exec pythfake --dr"
	refute_output --partial --dry
	run -0 candidates "$QXUB exec -- --dr"
	refute_output --partial --dry
}

@test "qxub help TAB offers the commands" {
	run -0 candidates "$QXUB help "
	assert_line exec
	assert_line help
	assert_output "$(commands)"
	run -0 candidates "$QXUB help exec "
	assert_output ''
}

@test "qxtat and qxi complete as qxub status and qxub interactive, and never run" {
	check_job_commands
}

@test "qx --dr TAB offers exec options and never runs qx" {
	run -0 candidates "$BIN/qx --dr"
	assert_output $'--dry\n--dry-run'
	run -0 candidates "$BIN/qx --platform "
	assert_output "$(platforms)"
	assert_file_not_exists "$BATS_TEST_TMPDIR/qx-ran"
}

@test "the qxub typed is asked, and qxub from PATH when typed bare" {
	other_qxub_on_path
	run -0 candidates "$QXUB "
	assert_output "$(commands)"
	run -0 candidates "qxub "
	assert_output other
	run -0 candidates "$BATS_TEST_TMPDIR/no/such/qxub "
	assert_output other
}

@test "without bash-completion: commands, options, values, files, commands" {
	export COMPLETE_PLAIN=1
	run -0 candidates "$QXUB "
	assert_output "$(commands)"
	run -0 candidates "$QXUB exec --mo"
	assert_output $'--mod\n--mods\n--module\n--modules'
	run -0 candidates "$QXUB exec --platform="
	assert_output "$(platforms)"
	run -0 candidates "$QXUB exec --sif "
	assert_output $'a.sif\nb.txt\nd'
	run -0 candidates "$QXUB exec --execdir "
	assert_output d
	run -0 candidates "$QXUB exec -- ec"
	assert_line echo
	run -0 candidates "$QXUB exec echo a"
	assert_output a.sif
	run -0 candidates "$BIN/qx --dr"
	assert_output $'--dry\n--dry-run'
}

@test "qxub.bash passes shellcheck" {
	command -v shellcheck >/dev/null || skip "shellcheck is not installed"
	run -0 shellcheck "$QXUB_SRCDIR/completions/qxub.bash"
}
