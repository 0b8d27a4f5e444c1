/*
 * filetype.h - the true type of decoded bytes (libmagic)
 *
 * filetype_detect() asks libmagic for the MIME type of a buffer ("application/pdf",
 * "application/zip", "text/plain" ...), lower-cased, into the caller's buffer. Names
 * and declared Content-Types lie; the bytes are what a reader will open. Each thread
 * has its own libmagic handle, opened on first use and closed when the thread exits.
 * Returns 0, or -1 (out set to "") when libmagic is unavailable or says nothing.
 */
#ifndef MILTER_CONTENT_FILETYPE_H
#define MILTER_CONTENT_FILETYPE_H

#include "base/common.h"

/* bytes given to libmagic at most: enough for every format we open */
#define FILETYPE_PEEK (64 * 1024) /* every signature libmagic needs is near the start */

int filetype_detect(const unsigned char *data, size_t len, char *out, size_t outlen);

/* close this thread's libmagic handle now (tests, and threads that end by
 * returning from main, where key destructors do not run) */
void filetype_thread_done(void);

#endif
