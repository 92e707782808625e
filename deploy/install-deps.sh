#!/usr/bin/env bash
# Installs every build and runtime dependency of the project from Debian 12
# packages. Idempotent: only the packages that are missing are installed, and
# `apt-get update` runs only when something is missing.
#
# As root it uses apt-get directly; as an ordinary user it uses sudo when
# something is missing (and fails, naming the packages, when sudo is absent).
set -euo pipefail

packages=(
  # Build toolchain.
  g++ make cmake pkg-config
  # The libFuzzer targets (fuzz/run.sh): clang, and its runtimes (libFuzzer,
  # the sanitizers), which clang only recommends.
  clang libclang-rt-dev
  # Libraries the code and the tests link against.
  libcaf-dev librabbitmq-dev libpqxx-dev rapidjson-dev
  libboost-dev libboost-test-dev
  # gzip answers of the REST API (api/gzip.cpp).
  zlib1g-dev
  # HTTP load generator of bench/rest.sh.
  wrk
  # Servers the integration tests talk to (run by deploy/services.sh).
  postgresql rabbitmq-server
  # The dashboard's browser test (tests/e2e/dashboard.mjs) drives it.
  chromium
  # Used by the scripts: pgrep/pkill (procps), setpriv/runuser (util-linux),
  # sha256sum/od (coreutils), python3 for helper scripts.
  procps util-linux coreutils python3
)
# deploy/fetch-data.sh and fetch-web.sh use npm (and node): take Debian's only
# when the machine has no npm of its own (these machines ship Node.js).
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [[ $status == "install ok installed" ]]
}

missing=()
for pkg in "${packages[@]}"; do
  if ! is_installed "$pkg"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"

as_root=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-deps: error: not root and sudo is not available." >&2
    echo "install-deps: ask an administrator to run:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# Installing postgresql / rabbitmq-server tries to start the system services;
# in containers policy-rc.d refuses that, which is harmless: deploy/services.sh
# runs the project's own instances.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"

# Verify: apt can exit 0 and still leave a package half-configured.
still_missing=()
for pkg in "${missing[@]}"; do
  if ! is_installed "$pkg"; then
    still_missing+=("$pkg")
  fi
done
if ((${#still_missing[@]} > 0)); then
  echo "install-deps: error: still not installed: ${still_missing[*]}" >&2
  exit 1
fi
echo "install-deps: installed: ${missing[*]}"
