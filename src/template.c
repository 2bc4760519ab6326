/* Expanding {variables} with nesting, cycle detection and bounds. */
#include "autoconf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strv.h"
#include "template.h"
#include "xmalloc.h"

/* Deepest nesting of variables inside variables. */
#define TEMPLATE_DEPTH	32

/* One expansion: the text so far, the names being expanded, the count. */
struct template_state {
	template_lookup	  lookup;
	void		 *arg;
	struct buf	  out;
	struct strv	  stack;	/* to find cycles, and for messages */
	size_t		  refs;		/* variables expanded so far */
	char		**cause;
};

static int	template_add(struct template_state *, const char *);

/* The variable written in the value that the one being expanded is in. */
static const char *
template_outer(const struct template_state *ts)
{
	return ts->stack.n > 0 ? ts->stack.v[0] : NULL;
}

/*
 * Appends n bytes of s, unless that makes the value longer than
 * TEMPLATE_MAX_LEN: checked before growing, so that a few doubling
 * variables cannot take gigabytes first.
 */
static int
template_put(struct template_state *ts, const char *s, size_t n)
{
	if (n > TEMPLATE_MAX_LEN - ts->out.len) {
		if (template_outer(ts) != NULL)
			xasprintf(ts->cause, "template variable '%s' expands "
			    "to more than %d bytes", template_outer(ts),
			    TEMPLATE_MAX_LEN);
		else
			xasprintf(ts->cause, "the value expands to more than "
			    "%d bytes", TEMPLATE_MAX_LEN);
		return -1;
	}
	buf_add(&ts->out, s, n);
	return 0;
}

/* Appends the value of variable name, expanded. */
static int
template_var(struct template_state *ts, const char *name)
{
	struct strv	*stack = &ts->stack;
	struct buf	 path = BUF_INIT;
	const char	*value;
	size_t		 i;
	int		 r;

	for (i = 0; i < stack->n; i++) {
		if (strcmp(stack->v[i], name) != 0)
			continue;
		for (; i < stack->n; i++)
			buf_addf(&path, "%s -> ", stack->v[i]);
		xasprintf(ts->cause, "template variable '%s' refers to itself "
		    "(%s%s)", name, path.data, name);
		buf_release(&path);
		return -1;
	}
	if (stack->n >= TEMPLATE_DEPTH) {
		xasprintf(ts->cause, "template variables nest deeper than %d",
		    TEMPLATE_DEPTH);
		return -1;
	}
	/* Variables that expand to nothing cost time, not length. */
	if (++ts->refs > TEMPLATE_MAX_REFS) {
		xasprintf(ts->cause, "template variable '%s' expands to more "
		    "than %d variables", template_outer(ts) != NULL ?
		    template_outer(ts) : name, TEMPLATE_MAX_REFS);
		return -1;
	}
	if ((value = ts->lookup(name, ts->arg)) == NULL) {
		xasprintf(ts->cause, "unknown template variable '{%s}'", name);
		return -1;
	}
	strv_push(stack, name);
	r = template_add(ts, value);
	free(stack->v[--stack->n]);
	stack->v[stack->n] = NULL;
	return r;
}

/* Appends s with its variables expanded. */
static int
template_add(struct template_state *ts, const char *s)
{
	const char	*close;
	char		*name;
	size_t		 n;
	int		 r;

	while (*s != '\0') {
		n = strcspn(s, "{");
		if (template_put(ts, s, n) == -1)
			return -1;
		s += n;
		if (*s == '\0')
			break;
		/* {{name}} stays for the next reader. */
		if (s[1] == '{' && (close = strstr(s, "}}")) != NULL) {
			if (template_put(ts, s, close + 2 - s) == -1)
				return -1;
			s = close + 2;
			continue;
		}
		n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (n == 0 || s[1 + n] != '}' || isdigit((unsigned char)s[1])) {
			/* Not a variable: a brace is just a brace. */
			if (template_put(ts, s++, 1) == -1)
				return -1;
			continue;
		}
		name = xstrndup(s + 1, n);
		r = template_var(ts, name);
		free(name);
		if (r == -1)
			return -1;
		s += n + 2;
	}
	return 0;
}

char *
template_expand(const char *s, template_lookup lookup, void *arg,
    char **cause)
{
	struct template_state	ts = { lookup, arg, BUF_INIT, STRV_INIT, 0,
				    cause };
	int			r;

	*cause = NULL;
	r = template_add(&ts, s);
	strv_clear(&ts.stack);
	if (r == -1) {
		buf_release(&ts.out);
		return NULL;
	}
	return buf_detach(&ts.out);
}
