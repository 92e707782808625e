#!/usr/bin/env bash
# The REST read path and reported trades over HTTP, measured with wrk (16
# connections, 2 threads, on the same machine as ledgerd). Prints
# `name value unit` lines:
#   view_ledger_req_per_s, _p99        view_ledger of a 100-trade ledger
#   view_ledger_10k_req_per_s, _p99    view_ledger of a 10,000-trade ledger
#   v1_ledger_req_per_s, _p99          GET /v1/ledgers/{name}
#   update_ledger_req_per_s, _p99      one reported trade per request
#                                      (POST /v1/ledgers/u<k>/trades over 16
#                                      ledgers), with update_ledger_lost: the
#                                      201s whose fill is not in the database
#   view_ledger_req_per_s_big_db, _p99 the 100-trade view again once the
#                                      fact tables hold 1,000,000 other fills
# Runs its own ledgerd (--no-broker: nothing ticks) on a scratch database of
# the server in LEDGER_DATABASE_URL (bench/run.sh rest sets it up).
# Usage: bench/rest.sh [--quick]   (--quick: 3 s per figure instead of 10 s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration=10s
[[ ${1:-} == --quick ]] && duration=3s
: "${LEDGER_DATABASE_URL:?LEDGER_DATABASE_URL must be set (deploy/services.sh env)}"
command -v wrk >/dev/null || { echo "rest.sh: wrk is missing (deploy/install-deps.sh)" >&2; exit 1; }
psql=(/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -t -A)

db=bench_rest_$$
db_url=${LEDGER_DATABASE_URL%/*}/$db
key=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api=http://127.0.0.1:$port
log=$(mktemp)
ledgerd_pid=

cleanup() {
  [[ -n $ledgerd_pid ]] && kill "$ledgerd_pid" 2>/dev/null && wait "$ledgerd_pid" 2>/dev/null
  "${psql[@]}" "$LEDGER_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" || true
  rm -f "$log"
}
trap cleanup EXIT

"${psql[@]}" "$LEDGER_DATABASE_URL" -c "CREATE DATABASE $db"
build/apps/ledgerd --no-broker --database-url "$db_url" \
  --http-addr "127.0.0.1:$port" --api-keys "$key" >"$log" 2>&1 &
ledgerd_pid=$!
for _ in $(seq 100); do
  curl -fs "$api/readyz" >/dev/null 2>&1 && break
  kill -0 "$ledgerd_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done

post() { curl -fsS -o /dev/null -X POST -H "X-API-Key: $key" -H "Content-Type: application/json" "$api$1" -d "$2"; }

# A ledger that does not tick, with `trades` reported fills (100 a request).
ledger_with() {
  local name=$1 trades=$2
  post /v1/ledgers "{\"name\": \"$name\", \"tickers\": [\"AAPL\"], \"algo_path\": \"builtin:null\", \"interval\": \"1h\", \"end\": 30, \"start\": false}"
  local batch
  batch=$(python3 -c 'import json; print(json.dumps({"trades": [{"type": "buy", "ticker": "AAPL", "quantity": 1, "price": 0.01}] * 100}))')
  for _ in $(seq $((trades / 100))); do post "/v1/ledgers/$name/trades" "$batch"; done
}

measure() {
  local figure=$1 url=$2 script=${3:-bench/rest/figures.lua}
  BENCH_FIGURE=$figure BENCH_KEY=$key BENCH_DIR=bench/rest \
    wrk -t2 -c16 -d"$duration" -s "$script" "$url" | grep "^${figure}_"
}

ledger_with v100 100
ledger_with v10k 10000
for k in $(seq 0 15); do ledger_with "u$k" 0; done

measure view_ledger "$api/view_ledger?name=v100"
measure view_ledger_10k "$api/view_ledger?name=v10k"
measure v1_ledger "$api/v1/ledgers/v100"

updates=$(measure update_ledger "$api/" bench/rest/update.lua)
echo "$updates" | grep -v "_ok "
ok=$(echo "$updates" | awk '/^update_ledger_ok /{print $2}')
# What the database holds (each stats read waits for its ledger's writes).
stored=0
for k in $(seq 0 15); do
  n=$(curl -fsS "$api/v1/ledgers/u$k/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["trades"])')
  stored=$((stored + n))
done
# Requests still in flight when wrk stopped may be stored without being
# counted: only 201s missing from the database are lost.
lost=$((ok > stored ? ok - stored : 0))
echo "update_ledger_lost $lost updates"
echo "update_ledger_stored $stored fills"

# 1,000,000 fills of another ledger, written straight into the table.
post /v1/ledgers '{"name": "filler", "tickers": ["AAPL"], "algo_path": "builtin:null", "interval": "1h", "end": 30, "start": false}'
"${psql[@]}" "$db_url" -c "
INSERT INTO trades (ledger_id, tick, n, time, side, ticker, quantity, price,
                    fee, cash_delta)
SELECT l.id, g, 0, now(), 'buy', 'AAPL', 1, 0.01, 0, -0.01
FROM ledgers l, generate_series(1, 1000000) g WHERE l.name = 'filler';
ANALYZE trades;"
# A new version of v100, so its first view after the load reads the
# database again.
post /v1/ledgers/v100/trades '{"trades": [{"type": "buy", "ticker": "AAPL", "quantity": 1, "price": 0.01}]}'
measure view_ledger "$api/view_ledger?name=v100" | sed 's/^view_ledger_\([a-z0-9]*\) /view_ledger_\1_big_db /; s/^view_ledger_req_per_s /view_ledger_req_per_s_big_db /' | grep -v "_ok_big_db\|_failed_big_db"
