/* Allocation that never returns NULL: a failure ends the program. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

/* Allocates size bytes (size must not be 0). */
void	*xmalloc(size_t size);
/* Allocates nmemb zeroed elements of size bytes each. */
void	*xcalloc(size_t nmemb, size_t size);
/* Resizes ptr to nmemb elements of size bytes, checking for overflow. */
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
/* Duplicates a string. */
char	*xstrdup(const char *s);
/* Duplicates at most n bytes of s, NUL-terminated. */
char	*xstrndup(const char *s, size_t n);
/* Formats into a newly allocated string stored in *ret; returns its length. */
int	 xasprintf(char **ret, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 2, 3)));

#endif /* XMALLOC_H */
