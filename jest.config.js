// Jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules), on the
// real .wasm the wasm build wrote to js/wasm/.
/** @type {import('jest').Config} */
export default {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }] },
  testEnvironment: 'node',
  projects: undefined,
  testTimeout: 60000,
};
