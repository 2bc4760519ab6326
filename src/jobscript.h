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

/*
 * Appends the job script for js, with jd's paths, to b; directives (the
 * scheduler's lines, such as #SBATCH ones, or NULL) go right after its
 * first line.
 */
void	jobscript_write(struct buf *b, const struct jobspec *js,
	    const struct jobdir *jd, const char *directives);

#endif /* JOBSCRIPT_H */
