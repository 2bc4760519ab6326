/*
 * Messages on stderr.  Every line starts with the program name; errors say
 * the problem first and quote their subject.  Progress lines (job submitted,
 * started, finished) are a separate channel that exec turns on only when
 * stderr is a terminal or -v was given, and never with --quiet.
 */
#ifndef LOG_H
#define LOG_H

#include "compat.h"

/* Sets the name that prefixes every message. */
void	log_init(const char *progname);
/* Sets the -v level (0: errors and warnings only). */
void	log_set_verbose(int level);
/* Returns the -v level. */
int	log_verbose(void);
/* Turns progress lines on or off. */
void	log_set_progress(int on);
/* Prints "prog: warning: ..." on stderr. */
void	log_warn(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* Prints "prog: ..." on stderr and returns -1, for "return log_error(...)". */
int	log_error(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* Prints "prog: ..." when the -v level is at least level. */
void	log_debug(int level, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
/* Prints a progress line when progress is on (coloured unless NO_COLOR). */
void	log_progress(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* Prints the message with strerror(errno) appended and exits 1. */
__dead void fatal(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* Prints the message and exits 1. */
__dead void fatalx(const char *fmt, ...)
	    __attribute__((__format__(__printf__, 1, 2)));

#endif /* LOG_H */
