/*
 * The one table of `qxub exec` options.  Parsing, --help, the man page
 * check, shell completion and remote serialization all read it, so an
 * option cannot be dropped on one path.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stddef.h>
#include <stdio.h>

struct jobspec;
struct strv;
struct ynode;

/* What an option takes, and how it is stored in its jobspec field. */
enum opt_arg {
	ARG_FLAG,		/* no value; sets an int to 1 */
	ARG_COUNT,		/* no value; counts in an int (-vvv) */
	ARG_STRING,		/* a value; the last one given wins */
	ARG_LIST,		/* a value, repeatable; pushed on a strv */
	ARG_WORDS,		/* a value split on commas and white space */
	ARG_HELP,		/* --help */
};

struct opt {
	const char	*names[3];	/* long names, canonical first */
	char		 shortname;	/* or 0 */
	enum opt_arg	 arg;
	size_t		 field;		/* offsetof(struct jobspec, ...) */
	const char	*metavar;	/* value placeholder for help */
	/* what completes the value: file, dir, ... */
	const char	*complete;
	const char	*group;		/* help section */
	const char	*help;
	const char	*later;		/* known but not available yet: what
					   brings it (field is unused) */
	int		 batch;		/* a request only a batch scheduler
					   can honour */
	const char	*resource;	/* the resource it requests (mem=...) */
	int		 local;		/* used on this machine, never sent to
					   a remote platform */
};

extern const struct opt	options_table[];
extern const size_t	options_count;

/*
 * Prints each spelling of each exec option that works today as a
 * completion line, "SPELLING TAB KIND TAB HELP" (help aside).
 */
void	options_complete(FILE *fp);
/*
 * Parses exec's argv (argv[0] is the subcommand name) into js.  Option
 * parsing stops at "--" or at the first word that is not an option: that
 * word and the rest are the command.  Returns 1 when --help was asked for,
 * 0 on success, -1 with *cause on a usage error.
 */
int	options_parse(int argc, char **argv, struct jobspec *js, char **cause);
/*
 * Sets the exec option called name (a long name or alias, without dashes)
 * from a configuration value, unless the command line set it already: a
 * scalar for a value, a list for a repeatable option, a boolean for a
 * flag.  Returns -1 with *cause for an unknown option or a bad value.
 */
int	options_set_default(struct jobspec *js, const char *name,
	    const struct ynode *value, char **cause);
/*
 * Appends to out the options that reproduce js on a remote qxub exec
 * (every table entry with a value, local ones excepted), then "--" and the
 * command words: options_parse() of the result gives js back.
 */
void	options_serialize(const struct jobspec *js, struct strv *out);
/* Prints the option list, grouped, for --help. */
void	options_help(FILE *fp);
/* The option spelled --name (without dashes), or NULL. */
const struct opt *options_find_long(const char *name);
/* The option spelled -c, or NULL. */
const struct opt *options_find_short(int c);

#endif /* OPTIONS_H */
