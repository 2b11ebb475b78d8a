#!/bin/sh
# Retake every screenshot in docs/: the real window on a virtual screen under a real window
# manager (openbox), at 1400x900, and the layout one also at 1366x768. Needs Debian xvfb,
# xauth, openbox and imagemagick (pngquant, when present, makes the PNGs a third as big).
#
#     sh tools/screenshots.sh docs
set -e
out=${1:-docs}
run() {
    xvfb-run -a -s "-screen 0 ${1}x24" sh -c "openbox >/dev/null 2>&1 & sleep 1; $2"
}
run 1400x900 "uv run python tools/screenshot.py $out"
run 1400x900 "uv run python tools/theme_screenshots.py $out"
run 1400x900 "uv run python tools/layout_screenshots.py $out"
run 1366x768 "uv run python tools/layout_screenshots.py $out"
run 1400x900 "uv run python tools/socketio_screenshot.py $out"
run 1400x900 "uv run python tools/tests_screenshot.py $out"
run 1400x900 "uv run python tools/history_screenshot.py $out"
