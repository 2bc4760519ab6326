#!/usr/bin/env bats
# qxub config's changing subcommands: set, unset, init, edit, alias and
# shortcut; the files they write, their targets, locking and errors.

setup() {
	load helpers/common
	qxub_setup
	USER_DIR="$XDG_CONFIG_HOME/qxub"
	USER_CFG="$USER_DIR/config.yaml"
	SYSTEM_CFG="$XDG_CONFIG_DIRS/qxub/config.yaml"
	USER_SC="$USER_DIR/shortcuts.json"
	SYSTEM_SC="$XDG_CONFIG_DIRS/qxub/shortcuts.json"
	mkdir -p "$USER_DIR" "$XDG_CONFIG_DIRS/qxub"
	# A project directory, found by its .qx directory.
	mkdir -p proj/.qx proj/sub
}

teardown() {
	qxub_teardown
}

# The first line of a dry run on pbs: the qsub command.
dry_qsub() {
	"$QXUB" exec --dry-run --platform pbs -- true | head -n 1
}

# A file's content and mode, to see that a refused change left it alone.
snapshot() {
	stat -c '%a' "$1"
	cat "$1"
}

@test "config set writes the user file; get and a dry run see the value" {
	rm -r "$XDG_CONFIG_HOME" "$XDG_CONFIG_DIRS"
	run -0 --separate-stderr "$QXUB" config set defaults.queue normal
	assert_output ''
	assert_equal "$stderr" ''
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  queue: normal'
	assert_equal "$(stat -c %a "$USER_CFG")" 644
	assert_equal "$(stat -c %a "$USER_DIR")" 755
	[ ! -e "$XDG_CONFIG_DIRS" ]
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output normal
	run -0 --separate-stderr dry_qsub
	assert_output --partial ' -q normal '
	# No temporary file is left beside it.
	run -0 ls -A "$USER_DIR"
	assert_output $'config.yaml\nconfig.yaml.lock'
}

@test "config set reads VALUE as YAML: numbers, booleans, lists and maps keep their type" {
	"$QXUB" config set defaults.cpus 4
	"$QXUB" config set defaults.resources '[mem=1GB, jobfs=2GB]'
	"$QXUB" config set templates '{scratch: /s, logs: "{scratch}/l"}'
	"$QXUB" config set defaults.project '"12"'
	"$QXUB" config set defaults.name 'a: b: c'
	"$QXUB" config set defaults.err ''
	"$QXUB" config set templates.when -- -5
	run -0 cat "$USER_CFG"
	assert_output - <<'YAML'
defaults:
  cpus: 4
  resources:
    - mem=1GB
    - jobfs=2GB
  project: "12"
  name: "a: b: c"
  err: ""
templates:
  scratch: /s
  logs: "{scratch}/l"
  when: -5
YAML
	run -0 --separate-stderr dry_qsub
	assert_output --partial ' -P 12 -l mem=1GB -l jobfs=2GB -l ncpus=4 '
}

@test "config set keeps the other keys and changes a key in place" {
	cat >"$USER_CFG" <<'YAML'
# a comment (lost)
defaults:
  queue: normal
  project: a56
templates: {a: x}
YAML
	run -0 --separate-stderr "$QXUB" config set defaults.queue express
	run -0 --separate-stderr "$QXUB" config set platforms.p.remote.host h
	run -0 cat "$USER_CFG"
	assert_output - <<'YAML'
defaults:
  queue: express
  project: a56
templates:
  a: x
platforms:
  p:
    remote:
      host: h
YAML
	# A key that is null ("defaults:" alone) becomes a map.
	printf 'defaults:\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" config set defaults.queue q
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  queue: q'
}

@test "config set refuses a value of the wrong type, with config_load's message, file unchanged" {
	printf 'defaults:\n  queue: normal\n' >"$USER_CFG"
	before=$(snapshot "$USER_CFG")
	run -3 --separate-stderr "$QXUB" config set defaults.queue '[a, b]'
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: 'defaults.queue' must be a string"
	assert_equal "$(snapshot "$USER_CFG")" "$before"
	run -3 --separate-stderr "$QXUB" config set defaults 12
	assert_equal "$stderr" "qxub: $USER_CFG:1:11: 'defaults' must be a mapping"
	assert_equal "$(snapshot "$USER_CFG")" "$before"
	run -0 ls -A "$USER_DIR"
	assert_output $'config.yaml\nconfig.yaml.lock'
}

@test "config set refuses a key through a value that is not a map, naming where it is" {
	printf 'defaults:\n  queue: normal\n' >"$USER_CFG"
	before=$(snapshot "$USER_CFG")
	run -3 --separate-stderr "$QXUB" config set defaults.queue.x 1
	assert_equal "$stderr" "qxub: $USER_CFG:2:10: cannot set 'defaults.queue.x': 'defaults.queue' is not a mapping"
	assert_equal "$(snapshot "$USER_CFG")" "$before"
}

@test "config set warns of an unknown key, naming the file it wrote" {
	run -0 --separate-stderr "$QXUB" config set defaults.colour blue
	assert_equal "$stderr" "qxub: warning: $USER_CFG:2:3: unknown key 'defaults.colour' (ignored)"
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  colour: blue'
}

@test "config set on a bad file: a config error, nothing written" {
	printf 'defaults: [\n' >"$USER_CFG"
	before=$(snapshot "$USER_CFG")
	run -3 --separate-stderr "$QXUB" config set defaults.queue q
	assert_regex "$stderr" "^qxub: $USER_CFG:[0-9]+:[0-9]+: "
	assert_equal "$(snapshot "$USER_CFG")" "$before"
	printf -- '- a\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" config set defaults.queue q
	assert_equal "$stderr" "qxub: $USER_CFG:1:1: a configuration file must be a mapping of keys"
}

@test "config set checks only the file it writes: it can fix a bad value; other layers do not matter" {
	printf 'defaults:\n  queue: [a, b]\n' >"$USER_CFG"
	printf 'defaults: [\n' >"$SYSTEM_CFG"
	QXUB_DEFAULTS_QUEUE='[x' run -0 --separate-stderr "$QXUB" config set defaults.queue fixed
	assert_equal "$stderr" ''
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  queue: fixed'
	rm "$SYSTEM_CFG"
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output fixed
}

@test "config set keeps the file's mode, and writes through a symbolic link" {
	printf 'defaults: {queue: a}\n' >"$USER_CFG"
	chmod 600 "$USER_CFG"
	run -0 --separate-stderr "$QXUB" config set defaults.queue b
	assert_equal "$(stat -c %a "$USER_CFG")" 600
	mkdir dotfiles
	mv "$USER_CFG" dotfiles/qxub.yaml
	ln -s "$BATS_TEST_TMPDIR/dotfiles/qxub.yaml" "$USER_CFG"
	run -0 --separate-stderr "$QXUB" config set defaults.queue c
	[ -L "$USER_CFG" ]
	assert_equal "$(cat dotfiles/qxub.yaml)" $'defaults:\n  queue: c'
}

@test "config set usage errors: arguments, two targets, bad keys, unknown options" {
	usage="usage: qxub config set KEY VALUE [--user | --system | --project | --local | --test]"
	run -2 --separate-stderr "$QXUB" config set defaults.queue
	assert_equal "$stderr" "qxub: $usage"
	run -2 --separate-stderr "$QXUB" config set a b c
	assert_equal "$stderr" "qxub: $usage"
	run -2 --separate-stderr "$QXUB" config set --user --system a b
	assert_equal "$stderr" "qxub: --user and --system cannot be combined: choose one file to write; $usage"
	run -2 --separate-stderr "$QXUB" config set --local a b --test
	assert_equal "$stderr" "qxub: --local and --test cannot be combined: choose one file to write; $usage"
	run -2 --separate-stderr "$QXUB" config set a..b c
	assert_equal "$stderr" "qxub: bad KEY 'a..b': a dotted key has no empty part; $usage"
	run -2 --separate-stderr "$QXUB" config set --bogus a b
	assert_equal "$stderr" "qxub: unknown option '--bogus'; $usage"
	run -2 --separate-stderr "$QXUB" config set --user=x a b
	assert_equal "$stderr" "qxub: option '--user' takes no value; $usage"
	[ ! -e "$USER_CFG" ]
	# --global is --user, and saying it twice is no conflict.
	run -0 --separate-stderr "$QXUB" config set --global --user defaults.queue g
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  queue: g'
}

@test "config set targets: system, project, local and test layers" {
	run -0 --separate-stderr "$QXUB" config set --system defaults.queue from-system
	assert_equal "$(cat "$SYSTEM_CFG")" $'defaults:\n  queue: from-system'
	cd proj/sub
	run -0 --separate-stderr "$QXUB" config set --project defaults.queue from-project
	run -0 --separate-stderr "$QXUB" config set --local defaults.project from-local
	run -0 --separate-stderr "$QXUB" config set --test defaults.name from-test
	assert_equal "$(cat ../.qx/project.yaml)" $'defaults:\n  queue: from-project'
	assert_equal "$(cat ../.qx/local.yaml)" $'defaults:\n  project: from-local'
	assert_equal "$(cat ../.qx/test.yaml)" $'defaults:\n  name: from-test'
	run -0 --separate-stderr dry_qsub
	assert_output --partial 'qsub -N from-test -q from-project -P from-local '
	run -0 --separate-stderr "$QXUB" config list --show-origin
	assert_line "defaults.queue = from-project  # $BATS_TEST_TMPDIR/proj/.qx/project.yaml:2:10"
}

@test "config set --system writes the system file that is read: the first that exists" {
	mkdir -p a b/qxub
	echo 'defaults: {project: kept}' >b/qxub/config.yaml
	export XDG_CONFIG_DIRS="$BATS_TEST_TMPDIR/a:$BATS_TEST_TMPDIR/b"
	run -0 --separate-stderr "$QXUB" config set --system defaults.queue q
	[ ! -e a/qxub/config.yaml ]
	assert_equal "$(cat b/qxub/config.yaml)" $'defaults:\n  project: kept\n  queue: q'
}

@test "the project targets need a .qx directory" {
	mkdir -p git/.git nothing
	cd git
	run -1 --separate-stderr "$QXUB" config set --project defaults.queue q
	assert_equal "$stderr" "qxub: no project directory found (.qx)"
	cd ../nothing
	run -1 --separate-stderr "$QXUB" config set --local defaults.queue q
	assert_equal "$stderr" "qxub: no project directory found (.qx)"
	# The nearest marker wins, as when reading: a .git below proj/ hides proj/.qx.
	mkdir -p ../proj/inner/.git
	cd ../proj/inner
	run -1 --separate-stderr "$QXUB" config set --test defaults.queue q
	assert_equal "$stderr" "qxub: no project directory found (.qx)"
}

@test "config unset removes a key and keeps the maps it empties; a missing key is exit 1" {
	printf 'defaults:\n  queue: q\n  project: p\ntemplates:\n  a: b\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" config unset defaults.queue
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  project: p\ntemplates:\n  a: b'
	run -0 --separate-stderr "$QXUB" config unset templates.a
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  project: p\ntemplates: {}'
	before=$(snapshot "$USER_CFG")
	run -1 --separate-stderr "$QXUB" config unset defaults.queue
	assert_equal "$stderr" "qxub: configuration key 'defaults.queue' is not set in '$USER_CFG'"
	run -1 --separate-stderr "$QXUB" config unset defaults.project.x
	assert_equal "$stderr" "qxub: configuration key 'defaults.project.x' is not set in '$USER_CFG'"
	assert_equal "$(snapshot "$USER_CFG")" "$before"
	run -0 --separate-stderr "$QXUB" config unset defaults
	assert_equal "$(cat "$USER_CFG")" 'templates: {}'
	cd proj
	run -1 --separate-stderr "$QXUB" config unset --local defaults.queue
	assert_equal "$stderr" "qxub: configuration key 'defaults.queue' is not set in '$BATS_TEST_TMPDIR/proj/.qx/local.yaml'"
	run -2 --separate-stderr "$QXUB" config unset
	assert_equal "$stderr" "qxub: usage: qxub config unset KEY [--user | --system | --project | --local | --test]"
	# With no file, nothing is made: not the file, its lock or directory.
	rm -r "$USER_DIR"
	run -1 --separate-stderr "$QXUB" config unset defaults.queue
	assert_equal "$stderr" "qxub: configuration key 'defaults.queue' is not set in '$USER_CFG'"
	[ ! -e "$USER_DIR" ]
}

@test "-v says what config set and unset wrote" {
	run -0 --separate-stderr "$QXUB" -v config set defaults.queue q
	assert_equal "$stderr" "qxub: set 'defaults.queue' to 'q' in '$USER_CFG'"
	run -0 --separate-stderr "$QXUB" -v config unset defaults.queue
	assert_equal "$stderr" "qxub: unset 'defaults.queue' in '$USER_CFG'"
}

@test "20 concurrent config set of different keys: none is lost, the file always parses" {
	"$QXUB" config set defaults.queue start
	for n in $(seq 20); do
		"$QXUB" config set "templates.k$n" "v$n" &
	done
	# Meanwhile the file is always whole.
	for n in $(seq 20); do
		"$QXUB" config validate >/dev/null
	done
	wait
	# (Not $i: bats' run sets it.)
	for n in $(seq 20); do
		run -0 --separate-stderr "$QXUB" config get "templates.k$n"
		assert_output "v$n"
	done
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output start
	run -0 ls -A "$USER_DIR"
	assert_output $'config.yaml\nconfig.yaml.lock'
}

@test "a target that cannot be written: exit 1, the old file intact" {
	[ "$(id -u)" != 0 ] || skip "root writes to any directory"
	printf 'defaults: {queue: a}\n' >"$USER_CFG"
	: >"$USER_CFG.lock"
	chmod 555 "$USER_DIR"
	run -1 --separate-stderr "$QXUB" config set defaults.queue b
	chmod 755 "$USER_DIR"
	assert_equal "$stderr" "qxub: cannot write '$USER_CFG': Permission denied"
	assert_equal "$(cat "$USER_CFG")" 'defaults: {queue: a}'
	run -0 ls -A "$USER_DIR"
	assert_output $'config.yaml\nconfig.yaml.lock'
	chmod 555 "$XDG_CONFIG_HOME"
	rm -rf "$USER_DIR"
	run -1 --separate-stderr "$QXUB" config shortcut set python --env py3
	chmod 755 "$XDG_CONFIG_HOME"
	assert_equal "$stderr" "qxub: cannot write '$USER_SC': Permission denied"
}

@test "config init writes a commented starter file; it exists: exit 1; --force replaces it" {
	run -0 --separate-stderr "$QXUB" config init
	assert_equal "$stderr" ''
	assert_equal "$(stat -c %a "$USER_CFG")" 644
	run -0 grep -c '^  # [a-z_]*: ' "$USER_CFG"
	run -0 --separate-stderr "$QXUB" config validate
	assert_equal "$stderr" ''
	echo 'defaults: {queue: mine}' >"$USER_CFG"
	run -1 --separate-stderr "$QXUB" config init
	assert_equal "$stderr" "qxub: configuration file '$USER_CFG' already exists (--force replaces it)"
	assert_equal "$(cat "$USER_CFG")" 'defaults: {queue: mine}'
	run -0 --separate-stderr "$QXUB" config init --force
	run -0 grep -q '^defaults:$' "$USER_CFG"
	run -2 --separate-stderr "$QXUB" config init extra
	assert_equal "$stderr" "qxub: usage: qxub config init [--force]"
}

@test "the starter file's examples are valid qxub settings once uncommented" {
	"$QXUB" config init
	mkdir -p logs
	sed -e 's/^\(  *\)# \([a-z_]*: \)/\1\2/' \
	    -e "s|/scratch/{project}/{user}/qxub|$BATS_TEST_TMPDIR/logs|" \
	    "$USER_CFG" >uncommented.yaml
	cp uncommented.yaml "$USER_CFG"
	run -0 --separate-stderr "$QXUB" config validate
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output normal
	run -0 --separate-stderr dry_qsub
	assert_output --partial ' -q normal -P a00 -l mem=4GB -l walltime=1:00:00 -l ncpus=1 '
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --regexp "^exec 9>&2 </dev/null >'$BATS_TEST_TMPDIR/logs/true\\.[0-9_]+\\.out'"
}

@test "config edit runs EDITOR on the file, then checks it" {
	printf '#!/bin/sh\necho "defaults: {queue: edited}" >>"$1"\n' >append.sh
	chmod +x append.sh
	EDITOR="$BATS_TEST_TMPDIR/append.sh" run -0 --separate-stderr "$QXUB" config edit
	assert_equal "$(cat "$USER_CFG")" 'defaults: {queue: edited}'
	assert_equal "$(stat -c %a "$USER_CFG")" 644
	# VISUAL comes first; an editor with arguments runs as shell words.
	printf '#!/bin/sh\necho "$1" >"$2.args"; echo "# kept" >>"$2"\n' >args.sh
	chmod +x args.sh
	cd proj
	VISUAL="$BATS_TEST_TMPDIR/args.sh --wait" EDITOR=false \
	    run -0 --separate-stderr "$QXUB" config edit --local
	assert_equal "$(cat .qx/local.yaml.args)" --wait
	assert_equal "$(cat .qx/local.yaml)" '# kept'
}

@test "config edit: a bad file after editing is exit 3 and kept; a failing editor is exit 1" {
	printf 'defaults:\n  queue: q\n' >"$USER_CFG"
	printf '#!/bin/sh\necho "  project: [" >>"$1"\n' >bad.sh
	chmod +x bad.sh
	EDITOR="$BATS_TEST_TMPDIR/bad.sh" run -3 --separate-stderr "$QXUB" config edit
	assert_regex "$stderr" "^qxub: $USER_CFG:[0-9]+:[0-9]+: "
	assert_equal "$(cat "$USER_CFG")" $'defaults:\n  queue: q\n  project: ['
	printf 'defaults:\n  queue: q\n' >"$USER_CFG"
	printf '#!/bin/sh\necho "  project: [a]" >>"$1"\n' >type.sh
	chmod +x type.sh
	EDITOR="$BATS_TEST_TMPDIR/type.sh" run -3 --separate-stderr "$QXUB" config edit
	assert_equal "$stderr" "qxub: $USER_CFG:3:12: 'defaults.project' must be a string"
	EDITOR=false run -1 --separate-stderr "$QXUB" config edit
	assert_equal "$stderr" "qxub: editor 'false' failed (exit status 1)"
	EDITOR=/nonexistent/editor run -1 --separate-stderr "$QXUB" config edit
	assert_equal "$stderr" "qxub: cannot run '/nonexistent/editor': No such file or directory"
	run -1 --separate-stderr "$QXUB" config edit --project
	assert_equal "$stderr" "qxub: no project directory found (.qx)"
}

@test "config alias set writes the flat form; list, show and delete" {
	run -0 --separate-stderr "$QXUB" config alias set dvc --env dvc3 --mod a --mod b -q normal --cmd 'dvc repro' -l mem=4GB -l ncpus=2 --pre 'echo pre' --post 'echo post'
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$QXUB" config alias set ctr --sif img.sif -P a56 --name 'x y'
	run -0 cat "$USER_CFG"
	assert_output - <<'YAML'
aliases:
  dvc:
    env: dvc3
    mod:
      - a
      - b
    resources:
      - mem=4GB
      - ncpus=2
    queue: normal
    pre: echo pre
    post: echo post
    cmd: dvc repro
  ctr:
    sif: img.sif
    name: x y
    project: a56
YAML
	run -0 --separate-stderr "$QXUB" config alias list
	assert_output - <<'OUT'
dvc             env=dvc3 mod=a,b resources=mem=4GB,ncpus=2 queue=normal pre='echo pre' post='echo post' cmd='dvc repro'
ctr             sif=img.sif name='x y' project=a56
OUT
	run -0 --separate-stderr "$QXUB" config alias show ctr
	assert_output $'sif: img.sif\nname: x y\nproject: a56'
	# set replaces the whole alias.
	run -0 --separate-stderr "$QXUB" config alias set ctr --sif other.sif
	run -0 --separate-stderr "$QXUB" config alias show ctr
	assert_output 'sif: other.sif'
	run -0 --separate-stderr "$QXUB" config alias delete ctr
	run -1 --separate-stderr "$QXUB" config alias show ctr
	assert_equal "$stderr" "qxub: alias 'ctr' is not defined"
	run -1 --separate-stderr "$QXUB" config alias delete ctr
	assert_equal "$stderr" "qxub: alias 'ctr' is not set in '$USER_CFG'"
	run -0 --separate-stderr "$QXUB" config get aliases.dvc.queue
	assert_output normal
}

@test "config alias: exec applies an alias written by alias set" {
	run -0 --separate-stderr "$QXUB" config alias set q -q fromalias -P p1
	run -0 --separate-stderr "$QXUB" exec --alias q --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q fromalias -P p1 '
}

@test "config alias list merges the layers; the hierarchical form is summarized too" {
	cat >"$SYSTEM_CFG" <<'YAML'
aliases:
  old:
    main: {queue: normal}
    subcommand: {type: conda, env: base}
    target: {cmd: python run.py}
  both: {queue: system}
YAML
	cd proj
	run -0 --separate-stderr "$QXUB" config alias set both --project-layer -q project
	assert_equal "$(cat .qx/project.yaml)" $'aliases:\n  both:\n    queue: project'
	run -0 --separate-stderr "$QXUB" config alias list
	assert_output - <<'OUT'
old             queue=normal type=conda env=base cmd='python run.py'
both            queue=project
OUT
	run -0 --separate-stderr "$QXUB" config alias delete both --project
	run -0 --separate-stderr "$QXUB" config alias show both
	assert_output 'queue: system'
}

@test "config alias usage errors: contexts, nothing to set, arguments" {
	usage="usage: qxub config alias set NAME OPTION... [TARGET]"
	run -2 --separate-stderr "$QXUB" config alias set a --env e --sif s
	assert_equal "$stderr" "qxub: --env and --sif cannot be combined: choose one context (only --env may go with --mod/--mods); $usage"
	run -2 --separate-stderr "$QXUB" config alias set a
	assert_equal "$stderr" "qxub: nothing to set: give at least one option; $usage"
	run -2 --separate-stderr "$QXUB" config alias set a -l nonsense
	assert_equal "$stderr" "qxub: -l: 'nonsense' is not a resource request (like mem=4GB,ncpus=2); $usage"
	run -2 --separate-stderr "$QXUB" config alias set --env e
	assert_equal "$stderr" "qxub: $usage"
	run -2 --separate-stderr "$QXUB" config alias
	assert_equal "$stderr" "qxub: usage: qxub config alias list | show | set | delete ..."
	run -2 --separate-stderr "$QXUB" config alias nope
	assert_equal "$stderr" "qxub: usage: qxub config alias list | show | set | delete ..."
	[ ! -e "$USER_CFG" ]
	# --env with modules is one context, as in exec.
	run -0 --separate-stderr "$QXUB" config alias set a --env e --mods 'x y'
	run -0 --separate-stderr "$QXUB" config alias show a
	assert_output $'env: e\nmods: x y'
}

@test "config shortcut set writes sorted 2-space JSON; resource options become resources" {
	run -0 --separate-stderr "$QXUB" config shortcut set python --env py3 --mem 16g --runtime 2h30m --cpus 4 --disk 10GB --volumes gdata/a56 -l ncpus=2 -q normal -N py -P a56 --pre 'echo "hi"' --post p --cmd c
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$QXUB" config shortcut set 'dvc   data' --mod dvc --mod git
	run -0 cat "$USER_SC"
	assert_output - <<'JSON'
{
  "dvc data": {
    "mod": [
      "dvc",
      "git"
    ]
  },
  "python": {
    "cmd": "c",
    "env": "py3",
    "name": "py",
    "post": "p",
    "pre": "echo \"hi\"",
    "project": "a56",
    "queue": "normal",
    "resources": [
      "ncpus=2",
      "mem=16GB",
      "walltime=2:30:00",
      "ncpus=4",
      "jobfs=10GB",
      "storage=gdata/a56"
    ]
  }
}
JSON
	# It is what Python's json.dump(indent=2, sort_keys=True) writes.
	run -0 python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.stdout.write(json.dumps(d, indent=2, sort_keys=True) + "\n")' "$USER_SC"
	assert_equal "$output" "$(cat "$USER_SC")"
	run -0 python3 -m json.tool "$USER_SC"
	assert_equal "$(stat -c %a "$USER_SC")" 644
}

@test "config shortcut list, show, rename and delete" {
	"$QXUB" config shortcut set python --env py3
	"$QXUB" config shortcut set 'dvc data' --mods 'dvc git' -l mem=1GB
	run -0 --separate-stderr "$QXUB" config shortcut list
	assert_output - <<'OUT'
dvc data        mods='dvc git' resources=mem=1GB
python          env=py3
OUT
	run -0 --separate-stderr "$QXUB" config shortcut list --show-origin
	assert_line "python          env=py3  # $USER_SC:8:13"
	run -0 --separate-stderr "$QXUB" config shortcut show python
	assert_output $'{\n  "env": "py3"\n}'
	run -0 --separate-stderr "$QXUB" config shortcut rename python py
	run -1 --separate-stderr "$QXUB" config shortcut show python
	assert_equal "$stderr" "qxub: shortcut 'python' is not defined"
	run -0 --separate-stderr "$QXUB" config shortcut show py
	assert_output $'{\n  "env": "py3"\n}'
	run -1 --separate-stderr "$QXUB" config shortcut rename py 'dvc  data'
	assert_equal "$stderr" "qxub: shortcut 'dvc data' already exists in '$USER_SC'"
	run -1 --separate-stderr "$QXUB" config shortcut rename nope x
	assert_equal "$stderr" "qxub: shortcut 'nope' is not set in '$USER_SC'"
	run -0 --separate-stderr "$QXUB" config shortcut delete py
	run -1 --separate-stderr "$QXUB" config shortcut delete py
	assert_equal "$stderr" "qxub: shortcut 'py' is not set in '$USER_SC'"
	run -0 python3 -c 'import json, sys; print(sorted(json.load(open(sys.argv[1]))))' "$USER_SC"
	assert_output "['dvc data']"
}

@test "config shortcut --system writes the system file; user definitions win" {
	run -0 --separate-stderr "$QXUB" config shortcut set python --system --env sys-env
	run -0 --separate-stderr "$QXUB" config shortcut set R --system --mod R
	run -0 python3 -m json.tool "$SYSTEM_SC"
	run -0 --separate-stderr "$QXUB" config shortcut set python --env user-env
	run -0 --separate-stderr "$QXUB" config shortcut list --show-origin
	assert_output - <<OUT
R               mod=R  # $SYSTEM_SC:2:8
python          env=user-env  # $USER_SC:2:13
OUT
	run -0 --separate-stderr "$QXUB" config shortcut delete python
	run -0 --separate-stderr "$QXUB" config shortcut show python
	assert_output $'{\n  "env": "sys-env"\n}'
	run -1 --separate-stderr "$QXUB" config shortcut delete R
	assert_equal "$stderr" "qxub: shortcut 'R' is not set in '$USER_SC'"
	run -0 --separate-stderr "$QXUB" config shortcut delete R --system
	run -2 --separate-stderr "$QXUB" config shortcut delete R --project
	assert_equal "$stderr" "qxub: unknown option '--project'; usage: qxub config shortcut delete PREFIX [--user | --system]"
}

@test "config shortcut: exec finds a shortcut written by shortcut set" {
	run -0 --separate-stderr "$QXUB" config shortcut set true -q fromshortcut --mem 2g
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q fromshortcut -l mem=2GB '
}

@test "config shortcut usage errors: contexts, bad resources, options exec lacks" {
	usage="usage: qxub config shortcut set PREFIX OPTION... [--user | --system]"
	run -2 --separate-stderr "$QXUB" config shortcut set p --mod m --sif s
	assert_equal "$stderr" "qxub: --mod/--mods and --sif cannot be combined: choose one context (only --env may go with --mod/--mods); $usage"
	run -2 --separate-stderr "$QXUB" config shortcut set p --bind /x
	assert_equal "$stderr" "qxub: --bind needs a container image (--sif); $usage"
	run -2 --separate-stderr "$QXUB" config shortcut set p --mem lots
	assert_equal "$stderr" "qxub: --mem: 'lots' is not a size (like 16GB, 512m, 1.5GB, or a number of megabytes); $usage"
	run -2 --separate-stderr "$QXUB" config shortcut set p --runtime soon
	assert_regex "$stderr" "^qxub: --runtime: .*; usage: "
	run -2 --separate-stderr "$QXUB" config shortcut set p --cpus 0
	assert_regex "$stderr" "^qxub: --cpus: .*; usage: "
	# exec refuses --template for now: a shortcut must not carry it.
	run -2 --separate-stderr "$QXUB" config shortcut set p --template t.pbs
	assert_regex "$stderr" "^qxub: option '--template' is not available yet"
	run -2 --separate-stderr "$QXUB" config shortcut set '  ' --env e
	assert_equal "$stderr" "qxub: a PREFIX is a command's first words; $usage"
	run -2 --separate-stderr "$QXUB" config shortcut set p --user --system --env e
	assert_equal "$stderr" "qxub: --user and --system cannot be combined: choose one file to write; $usage"
	run -2 --separate-stderr "$QXUB" config shortcut
	assert_equal "$stderr" "qxub: usage: qxub config shortcut list | show | set | delete | rename ..."
	[ ! -e "$USER_SC" ]
	run -0 --separate-stderr "$QXUB" config shortcut set p --sif s.sif --bind /a --bind /b
	run -0 --separate-stderr "$QXUB" config shortcut show p
	assert_output $'{\n  "bind": [\n    "/a",\n    "/b"\n  ],\n  "sif": "s.sif"\n}'
}

@test "a bad shortcut file: exit 3 with FILE:LINE:COL, not rewritten" {
	mkdir -p "$USER_DIR"
	printf '{"a": {"env": "x"},\n "b": 3}\n' >"$USER_SC"
	before=$(cat "$USER_SC")
	run -3 --separate-stderr "$QXUB" config shortcut set c --env y
	assert_equal "$stderr" "qxub: $USER_SC:2:7: shortcut 'b' must be a mapping"
	run -3 --separate-stderr "$QXUB" config shortcut list
	assert_equal "$stderr" "qxub: $USER_SC:2:7: shortcut 'b' must be a mapping"
	printf '{"a": \n' >"$USER_SC"
	run -3 --separate-stderr "$QXUB" config shortcut delete a
	assert_regex "$stderr" "^qxub: $USER_SC:[0-9]+:[0-9]+: "
	printf '{"a": {"env": "x"},\n "b": 3}\n' >"$USER_SC"
	assert_equal "$(cat "$USER_SC")" "$before"
}

@test "qxub config --help documents every subcommand; unknown and later ones are refused" {
	run -0 --separate-stderr "$QXUB" config --help
	for word in files get list validate set unset edit init 'alias list' \
	    'alias show' 'alias set' 'alias delete' 'shortcut list' \
	    'shortcut show' 'shortcut set' 'shortcut delete' \
	    'shortcut rename' --show-origin --force --user --global --system \
	    --project --local --test --project-layer --env --mod --mods --sif \
	    --bind --cmd --queue --name --resources --pre --post --mem \
	    --runtime --cpus --disk --volumes VISUAL EDITOR comments; do
		assert_output --partial -- "$word"
	done
	run -0 awk 'length($0) > 79' <<<"$output"
	assert_output ''
	run -0 --separate-stderr "$QXUB" config set --help
	assert_line --index 0 'usage: qxub config COMMAND [ARGS]'
	run -2 --separate-stderr "$QXUB" config reset
	assert_equal "$stderr" "qxub: 'qxub config reset' is not available yet"
	run -2 --separate-stderr "$QXUB" config shortcut refresh
	assert_equal "$stderr" "qxub: 'qxub config shortcut refresh' is not available yet"
	run -2 --separate-stderr "$QXUB" config bogus
	assert_equal "$stderr" "qxub: usage: qxub config files | get | list | validate | set | unset | init | edit | alias | shortcut ..."
}
