/* Unit tests for quote.c: sh_quote must read back as the same bytes. */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "buf.h"
#include "quote.h"
#include "tap.h"

static char *
quoted(const char *s, int pretty)
{
	struct buf	b = BUF_INIT;

	if (pretty)
		sh_quote_pretty(&b, s);
	else
		sh_quote(&b, s);
	return buf_detach(&b);
}

/* Runs `sh -c "printf %s QUOTED"` and compares what comes back. */
static int
roundtrip(const char *s)
{
	struct buf	 cmd = BUF_INIT, inner = BUF_INIT, got = BUF_INIT;
	char		 chunk[512];
	size_t		 n;
	FILE		*p;
	int		 same;

	buf_addstr(&inner, "printf %s ");
	sh_quote(&inner, s);
	buf_addstr(&cmd, "sh -c ");
	sh_quote(&cmd, inner.data);
	if ((p = popen(cmd.data, "r")) == NULL)
		return 0;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&got, chunk, n);
	same = pclose(p) == 0 && got.len == strlen(s) &&
	    memcmp(got.data, s, got.len) == 0;
	buf_release(&cmd);
	buf_release(&inner);
	buf_release(&got);
	return same;
}

int
main(void)
{
	const char	*words[] = { "", "plain", "a b", "it's", "'", "''",
			    "$HOME", "`id`", "\\n", "a\nb", "*", "!x",
			    "\"q\"", "-n", "caf\xc3\xa9", "\xff\xfe", "%s",
			    "a'b'c", "\t", NULL };
	char		*q;
	char		*argv[] = { "a", "b c", "", NULL };
	struct buf	 b = BUF_INIT;
	size_t		 i;

	is_str(q = quoted("abc", 0), "'abc'", "plain word is quoted");
	free(q);
	is_str(q = quoted("it's", 0), "'it'\\''s'", "quote becomes '\\''");
	free(q);
	is_str(q = quoted("", 0), "''", "empty word is ''");
	free(q);
	is_str(q = quoted("/usr/bin/x-1.2", 1), "/usr/bin/x-1.2",
	    "pretty leaves safe words bare");
	free(q);
	is_str(q = quoted("a b", 1), "'a b'", "pretty quotes a space");
	free(q);
	is_str(q = quoted("", 1), "''", "pretty quotes the empty word");
	free(q);
	sh_quote_argv(&b, argv);
	is_str(b.data, "'a' 'b c' ''", "argv quoted and joined by spaces");
	buf_reset(&b);
	sh_quote_argv_pretty(&b, argv);
	is_str(b.data, "a 'b c' ''", "pretty argv");
	buf_release(&b);
	for (i = 0; words[i] != NULL; i++) {
		char	name[64];

		snprintf(name, sizeof name, "sh reads back word %zu", i);
		ok(roundtrip(words[i]), name);
	}
	return tap_done();
}
