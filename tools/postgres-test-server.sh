#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a free loopback port.
#   tools/postgres-test-server.sh start DIR   initialises and starts a cluster in DIR (an empty folder) and
#                                             prints its connection string (database automation_test) on stdout;
#                                             a DIR holding a cluster from an earlier start is started as it is
#   tools/postgres-test-server.sh stop DIR    stops that cluster (the caller removes DIR)
# Runs as root: PostgreSQL refuses to run as root, so the cluster belongs to a dedicated system user.
set -euo pipefail

PG_USER="${AUTOMATION_PG_OS_USER:-automation-pg}"
# Tests trade durability for speed; benchmarks set AUTOMATION_PG_DURABLE=1 to measure with fsync on.
if [[ "${AUTOMATION_PG_DURABLE:-0}" == "1" ]]; then
  DURABILITY=""
else
  DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
# Extra server settings, e.g. "-c shared_buffers=4GB" for the audience benchmark's 10-million-event database.
SETTINGS="${AUTOMATION_PG_SETTINGS:-}"
DATABASE="automation_test"

log() { echo "postgres-test-server: $*" >&2; }

find_bin_dir() {
  local tool
  if tool="$(command -v initdb 2>/dev/null)" && [[ -n "$tool" ]]; then
    dirname "$(readlink -f "$tool")"
    return
  fi
  # Debian's postgresql packages keep the server tools off PATH.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then
    echo "$dir"
    return
  fi
  log "no initdb found on PATH or in /usr/lib/postgresql/*/bin; install PostgreSQL (apt-get install postgresql)"
  exit 1
}

as_pg_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    su -s /bin/sh "$PG_USER" -c "$*"
  else
    sh -c "$*"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir="$1" bin port attempt existing=0
  bin="$(find_bin_dir)"
  if [[ "$(id -u)" -eq 0 ]] && ! id "$PG_USER" >/dev/null 2>&1; then
    log "creating system user $PG_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  mkdir -p "$dir/data" "$dir/socket"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown -R "$PG_USER" "$dir"
  fi
  chmod 700 "$dir/data"

  # Kept clusters (the audience benchmark's seeded database) are reused instead of loaded again.
  if [[ -f "$dir/data/PG_VERSION" ]]; then
    existing=1
  else
    as_pg_user "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --no-locale" >"$dir/initdb.log" 2>&1 ||
      { log "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
  fi

  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    if as_pg_user "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 start -o \"-p $port -k '$dir/socket' -c listen_addresses=127.0.0.1 $DURABILITY -c max_connections=300 $SETTINGS\"" >"$dir/pg_ctl.log" 2>&1; then
      echo "$port" >"$dir/port"
      [[ "$existing" == "1" ]] ||
        as_pg_user "'$bin/psql' -h '$dir/socket' -p $port -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c 'CREATE DATABASE $DATABASE'" >&2
      log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port (data in $dir)"
      echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$DATABASE"
      return
    fi
    log "start on port $port failed (attempt $attempt); retrying on another port"
    tail -n 5 "$dir/server.log" >&2 2>/dev/null || true
  done
  log "could not start PostgreSQL; see $dir/server.log"
  exit 1
}

stop() {
  local dir="$1" bin
  [[ -f "$dir/data/postmaster.pid" ]] || return 0
  bin="$(find_bin_dir)"
  as_pg_user "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop" >/dev/null 2>&1 || log "pg_ctl stop failed (already stopped?)"
}

case "${1:-}" in
  start) [[ -n "${2:-}" ]] || { log "usage: $0 start DIR"; exit 2; }; start "$2" ;;
  stop) [[ -n "${2:-}" ]] || { log "usage: $0 stop DIR"; exit 2; }; stop "$2" ;;
  *) log "usage: $0 start|stop DIR"; exit 2 ;;
esac
