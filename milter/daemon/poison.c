/*
 * poison.c - the memory of messages that ended scanners (see poison.h)
 */
#include "base/common.h"

#include <pthread.h>

#include "base/clock.h"
#include "daemon/poison.h"

static struct entry {
	uint64_t hash;
	unsigned kills;
	long long last; /* clock_ms() of the last kill; 0: empty */
} table[POISON_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t used;      /* entries ever filled, at most POISON_MAX */
static long long newest; /* clock_ms() of the last kill of any entry */

/* poison_hash - 64-bit mix of the bytes, eight at a time, and the length */
uint64_t
poison_hash(uint64_t h, const char *p, size_t n)
{
	uint64_t w;

	h = (h ^ 0x9E3779B97F4A7C15ull ^ n) * 0xBF58476D1CE4E5B9ull;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	for (; i < n; i++) {
		h = (h ^ (unsigned char)p[i]) * 0x94D049BB133111EBull;
		h ^= h >> 29;
	}
	return h;
}

/* find - the live entry of h, or NULL (lock held) */
static struct entry *
find(uint64_t h, long long now)
{
	for (size_t i = 0; i < used; i++)
		if (table[i].last && table[i].hash == h &&
		    now - table[i].last < POISON_TTL_S * 1000LL)
			return &table[i];
	return NULL;
}

/* poison_any - see poison.h */
bool
poison_any(void)
{
	bool any;

	pthread_mutex_lock(&lock);
	any = used > 0 && clock_ms() - newest < POISON_TTL_S * 1000LL;
	pthread_mutex_unlock(&lock);
	return any;
}

/* poison_kills - see poison.h */
unsigned
poison_kills(uint64_t h)
{
	struct entry *e;
	unsigned k;

	pthread_mutex_lock(&lock);
	e = find(h, clock_ms());
	k = e ? e->kills : 0;
	pthread_mutex_unlock(&lock);
	return k;
}

/* poison_add - see poison.h */
unsigned
poison_add(uint64_t h)
{
	long long now = clock_ms();
	struct entry *e;
	unsigned k;

	pthread_mutex_lock(&lock);
	if ((e = find(h, now)) == NULL) {
		if (used < POISON_MAX)
			e = &table[used++];
		else {
			/* the oldest (or an expired) entry makes room */
			e = &table[0];
			for (size_t i = 1; i < POISON_MAX; i++)
				if (table[i].last < e->last)
					e = &table[i];
		}
		*e = (struct entry){h, 0, now};
	}
	e->kills++;
	e->last = newest = now;
	k = e->kills;
	pthread_mutex_unlock(&lock);
	return k;
}
