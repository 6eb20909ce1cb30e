// The record-to-result conversions every hook shares: epoch-ms times, the provider rule, source
// defaults, message and part shapes, and the text and tool helpers the Markdown uses.
import { PROVIDER_RULES } from '../analytics.js';
import type { MessageRecord, PartRecord, Session } from './records.js';
import type { SessionItem, SessionMessage } from './types.js';

/** Epoch ms of a PocketBase date string (the space form parsed everywhere); NaN when empty. */
export function epochMs(date: string | null | undefined): number {
  return date ? new Date(date.replace(' ', 'T')).getTime() : Number.NaN;
}

/**
 * The provider of a session: its own when set, else inferred from the model name by substring,
 * in OpenSync's rule order ("pro1" is openai: it contains "o1").
 */
export function inferProvider(session: { model?: string; provider?: string }): string {
  if (session.provider) return session.provider;
  const model = (session.model || '').toLowerCase();
  return (
    PROVIDER_RULES.find((rule) => rule.contains.some((part) => model.includes(part)))?.value ?? 'unknown'
  );
}

/** `value || undefined`: OpenSync's results leave empty strings and zeros out. */
export const orUndefined = <T>(value: T): T | undefined => value || undefined;

/**
 * `convert` with each result kept for its source record: a live result shares its unchanged
 * records with the previous one, so their converted objects stay the same too and memoised rows
 * do not re-render.
 */
export function perRecord<S extends object, T>(convert: (source: S) => T): (source: S) => T {
  const converted = new WeakMap<S, T>();
  return (source) => {
    if (!converted.has(source)) converted.set(source, convert(source));
    return converted.get(source)!;
  };
}

/** A session as the list hooks return it: provider inferred, source defaulted, compat keys. */
export function sessionItem(record: Session): SessionItem {
  return {
    ...record,
    provider: inferProvider(record),
    source: record.source || 'opencode',
    _id: record.id,
    createdAt: epochMs(record.created),
    updatedAt: epochMs(record.updated),
  };
}

/** The text of a part's content: a string, or an object's `text`, else its `content` string. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content && typeof content === 'object') {
    const { text, content: inner } = content as { text?: unknown; content?: unknown };
    if (typeof text === 'string') return text;
    if (typeof inner === 'string') return inner;
  }
  return '';
}

/** A part for the pages: a text part's content is its text; tool parts stay objects. */
export function displayPart(part: PartRecord): { type: string; content: unknown } {
  return { type: part.type, content: part.type === 'text' ? contentText(part.content) : part.content };
}

/** A session's message with its parts, as useSession returns it. */
export function sessionMessage(message: MessageRecord, parts: PartRecord[]): SessionMessage {
  return {
    id: message.id,
    _id: message.id,
    role: message.role,
    textContent: orUndefined(message.textContent),
    createdAt: epochMs(message.created),
    parts: parts.map(displayPart),
  };
}

/** The error message a hook shows: a thrown error's message (from any realm), else the hook's fallback. */
export function errorText(error: unknown, fallback: string): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : fallback;
}

/** A message's optional numbers and texts as the message hooks return them (`|| undefined`), with its time. */
export function messageFields(m: MessageRecord) {
  return {
    textContent: orUndefined(m.textContent),
    model: orUndefined(m.model),
    promptTokens: orUndefined(m.promptTokens),
    completionTokens: orUndefined(m.completionTokens),
    durationMs: orUndefined(m.durationMs),
    createdAt: epochMs(m.created),
  };
}
