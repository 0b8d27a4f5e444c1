/*
 * mailbox.c - walk the messages of a file, an mbox, a Maildir or a directory tree
 * (see mailbox.h)
 */
#include "base/common.h"

#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "cli/mailbox.h"

#define MAILBOX_MAX_DEPTH 64 /* directory nesting; deeper is reported as ELOOP */
#define MAILBOX_CHUNK     65536

/* mailbox_join - "dir/name" (no doubled '/'), malloc'd, or NULL */
static char *
mailbox_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	struct buf b;

	buf_init(&b, 0);
	if (buf_printf(&b, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name) ==
	    -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* mailbox_is_from - does this line start an mbox message? */
static bool
mailbox_is_from(const char *line, size_t len)
{
	return len >= 5 && memcmp(line, "From ", 5) == 0;
}

/* mailbox_is_escaped - a line ^>+"From " (mboxrd escaping: drop one '>') */
static bool
mailbox_is_escaped(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] == '>')
		i++;
	return i > 0 && mailbox_is_from(line + i, len - i);
}

/* mailbox_emit - one mbox message: drop its separating blank line, hand it over */
static int
mailbox_emit(
    const char *path, unsigned long n, struct buf *msg, const struct mailbox_sink *sink)
{
	struct buf name;
	int rc;

	if (msg->len >= 2 && memcmp(msg->data + msg->len - 2, "\n\n", 2) == 0)
		msg->len -= 1;
	else if (msg->len >= 4 && memcmp(msg->data + msg->len - 4, "\r\n\r\n", 4) == 0)
		msg->len -= 2;
	if (msg->data)
		msg->data[msg->len] = '\0';
	buf_init(&name, 0);
	if (buf_printf(&name, "%s:%lu", path, n) == -1) {
		buf_free(&name);
		return -1;
	}
	rc = sink->message(sink->arg, name.data, msg->data ? msg->data : "", msg->len);
	buf_free(&name);
	buf_reset(msg);
	return rc;
}

/* mailbox_mbox - the rest of an mbox whose first (From) line was just read */
static int
mailbox_mbox(
    FILE *f, const char *path, char **line, size_t *cap, const struct mailbox_sink *sink)
{
	struct buf msg;
	unsigned long n = 1;
	ssize_t len;
	int rc = 0;

	buf_init(&msg, 0);
	while ((len = getline(line, cap, f)) != -1) {
		const char *p = *line;
		size_t l = (size_t)len;

		if (mailbox_is_from(p, l)) {
			if ((rc = mailbox_emit(path, n++, &msg, sink)) == -1)
				break;
			continue;
		}
		if (mailbox_is_escaped(p, l)) {
			p++;
			l--;
		}
		if (buf_append(&msg, p, l) == -1) {
			sink->error(sink->arg, path, ENOMEM);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f))
		sink->error(sink->arg, path, errno ? errno : EIO);
	else if (rc == 0)
		rc = mailbox_emit(path, n, &msg, sink);
	buf_free(&msg);
	return rc;
}

/* mailbox_mapped - one message file handed over mapped, not read into memory: the
 * scan adds nothing to the message's own pages, and a large message is never
 * copied; 1 when the file cannot be mapped (read it), else the sink's answer */
static int
mailbox_mapped(FILE *f, const char *path, const struct mailbox_sink *sink)
{
	struct stat st;
	void *p;
	int rc;

	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return 1;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
	if (p == MAP_FAILED)
		return 1;
	rc = sink->message(sink->arg, path, p, (size_t)st.st_size);
	munmap(p, (size_t)st.st_size);
	return rc;
}

/* mailbox_file - one file: an mbox (if detect_mbox and it looks like one) or one
 * message (mapped when it can be); "-" is standard input */
static int
mailbox_file(const char *path, bool detect_mbox, const struct mailbox_sink *sink)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "re");
	char *line = NULL, chunk[MAILBOX_CHUNK];
	size_t cap = 0, n;
	struct buf msg;
	ssize_t len;
	int rc = 0;

	if (f == NULL) {
		sink->error(sink->arg, path, errno);
		return 0;
	}
	buf_init(&msg, 0);
	errno = 0;
	len = getline(&line, &cap, f);
	if (len > 0 && detect_mbox && !is_stdin && mailbox_is_from(line, (size_t)len)) {
		rc = mailbox_mbox(f, path, &line, &cap, sink);
		goto out;
	}
	if (!is_stdin && (rc = mailbox_mapped(f, path, sink)) != 1)
		goto out;
	rc = 0;
	if (len > 0 && buf_append(&msg, line, (size_t)len) == -1)
		goto oom;
	while (!ferror(f) && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(&msg, chunk, n) == -1)
			goto oom;
	if (ferror(f))
		sink->error(sink->arg, path, errno ? errno : EIO);
	else
		rc = sink->message(sink->arg, path, msg.data ? msg.data : "", msg.len);
	goto out;
oom:
	sink->error(sink->arg, path, ENOMEM);
	rc = -1;
out:
	free(line);
	buf_free(&msg);
	if (!is_stdin)
		fclose(f);
	return rc;
}

/* mailbox_cmp - qsort comparator: byte order */
static int
mailbox_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* mailbox_list - the sorted entry names of a directory (without "." and ".."),
 * *n of them; NULL with *n = 0 when it cannot be read (reported) or is empty;
 * -1 in *oom when memory ran out */
static char **
mailbox_list(const char *path, size_t *n, bool *oom, const struct mailbox_sink *sink)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	*oom = false;
	if (dir == NULL) {
		sink->error(sink->arg, path, errno);
		return NULL;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **nv = realloc(v, ncap * sizeof(*nv));

			if (nv == NULL)
				goto oom;
			v = nv;
			cap = ncap;
		}
		if ((v[*n] = strdup(de->d_name)) == NULL)
			goto oom;
		(*n)++;
	}
	closedir(dir);
	if (v)
		qsort(v, *n, sizeof(*v), mailbox_cmp);
	return v;
oom:
	closedir(dir);
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	*oom = true;
	sink->error(sink->arg, path, ENOMEM);
	return NULL;
}

/* mailbox_free_list - release a mailbox_list() result */
static void
mailbox_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* mailbox_is_dir - is path a directory (following links)? */
static bool
mailbox_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mailbox_is_maildir - cur/, new/ and tmp/ all present */
bool
mailbox_is_maildir(const char *path)
{
	static const char *const subs[] = {"cur", "new", "tmp"};
	bool ok = true;

	for (size_t i = 0; ok && i < ARRAY_SIZE(subs); i++) {
		char *p = mailbox_join(path, subs[i]);

		ok = p && mailbox_is_dir(p);
		free(p);
	}
	return ok;
}

/* mailbox_maildir - cur/ then new/ (one message per file), then Maildir++ folders */
static int
mailbox_maildir(const char *path, const struct mailbox_sink *sink, unsigned depth)
{
	static const char *const subs[] = {"cur", "new"};
	char **v;
	size_t n;
	bool oom;
	int rc = 0;

	for (size_t s = 0; rc == 0 && s < ARRAY_SIZE(subs); s++) {
		char *sub = mailbox_join(path, subs[s]);

		if (sub == NULL)
			return -1;
		v = mailbox_list(sub, &n, &oom, sink);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			char *p = v[i][0] == '.' ? NULL : mailbox_join(sub, v[i]);
			struct stat st;

			if (v[i][0] != '.' && p == NULL)
				rc = -1;
			else if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
				rc = mailbox_file(p, false, sink);
			free(p);
		}
		mailbox_free_list(v, n);
		free(sub);
		if (oom)
			return -1;
	}
	if (rc == -1)
		return -1;
	v = mailbox_list(path, &n, &oom, sink);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *p;
		struct stat st;

		if (v[i][0] != '.')
			continue;
		if ((p = mailbox_join(path, v[i])) == NULL) {
			rc = -1;
			break;
		}
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && mailbox_is_maildir(p)) {
			if (depth >= MAILBOX_MAX_DEPTH)
				sink->error(sink->arg, p, ELOOP);
			else
				rc = mailbox_maildir(p, sink, depth + 1);
		}
		free(p);
	}
	mailbox_free_list(v, n);
	return oom ? -1 : rc;
}

/* mailbox_dir - a directory: a Maildir, or every regular file below it */
static int
mailbox_dir(const char *path, const struct mailbox_sink *sink, unsigned depth)
{
	char **v;
	size_t n;
	bool oom;
	int rc = 0;

	if (mailbox_is_maildir(path))
		return mailbox_maildir(path, sink, depth);
	v = mailbox_list(path, &n, &oom, sink);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *p = mailbox_join(path, v[i]);
		struct stat st;

		if (p == NULL) {
			rc = -1;
			break;
		}
		if (lstat(p, &st) == -1)
			sink->error(sink->arg, p, errno);
		else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAILBOX_MAX_DEPTH)
				sink->error(sink->arg, p, ELOOP);
			else
				rc = mailbox_dir(p, sink, depth + 1);
		} else if (S_ISREG(st.st_mode) ||
		    (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode)))
			rc = mailbox_file(p, true, sink);
		free(p);
	}
	mailbox_free_list(v, n);
	return oom ? -1 : rc;
}

/* mailbox_walk - every message under path */
int
mailbox_walk(const char *path, const struct mailbox_sink *sink)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return mailbox_dir(path, sink, 0);
	return mailbox_file(path, true, sink);
}
