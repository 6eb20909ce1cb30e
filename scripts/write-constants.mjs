// Writes js/wasm/constants.ts from the engine's own constants() (wasm/api/api.cpp): TypeScript
// reads the limits and names the engine defines instead of keeping copies. Run by build.sh after
// each wasm build; the file is a build output (not in git), like the .wasm beside it.
import fs from 'node:fs';

const build = new URL('../build/wasm/', import.meta.url);
const { default: create } = await import(new URL('pocketlite.mjs', build).href);
const module = await create({
  pocketliteStore: {},
  wasmBinary: fs.readFileSync(new URL('pocketlite.wasm', build)),
});
const length = module.constants();
const pointer = module.replyPointer();
const constants = JSON.parse(new TextDecoder().decode(module.HEAPU8.subarray(pointer, pointer + length)));
const entries = Object.entries(constants);
// The TypeScript type of a JSON value: nested objects keep their keys.
const typeOf = (value) =>
  value !== null && typeof value === 'object'
    ? `{ ${Object.entries(value)
        .map(([key, inner]) => `readonly ${key}: ${typeOf(inner)}`)
        .join('; ')} }`
    : typeof value;
const types = entries.map(([key, value]) => `  readonly ${key}: ${typeOf(value)};`).join('\n');
const body = entries.map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`).join('\n');
fs.writeFileSync(
  new URL('../js/wasm/constants.ts', import.meta.url),
  `// Written by scripts/write-constants.mjs from the engine's constants() (wasm/api/api.cpp): do not edit.\n` +
    `/** The limits and names the engine defines (wasm/core/limits.h, wasm/engine/effects.h, wasm/api/api.h). */\n` +
    `export const ENGINE: {\n${types}\n} = {\n${body}\n};\n`,
);
