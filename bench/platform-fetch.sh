#!/bin/bash
# Times reading a platform definition named by URL, from the cache and
# through the qxub-fetch helper, against the same definition as a local
# file, in the same run.  The server is the test suite's loopback HTTP
# server (tests/helpers/httpd.py).  See bench/README.md.
#
# usage: bench/platform-fetch.sh [QXUB [N]]
#   QXUB  qxub binary (default: $QXUB, else ../_build/qxub, else ../qxub);
#         its qxub-fetch is looked for beside it unless QXUB_FETCH is set
#   N     measured calls per command (default: 200)
#
# Prints the figures and PASS or MISS; exits 0 either way, 1 only if
# something could not be run.
set -euo pipefail

benchdir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
bench_name=platform-fetch
warmup=20
gadi=$benchdir/../tests/fixtures/qxub/nci_gadi.yaml
# shellcheck source=common.sh
. "$benchdir/common.sh"

# Target: a cached URL definition costs at most 10% more than a file.
max_ratio=1.10

bench_setup 200 "$@"
server=
trap '[ -z "$server" ] || kill "$server"; rm -rf -- "$tmpdir"' EXIT
export QXUB_FETCH=${QXUB_FETCH:-$(dirname -- "$qxub")/qxub-fetch}
[ -x "$QXUB_FETCH" ] || die "no qxub-fetch at '$QXUB_FETCH'"

mkdir -p "$tmpdir/docs"
cp -- "$gadi" "$tmpdir/docs/gadi.yaml"
python3 "$benchdir/../tests/helpers/httpd.py" "$tmpdir/docs" \
    "$tmpdir/port" "$tmpdir/log" >/dev/null 2>&1 &
server=$!
for ((i = 0; i < 100; i++)); do
	[ -s "$tmpdir/port" ] && break
	sleep 0.05
done
[ -s "$tmpdir/port" ] || die "the HTTP server did not start"
url=http://127.0.0.1:$(cat "$tmpdir/port")/gadi.yaml

export HOME="$tmpdir/home" XDG_STATE_HOME="$tmpdir/state"
export XDG_CACHE_HOME="$tmpdir/cache" XDG_CONFIG_HOME="$tmpdir/config"
mkdir -p -- "$HOME" "$XDG_CONFIG_HOME/qxub" "$tmpdir/config0/qxub"
printf 'platforms:\n  lab:\n    definition: %s\n  gadi:\n    definition: %s\n' \
    "$gadi" "$url" >"$XDG_CONFIG_HOME/qxub/config.yaml"
# The same, with every run asking the server (ttl 0: a 304 each time).
cp "$XDG_CONFIG_HOME/qxub/config.yaml" "$tmpdir/config0/qxub/config.yaml"
printf 'platform_fetch:\n  ttl: 0\n' >>"$tmpdir/config0/qxub/config.yaml"
"$qxub" platform info gadi >/dev/null || die "cannot fetch $url"

file=$(measure "$calls" "$qxub" platform select-queue lab --cpus 4) ||
	die "cannot measure the file definition"
hit=$(measure "$calls" "$qxub" platform select-queue gadi --cpus 4) ||
	die "cannot measure the cached definition"
ask=$(XDG_CONFIG_HOME=$tmpdir/config0 measure "$calls" "$qxub" platform select-queue gadi --cpus 4) ||
	die "cannot measure the revalidated definition"
requests=$(wc -l <"$tmpdir/log")

awk -v file="$file" -v hit="$hit" -v ask="$ask" -v max_ratio="$max_ratio" \
    -v requests="$requests" -v calls="$calls" -v warmup="$warmup" '
function show(label, f) {
	printf "%s: mean %.2f ms, median %.2f ms, peak RSS %.1f MiB " \
	    "(%d calls)\n", label, f[6], f[8], f[10] / 1024, f[2]
}
BEGIN {
	split(file, f, " ")
	split(hit, h, " ")
	split(ask, a, " ")
	show("definition file         ", f)
	show("URL, cached             ", h)
	show("URL, asked (304) each run", a)
	ratio = h[6] / f[6]
	printf "cached / file (mean): %.2fx   target <= %.2fx\n", ratio, max_ratio
	printf "asked / cached (mean): %.2fx (the helper and one HTTP round trip)\n", a[6] / h[6]
	# One request to fill the cache, then one per asked run only.
	printf "HTTP requests: %d (expected %d)\n", requests, 1 + calls + warmup
	miss = ""
	if (sprintf("%.2f", ratio) + 0 > max_ratio + 0)
		miss = sprintf("ratio %.2fx > %.2fx", ratio, max_ratio)
	if (requests != 1 + calls + warmup)
		miss = miss (miss == "" ? "" : "; ") "the cached runs asked the server"
	print (miss == "" ? "PASS" : "MISS: " miss)
}'
