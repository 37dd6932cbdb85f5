<#
.SYNOPSIS
    Stops and removes the AutomationServer Windows service.

.DESCRIPTION
    Reverses install-service.ps1: stops the service (waiting for its graceful shutdown) and deletes
    the service registration with its recovery settings and environment variables. The program
    folder, its data\ (the SQLite database) and logs\ are left in place; delete them yourself if
    they are no longer needed.

.EXAMPLE
    .\uninstall-service.ps1
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $ServiceName = 'AutomationServer',

    [int] $StopTimeoutSeconds = 60
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell (Run as administrator).'
}

$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if (-not $service) {
    Write-Host "No service named '$ServiceName' is installed; nothing to do."
    return
}

if ($PSCmdlet.ShouldProcess($ServiceName, 'Stop and delete service')) {
    if ($service.Status -ne 'Stopped') {
        Write-Host "Stopping $ServiceName ..."
        Stop-Service -Name $ServiceName -ErrorAction Continue
        $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds($StopTimeoutSeconds))
    }

    $output = & sc.exe delete $ServiceName 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe delete $ServiceName failed ($LASTEXITCODE): $output"
    }

    # Deletion completes once no handle to the service remains open; wait so a reinstall can follow.
    $deadline = (Get-Date).AddSeconds(30)
    while ((Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) -and (Get-Date) -lt $deadline) {
        Start-Sleep -Milliseconds 250
    }
    if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
        throw "$ServiceName is marked for deletion but still registered; close the Services console and try again."
    }

    Write-Host "$ServiceName removed. Its program folder, data and logs were kept."
}
