// Text field patterns, checked on local writes before the engine sees them. PocketBase's patterns
// are RE2 regular expressions, which the engine's C++ core cannot run (a regular-expression engine
// needs the exceptions it does not have); the patterns apps use read the same in JavaScript. A
// pattern JavaScript cannot compile is left to the server.
import { PocketliteError } from './engine/errors.js';
import type { CollectionDefinition } from './schema-types.js';

/** The patterned text fields of each collection (by name and by id), compiled. */
export type FieldPatterns = Map<string, Array<{ field: string; pattern: RegExp }>>;

export function compilePatterns(definitions: CollectionDefinition[]): FieldPatterns {
  const out: FieldPatterns = new Map();
  for (const c of definitions) {
    const fields = [];
    for (const f of c.fields) {
      if (f.type !== 'text' || typeof f.pattern !== 'string' || f.pattern === '') continue;
      try {
        fields.push({ field: f.name, pattern: new RegExp(f.pattern) });
      } catch {
        // RE2 syntax JavaScript does not read: the server decides
      }
    }
    out.set(c.name, fields).set(c.id, fields);
  }
  return out;
}

/**
 * Refuses, as the server would (400, `validation_invalid_format` on each field), values of `data`
 * that do not match their field's pattern. Empty values are not checked, as on the server.
 */
export function checkPatterns(
  patterns: FieldPatterns,
  collection: string,
  data: Record<string, unknown>,
): void {
  const errors: Record<string, { code: string; message: string }> = {};
  for (const { field, pattern } of patterns.get(collection) ?? []) {
    const value = data[field];
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : '';
    if (text !== '' && !pattern.test(text))
      errors[field] = { code: 'validation_invalid_format', message: `'${field}': Invalid value format.` };
  }
  const fields = Object.keys(errors);
  if (fields.length > 0)
    throw new PocketliteError({
      status: 400,
      code: 'invalid_record',
      message: `'${fields[0]}' does not match the field's pattern`,
      data: errors,
    });
}
