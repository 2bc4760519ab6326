#!/bin/bash
# Build qxub from a fresh clone on Debian/Ubuntu, and run a demo job or
# the test suite.
#
#   ./bootstrap.sh                   install missing packages, build, demo
#   ./bootstrap.sh check             ... then run the whole test suite
#   ./bootstrap.sh check --sanitize  the same with an ASan+UBSan build
#
# Packages are installed with apt-get when run as root, or through sudo;
# otherwise the missing ones are listed and the script stops.
set -euo pipefail

top=$(cd "$(dirname "$0")" && pwd)
mode=demo
sanitize=no
for arg in "$@"; do
	case $arg in
	check) mode=check ;;
	demo) mode=demo ;;
	--sanitize) sanitize=yes ;;
	-h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "bootstrap.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
	esac
done

# What the build, the tests and the demo need, as Debian packages.
packages=(
	autoconf automake autoconf-archive make gcc libc6-dev pkg-config
	clang libclang-rt-dev
	libyaml-dev libcurl4-openssl-dev
	bats bats-assert bats-support bats-file python3 openssl ca-certificates
	environment-modules util-linux bsdutils bsdextrautils procps mandoc man-db
	bash-completion zsh valgrind
	openssh-client openssh-server tcsh fish
	slurmctld slurmd slurm-client munge
	gridengine-master gridengine-exec gridengine-client
)

# Grid Engine comes without a cell of the system's (debconf: no automatic
# configuration), since its tests make their own (tests/helpers/sge.bash),
# and without /usr/bin/qsub: qxub takes a qsub on PATH for PBS, and the
# tests use the cell's own commands.  The diversion keeps Debian's qsub
# aside, as /usr/bin/qsub.distrib, where dpkg knows it.

# Whether /usr/bin/qsub is (or would be, once installed) Grid Engine's and
# not diverted; a qsub of another package is left alone.
sge_qsub_in_the_way() {
	[ "$(dpkg-divert --truename /usr/bin/qsub)" = /usr/bin/qsub ] || return 1
	[ ! -e /usr/bin/qsub ] && return 0
	dpkg-query -S /usr/bin/qsub 2>/dev/null | grep -q '^gridengine-client:'
}

# The debconf answers and the diversion, with the command prefix "$@"
# (sudo or nothing).
sge_prepare() {
	local p
	for p in gridengine-common gridengine-client gridengine-master \
	    gridengine-exec; do
		echo "$p shared/gridengineconfig boolean false"
	done | "$@" debconf-set-selections
	if sge_qsub_in_the_way; then
		"$@" dpkg-divert --local --rename --add /usr/bin/qsub >/dev/null
	fi
}

install_packages() {
	local missing=() p sudo=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null |
		    grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && ! sge_qsub_in_the_way && return 0
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			sudo=(sudo)
		elif [ ${#missing[@]} -eq 0 ]; then
			echo "bootstrap.sh: Grid Engine's qsub is on PATH, where qxub would take it for PBS" >&2
			echo "bootstrap.sh: move it aside with: sudo dpkg-divert --local --rename --add /usr/bin/qsub" >&2
			exit 1
		else
			echo "bootstrap.sh: missing packages: ${missing[*]}" >&2
			echo "bootstrap.sh: install them with: sudo apt-get install ${missing[*]}" >&2
			exit 1
		fi
	fi
	sge_prepare "${sudo[@]}"
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "bootstrap.sh: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq
	# The daemons (sshd, slurmctld, sge_qmaster, exim) are the tests' to
	# start: none is started by the install.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
		"${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
		policy=added
	fi
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
	    --no-install-recommends "${missing[@]}" >/dev/null
	[ "${policy:-}" != added ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
}

build() {
	local dir=$1; shift
	cd "$top"
	[ -x configure ] || autoreconf -fi
	mkdir -p "$dir"
	cd "$dir"
	[ -f Makefile ] || "$top/configure" --enable-werror "$@"
	make -j"$(nproc)"
}

install_packages
if [ "$sanitize" = yes ]; then
	builddir="$top/_build-sanitize"
	build "$builddir" --enable-sanitizers
else
	builddir="$top/_build"
	build "$builddir"
fi

if [ "$mode" = check ]; then
	rc=0
	make -j"$(nproc)" check || rc=$?
	# distcheck checks that the tarball builds, tests and installs, with
	# a part of the suite (DISTCHECK_TESTS): all of it ran just above.
	[ "$sanitize" = yes ] ||
	    QXUB_SKIP_SLURM="they ran in this build before make distcheck" \
	    QXUB_SKIP_SGE="they ran in this build before make distcheck" \
	    make -j"$(nproc)" distcheck-quick >distcheck.log 2>&1 || {
		tail -40 distcheck.log
		echo "bootstrap.sh: make distcheck failed (see $builddir/distcheck.log)" >&2
		rc=1
	}
	exit "$rc"
fi

echo
echo "Built $builddir/qxub.  A demo job on the built-in local scheduler:"
echo
echo "\$ qxub exec -v --platform local -- python3 -c 'import sys; print(sys.argv[1:]); sys.exit(3)' 'a b' '\$HOME' ''"
rc=0
# shellcheck disable=SC2016 # $HOME is meant to reach the job unexpanded
"$builddir/qxub" exec -v --platform local -- python3 -c 'import sys; print(sys.argv[1:]); sys.exit(3)' 'a b' '$HOME' '' || rc=$?
echo "(exit code $rc: the job's own)"
