/*
 * recorder.c - the recording sink of the unit tests (see recorder.h)
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <glib.h>

#include "base/buf.h"
#include "detect/hints.h"
#include "lib/recorder.h"

/* rec_add - append a record (copies every string) */
static void
rec_add(struct recorder *rc, char kind, const char *loc, const char *name,
    enum scope scope, const char *text, size_t len)
{
	struct rec *e;

	if (rc->n == rc->cap) {
		rc->cap = rc->cap ? rc->cap * 2 : 16;
		rc->r = realloc(rc->r, rc->cap * sizeof(*rc->r));
		assert_non_null(rc->r);
	}
	e = &rc->r[rc->n++];
	e->kind = kind;
	e->location = strdup(loc ? loc : "(null)");
	e->name = strdup(name ? name : "");
	e->scope = scope;
	e->len = len;
	e->checked = false;
	e->text = strndup(text ? text : "", text ? len : 0);
	assert_true(e->location && e->name && e->text);
}

/* rendered - a location in its one-line form (free() it) */
static char *
rendered(const struct loc *where)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(loc_render(&b, where, NULL), 0);
	return buf_steal(&b);
}

/* on_unit - sink: check a unit's invariants and record it */
static int
on_unit(void *arg, const struct unit *u)
{
	struct recorder *rc = arg;

	char *loc = rendered(u->where);

	if (u->text[u->len] != '\0' || memchr(u->text, '\0', u->len) != NULL ||
	    !g_utf8_validate(u->text, (gssize)u->len, NULL) ||
	    strcmp(loc, u->location) != 0)
		rc->bad_unit = true;
	free(loc);
	rec_add(rc, 'u', u->location, u->extractor, u->scope,
	    rc->no_text ? NULL : u->text, u->len);
	rc->r[rc->n - 1].checked = u->utf8_checked;
	return 0;
}

/* on_unscannable - sink: record an unscannable report */
static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	char *loc = rendered(where);

	rec_add(arg, 'x', loc, reason, 0, detail, strlen(detail));
	free(loc);
}

/* on_skipped - sink: record a skipped note */
static void
on_skipped(void *arg, const struct loc *where, const char *what)
{
	char *loc = rendered(where);

	rec_add(arg, 's', loc, "", 0, what, strlen(what));
	free(loc);
}

/* on_id_column - sink: detection's answer, as the engine gives it */
static bool
on_id_column(void *arg, const char *header)
{
	(void)arg;
	return hints_id_column(header);
}

/* rec_sink - the recording sink */
struct sink
rec_sink(struct recorder *rc)
{
	struct sink s = {on_unit, on_unscannable, on_skipped, rc, on_id_column, 0};

	return s;
}

/* rec_free - release the records; the recorder can be used again */
void
rec_free(struct recorder *rc)
{
	for (size_t i = 0; i < rc->n; i++) {
		free(rc->r[i].location);
		free(rc->r[i].name);
		free(rc->r[i].text);
	}
	free(rc->r);
	memset(rc, 0, sizeof(*rc));
}

/* rec_dump - the records as text */
char *
rec_dump(const struct recorder *rc)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < rc->n; i++) {
		const struct rec *e = &rc->r[i];

		buf_printf(&b, "  %c [%s] {%s}", e->kind, e->location, e->name);
		if (e->kind == 'u')
			buf_printf(&b, " scope=%d", (int)e->scope);
		buf_printf(&b, " \"%.200s\"\n", e->text);
	}
	if (rc->n == 0)
		buf_puts(&b, "  (nothing)\n");
	return buf_steal(&b);
}

/* rec_find - the first record of a kind (and name) */
const struct rec *
rec_find(const struct recorder *rc, char kind, const char *name)
{
	for (size_t i = 0; i < rc->n; i++)
		if (rc->r[i].kind == kind &&
		    (name == NULL || strcmp(rc->r[i].name, name) == 0))
			return &rc->r[i];
	return NULL;
}

/* rec_count - records of a kind (and name) */
size_t
rec_count(const struct recorder *rc, char kind, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < rc->n; i++)
		n += rc->r[i].kind == kind &&
		    (name == NULL || strcmp(rc->r[i].name, name) == 0);
	return n;
}

/* rec_expect - the wanted record is there, the absent text in no unit */
void
rec_expect(const struct recorder *rc, const char *test, char kind, const char *location,
    const char *name, const char *contains, const char *absent)
{
	bool found = false, leaked = false;
	char *dump;

	for (size_t i = 0; i < rc->n; i++) {
		const struct rec *r = &rc->r[i];

		if (r->kind == kind && strcmp(r->location, location) == 0 &&
		    (kind == 's' || strcmp(r->name, name) == 0) &&
		    strstr(r->text, contains) != NULL)
			found = true;
		if (absent != NULL && r->kind == 'u' && strstr(r->text, absent) != NULL)
			leaked = true;
	}
	if (found && !leaked)
		return;
	dump = rec_dump(rc);
	if (!found)
		fail_msg("%s: got no such record, want %c [%s] {%s} containing \"%s\"; "
		         "got:\n%s",
		    test, kind, location, name, contains, dump);
	fail_msg(
	    "%s: got \"%s\" in a unit, want it unread; got:\n%s", test, absent, dump);
}
