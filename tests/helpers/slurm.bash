# A real single-node Slurm (munged, slurmctld, slurmd) in a private
# directory on loopback ports, started by a bats file's setup_file and
# stopped by pid in its teardown_file.  Nothing outside $SLURMFX is
# written; clients find it through SLURM_CONF.  No cgroups are needed
# (proctrack/linuxproc, task/none).
#
# When the machine cannot run Slurm the tests are skipped with the reason,
# unless QXUB_REQUIRE_SLURM=1 (CI sets it): then that is a failure.

# Why this machine cannot run Slurm, or nothing.
slurm_missing() {
	local p
	for p in munged mungekey slurmctld slurmd sbatch squeue scontrol \
	    scancel srun; do
		command -v "$p" >/dev/null 2>&1 ||
		    [ -x "/usr/sbin/$p" ] || { echo "no $p (apt-get install slurmctld slurmd slurm-client munge)"; return; }
	done
}

# Skips (or fails, under QXUB_REQUIRE_SLURM=1) when Slurm cannot run; skips
# when QXUB_SKIP_SLURM gives a reason to (bootstrap.sh's distcheck).
slurm_require() {
	local why
	[ -z "${QXUB_SKIP_SLURM:-}" ] || skip "Slurm tests skipped: $QXUB_SKIP_SLURM"
	why=$(slurm_missing)
	[ -z "$why" ] && [ -z "${SLURM_FAILED:-}" ] && return 0
	why=${why:-$SLURM_FAILED}
	if [ "${QXUB_REQUIRE_SLURM:-0}" = 1 ]; then
		fail "Slurm is required here and cannot run: $why"
	fi
	skip "this machine cannot run Slurm: $why"
}

# Writes slurm.conf for this node into $SLURMFX.
slurm_conf() {
	local node=$1 me=$2 cpus=16 mem
	# More CPUs than the machine has (config_overrides): tests run many
	# small jobs at once, and a job waiting for a CPU would wait for the
	# next scheduling pass.
	mem=$(awk '/^MemTotal:/ { print int($2 / 1024 / 2) }' /proc/meminfo)
	cat >"$SLURMFX/slurm.conf" <<-CONF
	ClusterName=qxubtest
	SlurmctldHost=$node(127.0.0.1)
	SlurmctldPort=$SLURM_CTLD_PORT
	SlurmdPort=$SLURM_SLURMD_PORT
	SlurmUser=$me
	SlurmdUser=$me
	AuthType=auth/munge
	AuthInfo=socket=$SLURMFX/munge/munge.sock
	CredType=cred/munge
	MailProg=/bin/true
	StateSaveLocation=$SLURMFX/state
	SlurmdSpoolDir=$SLURMFX/spool/%n
	SlurmctldPidFile=$SLURMFX/run/slurmctld.pid
	SlurmdPidFile=$SLURMFX/run/slurmd.pid
	SlurmctldLogFile=$SLURMFX/log/slurmctld.log
	SlurmdLogFile=$SLURMFX/log/slurmd.log
	ProctrackType=proctrack/linuxproc
	TaskPlugin=task/none
	JobAcctGatherType=jobacct_gather/none
	AccountingStorageType=accounting_storage/none
	SchedulerType=sched/builtin
	SelectType=select/cons_tres
	SelectTypeParameters=CR_Core_Memory
	MpiDefault=none
	SlurmdParameters=config_overrides
	ReturnToService=2
	MinJobAge=300
	SlurmctldTimeout=30
	SlurmdTimeout=30
	KillWait=2
	OverTimeLimit=0
	DefMemPerCPU=100
	NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
	PartitionName=debug Nodes=$node Default=YES MaxTime=60 State=UP
	PartitionName=long Nodes=$node MaxTime=INFINITE State=UP
	CONF
}

# Starts munged, slurmctld and slurmd; sets SLURMFX and exports SLURM_CONF.
slurm_start() {
	local node me i st
	SLURM_FAILED=
	[ -z "${QXUB_SKIP_SLURM:-}" ] && [ -z "$(slurm_missing)" ] || return 0
	SLURMFX=$(mktemp -d /tmp/qxub-slurmfx.XXXXXX)
	chmod 755 "$SLURMFX"
	node=$(hostname -s)
	me=$(id -un)
	SLURM_CTLD_PORT=$(sshd_free_port 2>/dev/null || python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	SLURM_SLURMD_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$SLURMFX"/{state,log,run,munge,mungekey} "$SLURMFX/spool/$node"
	chmod 755 "$SLURMFX/munge" "$SLURMFX/log"
	chmod 700 "$SLURMFX/mungekey"
	mungekey --create --keyfile="$SLURMFX/mungekey/munge.key" 2>>"$SLURMFX/log/start.log" ||
		{ SLURM_FAILED="mungekey failed: $(tail -1 "$SLURMFX/log/start.log")"; return 0; }
	munged --force --socket="$SLURMFX/munge/munge.sock" \
	    --key-file="$SLURMFX/mungekey/munge.key" \
	    --pid-file="$SLURMFX/run/munged.pid" \
	    --log-file="$SLURMFX/log/munged.log" \
	    --seed-file="$SLURMFX/mungekey/munged.seed" 3>&- 2>>"$SLURMFX/log/start.log" ||
		{ SLURM_FAILED="munged failed: $(tail -1 "$SLURMFX/log/start.log")"; return 0; }
	slurm_conf "$node" "$me"
	export SLURM_CONF="$SLURMFX/slurm.conf"
	slurmctld -i 3>&- 2>>"$SLURMFX/log/start.log" &&
	    slurmd 3>&- 2>>"$SLURMFX/log/start.log" ||
		{ SLURM_FAILED="slurmctld/slurmd failed: $(tail -3 "$SLURMFX/log/start.log")"; return 0; }
	for ((i = 0; i < 300; i++)); do
		st=$(sinfo -h -n "$node" -o '%T' 2>/dev/null | head -1 || true)
		[ "$st" = idle ] && break
		sleep 0.1
	done
	[ "$st" = idle ] ||
		SLURM_FAILED="the node did not become idle (state '$st'): $(tail -3 "$SLURMFX/log/slurmctld.log" 2>/dev/null)"
	export SLURMFX SLURM_FAILED
}

# Stops the daemons by their pid files and removes $SLURMFX.
slurm_stop() {
	local f pid i
	[ -n "${SLURMFX:-}" ] && [ -d "$SLURMFX" ] || return 0
	for f in slurmd slurmctld munged; do
		[ -s "$SLURMFX/run/$f.pid" ] || continue
		pid=$(cat "$SLURMFX/run/$f.pid")
		kill "$pid" 2>/dev/null || continue
		for ((i = 0; i < 100; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	done
	rm -rf "$SLURMFX"
}
