; Benji CRM (本机CRM) - Windows installer (NSIS 3, Modern UI 2, Unicode).
;
; Compile (build-windows.ps1 does this; check.sh compiles it on Linux as the CI check):
;   makensis -WX -DVERSION=0.1.0 -DBUNDLE_DIR=dist\Benji [-DOUTFILE=...] installer\benji.nsi
;   VERSION     desktop_app.__version__ (X.Y.Z)
;   BUNDLE_DIR  the PyInstaller one-folder bundle (Benji.exe, benji-admin.exe, _internal\)
;   OUTFILE     default BenjiCRM-Setup-VERSION.exe beside this script
;   NO_COMPRESSION  store the files uncompressed (a quick compile check only)
;   TARGET      e.g. amd64-unicode: a 64-bit installer (default: NSIS's x86-unicode, which runs everywhere)
;
; Command line of the installer (see installer/README.md):
;   /S                    silent install        /D=C:\Apps\BenjiCRM   target folder (last, unquoted)
;   /SERVER=postgresql://benji_app@10.0.0.5:5432/benji   database server for every user (never a password)
;   /SERVER=none          remove a server profile set before     /NODESKTOP   no desktop shortcut
; Uninstaller: uninstall.exe [/S] [/PURGE]  - /PURGE (or the ticked box) also removes the data of the user
; running it: %LOCALAPPDATA%\BenjiCRM (embedded database, backups, settings, logs).

!ifdef TARGET
  Target ${TARGET}
!else
  Unicode true
!endif
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !error "pass -DVERSION=X.Y.Z (desktop_app.__version__)"
!endif
!ifndef BUNDLE_DIR
  !error "pass -DBUNDLE_DIR=path\to\dist\Benji (the PyInstaller bundle)"
!endif
!if ! /FileExists "${BUNDLE_DIR}\Benji.exe"
  !error "${BUNDLE_DIR} has no Benji.exe: build the bundle first (pyinstaller installer\benji.spec)"
!endif
!if ! /FileExists "${BUNDLE_DIR}\benji-admin.exe"
  !error "${BUNDLE_DIR} has no benji-admin.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "BenjiCRM-Setup-${VERSION}.exe"
!endif
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef V_PATCH
  !error "VERSION must look like X.Y.Z, got ${VERSION}"
!endif

!define APP_NAME "Benji CRM"
!define PUBLISHER "BenjiCRM"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\BenjiCRM"
!define SETTINGS_KEY "Software\BenjiCRM"
!define DATA_FOLDER "$LOCALAPPDATA\BenjiCRM"  ; desktop_app/config.py Paths.default (platformdirs) on Windows

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\BenjiCRM"
BrandingText "${APP_NAME} ${VERSION}"
!ifdef NO_COMPRESSION
  SetCompress off
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64  ; the two programs share most bytes: a large dictionary stores them once
!endif

VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIFileVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh
!include Sections.nsh
!include WordFunc.nsh

Var Server        ; /SERVER=...

; --- pages ------------------------------------------------------------------------------------------
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchAsUser
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; --- languages: Chinese first (the default), English ------------------------------------------------
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "本机CRM (${APP_NAME})"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "本机CRM 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "${PUBLISHER}"

LangString SHORTCUT ${LANG_SIMPCHINESE} "本机CRM"
LangString SHORTCUT ${LANG_ENGLISH} "Benji CRM"
LangString SEC_PROGRAM ${LANG_SIMPCHINESE} "本机CRM 程序"
LangString SEC_PROGRAM ${LANG_ENGLISH} "Benji CRM program"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_UN_PROGRAM ${LANG_SIMPCHINESE} "卸载程序"
LangString SEC_UN_PROGRAM ${LANG_ENGLISH} "Remove the program"
LangString SEC_UN_DATA ${LANG_SIMPCHINESE} "同时删除我的数据（本机数据库、备份、设置和日志）"
LangString SEC_UN_DATA ${LANG_ENGLISH} "Also delete my data (embedded database, backups, settings, logs)"
LangString NEED_X64 ${LANG_SIMPCHINESE} "本机CRM 需要 64 位 Windows 10 或更高版本。"
LangString NEED_X64 ${LANG_ENGLISH} "Benji CRM needs 64-bit Windows 10 or later."
LangString BAD_SERVER ${LANG_SIMPCHINESE} "/SERVER 参数无效：不能包含密码或引号。格式：postgresql://用户@主机:5432/数据库。密码由每位用户首次登录时输入。"
LangString BAD_SERVER ${LANG_ENGLISH} "Invalid /SERVER: it must not contain a password or quotes. Format: postgresql://user@host:5432/database. Each user enters the password at the first log-in."
LangString SERVER_FAILED ${LANG_SIMPCHINESE} "无法保存数据库服务器设置（/SERVER），详见安装日志。"
LangString SERVER_FAILED ${LANG_ENGLISH} "Could not store the database server (/SERVER); see the install log."
LangString DATA_KEPT ${LANG_SIMPCHINESE} "已保留用户数据：${DATA_FOLDER}"
LangString DATA_KEPT ${LANG_ENGLISH} "User data kept: ${DATA_FOLDER}"

; --- install ----------------------------------------------------------------------------------------
Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; an upgrade replaces the bundle's libraries wholesale (no stale files of the old version); the server
  ; profile beside the programs stays
  RMDir /r "$INSTDIR\_internal"
  ; the shortcuts of an earlier install go (its language may differ; /NODESKTOP drops the desktop one)
  ReadINIStr $0 "$INSTDIR\uninstall.ini" "shortcuts" "name"
  ${If} $0 != ""
    Delete "$DESKTOP\$0.lnk"
    Delete "$SMPROGRAMS\$0\$0.lnk"
    RMDir "$SMPROGRAMS\$0"
  ${EndIf}
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\$(SHORTCUT)"
  CreateShortcut "$SMPROGRAMS\$(SHORTCUT)\$(SHORTCUT).lnk" "$INSTDIR\Benji.exe"
  WriteINIStr "$INSTDIR\uninstall.ini" "shortcuts" "name" "$(SHORTCUT)"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "本机CRM (${APP_NAME})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\Benji.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  SetShellVarContext all
  CreateShortcut "$DESKTOP\$(SHORTCUT).lnk" "$INSTDIR\Benji.exe"
SectionEnd

Section "-server profile"
  ${If} $Server == "none"
    Delete "$INSTDIR\benji-server.json"
    DetailPrint "server profile removed"
  ${ElseIf} $Server != ""
    ; the program validates the URL and writes benji-server.json beside itself; each user adopts it at
    ; the first start (desktop_app/machine_profile.py). No password: each user types it once.
    nsExec::ExecToLog '"$INSTDIR\benji-admin.exe" --machine-profile "$Server"'
    Pop $0
    ${If} $0 != "0"
      MessageBox MB_ICONSTOP "$(SERVER_FAILED)" /SD IDOK
      SetErrorLevel 2
      Abort
    ${EndIf}
  ${EndIf}
SectionEnd

; Finish page "Run": start the app as the desktop user, not elevated (an elevated app would write its
; settings with administrator rights, possibly into the administrator's profile).
Function LaunchAsUser
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\Benji.exe"'
FunctionEnd

; /SERVER=URL from the parameters in $1 into $Server. Not GetOptions: it splits at every "/", and a URL has
; several. The value ends at the next space; /SERVER="..." may be quoted.
Function ServerOption
  StrCpy $Server ""
  ClearErrors
  ${WordFind} $1 "/SERVER=" "E+1}" $R0  ; the text after the first /SERVER= (case-insensitive)
  ${IfThen} ${Errors} ${|} Return ${|}
  StrCpy $R1 $R0 1
  ${If} $R1 == '"'
    StrCpy $R0 $R0 "" 1
    ${WordFind} $R0 '"' "+1{" $Server  ; up to the closing quote
  ${Else}
    ${WordFind} $R0 " " "+1{" $Server  ; up to the next space (a URL has none)
  ${EndIf}
FunctionEnd

; $R0 = a URL; $R1 = 1 when a password is in it ("user:password@" between "://" and the next "/").
Function UrlHasPassword
  StrCpy $R1 0
  StrCpy $R5 0
  StrCpy $R2 0
  StrLen $R3 $R0
  ${Do}
    ${IfThen} $R2 >= $R3 ${|} Return ${|}
    StrCpy $R4 $R0 3 $R2
    IntOp $R2 $R2 + 1
  ${LoopUntil} $R4 == "://"
  IntOp $R2 $R2 + 2
  ${Do}
    ${IfThen} $R2 >= $R3 ${|} ${ExitDo} ${|}
    StrCpy $R4 $R0 1 $R2
    ${IfThen} $R4 == "/" ${|} ${ExitDo} ${|}
    ${If} $R4 == ":"
      StrCpy $R5 1
    ${ElseIf} $R4 == "@"
      StrCpy $R1 $R5
    ${EndIf}
    IntOp $R2 $R2 + 1
  ${Loop}
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NEED_X64)" /SD IDOK
    SetErrorLevel 1
    Abort
  ${EndIf}
  SetRegView 64
  ; an upgrade goes where the last version went, unless /D= names another folder
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\BenjiCRM"
    StrCpy $INSTDIR $0
  ${EndIf}

  ${GetParameters} $1
  Call ServerOption
  ClearErrors
  ${GetOptions} $1 "/NODESKTOP" $0
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}

  !insertmacro MUI_LANGDLL_DISPLAY  ; skipped in silent mode (Chinese, or the last choice)

  ${If} $Server != ""
  ${AndIf} $Server != "none"
    StrCpy $R0 $Server
    Call UrlHasPassword
    ClearErrors
    ${WordFind} $Server '"' "E*" $R6  ; count the quotes (none allowed): the error flag means none
    ${If} $R1 == 1
    ${OrIfNot} ${Errors}
      MessageBox MB_ICONSTOP "$(BAD_SERVER)" /SD IDOK
      SetErrorLevel 2
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

; --- uninstall --------------------------------------------------------------------------------------
Section "!un.$(SEC_UN_PROGRAM)" SecUnProgram
  SectionIn RO
  SetShellVarContext all
  ReadINIStr $0 "$INSTDIR\uninstall.ini" "shortcuts" "name"
  ${If} $0 != ""
    Delete "$DESKTOP\$0.lnk"
    Delete "$SMPROGRAMS\$0\$0.lnk"
    RMDir "$SMPROGRAMS\$0"
  ${EndIf}
  ; only what the installer put there: never RMDir /r on $INSTDIR itself (it may be a shared folder)
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Benji.exe"
  Delete "$INSTDIR\benji-admin.exe"
  Delete "$INSTDIR\benji-server.json"
  Delete "$INSTDIR\uninstall.ini"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${SETTINGS_KEY}"
SectionEnd

Section /o "un.$(SEC_UN_DATA)" SecUnData
  ; the data of the user running the uninstaller; other users' folders and the OS keyring entries
  ; ("Benji CRM" in Windows Credential Manager) stay (installer/README.md)
  SetShellVarContext current
  RMDir /r "${DATA_FOLDER}"
SectionEnd

Section "-un.report"
  SetShellVarContext current
  ${IfNot} ${SectionIsSelected} ${SecUnData}
    DetailPrint "$(DATA_KEPT)"
  ${EndIf}
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
  ${GetParameters} $1
  ClearErrors
  ${GetOptions} $1 "/PURGE" $0
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd
