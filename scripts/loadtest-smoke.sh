#!/usr/bin/env bash
# A short load-harness run in CI: every workflow of the six must pass (fail % = 0),
# so the harness and the routes it drives keep working together.
# Needs PostgreSQL with pgvector (scripts/postgres-setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=staffing_matrix_smoke
PORT="${SMOKE_PORT:-3917}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

npm run --silent seed -- --workers "${SMOKE_WORKERS:-3000}" 2>&1 | tail -n 1
# The compiled service, as `npm start` runs it, so CI also covers the build (tests run the sources under tsx).
npm run --silent build
RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warn PORT="$PORT" node dist/src/cli/serve.js > .tmp-smoke-service.log 2>&1 &
service=$!
trap 'kill -TERM $service 2>/dev/null; wait $service 2>/dev/null || true; rm -f .tmp-smoke-service.log' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 1; done

npm run --silent loadtest -- --url "http://127.0.0.1:$PORT" --concurrency "${SMOKE_CONCURRENCY:-10}" \
  --duration "${SMOKE_DURATION:-25s}" --max-fail-pct 0 --report "reports/smoke-ci.md"
