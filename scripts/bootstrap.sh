#!/usr/bin/env bash
# Installs what Pauta needs on a fresh machine: pnpm (through npm) and the workspace's
# packages. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "Pauta needs Node.js 20.19 or newer (found $(node -v))." >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "Installing pnpm 10…"
  npm install -g pnpm@10.34.9 >/dev/null
fi

pnpm install --frozen-lockfile
