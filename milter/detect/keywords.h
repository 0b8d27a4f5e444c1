/*
 * keywords.h - many keywords, one pass: a case-folding Aho-Corasick automaton
 *
 * Every keyword of every rule (context words, suppression cues, special-category
 * terms) goes into one kwset when the rules are loaded. kwset_scan() then finds all
 * of them in a text unit in a single pass, whatever their number, and the matcher
 * looks hits up by position instead of running a regex per rule.
 *
 * Matching is case-insensitive for ASCII and Latin-1 letters (Å Ä Ö É Ü ...), the
 * alphabet of Swedish and English keywords. A hit must stand on word boundaries: the
 * characters before and after it are not letters or digits. A keyword that begins or
 * ends with a non-word character ("+46", "id#") needs no boundary on that side, and a
 * keyword added as a prefix ("sjukskriv*") needs none at its end.
 *
 * Lifetimes: a kwset is built once, then compiled; after kwset_compile() it is
 * immutable and may be scanned from many threads at once.
 */
#ifndef MILTER_DETECT_KEYWORDS_H
#define MILTER_DETECT_KEYWORDS_H

#include "base/common.h"

struct kwset;

struct kwhit {
	uint32_t id;    /* keyword id from kwset_add() */
	uint32_t start; /* byte offsets in the scanned text */
	uint32_t end;
};

struct kwhits {
	struct kwhit *v;
	size_t n;
	size_t cap;
	struct kwhits *aux; /* scratch of a long text's scan (keywords.c), or NULL */
};

struct kwset *kwset_new(void);
void kwset_free(struct kwset *ks);
/* add a keyword (UTF-8); the same word (and prefix flag) returns the same id;
 * -1 on ENOMEM or an empty word */
int kwset_add(struct kwset *ks, const char *word, size_t len, bool prefix, uint32_t *id);
/* build the automaton; -1 on ENOMEM */
int kwset_compile(struct kwset *ks);
size_t kwset_count(const struct kwset *ks);
const char *kwset_word(const struct kwset *ks, uint32_t id);

/* find every hit in text; hits are appended in order of their end offset;
 * -1 on ENOMEM (hits found so far are kept) */
int kwset_scan(const struct kwset *ks, const char *text, size_t len, struct kwhits *out);
/* the same hits, found in one stretch (a long text is scanned in several at once:
 * tests compare the two) */
int kwset_scan_serial(
    const struct kwset *ks, const char *text, size_t len, struct kwhits *out);
void kwhits_free(struct kwhits *h);

#endif
