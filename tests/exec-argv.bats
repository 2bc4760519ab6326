#!/usr/bin/env bats
# The command after -- reaches the job byte for byte, in every context.

load helpers/exec-suite

setup() {
	load helpers/common
	qxub_setup
	DUMP="$QXUB_TESTS/helpers/argv-dump"
}

teardown() {
	qxub_teardown
}

# Runs qxub exec [OPTS...] -- argv-dump WORDS... and compares the job's
# NUL-separated argv with WORDS.  OPTS end at a lone '::'.
roundtrip() {
	local opts=()
	while [ "$1" != :: ]; do opts+=("$1"); shift; done
	shift
	"$QXUB" exec "${opts[@]}" -- "$DUMP" "$@" >got 2>err || {
		echo "qxub failed: $(cat err)" >&2
		return 1
	}
	: >want
	[ $# -eq 0 ] || printf '%s\0' "$@" >want
	cmp want got || {
		echo "want: $(od -c want | head -20)" >&2
		echo "got:  $(od -c got | head -20)" >&2
		return 1
	}
}

hard_words() {
	WORDS=("a b" "  two  spaces  " "it's" '"double"' "\$HOME" '${HOME}'
	    '`id`' '$(id)' '*' '?' '[a-z]*' '~' '~root' 'back\slash' '\'
	    '\\n' $'new\nline' $'tab\there' $'cr\r' "" "" '-' '--' '-n'
	    '--help' '-e' 'ünïcödé ✓ 🚀' $'\xff\xfe\x80 8-bit' $'\x01\x1b[31m'
	    '!' '!!' '#' '# comment' ';' '&&' '|' '>out' '<in' '(' ')'
	    '{a,b}' 'a=b' "'" "''" "'\''" '%s%n' '$((1+1))' '$1' '$@')
}

@test "hard words reach a default-context job byte for byte" {
	hard_words
	roundtrip :: "${WORDS[@]}"
}

@test "each hard word alone reaches the job" {
	hard_words
	for w in "${WORDS[@]}"; do
		roundtrip :: "$w"
	done
}

@test "no arguments at all" {
	roundtrip ::
}

@test "a large argv (100 KB) reaches the job" {
	big=$(head -c 75000 /dev/urandom | base64 -w0)
	roundtrip :: "$big" "$big"
}

@test "hard words through the conda context" {
	use_fakes
	mkdir -p "$FAKE_CONDA_ENVS/myenv/bin"
	hard_words
	roundtrip --env myenv :: "${WORDS[@]}"
}

@test "hard words through the modules context" {
	module_fixture
	hard_words
	roundtrip --mod testmod :: "${WORDS[@]}"
}

@test "hard words through the container context" {
	use_fakes
	touch img.sif
	hard_words
	roundtrip --sif img.sif --bind /data :: "${WORDS[@]}"
}

@test "hard words with --pre, --post and --var set" {
	hard_words
	roundtrip --pre 'true' --post 'true' --var 'X=1' :: "${WORDS[@]}"
}

@test "hard words in --cmd, --pre and --post reach bash intact" {
	run -0 --separate-stderr "$QXUB" exec \
	    --pre "printf '%s\n' 'pre: \$x \`y\` \"z\"'" \
	    --post "printf '%s\n' 'post: ü \\ *'" \
	    --cmd "printf '%s|' 'a  b' \"it's\" '\$HOME'; echo"
	assert_output "pre: \$x \`y\` \"z\""$'\n'"a  b|it's|\$HOME|"$'\n'"post: ü \\ *"
}
