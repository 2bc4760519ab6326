/*
 * Scheduler resources: parsing the sizes and times users type (in qxub
 * 3.x's spellings) and building the one resource list a job is submitted
 * with.  Pure functions: no files, no scheduler.
 */
#ifndef RESOURCE_H
#define RESOURCE_H

#include <stdint.h>

struct buf;
struct strv;

/*
 * Parses a size: a number (decimals allowed) and a unit B, K[B], M[B],
 * G[B], T[B] (1024-based, any case); a bare number is megabytes, as in
 * qxub 3.x.  The size must be a whole number of bytes and not zero.
 */
int	resource_parse_size(const char *s, uint64_t *bytes, char **cause);
/*
 * Appends the size s in the unit it was written in (16g gives 16GB, 2048MB
 * stays 2048MB, a bare 1024 gives 1024MB), or in the largest exact unit
 * when that unit cannot hold it (1.5GB gives 1536MB).
 */
int	resource_normalize_size(struct buf *b, const char *s, char **cause);
/* Appends bytes in the largest unit that holds it exactly: 16GB, 1536MB. */
void	resource_format_size(struct buf *b, uint64_t bytes);
/*
 * Parses a run time: H:MM:SS, H:MM, a sum of parts like 2h30m, 1d, 90m,
 * 45s, 1.5h, or a bare number of minutes (as qxub 3.x does).
 */
int	resource_parse_time(const char *s, uint64_t *seconds, char **cause);
/* Appends seconds as H:MM:SS (hours not padded, as PBS prints them). */
void	resource_format_time(struct buf *b, uint64_t seconds);
/* Parses a positive count (cpus, gpus) no larger than max. */
int	resource_parse_count(const char *s, long long max, long long *n,
	    char **cause);
/*
 * Adds the key=value pairs of one raw resource request (a -l value, a
 * comma list) to list, replacing earlier values of the same key in place;
 * -1 with *cause when a pair is malformed.
 */
int	resource_add_raw(struct strv *list, const char *request, char **cause);
/* Sets key=value in list, replacing an earlier value of key in place. */
void	resource_set(struct strv *list, const char *key, const char *value);

#endif /* RESOURCE_H */
