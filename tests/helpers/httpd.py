#!/usr/bin/env python3
"""A real HTTP/1.1 server (HTTPS with --cert/--key) on loopback for the
platform-definition tests.  It serves the files of DOCROOT with a strong
ETag and Last-Modified, answers If-None-Match / If-Modified-Since with 304,
and logs one line a request to LOG: "METHOD PATH STATUS inm=... ims=...".

Paths with a special first part:
  /slow/SECS/FILE      waits SECS seconds before answering
  /redirect/N/FILE     N redirects (302) before FILE
  /chunked/FILE        FILE without Content-Length (chunked)
  /to-file/...         a redirect to file:///etc/passwd

usage: httpd.py DOCROOT PORTFILE LOG [--cert FILE --key FILE]
The chosen port is written to PORTFILE once the server listens.
"""
import email.utils
import hashlib
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOCROOT, PORTFILE, LOG = sys.argv[1:4]
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, status):
        inm = self.headers.get("If-None-Match", "-")
        ims = self.headers.get("If-Modified-Since", "-")
        with LOCK, open(LOG, "a") as f:
            f.write(f"{self.command} {self.path} {status} inm={inm} ims={ims}\n")

    def answer(self, status, body=b"", headers=(), chunked=False):
        self.record(status)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD" or status == 304:
            return
        if chunked:
            for i in range(0, len(body), 4096):
                part = body[i:i + 4096]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def do_GET(self):
        parts = self.path.lstrip("/").split("/")
        chunked = False
        if parts[0] == "slow" and len(parts) > 2:
            time.sleep(float(parts[1]))
            parts = parts[2:]
        elif parts[0] == "redirect" and len(parts) > 2:
            n = int(parts[1])
            rest = "/".join(parts[2:])
            to = f"/redirect/{n - 1}/{rest}" if n > 1 else f"/{rest}"
            return self.answer(302, headers=[("Location", to)])
        elif parts[0] == "to-file":
            return self.answer(302, headers=[("Location", "file:///etc/passwd")])
        elif parts[0] == "chunked":
            chunked = True
            parts = parts[1:]
        path = os.path.join(DOCROOT, *parts)
        if not os.path.isfile(path):
            return self.answer(404, b"not found\n")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:20]
        mtime = os.stat(path).st_mtime
        lastmod = email.utils.formatdate(mtime, usegmt=True)
        headers = [("ETag", etag), ("Last-Modified", lastmod),
                   ("Content-Type", "application/yaml")]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if inm == etag:
                return self.answer(304, headers=headers)
        elif ims is not None:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
            if int(mtime) <= since:
                return self.answer(304, headers=headers)
        self.answer(200, body, headers, chunked)

    do_HEAD = do_GET


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # A client that gives up (a timeout, a size cap) is not news.
    server.handle_error = lambda request, address: None
    if "--cert" in sys.argv:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[sys.argv.index("--cert") + 1],
                            sys.argv[sys.argv.index("--key") + 1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, PORTFILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
