# Sourced by replica-setup.sh and replica-teardown.sh: where the primary is, where the replica lives
# and how to act as the postgres OS user, so that teardown removes what setup made.
PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_SLOT="${REPLICA_SLOT:-sm_replica}"
SUDO=""
AS_PG="runuser -u postgres --"
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; AS_PG="sudo -u postgres"; fi

major=$(ls /etc/postgresql | sort -n | tail -n 1)
bin="/usr/lib/postgresql/$major/bin"
REPLICA_DATA="${REPLICA_DATA:-/var/lib/postgresql/$major/replica}"
as_pg() { $AS_PG "$@"; }
