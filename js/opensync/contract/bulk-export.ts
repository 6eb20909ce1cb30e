// The Dashboard's bulk exports, exactly as OpenSync writes them: JSON (sessions with messages and
// parts), CSV (one line per session) and Markdown (one document per session, page breaks between).
import { inferProvider } from './convert.js';
import { bulkSessionMarkdown, PAGE_BREAK } from './markdown.js';
import type { MessageRecord, PartRecord, Session } from './records.js';
import type { BulkExportFormat, BulkExportResult } from './types.js';

/** A session read for export: its messages by `created`, each message's parts by `order`. */
export interface ExportedSession {
  session: Session;
  messages: MessageRecord[];
  parts: Map<string, PartRecord[]>;
}

const CSV_COLUMNS = [
  'id',
  'externalId',
  'title',
  'projectPath',
  'projectName',
  'model',
  'provider',
  'source',
  'promptTokens',
  'completionTokens',
  'totalTokens',
  'cost',
  'durationMs',
  'messageCount',
  'created',
  'updated',
] as const;

/** A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a newline. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[,"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(s: Session): unknown[] {
  return [
    s.id,
    s.externalId,
    s.title || '',
    s.projectPath || '',
    s.projectName || '',
    s.model || '',
    inferProvider(s),
    s.source || 'opencode',
    s.promptTokens,
    s.completionTokens,
    s.totalTokens,
    s.cost,
    s.durationMs || 0,
    s.messageCount || 0,
    s.created,
    s.updated,
  ];
}

function jsonSession({ session: s, messages, parts }: ExportedSession) {
  return {
    id: s.id,
    externalId: s.externalId,
    title: s.title,
    projectPath: s.projectPath,
    projectName: s.projectName,
    model: s.model,
    provider: inferProvider(s),
    source: s.source || 'opencode',
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    totalTokens: s.totalTokens,
    cost: s.cost,
    durationMs: s.durationMs,
    messageCount: s.messageCount,
    created: s.created,
    updated: s.updated,
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      textContent: m.textContent,
      model: m.model,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      durationMs: m.durationMs,
      created: m.created,
      parts: (parts.get(m.id) ?? []).map((p) => ({ type: p.type, content: p.content, order: p.order })),
    })),
  };
}

const MIME: Record<BulkExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown',
};
const EXTENSION: Record<BulkExportFormat, string> = { json: 'json', csv: 'csv', markdown: 'md' };

/** The export file of these sessions, made on `now`'s UTC date. */
export function bulkExport(
  sessions: ExportedSession[],
  format: BulkExportFormat,
  now = new Date(),
): BulkExportResult {
  const data =
    format === 'json'
      ? JSON.stringify(sessions.map(jsonSession), null, 2)
      : format === 'csv'
        ? [CSV_COLUMNS.join(','), ...sessions.map((e) => csvRow(e.session).map(csvField).join(','))].join(
            '\n',
          )
        : sessions
            .map(({ session, messages, parts }) =>
              bulkSessionMarkdown(
                session,
                messages.map((m) => ({ ...m, parts: parts.get(m.id) ?? [] })),
              ),
            )
            .join(PAGE_BREAK);
  const countParts = format !== 'csv';
  return {
    data,
    filename: `opensync-export-${now.toISOString().slice(0, 10)}.${EXTENSION[format]}`,
    mimeType: MIME[format],
    stats: {
      sessions: sessions.length,
      messages: sessions.reduce((n, e) => n + e.messages.length, 0),
      parts: countParts ? sessions.reduce((n, e) => n + [...e.parts.values()].flat().length, 0) : 0,
    },
  };
}
