#!/usr/bin/env bash
# Renders `saddlecheck report` in headless Chromium and checks it as a person
# would see it: no console error or failed load, every figure of report.json
# present on the page and drawing exactly the JSON's data (mapped back through
# its axes), and no blank figure (each screenshotted on its own).
#
# usage: Tests/report-in-browser.sh [OUT_DIR]   (default: .build/report-in-browser)
# Env: SADDLECHECK_BIN (default: build and use the release saddlecheck),
#      REPORT_ARGS (default: "--profile quick --seed 7"),
#      REPORT_FROM (a directory with report.html and report.json already written: check those instead).
# Installs the Debian package `chromium` if absent. Exit 0 when every check holds.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-.build/report-in-browser}")"
rm -rf "$out" && mkdir -p "$out/figures"

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
if [[ -n "${REPORT_FROM:-}" ]]; then
  cp "$REPORT_FROM/report.html" "$REPORT_FROM/report.json" "$out/"
else
  if [[ -z "${SADDLECHECK_BIN:-}" ]]; then
    swift build -c release --product saddlecheck 2>&1 | tail -1
    SADDLECHECK_BIN="$(swift build -c release --show-bin-path)/saddlecheck"
  fi
  # shellcheck disable=SC2086
  "$SADDLECHECK_BIN" report ${REPORT_ARGS:---profile quick --seed 7} --out "$out" > "$out/stdout.txt" 2> "$out/stderr.txt" || {
    status=$?
    # Exit 1 means an unexpected verdict: the report is still written and is what this script checks.
    [[ $status -eq 1 ]] || { cat "$out/stderr.txt"; exit "$status"; }
  }
fi

browser=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
         --enable-logging=stderr --v=0 --no-first-run --allow-file-access-from-files)
"${browser[@]}" --dump-dom "file://$out/report.html" > "$out/dom.html" 2> "$out/chromium.log"
# The page as a person opens it: the top (verdict table) and a long full-width capture.
"${browser[@]}" --window-size=1280,1600 --screenshot="$out/page-top.png" "file://$out/report.html" 2>> "$out/chromium.log"
"${browser[@]}" --window-size=1280,9000 --screenshot="$out/page.png" "file://$out/report.html" 2>> "$out/chromium.log"

# Each figure alone, as the browser parsed it, screenshotted at its own size.
python3 - "$out/dom.html" "$out/figures" <<'EOF'
import re, sys
dom, directory = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
for m in re.finditer(r'<svg [^>]*data-figure="([^"]+)"[^>]*>.*?</svg>', dom, re.S):
    with open(f"{directory}/{m.group(1)}.svg", "w", encoding="utf-8") as f:
        f.write(m.group(0))
EOF
for svg in "$out"/figures/*.svg; do
  id="$(basename "$svg" .svg)"
  "${browser[@]}" --window-size=720,430 --screenshot="$out/figures/$id.png" "file://$svg" 2>> "$out/chromium.log"
done

python3 Tests/report_check.py "$out/dom.html" "$out/report.json" "$out/figures" "$out/chromium.log"
echo "report and screenshots in $out"
