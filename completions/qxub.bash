# shellcheck shell=bash
#
# Bash completion for qxub, qx, qxtat and qxi.
#
# Everything qxub knows (its commands, every option spelling, what the value
# of each option is, platform and conda environment names) comes from the
# hidden `qxub __complete` helper, which reads the same C tables as the
# parser and --help.  Nothing here names an option, so nothing can drift.
#
# Works on its own and with the bash-completion package; when that is
# loaded, its helpers complete file names, $VARIABLES, redirection targets
# and the command after `qxub exec` (with that command's own completion).

# Names that are qxub with the subcommand already chosen: NAME -> subcommand.
# A new one is one entry here; the `complete` line at the end registers
# every name in this table.
# -g: bash-completion sources this file from inside a function, where a plain
# declare would make the table local to that function and lose it.
declare -gA _qxub_implied=(
	[qx]=exec
	[qxtat]=status
	[qxi]=interactive
)

# Sets the caller's `bin` to the qxub to ask: the one the user typed (./qxub,
# /path/qxub, ~/bin/qxub) when it is executable, else qxub from PATH.  For
# qx and the other implied names we never run the typed program: a wrapper
# script would take `__complete` for a command to submit as a job.  We ask
# the qxub installed beside it instead.
_qxub_find_binary() {
	local typed=$1

	# The shell has not expanded a ~ that is still being typed.
	[[ $typed == [~]/* ]] && typed=$HOME/${typed:2}
	if [[ -n ${_qxub_implied[${typed##*/}]-} ]]; then
		if [[ $typed == */* ]]; then
			typed=${typed%/*}/qxub
		else
			typed=qxub
		fi
	fi
	bin=qxub
	if [[ $typed == */* && -x $typed && ! -d $typed ]]; then
		bin=$typed
	fi
}

# Runs `qxub __complete ARGS...`; errors (an old qxub, no qxub) just mean
# nothing to offer.
_qxub_call() {
	"$bin" __complete "$@" 2>/dev/null
}

# Rebuilds the command line as the shell will split it for qxub.  Bash
# breaks COMP_WORDS at COMP_WORDBREAKS (= and : among them), so `--env=x`
# arrives as three words; qxub sees one.  Pieces with no white space between
# them in COMP_LINE are glued back.  Sets the caller's:
#   words  the words as qxub will see them (quotes not removed)
#   raw    for each of them, the index of its first piece in COMP_WORDS
#          (what _command_offset counts in)
#   cword  index of the word being completed
#   cur    that word, up to the cursor
#   lead   the start of cur that readline will keep: it replaces only the
#          text after the last word break character, so every candidate we
#          build from cur must lose this prefix.
# We do this ourselves rather than take bash-completion's words because its
# indices skip redirections and so do not match COMP_WORDS.
_qxub_split_line() {
	local line=$COMP_LINE pos=0 r n piece gap start=0 before c

	words=() raw=() cword=0
	for ((r = 0; r < ${#COMP_WORDS[@]}; r++)); do
		piece=${COMP_WORDS[r]}
		gap=0
		while [[ ${line:pos:1} == [[:space:]] ]]; do
			((pos++))
			gap=1
		done
		n=${#words[@]}
		if ((n == 0 || gap)); then
			words[n]=$piece
			raw[n]=$r
			((r <= COMP_CWORD)) && start=$pos
		else
			words[n - 1]+=$piece
		fi
		((r == COMP_CWORD)) && cword=$((${#words[@]} - 1))
		[[ ${line:pos:${#piece}} == "$piece" ]] && ((pos += ${#piece}))
	done
	cur=${words[cword]}
	if ((COMP_POINT >= start && COMP_POINT - start <= ${#cur})); then
		cur=${line:start:COMP_POINT-start}
	fi

	before=${line:0:COMP_POINT}
	for ((n = ${#before}; n > 0; n--)); do
		c=${before:n-1:1}
		[[ $c == [[:space:]] || $COMP_WORDBREAKS == *"$c"* ]] && break
	done
	lead=
	[[ $cur == *"${before:n}" ]] && lead=${cur%"${before:n}"}
}

# Reads `qxub __complete options [COMMAND]` into the caller's spellings (in
# the table's order) and kinds (spelling -> KIND; "-" means no value).
_qxub_load_options() {
	local spelling kind

	spellings=() kinds=()
	while IFS=$'\t' read -r spelling kind _; do
		[[ -n $spelling ]] || continue
		spellings+=("$spelling")
		kinds[$spelling]=$kind
	done < <(_qxub_call options "$@")
}

# Walks words from the caller's i up to the current word the way qxub's
# option parser does: options end at `--` (consumed) or at the first word
# that is not an option; an option whose KIND is not "-" takes the next word
# as its value unless written --opt=value, or -Nvalue for a short one.
# Leaves i at the first operand (or at cword) and sets the caller's:
#   vkind     KIND of the option whose value the current word is, if it is
#   dashdash  1 when `--` ended the options
_qxub_skip_options() {
	local w k j
	# Redirections are the shell's: `>out` or `2> out` is no argument.
	local redir='^[0-9]*[<>]' bare='^[0-9]*[<>&]+$'

	vkind='' dashdash=0
	while ((i < cword)); do
		w=${words[i]}
		if [[ $w == -- ]]; then
			((i++))
			dashdash=1
			return
		elif [[ $w =~ $redir ]]; then
			if [[ $w =~ $bare ]]; then
				((i++))
				if ((i == cword)); then
					vkind="file"
					return
				fi
			fi
		elif [[ $w != -?* ]]; then
			return
		elif [[ $w == --*=* ]]; then
			:
		elif [[ $w == --* ]]; then
			k=${kinds[$w]-}
			if [[ -n $k && $k != - ]]; then
				((i++))
				((i == cword)) && vkind=$k && return
			fi
		else
			# A cluster like -vN: the first letter that takes a value
			# takes the rest of the word, or the next word if none is
			# left.  An unknown letter is an error for qxub; stop there.
			for ((j = 1; j < ${#w}; j++)); do
				k=${kinds[-${w:j:1}]-}
				[[ -z $k ]] && break
				[[ $k == - ]] && continue
				if ((j + 1 == ${#w})); then
					((i++))
					((i == cword)) && vkind=$k && return
				fi
				break
			done
		fi
		((i++))
	done
}

# Module names from the user's `module` shell function (Environment Modules
# or Lmod), one per line; nothing when there is none.  `-t` lists one name
# per line, but with directory headings ("/path:"), a trailing "/" on
# module directories and markers such as "(default)" that are not part of
# the name; messages have spaces, names do not.
_qxub_modules() {
	local line

	declare -F module >/dev/null || return 0
	while IFS= read -r line; do
		line=${line%%[(]*}
		line=${line%"${line##*[![:space:]]}"}
		line=${line%/}
		[[ -z $line || $line == *: || $line == *[[:space:]]* ]] && continue
		printf '%s\n' "$line"
	done < <(module -t avail 2>&1)
}

# Adds each line of stdin that starts with $1 to COMPREPLY.  We filter here
# rather than with `compgen -W`, which would expand $(...) and globs in
# names that come from conda or module.
_qxub_add_matching() {
	local c

	while IFS= read -r c; do
		[[ -n $c && $c == "$1"* ]] && COMPREPLY+=("$c")
	done
}

# File (or, with -d, directory) names for $2, with bash-completion's
# _filedir when it is there (it handles quotes and ~), else compgen.
_qxub_files() {
	local cur=$2

	if declare -F _filedir >/dev/null; then
		if [[ $1 == -d ]]; then _filedir -d; else _filedir; fi
	else
		# Quote what readline inserts, and add / to directories.
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen "$1" -- "$cur")
	fi
}

# Completes $2, the value of an option of KIND $1.
_qxub_values() {
	local kind=$1 v=$2 list=

	case $kind in
	file) _qxub_files -f "$v" ;;
	dir) _qxub_files -d "$v" ;;
	var)
		# NAME passes its value, NAME=VALUE sets one: offer names.
		[[ $v == *=* ]] ||
			mapfile -t COMPREPLY < <(compgen -e -- "$v")
		;;
	module)
		# --mods takes a comma separated list: complete its last item.
		if [[ $v == *,* ]]; then
			list=${v%,*},
			v=${v##*,}
		fi
		_qxub_add_matching "$v" < <(_qxub_modules)
		if [[ -n $list ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/"$list"}")
		fi
		;;
	queue)
		# The queues of the platform the line names, if it names one.
		_qxub_add_matching "$v" < <(_qxub_call values queue \
		    "$(_qxub_platform_word)")
		;;
	-|value) ;;
	*) _qxub_add_matching "$v" < <(_qxub_call values "$kind") ;;
	esac
}

# Prints the value of the last --platform on the line, if any.
_qxub_platform_word() {
	local j p=

	for ((j = 1; j < cword; j++)); do
		case ${words[j]} in
		--platform) ((j + 1 < cword)) && p=${words[j + 1]} ;;
		--platform=*) p=${words[j]#--platform=} ;;
		--) break ;;
		esac
	done
	printf '%s' "$p"
}

# Completes the operand at words[$2] of subcommand $1.  Returns 1 when
# another completion filled COMPREPLY for the raw words, so the caller must
# leave it as it is.
_qxub_operand() {
	local p=$2

	case $1 in
	exec)
		# The command and its arguments, as if typed on their own.
		if declare -F _comp_command_offset >/dev/null; then
			_comp_command_offset "${raw[p]}"
			return 1
		elif declare -F _command_offset >/dev/null; then
			_command_offset "${raw[p]}"
			return 1
		elif ((p == cword)) && [[ $cur != */* ]]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		else
			_qxub_files -f "$cur"
		fi
		;;
	help)
		if ((p == cword)); then
			_qxub_add_matching "$cur" < <(_qxub_call commands | cut -f1)
		fi
		;;
	*)
		# A command's own subcommands (qxub config alias set ...),
		# given the words before this one.
		_qxub_add_matching "$cur" < <(_qxub_call operands "$1" \
		    "${words[@]:p:cword-p}" | cut -f1)
		;;
	esac
	return 0
}

# Completes the word in option position for the table loaded last: option
# spellings, or the value after --opt=.
_qxub_option_word() {
	local opt c

	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		[[ ${kinds[$opt]-} && ${kinds[$opt]} != - ]] || return 0
		_qxub_values "${kinds[$opt]}" "${cur#*=}"
		COMPREPLY=("${COMPREPLY[@]/#/"$opt="}")
	else
		for c in "${spellings[@]}"; do
			[[ $c == "$cur"* ]] && COMPREPLY+=("$c")
		done
	fi
}

# The completion function for qxub and every name in _qxub_implied.
_qxub() {
	# prev and comp_args are set by bash-completion's initializers; they
	# are declared only to keep them out of the global scope.
	# shellcheck disable=SC2034
	local cur prev words cword comp_args
	local raw lead bin sub i vkind dashdash
	local -a spellings
	local -A kinds

	COMPREPLY=()
	# bash-completion completes $VARIABLES and redirection targets itself
	# and then returns non-zero.  Its word list is not used (see
	# _qxub_split_line).
	if declare -F _comp_initialize >/dev/null; then
		_comp_initialize -n =: || return 0
	elif declare -F _init_completion >/dev/null; then
		_init_completion -n =: || return 0
	fi
	_qxub_split_line
	_qxub_find_binary "${words[0]}"

	i=1
	sub=${_qxub_implied[${words[0]##*/}]-}
	if [[ -z $sub ]]; then
		# qxub [global options] COMMAND ...
		_qxub_load_options
		_qxub_skip_options
		if [[ -n $vkind ]]; then
			_qxub_values "$vkind" "$cur"
		elif ((i == cword)); then
			if ((!dashdash)) && [[ $cur == -* ]]; then
				_qxub_option_word
			else
				_qxub_add_matching "$cur" < <(_qxub_call commands | cut -f1)
			fi
		else
			sub=${words[i]}
			((i++))
		fi
	fi

	if [[ -n $sub ]]; then
		_qxub_load_options "$sub"
		_qxub_skip_options
		if [[ -n $vkind ]]; then
			_qxub_values "$vkind" "$cur"
		elif ((i == cword && !dashdash)) && [[ $cur == -* ]]; then
			_qxub_option_word
		else
			# Operands start at i.  An empty word in option position
			# is taken as the first operand (the command, for exec):
			# options are one `-` away.
			_qxub_operand "$sub" "$i" || return 0
		fi
	fi

	# Readline replaces only the text after the last word break (after
	# the = of --opt=value, by default): drop what it keeps.
	if [[ -n $lead ]]; then
		COMPREPLY=("${COMPREPLY[@]#"$lead"}")
	fi
	return 0
}

complete -F _qxub qxub "${!_qxub_implied[@]}"
