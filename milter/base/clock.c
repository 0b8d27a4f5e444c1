/*
 * clock.c - the monotonic millisecond clock (see clock.h)
 */
#include "base/common.h"

#include <time.h>

#include "base/clock.h"

/* clock_ms - CLOCK_MONOTONIC in milliseconds */
long long
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
