/*
 * Grid Engine formats, as pure functions: reading `qstat -xml` and
 * `qacct -j`, and turning a finished job's failed and exit_status fields
 * into qxub's exit code.
 */
#ifndef SGE_H
#define SGE_H

#include <stddef.h>

/* What qstat says of one job (an array job: one entry a task range). */
struct sge_status {
	char	*id;		/* JB_job_number */
	char	*state;		/* qw, hqw, r, t, Eqw, dr, ... */
};

/* What qacct says of one job (or one task of an array job). */
struct sge_acct {
	char	*id;		/* jobnumber */
	long	 failed;	/* 0, or why Grid Engine ended it */
	long	 exit_status;	/* the job's code, 128+N for signal N */
};

/* Parses `qstat -xml` output into an array of *n statuses. */
struct sge_status	*sge_parse_qstat(const char *text, size_t *n);
void			 sge_status_free(struct sge_status *st, size_t n);
/* Parses `qacct -j` output (blocks of KEY VALUE lines) into *n records. */
struct sge_acct		*sge_parse_qacct(const char *text, size_t *n);
void			 sge_acct_free(struct sge_acct *a, size_t n);
/* The one-letter state of qxub's sched_job (Q, R, H, S, E) for state. */
char			 sge_state_letter(const char *state);
/* Whether state is an error state (Eqw): the job will never run. */
int			 sge_state_error(const char *state);
/*
 * The code qxub exits with for a job qacct describes: its own code, or a
 * qxub code when Grid Engine killed it at a limit or could not run it,
 * with *reason saying so (else NULL).
 */
int			 sge_exit_code(const struct sge_acct *a,
			    const char **reason);
/*
 * The job number of what `qsub -terse` printed ("12", or "12.1-10:1" for
 * an array job), or NULL when it printed none.
 */
char			*sge_job_number(const char *text);

#endif /* SGE_H */
