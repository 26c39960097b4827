#!/usr/bin/env bash
# Optional: run the installer's logic under Wine (Debian: apt-get install wine64 nsis), ~20 s.
#
#   installer/test-installer-wine.sh
#
# Compiles installer/benji.nsi as a 64-bit installer (Wine's 64-bit loader runs no 32-bit program) around two
# stand-in programs (Benji.exe, benji-admin.exe: small NSIS programs that record their arguments and, for
# --machine-profile URL, write benji-server.json like the real one), then checks in a throw-away Wine prefix:
# silent install to the default and to a /D= folder, shortcuts, the Add/Remove Programs entry, /SERVER
# (plain, quoted, with a password: refused before anything is installed), /NODESKTOP, an upgrade (same
# folder, server profile kept), uninstall keeping the user's data, uninstall /PURGE removing it.
# The real programs are checked by the bundle's self-test (build-linux.sh, build-windows.ps1).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WINE=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
[ -x "$WINE" ] || { echo "wine64 is missing (Debian: apt-get install wine64)" >&2; exit 1; }
command -v makensis >/dev/null || { echo "makensis is missing (Debian: apt-get install nsis)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/benji-wine.XXXXXX")
export WINEPREFIX=$TMP/prefix WINEDEBUG=-all
cleanup() { "${WINE%64}server64" -k >/dev/null 2>&1 || wineserver -k >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}

cat > "$TMP/standin.nsi" <<'NSI'
Unicode true
Target amd64-unicode
SilentInstall silent
RequestExecutionLevel user
OutFile "${OUT}"
!include FileFunc.nsh
!include LogicLib.nsh
!include WordFunc.nsh
Section
  ${GetParameters} $0
  FileOpen $1 "$EXEDIR\calls.log" a
  FileSeek $1 0 END
  FileWrite $1 "$EXEFILE $0$\r$\n"
  FileClose $1
  ClearErrors
  ${WordFind} $0 '--machine-profile "' "E+1}" $2
  ${IfNot} ${Errors}
    ${WordFind} $2 '"' "+1{" $2
    FileOpen $1 "$EXEDIR\benji-server.json" w
    FileWrite $1 "$2"
    FileClose $1
  ${EndIf}
SectionEnd
NSI
mkdir -p "$TMP/bundle/_internal/resources"
echo "stand-in" > "$TMP/bundle/_internal/resources/placeholder.txt"
makensis -V1 -WX "-DOUT=$TMP/bundle/Benji.exe" "$TMP/standin.nsi"
makensis -V1 -WX "-DOUT=$TMP/bundle/benji-admin.exe" "$TMP/standin.nsi"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/desktop_app/__init__.py")
makensis -V1 -WX -DTARGET=amd64-unicode "-DVERSION=$VERSION" "-DBUNDLE_DIR=$TMP/bundle" \
  "-DOUTFILE=$TMP/BenjiCRM-Setup-test.exe" "$ROOT/installer/benji.nsi"

"$WINE" wineboot --init >/dev/null 2>&1
C=$WINEPREFIX/drive_c
cp "$TMP/BenjiCRM-Setup-test.exe" "$C/BenjiCRM-Setup-test.exe"
USERDATA=$(find "$C/users" -maxdepth 3 -path '*AppData/Local' ! -path '*/Public/*' | head -n 1)/BenjiCRM
PROGRAM=$C/Program\ Files/BenjiCRM
DESKTOP=$C/users/Public/Desktop
KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\BenjiCRM'
run() {  # a command line, as cmd.exe parses it (quotes as an administrator would type them)
  printf '%s\r\n' "$1" > "$C/run.bat"
  local code=0
  "$WINE" cmd /c 'C:\run.bat' >/dev/null 2>&1 || code=$?
  sleep 2  # an uninstaller copies itself to %TEMP% and returns before it has finished
  return $code
}
registry() { "$WINE" reg query "$KEY" /v "$1" 2>/dev/null | tr -d '\r' | awk -v name="$1" '$1 == name {$1=$2=""; sub(/^ +/, ""); print}'; }
exit_code() { local code=0; run "$1" || code=$?; echo "$code"; }

check "a password in /SERVER is refused (exit 2), nothing installed" \
  test "$(exit_code 'C:\BenjiCRM-Setup-test.exe /S /SERVER=postgresql://app:Secret-9@10.0.0.5/benji')" = 2 -a ! -e "$PROGRAM"
check "silent install with /SERVER" run 'C:\BenjiCRM-Setup-test.exe /S /SERVER=postgresql://benji_app@10.0.0.5:5432/benji'
check "programs and uninstaller installed" test -f "$PROGRAM/Benji.exe" -a -f "$PROGRAM/benji-admin.exe" \
  -a -f "$PROGRAM/uninstall.exe" -a -f "$PROGRAM/_internal/resources/placeholder.txt"
check "benji-admin --machine-profile ran with the URL" \
  grep -q 'benji-admin.exe --machine-profile "postgresql://benji_app@10.0.0.5:5432/benji"' "$PROGRAM/calls.log"
check "server profile file written" grep -q "postgresql://benji_app@10.0.0.5:5432/benji" "$PROGRAM/benji-server.json"
check "Start-menu and desktop shortcuts" test -n "$(find "$C/ProgramData" -name '*.lnk' -path '*Benji*')" \
  -a -n "$(ls "$DESKTOP"/*.lnk 2>/dev/null)"
for value in DisplayName DisplayVersion Publisher EstimatedSize UninstallString QuietUninstallString; do
  check "Add/Remove Programs: $value = $(registry $value)" test -n "$(registry $value)"
done
check "DisplayVersion is $VERSION" test "$(registry DisplayVersion)" = "$VERSION"

mkdir -p "$USERDATA/backups" && echo "the embedded database" > "$USERDATA/benji.db"
check "upgrade without /SERVER, with /NODESKTOP" run 'C:\BenjiCRM-Setup-test.exe /S /NODESKTOP'
check "upgrade kept the server profile" test -f "$PROGRAM/benji-server.json"
check "/NODESKTOP: no desktop shortcut, Start menu kept" test -z "$(ls "$DESKTOP"/*.lnk 2>/dev/null)" \
  -a -n "$(find "$C/ProgramData" -name '*.lnk' -path '*Benji*')"
check "quoted /SERVER=\"...\" with an option" run 'C:\BenjiCRM-Setup-test.exe /S /NODESKTOP /SERVER="mysql://u@db/benji?tls=1"'
check "quoted URL passed whole" grep -q 'machine-profile "mysql://u@db/benji?tls=1"' "$PROGRAM/calls.log"
check "/SERVER=none removes the profile" run 'C:\BenjiCRM-Setup-test.exe /S /SERVER=none'
check "profile removed" test ! -e "$PROGRAM/benji-server.json"

check "silent uninstall" run '"C:\Program Files\BenjiCRM\uninstall.exe" /S'
check "program files and shortcuts removed" test ! -e "$PROGRAM/Benji.exe" -a ! -e "$PROGRAM/_internal" \
  -a -z "$(ls "$DESKTOP"/*.lnk 2>/dev/null)"
check "Add/Remove Programs entry removed" test -z "$(registry DisplayName)"
check "user data kept" test -f "$USERDATA/benji.db" -a -d "$USERDATA/backups"

check "silent install into /D=C:\\Apps\\Benji CRM" run 'C:\BenjiCRM-Setup-test.exe /S /D=C:\Apps\Benji CRM'
check "installed there" test -f "$C/Apps/Benji CRM/Benji.exe"
check "an upgrade goes to the same folder" run 'C:\BenjiCRM-Setup-test.exe /S'
check "InstallLocation kept" test "$(registry InstallLocation)" = 'C:\Apps\Benji CRM'
check "uninstall /PURGE" run '"C:\Apps\Benji CRM\uninstall.exe" /S /PURGE'
check "user data removed by /PURGE" test ! -e "$USERDATA"
check "install folder removed" test ! -e "$C/Apps/Benji CRM"

if [ "$failures" -gt 0 ]; then
  echo "$failures installer checks failed"
  exit 1
fi
echo "all installer checks passed under Wine"
