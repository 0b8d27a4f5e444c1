/*
 * preview.h - dlp-scan --notice: the sender notice the milter would send
 *
 * preview_notice() prints, for a scanned message whose verdict stops it (reject
 * or quarantine), the notice dlp-milter would mail its sender with this config
 * and these templates (notice/notice.h): the plain-text part after its From, To
 * and Subject lines, or (html) the HTML part alone, so an admin can tune the
 * templates and see the result. dlp-scan has no envelope: the message's From
 * address stands for the sender and its To, Cc and Bcc addresses for the
 * recipients; the reference is "-". A verdict that stops nothing prints no notice
 * and says so on stderr. Returns 0, or -1 when the notice could not be made
 * (the reason on stderr).
 */
#ifndef MILTER_CLI_PREVIEW_H
#define MILTER_CLI_PREVIEW_H

#include "conf/config.h"
#include "detect/report.h"
#include "notice/notice.h"

int preview_notice(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const char *name, const char *msg, size_t len,
    const struct report *r, bool html);

#endif
