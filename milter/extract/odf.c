/*
 * NAME
 *	odf.c - OpenDocument: odt, ods, odp
 *
 * DESCRIPTION
 *	A package (package.h) whose text is in content.xml (and embedded objects'
 *	"Object N/content.xml"), styles.xml (headers and footers) and meta.xml
 *	(properties, a line per element). Paragraphs, table cells and text:s spaces
 *	are read as package.c reads them, so a spreadsheet's cells are joined with a
 *	TAB and its rows with a newline, as ODF stores what each cell shows; every
 *	xlink:href is read. The units' extractor is "odt", "ods" or "odp" after the
 *	package's mimetype member (else the declared type).
 *
 *	Password protection: a manifest (META-INF/manifest.xml) with encryption-data
 *	is unscannable "encrypted", and nothing of the package is read.
 *
 * LIMITS
 *	As package.c (entries, decompressed bytes, expansion ratio).
 */
#include "base/common.h"

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/odf.h"
#include "extract/package.h"

#define R_MANIFEST PKG_OWN /* mimetype and manifest: kind and encryption */

/* classify - the role of an ODF member, by name */
static int
classify(const char *name)
{
	if (strcmp(name, "content.xml") == 0 || strcmp(name, "styles.xml") == 0)
		return PKG_TEXT;
	if (strcmp(name, "meta.xml") == 0)
		return PKG_PROPS;
	if (strcmp(name, "mimetype") == 0)
		return R_MANIFEST; /* read for the kind; emits nothing */
	if (strcmp(name, "META-INF/manifest.xml") == 0)
		return R_MANIFEST;
	if (pkg_starts(name, "Object ") && pkg_ends(name, "/content.xml"))
		return PKG_TEXT;
	return PKG_SKIP;
}

/* odf_kind - "odt", "ods", "odp" from an ODF mimetype */
static const char *
odf_kind(const char *mimetype)
{
	if (strstr(mimetype, "opendocument.text") != NULL)
		return "odt";
	if (strstr(mimetype, "opendocument.spreadsheet") != NULL)
		return "ods";
	if (strstr(mimetype, "opendocument.presentation") != NULL)
		return "odp";
	return "odf";
}

/* extract_odf - read an ODF package (see the file header) */
int
extract_odf(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	struct pkg p;
	struct buf text;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.x = x;
	p.pi = pi;
	if (pkg_read(&p, data, len, classify, NULL) != 0)
		goto out;
	for (size_t i = 0; i < p.nparts; i++) {
		if (strcmp(p.parts[i].name, "mimetype") == 0 && p.parts[i].data.data)
			p.kind = odf_kind(p.parts[i].data.data);
		if (p.parts[i].role == R_MANIFEST && p.parts[i].data.data &&
		    strstr(p.parts[i].data.data, "encryption-data") != NULL) {
			extract_unscannable(x, pi->location, UNSCANNABLE_ENCRYPTED,
			    "password-protected document (ODF encryption)");
			goto out;
		}
	}
	if (p.kind == NULL)
		p.kind = pi->content_type != NULL ? odf_kind(pi->content_type) : "odf";
	buf_init(&text, 0);
	for (size_t i = 0; i < p.nparts && rc == 0; i++) {
		buf_reset(&text);
		if (p.parts[i].role != R_MANIFEST)
			pkg_text(&p.parts[i].data, p.parts[i].role, &text);
		rc = pkg_emit(&p, p.parts[i].name, &text);
	}
	buf_free(&text);
out:
	pkg_free(&p);
	return rc == -1 || x->aborted ? -1 : 0;
}
