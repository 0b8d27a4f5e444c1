/*
 * NAME
 *	validate.c - pure validators for identifiers found by rule patterns
 *
 * DESCRIPTION
 *	Each validator takes the text a rule pattern matched, after norm_text(), and
 *	decides whether it is a real identifier of its kind: Swedish personnummer and
 *	samordningsnummer (Luhn, calendar date, century rules), organisationsnummer,
 *	payment cards (IIN ranges and Luhn), IBAN (country length and mod 97) and a
 *	bare Luhn check. The verdict carries a short static reason for --explain and
 *	the byte range to mask wherever the value is printed.
 *
 *	Nothing here allocates, logs or keeps state; every function is thread-safe.
 *	The reference date ("today") is passed in so tests can pin it.
 *
 *	Specification: ../shared/reference/swedish-identifiers.md, sections 1-3, 5.2
 *	and 5.5.
 *
 * LIMITS
 *	IBANs longer than 34 characters and cards longer than 19 digits are rejected
 *	as "bad length" before any arithmetic.
 */
#include "base/common.h"

#include <limits.h>
#include <time.h>

#include "detect/validate.h"

#define IBAN_MAX 34

static const char *const validator_names[] = {
    [VALIDATOR_NONE] = "none",
    [VALIDATOR_LUHN] = "luhn",
    [VALIDATOR_PERSONNUMMER] = "personnummer",
    [VALIDATOR_SAMORDNINGSNUMMER] = "samordningsnummer",
    [VALIDATOR_ORGNR] = "orgnr",
    [VALIDATOR_CARD] = "card",
    [VALIDATOR_IBAN] = "iban",
};

/* registered IBAN lengths (SWIFT IBAN registry): SEPA, EU/EEA, GB, CH and others */
static const struct {
	char cc[3];
	unsigned char len;
} iban_lengths[] = {
    {"AD", 24},
    {"AE", 23},
    {"AL", 28},
    {"AT", 20},
    {"AZ", 28},
    {"BA", 20},
    {"BE", 16},
    {"BG", 22},
    {"BH", 22},
    {"BR", 29},
    {"BY", 28},
    {"CH", 21},
    {"CR", 22},
    {"CY", 28},
    {"CZ", 24},
    {"DE", 22},
    {"DK", 18},
    {"DO", 28},
    {"EE", 20},
    {"EG", 29},
    {"ES", 24},
    {"FI", 18},
    {"FO", 18},
    {"FR", 27},
    {"GB", 22},
    {"GE", 22},
    {"GI", 23},
    {"GL", 18},
    {"GR", 27},
    {"GT", 28},
    {"HR", 21},
    {"HU", 28},
    {"IE", 22},
    {"IL", 23},
    {"IQ", 23},
    {"IS", 26},
    {"IT", 27},
    {"JO", 30},
    {"KW", 30},
    {"KZ", 20},
    {"LB", 28},
    {"LC", 32},
    {"LI", 21},
    {"LT", 20},
    {"LU", 20},
    {"LV", 21},
    {"MC", 27},
    {"MD", 24},
    {"ME", 22},
    {"MK", 19},
    {"MR", 27},
    {"MT", 31},
    {"MU", 30},
    {"NL", 18},
    {"NO", 15},
    {"PK", 24},
    {"PL", 28},
    {"PS", 29},
    {"PT", 25},
    {"QA", 29},
    {"RO", 24},
    {"RS", 22},
    {"SA", 24},
    {"SC", 31},
    {"SE", 24},
    {"SI", 19},
    {"SK", 24},
    {"SM", 27},
    {"ST", 25},
    {"SV", 28},
    {"TL", 23},
    {"TN", 24},
    {"TR", 26},
    {"UA", 29},
    {"VA", 22},
    {"VG", 24},
    {"XK", 20},
};

/* a personnummer-shaped text split into its parts */
struct pnr {
	char ten[10];    /* YYMMDDNNNC */
	int century;     /* 18, 19, 20 ... from a 12-digit form; -1 for 10 digits */
	bool plus;       /* the separator contains '+' */
	bool signed_sep; /* the separator contains '-' or '+' */
};

/* is_digit - ASCII digit test that does not depend on the locale */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* is_alpha - ASCII letter test that does not depend on the locale */
static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* num2 - the two-digit number at s */
static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* numn - the n-digit number at s */
static int
numn(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* verdict - a validation result with the given fields */
static struct validation
verdict(bool ok, bool strong, const char *reason, size_t mask_from, size_t mask_to)
{
	struct validation r;

	r.ok = ok;
	r.strong = strong;
	r.reason = reason;
	r.mask_from = mask_from;
	r.mask_to = mask_to;
	r.value_from = 0;
	return r;
}

/* validate_lookup - validator for a rule-file name; -1 if unknown */
int
validate_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(validator_names); i++)
		if (validator_names[i] != NULL && strcmp(name, validator_names[i]) == 0)
			return (int)i;
	return -1;
}

/* validate_name - rule-file name of a validator */
const char *
validate_name(enum validator v)
{
	if ((size_t)v >= ARRAY_SIZE(validator_names) || validator_names[v] == NULL)
		return "unknown";
	return validator_names[v];
}

/* validate_luhn - Luhn (mod 10, weights 1 and 2 from the right) over n digits */
bool
validate_luhn(const char *digits, size_t n)
{
	int sum = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = digits[n - 1 - i];
		int v;

		if (!is_digit(c))
			return false;
		v = c - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* validate_date - does year-month-day exist in the proleptic Gregorian calendar */
bool
validate_date(int year, int month, int day)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max;

	if (year < 1 || month < 1 || month > 12 || day < 1)
		return false;
	max = mdays[month - 1];
	if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		max = 29;
	return day <= max;
}

/* validate_mod97 - ISO 7064 MOD 97-10 remainder of a rearranged IBAN; -1 if malformed */
int
validate_mod97(const char *iban, size_t n)
{
	size_t idx[IBAN_MAX * 2], k = 0;
	int r = 0;

	/* positions of the non-space characters, at most what an IBAN can hold */
	for (size_t i = 0; i < n; i++) {
		if (iban[i] == ' ')
			continue;
		if (!is_digit(iban[i]) && !is_alpha(iban[i]))
			return -1;
		if (k == ARRAY_SIZE(idx))
			return -1;
		idx[k++] = i;
	}
	if (k < 5)
		return -1;
	for (size_t j = 0; j < k; j++) {
		char c = iban[idx[(j + 4) % k]];

		if (is_digit(c))
			r = (r * 10 + (c - '0')) % 97;
		else if (c >= 'a')
			r = (r * 100 + (c - 'a' + 10)) % 97;
		else
			r = (r * 100 + (c - 'A' + 10)) % 97;
	}
	return r;
}

/* span_digits - length of the digit run at text[i..len) */
static size_t
span_digits(const char *text, size_t i, size_t len)
{
	size_t j = i;

	while (j < len && is_digit(text[j]))
		j++;
	return j - i;
}

/*
 * pnr_parse - split a personnummer-shaped text into its parts; NULL or the reason
 *
 * Accepts 10 or 12 digits, either compact or as 6/8 digits, a separator (" ", "-",
 * "+", with an optional space on either side of the sign) and 4 digits.
 */
static const char *
pnr_parse(const char *text, size_t len, struct pnr *p)
{
	char digits[12];
	size_t head, tail, i, nd;
	bool sep = false;

	memset(p, 0, sizeof(*p));
	head = span_digits(text, 0, len);
	i = head;
	tail = 0;
	if (i < len) {
		sep = true;
		if (text[i] == ' ')
			i++;
		if (i < len && (text[i] == '-' || text[i] == '+')) {
			p->signed_sep = true;
			p->plus = text[i] == '+';
			i++;
			if (i < len && text[i] == ' ')
				i++;
		}
		tail = span_digits(text, i, len);
		i += tail;
	}
	if (i != len)
		return "bad format";
	nd = head + tail;
	if (nd != 10 && nd != 12)
		return "bad length";
	if (sep && tail != 4)
		return "bad format";
	memcpy(digits, text, head);
	memcpy(digits + head, text + len - tail, tail);
	p->century = nd == 12 ? num2(digits) : -1;
	memcpy(p->ten, digits + nd - 10, 10);
	return NULL;
}

/*
 * clearing_prefix - the length of a clearing number (four digits) and its separator
 * (" ", "-", " - ") when a 10-digit form (no century) follows it, else 0. Which
 * clearing numbers may stand there is the pattern's to say: the shipped rule admits
 * 3300, Nordea's personkonto, whose account number is the holder's personnummer.
 */
static size_t
clearing_prefix(const char *text, size_t len, struct pnr *p)
{
	size_t i = 4;

	if (len < 14 || span_digits(text, 0, 4) != 4)
		return 0;
	if (text[i] == ' ')
		i++;
	if (text[i] == '-' && ++i < len && text[i] == ' ')
		i++;
	if (pnr_parse(text + i, len - i, p) != NULL || p->century >= 0)
		return 0;
	return i;
}

/* validate_pnr - personnummer (sam = false) or samordningsnummer (sam = true) */
static struct validation
validate_pnr(const char *text, size_t len, const struct refdate *today, bool sam)
{
	struct validation v;
	struct pnr p;
	const char *why;
	int year, month, day;
	bool strong;
	size_t from = len >= 4 ? len - 4 : 0, account = 0;

	if ((why = pnr_parse(text, len, &p)) != NULL &&
	    (account = clearing_prefix(text, len, &p)) == 0)
		return verdict(false, false, why, 0, len);
	/* an account number after a clearing number is no accident either */
	strong = p.century >= 0 || p.signed_sep || account > 0;
	if (!validate_luhn(p.ten, 10))
		return verdict(false, strong, "luhn mismatch", from, len);
	if (memcmp(p.ten + 6, "000", 3) == 0)
		return verdict(false, strong, "birth number 000", from, len);
	if (p.century >= 0 && (p.century < 18 || p.century > 20))
		return verdict(false, strong, "century not 18/19/20", from, len);
	month = num2(p.ten + 2);
	day = num2(p.ten + 4);
	if (month < 1 || month > 12)
		return verdict(false, strong, "no such date", from, len);
	if (sam) {
		if (day < 61 || day > 91)
			return verdict(false, strong, "day not 61-91", from, len);
		day -= 60;
	} else if (day < 1 || day > 31) {
		return verdict(false, strong, "day not 01-31", from, len);
	}
	if (p.century >= 0) {
		year = p.century * 100 + num2(p.ten);
	} else {
		int base = today->year - (p.plus ? 100 : 0);
		int back = (base - num2(p.ten)) % 100;

		if (back < 0)
			back += 100;
		year = base - back;
	}
	if (!validate_date(year, month, day))
		return verdict(false, strong, "no such date", from, len);
	if (p.century >= 0 &&
	    (year > today->year || (year == today->year && month > today->month) ||
	        (year == today->year && month == today->month && day > today->day)))
		return verdict(false, strong, "date in the future", from, len);
	if (account == 0)
		return verdict(true, strong, "valid", from, len);
	v = verdict(true, strong, "valid after a clearing number", from, len);
	v.value_from = account;
	return v;
}

/* validate_orgnr - organisationsnummer: [16]NNNNNN[-]NNNC, 3rd digit >= 2, Luhn */
static struct validation
validate_orgnr(const char *text, size_t len)
{
	char digits[12];
	size_t head, tail = 0, i, nd;
	bool hyphen = false;
	const char *ten;
	size_t from = len >= 4 ? len - 4 : 0;

	head = span_digits(text, 0, len);
	i = head;
	if (i < len && text[i] == '-') {
		hyphen = true;
		i++;
		tail = span_digits(text, i, len);
		i += tail;
	}
	if (i != len || (hyphen && tail != 4))
		return verdict(false, false, "bad format", 0, len);
	nd = head + tail;
	if (nd != 10 && nd != 12)
		return verdict(false, false, "bad length", 0, len);
	memcpy(digits, text, head);
	memcpy(digits + head, text + len - tail, tail);
	if (nd == 12 && memcmp(digits, "16", 2) != 0)
		return verdict(false, false, "prefix not 16", from, len);
	ten = digits + nd - 10;
	if (ten[2] < '2')
		return verdict(
		    false, hyphen || nd == 12, "third digit below 2", from, len);
	if (!validate_luhn(ten, 10))
		return verdict(false, hyphen || nd == 12, "luhn mismatch", from, len);
	return verdict(true, hyphen || nd == 12, "valid", from, len);
}

/*
 * collect_digits - digits of text with separators from `seps` between them
 *
 * A separator must sit between two digits and may not repeat. With `same`, every
 * separator must be the same character. Stores up to `max` digits in out and the
 * position of the last-but-three digit in *last4 (len if fewer than 4 digits);
 * returns the digit count, or -1 if the text has any other shape.
 */
static int
collect_digits(const char *text, size_t len, const char *seps, bool same, char *out,
    size_t max, size_t *last4)
{
	size_t nd = 0, pos[4] = {0};
	char sepc = '\0';

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (is_digit(c)) {
			if (nd < max)
				out[nd] = c;
			pos[nd % 4] = i;
			nd++;
			continue;
		}
		if (c == '\0' || strchr(seps, c) == NULL || i == 0 || i + 1 == len ||
		    !is_digit(text[i - 1]) || !is_digit(text[i + 1]))
			return -1;
		if (same && sepc != '\0' && c != sepc)
			return -1;
		sepc = c;
	}
	*last4 = nd >= 4 ? pos[(nd - 4) % 4] : len;
	return nd > (size_t)INT_MAX ? -1 : (int)nd;
}

/* validate_luhn_text - every digit of the text, separators ignored, Luhn valid */
static struct validation
validate_luhn_text(const char *text, size_t len)
{
	char digits[64];
	size_t last4;
	int nd;

	nd = collect_digits(text, len, "-+ ", false, digits, sizeof(digits), &last4);
	if (nd < 0)
		return verdict(false, false, "bad format", 0, len);
	if (nd < 2 || (size_t)nd > sizeof(digits))
		return verdict(false, false, "bad length", 0, len);
	if (!validate_luhn(digits, (size_t)nd))
		return verdict(false, false, "luhn mismatch", 0, last4);
	return verdict(true, false, "valid", 0, last4);
}

/* card_iin - NULL when the digits start with a known card IIN, else the reason */
static const char *
card_iin(const char *d, size_t n)
{
	int p2 = num2(d), p3 = numn(d, 3), p4 = numn(d, 4);

	if (d[0] == '4')
		return NULL; /* Visa */
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return NULL; /* Mastercard */
	if (p2 == 34 || p2 == 37)
		return n == 15 ? NULL : "bad length"; /* Amex */
	if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65)
		return NULL; /* Discover */
	if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38)
		return NULL; /* Diners */
	if (p4 >= 3528 && p4 <= 3589)
		return NULL; /* JCB */
	return "unknown IIN";
}

/* validate_card - payment card number: 13-19 digits, known IIN, Luhn */
static struct validation
validate_card(const char *text, size_t len)
{
	char digits[19];
	size_t last4;
	const char *why;
	int nd;

	nd = collect_digits(text, len, "- ", true, digits, sizeof(digits), &last4);
	if (nd < 0)
		return verdict(false, false, "bad format", 0, len);
	if (nd < 13 || nd > 19)
		return verdict(false, false, "bad length", 0, len);
	if ((why = card_iin(digits, (size_t)nd)) != NULL)
		return verdict(false, true, why, 0, last4);
	if (!validate_luhn(digits, (size_t)nd))
		return verdict(false, true, "luhn mismatch", 0, last4);
	/* grouped as printed on a card: strong; a bare digit run is as likely an OCR or
	 * order reference (those carry Luhn digits too) and needs context */
	return verdict(true, (size_t)nd != len, "valid", 0, last4);
}

/* iban_length - registered IBAN length for a country code; 0 if unknown */
static size_t
iban_length(char a, char b)
{
	for (size_t i = 0; i < ARRAY_SIZE(iban_lengths); i++)
		if (iban_lengths[i].cc[0] == a && iban_lengths[i].cc[1] == b)
			return iban_lengths[i].len;
	return 0;
}

/* upper - ASCII upper case */
static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* validate_iban - IBAN: country, check digits, BBAN; length per country; mod 97 */
static struct validation
validate_iban(const char *text, size_t len)
{
	char s[IBAN_MAX];
	size_t n = 0, from = len, want;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == ' ') {
			if (i == 0 || i + 1 == len || text[i + 1] == ' ')
				return verdict(false, false, "bad format", 0, len);
			continue;
		}
		if (!is_digit(c) && !is_alpha(c))
			return verdict(false, false, "bad format", 0, len);
		if (n == IBAN_MAX)
			return verdict(false, false, "bad length", 0, len);
		s[n++] = upper(c);
		if (n == 8)
			from = i + 1;
	}
	if (n < 5 || !is_alpha(s[0]) || !is_alpha(s[1]) || !is_digit(s[2]) ||
	    !is_digit(s[3]))
		return verdict(false, false, "bad format", 0, len);
	if ((want = iban_length(s[0], s[1])) == 0)
		return verdict(false, false, "unknown country", from, len);
	if (n != want)
		return verdict(false, false, "bad length", from, len);
	if (validate_mod97(s, n) != 1)
		return verdict(false, true, "mod 97 mismatch", from, len);
	return verdict(true, true, "valid", from, len);
}

/* validate - run validator v over text[0..len) */
struct validation
validate(enum validator v, const char *text, size_t len, const struct refdate *today)
{
	struct refdate now;

	if (today == NULL) {
		time_t t = time(NULL);
		struct tm tm;

		if (localtime_r(&t, &tm) == NULL)
			return verdict(false, false, "no reference date", 0, len);
		now.year = tm.tm_year + 1900;
		now.month = tm.tm_mon + 1;
		now.day = tm.tm_mday;
		today = &now;
	}
	switch (v) {
	case VALIDATOR_NONE:
		return verdict(true, true, "valid", len / 3, len);
	case VALIDATOR_LUHN:
		return validate_luhn_text(text, len);
	case VALIDATOR_PERSONNUMMER:
		return validate_pnr(text, len, today, false);
	case VALIDATOR_SAMORDNINGSNUMMER:
		return validate_pnr(text, len, today, true);
	case VALIDATOR_ORGNR:
		return validate_orgnr(text, len);
	case VALIDATOR_CARD:
		return validate_card(text, len);
	case VALIDATOR_IBAN:
		return validate_iban(text, len);
	}
	return verdict(false, false, "unknown validator", 0, len);
}
