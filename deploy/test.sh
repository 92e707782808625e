#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine (or an old one):
#
#   1. deploy/install-deps.sh            build and runtime packages
#   2. deploy/services.sh up             the project's PostgreSQL and RabbitMQ
#      deploy/fetch-data.sh, fetch-web.sh sample prices, the dashboard's npm
#                                        packages (checked against their hashes)
#   3. build/       RelWithDebInfo       ctest: every test (unit + integration)
#   4. build-asan/  Debug, ASan+UBSan    ctest: all but the outage test
#                                        and the soak
#   5. build-fuzz/  clang, libFuzzer     fuzz/run.sh: every parser's fuzz
#                                        target for 20 s (fuzz/README.md)
#
# Usage: deploy/test.sh [--no-sanitize] [--no-fuzz] [--stop-servers] [--help]
#   --no-sanitize    skip step 4
#   --no-fuzz        skip step 5
#   --stop-servers   run `deploy/services.sh down` at the end
#                    (by default the servers are left running for the next run)
#
# Exits non-zero as soon as a step or a test fails. Runs from any directory.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

sanitize=1
fuzz=1
stop_servers=0
for arg in "$@"; do
  case $arg in
    --no-sanitize) sanitize=0 ;;
    --no-fuzz) fuzz=0 ;;
    --stop-servers) stop_servers=1 ;;
    --keep-servers) stop_servers=0 ;; # the default; accepted for clarity
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "test.sh: unknown option '$arg'" >&2
      usage >&2
      exit 2
      ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==> %s\n' "$*"; }

step "installing dependencies"
deploy/install-deps.sh

step "starting the servers"
deploy/services.sh up
# Not `eval "$(...)"` directly: a failing command substitution inside eval's
# argument would not stop the script.
server_env=$(deploy/services.sh env)
eval "$server_env"
[[ -n ${LEDGER_DATABASE_URL:-} && -n ${LEDGER_AMQP_URL:-} ]] || {
  echo "test.sh: deploy/services.sh env gave no URLs" >&2
  exit 1
}

if ((stop_servers)); then
  trap 'step "stopping the servers"; deploy/services.sh down' EXIT
fi

# From the npm registry, each checked against its recorded hash: the sample
# prices the statistics test replays, and the dashboard's chart library and
# browser driver (embedded at configure time, so before cmake).
step "fetching sample prices and the dashboard's packages"
deploy/fetch-data.sh
deploy/fetch-web.sh

step "build/ (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"

step "ctest build/ (all tests)"
ctest --test-dir build --output-on-failure --no-tests=error

if ((sanitize)); then
  step "build-asan/ (Debug, address + undefined sanitizers)"
  cmake -S . -B build-asan -DLEDGER_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  cmake --build build-asan -j"$jobs"

  # Everything but the outage test: libpqxx 6.4 can leak a few bytes when a
  # connection breaks mid-statement, which LeakSanitizer would report (the
  # one leak seen in tests that break a connection on purpose is suppressed
  # by tests/lsan.supp; the outage test breaks them in more places).
  # Nor the soak: minutes of many ledgers, a load test that ASan's
  # slowdown would only turn into shed ticks (the release run has it).
  step "ctest build-asan/ (all but the outage test and the soak)"
  ctest --test-dir build-asan -LE 'outage|soak' --output-on-failure --no-tests=error
fi

if ((fuzz)); then
  # Needs no server: each parser's fuzz target over its regression cases,
  # then 20 s of fuzzing (run longer by hand: fuzz/README.md).
  step "build-fuzz/ (clang, libFuzzer): fuzz/run.sh 20"
  fuzz/run.sh 20 --jobs "$jobs"
fi

step "all tests passed"
if ((!stop_servers)); then
  echo "The servers are still running; stop them with: deploy/services.sh down"
fi
