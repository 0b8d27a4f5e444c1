/*
 * fuzz_stream.c - a large text part read a block at a time gives what it gives
 * read whole (content/stream.h)
 *
 * Input: three lines, then a body: the charset (empty: none), the content type
 * (empty: text/plain), the transfer encoding ("8bit", anything else base64), and
 * the body, repeated until it is some 200 KB (so that it is streamed: more than
 * the 64 KiB type detection reads). The message holding it as an attachment is
 * walked twice with 4 KiB units, streamed (stream_min 1) and whole, and every
 * record must be the same: each unit's location, extractor, scope and text, each
 * unscannable report and skipped note (test_stream.c checks the same for
 * generated parts). Seeds: the text parts of corpus/ (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include <glib.h>

#include "base/buf.h"
#include "content/mime.h"
#include "fuzz/lib/fuzz.h"

#define BODY_MIN (200 * 1024)

/* on_unit - a unit as one record */
static int
on_unit(void *arg, const struct unit *u)
{
	buf_printf(arg, "u %s|%s|%d|%zu|", u->location, u->extractor, u->scope, u->len);
	buf_append(arg, u->text, u->len);
	buf_putc(arg, '\n');
	return 0;
}

static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	struct buf l;

	buf_init(&l, 0);
	loc_render(&l, where, NULL);
	buf_printf(arg, "x %s|%s|%s\n", l.data, reason, detail ? detail : "");
	buf_free(&l);
}

static void
on_skipped(void *arg, const struct loc *where, const char *what)
{
	struct buf l;

	buf_init(&l, 0);
	loc_render(&l, where, NULL);
	buf_printf(arg, "s %s|%s\n", l.data, what);
	buf_free(&l);
}

/* line - the next line of the input (without its LF) into out; false at the end */
static bool
line(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n;

	if (nl == NULL || (n = (size_t)(nl - *p)) >= cap)
		return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = nl + 1;
	return memchr(out, '\0', n) == NULL && strpbrk(out, "\r\";") == NULL;
}

/* walk - the records of one walk */
static void
walk(struct buf *rec, const struct buf *msg, size_t stream_min)
{
	struct content_limits lim = fuzz_env()->sc->lim;
	struct sink sink = {on_unit, on_unscannable, on_skipped, rec, NULL, 0};

	lim.max_unit = 4096;
	lim.stream_min = stream_min;
	buf_reset(rec);
	if (mime_walk(msg->data, msg->len, &lim, &sink) != 0)
		fuzz_fail("mime_walk failed with a sink that never aborts");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char cs[64], type[64], enc[16];
	struct buf body, msg, a, b;

	if (!line(&p, end, cs, sizeof(cs)) || !line(&p, end, type, sizeof(type)) ||
	    !line(&p, end, enc, sizeof(enc)) || p == end)
		return 0;
	buf_init(&body, 0);
	buf_init(&msg, 0);
	buf_init(&a, 0);
	buf_init(&b, 0);
	while (body.len < BODY_MIN)
		buf_append(&body, p, (size_t)(end - p));
	buf_printf(&msg,
	    "From: a@example.se\r\nTo: b@example.com\r\nSubject: lista\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
	    "--B\r\nContent-Type: %s%s%s; name=\"f\"\r\n"
	    "Content-Disposition: attachment; filename=\"f\"\r\n"
	    "Content-Transfer-Encoding: %s\r\n\r\n",
	    *type ? type : "text/plain", *cs ? "; charset=" : "", cs,
	    strcmp(enc, "8bit") == 0 ? "8bit" : "base64");
	if (strcmp(enc, "8bit") == 0) {
		/* a line "--B" in the body would end the part: not this target's job */
		if (memmem(body.data, body.len, "\n--B", 4) != NULL) {
			buf_free(&body);
			buf_free(&msg);
			return 0;
		}
		buf_append(&msg, body.data, body.len);
	} else {
		gchar *b64 = g_base64_encode((const guchar *)body.data, body.len);
		size_t n = strlen(b64);

		for (size_t i = 0; i < n; i += 76) {
			buf_append(&msg, b64 + i, n - i < 76 ? n - i : 76);
			buf_puts(&msg, "\r\n");
		}
		g_free(b64);
	}
	buf_puts(&msg, "\r\n--B--\r\n");
	mime_init();
	walk(&a, &msg, 1);
	walk(&b, &msg, SIZE_MAX);
	if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) {
		size_t i = 0;

		while (i < a.len && i < b.len && a.data[i] == b.data[i])
			i++;
		fuzz_fail(
		    "streamed and whole differ at record byte %zu:\nstreamed: %.200s\n"
		    "whole:    %.200s",
		    i, a.data + i, b.data + i);
	}
	buf_free(&body);
	buf_free(&msg);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
