// Local indexes: indexes an app declares for the queries it runs, built in the replica only and
// never sent to the server. They ride in the collection definitions given to applySchema, so every
// schema change (the app's or the server's) keeps them, and the engine builds them from validated
// column names as it builds the server's own.
import { PocketliteError } from './engine/errors.js';
import type { CollectionDefinition } from './schema-types.js';

/** `{ collection: [[field, ...], ...] }`: each list of fields is one index, in that order. */
export type LocalIndexes = Record<string, string[][]>;

/**
 * `schema` (an array of collection definitions, or its JSON) with the local indexes added. Throws
 * when an index names a field its collection lacks or hides (the replica never holds those values).
 */
export function withLocalIndexes(schema: unknown, indexes: LocalIndexes): unknown {
  if (Object.keys(indexes).length === 0) return schema;
  const parsed = typeof schema === 'string' ? parseOrNull(schema) : schema;
  if (!Array.isArray(parsed)) return schema; // the engine says what is wrong with it
  return parsed.map((definition: CollectionDefinition) => {
    const local = indexes[definition.name];
    if (!local) return definition;
    const sql = local.map((fields, n) => {
      for (const name of fields) {
        const field = definition.fields?.find((f) => f.name === name);
        if (!field || field.hidden)
          fail(
            `indexes.${definition.name}[${n}]`,
            `'${definition.name}' has no field '${name}' the replica holds`,
          );
      }
      const columns = fields.map((f) => `\`${f}\``).join(', ');
      return `CREATE INDEX \`pl_local_${definition.name}_${n}\` ON \`${definition.name}\` (${columns})`;
    });
    return { ...definition, indexes: [...(definition.indexes ?? []), ...sql] };
  });
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Refuses a declaration that is not lists of field names, naming the place. */
export function checkLocalIndexes(indexes: unknown): LocalIndexes {
  if (indexes === undefined) return {};
  if (typeof indexes !== 'object' || indexes === null || Array.isArray(indexes))
    fail('indexes', 'indexes must be { collection: [[field, ...], ...] }');
  for (const [collection, lists] of Object.entries(indexes as object)) {
    if (!Array.isArray(lists)) fail(`indexes.${collection}`, 'each collection takes a list of field lists');
    (lists as unknown[]).forEach((fields, n) => {
      const place = `indexes.${collection}[${n}]`;
      if (!Array.isArray(fields) || fields.length === 0)
        fail(place, 'an index is a non-empty list of field names');
      for (const f of fields as unknown[])
        if (typeof f !== 'string' || !/^\w+$/.test(f)) fail(place, `'${String(f)}' is not a field name`);
    });
  }
  return indexes as LocalIndexes;
}

/** A declaration refused: `invalid_index`, with the place in `data`. */
function fail(place: string, message: string): never {
  throw new PocketliteError({ status: 400, code: 'invalid_index', message, data: { [place]: { message } } });
}
