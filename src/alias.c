/* Applying aliases and shortcuts to a job spec. */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alias.h"
#include "buf.h"
#include "config.h"
#include "jobspec.h"
#include "log.h"
#include "options.h"
#include "xmalloc.h"
#include "yaml.h"

/* The keys of qxub 3.x's hierarchical form, set by their own parts. */
static int
alias_structural(const char *key, int top)
{
	if (top)
		return strcmp(key, "main") == 0 ||
		    strcmp(key, "subcommand") == 0 ||
		    strcmp(key, "target") == 0;
	return strcmp(key, "type") == 0;
}

/*
 * Sets each key of a definition (top) or of one of its parts as an exec
 * option; cmd is the command.
 */
static int
alias_set_map(struct jobspec *js, const char *what, const struct ynode *def,
    int top, char **cause)
{
	const struct ynode	*v;
	char			*why, *where;
	size_t			 i;

	for (i = 0; i < def->n; i++) {
		const char	*key = def->keys[i]->scalar;

		v = def->items[i];
		if (alias_structural(key, top))
			continue;
		if (strcmp(key, "cmd") == 0) {
			/* The definition's command, when none was given. */
			if (js->argv.n == 0 && js->snippet == NULL &&
			    v->type == YNODE_SCALAR)
				js->snippet = xstrdup(v->scalar);
			continue;
		}
		if (options_set_default(js, key, v, &why) == -1) {
			where = ynode_where(def->keys[i]);
			xasprintf(cause, "%s: %s: %s", where, what, why);
			free(where);
			free(why);
			return -1;
		}
	}
	return 0;
}

/*
 * Applies one definition: its own keys first (they win), then qxub 3.x's
 * hierarchical parts main:, subcommand: and target: {cmd}.
 */
static int
alias_set(struct jobspec *js, const char *what, const struct ynode *def,
    char **cause)
{
	static const char	*parts[] = { "main", "subcommand", "target" };
	const struct ynode	*part;
	char			*where;
	size_t			 i;

	if (def->type != YNODE_MAP) {
		where = ynode_where(def);
		xasprintf(cause, "%s: %s must be a mapping of options", where,
		    what);
		free(where);
		return -1;
	}
	if (alias_set_map(js, what, def, 1, cause) == -1)
		return -1;
	for (i = 0; i < 3; i++) {
		if ((part = ynode_get(def, parts[i])) == NULL)
			continue;
		if (part->type != YNODE_MAP) {
			where = ynode_where(part);
			xasprintf(cause, "%s: %s: '%s' must be a mapping",
			    where, what, parts[i]);
			free(where);
			return -1;
		}
		if (alias_set_map(js, what, part, 0, cause) == -1)
			return -1;
	}
	return 0;
}

struct ynode *
alias_load_shortcuts(char **cause)
{
	struct ynode	*all, *f;
	char		*path[2];
	size_t		 i, j;

	path[0] = config_system_file("shortcuts.json", 0);
	path[1] = config_user_file("shortcuts.json");
	all = ynode_new(YNODE_MAP);
	for (i = 0; i < 2; i++) {
		if (access(path[i], F_OK) == -1)
			continue;
		if ((f = yaml_load_json_file(path[i], cause)) == NULL)
			goto fail;
		if (f->type != YNODE_MAP) {
			xasprintf(cause, "%s:%d:%d: a shortcut file must map "
			    "command prefixes to options", path[i], f->line,
			    f->col);
			ynode_free(f);
			goto fail;
		}
		/* The user's entries replace the system's of the same key. */
		for (j = 0; j < f->n; j++)
			ynode_set(all, f->keys[j]->scalar,
			    ynode_copy(f->items[j]));
		ynode_free(f);
	}
	free(path[0]);
	free(path[1]);
	return all;
fail:
	free(path[0]);
	free(path[1]);
	ynode_free(all);
	return NULL;
}

/* The command's words, as shortcut keys see them. */
static void
alias_command_words(const struct jobspec *js, struct buf *b)
{
	const char	*s;
	size_t		 i, n;

	if (js->argv.n > 0) {
		for (i = 0; i < js->argv.n; i++)
			buf_addf(b, "%s%s", i > 0 ? " " : "", js->argv.v[i]);
		return;
	}
	for (s = js->snippet; s != NULL && *s != '\0'; s += n) {
		s += strspn(s, " \t\n");
		if ((n = strcspn(s, " \t\n")) == 0)
			break;
		buf_addf(b, "%s%.*s", b->len > 0 ? " " : "", (int)n, s);
	}
}

/* The shortcut whose key is the longest whole-word prefix of words. */
static const struct ynode *
alias_match(const struct ynode *shortcuts, const char *words,
    const char **key)
{
	size_t	i, n, best = 0;
	const struct ynode	*found = NULL;

	for (i = 0; i < shortcuts->n; i++) {
		const char	*k = shortcuts->keys[i]->scalar;

		n = strlen(k);
		if (n == 0 || strncmp(words, k, n) != 0 ||
		    (words[n] != '\0' && words[n] != ' ') || n <= best)
			continue;
		best = n;
		found = shortcuts->items[i];
		*key = k;
	}
	return found;
}

int
alias_apply(struct jobspec *js, const struct config *cfg, char **cause)
{
	const struct ynode	*def;
	struct ynode		*shortcuts = NULL;
	struct buf		 words = BUF_INIT;
	const char		*key = NULL;
	char			*what;
	int			 r = -1;

	*cause = NULL;
	if (js->alias != NULL && js->shortcut != NULL) {
		*cause = xstrdup("--alias and --shortcut cannot be combined");
		return -2;
	}
	if (js->alias != NULL) {
		def = ynode_get(config_get(cfg, "aliases"), js->alias);
		if (def == NULL) {
			xasprintf(cause, "no alias '%s' in the configuration "
			    "(see 'qxub config alias list')", js->alias);
			return -2;
		}
		xasprintf(&what, "alias '%s'", js->alias);
		r = alias_set(js, what, def, cause);
		if (r == 0)
			log_progress("using alias '%s'", js->alias);
		free(what);
		return r;
	}
	/* Shortcuts match by themselves only when no context was given. */
	if (js->shortcut == NULL && (js->env != NULL || js->mods.n > 0 ||
	    js->sif != NULL || js->default_ctx))
		return 0;
	if ((shortcuts = alias_load_shortcuts(cause)) == NULL)
		return -1;
	if (js->shortcut != NULL) {
		key = js->shortcut;
		if ((def = ynode_get(shortcuts, key)) == NULL) {
			xasprintf(cause, "no shortcut '%s' (see 'qxub config "
			    "shortcut list')", key);
			r = -2;
			goto out;
		}
	} else {
		alias_command_words(js, &words);
		def = alias_match(shortcuts, words.data, &key);
	}
	r = 0;
	if (def != NULL) {
		xasprintf(&what, "shortcut '%s'", key);
		if ((r = alias_set(js, what, def, cause)) == 0)
			log_progress("using shortcut '%s'", key);
		free(what);
	}
out:
	buf_release(&words);
	ynode_free(shortcuts);
	return r;
}
