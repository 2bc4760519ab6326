/*
 * Unit tests for template.c: {variables}, nesting, {{escapes}}, cycles,
 * and the bounds on what one value may expand to.
 */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
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

/*
 * Variables d0 .. d29, each d(i) being "{d(i-1)}{d(i-1)}" and d0 is
 * base, so d29 would be 2^29 copies of base; base "" makes as many
 * expansions of nothing.
 */
static const char *
lookup_doubling(const char *name, void *arg)
{
	static char	 text[30][16];
	const char	*base = arg;
	char		*end;
	long		 i;

	if (name[0] != 'd' || (i = strtol(name + 1, &end, 10)) < 0 ||
	    i > 29 || *end != '\0')
		return NULL;
	if (i == 0)
		return base;
	snprintf(text[i], sizeof text[i], "{d%ld}{d%ld}", i - 1, i - 1);
	return text[i];
}

/* The bounds: length, and variables expanded, each an error at once. */
static void
test_bounds(void)
{
	struct buf	 b = BUF_INIT;
	char		*out, *cause, want[128];

	snprintf(want, sizeof want, "template variable 'd29' expands to "
	    "more than %d bytes", TEMPLATE_MAX_LEN);
	out = template_expand("x{d29}", lookup_doubling, "xxxxxxxx", &cause);
	ok(out == NULL, "2^29 doubling variables: no value");
	is_str(cause, want, "2^29 doubling variables: too long");
	free(cause);

	snprintf(want, sizeof want, "template variable 'd29' expands to "
	    "more than %d variables", TEMPLATE_MAX_REFS);
	out = template_expand("{d29}", lookup_doubling, "", &cause);
	ok(out == NULL, "2^29 empty variables: no value");
	is_str(cause, want, "2^29 empty variables: too many");
	free(cause);

	/* d13 is 2^13 = 8192 copies of 8 bytes: 64 KiB exactly. */
	out = template_expand("{d13}", lookup_doubling, "xxxxxxxx", &cause);
	ok(out != NULL && strlen(out) == TEMPLATE_MAX_LEN,
	    "a value of exactly TEMPLATE_MAX_LEN bytes expands");
	free(out);
	out = template_expand("{d13}.", lookup_doubling, "xxxxxxxx", &cause);
	snprintf(want, sizeof want, "the value expands to more than %d "
	    "bytes", TEMPLATE_MAX_LEN);
	is_str(cause, want, "one byte more is too long");
	free(cause);

	/* Long text with no variables counts the same. */
	while (b.len <= TEMPLATE_MAX_LEN)
		buf_addstr(&b, "abcdefgh");
	out = template_expand(b.data, lookup_doubling, "", &cause);
	is_str(cause, want, "text longer than the bound");
	free(cause);
	buf_release(&b);
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
	test_bounds();
	return tap_done();
}
