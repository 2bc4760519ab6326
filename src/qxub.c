/*
 * qxub: run commands as HPC batch jobs as if they ran here.  main() only
 * parses the global options and dispatches over the command table; each
 * subcommand lives in its own cmd-*.c.
 */
#include "config.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "log.h"
#include "qxub.h"

static const struct cmd_entry	*cmd_table[] = {
	&cmd_exec_entry,
	&cmd_help_entry,
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	}
	return NULL;
}

void
qxub_usage(void)
{
	size_t	i;

	printf("usage: qxub [-hv] [--version] COMMAND [ARGS...]\n\n"
	    "Run commands as HPC batch jobs: qxub writes a job script, "
	    "submits it,\nstreams the job's output back and exits with the "
	    "job's exit code.\n\nCommands:\n");
	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++) {
		if (!cmd_table[i]->hidden)
			printf("  %-10s %s\n", cmd_table[i]->name,
			    cmd_table[i]->summary);
	}
	printf("\nOptions:\n"
	    "  -h, --help     show this help\n"
	    "  -v, --verbose  more detail on stderr (repeatable)\n"
	    "  --version      print the version\n\n"
	    "'qxub help COMMAND' or 'qxub COMMAND --help' shows a "
	    "command's options.\n"
	    "'qx ARGS' is short for 'qxub exec ARGS'.\n");
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry		*entry;
	const char			*self;
	int				 ch, verbose = 0;

	log_init("qxub");
	self = argc > 0 ? basename(argv[0]) : "qxub";
	if (strcmp(self, "qx") == 0) {
		argv[0] = (char *)"exec";
		return cmd_exec_entry.exec(argc, argv);
	}

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			qxub_usage();
			return 0;
		case 'v':
			log_set_verbose(++verbose);
			break;
		case 'V':
			printf("qxub %s (libyaml %s)\n", PACKAGE_VERSION,
			    yaml_get_version_string());
			return 0;
		default:
			if (optopt != 0)
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
