#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs lint, type checks, the
# web bundle's budget and every test (unit, integration over real sockets, browser tests in
# Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/ensure-chromium.sh
pnpm lint
pnpm typecheck
pnpm --filter @pauta/web build
pnpm --filter @pauta/web budget
pnpm test
