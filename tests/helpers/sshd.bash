# A real OpenSSH sshd on loopback, started by a bats file's setup_file and
# stopped by its teardown_file, and a remote platform that reaches it.
#
# As root, the remote users are dedicated unprivileged accounts, one per
# login shell (qxubt-sh, qxubt-tcsh, qxubt-fish); otherwise the only user
# sshd can log in is the one running the tests, with its own shell.  The
# remote qxub is a copy of the qxub under test in the fixture directory,
# which every remote user can read.

SSHD_USERS="qxubt-sh:/bin/sh qxubt-tcsh:/usr/bin/tcsh qxubt-fish:/usr/bin/fish"

# Prints a TCP port nobody listens on.
sshd_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Creates the remote users (as root), once, under a lock: bats files run
# in parallel.
sshd_users() {
	local u name shell
	for u in $SSHD_USERS; do
		name=${u%%:*} shell=${u#*:}
		[ -x "$shell" ] || continue
		flock /tmp/qxub-test-users.lock sh -c '
			id "$1" >/dev/null 2>&1 ||
			    useradd -m -s "$2" "$1" && usermod -p "*" "$1"' \
			    sh "$name" "$shell" || return 1
	done
}

# The user sshd logs in for a login shell: sh, tcsh or fish.
sshd_user() {
	if [ "$(id -u)" = 0 ]; then
		echo "qxubt-$1"
	else
		id -un
	fi
}

# Writes one Host block of the fixture's ssh_config.
sshd_host() {
	local name=$1 user=$2 port=$3 key=$4 known=$5
	cat <<EOF
Host $name
    HostName 127.0.0.1
    Port $port
    User $user
    IdentityFile $key
    IdentitiesOnly yes
    UserKnownHostsFile $known
    StrictHostKeyChecking yes
    LogLevel ERROR
EOF
}

# Starts sshd; sets SSHFX (the fixture directory) and SSHD_PORT.
sshd_start() {
	command -v /usr/sbin/sshd >/dev/null ||
		fail "sshd is not installed (apt-get install openssh-server)"
	SSHFX=$(mktemp -d /tmp/qxub-sshfx.XXXXXX)
	chmod 755 "$SSHFX"
	export SSHFX SSHD_PORT
	if [ "$(id -u)" = 0 ]; then
		sshd_users || fail "cannot create the remote test users"
		install -d -m 0755 /run/sshd
	fi
	ssh-keygen -q -t ed25519 -N '' -C qxub-test-host -f "$SSHFX/host_key"
	ssh-keygen -q -t ed25519 -N '' -C qxub-test-other -f "$SSHFX/other_host_key"
	ssh-keygen -q -t ed25519 -N '' -C qxub-test -f "$SSHFX/id"
	ssh-keygen -q -t ed25519 -N '' -C qxub-test-refused -f "$SSHFX/id_refused"
	cp "$SSHFX/id.pub" "$SSHFX/authorized_keys"
	chmod 644 "$SSHFX/authorized_keys"
	SSHD_PORT=$(sshd_free_port)
	SSHD_DOWN_PORT=$(sshd_free_port)
	export SSHD_DOWN_PORT
	cat >"$SSHFX/sshd_config" <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $SSHFX/host_key
PidFile $SSHFX/sshd.pid
AuthorizedKeysFile $SSHFX/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
LogLevel ERROR
MaxStartups 200:30:400
MaxSessions 200
EOF
	echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$SSHFX/host_key.pub")" >"$SSHFX/known_hosts"
	echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$SSHFX/other_host_key.pub")" >"$SSHFX/known_hosts_changed"
	{
		sshd_host hpc "$(sshd_user sh)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		sshd_host hpc-tcsh "$(sshd_user tcsh)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		sshd_host hpc-fish "$(sshd_user fish)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		sshd_host hpc-refused "$(sshd_user sh)" "$SSHD_PORT" "$SSHFX/id_refused" "$SSHFX/known_hosts"
		sshd_host hpc-changed "$(sshd_user sh)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts_changed"
		sshd_host hpc-down "$(sshd_user sh)" "$SSHD_DOWN_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		sshd_host gadi "$(sshd_user sh)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		sshd_host hpc-mux "$(sshd_user sh)" "$SSHD_PORT" "$SSHFX/id" "$SSHFX/known_hosts"
		echo "    ControlMaster auto"
		echo "    ControlPath $SSHFX/user-%C"
		echo "    ControlPersist 60"
	} >"$SSHFX/ssh_config"
	# The remote side's programs: qxub, argv-dump, the PBS simulator.
	mkdir -p "$SSHFX/bin" "$SSHFX/run" "$SSHFX/t" "$SSHFX/shim"
	# For configurations that name a host without ssh_args: ssh reads no
	# ~/.ssh/config but the passwd entry's.
	printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$SSHFX/ssh_config" >"$SSHFX/shim/ssh"
	chmod 755 "$SSHFX/shim/ssh"
	chmod 700 "$SSHFX/run"
	chmod 1777 "$SSHFX/t"
	cp "$QXUB" "$SSHFX/bin/qxub"
	cp "$QXUB_TESTS/helpers/argv-dump" "$SSHFX/bin/"
	cp -r "$QXUB_TESTS/pbs-sim" "$SSHFX/pbs-sim"
	chmod -R a+rX "$SSHFX/bin" "$SSHFX/pbs-sim"
	/usr/sbin/sshd -f "$SSHFX/sshd_config" -E "$SSHFX/sshd.log" ||
		fail "sshd did not start: $(cat "$SSHFX/sshd.log")"
	for _ in $(seq 100); do
		[ -s "$SSHFX/sshd.pid" ] && break
		sleep 0.05
	done
	ssh -F "$SSHFX/ssh_config" hpc true ||
		fail "cannot log in to the test sshd: $(cat "$SSHFX/sshd.log")"
}

# Stops sshd, the connections qxub and the tests left open, and what the
# remote users still run of this fixture; removes the fixture.
sshd_stop() {
	local s u
	[ -n "${SSHFX:-}" ] || return 0
	for s in "$SSHFX"/run/qxub/* "$SSHFX"/user-*; do
		[ -S "$s" ] && ssh -o ControlPath="$s" -O exit x 2>/dev/null
	done
	[ -s "$SSHFX/sshd.pid" ] && kill "$(cat "$SSHFX/sshd.pid")"
	# What the remote users still run for this fixture (its paths are in
	# their command lines), and nothing of another suite's.
	if [ "$(id -u)" = 0 ]; then
		for u in $SSHD_USERS; do
			pkill -KILL -u "${u%%:*}" -f "$SSHFX/" 2>/dev/null || true
		done
	fi
	rm -rf "$SSHFX"
}

# Per test: a directory on the "remote" side that every remote user may
# write (REMOTE_DIR), the remote qxub's state in it, and this side's
# configuration of platform hpc: more "key: value" lines for its remote:
# section may be given (they replace the defaults they name).
remote_setup() {
	export XDG_RUNTIME_DIR="$SSHFX/run"
	REMOTE_DIR="$SSHFX/t/$BATS_TEST_NUMBER"
	mkdir -p "$REMOTE_DIR" "$XDG_CONFIG_HOME/qxub"
	chmod 777 "$REMOTE_DIR"
	REMOTE_JOBS="$REMOTE_DIR/state/qxub/jobs"
	{
		echo "platforms:"
		remote_platform hpc "$@"
	} >"$XDG_CONFIG_HOME/qxub/config.yaml"
}

# Prints platform NAME (on host NAME) for a platforms: mapping; the other
# arguments are lines of its remote: section.
remote_platform() {
	local name=$1 given
	shift
	given=$(printf '%s\n' "$@" | sed -n 's/^\([a-z_]*\):.*/\1/p')
	echo "  $name:"
	echo "    remote:"
	printf '      %s\n' "$@"
	grep -qx "hosts\?" <<<"$given" || echo "      host: $name"
	grep -qx ssh_args <<<"$given" ||
		echo "      ssh_args: [-F, $SSHFX/ssh_config]"
	grep -qx qxub <<<"$given" || echo "      qxub: $SSHFX/bin/qxub"
	grep -qx working_dir <<<"$given" ||
		echo "      working_dir: $REMOTE_DIR"
	grep -qx conda_init <<<"$given" || {
		echo "      conda_init: |"
		echo "        # the remote qxub keeps its jobs in the test's directory"
		echo "        export XDG_STATE_HOME=$REMOTE_DIR/state"
		echo "        export PATH=$SSHFX/bin:\$PATH"
	}
}

# The remote job directories of the test.
remote_job_count() {
	if [ -d "$REMOTE_JOBS" ]; then
		find "$REMOTE_JOBS" -mindepth 1 -maxdepth 1 -type d | wc -l
	else
		echo 0
	fi
}
