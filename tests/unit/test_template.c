/* Unit tests for template.c: {variables}, nesting, {{escapes}}, cycles. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "template.h"

static const char	*vars[] = {
	"user", "alice",
	"project", "a56",
	"base", "/scratch/{project}/{user}",
	"log_dir", "{base}/logs",
	"a", "{b}",
	"b", "{c}",
	"c", "{a}",
	"self", "x{self}",
	NULL
};

static const char *
lookup(const char *name, void *arg)
{
	const char	**v = arg;
	size_t		  i;

	for (i = 0; v[i] != NULL; i += 2) {
		if (strcmp(v[i], name) == 0)
			return v[i + 1];
	}
	return NULL;
}

/* Expands s, or returns the error text. */
static char *
expand(const char *s)
{
	char	*out, *cause;

	if ((out = template_expand(s, lookup, vars, &cause)) == NULL)
		return cause;
	return out;
}

int
main(void)
{
	const char	*cases[][2] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "{user}", "alice" },
		{ "/home/{user}/x", "/home/alice/x" },
		{ "{log_dir}/{user}.out", "/scratch/a56/alice/logs/alice.out" },
		{ "/scratch/a56/{{user}}", "/scratch/a56/{{user}}" },
		{ "{{user}}/{user}", "{{user}}/alice" },
		{ "{ not a var }", "{ not a var }" },
		{ "{}", "{}" },
		{ "{1x}", "{1x}" },
		{ "a{", "a{" },
		{ "}", "}" },
		{ "{nope}", "unknown template variable '{nope}'" },
		{ "{a}", "template variable 'a' refers to itself "
		    "(a -> b -> c -> a)" },
		{ "{self}", "template variable 'self' refers to itself "
		    "(self -> self)" },
	};
	char	*got;
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		is_str(got = expand(cases[i][0]), cases[i][1], cases[i][0]);
		free(got);
	}
	return tap_done();
}
