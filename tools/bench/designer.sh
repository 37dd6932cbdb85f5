#!/usr/bin/env bash
# The designer benchmark recorded in docs/benchmarks.md: a generated journey (200 nodes by default)
# imported into the Release server and opened in headless chromium, median of RUNS (5) runs.
# Usage: tools/bench/designer.sh [--nodes N] [--runs N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
dotnet build -c Release src/AutomationServer.Host >/dev/null
dotnet build -c Release tools/bench/AutomationServer.DesignerBench >/dev/null
dotnet "$ROOT/tools/bench/AutomationServer.DesignerBench/bin/Release/net10.0/AutomationServer.DesignerBench.dll" "$@"
