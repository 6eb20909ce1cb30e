// Types of the Emscripten module the wasm build writes next to this file (pocketlite.mjs).
import type { BlockStore } from '../storage/types.js';

/** The flat Embind surface of wasm/bindings/bindings.cpp; every reply is JSON or an error mark. */
export interface PocketliteModule {
  open(path: string, ownerId: string): string;
  close(handle: number): string;
  applySchema(handle: number, schema: string, options: string): string;
  collections(handle: number): string;
  upsert(handle: number, collection: string, records: string, options: string): string;
  getOne(handle: number, collection: string, id: string): string;
  list(handle: number, collection: string, options: string): string;
  remove(handle: number, collection: string, id: string): string;
  count(handle: number, collection: string): string;
  constants(): string;
}

export interface ModuleOptions {
  pocketliteStore: BlockStore;
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
}

declare const createPocketliteModule: (options: ModuleOptions) => Promise<PocketliteModule>;
export default createPocketliteModule;
