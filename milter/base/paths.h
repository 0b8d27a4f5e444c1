/*
 * paths.h - what the programs were built for: configuration, rules, version
 *
 * The Makefile defines each with -D: DLP_CONFDIR and DLP_RULESDIR are the
 * checkout's packaging/ and rules/ in the in-tree build and /etc/dlp-milter (and
 * its rules/) in `make install` and the package; DLP_VERSION is debian/changelog's.
 * These are the installed defaults for a build without them.
 */
#ifndef MILTER_BASE_PATHS_H
#define MILTER_BASE_PATHS_H

#ifndef DLP_CONFDIR
#define DLP_CONFDIR "/etc/dlp-milter"
#endif
#ifndef DLP_RULESDIR
#define DLP_RULESDIR "/etc/dlp-milter/rules"
#endif
#ifndef DLP_VERSION
#define DLP_VERSION "unknown"
#endif

#endif
