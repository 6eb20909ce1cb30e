// Types of the Emscripten module the wasm build writes next to this file (pocketlite.mjs).
import type { BlockStore } from '../storage/types.js';

/**
 * The flat Embind surface of wasm/bindings/bindings.cpp. Every call returns the byte length of
 * its reply, which sits in wasm memory at replyPointer() until the next call: JSON, or an error
 * mark (byte 1) followed by the error envelope. Large inputs are passed as (pointer, length) of
 * UTF-8 bytes the caller placed in malloc'ed memory.
 */
export interface PocketliteModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  replyPointer(): number;
  open(path: string, ownerId: string, volatileStorage: boolean): number;
  close(handle: number): number;
  applySchema(handle: number, pointer: number, length: number, options: string): number;
  collections(handle: number): number;
  upsert(handle: number, collection: string, pointer: number, length: number, options: string): number;
  getOne(handle: number, collection: string, id: string): number;
  getList(handle: number, collection: string, options: string): number;
  count(handle: number, collection: string, options: string): number;
  defineSearch(handle: number, collection: string, fields: string): number;
  tablesRead(handle: number, collection: string, options: string): number;
  takeChanges(handle: number): number;
  search(handle: number, collection: string, options: string): number;
  analytics(handle: number, op: string, collection: string, options: string): number;
  vectors(
    handle: number,
    op: string,
    collection: string,
    options: string,
    pointer: number,
    length: number,
  ): number;
  sync(
    handle: number,
    op: string,
    collection: string,
    id: string,
    args: string,
    pointer: number,
    length: number,
  ): number;
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
