/* strtonum(3) for systems without it: range-checked string to integer. */
#include "autoconf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "compat.h"

long long
strtonum(const char *s, long long minval, long long maxval,
    const char **errstr)
{
	long long	 v;
	char		*end;

	*errstr = NULL;
	if (minval > maxval) {
		errno = EINVAL;
		*errstr = "invalid";
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end != '\0') {
		errno = EINVAL;
		*errstr = "invalid";
		return 0;
	}
	if ((v == LLONG_MIN && errno == ERANGE) || v < minval) {
		errno = ERANGE;
		*errstr = "too small";
		return 0;
	}
	if ((v == LLONG_MAX && errno == ERANGE) || v > maxval) {
		errno = ERANGE;
		*errstr = "too large";
		return 0;
	}
	return v;
}
