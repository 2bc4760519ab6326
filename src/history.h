/*
 * The per-user record of what qxub submitted: one JSON object a line in
 * $XDG_STATE_HOME/qxub/history.jsonl (readable with jq).  A submission
 * (or a dry run, or a remote run) is one line; the end of a job is
 * another line naming its job id, merged into the submission on reading.
 * Lines are appended under an flock, each with one write, so concurrent
 * qxub processes lose and corrupt nothing; a failed write costs only a
 * warning.
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>

struct ynode;

/* The records, oldest first, each a JSON object as a mapping. */
struct history {
	struct ynode	**v;
	size_t		  n;
};

/*
 * Appends rec (a mapping; "time" is added when it has none) and frees
 * it; 0, or -1 after a warning.
 */
int	history_append(struct ynode *rec);
/* Appends the end of job id: its exit code (-1: unknown) and final state. */
int	history_end(const char *id, int exit_code, const char *state);
/*
 * Reads every record, the ends merged into their submissions (keys
 * exit_code, state, ended); -1 with *cause when the file cannot be read
 * (a missing one is empty).  Lines that are not records are skipped with
 * one warning.
 */
int	history_load(struct history *h, char **cause);
/*
 * The newest record whose job id is id or starts with it; NULL when none
 * does, or with *cause when id starts the ids of several jobs.
 */
const struct ynode *history_find(const struct history *h, const char *id,
	    char **cause);
/* The newest record with a job id, or NULL. */
const struct ynode *history_latest(const struct history *h);
/* A string field of a record, or NULL. */
const char *history_get(const struct ynode *rec, const char *key);
void	history_free(struct history *h);

#endif /* HISTORY_H */
