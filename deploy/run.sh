#!/usr/bin/env bash
# Brings the service up on a fresh Debian 12 machine (or an old one):
# dependencies, the project's own PostgreSQL and RabbitMQ, a release build,
# then ledgerd in the foreground. Ctrl-C stops ledgerd; the servers keep
# running until `deploy/services.sh down`.
#
# Usage: deploy/run.sh [--help] [ledgerd options...]
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n==> %s\n' "$*"; }

step "installing dependencies"
deploy/install-deps.sh

step "starting the servers"
deploy/services.sh up
env_lines=$(deploy/services.sh env)
eval "$env_lines"

step "building (build-release/)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc 2>/dev/null || echo 2)" --target ledgerd

step "starting ledgerd (Ctrl-C to stop; deploy/services.sh down stops the servers)"
exec build-release/apps/ledgerd "$@"
