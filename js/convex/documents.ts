// Convex-shaped documents from PocketBase records, for query functions ported from Convex: they
// read `_id`, `_creationTime` and `createdAt`/`updatedAt` as milliseconds.

/** A record as a Convex document: its fields, plus `_id`, `_creationTime`, `createdAt` and `updatedAt`. */
export type ConvexDocument<T> = T & {
  _id: string;
  _creationTime: number;
  createdAt: number;
  updatedAt: number;
};

// PocketBase's date text ("2026-01-02 03:04:05.678Z") as milliseconds.
const millis = (value: unknown) =>
  typeof value === 'string' && value !== '' ? Date.parse(value.replace(' ', 'T')) : undefined;

/**
 * `record` as a Convex document: `_id` is its id; `_creationTime` and `createdAt` are its
 * `created`, `updatedAt` its `updated`, in milliseconds (0 when the record has no `created`),
 * unless the record has fields of those names. Every field stays as stored (other dates as PocketBase text), so writes take them back as they are.
 */
export function toConvexDocument<T extends { id: string }>(record: T): ConvexDocument<T> {
  const fields = record as T & { created?: unknown; updated?: unknown };
  const created = millis(fields.created) ?? 0;
  // A record's own createdAt/updatedAt fields (a schema ported from Convex) win.
  return {
    _id: record.id,
    _creationTime: created,
    createdAt: created,
    updatedAt: millis(fields.updated) ?? created,
    ...record,
  };
}

/**
 * Every record in `value` (a record, a list, a page, search hits, expanded relations: any object
 * with an `id` and a `collectionName`) as a Convex document; other values as they are.
 */
export function convexShaped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convexShaped);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) out[key] = convexShaped(item);
  return typeof out.id === 'string' && typeof out.collectionName === 'string'
    ? toConvexDocument(out as { id: string })
    : out;
}
