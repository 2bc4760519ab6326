/* qxub help [COMMAND]: the same text as COMMAND --help. */
#include "autoconf.h"

#include <stdio.h>

#include "log.h"
#include "qxub.h"

static int
cmd_help_exec(int argc, char **argv)
{
	const struct cmd_entry	*entry;

	if (argc < 2) {
		qxub_usage();
		return 0;
	}
	if (argc > 2) {
		log_error("help takes one command name");
		return QXUB_EXIT_USAGE;
	}
	if ((entry = cmd_find(argv[1])) == NULL || entry->hidden) {
		log_error("unknown command '%s' (see 'qxub --help')", argv[1]);
		return QXUB_EXIT_USAGE;
	}
	entry->help();
	return 0;
}

static void
cmd_help_help(void)
{
	printf("usage: qxub help [COMMAND]\n\n"
	    "Show the help of COMMAND, or the list of commands.\n");
}

const struct cmd_entry	cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show the help of a command",
	.exec = cmd_help_exec,
	.help = cmd_help_help,
};
