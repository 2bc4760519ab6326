/* Sizes, times and resource lists. */
#include "autoconf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "compat.h"
#include "resource.h"
#include "strv.h"
#include "xmalloc.h"

/* A decimal number as integer / 10^scale, read from *s; -1 if none. */
static int
resource_decimal(const char **s, unsigned __int128 *num, uint64_t *scale)
{
	const char	*p = *s;
	int		 digits = 0, frac = 0;

	*num = 0;
	*scale = 1;
	for (; isdigit((unsigned char)*p) || (*p == '.' && !frac); p++) {
		if (*p == '.') {
			frac = 1;
			continue;
		}
		if (++digits > 18)
			return -1;
		*num = *num * 10 + (*p - '0');
		if (frac)
			*scale *= 10;
	}
	if (digits == 0 || p[-1] == '.')
		return -1;
	*s = p;
	return 0;
}

/* Size units, 1024-based; a bare number is megabytes. */
static const struct {
	const char	*name;
	uint64_t	 mult;
} resource_units[] = {
	{ "", 1ULL << 20 }, { "b", 1 },
	{ "k", 1ULL << 10 }, { "kb", 1ULL << 10 },
	{ "m", 1ULL << 20 }, { "mb", 1ULL << 20 },
	{ "g", 1ULL << 30 }, { "gb", 1ULL << 30 },
	{ "t", 1ULL << 40 }, { "tb", 1ULL << 40 },
};
#define RESOURCE_NUNITS	(sizeof resource_units / sizeof resource_units[0])

/* The multiplier of the unit s is written in (after its number), or 0. */
static uint64_t
resource_unit_of(const char *s)
{
	size_t	i;

	s += strspn(s, "0123456789.");
	for (i = 0; i < RESOURCE_NUNITS; i++) {
		if (strcasecmp(s, resource_units[i].name) == 0)
			return resource_units[i].mult;
	}
	return 0;
}

int
resource_parse_size(const char *s, uint64_t *bytes, char **cause)
{
	const char		*p = s;
	unsigned __int128	 num, total;
	uint64_t		 scale;
	size_t			 i;

	if (resource_decimal(&p, &num, &scale) == 0) {
		for (i = 0; i < RESOURCE_NUNITS; i++) {
			if (strcasecmp(p, resource_units[i].name) != 0)
				continue;
			total = num * resource_units[i].mult;
			if (total % scale != 0 || total == 0 ||
			    total / scale > UINT64_MAX / 2) {
				xasprintf(cause, "'%s' is not a whole, "
				    "non-zero number of bytes", s);
				return -1;
			}
			*bytes = total / scale;
			return 0;
		}
	}
	xasprintf(cause, "'%s' is not a size (like 16GB, 512m, 1.5GB, or a "
	    "number of megabytes)", s);
	return -1;
}

int
resource_normalize_size(struct buf *b, const char *s, char **cause)
{
	static const char	*unit[] = { "B", "KB", "MB", "GB", "TB" };
	uint64_t		 bytes, mult;
	int			 i;

	if (resource_parse_size(s, &bytes, cause) == -1)
		return -1;
	mult = resource_unit_of(s);
	if (bytes % mult != 0) {
		resource_format_size(b, bytes);
		return 0;
	}
	for (i = 0; (1ULL << (10 * i)) != mult; i++)
		;
	buf_addf(b, "%llu%s", (unsigned long long)(bytes / mult), unit[i]);
	return 0;
}

void
resource_format_size(struct buf *b, uint64_t bytes)
{
	static const char	*unit[] = { "B", "KB", "MB", "GB", "TB" };
	int			 i = 0;

	while (i < 4 && bytes % 1024 == 0) {
		bytes /= 1024;
		i++;
	}
	buf_addf(b, "%llu%s", (unsigned long long)bytes, unit[i]);
}

/*
 * One field of H:MM[:SS]: 1 to width digits and nothing else, since
 * sscanf or strtoull would also take a sign or leading blanks ("1: 5").
 */
static int
resource_clock_field(const char *s, size_t len, size_t width,
    unsigned long long max, unsigned long long *value)
{
	size_t	i;

	if (len == 0 || len > width)
		return -1;
	*value = 0;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*value = *value * 10 + (s[i] - '0');
	}
	return *value <= max ? 0 : -1;
}

/* H:MM[:SS] with minutes and seconds below 60. */
static int
resource_parse_clock(const char *s, uint64_t *seconds)
{
	unsigned long long	 f[3] = { 0, 0, 0 };
	static const size_t	 width[3] = { 6, 2, 2 };
	static const unsigned long long max[3] = { 100000, 59, 59 };
	const char		*end;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		end = s + strcspn(s, ":");
		if (resource_clock_field(s, end - s, width[i], max[i],
		    &f[i]) == -1)
			return -1;
		if (*end == '\0')
			break;
		s = end + 1;
	}
	if (i == 0 || i == 3)
		return -1;
	*seconds = f[0] * 3600 + f[1] * 60 + f[2];
	return 0;
}

int
resource_parse_time(const char *s, uint64_t *seconds, char **cause)
{
	const char		*p = s;
	unsigned __int128	 num, total = 0;
	uint64_t		 scale, mult;
	const char		*errstr;

	if (strchr(s, ':') != NULL) {
		if (resource_parse_clock(s, seconds) == 0 && *seconds > 0)
			return 0;
		goto bad;
	}
	/* A bare number is minutes, as in qxub 3.x. */
	if (s[0] != '\0' && s[strspn(s, "0123456789")] == '\0') {
		*seconds = 60 * strtonum(s, 1, 100000LL * 60, &errstr);
		if (errstr != NULL)
			goto bad;
		return 0;
	}
	while (*p != '\0') {
		if (resource_decimal(&p, &num, &scale) == -1)
			goto bad;
		switch (tolower((unsigned char)*p++)) {
		case 'd':
			mult = 86400;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'm':
			mult = 60;
			break;
		case 's':
			mult = 1;
			break;
		default:
			goto bad;
		}
		if ((num * mult) % scale != 0)
			goto bad;
		total += num * mult / scale;
		if (total > 100000ULL * 3600)
			goto bad;
	}
	if (total == 0)
		goto bad;
	*seconds = total;
	return 0;
bad:
	xasprintf(cause, "'%s' is not a run time (like 2h30m, 90m, 1:30:00, "
	    "1:30, or a number of minutes)", s);
	return -1;
}

void
resource_format_time(struct buf *b, uint64_t seconds)
{
	buf_addf(b, "%llu:%02llu:%02llu",
	    (unsigned long long)(seconds / 3600),
	    (unsigned long long)(seconds / 60 % 60),
	    (unsigned long long)(seconds % 60));
}

int
resource_parse_count(const char *s, long long max, long long *n,
    char **cause)
{
	const char	*errstr;

	*n = strtonum(s, 1, max, &errstr);
	if (errstr != NULL) {
		xasprintf(cause, "'%s' is not a whole number from 1 to %lld",
		    s, max);
		return -1;
	}
	return 0;
}

void
resource_set(struct strv *list, const char *key, const char *value)
{
	size_t	i, n = strlen(key);

	for (i = 0; i < list->n; i++) {
		if (strncmp(list->v[i], key, n) == 0 && list->v[i][n] == '=') {
			free(list->v[i]);
			xasprintf(&list->v[i], "%s=%s", key, value);
			return;
		}
	}
	strv_pushf(list, "%s=%s", key, value);
}

int
resource_add_raw(struct strv *list, const char *request, char **cause)
{
	char	*copy, *pair, *next, *eq;
	int	 r = 0;

	copy = xstrdup(request);
	for (pair = copy; pair != NULL; pair = next) {
		if ((next = strchr(pair, ',')) != NULL)
			*next++ = '\0';
		eq = strchr(pair, '=');
		if (eq == NULL || eq == pair || eq[1] == '\0' ||
		    !isalpha((unsigned char)pair[0]) ||
		    strspn(pair, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") !=
		    (size_t)(eq - pair) ||
		    strpbrk(eq + 1, " \t\n'\"\\") != NULL) {
			xasprintf(cause, "'%s' is not a resource request "
			    "(like mem=4GB,ncpus=2)", request);
			r = -1;
			break;
		}
		*eq = '\0';
		resource_set(list, pair, eq + 1);
	}
	free(copy);
	return r;
}
