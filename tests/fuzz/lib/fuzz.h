/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz share
 *
 * A target (tests/fuzz/fuzz_<name>.c) defines LLVMFuzzerTestOneInput and takes
 * what it needs from here:
 *   fuzz_env()      the shipped configuration and rules (packaging/dlp-milter.conf,
 *                   rules/), loaded once as dlp-scan loads them, with an ephemeral
 *                   fingerprint key and a fixed reference date (FUZZ_TODAY), so a
 *                   crash replays the same way on any day;
 *   fuzz_config()   that configuration itself;
 *   fuzz_sink()     a sink that checks what the content layer hands on: every unit
 *                   NUL-terminated, without a NUL inside, valid UTF-8, with a scope;
 *                   every note with a location and a reason;
 *   fuzz_ctx()      a content context for one input with the shipped limits, that
 *                   sink, and as hooks the dispatcher and the walk (mime_ctx_init);
 *   fuzz_extract()  one extractor over the input as an attachment, in such a
 *                   context; it must return 0 (its sink never aborts);
 *   fuzz_shown()    text people see (a location, a masked value, a detail) must
 *                   hold no number: no run of more than 8 digits joined by single
 *                   separators once normalised (locmask.h's guarantee);
 *   fuzz_file()     bytes to a file in the process's private temporary directory
 *                   (tmpfs when there is one), for the readers that take a path.
 * A broken contract is reported with fuzz_fail(), which aborts: libFuzzer counts
 * it as a crash and keeps the input.
 */
#ifndef TESTS_FUZZ_LIB_FUZZ_H
#define TESTS_FUZZ_LIB_FUZZ_H

#include "base/common.h"

#include "conf/config.h"
#include "content/extractor.h"
#include "engine/scan.h"

/* the reference date of the validators and the rules' samples (tests/unit too) */
#define FUZZ_TODAY ((struct refdate){2026, 11, 25})

/* the shipped configuration and rules; aborts when they do not load */
const struct scan_env *fuzz_env(void);
/* the shipped configuration (loaded by fuzz_env) */
const struct config *fuzz_config(void);

/* the checking sink */
const struct sink *fuzz_sink(void);
/* a context for one input (shipped limits, checking sink); the hooks recurse */
void fuzz_ctx(struct extract_ctx *x);

/* an extractor's signature (content/dispatch.c's table) */
typedef int (*fuzz_extractor)(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

/* fn over data as the attachment `filename` of type `type` (NULL: none) */
void fuzz_extract(fuzz_extractor fn, const char *type, const char *filename,
    const uint8_t *data, size_t len);

/* abort when s holds a run of more than 8 digits joined by single separators */
void fuzz_shown(const char *what, const char *s);

/* write data to `name` in the private temporary directory; its path (static) */
const char *fuzz_file(const char *name, const void *data, size_t len);
/* the private temporary directory (made on first use, removed at exit) */
const char *fuzz_dir(void);

/* report a broken contract on stderr and abort */
void fuzz_fail(const char *fmt, ...) PRINTFLIKE(1, 2) NORETURN;

/* the libFuzzer entry points (every target defines the first) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
