#!/usr/bin/env bash
# Runs the soak by hand: many ledgers tick while a fault is injected at
# random every minute (kill -9 of ledgerd or a worker; Postgres stopped or
# paused; RabbitMQ killed or paused), then every ledger's record is
# checked (tests/soak/soak_test.cpp). Installs, starts the servers and
# builds as deploy/test.sh does. The servers are stopped and paused by the
# soak: run nothing else against them meanwhile.
#
# Usage: deploy/soak.sh [--minutes N] [--ledgers N] [--every S] [--seed N]
#                       [--faults KEYS] [--help]
#   --minutes N   how long the ledgers tick (default 10, at most 55: the
#                 soak's ledgers live an hour)
#   --ledgers N   how many (default 1000: 9 in 10 on builtin:random every
#                 second, the rest on the Python random_trader every 2 s)
#   --every S     seconds between faults (default 60)
#   --seed N      which faults, in which order (default: the time)
#   --faults KEYS only these, comma-separated: ledgerd, worker,
#                 postgres-stop, rabbitmq-kill, postgres-pause,
#                 rabbitmq-pause (default: all)
#
# Prints each fault, how long the ledgers took to tick again, the ticks by
# outcome, and the verdict; the whole log is kept in .local/soak-<time>.log.
# Exits non-zero when a check failed.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

minutes=10 ledgers=1000 every=60 seed=$(date +%s) faults=
while (($#)); do
  case $1 in
    --minutes) minutes=${2:?--minutes needs a number}; shift 2 ;;
    --ledgers) ledgers=${2:?--ledgers needs a number}; shift 2 ;;
    --every) every=${2:?--every needs a number of seconds}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --faults) faults=${2:?--faults needs keys}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "soak.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$minutes" "$ledgers" "$every" "$seed"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "soak.sh: '$n' is not a positive whole number" >&2; exit 2; }
done

((minutes <= 55)) || { echo "soak.sh: --minutes must be at most 55 (the ledgers live an hour)" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
deploy/install-deps.sh
deploy/services.sh up
server_env=$(deploy/services.sh env)
eval "$server_env"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target soak_tests

log=.local/soak-$(date -u +%Y%m%dT%H%M%SZ).log
echo "soak.sh: $ledgers ledgers, $minutes min, a fault every $every s, seed $seed; log in $log"
LEDGER_SOAK_SECONDS=$((minutes * 60)) LEDGER_SOAK_LEDGERS=$ledgers \
  LEDGER_SOAK_EVERY=$every LEDGER_SOAK_SEED=$seed LEDGER_SOAK_FAULTS=$faults \
  build/tests/soak/soak_tests --log_level=test_suite 2>&1 | tee "$log" | grep --line-buffered -E '^soak:|error|failure|No errors'
exit "${PIPESTATUS[0]}"
