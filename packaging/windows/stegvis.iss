; Inno Setup 6 script for Stegvis: a per-machine install for municipal workstations.
;
; - Installs the PyInstaller one-folder build (dist\stegvis, made by `make package` on Windows) into
;   C:\Program Files\Stegvis. Installing needs an administrator; running Stegvis never does (the executables carry
;   the default "asInvoker" manifest and write nothing below Program Files or HKLM).
; - Each user's data (database, backups, logs) lives in %LOCALAPPDATA%\Stegvis, created by Stegvis on first start
;   (platformdirs' user_data_dir). The installer never touches it and the uninstaller leaves it in place.
; - Swedish and English installer languages; a Start menu shortcut for all users.
;
; Build (see README.md next to this file):
;   iscc /DAppVersion=0.1.0 packaging\windows\stegvis.iss      -> dist\installer\Stegvis-0.1.0-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Stegvis"
#define AppPublisher "Stegvis developers"
#define AppExe "stegvis.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\stegvis"

; Swedish.isl is an "unofficial" Inno Setup translation: use the compiler's copy when it has one, else a copy
; placed next to this script (https://jrsoftware.org/files/istrans/).
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
  #define SwedishIsl "compiler:Languages\Swedish.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Swedish.isl")
  #define SwedishIsl "compiler:Languages\Unofficial\Swedish.isl"
#elif FileExists(AddBackslash(SourcePath) + "Swedish.isl")
  #define SwedishIsl AddBackslash(SourcePath) + "Swedish.isl"
#else
  #error Swedish.isl not found: copy it from https://jrsoftware.org/files/istrans/ next to stegvis.iss
#endif

#if !FileExists(DistDir + "\" + AppExe)
  #error dist\stegvis\stegvis.exe not found: run `make package` first
#endif

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy.
AppId={{6F0E9A37-5C2B-4C8E-9A51-3D7B2E4F1C08}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=GPL-3.0-or-later
VersionInfoVersion={#AppVersion}
; Per machine, into Program Files; admin rights only while installing. No "install for me only" choice
; (PrivilegesRequiredOverridesAllowed is left empty).
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Upgrades replace the program folder; the user's data is elsewhere and survives.
UsePreviousAppDir=yes
CloseApplications=yes
RestartApplications=no
SetupIconFile=stegvis.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=Stegvis-{#AppVersion}-setup
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
; The first entry is the default when Windows runs in neither language.
Name: "sv"; MessagesFile: "{#SwedishIsl}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
sv.LaunchApp=Starta Stegvis
en.LaunchApp=Start Stegvis
sv.AppComment=Gemensam plan i daglig verksamhet
en.AppComment=Individual joint plans in daily activity
sv.DataKept=Planerna finns kvar i varje användares mapp %1. Ta bort den själv om ingen behöver dem längre.
en.DataKept=The plans are kept in each user's folder %1. Delete it yourself when nobody needs them any more.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: stegvis.exe (the app, no console window), stegvis-cli.exe (commands, --self-test)
; and _internal\ (Python, Qt, fonts, pictograms, translations, migrations).
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave libraries of the previous version behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
; Offered at the end of an interactive install; runs as the logged-in user, not as the administrator.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
; Only what the program folder may have gained at run time (Python byte-code caches). User data is not here.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
// Tell the person uninstalling that the plans were kept, and where. Not expanded with {localappdata}: the
// uninstaller runs elevated, possibly as another account than the people who use Stegvis on this machine.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), ['%LOCALAPPDATA%\{#AppName}']), mbInformation, MB_OK);
end;
