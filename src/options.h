/*
 * The one table of `qxub exec` options.  Parsing, --help, the man page
 * check, shell completion and (later) remote serialization all read it,
 * so an option cannot be dropped on one path.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdio.h>

struct jobspec;

enum opt_id {
	OPT_CMD, OPT_PRE, OPT_POST,
	OPT_ENV, OPT_MOD, OPT_MODS, OPT_SIF, OPT_BIND, OPT_DEFAULT,
	OPT_NAME, OPT_EXECDIR, OPT_CREATE_EXECDIR, OPT_OUT, OPT_ERR,
	OPT_VAR, OPT_PLATFORM,
	OPT_DRY_RUN, OPT_TERSE, OPT_QUIET, OPT_VERBOSE, OPT_HELP,
	OPT_LATER		/* spelled and known, but not available yet */
};

enum opt_arg {
	ARG_NONE,		/* a flag */
	ARG_COUNT,		/* a flag that counts (-vvv) */
	ARG_VALUE,		/* takes one value */
	ARG_LIST,		/* takes one value, repeatable */
};

struct opt {
	enum opt_id	 id;
	const char	*names[3];	/* long names, canonical first */
	char		 shortname;	/* or 0 */
	enum opt_arg	 arg;
	const char	*metavar;	/* value placeholder for help */
	const char	*complete;	/* what completes the value: file, dir, ... */
	const char	*group;		/* help section */
	const char	*help;
	const char	*later;		/* not available yet: what brings it */
};

extern const struct opt	options_table[];
extern const size_t	options_count;

/*
 * Parses exec's argv (argv[0] is the subcommand name) into js.  Option
 * parsing stops at "--" or at the first word that is not an option: that
 * word and the rest are the command.  Returns 1 when --help was asked for,
 * 0 on success, -1 with *cause on a usage error.
 */
int	options_parse(int argc, char **argv, struct jobspec *js, char **cause);
/* Prints the option list, grouped, for --help. */
void	options_help(FILE *fp);
/* The option spelled --name (without dashes), or NULL. */
const struct opt *options_find_long(const char *name);
/* The option spelled -c, or NULL. */
const struct opt *options_find_short(int c);

#endif /* OPTIONS_H */
