/* A few lines of TAP for the C unit tests: ok(), is_str(), done(). */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_n, tap_failed;

/* Reports one test; returns cond. */
static int
tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, name)	tap_ok((cond), (name), __FILE__, __LINE__)

/* Compares two strings, showing both when they differ. */
#define is_str(got, want, name) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (!ok(g_ != NULL && strcmp(g_, w_) == 0, (name)))		\
		printf("#   got:  [%s]\n#   want: [%s]\n",		\
		    g_ != NULL ? g_ : "(null)", w_);			\
} while (0)

/* Prints the plan and returns the exit status. */
static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif /* TAP_H */
