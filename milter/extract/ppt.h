/*
 * ppt.h - PowerPoint 97-2003 (.ppt) in-process: a unit per slide (see ppt.c)
 */
#ifndef MILTER_EXTRACT_PPT_H
#define MILTER_EXTRACT_PPT_H

#include "content/extractor.h"

/* a .ppt (an OLE2 compound file): the text of each slide at "slide N", its notes
 * at "slide N > notes", headers, footers and links at the file; a file or stream
 * that cannot be read is unscannable "legacy-failed" */
int extract_ppt(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

/* the same from the "PowerPoint Document" stream itself and the "Current User"
 * stream (cu may be NULL: slides then in the order of the stream); what
 * extract_ppt() does once it has read them (and the unit tests' way in) */
int extract_ppt_stream(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *doc, size_t len, const unsigned char *cu, size_t culen);

#endif
