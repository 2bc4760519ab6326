/*
 * Quoting round trip: the input's NUL-separated words, quoted by
 * sh_quote_argv() and by sh_quote_argv_pretty(), are read back by /bin/sh
 * (printf '%s\0' WORDS) and must come back byte for byte.
 */
#include "autoconf.h"

#include <stdio.h>

#include "buf.h"
#include "fuzz.h"
#include "quote.h"
#include "spawn.h"
#include "strv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strv	 words = STRV_INIT;
	struct buf	 script = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	char		*s, *argv[4], *cause = NULL;
	size_t		 i, len;

	/* Far below ARG_MAX even when every byte is a quote. */
	if (size > 16384)
		return 0;
	s = fuzz_string(data, size);
	for (i = 0; i <= size; i += len + 1) {
		len = strlen(s + i);
		strv_push(&words, s + i);
		buf_add(&want, s + i, len);
		buf_addch(&want, '\0');
	}
	len = want.len;
	buf_grow(&want, len);
	memcpy(want.data + len, want.data, len);
	want.len += len;
	want.data[want.len] = '\0';
	buf_addstr(&script, "printf '%s\\0' ");
	sh_quote_argv(&script, words.v);
	buf_addstr(&script, "; printf '%s\\0' ");
	sh_quote_argv_pretty(&script, words.v);
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = script.data;
	argv[3] = NULL;
	if (spawn_capture(argv, &out, NULL, &cause) != 0 ||
	    out.len != want.len || memcmp(out.data, want.data, out.len) != 0) {
		fprintf(stderr, "sh reads back %zu bytes, not %zu (%s): %s\n",
		    out.len, want.len, cause != NULL ? cause : "ran",
		    script.data);
		abort();
	}
	strv_clear(&words);
	buf_release(&script);
	buf_release(&out);
	buf_release(&want);
	free(s);
	return 0;
}
