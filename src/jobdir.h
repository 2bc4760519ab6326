/*
 * The job directory: one per job, so concurrent jobs never share a file.
 * It holds the job script, the stream files (unless --out/--err point
 * elsewhere), the scheduler's log, and the markers the job writes.
 */
#ifndef JOBDIR_H
#define JOBDIR_H

struct jobspec;

struct jobdir {
	char	*dir;		/* the directory itself */
	char	*script;	/* job.sh */
	char	*out;		/* the job's stdout */
	char	*err;		/* the job's stderr */
	char	*log;		/* scheduler and context-setup messages */
	char	*started;	/* written when the job starts */
	char	*exit_code;	/* written (by rename) when the job ends */
	char	*reason;	/* why the job could not set itself up */
	/* log is a --joblog file that was there before: the user's */
	int	 log_kept;
};

/* The directory that holds every job directory ($XDG_STATE_HOME/qxub/jobs). */
char	*jobdir_root(void);
/* Fills in the paths a new job would get, with XXXXXX for the unique part. */
void	 jobdir_plan(struct jobdir *jd, const struct jobspec *js);
/* Creates a uniquely named job directory; returns -1 with *cause on failure. */
int	 jobdir_create(struct jobdir *jd, const struct jobspec *js,
	    char **cause);
/* Writes the job script into the job directory. */
int	 jobdir_write_script(struct jobdir *jd, const char *text, size_t len,
	    char **cause);
/*
 * Removes what jobdir_create made and the submission wrote, after a
 * failed submission; never a --joblog file that was there before.
 */
void	 jobdir_remove(struct jobdir *jd);
/* Frees the paths. */
void	 jobdir_clear(struct jobdir *jd);

#endif /* JOBDIR_H */
