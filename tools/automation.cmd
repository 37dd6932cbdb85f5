@echo off
rem The automation CLI from source: tools\automation plugin new Acme.Scoring
dotnet run --project "%~dp0cli\AutomationServer.Cli.csproj" --configuration Release --verbosity quiet -- %*
