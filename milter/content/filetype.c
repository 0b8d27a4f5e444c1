/*
 * NAME
 *	filetype.c - true file type with libmagic, one handle per thread
 *
 * DESCRIPTION
 *	libmagic handles are not thread-safe, and opening one loads the compiled
 *	magic database (a few milliseconds), so each thread opens its own on first
 *	use and keeps it in a pthread key whose destructor closes it when the thread
 *	exits. This is the only file that includes <magic.h>.
 *
 *	The handle is opened with MAGIC_MIME_TYPE, and without the checks that would
 *	make libmagic decompress data or look at things we never dispatch on (ELF,
 *	CSV, JSON: text stays text, and the declared text type is kept).
 *
 * LIMITS
 *	At most FILETYPE_PEEK bytes are examined. A handle that cannot be opened (no
 *	magic database) makes detection return -1 and the caller falls back to the
 *	declared type.
 */
#include "base/common.h"

#include <ctype.h>
#include <pthread.h>

#include <magic.h>

#include "content/filetype.h"

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t magic_key;

/* close_magic - key destructor: close a thread's handle */
static void
close_magic(void *p)
{
	if (p != NULL)
		magic_close(p);
}

/* make_key - create the per-thread key once */
static void
make_key(void)
{
	if (pthread_key_create(&magic_key, close_magic) != 0)
		abort();
}

/* thread_magic - this thread's libmagic handle, opened on first use */
static magic_t
thread_magic(void)
{
	magic_t m;
	int flags = MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF;

#ifdef MAGIC_NO_CHECK_CSV
	flags |= MAGIC_NO_CHECK_CSV;
#endif
#ifdef MAGIC_NO_CHECK_JSON
	flags |= MAGIC_NO_CHECK_JSON;
#endif
	pthread_once(&key_once, make_key);
	if ((m = pthread_getspecific(magic_key)) != NULL)
		return m;
	if ((m = magic_open(flags)) == NULL)
		return NULL;
	if (magic_load(m, NULL) == -1 || pthread_setspecific(magic_key, m) != 0) {
		magic_close(m);
		return NULL;
	}
	return m;
}

/* filetype_thread_done - close this thread's handle */
void
filetype_thread_done(void)
{
	magic_t m;

	pthread_once(&key_once, make_key);
	if ((m = pthread_getspecific(magic_key)) != NULL) {
		pthread_setspecific(magic_key, NULL);
		magic_close(m);
	}
}

/* filetype_detect - libmagic's MIME type of the bytes, lower case */
int
filetype_detect(const unsigned char *data, size_t len, char *out, size_t outlen)
{
	const char *t;
	magic_t m;
	size_t i;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (len == 0 || (m = thread_magic()) == NULL)
		return -1;
	if ((t = magic_buffer(m, data, len > FILETYPE_PEEK ? FILETYPE_PEEK : len)) ==
	    NULL)
		return -1;
	for (i = 0; t[i] != '\0' && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)t[i]);
	out[i] = '\0';
	return out[0] != '\0' ? 0 : -1;
}
