# A real one-node Grid Engine cell (Debian's gridengine 8.1.9: sge_qmaster
# and sge_execd) in a private directory on loopback ports, started by a
# bats file's setup_file and stopped by pid in its teardown_file.  The cell
# is the helper's own: SGE_ROOT is $SGEFX/root, which borrows the packaged
# binaries and utilities through links, and nothing outside $SGEFX is
# written.  Clients find it through SGE_ROOT, SGE_CELL, SGE_QMASTER_PORT
# and SGE_EXECD_PORT, and the client commands through PATH, as on a site
# whose users source the cell's settings.sh.
#
# bootstrap.sh installs the packages without a cell of the system's and
# diverts /usr/bin/qsub (qxub takes a qsub on PATH for PBS): the helper
# uses the binaries in /usr/lib/gridengine.
#
# When the machine cannot run Grid Engine the tests are skipped with the
# reason, unless QXUB_REQUIRE_SGE=1: then that is a failure.

SGE_LIBDIR=/usr/lib/gridengine
SGE_SHAREDIR=/usr/share/gridengine

# Why this machine cannot run Grid Engine, or nothing.
sge_missing() {
	local p
	for p in sge_qmaster sge_execd sge_shepherd qsub qstat qdel qacct qrsh \
	    qconf spoolinit spooldefaults; do
		[ -x "$SGE_LIBDIR/$p" ] || {
			echo "no $SGE_LIBDIR/$p (apt-get install gridengine-master gridengine-exec gridengine-client)"
			return
		}
	done
	# sge_execd starts every job as its owner.
	[ "$(id -u)" = 0 ] || echo "sge_execd must run as root"
}

# Skips (or fails, under QXUB_REQUIRE_SGE=1) when Grid Engine cannot run;
# skips when QXUB_SKIP_SGE gives a reason to.
sge_require() {
	local why
	[ -z "${QXUB_SKIP_SGE:-}" ] || skip "Grid Engine tests skipped: $QXUB_SKIP_SGE"
	why=$(sge_missing)
	[ -z "$why" ] && [ -z "${SGE_FAILED:-}" ] && return 0
	why=${why:-$SGE_FAILED}
	if [ "${QXUB_REQUIRE_SGE:-0}" = 1 ]; then
		fail "Grid Engine is required here and cannot run: $why"
	fi
	skip "this machine cannot run Grid Engine: $why"
}

# Prints a TCP port nobody listens on.
sge_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The SGE_ROOT tree, through links to the packaged files: the commands in
# bin/ARCH (on PATH), libraries and utilities in lib/ARCH and utilbin/ARCH,
# and the cell's common directory.  Debian keeps all of them in one
# directory, with helpers such as `now` and `work` that have no business on
# PATH.
sge_root() {
	local d p
	mkdir -p "$SGE_ROOT/$SGE_CELL/common" "$SGE_ROOT/bin/$SGE_ARCH" \
	    "$SGE_ROOT/lib" "$SGE_ROOT/utilbin"
	for d in lib utilbin; do
		ln -s "$SGE_LIBDIR" "$SGE_ROOT/$d/$SGE_ARCH"
	done
	for p in qacct qalter qconf qdel qhold qhost qlogin qmod qping qquota \
	    qrls qrsh qselect qsh qstat qsub sge_qmaster sge_execd \
	    sge_shepherd sge_coshepherd; do
		ln -s "$SGE_LIBDIR/$p" "$SGE_ROOT/bin/$SGE_ARCH/$p"
	done
	ln -s "$SGE_SHAREDIR/util" "$SGE_ROOT/util"
}

# Writes the cell's common files and the templates that spooldefaults
# loads; $1 is the host's name as Grid Engine resolves it.
sge_cell_files() {
	local host=$1 me common=$SGE_ROOT/$SGE_CELL/common t=$SGEFX/templates d
	me=$(id -un)
	echo "$host" >"$common/act_qmaster"
	# The host's name resolves to a loopback address, which resolves
	# back to another name (localhost): both are this host.
	{
		printf '%s' "$host"
		for d in $(hostname) $(hostname -s) localhost; do
			[ "$d" = "$host" ] || printf ' %s' "$d"
		done
		echo
	} >"$common/host_aliases"
	cat >"$common/bootstrap" <<-CONF
	admin_user              $me
	default_domain          none
	ignore_fqdn             true
	spooling_method         classic
	spooling_lib            libspoolc
	spooling_params         $common;$SGEFX/spool/qmaster
	binary_path             /usr/sbin
	qmaster_spool_dir       $SGEFX/spool/qmaster
	security_mode           none
	listener_threads        2
	worker_threads          2
	scheduler_threads       1
	CONF
	cat >"$common/settings.sh" <<-CONF
	SGE_ROOT=$SGE_ROOT; export SGE_ROOT
	SGE_CELL=$SGE_CELL; export SGE_CELL
	SGE_QMASTER_PORT=$SGE_QMASTER_PORT; export SGE_QMASTER_PORT
	SGE_EXECD_PORT=$SGE_EXECD_PORT; export SGE_EXECD_PORT
	PATH=$SGE_ROOT/bin/$SGE_ARCH:\$PATH; export PATH
	CONF
	mkdir -p "$t"/{hosts,exechosts,pes}
	# The packaged defaults, but for: jobs of root (min_uid 0) and of
	# every user; accounting written at once, so that qacct knows a job
	# within a second of its end (a site's default flush_time is 15 s).
	sed -e "s|^execd_spool_dir .*|execd_spool_dir        $SGEFX/spool/execd|" \
	    -e 's|^mailer .*|mailer                 /bin/true|' \
	    -e 's|^min_uid .*|min_uid                0|' \
	    -e 's|^min_gid .*|min_gid                0|' \
	    -e 's|^load_report_time .*|load_report_time       00:00:05|' \
	    -e 's|^reporting_params .*|reporting_params       accounting=true reporting=false flush_time=00:00:01 accounting_flush_time=00:00:00 joblog=false sharelog=00:00:00|' \
	    -e 's|^finished_jobs .*|finished_jobs          100|' \
	    "$SGE_SHAREDIR/default-configuration" >"$t/configuration"
	echo "hostname $host" >"$t/hosts/$host"
	cat >"$t/exechosts/$host" <<-CONF
	hostname              $host
	load_scaling          NONE
	complex_values        NONE
	user_lists            NONE
	xuser_lists           NONE
	projects              NONE
	xprojects             NONE
	usage_scaling         NONE
	report_variables      NONE
	CONF
	cat >"$t/pes/smp" <<-CONF
	pe_name            smp
	slots              16
	user_lists         NONE
	xuser_lists        NONE
	start_proc_args    NONE
	stop_proc_args     NONE
	allocation_rule    \$pe_slots
	control_slaves     TRUE
	job_is_first_task  TRUE
	urgency_slots      min
	accounting_summary FALSE
	qsort_args         NONE
	CONF
	# More slots than the machine has CPUs and no load thresholds: tests
	# run many small jobs at once.  The shell is the site's default
	# (posix_compliant: a script's #! line is not read, qsub -S is).
	sge_queue "$host" >"$t/all.q"
}

# The cluster queue all.q on host $1, with the packaged defaults.
sge_queue() {
	local l
	cat <<-CONF
	qname                 all.q
	hostlist              $1
	seq_no                0
	load_thresholds       NONE
	suspend_thresholds    NONE
	nsuspend              1
	suspend_interval      00:05:00
	priority              0
	min_cpu_interval      00:05:00
	processors            UNDEFINED
	qtype                 BATCH INTERACTIVE
	ckpt_list             NONE
	pe_list               smp
	rerun                 FALSE
	slots                 16
	tmpdir                /tmp
	shell                 /bin/sh
	prolog                NONE
	epilog                NONE
	shell_start_mode      posix_compliant
	starter_method        NONE
	suspend_method        NONE
	resume_method         NONE
	terminate_method      NONE
	notify                00:00:60
	owner_list            NONE
	user_lists            NONE
	xuser_lists           NONE
	subordinate_list      NONE
	complex_values        NONE
	projects              NONE
	xprojects             NONE
	calendar              NONE
	initial_state         default
	CONF
	for l in rt cpu fsize data stack core rss vmem; do
		printf 's_%-19s INFINITY\nh_%-19s INFINITY\n' "$l" "$l"
	done
}

# Creates the qmaster's spool with the configuration, the packaged
# complexes and user sets, root as manager, this host as admin, submit and
# execution host, and parallel environment smp.  (A queue spooled this way
# has no queue instances: sge_cell adds it through the qmaster.)
sge_spool() {
	local t=$SGEFX/templates
	local sd=$SGE_LIBDIR/spooldefaults
	"$SGE_LIBDIR/spoolinit" classic libspoolc \
	    "$SGE_ROOT/$SGE_CELL/common;$SGEFX/spool/qmaster" init &&
	    "$sd" configuration "$t/configuration" &&
	    "$sd" complexes "$SGE_SHAREDIR/util/resources/centry" &&
	    "$sd" usersets "$SGE_SHAREDIR/util/resources/usersets" &&
	    "$sd" managers "$(id -un)" &&
	    "$sd" adminhosts "$t/hosts" &&
	    "$sd" submithosts "$t/hosts" &&
	    "$sd" exechosts "$t/exechosts" &&
	    "$sd" pes "$t/pes"
}

# Through the running qmaster: the scheduler's configuration, a pass every
# second and one right after each submission and each job's end, so that a
# job starts within ~1 s; and queue all.q.
sge_cell() {
	qconf -ssconf | sed \
	    -e 's|^schedule_interval .*|schedule_interval                 0:0:1|' \
	    -e 's|^flush_submit_sec .*|flush_submit_sec                  1|' \
	    -e 's|^flush_finish_sec .*|flush_finish_sec                  1|' \
	    >"$SGEFX/templates/sconf" &&
	    qconf -Msconf "$SGEFX/templates/sconf" &&
	    qconf -Aq "$SGEFX/templates/all.q"
}

# Starts sge_qmaster and sge_execd; sets SGEFX and exports the clients'
# environment (SGE_ROOT, SGE_CELL, SGE_QMASTER_PORT, SGE_EXECD_PORT, PATH).
sge_start() {
	local host i st log
	SGE_FAILED=
	[ -z "${QXUB_SKIP_SGE:-}" ] && [ -z "$(sge_missing)" ] || return 0
	SGEFX=$(mktemp -d /tmp/qxub-sgefx.XXXXXX)
	chmod 755 "$SGEFX"
	log=$SGEFX/start.log
	export SGE_ROOT=$SGEFX/root SGE_CELL=qxub
	SGE_ARCH=$("$SGE_SHAREDIR/util/arch")
	export SGE_ARCH
	SGE_QMASTER_PORT=$(sge_free_port)
	SGE_EXECD_PORT=$(sge_free_port)
	export SGE_QMASTER_PORT SGE_EXECD_PORT
	export PATH="$SGE_ROOT/bin/$SGE_ARCH:$PATH"
	mkdir -p "$SGEFX"/{run,spool/qmaster,spool/execd}
	sge_root
	host=$("$SGE_ROOT/utilbin/$SGE_ARCH/gethostname" -aname 2>>"$log") ||
		{ SGE_FAILED="gethostname failed: $(tail -1 "$log")"; export SGE_FAILED; return 0; }
	sge_cell_files "$host"
	sge_spool >>"$log" 2>&1 ||
		{ SGE_FAILED="the spool could not be made: $(tail -3 "$log")"; export SGE_FAILED; return 0; }
	# The pid files go to $SGEFX/run (the daemons would write them in
	# their spool directories otherwise).
	SGE_QMASTER_PIDFILE=$SGEFX/run/qmaster.pid sge_qmaster 3>&- >>"$log" 2>&1 ||
		{ SGE_FAILED="sge_qmaster failed: $(tail -3 "$log")"; export SGE_FAILED; return 0; }
	for ((i = 0; i < 200; i++)); do
		qconf -sh >/dev/null 2>&1 && break
		sleep 0.1
	done
	sge_cell >>"$log" 2>&1 ||
		{ SGE_FAILED="the qmaster does not answer: $(tail -3 "$log") $(tail -3 "$SGEFX/spool/qmaster/messages" 2>/dev/null)"; export SGE_FAILED; return 0; }
	SGE_EXECD_PIDFILE=$SGEFX/run/execd.pid sge_execd 3>&- >>"$log" 2>&1 ||
		{ SGE_FAILED="sge_execd failed: $(tail -3 "$log")"; export SGE_FAILED; return 0; }
	# The queue instance is usable once the execd has reported its load.
	for ((i = 0; i < 300; i++)); do
		st=$(qstat -f -q "all.q@$host" 2>/dev/null |
		    awk -v q="all.q@$host" '$1 == q { print NF == 5 ? "ok" : $6 }')
		[ "$st" = ok ] && break
		sleep 0.1
	done
	[ "$st" = ok ] ||
		SGE_FAILED="queue all.q@$host is not usable (state: ${st:-none}): $(tail -3 "$SGEFX"/spool/execd/*/messages 2>/dev/null)"
	export SGEFX SGE_FAILED SGE_HOST=$host
}

# Makes the cell's jobs start as the PBS simulator's do, for the exec
# suites: with the submitter's HOME and PATH, which Grid Engine passes as
# SGE_O_HOME and SGE_O_PATH, in a shell that is not a login shell.  A
# job's own would be its owner's home in the passwd file and the PATH of
# a login shell's profile, and the suites keep their fakes and module
# files under the test's HOME and PATH.  It is a starter_method of all.q,
# which Grid Engine runs in place of the shell: a batch job's arguments
# are its script, and SGE_STARTER_SHELL_PATH is its -S shell; a qrsh
# job's are its command line, which a shell runs.
sge_submitter_env() {
	[ -n "${SGEFX:-}" ] && [ -z "${SGE_FAILED:-}" ] || return 0
	cat >"$SGEFX/starter" <<-'SH'
	#!/bin/sh
	HOME=$SGE_O_HOME PATH=$SGE_O_PATH
	export HOME PATH
	[ -z "$SGE_STARTER_SHELL_PATH" ] || exec "$SGE_STARTER_SHELL_PATH" "$@"
	exec "${SHELL:-/bin/sh}" -c "$*"
	SH
	chmod 755 "$SGEFX/starter"
	qconf -mattr queue starter_method "$SGEFX/starter" all.q \
	    >>"$SGEFX/start.log" 2>&1 || {
		SGE_FAILED="qconf -mattr queue starter_method failed: $(tail -1 "$SGEFX/start.log")"
		export SGE_FAILED
	}
}

# Deletes every job in the cell, whoever submitted it, and waits up to 5 s
# for them to be gone: a running job is killed by sge_execd, which must
# still be there.
sge_clear() {
	local i
	[ -n "${SGEFX:-}" ] && [ -d "$SGEFX" ] || return 0
	qdel -f -u '*' >/dev/null 2>&1 || true
	for ((i = 0; i < 50; i++)); do
		[ -z "$(qstat -u '*' 2>/dev/null)" ] && return 0
		sleep 0.1
	done
}

# Whether process $1 runs (a zombie does not: the daemons' parent is init,
# which may take its time to reap them).
sge_alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st%% *}" != Z ]
}

# Stops the daemon whose pid file is $1: SIGTERM, then SIGKILL after $2
# tenths of a second, and waits up to 2 s more for it to be gone.
sge_kill() {
	local pid i
	[ -s "$1" ] || return 0
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || return 0
	for ((i = 0; i < $2; i++)); do
		sge_alive "$pid" || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 20; i++)); do
		sge_alive "$pid" || return 0
		sleep 0.1
	done
}

# Deletes the jobs, stops sge_execd and sge_qmaster by their pid files and
# removes $SGEFX.  (The packaged init script cannot stop a qmaster it did
# not start.)  sge_qmaster's own shutdown (SIGTERM or qconf -km) takes 8
# to 11 s, saving state that this cell throws away: it gets half a second.
sge_stop() {
	[ -n "${SGEFX:-}" ] && [ -d "$SGEFX" ] || return 0
	sge_clear
	# Through the qmaster the execd is gone in ~1 s, on SIGTERM in ~2.6 s.
	[ -z "${SGE_HOST:-}" ] || qconf -ke "$SGE_HOST" >/dev/null 2>&1 || true
	sge_kill "$SGEFX/run/execd.pid" 50
	sge_kill "$SGEFX/run/qmaster.pid" 5
	rm -rf "$SGEFX"
}
