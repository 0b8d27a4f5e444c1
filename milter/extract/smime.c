/*
 * NAME
 *	smime.c - S/MIME application/pkcs7-mime with OpenSSL CMS
 *
 * DESCRIPTION
 *	extract_smime() parses the decoded part as a DER CMS ContentInfo:
 *	  - signed-data with the content inside (opaque-signed S/MIME,
 *	    smime-type=signed-data): the content is a MIME entity and is walked
 *	    like an attached message (the context's message hook), so the text a recipient
 *	    reads is scanned. The signature is not verified: whether it is valid does
 *	    not change what leaves;
 *	  - enveloped-data and authenticated-enveloped-data (encrypted S/MIME):
 *	    unscannable "encrypted";
 *	  - signed-data without content (a detached signature sent as pkcs7-mime):
 *	    nothing to read, noted for --explain;
 *	  - compressed-data and anything else: unscannable "unsupported-format";
 *	    bytes that are not CMS: unscannable "malformed".
 *	This is the only content-layer file that includes OpenSSL headers.
 *
 * LIMITS
 *	OpenSSL's DER parser bounds itself by the input; the inner entity counts
 *	one nesting level against max_depth.
 */
#include "base/common.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/objects.h>

#include "content/charset.h"
#include "content/extractor.h"
#include "extract/smime.h"

/* extract_smime - see the file header */
int
extract_smime(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	CMS_ContentInfo *cms;
	ASN1_OCTET_STRING **pos;
	BIO *bio;
	int nid, rc = 0;

	if (len > INT32_MAX || (bio = BIO_new_mem_buf(data, (int)len)) == NULL)
		return 0;
	cms = d2i_CMS_bio(bio, NULL);
	BIO_free(bio);
	if (cms == NULL) {
		extract_unscannable(
		    x, pi->where, UNSCANNABLE_MALFORMED, "S/MIME: not a CMS structure");
		return 0;
	}
	nid = OBJ_obj2nid(CMS_get0_type(cms));
	if (nid == NID_pkcs7_enveloped || nid == NID_id_smime_ct_authEnvelopedData)
		extract_unscannable(x, pi->where, UNSCANNABLE_ENCRYPTED_MAIL,
		    "S/MIME enveloped-data (encrypted)");
	else if (nid == NID_pkcs7_signed || nid == NID_pkcs7_data) {
		pos = CMS_get0_content(cms);
		if (pos != NULL && *pos != NULL && ASN1_STRING_length(*pos) > 0)
			rc = x->message(x, pi->where,
			    (const char *)ASN1_STRING_get0_data(*pos),
			    (size_t)ASN1_STRING_length(*pos));
		else
			extract_skipped(x, pi->where,
			    "not scanned: S/MIME signature without content");
	} else
		extract_unscannable(x, pi->where, UNSCANNABLE_UNSUPPORTED,
		    nid == NID_id_smime_ct_compressedData ? "S/MIME compressed-data"
		                                          : "S/MIME: unknown CMS type");
	CMS_ContentInfo_free(cms);
	return rc;
}
