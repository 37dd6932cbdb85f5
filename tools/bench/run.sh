#!/usr/bin/env bash
# Runs the benchmarks recorded in docs/benchmarks.md against the Release build, on SQLite and on a throwaway
# PostgreSQL server with durable settings (fsync on). Usage: tools/bench/run.sh [scenario...]
# Engine scenarios: starts wakeups memory coldstart coldstart-plugins (default: all). RUNS, COUNT_* override the sizes.
# email-pipeline (SQLite and PostgreSQL): personalised emails per second through the whole pipeline to a loopback smtp-sink,
# next to smtp-source's ceiling against the same sink (needs postfix: /usr/sbin/smtp-sink, smtp-source); COUNT_EMAIL, RUNS_EMAIL.
# Audience scenarios (PostgreSQL only): audience = audience-seed segment-compute segment-incremental event-ingest.
# The seeded database (1,000,000 contacts, 10,000,000 events, about 6 GB) is kept in AUDIENCE_PG_DIR for the next
# run; AUDIENCE_CONTACTS / AUDIENCE_EVENTS change its size; `rm -rf` the folder when done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SCENARIOS=("${@:-starts wakeups coldstart coldstart-plugins memory}")
read -r -a SCENARIOS <<<"${SCENARIOS[*]}"
EXPANDED=()
for scenario in "${SCENARIOS[@]}"; do
  if [[ "$scenario" == "audience" ]]; then EXPANDED+=(audience-seed segment-compute segment-incremental event-ingest); else EXPANDED+=("$scenario"); fi
done
SCENARIOS=("${EXPANDED[@]}")
RUNS="${RUNS:-5}"

dotnet build -c Release src/AutomationServer.Host >/dev/null
dotnet build -c Release tools/bench/AutomationServer.Bench >/dev/null
BENCH=(dotnet "$ROOT/tools/bench/AutomationServer.Bench/bin/Release/net10.0/AutomationServer.Bench.dll")

PG_DIR="$(mktemp -d /tmp/automation-bench-pg.XXXXXX)"
GENERATED_PLUGINS="$(mktemp -d /tmp/automation-bench-plugins.XXXXXX)"
AUDIENCE_PG_DIR="${AUDIENCE_PG_DIR:-/tmp/automation-bench-audience-pg}"
AUDIENCE_PG=""
trap '"$ROOT/tools/postgres-test-server.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR" "$GENERATED_PLUGINS"
      [[ -z "$AUDIENCE_PG" ]] || "$ROOT/tools/postgres-test-server.sh" stop "$AUDIENCE_PG_DIR" >/dev/null 2>&1 || true' EXIT
PG="$(AUTOMATION_PG_DURABLE=1 "$ROOT/tools/postgres-test-server.sh" start "$PG_DIR")"

audience() {
  local scenario="$1"; shift
  if [[ -z "$AUDIENCE_PG" ]]; then
    mkdir -p "$AUDIENCE_PG_DIR"
    AUDIENCE_PG="$(AUTOMATION_PG_DURABLE=1 AUTOMATION_PG_SETTINGS="${AUDIENCE_PG_SETTINGS:--c shared_buffers=4GB -c work_mem=32MB}" \
      "$ROOT/tools/postgres-test-server.sh" start "$AUDIENCE_PG_DIR")"
  fi
  echo "== $scenario on PostgreSql"
  "${BENCH[@]}" "$scenario" --provider PostgreSql --connection "$AUDIENCE_PG" \
    --contacts "${AUDIENCE_CONTACTS:-1000000}" --events "${AUDIENCE_EVENTS:-10000000}" "$@"
}

run() {
  local scenario="$1" provider="$2"; shift 2
  local connection=()
  [[ "$provider" == "PostgreSql" ]] && connection=(--connection "$PG")
  echo "== $scenario on $provider"
  "${BENCH[@]}" "$scenario" --provider "$provider" "${connection[@]}" "$@"
}

for scenario in "${SCENARIOS[@]}"; do
  case "$scenario" in
    audience-seed)       audience audience-seed; continue ;;
    segment-compute)     audience segment-compute --runs "$RUNS"; continue ;;
    segment-incremental) audience segment-incremental --count "${COUNT_INCREMENTAL:-1000}"; continue ;;
    event-ingest)        audience event-ingest --count "${COUNT_INGEST:-100000}" --clients "${CLIENTS_INGEST:-4}" --runs "${RUNS_INGEST:-3}"; continue ;;
  esac
  for provider in Sqlite PostgreSql; do
    case "$scenario" in
      starts)    run starts "$provider" --count "${COUNT_STARTS:-50000}" --runs "$RUNS" ;;
      wakeups)   run wakeups "$provider" --count "${COUNT_WAKEUPS:-100000}" --runs "${RUNS_WAKEUPS:-3}" ;;
      coldstart) run coldstart "$provider" --runs "$RUNS" ;;
      coldstart-plugins)
        PLUGINS_DIR="${PLUGINS_DIR:-$GENERATED_PLUGINS}"
        [[ -n "$(ls -A "$PLUGINS_DIR")" ]] || "$ROOT/tools/bench/make-plugins.sh" "${COUNT_PLUGINS:-10}" "$PLUGINS_DIR"
        run coldstart "$provider" --runs "$RUNS" --plugins "$PLUGINS_DIR" ;;
      email-pipeline) run email-pipeline "$provider" --count "${COUNT_EMAIL:-10000}" --runs "${RUNS_EMAIL:-3}" ;;
      memory)    run memory "$provider" --count "${COUNT_MEMORY:-1000000}" --clients 2 ;;
      *) echo "unknown scenario $scenario" >&2; exit 2 ;;
    esac
  done
done
