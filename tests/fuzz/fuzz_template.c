/*
 * Template expansion.  The input's first line is the string expanded;
 * each further line NAME=VALUE is a variable (the first of a name wins).
 */
#include "autoconf.h"

#include "fuzz.h"
#include "template.h"

struct vars {
	char	**name, **value;
	size_t	  n;
};

static const char *
lookup(const char *name, void *arg)
{
	struct vars	*v = arg;
	size_t		 i;

	for (i = 0; i < v->n; i++) {
		if (strcmp(v->name[i], name) == 0)
			return v->value[i];
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vars	 v = { NULL, NULL, 0 };
	char		*s, *line, *next, *eq, *out, *cause;
	size_t		 max;

	s = fuzz_string(data, size);
	max = size / 2 + 1;
	if ((v.name = calloc(max, sizeof *v.name)) == NULL ||
	    (v.value = calloc(max, sizeof *v.value)) == NULL)
		abort();
	if ((line = strchr(s, '\n')) != NULL)
		*line++ = '\0';
	for (; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		v.name[v.n] = line;
		v.value[v.n++] = eq + 1;
	}
	if ((out = template_expand(s, lookup, &v, &cause)) == NULL)
		free(cause);
	free(out);
	free(v.name);
	free(v.value);
	free(s);
	return 0;
}
