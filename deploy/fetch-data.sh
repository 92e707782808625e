#!/usr/bin/env bash
# Fetches the real market data used by demos, end-to-end tests and
# benchmarks from the npm registry (vega-datasets 3.2.1, BSD-3-Clause) into
# data/ (gitignored), checking each file's SHA-256. Harmless to run twice.
#
#   data/stocks.csv       symbol,date,price   monthly MSFT AMZN IBM AAPL GOOG
#   data/sp500-2000.csv   date,open,high,low,close,adjclose,volume  (S&P 500)
#
# Usage: deploy/fetch-data.sh [--help]
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly package=vega-datasets@3.2.1
declare -A sums=(
  [stocks.csv]=f9953ac6693e587476b4ebf2f0b00d9bb95371ca8c39da4cc6155077b3e417cd
  [sp500-2000.csv]=9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8
)

verified() {
  [[ -f data/$1 ]] && echo "${sums[$1]}  data/$1" | sha256sum --check --status
}

if verified stocks.csv && verified sp500-2000.csv; then
  echo "fetch-data: data/ is up to date"
  exit 0
fi

command -v npm >/dev/null || {
  echo "fetch-data: npm is needed (apt-get install npm)" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/vega-datasets-*.tgz -C "$work" package/data/stocks.csv \
  package/data/sp500-2000.csv
mkdir -p data
for f in "${!sums[@]}"; do
  cp "$work/package/data/$f" "data/$f"
  verified "$f" || {
    echo "fetch-data: data/$f does not match its SHA-256" >&2
    exit 1
  }
done
echo "fetch-data: data/stocks.csv and data/sp500-2000.csv ready"
