#!/usr/bin/env bash
# The README's first command: install, build and start Pauta at http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec pnpm start
