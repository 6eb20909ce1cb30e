#!/usr/bin/env bash
# Formats the C++ sources with the repo's .clang-format; with --check, fails on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=(-i)
[ "${1:-}" = "--check" ] && mode=(--dry-run -Werror)
git ls-files -co --exclude-standard 'wasm/*.cpp' 'wasm/*.h' 'tests/native/*.cpp' 'tests/native/*.h' | xargs clang-format "${mode[@]}"
