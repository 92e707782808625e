#!/usr/bin/env bash
# Brings the whole service up on a fresh Debian 12 machine (or an old one):
# dependencies, the project's own PostgreSQL and RabbitMQ, real prices from
# the npm registry, a release build, then in the background: ledgerd (with
# its REST API), one ledger-worker, ledger-feed replaying real monthly
# prices, and a sample ledger "sample" on buy_and_hold ticking every 5 s.
#
# Usage: deploy/run.sh [up]     start everything (harmless when running)
#        deploy/run.sh stop     stop the programs (servers keep running;
#                               deploy/services.sh down stops them)
#        deploy/run.sh --help
#
# Logs and pid files live in .local/run/; the REST API key is generated
# once into .local/api-key.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly run_dir=.local/run
readonly programs=(ledger-feed ledger-worker ledgerd)
readonly http_addr=${LEDGER_HTTP_ADDR:-127.0.0.1:8080}

step() { printf '\n==> %s\n' "$*"; }

stop_programs() {
  for p in "${programs[@]}"; do
    local f=$run_dir/$p.pid
    if [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null; then
      kill "$(cat "$f")"
      for _ in $(seq 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
      echo "run: stopped $p"
    fi
    rm -f "$f"
  done
}

start() { # name, then the command line
  local name=$1
  shift
  local f=$run_dir/$name.pid
  if [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null; then
    echo "run: $name already running (pid $(cat "$f"))"
    return
  fi
  nohup "$@" >"$run_dir/$name.log" 2>&1 &
  echo $! >"$f"
  echo "run: started $name (log $run_dir/$name.log)"
}

case ${1:-up} in
  -h | --help) usage; exit 0 ;;
  stop) stop_programs; exit 0 ;;
  up) ;;
  *) usage >&2; exit 2 ;;
esac

step "installing dependencies"
deploy/install-deps.sh

step "starting the servers"
deploy/services.sh up
env_lines=$(deploy/services.sh env)
eval "$env_lines"

step "fetching sample prices and the dashboard's chart library"
deploy/fetch-data.sh
deploy/fetch-web.sh

step "building (build-release/)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc 2>/dev/null || echo 2)" \
  --target ledgerd ledger-worker ledger-feed ledgerctl

step "starting the programs"
mkdir -p "$run_dir"
if [[ ! -s .local/api-key ]]; then
  (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >.local/api-key)
fi
LEDGER_API_KEYS=$(cat .local/api-key)
export LEDGER_API_KEYS LEDGER_HTTP_ADDR=$http_addr
bin=build-release/apps
start ledgerd "$bin/ledgerd"
for _ in $(seq 100); do
  grep -q "recovered" "$run_dir/ledgerd.log" 2>/dev/null && break
  sleep 0.2
done
grep -q "recovered" "$run_dir/ledgerd.log" || {
  echo "run: ledgerd did not start; see $run_dir/ledgerd.log" >&2
  tail -20 "$run_dir/ledgerd.log" >&2
  exit 1
}
# As root, models run as nobody (--model-user) so they cannot read the
# credentials in .local or the programs' environments -- when nobody can
# run the system Python on this tree (not so in a clone under /root).
worker_args=()
if ((EUID == 0)); then
  if PYTHONPATH=sdk/python setpriv --reuid nobody --regid nogroup \
    --clear-groups /usr/bin/python3 -c "import ledger_model" 2>/dev/null; then
    worker_args=(--model-user nobody --python /usr/bin/python3)
  else
    echo "run: warning: models will run as root (nobody cannot read this" \
      "tree); clone it outside /root to confine them" >&2
  fi
fi
# Each program logs in to the broker as its own role (docs/security.md):
# only ledgerctl's operator role may publish commands.
start ledger-worker "$bin/ledger-worker" --amqp-url "$LEDGER_AMQP_WORKER_URL" \
  "${worker_args[@]}"
start ledger-feed "$bin/ledger-feed" replay --csv data/stocks.csv \
  --pace 2s --loop --amqp-url "$LEDGER_AMQP_FEED_URL"

step "the sample ledger"
export LEDGER_AMQP_URL=$LEDGER_AMQP_OPERATOR_URL # ledgerctl's role
if ! "$bin/ledgerctl" view sample >/dev/null 2>&1; then
  "$bin/ledgerctl" create sample --tickers AAPL,MSFT,IBM \
    --algo buy_and_hold --interval 5s --end 30
fi

cat <<MSG

Ledger Instances is up.
  Look:   http://127.0.0.1:8080/              the dashboard
          $bin/ledgerctl view sample          (or: $bin/ledgerctl list)
          curl 'http://$http_addr/view_ledger?name=sample'
          curl http://$http_addr/v1/ledgers
          tail -f $run_dir/*.log
  Write:  the API key is in .local/api-key (header X-API-Key)
  Stop:   deploy/run.sh stop && deploy/services.sh down
  (ledgerctl needs: eval "\$(deploy/services.sh env)"; then
   export LEDGER_AMQP_URL=\$LEDGER_AMQP_OPERATOR_URL for the operator role)
MSG
