#!/usr/bin/env bash
# The repository's test command. On a fresh Debian machine (as root) it installs what the tests need, starts a
# throwaway PostgreSQL server, builds the solution once and runs every test project. The last line it prints is
#   N passed, N failed[, N skipped]
# summed over all test projects; it exits non-zero when the build or any test failed.
#   CONFIGURATION=Debug tools/test.sh      build and test Debug instead of Release
#   tools/test.sh --filter <expression>    extra arguments go to `dotnet test`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS="$ROOT/artifacts/test-results"
PG_DIR=""

say() { echo "test.sh: $*"; }

have() { command -v "$1" >/dev/null 2>&1; }

have_postgres() {
  { have initdb && have pg_ctl && have postgres; } || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

have_smtp_sink() { have smtp-sink || [[ -x /usr/sbin/smtp-sink ]]; }

have_dovecot() { have dovecot || [[ -x /usr/sbin/dovecot ]]; }

install_missing_packages() {
  local missing=()
  have chromium || missing+=(chromium)
  # The designer is built with npm; check_node below insists on a new enough Node.js.
  have npm || missing+=(nodejs)
  have_smtp_sink || missing+=(postfix)
  # The bounce-processing tests read DSNs from a throwaway IMAP server they start themselves.
  have_dovecot || missing+=(dovecot-imapd)
  have_postgres || missing+=(postgresql)
  if ((${#missing[@]} == 0)); then
    return
  fi
  if [[ "$(id -u)" -ne 0 ]] || ! have apt-get; then
    say "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) or run this script as root"
    exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  if [[ " ${missing[*]} " == *" postfix "* ]]; then
    # smtp-sink comes with postfix; the mail system itself stays unconfigured.
    printf '%s\n' "postfix postfix/main_mailer_type select No configuration" "postfix postfix/mailname string localhost" | debconf-set-selections
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Vite needs Node.js 20.19+; Debian 12's own nodejs package is older (NodeSource's is not).
check_node() {
  local version
  version="$(node --version 2>/dev/null || echo v0)"
  if ! printf '%s\n' "v20.19.0" "$version" | sort -V -C; then
    say "the designer needs Node.js 20.19 or newer with npm; found ${version}"
    exit 1
  fi
}

cleanup() {
  if [[ -n "$PG_DIR" ]]; then
    "$ROOT/tools/postgres-test-server.sh" stop "$PG_DIR" || true
    rm -rf "$PG_DIR"
  fi
}

start_postgres() {
  PG_DIR="$(mktemp -d /tmp/automation-test-pg.XXXXXX)"
  AUTOMATION_TEST_POSTGRES="$("$ROOT/tools/postgres-test-server.sh" start "$PG_DIR")"
  export AUTOMATION_TEST_POSTGRES
}

# Sums the per-project summary lines of `dotnet test`, e.g.
#   Passed!  - Failed:     0, Passed:    43, Skipped:    25, Total:    68, Duration: 6 s - X.Tests.dll (net10.0)
# A project without tests prints no such line and adds nothing.
sum_results() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /^ *(Passed|Failed)! +- +Failed: / {
      for (i = 1; i <= NF; i++) {
        key = $i; value = $(i + 1); sub(/,$/, "", value)
        if (key == "Failed:") failed += value
        else if (key == "Passed:") passed += value
        else if (key == "Skipped:") skipped += value
      }
    }
    END { printf "%d %d %d\n", passed, failed, skipped }'
}

totals_line() {
  local passed="$1" failed="$2" skipped="$3"
  if ((skipped > 0)); then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
}

main() {
  have dotnet || { say "the .NET SDK (dotnet) is not on PATH; install the .NET 10 SDK"; exit 1; }
  install_missing_packages
  check_node
  trap cleanup EXIT
  # The peers above are installed, so a test that cannot find smtp-sink or dovecot fails instead of skipping.
  export AUTOMATION_REQUIRE_PEERS=1
  start_postgres
  say "PostgreSQL for the tests: $AUTOMATION_TEST_POSTGRES"

  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  local build_log="$RESULTS/build.log" test_log="$RESULTS/test.log"

  say "building AutomationServer.sln ($CONFIGURATION)"
  set +e
  dotnet build AutomationServer.sln -c "$CONFIGURATION" -nologo -v minimal 2>&1 | tee "$build_log"
  local build_status="${PIPESTATUS[0]}"
  set -e
  if [[ "$build_status" -ne 0 ]]; then
    say "the build failed (exit $build_status); errors:"
    grep -E ': error ' "$build_log" | sort -u || true
    totals_line 0 0 0
    exit 1
  fi

  say "running the tests"
  set +e
  dotnet test AutomationServer.sln -c "$CONFIGURATION" --no-build --nologo \
    --results-directory "$RESULTS" --logger "trx;LogFilePrefix=tests" "$@" 2>&1 | tee "$test_log"
  local test_status="${PIPESTATUS[0]}"
  set -e

  # Measurements the tests print (storage per waiting instance, commit throughput).
  grep -hoE '[A-Za-z]+: [0-9]+ (bytes per waiting instance|rows/s resuming)[^<]*' "$RESULTS"/*.trx 2>/dev/null | sort -u | sed 's/^/measured: /' || true

  local passed failed skipped
  read -r passed failed skipped < <(sum_results "$test_log")
  if [[ "$test_status" -ne 0 && "$failed" -eq 0 ]]; then
    say "dotnet test exited with $test_status without reporting a failed test (a test host crashed?); see $test_log"
  fi
  totals_line "$passed" "$failed" "$skipped"
  if [[ "$test_status" -ne 0 || "$failed" -ne 0 ]]; then
    exit 1
  fi
}

main "$@"
