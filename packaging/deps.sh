#!/bin/sh
# deps.sh - install the Debian 12 packages one use of the checkout needs.
#
#   deps.sh run    building and running dlp-milter and dlp-scan: compiler, the
#                  libraries' -dev packages (poppler's GLib library reads PDFs,
#                  libgsf OLE2 files and Outlook .msg, libytnef TNEF; tesseract
#                  and leptonica read images), tesseract's Swedish, English and
#                  orientation data, and the extractor programs (catdoc). Never an MTA:
#                  postfix conflicts with every other MTA package, so on a Sendmail
#                  or Exim server installing it would remove the running mail server.
#   deps.sh deb    run + what `make deb` needs: debhelper, dpkg-dev, fakeroot and
#                  lintian. Still no MTA.
#   deps.sh test   run + deb + what the test suites and the benchmark need: a real
#                  Postfix (smtp-sink, smtp-source) and swaks for the end-to-end
#                  tests, the libraries an unpacked Sendmail binary needs, cmocka,
#                  clang-format, pcre2grep, mandoc, qpdf and file(1); systemd
#                  (systemd-analyze) and logrotate for the package test; chromium
#                  (headless) to render the sender notice to an image; strace for
#                  dlp-quarantine's test (its confined parse) and make bench's
#                  system calls per message (bench/mailflow.py); tnef, ytnef and
#                  msgconvert, which read corpus/outlook's TNEF and .msg beside
#                  dlp-scan; imagemagick, img2pdf and the URW base 35 fonts
#                  (Nimbus Sans, Nimbus Roman, Nimbus Mono, C059) for make bench's
#                  OCR set (bench/ocr.py draws its scans in them); clang and its runtime libraries (libFuzzer,
#                  sanitizers) for the fuzz targets (tests/fuzz, make fuzz).
#
# Non-interactive and idempotent: packages already present are not touched, and
# apt-get runs only when something is missing. Needs root (CI runs as root).
set -eu

RUN_PKGS="build-essential pkg-config
libmilter-dev libpcre2-dev libmagic-dev libmagic-mgc libssl-dev libseccomp-dev
libgmime-3.0-dev libarchive-dev libxml2-dev
libpoppler-glib-dev libpoppler-glib8 libgsf-1-dev libgsf-1-114 libytnef0-dev libytnef0
libtesseract-dev libleptonica-dev tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd
catdoc"

# make deb: the package build and its check
DEB_PKGS="debhelper dpkg-dev fakeroot lintian"

# tests/e2e: a real Postfix (with smtp-sink) and swaks; m4 and the libraries a
# Sendmail binary needs, which the e2e test unpacks privately (sendmail-bin
# conflicts with postfix as a package).
TEST_PKGS="clang-format libcmocka-dev python3 mandoc file qpdf pcre2-utils chromium
imagemagick img2pdf fonts-urw-base35
tnef ytnef-tools libemail-outlook-message-perl libemail-address-perl
clang libclang-rt-14-dev
postfix swaks m4 strace
libdb5.3 libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 libssl3 libwrap0
$DEB_PKGS systemd logrotate"

case "${1:-run}" in
run) PKGS=$RUN_PKGS ;;
deb) PKGS="$RUN_PKGS $DEB_PKGS" ;;
test) PKGS="$RUN_PKGS $TEST_PKGS" ;;
list-run) echo $RUN_PKGS; exit 0 ;;
list-deb) echo $RUN_PKGS $DEB_PKGS; exit 0 ;;
list-test) echo $RUN_PKGS $TEST_PKGS; exit 0 ;;
*)
	echo "usage: deps.sh run|deb|test|list-run|list-deb|list-test" >&2
	exit 2
	;;
esac

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
case " $missing " in
*" postfix "*)
	# Postfix without a system configuration: no main.cf, nothing started on
	# port 25 (the e2e test runs its own instance on loopback).
	echo "postfix postfix/main_mailer_type select No configuration" |
		debconf-set-selections
	;;
esac
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
