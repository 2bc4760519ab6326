/*
 * A growable byte buffer.  buf.data is never NULL and always ends in a NUL
 * byte (which len does not count), so it can be used as a C string as long
 * as the content has no NUL of its own.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;		/* 0 while data points at the shared "" */
};

extern char	buf_empty[];
#define BUF_INIT	{ buf_empty, 0, 0 }

/* Makes room for at least extra more bytes. */
void	 buf_grow(struct buf *b, size_t extra);
/* Appends len bytes. */
void	 buf_add(struct buf *b, const void *data, size_t len);
/* Appends a C string. */
void	 buf_addstr(struct buf *b, const char *s);
/* Appends one byte. */
void	 buf_addch(struct buf *b, int c);
/* Appends printf-formatted text. */
void	 buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
/*
 * Appends the C string s for a terminal: control characters (C0, DEL,
 * and C1 in UTF-8) as \t, \n, \r or \xHH, so that no word of a
 * command or name can move the cursor, clear the screen or end a line.
 */
void	 buf_addvis(struct buf *b, const char *s);
/* Removes the first n bytes. */
void	 buf_consume(struct buf *b, size_t n);
/* Empties the buffer, keeping its memory. */
void	 buf_reset(struct buf *b);
/* Returns the content as a heap string owned by the caller; b is reset. */
char	*buf_detach(struct buf *b);
/* Frees the memory; b is left empty and usable. */
void	 buf_release(struct buf *b);

#endif /* BUF_H */
