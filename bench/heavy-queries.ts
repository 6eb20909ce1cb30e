// The reads bench/heavy-user.ts times on the replica and on PocketBase alike.

/** A word in nearly every generated message: a search's worst case, top 10 of ~all. */
export const COMMON_TERM = 'the';

/** The sessions list an app runs again and again: a filter, a sort and a page (as bench/query.ts). */
export const PAGE_QUERY = {
  page: 3,
  perPage: 50,
  filter: 'source = "claude-code" && totalTokens > 5000',
  sort: '-updated',
};

/** The local index an app would declare for PAGE_QUERY: its filter and sort, answered from the index. */
export const PAGE_INDEX = { sessions: [['source', 'updated', 'totalTokens']] };
