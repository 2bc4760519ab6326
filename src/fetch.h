/*
 * Platform definitions named by URL: a per-user cache under
 * $XDG_CACHE_HOME/qxub/platforms, and the qxub-fetch helper (the only
 * program that links libcurl) run on a miss, when the copy is older than
 * the configured time to live, or when asked to refresh.
 */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;

/* What fetch_url may do. */
enum fetch_mode {
	FETCH_USUAL,		/* the cache while young, else the server */
	FETCH_FORCE,		/* the server, whatever the cache holds */
	FETCH_OFFLINE,		/* the cache, however old; never the server */
};

/* How the text came. */
enum fetch_how {
	FETCH_CACHED,		/* the cache, young enough: nothing asked */
	FETCH_NEW,		/* downloaded (and cached) */
	FETCH_UNCHANGED,	/* the server said the cached copy is current */
	FETCH_STALE,		/* the server failed; the old copy, warned of */
};

/*
 * Takes a body, as the URL's text: parses and keeps it, or returns -1
 * with *cause ("NAME:LINE:COL: ...") when it is not a definition.
 */
typedef int (*fetch_accept_fn)(const char *text, size_t len,
    const char *name, void *arg, char **cause);

struct fetch_result {
	enum fetch_how	 how;
	time_t		 fetched;	/* when the server last gave it */
	size_t		 size;		/* bytes */
	char		*path;		/* the cache file (heap) */
};

/* Whether s is a URL: a scheme and "://". */
int	fetch_is_url(const char *s);
/*
 * Gives accept the definition at url (http or https): the cached copy
 * while it is younger than platform_fetch.ttl (FETCH_USUAL); else the
 * server's answer, asked with the cached copy's validators.  A server
 * that fails, or sends what accept refuses, leaves the cached copy in use
 * with one warning.  -1 with *cause when there is no usable copy
 * ("cannot fetch URL: why"), -2 with *cause ("FILE:LINE:COL: ...") for a
 * bad platform_fetch setting.
 */
int	fetch_url(const struct config *cfg, const char *url, enum fetch_mode mode,
	    fetch_accept_fn accept, void *arg, struct fetch_result *res,
	    char **cause);
void	fetch_result_free(struct fetch_result *res);

#endif /* FETCH_H */
