/*
 * POSIX sh quoting: the only place in qxub that quotes for a shell.
 * A word quoted by sh_quote() reads back as exactly its bytes in any POSIX
 * shell (and bash, zsh), whatever they are.
 */
#ifndef QUOTE_H
#define QUOTE_H

struct buf;

/* Appends s in single quotes, each ' written as '\''. */
void	sh_quote(struct buf *b, const char *s);
/* Appends each word quoted by sh_quote(), separated by spaces. */
void	sh_quote_argv(struct buf *b, char *const *argv);
/* Like sh_quote(), but leaves words made only of safe characters bare; for display. */
void	sh_quote_pretty(struct buf *b, const char *s);
/* sh_quote_pretty() over an argv, separated by spaces; for display. */
void	sh_quote_argv_pretty(struct buf *b, char *const *argv);

#endif /* QUOTE_H */
