#!/bin/sh
# deps.sh - install the Debian 12 packages that build, test and benchmark need.
# Non-interactive and idempotent: packages already present are not touched, and
# apt-get runs only when something is missing. Needs root (CI runs as root).
set -eu

PKGS="build-essential pkg-config clang-format
libmilter-dev libpcre2-dev pcre2-utils libmagic-dev libmagic-mgc libssl-dev
libgmime-3.0-dev libarchive-dev libxml2-dev libcmocka-dev
python3 mandoc file poppler-utils qpdf catdoc
postfix swaks m4
libdb5.3 libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 libssl3 libwrap0"
# The last two lines are for tests/e2e: a real Postfix (with smtp-sink) and swaks;
# m4 and the libraries a Sendmail binary needs, which the e2e test unpacks privately
# (sendmail-bin conflicts with postfix as a package).

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root; run 'sudo make deps'" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix without a system configuration: no main.cf, nothing started on port 25
# (the e2e test runs its own instance on loopback).
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
