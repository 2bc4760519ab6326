/*
 * Replacements for the BSD functions glibc lacks.  configure decides which
 * of the files in compat/ are built (AC_REPLACE_FUNCS).
 */
#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

#ifndef HAVE_STRTONUM
/* Converts s to an integer in [minval, maxval]; sets *errstr on failure. */
long long	strtonum(const char *s, long long minval, long long maxval,
		    const char **errstr);
#endif

#ifndef HAVE_STRLCPY
/* Copies src into dst of size dsize, always NUL-terminating; returns strlen(src). */
size_t		strlcpy(char *dst, const char *src, size_t dsize);
#endif

#endif /* COMPAT_H */
