/*
 * What every part of qxub shares: the exit codes it documents and the
 * shape of a subcommand.
 */
#ifndef QXUB_H
#define QXUB_H

#include <stdio.h>

/*
 * Exit codes of qxub itself.  A job's own exit code passes through
 * unchanged, and a job killed by signal N gives 128+N, so these can only
 * be told apart from a job's code by the message that comes with them.
 * They are listed in `qxub exec --help`, qxub(1) and README.md.
 */
#define QXUB_EXIT_FAILURE	1	/* qxub's own work failed (I/O) */
#define QXUB_EXIT_USAGE		2	/* bad option, value or combination */
#define QXUB_EXIT_CONFIG	3	/* bad configuration or platform */
#define QXUB_EXIT_SUBMIT	4	/* the scheduler refused the job */
#define QXUB_EXIT_DELETED	5	/* deleted before it ran */
#define QXUB_EXIT_UNREACHABLE	6	/* ssh could not reach the host */
#define QXUB_EXIT_LIMIT		7	/* killed by the scheduler at a limit */
#define QXUB_EXIT_NOSTART	8	/* the scheduler could not run it */

/*
 * Exit codes of the job script when the job's context cannot be set up;
 * the job prints one line saying why on its stderr.
 */
#define JOB_EXIT_EXECDIR	240	/* cannot create or enter --execdir */
#define JOB_EXIT_NO_CONDA	241	/* no conda in the job */
#define JOB_EXIT_CONDA_ENV	242	/* cannot activate the environment */
#define JOB_EXIT_NO_MODULE	243	/* no module command */
#define JOB_EXIT_MODULE_LOAD	244	/* module load failed */
#define JOB_EXIT_NO_CONTAINER	245	/* no apptainer or singularity */
#define JOB_EXIT_IMAGE		246	/* the container image is missing */
#define JOB_EXIT_STREAMS	247	/* cannot open stdout/stderr files */

/* One subcommand: `qxub NAME ...` runs exec with argv[0] == NAME. */
struct cmd_entry {
	const char	*name;
	const char	*usage;		/* one line, after "qxub NAME " */
	const char	*summary;	/* one line for `qxub --help` */
	int		 hidden;	/* left out of help */
	int		(*exec)(int argc, char **argv);
	void		(*help)(void);	/* full help on stdout */
	/*
	 * For completion: prints the words that may follow the operands
	 * given (a command's own subcommands), one "WORD TAB SUMMARY" a
	 * line; NULL when the operands are free.
	 */
	void		(*operands)(FILE *fp, int argc, char **argv);
	/*
	 * For completion: prints the command's options, one "SPELLING TAB
	 * KIND TAB HELP" a line (KIND "-" for none, else what
	 * `__complete values` knows), -h and --help aside; or NULL.
	 */
	void		(*options)(FILE *fp);
};

extern const struct cmd_entry	 cmd_cancel_entry;
extern const struct cmd_entry	 cmd_complete_entry;
extern const struct cmd_entry	 cmd_config_entry;
extern const struct cmd_entry	 cmd_exec_entry;
extern const struct cmd_entry	 cmd_help_entry;
extern const struct cmd_entry	 cmd_history_entry;
extern const struct cmd_entry	 cmd_interactive_entry;
extern const struct cmd_entry	 cmd_monitor_entry;
extern const struct cmd_entry	 cmd_platform_entry;
extern const struct cmd_entry	 cmd_status_entry;

/* Every subcommand, NULL-terminated. */
extern const struct cmd_entry	*const cmd_table[];

/* The subcommand called name, or NULL. */
const struct cmd_entry	*cmd_find(const char *name);
/* Prints `qxub --help` to stdout. */
void			 qxub_usage(void);
/* The --config FILE given before the command, or NULL. */
const char		*qxub_config_file(void);
/* Prints the global options, as help lines or as completion lines. */
void			 qxub_global_options(FILE *fp, int completion);

#endif /* QXUB_H */
