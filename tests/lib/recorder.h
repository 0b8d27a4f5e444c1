/*
 * recorder.h - a sink that records what the content layer hands it (unit tests)
 *
 * rec_sink() returns a sink (content.h) whose callbacks append one record each —
 * and whose id_column hook is detection's (hints.h), as the engine's is —:
 * 'u' a text unit (location, extractor, scope, text), 'x' an unscannable report
 * (location, reason, detail), 's' a skipped note (location, what); locations in
 * their one-line form (loc_render). Every unit is also checked: NUL-terminated,
 * no NUL inside, valid UTF-8, its location string the rendering of its structured
 * location (bad_unit otherwise).
 * With no_text set, units are counted and checked but their text is not kept (for
 * tests that measure memory). Records are copies, valid until rec_free().
 */
#ifndef TESTS_LIB_RECORDER_H
#define TESTS_LIB_RECORDER_H

#include "base/common.h"
#include "content/content.h"

struct rec {
	char kind; /* 'u' unit, 'x' unscannable, 's' skipped */
	char *location;
	char *name;       /* unit: extractor; unscannable: reason; skipped: "" */
	enum scope scope; /* units only */
	char *text;       /* unit: text ("" with no_text); x: detail; s: what */
	size_t len;       /* bytes of the unit (or of text) */
	bool checked;     /* unit: utf8_checked as handed over */
};

struct recorder {
	struct rec *r;
	size_t n, cap;
	bool bad_unit; /* a unit was not NUL-free, NUL-terminated, valid UTF-8 */
	bool no_text;  /* set before the walk: do not keep unit text */
};

/* a sink recording into rc (which must be zeroed or freed before) */
struct sink rec_sink(struct recorder *rc);
void rec_free(struct recorder *rc);
/* every record, one a line, for failure messages (free() it) */
char *rec_dump(const struct recorder *rc);
/* how many records of `kind` there are, with that name when name is not NULL */
size_t rec_count(const struct recorder *rc, char kind, const char *name);
/* the first record of `kind` (with `name` when not NULL), or NULL */
const struct rec *rec_find(const struct recorder *rc, char kind, const char *name);
/* fail the test (cmocka; `test` names it) unless some record of `kind` is at
 * `location` (exact), is named `name` (exact; not compared for 's') and holds
 * `contains` in its text, or when a unit's text holds `absent` (NULL: no check);
 * every record is dumped with the failure */
void rec_expect(const struct recorder *rc, const char *test, char kind,
    const char *location, const char *name, const char *contains, const char *absent);

#endif
