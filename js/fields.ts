// PocketBase's `fields` response picker (PocketBase's tools/search/provider.go; pinned by
// tests/pocketbase/filter-relations.test.ts): a comma-separated list of keys (`id,title`), nested
// paths (`expand.user.name`), `*` for every top-level key, and the `:excerpt(max, withEllipsis?)`
// modifier, applied to each record as the server applies it.
import { PocketliteError } from './engine/errors.js';

type Modifier = (value: unknown) => unknown;
type Picks = Map<string, Modifier | null>;

/** Keeps only the picked keys of each record (in place) and returns the records. */
export function pickFields<T>(records: T[], fields: string | undefined): T[] {
  if (!fields?.trim()) return records;
  const picks = parseFields(fields);
  for (const record of records) pickObject(record as Record<string, unknown>, new Map(picks));
  return records;
}

function invalidFields(message: string): PocketliteError {
  return new PocketliteError({ status: 400, code: 'invalid_fields', message: `fields: ${message}` });
}

// Splits on commas outside parentheses and quotes, as PocketBase's tokenizer does.
function splitFields(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const c of text) {
    if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.map((f) => f.trim()).filter(Boolean);
}

function parseFields(text: string): Picks {
  const picks: Picks = new Map();
  for (const field of splitFields(text)) {
    const colon = field.indexOf(':');
    if (colon < 0) picks.set(field, null);
    else picks.set(field.slice(0, colon), parseModifier(field.slice(colon + 1)));
  }
  return picks;
}

function parseModifier(text: string): Modifier {
  const match = /^(\w+)\((.*)\)$/s.exec(text.trim());
  if (!match || match[1] !== 'excerpt') throw invalidFields(`unknown modifier '${text}'`);
  const args = splitFields(match[2]!).map((a) => a.replace(/^["']|["']$/g, ''));
  if (args.length === 0) throw invalidFields('excerpt needs a max length - expected (max, withEllipsis?)');
  if (args.length > 2) throw invalidFields('excerpt takes (max, withEllipsis?)');
  const max = Math.trunc(Number(args[0]));
  if (!Number.isFinite(max) || max === 0) throw invalidFields('excerpt max must be > 0');
  const ellipsis = args[1] !== undefined && ['1', 't', 'true'].includes(args[1].toLowerCase());
  return (value) => (typeof value === 'string' ? excerpt(value, max, ellipsis) : value);
}

function pickObject(data: Record<string, unknown>, picks: Picks): void {
  if (picks.size === 0) return;
  const star = picks.get('*');
  if (star !== undefined)
    for (const key of Object.keys(data))
      if (![...picks.keys()].some((f) => `${f}.`.startsWith(`${key}.`))) picks.set(key, star);
  for (const key of Object.keys(data)) {
    const inner: Picks = new Map();
    let whole = false;
    for (const [field, modifier] of picks) {
      if (!`${field}.`.startsWith(`${key}.`)) continue;
      const rest = field.slice(key.length + 1);
      if (rest === '') {
        if (modifier) data[key] = modifier(data[key]);
        whole = true;
        break;
      }
      inner.set(rest, modifier);
    }
    if (whole) continue;
    if (inner.size === 0) delete data[key];
    else pickNested(data[key], inner);
  }
}

function pickNested(value: unknown, picks: Picks): void {
  if (Array.isArray(value)) {
    for (const item of value)
      if (item && typeof item === 'object' && !Array.isArray(item))
        pickObject(item as Record<string, unknown>, new Map(picks));
  } else if (value && typeof value === 'object') {
    pickObject(value as Record<string, unknown>, picks);
  }
}

// Elements whose content is not text, and elements that do not break a line.
const SKIPPED = new Set(
  'head style script iframe embed applet object svg img picture dialog template button form textarea input select option'.split(
    ' ',
  ),
);
const INLINE = new Set(
  'a abbr acronym b bdo big br button cite code em i label q small span strong strike sub sup time'.split(
    ' ',
  ),
);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A plain-text excerpt of HTML or text, as PocketBase's `:excerpt` makes it: tags stripped
 * (block elements become spaces, script/style and the like dropped), whitespace collapsed, then
 * cut to `max` characters.
 */
export function excerpt(html: string, max: number, withEllipsis: boolean): string {
  let text = '';
  let skipping = '';
  const tag = /<(\/?)([a-zA-Z][\w-]*)[^>]*>|<!--[\s\S]*?(?:-->|$)|<![^>]*>/g;
  let last = 0;
  const addText = (raw: string) => {
    if (!skipping) text += decodeEntities(raw);
  };
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    addText(html.slice(last, m.index));
    last = tag.lastIndex;
    const name = m[2]?.toLowerCase();
    if (!name) continue;
    if (skipping) {
      if (m[1] && name === skipping) skipping = '';
      continue;
    }
    if (SKIPPED.has(name) && !m[1] && !m[0].endsWith('/>')) skipping = name;
    else if (!INLINE.has(name)) text += ' ';
  }
  addText(html.slice(last));
  const result = text.replace(/[\t\n\f\r ]+/g, ' ').trim();
  const chars = Array.from(result);
  if (chars.length <= max) return result;
  return chars.slice(0, max).join('').trim() + (withEllipsis ? '...' : '');
}
