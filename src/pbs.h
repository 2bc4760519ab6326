/*
 * PBS Pro formats, as pure functions: reading `qstat -f` output and
 * turning a finished job's Exit_status into qxub's exit code.
 */
#ifndef PBS_H
#define PBS_H

/* What `qstat -x -f` says of one job. */
struct pbs_status {
	char	*id;		/* Job Id */
	char	 state;		/* job_state letter: Q, R, H, E, F, ... */
	int	 has_exit;	/* Exit_status was given */
	long	 exit_status;
	char	*comment;	/* the server's comment, or NULL */
};

/*
 * Parses `qstat -f` text (4-space indented "name = value" lines, long
 * values continued on lines that start with a tab) into an array of *n
 * statuses; returns it (NULL when n is 0).
 */
struct pbs_status	*pbs_parse_qstat(const char *text, size_t *n);
/* Frees an array from pbs_parse_qstat(). */
void			 pbs_status_free(struct pbs_status *st, size_t n);
/* True when id (with or without its .server suffix) names want. */
int			 pbs_same_id(const char *id, const char *want);
/*
 * Maps a finished job's Exit_status to the code qxub exits with: the
 * job's own code, 128+N when PBS killed it with signal N (256+N), or a
 * qxub code for PBS's negative codes, with *reason saying why (or NULL).
 */
int			 pbs_exit_code(long exit_status, const char **reason);

#endif /* PBS_H */
