// Shared pieces of the sync tests: an SSE polyfill for Node, signing in, waiting for conditions,
// copying what the server lists into a replica, and comparing the two.
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import type { Replica } from '../../js/index.js';

// The SDK's realtime service needs EventSource, which Node 20 lacks.
(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

export const PASSWORD = 'password-1234';

/** An SDK client signed in as `email` (auto-cancellation off, as the sync needs). */
export async function signIn(url: string, email: string, password = PASSWORD): Promise<PocketBase> {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(email, password);
  return pb;
}

/** Resolves when `condition` holds (polled), or fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Strips what only one side has (expand), leaving the record as both must hold it. */
function comparable(record: Record<string, unknown>): Record<string, unknown> {
  const { expand: _expand, ...rest } = record;
  return rest;
}

/** Every record of `collections` the server shows `pb`'s user, and the replica's, side by side. */
export async function snapshots(
  replica: Replica,
  pb: PocketBase,
  collections: string[],
): Promise<{ server: unknown[]; local: unknown[] }> {
  const server: unknown[] = [];
  const local: unknown[] = [];
  for (const name of collections) {
    const remote = await pb.collection(name).getFullList({ sort: 'id', batch: 1000, requestKey: null });
    server.push([name, remote.map(comparable)]);
    local.push([name, (await replica.collection(name).getFullList({ sort: 'id' })).map(comparable)]);
  }
  return { server, local };
}

/** Fails unless the replica holds exactly what the server shows its user. */
export async function expectConverged(
  replica: Replica,
  pb: PocketBase,
  collections: string[],
): Promise<void> {
  const { server, local } = await snapshots(replica, pb, collections);
  expect(local).toEqual(server);
}

/** Stores every record `pb` can list of each collection in the replica, as the server returns them. */
export async function copyFromServer(pb: PocketBase, replica: Replica, collections: string[]): Promise<void> {
  for (const name of collections)
    await replica
      .collection(name)
      .upsert(JSON.stringify(await pb.collection(name).getFullList({ batch: 1000 })));
}
