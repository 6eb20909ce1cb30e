import type { CollectionDefinition } from '../schema-types.js';

/**
 * The collections in dependency order: a relation's target before the collections pointing at
 * it (sessions before messages before parts), so a pulled child's parent is already local.
 * Self-relations and cycles are tolerated (cycle members keep their given order).
 */
export function dependencyOrder(names: string[], definitions: CollectionDefinition[]): string[] {
  const byIdOrName = new Map<string, CollectionDefinition>();
  for (const d of definitions) {
    byIdOrName.set(d.id, d);
    byIdOrName.set(d.name, d);
  }
  const wanted = new Set(names);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.has(name)) return;
    state.set(name, 'visiting');
    for (const field of byIdOrName.get(name)?.fields ?? []) {
      const target =
        field.type === 'relation' ? byIdOrName.get(String(field.collectionId ?? ''))?.name : undefined;
      if (target && target !== name && wanted.has(target)) visit(target);
    }
    state.set(name, 'done');
    out.push(name);
  };
  names.forEach(visit);
  return out;
}
