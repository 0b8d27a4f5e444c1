/*
 * msgdate.h - the Date of a message's own header block
 *
 * msgdate_parse() finds the first Date header of the raw message's top-level
 * header block (at most MSGDATE_HEADER_MAX bytes are looked at; a folded value is
 * unfolded, at most MSGDATE_VALUE_MAX bytes of it kept) and parses it with GMime's
 * RFC 5322 date parser, the one GMime's own message object uses. It runs where
 * the message is parsed (the engine, in a scanner process): the sender notice
 * shows the date, and the daemon never parses a message (report.h). Returns 0
 * with the seconds since the epoch in *when, or -1 when there is no Date or it
 * does not parse. Pure and thread-safe.
 */
#ifndef MILTER_CONTENT_MSGDATE_H
#define MILTER_CONTENT_MSGDATE_H

#include "base/common.h"

#define MSGDATE_HEADER_MAX (256 * 1024)
#define MSGDATE_VALUE_MAX  998

int msgdate_parse(const char *msg, size_t len, long long *when);

#endif
