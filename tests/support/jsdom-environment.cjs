// jsdom for the React hook tests, with the Node globals the engine and the sync need (jsdom's
// window lacks TextEncoder/TextDecoder and fetch; WebAssembly must be Node's own for the .wasm).
const { TestEnvironment } = require('jest-environment-jsdom');

// Node's fetch (with its Headers, Request, Response, AbortController) for the PocketBase SDK.
const GLOBALS = [
  'TextEncoder',
  'TextDecoder',
  'WebAssembly',
  'structuredClone',
  'performance',
  'fetch',
  'Headers',
  'Request',
  'Response',
  'AbortController',
  'AbortSignal',
];

module.exports = class PocketliteJsdomEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    for (const name of GLOBALS) {
      this.global[name] = globalThis[name];
    }
  }
};
