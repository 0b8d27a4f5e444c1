/*
 * NAME
 *	locmask.c - mask numbers in locations and other text shown to people
 *
 * DESCRIPTION
 *	See locmask.h. The text is repaired to valid UTF-8 (utf8_repair) and made
 *	what people see (visible(): control characters as spaces, as every output
 *	prints them), normalised with a map from each normalised byte to the
 *	character it came from (norm_text_map), and every rule's matches, then the
 *	digit-run rule, mark normalised bytes as hidden. The copy is written
 *	character by character from the visible text: a character is hidden when
 *	one of its normalised bytes is.
 *
 * LIMITS
 *	Meant for short texts (a location, a Subject): a call allocates two arrays the
 *	size of the text and runs every pattern rule over it.
 */
#include "base/common.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "detect/locmask.h"
#include "detect/norm.h"

#define SHOWN_DIGITS 6 /* digits kept of a number that is not masked by a validator */
#define LONG_RUN     8 /* more digits than this, joined, are a number */

/* one masking */
struct mask {
	const char *text; /* normalised */
	size_t len;
	bool *hide; /* [len] */
};

/* is_digit - an ASCII digit */
static bool
is_digit(char c)
{
	return (unsigned)(c - '0') < 10;
}

/* hide_range - hide letters, digits and non-ASCII bytes in text[from..to) */
static void
hide_range(struct mask *m, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < m->len; i++) {
		unsigned char c = (unsigned char)m->text[i];

		if (is_digit((char)c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    c >= 0x80)
			m->hide[i] = true;
	}
}

/* hide_after_six - hide the digits of text[from..to) after the first six */
static void
hide_after_six(struct mask *m, size_t from, size_t to)
{
	for (size_t i = from, seen = 0; i < to; i++)
		if (is_digit(m->text[i]) && ++seen > SHOWN_DIGITS)
			m->hide[i] = true;
}

/* digits - how many digits text[from..to) holds */
static size_t
digits(const struct mask *m, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++)
		n += is_digit(m->text[i]);
	return n;
}

/* on_span - match_text callback: hide what the span's validator hides */
static int
on_span(void *arg, const struct candidate *c)
{
	struct mask *m = arg;
	size_t n = c->end - c->start;

	if (c->val.ok)
		hide_range(m, c->start + c->val.mask_from,
		    c->start + (c->val.mask_to < n ? c->val.mask_to : n));
	else if (digits(m, c->start, c->end) > LONG_RUN)
		hide_after_six(m, c->start, c->end);
	return 0;
}

/* sep_len - the separator at text[i] that joins two digit groups of a number
 * (normalised): spaces with at most one '-', '+' or '.' among them, then a digit
 * (a control character is a space by now: "640823<CR><LF>3234" prints as two
 * spaces); its length, 0 when there is none */
static size_t
sep_len(const struct mask *m, size_t i)
{
	bool mark = false;
	size_t j;

	for (j = i; j < m->len; j++) {
		char c = m->text[j];

		if (c == ' ')
			continue;
		if (!mark && (c == '-' || c == '+' || c == '.')) {
			mark = true;
			continue;
		}
		break;
	}
	return j > i && j < m->len && is_digit(m->text[j]) ? j - i : 0;
}

/* long_runs - hide the digits after the sixth of every run of more than 8 digits
 * joined by separators (sep_len) */
static void
long_runs(struct mask *m)
{
	const char *s = m->text;
	size_t i = 0;

	while (i < m->len) {
		size_t end, k, n = 0;

		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		for (end = i; end < m->len;) {
			if (is_digit(s[end])) {
				n++;
				end++;
			} else if ((k = sep_len(m, end)) > 0)
				end += k;
			else
				break;
		}
		if (n > LONG_RUN)
			hide_after_six(m, i, end);
		i = end;
	}
}

/* visible - text as every output prints it: each C0 control character and DEL a
 * space, and each C1 control (U+0080..U+009F) one space; the new length (valid
 * UTF-8 stays valid, the text never grows) */
static size_t
visible(char *s, size_t len)
{
	size_t r = 0, w = 0;

	while (r < len) {
		unsigned char c = (unsigned char)s[r];

		if (c < 0x20 || c == 0x7f) {
			s[w++] = ' ';
			r++;
		} else if (c == 0xc2 && r + 1 < len && (unsigned char)s[r + 1] >= 0x80 &&
		    (unsigned char)s[r + 1] <= 0x9f) {
			s[w++] = ' ';
			r += 2;
		} else
			s[w++] = s[r++];
	}
	s[w] = '\0';
	return w;
}

/* write_masked - the original text (valid UTF-8) with hidden characters as '*' */
static int
write_masked(struct buf *out, const char *src, size_t len, const struct mask *m,
    const struct norm_map *map)
{
	size_t k = 0, l;

	for (size_t i = 0; i < len; i += l) {
		bool mapped = false, hidden = false;

		/* src was repaired: every character is valid */
		if ((l = utf8_char((const unsigned char *)src + i, len - i, NULL)) == 0)
			l = 1;
		for (; k < map->n && map->off[k] < i + l; k++) {
			mapped = true;
			hidden |= m->hide[k];
		}
		if (!mapped && k > 0 && k < map->n && m->hide[k - 1] && m->hide[k])
			continue; /* an invisible character inside a hidden stretch */
		if (hidden ? buf_putc(out, '*') : buf_append(out, src + i, l))
			return -1;
	}
	return 0;
}

/* locmask - see locmask.h */
char *
locmask(const struct rules *rs, struct match_scratch *ms, const char *text,
    const struct refdate *today)
{
	struct match_scratch *own = NULL;
	struct norm_map map = {0};
	struct buf norm, out;
	struct mask m = {0};
	size_t len = strlen(text);
	char *src = strdup(text), *res = NULL;

	buf_init(&norm, 0);
	buf_init(&out, 0);
	if (src == NULL)
		return NULL;
	utf8_repair(src, len);
	len = visible(src, len);
	if (norm_text_map(&norm, src, len, &map) == -1 ||
	    (m.hide = calloc(norm.len + 1, sizeof(*m.hide))) == NULL)
		goto done;
	m.text = norm.data ? norm.data : "";
	m.len = norm.len;
	if (rs != NULL && ms == NULL && (ms = own = match_scratch_new()) == NULL)
		goto done;
	if (rs != NULL && match_text(rs, ms, m.text, m.len, today, on_span, &m) == -1)
		goto done;
	long_runs(&m);
	if (write_masked(&out, src, len, &m, &map) == 0)
		res = buf_steal(&out);
done:
	match_scratch_free(own);
	norm_map_free(&map);
	buf_free(&norm);
	buf_free(&out);
	free(m.hide);
	free(src);
	return res;
}
