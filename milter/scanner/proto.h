/*
 * proto.h - the daemon <-> scanner protocol: a small versioned binary codec
 *
 * A frame is a 4-byte little-endian length (of what follows: at most PROTO_MAX),
 * a 1-byte type and the payload. Integers are little-endian and of fixed width; a
 * string is a 4-byte length and that many bytes of valid UTF-8 without NUL; an
 * optional string has a 1-byte presence flag first. The daemon sends INIT once
 * (protocol version, fingerprint key, the config and rule files' bytes as it read
 * them: kv.h sources), then one JOB per message, with the message's descriptor
 * beside it (SCM_RIGHTS, chan.h). The scanner answers INIT with READY (or FAIL and
 * exits), each JOB with ACK when it has the message and then RESULT: the finished
 * report (every finding field through one table in proto.c, so a new field is one
 * row there), the report's notes, units and bytes, whether the scan ran out of
 * memory, and what the sender notice shows of the message: its masked Subject
 * (optional, at most REPORT_SUBJECT_MAX bytes) and its Date (a presence flag and
 * 64-bit seconds), so that the daemon never parses the message itself. LOG
 * carries a line for the daemon's log (a scanner has no syslog).
 *
 * The decoders trust nothing: every length is checked against what is left before
 * it is used, counts only ever grow a structure as its elements arrive, strings
 * must be valid UTF-8 without NUL bytes, enums must be in range, and a payload
 * must be consumed exactly. A decoder fills its output completely or returns -1
 * and leaves nothing to free. proto_check_report() then checks a decoded report
 * against the rule set it claims to come from.
 */
#ifndef MILTER_SCANNER_PROTO_H
#define MILTER_SCANNER_PROTO_H

#include "base/buf.h"
#include "base/kv.h"
#include "detect/redact.h"
#include "detect/report.h"
#include "detect/validate.h"

/* 2: a finding carries its location steps and cell; 3: RESULT carries the
 * message's masked Subject and its Date (the notice's, report.h) */
#define PROTO_VERSION 3
#define PROTO_MAX     (64u * 1024 * 1024) /* largest frame */
#define PROTO_HEADER  5                   /* length + type */
#define PROTO_PAYLOAD 4 /* the least payload: every frame's begins with 32 bits */

enum proto_type {
	PROTO_INIT = 1, /* daemon: version, key, config and rule sources */
	PROTO_READY,    /* scanner: version, number of rules loaded */
	PROTO_FAIL,     /* scanner: why it cannot start (then it exits) */
	PROTO_JOB,      /* daemon: one message (its descriptor beside) */
	PROTO_ACK,      /* scanner: has the message, is scanning it */
	PROTO_RESULT,   /* scanner: the report */
	PROTO_LOG,      /* scanner: a line for the daemon's log */
};

struct proto_init {
	uint32_t version;
	struct redact_key key;
	char *config;        /* config file path, or NULL: built-in defaults */
	char *default_rules; /* rules when the config names none */
	struct kv_sources src;
};

struct proto_job {
	uint32_t seq;
	struct refdate today;
	bool explain;
	uint64_t size; /* message bytes behind the descriptor */
};

struct proto_result {
	uint32_t seq;
	bool memory; /* the scan ran out of memory (the scanner exits after) */
	struct report r;
};

/* encoders: append one whole frame to b; 0, or -1 out of memory or too large */
int proto_put_init(struct buf *b, const struct proto_init *in);
int proto_put_u32(struct buf *b, enum proto_type t, uint32_t v);        /* READY, ACK */
int proto_put_text(struct buf *b, enum proto_type t, const char *text); /* FAIL, LOG */
int proto_put_job(struct buf *b, const struct proto_job *j);
int proto_put_result(struct buf *b, const struct proto_result *res);

/* a frame header at p (n >= PROTO_HEADER bytes): the type and payload length; -1
 * when the length is out of range (a payload shorter than PROTO_PAYLOAD included:
 * a reader may take a header and PROTO_PAYLOAD bytes at once, chan.c) */
int proto_header(const unsigned char *p, size_t n, uint8_t *type, uint32_t *len);

/* decoders of one payload (without header) */
int proto_get_init(const unsigned char *p, size_t n, struct proto_init *out);
int proto_get_u32(const unsigned char *p, size_t n, uint32_t *out);
int proto_get_text(const unsigned char *p, size_t n, char **out);
int proto_get_job(const unsigned char *p, size_t n, struct proto_job *out);
int proto_get_result(const unsigned char *p, size_t n, struct proto_result *out);

void proto_init_free(struct proto_init *in);

/* does every finding name a rule of rs by index and id (or "unscannable:<reason>"
 * with index -1)? 0, or -1 with what is wrong in why */
int proto_check_report(
    const struct report *r, const struct rules *rs, char *why, size_t whysize);

#endif
