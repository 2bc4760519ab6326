/* Expanding {variables} with nesting and cycle detection. */
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

static int	template_add(struct buf *, const char *, template_lookup, void *,
		    struct strv *, char **);

/* Appends the value of variable name, expanded; stack holds the names
 * being expanded, to find cycles. */
static int
template_var(struct buf *b, const char *name, template_lookup lookup,
    void *arg, struct strv *stack, char **cause)
{
	struct buf	 path = BUF_INIT;
	const char	*value;
	size_t		 i;
	int		 r;

	for (i = 0; i < stack->n; i++) {
		if (strcmp(stack->v[i], name) != 0)
			continue;
		for (; i < stack->n; i++)
			buf_addf(&path, "%s -> ", stack->v[i]);
		xasprintf(cause, "template variable '%s' refers to itself "
		    "(%s%s)", name, path.data, name);
		buf_release(&path);
		return -1;
	}
	if (stack->n >= TEMPLATE_DEPTH) {
		xasprintf(cause, "template variables nest deeper than %d",
		    TEMPLATE_DEPTH);
		return -1;
	}
	if ((value = lookup(name, arg)) == NULL) {
		xasprintf(cause, "unknown template variable '{%s}'", name);
		return -1;
	}
	strv_push(stack, name);
	r = template_add(b, value, lookup, arg, stack, cause);
	free(stack->v[--stack->n]);
	stack->v[stack->n] = NULL;
	return r;
}

/* Appends s with its variables expanded. */
static int
template_add(struct buf *b, const char *s, template_lookup lookup,
    void *arg, struct strv *stack, char **cause)
{
	const char	*close;
	char		*name;
	size_t		 n;
	int		 r;

	while (*s != '\0') {
		n = strcspn(s, "{");
		buf_add(b, s, n);
		s += n;
		if (*s == '\0')
			break;
		/* {{name}} stays for the next reader. */
		if (s[1] == '{' && (close = strstr(s, "}}")) != NULL) {
			buf_add(b, s, close + 2 - s);
			s = close + 2;
			continue;
		}
		n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (n == 0 || s[1 + n] != '}' || isdigit((unsigned char)s[1])) {
			/* Not a variable: a brace is just a brace. */
			buf_addch(b, *s++);
			continue;
		}
		name = xstrndup(s + 1, n);
		r = template_var(b, name, lookup, arg, stack, cause);
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
	struct buf	b = BUF_INIT;
	struct strv	stack = STRV_INIT;
	int		r;

	*cause = NULL;
	r = template_add(&b, s, lookup, arg, &stack, cause);
	strv_clear(&stack);
	if (r == -1) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}
