/*
 * Aliases and shortcuts: named sets of exec options.  An alias lives
 * under aliases: in the configuration (qxub 3.x's flat or hierarchical
 * form); a shortcut lives in a JSON file, keyed by the start of the
 * command it applies to.  The command line always wins over both.
 */
#ifndef ALIAS_H
#define ALIAS_H

struct config;
struct jobspec;
struct ynode;

/*
 * Applies --alias, --shortcut, or else the shortcut whose key is the
 * longest word prefix of the command (only when no context option was
 * given); says on stderr which one applied.  Returns -1 with *cause for
 * a bad definition, -2 for a name that is not defined or both options.
 */
int	alias_apply(struct jobspec *js, const struct config *cfg,
	    char **cause);

/*
 * Reads the shortcut files, system (the first of $XDG_CONFIG_DIRS) then
 * user, into one map of prefix to definition; NULL with *cause if a file
 * is bad.
 */
struct ynode	*alias_load_shortcuts(char **cause);

#endif /* ALIAS_H */
