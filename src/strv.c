/* Vectors of strings, always NULL-terminated so they can serve as argv. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "strv.h"
#include "xmalloc.h"

static void
strv_append(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap == 0 ? 8 : sv->cap * 2;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_push(struct strv *sv, const char *s)
{
	strv_append(sv, xstrdup(s));
}

void
strv_pushf(struct strv *sv, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatalx("strv_pushf: out of memory");
	va_end(ap);
	strv_append(sv, s);
}

void
strv_pushv(struct strv *sv, char *const *argv)
{
	for (; *argv != NULL; argv++)
		strv_push(sv, *argv);
}

char **
strv_argv(struct strv *sv)
{
	static char	*empty[1];

	return sv->v != NULL ? sv->v : empty;
}

void
strv_clear(struct strv *sv)
{
	size_t	i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

uint64_t
strv_hash(const struct strv *sv)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	const char	*s;
	size_t		 i;

	/* Each word's NUL too: ("ab", "c") and ("a", "bc") differ. */
	for (i = 0; i < sv->n; i++) {
		s = sv->v[i];
		do {
			h ^= (unsigned char)*s;
			h *= 0x100000001b3ULL;
		} while (*s++ != '\0');
	}
	return h;
}
