#!/usr/bin/env bash
# Removes the replica scripts/replica-setup.sh made: stops it, deletes its data directory and drops
# its replication slot on the primary (a slot left behind makes the primary keep WAL forever).
# Safe to run when there is nothing to remove.
set -euo pipefail

# shellcheck source=scripts/replica-env.sh
. "$(dirname "$0")/replica-env.sh"

if [ -f "$REPLICA_DATA/postmaster.pid" ]; then
  as_pg "$bin/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null || true
fi
$SUDO rm -rf "$REPLICA_DATA"
if pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q; then
  psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -qtAc \
    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT' AND NOT active" >/dev/null
fi
echo "replica-teardown: replica at $REPLICA_DATA and slot $REPLICA_SLOT removed" >&2
