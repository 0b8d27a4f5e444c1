/*
 * fuzz_kv.c - the key=value reader of dlp-milter.conf and the rule files:
 * kv_parse_string(), and kv_list(), kv_bool(), kv_uint(), kv_size() on every value
 *
 * Checks (kv.h): every section, key and value handed on is valid UTF-8 without a
 * NUL; line numbers start at 1 and never go back; a list item is non-empty and
 * trimmed; every diagnostic names the file. Seeds: the shipped config and rule
 * files (tests/fuzz/seed.py); dictionary: their keys and sections.
 */
#include "base/common.h"

#include <ctype.h>
#include <limits.h>

#include <glib.h>

#include "base/kv.h"
#include "fuzz/lib/fuzz.h"

/* utf8 - a string handed on by the reader must be valid UTF-8 */
static void
utf8(const char *what, const char *s)
{
	if (s == NULL || !g_utf8_validate(s, -1, NULL))
		fuzz_fail("%s is %s", what, s ? "not valid UTF-8" : "NULL");
}

/* on_item - a list item: non-empty, no blank at either end */
static int
on_item(void *arg, const char *item, size_t len)
{
	(void)arg;
	if (len == 0 || isspace((unsigned char)item[0]) ||
	    isspace((unsigned char)item[len - 1]))
		fuzz_fail("list item \"%.*s\"", (int)len, item);
	return 0;
}

/* on_kv - every key: the checks of the file header */
static int
on_kv(void *arg, const struct kv *kv)
{
	unsigned *last = arg;
	unsigned long u;
	size_t sz;
	bool b;

	if (kv->line == 0 || kv->line < *last)
		fuzz_fail("line %u after line %u", kv->line, *last);
	*last = kv->line;
	utf8("a section", kv->section);
	if (kv->key == NULL)
		return 0;
	utf8("a key", kv->key);
	utf8("a value", kv->value);
	kv_list(kv->value, on_item, NULL);
	kv_bool(kv->value, &b);
	kv_uint(kv->value, ULONG_MAX, &u);
	if (kv_uint(kv->value, 100, &u) == 0 && u > 100)
		fuzz_fail("kv_uint gave %lu over its maximum", u);
	kv_size(kv->value, &sz);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	unsigned last = 0;

	diag_init(&d);
	if (kv_parse_string("fuzz.conf", (const char *)data, size, on_kv, &last, &d) != 0)
		fuzz_fail("kv_parse_string failed on a string");
	for (size_t i = 0; i < d.n; i++)
		if (strncmp(d.msgs[i], "fuzz.conf", 9) != 0)
			fuzz_fail("a diagnostic without its file: %s", d.msgs[i]);
	diag_free(&d);
	return 0;
}
