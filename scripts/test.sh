#!/usr/bin/env bash
# Runs every test: native GoogleTest (under ASan+UBSan), a bounded fuzz run, the TypeScript type check, and Jest
# (Node on the real .wasm, a real PocketBase, headless Chromium and Firefox). Sets the machine up first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

step() { printf '\n=== %s (at %d s)\n' "$*" "$SECONDS"; }

step "format (clang-format, prettier)"
bash scripts/clang-format.sh --check
npx prettier --check . >/dev/null

step "SIMD128 kernels against the scalar reference, in the wasm build (Node)"
NODE_PATH=/usr/share/nodejs ninja -C build/wasm pocketlite_kernel_tests
node build/wasm/pocketlite_kernel_tests.cjs --gtest_brief=1 | tail -3

# One native build serves both steps below (clang, ASan + UBSan, libFuzzer's coverage): three
# builds of the same sources (plain, sanitized, fuzzed) were a third of CI's time.
step "native tests (GoogleTest) under AddressSanitizer + UndefinedBehaviorSanitizer"
CC=clang CXX=clang++ cmake -S . -B build/native-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPOCKETLITE_FUZZ=ON >/dev/null
ninja -C build/native-fuzz
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/native-fuzz/pocketlite_tests --gtest_brief=1

step "fuzzing: filters, sorts, searches, record pages and sync calls (libFuzzer + ASan + UBSan, bounded)"
corpus=$(mktemp -d)
cp tests/fuzz/corpus/filter/* "$corpus/"
build/native-fuzz/pocketlite_fuzz_filter "$corpus" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=512 -print_final_stats=1 2>&1 | tail -3
rm -rf "$corpus"

step "lint (ESLint with React's hooks rules, zero warnings) and no import circles"
npm run --silent lint
node scripts/check-cycles.mjs

step "type check (strict TypeScript: package, tests, demo)"
npx tsc -p tsconfig.test.json
npx tsc -p demo/tsconfig.json

step "package: publint and arethetypeswrong (ESM-only) on what npm pack ships"
npx publint --strict
npx attw --pack . --profile esm-only --format table-flipped >/dev/null

step "Jest: Node on the real .wasm, real PocketBase, headless Chromium and Firefox"
NODE_OPTIONS=--experimental-vm-modules npx jest --ci
