#!/usr/bin/env bash
# Exercises the fallback install path: builds PocketBase from the Go module proxy into a scratch
# .tools copy and runs the PocketBase integration tests against that binary. Not part of
# `npm test` (it compiles PocketBase: minutes, and network-bound); run it when changing setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${POCKETBASE_GO_VERSION:-0.40.4}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
GOTOOLCHAIN=auto CGO_ENABLED=0 GOBIN="$scratch" go install "github.com/pocketbase/pocketbase/examples/base@v$version"
"$scratch/base" --version
POCKETLITE_PB_BIN="$scratch/base" NODE_OPTIONS=--experimental-vm-modules npx jest tests/pocketbase
