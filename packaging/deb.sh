#!/bin/sh
# deb.sh - what `make deb` does: build the Debian package and check it with lintian.
#
#   deb.sh OUTDIR        (default build/deb)
#
# dpkg-buildpackage -b -us -uc runs in OUTDIR/src/dlp-milter-VERSION, a copy of
# the files the package is built from (tracked and new files of the checkout), so
# neither the checkout nor its parent directory gets build products. The version
# is debian/changelog's. Writes OUTDIR/dlp-milter_VERSION_ARCH.deb, the build log
# OUTDIR/build.log and lintian's findings OUTDIR/lintian.txt; fails when the build
# fails or lintian reports an error (warnings are printed; the ones kept are
# justified in debian/dlp-milter.lintian-overrides). Prints the unit's exposure
# (systemd-analyze security --offline=true) where systemd-analyze is installed.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/deb}
version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
src=$out/dlp-milter-$version
deb=$out/dlp-milter_${version}_$arch.deb

rm -rf "$out"
mkdir -p "$src"
files="Makefile README.md debian milter packaging rules"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	git ls-files -z --cached --others --exclude-standard -- $files |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"
else
	# shellcheck disable=SC2086
	tar --exclude=build -cf - $files | tar -xf - -C "$src"
fi

echo "deb: building $deb (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc -jauto) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "deb: dpkg-buildpackage failed" >&2
	exit 1
fi
[ -f "$deb" ] || {
	echo "deb: no $deb" >&2
	exit 1
}
rm -rf "$src"

lintian --info --fail-on error "$deb" >"$out/lintian.txt" 2>&1 && rc=0 || rc=$?
cat "$out/lintian.txt"
echo "deb: lintian: $(grep -c '^E:' "$out/lintian.txt") error(s), $(grep -c '^W:' "$out/lintian.txt") warning(s)"
[ "$rc" -eq 0 ] || {
	echo "deb: lintian reports errors" >&2
	exit 1
}
if command -v systemd-analyze >/dev/null; then
	echo "deb: $(systemd-analyze security --offline=true debian/dlp-milter.service 2>/dev/null | tail -n 1)"
fi
echo "deb: $deb"
