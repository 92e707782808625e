#!/usr/bin/env bash
# Runs a benchmark, bringing up what it needs (dependencies, the project's
# Postgres and RabbitMQ, a release build), three times, and prints the
# median of each figure as `name value unit` lines (each run's lines go to
# .local/bench/NAME.runN.txt).
#
# Usage: bench/run.sh NAME [--runs N] [--quick]
#        bench/run.sh all
# NAME:
#   tick_pipeline    the whole pipeline on builtin:null at rising load
#   python_pipeline  the same through Python models (random_trader)
#   ledger_memory    resident bytes per idle ledger at 100,000 and 1,000,000
#   persistence      facts committed per second through the persistence actor
#   python_host      ticks per second through one Python model host
#   rest             view_ledger and update_ledger over HTTP with wrk
#   second_worker    what a second ledger-worker adds on Python models
#   all              every one of them
# --quick: one run, shorter windows (a smoke test, not a measurement).
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=${1:-}
shift || true
runs=3
quick=0
while (($#)); do
  case $1 in
    --runs) runs=$2; shift ;;
    --quick) quick=1; runs=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case $name in
  tick_pipeline | python_pipeline | ledger_memory | persistence | python_host | rest | second_worker | all) ;;
  -h | --help) usage; exit 0 ;;
  *) echo "run.sh: unknown benchmark '$name'" >&2; usage >&2; exit 2 ;;
esac

deploy/install-deps.sh >/dev/null
deploy/services.sh up >/dev/null
eval "$(deploy/services.sh env)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
out=.local/bench
mkdir -p "$out"

# The command line of one run of a benchmark.
command_of() {
  local window=10 levels=1000,2000,5000,10000,15000,20000,26000
  local plevels=500,1000,2000,3000,4000,6000
  if ((quick)); then window=3; levels=1000,5000; plevels=500,2000; fi
  case $1 in
    tick_pipeline) echo "build/bench/tick_pipeline --levels $levels --seconds $window" ;;
    python_pipeline) echo "build/bench/tick_pipeline --algo random_trader --prefix python_pipeline --levels $plevels --seconds $window" ;;
    ledger_memory) ((quick)) && echo "build/bench/ledger_memory 100000" || echo "build/bench/ledger_memory 100000 1000000" ;;
    persistence) ((quick)) && echo "build/bench/persistence_bench 5000" || echo "build/bench/persistence_bench" ;;
    python_host) ((quick)) && echo "build/bench/python_host_bench 5000 1" || echo "build/bench/python_host_bench" ;;
    rest) echo "bench/rest.sh $( ((quick)) && echo --quick)" ;;
    second_worker) echo "bench/second_worker.sh --seconds $window" ;;
  esac
}

target_of() {
  case $1 in
    tick_pipeline | python_pipeline | second_worker) echo tick_pipeline ;;
    persistence) echo persistence_bench ;;
    python_host) echo python_host_bench ;;
    rest) echo ledgerd ;;
    *) echo "$1" ;;
  esac
}

# Median per figure over the runs' `name value unit` lines.
median() {
  python3 -c '
import sys, statistics
values, units, order = {}, {}, []
for path in sys.argv[1:]:
    for line in open(path):
        parts = line.split()
        if len(parts) < 2:
            continue
        try:
            v = float(parts[1])
        except ValueError:
            continue
        if parts[0] not in values:
            values[parts[0]] = []
            order.append(parts[0])
        values[parts[0]].append(v)
        units[parts[0]] = " ".join(parts[2:])
for n in order:
    m = statistics.median(values[n])
    print(n, round(m, 1 if abs(m) >= 10 else 2), units[n])
' "$@"
}

run_one() {
  local bench=$1
  # shellcheck disable=SC2046 # several targets
  cmake --build build -j"$(nproc)" --target $(target_of "$bench") >/dev/null
  local files=()
  for i in $(seq "$runs"); do
    local f=$out/$bench.run$i.txt
    echo "bench: $bench run $i of $runs: $(command_of "$bench")" >&2
    # shellcheck disable=SC2046 # the command line splits into words
    $(command_of "$bench") >"$f"
    files+=("$f")
  done
  echo "# $bench: median of $runs run(s) on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  median "${files[@]}"
}

if [[ $name == all ]]; then
  for b in persistence python_host ledger_memory tick_pipeline python_pipeline second_worker rest; do
    run_one "$b"
  done
else
  run_one "$name"
fi
