/*
 * The configuration: qxub 3.x's layered YAML files, merged, checked
 * against the table of known keys, and read by dotted key.  Layers, lowest
 * first: system ($XDG_CONFIG_DIRS), user ($XDG_CONFIG_HOME), the project's
 * .qx/project.yaml, .qx/local.yaml and .qx/test.yaml, then --config FILE.
 * Mappings merge deeply; scalars and lists replace.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

struct buf;
struct ynode;

#define CONFIG_MAX_FILES	6

/* One layer: where it is looked for, and what was read there. */
struct config_file {
	const char	*kind;		/* system, user, project, local, test,
					   override */
	char		*path;		/* NULL when the layer has no place */
	struct ynode	*root;		/* NULL when the file does not exist */
};

struct config {
	struct config_file	 files[CONFIG_MAX_FILES];
	size_t			 nfiles;
	struct ynode		*merged;	/* all layers; nodes keep the
						   FILE:LINE:COL they came from */
};

/*
 * Finds and reads every layer (override is the --config file, or NULL),
 * merges them and checks the keys: unknown or ignored keys are warnings,
 * a bad file or a value of the wrong type is an error, returned as -1
 * with *cause ("FILE:LINE:COL: message").
 */
int		 config_load(struct config *cfg, const char *override,
		    const char *cwd, char **cause);
/*
 * Checks one configuration file as config_load() checks a layer: YAML text
 * of len bytes named name in messages, or the file at path.  Warnings are
 * printed; returns -1 with *cause ("FILE:LINE:COL: message") when bad.
 */
int		 config_check_text(const char *text, size_t len,
		    const char *name, char **cause);
int		 config_check_file(const char *path, char **cause);
/*
 * The nearest directory above cwd (but not / itself) holding .qx, .git,
 * .dvc, pyproject.toml or setup.py, or NULL: the project's.
 */
char		*config_project_root(const char *cwd);
/*
 * DIR/qxub/FILE for the first absolute DIR of $XDG_CONFIG_DIRS (default
 * /etc/xdg) where it exists, else in the first (always the first when
 * first is set): the system layer's file.
 */
char		*config_system_file(const char *file, int first);
/* $XDG_CONFIG_HOME/qxub/FILE (default ~/.config/qxub/FILE). */
char		*config_user_file(const char *file);
/* Frees what config_load() read. */
void		 config_free(struct config *cfg);
/* The node at a dotted key path ("defaults.queue"), or NULL. */
const struct ynode *config_get(const struct config *cfg, const char *key);
/* The scalar text at a dotted key path, or NULL. */
const char	*config_string(const struct config *cfg, const char *key);
/*
 * Expands the template variables of the string value at node: built-ins
 * (user, project, name, queue, timestamp, date, time) from vars, then the
 * templates: map; an unknown variable or a cycle is an error naming where
 * the string was written.
 */
char		*config_expand(const struct config *cfg, const struct ynode *node,
		    const char *const *vars, char **cause);
/*
 * config_expand() of a string given elsewhere (a command-line value);
 * *cause names only the problem, for the caller to say where.
 */
char		*config_expand_string(const struct config *cfg, const char *s,
		    const char *const *vars, char **cause);

#endif /* CONFIG_H */
