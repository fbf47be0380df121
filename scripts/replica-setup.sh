#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432) on port 5433, for the replica tests
# and the two-instance load run. pg_basebackup -R with a physical replication slot, so the primary
# keeps the WAL the replica still needs. Safe to run twice: an existing replica is only started
# (if down); a missing one is created. The last line printed is the replica's postgres:// URL.
#
#   REPLICA_PORT      5433
#   REPLICA_DATA      /var/lib/postgresql/<major>/replica   (owned by the postgres OS user)
#   REPLICA_SLOT      sm_replica
#   REPLICA_SHARED_BUFFERS  1GB  (the primary runs with 2GB; the replica serves the hot reads)
#   REPLICA_DB        sm_report   (only names the database in the printed URL)
set -euo pipefail

# shellcheck source=scripts/replica-env.sh
. "$(dirname "$0")/replica-env.sh"
REPLICA_PORT="${REPLICA_PORT:-5433}"
REPLICA_DB="${REPLICA_DB:-sm_report}"
REPLICA_SHARED_BUFFERS="${REPLICA_SHARED_BUFFERS:-1GB}"
q() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -qtAc "$1"; }
log() { echo "replica-setup: $*" >&2; }

pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q || { log "the primary at $PRIMARY_HOST:$PRIMARY_PORT is not running (scripts/postgres-setup.sh starts it)"; exit 1; }

# Replication connections from this host: 'all' in pg_hba.conf does not cover the replication pseudo-database.
hba=$(q "SHOW hba_file")
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  log "allowing replication connections from 127.0.0.1 in $hba (reload, no restart)"
  echo "host replication all 127.0.0.1/32 trust" | $SUDO tee -a "$hba" >/dev/null
  q "SELECT pg_reload_conf()" >/dev/null
fi
# wal_level replica and 10 WAL senders are PostgreSQL's defaults; anything less needs a restart we do not do here.
[ "$(q "SHOW wal_level")" != minimal ] || { log "wal_level=minimal on the primary: set it to replica and restart"; exit 1; }

started=$(date +%s.%N)
if [ ! -f "$REPLICA_DATA/standby.signal" ]; then
  # A half-made directory (an interrupted run) is removed with its slot and made again.
  if [ -e "$REPLICA_DATA" ]; then
    log "removing the incomplete $REPLICA_DATA"
    as_pg "$bin/pg_ctl" -D "$REPLICA_DATA" -m immediate stop >/dev/null 2>&1 || true
    $SUDO rm -rf "$REPLICA_DATA"
  fi
  if [ "$(q "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT'")" = 1 ]; then
    q "SELECT pg_drop_replication_slot('$REPLICA_SLOT')" >/dev/null
  fi
  log "pg_basebackup of $PRIMARY_HOST:$PRIMARY_PORT into $REPLICA_DATA (slot $REPLICA_SLOT)"
  $SUDO install -d -o postgres -g postgres -m 700 "$REPLICA_DATA"
  # -C creates the slot, -R writes standby.signal and primary_conninfo, fast checkpoint so it starts at once.
  as_pg pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" \
    -C -S "$REPLICA_SLOT" -R -X stream -c fast
  # Debian keeps the primary's postgresql.conf and pg_hba.conf in /etc, so the copy has neither.
  # A hot standby needs max_connections, max_worker_processes, max_wal_senders, max_prepared_transactions
  # and max_locks_per_transaction at least the primary's.
  {
    echo "# Written by scripts/replica-setup.sh"
    echo "port = $REPLICA_PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/var/run/postgresql'"
    echo "hot_standby = on"
    # Vacuum on the primary must not cancel a search running on the replica (recovery conflicts).
    echo "hot_standby_feedback = on"
    echo "shared_buffers = '$REPLICA_SHARED_BUFFERS'"
    echo "shared_preload_libraries = 'pg_prewarm, pg_stat_statements'"
    for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$s = $(q "SHOW $s")"
    done
    echo "logging_collector = off"
  } | as_pg tee "$REPLICA_DATA/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_pg tee "$REPLICA_DATA/pg_hba.conf" >/dev/null
  # The primary's ALTER SYSTEM settings (shared_buffers 2GB) came along: the replica's own file wins.
  as_pg tee "$REPLICA_DATA/postgresql.auto.conf" >/dev/null <<<"# replica: settings live in postgresql.conf"
  # -R wrote primary_conninfo into postgresql.auto.conf, which was just replaced: keep it here.
  {
    echo "primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres application_name=sm_replica'"
    echo "primary_slot_name = '$REPLICA_SLOT'"
  } | as_pg tee -a "$REPLICA_DATA/postgresql.conf" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
  log "starting the replica on port $REPLICA_PORT"
  as_pg "$bin/pg_ctl" -D "$REPLICA_DATA" -l "$REPLICA_DATA/replica.log" -w -t 120 start >/dev/null
fi
for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && break; sleep 1; done
[ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -qtAc "SELECT pg_is_in_recovery()")" = t ] \
  || { log "the server on $REPLICA_PORT is not a standby"; exit 1; }
# Streaming: the primary sees the walsender (the slot is active).
for _ in $(seq 1 30); do
  [ "$(q "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'sm_replica' AND state = 'streaming'")" = 1 ] && break
  sleep 1
done
log "replica streaming on port $REPLICA_PORT ($(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s)"
echo "postgres://postgres@127.0.0.1:$REPLICA_PORT/$REPLICA_DB"
