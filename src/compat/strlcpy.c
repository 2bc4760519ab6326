/* strlcpy(3) for systems without it. */
#include "autoconf.h"

#include <string.h>

#include "compat.h"

size_t
strlcpy(char *dst, const char *src, size_t dsize)
{
	size_t	len;

	len = strlen(src);
	if (dsize != 0) {
		size_t n = len < dsize - 1 ? len : dsize - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
