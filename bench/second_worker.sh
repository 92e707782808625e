#!/usr/bin/env bash
# What a second ledger-worker adds on random_trader (Python): the pipeline
# at a load above what one worker carries, with one worker and then two.
# Both share this machine's two cores with ledgerd, Postgres and RabbitMQ,
# so the second cannot bring CPU of its own; the figure is therefore
# judged per CPU second of the worker side (worker + model hosts):
#
#   second_worker_ratio = 2 x (ok ticks per worker CPU-s with two workers)
#                             / (ok ticks per worker CPU-s with one)
#
# i.e. the ticks/s two workers give when each has the CPU one had, which
# holds when they run on separate machines. The raw ratio of ok ticks/s on
# this machine is printed too (second_worker_raw_ratio).
#
# Usage: bench/second_worker.sh [--level N] [--seconds S]
# Needs LEDGER_DATABASE_URL, LEDGER_AMQP_URL and a build in build/
# (bench/run.sh second_worker does all of it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
level=4000
seconds=10
while (($#)); do
  case $1 in
    --level) level=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "second_worker.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
run() {
  build/bench/tick_pipeline --algo random_trader --workers "$1" \
    --prefix "$2" --levels "$level" --seconds "$seconds"
}
one=$(run 1 one_worker)
two=$(run 2 two_workers)
printf '%s\n%s\n' "$one" "$two"
python3 - "$level" "$one" "$two" <<'PY'
import sys
level, one, two = sys.argv[1], sys.argv[2], sys.argv[3]
def figures(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = float(parts[1])
    return out
a, b = figures(one), figures(two)
at = "_at_" + level
ok1, ok2 = a["one_worker_ok_per_s" + at], b["two_workers_ok_per_s" + at]
e1 = a.get("one_worker_ok_per_worker_cpu_s" + at, 0)
e2 = b.get("two_workers_ok_per_worker_cpu_s" + at, 0)
print(f"second_worker_raw_ratio {ok2 / ok1 if ok1 else 0:.2f} x")
print(f"second_worker_ratio {2 * e2 / e1 if e1 else 0:.2f} x")
PY
