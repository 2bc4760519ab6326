#!/usr/bin/env bats
# The qxub-platform(5) page: clean mdoc; it documents every key of the key
# arrays in src/platform.c, in the section for its level, every condition
# variable and operator, and the variables that name the files; and its
# example file loads and shows as the page says.

setup() {
	load helpers/common
	qxub_setup
	man_setup qxub-platform.5
	unset QXUB_PLATFORM_FILE QXUB_PLATFORM_PATHS
}

teardown() {
	qxub_teardown
}

# The text of the section whose heading matches the ERE $1.
section_text() {
	man_render | awk -v re="$1" '/^[^ ]/ { f = $0 ~ re; next } f'
}

# The strings of the NULL-terminated array $1 of src/platform.c.
array_keys() {
	sed -n "/[[:space:]]$1\\[\\] = {/,/};\$/p" "$QXUB_SRCDIR/src/platform.c" |
	    grep -o '"[^"]*"' | tr -d '"'
}

# The condition variables and operators of src/platform.c, as spelled in
# the tables platform_vars[] and platform_ops[].
condition_vars() {
	sed -n '/ platform_vars\[\] = {$/,/^};$/p' "$QXUB_SRCDIR/src/platform.c" |
	    grep -o '{ "[a-z_]*", PV_' | sed 's/^{ "\(.*\)", PV_$/\1/'
}
condition_ops() {
	sed -n '/ platform_ops\[\] = {$/,/^};$/p' "$QXUB_SRCDIR/src/platform.c" |
	    grep -o '{ "[^"]*", PO_' | sed 's/^{ "\(.*\)", PO_$/\1/'
}

@test "qxub-platform(5) is clean mdoc (mandoc -Tlint -Wwarning)" {
	run -0 --separate-stderr mandoc -Tlint -Wwarning "$MAN_PAGE"
	assert_output ''
	assert_equal "$stderr" ''
}

@test "each key array of src/platform.c is documented in its section, and no other key" {
	local pair array section want tags extra
	# The parsing found each array.
	run -0 array_keys platform_keys
	assert_line auto_selection_rules
	run -0 array_keys queue_keys
	assert_line cost_per_hour
	run -0 array_keys limit_keys
	assert_line max_local_storage
	run -0 array_keys wrule_keys
	assert_line cores
	run -0 array_keys rule_keys
	assert_line is_default
	for pair in 'platform_keys:^PLATFORM KEYS$' 'queue_keys:^QUEUE KEYS$' \
	    'limit_keys:^LIMITS$' 'wrule_keys:^WALLTIME RULES$' \
	    'rule_keys:^SELECTION RULES$'; do
		array=${pair%%:*} section=${pair#*:}
		want=$(array_keys "$array")
		tags=$(man_section_tags "$section")
		run missing_from "$want" "$tags"
		assert_output ''
		# Every tag that looks like a key is one of the array; the
		# condition variables are tags of SELECTION RULES too.
		extra=
		[ "$array" = rule_keys ] && extra=$(condition_vars)
		run missing_from "$(grep -E '^[a-z][a-z_]*$' <<<"$tags")" \
		    "$want"$'\n'"$extra"
		assert_output ''
	done
}

@test "SELECTION RULES names every condition variable and operator" {
	local want tags text op
	want=$(condition_vars)
	for v in gpu_requested cpus memory walltime gpu_type; do
		grep -qxF -- "$v" <<<"$want" ||
			fail "no variable $v found in platform_vars[]: $want"
	done
	tags=$(man_section_tags '^SELECTION RULES$')
	run missing_from "$want" "$tags"
	assert_output ''
	# Each operator is a tag of the list of operators, or quoted in it.
	run -0 condition_ops
	assert_line '>='
	assert_line '!='
	assert_line '='
	text=$(section_text '^SELECTION RULES$')
	while IFS= read -r op; do
		grep -qxF -- "$op" <<<"$tags" || [[ $text == *"\`$op'"* ]] ||
			fail "operator $op is not in SELECTION RULES"
	done < <(condition_ops)
}

@test "ENVIRONMENT documents each variable src/platform.c reads" {
	local want tags
	want=$(grep -o 'getenv("[A-Z_]*")' "$QXUB_SRCDIR/src/platform.c" |
	    sed 's/getenv("\(.*\)")/\1/')
	for v in QXUB_PLATFORM_FILE QXUB_PLATFORM_PATHS; do
		grep -qxF -- "$v" <<<"$want" ||
			fail "no getenv($v) found in src/platform.c: $want"
	done
	tags=$(man_section_tags '^ENVIRONMENT$')
	run missing_from "$want" "$tags"
	assert_output ''
}

@test "the example file loads cleanly from the user's platforms directory and shows as the page says" {
	local dir="$XDG_CONFIG_HOME/qxub/platforms" line name
	mkdir -p "$dir"
	man_example_after 'A platform file for a small cluster' >"$dir/example_hpc.yaml"
	run -0 grep -c '^  queues:$' "$dir/example_hpc.yaml"
	line=$(man_example_after 'show the line')
	assert [ -n "$line" ]
	run -0 --separate-stderr "$QXUB" platform list
	assert_line "$line"
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$QXUB" platform info example_hpc
	assert_equal "$stderr" ''
	assert_line 'kind: defined'
	assert_line "  file: $dir/example_hpc.yaml:2:3"
	# Every queue and rule of the file is in the definition.
	for name in $(sed -n 's/^    - name: //p' "$dir/example_hpc.yaml"); do
		assert_line "    - name: $name"
	done
	run -0 grep -c 'condition:' "$dir/example_hpc.yaml"
	local nrules=$output
	run -0 --separate-stderr "$QXUB" platform info example_hpc --json
	run -0 python3 -c 'import json, sys
print(len(json.loads(sys.argv[1])["definition"]["auto_selection_rules"]))' "$output"
	assert_output "$nrules"
	# The same file given alone, as the page suggests for trying one.
	rm "$dir/example_hpc.yaml"
	man_example_after 'A platform file for a small cluster' >example_hpc.yaml
	QXUB_PLATFORM_FILE=example_hpc.yaml run -0 --separate-stderr \
	    "$QXUB" platform info example_hpc
	assert_equal "$stderr" ''
	assert_line 'kind: defined'
}
