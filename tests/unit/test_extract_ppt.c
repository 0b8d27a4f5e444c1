/*
 * NAME
 *	test_extract_ppt.c - PowerPoint 97-2003 (.ppt) read in-process (extract/ppt.c)
 *
 * DESCRIPTION
 *	Record streams are built here byte by byte ([MS-PPT] 2.3.1 headers) and
 *	wrapped in an OLE2 file with libgsf (tests/lib/olegen.h), then handed to
 *	dispatch_part() as a .ppt attachment: a two-slide deck stored in the stream
 *	in the other order than the presentation's, found through Current User, the
 *	UserEditAtom and the persist directory (and without Current User: the
 *	stream's order), notes by their slide id, a master never read, text in the
 *	slide list and in the drawing taken once, TextBytesAtom as Latin-1, CStrings
 *	in a slide but not a tag's name; damage: a record cut off by the end of the
 *	stream, a record longer than its container, nesting past the bound, a file
 *	that is no OLE2 file. The corpus's LibreOffice fixtures give slide 2 and
 *	slide 2 > notes.
 *	Test numbers: 640823-3234, 701063-2391 and the fixtures' Skatteverket test
 *	numbers only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include "base/buf.h"
#include "content/content.h"
#include "content/dispatch.h"
#include "content/mime.h"
#include "lib/olegen.h"
#include "lib/recorder.h"
#include "lib/testdata.h"

#define AT "attachment \"bilder.ppt\""

/* le32_at - a little-endian 32-bit value written at b->data + off */
static void
le32_at(struct buf *b, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b->data[off + i] = (char)(v >> (8 * i));
}

/* u32 - a little-endian 32-bit value appended */
static void
u32(struct buf *b, uint32_t v)
{
	char s[4] = {0};

	assert_int_equal(buf_append(b, s, 4), 0);
	le32_at(b, b->len - 4, v);
}

/* open_rec - a record header (length patched by close_rec); its offset */
static size_t
open_rec(struct buf *b, unsigned ver, unsigned inst, unsigned type)
{
	size_t at = b->len;
	unsigned h = (ver & 0xF) | inst << 4;

	assert_int_equal(buf_putc(b, (char)(h & 0xFF)), 0);
	assert_int_equal(buf_putc(b, (char)(h >> 8)), 0);
	assert_int_equal(buf_putc(b, (char)(type & 0xFF)), 0);
	assert_int_equal(buf_putc(b, (char)(type >> 8)), 0);
	u32(b, 0);
	return at;
}

/* close_rec - the length of the record opened at `at`: to the end of b */
static void
close_rec(struct buf *b, size_t at)
{
	le32_at(b, at + 4, (uint32_t)(b->len - at - 8));
}

/* atom - a record with its body */
static void
atom(struct buf *b, unsigned inst, unsigned type, const void *d, size_t n)
{
	size_t at = open_rec(b, 0, inst, type);

	assert_int_equal(buf_append(b, d, n), 0);
	close_rec(b, at);
}

/* text16 - a UTF-16LE atom (TextCharsAtom 0x0FA0, CString 0x0FBA) of ASCII */
static void
text16(struct buf *b, unsigned type, const char *s)
{
	size_t at = open_rec(b, 0, 0, type);

	for (; *s; s++) {
		assert_int_equal(buf_putc(b, *s), 0);
		assert_int_equal(buf_putc(b, 0), 0);
	}
	close_rec(b, at);
}

/* persist_atom - a SlidePersistAtom: persist id, slide id */
static void
persist_atom(struct buf *b, uint32_t persist, uint32_t id)
{
	size_t at = open_rec(b, 0, 0, 0x03F3);

	u32(b, persist);
	u32(b, 0);
	u32(b, 0);
	u32(b, id);
	u32(b, 0);
	close_rec(b, at);
}

/* slide - a SlideContainer whose drawing's text box holds `text` */
static size_t
slide(struct buf *b, const char *text)
{
	size_t at = open_rec(b, 0xF, 0, 0x03EE), d = open_rec(b, 0xF, 0, 0x040C);
	size_t box = open_rec(b, 0xF, 0, 0xF00D);

	text16(b, 0x0FA0, text);
	close_rec(b, box);
	close_rec(b, d);
	close_rec(b, at);
	return at;
}

/* a deck: slide A (id 256, persist 2) then B (id 257, persist 3) in the
 * presentation, B stored first; notes (persist 4) of B; a master with text */
struct deck {
	struct buf doc, cu;
};

/* deck_build - the stream; `extra` (may be NULL) adds to slide A's list entry */
static void
deck_build(struct deck *k, void (*extra)(struct buf *))
{
	struct buf *b = &k->doc;
	size_t doc, list, a, bb, notes, dir, edit, r;

	buf_init(b, 0);
	buf_init(&k->cu, 0);
	doc = open_rec(b, 0xF, 0, 0x03E8);
	list = open_rec(b, 0xF, 0, 0x0FF0);
	persist_atom(b, 2, 256);
	if (extra != NULL)
		extra(b);
	persist_atom(b, 3, 257);
	close_rec(b, list);
	list = open_rec(b, 0xF, 2, 0x0FF0);
	persist_atom(b, 4, 0x100 + 1);
	close_rec(b, list);
	close_rec(b, doc);
	r = open_rec(b, 0xF, 0, 0x03F8); /* a main master: never read */
	text16(b, 0x0FA0, "Mastertext");
	close_rec(b, r);
	bb = slide(b, "Bild B");
	a = slide(b, "Bild A 640823-3234");
	notes = open_rec(b, 0xF, 0, 0x03F0);
	r = open_rec(b, 1, 0, 0x03F1);
	u32(b, 257);
	u32(b, 0);
	close_rec(b, r);
	r = open_rec(b, 0xF, 0, 0xF00D);
	text16(b, 0x0FA0, "Anteckning 701063-2391");
	close_rec(b, r);
	close_rec(b, notes);
	dir = open_rec(b, 0, 0, 0x1772);
	u32(b, 1 | 4U << 20);
	u32(b, (uint32_t)doc);
	u32(b, (uint32_t)a);
	u32(b, (uint32_t)bb);
	u32(b, (uint32_t)notes);
	close_rec(b, dir);
	edit = open_rec(b, 0, 0, 0x0FF5);
	u32(b, 256);
	u32(b, 0x03000000);
	u32(b, 0);             /* offsetLastEdit */
	u32(b, (uint32_t)dir); /* offsetPersistDirectory */
	u32(b, 1);             /* docPersistIdRef */
	u32(b, 5);
	u32(b, 0);
	close_rec(b, edit);
	r = open_rec(&k->cu, 0, 0, 0x0FF6);
	u32(&k->cu, 20);
	u32(&k->cu, 0xE391C05FU);
	u32(&k->cu, (uint32_t)edit);
	close_rec(&k->cu, r);
}

/* scan - the stream (and Current User, unless cu is NULL) as an OLE2 .ppt
 * attachment through the dispatcher into rc */
static void
scan(const struct buf *doc, const struct buf *cu, struct recorder *rc)
{
	struct ole_entry v[2] = {{"PowerPoint Document", doc->data, doc->len},
	    {"Current User", cu ? cu->data : NULL, cu ? cu->len : 0}};
	struct loc at = {NULL, LOC_ATTACHMENT, "bilder.ppt", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/vnd.ms-powerpoint", NULL, "bilder.ppt", SCOPE_ATTACHMENTS};
	struct sink sink = rec_sink(rc);
	struct extract_ctx x;
	struct buf ole;

	olegen(v, cu ? 2 : 1, &ole);
	mime_ctx_init(&x, &sink, NULL);
	assert_int_equal(dispatch_part(&x, &pi, (unsigned char *)ole.data, ole.len), 0);
	assert_false(rc->bad_unit);
	buf_free(&ole);
}

/* count_in - how many units hold s */
static size_t
count_in(const struct recorder *rc, const char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < rc->n; i++)
		for (const char *p = rc->r[i].text;
		     rc->r[i].kind == 'u' && (p = strstr(p, s)) != NULL; p++)
			n++;
	return n;
}

/* test_persist_order - slides in the presentation's order through the persist
 * directory, though stored the other way; notes by slide id; no master */
static void
test_persist_order(void **state)
{
	struct recorder rc = {0};
	struct deck k;

	(void)state;
	deck_build(&k, NULL);
	scan(&k.doc, &k.cu, &rc);
	rec_expect(
	    &rc, "slide 1", 'u', AT " > slide 1", "ppt", "Bild A 640823-3234", NULL);
	rec_expect(&rc, "slide 2", 'u', AT " > slide 2", "ppt", "Bild B", NULL);
	assert_int_equal(count_in(&rc, "640823"), 1);
	rec_expect(&rc, "notes", 'u', AT " > slide 2 > notes", "ppt",
	    "Anteckning 701063-2391", NULL);
	assert_int_equal(count_in(&rc, "Mastertext"), 0);
	assert_int_equal(rec_count(&rc, 'x', NULL), 0);
	rec_free(&rc);
	buf_free(&k.doc);
	buf_free(&k.cu);
}

/* test_stream_order - without Current User: the slides in the stream's order,
 * the notes still with the slide whose id they name */
static void
test_stream_order(void **state)
{
	struct recorder rc = {0};
	struct deck k;

	(void)state;
	deck_build(&k, NULL);
	scan(&k.doc, NULL, &rc);
	rec_expect(&rc, "slide 1", 'u', AT " > slide 1", "ppt", "Bild B", NULL);
	rec_expect(
	    &rc, "slide 2", 'u', AT " > slide 2", "ppt", "Bild A 640823-3234", NULL);
	rec_expect(
	    &rc, "notes", 'u', AT " > slide 2 > notes", "ppt", "701063-2391", NULL);
	assert_int_equal(count_in(&rc, "Mastertext"), 0);
	rec_free(&rc);
	buf_free(&k.doc);
	buf_free(&k.cu);
}

/* list_text - slide A's text in the slide list too, as PowerPoint writes it */
static void
list_text(struct buf *b)
{
	text16(b, 0x0FA0, "Bild A 640823-3234");
}

/* test_once - text in the slide list and in the drawing: taken once */
static void
test_once(void **state)
{
	struct recorder rc = {0};
	struct deck k;

	(void)state;
	deck_build(&k, list_text);
	scan(&k.doc, &k.cu, &rc);
	rec_expect(
	    &rc, "slide 1", 'u', AT " > slide 1", "ppt", "Bild A 640823-3234", NULL);
	if (count_in(&rc, "640823-3234") != 1)
		fail_msg("got the number %zu times, want once:\n%s",
		    count_in(&rc, "640823-3234"), rec_dump(&rc));
	rec_free(&rc);
	buf_free(&k.doc);
	buf_free(&k.cu);
}

/* one_slide - a stream of a document whose list names one slide, then `body`
 * written inside that SlideContainer (stream order: no Current User) */
static void
one_slide(struct buf *b, void (*body)(struct buf *))
{
	size_t doc, list, s;

	buf_init(b, 0);
	doc = open_rec(b, 0xF, 0, 0x03E8);
	list = open_rec(b, 0xF, 0, 0x0FF0);
	persist_atom(b, 2, 256);
	close_rec(b, list);
	close_rec(b, doc);
	s = open_rec(b, 0xF, 0, 0x03EE);
	body(b);
	close_rec(b, s);
}

/* latin1 - a TextBytesAtom in Latin-1 */
static void
latin1(struct buf *b)
{
	static const char t[] = "\xc5sa Ek 640823-3234, \xe5r 1964";

	atom(b, 0, 0x0FA8, t, sizeof(t) - 1);
}

/* cstrings - a CString in the slide (taken), a programmable tag's name (not) */
static void
cstrings(struct buf *b)
{
	size_t tag, blob;

	text16(b, 0x0FBA, "Kommentar 640823-3234");
	tag = open_rec(b, 0xF, 0, 0x1388);
	blob = open_rec(b, 0xF, 0, 0x138A);
	text16(b, 0x0FBA, "___PPT10");
	close_rec(b, blob);
	close_rec(b, tag);
}

/* test_text_kinds - TextBytesAtom read as Latin-1, CStrings where they are
 * text */
static void
test_text_kinds(void **state)
{
	struct recorder rc = {0};
	struct buf b;

	(void)state;
	one_slide(&b, latin1);
	scan(&b, NULL, &rc);
	rec_expect(&rc, "latin-1", 'u', AT " > slide 1", "ppt",
	    "Åsa Ek 640823-3234, år 1964", NULL);
	rec_free(&rc);
	buf_free(&b);
	one_slide(&b, cstrings);
	scan(&b, NULL, &rc);
	rec_expect(&rc, "cstring", 'u', AT " > slide 1", "ppt", "Kommentar 640823-3234",
	    "___PPT10");
	rec_free(&rc);
	buf_free(&b);
}

/* past_container - an atom whose length runs past its container (not past the
 * stream): the atom before it is read */
static void
past_container(struct buf *b)
{
	size_t box = open_rec(b, 0xF, 0, 0xF00D), at;

	text16(b, 0x0FA0, "Före 640823-3234");
	at = open_rec(b, 0, 0, 0x0FA0);
	close_rec(b, box);
	le32_at(b, at + 4, 40);
	text16(b, 0x0FA0, "Utanför");
	text16(b, 0x0FA0, "Utanför 2 och 3");
}

/* test_damage - a record past its container, a record cut off by the end of
 * the stream: legacy-failed, what came before still read */
static void
test_damage(void **state)
{
	struct recorder rc = {0};
	struct buf b;

	(void)state;
	one_slide(&b, past_container);
	scan(&b, NULL, &rc);
	rec_expect(
	    &rc, "before the damage", 'u', AT " > slide 1", "ppt", "640823-3234", NULL);
	rec_expect(
	    &rc, "past the container", 'x', AT, "legacy-failed", "runs past", NULL);
	rec_free(&rc);
	buf_free(&b);

	one_slide(&b, latin1);
	b.len -= 10; /* the stream ends inside the slide's text */
	scan(&b, NULL, &rc);
	rec_expect(&rc, "truncated", 'x', AT, "legacy-failed", "runs past", NULL);
	assert_int_equal(count_in(&rc, "640823"), 0);
	rec_free(&rc);
	buf_free(&b);
}

/* deep - 100 containers inside each other, the text at the bottom */
static void
deep(struct buf *b)
{
	size_t at[100];

	for (size_t i = 0; i < ARRAY_SIZE(at); i++)
		at[i] = open_rec(b, 0xF, 0, 0xF004);
	text16(b, 0x0FA0, "Djupt");
	for (size_t i = ARRAY_SIZE(at); i-- > 0;)
		close_rec(b, at[i]);
	text16(b, 0x0FA0, "Grunt 640823-3234");
}

/* test_deep - nesting past the bound: limits-exceeded, the rest still read */
static void
test_deep(void **state)
{
	struct recorder rc = {0};
	struct buf b;

	(void)state;
	one_slide(&b, deep);
	scan(&b, NULL, &rc);
	rec_expect(&rc, "deep", 'x', AT, "limits-exceeded", "nested deeper", NULL);
	rec_expect(&rc, "shallow text", 'u', AT " > slide 1", "ppt", "Grunt 640823-3234",
	    "Djupt");
	rec_free(&rc);
	buf_free(&b);
}

/* test_not_ole - the name of the stream in bytes that are no OLE2 file */
static void
test_not_ole(void **state)
{
	struct loc at = {NULL, LOC_ATTACHMENT, "bilder.ppt", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/vnd.ms-powerpoint", NULL, "bilder.ppt", SCOPE_ATTACHMENTS};
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	struct extract_ctx x;
	unsigned char d[600] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	const char *name = "PowerPoint Document";

	(void)state;
	for (size_t i = 0; name[i]; i++)
		d[512 + 2 * i] = (unsigned char)name[i];
	mime_ctx_init(&x, &sink, NULL);
	assert_int_equal(dispatch_part(&x, &pi, d, sizeof(d)), 0);
	rec_expect(&rc, "not OLE2", 'x', AT, "legacy-failed", "OLE2", NULL);
	rec_free(&rc);
}

/* test_fixtures - LibreOffice's .ppt: slide 2 of 3, and the notes of slide 2 */
static void
test_fixtures(void **state)
{
	static const struct {
		const char *file, *where, *text;
	} t[] = {
	    {"corpus/attachments/fixtures/introduktion.ppt", AT " > slide 2",
	        "Karin Lund, 911114-2395, börjar i team Nord"},
	    {"corpus/attachments/fixtures/genomgang.ppt", AT " > slide 2 > notes",
	        "Fråga Per Nyström (930223-2393) om retroaktiv lön."},
	};
	struct loc at = {NULL, LOC_ATTACHMENT, "bilder.ppt", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/vnd.ms-powerpoint", NULL, "bilder.ppt", SCOPE_ATTACHMENTS};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct recorder rc = {0};
		struct sink sink = rec_sink(&rc);
		struct extract_ctx x;
		struct buf data;

		testdata_read(t[i].file, &data);
		mime_ctx_init(&x, &sink, NULL);
		assert_int_equal(
		    dispatch_part(&x, &pi, (unsigned char *)data.data, data.len), 0);
		rec_expect(&rc, t[i].file, 'u', t[i].where, "ppt", t[i].text, NULL);
		assert_int_equal(rec_count(&rc, 'x', NULL), 0);
		rec_free(&rc);
		buf_free(&data);
	}
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_persist_order),
	    cmocka_unit_test(test_stream_order),
	    cmocka_unit_test(test_once),
	    cmocka_unit_test(test_text_kinds),
	    cmocka_unit_test(test_damage),
	    cmocka_unit_test(test_deep),
	    cmocka_unit_test(test_not_ole),
	    cmocka_unit_test(test_fixtures),
	};

	mime_init();
	return cmocka_run_group_tests_name("extract_ppt", tests, NULL, NULL);
}
