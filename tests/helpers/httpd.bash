# Real HTTP and HTTPS servers on loopback (tests/helpers/httpd.py), started
# by a test and stopped by pid, and a test CA made with openssl.

# Makes a CA and a certificate for 127.0.0.1 signed by it, once per file:
# sets TLS_DIR (ca.pem, server.pem, server.key).
tls_make_ca() {
	command -v openssl >/dev/null ||
		fail "openssl is not installed (apt-get install openssl)"
	TLS_DIR=$BATS_FILE_TMPDIR/tls
	[ -f "$TLS_DIR/server.pem" ] && return 0
	mkdir -p "$TLS_DIR"
	(
		cd "$TLS_DIR" &&
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -subj /CN=qxub-test-ca -keyout ca.key -out ca.pem &&
		openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
		    -keyout server.key -out server.csr &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
		    -CAcreateserial -days 2 -extfile san.ext -out server.pem
	) >"$BATS_FILE_TMPDIR/openssl.log" 2>&1 ||
		fail "openssl could not make the test CA: $(cat "$BATS_FILE_TMPDIR/openssl.log")"
}

# Starts a server on a free port: httpd_start NAME [tls].  Sets
# NAME_URL (http://127.0.0.1:PORT or https://...), NAME_PID, NAME_DOCS
# (the files it serves) and NAME_LOG (one line a request).
httpd_start() {
	local name=$1 tls=${2:-} dir pid scheme=http i
	dir=$BATS_TEST_TMPDIR/httpd-$name
	mkdir -p "$dir/docs"
	: >"$dir/log"
	local args=("$dir/docs" "$dir/port" "$dir/log")
	if [ "$tls" = tls ]; then
		tls_make_ca
		args+=(--cert "$TLS_DIR/server.pem" --key "$TLS_DIR/server.key")
		scheme=https
	fi
	python3 "$QXUB_TESTS/helpers/httpd.py" "${args[@]}" \
	    >"$dir/stderr" 2>&1 3>&- &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$dir/port" ] && break
		kill -0 "$pid" 2>/dev/null ||
			fail "the test HTTP server died: $(cat "$dir/stderr")"
		sleep 0.05
	done
	[ -s "$dir/port" ] || fail "the test HTTP server did not start"
	printf -v "${name}_URL" '%s://127.0.0.1:%s' "$scheme" "$(cat "$dir/port")"
	printf -v "${name}_PID" '%s' "$pid"
	printf -v "${name}_DOCS" '%s' "$dir/docs"
	printf -v "${name}_LOG" '%s' "$dir/log"
	HTTPD_PIDS="${HTTPD_PIDS:-} $pid"
}

# Stops a server started by httpd_start NAME (or every one, with no NAME).
httpd_stop() {
	local var pid pids
	if [ $# -gt 0 ]; then
		var=${1}_PID
		pids=${!var}
	else
		pids=${HTTPD_PIDS:-}
	fi
	for pid in $pids; do
		kill "$pid" 2>/dev/null || continue
		wait "$pid" 2>/dev/null || true
	done
}
