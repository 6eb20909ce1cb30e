// Reading OpenSync sessions whole (messages and their parts) and what is computed from them
// locally: the provider inferred from the model, the Markdown export, eval and bulk exports.
import { isPocketliteError } from '../engine/errors.js';
import { filter } from '../filter.js';
import type { ReplicaSource } from '../source.js';
import { PROVIDER_RULES } from './analytics.js';
import type { MessagesRecord, PartsRecord, SessionsRecord } from './types.js';

/** A message with its parts, in order. */
export interface MessageWithParts extends MessagesRecord {
  parts: PartsRecord[];
}
/** A session with its messages (oldest first), as useSession returns it. */
export interface SessionWithMessages extends SessionsRecord {
  messages: MessageWithParts[];
}

/** The provider of a session: its own, else inferred from the model name (OpenSync's rule). */
export function inferProvider(model: string | null | undefined, provider?: string | null): string {
  if (provider) return provider;
  const name = (model ?? '').toLowerCase();
  return PROVIDER_RULES.find((rule) => rule.contains.some((part) => name.includes(part)))?.value ?? 'unknown';
}

/** A filter matching sessions whose provider (given or inferred) is `provider`; values bound. */
export function providerFilter(provider: string): string {
  const index = PROVIDER_RULES.findIndex((rule) => rule.value === provider);
  const earlier = PROVIDER_RULES.slice(0, index < 0 ? PROVIDER_RULES.length : index).flatMap(
    (r) => r.contains,
  );
  const none = earlier.map((part) => filter('model !~ {:p}', { p: part }));
  const any =
    index < 0
      ? []
      : [PROVIDER_RULES[index]!.contains.map((part) => filter('model ~ {:p}', { p: part })).join(' || ')];
  const inferred = ['provider = ""', ...none, ...any.map((a) => `(${a})`)].join(' && ');
  return provider === 'unknown'
    ? inferred
    : `(${filter('provider = {:p}', { p: provider })} || (${inferred}))`;
}

/** Messages with their parts (parts read in one query per 100 messages). */
export async function withParts(
  replica: ReplicaSource,
  messages: MessagesRecord[],
): Promise<MessageWithParts[]> {
  const byMessage = new Map<string, PartsRecord[]>(messages.map((m) => [m.id, []]));
  const ids = [...byMessage.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const parts = (await replica.collection('parts').getFullList({
      filter: chunk.map((id) => filter('message = {:id}', { id })).join(' || '),
      sort: 'order,id',
    })) as PartsRecord[];
    for (const part of parts) byMessage.get(part.message)?.push(part);
  }
  return messages.map((m) => ({ ...m, parts: byMessage.get(m.id) ?? [] }));
}

/** A session with its messages and parts; null when the replica does not hold it. */
export async function loadSession(replica: ReplicaSource, id: string): Promise<SessionWithMessages | null> {
  let session: SessionsRecord;
  try {
    session = (await replica.collection('sessions').getOne(id)) as SessionsRecord;
  } catch (error) {
    if (isPocketliteError(error) && error.status === 404) return null;
    throw error;
  }
  const messages = (await replica
    .collection('messages')
    .getFullList({ filter: filter('session = {:id}', { id }), sort: 'created,id' })) as MessagesRecord[];
  return { ...session, messages: await withParts(replica, messages) };
}

/** The text a part shows: its text, or its content as JSON. */
export function partText(part: PartsRecord): string {
  const content = part.content as { text?: unknown } | string | null;
  if (typeof content === 'string') return content;
  if (content && typeof content.text === 'string') return content.text;
  return content === null || content === undefined ? '' : JSON.stringify(content, null, 2);
}

/** A message's text: its textContent, else its text parts joined. */
export function messageText(message: MessageWithParts): string {
  if (message.textContent) return message.textContent;
  return message.parts
    .filter((p) => p.type === 'text')
    .map(partText)
    .join('\n\n');
}

/** The session as Markdown: a header of its numbers, then each message with its tool calls and code. */
export function sessionMarkdown(session: SessionWithMessages): string {
  const lines = [
    `# ${session.title || 'Untitled session'}`,
    '',
    `- Source: ${session.source || 'opencode'}`,
    `- Model: ${session.model || 'unknown'} (${inferProvider(session.model, session.provider)})`,
    `- Project: ${session.projectName || session.projectPath || 'unknown'}`,
    `- Tokens: ${session.totalTokens} (prompt ${session.promptTokens}, completion ${session.completionTokens})`,
    `- Cost: $${Number(session.cost).toFixed(4)}`,
    `- Created: ${session.created}`,
    '',
  ];
  for (const message of session.messages) {
    lines.push(`## ${message.role || 'unknown'}`, '');
    const text = messageText(message);
    if (text) lines.push(text, '');
    for (const part of message.parts) {
      if (part.type === 'text') continue;
      const fence = part.type === 'code_block' ? '```' : '```json';
      lines.push(`**${part.type}**`, '', fence, partText(part), '```', '');
    }
  }
  return lines.join('\n');
}

/** The eval export formats of OpenSync's Evals page. */
export type EvalExportFormat = 'deepeval' | 'openai' | 'filesystem';

/** An export: one file's text, or (filesystem) a file per session. */
export interface ExportResult {
  format: string;
  filename: string;
  content: string;
  files?: Array<{ path: string; content: string }>;
  count: number;
}

/** Options of an eval export. */
export interface EvalExportOptions {
  /** Keep system messages (default false). */
  includeSystemPrompts?: boolean;
  /** Keep tool calls and results in the transcript (default false). */
  includeToolCalls?: boolean;
}

function transcript(session: SessionWithMessages, options: EvalExportOptions) {
  return session.messages
    .filter((m) => options.includeSystemPrompts || m.role !== 'system')
    .map((m) => {
      const tools = options.includeToolCalls
        ? m.parts.filter((p) => p.type === 'tool_call' || p.type === 'tool_result').map(partText)
        : [];
      return { role: m.role || 'unknown', content: [messageText(m), ...tools].filter(Boolean).join('\n\n') };
    });
}

const slugOf = (session: SessionsRecord) =>
  `${
    (session.title || 'session')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'session'
  }-${session.id}`;

/** Sessions as an eval dataset: DeepEval test cases, OpenAI fine-tuning JSONL, or Markdown files. */
export function evalExport(
  sessions: SessionWithMessages[],
  format: EvalExportFormat,
  options: EvalExportOptions = {},
): ExportResult {
  const count = sessions.length;
  if (format === 'openai') {
    const content = sessions.map((s) => JSON.stringify({ messages: transcript(s, options) })).join('\n');
    return { format, filename: 'opensync-evals.jsonl', content, count };
  }
  if (format === 'filesystem') {
    const files = sessions.map((s) => ({ path: `sessions/${slugOf(s)}.md`, content: sessionMarkdown(s) }));
    return { format, filename: 'opensync-evals', content: files.map((f) => f.path).join('\n'), files, count };
  }
  const testCases = sessions.map((s) => {
    const turns = transcript(s, options);
    return {
      input: turns.find((t) => t.role === 'user')?.content ?? '',
      actual_output: turns.filter((t) => t.role === 'assistant').at(-1)?.content ?? '',
      context: turns.map((t) => `${t.role}: ${t.content}`),
      additional_metadata: {
        sessionId: s.id,
        model: s.model,
        source: s.source || 'opencode',
        notes: s.evalNotes,
        tags: s.evalTags,
      },
    };
  });
  return {
    format,
    filename: 'opensync-evals.json',
    content: JSON.stringify({ test_cases: testCases }, null, 2),
    count,
  };
}

/** Sessions exported for download: JSON (records with messages), or Markdown (one document). */
export function sessionsExport(sessions: SessionWithMessages[], format: 'json' | 'markdown'): ExportResult {
  const count = sessions.length;
  return format === 'markdown'
    ? {
        format,
        filename: 'opensync-sessions.md',
        content: sessions.map(sessionMarkdown).join('\n---\n\n'),
        count,
      }
    : { format, filename: 'opensync-sessions.json', content: JSON.stringify(sessions, null, 2), count };
}
