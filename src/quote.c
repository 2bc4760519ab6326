/* Single-quote quoting for POSIX shells. */
#include "autoconf.h"

#include <string.h>

#include "buf.h"
#include "quote.h"

void
sh_quote(struct buf *b, const char *s)
{
	buf_addch(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_addstr(b, "'\\''");
		else
			buf_addch(b, *s);
	}
	buf_addch(b, '\'');
}

/* Quotes each word with quote() and joins them with spaces. */
static void
quote_argv(struct buf *b, char *const *argv,
    void (*quote)(struct buf *, const char *))
{
	for (; *argv != NULL; argv++) {
		quote(b, *argv);
		if (argv[1] != NULL)
			buf_addch(b, ' ');
	}
}

void
sh_quote_argv(struct buf *b, char *const *argv)
{
	quote_argv(b, argv, sh_quote);
}

/* Characters that no shell treats specially anywhere in a word. */
static int
quote_is_safe(const char *s)
{
	static const char	safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+,-./:=@_^";

	if (*s == '\0')
		return 0;
	return s[strspn(s, safe)] == '\0';
}

void
sh_quote_pretty(struct buf *b, const char *s)
{
	if (quote_is_safe(s))
		buf_addstr(b, s);
	else
		sh_quote(b, s);
}

void
sh_quote_argv_pretty(struct buf *b, char *const *argv)
{
	quote_argv(b, argv, sh_quote_pretty);
}
