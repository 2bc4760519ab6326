#!/usr/bin/env bats
# Aliases (aliases: in the configuration) and shortcuts (JSON files keyed
# by the start of the command), and environment overrides of defaults.

setup() {
	load helpers/common
	qxub_setup
	mkdir -p "$XDG_CONFIG_HOME/qxub" "$XDG_CONFIG_DIRS/qxub"
	USER_CFG="$XDG_CONFIG_HOME/qxub/config.yaml"
	USER_SC="$XDG_CONFIG_HOME/qxub/shortcuts.json"
	SYSTEM_SC="$XDG_CONFIG_DIRS/qxub/shortcuts.json"
}

teardown() {
	qxub_teardown
}

@test "--alias applies a flat alias's options; the command line wins" {
	cat >"$USER_CFG" <<'YAML'
aliases:
  train:
    env: torch
    queue: gpuvolta
    resources: [mem=16GB, ngpus=1]
    pre: echo pre
    name: trainer
YAML
	run -0 --separate-stderr "$QXUB" exec --alias train --dry-run --platform pbs -- python t.py
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -N trainer -q gpuvolta -l mem=16GB -l ngpus=1 '
	assert_line "conda activate 'torch' >&9 2>&9 ||"
	assert_line "bash -c 'echo pre' 9>&-"
	run -0 --separate-stderr "$QXUB" exec --alias train --dry-run --platform pbs -q express --env other -- python t.py
	assert_line --index 0 --partial ' -q express '
	assert_line "conda activate 'other' >&9 2>&9 ||"
}

@test "a -l on the command line wins over an alias's resource option" {
	printf 'aliases:\n  big:\n    mem: 64GB\n    cpus: 8\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --alias big --dry-run --platform pbs -l mem=1GB -- true
	assert_line --index 0 --partial ' -l mem=1GB -l ncpus=8 '
}

@test "qxub 3.x's hierarchical alias form works, and its cmd runs when no command is given" {
	cat >"$USER_CFG" <<'YAML'
aliases:
  dvcpush:
    main: {queue: copyq}
    subcommand: {type: conda, env: dvc}
    target: {cmd: dvc push}
YAML
	run -0 --separate-stderr "$QXUB" exec --alias dvcpush --dry-run --platform pbs
	assert_line --index 0 --partial ' -q copyq '
	assert_line "conda activate 'dvc' >&9 2>&9 ||"
	assert_line "bash -c 'dvc push' 9>&-"
}

@test "an alias really runs" {
	printf 'aliases:\n  hello:\n    cmd: echo "hello from $GREETER"\n    var: GREETER=alias\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --alias hello
	assert_output 'hello from alias'
}

@test "an unknown alias is a usage error; a bad one names FILE:LINE:COL" {
	run -2 --separate-stderr "$QXUB" exec --alias nope -- true
	assert_equal "$stderr" "qxub: no alias 'nope' in the configuration (see 'qxub config alias list')"
	printf 'aliases:\n  bad:\n    colour: blue\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --alias bad -- true
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: alias 'bad': 'colour' is not an option of qxub exec"
	printf 'aliases:\n  bad:\n    queue: [a, b]\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --alias bad -- true
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: alias 'bad': 'queue' must be a string"
	assert_equal "$(job_count)" 0
}

@test "a control character in an alias's or shortcut's value for the scheduler: config error, nothing submitted" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	marker="$BATS_TEST_TMPDIR/marker"
	printf 'aliases:\n  bad:\n    queue: "x\\ntouch %s"\n' "$marker" >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --alias bad -- true
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: alias 'bad': 'queue': control character (\n) not allowed"
	printf 'aliases:\n  bad:\n    sbatch: [--exclusive, "--comment=x\\r"]\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --alias bad -- true
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: alias 'bad': 'sbatch': control character (\r) not allowed"
	printf '{"python": {"email": "me@x\\ntouch %s"}}\n' "$marker" >"$USER_SC"
	run -3 --separate-stderr "$QXUB" exec -- python -V
	assert_equal "$stderr" "qxub: $USER_SC:1:13: shortcut 'python': 'email': control character (\n) not allowed"
	assert_equal "$(count_calls qsub)" 0
	assert_equal "$(job_count)" 0
	assert_file_not_exists "$marker"
	# A snippet is shell: its newlines are its own.
	printf 'aliases:\n  ok:\n    pre: "echo a\\necho b"\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --alias ok --platform pbs --dry-run -- true
	assert_line "bash -c 'echo a"
}

@test "a shortcut applies by the longest word prefix of the command when no context is given" {
	cat >"$USER_SC" <<'JSON'
{
  "dvc": {"env": "dvc-env", "queue": "copyq"},
  "dvc data": {"env": "data-env"},
  "python": {"mod": ["python3"], "resources": ["mem=8GB"]}
}
JSON
	run -0 --separate-stderr "$QXUB" exec -v --dry-run --platform pbs -- dvc data status --json
	assert_line "conda activate 'data-env' >&9 2>&9 ||"
	assert_regex "$stderr" "qxub: using shortcut 'dvc data'"
	refute_line --partial 'using shortcut'
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- dvc push
	assert_line "conda activate 'dvc-env' >&9 2>&9 ||"
	assert_line --index 0 --partial ' -q copyq '
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- dvcx push
	refute_line --partial 'conda activate'
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs --cmd 'python run.py'
	assert_line "module load 'python3' >&9 2>&9 ||"
	assert_line --index 0 --partial ' -l mem=8GB '
}

@test "a context option turns shortcut matching off; --shortcut picks one explicitly" {
	echo '{"python": {"env": "py"}}' >"$USER_SC"
	run -0 --separate-stderr "$QXUB" exec --dry-run --mod gcc -- python x.py
	refute_line --partial "conda activate"
	run -0 --separate-stderr "$QXUB" exec --dry-run --shortcut python -- other
	assert_line "conda activate 'py' >&9 2>&9 ||"
	run -2 --separate-stderr "$QXUB" exec --dry-run --shortcut nope -- other
	assert_equal "$stderr" "qxub: no shortcut 'nope' (see 'qxub config shortcut list')"
	run -2 --separate-stderr "$QXUB" exec --dry-run --shortcut python --alias a -- other
	assert_equal "$stderr" "qxub: --alias and --shortcut cannot be combined"
}

@test "the user's shortcuts replace the system's of the same prefix" {
	echo '{"python": {"env": "system-env"}, "R": {"env": "r-env"}}' >"$SYSTEM_SC"
	echo '{"python": {"env": "user-env"}}' >"$USER_SC"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- python x.py
	assert_line "conda activate 'user-env' >&9 2>&9 ||"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- R x.R
	assert_line "conda activate 'r-env' >&9 2>&9 ||"
}

@test "a shortcut key of more than 1024 characters loads, applies and breaks no other exec" {
	long=$(printf 'w%.0s' $(seq 1100))
	printf '{"%s": {"env": "long-env"}, "python": {"env": "py-env"}}\n' "$long" >"$USER_SC"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- python x.py
	assert_line "conda activate 'py-env' >&9 2>&9 ||"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- "$long" arg
	assert_line "conda activate 'long-env' >&9 2>&9 ||"
	# config shortcut set writes such a key, and reads it back.
	run -0 --separate-stderr "$QXUB" config shortcut set "x$long" --env x-env
	run -0 --separate-stderr "$QXUB" config shortcut show "x$long"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- "x$long"
	assert_line "conda activate 'x-env' >&9 2>&9 ||"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- python x.py
	assert_line "conda activate 'py-env' >&9 2>&9 ||"
	# An error after such a key is still at its line and column.
	printf '{\n  "%s": {"env": "e"},\n  "b": ]\n}\n' "$long" >"$USER_SC"
	run -3 --separate-stderr "$QXUB" exec --dry-run -- python
	assert_regex "$stderr" "^qxub: $USER_SC:3:[0-9]+: "
}

@test "a broken shortcut file names FILE:LINE:COL" {
	printf '{"python": {"env": "x"\n' >"$USER_SC"
	run -3 --separate-stderr "$QXUB" exec --dry-run -- python
	assert_regex "$stderr" "^qxub: $USER_SC:[0-9]+:[0-9]+: "
}

@test "QXUB_DEFAULTS_* override the files and lose to the command line" {
	echo 'defaults: {queue: from-file}' >"$USER_CFG"
	QXUB_DEFAULTS_QUEUE=from-env run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q from-env '
	QXUB_DEFAULTS_QUEUE=from-env run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -q cli -- true
	assert_line --index 0 --partial ' -q cli '
	QXUB_DEFAULTS_CPUS=two run -3 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_equal "$stderr" "qxub: QXUB_DEFAULTS_CPUS:1:1: defaults.cpus: 'two' is not a whole number from 1 to 1000000"
}
