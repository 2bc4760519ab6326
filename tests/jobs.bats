#!/usr/bin/env bats
# After submission: the history (qxub history), status and status check,
# cancel, and the qxtat/qxet names; on the local scheduler and on the PBS
# simulator.

setup() {
	load helpers/common
	qxub_setup
	HIST=$XDG_STATE_HOME/qxub/history.jsonl
}

teardown() {
	small_disk_remove
	qxub_teardown
}

# A field of the history's record of job id (jq-like, in Python).
field() {
	python3 - "$HIST" "$1" "$2" <<-'EOF'
	import json, sys
	path, jid, key = sys.argv[1:4]
	rec = None
	for line in open(path):
	    r = json.loads(line)
	    if r.get("job_id") == jid and "event" not in r:
	        rec = r
	    elif r.get("job_id") == jid and "event" in r and rec is not None:
	        rec.update({k: v for k, v in r.items() if k in ("exit_code", "state", "ended")})
	print(json.dumps(rec.get(key)) if rec is not None else "missing")
	EOF
}

@test "every submission and dry run is one JSON line of the history, with the exit code once known" {
	run -0 --separate-stderr "$QXUB" exec --env base --dry-run -- echo 'a b'
	run -3 --separate-stderr "$QXUB" exec -- sh -c 'echo out; exit 3'
	assert_equal "$(wc -l <"$HIST")" 3
	run -0 python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
print(recs[0]["kind"], recs[0]["command"], recs[0]["env"], recs[0]["context"], recs[0].get("job_id"))
print(recs[1]["kind"], recs[1]["command"], recs[1]["scheduler"], recs[1]["cwd"] == sys.argv[2])
print(recs[2]["event"], recs[2]["exit_code"], recs[2]["state"], recs[2]["job_id"] == recs[1]["job_id"])' "$HIST" "$BATS_TEST_TMPDIR"
	assert_line --index 0 "dry-run ['echo', 'a b'] base conda None"
	assert_line --index 1 "job ['sh', '-c', 'echo out; exit 3'] local True"
	assert_line --index 2 "end 3 finished True"
	# The file is the user's alone.
	assert_equal "$(stat -c %a "$HIST")" 600
}

@test "history list, show, latest, out, err and log; job ids by their start" {
	"$QXUB" exec -- sh -c 'echo to-out; echo to-err >&2' >/dev/null 2>&1
	"$QXUB" exec --dry-run -- true >/dev/null
	run -0 "$QXUB" history
	assert_line --index 0 --regexp '^JOB ID +SUBMITTED +PLATFORM +EXIT +COMMAND$'
	assert_line --index 1 --regexp '^[0-9]+\.local +[0-9-]+T[0-9:]+ +local +0 +sh -c echo to-out; echo to-err >&2$'
	assert_line --index 2 --regexp '^\(dry run\) '
	id=$(python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["job_id"])' "$HIST")
	run -0 "$QXUB" history show "${id:0:3}" --json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(r["job_id"], r["exit_code"], r["state"])' "$output"
	assert_output "$id 0 finished"
	run -0 "$QXUB" history latest
	assert_line "job_id: $id"
	run -0 "$QXUB" history out
	assert_output to-out
	run -0 "$QXUB" history err "$id"
	assert_output to-err
	run -0 "$QXUB" history log "$id"
	run -1 --separate-stderr "$QXUB" history show 999999
	assert_equal "$stderr" "qxub: no job '999999' in the history"
	run -0 "$QXUB" history list --limit 1 --json
	run -0 python3 -c 'import json, sys; print(len(json.loads(sys.argv[1])))' "$output"
	assert_output 1
	run -2 --separate-stderr "$QXUB" history show
	assert_regex "$stderr" '^usage: qxub history '
}

@test "a prefix of two job ids is refused, naming both" {
	mkdir -p "$(dirname "$HIST")"
	printf '{"kind": "job", "job_id": "1201.pbs-sim", "scheduler": "pbs"}\n{"kind": "job", "job_id": "1202.pbs-sim", "scheduler": "pbs"}\n' >"$HIST"
	run -1 --separate-stderr "$QXUB" history show 120
	assert_equal "$stderr" "qxub: job id '120' is the start of several jobs (1202.pbs-sim, 1201.pbs-sim)"
	run -2 --separate-stderr "$QXUB" status 120
	assert_equal "$stderr" "qxub: job id '120' is the start of several jobs (1202.pbs-sim, 1201.pbs-sim)"
}

@test "an exact job id wins over the longer ids it starts" {
	mkdir -p "$(dirname "$HIST")"
	printf '{"kind": "job", "job_id": "12", "scheduler": "pbs"}\n{"kind": "job", "job_id": "123", "scheduler": "pbs"}\n' >"$HIST"
	# Under ASan this also proves the list of candidates is not leaked.
	run -0 --separate-stderr "$QXUB" history show 12
	assert_line 'job_id: "12"'
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$QXUB" history show 123
	assert_line 'job_id: "123"'
	run -1 --separate-stderr "$QXUB" history show 1
	assert_equal "$stderr" "qxub: job id '1' is the start of several jobs (123, 12)"
}

@test "a NUL byte in the history skips that line only: history, status and cancel see the later records" {
	first=$("$QXUB" exec --terse -- true)
	nul=$(($(wc -l <"$HIST") + 1))
	printf '{"kind": "job", "job_id": "7\0.local"}\n\0\n' >>"$HIST"
	later=$("$QXUB" exec --terse --name after-nul -- sleep 30)
	run -0 --separate-stderr "$QXUB" history
	assert_equal "$stderr" "qxub: warning: $HIST:$nul: not a history record (skipped)"
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp "^$first "
	assert_line --index 2 --regexp "^$later +.* sleep 30\$"
	run -0 --separate-stderr "$QXUB" status "$later"
	assert_line --index 1 --regexp "^$later +running +- +after-nul\$"
	run -0 --separate-stderr "$QXUB" cancel --force "$later"
	assert_output "$later: cancelled"
	run -0 "$QXUB" history show "$later"
	assert_line 'state: cancelled'
}

@test "history and status tables show a command's or name's control characters escaped, JSON keeps them" {
	esc=$(printf '\033')
	id=$("$QXUB" exec --terse -- printf "${esc}[2J" "a	b")
	run -0 --separate-stderr "$QXUB" history
	refute_output --partial "$esc"
	assert_line --index 1 --regexp "^$id .* printf \\\\x1b\\[2J a\\\\tb\$"
	# exec keeps only safe characters of --name; a history edited by hand
	# is anyone's.
	python3 -c 'import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
for r in recs:
    r["name"] = "n\x1b[2Jx"
open(sys.argv[1], "w").write("".join(json.dumps(r) + "\n" for r in recs))' "$HIST"
	run -0 --separate-stderr "$QXUB" status "$id"
	refute_output --partial "$esc"
	assert_line --index 1 --regexp "^$id +[a-z]+ +.* n\\\\x1b\\[2Jx\$"
	run -0 --separate-stderr "$QXUB" history show "$id"
	refute_output --partial "$esc"
	run -0 --separate-stderr "$QXUB" history show "$id" --json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(r["command"] == ["printf", "\x1b[2J", "a\tb"], r["name"] == "n\x1b[2Jx")' "$output"
	assert_output "True True"
}

@test "fifty qxub at once lose no record and corrupt none" {
	for i in $(seq 50); do
		"$QXUB" exec --terse -- true >"id.$i" 2>&1 &
	done
	wait
	cat id.* >ids
	assert_equal "$(grep -c . ids)" 50
	run -0 python3 -c '
import json, sys
ids = {json.loads(l)["job_id"] for l in open(sys.argv[1])}
want = {l.strip() for l in open(sys.argv[2])}
print(len(ids), ids == want)' "$HIST" ids
	assert_output "50 True"
}

@test "a history that cannot be written costs a warning, not the job" {
	mkdir -p "$XDG_STATE_HOME/qxub"
	mkdir "$HIST"
	run -0 --separate-stderr "$QXUB" exec -- echo still-runs
	assert_output still-runs
	assert_regex "$stderr" "qxub: warning: cannot write '$HIST': Is a directory; the job is not in the history"
	# A torn line (a full disk) is skipped with one warning.
	rmdir "$HIST"
	"$QXUB" exec -- true
	printf '{"kind": "job", "job_id": "9.lo' >>"$HIST"
	run -0 --separate-stderr "$QXUB" history
	assert_regex "$stderr" "^qxub: warning: $HIST:3: not a history record \\(skipped\\)\$"
	assert_equal "${#lines[@]}" 2
}

@test "a history on a full disk: one warning, the job runs and its code comes back, no torn line" {
	small_disk
	# The history alone is on the small disk; the job directory is not.
	mkdir -p "$XDG_STATE_HOME/qxub"
	ln -s "$FULL_DIR/history.jsonl" "$HIST"
	# One record that leaves 100 bytes of its page free, then a full disk:
	# the next record is cut short there, and must be cut off again.
	python3 -c 'import json; r = {"kind": "job", "job_id": "1.local", "time": "2026-01-01T00:00:00+0000", "name": "seed", "command": ["true"], "pad": ""}; r["pad"] = "x" * (3995 - len(json.dumps(r))); print(json.dumps(r))' >"$FULL_DIR/history.jsonl"
	assert_equal "$(wc -c <"$FULL_DIR/history.jsonl")" 3996
	dd if=/dev/zero of="$FULL_DIR/fill" bs=4k 2>/dev/null || true
	run -3 --separate-stderr "$QXUB" exec -- sh -c 'echo still-runs; exit 3'
	assert_output still-runs
	assert_equal "$stderr" "qxub: warning: cannot write '$HIST': No space left on device; the job is not in the history"
	assert_equal "$(wc -c <"$FULL_DIR/history.jsonl")" 3996
	run -0 --separate-stderr "$QXUB" history
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 2
}

@test "status: the exit marker first, the scheduler for the rest, and status check's three formats" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	done_id=$("$QXUB" exec --terse -- sh -c 'exit 3')
	run_id=$("$QXUB" exec --terse -- sleep 30)
	wait_state() { for _ in $(seq 100); do [ "$("$QXUB" status check "$1")" = "$2" ] && return 0; sleep 0.1; done; false; }
	wait_state "$done_id" failed
	wait_state "$run_id" running
	: >"$PBS_SIM_DIR/calls.log"
	run -0 "$QXUB" status "$done_id" "$run_id"
	assert_line --index 0 --regexp '^JOB ID +STATE +EXIT +NAME$'
	assert_line --index 1 --regexp "^$done_id +failed +3 +sh\$"
	assert_line --index 2 --regexp "^$run_id +running +- +sleep\$"
	# One qstat, for the job without an exit marker only.
	assert_equal "$(calls qstat)" "[\"-x\", \"-f\", \"$run_id\"]"
	run -0 "$QXUB" status check "$done_id" --format json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(r["job_id"], r["state"], r["exit_code"])' "$output"
	assert_output "$done_id failed 3"
	run -1 "$QXUB" status check "$done_id" --format exitcode
	assert_output ''
	run -0 "$QXUB" status check "$run_id" --format exitcode
	# qxtat is qxub status; an id unknown to the history is the scheduler's.
	run -0 "$QXUB" cancel --force "$run_id"
	assert_output "$run_id: cancelled"
	wait_state "$run_id" failed
	run -0 "$QXUB" status "$run_id" --json
	run -0 python3 -c 'import json, sys; print(json.loads(sys.argv[1])[0]["state"])' "$output"
	assert_output cancelled
	run -1 --separate-stderr "$QXUB" status 424242.pbs-sim
	assert_line --index 1 --regexp '^424242\.pbs-sim +unknown +- '
	run -2 --separate-stderr "$QXUB" status check "$done_id" --format yaml
	assert_equal "${stderr_lines[0]}" "qxub: --format 'yaml': snakemake, json or exitcode"
}

@test "status check says success for a job that succeeded" {
	id=$("$QXUB" exec --terse -- true)
	for _ in $(seq 100); do
		[ "$("$QXUB" status check "$id")" != running ] && break
		sleep 0.1
	done
	run -0 "$QXUB" status check "$id"
	assert_output success
	run -2 "$QXUB" status check "$id" --format exitcode
	run -0 "$QXUB" status
	assert_line --index 1 --regexp "^$id +succeeded +0 +true\$"
}

@test "cancel: by id, by --name, --all; says what became of each; the exit code says whether all were" {
	a=$("$QXUB" exec --terse --name keep -- sleep 30)
	b=$("$QXUB" exec --terse --name train1 -- sleep 30)
	c=$("$QXUB" exec --terse --name train2 -- sleep 30)
	d=$("$QXUB" exec --terse -- true)
	sleep 0.5
	# Without a terminal, --name and --all need --force.
	run -2 --separate-stderr "$QXUB" cancel --name 'train*' </dev/null
	assert_equal "${stderr_lines[0]}" "qxub: --name without a terminal to ask on needs --force"
	run -0 "$QXUB" cancel --name 'train*' --force
	assert_line "$b: cancelled"
	assert_line "$c: cancelled"
	refute_output --partial "$a"
	run -1 "$QXUB" cancel "$d" "$a"
	assert_line "$d: had already ended (succeeded, exit 0)"
	assert_line "$a: cancelled"
	run -1 --separate-stderr "$QXUB" cancel --all --force
	assert_equal "$stderr" "qxub: no job of the history is running or queued"
	run -2 --separate-stderr "$QXUB" cancel
	assert_equal "${stderr_lines[0]}" "qxub: give job ids, --name PATTERN or --all (one of them)"
	run -0 "$QXUB" history show "$b"
	assert_line 'state: cancelled'
}

# A process of the test's own, leading its own process group: what a
# wrong kill(-PID) would reach.
start_victim() {
	setsid sleep 300 &
	VICTIM=$!
	for _ in $(seq 100); do
		[ "$(ps -o pgid= -p "$VICTIM" | tr -d ' ')" = "$VICTIM" ] && return 0
		sleep 0.05
	done
	false
}

@test "ids qxub never submitted are refused: cancel signals nothing; status and monitor say unknown" {
	start_victim
	for id in "$VICTIM.local" x.local 0.local 1e3.local "$VICTIM"x.local; do
		run -2 --separate-stderr "$QXUB" cancel --force "$id"
		assert_output ''
		assert_regex "${stderr_lines[0]}" "^qxub: cannot cancel $id: (qxub did not submit it \\(the history has no record of its process\\)|it is not a job id of the local scheduler \\(PID\\.local\\))\$"
	done
	kill -0 "$VICTIM"
	# One unknown id among good ones: nothing is cancelled.
	good=$("$QXUB" exec --terse -- sleep 30)
	run -2 --separate-stderr "$QXUB" cancel "$good" "$VICTIM.local"
	run -0 "$QXUB" status check "$good"
	assert_output running
	run -0 --separate-stderr "$QXUB" status check "$VICTIM.local"
	assert_output failed
	assert_equal "$stderr" "qxub: warning: job $VICTIM.local is unknown: qxub did not submit it (the history has no record of its process)"
	run -1 --separate-stderr "$QXUB" status check "$VICTIM.local" --format exitcode
	run -0 --separate-stderr "$QXUB" status check "$VICTIM.local" --format json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(r["state"], r["exit_code"])' "$output"
	assert_output 'unknown None'
	run -1 --separate-stderr "$QXUB" status "$VICTIM.local" "$good"
	assert_line --index 1 --regexp "^$VICTIM\\.local +unknown +- +-\$"
	assert_line --index 2 --regexp "^$good +running +- +sleep\$"
	run -1 --separate-stderr timeout 20 "$QXUB" monitor --interval 1 "$VICTIM.local"
	assert_regex "$stderr" "job $VICTIM\\.local is unknown"
	kill -0 "$VICTIM"
	kill "$VICTIM"
	"$QXUB" cancel "$good" >/dev/null
}

@test "a local job whose pid another process has taken has ended: it is never signalled" {
	id=$("$QXUB" exec --terse -- sleep 300)
	pid=${id%.local}
	run -0 --separate-stderr "$QXUB" status check "$id"
	assert_output running
	# The job dies without its exit marker, and its pid goes to another
	# process: the history's record now names the victim's pid.
	kill -KILL -- "-$pid"
	start_victim
	sed -i "s/\"$id\"/\"$VICTIM.local\"/g" "$HIST"
	run -0 --separate-stderr "$QXUB" status check "$VICTIM.local"
	assert_output failed
	run -1 --separate-stderr "$QXUB" status "$VICTIM.local"
	assert_line --index 1 --regexp "^$VICTIM\\.local +unknown +- +sleep\$"
	run -1 --separate-stderr "$QXUB" cancel --all --force
	assert_equal "$stderr" "qxub: no job of the history is running or queued"
	run -1 "$QXUB" cancel --force "$VICTIM.local"
	assert_output "$VICTIM.local: had already ended (unknown)"
	kill -0 "$VICTIM"
	kill "$VICTIM"
}

@test "cancel asks on a terminal first" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	id=$("$QXUB" exec --terse -- sleep 30)
	run script -qec "$QXUB cancel $id" /dev/null <<<"n"
	assert_output --partial "Cancel 1 job: $id? [y/N]"
	assert_output --partial 'nothing cancelled'
	run -0 "$QXUB" status check "$id"
	assert_output running
	run script -qec "$QXUB cancel $id" /dev/null <<<"y"
	assert_output --partial "$id: cancelled"
}

@test "qxtat is qxub status, qxet is qxub config shortcut set, qx is qxub exec" {
	mkdir bin
	for n in qx qxtat qxet qxi; do ln -s "$QXUB" "bin/$n"; done
	id=$(bin/qx --terse -- true)
	for _ in $(seq 100); do
		[ "$(bin/qxtat check "$id")" = success ] && break
		sleep 0.1
	done
	run -0 bin/qxtat check "$id"
	assert_output success
	run -0 bin/qxet python --env py311
	run -0 "$QXUB" config shortcut show python
	assert_output --partial py311
	run -0 bin/qxtat --help
	assert_line --index 0 --partial 'usage: qxub status'
	run -0 bin/qxi --help
	assert_line --index 0 'usage: qxub interactive [options]'
}
