#!/usr/bin/env bats
# Remote platforms: qxub exec over the system ssh to a real OpenSSH sshd
# on loopback, started here; the remote qxub is the qxub under test, on
# the local scheduler or the PBS simulator of the remote user.

setup_file() {
	load helpers/common
	load helpers/sshd
	sshd_start
}

teardown_file() {
	load helpers/common
	load helpers/sshd
	sshd_stop
}

setup() {
	load helpers/common
	load helpers/sshd
	qxub_setup
	remote_setup
	DUMP="$SSHFX/bin/argv-dump"
}

teardown() {
	if [ -d "$REMOTE_DIR/pbs-sim" ]; then
		PBS_SIM_DIR="$REMOTE_DIR/pbs-sim" \
		    python3 "$QXUB_TESTS/pbs-sim/pbssim.py" shutdown || true
	fi
	qxub_teardown
}

# Skips a test that needs other login shells than the user's own.
needs_root() {
	[ "$(id -u)" = 0 ] || skip "${1:-only root can log in as the test users}"
}

@test "a remote job's stdout, stderr and exit code come back; it ran there" {
	run --separate-stderr "$QXUB" exec --platform hpc -- sh -c 'echo out; echo err >&2; exit 3'
	assert_failure 3
	assert_output out
	assert_equal "$stderr" err
	run --separate-stderr "$QXUB" exec --platform hpc -- sh -c 'id -un; pwd'
	assert_success
	assert_output "$(sshd_user sh)
$REMOTE_DIR"
	# The remote qxub made the job directories; this side none.
	assert_equal "$(remote_job_count)" 2
	assert_equal "$(job_count)" 0
}

@test "the remote job, and a qxub it runs, is not a remote end" {
	run -0 --separate-stderr "$QXUB" exec --platform hpc -- sh -c 'echo "[${QXUB_REMOTE-unset}] [${QXUB_PROGRESS-unset}] $QXUB_PLATFORM"'
	assert_output "[unset] [unset] hpc"
}

@test "the remote job's exit codes 0, 1, 255 and death by signal pass through" {
	for code in 0 1 255; do
		run --separate-stderr "$QXUB" exec --platform hpc -- sh -c "exit $code"
		assert_equal "$status" "$code"
		assert_equal "$stderr" ''
	done
	run "$QXUB" exec --platform hpc -- sh -c 'kill -KILL $$'
	assert_equal "$status" 137
	run "$QXUB" exec --platform hpc -- sh -c 'kill -TERM $$'
	assert_equal "$status" 143
}

@test "hard words reach the remote job byte for byte, a 100 KB argument too" {
	big=$(head -c 75000 /dev/urandom | base64 -w0)
	words=("a b" "it's" '"q"' '$HOME' '`id`' '\' $'new\nline' '' '-n'
	    '!' '!!' '#' '%s' "'\\''" $'\xff\xfe' 'ünï ✓' '{a,b}' '*' "$big")
	"$QXUB" exec --platform hpc -- "$DUMP" "${words[@]}" >got
	printf '%s\0' "${words[@]}" >want
	cmp want got
}

@test "the remote user's login shell may be sh, tcsh or fish" {
	needs_root
	{
		echo "platforms:"
		for p in tcsh fish; do
			remote_platform "hpc-$p" "conda_init: export XDG_STATE_HOME=$REMOTE_DIR/state-$p"
		done
	} >"$XDG_CONFIG_HOME/qxub/config.yaml"
	words=("a b" "it's" '$HOME' '`id`' '\' $'new\nline' '' '!' '!!'
	    '#' '~' '%s' '(x)' '{a,b}' ';' '&' '|' '>x' '$(id)' 'a\"b')
	printf '%s\0' "${words[@]}" >want
	for p in hpc-tcsh hpc-fish; do
		assert_equal "$(getent passwd "qxubt-${p#hpc-}" | cut -d: -f7)" "/usr/bin/${p#hpc-}"
		"$QXUB" exec --platform "$p" -- "$DUMP" "${words[@]}" >got
		cmp want got
	done
}

@test "500 random argvs reach the remote job byte for byte" {
	QXUB_PROPERTY_CASES=500 QXUB_PROPERTY_OPTS="--platform hpc" \
	    QXUB_PROPERTY_DUMP="$DUMP" \
	    run python3 "$QXUB_TESTS/helpers/argv-property.py"
	assert_success
	assert_line '0 of 500 cases failed'
	assert_equal "$(remote_job_count)" 500
}

@test "an unreachable host: one line, exit 6, no job submitted" {
	remote_setup "host: hpc-down"
	run --separate-stderr "$QXUB" exec --platform hpc -- touch "$REMOTE_DIR/ran"
	assert_failure 6
	assert_equal "$stderr" "qxub: cannot reach hpc-down: connect to host 127.0.0.1 port $SSHD_DOWN_PORT: Connection refused; no job was submitted (-v shows what ssh said)"
	assert_output ''
	assert_file_not_exists "$REMOTE_DIR/ran"
}

@test "a refused key: exit 6 with ssh's reason, no job submitted" {
	# Its own master: the one of hpc (same user, host, port) is not used.
	remote_setup "host: hpc-refused"
	run --separate-stderr "$QXUB" exec --platform hpc -- touch "$REMOTE_DIR/ran"
	assert_failure 6
	assert_equal "$stderr" "qxub: cannot reach hpc-refused: $(sshd_user sh)@127.0.0.1: Permission denied (publickey); no job was submitted (-v shows what ssh said)"
	assert_file_not_exists "$REMOTE_DIR/ran"
}

@test "a changed host key: exit 6; -v shows ssh's warning" {
	remote_setup "host: hpc-changed"
	run --separate-stderr "$QXUB" exec --platform hpc -- touch "$REMOTE_DIR/ran"
	assert_failure 6
	assert_equal "$stderr" "qxub: cannot reach hpc-changed: Host key verification failed; no job was submitted (-v shows what ssh said)"
	run --separate-stderr "$QXUB" -v exec --platform hpc -- touch "$REMOTE_DIR/ran"
	assert_failure 6
	[[ $stderr == *"REMOTE HOST IDENTIFICATION HAS CHANGED"* ]]
	assert_file_not_exists "$REMOTE_DIR/ran"
}

@test "no ssh program: exit 6, no job submitted" {
	remote_setup "ssh: /nonexistent/ssh"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 6
	assert_equal "$stderr" "qxub: cannot run '/nonexistent/ssh': No such file or directory; no job was submitted"
}

@test "a missing remote qxub: its own message, exit 3" {
	remote_setup "qxub: /nonexistent/qxub"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: hpc: no /nonexistent/qxub to run there (set platforms.hpc.remote.qxub to its path); no job was submitted"
}

@test "a missing working_dir: exit 3, nothing run" {
	remote_setup "working_dir: $REMOTE_DIR/{{user}}/nope"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: hpc: cannot change to directory $REMOTE_DIR/$(sshd_user sh)/nope (platforms.hpc.remote.working_dir); no job was submitted"
	assert_equal "$(remote_job_count)" 0
}

@test "working_dir: {{user}} is the remote user, {user} this one" {
	mkdir -p "$REMOTE_DIR/$(sshd_user sh)/from_$(id -un)"
	remote_setup "working_dir: $REMOTE_DIR/{{user}}/from_{user}"
	run "$QXUB" exec --platform hpc -- pwd
	assert_success
	assert_output "$REMOTE_DIR/$(sshd_user sh)/from_$(id -un)"
}

@test "conda_init is a script: comments are harmless, a failure stops" {
	remote_setup "conda_init: |" \
	    "  # Initialize conda for remote execution" \
	    "  export XDG_STATE_HOME=$REMOTE_DIR/state # keep jobs here" \
	    "  # If qxub is in a specific conda env, activate it:" \
	    "  QXUB_T=comments-ok; export QXUB_T"
	run --separate-stderr "$QXUB" exec --platform hpc -- sh -c 'echo $QXUB_T'
	assert_success
	assert_output comments-ok
	remote_setup "conda_init: |" "  # fails" "  (exit 4)"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: hpc: the conda_init of platform hpc failed (exit 4); no job was submitted"
}

@test "the fixture's gadi_remote: {{user}} reaches the remote as its \$USER" {
	PATH="$SSHFX/shim:$PATH"
	run --separate-stderr "$QXUB" --config "$QXUB_TESTS/fixtures/qxub/test_config.yaml" exec -- hostname
	assert_failure 3
	assert_equal "$stderr" "qxub: gadi: cannot change to directory /scratch/a56/$(sshd_user sh) (platforms.gadi_remote.remote.working_dir); no job was submitted"
}

# Starts a remote job that records its pid and sleeps, sends SIG to qxub,
# checks the code and that the remote job was gone within 5 s.
remote_cancel() {
	local sig=$1 want=$2 pid rc
	"$QXUB" exec --platform hpc -- sh -c 'echo $$ >job.pid; echo running; exec sleep 300' >out 2>err &
	pid=$!
	wait_for "$REMOTE_DIR/job.pid"
	for _ in $(seq 100); do grep -q running out && break; sleep 0.05; done
	kill -s "$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" "$want"
	wait_gone "$REMOTE_DIR/job.pid" 5
}

@test "Ctrl-C (SIGINT) cancels the remote job within 5 s; exit 130" {
	remote_cancel INT 130
}

@test "SIGTERM cancels the remote job within 5 s; exit 143" {
	remote_cancel TERM 143
}

@test "SIGHUP cancels the remote job within 5 s; exit 129" {
	remote_cancel HUP 129
}

@test "Ctrl-C qdels the job on a remote PBS within 5 s" {
	remote_setup "conda_init: |" \
	    "  export XDG_STATE_HOME=$REMOTE_DIR/state PATH=$SSHFX/pbs-sim:\$PATH" \
	    "  export PBS_SIM_DIR=$REMOTE_DIR/pbs-sim PBS_SIM_QUEUE_DELAY=0.1" \
	    "  export QXUB_PBS_POLL_INTERVAL=1"
	"$QXUB" -v exec --platform hpc -- sh -c 'echo running; exec sleep 300' >out 2>err &
	pid=$!
	for _ in $(seq 200); do grep -q running out && break; sleep 0.05; done
	assert_equal "$(cat out)" running
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	grep -q 'qxub@hpc: submitted job 1.pbs-sim (pbs)' err
	for _ in $(seq 100); do
		grep -q '"qdel"' "$REMOTE_DIR/pbs-sim/calls.log" && break
		sleep 0.05
	done
	grep '"qdel", "1.pbs-sim"' "$REMOTE_DIR/pbs-sim/calls.log"
	# The job ends (PBS's kill_delay allows 2 s) within 5 s of Ctrl-C.
	for _ in $(seq 60); do
		PBS_SIM_DIR="$REMOTE_DIR/pbs-sim" "$SSHFX/pbs-sim/qstat" -x -f 1.pbs-sim |
		    grep -q 'job_state = F' && break
		sleep 0.05
	done
	PBS_SIM_DIR="$REMOTE_DIR/pbs-sim" run "$SSHFX/pbs-sim/qstat" -x -f 1.pbs-sim
	assert_line --regexp 'job_state = F'
}

@test "--dry-run prints the ssh command and the remote script, and the remote's job script" {
	# Other ssh_args than the other tests': no master of theirs is reused,
	# so qxub asks ssh -G and adds what the configuration leaves unset.
	remote_setup "ssh_args: [-F, $SSHFX/ssh_config, -o, ConnectionAttempts=1]"
	run --separate-stderr "$QXUB" exec --platform hpc --dry-run -- echo "it's"
	assert_success
	assert_line --index 0 --partial "Dry run - would run: ssh -F $SSHFX/ssh_config -o ConnectionAttempts=1 -T -E $SSHFX/run/qxub/ssh-"
	line=${lines[0]}
	[[ $line == *" -o BatchMode=yes -o ConnectTimeout=15 -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o ControlMaster=auto -o ControlPath=$SSHFX/run/qxub/cm-"* ]]
	re=" -o ControlPath=[^ ]*/cm-[0-9a-f]{16} -o ControlPersist=10m hpc 'exec sh -c "
	[[ $line =~ $re ]]
	assert_line --index 0 --regexp "printf %s [A-Za-z0-9+/=]+\|base64 -d\)\"'\\\\'''\$"
	assert_line "Remote script (the command word decodes to it):"
	assert_line "set -- \"\$i\" \"\$h\" \"\$p\" \"\$n\" '$SSHFX/bin/qxub' 'exec' '--platform' 'hpc' '--dry-run' '--' 'echo' 'it'\\''s'"
	# The remote qxub printed its own dry run: the job script.
	assert_line --regexp '^Dry run - would execute: '
	assert_line "set -- 'echo' 'it'\\''s'"
	assert_equal "$(remote_job_count)" 0
}

@test "the remote qxub gets the options of the spec in qxub 3.x spellings; --config and the alias stay here" {
	remote_setup "qxub: $DUMP"
	cat >extra.yaml <<-EOF
	aliases:
	  big:
	    mem: 8GB
	    env: my env
	EOF
	"$QXUB" --config extra.yaml exec --platform hpc --alias big -vv -l walltime=1:00:00 --mod a --mod b -N job -- echo "it's" >got
	printf '%s\0' exec --env 'my env' --mod a --mod b --name job --platform hpc --verbose --verbose --mem 8GB --resources walltime=1:00:00 -- echo "it's" >want
	cmp want got
}

@test "multiplex auto: one qxub ControlMaster shared by later jobs" {
	# An ssh that logs how it is called, so the test sees each ssh -G.
	printf '#!/bin/sh\necho "$*" >>%s/ssh.log\nexec ssh "$@"\n' "$REMOTE_DIR" >"$REMOTE_DIR/ssh-log"
	chmod +x "$REMOTE_DIR/ssh-log"
	remote_setup "ssh: $REMOTE_DIR/ssh-log"
	socket=$("$QXUB" exec --platform hpc --dry-run -- true | sed -n '1s/.* -o ControlPath=\([^ ]*\) .*/\1/p')
	[[ $socket == "$XDG_RUNTIME_DIR"/qxub/cm-* ]]
	run "$QXUB" exec --platform hpc -- true
	assert_success
	[ -S "$socket" ]
	ssh -o ControlPath="$socket" -O check hpc
	: >"$REMOTE_DIR/ssh.log"
	# Later jobs use it, and need not ask ssh -G.
	run "$QXUB" exec --platform hpc -- true
	assert_success
	run cat "$REMOTE_DIR/ssh.log"
	refute_line --partial ' -G '
	assert_line --partial "-o ControlPath=$socket "
}

@test "multiplex off, or the user's own ControlPath: qxub adds no ControlMaster" {
	remote_setup "multiplex: off"
	run "$QXUB" exec --platform hpc --dry-run -- true
	assert_success
	refute_output --partial ControlMaster
	remote_setup "host: hpc-mux"
	run "$QXUB" exec --platform hpc --dry-run -- true
	assert_success
	refute_output --partial ControlMaster
	run "$QXUB" exec --platform hpc -- true
	assert_success
	ls "$SSHFX"/user-* >/dev/null
	remote_setup "multiplex: sometimes"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:4:18: platform 'hpc': remote.multiplex 'sometimes' is not auto or off"
}

@test "hosts and users beginning with '-' are refused before ssh runs" {
	for host in "-oProxyCommand=touch $REMOTE_DIR/ran" "-x@hpc" "user@-oProxyCommand=x"; do
		remote_setup "host: '$host'"
		run --separate-stderr "$QXUB" exec --platform hpc -- true
		assert_failure 3
		assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:4:13: platform 'hpc': remote.host '$host' is not a host name ([user@]host, neither beginning with '-')"
	done
	assert_file_not_exists "$REMOTE_DIR/ran"
}

@test "a remote end never goes over ssh again: it runs the platform there" {
	mkdir -p "$REMOTE_DIR/config/qxub"
	cp "$XDG_CONFIG_HOME/qxub/config.yaml" "$REMOTE_DIR/config/qxub/"
	remote_setup "conda_init: |" \
	    "  export XDG_STATE_HOME=$REMOTE_DIR/state XDG_CONFIG_HOME=$REMOTE_DIR/config"
	run --separate-stderr "$QXUB" -v exec --platform hpc -- echo ran
	assert_success
	assert_output ran
	[[ $stderr == *"qxub@hpc: platform hpc is remote, and this is its remote end: running it here"* ]]
}

@test "-v shows the remote qxub's progress, prefixed with its host" {
	run --separate-stderr "$QXUB" -v exec --platform hpc -- true
	assert_success
	[[ $stderr == *"qxub: running qxub on hpc over ssh (platform hpc)"* ]]
	[[ $stderr =~ qxub@hpc:\ submitted\ job\ [0-9]+\.local ]]
	[[ $stderr =~ qxub@hpc:\ job\ [0-9]+\.local\ finished\ with\ exit\ code\ 0 ]]
}

@test "usage errors are found here, before ssh runs" {
	remote_setup "ssh: /nonexistent/ssh"
	run --separate-stderr "$QXUB" exec --platform hpc --env a --sif b -- true
	assert_failure 2
	[[ $stderr == *"--env and --sif cannot be combined"* ]]
	run --separate-stderr "$QXUB" exec --platform hpc --mem lots -- true
	assert_failure 2
}

@test "platform info and list ask the remote qxub how it runs the platform" {
	run -0 --separate-stderr "$QXUB" platform info hpc --json
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["kind"], d["host"], d["there"]["kind"], d["there"]["scheduler"])' "$output"
	assert_output "remote hpc remote end local"
	run -0 --separate-stderr "$QXUB" platform list
	assert_line --regexp '^hpc +remote +local +hpc$'
	remote_setup "host: hpc-down"
	run --separate-stderr "$QXUB" platform info hpc
	assert_failure 6
	assert_equal "$stderr" "qxub: cannot reach hpc-down: connect to host 127.0.0.1 port $SSHD_DOWN_PORT: Connection refused; nothing ran there (-v shows what ssh said)"
}

@test "status, monitor, cancel and history of a remote platform go to the qxub there" {
	id=$("$QXUB" exec --platform hpc --terse -- sh -c 'echo remote-out; exit 3')
	[[ $id =~ ^[0-9]+\.local$ ]] || fail "no job id: $id"
	run -1 --separate-stderr "$QXUB" monitor --platform hpc --interval 1 <<<"$id"
	assert_line --regexp "^$id +failed +3 +sh\$"
	run -0 --separate-stderr "$QXUB" status --platform hpc "$id"
	assert_line --index 1 --regexp "^$id +failed +3 +sh\$"
	run -0 --separate-stderr "$QXUB" history out "$id" --platform hpc
	assert_output remote-out
	# This side's history has the remote run (the job is the far end's).
	run -0 "$QXUB" history --json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1])[-1]; print(r["kind"], r["platform"], r["remote_host"])' "$output"
	assert_output "remote hpc hpc"
	# defaults.platform names the remote platform: no --platform needed.
	printf 'defaults:\n  platform: hpc\n' >>"$XDG_CONFIG_HOME/qxub/config.yaml"
	id=$("$QXUB" exec --terse -- sleep 30)
	run -0 --separate-stderr "$QXUB" cancel --force "$id"
	assert_output "$id: cancelled"
}

@test "an interactive session on a remote platform gets a terminal there (ssh -t)" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	run script -qec "$QXUB interactive --platform hpc" /dev/null <<<$'echo "there=$(tty) $QXUB_PLATFORM"; exit 6'
	assert_equal "$status" 6
	assert_output --regexp 'there=/dev/pts/[0-9]+ hpc'
}

@test "hosts: an unreachable login node is skipped with one warning; the job runs on the next" {
	remote_setup "hosts: [hpc-down, hpc]"
	run --separate-stderr "$QXUB" exec --platform hpc -- sh -c 'echo "ran on $QXUB_PLATFORM"'
	assert_success
	assert_output "ran on hpc"
	assert_equal "$stderr" "qxub: warning: cannot reach hpc-down: connect to host 127.0.0.1 port $SSHD_DOWN_PORT: Connection refused; trying hpc"
	assert_equal "$(remote_job_count)" 1
	# The history names the host that ran it.
	run -0 "$QXUB" history --json
	run -0 python3 -c 'import json, sys; print(json.loads(sys.argv[1])[-1]["remote_host"])' "$output"
	assert_output hpc
	# platform list and info name it too.
	run -0 --separate-stderr "$QXUB" platform list
	assert_line --regexp '^hpc +remote +local +hpc$'
	run -0 --separate-stderr "$QXUB" platform info hpc --json
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["host"], d["hosts"])' "$output"
	assert_output "hpc ['hpc-down', 'hpc']"
}

@test "hosts: none reachable: a warning each but the last, exit 6 naming them all, no job" {
	remote_setup "hosts: [hpc-down, hpc-refused]"
	run --separate-stderr "$QXUB" exec --platform hpc -- touch "$REMOTE_DIR/ran"
	assert_failure 6
	assert_equal "$stderr" "qxub: warning: cannot reach hpc-down: connect to host 127.0.0.1 port $SSHD_DOWN_PORT: Connection refused; trying hpc-refused
qxub: cannot reach hpc-refused: $(sshd_user sh)@127.0.0.1: Permission denied (publickey); tried hpc-down, hpc-refused; no job was submitted (-v shows what ssh said)"
	assert_output ''
	assert_file_not_exists "$REMOTE_DIR/ran"
	assert_equal "$(remote_job_count)" 0
}

@test "hosts: a connection lost after the remote qxub started is not retried on the next host" {
	# The remote "qxub" records the host it ran for, then ends the sshd
	# session that runs it: the session had been established.
	printf '#!/bin/sh\necho "$QXUB_REMOTE" >>%s/runs\nkill -KILL $PPID\nsleep 5\n' "$REMOTE_DIR" >"$REMOTE_DIR/qxub-drop"
	chmod 755 "$REMOTE_DIR/qxub-drop"
	# At LogLevel INFO ssh says so (on its stderr, not in its -E log).
	remote_setup "hosts: [gadi, hpc]" "qxub: $REMOTE_DIR/qxub-drop" \
	    "multiplex: off" "ssh_args: [-F, $SSHFX/ssh_config, -o, LogLevel=INFO]"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 255
	[[ $stderr == "Connection to 127.0.0.1 closed by remote host."* ]] || fail "$stderr"
	[[ $stderr != *warning* ]] || fail "$stderr"
	assert_equal "$(cat "$REMOTE_DIR/runs")" gadi
}

@test "remote.host and remote.hosts together, or an empty hosts: a config error" {
	remote_setup "hosts: [hpc-down, hpc]" "host: hpc"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:4:14: platform 'hpc': remote.host and remote.hosts cannot both be given (host is the one-host form of hosts)"
	remote_setup "hosts: []"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:4:14: platform 'hpc': remote.hosts must be a list of one or more ssh destinations"
	remote_setup "hosts: [hpc, '-oProxyCommand=x']"
	run --separate-stderr "$QXUB" exec --platform hpc -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:4:20: platform 'hpc': remote.host '-oProxyCommand=x' is not a host name ([user@]host, neither beginning with '-')"
}

@test "platform check: each host's ssh config, master, remote qxub and scheduler" {
	remote_setup "hosts: [hpc, gadi]"
	run -0 --separate-stderr "$QXUB" platform check hpc
	assert_equal "$stderr" ''
	for h in hpc gadi; do
		assert_line "ok     $h: ssh config: user $(sshd_user sh), hostname 127.0.0.1, port $SSHD_PORT, proxyjump none, controlmaster false, controlpath none"
		assert_line --regexp "^ok     $h: master: (not )?running, $XDG_RUNTIME_DIR/qxub/cm-[0-9a-f]{16}\$"
		assert_line "ok     $h: remote qxub: $("$QXUB" --version)"
		assert_line "ok     $h: scheduler: local (no qsub on PATH)"
	done
	assert_equal "${#lines[@]}" 8
	# The master qxub opened for the checks is found by the next one.
	run -0 --separate-stderr "$QXUB" platform check hpc --json
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["name"], d["kind"], d["ok"])
for h in d["hosts"]:
    print(h["host"], h["ok"], h["ssh"]["port"], " ".join("%s=%s" % (c["check"], c["ok"]) for c in h["checks"]))
    print(h["checks"][1]["detail"].split(",")[0])' "$output"
	assert_output "hpc remote True
hpc True $SSHD_PORT ssh config=True master=True remote qxub=True scheduler=True
running
gadi True $SSHD_PORT ssh config=True master=True remote qxub=True scheduler=True
running"
}

@test "platform check: an unreachable host fails its line, exit 6; the others still checked" {
	remote_setup "hosts: [hpc-down, hpc]"
	run -6 --separate-stderr "$QXUB" platform check hpc
	assert_line "FAILED hpc-down: remote qxub: ssh did not reach it"
	assert_line "ok     hpc: scheduler: local (no qsub on PATH)"
	refute_line --partial "hpc-down: scheduler"
	assert_equal "$stderr" "qxub: cannot reach hpc-down: connect to host 127.0.0.1 port $SSHD_DOWN_PORT: Connection refused; nothing ran there (-v shows what ssh said)"
	run -6 --separate-stderr "$QXUB" platform check hpc --json
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["ok"], [(h["host"], h["ok"], h["checks"][-1]["check"]) for h in d["hosts"]])' "$output"
	assert_output "False [('hpc-down', False, 'remote qxub'), ('hpc', True, 'scheduler')]"
}

@test "platform check: a platform that runs here: its scheduler and why; a bad one exit 3" {
	run -0 --separate-stderr "$QXUB" platform check local
	assert_output "ok     scheduler: local (built-in)"
	printf '  here:\n    description: no remote\n' >>"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 --separate-stderr "$QXUB" platform check here --json
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["ok"], d["checks"][0]["detail"])' "$output"
	assert_output "True local (no qsub on PATH)"
	run -3 --separate-stderr "$QXUB" platform check nope
	assert_equal "$stderr" "qxub: unknown platform 'nope'"
	remote_setup "hosts: [hpc]" "host: hpc"
	run -3 --separate-stderr "$QXUB" platform check hpc
	[[ $stderr == *"remote.host and remote.hosts cannot both be given"* ]]
}
