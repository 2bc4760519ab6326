#!/usr/bin/env bats
# The qxub.yaml(5) page: clean mdoc; it documents every key of the key
# table in src/config.c and every built-in template variable of
# src/jobspec.c; and its example files load and do what they are for.

setup() {
	load helpers/common
	qxub_setup
	man_setup qxub.yaml.5
	mkdir -p "$XDG_CONFIG_HOME/qxub"
}

teardown() {
	qxub_teardown
}

# The key paths of config_keys[] in src/config.c, '*' written as NAME, as
# the page writes it.
table_keys() {
	sed -n '/config_keys\[\] = {$/,/^};$/p' "$QXUB_SRCDIR/src/config.c" |
	    sed -n 's/^[[:space:]]*{ "\([^"]*\)".*/\1/p' | sed 's/\*/NAME/g'
}

# The built-in template variables that jobspec_apply_config() defines.
builtin_vars() {
	sed -n 's/.*vars\[n++\] = "\([A-Za-z0-9_]*\)";.*/\1/p' \
	    "$QXUB_SRCDIR/src/jobspec.c"
}

@test "qxub.yaml(5) is clean mdoc (mandoc -Tlint -Wwarning)" {
	run -0 --separate-stderr mandoc -Tlint -Wwarning "$MAN_PAGE"
	assert_output ''
	assert_equal "$stderr" ''
}

@test "the KEYS section documents every key of config_keys[], and no other" {
	local want tags
	want=$(table_keys)
	# The parsing found the table: plain, starred and ignored keys.
	for k in defaults defaults.queue defaults.resources templates.NAME \
	    platforms.NAME.remote.conda_init aliases.NAME default_platform; do
		grep -qxF -- "$k" <<<"$want" ||
			fail "no key $k found in config_keys[]: $want"
	done
	tags=$(man_section_tags '^KEYS$')
	run missing_from "$want" "$tags"
	assert_output ''
	# Every tag that looks like a key is one of the table.
	run missing_from "$(grep -E '^[a-z][a-z_]*(\.([a-z_]+|NAME))*$' \
	    <<<"$tags")" "$want"
	assert_output ''
}

@test "TEMPLATE VARIABLES lists every built-in variable, and no other" {
	local want tags
	want=$(builtin_vars)
	for v in user timestamp date time name queue project log_dir; do
		grep -qxF -- "$v" <<<"$want" ||
			fail "no variable $v found in src/jobspec.c: $want"
	done
	tags=$(man_section_tags '^TEMPLATE VARIABLES$' |
	    sed -n 's/^{\([A-Za-z0-9_]*\)}$/\1/p')
	run missing_from "$want" "$tags"
	assert_output ''
	run missing_from "$tags" "$want"
	assert_output ''
}

@test "the example user configuration loads cleanly and applies" {
	man_example_after 'A user configuration with defaults and templates:' \
	    >"$XDG_CONFIG_HOME/qxub/config.yaml"
	run -0 grep -c . "$XDG_CONFIG_HOME/qxub/config.yaml"
	assert [ "$output" -ge 5 ]
	run -0 --separate-stderr "$QXUB" config validate
	assert_line --regexp "^user +ok +$XDG_CONFIG_HOME/qxub/config.yaml\$"
	assert_equal "$stderr" ''
	# It sets defaults and templates, and they reach a job.
	run -0 --separate-stderr "$QXUB" config get templates
	run -0 --separate-stderr "$QXUB" config get defaults.queue
	local queue=$output
	run -0 --separate-stderr "$QXUB" config get defaults.project
	local project=$output
	run -0 --separate-stderr "$QXUB" exec --dry-run --platform pbs -- true
	assert_line --index 0 --partial " -q $queue -P $project "
	assert_equal "$stderr" ''
}

@test "the example project configuration and aliases load, and each alias runs" {
	local file name names
	mkdir -p proj/.qx
	man_example_after 'A project configuration in' >proj/.qx/project.yaml
	man_example_after 'The same alias in the hierarchical form' >aliases.yaml
	for file in proj/.qx/project.yaml aliases.yaml; do
		run -0 grep -c '^aliases:$' "$file"
		cd proj
		run -0 --separate-stderr "$QXUB" --config "$BATS_TEST_TMPDIR/$file" config validate
		assert_equal "$stderr" ''
		run -0 --separate-stderr "$QXUB" --config "$BATS_TEST_TMPDIR/$file" config get aliases
		names=$(sed -n 's/^\([A-Za-z0-9_-]*\):$/\1/p' <<<"$output")
		assert [ -n "$names" ]
		for name in $names; do
			run -0 --separate-stderr "$QXUB" --config "$BATS_TEST_TMPDIR/$file" \
			    exec -v --alias "$name" --dry-run --platform pbs -- true
			assert_regex "$stderr" "using alias '$name'"
		done
		cd ..
	done
}

@test "the example shortcut file is JSON, and each shortcut applies by its prefix" {
	local key sc="$XDG_CONFIG_HOME/qxub/shortcuts.json"
	man_example_after 'A user shortcut file' >"$sc"
	run -0 python3 -c 'import json, sys
for k in json.load(open(sys.argv[1])):
    print(k)' "$sc"
	local keys=$output
	assert [ -n "$keys" ]
	while IFS= read -r key; do
		# shellcheck disable=SC2086 # the key's words are the command
		run -0 --separate-stderr "$QXUB" exec -v --dry-run --platform pbs \
		    -- $key arg
		assert_regex "$stderr" "using shortcut '$key'"
		run -0 --separate-stderr "$QXUB" exec -v --dry-run --platform pbs \
		    --shortcut "$key" -- true
		assert_regex "$stderr" "using shortcut '$key'"
	done <<<"$keys"
}
