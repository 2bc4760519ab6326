#!/usr/bin/env bats
# Platform definitions by URL: fetched by qxub-fetch (libcurl) from real
# HTTP and HTTPS servers on loopback, cached under $XDG_CACHE_HOME, and
# refreshed.

setup() {
	load helpers/common
	load helpers/httpd
	qxub_setup
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
	CFG=$XDG_CONFIG_HOME/qxub/config.yaml
	CACHE=$XDG_CACHE_HOME/qxub/platforms
	GADI=$QXUB_TESTS/fixtures/qxub/nci_gadi.yaml
	mkdir -p "$XDG_CONFIG_HOME/qxub"
	httpd_start web
	cp "$GADI" "$web_DOCS/gadi.yaml"
}

teardown() {
	httpd_stop
	qxub_teardown
}

# The configuration: platform gadi's definition is $1; more lines follow.
url_config() {
	printf 'platforms:\n  gadi:\n    definition: %s\n' "$1" >"$CFG"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$CFG"
}

# How many requests for path the server web answered with status.
answered() {
	grep -c "^GET $1 $2 " "$web_LOG" || true
}

# The cached body and metadata of the one URL fetched.
cached() {
	find "$CACHE" -name "*.$1" 2>/dev/null
}

# Makes the cached copy look fetched $1 seconds ago.
age_cache() {
	python3 - "$(cached meta)" "$1" <<-'EOF'
	import json, sys, time
	path, age = sys.argv[1], int(sys.argv[2])
	meta = json.load(open(path))
	meta["fetched"] = int(time.time()) - age
	json.dump(meta, open(path, "w"))
	EOF
}

@test "a definition URL is fetched once, cached privately, then read from the cache" {
	url_config "$web_URL/gadi.yaml"
	run -0 --separate-stderr "$QXUB" platform info gadi --json
	assert_equal "$stderr" ""
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1])["definition"]; print(d["name"], d["file"], len(d["queues"]))' "$output"
	assert_output "nci_gadi $web_URL/gadi.yaml:6:3 14"
	assert_equal "$(answered /gadi.yaml 200)" 1
	# One body, byte for byte, and its metadata; only the user reads them.
	assert_equal "$(find "$CACHE" -type f | wc -l)" 2
	cmp "$(cached yaml)" "$GADI"
	assert_equal "$(stat -c %a "$CACHE" "$(cached yaml)" "$(cached meta)" | tr '\n' ' ')" "700 600 600 "
	run -0 python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m["source"], m["size"], m["etag"] != "")' "$(cached meta)"
	assert_output "$web_URL/gadi.yaml $(stat -c %s "$GADI") True"
	# Within the day, no server and no helper are needed.
	QXUB_FETCH=/nonexistent run -0 --separate-stderr "$QXUB" platform select-queue gadi --cpus 4
	assert_line 'queue: normalsl'
	assert_equal "$stderr" ""
	assert_equal "$(wc -l <"$web_LOG")" 1
}

@test "exec on a platform whose definition is a URL chooses a queue from it" {
	url_config "$web_URL/gadi.yaml"
	PATH="$QXUB_TESTS/pbs-sim:$PATH" run -0 --separate-stderr "$QXUB" exec --platform gadi --dry-run --cpus 4 --mem 300GB -- true
	assert_line --index 0 --partial ' -q hugemembw '
	assert_line --index 1 --regexp '^Queue hugemembw of platform nci_gadi: '
}

@test "an expired copy is asked about: 304 keeps it, a changed file replaces it" {
	url_config "$web_URL/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	before=$(date +%s)
	age_cache $((25 * 3600))
	run -0 --separate-stderr "$QXUB" platform estimate gadi --cpus 4 --queue normal
	assert_line 'cost_su: 8.00'
	assert_equal "$stderr" ""
	# The request carried the validators the server gave.
	etag=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["etag"])' "$(cached meta)")
	assert_equal "$(grep -c "^GET /gadi.yaml 304 inm=$etag ims=[A-Z][a-z][a-z], " "$web_LOG")" 1
	# ... and the copy counts as fetched now.
	run -0 python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["fetched"] >= int(sys.argv[2]))' "$(cached meta)" "$before"
	assert_output True
	# The site raises the normal queue's rate.
	sed -i '0,/su_billing_rate: 2.0/s//su_billing_rate: 3.0/' "$web_DOCS/gadi.yaml"
	age_cache $((25 * 3600))
	run -0 "$QXUB" platform estimate gadi --cpus 4 --queue normal
	assert_line 'cost_su: 12.00'
	assert_equal "$(answered /gadi.yaml 200)" 2
	cmp "$(cached yaml)" "$web_DOCS/gadi.yaml"
}

@test "platform_fetch.ttl sets how long a copy is used unasked; 0 asks every time" {
	url_config "$web_URL/gadi.yaml" 'platform_fetch:' '  ttl: 2h'
	run -0 "$QXUB" platform info gadi
	age_cache 3600
	run -0 "$QXUB" platform info gadi
	assert_equal "$(wc -l <"$web_LOG")" 1
	age_cache 7300
	run -0 "$QXUB" platform info gadi
	assert_equal "$(answered /gadi.yaml 304)" 1
	url_config "$web_URL/gadi.yaml" 'platform_fetch:' '  ttl: 0'
	run -0 "$QXUB" platform info gadi
	run -0 "$QXUB" platform info gadi
	assert_equal "$(answered /gadi.yaml 304)" 3
}

@test "platform refresh asks the server whatever the cache holds" {
	url_config "$web_URL/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	size=$(stat -c %s "$GADI")
	run -0 --separate-stderr "$QXUB" platform refresh gadi
	assert_output "gadi: $web_URL/gadi.yaml is unchanged ($size bytes cached)"
	assert_equal "$(answered /gadi.yaml 304)" 1
	printf '# a comment the site added\n' >>"$web_DOCS/gadi.yaml"
	run -0 --separate-stderr "$QXUB" platform refresh
	assert_output "gadi: fetched $web_URL/gadi.yaml ($((size + 27)) bytes)"
	cmp "$(cached yaml)" "$web_DOCS/gadi.yaml"
	run -0 "$QXUB" platform refresh --json
	run -0 python3 -c 'import json, sys; r = json.loads(sys.argv[1])[0]; print(r["platform"], r["result"], r["bytes"], r["cache"] == sys.argv[2])' "$output" "$(cached yaml)"
	assert_output "gadi unchanged $((size + 27)) True"
}

@test "platform refresh names what it cannot refresh" {
	printf 'platforms:\n  lab:\n    definition: %s\n' "$GADI" >"$CFG"
	run -0 --separate-stderr "$QXUB" platform refresh
	assert_output "no platform's definition is a URL"
	run -3 --separate-stderr "$QXUB" platform refresh lab
	assert_equal "$stderr" "qxub: platform 'lab' has no definition URL to refresh"
	run -2 --separate-stderr "$QXUB" platform refresh lab extra
	assert_equal "${stderr_lines[0]}" "qxub: unexpected argument 'extra'"
}

@test "an expired copy and the server down: the stale copy, with one warning" {
	url_config "$web_URL/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	age_cache $((3 * 86400))
	httpd_stop web
	PATH="$QXUB_TESTS/pbs-sim:$PATH" run -0 --separate-stderr "$QXUB" exec --platform gadi --dry-run --cpus 4 -- true
	assert_line --index 1 --regexp '^Queue normalsl of platform nci_gadi: '
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^qxub: warning: cannot refresh $web_URL/gadi\\.yaml: Failed to connect to 127\\.0\\.0\\.1 port [0-9]+ .*; using the copy fetched [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\$"
	# refresh says so, and fails.
	run -3 --separate-stderr "$QXUB" platform refresh gadi
	assert_output --regexp "^gadi: kept the copy of $web_URL/gadi\\.yaml fetched [0-9-]+ [0-9:]+ \\([0-9]+ bytes\\)$"
	assert_regex "$stderr" "^qxub: warning: cannot refresh "
}

@test "nothing cached and the server down: one error naming the URL and why; nothing submitted" {
	url_config "$web_URL/gadi.yaml"
	httpd_stop web
	PATH="$QXUB_TESTS/pbs-sim:$PATH" run -3 --separate-stderr "$QXUB" exec --platform gadi -- true
	assert_regex "$stderr" "^qxub: $CFG:3:17: definition: cannot fetch $web_URL/gadi\\.yaml: Failed to connect to 127\\.0\\.0\\.1 port [0-9]+ after [0-9]+ ms: Couldn't connect to server\$"
	assert_equal "$output" ""
	assert_equal "$(job_count)" 0
	assert [ ! -e "$PBS_SIM_DIR/calls.log" ]
	assert_equal "$(cached yaml)" ""
}

@test "a missing file on the server (404) is an error, and nothing is cached" {
	url_config "$web_URL/nope.yaml"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" "qxub: $CFG:3:17: definition: cannot fetch $web_URL/nope.yaml: the server answered HTTP/1.1 404 Not Found"
	assert_equal "$(find "$XDG_CACHE_HOME" -type f | wc -l)" 0
}

@test "a body over platform_fetch.max_size is refused, with or without Content-Length" {
	for path in gadi.yaml chunked/gadi.yaml; do
		url_config "$web_URL/$path" 'platform_fetch:' '  max_size: 4KB'
		run -3 --separate-stderr "$QXUB" platform info gadi
		assert_equal "$stderr" "qxub: $CFG:3:17: definition: cannot fetch $web_URL/$path: the body is larger than 4096 bytes"
	done
	assert_equal "$(answered /chunked/gadi.yaml 200)" 1
	assert_equal "$(find "$XDG_CACHE_HOME" -type f | wc -l)" 0
	url_config "$web_URL/gadi.yaml" 'platform_fetch:' '  max_size: 16KB'
	run -0 "$QXUB" platform info gadi
}

@test "a server that does not answer within platform_fetch.timeout is given up" {
	url_config "$web_URL/slow/30/gadi.yaml" 'platform_fetch:' '  timeout: 1s'
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "^qxub: $CFG:3:17: definition: cannot fetch $web_URL/slow/30/gadi\\.yaml: Operation timed out after [0-9]+ milliseconds with 0 bytes received\$"
}

@test "HTTPS: verified against platform_fetch.ca_bundle; an untrusted certificate is refused" {
	httpd_start secure tls
	cp "$GADI" "$secure_DOCS/gadi.yaml"
	url_config "$secure_URL/gadi.yaml"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "^qxub: $CFG:3:17: definition: cannot fetch $secure_URL/gadi\\.yaml: SSL certificate problem: "
	assert_equal "$(find "$XDG_CACHE_HOME" -type f | wc -l)" 0
	url_config "$secure_URL/gadi.yaml" 'platform_fetch:' "  ca_bundle: $TLS_DIR/ca.pem"
	run -0 --separate-stderr "$QXUB" platform select-queue gadi --gpus 1
	assert_line 'queue: gpuvolta'
	assert_equal "$stderr" ""
	cmp "$(cached yaml)" "$GADI"
	# A name the certificate does not cover is refused too.
	url_config "https://localhost.localdomain.invalid:1/gadi.yaml" 'platform_fetch:' "  ca_bundle: $TLS_DIR/ca.pem"
	run -3 "$QXUB" platform info gadi
}

@test "a corrupt cached copy is fetched again, without validators" {
	url_config "$web_URL/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	# Cut short (a full disk), then garbage of the right size.
	head -c 100 "$GADI" >"$(cached yaml)"
	run -0 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" ""
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 2
	cmp "$(cached yaml)" "$GADI"
	python3 -c 'import sys; n = len(open(sys.argv[1], "rb").read()); open(sys.argv[1], "w").write("queues: {a: 1}\n" + "#" * (n - 16) + "\n")' "$(cached yaml)"
	run -0 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 3
	cmp "$(cached yaml)" "$GADI"
	printf '{not json' >"$(cached meta)"
	run -0 "$QXUB" platform info gadi
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 4
	# A FIFO in the body's place is not waited on.
	body=$(cached yaml)
	rm "$body" && mkfifo "$body"
	run -0 --separate-stderr timeout 10 "$QXUB" platform info gadi
	assert_equal "$stderr" ""
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 5
	cmp "$body" "$GADI"
	# Metadata whose time or size is not a number is not the metadata.
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); m["fetched"] = "yesterday"; json.dump(m, open(sys.argv[1], "w"))' "$(cached meta)"
	run -0 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 6
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); m["size"] = "lots"; json.dump(m, open(sys.argv[1], "w"))' "$(cached meta)"
	run -0 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$(grep -c '^GET /gadi.yaml 200 inm=- ims=-$' "$web_LOG")" 7
}

@test "a body that is not a platform file: an error at its line, or the old copy with a warning" {
	printf 'platform:\n  name: broken\n  type: pbs_pro\n  queues:\n    normal: {}\n' >"$web_DOCS/broken.yaml"
	url_config "$web_URL/broken.yaml"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "^qxub: $CFG:3:17: definition: $web_URL/broken\\.yaml:5:5: "
	assert_equal "$(find "$XDG_CACHE_HOME" -type f | wc -l)" 0
	# A good copy, then the site breaks it.
	url_config "$web_URL/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	cp "$web_DOCS/broken.yaml" "$web_DOCS/gadi.yaml"
	run -3 --separate-stderr "$QXUB" platform refresh gadi
	assert_regex "$stderr" "^qxub: warning: cannot refresh the platform definition: $web_URL/gadi\\.yaml:5:5: .*; using the copy fetched "
	cmp "$(cached yaml)" "$GADI"
}

@test "redirects are followed up to five, and never to a local file" {
	url_config "$web_URL/redirect/3/gadi.yaml"
	run -0 "$QXUB" platform info gadi
	assert_equal "$(answered /gadi.yaml 200)" 1
	url_config "$web_URL/redirect/9/gadi.yaml"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" "qxub: $CFG:3:17: definition: cannot fetch $web_URL/redirect/9/gadi.yaml: more than 5 redirects"
	url_config "$web_URL/to-file/x"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "cannot fetch $web_URL/to-file/x: .*\"file\""
}

@test "other schemes and bad platform_fetch settings are refused at their line" {
	url_config "ftp://example.org/gadi.yaml"
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" "qxub: $CFG:3:17: definition: 'ftp' URLs are not read (http, https or file)"
	url_config "$web_URL/gadi.yaml" 'platform_fetch:' '  ttl: soon'
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "^qxub: $CFG:5:8: platform_fetch\\.ttl: "
	url_config "$web_URL/gadi.yaml" 'platform_fetch:' '  max_size: 0'
	run -3 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" "qxub: $CFG:5:13: platform_fetch.max_size: '0' is not a whole, non-zero number of bytes"
	assert_equal "$(wc -l <"$web_LOG")" 0
}

@test "ten first fetches at once leave one whole copy and no temporary files" {
	url_config "$web_URL/gadi.yaml"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$QXUB" platform select-queue gadi --cpus 4 >"out.$i" 2>&1 &
	done
	for i in 1 2 3 4 5 6 7 8 9 10; do
		wait -n || fail "a qxub failed: $(cat out.*)"
	done
	assert_equal "$(grep -l 'queue: normalsl' out.* | wc -l)" 10
	assert_equal "$(find "$CACHE" -type f | wc -l)" 2
	cmp "$(cached yaml)" "$GADI"
}

@test "no helper: one error naming it" {
	url_config "$web_URL/gadi.yaml"
	QXUB_FETCH=$BATS_TEST_TMPDIR/no-such-helper run -3 --separate-stderr "$QXUB" platform info gadi
	assert_regex "$stderr" "^qxub: $CFG:3:17: definition: cannot fetch $web_URL/gadi\\.yaml: .*no-such-helper.*No such file or directory"
}

@test "an uninstalled qxub runs the qxub-fetch beside it; a copy without one, the installed one" {
	[ -x "$(dirname "$QXUB")/qxub-fetch" ] || skip "no qxub-fetch beside $QXUB (an installed qxub)"
	url_config "$web_URL/gadi.yaml"
	unset QXUB_FETCH
	run -0 --separate-stderr "$QXUB" platform info gadi
	assert_equal "$stderr" ""
	assert_equal "$(answered /gadi.yaml 200)" 1
	# A copy with a helper of its own beside it runs that one.
	mkdir bin
	cp "$QXUB" bin/qxub
	printf '#!/bin/sh\necho "beside: $*" >&2\nexit 1\n' >bin/qxub-fetch
	chmod +x bin/qxub-fetch
	url_config "$web_URL/other.yaml"
	run -3 --separate-stderr bin/qxub platform info gadi
	assert_regex "$stderr" "definition: cannot fetch $web_URL/other\\.yaml: beside: .*-- $web_URL/other\\.yaml\$"
	# Without one, the installed path, named in the error when missing.
	rm bin/qxub-fetch
	run -3 --separate-stderr bin/qxub platform info gadi
	assert_regex "$stderr" "definition: cannot fetch $web_URL/other\\.yaml: .*/qxub-fetch"
	refute_regex "$stderr" "$BATS_TEST_TMPDIR/bin/qxub-fetch"
}
