#!/usr/bin/env bash
# The installer check CI runs (issue 9, acceptance 5):
#
#   installer/check.sh              build the Linux bundle, run its offscreen self-test, compile the NSIS script
#   installer/check.sh --nsis-only  only compile the NSIS script (against placeholder files): about a second
#
# 1. installer/build-linux.sh builds the one-folder bundle into a temporary folder and runs
#    `Benji --self-test` (embedded database, migrations, set-up, PDF, worker process, Qt, main window).
# 2. makensis -WX (every warning an error) compiles installer/benji.nsi against that bundle, its two programs
#    renamed like the Windows bundle's (Benji.exe, benji-admin.exe) - or against placeholder files with
#    --nsis-only. Without compression: the check is that the script compiles; a release build compresses
#    (LZMA takes ~4 minutes for this bundle on two cores).
# Needs: makensis (Debian: nsis); for the bundle also binutils (objdump, strip) and the app's .venv.
# Everything is built in a temporary folder that is removed afterwards; nothing is left in the checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '== %s\n' "$*"; }

nsis_only=0
case "${1:-}" in
  --nsis-only) nsis_only=1 ;;
  "") ;;
  *) echo "usage: $0 [--nsis-only]" >&2; exit 2 ;;
esac
command -v makensis >/dev/null || { echo "makensis is missing (Debian: apt-get install nsis)" >&2; exit 1; }

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/desktop_app/__init__.py")
[ -n "$VERSION" ] || { echo "no __version__ in desktop_app/__init__.py" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/benji-installer-check.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
STAGE=$TMP/bundle-with-windows-names

if [ "$nsis_only" = 0 ]; then
  started=$(date +%s)
  BENJI_BUILD_DIR=$TMP/work "$ROOT/installer/build-linux.sh" "$TMP/dist"
  log "Linux bundle built and self-tested in $(($(date +%s) - started)) s"
  cp -al "$TMP/dist/Benji" "$STAGE"
  mv "$STAGE/Benji" "$STAGE/Benji.exe"
  mv "$STAGE/benji-admin" "$STAGE/benji-admin.exe"
else
  mkdir -p "$STAGE/_internal/resources"
  for name in Benji.exe benji-admin.exe _internal/base_library.zip _internal/resources/placeholder.txt; do
    echo "placeholder for the CI compile check" > "$STAGE/$name"
  done
fi

log "makensis -WX installer/benji.nsi (VERSION $VERSION, $(makensis -VERSION))"
makensis -V2 -WX -DNO_COMPRESSION "-DVERSION=$VERSION" "-DBUNDLE_DIR=$STAGE" \
  "-DOUTFILE=$TMP/BenjiCRM-Setup-$VERSION.exe" "$ROOT/installer/benji.nsi"
log "NSIS script compiled without warnings ($(du -h "$TMP/BenjiCRM-Setup-$VERSION.exe" | cut -f1) uncompressed)"
