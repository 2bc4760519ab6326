/* Growable, always NUL-terminated byte buffers. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "xmalloc.h"

char	buf_empty[1];

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	want;

	if (b->len + extra + 1 < b->len)
		fatalx("buf_grow: size overflow");
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	if (b->cap == 0)
		b->data = NULL;
	if (want < 2 * b->cap)
		want = 2 * b->cap;
	if (want < 64)
		want = 64;
	b->data = xreallocarray(b->data, want, 1);
	if (b->cap == 0)
		b->data[0] = '\0';
	b->cap = want;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (len == 0)
		return;
	buf_grow(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, int c)
{
	char	ch = c;

	buf_add(b, &ch, 1);
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("buf_addf: bad format");
	buf_grow(b, n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

void
buf_addvis(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\t')
			buf_addstr(b, "\\t");
		else if (*p == '\n')
			buf_addstr(b, "\\n");
		else if (*p == '\r')
			buf_addstr(b, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* U+0080 to U+009F: CSI and the other C1 controls. */
			buf_addf(b, "\\xc2\\x%02x", p[1]);
			p++;
		} else
			buf_addch(b, *p);
	}
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		buf_reset(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap != 0)
		b->data[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char	*s;

	if (b->cap == 0)
		s = xstrdup("");
	else
		s = b->data;
	b->data = buf_empty;
	b->len = b->cap = 0;
	return s;
}

void
buf_release(struct buf *b)
{
	if (b->cap != 0)
		free(b->data);
	b->data = buf_empty;
	b->len = b->cap = 0;
}
