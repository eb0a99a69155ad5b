#!/bin/sh
# verify-print.sh: print the 通报 (docx) and the progress workbook (xlsx) as
# a reader would, and check the result. Not part of go test (LibreOffice is
# slow and large). Needs: apt-get install -y libreoffice-writer
# libreoffice-calc fonts-noto-cjk poppler-utils python3.
#
#   scripts/verify-print.sh [OUTDIR]
#
# Builds duban, makes a demo database, exports 通报.docx (as of 2019-06-30,
# since 2019-05-31) and 进度.xlsx, converts both to PDF with LibreOffice
# headless, renders every page to PNG with pdftoppm (look at them), and
# fails when any text is smaller than 9 pt on paper or runs past the page
# (pdftotext -bbox word boxes against the media box).
set -eu
out=${1:-$(mktemp -d)}
mkdir -p "$out"
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && go build -o "$out/duban" .)
db="$out/demo.db"
"$out/duban" demo --db "$db" --reset --no-tui >/dev/null
"$out/duban" --db "$db" --as-of 2019-06-30 export --format docx --since 2019-05-31 -o "$out/通报.docx"
"$out/duban" --db "$db" --as-of 2019-06-30 export --format xlsx -o "$out/进度.xlsx"
"$out/duban" --db "$db" --as-of 2019-06-30 export --format json -o "$out/a.json"
(cd "$out" && soffice --headless --convert-to pdf 通报.docx 进度.xlsx >/dev/null 2>&1)
status=0
for pdf in "$out/通报.pdf" "$out/进度.pdf"; do
	base=${pdf%.pdf}
	rm -f "$base"-*.png
	pdftoppm -r 60 -png "$pdf" "$base"
	pdftotext -bbox "$pdf" "$base.bbox.html"
	python3 - "$base.bbox.html" <<'PY' || status=1
import re, sys
from html import unescape
name = sys.argv[1]
page = None
small = past = words = 0
minh = 1e9
for line in open(name, encoding="utf-8"):
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
    if m:
        page = (float(m.group(1)), float(m.group(2)))
        continue
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
    if not m or page is None:
        continue
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    words += 1
    h = y1 - y0  # the word box height is about the font size in points
    minh = min(minh, h)
    if h < 9:
        small += 1
        if small <= 5:
            print(f"{name}: small text {h:.1f} pt: {unescape(m.group(5))}")
    if x0 < 0 or y0 < 0 or x1 > page[0] + 0.5 or y1 > page[1] + 0.5:
        past += 1
        if past <= 5:
            print(f"{name}: past the page: {unescape(m.group(5))} ({x1:.0f}>{page[0]:.0f})")
print(f"{name}: {words} words, smallest {minh:.1f} pt, {small} under 9 pt, {past} past the page")
sys.exit(1 if small or past or not words else 0)
PY
done
echo "pages rendered in $out"
exit $status
