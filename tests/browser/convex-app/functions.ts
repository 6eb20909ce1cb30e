// The app's Convex functions, ported: what was convex/users.ts, convex/sessions.ts and
// convex/apiKeys.ts registers here against the replica. Queries return Convex-shaped documents
// (`_id`, `createdAt` numbers), so the components kept their Convex field names.
import {
  action,
  mutation,
  paginate,
  query,
  type ConvexDocument,
  type PaginationOptions,
} from '../../../js/convex/index.js';
import { filter } from '../../../js/index.js';
import { opensyncUserStats } from '../../../js/opensync/index.js';
import type { SessionsRecord, UsersRecord } from '../../../js/opensync/types.js';

const signedIn = (userId: string | null) => {
  if (!userId) throw new Error('not signed in');
  return userId;
};

export const api = {
  users: {
    me: query({
      name: 'users:me',
      documents: 'convex',
      // Convex's `.first()`: null until the user's record has synced.
      handler: async ({ db, userId }) =>
        ((
          await db
            .collection<UsersRecord>('users')
            .getList(1, 1, { filter: filter('id = {:id}', { id: userId ?? '' }), skipTotal: true })
        ).items[0] as ConvexDocument<UsersRecord> | undefined) ?? null,
    }),
    stats: query(async ({ db }) => opensyncUserStats(db), 'users:stats'),
    updateName: mutation(
      async ({ db, userId }, { name }: { name: string }) =>
        db.collection('users').update(signedIn(userId), { name }),
      'users:updateName',
    ),
  },
  sessions: {
    list: query({
      name: 'sessions:list',
      documents: 'convex',
      handler: async ({ db }, { paginationOpts }: { paginationOpts: PaginationOptions }) =>
        paginate(
          db.collection<SessionsRecord>('sessions'),
          { sort: '-totalTokens' },
          paginationOpts,
        ) as Promise<{
          page: Array<ConvexDocument<SessionsRecord>>;
          isDone: boolean;
          continueCursor: string;
        }>,
    }),
    remove: mutation(
      async ({ db }, { id }: { id: string }) => db.collection('sessions').delete(id),
      'sessions:remove',
    ),
  },
  apiKeys: {
    // An action reaches the server itself; the replica learns the new key from the sync.
    generate: action(async ({ pb, userId }) => {
      const key = `osk_${crypto.randomUUID().replaceAll('-', '')}`;
      await pb.collection('users').update(signedIn(userId), { apiKey: key, apiKeyCreatedAt: Date.now() });
      return key;
    }, 'apiKeys:generate'),
    revoke: mutation(
      async ({ db, userId }) =>
        db.collection('users').update(signedIn(userId), { apiKey: '', apiKeyCreatedAt: 0 }),
      'apiKeys:revoke',
    ),
  },
};
