; Inno Setup script: a per-user installer for the one-folder bundle (dist\casedesk).
; Build the bundle first (python packaging\build.py), then:
;   iscc /DAppVersion=0.1.0 packaging\casedesk.iss     -> dist\casedesk-setup-0.1.0.exe
; Per-user (no administrator rights): branch staff can install it themselves. The office's data
; stays in the per-user data folder (%LOCALAPPDATA%\Casedesk), which uninstalling leaves alone.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{5C7E4C55-3B8F-4C39-9A8B-2F4D3C1C7A10}
AppName=Casedesk
AppVersion={#AppVersion}
AppPublisher=Casedesk
DefaultDirName={localappdata}\Programs\Casedesk
DefaultGroupName=Casedesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=casedesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\casedesk-window.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\casedesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Casedesk"; Filename: "{app}\casedesk-window.exe"
Name: "{autodesktop}\Casedesk"; Filename: "{app}\casedesk-window.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\casedesk-window.exe"; Description: "{cm:LaunchProgram,Casedesk}"; Flags: nowait postinstall skipifsilent
