/*
 * rules_lint.h - check each rule against its own samples at load time
 *
 * Every `sample` of a rule must produce a reported finding of that rule when matched
 * on its own; every `nosample` must not. A failure is a load error at the sample's
 * FILE:LINE, so a rule edit that breaks detection (or starts firing on a known
 * near-miss) is caught before it is used.
 *
 * rules_lint_load() is how the programs load a rule set (dlp-milter's snapshot,
 * dlp-scan, the benchmark): rules_load(), then every sample checked, and the set
 * refused if anything failed.
 */
#ifndef MILTER_DETECT_RULES_LINT_H
#define MILTER_DETECT_RULES_LINT_H

#include "detect/rules.h"

/* returns the number of failures added to d */
size_t rules_lint_samples(
    const struct rules *rs, const struct refdate *today, struct diag *d);

/* load and check a rule set; today is the samples' reference date. NULL with every
 * problem in d; never a partial set */
struct rules *rules_lint_load(
    const char *const *paths, size_t npaths, const struct refdate *today, struct diag *d);

#endif
