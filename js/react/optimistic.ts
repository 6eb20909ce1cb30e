// A page's own writes shown before the replica answers. In the browser the engine is a worker
// round trip away; an update or delete on the page patches every live value of the provider that
// shows the record, at once. The replica's next result replaces the patch; a refused write drops
// it, and the value shows again as it was.
import type { LocalWrite } from '../source.js';

type Item = Record<string, unknown>;

/** Keys the engine or the server sets; a write's data never patches them. */
const SYSTEM_KEYS = new Set(['id', 'collectionId', 'collectionName', 'created', 'updated', 'expand']);

/** An object literal (or one parsed from JSON), as opposed to an array, a class instance or null. */
export function isPlain(value: unknown): value is Item {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A value the engine stores as given (JSON data); a File, Date or NaN may be reshaped or refused. */
const isJson = (value: unknown): boolean =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (Array.isArray(value) && value.every(isJson)) ||
  (isPlain(value) && Object.values(value).every(isJson));

/** The next value fits where the current one is: same kind, or the field was empty. */
const fits = (current: unknown, next: unknown): boolean =>
  isJson(next) &&
  (current === null || (typeof current === typeof next && Array.isArray(current) === Array.isArray(next)));

/** A record as results carry it: an id and the collection it belongs to. */
const isRecord = (value: unknown): value is Item =>
  isPlain(value) && typeof value.id === 'string' && typeof value.collectionName === 'string';

/**
 * `record` with the write's values for the fields it shows, where the engine keeps the value as
 * given; other keys (modifiers such as `total+`, fields a `fields` option left out, system
 * fields) wait for the replica's result. `record` itself when nothing changes.
 */
function patchRecord(record: Item, data: Item): Item {
  let out = record;
  for (const [key, next] of Object.entries(data)) {
    if (SYSTEM_KEYS.has(key) || !(key in record)) continue;
    const current = record[key];
    if (!fits(current, next) || JSON.stringify(current) === JSON.stringify(next)) continue;
    if (out === record) out = { ...record };
    out[key] = next;
  }
  return out;
}

/** A list page that lost records counts them out of its totals (when it counts). */
function recount(page: Item, before: unknown[], after: unknown[]): Item {
  const { totalItems, perPage } = page;
  if (typeof totalItems !== 'number' || totalItems <= 0) return page;
  const total = Math.max(0, totalItems - (before.length - after.length));
  const pages = typeof perPage === 'number' && perPage > 0 ? { totalPages: Math.ceil(total / perPage) } : {};
  return { ...page, totalItems: total, ...pages };
}

/**
 * Any live value (a list page, a record, an array, a composite such as a session with its
 * messages) as it will look after `write`: each copy of the record patched, or gone for a
 * delete (null where it stood alone); `value` itself when the write does not show in it. Lists
 * are not re-sorted or re-filtered: the replica's result, a round trip later, does that.
 */
export function patchValue(value: unknown, write: LocalWrite): unknown {
  if (Array.isArray(value)) {
    const kept = write.data ? value : value.filter((item) => !isTarget(item, write));
    const out = kept.map((item) => patchValue(item, write));
    const same = kept.length === value.length && out.every((item, i) => item === value[i]);
    return same ? value : out;
  }
  if (!isPlain(value)) return value;
  if (isTarget(value, write)) return write.data ? patchRecord(value, write.data) : null;
  // Another record: only its expanded relations can hold the written one.
  const keys = isRecord(value) ? (isPlain(value.expand) ? ['expand'] : []) : Object.keys(value);
  let out = value;
  for (const key of keys) {
    const next = patchValue(value[key], write);
    if (next === value[key]) continue;
    if (out === value) out = { ...value };
    out[key] = next;
  }
  if (out !== value && Array.isArray(value.items)) out = recount(out, value.items, out.items as unknown[]);
  return out;
}

const isTarget = (value: unknown, write: LocalWrite): boolean =>
  isRecord(value) && value.id === write.id && value.collectionName === write.collection;
