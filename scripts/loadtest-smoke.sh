#!/usr/bin/env bash
# Short load-harness runs in CI, one per mode, each with every workflow of the six passing (fail % = 0):
#   1. closed model (autocannon), one instance;
#   2. open model: Poisson arrivals with a burst;
#   3. two instances of the service on one database (calls alternate, so a playbook recorded on one
#      is replayed on the other through LISTEN/NOTIFY);
#   4. a bulk ingest under load: 0 failures, every ingested worker in the database and found by search.
# Needs PostgreSQL with pgvector (scripts/postgres-setup.sh). About 2.5 minutes.
# SMOKE_DB and SMOKE_PORT (the second instance listens on SMOKE_PORT + 1) keep parallel runs apart.
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${SMOKE_DB:-staffing_matrix_smoke}"
PORT="${SMOKE_PORT:-3917}"
PORT2=$((PORT + 1))
SECONDS_EACH="${SMOKE_DURATION:-20s}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

npm run --silent seed -- --workers "${SMOKE_WORKERS:-3000}" 2>&1 | tail -n 1
work="$(mktemp -d)"
# Workers to ingest under load: another seed, with ids the database does not hold yet.
npm run --silent seed -- --workers "${SMOKE_INGEST_WORKERS:-1000}" --seed 4242 --out "$work/ingest.jsonl" 2>&1 | tail -n 1
sed -i 's/"id":"w-/"id":"ingest-/' "$work/ingest.jsonl"

# The compiled service, as `npm start` runs it, so CI also covers the build (tests run the sources under tsx).
npm run --silent build
services=()
cleanup() {
  for pid in "${services[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${services[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
for port in "$PORT" "$PORT2"; do
  RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warn PORT="$port" node dist/src/cli/serve.js > "$work/service-$port.log" 2>&1 &
  services+=($!)
done
for port in "$PORT" "$PORT2"; do
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 1; done
done

one="http://127.0.0.1:$PORT"
two="$one,http://127.0.0.1:$PORT2"
run() {
  echo "== loadtest $*"
  if ! npm run --silent loadtest -- --max-fail-pct 0 --sample-every 2s "$@" > "$work/out" 2> "$work/err"; then
    cat "$work/out"; tail -n 40 "$work/err"; exit 1
  fi
  head -n 9 "$work/out"; tail -n 1 "$work/err"
}
run --url "$one" --concurrency "${SMOKE_CONCURRENCY:-10}" --duration "$SECONDS_EACH" --report reports/smoke-ci.md
run --url "$one" --arrival-rate 15 --burst 3:4s/10s --duration "${SMOKE_OPEN_DURATION:-15s}" --report reports/smoke-ci-arrival.md
run --url "$two" --concurrency 8 --duration "${SMOKE_OPEN_DURATION:-15s}" --report reports/smoke-ci-instances.md
# The ingest CLI starts 15 % into the run; the rest covers its start-up, the load and some time after it.
run --url "$two" --arrival-rate 10 --duration "${SMOKE_INGEST_DURATION:-60s}" --ingest "$work/ingest.jsonl" --pg-url "$DATABASE_URL" --report reports/smoke-ci-ingest.md
