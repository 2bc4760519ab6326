/* Diagnostics and progress on stderr. */
#include "autoconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "qxub.h"

static const char	*log_name = "qxub";
static int		 log_level;
static int		 log_progress_on;

void
log_init(const char *progname)
{
	log_name = progname;
}

void
log_set_verbose(int level)
{
	log_level = level;
}

int
log_verbose(void)
{
	return log_level;
}

void
log_set_progress(int on)
{
	log_progress_on = on;
}

/*
 * Writes "prog: TAG message" as one write(2), so lines from concurrent
 * writers never interleave; progress lines get a coloured program name on
 * a terminal unless NO_COLOR is set.
 */
static void
log_vline(const char *tag, int colour, const char *fmt, va_list ap)
{
	char	 line[4096];
	int	 n, m;

	if (colour)
		n = snprintf(line, sizeof line, "\033[1;36m%s:\033[0m %s",
		    log_name, tag);
	else
		n = snprintf(line, sizeof line, "%s: %s", log_name, tag);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	m = vsnprintf(line + n, sizeof line - n, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n >= sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	fflush(stdout);
	(void)!write(STDERR_FILENO, line, n);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("warning: ", 0, fmt, ap);
	va_end(ap);
}

int
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("", 0, fmt, ap);
	va_end(ap);
	return -1;
}

void
log_debug(int level, const char *fmt, ...)
{
	va_list	ap;

	if (log_level < level)
		return;
	va_start(ap, fmt);
	log_vline("", 0, fmt, ap);
	va_end(ap);
}

void
log_progress(const char *fmt, ...)
{
	const char	*nc = getenv("NO_COLOR");
	va_list		 ap;

	if (!log_progress_on)
		return;
	va_start(ap, fmt);
	log_vline("", isatty(STDERR_FILENO) && (nc == NULL || *nc == '\0'),
	    fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	char	msg[2048];
	int	saved = errno;
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s: %s", msg, strerror(saved));
	exit(QXUB_EXIT_FAILURE);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline("", 0, fmt, ap);
	va_end(ap);
	exit(QXUB_EXIT_FAILURE);
}
