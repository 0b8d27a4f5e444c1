/*
 * clock.h - the monotonic millisecond clock
 *
 * clock_ms() reads CLOCK_MONOTONIC in milliseconds: for deadlines (child
 * processes), budgets (a message's scan time) and durations (the audit's ms=).
 * It never goes back when the wall clock is set. Thread-safe.
 */
#ifndef MILTER_BASE_CLOCK_H
#define MILTER_BASE_CLOCK_H

#include "base/common.h"

/* milliseconds since an arbitrary fixed point (the system's boot) */
long long clock_ms(void);

#endif
