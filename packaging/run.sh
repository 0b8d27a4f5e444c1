#!/bin/sh
# run.sh - what `make run` does: start dlp-milter in the foreground on
# inet:8891@127.0.0.1 with the shipped config and rules. Ctrl-C stops it (it
# finishes the messages in flight first). Point Postfix at it with
#   smtpd_milters = inet:127.0.0.1:8891
cd "$(dirname "$0")/.." || exit 2
./build/dlp-milter -t -c packaging/dlp-milter.conf || exit 2
exec ./build/dlp-milter -f -c packaging/dlp-milter.conf -p inet:8891@127.0.0.1
