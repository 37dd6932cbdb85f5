#!/usr/bin/env bash
# Runs the engine benchmarks recorded in docs/benchmarks.md against the Release build, on SQLite and
# on a throwaway PostgreSQL server with durable settings (fsync on). Usage: tools/bench/run.sh [scenario...]
# Scenarios: starts wakeups memory coldstart coldstart-plugins (default: all). RUNS, COUNT_* override the sizes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SCENARIOS=("${@:-starts wakeups coldstart coldstart-plugins memory}")
read -r -a SCENARIOS <<<"${SCENARIOS[*]}"
RUNS="${RUNS:-5}"

dotnet build -c Release src/AutomationServer.Host >/dev/null
dotnet build -c Release tools/bench/AutomationServer.Bench >/dev/null
BENCH=(dotnet "$ROOT/tools/bench/AutomationServer.Bench/bin/Release/net10.0/AutomationServer.Bench.dll")

PG_DIR="$(mktemp -d /tmp/automation-bench-pg.XXXXXX)"
GENERATED_PLUGINS="$(mktemp -d /tmp/automation-bench-plugins.XXXXXX)"
trap '"$ROOT/tools/postgres-test-server.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR" "$GENERATED_PLUGINS"' EXIT
PG="$(AUTOMATION_PG_DURABLE=1 "$ROOT/tools/postgres-test-server.sh" start "$PG_DIR")"

run() {
  local scenario="$1" provider="$2"; shift 2
  local connection=()
  [[ "$provider" == "PostgreSql" ]] && connection=(--connection "$PG")
  echo "== $scenario on $provider"
  "${BENCH[@]}" "$scenario" --provider "$provider" "${connection[@]}" "$@"
}

for scenario in "${SCENARIOS[@]}"; do
  for provider in Sqlite PostgreSql; do
    case "$scenario" in
      starts)    run starts "$provider" --count "${COUNT_STARTS:-50000}" --runs "$RUNS" ;;
      wakeups)   run wakeups "$provider" --count "${COUNT_WAKEUPS:-100000}" --runs "${RUNS_WAKEUPS:-3}" ;;
      coldstart) run coldstart "$provider" --runs "$RUNS" ;;
      coldstart-plugins)
        PLUGINS_DIR="${PLUGINS_DIR:-$GENERATED_PLUGINS}"
        [[ -n "$(ls -A "$PLUGINS_DIR")" ]] || "$ROOT/tools/bench/make-plugins.sh" "${COUNT_PLUGINS:-10}" "$PLUGINS_DIR"
        run coldstart "$provider" --runs "$RUNS" --plugins "$PLUGINS_DIR" ;;
      memory)    run memory "$provider" --count "${COUNT_MEMORY:-1000000}" --clients 2 ;;
      *) echo "unknown scenario $scenario" >&2; exit 2 ;;
    esac
  done
done
