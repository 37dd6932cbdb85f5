<#
.SYNOPSIS
    Installs AutomationServer as a Windows service and waits until it reports ready.

.DESCRIPTION
    Takes the folder produced by
        dotnet publish src/AutomationServer.Host -c Release -r win-x64 --self-contained false -o <folder>
    and registers <folder>\AutomationServer.exe as an automatically starting service whose content
    root is that folder (appsettings.json, data\ and logs\ live there). Failures are restarted by the
    service control manager. The service runs under its own virtual account
    (NT SERVICE\<ServiceName>) unless -Credential names another one (which needs the "Log on as a
    service" right, e.g. through Local Security Policy or a group policy). The account may read the
    program folder and write only to data\ and logs\.

    Settings that should not live in appsettings.json (the API key, the connection string) can be
    given with -Environment; they are stored as the service's environment variables, which override
    appsettings.json.

.EXAMPLE
    .\install-service.ps1 -PublishDir C:\AutomationServer -Environment @{ Security__AdminApiKeys__0 = 'a-long-random-key' }

.EXAMPLE
    $account = Get-Credential CONTOSO\svc-automation
    .\install-service.ps1 -PublishDir C:\AutomationServer -Credential $account -DelayedStart `
        -Environment @{ Persistence__Provider = 'SqlServer'; Persistence__ConnectionString = 'Server=sql01;Database=Automation;Integrated Security=true;TrustServerCertificate=true' }
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PublishDir,

    [string] $ServiceName = 'AutomationServer',

    [string] $DisplayName = 'AutomationServer',

    [string] $Description = 'Marketing automation server: workflow engine, scheduler and REST API.',

    # Runs the service under this account instead of the virtual account NT SERVICE\<ServiceName>.
    [System.Management.Automation.PSCredential] $Credential,

    # Environment variables for the service only, e.g. @{ Security__AdminApiKeys__0 = '...' }.
    [hashtable] $Environment = @{},

    # Start after the other automatic services (useful when SQL Server runs on the same machine).
    [switch] $DelayedStart,

    # Readiness URL; by default derived from "Urls" in appsettings.json.
    [string] $HealthUrl,

    [int] $TimeoutSeconds = 90,

    # Replace an existing service of the same name (the files in PublishDir are kept).
    [switch] $Force
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Assert-Administrator {
    $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw 'Run this script from an elevated PowerShell (Run as administrator).'
    }
}

function Invoke-Sc {
    param([Parameter(ValueFromRemainingArguments = $true)] [string[]] $Arguments)
    $output = & sc.exe @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe $($Arguments -join ' ') failed ($LASTEXITCODE): $output"
    }
}

function Get-ReadinessUrl {
    param([string] $SettingsPath)
    $url = 'http://localhost:5080'
    $settings = Get-Content -LiteralPath $SettingsPath -Raw | ConvertFrom-Json
    if ($settings.PSObject.Properties.Name -contains 'Urls' -and $settings.Urls) {
        $url = ($settings.Urls -split ';')[0]
    }
    if ($Environment.ContainsKey('Urls') -and $Environment['Urls']) {
        $url = ($Environment['Urls'] -split ';')[0]
    }
    # Wildcard bindings are reached through the loopback address.
    $url = $url -replace '://(\*|\+|0\.0\.0\.0|\[::\])', '://localhost'
    return $url.TrimEnd('/') + '/health/ready'
}

function Grant-WriteAccess {
    param([string] $Path, [string] $Account)
    New-Item -ItemType Directory -Force -Path $Path | Out-Null
    $output = & icacls.exe $Path /grant "${Account}:(OI)(CI)M" /T /Q 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "Could not grant $Account write access to ${Path}: $output"
    }
}

function Wait-Ready {
    param([string] $Url, [int] $Seconds)
    $deadline = (Get-Date).AddSeconds($Seconds)
    $lastError = ''
    while ((Get-Date) -lt $deadline) {
        $service = Get-Service -Name $ServiceName
        if ($service.Status -eq 'Stopped') {
            throw "The service stopped while starting. See the newest file in $(Join-Path $root 'logs') and the Windows event log (Application)."
        }
        try {
            $response = Invoke-WebRequest -Uri $Url -UseBasicParsing -TimeoutSec 5
            if ($response.StatusCode -eq 200) {
                return
            }
        }
        catch {
            $lastError = $_.Exception.Message
        }
        Start-Sleep -Milliseconds 500
    }
    throw "The service did not report ready at $Url within $Seconds seconds (last answer: $lastError)."
}

Assert-Administrator

$root = (Resolve-Path -LiteralPath $PublishDir).ProviderPath
$exe = Join-Path $root 'AutomationServer.exe'
$settingsPath = Join-Path $root 'appsettings.json'
foreach ($required in @($exe, $settingsPath)) {
    if (-not (Test-Path -LiteralPath $required)) {
        throw "$required is missing. Pass the folder written by 'dotnet publish src/AutomationServer.Host -c Release -r win-x64 --self-contained false -o <folder>'."
    }
}

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing) {
    if (-not $Force) {
        throw "A service named '$ServiceName' already exists. Run uninstall-service.ps1 first, or pass -Force to replace it."
    }
    & (Join-Path $PSScriptRoot 'uninstall-service.ps1') -ServiceName $ServiceName
}

$account = if ($Credential) { $Credential.UserName } else { "NT SERVICE\$ServiceName" }
$readyUrl = if ($HealthUrl) { $HealthUrl } else { Get-ReadinessUrl -SettingsPath $settingsPath }

if ($PSCmdlet.ShouldProcess($ServiceName, "Install service running $exe as $account")) {
    # The content root is passed explicitly: a service starts in System32, not in its own folder.
    $binaryPath = "`"$exe`" --contentRoot `"$root`""
    $serviceArguments = @{
        Name           = $ServiceName
        BinaryPathName = $binaryPath
        DisplayName    = $DisplayName
        Description    = $Description
        StartupType    = 'Automatic'
    }
    if ($Credential) {
        $serviceArguments.Credential = $Credential
    }
    New-Service @serviceArguments | Out-Null

    if (-not $Credential) {
        # A virtual account needs no password and exists only for this service.
        Invoke-Sc config $ServiceName obj= $account
    }
    if ($DelayedStart) {
        Invoke-Sc config $ServiceName start= delayed-auto
    }

    # Restart after 5 s, 15 s, then every 60 s; forget failures after a day without one. The flag
    # makes a non-zero exit (e.g. a database that cannot be reached at startup) count as a failure too.
    Invoke-Sc failure $ServiceName reset= 86400 actions= restart/5000/restart/15000/restart/60000
    Invoke-Sc failureflag $ServiceName 1

    if ($Environment.Count -gt 0) {
        $variables = [string[]]($Environment.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" })
        $key = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"
        New-ItemProperty -Path $key -Name 'Environment' -PropertyType MultiString -Value $variables -Force | Out-Null
    }

    $output = & icacls.exe $root /grant "${account}:(OI)(CI)RX" /Q 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "Could not grant $account read access to ${root}: $output"
    }
    foreach ($folder in @('data', 'logs')) {
        Grant-WriteAccess -Path (Join-Path $root $folder) -Account $account
    }

    Write-Host "Starting $ServiceName ..."
    Start-Service -Name $ServiceName
    Wait-Ready -Url $readyUrl -Seconds $TimeoutSeconds
    Write-Host "$ServiceName is running and ready ($readyUrl)."

    $settingsText = Get-Content -LiteralPath $settingsPath -Raw
    if (-not $Environment.ContainsKey('Security__AdminApiKeys__0') -and $settingsText -match 'development-only-api-key-CHANGE-ME') {
        Write-Warning 'The service accepts the public development API key. Set Security:AdminApiKeys in appsettings.json or reinstall with -Environment @{ Security__AdminApiKeys__0 = ''<long random key>'' }.'
    }
}
