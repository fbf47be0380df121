#!/usr/bin/env bash
# Makes the machine's PostgreSQL ready for the tests: server running, pgvector
# built from Debian's source package (not packaged for bookworm), extension usable.
# Safe to run twice: every step checks before it acts.
set -euo pipefail

PGVECTOR_VERSION="${PGVECTOR_VERSION:-0.8.0-1}"
PGHOST_ADDR="${PGHOST_ADDR:-127.0.0.1}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

major=$(ls /etc/postgresql | sort -n | tail -n 1)
[ -n "$major" ] || { echo "postgres-setup: no PostgreSQL cluster under /etc/postgresql" >&2; exit 1; }

if ! pg_isready -h "$PGHOST_ADDR" -p 5432 -q; then
  echo "postgres-setup: starting PostgreSQL $major"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$major" main start
  for _ in $(seq 1 30); do pg_isready -h "$PGHOST_ADDR" -p 5432 -q && break; sleep 1; done
fi

if [ ! -f "/usr/share/postgresql/$major/extension/vector.control" ]; then
  echo "postgres-setup: building pgvector $PGVECTOR_VERSION for PostgreSQL $major"
  src_list=/etc/apt/sources.list.d/trixie-src.sources
  if [ ! -f "$src_list" ]; then
    $SUDO tee "$src_list" >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    build-essential "postgresql-server-dev-$major" dpkg-dev >/dev/null
  work=$(mktemp -d)
  (cd "$work" && apt-get source -qq "pgvector=$PGVECTOR_VERSION" >/dev/null 2>&1 \
      || apt-get source "pgvector=$PGVECTOR_VERSION")
  dir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  make -C "$dir" -s PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" OPTFLAGS="" >/dev/null
  $SUDO make -C "$dir" -s PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" install >/dev/null
  rm -rf "$work"
fi

# Server settings for a 100k-worker corpus (README, "PostgreSQL settings"): shared buffers that hold the
# HNSW index and the table (~0.9 GB at 100k; with 128 MB half of all index page reads missed), and
# pg_prewarm's autoprewarm, which reloads them after a restart instead of a cold, IO-bound first minute.
q() { psql -h "$PGHOST_ADDR" -U postgres -d postgres -qtAc "$1"; }
# pg_stat_statements: the per-statement calls, time and rows the load report shows.
SHARED_BUFFERS="${PG_SHARED_BUFFERS:-2GB}"
PRELOAD="pg_prewarm, pg_stat_statements"
if [ "$(q "SHOW shared_buffers")" != "$SHARED_BUFFERS" ] || [ "$(q "SHOW shared_preload_libraries")" != "$PRELOAD" ]; then
  echo "postgres-setup: shared_buffers=$SHARED_BUFFERS, shared_preload_libraries=$PRELOAD (restarting PostgreSQL $major)"
  q "ALTER SYSTEM SET shared_buffers = '$SHARED_BUFFERS'" >/dev/null
  # A list, not one quoted name: ALTER SYSTEM would store '"a,b"' and the server would not start.
  q "ALTER SYSTEM SET shared_preload_libraries = $PRELOAD" >/dev/null
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$major" main restart
  for _ in $(seq 1 30); do pg_isready -h "$PGHOST_ADDR" -p 5432 -q && break; sleep 1; done
fi

q "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
echo "postgres-setup: PostgreSQL $major with pgvector $(psql -h "$PGHOST_ADDR" -U postgres -d postgres -qtAc "select extversion from pg_extension where extname='vector'") ready"
