/* A growable, NULL-terminated vector of heap strings (an argv). */
#ifndef STRV_H
#define STRV_H

#include <stddef.h>
#include <stdint.h>

struct strv {
	/* NULL until the first push, then NULL-terminated */
	char	**v;
	size_t	  n;
	size_t	  cap;
};

#define STRV_INIT	{ NULL, 0, 0 }

/* Appends a copy of s. */
void	 strv_push(struct strv *sv, const char *s);
/* Appends a formatted string. */
void	 strv_pushf(struct strv *sv, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
/* Appends copies of every string in the NULL-terminated argv. */
void	 strv_pushv(struct strv *sv, char *const *argv);
/* Returns a NULL-terminated array, valid until the next push or clear. */
char	**strv_argv(struct strv *sv);
/* Frees every string and the array. */
void	 strv_clear(struct strv *sv);
/* A 64-bit hash (FNV-1a) of the words, for naming files after them. */
uint64_t strv_hash(const struct strv *sv);

#endif /* STRV_H */
