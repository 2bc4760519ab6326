/*
 * The job script: a bash script written per job that enters the execution
 * directory, sets up the context, runs --pre, the command and --post, and
 * records the exit code in the job directory.  Every value in it is quoted
 * by sh_quote(); no data travels in scheduler variable lists.
 */
#ifndef JOBSCRIPT_H
#define JOBSCRIPT_H

struct buf;
struct jobdir;
struct jobspec;
struct sched;

/*
 * Appends the job script for js, with jd's paths, to b, as sched runs
 * it: its directives (#SBATCH lines) right after the first line, its
 * array task index, and no exit code it acts on.
 */
void	jobscript_write(struct buf *b, const struct sched *sched,
	    const struct jobspec *js, const struct jobdir *jd);

#endif /* JOBSCRIPT_H */
