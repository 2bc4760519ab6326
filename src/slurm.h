/*
 * Slurm formats, as pure functions: reading squeue, sacct and scontrol
 * output, and turning a finished job's State and ExitCode into qxub's
 * exit code.
 */
#ifndef SLURM_H
#define SLURM_H

#include <stddef.h>

/* What Slurm says of one job. */
struct slurm_status {
	char	*id;		/* JobID (an array task: 12_3) */
	char	*state;		/* PENDING, RUNNING, COMPLETED, TIMEOUT, ... */
	char	*reason;	/* squeue's reason, or NULL */
	int	 has_exit;	/* ExitCode was given */
	int	 exit_code;	/* its code, N of N:S */
	int	 exit_signal;	/* its signal, S of N:S */
};

/*
 * Parses lines of "ID|STATE|..." (squeue -o '%i|%T|%r', sacct -P -o
 * JobID,State,ExitCode) into an array of *n statuses; a third field of
 * the form N:S is an ExitCode, otherwise a reason.
 */
struct slurm_status	*slurm_parse_lines(const char *text, size_t *n);
/*
 * Parses `scontrol show job -o` output (one line a job of KEY=VALUE
 * words) into an array of *n statuses.
 */
struct slurm_status	*slurm_parse_scontrol(const char *text, size_t *n);
void			 slurm_status_free(struct slurm_status *st, size_t n);
/* Whether state is one a job is in after it has ended. */
int			 slurm_state_done(const char *state);
/*
 * The code qxub exits with for a job that ended in st: the job's own
 * code; 128+S when signal S ended it; a qxub code for a time limit, the
 * memory limit, a cancel before it ran, or a node failure, with *reason
 * saying so (else NULL).
 */
int			 slurm_exit_code(const struct slurm_status *st,
			    const char **reason);
/* The one-letter state of qxub's sched_job (Q, R, H, E, F) for state. */
char			 slurm_state_letter(const char *state);

#endif /* SLURM_H */
