/*
 * qxub: run commands as HPC batch jobs as if they ran here.  main() only
 * parses the global options and dispatches over the command table; each
 * subcommand lives in its own cmd-*.c.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "log.h"
#include "qxub.h"
#include "remote.h"
#include "xmalloc.h"

const struct cmd_entry	*const cmd_table[] = {
	&cmd_exec_entry,
	&cmd_interactive_entry,
	&cmd_status_entry,
	&cmd_monitor_entry,
	&cmd_cancel_entry,
	&cmd_history_entry,
	&cmd_config_entry,
	&cmd_platform_entry,
	&cmd_help_entry,
	&cmd_complete_entry,
	NULL
};

/* The global options, for getopt_long, --help and completion alike. */
static const struct {
	struct option	 opt;
	const char	*metavar;	/* the value, or NULL */
	const char	*help;
} qxub_options[] = {
	{ { "config", required_argument, NULL, 'c' }, "FILE",
	  "merge FILE over every other configuration file" },
	{ { "help", no_argument, NULL, 'h' }, NULL, "show this help" },
	{ { "verbose", no_argument, NULL, 'v' }, NULL,
	  "more detail on stderr (repeatable)" },
	{ { "version", no_argument, NULL, 'V' }, NULL, "print the version" },
};
#define QXUB_NOPTIONS	(sizeof qxub_options / sizeof qxub_options[0])

/* The --config FILE given before the command, or NULL. */
static const char	*qxub_config;

const char *
qxub_config_file(void)
{
	return qxub_config;
}

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*const *e;

	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return *e;
	}
	return NULL;
}

void
qxub_global_options(FILE *fp, int completion)
{
	const struct option	*o;
	const char		*metavar;
	char			 spelling[48];
	size_t			 i;

	for (i = 0; i < QXUB_NOPTIONS; i++) {
		o = &qxub_options[i].opt;
		metavar = qxub_options[i].metavar;
		/* Only -h and -v have a short form. */
		if (completion) {
			if (o->val == 'h' || o->val == 'v')
				fprintf(fp, "-%c\t-\t%s\n", o->val,
				    qxub_options[i].help);
			fprintf(fp, "--%s\t%s\t%s\n", o->name,
			    metavar != NULL ? "file" : "-",
			    qxub_options[i].help);
			continue;
		}
		if (o->val == 'h' || o->val == 'v')
			snprintf(spelling, sizeof spelling, "-%c, --%s",
			    o->val, o->name);
		else
			snprintf(spelling, sizeof spelling, "--%s%s%s",
			    o->name, metavar != NULL ? " " : "",
			    metavar != NULL ? metavar : "");
		fprintf(fp, "  %-16s %s\n", spelling, qxub_options[i].help);
	}
}

void
qxub_usage(void)
{
	const struct cmd_entry	*const *e;

	printf("usage: qxub [-hv] [--config FILE] [--version] COMMAND "
	    "[ARGS...]\n\n"
	    "Run commands as HPC batch jobs: qxub writes a job script, "
	    "submits it,\nstreams the job's output back and exits with the "
	    "job's exit code.\n\nCommands:\n");
	for (e = cmd_table; *e != NULL; e++) {
		if (!(*e)->hidden)
			printf("  %-10s %s\n", (*e)->name, (*e)->summary);
	}
	printf("\nOptions:\n");
	qxub_global_options(stdout, 0);
	printf("\n'qxub help COMMAND' or 'qxub COMMAND --help' shows a "
	    "command's options.\n"
	    "'qx ARGS' is short for 'qxub exec ARGS'.\n");
}

/* The names that are qxub with a command (argv[0] dispatch). */
static const struct qxub_name {
	const char	*name;
	const char	*words[3];	/* what the name stands for */
} qxub_links[] = {
	{ "qx", { "exec" } },
	{ "qxtat", { "status" } },
	{ "qxi", { "interactive" } },
	{ "qxet", { "config", "shortcut", "set" } },
};

/* Runs the command a link's name stands for, with its arguments. */
static int
qxub_link(const struct qxub_name *link, int argc, char **argv)
{
	char	**args;
	int	  n = 0, i;

	args = xreallocarray(NULL, argc + 4, sizeof *args);
	while (n < 3 && link->words[n] != NULL) {
		args[n] = (char *)link->words[n];
		n++;
	}
	for (i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	n = cmd_find(args[0])->exec(n, args);
	free(args);
	return n;
}

/*
 * Gives a closed standard descriptor /dev/null, opened read-only: a write
 * there still fails (EBADF) as on the closed one, but no file qxub opens
 * can take its number, so no job's output is copied into a file of ours.
 */
static void
qxub_std_fds(void)
{
	int	fd;

	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDONLY) != fd)
			_exit(QXUB_EXIT_FAILURE);
	}
}

int
main(int argc, char **argv)
{
	struct option			 longopts[QXUB_NOPTIONS + 1];
	const struct cmd_entry		*entry;
	const char			*self;
	size_t				 i;
	int				 ch, verbose = 0;

	qxub_std_fds();
	/* On a remote platform's far end, messages say where they come from. */
	if ((self = remote_init()) != NULL) {
		static char	name[64];

		snprintf(name, sizeof name, "qxub@%s", self);
		log_init(name);
	} else
		log_init("qxub");
	for (i = 0; i < QXUB_NOPTIONS; i++)
		longopts[i] = qxub_options[i].opt;
	memset(&longopts[i], 0, sizeof longopts[i]);
	self = argc > 0 ? basename(argv[0]) : "qxub";
	for (i = 0; i < sizeof qxub_links / sizeof qxub_links[0]; i++) {
		if (strcmp(self, qxub_links[i].name) == 0)
			return qxub_link(&qxub_links[i], argc, argv);
	}

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			qxub_usage();
			return 0;
		case 'c':
			qxub_config = optarg;
			break;
		case 'v':
			log_set_verbose(++verbose);
			break;
		case 'V':
			printf("qxub %s (libyaml %s)\n", PACKAGE_VERSION,
			    yaml_get_version_string());
			return 0;
		default:
			if (optopt == 'c')
				log_error("option '--config' needs a value "
				    "(FILE)");
			else if (optopt != 0)
				log_error("unknown option '-%c'", optopt);
			else
				log_error("unknown option '%s'",
				    argv[optind - 1]);
			fprintf(stderr, "Try 'qxub --help' for more "
			    "information.\n");
			return QXUB_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		qxub_usage();
		return 0;
	}
	if ((entry = cmd_find(argv[0])) == NULL) {
		log_error("unknown command '%s' (see 'qxub --help')", argv[0]);
		return QXUB_EXIT_USAGE;
	}
	return entry->exec(argc, argv);
}
