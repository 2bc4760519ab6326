/* Unit tests for resource.c: sizes, times and resource lists. */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "resource.h"
#include "strv.h"
#include "tap.h"

/* Parses a size and formats it back, or returns "error". */
static char *
size(const char *s)
{
	struct buf	 b = BUF_INIT;
	uint64_t	 n;
	char		*cause = NULL;

	if (resource_parse_size(s, &n, &cause) == -1) {
		free(cause);
		return strdup("error");
	}
	resource_format_size(&b, n);
	return buf_detach(&b);
}

/* Normalizes a size as the PBS request will carry it. */
static char *
normal(const char *s)
{
	struct buf	 b = BUF_INIT;
	char		*cause = NULL;

	if (resource_normalize_size(&b, s, &cause) == -1) {
		free(cause);
		return strdup("error");
	}
	return buf_detach(&b);
}

/* Parses a time and formats it back, or returns "error". */
static char *
runtime(const char *s)
{
	struct buf	 b = BUF_INIT;
	uint64_t	 n;
	char		*cause = NULL;

	if (resource_parse_time(s, &n, &cause) == -1) {
		free(cause);
		return strdup("error");
	}
	resource_format_time(&b, n);
	return buf_detach(&b);
}

int
main(void)
{
	const char	*sizes[][2] = {
		{ "16GB", "16GB" }, { "16g", "16GB" }, { "16gb", "16GB" },
		{ "2048MB", "2GB" }, { "1.5GB", "1536MB" }, { "1024", "1GB" },
		{ "512", "512MB" }, { "4096k", "4MB" }, { "1T", "1TB" },
		{ "100b", "100B" }, { "0.5kb", "512B" }, { "1.25MB", "1280KB" },
		{ "0", "error" }, { "0.1b", "error" }, { "1.5.GB", "error" },
		{ "GB", "error" }, { "16 GB", "error" }, { "-1GB", "error" },
		{ "16XB", "error" }, { "", "error" }, { "1.", "error" },
	};
	const char	*times[][2] = {
		{ "2h30m", "2:30:00" }, { "90m", "1:30:00" }, { "90", "1:30:00" },
		{ "1:30:00", "1:30:00" }, { "1:30", "1:30:00" },
		{ "48:00:00", "48:00:00" }, { "45s", "0:00:45" },
		{ "1h", "1:00:00" }, { "1.5h", "1:30:00" }, { "1d", "24:00:00" },
		{ "2H30M15S", "2:30:15" }, { "0", "error" }, { "1:60", "error" },
		{ "1:30:60", "error" }, { "abc", "error" }, { "1x", "error" },
		{ "1:2:3:4", "error" }, { "", "error" }, { "h", "error" },
		{ "0.01s", "error" }, { "1: 5", "error" }, { "1:+5", "error" },
		{ "1:-0", "error" }, { " 1:05", "error" }, { "+1:05", "error" },
		{ "1:05: 7", "error" }, { "1:5", "1:05:00" }, { "1:", "error" },
		{ ":30", "error" }, { "1:30:", "error" }, { "1:030", "error" },
		{ "100000:00", "100000:00:00" }, { "100001:00", "error" },
	};
	const char	*normals[][2] = {
		{ "16g", "16GB" }, { "2048MB", "2048MB" }, { "1.5GB", "1536MB" },
		{ "1024", "1024MB" }, { "8gb", "8GB" }, { "10GB", "10GB" },
		{ "0.5kb", "512B" }, { "2t", "2TB" }, { "x", "error" },
	};
	struct strv	 list = STRV_INIT;
	char		*got, *cause = NULL, name[64];
	long long	 n;
	size_t		 i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		snprintf(name, sizeof name, "size '%s'", sizes[i][0]);
		is_str(got = size(sizes[i][0]), sizes[i][1], name);
		free(got);
	}
	for (i = 0; i < sizeof normals / sizeof normals[0]; i++) {
		snprintf(name, sizeof name, "normalized size '%s'",
		    normals[i][0]);
		is_str(got = normal(normals[i][0]), normals[i][1], name);
		free(got);
	}
	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		snprintf(name, sizeof name, "time '%s'", times[i][0]);
		is_str(got = runtime(times[i][0]), times[i][1], name);
		free(got);
	}
	ok(resource_parse_count("4", 100000, &n, &cause) == 0 && n == 4,
	    "count 4");
	ok(resource_parse_count("0", 100000, &n, &cause) == -1, "count 0");
	free(cause);
	cause = NULL;
	ok(resource_parse_count("4x", 100000, &n, &cause) == -1, "count 4x");
	free(cause);
	cause = NULL;

	ok(resource_add_raw(&list, "mem=4GB,ncpus=2", &cause) == 0 &&
	    list.n == 2, "a comma list adds each pair");
	ok(resource_add_raw(&list, "walltime=1:00:00", &cause) == 0 &&
	    list.n == 3, "another -l adds its pair");
	ok(resource_add_raw(&list, "ncpus=8", &cause) == 0 && list.n == 3 &&
	    strcmp(list.v[1], "ncpus=8") == 0, "a repeated key is replaced "
	    "in place");
	resource_set(&list, "mem", "16GB");
	is_str(list.v[0], "mem=16GB", "resource_set replaces in place");
	resource_set(&list, "jobfs", "10GB");
	is_str(list.v[3], "jobfs=10GB", "resource_set appends a new key");
	ok(resource_add_raw(&list, "select=1:ncpus=4:mem=8gb", &cause) == 0,
	    "select chunks pass");
	ok(resource_add_raw(&list, "mem", &cause) == -1, "no value");
	free(cause);
	cause = NULL;
	ok(resource_add_raw(&list, "=4", &cause) == -1, "no key");
	free(cause);
	cause = NULL;
	ok(resource_add_raw(&list, "mem=4GB,,ncpus=1", &cause) == -1,
	    "an empty pair");
	free(cause);
	cause = NULL;
	ok(resource_add_raw(&list, "mem=4 GB", &cause) == -1,
	    "white space in a value");
	free(cause);
	strv_clear(&list);
	return tap_done();
}
