#!/bin/sh
# server-conf.sh - write the dlp-milter.conf that `make install` and the Debian
# package install: packaging/dlp-milter.conf (the developer's file, all of whose
# comments stay) with the settings of a mail server.
#
#   server-conf.sh IN OUT CONFDIR
#
# CONFDIR is where the installed file lives (/etc/dlp-milter in the package). Each
# setting replaces exactly one "key = ..." or "#key = ..." line of its section;
# when a key is missing or found twice, nothing is written and the exit status is
# 2 (the shipped file changed under this script).
#
# Why these values (README, "Install on a mail server"):
#   socket      a unix socket in the unit's RuntimeDirectory (/run/dlp-milter, 0750
#               dlp-milter:dlp-milter), as Debian's OpenDKIM does; socket_mode 0660:
#               the MTA's user connects as a member of group dlp-milter
#               (`adduser postfix dlp-milter`). Under the unit's PrivateUsers= the
#               socket's group can only be the daemon's own. A chrooted Postfix
#               smtpd (Debian's master.cf) cannot see /run: the README gives the
#               socket inside Postfix's queue directory, or TCP on loopback
#               (inet:8896@127.0.0.1; 8891-8894 are OpenDKIM's, dkimpy-milter's,
#               OpenDMARC's and OpenARC's).
#   user        the package's system user; the unit starts the daemon as it.
#   spool_dir, json_file, stats_file
#               the directories the unit may write (ReadWritePaths, LogsDirectory,
#               StateDirectory); everything else is read-only to the daemon.
#   fingerprint_key
#               made at install by the package (32 random bytes), kept on upgrade.
#   notice smtp notices over SMTP to the local MTA on loopback: under the unit
#               (NoNewPrivileges=, a read-only /var/spool/postfix) Postfix's
#               sendmail cannot reach its set-gid postdrop. Notices stay off
#               (enabled = no) until the admin turns them on.
set -eu

[ $# -eq 3 ] || {
	echo "usage: server-conf.sh IN OUT CONFDIR" >&2
	exit 2
}
in=$1 out=$2 confdir=$3

settings="milter socket unix:/run/dlp-milter/dlp-milter.sock
milter socket_mode 0660
milter user dlp-milter
milter spool_dir /var/spool/dlp-milter
log json_file /var/log/dlp-milter/audit.jsonl
log stats_file /var/lib/dlp-milter/dlp-milter.prom
audit fingerprint_key $confdir/fingerprint.key
notice smtp 127.0.0.1:25"

awk -v settings="$settings" '
BEGIN {
	n = split(settings, lines, "\n")
	for (i = 1; i <= n; i++) {
		split(lines[i], f, " ")
		want[f[1] " " f[2]] = f[3]
		seen[f[1] " " f[2]] = 0
	}
}
/^\[[a-z]+\]$/ { section = substr($0, 2, length($0) - 2) }
{
	line = $0
	if (match(line, /^#?[a-z_]+ =/)) {
		key = substr(line, 1, RLENGTH - 2)
		sub(/^#/, "", key)
		k = section " " key
		if (k in want) {
			seen[k]++
			line = key " = " want[k]
		}
	}
	print line
	if (NR == 1)
		print "# Set up for a mail server by the dlp-milter package: see README.md, \"Install on a mail server\"."
}
END {
	bad = 0
	for (k in seen)
		if (seen[k] != 1) {
			printf "server-conf.sh: [%s] found %d times in the shipped config, want 1\n",
			    k, seen[k] > "/dev/stderr"
			bad = 1
		}
	exit bad ? 2 : 0
}' "$in" >"$out.tmp" || {
	rm -f "$out.tmp"
	exit 2
}
mv "$out.tmp" "$out"
