#!/usr/bin/env bash
# Sets the machine up, builds, and runs the demo (a real local PocketBase plus the demo page).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec npx tsx scripts/demo.ts
