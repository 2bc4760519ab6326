/*
 * Template variables: {name} in a string is replaced by the value of
 * variable name, whose value may hold {other} variables in turn.  {{name}}
 * is left alone (as {{name}}) for whoever reads the string next, as qxub
 * 3.x does for a remote working_dir.  Pure functions over a lookup.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

/*
 * Looks up a variable: returns its raw value (which may itself hold
 * {variables}), or NULL when there is no such variable.
 */
typedef const char *(*template_lookup)(const char *name, void *arg);

/*
 * Expands every {name} in s; returns a heap string, or NULL with *cause
 * naming the unknown variable or the cycle (a -> b -> a) when expansion
 * cannot finish.
 */
char	*template_expand(const char *s, template_lookup lookup, void *arg,
	    char **cause);

#endif /* TEMPLATE_H */
