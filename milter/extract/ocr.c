/*
 * NAME
 *	ocr.c - text in pixels with tesseract, in-process (see ocr.h)
 *
 * DESCRIPTION
 *	A picture is read in these steps (leptonica, then tesseract's C API):
 *	  - grey (pixConvertTo8): colour carries nothing OCR needs;
 *	  - upscaled twice when its longer side is under OCR_SMALL pixels (a
 *	    screenshot's 9-12 px letters are below what tesseract reads well),
 *	    unless that would pass max_pixels;
 *	  - deskewed (pixFindSkewAndDeskew: up to about 7 degrees, only when the
 *	    skew is found with confidence), as a hand-fed scanner leaves pages;
 *	  - page segmentation with orientation and script detection
 *	    (PSM_AUTO_OSD, osd.traineddata): a page scanned sideways or upside
 *	    down is read the right way up;
 *	  - binarisation is tesseract's own (Otsu on the grey picture);
 *	  - recognition with the LSTM models of Debian's tesseract-ocr-swe and
 *	    -eng, within image_time (tesseract's monitor deadline) and the
 *	    message's deadline (struct sink), whichever comes first. Text read
 *	    before a deadline is kept and emitted; the picture is reported
 *	    "ocr-limits" all the same.
 *	The text goes out as an OCR unit (extract_emit_ocr): the matcher then
 *	reads OCR's misreads inside numbers (detect/ocrfix.h).
 *
 * WHY IN-PROCESS
 *	Measured on this machine (2 cores, shared), tesseract 5.3.0 with the
 *	swe+eng data, OMP_THREAD_LIMIT=1, best of 3:
 *	                              tesseract program     C API in the scanner
 *	  start (load swe+eng, osd)   100-170 ms per image  once per scanner
 *	  a 2522x1288 scan (5 lines)  290 ms                see make bench
 *	  peak memory                 51-62 MB per child    +45 MB per scanner
 *	The program would load its 8 MB of models for every image, which costs
 *	as much as reading a small image does. Isolation: leptonica's decoders
 *	and tesseract already run inside the sandboxed scanner process (seccomp,
 *	RLIMIT_AS, per-message CPU limit); a crash there costs the message its
 *	on_error like any extractor's, and a second one holds it as poison. A
 *	child would only have moved that line inward, at the price above.
 *	tesseract's OpenMP threads are turned off (omp_set_max_active_levels(0)):
 *	on a scanner per core they only add CPU time (0.62 s of wall time with
 *	them against 0.30 s without, for the scan above).
 *
 * LIMITS
 *	ocr_admit(): max_pixels per picture, max_images per message (reported
 *	once), and the message's deadline; pictures under OCR_MIN_SIDE pixels on
 *	a side (icons, spacer GIFs) are not read and not counted. Layout
 *	analysis, orientation detection and deskewing run before the deadline
 *	applies: they are bounded by the picture's size.
 */
#include "base/common.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <pthread.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "content/extractor.h"
#include "extract/ocr.h"

#define OCR_LANGS    "swe+eng"
#define OCR_MIN_SIDE 24   /* pixels: smaller holds no line of text */
#define OCR_SMALL    1800 /* longer side under this: upscaled twice */

struct ocr_thread {
	TessBaseAPI *api; /* NULL when tesseract could not start */
	bool tried;
};

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t ocr_key;

/* end_thread - key destructor: a thread's tesseract ends with it */
static void
end_thread(void *p)
{
	struct ocr_thread *t = p;

	if (t->api != NULL) {
		TessBaseAPIEnd(t->api);
		TessBaseAPIDelete(t->api);
	}
	free(t);
}

/* make_key - the per-thread key, and leptonica's messages off */
static void
make_key(void)
{
	if (pthread_key_create(&ocr_key, end_thread) != 0)
		abort();
	setMsgSeverity(L_SEVERITY_NONE);
}

/* serial - tesseract's OpenMP parallel regions run on the calling thread only */
static void
serial(void)
{
	void (*set_levels)(int) =
	    (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");

	if (set_levels != NULL)
		set_levels(0);
}

/* start - a tesseract instance with the models loaded, osd too; NULL on failure */
static TessBaseAPI *
start(void)
{
	TessBaseAPI *api = TessBaseAPICreate();
	PIX *blank;

	if (api == NULL)
		return NULL;
	/* its messages (resolution estimates, diacritics) would fill the log */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(api, NULL, OCR_LANGS) != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(api, PSM_AUTO_OSD);
	/* the orientation model is loaded on the first layout analysis: now. Its
	 * resolution of 1 dpi is refused with a message, and tesseract opens
	 * debug_file on its first message only: that must be now, as a scanner's
	 * sandbox refuses to open a file for writing (then it prints to stderr,
	 * the daemon's log) */
	if ((blank = pixCreate(64, 64, 8)) != NULL) {
		pixSetAllArbitrary(blank, 255);
		TessBaseAPISetImage2(api, blank);
		TessBaseAPISetSourceResolution(api, 1);
		pixDestroy(&blank);
		TessPageIteratorDelete(TessBaseAPIAnalyseLayout(api));
		TessBaseAPIClear(api);
	}
	return api;
}

/* ocr_init - see ocr.h */
void
ocr_init(void)
{
	pthread_once(&key_once, make_key);
}

/* thread_api - this thread's tesseract, started on first use */
static TessBaseAPI *
thread_api(void)
{
	struct ocr_thread *t;

	ocr_init();
	if ((t = pthread_getspecific(ocr_key)) == NULL) {
		if ((t = calloc(1, sizeof(*t))) == NULL)
			return NULL;
		if (pthread_setspecific(ocr_key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	if (!t->tried) {
		t->tried = true;
		serial();
		t->api = start();
	}
	return t->api;
}

/* ocr_warm - see ocr.h */
bool
ocr_warm(void)
{
	return thread_api() != NULL;
}

/* limit - an "ocr-limits" finding with a formatted detail */
static void PRINTFLIKE(3, 4)
    limit(struct extract_ctx *x, const struct loc *where, const char *fmt, ...)
{
	char detail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	extract_unscannable(x, where, UNSCANNABLE_OCR_LIMITS, detail);
}

/* ocr_admit - see ocr.h */
int
ocr_admit(struct extract_ctx *x, const struct loc *where, long w, long h)
{
	const struct content_limits *lim = x->lim;

	if (lim->no_ocr) {
		extract_skipped(x, where, "not scanned: image ([ocr] enabled = no)");
		return 0;
	}
	if (w < OCR_MIN_SIDE || h < OCR_MIN_SIDE) {
		extract_skipped(x, where, "not scanned: image too small to hold text");
		return 0;
	}
	if ((unsigned long long)w * (unsigned long long)h > lim->ocr_pixels) {
		limit(x, where, "ocr: image of %ldx%ld pixels > max_pixels %zu", w, h,
		    lim->ocr_pixels);
		return 0;
	}
	if (x->ocr_images >= lim->ocr_images) {
		if (!(x->reported & EXTRACT_LIMIT_OCR)) {
			x->reported |= EXTRACT_LIMIT_OCR;
			limit(x, where, "ocr: images and pages > max_images %zu",
			    lim->ocr_images);
		}
		return 0;
	}
	if (x->sink->deadline != 0 && clock_ms() >= x->sink->deadline) {
		if (!(x->reported & EXTRACT_LIMIT_OCR_TIME)) {
			x->reported |= EXTRACT_LIMIT_OCR_TIME;
			limit(x, where, "ocr: no time left in the message's time budget");
		}
		return 0;
	}
	x->ocr_images++;
	return 1;
}

/* prepare - the picture as OCR reads it best: grey, upscaled when small,
 * deskewed; *dpi follows the scale. A new PIX, or NULL */
static PIX *
prepare(const struct extract_ctx *x, PIX *pix, int *dpi)
{
	PIX *grey = pixConvertTo8(pix, 0), *big, *straight;
	long w, h;

	if (grey == NULL)
		return NULL;
	w = pixGetWidth(grey);
	h = pixGetHeight(grey);
	if ((w > h ? w : h) < OCR_SMALL &&
	    (unsigned long long)w * (unsigned long long)h * 4 <= x->lim->ocr_pixels &&
	    (big = pixScaleGrayLI(grey, 2.0, 2.0)) != NULL) {
		pixDestroy(&grey);
		grey = big;
		*dpi *= 2;
	}
	straight = pixFindSkewAndDeskew(grey, 2, NULL, NULL);
	if (straight != NULL) {
		pixDestroy(&grey);
		grey = straight;
	}
	return grey;
}

/* time_left - milliseconds OCR may spend on this picture */
static long long
time_left(const struct extract_ctx *x)
{
	long long ms = (long long)x->lim->ocr_time, now = clock_ms();

	if (x->sink->deadline != 0 && x->sink->deadline - now < ms)
		ms = x->sink->deadline - now;
	return ms > 1 ? ms : 1;
}

/* ocr_read - see ocr.h */
int
ocr_read(struct extract_ctx *x, const struct loc *where, enum scope scope,
    struct Pix *pix, int dpi)
{
	struct loc at = {where, LOC_OCR, NULL, NULL, 0, false};
	TessBaseAPI *api = thread_api();
	ETEXT_DESC *monitor;
	long long start = clock_ms(), ms = time_left(x);
	char *text;
	PIX *page;
	bool late;
	int rc = 0;

	if (api == NULL) {
		limit(x, where, "ocr: tesseract cannot start (its %s data)", OCR_LANGS);
		return 0;
	}
	if ((page = prepare(x, pix, &dpi)) == NULL ||
	    (monitor = TessMonitorCreate()) == NULL) {
		pixDestroy(&page);
		extract_unscannable(
		    x, where, UNSCANNABLE_MALFORMED, "ocr: out of memory");
		return 0;
	}
	TessBaseAPISetImage2(api, page);
	if (dpi >= 70 && dpi <= 2400)
		TessBaseAPISetSourceResolution(api, dpi);
	TessMonitorSetDeadlineMSecs(monitor, (int)(ms < INT_MAX ? ms : INT_MAX));
	late = TessBaseAPIRecognize(api, monitor) != 0;
	text = TessBaseAPIGetUTF8Text(api);
	TessMonitorDelete(monitor);
	if (late)
		limit(x, where, "ocr: stopped after %lld ms (image_time %zu ms)",
		    clock_ms() - start, x->lim->ocr_time);
	if (text != NULL && *text != '\0') {
		size_t n = strlen(text);

		utf8_repair(text, n);
		rc = extract_emit_ocr(x, &at, scope, text, n);
	}
	TessDeleteText(text);
	TessBaseAPIClear(api);
	pixDestroy(&page);
	return rc;
}

/* ocr_read_rgb - see ocr.h */
int
ocr_read_rgb(struct extract_ctx *x, const struct loc *where, enum scope scope,
    const unsigned char *px, int w, int h, int stride, int dpi)
{
	PIX *pix = pixCreate(w, h, 8);
	l_uint32 *line;
	int wpl, rc;

	if (pix == NULL) {
		extract_unscannable(
		    x, where, UNSCANNABLE_MALFORMED, "ocr: out of memory");
		return 0;
	}
	line = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++, line += wpl) {
		const uint32_t *row =
		    (const uint32_t *)(const void *)(px + (size_t)y * stride);

		for (int i = 0; i < w; i++) {
			uint32_t c = row[i];
			unsigned v = (((c >> 16) & 0xff) * 77 + ((c >> 8) & 0xff) * 150 +
			                 (c & 0xff) * 29) >>
			    8;

			SET_DATA_BYTE(line, i, v);
		}
	}
	rc = ocr_read(x, where, scope, pix, dpi);
	pixDestroy(&pix);
	return rc;
}
