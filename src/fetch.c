/* The cache of platform definitions fetched from URLs. */
#include "autoconf.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "fetch.h"
#include "file.h"
#include "log.h"
#include "resource.h"
#include "spawn.h"
#include "strv.h"
#include "xmalloc.h"
#include "yaml.h"

#ifndef QXUB_FETCH_PATH
#define QXUB_FETCH_PATH	"qxub-fetch"
#endif
#ifndef QXUB_BINDIR
#define QXUB_BINDIR	"/nonexistent"
#endif

/* How URLs are fetched and kept: the platform_fetch: settings. */
struct fetch_settings {
	uint64_t	 ttl;		/* seconds a copy is used unasked */
	uint64_t	 timeout;	/* seconds for one download */
	uint64_t	 max_size;	/* bytes */
	const char	*ca_bundle;	/* or NULL: the system's */
};

/* A cached copy: the body and what the server said of it. */
struct fetch_copy {
	char		*body_path, *meta_path;
	struct buf	 body;
	int		 usable;	/* read, whole, and accepted */
	time_t		 fetched;
	char		*etag, *last_modified;
};

int
fetch_is_url(const char *s)
{
	size_t	n;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-");
	return strncmp(s + n, "://", 3) == 0;
}

/* One platform_fetch setting, parsed by fn; -1 with *cause at its line. */
static int
fetch_setting(const struct config *cfg, const char *key, uint64_t *v,
    int (*fn)(const char *, uint64_t *, char **), char **cause)
{
	const struct ynode	*node;
	char			*path, *why = NULL, *where;

	xasprintf(&path, "platform_fetch.%s", key);
	node = config_get(cfg, path);
	if (node == NULL || node->type != YNODE_SCALAR) {
		free(path);
		return 0;
	}
	/* A time to live of 0: always ask the server. */
	if (strcmp(key, "ttl") == 0 && strcmp(node->scalar, "0") == 0)
		*v = 0;
	else if (fn(node->scalar, v, &why) == -1 || *v == 0) {
		where = ynode_where(node);
		xasprintf(cause, "%s: %s: %s", where, path, why != NULL ? why :
		    "must be more than 0");
		free(where);
		free(why);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static int
fetch_settings(const struct config *cfg, struct fetch_settings *fs,
    char **cause)
{
	fs->ttl = 24 * 3600;
	fs->timeout = 30;
	fs->max_size = 1024 * 1024;
	fs->ca_bundle = config_string(cfg, "platform_fetch.ca_bundle");
	if (fs->ca_bundle != NULL && *fs->ca_bundle == '\0')
		fs->ca_bundle = NULL;
	if (fetch_setting(cfg, "ttl", &fs->ttl, resource_parse_time,
	    cause) == -1 || fetch_setting(cfg, "timeout", &fs->timeout,
	    resource_parse_time, cause) == -1 || fetch_setting(cfg,
	    "max_size", &fs->max_size, resource_parse_size, cause) == -1)
		return -1;
	return 0;
}

/*
 * The cache directory, and the files of url in it: the URL made safe for
 * a file name (cut at 100 bytes) and a hash of the whole URL.
 */
static char *
fetch_cache_dir(void)
{
	return file_xdg_home("XDG_CACHE_HOME", ".cache", "qxub/platforms");
}

static void
fetch_copy_paths(struct fetch_copy *c, const char *dir, const char *url)
{
	struct strv	 words = STRV_INIT;
	char		 safe[101];
	size_t		 i;

	for (i = 0; url[i] != '\0' && i < sizeof safe - 1; i++)
		safe[i] = isalnum((unsigned char)url[i]) || url[i] == '.' ||
		    url[i] == '-' ? url[i] : '_';
	safe[i] = '\0';
	strv_push(&words, url);
	xasprintf(&c->body_path, "%s/%s_%016llx.yaml", dir, safe,
	    (unsigned long long)strv_hash(&words));
	xasprintf(&c->meta_path, "%s/%s_%016llx.meta", dir, safe,
	    (unsigned long long)strv_hash(&words));
	strv_clear(&words);
}

static void
fetch_copy_free(struct fetch_copy *c)
{
	free(c->body_path);
	free(c->meta_path);
	buf_release(&c->body);
	free(c->etag);
	free(c->last_modified);
}

/* A scalar of the metadata, or NULL. */
static const char *
fetch_meta_string(const struct ynode *meta, const char *key)
{
	const struct ynode	*v = ynode_get(meta, key);

	return v != NULL && v->type == YNODE_SCALAR ? v->scalar : NULL;
}

/*
 * Reads the cached copy of url: usable only when its metadata names url
 * and its size, the body has that size, and accept takes it.
 */
static void
fetch_copy_read(struct fetch_copy *c, const char *url, fetch_accept_fn
    accept, void *arg)
{
	struct ynode	*meta;
	const char	*s;
	char		*why = NULL;
	long long	 size = -1, when = 0;

	if ((meta = yaml_load_file(c->meta_path, &why)) == NULL) {
		log_debug(2, "no cached copy of %s: %s", url, why);
		free(why);
		return;
	}
	s = fetch_meta_string(meta, "source");
	if (s == NULL || strcmp(s, url) != 0 ||
	    !ynode_int(ynode_get(meta, "size"), 0, LLONG_MAX, &size) ||
	    !ynode_int(ynode_get(meta, "fetched"), 0, LLONG_MAX, &when)) {
		log_debug(1, "%s: not the metadata of %s; fetching it again",
		    c->meta_path, url);
		ynode_free(meta);
		return;
	}
	c->fetched = (time_t)when;
	if ((s = fetch_meta_string(meta, "etag")) != NULL)
		c->etag = xstrdup(s);
	if ((s = fetch_meta_string(meta, "last_modified")) != NULL)
		c->last_modified = xstrdup(s);
	ynode_free(meta);
	/* No more than the size fetched, and never a FIFO left there. */
	if (file_read(c->body_path, (size_t)size, &c->body, &why) == -1 ||
	    c->body.len != (size_t)size) {
		log_debug(1, "%s: not the %lld bytes fetched from %s (%s); "
		    "fetching it again", c->body_path, size, url, why != NULL ?
		    why : "shorter");
		free(why);
		return;
	}
	if (accept(c->body.data, c->body.len, url, arg, &why) == -1) {
		log_debug(1, "the cached copy %s is bad (%s); fetching it "
		    "again", c->body_path, why);
		free(why);
		return;
	}
	c->usable = 1;
}

/* Writes the metadata of c (whose body is body_len bytes) atomically. */
static int
fetch_meta_write(const struct fetch_copy *c, const char *url, size_t
    body_len, char **cause)
{
	struct ynode	*meta = ynode_new(YNODE_MAP);
	struct buf	 b = BUF_INIT, n = BUF_INIT;
	int		 r;

	ynode_set(meta, "source", ynode_new_scalar(url, 0));
	buf_addf(&n, "%lld", (long long)c->fetched);
	ynode_set(meta, "fetched", ynode_new_scalar(n.data, 1));
	buf_reset(&n);
	buf_addf(&n, "%zu", body_len);
	ynode_set(meta, "size", ynode_new_scalar(n.data, 1));
	if (c->etag != NULL)
		ynode_set(meta, "etag", ynode_new_scalar(c->etag, 0));
	if (c->last_modified != NULL)
		ynode_set(meta, "last_modified",
		    ynode_new_scalar(c->last_modified, 0));
	yaml_emit_json(&b, meta);
	r = file_replace(c->meta_path, b.data, b.len, 0600, NULL, cause);
	buf_release(&b);
	buf_release(&n);
	ynode_free(meta);
	return r;
}

/* The new body goes in first: metadata naming its size makes it valid. */
static void
fetch_copy_write(struct fetch_copy *c, const char *dir, const char *url,
    const struct buf *body)
{
	char	*why = NULL;

	if (file_mkdirs(dir, 0700, &why) == -1 ||
	    file_replace(c->body_path, body->data, body->len, 0600, NULL,
	    &why) == -1 || fetch_meta_write(c, url, body->len, &why) == -1) {
		log_warn("%s; %s is not cached", why, url);
		free(why);
	}
}

/*
 * The helper: $QXUB_FETCH, else the qxub-fetch beside a qxub that is not
 * the installed one (a build tree's, which has its helper there and may
 * have none installed), else the installed one.
 */
static char *
fetch_helper(void)
{
	const char	*env = getenv("QXUB_FETCH");
	char		*self, *dir, *bindir, *path = NULL;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if ((self = realpath("/proc/self/exe", NULL)) == NULL)
		return xstrdup(QXUB_FETCH_PATH);
	dir = dirname(self);
	bindir = realpath(QXUB_BINDIR, NULL);
	if (bindir == NULL || strcmp(dir, bindir) != 0) {
		xasprintf(&path, "%s/qxub-fetch", dir);
		if (access(path, X_OK) == -1) {
			free(path);
			path = NULL;
		}
	}
	free(bindir);
	free(self);
	return path != NULL ? path : xstrdup(QXUB_FETCH_PATH);
}

/* The helper's argv for url, with c's validators when c is usable. */
static char **
fetch_argv(struct strv *argv, const struct fetch_settings *fs,
    const struct fetch_copy *c, const char *url)
{
	char	*helper = fetch_helper();

	strv_push(argv, helper);
	free(helper);
	if (c->usable && c->etag != NULL) {
		strv_push(argv, "--etag");
		strv_push(argv, c->etag);
	}
	if (c->usable && c->last_modified != NULL) {
		strv_push(argv, "--since");
		strv_push(argv, c->last_modified);
	}
	strv_push(argv, "--timeout");
	strv_pushf(argv, "%llu", (unsigned long long)fs->timeout);
	strv_push(argv, "--max-size");
	strv_pushf(argv, "%llu", (unsigned long long)fs->max_size);
	if (fs->ca_bundle != NULL) {
		strv_push(argv, "--ca-bundle");
		strv_push(argv, fs->ca_bundle);
	}
	strv_push(argv, "--");
	strv_push(argv, url);
	return strv_argv(argv);
}

/* The value of "key: value" in the helper's report, or NULL (heap). */
static char *
fetch_report(const struct buf *report, const char *key)
{
	const char	*p = report->data, *end;
	size_t		 n = strlen(key);

	while (p != NULL && *p != '\0') {
		end = strchr(p, '\n');
		if (strncmp(p, key, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			return end != NULL ? xstrndup(p + n + 2, end - p - n -
			    2) : xstrdup(p + n + 2);
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

/*
 * Runs the helper for url.  1 when the server says c is current, 0 with
 * the body in body and c's validators replaced, -1 with *why.
 */
static int
fetch_download(const struct fetch_settings *fs, struct fetch_copy *c,
    const char *url, struct buf *body, char **why)
{
	struct strv	 argv = STRV_INIT;
	struct buf	 report = BUF_INIT;
	char		*status, *cause = NULL;
	int		 code, r = -1;

	code = spawn_capture(fetch_argv(&argv, fs, c, url), body, &report,
	    &cause);
	buf_addch(&report, '\0');
	if (code == -1)
		*why = cause;
	else if (code != 0) {
		report.data[strcspn(report.data, "\n")] = '\0';
		xasprintf(why, "%s", report.data[0] != '\0' ? report.data :
		    "qxub-fetch failed");
	} else {
		status = fetch_report(&report, "status");
		if (status != NULL && strcmp(status, "304") == 0) {
			if (c->usable)
				r = 1;
			else
				*why = xstrdup("the server answered 304 "
				    "Not Modified to a request without "
				    "validators");
		} else {
			free(c->etag);
			free(c->last_modified);
			c->etag = fetch_report(&report, "etag");
			c->last_modified = fetch_report(&report,
			    "last-modified");
			r = 0;
		}
		free(status);
	}
	strv_clear(&argv);
	buf_release(&report);
	return r;
}

/* When a copy was fetched, for messages. */
static void
fetch_when(char *s, size_t len, time_t t)
{
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(s, len, "at %lld", (long long)t);
}

int
fetch_url(const struct config *cfg, const char *url, enum fetch_mode mode,
    fetch_accept_fn accept, void *arg, struct fetch_result *res,
    char **cause)
{
	struct fetch_settings	 fs;
	struct fetch_copy	 c;
	struct buf		 body = BUF_INIT;
	char			*dir, *why = NULL, when[64];
	time_t			 now = time(NULL);
	int			 r;

	memset(res, 0, sizeof *res);
	if (fetch_settings(cfg, &fs, cause) == -1)
		return -2;
	memset(&c, 0, sizeof c);
	dir = fetch_cache_dir();
	fetch_copy_paths(&c, dir, url);
	fetch_copy_read(&c, url, accept, arg);
	if (c.usable && (mode == FETCH_OFFLINE || (mode == FETCH_USUAL &&
	    now >= c.fetched && (uint64_t)(now - c.fetched) < fs.ttl))) {
		log_debug(1, "platform definition %s: the copy fetched %lld s "
		    "ago", url, (long long)(now - c.fetched));
		res->how = FETCH_CACHED;
		goto done;
	}
	if (mode == FETCH_OFFLINE) {
		xasprintf(cause, "%s is not cached", url);
		fetch_copy_free(&c);
		free(dir);
		return -1;
	}
	log_debug(1, "platform definition %s: asking the server%s", url,
	    c.usable ? " whether the cached copy is current" : "");
	r = fetch_download(&fs, &c, url, &body, &why);
	if (r == 0 && accept(body.data, body.len, url, arg, &why) == 0) {
		c.fetched = now;
		fetch_copy_write(&c, dir, url, &body);
		res->how = FETCH_NEW;
		res->size = body.len;
		goto done_new;
	}
	if (r == 1) {
		c.fetched = now;
		if (fetch_meta_write(&c, url, c.body.len, &why) == -1) {
			log_warn("%s", why);
			free(why);
		}
		res->how = FETCH_UNCHANGED;
		goto done;
	}
	if (!c.usable) {
		/* A body accept refused already names the URL and line. */
		if (r == 0)
			*cause = why;
		else {
			xasprintf(cause, "cannot fetch %s: %s", url, why);
			free(why);
		}
		buf_release(&body);
		fetch_copy_free(&c);
		free(dir);
		return -1;
	}
	fetch_when(when, sizeof when, c.fetched);
	log_warn("cannot refresh %s: %s; using the copy fetched %s",
	    r == 0 ? "the platform definition" : url, why, when);
	free(why);
	res->how = FETCH_STALE;
done:
	res->size = c.body.len;
done_new:
	res->fetched = c.fetched;
	res->path = c.body_path;
	c.body_path = NULL;
	buf_release(&body);
	fetch_copy_free(&c);
	free(dir);
	return 0;
}

void
fetch_result_free(struct fetch_result *res)
{
	free(res->path);
	memset(res, 0, sizeof *res);
}
