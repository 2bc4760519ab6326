/*
 * qxub-fetch: downloads one platform definition for qxub, which keeps the
 * cache.  qxub itself never links libcurl (it would start five times
 * slower); it runs this helper only on a cache miss or a refresh.
 *
 *   qxub-fetch [--etag E] [--since DATE] [--timeout SECS] [--max-size N]
 *              [--max-redirs N] [--ca-bundle FILE] URL
 *
 * The body goes to stdout.  On success stderr says what came back, one
 * "key: value" a line (status, etag, last-modified, url) and the exit
 * code is 0; 304 Not Modified has an empty body.  On failure stderr is
 * one line saying why, and the exit code is 1 (2 for bad usage).
 */
#include "autoconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

/* What the transfer saw. */
struct fetch_state {
	size_t		 size;		/* body bytes so far */
	size_t		 max_size;
	int		 too_big;
	int		 out_failed;
	char		 status[128];	/* the last status line */
	char		 etag[512];
	char		 last_modified[128];
};

static void
fetch_usage(void)
{
	fputs("usage: qxub-fetch [--etag E] [--since DATE] [--timeout SECS] "
	    "[--max-size BYTES]\n                  [--max-redirs N] "
	    "[--ca-bundle FILE] URL\n", stderr);
	exit(2);
}

/* Writes the body to stdout, stopping at the size cap. */
static size_t
fetch_body(char *data, size_t size, size_t n, void *arg)
{
	struct fetch_state	*st = arg;
	size_t			 len = size * n, off = 0;
	ssize_t			 w;

	if (st->size + len > st->max_size) {
		st->too_big = 1;
		return 0;
	}
	st->size += len;
	while (off < len) {
		if ((w = write(STDOUT_FILENO, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			st->out_failed = errno;
			return 0;
		}
		off += w;
	}
	return len;
}

/* Copies a header's value, without the line end, into dst. */
static void
fetch_header_value(char *dst, size_t dstlen, const char *v, size_t len)
{
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' '))
		len--;
	if (len >= dstlen)
		len = dstlen - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

/* Keeps the status line and the validators of the last response. */
static size_t
fetch_header(char *data, size_t size, size_t n, void *arg)
{
	struct fetch_state	*st = arg;
	size_t			 len = size * n;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new response (after a redirect): forget the last one. */
		fetch_header_value(st->status, sizeof st->status, data, len);
		st->etag[0] = st->last_modified[0] = '\0';
	} else if (len > 5 && strncasecmp(data, "ETag:", 5) == 0)
		fetch_header_value(st->etag, sizeof st->etag, data + 5,
		    len - 5);
	else if (len > 14 && strncasecmp(data, "Last-Modified:", 14) == 0)
		fetch_header_value(st->last_modified,
		    sizeof st->last_modified, data + 14, len - 14);
	return len;
}

/* A positive number option's value, or exit 2. */
static long
fetch_number(const char *option, const char *value)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || n < 0) {
		fprintf(stderr, "bad %s value '%s'\n", option, value);
		exit(2);
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct fetch_state	 st;
	struct curl_slist	*headers = NULL;
	char			 errbuf[CURL_ERROR_SIZE], line[640];
	const char		*url = NULL, *etag = NULL, *since = NULL;
	const char		*ca = NULL;
	char			*effective = NULL;
	long			 timeout = 30, redirs = 5, code = 0;
	long			 max_size = 1024 * 1024;
	CURL			*c;
	CURLcode		 rc;
	int			 i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strcmp(argv[i], "--") == 0) {
			i += strcmp(argv[i], "--") == 0;
			break;
		}
		if (i + 1 >= argc)
			fetch_usage();
		if (strcmp(argv[i], "--etag") == 0)
			etag = argv[++i];
		else if (strcmp(argv[i], "--since") == 0)
			since = argv[++i];
		else if (strcmp(argv[i], "--ca-bundle") == 0)
			ca = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0)
			timeout = fetch_number(argv[i], argv[i + 1]), i++;
		else if (strcmp(argv[i], "--max-size") == 0)
			max_size = fetch_number(argv[i], argv[i + 1]), i++;
		else if (strcmp(argv[i], "--max-redirs") == 0)
			redirs = fetch_number(argv[i], argv[i + 1]), i++;
		else
			fetch_usage();
	}
	if (i != argc - 1)
		fetch_usage();
	url = argv[i];

	memset(&st, 0, sizeof st);
	st.max_size = (size_t)max_size;
	errbuf[0] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (c = curl_easy_init()) == NULL) {
		fputs("cannot start libcurl\n", stderr);
		return 1;
	}
	if (etag != NULL && *etag != '\0') {
		snprintf(line, sizeof line, "If-None-Match: %s", etag);
		headers = curl_slist_append(headers, line);
	}
	if (since != NULL && *since != '\0') {
		snprintf(line, sizeof line, "If-Modified-Since: %s", since);
		headers = curl_slist_append(headers, line);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	/* Only the web and local files; a redirect may not leave the web. */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP |
	    CURLPROTO_HTTPS | CURLPROTO_FILE));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP |
	    CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, redirs);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout :
	    10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_size);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "qxub-fetch/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, fetch_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &st);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
	if (st.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		fprintf(stderr, "the body is larger than %ld bytes\n",
		    max_size);
	else if (st.out_failed != 0)
		fprintf(stderr, "cannot write the body: %s\n",
		    strerror(st.out_failed));
	else if (rc == CURLE_HTTP_RETURNED_ERROR)
		fprintf(stderr, "the server answered %s\n", st.status[0] !=
		    '\0' ? st.status : errbuf);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		fprintf(stderr, "more than %ld redirects\n", redirs);
	else if (rc != CURLE_OK)
		fprintf(stderr, "%s\n", errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(rc));
	else {
		fprintf(stderr, "status: %ld\n", code);
		if (st.etag[0] != '\0')
			fprintf(stderr, "etag: %s\n", st.etag);
		if (st.last_modified[0] != '\0')
			fprintf(stderr, "last-modified: %s\n",
			    st.last_modified);
		if (effective != NULL)
			fprintf(stderr, "url: %s\n", effective);
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return rc == CURLE_OK && !st.too_big ? 0 : 1;
}
