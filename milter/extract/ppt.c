/*
 * NAME
 *	ppt.c - PowerPoint 97-2003 (.ppt) in-process: a unit per slide, its notes
 *
 * DESCRIPTION
 *	A .ppt is an OLE2 compound file (ole.h) whose "PowerPoint Document" stream
 *	is a tree of records ([MS-PPT] 2.3.1: recVer and recInstance in 2 bytes,
 *	recType in 2, recLen in 4; recVer 0xF makes a container of records).
 *	extract_ppt() reads that stream and "Current User" from memory with libgsf
 *	and finds the slides as PowerPoint does:
 *	  Current User's offsetToCurrentEdit  the newest UserEditAtom (0x0FF5); its
 *	                                      offsetLastEdit chain, newest first,
 *	                                      gives the persist directories (0x1772):
 *	                                      persist id to stream offset
 *	  DocumentContainer (0x03E8)          its SlideListWithText (0x0FF0)
 *	                                      instance 0 lists the slides in the
 *	                                      presentation's order (SlidePersistAtom
 *	                                      0x03F3: persist id, slide id) with the
 *	                                      text PowerPoint keeps there; instance 2
 *	                                      lists the notes
 *	  SlideContainer (0x03EE)             slide N: the text of its drawing
 *	                                      (OfficeArtClientTextbox, where
 *	                                      LibreOffice writes it), its headers and
 *	                                      footers, comments, its name
 *	  NotesContainer (0x03F0)             the notes of the slide its NotesAtom
 *	                                      names: "slide N > notes", as pptx;
 *	                                      notes of no slide: "notes" at the file
 *	When that chain cannot be followed (no Current User, an offset that points
 *	at no record of the right type), the stream is read in its own order: the
 *	first DocumentContainer, the SlideContainers numbered as they come, the
 *	NotesContainers by their NotesAtom (the notes master's skipped).
 *	Text: TextCharsAtom (0x0FA0, UTF-16LE), TextBytesAtom (0x0FA8, Latin-1) and,
 *	inside a slide or its notes and in the document's headers, footers and
 *	hyperlinks, CString (0x0FBA, UTF-16LE), but for the names and values of
 *	programmable tags. A text that the slide list and the drawing both hold is
 *	taken once per slide (so is the same text twice in one slide). Paragraph
 *	and line breaks become newlines. Units: extractor "ppt", one per slide and
 *	one per slide's notes; the document's headers, footers and link targets
 *	at the file.
 *	Not read: the masters (MainMasterContainer 0x03F8, the notes master, the
 *	handout): layout text ("Click to edit"), not what people write; pictures;
 *	embedded objects.
 *	A file libgsf cannot open, a stream it cannot read, a record that runs past
 *	its container or the stream: unscannable "legacy-failed" (the text read
 *	before the damage is still emitted). Encrypted presentations are told
 *	before this (ole_kind(), ole.h).
 *
 * LIMITS
 *	The stream is read only within what is left of max_decoded (else
 *	"limits-exceeded"); records nest at most PPT_MAX_DEPTH deep (deeper ones
 *	are not read: "limits-exceeded"); at most PPT_MAX_EDITS edits are followed
 *	back, each at a smaller offset; at most PPT_MAX_SEEN texts are remembered
 *	to take each once (past that a text may be taken twice). Every length is
 *	checked against the record around it and the stream.
 */
#include "base/common.h"

#include <glib.h>
#include <gsf/gsf-infile.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/ole.h"
#include "extract/ppt.h"

#define PPT_MAX_DEPTH 64
#define PPT_MAX_EDITS 4096
#define PPT_MAX_SEEN  (1 << 18)
#define PPT_CU_MAX    4096        /* bytes of Current User read */
#define PPT_MASTER_ID 0x80000000U /* ids from here are masters' (MS-PPT 2.2.2) */

/* record types ([MS-PPT] 2.13.24) */
enum {
	RT_DOCUMENT = 0x03E8,
	RT_SLIDE = 0x03EE,
	RT_NOTES = 0x03F0,
	RT_NOTES_ATOM = 0x03F1,
	RT_SLIDE_PERSIST = 0x03F3,
	RT_EXOBJLIST = 0x0409,
	RT_EXHYPERLINK = 0x0FD7,
	RT_HEADERS_FOOTERS = 0x0FD9,
	RT_TEXT_CHARS = 0x0FA0,
	RT_TEXT_BYTES = 0x0FA8,
	RT_CSTRING = 0x0FBA,
	RT_SLIDE_LIST = 0x0FF0,
	RT_USER_EDIT = 0x0FF5,
	RT_PROG_STRING_TAG = 0x1389,
	RT_PROG_BINARY_TAG = 0x138A,
	RT_BINARY_TAG_DATA = 0x138B,
	RT_PERSIST_DIR = 0x1772,
};

/* a record: its header's fields, where its body is in the stream */
struct rec {
	unsigned ver, inst, type;
	size_t body, len;
};

/* a slide: its persist id and slide id (from the slide list), its text */
struct slide {
	uint32_t persist, id;
	struct buf text, notes;
};

/* one presentation being read */
struct ppt {
	struct extract_ctx *x;
	const struct part_info *pi;
	const unsigned char *d;
	size_t len;
	GHashTable *persist; /* persist id -> stream offset */
	GHashTable *ids;     /* slide id -> index in s */
	GHashTable *seen;    /* texts taken (struct seen) */
	struct slide **s;    /* in the presentation's order */
	size_t ns, scap;
	uint32_t *notes; /* persist ids of the notes */
	size_t nn, ncap;
	struct buf file, loose; /* the document's own text; notes of no slide */
	size_t damaged;         /* 1 + offset of the first damaged record, or 0 */
	bool deep, nomem;
};

/* where the text of a walk goes: the buffer, whether CStrings are text there,
 * whether damage is expected (a tag's data may be anything) */
struct into {
	struct buf *b;
	bool cstr, lax;
};

/* a text taken: its place in a buffer */
struct seen {
	const struct buf *b;
	size_t off, len;
};

/* seen_hash, seen_equal - a text taken, by its buffer and bytes (FNV-1a) */
static guint
seen_hash(gconstpointer k)
{
	const struct seen *s = k;
	const unsigned char *t = (const unsigned char *)s->b->data + s->off;
	uint32_t h = 2166136261U ^ (uint32_t)(uintptr_t)s->b;

	for (size_t i = 0; i < s->len; i++)
		h = (h ^ t[i]) * 16777619U;
	return h;
}

static gboolean
seen_equal(gconstpointer a, gconstpointer b)
{
	const struct seen *s = a, *t = b;

	return s->b == t->b && s->len == t->len &&
	    memcmp(s->b->data + s->off, t->b->data + t->off, s->len) == 0;
}

/* rec_read - the record whose header is at off, inside [off, end) of the
 * stream; false when it does not fit */
static bool
rec_read(const struct ppt *p, size_t off, size_t end, struct rec *r)
{
	unsigned h;

	if (end > p->len || off > end || end - off < 8)
		return false;
	h = ole_le16(p->d + off);
	r->ver = h & 0xF;
	r->inst = h >> 4;
	r->type = ole_le16(p->d + off + 2);
	r->len = ole_le32(p->d + off + 4);
	r->body = off + 8;
	return r->len <= end - r->body;
}

/* damaged - a record at off that does not fit: the first one is reported */
static void
damaged(struct ppt *p, size_t off)
{
	if (p->damaged == 0)
		p->damaged = off + 1;
}

/* taken - whether b holds the text from off to its end already; else it is
 * remembered */
static bool
taken(struct ppt *p, const struct buf *b, size_t off)
{
	struct seen k = {b, off, b->len - off}, *v;

	if (g_hash_table_contains(p->seen, &k))
		return true;
	if (g_hash_table_size(p->seen) < PPT_MAX_SEEN) {
		v = g_new(struct seen, 1);
		*v = k;
		g_hash_table_add(p->seen, v);
	}
	return false;
}

/* take - n bytes of text in `charset` appended to b as UTF-8 with a newline,
 * unless b holds that text already */
static void
take(struct ppt *p, struct buf *b, const char *charset, const unsigned char *s, size_t n)
{
	size_t off = b->len, un;
	char *u;

	if (n == 0)
		return;
	if ((u = charset_to_utf8(charset, (const char *)s, n, &un)) == NULL) {
		p->nomem = true;
		return;
	}
	for (size_t i = 0; i < un; i++)
		if (u[i] == '\r' || u[i] == '\v')
			u[i] = '\n';
	if (buf_append(b, u, un) == -1)
		p->nomem = true;
	else if (taken(p, b, off)) {
		b->len = off;
		b->data[off] = '\0';
	} else if (buf_putc(b, '\n') == -1)
		p->nomem = true;
	free(u);
}

/* walk - the records in [off, end) of the stream, depth deep: their text into
 * in->b; parent is the type of the record around them */
static void
walk(struct ppt *p, size_t off, size_t end, unsigned depth, const struct into *in,
    unsigned parent)
{
	struct into sub = *in;
	struct rec r;

	for (; off < end; off = r.body + r.len) {
		if (!rec_read(p, off, end, &r)) {
			if (!in->lax)
				damaged(p, off);
			return;
		}
		if (r.type == RT_TEXT_CHARS ||
		    (r.type == RT_CSTRING && in->cstr && parent != RT_PROG_STRING_TAG &&
		        parent != RT_PROG_BINARY_TAG))
			take(p, in->b, "UTF-16LE", p->d + r.body, r.len);
		else if (r.type == RT_TEXT_BYTES)
			take(p, in->b, "ISO-8859-1", p->d + r.body, r.len);
		else if (r.ver == 0xF || r.type == RT_BINARY_TAG_DATA) {
			if (depth >= PPT_MAX_DEPTH) {
				p->deep = true;
				continue;
			}
			sub.lax = in->lax || r.type == RT_BINARY_TAG_DATA;
			walk(p, r.body, r.body + r.len, depth + 1, &sub, r.type);
		}
	}
}

/* add_slide - a slide of the slide list (or, known: false, found in the stream
 * past it); NULL when memory ran out */
static struct slide *
add_slide(struct ppt *p, uint32_t persist, uint32_t id, bool known)
{
	struct slide *s, **v;

	if (p->ns == p->scap) {
		size_t cap = p->scap ? 2 * p->scap : 16;

		if ((v = realloc(p->s, cap * sizeof(*v))) == NULL)
			goto oom;
		p->s = v;
		p->scap = cap;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		goto oom;
	s->persist = persist;
	s->id = id;
	buf_init(&s->text, 0);
	buf_init(&s->notes, 0);
	if (known && !g_hash_table_contains(p->ids, GUINT_TO_POINTER(id)))
		g_hash_table_insert(
		    p->ids, GUINT_TO_POINTER(id), GSIZE_TO_POINTER(p->ns));
	p->s[p->ns++] = s;
	return s;
oom:
	p->nomem = true;
	return NULL;
}

/* add_notes - the persist id of a notes slide of the notes list */
static void
add_notes(struct ppt *p, uint32_t persist)
{
	uint32_t *v;

	if (p->nn == p->ncap) {
		size_t cap = p->ncap ? 2 * p->ncap : 16;

		if ((v = realloc(p->notes, cap * sizeof(*v))) == NULL) {
			p->nomem = true;
			return;
		}
		p->notes = v;
		p->ncap = cap;
	}
	p->notes[p->nn++] = persist;
}

/* slide_list - a SlideListWithText: slides (instance 0) with their text, or
 * notes (instance 2) */
static void
slide_list(struct ppt *p, const struct rec *list)
{
	struct buf *to = &p->file;
	struct slide *s;
	struct rec r;

	for (size_t off = list->body, end = list->body + list->len; off < end;
	     off = r.body + r.len) {
		if (!rec_read(p, off, end, &r)) {
			damaged(p, off);
			return;
		}
		if (r.type == RT_SLIDE_PERSIST && r.len >= 16 && list->inst == 0) {
			s = add_slide(p, ole_le32(p->d + r.body),
			    ole_le32(p->d + r.body + 12), true);
			to = s != NULL ? &s->text : &p->file;
		} else if (r.type == RT_SLIDE_PERSIST && r.len >= 4 && list->inst == 2)
			add_notes(p, ole_le32(p->d + r.body));
		else if (list->inst == 0 && r.type == RT_TEXT_CHARS)
			take(p, to, "UTF-16LE", p->d + r.body, r.len);
		else if (list->inst == 0 && r.type == RT_TEXT_BYTES)
			take(p, to, "ISO-8859-1", p->d + r.body, r.len);
	}
}

/* document - a DocumentContainer: the slide and notes lists, the document's
 * headers and footers and its hyperlinks (their text at the file) */
static void
document(struct ppt *p, const struct rec *doc)
{
	const struct into file = {&p->file, true, false};
	struct rec r, h;

	for (size_t off = doc->body, end = doc->body + doc->len; off < end;
	     off = r.body + r.len) {
		if (!rec_read(p, off, end, &r)) {
			damaged(p, off);
			return;
		}
		if (r.type == RT_SLIDE_LIST && r.ver == 0xF)
			slide_list(p, &r);
		else if (r.type == RT_HEADERS_FOOTERS && r.ver == 0xF)
			walk(p, r.body, r.body + r.len, 2, &file, r.type);
		else if (r.type == RT_EXOBJLIST && r.ver == 0xF)
			for (size_t o = r.body; o < r.body + r.len; o = h.body + h.len) {
				if (!rec_read(p, o, r.body + r.len, &h)) {
					damaged(p, o);
					break;
				}
				if (h.type == RT_EXHYPERLINK && h.ver == 0xF)
					walk(p, h.body, h.body + h.len, 3, &file, h.type);
			}
	}
}

/* notes_of - a NotesContainer: its text to the notes of the slide its
 * NotesAtom names, or to the notes of no slide; a master's are not read */
static void
notes_of(struct ppt *p, const struct rec *notes)
{
	struct into in = {&p->loose, true, false};
	gpointer i;
	uint32_t id;
	struct rec r;

	if (rec_read(p, notes->body, notes->body + notes->len, &r) &&
	    r.type == RT_NOTES_ATOM && r.len >= 4) {
		id = ole_le32(p->d + r.body);
		if (g_hash_table_lookup_extended(p->ids, GUINT_TO_POINTER(id), NULL, &i))
			in.b = &p->s[GPOINTER_TO_SIZE(i)]->notes;
		else if (id == 0 || id >= PPT_MASTER_ID)
			return;
	}
	walk(p, notes->body, notes->body + notes->len, 1, &in, RT_NOTES);
}

/* persist_dir - the PersistDirectoryAtom at off into the persist map (an id
 * already there, from a newer edit, stays); -1 when it is not one or damaged */
static int
persist_dir(struct ppt *p, size_t off)
{
	struct rec r;
	size_t pos, end, c;
	uint32_t e, id;

	if (!rec_read(p, off, p->len, &r) || r.type != RT_PERSIST_DIR)
		return -1;
	for (pos = r.body, end = r.body + r.len; pos < end; pos += 4 + 4 * c) {
		if (end - pos < 4)
			return -1;
		e = ole_le32(p->d + pos);
		id = e & 0xFFFFF;
		c = e >> 20;
		if (c > (end - pos - 4) / 4)
			return -1;
		for (size_t i = 0; i < c; i++)
			if (!g_hash_table_contains(p->persist, GUINT_TO_POINTER(id + i)))
				g_hash_table_insert(p->persist, GUINT_TO_POINTER(id + i),
				    GSIZE_TO_POINTER(
				        (size_t)ole_le32(p->d + pos + 4 + 4 * i)));
	}
	return 0;
}

/* object - the container persist id `id` stands for, if it is of `type` */
static bool
object(const struct ppt *p, uint32_t id, unsigned type, struct rec *r)
{
	gpointer off;

	return g_hash_table_lookup_extended(
	           p->persist, GUINT_TO_POINTER(id), NULL, &off) &&
	    rec_read(p, GPOINTER_TO_SIZE(off), p->len, r) && r->type == type &&
	    r->ver == 0xF;
}

/* directory - the persist map from the newest edit back (Current User names
 * it); the document's persist id into *doc; -1 when it cannot be followed */
static int
directory(struct ppt *p, const unsigned char *cu, size_t culen, uint32_t *doc)
{
	size_t edit, last = SIZE_MAX;
	struct rec r;

	if (cu == NULL || culen < 20)
		return -1;
	edit = ole_le32(cu + 16); /* offsetToCurrentEdit (MS-PPT 2.3.2) */
	for (unsigned n = 0; n < PPT_MAX_EDITS; n++) {
		if (edit >= last || !rec_read(p, edit, p->len, &r) ||
		    r.type != RT_USER_EDIT || r.len < 20)
			return -1;
		if (n == 0)
			*doc = ole_le32(p->d + r.body + 16); /* docPersistIdRef */
		if (persist_dir(p, ole_le32(p->d + r.body + 12)) == -1)
			return -1;
		last = edit;
		if ((edit = ole_le32(p->d + r.body + 8)) == 0) /* offsetLastEdit */
			break;
	}
	return 0;
}

/* by_persist - the slides and notes where the persist map puts them; false
 * (nothing read but the slide list) when the map does not hold them all */
static bool
by_persist(struct ppt *p, const unsigned char *cu, size_t culen)
{
	struct rec r;
	uint32_t doc = 0;

	if (directory(p, cu, culen, &doc) == -1 || !object(p, doc, RT_DOCUMENT, &r))
		return false;
	document(p, &r);
	if (p->ns == 0)
		return false;
	for (size_t i = 0; i < p->ns; i++)
		if (!object(p, p->s[i]->persist, RT_SLIDE, &r))
			return false;
	for (size_t i = 0; i < p->nn; i++)
		if (!object(p, p->notes[i], RT_NOTES, &r))
			return false;
	for (size_t i = 0; i < p->ns; i++) {
		const struct into in = {&p->s[i]->text, true, false};

		object(p, p->s[i]->persist, RT_SLIDE, &r);
		walk(p, r.body, r.body + r.len, 1, &in, RT_SLIDE);
	}
	for (size_t i = 0; i < p->nn; i++) {
		object(p, p->notes[i], RT_NOTES, &r);
		notes_of(p, &r);
	}
	return true;
}

/* rest_blank - whether the stream from off on is padding (NUL bytes) */
static bool
rest_blank(const struct ppt *p, size_t off)
{
	for (; off < p->len; off++)
		if (p->d[off] != 0)
			return false;
	return true;
}

/* by_order - the stream in its own order: the first document, the slides
 * numbered as they come, the notes by their NotesAtom */
static void
by_order(struct ppt *p)
{
	const struct into none = {&p->file, true, false};
	size_t k = 0;
	bool doc = false;
	struct rec r;

	for (size_t off = 0; off < p->len; off = r.body + r.len) {
		if (!rec_read(p, off, p->len, &r)) {
			if (!rest_blank(p, off))
				damaged(p, off);
			break;
		}
		if (r.type == RT_DOCUMENT && r.ver == 0xF && !doc) {
			document(p, &r);
			doc = true;
		}
	}
	for (size_t off = 0; off < p->len; off = r.body + r.len) {
		struct into in = none;
		struct slide *s;

		if (!rec_read(p, off, p->len, &r))
			break;
		if (r.type == RT_SLIDE && r.ver == 0xF) {
			s = k < p->ns ? p->s[k] : add_slide(p, 0, 0, false);
			k++;
			if (s == NULL)
				break;
			in.b = &s->text;
			walk(p, r.body, r.body + r.len, 1, &in, RT_SLIDE);
		} else if (r.type == RT_NOTES && r.ver == 0xF)
			notes_of(p, &r);
	}
}

/* reset - what a reading gathered, let go of (by_order starts again) */
static void
reset(struct ppt *p)
{
	for (size_t i = 0; i < p->ns; i++) {
		buf_free(&p->s[i]->text);
		buf_free(&p->s[i]->notes);
		free(p->s[i]);
	}
	p->ns = p->nn = 0;
	buf_free(&p->file);
	buf_free(&p->loose);
	g_hash_table_remove_all(p->ids);
	g_hash_table_remove_all(p->seen);
	p->damaged = 0;
	p->deep = false;
}

/* put - one unit, unless its text is blank; *any: a unit was emitted */
static int
put(struct ppt *p, const struct loc *at, const struct buf *b, bool *any)
{
	if (b->len == 0 || strspn(b->data, " \t\r\n\f") == b->len)
		return 0;
	*any = true;
	return extract_emit(p->x, at, "ppt", p->pi->scope, b->data, b->len);
}

/* emit - the slides and their notes, the document's text, notes of no slide;
 * then what could not be read */
static int
emit(struct ppt *p)
{
	const struct loc *where = p->pi->where;
	struct loc loose = {where, LOC_PART, "notes", NULL, 0, false};
	char detail[96];
	bool any = false;
	int rc = 0;

	for (size_t i = 0; i < p->ns && rc == 0; i++) {
		struct loc at = {where, LOC_SLIDE, NULL, NULL, i + 1, false};
		struct loc notes = {&at, LOC_PART, "notes", NULL, 0, false};

		if ((rc = put(p, &at, &p->s[i]->text, &any)) == 0)
			rc = put(p, &notes, &p->s[i]->notes, &any);
	}
	if (rc == 0 && (rc = put(p, where, &p->file, &any)) == 0)
		rc = put(p, &loose, &p->loose, &any);
	if (rc != 0)
		return rc;
	if (p->damaged) {
		snprintf(detail, sizeof(detail),
		    "PowerPoint record at byte %zu runs past its container",
		    p->damaged - 1);
		extract_unscannable(p->x, where, UNSCANNABLE_LEGACY_FAILED, detail);
	}
	if (p->deep) {
		snprintf(detail, sizeof(detail),
		    "PowerPoint records nested deeper than %d", PPT_MAX_DEPTH);
		extract_unscannable(p->x, where, UNSCANNABLE_LIMITS, detail);
	}
	if (p->nomem)
		extract_unscannable(p->x, where, UNSCANNABLE_LEGACY_FAILED,
		    "out of memory reading a .ppt");
	if (!any && !p->damaged && !p->nomem)
		extract_skipped(p->x, where, "no text in the presentation (ppt)");
	return 0;
}

/* extract_ppt_stream - see ppt.h */
int
extract_ppt_stream(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *doc, size_t len, const unsigned char *cu, size_t culen)
{
	struct ppt p = {.x = x, .pi = pi, .d = doc, .len = len};
	int rc;

	p.persist = g_hash_table_new(g_direct_hash, g_direct_equal);
	p.ids = g_hash_table_new(g_direct_hash, g_direct_equal);
	p.seen = g_hash_table_new_full(seen_hash, seen_equal, g_free, NULL);
	buf_init(&p.file, 0);
	buf_init(&p.loose, 0);
	if (!by_persist(&p, cu, culen)) {
		reset(&p);
		by_order(&p);
	}
	rc = emit(&p);
	reset(&p);
	free(p.s);
	free(p.notes);
	g_hash_table_destroy(p.persist);
	g_hash_table_destroy(p.ids);
	g_hash_table_destroy(p.seen);
	return rc;
}

/* extract_ppt - see ppt.h */
int
extract_ppt(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	size_t max = x->lim->max_decoded;
	GsfInfile *root = ole_open(data, len);
	struct buf doc, cu;
	int rc = 0, r;

	if (root == NULL) {
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED,
		    "not an OLE2 file libgsf can read (.ppt)");
		return 0;
	}
	buf_init(&doc, 0);
	buf_init(&cu, 0);
	r = ole_read(
	    root, "PowerPoint Document", max > x->expanded ? max - x->expanded : 0, &doc);
	if (r == 2)
		extract_limit(x, EXTRACT_LIMIT_EXPAND, pi->where,
		    "PowerPoint Document stream: bytes read > %zu", max);
	else if (r != 0)
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED,
		    "the PowerPoint Document stream cannot be read");
	else {
		x->expanded += doc.len;
		r = ole_read(root, "Current User", PPT_CU_MAX, &cu);
		rc = extract_ppt_stream(x, pi, (const unsigned char *)doc.data, doc.len,
		    r == 0 ? (const unsigned char *)cu.data : NULL, cu.len);
	}
	buf_free(&doc);
	buf_free(&cu);
	g_object_unref(root);
	return rc;
}
