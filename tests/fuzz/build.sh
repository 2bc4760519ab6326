#!/bin/sh
# Builds the libFuzzer harnesses tests/fuzz/fuzz_*.c with clang, against
# qxub's sources compiled again with the sanitizers (libqxub.a is gcc's,
# without coverage instrumentation), into OUTDIR.  `make fuzz` runs it.
#
#   build.sh SRCDIR BUILDDIR OUTDIR
#
# BUILDDIR holds configure's autoconf.h.  FUZZ_CC (default clang),
# YAML_CFLAGS and YAML_LIBS come from the environment.  Objects are
# rebuilt when a source or header under src/ is newer than they are.
set -eu

srcdir=$1
builddir=$2
out=$3
cc=${FUZZ_CC:-clang}
ar=${AR:-ar}
san='-fsanitize=address,undefined -fno-sanitize-recover=all'
cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer $san
    -I$builddir -iquote $srcdir/src -iquote $srcdir/tests/fuzz
    ${YAML_CFLAGS:-}"

mkdir -p "$out/obj"
lib=$out/libqxub-fuzz.a
stamp=$out/obj/.stamp
if [ ! -f "$stamp" ] ||
    [ -n "$(find "$srcdir/src" "$builddir/autoconf.h" -newer "$stamp" \
    \( -name '*.[ch]' \) -print | head -n 1)" ]; then
	# What the harnesses link of the library (half of it: the build is
	# part of tests/fuzz.bats), two compilers at a time.  A harness that
	# needs another file fails to link, naming a function of it.
	for f in buf config fetch file jobdir jobspec log pbs platform quote \
	    resource sge slurm spawn strv template xmalloc yaml \
	    compat/strlcpy compat/strtonum; do
		printf '%s\n' "$srcdir/src/$f.c"
	done | xargs -P 2 -I {} sh -c '
	    o=$1/obj/$(basename "$2" .c).o
	    exec $3 $4 -fsanitize=fuzzer-no-link \
		-DQXUB_FETCH_PATH="\"/nonexistent/qxub-fetch\"" -c "$2" -o "$o"
	    ' sh "$out" {} "$cc" "$cflags"
	rm -f "$lib"
	"$ar" cr "$lib" "$out"/obj/*.o
	touch "$stamp"
fi

for h in "$srcdir"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c)
	if [ "$out/$name" -nt "$h" ] && [ "$out/$name" -nt "$lib" ] &&
	    [ "$out/$name" -nt "$srcdir/tests/fuzz/fuzz.h" ]; then
		continue
	fi
	printf '%s\n' "$name"
done | xargs -P 2 -I {} sh -c '
    exec $3 $4 -fsanitize=fuzzer "$2/tests/fuzz/$5.c" "$1/libqxub-fuzz.a" \
	$6 -o "$1/$5"
    ' sh "$out" "$srcdir" "$cc" "$cflags" {} "${YAML_LIBS:--lyaml}"
