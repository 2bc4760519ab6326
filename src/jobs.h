/*
 * Jobs after submission, for status, monitor and cancel: a job id found
 * in the history (its scheduler and job directory) or given bare, and
 * its state, from the job's exit marker first and then from its
 * scheduler, asked once for all the jobs it runs.
 */
#ifndef JOBS_H
#define JOBS_H

#include <stddef.h>

#include "sched.h"

struct history;

struct job {
	const struct sched	*sched;
	char			*dir;	/* the job directory, or NULL */
	char			*name;	/* the job name, or NULL */
	char			*cancelled;	/* when the history says so */
	/* why no scheduler is asked about the job (never submitted), or NULL */
	char			*unknown;
	struct sched_job	 sj;	/* id, state, done, exit_code */
};

/*
 * The jobs of the n ids: for each, the history's job that the id is or
 * starts, else the job of that id on the scheduler its suffix names
 * (.local) or the one found here.  A job its scheduler does not take
 * for one it could have submitted (a local pid that the history does not
 * record) has the reason in unknown and is never asked about: refreshed,
 * it has ended in state unknown, unless its exit marker says more.  NULL
 * with *cause when an id is the start of several jobs.  jobs_free()
 * frees them.
 */
struct job *jobs_resolve_all(const struct history *h, char *const *ids,
	    size_t n, char **cause);
void	 jobs_free(struct job *v, size_t n);
/*
 * Brings the n jobs up to date: the exit marker of each unfinished job
 * with a job directory, then, when ask, one poll of each scheduler for
 * all its unfinished jobs.  Returns the number of scheduler calls, or -1
 * with *cause.
 */
int	 jobs_refresh(struct job *v, size_t n, int ask, char **cause);
/*
 * One word for the job's state: queued, running, held, exiting,
 * succeeded, failed, cancelled or unknown (the scheduler does not know
 * the job, or no longer knows how it ended).
 */
const char *jobs_state(const struct job *j);
/*
 * Why a refreshed job is unknown without asking its scheduler (qxub did
 * not submit it), or NULL.
 */
const char *jobs_unknown(const struct job *j);
/* Warns of each refreshed job that jobs_unknown() explains; how many. */
size_t	 jobs_warn_unknown(const struct job *v, size_t n);
void	 jobs_clear(struct job *j);
/*
 * When platform (else defaults.platform) is a remote platform, runs the
 * command of argv (argv[0] its name; --platform NAME left out) with the
 * qxub there, over ssh: returns 1 with *code its exit code, or with
 * *code 3 after a configuration error.  0 when the jobs are here.
 */
int	 jobs_forward(const char *platform, int argc, char **argv, int *code);

#endif /* JOBS_H */
