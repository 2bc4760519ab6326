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

@test "platform list shows the built-in and configured platforms" {
	run -0 --separate-stderr "$QXUB" platform list
	assert_line --index 0 --regexp '^NAME +KIND +SCHEDULER +HOST$'
	assert_line --index 1 --regexp '^local +built-in +local +-$'
	assert_line --index 2 --regexp '^pbs +built-in +pbs +-$'
	assert_line --index 3 --regexp '^cluster +configured +(local|pbs) +-$'
	run -0 "$QXUB" platform list --json
	run -0 python3 -c 'import json, sys; print(" ".join(p["name"] + ":" + p["kind"] for p in json.loads(sys.argv[1])))' "$output"
	assert_output "local:built-in pbs:built-in cluster:configured"
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
	for args in "" "info" "list x" "frob" "list --yaml"; do
		run --separate-stderr "$QXUB" platform $args
		assert_failure 2
		[[ $stderr == *"usage: qxub platform list [--json] | info NAME [--json]"* ]]
	done
	run -0 "$QXUB" platform --help
	assert_line --index 0 "usage: qxub platform list [--json]"
}
