#!/usr/bin/env bats
# The configuration: layers and their precedence, qxub 3.x's files,
# template variables, errors with FILE:LINE:COL, and `qxub config`.

setup() {
	load helpers/common
	qxub_setup
	# Copies of ../shared/fixtures/qxub (see the first test).
	FIXTURES="$QXUB_TESTS/fixtures/qxub"
	mkdir -p "$XDG_CONFIG_HOME/qxub" "$XDG_CONFIG_DIRS/qxub"
	USER_CFG="$XDG_CONFIG_HOME/qxub/config.yaml"
	SYSTEM_CFG="$XDG_CONFIG_DIRS/qxub/config.yaml"
	# A project directory, found by its .qx directory.
	mkdir -p proj/.qx proj/sub
	PBS="--platform pbs"
}

teardown() {
	qxub_teardown
}

# The queue a dry run on pbs would ask for, run from DIR with more options.
queue_from() {
	local dir=$1
	shift
	(cd "$dir" && "$QXUB" "$@" exec --dry-run --platform pbs -- true) |
	    sed -n '1s/.* -q \([^ ]*\) .*/\1/p'
}

@test "the fixtures are the shared qxub 3.x files, unchanged" {
	shared="$QXUB_SRCDIR/../shared/fixtures/qxub"
	[ -d "$shared" ] || skip "no ../shared next to the source tree (a dist tarball)"
	run -0 diff -r "$shared" "$FIXTURES"
}

@test "each layer overrides the one below: system, user, project, local, test, --config, command line" {
	echo 'defaults: {queue: from-system}' >"$SYSTEM_CFG"
	assert_equal "$(queue_from proj/sub)" from-system
	echo 'defaults: {queue: from-user}' >"$USER_CFG"
	assert_equal "$(queue_from proj/sub)" from-user
	echo 'defaults: {queue: from-project}' >proj/.qx/project.yaml
	assert_equal "$(queue_from proj/sub)" from-project
	echo 'defaults: {queue: from-local}' >proj/.qx/local.yaml
	assert_equal "$(queue_from proj/sub)" from-local
	echo 'defaults: {queue: from-test}' >proj/.qx/test.yaml
	assert_equal "$(queue_from proj/sub)" from-test
	echo 'defaults: {queue: from-override}' >override.yaml
	assert_equal "$(queue_from proj/sub --config "$BATS_TEST_TMPDIR/override.yaml")" from-override
	run -0 --separate-stderr bash -c 'cd proj/sub && "$QXUB" exec --config "$1" --dry-run --platform pbs -q from-cli -- true' _ "$BATS_TEST_TMPDIR/override.yaml"
	assert_line --index 0 --partial ' -q from-cli '
}

@test "mappings merge deeply; scalars and lists replace" {
	printf 'defaults:\n  queue: q1\n  project: p1\n  resources: [mem=1GB, ncpus=2]\n' >"$USER_CFG"
	printf 'defaults:\n  project: p2\n  resources: [jobfs=1GB]\n' >proj/.qx/project.yaml
	run -0 --separate-stderr bash -c 'cd proj && "$QXUB" exec --dry-run --platform pbs -- true'
	assert_line --index 0 --partial ' -q q1 -P p2 -l jobfs=1GB -j oe '
}

@test "an empty defaults: in a higher layer keeps the lower layer's defaults" {
	echo 'defaults: {queue: kept}' >"$USER_CFG"
	printf 'defaults:\n' >proj/.qx/project.yaml
	run -0 --separate-stderr bash -c 'cd proj && "$QXUB" exec --dry-run --platform pbs -- true'
	assert_line --index 0 --partial ' -q kept '
}

@test "only the first system file in XDG_CONFIG_DIRS is read" {
	mkdir -p a/qxub b/qxub
	echo 'defaults: {queue: from-b}' >b/qxub/config.yaml
	echo 'defaults: {project: from-c}' >"$SYSTEM_CFG"
	XDG_CONFIG_DIRS="$BATS_TEST_TMPDIR/a:$BATS_TEST_TMPDIR/b:$XDG_CONFIG_DIRS" \
	    run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q from-b '
	refute_line --index 0 --partial 'from-c'
}

@test "resource defaults come lowest: -l and the options replace them" {
	printf 'defaults:\n  mem: 4GB\n  cpus: 2\n  walltime: "1:00:00"\n  storage: gdata/a56\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -l mem=8GB --cpus 4 -- true
	assert_line --index 0 --partial ' -l mem=8GB -l walltime=1:00:00 -l ncpus=4 -l storage=gdata/a56 '
}

@test "a higher layer wins whatever spelling each layer uses" {
	echo 'defaults: {mem: 4GB, walltime: "1:00:00"}' >"$SYSTEM_CFG"
	echo 'defaults: {memory: 8GB, runtime: 2h}' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -l mem=8GB -l walltime=2:00:00 '
	QXUB_DEFAULTS_TIME=3h run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -l walltime=3:00:00 '
}

@test "a QXUB_DEFAULTS_* value is one string, whatever it holds; defaults.resources reads a YAML list" {
	evil=$'x\nplatforms:\n  evil:\n    remote:\n      host: evil.example'
	QXUB_DEFAULTS_QUEUE=$evil run -0 --separate-stderr "$QXUB" platform list
	refute_output --partial evil
	QXUB_DEFAULTS_QUEUE=$evil run -1 --separate-stderr "$QXUB" config get platforms
	assert_equal "$stderr" "qxub: configuration key 'platforms' is not set"
	QXUB_DEFAULTS_QUEUE=$evil run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output "$evil"
	QXUB_DEFAULTS_QUEUE='"quoted" # not a comment' run -0 --separate-stderr "$QXUB" config list --show-origin
	assert_output 'defaults.queue = "quoted" # not a comment  # QXUB_DEFAULTS_QUEUE:1:1'
	# An ordinary value, and a list.
	QXUB_DEFAULTS_QUEUE=express QXUB_DEFAULTS_RESOURCES='[mem=4GB, ncpus=2]' run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q express -l mem=4GB -l ncpus=2 '
	QXUB_DEFAULTS_RESOURCES=$'[a]\nplatforms: {evil: {}}' run -3 --separate-stderr "$QXUB" config get platforms
	assert_regex "$stderr" '^qxub: QXUB_DEFAULTS_RESOURCES:2:1: '
	QXUB_DEFAULTS_RESOURCES='platforms: {evil: {}}' run -3 --separate-stderr "$QXUB" config get platforms
	assert_equal "$stderr" "qxub: QXUB_DEFAULTS_RESOURCES:1:1: 'defaults.resources' must be a list"
}

@test "qxub 3.x's root-level resource keys still apply, with a warning" {
	printf 'mem: 8GB\ncpus: 4\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -l mem=8GB -l ncpus=4 '
	assert_regex "$stderr" "qxub: warning: $USER_CFG:1:1: 'mem' at the top level is deprecated; use defaults.mem"
}

@test "the fixture test_config.yaml loads; its defaults apply; gadi_local's definition URL is read" {
	url=https://raw.githubusercontent.com/swarbricklab/qxub-platforms/main/nci_gadi.yaml
	# Not fetched and not cached: one error naming the URL.
	QXUB_FETCH=/nonexistent run -3 --separate-stderr "$QXUB" exec --config "$FIXTURES/test_config.yaml" --dry-run --platform gadi_local -- true
	assert_regex "$stderr" "^qxub: $FIXTURES/test_config.yaml:67:17: definition: cannot fetch $url: cannot run '/nonexistent': No such file or directory$"
	# Cached: no helper is run, and its queues are chosen from.
	platform_cache_seed "$url" "$FIXTURES/nci_gadi.yaml"
	QXUB_FETCH=/nonexistent PATH="$QXUB_TESTS/pbs-sim:$PATH" run -0 --separate-stderr "$QXUB" exec --config "$FIXTURES/test_config.yaml" --dry-run --platform gadi_local -- true
	[ -z "$stderr" ] || { echo "$stderr"; false; }
	assert_line --index 0 --partial ' -q normalsl -P a56 -l mem=4GB -l walltime=1:00:00 -l ncpus=1 -l storage=gdata/a56+gdata/px14 '
	assert_line --index 1 --regexp '^Queue normalsl of platform nci_gadi: '
}

@test "a remote platform of the configuration goes over ssh; nothing runs here" {
	# An ssh that records how it was called.
	mkdir bin
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/ssh.args"\n' "$BATS_TEST_TMPDIR" >bin/ssh
	chmod +x bin/ssh
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run -0 --separate-stderr "$QXUB" exec --config "$FIXTURES/test_config.yaml" -- true
	assert_equal "$(grep -c '^gadi$' ssh.args)" 2
	assert_equal "$(job_count)" 0
}

@test "an unknown platform names the ones known" {
	run -3 --separate-stderr "$QXUB" exec --config "$FIXTURES/test_config.yaml" --platform nope -- true
	assert_regex "$stderr" "^qxub: unknown platform 'nope' \\(known: local, pbs, slurm, sge, gadi_remote, gadi_local, test_delegation, "
}

@test "template variables expand in defaults, nested, with templates: overriding built-ins" {
	me=$(id -un)
	mkdir -p "scratch/a56/$me/logs" "scratch/a56/$me/qxub"
	cat >"$USER_CFG" <<YAML
templates:
  base: $BATS_TEST_TMPDIR/scratch/{project}/{user}
  logs: "{base}/logs"
defaults:
  project: a56
  name: "run_{date}"
  out: "{logs}/{name}.out"
  joblog: "{log_dir}/{name}.log"
  log_dir: "{base}/qxub"
YAML
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --regexp "^Dry run - would execute: qsub -N run_[0-9]{8} -P a56 -j oe -o $BATS_TEST_TMPDIR/scratch/a56/$me/qxub/run_[0-9]{8}\\.log "
	assert_line --regexp "^exec 9>&2 </dev/null >'$BATS_TEST_TMPDIR/scratch/a56/$me/logs/run_[0-9]{8}\\.out'"
}

@test "template variables expand in resource defaults too (qxub 3.x left them)" {
	printf 'defaults:\n  project: a56\n  volumes: gdata/{project}+scratch/{project}\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -l storage=gdata/a56+scratch/a56 '
}

@test "--log-dir sets {log_dir} over defaults.log_dir" {
	mkdir -p cli-logs
	printf 'defaults:\n  log_dir: /nowhere\n  joblog: "{log_dir}/{name}.log"\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs --log-dir "$BATS_TEST_TMPDIR/cli-logs" -N j -- true
	assert_line --index 0 --partial " -o $BATS_TEST_TMPDIR/cli-logs/j.log "
}

@test "--out, --err and --joblog on the command line expand template variables as in defaults" {
	me=$(id -un)
	printf 'templates:\n  tag: t-{user}\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --out 'out-{user}.txt' --err '{tag}-{date}.err' -- sh -c 'echo O; echo E >&2'
	assert_output 'O'
	assert_equal "$(cat "out-$me.txt")" 'O'
	assert_equal "$(cat t-"$me"-[0-9]*.err)" 'E'
	assert [ ! -e 'out-{user}.txt' ]
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -N j --joblog '{name}-{user}.log' -- true
	assert_line --index 0 --partial " -o $BATS_TEST_TMPDIR/j-$me.log "
}

@test "an unknown template variable in --out, --err or --joblog is a usage error naming the option" {
	run -2 --separate-stderr "$QXUB" exec --out 'o-{nope}' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --out: unknown template variable '{nope}'"
	run -2 --separate-stderr "$QXUB" exec --err 'e-{nope}' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --err: unknown template variable '{nope}'"
	run -2 --separate-stderr "$QXUB" exec --dry-run --platform pbs --joblog '{nope}.log' -- true
	assert_equal "${stderr_lines[0]}" "qxub: --joblog: unknown template variable '{nope}'"
	assert [ ! -e 'o-{nope}' ] && assert [ ! -e 'e-{nope}' ]
}

@test "an unknown template variable or a cycle is a config error naming where" {
	printf 'defaults:\n  out: "{nope}/x"\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --dry-run -- true
	assert_equal "$stderr" "qxub: $USER_CFG:2:8: unknown template variable '{nope}'"
	printf 'templates:\n  a: "{b}"\n  b: "{a}"\ndefaults:\n  name: "{a}"\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --dry-run -- true
	assert_equal "$stderr" "qxub: $USER_CFG:5:9: template variable 'a' refers to itself (a -> b -> a)"
}

# Runs qxub with at most 500 MB of address space (not under ASan, which
# reserves terabytes of it), so a value that grows without bound fails.
run_bounded() {
	local limit="ulimit -v 500000;"
	! ldd "$QXUB" 2>/dev/null | grep -q libasan || limit=
	run --separate-stderr timeout 20 bash -c "$limit"' exec "$@"' _ "$@"
}

@test "template variables that double 30 times are refused at once, in bounded memory" {
	{
		echo 'templates:'
		echo '  t0: xxxxxxxx'
		for i in $(seq 1 30); do
			echo "  t$i: \"{t$((i - 1))}{t$((i - 1))}\""
		done
		echo 'defaults:'
		echo '  name: "{t30}"'
	} >"$USER_CFG"
	run_bounded "$QXUB" exec --dry-run -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $USER_CFG:34:9: template variable 't30' expands to more than 65536 bytes"
	# Variables that expand to nothing: bounded in number, not length.
	sed -i 's/t0: xxxxxxxx/t0: ""/' "$USER_CFG"
	run_bounded "$QXUB" exec --dry-run -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $USER_CFG:34:9: template variable 't30' expands to more than 65536 variables"
	# 2^13 copies of 8 bytes is 64 KiB exactly: not too long.
	sed -i 's/t0: ""/t0: xxxxxxxx/; s/name: "{t30}"/name: "{t13}"/' "$USER_CFG"
	run_bounded "$QXUB" exec --dry-run -- true
	assert_success
}

@test "{{user}} stays for the remote shell" {
	mkdir -p 'x/{{user}}'
	printf 'defaults:\n  out: "%s/x/{{user}}/{user}.out"\n' "$BATS_TEST_TMPDIR" >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec --dry-run -- true
	assert_line --regexp "^exec 9>&2 </dev/null >'$BATS_TEST_TMPDIR/x/\\{\\{user\\}\\}/$(id -un)\\.out'"
}

@test "bad YAML: FILE:LINE:COL, config error, nothing submitted" {
	printf 'defaults:\n  queue: [unclosed\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_regex "$stderr" "^qxub: $USER_CFG:[0-9]+:[0-9]+: "
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(job_count)" 0
}

@test "a value of the wrong type: FILE:LINE:COL and what it must be" {
	printf 'defaults:\n  queue:\n    - a\n    - b\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: $USER_CFG:3:5: 'defaults.queue' must be a string"
	printf 'defaults: 12\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: $USER_CFG:1:11: 'defaults' must be a mapping"
	printf -- '- a\n- b\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: $USER_CFG:1:1: a configuration file must be a mapping of keys"
}

@test "a bad resource value in the configuration names its file and key" {
	printf 'defaults:\n  mem: lots\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --platform pbs --dry-run -- true
	assert_equal "$stderr" "qxub: $USER_CFG:2:8: defaults.mem: 'lots' is not a size (like 16GB, 512m, 1.5GB, or a number of megabytes)"
}

@test "a control character in a default for the scheduler: config error at its place, nothing submitted or run" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	marker="$BATS_TEST_TMPDIR/marker"
	# A YAML "\n" is a newline: it would end an #SBATCH line.
	for key in queue project email email_opts joblog out err name; do
		printf 'defaults:\n  %s: "x\\ntouch %s"\n' "$key" "$marker" >"$USER_CFG"
		run -3 --separate-stderr "$QXUB" exec -- true
		assert_equal "$stderr" "qxub: $USER_CFG:2:$((${#key} + 5)): defaults.$key: control character (\n) not allowed"
	done
	printf 'defaults:\n  resources: ["mem=1GB\\r"]\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: $USER_CFG:2:15: defaults.resources: control character (\r) not allowed"
	printf 'defaults:\n  volumes: "gdata/a56\\x01"\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: $USER_CFG:2:12: defaults.volumes: control character (\x01) not allowed"
	rm "$USER_CFG"
	# A repository's project file is configuration too.
	printf 'defaults:\n  queue: "normal\\ntouch %s"\n' "$marker" >proj/.qx/project.yaml
	run -3 --separate-stderr bash -c 'cd proj/sub && "$QXUB" exec -- true'
	assert_equal "$stderr" "qxub: $BATS_TEST_TMPDIR/proj/.qx/project.yaml:2:10: defaults.queue: control character (\n) not allowed"
	# The same byte through a template variable.
	printf 'defaults:\n  joblog: "{evil}.log"\ntemplates:\n  evil: "x\\ty"\n' >proj/.qx/project.yaml
	run -3 --separate-stderr bash -c 'cd proj && "$QXUB" exec -- true'
	assert_equal "$stderr" "qxub: $BATS_TEST_TMPDIR/proj/.qx/project.yaml:2:11: defaults.joblog: control character (\t) not allowed"
	assert_equal "$(count_calls qsub)" 0
	assert_equal "$(job_count)" 0
	assert_file_not_exists "$marker"
}

@test "unknown keys warn; known keys not used yet warn and say why" {
	printf 'defaults:\n  colour: blue\nmonitor: {interval: 5}\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec -- true
	assert_equal "${stderr_lines[0]}" "qxub: warning: $USER_CFG:2:3: unknown key 'defaults.colour' (ignored)"
	assert_equal "${stderr_lines[1]}" "qxub: warning: $USER_CFG:3:1: 'monitor' is ignored: qxub monitor comes with a later release"
}

@test "an empty file, a comment-only file and an empty defaults: are fine" {
	: >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec -- echo ok
	assert_output ok
	printf '# nothing\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec -- echo ok
	printf 'defaults:\n' >"$USER_CFG"
	run -0 --separate-stderr "$QXUB" exec -- echo ok
	[ -z "$stderr" ]
}

@test "a directory where the file should be, a missing --config: config errors" {
	mkdir "$USER_CFG.d" && rm -f "$USER_CFG" && mv "$USER_CFG.d" "$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_equal "$stderr" "qxub: cannot read '$USER_CFG': Is a directory"
	rmdir "$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec --config nothere.yaml -- true
	assert_equal "$stderr" "qxub: cannot read 'nothere.yaml': No such file or directory"
	run -3 --separate-stderr "$QXUB" --config nothere.yaml exec -- true
	assert_equal "$stderr" "qxub: cannot read 'nothere.yaml': No such file or directory"
}

@test "a FIFO, a device or a file over 1 MiB is a config error, read without waiting or filling memory" {
	run -3 --separate-stderr timeout 10 "$QXUB" --config /dev/zero exec --dry-run -- true
	assert_equal "$stderr" "qxub: cannot read '/dev/zero': not a regular file"
	mkfifo fifo.yaml
	run -3 --separate-stderr timeout 10 "$QXUB" --config fifo.yaml config get defaults
	assert_equal "$stderr" "qxub: cannot read 'fifo.yaml': not a regular file"
	mkfifo "$USER_CFG"
	run -3 --separate-stderr timeout 10 "$QXUB" exec --dry-run -- true
	assert_equal "$stderr" "qxub: cannot read '$USER_CFG': not a regular file"
	run -3 --separate-stderr timeout 10 "$QXUB" config validate
	assert_equal "$stderr" "qxub: cannot read '$USER_CFG': not a regular file"
	rm "$USER_CFG"
	# 1 MiB exactly is read; one byte more is not.
	python3 -c 'import sys; t = "defaults: {queue: big}\n#"; sys.stdout.write(t + "x" * (1048576 - len(t)))' >big.yaml
	assert_equal "$(stat -c %s big.yaml)" 1048576
	run -0 --separate-stderr "$QXUB" --config big.yaml config get defaults.queue
	assert_output big
	printf x >>big.yaml
	run -3 --separate-stderr "$QXUB" --config big.yaml config get defaults.queue
	assert_equal "$stderr" "qxub: cannot read 'big.yaml': larger than 1048576 bytes"
}

@test "an unreadable file is a config error" {
	echo 'defaults: {}' >"$USER_CFG"
	chmod 000 "$USER_CFG"
	if [ "$(id -u)" != 0 ]; then
		run -3 --separate-stderr "$QXUB" exec -- true
		assert_equal "$stderr" "qxub: cannot read '$USER_CFG': Permission denied"
		return
	fi
	# Root reads any file: run qxub as nobody, from a directory nobody
	# can reach.
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is needed to drop root"
	d=$(mktemp -d /tmp/qxub-unreadable.XXXXXX)
	chmod 755 "$d"
	mkdir -p "$d/qxub"
	echo 'defaults: {}' >"$d/qxub/config.yaml"
	chmod 000 "$d/qxub/config.yaml"
	run -3 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env HOME="$d" XDG_CONFIG_HOME="$d" XDG_CONFIG_DIRS="$d/etc" \
	    XDG_STATE_HOME="$d/state" "$QXUB" exec --dry-run -- true
	rm -rf "$d"
	assert_equal "$stderr" "qxub: cannot read '$d/qxub/config.yaml': Permission denied"
}

@test "YAML anchors and merge keys work; alias bombs are refused" {
	cat >"$USER_CFG" <<'YAML'
templates: &t
  base: .
defaults:
  <<: {queue: anchored}
  out: "{base}/o"
YAML
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial ' -q anchored '
	python3 -c '
print("a: &a [x, x, x, x, x, x, x, x, x, x]")
for i in range(1, 10):
    print("%s: &%s [%s]" % (chr(97 + i), chr(97 + i), ", ".join(["*" + chr(96 + i)] * 10)))
print("defaults: {queue: q}")' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" exec -- true
	assert_regex "$stderr" "^qxub: $USER_CFG:[0-9]+:[0-9]+: too many nodes"
}

@test "qxub config files lists the layers; get prints one value; list --show-origin says where" {
	printf 'defaults:\n  queue: normal\n  resources: [mem=1GB]\n' >"$USER_CFG"
	echo 'defaults: {project: p1}' >proj/.qx/project.yaml
	cd proj
	run -0 --separate-stderr "$QXUB" config files
	assert_line "system   absent    $SYSTEM_CFG" 2>/dev/null || true
	assert_line "user     ok        $USER_CFG"
	assert_line "project  ok        $BATS_TEST_TMPDIR/proj/.qx/project.yaml"
	assert_line "local    absent    $BATS_TEST_TMPDIR/proj/.qx/local.yaml"
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	assert_output normal
	run -0 --separate-stderr "$QXUB" config get defaults
	assert_line 'queue: normal'
	run -1 --separate-stderr "$QXUB" config get defaults.nope
	assert_equal "$stderr" "qxub: configuration key 'defaults.nope' is not set"
	run -0 --separate-stderr "$QXUB" config list --show-origin
	assert_line "defaults.queue = normal  # $USER_CFG:2:10"
	assert_line "defaults.resources[0] = mem=1GB  # $USER_CFG:3:15"
	assert_line "defaults.project = p1  # $BATS_TEST_TMPDIR/proj/.qx/project.yaml:1:21"
	run -0 --separate-stderr "$QXUB" --config "$FIXTURES/test_config.yaml" config get platforms.gadi_remote.remote.host
	assert_output gadi
}

@test "qxub config validate checks every layer; unknown and later subcommands are refused" {
	cp "$FIXTURES/test_config.yaml" "$USER_CFG"
	run -0 --separate-stderr "$QXUB" config validate
	assert_line "user     ok        $USER_CFG"
	printf 'defaults: [\n' >"$USER_CFG"
	run -3 --separate-stderr "$QXUB" config validate
	assert_regex "$stderr" "^qxub: $USER_CFG:[0-9]+:[0-9]+: "
	run -2 --separate-stderr "$QXUB" config reset
	assert_equal "$stderr" "qxub: 'qxub config reset' is not available yet"
	run -2 --separate-stderr "$QXUB" config bogus
	assert_equal "$stderr" "qxub: usage: qxub config files | get | list | validate | set | unset | init | edit | alias | shortcut ..."
}
