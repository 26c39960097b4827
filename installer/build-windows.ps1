# Build the Windows installer of Benji CRM (本机CRM): BenjiCRM-Setup-<version>.exe
#
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1 [-Python "py -3.11"] [-Dist dist]
#                                                                        [-MakeNsis "C:\...\makensis.exe"]
#
# Needs, on 64-bit Windows 10/11:
#   - Python 3.11+ (64-bit, python.org installer; "py" launcher), with access to PyPI
#   - NSIS 3.08+ (https://nsis.sourceforge.io, or `winget install NSIS.NSIS`); makensis.exe on PATH or in
#     "C:\Program Files (x86)\NSIS"
# Steps (each stops the script when it fails):
#   1. a clean build environment .venv-build (never the developer's .venv)
#   2. the app with the `bundle` extra (PyInstaller), every version pinned by constraints.txt
#   3. PyInstaller builds the one-folder bundle DIST\Benji (Benji.exe windowed, benji-admin.exe console)
#   4. the bundle's self-test, offscreen, in a scratch folder (not the user's data)
#   5. makensis -WX compiles installer\benji.nsi with VERSION and BUNDLE_DIR: DIST\BenjiCRM-Setup-<version>.exe
# Code signing (if the company has a certificate) goes after step 3 for Benji.exe / benji-admin.exe and after
# step 5 for the installer: signtool sign /fd SHA256 /tr <timestamp URL> /td SHA256 <file>.
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$Dist = "dist",
    [string]$MakeNsis = ""
)
Set-StrictMode -Version Latest
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Dist = [System.IO.Path]::GetFullPath((Join-Path $Root $Dist))

function Step([string]$Text) { Write-Host "== $Text" -ForegroundColor Cyan }
function Run([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed (exit $LASTEXITCODE)" }
}

# 1. A clean build environment, separate from the development one.
Step "build environment .venv-build ($Python)"
$launcher = @($Python -split " " | Where-Object { $_ })
$launcherArgs = @()
if ($launcher.Count -gt 1) { $launcherArgs = @($launcher[1..($launcher.Count - 1)]) }
if (Test-Path ".venv-build") { Remove-Item -Recurse -Force ".venv-build" }
Run $launcher[0] ($launcherArgs + @("-m", "venv", ".venv-build"))
$Py = Join-Path $Root ".venv-build\Scripts\python.exe"

# 2. The app and PyInstaller, pinned (constraints.txt also pins pefile and pywin32-ctypes for Windows).
Step "installing the app with the bundle extra (constraints.txt)"
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip>=24")
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "-c", "constraints.txt", ".[bundle]")
$Version = (& $Py -c "import desktop_app; print(desktop_app.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read desktop_app.__version__" }
Step "Benji CRM $Version"

# 3. The one-folder bundle. The spec bundles Qt (Widgets, Charts, Pdf, PrintSupport, Svg), resources\,
#    the Alembic migrations and the database drivers, and leaves out WebEngine, QML/Quick, tkinter, tests.
Step "PyInstaller: $Dist\Benji"
Run $Py @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", $Dist,
          "--workpath", (Join-Path $Root "build\pyinstaller"), "installer\benji.spec")
$Bundle = Join-Path $Dist "Benji"
$size = (Get-ChildItem -Recurse -File $Bundle | Measure-Object -Sum Length).Sum / 1MB
Step ("bundle: {0:N0} MB" -f $size)

# 4. The self-test through the console program (Benji.exe is windowed: it has no console to print to).
Step "self-test of the bundle (offscreen, scratch folder)"
$env:QT_QPA_PLATFORM = "offscreen"
try { Run (Join-Path $Bundle "benji-admin.exe") @("--self-test") }
finally { Remove-Item Env:\QT_QPA_PLATFORM }

# 5. The installer. -WX: any warning fails the build.
if (-not $MakeNsis) {
    $found = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($found) { $MakeNsis = $found.Source }
    else { $MakeNsis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
}
if (-not (Test-Path $MakeNsis)) { throw "makensis.exe not found: install NSIS 3 or pass -MakeNsis" }
$Setup = Join-Path $Dist "BenjiCRM-Setup-$Version.exe"
Step "makensis: $Setup"
Run $MakeNsis @("/WX", "/V2", "/DVERSION=$Version", "/DBUNDLE_DIR=$Bundle", "/DOUTFILE=$Setup", "installer\benji.nsi")
Step ("done: {0} ({1:N0} MB)" -f $Setup, ((Get-Item $Setup).Length / 1MB))
