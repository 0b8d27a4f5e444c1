/*
 * validate.h - pure validators for identifiers found by rule patterns
 *
 * Each validator takes the matched text (ASCII digits, optional separators already
 * normalised to '-', '+' or ' ') and returns a verdict with a short reason that
 * --explain can print. None of them allocates, logs or keeps state; all are
 * thread-safe. The reference date for "not born in the future" and century
 * inference is passed in (struct tm-free: year, month, day) so tests can pin it;
 * a NULL reference date means today's local date.
 *
 * Validator names and accepted forms (text as matched, after norm_text()):
 *   none               always ok; shows the first third of the text
 *   luhn               digits with '-', '+' or ' ' between them; Luhn over all digits
 *   personnummer       YYMMDD[sep]NNNC or YYYYMMDD[sep]NNNC, sep one of "-", "+",
 *                      " ", " - ", " + " (a space on either side of the sign is
 *                      optional); Luhn over YYMMDDNNNC, birth number != 000, day
 *                      01-31, real date; 12-digit: century 18/19/20 and not after
 *                      today; 10-digit: century inferred ('+' = 100 years or older).
 *                      Also a 10-digit form after a four-digit clearing number and
 *                      " ", "-", " - " or nothing ("3300 640823-3234",
 *                      "33006408233234": a Nordea personkonto, whose account number
 *                      is the personnummer; which clearing numbers, the rule's
 *                      pattern says): strong, and the value is the number after it
 *   samordningsnummer  as personnummer with day 61-91, checked as day-60
 *   orgnr              [16]NNNNNN[-]NNNC, 3rd digit of the ten >= 2, Luhn
 *   card               13-19 digits, optionally grouped by one ' ' or '-' (the same
 *                      one throughout), known IIN range, Luhn
 *   iban               country + 2 check digits + BBAN, single spaces allowed between
 *                      characters, registered length for the country, mod 97 == 1
 * Masks: the last four characters for the national numbers, all but the last four
 * digits for luhn and card, everything after the first eight non-space characters
 * for iban. A text that does not even parse is masked completely.
 *
 * Specification: ../shared/reference/swedish-identifiers.md, sections 1-3 and 5.2.
 */
#ifndef MILTER_DETECT_VALIDATE_H
#define MILTER_DETECT_VALIDATE_H

#include "base/common.h"

enum validator {
	VALIDATOR_NONE,
	VALIDATOR_LUHN,
	VALIDATOR_PERSONNUMMER,
	VALIDATOR_SAMORDNINGSNUMMER,
	VALIDATOR_ORGNR,
	VALIDATOR_CARD,
	VALIDATOR_IBAN,
};

struct refdate {
	int year, month, day;
};

struct validation {
	bool ok;
	/* a form that is rarely accidental: 12-digit, a '-'/'+' separator, or after
	   a clearing number; false for compact or space-separated 10 digits */
	bool strong;
	/* static string: "valid", "luhn mismatch", "no such date" ... */
	const char *reason;
	size_t mask_from; /* letters and digits in text[mask_from..mask_to) are shown */
	size_t mask_to;   /* as '*' wherever the value is printed or logged */
	/* the value proper starts here: what the pattern matched before it (a
	   clearing number) is context, not part of the finding; 0 for most */
	size_t value_from;
};

/* look a validator up by its rule-file name ("personnummer", ...); -1 if unknown */
int validate_lookup(const char *name);
const char *validate_name(enum validator v);

/* run validator v over text[0..len) */
struct validation validate(
    enum validator v, const char *text, size_t len, const struct refdate *today);

/*
 * building blocks, exported for tests
 *
 * validate_luhn: true when the n characters are all digits (n >= 1) and pass Luhn.
 * validate_date: true when the date exists in the (proleptic) Gregorian calendar.
 * validate_mod97: the ISO 7064 MOD 97-10 remainder (0..96) of the IBAN with its
 * first four characters moved to the end and letters read as 10..35 (either case),
 * spaces skipped; so 1 when valid. -1 when fewer than 5 characters, more than 68,
 * or a character that is not a letter, digit or space.
 */
bool validate_luhn(const char *digits, size_t n); /* all-digit string */
bool validate_date(int year, int month, int day); /* Gregorian */
int validate_mod97(const char *iban, size_t n);   /* 1 when valid */

#endif
