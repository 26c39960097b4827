#!/usr/bin/env bash
# Build the Linux one-folder bundle with PyInstaller, then check that it starts (offscreen self-test).
#
#   installer/build-linux.sh [DIST]     the bundle goes to DIST/Benji (default: ./dist, ignored by git)
#
# PyInstaller's work files go to $BENJI_BUILD_DIR (default ./build/pyinstaller, ignored by git).
# Python: $PYTHON, else .venv/bin/python (created when missing). PyInstaller (the `bundle` extra, pinned in
# constraints.txt) is installed into that environment when it is missing. PyInstaller needs objdump and
# strip from binutils (Debian: apt-get install binutils). Exit status: 0 only if the bundle's self-test passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=$(realpath -m "${1:-$ROOT/dist}")
WORK=$(realpath -m "${BENJI_BUILD_DIR:-$ROOT/build/pyinstaller}")
log() { printf '== %s\n' "$*"; }

for tool in objdump strip ldd; do
  command -v "$tool" >/dev/null || { echo "PyInstaller needs $tool (Debian: apt-get install binutils)" >&2; exit 1; }
done

if [ -z "${PYTHON:-}" ]; then
  PYTHON=$ROOT/.venv/bin/python
  if [ ! -x "$PYTHON" ]; then
    log "creating $ROOT/.venv"
    python3 -m venv "$ROOT/.venv"
  fi
fi
if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
  log "installing the app with the bundle extra (PyInstaller, pinned in constraints.txt)"
  "$PYTHON" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[bundle]"
fi

started=$(date +%s)
log "building $DIST/Benji with PyInstaller $("$PYTHON" -c 'import PyInstaller; print(PyInstaller.__version__)')"
rm -rf "$DIST/Benji"
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  "$ROOT/installer/benji.spec"
built=$(date +%s)
log "bundle built in $((built - started)) s: $(du -sh "$DIST/Benji" | cut -f1), $(find "$DIST/Benji" -type f | wc -l) files"

log "self-test of the bundle (offscreen, scratch folder)"
QT_QPA_PLATFORM=offscreen "$DIST/Benji/Benji" --self-test
"$DIST/Benji/benji-admin" --version
log "self-test passed in $(($(date +%s) - built)) s"
