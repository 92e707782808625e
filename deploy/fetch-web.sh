#!/usr/bin/env bash
# Installs what the dashboard is built and tested with into web/node_modules
# from the npm registry: the chart library ledgerd embeds (uPlot) and the
# browser driver of its test (playwright-core). `npm ci` takes the exact
# versions of web/package-lock.json and checks each package against the
# sha512 recorded there. Harmless to run twice; run it before configuring
# the build (web/CMakeLists.txt embeds what it finds). docs/dashboard.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../web"

# Up to date when every package of the lock file is installed at its version.
if node -e '
  const lock = require("./package-lock.json").packages;
  for (const [dir, p] of Object.entries(lock)) {
    if (!dir) continue;
    try { if (require("./" + dir + "/package.json").version !== p.version) process.exit(1); }
    catch { process.exit(1); }
  }' 2>/dev/null; then
  echo "fetch-web: web/node_modules is up to date"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "fetch-web: installed $(ls node_modules | tr '\n' ' ')"
