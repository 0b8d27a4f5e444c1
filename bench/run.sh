#!/bin/sh
# run.sh - `make bench`: engine throughput beside a single-regex reference.
#
# For each workload (bench/gen.py: plain text, base64 attachments) it prints the
# engine's MB/s with every shipped rule (dlp-bench: scan_message(), input and
# decoded bytes) and pcre2grep's MB/s running the personnummer pattern alone, JIT
# on, over the same decoded bytes, and their ratio: each program's best of seven
# turns in which the two take turns (bench/turns.py), and the median of the turns'
# ratios. The attachment workloads after them are the engine's best of $rounds
# rounds.
cd "$(dirname "$0")/.." || exit 2
out=bench/out
mkdir -p "$out"
python3 bench/gen.py "$out" || exit 2
pattern=$(sed -n 's/^pattern = //p' rules/10-identifiers.rules | head -n 1)
rounds=10

rules=$(grep -c '^\[' rules/*.rules | awk -F: '{s+=$2} END {print s}')
for w in plain b64; do
	python3 bench/turns.py "$w" "$out" "$rules" "$pattern" || exit 2
done
# Attachment workloads: the engine only (PDFs are read in-process with poppler's
# GLib library; before issue 10, a pdftotext child per PDF), as MB of attachment
# (decoded attachment bytes) per second; "cells" is the worst case for locations
# (a finding in every cell of a sheet).
for w in office pdf cells; do
	line=$(./build/dlp-bench --rounds "$rounds" "$out/$w"/*.eml) || exit 2
	secs=$(echo "$line" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
	att=$(cat "$out/$w.attach_bytes")
	mbps=$(python3 -c "print(f'{$att/$secs/1e6:.1f}')")
	echo "workload $w: engine $line"
	echo "workload $w: attachment_bytes=$att attachment_MBps=$mbps"
done
# Memory: dlp-scan's peak RSS on one 49 MB message (a 36 MB CSV in base64), and
# how far above the message's own size it goes (issue 14: within 64 MB); then the
# same CSV in ISO 8859-15 (a charset iconv converts).
for m in large large-latin9; do
	python3 - "$out/$m.eml" "$m" <<'PY' || exit 2
import os, resource, subprocess, sys, time
size = os.path.getsize(sys.argv[1])
t = time.perf_counter()
subprocess.run(["./build/dlp-scan", "-q", sys.argv[1]], stdout=subprocess.DEVNULL, check=False)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
what = "large message" if sys.argv[2] == "large" else "large message, ISO 8859-15"
print(f"{what}: bytes={size} dlp-scan peak_rss_MB={rss / 1e6:.1f} "
      f"above_message_MB={(rss - size) / 1e6:.1f} seconds={secs:.2f}")
PY
done
# OCR (tesseract in the engine): our own scans (bench/ocr.py: 50 images, 10
# image-only PDF pages, seeded): found/total and false alarms, then the time per
# image and per page (one round of dlp-bench over each set).
python3 bench/ocr.py "$out" || exit 2
# Mail flow: messages/s through Postfix + dlp-milter vs the same Postfix without a
# milter, delivered/sent, milter CPU per message, added latency at concurrency 1
# (bench/mailflow.py; needs root and Postfix from `make deps`).
python3 bench/mailflow.py || exit 2
