#!/usr/bin/env bash
# Removes the replica scripts/replica-setup.sh made: stops it, deletes its data directory and drops
# its replication slot on the primary (a slot left behind makes the primary keep WAL forever).
# Safe to run when there is nothing to remove.
set -euo pipefail

PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_SLOT="${REPLICA_SLOT:-sm_replica}"
SUDO=""
AS_PG="runuser -u postgres --"
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; AS_PG="sudo -u postgres"; fi
major=$(ls /etc/postgresql | sort -n | tail -n 1)
REPLICA_DATA="${REPLICA_DATA:-/var/lib/postgresql/$major/replica}"

if [ -f "$REPLICA_DATA/postmaster.pid" ]; then
  $AS_PG "/usr/lib/postgresql/$major/bin/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null || true
fi
$SUDO rm -rf "$REPLICA_DATA"
if pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q; then
  psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -qtAc \
    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT' AND NOT active" >/dev/null
fi
echo "replica-teardown: replica at $REPLICA_DATA and slot $REPLICA_SLOT removed" >&2
