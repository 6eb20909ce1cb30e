import createPocketliteModule, { type PocketliteModule } from '../wasm/pocketlite.mjs';
import type { BlockStore } from '../storage/types.js';

/** Where the engine's .wasm comes from: a URL (browser default), bytes, or a compiled module. */
export type WasmSource = URL | string | ArrayBuffer | Uint8Array<ArrayBuffer> | WebAssembly.Module;

// `new URL(..., import.meta.url)` is the pattern bundlers (Vite, webpack, Rollup) rewrite, so the
// .wasm file is emitted with the bundle and this URL still points at it.
const defaultWasmUrl = (): URL => new URL('../wasm/pocketlite.wasm', import.meta.url);

const compiled = new Map<string, Promise<WebAssembly.Module>>();

// Checked without Node's types, so browser builds of this file need none.
const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

type ReadFile = (url: URL) => Promise<Uint8Array<ArrayBuffer>>;

async function readWasm(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:' && isNode()) {
    // A variable specifier keeps bundlers from pulling node:fs into browser builds.
    const fsModule = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as { readFile: ReadFile };
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the pocketlite engine from ${url}: HTTP ${response.status}`);
  return WebAssembly.compileStreaming(response);
}

/** Compiles the engine once per source; every replica then instantiates the compiled module. */
export function compileEngine(source: WasmSource = defaultWasmUrl()): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = typeof source === 'string' ? new URL(source, globalThis.location?.href) : source;
  let pending = compiled.get(url.href);
  if (!pending) {
    pending = readWasm(url);
    pending.catch(() => compiled.delete(url.href));
    compiled.set(url.href, pending);
  }
  return pending;
}

/**
 * A fresh engine instance over `store`. Each replica gets its own instance (its own memory), so
 * two users' data never share a heap, and closing one frees all of its memory.
 */
export async function instantiateEngine(store: BlockStore, source?: WasmSource): Promise<PocketliteModule> {
  const wasm = await compileEngine(source);
  return new Promise((resolve, reject) => {
    createPocketliteModule({
      pocketliteStore: store,
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}
