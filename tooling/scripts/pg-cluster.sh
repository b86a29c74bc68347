#!/usr/bin/env bash
# A throw-away PostgreSQL + pgvector for the tests and benchmarks: never for production data.
#
#   pg-cluster.sh install            Debian's postgresql-15 and postgresql-server-dev-15 (apt, only when root
#                                    and missing) and pgvector built from its source release
#                                    ($PGVECTOR_SOURCE, default ../shared/vendor/pgvector-*.tar.gz beside the
#                                    repository). Exit 0: ready; exit 3: cannot (the reason on stderr).
#   pg-cluster.sh start DIR PORT     a primary in DIR/primary on 127.0.0.1:PORT and its streaming replica
#                                    (pg_basebackup -R, a hot standby) in DIR/replica on PORT+1. Prints
#                                    primary=URL and replica=URL. Trust authentication on loopback only.
#   pg-cluster.sh stop-primary DIR   stops the primary (fast), keeping its data: to test a database outage
#   pg-cluster.sh start-primary DIR  starts it again
#   pg-cluster.sh stop DIR           stops both and removes DIR
#
# PostgreSQL refuses to run as root: as root, the servers run as the `postgres` user (DIR is given
# to it; its parent folders must be searchable by that user). Every server runs with fsync off (a test cluster: speed over durability).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_MAJOR="${PG_MAJOR:-15}"
BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
DB_USER=twotower

die() { echo "pg-cluster: $*" >&2; exit "${2:-1}"; }

# runs a command as the user the servers run as
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

has_vector() {
  [ -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ]
}

install() {
  local missing=()
  for p in "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ] && ! { [ "${missing[*]}" = "postgresql-server-dev-$PG_MAJOR" ] && has_vector; }; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL $PG_MAJOR missing (${missing[*]}) and not root: install them, or run this as root" 3
    command -v apt-get >/dev/null || die "PostgreSQL $PG_MAJOR missing (${missing[*]}) and no apt-get: not a Debian system" 3
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 || true; apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
      die "apt-get install ${missing[*]} failed" 3
  fi
  [ -x "$BIN/initdb" ] || die "no $BIN/initdb after installing postgresql-$PG_MAJOR" 3
  # a cluster of this machine's own (Debian starts one on 5432) is left alone: ours are in their own folders
  if has_vector; then return 0; fi
  local src="${PGVECTOR_SOURCE:-}"
  if [ -z "$src" ]; then src="$(ls "$ROOT"/../shared/vendor/pgvector-*.tar.gz 2>/dev/null | sort -V | tail -n 1 || true)"; fi
  [ -n "$src" ] && [ -f "$src" ] || die "pgvector is not installed and no source release was found (set PGVECTOR_SOURCE to a pgvector-*.tar.gz)" 3
  [ "$(id -u)" = 0 ] || die "pgvector is not installed and building it into PostgreSQL's folders needs root" 3
  local build
  build="$(mktemp -d)"
  tar xzf "$src" -C "$build"
  (cd "$build"/pgvector-* && make -s PG_CONFIG="$BIN/pg_config" >/dev/null 2>&1 && make -s PG_CONFIG="$BIN/pg_config" install >/dev/null 2>&1) ||
    { rm -rf "$build"; die "building pgvector from $src failed (make && make install)" 3; }
  rm -rf "$build"
  has_vector || die "pgvector built but vector.control is not where PostgreSQL $PG_MAJOR looks" 3
}

pg_start() { # DIR PORT
  as_pg "$BIN/pg_ctl" -D "$1" -l "$1/server.log" -w -t 60 -o "-p $2" start >/dev/null || {
    tail -n 20 "$1/server.log" >&2 || true
    die "server in $1 did not start on port $2"
  }
}

start() {
  local dir="$1" port="$2"
  [ -n "$dir" ] && [ -n "$port" ] || die "usage: pg-cluster.sh start DIR PORT"
  has_vector || die "pgvector is not installed: run pg-cluster.sh install (as root)" 3
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as_pg test -w "$dir" || die "the postgres user cannot reach $dir: make its parent folders searchable by others (chmod o+x), e.g. a mktemp -d folder after chmod 755" 3
  fi
  as_pg "$BIN/initdb" -D "$dir/primary" -U "$DB_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed in $dir/primary"; }
  cat >>"$dir/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
maintenance_work_mem = 1GB
max_parallel_maintenance_workers = 2
max_connections = 200
wal_level = replica
max_wal_senders = 5
hot_standby = on
EOF
  echo "$port" >"$dir/primary.port"
  pg_start "$dir/primary" "$port"
  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U "$DB_USER" -D "$dir/replica" -R -X stream >"$dir/basebackup.log" 2>&1 ||
    { tail -n 20 "$dir/basebackup.log" >&2; die "pg_basebackup of the primary on $port failed"; }
  pg_start "$dir/replica" "$((port + 1))"
  echo "primary=postgres://$DB_USER@127.0.0.1:$port/postgres"
  echo "replica=postgres://$DB_USER@127.0.0.1:$((port + 1))/postgres"
}

stop_one() { # DIR
  if [ -f "$1/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$1" -m immediate -w -t 30 stop >/dev/null 2>&1 || true; fi
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" "${3:-}" ;;
  stop-primary) as_pg "$BIN/pg_ctl" -D "${2:?DIR}/primary" -m fast -w -t 30 stop >/dev/null ;;
  start-primary) pg_start "${2:?DIR}/primary" "$(cat "${2}/primary.port")" ;;
  stop)
    dir="${2:?DIR}"
    stop_one "$dir/replica"
    stop_one "$dir/primary"
    rm -rf "$dir"
    ;;
  *) die "usage: pg-cluster.sh install | start DIR PORT | stop-primary DIR | start-primary DIR | stop DIR" 2 ;;
esac
