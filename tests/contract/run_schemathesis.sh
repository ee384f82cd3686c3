#!/usr/bin/env bash
# The contract run of docs/reliability.md: schemathesis over every operation of a seeded server, all checks and
# phases (stateful included), once with an editor token and once with an admin token.
#   tests/contract/run_schemathesis.sh DATABASE_URL PORT SECONDS
# DATABASE_URL must name an empty database (or PostgreSQL schema): it is migrated and seeded here.
set -euo pipefail
database_url=$1 port=$2 seconds=$3
here=$(cd "$(dirname "$0")" && pwd) root=$(cd "$here/../.." && pwd)
python=$root/.venv/bin/python
export DATABASE_URL=$database_url RATE_LIMIT_ENABLED=false
cd "$root"
.venv/bin/alembic upgrade head >/dev/null
"$python" -m seed >/dev/null
suffix=$(date +%s)
editor=$("$python" -m app tokens create --scope editor "contract-editor-$suffix" | tail -1)
admin=$("$python" -m app tokens create --scope admin "contract-admin-$suffix" | tail -1)
"$python" -m tests.contract.offline_server --port "$port" &
server=$!
trap 'kill $server; wait $server || true' EXIT
for token in "$editor" "$admin"; do
  .venv/bin/st --config-file "$here/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" --wait-for-schema 30 \
    --checks all --phases examples,coverage,fuzzing,stateful --max-time "$seconds" --workers 1 \
    -H "Authorization: Bearer $token" || status=$?
done
exit "${status:-0}"
