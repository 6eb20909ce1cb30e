import type { CollectionDefinition } from './schema-types.js';

type Row = Record<string, unknown> & { id: string };

/** Reads records of a collection by id (those that exist locally). */
export type FetchByIds = (collection: string, ids: string[]) => Row[];

/**
 * Adds PocketBase's `expand` to records from local rows, as the REST API shapes it: each
 * relation path (`user`, `session.user`, comma-separated, up to 6 levels) puts the related record
 * (an array of them for a multiple relation, in id order) under `expand.<field>`; relations whose
 * records the replica does not hold are left out, as the server leaves out what a rule hides.
 */
export function expandRecords(
  records: Row[],
  collection: string,
  expand: string,
  schema: CollectionDefinition[],
  fetch: FetchByIds,
): void {
  for (const path of expand
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    expandPath(records, collection, path.split('.').slice(0, 6), schema, fetch);
  }
}

function expandPath(
  records: Row[],
  collection: string,
  path: string[],
  schema: CollectionDefinition[],
  fetch: FetchByIds,
): void {
  const [field, ...rest] = path;
  const definition = schema.find((c) => c.name === collection || c.id === collection);
  const relation = definition?.fields.find((f) => f.name === field && f.type === 'relation');
  if (!field || !relation?.collectionId) return;
  const target = schema.find((c) => c.id === relation.collectionId || c.name === relation.collectionId);
  if (!target) return;
  const idsOf = (r: Row): string[] => {
    const value = r[field];
    return Array.isArray(value) ? (value as string[]) : typeof value === 'string' && value ? [value] : [];
  };
  const wanted = [...new Set(records.flatMap(idsOf))];
  const byId = new Map(fetch(target.name, wanted).map((r) => [r.id, r]));
  const multi = (relation.maxSelect ?? 1) > 1;
  const expanded: Row[] = [];
  for (const record of records) {
    const related = idsOf(record)
      .map((id) => byId.get(id))
      .filter((r): r is Row => r !== undefined);
    if (related.length === 0) continue;
    const slot = ((record.expand as Record<string, unknown> | undefined) ??= {});
    (record as Record<string, unknown>).expand = slot;
    slot[field] = multi ? related : related[0];
    expanded.push(...related);
  }
  if (rest.length > 0 && expanded.length > 0)
    expandPath([...new Set(expanded)], target.name, rest, schema, fetch);
}
