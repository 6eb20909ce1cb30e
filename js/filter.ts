/**
 * Builds a filter with `{:name}` placeholders replaced by safely quoted literals, exactly as the
 * PocketBase SDK's `pb.filter()` does, so the same filter text works on the server and the replica.
 * Strings are JSON-quoted (the server decodes the escapes), dates become PocketBase date strings,
 * arrays and objects are JSON text quoted as a string.
 * @example filter('user = {:user} && title ~ {:q}', { user: id, q: 'it\'s "quoted"' })
 */
export function filter(expression: string, params: Record<string, unknown> = {}): string {
  let out = expression;
  for (const [key, value] of Object.entries(params)) {
    out = out.replaceAll(`{:${key}}`, literal(value));
  }
  return out;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString().replace('T', ' '));
  return JSON.stringify(JSON.stringify(value));
}
