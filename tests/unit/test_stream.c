/*
 * NAME
 *	test_stream.c - a large text part read block by block gives the units of the
 *	part read whole, and holds less
 *
 * DESCRIPTION
 *	Differential cmocka tests: each generated message is walked twice, with
 *	content_limits.stream_min 1 (every part big enough is streamed, content/
 *	stream.h) and with streaming off, and every record must be the same: each
 *	unit's location, extractor, scope and text, and the cell unit_pos() gives at
 *	every line end, separator and every 61st byte; each unscannable report and
 *	skipped note. The parts: CSVs (quoted fields across lines and separators,
 *	a long row, Swedish letters), a TSV in quoted-printable, text/plain with
 *	uuencoded blocks after the first 64 KiB (one unterminated at the end) and
 *	lines that only look like begin lines, Latin-1 text with NUL bytes
 *	(converted block by block), ISO 8859-15 and Windows-1250 (bytes that are no
 *	character in it too) converted by iconv block by block, Windows-1258 (read
 *	whole: an accent composes with the letter before it across a block's end), UTF-8
 *	with broken bytes and characters cut at every place, the decoded-bytes budget
 *	running
 *	out mid-part, a block in the first 64 KiB, a charset iconv reads whole,
 *	OpenPGP armour past the first 64 KiB, a byte order mark at the start (and
 *	one followed by a begin line, read whole), UTF-16 and UTF-32 with their byte
 *	order named or a byte order mark's (surrogate pairs and lone surrogates cut
 *	at block ends; a mark over a declared charset, and over an unknown one, read
 *	whole), UTF-16 without a mark, a byte order mark at the start of a later
 *	block of Latin-1, HTML (UTF-8, the budget running out, by its name, Latin-1
 *	in quoted-printable, Windows-1250, UTF-16 by its mark, and a document the
 *	parser builds no element of), and a binary part. Units are 4 KiB, so a part makes
 *	dozens. Then one 4 MB CSV, in UTF-8, ISO 8859-15 and UTF-16LE: streamed, the
 *	heap in use while its units are matched stays megabytes below the part read
 *	whole, and the same in every charset; and a 4 MB HTML table, streamed, the
 *	same.
 *	Numbers: Skatteverket's test personnummer 640823-3234 only.
 */
#include "base/common.h"

#include <malloc.h>
#include <setjmp.h>
#ifdef __SANITIZE_ADDRESS__
/* the sanitizer's count (its allocator has no mallinfo); GCC ships no header */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif
#include <stdarg.h>
#include <cmocka.h>

#include <glib.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/extractor.h"
#include "content/mime.h"

/* what a walk gave, one record a line */
struct seen {
	struct buf b;
	size_t units;
	size_t base; /* heap in use when the walk started */
	size_t peak; /* the most heap in use during a unit, above base */
	bool measure;
};

/* heap_in_use - bytes allocated now (the sanitizer's allocator in its build) */
static size_t
heap_in_use(void)
{
#ifdef __SANITIZE_ADDRESS__
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd; /* chunks in the arenas and mmap()ed ones */
#endif
}

/* on_unit - a unit, its cells at line ends, separators and every 61st byte */
static int
on_unit(void *arg, const struct unit *u)
{
	struct seen *s = arg;
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA1);

	g_checksum_update(h, (const guchar *)u->text, (gssize)u->len);
	buf_printf(&s->b, "u %s|%s|%d|%zu|%s|%d", u->location, u->extractor, u->scope,
	    u->len, g_checksum_get_string(h), u->text[u->len] == '\0');
	g_checksum_free(h);
	for (size_t i = 0; u->grid != NULL && i <= u->len; i++)
		if (i % 61 == 0 || i == u->len || u->text[i] == '\n' ||
		    u->text[i] == ';' || u->text[i] == '\t') {
			struct pos p = unit_pos(u, i);

			buf_printf(&s->b, " %zu:%d.%u.%u", i, p.kind, p.row, p.col);
		}
	buf_putc(&s->b, '\n');
	s->units++;
	if (s->measure && heap_in_use() > s->base + s->peak)
		s->peak = heap_in_use() - s->base;
	return 0;
}

static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	struct seen *s = arg;
	struct buf l;

	buf_init(&l, 0);
	loc_render(&l, where, NULL);
	buf_printf(&s->b, "x %s|%s|%s\n", l.data, reason, detail ? detail : "");
	buf_free(&l);
}

static void
on_skipped(void *arg, const struct loc *where, const char *what)
{
	struct seen *s = arg;
	struct buf l;

	buf_init(&l, 0);
	loc_render(&l, where, NULL);
	buf_printf(&s->b, "s %s|%s\n", l.data, what);
	buf_free(&l);
}

/* walk - the records of one walk */
static void
walk(struct seen *s, const struct buf *msg, size_t stream_min, size_t max_decoded)
{
	struct content_limits lim = {
	    .max_unit = 4096, .stream_min = stream_min, .max_decoded = max_decoded};
	struct sink sink = {on_unit, on_unscannable, on_skipped, s, NULL, 0};

	buf_reset(&s->b);
	s->units = 0;
	s->peak = 0;
	s->base = heap_in_use();
	assert_int_equal(mime_walk(msg->data, msg->len, &lim, &sink), 0);
}

/* rnd - a fixed pseudo-random sequence */
static uint32_t
rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* base64 - data as base64 lines of 76 */
static void
base64(struct buf *out, const char *data, size_t len)
{
	gchar *b = g_base64_encode((const guchar *)data, len);
	size_t n = strlen(b);

	for (size_t i = 0; i < n; i += 76) {
		buf_append(out, b + i, n - i < 76 ? n - i : 76);
		buf_puts(out, "\r\n");
	}
	g_free(b);
}

/* csv - rows of a CSV: quoted fields with separators and line breaks, Swedish
 * letters, the test personnummer, a long row */
static void
csv(struct buf *t, uint32_t *seed, size_t size, char sep)
{
	buf_printf(t, "namn%cnummer%canteckning\n", sep, sep);
	while (t->len < size) {
		uint32_t r = rnd(seed) % 20;

		buf_printf(t, "K\xC3\xA4rstin %u%c", rnd(seed) % 1000, sep);
		buf_puts(t,
		    r == 0       ? "640823-3234"
		        : r == 1 ? "\"6408\n23-3234\""
		                 : "12345");
		buf_putc(t, sep);
		if (r == 2)
			buf_printf(
			    t, "\"rad ett%crad \"\"tv\xC3\xA5\"\"\nrad tre\"", sep);
		else if (r == 3)
			for (int k = 0; k < 700; k++)
				buf_printf(t, "l\xC3\xA5ng%c", k % 7 ? ' ' : sep);
		else
			buf_puts(t, "betald enligt avtal \xE2\x80\x93 ok");
		buf_putc(t, '\n');
	}
}

/* wide - UTF-8 text in UTF-16 (unit 2) or UTF-32 (4), little- or big-endian,
 * after a byte order mark when bom */
static void
wide(struct buf *out, const struct buf *t, size_t unit, bool little, bool bom)
{
	glong n = 0;
	gunichar *cp = g_utf8_to_ucs4_fast(t->data, (glong)t->len, &n);

	buf_reset(out);
	for (glong i = -1; i < n; i++) {
		uint32_t c = i < 0 ? 0xFEFF : cp[i], u[2];
		size_t k = 1;

		if (i < 0 && !bom)
			continue;
		if (unit == 2 && c >= 0x10000) {
			u[0] = 0xD800 + ((c - 0x10000) >> 10);
			u[1] = 0xDC00 + ((c - 0x10000) & 0x3FF);
			k = 2;
		} else
			u[0] = c;
		for (size_t j = 0; j < k; j++)
			for (size_t b = 0; b < unit; b++)
				buf_putc(out,
				    (char)(u[j] >> (8 * (little ? b : unit - 1 - b))));
	}
	g_free(cp);
}

/* prose - lines of text, some that only look like uuencode begin lines */
static void
prose(struct buf *t, uint32_t *seed, size_t size)
{
	while (t->len < size) {
		uint32_t r = rnd(seed) % 12;

		if (r == 0)
			buf_puts(t, "begin here: Personnummer 640823-3234\n");
		else if (r == 1)
			buf_puts(t, "begin 99 x\n");
		else
			buf_puts(t,
			    "Vi har g\xC3\xA5tt igenom underlaget \xE2\x80\x94 "
			    "och \xC3\xA5terkommer.\n");
	}
}

/* uublock - a uuencoded block of a short CSV (terminated or not) */
static void
uublock(struct buf *t, bool end)
{
	buf_puts(t,
	    "begin 644 lista.csv\n"
	    "M,C`R-BTP-2TQ-SLQ,C,T.S8T,#@R,RTS,C,T\"C(P,C8M,#4M,3@[-38W.#M&\n"
	    "`\n");
	if (end)
		buf_puts(t, "end\n");
}

/* html - an HTML document: a head with a title, tables of rows (Swedish letters
 * as entities and raw, the test personnummer cut by inline markup), and now and
 * then what the parser must get right across block boundaries: a script holding
 * "</", a comment, CDATA, pre, attributes read as lines, unclosed p and li, an
 * end tag of html with content after it, a text run longer than 64 KiB; in
 * `latin1` the letters are ISO 8859-1 bytes */
static void
html(struct buf *t, uint32_t *seed, size_t size, bool latin1)
{
	const char *ae = latin1 ? "\xE4" : "\xC3\xA4";

	buf_puts(t,
	    "<html><head><title>Lista  640823-3234</title>"
	    "<style>td { color: red }</style></head><body>\n<table>\n");
	while (t->len < size) {
		uint32_t r = rnd(seed) % 40;

		buf_printf(t,
		    "<tr><td>K%srstin %u</td><td>640823-<b>3234</b></td>"
		    "<td>K&auml;rstin &amp; co &#x41;</td></tr>\n",
		    ae, rnd(seed) % 1000);
		if (r == 0)
			buf_puts(t,
			    "<tr><td><script>var s = \"</p>\"; if (a < b) x();"
			    "</script>efter</td></tr>\n");
		else if (r == 1)
			buf_puts(t,
			    "<!-- kommentar 640823-3234 --><tr><td><![CDATA[ cd ]]>"
			    "<pre>  f\xC3\xB6r   mig\n  rad </pre></td></tr>\n");
		else if (r == 2)
			buf_puts(t,
			    "</table><p>stycke <a href=\"mailto:a@b.se?body="
			    "640823%2D3234\" title=\"l\xC3\xA4nk\">h\xC3\xA4r</a>"
			    "<p>och <ul><li>ett<li>tv\xC3\xA5</ul><table>\n");
		else if (r == 3)
			buf_puts(t,
			    "</table></body></html><p>efter html 640823-3234"
			    "</p><table>\n");
		else if (r == 4 && t->len > size / 2 && t->len < size / 2 + 100)
			for (int k = 0; k < 9000; k++)
				buf_puts(t, "l\xC3\xA5ng  text ");
	}
	buf_puts(t, "</table></body></html>\n");
}

/* message - a message with one attachment of `type` (charset cs, encoding enc),
 * text `t` */
static void
message(struct buf *m, const char *type, const char *cs, const char *name,
    const char *enc, const struct buf *t)
{
	buf_reset(m);
	buf_printf(m,
	    "From: a@example.se\r\nTo: b@example.com\r\nSubject: lista\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
	    "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSe bilaga.\r\n"
	    "--B\r\nContent-Type: %s%s%s; name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: %s\r\n\r\n",
	    type, cs ? "; charset=" : "", cs ? cs : "", name, name, enc);
	if (strcmp(enc, "base64") == 0)
		base64(m, t->data, t->len);
	else if (strcmp(enc, "quoted-printable") == 0) {
		for (size_t i = 0; i < t->len; i++) {
			unsigned char c = (unsigned char)t->data[i];

			if (c == '\n')
				buf_puts(m, "\r\n");
			else if (c >= 0x80 || c == '=' || c == '\t' || i % 70 == 69)
				buf_printf(m, "=%02X%s", c, i % 70 == 69 ? "=\r\n" : "");
			else
				buf_putc(m, (char)c);
		}
	} else
		buf_append(m, t->data, t->len);
	buf_puts(m, "\r\n--B--\r\n");
}

/* same - the two walks of a message give the same records */
static void
same(const char *name, const struct buf *msg, size_t max_decoded)
{
	struct seen a = {0}, b = {0};

	buf_init(&a.b, 0);
	buf_init(&b.b, 0);
	walk(&a, msg, 1, max_decoded);
	walk(&b, msg, SIZE_MAX, max_decoded);
	if (a.units < 20 || a.b.len != b.b.len || strcmp(a.b.data, b.b.data) != 0) {
		size_t i = 0;

		while (a.b.data && b.b.data && a.b.data[i] && a.b.data[i] == b.b.data[i])
			i++;
		fail_msg("%s: %zu units streamed, %zu whole; first difference at record "
		         "byte %zu:\nstreamed: %.300s\nwhole:    %.300s",
		    name, a.units, b.units, i, a.b.data ? a.b.data + i : "",
		    b.b.data ? b.b.data + i : "");
	}
	buf_free(&a.b);
	buf_free(&b.b);
}

/* test_stream_same_units - every kind of part, streamed and whole */
static void
test_stream_same_units(void **state)
{
	struct buf t, m;
	uint32_t seed = 14;

	(void)state;
	buf_init(&t, 0);
	buf_init(&m, 0);
	csv(&t, &seed, 300000, ';');
	message(&m, "text/csv", "utf-8", "lista.csv", "base64", &t);
	same("csv base64", &m, 0);
	message(&m, "application/octet-stream", NULL, "lista.csv", "8bit", &t);
	same("csv by name, 8bit", &m, 0);
	same("csv, budget runs out", &m, 150000);

	buf_reset(&t);
	csv(&t, &seed, 200000, '\t');
	message(&m, "text/plain", "utf-8", "lista.tsv", "quoted-printable", &t);
	same("tsv quoted-printable", &m, 0);

	buf_reset(&t);
	prose(&t, &seed, 100000);
	uublock(&t, true);
	prose(&t, &seed, 200000);
	uublock(&t, false);
	message(&m, "text/plain", "utf-8", "brev.txt", "base64", &t);
	same("text/plain with uuencoded blocks", &m, 0);

	buf_reset(&t);
	prose(&t, &seed, 20000);
	uublock(&t, true);
	prose(&t, &seed, 200000);
	message(&m, "text/plain", "utf-8", "brev.txt", "base64", &t);
	same("uuencoded block in the first 64 KiB", &m, 0);

	buf_reset(&t);
	while (t.len < 250000) {
		buf_puts(&t, "Personnummer 640823-3234 f\xF6r K\xE4rstin \xE9t\xE9 ");
		if (rnd(&seed) % 9 == 0)
			buf_append(&t, "\0", 1);
		buf_puts(&t, "\x96 slut\n");
	}
	message(&m, "text/plain", "iso-8859-1", "latin1.txt", "base64", &t);
	same("Latin-1 with NUL bytes", &m, 0);
	message(&m, "text/plain", "koi8-r", "koi8.txt", "base64", &t);
	same("charset iconv reads", &m, 0);
	message(&m, "text/plain", "ISO_8859-15", "latin9.txt", "8bit", &t);
	same("ISO 8859-15 in blocks of 64 KiB", &m, 0);
	/* 0x81, 0x83, 0x88, 0x90 and 0x98 are no character in Windows-1250 */
	for (size_t i = 0; i < t.len; i += 997)
		t.data[i] = "\x81\x83\x88\x90\x98"[i % 5];
	message(&m, "text/plain", "windows-1250", "cp1250.txt", "base64", &t);
	same("Windows-1250 with bytes that are no character", &m, 0);
	/* Windows-1258: glibc composes a letter with the accent after it, here the
	 * first byte of every 64 KiB block, after a line long enough for the
	 * uuencode filter to let it go before the block ends (a fuzz_stream find) */
	buf_reset(&t);
	while (t.len < 300000) {
		size_t start = t.len;

		buf_putc(&t, '\xEC');
		while (t.len - start < 4095)
			buf_puts(&t, t.len - start < 4081 ? "abcdefghi\n" : "A");
		buf_putc(&t, 'A');
	}
	message(&m, "text/plain", "windows-1258", "cp1258.txt", "8bit", &t);
	same("Windows-1258, an accent at each block's start", &m, 0);

	buf_reset(&t);
	while (t.len < 250000) {
		static const char *const bits[] = {"a", "\xC3\xA5", "\xE2\x80\x93",
		    "\xF0\x9F\x98\x80", "\xC3", "\xE2\x80", "\xFF", " 640823-3234 ",
		    "\n"};

		buf_puts(&t, bits[rnd(&seed) % ARRAY_SIZE(bits)]);
	}
	message(&m, "text/plain", "utf-8", "trasig.txt", "base64", &t);
	same("broken UTF-8", &m, 0);
	message(&m, "text/plain", NULL, "trasig.txt", "base64", &t);
	same("broken UTF-8, no charset", &m, 0);

	/* OpenPGP armour (an encrypted message: a symmetric-key session key
	 * packet) after the first 64 KiB: reported before the text, so the part is
	 * read whole */
	buf_reset(&t);
	prose(&t, &seed, 150000);
	buf_puts(&t,
	    "-----BEGIN PGP MESSAGE-----\n\njA0EBwMC\n=Xq7e\n"
	    "-----END PGP MESSAGE-----\n");
	prose(&t, &seed, 250000);
	message(&m, "text/plain", "utf-8", "brev.txt", "base64", &t);
	same("PGP armour after 64 KiB", &m, 0);
	message(&m, "text/csv", "utf-8", "brev.csv", "quoted-printable", &t);
	same("PGP armour after 64 KiB, CSV in quoted-printable", &m, 0);

	/* a UTF-8 byte order mark: dropped at the start of the text; one at the
	 * start of a later block of Latin-1 (8bit: blocks of 64 KiB) is three
	 * Windows-1252 characters there, as in the text read whole */
	buf_reset(&t);
	buf_puts(&t, "\xEF\xBB\xBF");
	prose(&t, &seed, 200000);
	message(&m, "text/plain", "utf-8", "bom.txt", "base64", &t);
	same("byte order mark at the start", &m, 0);
	buf_reset(&t);
	while (t.len < 300000)
		buf_puts(&t, "Personnummer 640823-3234 f\xF6r K\xE4rstin\n");
	memcpy(t.data + 3 * 65536, "\xEF\xBB\xBF", 3);
	message(&m, "text/plain", "iso-8859-1", "latin1.txt", "8bit", &t);
	same("byte order mark at a block's start, Latin-1", &m, 0);

	/* UTF-16 and UTF-32 with their byte order named, or a byte order mark's:
	 * code units, surrogate pairs and lone surrogates cut at block ends */
	{
		struct buf w;

		buf_init(&w, 0);
		buf_reset(&t);
		while (t.len < 200000) {
			buf_puts(
			    &t, "Personnummer 640823-3234 f\xC3\xB6r K\xC3\xA4rstin ");
			buf_puts(&t, rnd(&seed) % 3 ? "\xF0\x9F\x98\x80\n" : "ok\n");
		}
		wide(&w, &t, 2, true, false);
		message(&m, "text/csv", "utf-16le", "lista.csv", "base64", &w);
		same("UTF-16LE declared", &m, 0);
		/* lone surrogates, high and low, now and then */
		for (size_t i = 0; i + 1 < w.len; i += 2 * 997)
			w.data[i + 1] = (char)(i % 3 ? 0xD8 : 0xDC);
		message(&m, "text/plain", "UTF-16LE", "trasig.txt", "8bit", &w);
		same("UTF-16LE with lone surrogates, 8bit", &m, 0);
		wide(&w, &t, 2, false, true);
		message(&m, "text/plain", NULL, "bom.txt", "base64", &w);
		same("UTF-16BE by its byte order mark", &m, 0);
		wide(&w, &t, 2, true, true);
		message(&m, "text/plain", "windows-1252", "bom.txt", "base64", &w);
		same("UTF-16LE byte order mark over a declared charset", &m, 0);
		message(&m, "text/plain", "x-unknown", "bom.txt", "base64", &w);
		same("UTF-16LE byte order mark, unknown charset declared", &m, 0);
		wide(&w, &t, 4, true, false);
		message(&m, "text/plain", "utf-32le", "u32.txt", "base64", &w);
		same("UTF-32LE declared", &m, 0);
		buf_free(&w);
	}

	/* a UTF-8 byte order mark, then a uuencoded block on the first line */
	buf_reset(&t);
	buf_puts(&t, "\xEF\xBB\xBF");
	uublock(&t, true);
	prose(&t, &seed, 200000);
	message(&m, "text/plain", NULL, "bom-uu.txt", "base64", &t);
	same("byte order mark, then a begin line", &m, 0);

	/* UTF-16 without a byte order mark, declared UTF-8: its NUL bytes decide */
	buf_reset(&t);
	while (t.len < 200000)
		buf_append(&t,
		    "P\0n\0r\0 \0006\0004\0000\0008\0002\0003\0-\0"
		    "3\0002\0003\0004\0\n\0",
		    32);
	message(&m, "text/plain", "utf-8", "utf16.txt", "base64", &t);
	same("UTF-16 without a byte order mark", &m, 0);

	buf_reset(&t);
	html(&t, &seed, 400000, false);
	message(&m, "text/html", "utf-8", "lista.html", "base64", &t);
	same("HTML base64", &m, 0);
	same("HTML, budget runs out", &m, 150000);
	message(&m, "application/octet-stream", NULL, "lista.htm", "8bit", &t);
	same("HTML by name, 8bit", &m, 0);
	{
		struct buf w;

		buf_init(&w, 0);
		wide(&w, &t, 2, true, true);
		message(&m, "text/html", NULL, "lista.html", "base64", &w);
		same("HTML in UTF-16LE by its byte order mark", &m, 0);
		buf_free(&w);
	}
	buf_reset(&t);
	html(&t, &seed, 300000, true);
	message(&m, "text/html", "iso-8859-1", "lista.html", "quoted-printable", &t);
	same("HTML Latin-1 quoted-printable", &m, 0);
	message(&m, "text/html", "windows-1250", "lista.html", "base64", &t);
	same("HTML Windows-1250", &m, 0);
	/* nothing the parser builds an element of: the bytes as they are */
	buf_reset(&t);
	buf_puts(&t, "<!-- ");
	prose(&t, &seed, 200000);
	buf_puts(&t, " -->\n");
	message(&m, "text/html", "utf-8", "tom.html", "base64", &t);
	same("HTML without an element", &m, 0);

	buf_reset(&t);
	for (uint32_t i = 0; t.len < 300000; i++)
		buf_putc(&t, (char)(rnd(&seed) & 0xFF));
	message(&m, "application/octet-stream", NULL, "data.bin", "base64", &t);
	{
		struct seen a = {0}, b = {0};

		buf_init(&a.b, 0);
		buf_init(&b.b, 0);
		walk(&a, &m, 1, 0);
		walk(&b, &m, SIZE_MAX, 0);
		assert_string_equal(a.b.data ? a.b.data : "", b.b.data ? b.b.data : "");
		buf_free(&a.b);
		buf_free(&b.b);
	}
	buf_free(&t);
	buf_free(&m);
}

/* test_csv_marks - csv_marks_feed() in chunks of any size marks the rows a byte
 * loop over the whole text marks: the start, and a row start outside quotes at
 * least EXTRACT_CSV_CHECKPOINT bytes after the mark before */
static void
test_csv_marks(void **state)
{
	struct buf t;
	uint32_t seed = 21;
	size_t bad = 0, marks = 0;

	(void)state;
	buf_init(&t, 0);
	for (int round = 0; round < 30; round++) {
		struct csv_marks m;
		size_t last = 0, n = 0, rows = 1;
		bool q = false;
		char sep = round % 2 ? ';' : ',', prev = 0;

		buf_reset(&t);
		csv(&t, &seed, 20000 + 1000 * (size_t)round, sep);
		csv_marks_init(&m, sep);
		for (size_t at = 0, k; at < t.len; at += k) {
			k = 1 + rnd(&seed) % (round % 3 ? 700 : 3);
			if (k > t.len - at)
				k = t.len - at;
			csv_marks_feed(&m, t.data + at, k);
		}
		csv_marks_end(&m);
		/* the byte loop, mark by mark */
		for (size_t i = 0; i <= t.len; i++) {
			if (i == 0 ||
			    (i - last >= EXTRACT_CSV_CHECKPOINT && !q && prev == '\n')) {
				if (n >= m.n || m.v[n].off != i || m.v[n].row != rows)
					bad++;
				n++;
				last = i;
			}
			if (i == t.len)
				break;
			if (t.data[i] == '"')
				q = !q;
			else if (!q && t.data[i] == '\n')
				rows++;
			prev = t.data[i];
		}
		bad += n != m.n || m.row != rows || m.pos != t.len;
		marks += n;
		csv_marks_free(&m);
	}
	assert_int_equal(bad, 0);
	assert_true(marks > 30 * 10); /* 489 */
	buf_free(&t);
}

/* test_stream_memory - a 4 MB CSV streamed holds megabytes less while it is matched,
 * in UTF-8 and in a charset iconv converts */
static void
test_stream_memory(void **state)
{
	static const char *const charsets[] = {"utf-8", "iso-8859-15", "utf-16le"};
	struct buf t, m;
	uint32_t seed = 49;
	size_t utf8_peak = 0;

	(void)state;
	buf_init(&t, 0);
	buf_init(&m, 0);
	csv(&t, &seed, 4000000, ';');
	for (size_t i = 0; i < ARRAY_SIZE(charsets); i++) {
		struct seen a = {0}, b = {0};

		buf_init(&a.b, 0);
		buf_init(&b.b, 0);
		if (strcmp(charsets[i], "utf-16le") == 0) {
			struct buf w;

			buf_init(&w, 0);
			wide(&w, &t, 2, true, false);
			message(&m, "text/csv", charsets[i], "lista.csv", "base64", &w);
			buf_free(&w);
		} else
			message(&m, "text/csv", charsets[i], "lista.csv", "base64", &t);
		a.measure = b.measure = true;
		walk(&a, &m, 1, 0);
		walk(&b, &m, SIZE_MAX, 0);
		assert_string_equal(a.b.data, b.b.data);
		if (a.peak + 3000000 > b.peak)
			fail_msg("%s: heap in use while matching: %zu bytes streamed, "
			         "%zu whole",
			    charsets[i], a.peak, b.peak);
		/* converted a block at a time, not whole and then cut */
		if (i == 0)
			utf8_peak = a.peak;
		else if (a.peak > utf8_peak + 1000000)
			fail_msg("%s: %zu bytes in use streamed, UTF-8 %zu", charsets[i],
			    a.peak, utf8_peak);
		buf_free(&a.b);
		buf_free(&b.b);
	}
	buf_free(&t);
	buf_free(&m);
}

/* test_stream_html_memory - a 4 MB HTML table streamed holds megabytes less while it
 * is matched than read whole, and gives the same units */
static void
test_stream_html_memory(void **state)
{
	struct buf t, m;
	uint32_t seed = 70;
	struct seen a = {0}, b = {0};

	(void)state;
	buf_init(&t, 0);
	buf_init(&m, 0);
	buf_init(&a.b, 0);
	buf_init(&b.b, 0);
	html(&t, &seed, 4000000, false);
	message(&m, "text/html", "utf-8", "lista.html", "base64", &t);
	a.measure = b.measure = true;
	walk(&a, &m, 1, 0);
	walk(&b, &m, SIZE_MAX, 0);
	assert_string_equal(a.b.data, b.b.data);
	if (a.peak + 3000000 > b.peak)
		fail_msg("heap in use while matching: %zu bytes streamed, %zu whole",
		    a.peak, b.peak);
	buf_free(&a.b);
	buf_free(&b.b);
	buf_free(&t);
	buf_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_same_units),
	    cmocka_unit_test(test_csv_marks),
	    cmocka_unit_test(test_stream_memory),
	    cmocka_unit_test(test_stream_html_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
