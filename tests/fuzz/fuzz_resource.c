/*
 * Sizes, times, counts and raw resource lists.  A size or time that
 * parses must format as text that parses back to the same value.
 */
#include "autoconf.h"

#include <inttypes.h>
#include <stdio.h>

#include "buf.h"
#include "fuzz.h"
#include "resource.h"
#include "strv.h"

static void
size_round_trip(const char *s)
{
	struct buf	 b = BUF_INIT;
	uint64_t	 bytes, again;
	char		*cause;

	if (resource_parse_size(s, &bytes, &cause) != 0) {
		free(cause);
		return;
	}
	resource_format_size(&b, bytes);
	if (resource_parse_size(b.data, &again, &cause) != 0 ||
	    again != bytes) {
		fprintf(stderr, "size '%s' is %" PRIu64 " bytes, formatted "
		    "'%s'\n", s, bytes, b.data);
		abort();
	}
	buf_reset(&b);
	if (resource_normalize_size(&b, s, &cause) != 0 ||
	    resource_parse_size(b.data, &again, &cause) != 0 ||
	    again != bytes) {
		fprintf(stderr, "size '%s' normalizes to '%s'\n", s, b.data);
		abort();
	}
	buf_release(&b);
}

static void
time_round_trip(const char *s)
{
	struct buf	 b = BUF_INIT;
	uint64_t	 secs, again;
	char		*cause;

	if (resource_parse_time(s, &secs, &cause) != 0) {
		free(cause);
		return;
	}
	resource_format_time(&b, secs);
	if (resource_parse_time(b.data, &again, &cause) != 0 ||
	    again != secs) {
		fprintf(stderr, "time '%s' is %" PRIu64 " s, formatted "
		    "'%s'\n", s, secs, b.data);
		abort();
	}
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strv	 list = STRV_INIT;
	long long	 n;
	char		*s, *cause;

	s = fuzz_string(data, size);
	size_round_trip(s);
	time_round_trip(s);
	if (resource_parse_count(s, 100000, &n, &cause) != 0)
		free(cause);
	if (resource_add_raw(&list, s, &cause) != 0)
		free(cause);
	resource_set(&list, "ncpus", "1");
	strv_clear(&list);
	free(s);
	return 0;
}
