#!/usr/bin/env bats
# The man page: clean mdoc, and it documents every exec option, every exit
# code and every option that is not available yet, as `qxub exec --help`
# and the option table list them.

setup() {
	load helpers/common
	qxub_setup
	man_setup qxub.1
}

# The page as plain text: no overstrike, no tabs.
render() {
	mandoc -Tascii "$MAN_PAGE" | col -bx
}

# The items of the tagged lists under the (sub)section heading matching the
# ERE $1, up to the next heading: each comma-separated part of a tag, cut
# at its first space ("--mod module, --module module" gives --mod and
# --module).  A tag line is indented like body text and follows a blank
# line or a deeper-indented description, never a line of its paragraph.
page_tags() {
	render | awk -v re="$1" '
	    /^([^ ]|   [^ ])/ { f = $0 ~ re; prev = ""; next }
	    f && /^     [^ ]/ && (prev ~ /^ *$/ || prev ~ /^      /) {
		tag = substr($0, 6)
		sub(/  .*/, "", tag)
		n = split(tag, part, /, /)
		for (i = 1; i <= n; i++) {
			split(part[i], w, / /)
			print w[1]
		}
	    }
	    { prev = $0 }'
}

@test "the man page is clean mdoc (mandoc -Tlint -Wwarning)" {
	run -0 --separate-stderr mandoc -Tlint -Wwarning "$MAN_PAGE"
	assert_output ''
	assert_equal "$stderr" ''
}

@test "the man page documents every spelling of every exec option" {
	run -0 --separate-stderr "$QXUB" __complete options exec
	local want tags
	want=$(cut -f1 <<<"$output")
	assert [ -n "$want" ]
	run grep -c -v -- '^-' <<<"$want"
	assert_output 0
	tags=$(page_tags '^   The exec command$')
	assert_same_options "$want" "$tags"
}

@test "the EXIT STATUS section lists every exit code of exec --help" {
	run -0 --separate-stderr "$QXUB" exec --help
	local want=() n tags
	# Numbers after "Exit status:"; a range such as 240-247 means each code.
	for n in $(sed -n '/^Exit status:$/,$p' <<<"$output" |
	    grep -oE '[0-9]+(-[0-9]+)?'); do
		if [[ $n == *-* ]]; then
			want+=($(seq "${n%-*}" "${n#*-}"))
		else
			want+=("$n")
		fi
	done
	# The parsing found them all (the range too).
	for n in 1 2 3 4 128 129 130 143 240 244 247; do
		[[ " ${want[*]} " == *" $n "* ]] ||
			fail "no exit code $n found in exec --help: ${want[*]}"
	done
	# 128+N is listed as 128+N.
	tags=$(page_tags '^EXIT STATUS$' | sed 's/+N$//')
	run missing_from "${want[*]}" "$tags"
	assert_output ''
}

@test "the man page lists every option that is not available yet" {
	run -0 --separate-stderr "$QXUB" exec --help
	local want tags
	want=$(sed -n '/^Known qxub 3.x options that are not available yet:$/,/^$/p' \
	    <<<"$output" | sed '1d;/^$/d' | awk '{
		sub(/^ +/, "")
		sub(/  .*/, "")
		n = split($0, part, /, /)
		for (i = 1; i <= n; i++) {
			split(part[i], w, / /)
			print w[1]
		}
	    }')
	# None left is fine, as long as the page lists none either.
	if [ -n "$want" ]; then
		run grep -c -v -- '^-' <<<"$want"
		assert_output 0
	fi
	tags=$(page_tags 'not available yet$')
	assert_same_options "$want" "$tags"
}
