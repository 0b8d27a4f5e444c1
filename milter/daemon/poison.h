/*
 * poison.h - messages that stopped scanners, remembered for a while
 *
 * A message whose scan ended a scanner (a crash, the deadline, the memory limit)
 * is remembered by a hash of its envelope and content (handoff.c), with how many
 * scanners it ended: the MTA's retry of the same message has the same hash, while
 * the same content from another sender or to other recipients (a newsletter) is
 * another message that has to end scanners by itself. The
 * MTA retries a tempfailed message; one that ended POISON_KILLS scanners is a
 * poison message and is not scanned again: it gets the finding
 * unscannable:scanner-crash (action: [unscannable] scanner-crash, by default
 * quarantine). At most POISON_MAX messages are remembered, each for POISON_TTL_S
 * seconds after its last kill; past POISON_MAX the oldest entry goes. Thread-safe.
 */
#ifndef MILTER_DAEMON_POISON_H
#define MILTER_DAEMON_POISON_H

#include "base/common.h"

#define POISON_KILLS 2
#define POISON_MAX   1024
#define POISON_TTL_S (24 * 3600)

/* a hash of n bytes at p, continuing from h (0 to start): not cryptographic, it
 * names a message, it proves nothing */
uint64_t poison_hash(uint64_t h, const char *p, size_t n);
/* is anything remembered now? (when not, a message need not be hashed) */
bool poison_any(void);
/* the scanners the message of hash h ended so far */
unsigned poison_kills(uint64_t h);
/* one more: the new count */
unsigned poison_add(uint64_t h);

#endif
