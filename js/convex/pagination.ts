// Convex's pagination with real cursors: `paginate` reads one page of a collection after a cursor
// (keyset over the sort's fields and the id, so a page starts where the last ended however the
// data changed), and usePaginatedQuery keeps every loaded page live, each pinned to end where the
// next begins, so an insert grows a page instead of shifting the rest.
import { useCallback, useMemo, useRef, useState } from 'react';

import { PocketliteError } from '../engine/errors.js';
import { filter as bind } from '../filter.js';
import type { ListOptions, RecordModel } from '../model.js';
import type { CollectionSource } from '../source.js';
import type { QueryReference } from './functions.js';
import { useQuery } from './hooks.js';

/** What a paginated query receives in `args.paginationOpts`. */
export interface PaginationOptions {
  numItems: number;
  /** Where the page starts: null for the first, else the previous page's `continueCursor`. */
  cursor: string | null;
  /** Where the page ends (inclusive), once a later page was loaded: the page keeps that range. */
  endCursor?: string | null;
}

/** A page, and the cursor the next one starts from. */
export interface PaginationResult<Item> {
  page: Item[];
  isDone: boolean;
  continueCursor: string;
}

type Key = { field: string; descending: boolean };

// The sort's fields, then the id (unique: it orders ties, so a cursor names one position).
function sortKeys(sort = ''): Key[] {
  const keys = sort
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const descending = part.startsWith('-');
      const field = part.replace(/^[-+]/, '');
      if (!/^[A-Za-z_]\w*$/.test(field))
        throw new PocketliteError({
          status: 400,
          code: 'invalid_sort',
          message: `paginate sorts by a record's own fields, not '${part}'`,
          data: { sort },
        });
      return { field, descending };
    });
  return keys.some((key) => key.field === 'id') ? keys : [...keys, { field: 'id', descending: false }];
}

// Records strictly past `values` in the sort order (after: true), or up to and including them.
function keyset(keys: Key[], values: unknown[], after: boolean): string {
  const params: Record<string, unknown> = {};
  const alternatives = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${k.field} = {:v${j}}`);
    const past = key.descending === after ? '<' : '>';
    return [...equal, `${key.field} ${past} {:v${i}}`].join(' && ');
  });
  if (!after) alternatives.push(keys.map((k, j) => `${k.field} = {:v${j}}`).join(' && '));
  values.forEach((value, i) => (params[`v${i}`] = value));
  return bind(alternatives.map((a) => `(${a})`).join(' || '), params);
}

// A cursor names a position in one order: the sort it was taken in, and the keys of its record.
const encode = (sort: string, values: unknown[]) => JSON.stringify({ sort, values });

function decode(cursor: string | null | undefined, sort: string, keys: Key[]): unknown[] | null {
  if (!cursor) return null;
  let position: { sort?: unknown; values?: unknown } | null;
  try {
    position = JSON.parse(cursor);
  } catch {
    position = null;
  }
  const values = position?.values;
  if (position?.sort !== sort || !Array.isArray(values) || values.length !== keys.length)
    throw new PocketliteError({
      status: 400,
      code: 'invalid_cursor',
      message: 'the cursor is not one this query returned (its sort changed?)',
      data: { cursor },
    });
  return values;
}

/**
 * One page of `records` in `options.sort` order (then by id), as Convex's `.paginate()` returns
 * it: `paginate(db.collection('sessions'), { filter, sort: '-updated' }, args.paginationOpts)`.
 */
export async function paginate<T extends RecordModel>(
  records: CollectionSource<T>,
  options: Pick<ListOptions, 'filter' | 'sort' | 'expand'>,
  pagination: PaginationOptions,
): Promise<PaginationResult<T>> {
  const keys = sortKeys(options.sort);
  const sort = keys.map((key) => (key.descending ? '-' : '') + key.field).join(',');
  const start = decode(pagination.cursor, sort, keys);
  const end = decode(pagination.endCursor, sort, keys);
  const filter = [options.filter, start && keyset(keys, start, true), end && keyset(keys, end, false)]
    .filter(Boolean)
    .map((part) => `(${part})`)
    .join(' && ');
  const list = { ...options, filter, sort, skipTotal: true };
  if (end)
    return { page: await records.getFullList(list), isDone: false, continueCursor: pagination.endCursor! };
  const limit = Math.max(1, Math.floor(pagination.numItems));
  const items = (await records.getList(1, limit + 1, list)).items;
  const page = items.slice(0, limit);
  const last = page.at(-1) as Record<string, unknown> | undefined;
  return {
    page,
    isDone: items.length <= limit,
    continueCursor: last
      ? encode(
          sort,
          keys.map((key) => last[key.field]),
        )
      : (pagination.cursor ?? ''),
  };
}

type PagesArgs<Args> = { args: Args; pages: PaginationOptions[] };
const pagesQueries = new WeakMap<object, QueryReference<never, unknown>>();

// One live query of every loaded page of `ref`: it re-runs only when a page's reads change.
function pagesOf<Args, Item>(
  ref: QueryReference<Args & { paginationOpts: PaginationOptions }, PaginationResult<Item>>,
): QueryReference<PagesArgs<Args>, Array<PaginationResult<Item>>> {
  let pages = pagesQueries.get(ref) as
    QueryReference<PagesArgs<Args>, Array<PaginationResult<Item>>> | undefined;
  if (!pages) {
    pages = {
      kind: 'query',
      name: `${ref.name}#pages`,
      documents: ref.documents,
      run: async (ctx, { args, pages: options }) => {
        const results: Array<PaginationResult<Item>> = [];
        for (const paginationOpts of options) results.push(await ref.run(ctx, { ...args, paginationOpts }));
        return results;
      },
    };
    pagesQueries.set(ref, pages as QueryReference<never, unknown>);
  }
  return pages;
}

/** Where a paginated list is: Convex's statuses. */
export type PaginationStatus = 'LoadingFirstPage' | 'CanLoadMore' | 'LoadingMore' | 'Exhausted';

/**
 * Convex's usePaginatedQuery: the items of every page loaded so far (live), and `loadMore(n)`,
 * which loads the next `n` from the last page's cursor. New arguments start again from the first page.
 */
export function usePaginatedQuery<Args extends object, Item>(
  ref: QueryReference<Args & { paginationOpts: PaginationOptions }, PaginationResult<Item>>,
  args: Args | 'skip',
  options: { initialNumItems: number },
) {
  const argsKey = args === 'skip' ? null : JSON.stringify(args);
  const first = useMemo(
    () => [{ numItems: options.initialNumItems, cursor: null }],
    [options.initialNumItems],
  );
  const [loaded, setLoaded] = useState<{ argsKey: string | null; pages: PaginationOptions[] }>({
    argsKey,
    pages: first,
  });
  const pages = loaded.argsKey === argsKey ? loaded.pages : first;
  const result = useQuery(pagesOf(ref), ...(args === 'skip' ? (['skip'] as const) : [{ args, pages }]));

  // While the next page loads, the pages loaded so far stay on screen.
  const shownRef = useRef<{ argsKey: string | null; results: Array<PaginationResult<Item>> } | null>(null);
  if (result) shownRef.current = { argsKey, results: result };
  const shown = result ?? (shownRef.current?.argsKey === argsKey ? shownRef.current.results : undefined);
  const status: PaginationStatus =
    args === 'skip' || !shown
      ? 'LoadingFirstPage'
      : !result
        ? 'LoadingMore'
        : result.at(-1)!.isDone
          ? 'Exhausted'
          : 'CanLoadMore';

  const loadMore = useCallback(
    (numItems: number) => {
      if (status !== 'CanLoadMore' || !result) return;
      const lastCursor = result.at(-1)!.continueCursor;
      // The last page keeps its range (up to where the next starts); the next starts after it.
      const pinned = pages.map((page, i) =>
        i === pages.length - 1 ? { ...page, endCursor: lastCursor } : page,
      );
      setLoaded({ argsKey, pages: [...pinned, { numItems, cursor: lastCursor }] });
    },
    [status, result, pages, argsKey],
  );
  const results = useMemo(() => (shown ?? []).flatMap((page) => page.page), [shown]);
  return {
    results,
    status,
    isLoading: status === 'LoadingFirstPage' || status === 'LoadingMore',
    loadMore,
  } as const;
}
