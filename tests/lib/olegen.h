/*
 * olegen.h - OLE2 compound files and TNEF streams written for the unit tests
 *
 * olegen() writes an OLE2 compound file in memory with libgsf (GsfOutfileMSOle):
 * each entry is a stream (data, len) or, with data NULL, a storage, named by its
 * path ("__attach_version1.0_#00000000/__substg1.0_37010102"); a storage comes
 * before what is in it. The tnef_* helpers append to a TNEF stream (MS-OXTNEF):
 * attributes with their checksums, and MAPI property lists for attMsgProps and
 * attAttachment. Every failure fails the test (cmocka assertions).
 */
#ifndef TESTS_LIB_OLEGEN_H
#define TESTS_LIB_OLEGEN_H

#include "base/buf.h"

struct ole_entry {
	const char *path;
	const void *data; /* NULL: a storage */
	size_t len;
};

/* the compound file of entries v[0..n) into out (initialised here) */
void olegen(const struct ole_entry *v, size_t n, struct buf *out);

/* TNEF: the signature and legacy key, then attributes (level 1 message, 2
 * attachment; id with its type in the high word, as MS-OXTNEF lists them) */
void tnef_start(struct buf *b);
void tnef_attr(struct buf *b, int level, uint32_t id, const void *data, size_t len);
/* a MAPI property list: tnef_props_start, then properties, then tnef_props_end
 * patches the count; strings are ASCII or UTF-8 (PT_STRING8 written as they are,
 * PT_UNICODE as UTF-16LE of ASCII) */
struct tnef_props {
	struct buf b;
	uint32_t n;
};
void tnef_props_start(struct tnef_props *p);
void tnef_prop_long(struct tnef_props *p, unsigned id, uint32_t v);
void tnef_prop_bytes(
    struct tnef_props *p, unsigned type, unsigned id, const void *d, size_t n);
void tnef_prop_str(struct tnef_props *p, unsigned type, unsigned id, const char *s);
/* the list's bytes (owned by p until tnef_props_free) */
const struct buf *tnef_props_end(struct tnef_props *p);
void tnef_props_free(struct tnef_props *p);

#endif
