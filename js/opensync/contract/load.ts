// Reading OpenSync's records from the replica for the hooks: a session with its messages and all
// their parts (in chunks: the original's one OR-filter over every message id failed from 114
// messages on), and the typed collections.
import { isPocketliteError } from '../../engine/errors.js';
import { filter } from '../../filter.js';
import type { RecordModel } from '../../model.js';
import type { CollectionSource, ReplicaSource } from '../../source.js';
import { sessionItem, sessionMessage } from './convert.js';
import type { MessageRecord, PartRecord, PocketbaseUser, Session } from './records.js';
import type { SessionWithMessages } from './types.js';

/** How many messages a session read returns (the original's page of 500). */
export const SESSION_MESSAGES = 500;
const PART_CHUNK = 100;

/** A collection of records of type T (as stored, they also carry collectionId and collectionName). */
type Records<T> = CollectionSource<T & RecordModel>;

/** The OpenSync collections, typed. */
export const sessionsOf = (r: ReplicaSource) => r.collection('sessions') as unknown as Records<Session>;
export const messagesOf = (r: ReplicaSource) => r.collection('messages') as unknown as Records<MessageRecord>;
export const partsOf = (r: ReplicaSource) => r.collection('parts') as unknown as Records<PartRecord>;
export const usersOf = (r: ReplicaSource) => r.collection('users') as unknown as Records<PocketbaseUser>;

/** `op` on a record, or null when the replica has no such record. */
export async function orNull<T>(op: Promise<T>): Promise<T | null> {
  try {
    return await op;
  } catch (error) {
    if (isPocketliteError(error) && error.status === 404) return null;
    throw error;
  }
}

/** Every part of these messages, by message, each list by `order`. */
export async function partsByMessage(
  r: ReplicaSource,
  messageIds: string[],
): Promise<Map<string, PartRecord[]>> {
  const out = new Map<string, PartRecord[]>(messageIds.map((id) => [id, []]));
  for (let i = 0; i < messageIds.length; i += PART_CHUNK) {
    const chunk = messageIds.slice(i, i + PART_CHUNK);
    const parts = await partsOf(r).getFullList({
      filter: chunk.map((id) => filter('message = {:id}', { id })).join(' || '),
      sort: 'order,id',
    });
    for (const part of parts) out.get(part.message)?.push(part);
  }
  return out;
}

/** A session's first messages (by `created`) and their parts; null when there is no such session. */
export async function sessionRecords(
  r: ReplicaSource,
  id: string,
): Promise<{ session: Session; messages: MessageRecord[]; parts: Map<string, PartRecord[]> } | null> {
  const session = await orNull(sessionsOf(r).getOne(id));
  if (!session) return null;
  const messages = (
    await messagesOf(r).getList(1, SESSION_MESSAGES, {
      filter: filter('session = {:id}', { id }),
      sort: 'created,id',
      skipTotal: true,
    })
  ).items;
  return {
    session,
    messages,
    parts: await partsByMessage(
      r,
      messages.map((m) => m.id),
    ),
  };
}

/** A session with its messages and every part, as useSession shows it. */
export async function loadSessionWithMessages(
  r: ReplicaSource,
  id: string,
): Promise<SessionWithMessages | null> {
  const found = await sessionRecords(r, id);
  if (!found) return null;
  const item = sessionItem(found.session);
  const messages = found.messages.map((m) => sessionMessage(m, found.parts.get(m.id) ?? []));
  return { ...item, messages, session: item };
}
