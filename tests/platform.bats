#!/usr/bin/env bats
# qxub platform list | info: the built-in platforms and the configuration's.
# (Remote platforms, which ask the qxub at the far end: remote.bats.)

setup() {
	load helpers/common
	qxub_setup
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	cat >"$XDG_CONFIG_HOME/qxub/config.yaml" <<-EOF
	platforms:
	  cluster:
	    description: the cluster of the lab
	EOF
}

teardown() {
	qxub_teardown
}

@test "platform list shows the built-in and configured platforms" {
	run -0 --separate-stderr "$QXUB" platform list
	assert_line --index 0 --regexp '^NAME +KIND +SCHEDULER +HOST$'
	assert_line --index 1 --regexp '^local +built-in +local +-$'
	assert_line --index 2 --regexp '^pbs +built-in +pbs +-$'
	assert_line --index 3 --regexp '^slurm +built-in +slurm +-$'
	assert_line --index 4 --regexp '^sge +built-in +sge +-$'
	assert_line --index 5 --regexp '^cluster +configured +(local|pbs|slurm|sge) +-$'
	run -0 "$QXUB" platform list --json
	run -0 python3 -c 'import json, sys; print(" ".join(p["name"] + ":" + p["kind"] for p in json.loads(sys.argv[1])))' "$output"
	assert_output "local:built-in pbs:built-in slurm:built-in sge:built-in cluster:configured"
}

@test "platform info describes one platform, as YAML or JSON" {
	run -0 --separate-stderr "$QXUB" platform info pbs
	assert_output "name: pbs
kind: built-in
scheduler: pbs
batch: true"
	plain_path
	run -0 --separate-stderr "$QXUB" platform info cluster
	assert_output "name: cluster
defined: $XDG_CONFIG_HOME/qxub/config.yaml:3:5
description: the cluster of the lab
kind: configured
scheduler: local
because: no qsub on PATH"
	run -0 "$QXUB" platform info local --json
	assert_output '{
  "batch": false,
  "kind": "built-in",
  "name": "local",
  "scheduler": "local"
}'
}

@test "platform: an unknown platform is exit 3, bad usage exit 2" {
	run --separate-stderr "$QXUB" platform info nope
	assert_failure 3
	assert_equal "$stderr" "qxub: unknown platform 'nope'"
	for args in "" "info" "list x" "frob" "list --yaml" "check"; do
		run --separate-stderr "$QXUB" platform $args
		assert_failure 2
		[[ $stderr == *"usage: qxub platform list [--json] | info|check NAME [--json]"* ]]
	done
	run -0 "$QXUB" platform --help
	assert_line --index 0 "usage: qxub platform list [--json]"
}

@test "the NCI Gadi fixture loads: queues, limits, rates, walltime rules, rules" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 --separate-stderr "$QXUB" platform list
	assert_line --regexp '^nci_gadi +defined +pbs +-$'
	assert_equal "$stderr" ''
	run -0 "$QXUB" platform info nci_gadi --json
	run -0 python3 - "$output" <<-'PY'
	import json, sys
	d = json.loads(sys.argv[1])["definition"]
	q = {x["name"]: x for x in d["queues"]}
	print(len(q), d["type"], d["host"])
	print(q["normal"]["max_cpus"], q["normal"]["max_memory"], q["normal"]["su_billing_rate"], q["normal"]["walltime_rules"][1])
	print(q["gpuvolta"]["gpu_type"], q["gpuvolta"]["cpus_per_gpu"], q["gpuvolta"]["min_gpus"], q["gpuvolta"]["max_gpus"])
	print(q["copyq"]["internet_connectivity"], q["megamem"]["min_memory"], q["dgxa100"]["max_local_storage"])
	print(len(d["auto_selection_rules"]), d["auto_selection_rules"][0], "|", d["auto_selection_rules"][-2])
	PY
	assert_output "$(cat <<-'EOF'
	14 pbs_pro gadi
	20736 190GB 2 720-1440 cores: 24:00:00
	v100 12 1 4
	True 1000GB 28TB
	10 gpu_type == a100 -> dgxa100 | cpus <= 48 -> normal (default)
	EOF
	)"
}

@test "platform files come from QXUB_PLATFORM_PATHS, platform_search_paths, or the platforms directories; a later file wins" {
	mkdir -p a b "$XDG_CONFIG_HOME/qxub/platforms"
	cp "$QXUB_TESTS/fixtures/qxub/test_platform.yaml" a/
	printf 'name: test_platform\ntype: slurm\n' >b/later.yaml
	QXUB_PLATFORM_PATHS="$PWD/a:$PWD/b" run -0 "$QXUB" platform list
	assert_line --regexp '^test_platform +defined +slurm +-$'
	QXUB_PLATFORM_PATHS="$PWD/a" run -0 "$QXUB" platform info test_platform
	assert_line '  file: '"$PWD"'/a/test_platform.yaml:1:1'
	assert_line '      max_walltime: "1:00:00"'
	assert_line '      su_billing_rate: 8'
	# platform_search_paths, with template variables
	mkdir -p "u-$(id -un)"
	cp b/later.yaml "u-$(id -un)/"
	printf 'platform_search_paths: ["{here}/b", "{here}/u-{user}"]\ntemplates: {here: %s}\n' "$PWD" >>"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 "$QXUB" platform list
	assert_line --regexp '^test_platform +defined +slurm +-$'
	# the user's platforms directory
	sed -i '/platform_search_paths/d' "$XDG_CONFIG_HOME/qxub/config.yaml"
	cp "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" "$XDG_CONFIG_HOME/qxub/platforms/"
	run -0 "$QXUB" platform list
	assert_line --regexp '^nci_gadi +defined +pbs +-$'
	refute_line --regexp '^test_platform '
}

@test "a FIFO or directory among the platform files is passed over with a warning; one named alone is an error" {
	mkdir -p "$XDG_CONFIG_HOME/qxub/platforms/dir.yaml"
	dir=$XDG_CONFIG_HOME/qxub/platforms
	mkfifo "$dir/fifo.yaml"
	printf 'name: real\ntype: slurm\n' >"$dir/real.yaml"
	run -0 --separate-stderr timeout 10 "$QXUB" platform list
	assert_line --regexp '^real +defined +slurm +-$'
	assert_equal "$stderr" "qxub: warning: $dir/dir.yaml: not a regular file (ignored)
qxub: warning: $dir/fifo.yaml: not a regular file (ignored)"
	QXUB_PLATFORM_PATHS=$dir run -0 --separate-stderr timeout 10 "$QXUB" platform list
	assert_line --regexp '^real +defined +slurm +-$'
	QXUB_PLATFORM_FILE=$dir/fifo.yaml run -3 --separate-stderr timeout 10 "$QXUB" platform list
	assert_equal "$stderr" "qxub: cannot read '$dir/fifo.yaml': not a regular file"
	QXUB_PLATFORM_FILE=/dev/zero run -3 --separate-stderr timeout 10 "$QXUB" platform list
	assert_equal "$stderr" "qxub: cannot read '/dev/zero': not a regular file"
	# A definition: naming a FIFO says where it was named.
	printf '  p:\n    definition: %s\n' "$dir/fifo.yaml" >>"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -3 --separate-stderr timeout 10 "$QXUB" platform info p
	assert_equal "${stderr_lines[2]}" "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:5:17: definition: cannot read '$dir/fifo.yaml': not a regular file"
}

@test "a platform file over 1 MiB is an error, exit 3" {
	python3 -c 'import sys; sys.stdout.write("name: x\ntype: slurm\n" + "#" * 1048576)' >big.yaml
	QXUB_PLATFORM_FILE=$PWD/big.yaml run -3 --separate-stderr "$QXUB" platform list
	assert_output ''
	assert_equal "$stderr" "qxub: cannot read '$PWD/big.yaml': larger than 1048576 bytes"
}

# Writes lines to bad.yaml and expects one error line from platform list.
bad_platform() {
	local want=$1
	shift
	printf '%s\n' "$@" >bad.yaml
	QXUB_PLATFORM_FILE="$PWD/bad.yaml" run --separate-stderr "$QXUB" platform list
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" "qxub: $PWD/bad.yaml:$want"
}

@test "invalid platform files are errors with FILE:LINE:COL, exit 3" {
	bad_platform "2:3: platform: 'name' is missing" 'platform:' '  type: pbs'
	bad_platform "2:3: platform 'x': 'type' is missing" 'platform:' '  name: x'
	bad_platform "5:5: platform 'x': 'queues' must be a list (- name: ...), not a mapping" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    normal:' '      type: standard'
	bad_platform "8:18: platform 'x', queue 'normal': 'cores' must be a quoted string such as \"1-672\", \"96\" or \"144,192\" (qxub 3.x fails on a bare number)" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '      walltime_rules:' '        - cores: 96' '          max_walltime: "48:00:00"'
	bad_platform "8:18: platform 'x': condition 'nodes > 2': expected VARIABLE OPERATOR VALUE with VARIABLE one of gpu_requested, cpus, memory, walltime, gpu_type" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '  auto_selection_rules:' '    - condition: "nodes > 2"' '      queue: normal'
	bad_platform "8:18: platform 'x': condition 'cpus => 2': the operator must be one of > >= < <= == != (then a value)" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '  auto_selection_rules:' '    - condition: "cpus => 2"' '      queue: normal'
	bad_platform "9:14: platform 'x': rule 'cpus > 2' names queue 'nope', which the platform does not have" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '  auto_selection_rules:' '    - condition: "cpus > 2"' '      queue: nope'
	bad_platform "7:28: platform 'x', queue 'normal': 'max_memory': '12XB' is not a size (like 16GB, 512m, 1.5GB, or a number of megabytes)" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '      limits: {max_memory: 12XB}'
	bad_platform "7:7: platform 'x': queue 'normal' is defined twice" \
	    'platform:' '  name: x' '  type: pbs' '  queues:' '    - name: normal' '      type: standard' '    - name: normal' '      type: gpu'
	bad_platform "1:1: platform file: expected a platform: mapping, a platforms: list or a platform's keys (name, type, queues)" '- a' '- b'
}

@test "unknown keys of a platform file are warnings" {
	printf 'platform:\n  name: x\n  type: pbs\n  flavour: 3\n' >p.yaml
	QXUB_PLATFORM_FILE="$PWD/p.yaml" run -0 --separate-stderr "$QXUB" platform info x
	assert_equal "$stderr" "qxub: warning: $PWD/p.yaml:4:3: platform 'x': unknown key 'flavour' (ignored)"
	assert_line 'kind: defined'
}

@test "platform select-queue chooses a queue of the Gadi file: rules first, then the cheapest that takes it" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 --separate-stderr "$QXUB" platform select-queue nci_gadi --cpus 4 --mem 16GB --runtime 2h
	assert_output "platform: nci_gadi
queue: normalsl
why: rule 'cpus <= 3200' chose queue normalsl
cost_su: 12.00
cpus: 4
memory: 16GB
walltime: \"2:00:00\""
	# GPUs: cpus from cpus_per_gpu; memory-heavy; a GPU model; walltime-heavy.
	run -0 "$QXUB" platform select-queue nci_gadi --gpus 2 --json
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["queue"], d["cpus"], d["gpus"], d["cost_su"])' "$output"
	assert_output "gpuvolta 24 2 72.0"
	run -0 "$QXUB" platform select-queue nci_gadi --mem 600GB --cpus=48
	assert_line 'queue: hugemem'
	run -0 "$QXUB" platform select-queue nci_gadi --gpus 1 --gpu-type a100
	assert_line 'queue: dgxa100'
	run -0 "$QXUB" platform select-queue nci_gadi --cpus 1 --internet
	assert_line "why: \"rule 'cpus <= 3200' chose queue normalsl, which refuses the request (internet: queue normalsl has no internet access); the cheapest queue that takes it is copyq (2.00 SU)\""
	# What a queue needs is raised, with a note.
	run -0 "$QXUB" platform select-queue nci_gadi --gpus 1 --cpus 4
	assert_line 'queue: gpuvolta'
	assert_line 'cpus: 12'
	assert_line '  - "cpus raised from 4 to 12: queue gpuvolta gives 12 CPUs a GPU"'
}

@test "platform select-queue: a request no queue takes is refused with the limit named" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run --separate-stderr "$QXUB" platform select-queue nci_gadi --cpus 2000 --runtime 40h
	assert_failure 1
	assert_equal "$stderr" "qxub: no queue of platform nci_gadi takes the request: the nearest, queue normalbw, refuses it: walltime: 40:00:00 is more than the 5:00:00 queue normalbw allows for 2000 cpus (walltime_rules)"
	run --separate-stderr "$QXUB" platform select-queue nci_gadi --mem 5000GB
	assert_failure 1
	[[ $stderr == *"(max_memory)"* ]]
	run --separate-stderr "$QXUB" platform select-queue nci_gadi --cpus lots
	assert_failure 2
	[[ $stderr == "qxub: --cpus: 'lots' is not a whole number"* ]]
	run --separate-stderr "$QXUB" platform select-queue nope
	assert_failure 3
	assert_equal "$stderr" "qxub: platform 'nope' has no definition file (see qxub-platform(5))"
	run --separate-stderr "$QXUB" platform info nci_gadi --cpus 4
	assert_failure 2
}

# exec on a platform of a definition file: the PBS simulator is its qsub.
exec_setup() {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	export PBS_SIM_QUEUES=normal,express,normalsl,hugemem,gpuvolta,copyq
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
}

@test "exec on a defined platform: the queue the rules choose, its cost in the dry run" {
	exec_setup
	run -0 --separate-stderr "$QXUB" exec --platform nci_gadi --cpus 4 --mem 16GB --runtime 2h --dry-run -- python x.py
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -N python -q normalsl -l mem=16GB -l walltime=2:00:00 -l ncpus=4 '
	assert_line --index 1 "Queue normalsl of platform nci_gadi: rule 'cpus <= 3200' chose queue normalsl; estimated cost 12.00 SU (1.5 SU per CPU-hour)"
	assert_equal "$stderr" ''
	# What the queue needs is raised, with a warning.
	run -0 --separate-stderr "$QXUB" exec --platform nci_gadi --gpus 1 --cpus 4 --dry-run -- x
	assert_line --index 0 --partial ' -q gpuvolta -l ncpus=12 -l ngpus=1 '
	assert_equal "$stderr" "qxub: warning: cpus raised from 4 to 12: queue gpuvolta gives 12 CPUs a GPU"
	run -0 "$QXUB" exec --platform nci_gadi --internet --dry-run -- x
	assert_line --index 0 --partial ' -q copyq '
	run -0 "$QXUB" exec --platform nci_gadi --gpus 1 --gpu-type a100 --queue auto --dry-run -- x
	assert_line --index 0 --partial ' -q dgxa100 -l ngpus=1 -l ncpus=16 '
}

@test "exec on a defined platform runs the job in the chosen queue" {
	exec_setup
	run -0 --separate-stderr "$QXUB" exec --platform nci_gadi --mem 600GB -- echo hi
	assert_output hi
	grep -q '"-q", "hugemem"' "$PBS_SIM_DIR/calls.log"
}

@test "exec refuses, before submitting, a request the platform's queues refuse" {
	exec_setup
	run --separate-stderr "$QXUB" exec --platform nci_gadi --queue normal --cpus 1000 --runtime 30h -- true
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "qxub: queue normal of platform nci_gadi refuses the request: walltime: 30:00:00 is more than the 24:00:00 queue normal allows for 1000 cpus (walltime_rules) (queue normalsr takes it)"
	run --separate-stderr "$QXUB" exec --platform nci_gadi --mem 5000GB -- true
	assert_failure 2
	[[ ${stderr_lines[0]} == "qxub: no queue of platform nci_gadi takes the request: the nearest, queue "*"(max_memory)" ]]
	run --separate-stderr "$QXUB" exec --platform nci_gadi --queue nope -- true
	assert_failure 2
	[[ ${stderr_lines[0]} == "qxub: --queue nope: platform nci_gadi has no such queue (its queues: normal, express, "* ]]
	# A raw resource no queue can be checked against, on the command line
	# or in defaults.resources.
	run --separate-stderr "$QXUB" exec --platform nci_gadi -l mem=lots -- true
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "qxub: resource mem=lots: 'lots' is not a size (like 16GB, 512m, 1.5GB, or a number of megabytes), so no queue can be chosen or checked for it"
	printf 'defaults:\n  resources: [walltime=soon]\n' >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run --separate-stderr "$QXUB" exec --platform nci_gadi -- true
	assert_failure 2
	assert_regex "${stderr_lines[0]}" "^qxub: resource walltime=soon: 'soon' is not a run time"
	assert_equal "$(job_count)" 0
	[ ! -e "$PBS_SIM_DIR/calls.log" ]
}

@test "choosing a queue without a definition file is refused, not ignored" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	for opt in "--queue auto" "--gpu-type a100" --internet; do
		run --separate-stderr "$QXUB" exec --platform pbs $opt -- true
		assert_failure 2
		label=${opt% a100}
		assert_equal "${stderr_lines[0]}" "qxub: $label: choosing a queue needs a platform definition file, and platform pbs has none (see qxub-platform(5))"
	done
	# A type qxub cannot submit to.
	printf 'name: ls\ntype: lsf\n' >ls.yaml
	QXUB_PLATFORM_FILE="$PWD/ls.yaml" run --separate-stderr "$QXUB" exec --platform ls -- true
	assert_failure 3
	assert_equal "$stderr" "qxub: $PWD/ls.yaml:1:1: platform 'ls' is of type 'lsf', which qxub cannot submit to (pbs_pro, slurm and sge can)"
	# A Grid Engine definition's queues are cluster queues.
	printf 'name: sg\ntype: sge\nqueues:\n  - name: all.q\n    type: standard\n    limits: {max_cpus: 4}\n' >sg.yaml
	QXUB_PLATFORM_FILE="$PWD/sg.yaml" run -0 --separate-stderr "$QXUB" exec --platform sg --cpus 2 --dry-run -- true
	assert_line --index 0 --regexp '^Dry run - would execute: qsub -terse -N true -q all\.q -pe smp 2 -wd [^ ]+ -j y -o '
	# A slurm definition's queues are partitions, chosen the same way.
	printf 'name: sl\ntype: slurm\nqueues:\n  - name: debug\n    type: standard\n    limits: {max_cpus: 4}\n' >sl.yaml
	QXUB_PLATFORM_FILE="$PWD/sl.yaml" run -0 --separate-stderr "$QXUB" exec --platform sl --cpus 2 --dry-run -- true
	assert_line --index 0 --regexp '^Dry run - would execute: sbatch --parsable '
	assert_line '#SBATCH --partition=debug'
}

@test "platform validate says which queues take a request, and every limit the others break" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 "$QXUB" platform validate nci_gadi --cpus 4 --mem 16GB --runtime 2h --json
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(" ".join("%s:%s:%s" % (q["queue"], q["takes"], q["cost_su"]) for q in d["queues"][:4])); print(d["queues"][-1]["problems"])' "$output"
	assert_output "normal:True:16.0 express:True:48.0 normalsl:True:12.0 normalbw:True:10.0
['cpus: 4 is more than the 1 of queue copyq (max_cpus)']"
	run --separate-stderr "$QXUB" platform validate nci_gadi --queue express --cpus 5000
	assert_failure 1
	assert_output "platform: nci_gadi
queues:
  - queue: express
    cost_su: 30000.00
    cpus: 5000
    walltime: \"1:00:00\"
    takes: false
    problems:
      - \"cpus: 5000 is more than the 3168 of queue express (max_cpus)\"
      - \"cpus: queue express takes 1-480, 528-3168 cores, not 5000 (walltime_rules)\""
}

@test "platform estimate: rate x walltime hours x cores, in a queue or the one chosen" {
	export QXUB_PLATFORM_FILE="$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml"
	run -0 "$QXUB" platform estimate nci_gadi --cpus 48 --runtime 2h --queue normal
	assert_output "platform: nci_gadi
queue: normal
cost_su: 192.00
cpus: 48
walltime: \"2:00:00\""
	run -0 "$QXUB" platform estimate nci_gadi --cpus 48 --runtime 2h
	assert_line 'queue: normalsl'
	assert_line 'cost_su: 144.00'
	run --separate-stderr "$QXUB" platform estimate nci_gadi --queue nope
	assert_failure 2
	assert_equal "$stderr" "qxub: --queue nope: platform nci_gadi has no such queue"
	run --separate-stderr "$QXUB" platform select-queue nci_gadi --queue normal
	assert_failure 2
}

@test "with a node's size, a job is charged for the larger of its cores and its memory's share of a node" {
	cat >nodes.yaml <<-'EOF'
	platform:
	  name: nodes
	  type: pbs_pro
	  queues:
	    - name: normal
	      type: standard
	      su_billing_rate: 2.0
	      cores_per_node: 48
	      memory_per_node: 192GB
	      limits: {max_cpus: 96, max_memory: 384GB}
	EOF
	export QXUB_PLATFORM_FILE=$BATS_TEST_TMPDIR/nodes.yaml
	# 96 GB is half a node: 24 cores' worth, for 2 h at 2 SU.
	run -0 "$QXUB" platform estimate nodes --cpus 4 --mem 96GB --runtime 2h
	assert_line 'cost_su: 96.00'
	assert_line 'cpus: 4'
	assert_line 'charged_cpus: 24.00'
	run -0 "$QXUB" platform estimate nodes --cpus 30 --mem 96GB --runtime 2h
	assert_line 'cost_su: 120.00'
	refute_line --partial 'charged_cpus'
	run -0 "$QXUB" platform info nodes
	assert_line --partial 'cores_per_node: 48'
	assert_line --partial 'memory_per_node: 192GB'
	PATH="$QXUB_TESTS/pbs-sim:$PATH" run -0 "$QXUB" exec --platform nodes --dry-run --cpus 4 --mem 96GB --runtime 2h -- true
	assert_line --index 1 --partial '; estimated cost 96.00 SU (2 SU per CPU-hour, charged for 24.00 cores: the memory'"'"'s share of a node)'
	# A size that is not one is an error at its line.
	sed -i 's/192GB/lots/' nodes.yaml
	run -3 --separate-stderr "$QXUB" platform info nodes
	assert_regex "$stderr" "^qxub: $BATS_TEST_TMPDIR/nodes.yaml:9:24: platform 'nodes', queue 'normal': 'memory_per_node': 'lots' is not a size"
}

@test "a queue name with a control character in a definition is refused at its line: it would become the job's queue request" {
	cat >nodes.yaml <<-'EOF'
	platform:
	  name: nodes
	  type: pbs_pro
	  queues:
	    - name: "normal\ntouch marker"
	      type: standard
	EOF
	export QXUB_PLATFORM_FILE=$BATS_TEST_TMPDIR/nodes.yaml
	PATH="$QXUB_TESTS/pbs-sim:$PATH" run -3 --separate-stderr "$QXUB" exec --platform nodes -- true
	assert_equal "$stderr" "qxub: $BATS_TEST_TMPDIR/nodes.yaml:5:13: platform 'nodes': 'name': control character (\n) not allowed"
	assert_equal "$(count_calls qsub)" 0
	assert_equal "$(job_count)" 0
	assert_file_not_exists marker
}

@test "a configured platform's definition: a file path, file://, a path beside the config, or a name in the platforms directory" {
	PATH="$QXUB_TESTS/pbs-sim:$PATH"
	mkdir -p "$XDG_CONFIG_HOME/qxub/defs" "$XDG_CONFIG_HOME/qxub/platforms"
	cp "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" "$XDG_CONFIG_HOME/qxub/defs/"
	cp "$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml" "$XDG_CONFIG_HOME/qxub/platforms/gadi.yaml"
	cat >"$XDG_CONFIG_HOME/qxub/config.yaml" <<-EOF
	platforms:
	  g_path:
	    definition: $QXUB_TESTS/fixtures/qxub/nci_gadi.yaml
	  g_file:
	    definition: file://$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml
	  g_rel:
	    definition: defs/nci_gadi.yaml
	  g_name:
	    definition: gadi.yaml
	  g_missing:
	    definition: nope.yaml
	EOF
	for p in g_path g_file g_rel g_name; do
		run -0 --separate-stderr "$QXUB" exec --platform "$p" --cpus 4 --dry-run -- x
		assert_line --index 0 --partial ' -q normalsl -l ncpus=4 '
		assert_line --index 1 --partial 'Queue normalsl of platform nci_gadi: '
	done
	run -0 "$QXUB" platform info g_rel
	assert_line 'kind: configured'
	assert_line 'scheduler: pbs'
	assert_line "because: its definition's type, pbs_pro"
	assert_line "  file: $XDG_CONFIG_HOME/qxub/defs/nci_gadi.yaml:6:3"
	run --separate-stderr "$QXUB" exec --platform g_missing -- true
	assert_failure 3
	[[ $stderr == "qxub: $XDG_CONFIG_HOME/qxub/config.yaml:11:17: definition: cannot read "*"nope.yaml"* ]]
	assert_equal "$(job_count)" 0
}
