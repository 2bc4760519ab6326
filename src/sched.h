/*
 * The scheduler interface.  Each scheduler is one sched-*.c file exporting
 * one struct sched; the rest of qxub sees only these operations.
 */
#ifndef SCHED_H
#define SCHED_H

#include <sys/types.h>

struct buf;
struct jobdir;
struct jobspec;

/* What qxub knows of one submitted job. */
struct sched_job {
	char	*id;		/* the scheduler's job id */
	/*
	 * What tells the job from another that got the same id later (the
	 * local job's process start time), kept in the history; or NULL.
	 */
	char	*handle;
	pid_t	 pid;		/* local: the job's process and group */
	int	 done;		/* the scheduler says the job has ended */
	/* what poll() last saw: Q queued, R running, H held, E exiting */
	char	 state;
	int	 exit_code;	/* when done: its code (128+N for signal N) */
	/* when done: why the scheduler ended it, or NULL */
	char	*reason;
};

struct sched {
	const char	*name;
	/* honours queues and resource requests */
	int		 batch;
	/*
	 * How often poll() may ask the scheduler, in seconds (0: as often as
	 * qxub looks at the job's files), unless interval_env names a set
	 * environment variable; the first poll comes after at most
	 * poll_first seconds.
	 */
	int		 poll_interval;
	int		 poll_first;
	const char	*interval_env;
	const char	*cancel_command;	/* how a user cancels by hand */
	/*
	 * How the scheduler's lines in the job log start; when it does not
	 * end with a space, up to the first ": " is left out of the message
	 * too (slurmstepd-NODE: ).
	 */
	const char	*note_prefix;
	/* The variable that holds an array job's task index in the job. */
	const char	*array_index;
	/*
	 * Exit codes the job script must not end with, as a case pattern
	 * (99|100), since the scheduler acts on them; it ends with 1
	 * instead, and its exit marker keeps the code.  Or NULL.
	 */
	const char	*exit_reserved;
	/*
	 * Refuses, before anything is written, a job spec the scheduler
	 * cannot honour; -1 with *cause.  NULL: all can be.
	 */
	int		(*check)(const struct jobspec *js, char **cause);
	/*
	 * Appends the lines that go at the top of the job script (#SBATCH
	 * requests), or NULL.
	 */
	void		(*directives)(const struct jobspec *js,
			    const struct jobdir *jd, struct buf *b);
	/* Appends the command that submits the job script, for --dry-run. */
	void		(*describe)(const struct jobspec *js,
			    const struct jobdir *jd, struct buf *b);
	/* Submits the job script; fills in job->id. */
	int		(*submit)(const struct jobspec *js, const struct jobdir *jd,
			    struct sched_job *job, char **cause);
	/*
	 * Checks that job (its id and handle, from the history or typed by
	 * the user) is one this scheduler could have submitted, and fills in
	 * what poll() and cancel() need; -1 with *cause when it is not.
	 * NULL: every id is asked of the scheduler.
	 */
	int		(*adopt)(struct sched_job *job, char **cause);
	/* Asks about n jobs at once; marks those that have ended. */
	int		(*poll)(struct sched_job **jobs, size_t n, char **cause);
	/* Cancels a job and everything it started. */
	int		(*cancel)(struct sched_job *job, char **cause);
	/*
	 * Runs the job script as an interactive session on this terminal
	 * and waits for it; returns its exit code, or -1 with *cause.
	 */
	int		(*interactive)(const struct jobspec *js,
			    const struct jobdir *jd, char **cause);
};

extern const struct sched	sched_local;
extern const struct sched	sched_pbs;
extern const struct sched	sched_slurm;
extern const struct sched	sched_sge;

/* The built-in platforms' schedulers, and how many there are. */
extern const struct sched *const	sched_builtin[];
extern const size_t			sched_builtin_count;

/* The scheduler of a built-in platform called name, or NULL. */
const struct sched	*sched_find(const char *name);
/*
 * The platform to use when none is named: slurm when an sbatch is on PATH
 * and Slurm is configured ($SLURM_CONF, else /etc/slurm/slurm.conf), else
 * sge when a qsub is on PATH and $SGE_ROOT/$SGE_CELL (else Debian's
 * /var/lib/gridengine/default) is a Grid Engine cell with a master
 * (common/act_qmaster), else pbs when
 * a qsub is on PATH, else local; *why says what decided it.
 */
const struct sched	*sched_detect(char **why);

/* A qsub or sbatch that has not answered by then is taken as hung. */
#define SCHED_SUBMIT_TIMEOUT	120
/* How many seconds apart sched's polls must be. */
int			 sched_poll_interval(const struct sched *sched);
/*
 * How many seconds a submitter (qsub, sbatch) may take before it is
 * killed: QXUB_SUBMIT_TIMEOUT, else SCHED_SUBMIT_TIMEOUT.
 */
int			 sched_submit_timeout(void);
/*
 * Refuses the Grid Engine options of js (--sge, --pe) on the platform
 * called name, with hint saying what it takes instead; 0 when none.
 */
int			 sched_refuse_sge(const struct jobspec *js,
			    const char *name, const char *hint, char **cause);
/*
 * Cancels job with the scheduler's command (`qdel ID`): -1 with *cause
 * saying what it said (its stderr, else its stdout) when it fails.
 */
int			 sched_run_cancel(const char *command,
			    const struct sched_job *job, char **cause);
/* Frees what a sched_job holds. */
void			 sched_job_clear(struct sched_job *job);

#endif /* SCHED_H */
