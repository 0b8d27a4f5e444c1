/*
 * fuzz_config.c - the config reader: a dlp-milter.conf through config_load()
 * (every section and key, sizes, networks, address lists, groups), then
 * config_internal_domain() on a few addresses
 *
 * Checks: a config loads with no diagnostic or is refused with at least one.
 * Seeds: packaging/dlp-milter.conf and the configs of tests/ (tests/fuzz/seed.py);
 * dictionary: the sections and keys.
 */
#include "base/common.h"

#include "conf/config.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const addrs[] = {"anna@example.se", "a@sub.example.se",
	    "b@EXAMPLE.SE", "c@", "@", "", "d@example.se.evil.example", "e@[127.0.0.1]"};
	const char *path = fuzz_file("dlp-milter.conf", data, size);
	struct config *c;
	struct diag d;

	diag_init(&d);
	if ((c = config_load(path, DLP_RULESDIR, &d)) != NULL) {
		if (d.n != 0)
			fuzz_fail("a config loaded with %zu diagnostics", d.n);
		for (size_t i = 0; i < ARRAY_SIZE(addrs); i++)
			config_internal_domain(c, addrs[i]);
		config_free(c);
	} else if (d.n == 0)
		fuzz_fail("a config refused without a diagnostic");
	diag_free(&d);
	return 0;
}
