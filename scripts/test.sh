#!/usr/bin/env bash
# Every test: type checks, the Node unit suite (core on cpu/wasm), then the browser suite in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-chromium.sh
npm run typecheck
npx vitest run
npx playwright test
# The sweep on a real single-node Slurm (issue 13; root, installs slurm-wlm and munge if missing). SKIP_SLURM=1 skips it.
if [ "${SKIP_SLURM:-}" != 1 ]; then bash scripts/test-slurm.sh; fi
