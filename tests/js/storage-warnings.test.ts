// The storage warnings a status carries: each risk named once, from the facts the worker reads.
import { SMALL_QUOTA_BYTES, storageWarnings } from '../../js/runtime/browser-storage.js';
import type { StorageStatus } from '../../js/runtime/protocol.js';

const GB = 1024 ** 3;
const codes = (status: StorageStatus, unsynced = 0) => storageWarnings(status, unsynced).map((w) => w.code);

test('durable, roomy storage has no warning, with or without unsynced writes when persisted', () => {
  expect(codes({ kind: 'opfs', persisted: false, usage: 1e6, quota: 10 * GB })).toEqual([]);
  expect(codes({ kind: 'opfs', persisted: true, usage: 1e6, quota: 10 * GB }, 5)).toEqual([]);
  expect(codes({ kind: 'indexeddb', persisted: false })).toEqual([]); // no estimate: nothing to say
});

test('each risk is named', () => {
  expect(codes({ kind: 'memory', persisted: false })).toEqual(['memory']);
  expect(codes({ kind: 'indexeddb', persisted: false, private: true, quota: 10 * GB })).toEqual(['private']);
  expect(codes({ kind: 'opfs', persisted: true, quota: SMALL_QUOTA_BYTES - 1 })).toEqual(['small-quota']);
  expect(codes({ kind: 'opfs', persisted: true, quota: SMALL_QUOTA_BYTES })).toEqual([]);
  expect(codes({ kind: 'opfs', persisted: true, usage: 9.5 * GB, quota: 10 * GB })).toEqual(['nearly-full']);
  expect(codes({ kind: 'opfs', persisted: false, quota: 10 * GB }, 1)).toEqual(['unsynced-not-persisted']);
  // Memory loses everything anyway: the eviction warning would say less.
  expect(codes({ kind: 'memory', persisted: false }, 3)).toEqual(['memory']);
});

test('the messages give the numbers', () => {
  const [small, full, unsynced] = storageWarnings(
    { kind: 'opfs', persisted: false, usage: 95e6, quota: 100e6 },
    2,
  ).map((w) => w.message);
  expect(small).toMatch(/only 100 MB .*private window/);
  expect(full).toMatch(/95% full \(95 MB of 100 MB\)/);
  expect(unsynced).toMatch(/^2 writes not yet on the server/);
});
