#!/usr/bin/env bash
# Builds the wasm engine (Emscripten) and the TypeScript package into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # Debian's Emscripten optimizer needs its Node modules

if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C build/wasm pocketlite
cp build/wasm/pocketlite.mjs build/wasm/pocketlite.wasm js/wasm/
node scripts/write-constants.mjs

rm -rf dist # a module deleted from js/ must not linger in the package
npx tsc -p tsconfig.json
mkdir -p dist/wasm
cp js/wasm/pocketlite.mjs js/wasm/pocketlite.wasm js/wasm/pocketlite.d.mts dist/wasm/
