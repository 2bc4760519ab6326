/* Unit tests for watch_cut: output is only ever cut at line ends. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "watch.h"

int
main(void)
{
	char	*big;

	ok(watch_cut("abc", 3, 0) == 0, "a partial line is held back");
	ok(watch_cut("abc", 3, 1) == 3, "at the end it is written");
	ok(watch_cut("a\nb", 3, 0) == 2, "cut after the last newline");
	ok(watch_cut("a\nb\n", 4, 0) == 4, "complete lines all go");
	ok(watch_cut("", 0, 0) == 0, "nothing to write");
	ok(watch_cut("\0\n\xff", 3, 0) == 2, "binary bytes are not special");
	big = malloc(WATCH_LINE_MAX);
	memset(big, 'x', WATCH_LINE_MAX);
	ok(watch_cut(big, WATCH_LINE_MAX, 0) == WATCH_LINE_MAX,
	    "an endless line is written once it reaches the limit");
	ok(watch_cut(big, WATCH_LINE_MAX - 1, 0) == 0,
	    "a long line under the limit is held");
	free(big);
	return tap_done();
}
