// jsdom for the React hook tests, with the Node globals the engine needs (jsdom's window lacks
// TextEncoder/TextDecoder, and WebAssembly must be Node's own for the real .wasm).
const { TestEnvironment } = require('jest-environment-jsdom');

module.exports = class PocketliteJsdomEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    for (const name of ['TextEncoder', 'TextDecoder', 'WebAssembly', 'structuredClone', 'performance']) {
      this.global[name] = globalThis[name];
    }
  }
};
