import type { CollectionDefinition, FieldDefinition } from './schema-types.js';

type Row = Record<string, unknown> & { id: string };

/**
 * Reads the records of `collection` whose `field` (`id`, a relation, or `rel:each` for a multiple
 * relation) holds one of `values`, in storage order, as PocketBase's unordered queries return them.
 */
export type FetchWhere = (collection: string, field: string, values: string[]) => Row[];

// PocketBase caps a back-relation expand at 1000 records per record.
const BACK_RELATION_LIMIT = 1000;

/**
 * Adds PocketBase's `expand` to records from local rows, as the REST API shapes it: each
 * relation path (`user`, `session.user`, back-relations `messages_via_session`, comma-separated,
 * up to 6 levels) puts the related record (an array for a multiple relation or a back-relation
 * without a unique index) under `expand.<name>`; records the replica does not hold are left out,
 * as the server leaves out what a rule hides.
 */
export function expandRecords(
  records: Row[],
  collection: string,
  expand: string,
  schema: CollectionDefinition[],
  fetch: FetchWhere,
): void {
  for (const path of normalizeExpands(expand)) {
    expandPath(records, collection, path.split('.').slice(0, 6), schema, fetch);
  }
}

// Spaces and dangling dots removed; a path contained in a longer one is dropped (`a` with `a.b`).
function normalizeExpands(expand: string): string[] {
  const paths = expand
    .split(',')
    .map((p) => p.replaceAll(' ', '').replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
  return [...new Set(paths.filter((p) => !paths.some((q) => q.startsWith(p + '.'))))];
}

/** Where one expand step leads, and which ids of the target each record relates to. */
interface Step {
  target: CollectionDefinition;
  multiple: boolean;
  related(records: Row[]): Map<Row, string[]>;
  fetch(ids: string[]): Row[];
}

const byName = (schema: CollectionDefinition[], name: string) =>
  schema.find((c) => c.name === name || c.id === name);

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? (value as string[]) : typeof value === 'string' && value ? [value] : [];

function forwardStep(relation: FieldDefinition, target: CollectionDefinition, fetch: FetchWhere): Step {
  return {
    target,
    multiple: (relation.maxSelect ?? 1) > 1,
    related: (records) => new Map(records.map((r) => [r, stringsOf(r[relation.name])])),
    fetch: (ids) => fetch(target.name, 'id', ids),
  };
}

// `other_via_field`: the records of `other` pointing here, in storage order, at most 1000.
function backStep(
  current: CollectionDefinition,
  name: string,
  schema: CollectionDefinition[],
  fetch: FetchWhere,
): Step | undefined {
  const via = name.lastIndexOf('_via_');
  if (via <= 0) return undefined;
  const target = byName(schema, name.slice(0, via));
  const field = target?.fields.find((f) => f.name === name.slice(via + 5) && f.type === 'relation');
  if (!target || !field || (field.collectionId !== current.id && field.collectionId !== current.name))
    return undefined;
  const multi = (field.maxSelect ?? 1) > 1;
  const column = multi ? `${field.name}:each` : field.name;
  const rows = new Map<string, Row>();
  // A single relation points to one record, so one query serves all records in storage order; a
  // multiple one is read per record, as PocketBase does, to keep each record's own order.
  const pointing = (ids: string[]) => {
    const found = fetch(target.name, column, ids);
    for (const row of found) rows.set(row.id, row);
    return found;
  };
  return {
    target,
    multiple: !hasUniqueIndex(target, field.name),
    related(records) {
      const all = multi ? [] : pointing(records.map((r) => r.id));
      return new Map(
        records.map((r) => {
          const mine = multi ? pointing([r.id]) : all.filter((row) => row[field.name] === r.id);
          return [r, mine.slice(0, BACK_RELATION_LIMIT).map((row) => row.id)];
        }),
      );
    },
    fetch: (ids) => ids.map((id) => rows.get(id)!),
  };
}

function hasUniqueIndex(collection: CollectionDefinition, column: string): boolean {
  return (collection.indexes ?? []).some((sql) => {
    const match = /^\s*CREATE\s+UNIQUE\s+INDEX\b[^(]*\(\s*[`"[]?(\w+)[`"\]]?\s*\)/i.exec(sql);
    return match?.[1] === column;
  });
}

function expandPath(
  records: Row[],
  collection: string,
  path: string[],
  schema: CollectionDefinition[],
  fetch: FetchWhere,
): void {
  const [name, ...rest] = path;
  const current = byName(schema, collection);
  if (!name || !current) return;
  const relation = current.fields.find((f) => f.name === name && f.type === 'relation');
  const target = relation?.collectionId ? byName(schema, relation.collectionId) : undefined;
  const step =
    relation && target ? forwardStep(relation, target, fetch) : backStep(current, name, schema, fetch);
  if (!step) return;
  const related = step.related(records);
  const wanted = [...new Set([...related.values()].flat())];
  const byId = new Map(step.fetch(wanted).map((r) => [r.id, r]));
  const expanded: Row[] = [];
  for (const record of records) {
    // The server sends `expand: {}` on every record an expand step reached, even with no match.
    const slot = ((record.expand as Record<string, unknown> | undefined) ??= {});
    const rows = related
      .get(record)!
      .map((id) => byId.get(id))
      .filter((r): r is Row => r !== undefined);
    if (rows.length === 0) continue;
    slot[name] = step.multiple ? rows : rows[0];
    expanded.push(...rows);
  }
  if (rest.length > 0 && expanded.length > 0)
    expandPath([...new Set(expanded)], step.target.name, rest, schema, fetch);
}
