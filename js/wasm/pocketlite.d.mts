// Types of the Emscripten module the wasm build writes next to this file (pocketlite.mjs).
import type { BlockStore } from '../storage/types.js';

/**
 * The flat Embind surface of wasm/bindings/bindings.cpp, one function per engine call. Every call
 * returns the byte length of its reply, which sits in wasm memory at replyPointer() until the next
 * call: JSON (for a write, {value, effects}), or an error mark followed by the error envelope. Large inputs are passed as (pointer, length) of
 * UTF-8 bytes the caller placed in malloc'ed memory.
 */
export interface PocketliteModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  replyPointer(): number;
  constants(): number;
  open(path: string, ownerId: string, volatileStorage: boolean): number;
  close(handle: number): number;
  setEffectDetail(handle: number, detail: number): number;
  // Reads.
  collections(handle: number): number;
  getOne(handle: number, collection: string, id: string, expand: string): number;
  getList(handle: number, collection: string, options: string): number;
  count(handle: number, collection: string, options: string): number;
  tablesRead(handle: number, collection: string, options: string): number;
  search(handle: number, collection: string, options: string): number;
  vectorSearch(handle: number, collection: string, options: string, pointer: number, length: number): number;
  similar(handle: number, collection: string, options: string): number;
  vectorStats(handle: number, collection: string, options: string): number;
  rollup(handle: number, name: string): number;
  aggregate(handle: number, collection: string, spec: string): number;
  storageStats(handle: number): number;
  columnStats(handle: number): number;
  pageEnd(handle: number, pointer: number, length: number): number;
  syncStates(handle: number, collection: string): number;
  cursors(handle: number): number;
  serverVersions(handle: number, collection: string, options: string): number;
  outboxList(handle: number, state: string): number;
  canCreate(handle: number, collection: string, id: string, pointer: number, length: number): number;
  canUpdate(handle: number, collection: string, id: string, pointer: number, length: number): number;
  canDelete(handle: number, collection: string, id: string): number;
  // Writes: each replies {value, effects}.
  applySchema(handle: number, pointer: number, length: number, options: string): number;
  defineSearch(handle: number, collection: string, fields: string): number;
  defineVectors(handle: number, collection: string, options: string): number;
  defineRollup(handle: number, collection: string, spec: string): number;
  dropRollup(handle: number, name: string): number;
  upsert(handle: number, collection: string, pointer: number, length: number, options: string): number;
  applyDeletes(handle: number, collection: string, pointer: number, length: number): number;
  create(handle: number, collection: string, pointer: number, length: number, options: string): number;
  update(
    handle: number,
    collection: string,
    id: string,
    pointer: number,
    length: number,
    options: string,
  ): number;
  remove(handle: number, collection: string, id: string): number;
  setCursor(handle: number, name: string, pointer: number, length: number): number;
  outboxTake(handle: number, max: number): number;
  outboxAck(handle: number, pointer: number, length: number): number;
  outboxFail(handle: number, pointer: number, length: number): number;
  outboxRequeue(handle: number, pointer: number, length: number): number;
  outboxRetry(handle: number, seq: number, now: number): number;
  outboxDiscard(handle: number, seq: number): number;
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
