/*
 * Template variables: {name} in a string is replaced by the value of
 * variable name, whose value may hold {other} variables in turn.  {{name}}
 * is left alone (as {{name}}) for whoever reads the string next, as qxub
 * 3.x does for a remote working_dir.  Pure functions over a lookup.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

/*
 * Bounds on one expanded value: its length in bytes, and the number of
 * variables expanded in it (nested ones included), so that a few
 * templates that each use the one before twice fail at once instead of
 * taking all memory, or all night.
 */
#define TEMPLATE_MAX_LEN	(64 * 1024)
#define TEMPLATE_MAX_REFS	65536

/*
 * Looks up a variable: returns its raw value (which may itself hold
 * {variables}), or NULL when there is no such variable.
 */
typedef const char *(*template_lookup)(const char *name, void *arg);

/*
 * Expands every {name} in s; returns a heap string, or NULL with *cause
 * naming the unknown variable, the cycle (a -> b -> a), or the variable
 * written in s that makes the value longer than TEMPLATE_MAX_LEN bytes
 * or use more than TEMPLATE_MAX_REFS variables, when expansion cannot
 * finish.
 */
char	*template_expand(const char *s, template_lookup lookup, void *arg,
	    char **cause);

#endif /* TEMPLATE_H */
