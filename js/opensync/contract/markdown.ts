// OpenSync's two Markdown forms, exactly: useSession's `markdown` and the bulk export's. Both
// render a message from its parts when one is worth showing, else from its textContent. They
// differ in the header and in which tool part types they know: useSession the hyphen forms
// ("tool-call"), the bulk export the underscore forms ("tool_call").
import { contentText, inferProvider } from './convert.js';
import type { Session } from './records.js';

/** A message as the renderers read it. */
interface RenderedMessage {
  role: string;
  textContent?: string;
  parts: Array<{ type: string; content: unknown }>;
}

type ToolTypes = { call: string; result: string };
const HYPHEN: ToolTypes = { call: 'tool-call', result: 'tool-result' };
const UNDERSCORE: ToolTypes = { call: 'tool_call', result: 'tool_result' };

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return minutes > 0 ? `${minutes}m ${seconds}s` : `${seconds}s`;
}

const asObject = (content: unknown): Record<string, unknown> =>
  content && typeof content === 'object' ? (content as Record<string, unknown>) : {};

function toolCall(content: unknown): string[] {
  const c = asObject(content);
  const name = c.name || c.toolName || 'Unknown Tool';
  const args = c.args || c.arguments || c.input || {};
  return [`> **Tool Call:** ${String(name)}`, '```json', JSON.stringify(args, null, 2), '```', ''];
}

function toolResult(content: unknown): string[] {
  let text: string;
  if (!content || typeof content !== 'object') text = String(content);
  else {
    const c = content as Record<string, unknown>;
    const value = c.result ?? c.output ?? c;
    text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  }
  return ['> **Tool Result:**', '```', text, '```', ''];
}

const ROLE_LABELS: Record<string, string> = { user: 'User', assistant: 'Assistant', system: 'System' };
const roleLabel = (role: string) => ROLE_LABELS[role] ?? 'Unknown';

// A message's body: its parts when one is worth showing (text that is not blank, or a tool part),
// else its textContent; then the separator.
function messageBody(message: RenderedMessage, tools: ToolTypes): string[] {
  const lines: string[] = [];
  const shows = message.parts.some((part) =>
    part.type === 'text'
      ? contentText(part.content).trim().length > 0
      : part.type === tools.call || part.type === tools.result,
  );
  if (shows) {
    for (const part of message.parts) {
      if (part.type === 'text') {
        const text = contentText(part.content);
        if (text) lines.push(text, '');
      } else if (part.type === tools.call) lines.push(...toolCall(part.content));
      else if (part.type === tools.result) lines.push(...toolResult(part.content));
    }
  } else if (message.textContent) lines.push(message.textContent, '');
  lines.push('---', '');
  return lines;
}

/** useSession's `markdown` (dates in the runtime's locale, as the original). */
export function sessionMarkdown(session: Session, messages: RenderedMessage[]): string {
  const lines = [`# ${session.title || 'Untitled Session'}`, ''];
  if (session.projectPath) lines.push(`**Project:** ${session.projectPath}`);
  if (session.model) lines.push(`**Model:** ${session.model}`);
  lines.push(`**Tokens:** ${session.totalTokens.toLocaleString()}`, `**Cost:** $${session.cost.toFixed(4)}`);
  if (session.durationMs) lines.push(`**Duration:** ${duration(session.durationMs)}`);
  lines.push(`**Created:** ${new Date(session.created.replace(' ', 'T')).toLocaleString()}`, '', '---', '');
  for (const message of messages)
    lines.push(`**${roleLabel(message.role)}:**`, '', ...messageBody(message, HYPHEN));
  return lines.join('\n');
}

/** One session's document in the bulk Markdown export. */
export function bulkSessionMarkdown(session: Session, messages: RenderedMessage[]): string {
  const lines = [
    `# ${session.title || 'Untitled Session'}`,
    '',
    '## Session Info',
    '',
    `- **ID:** ${session.externalId}`,
  ];
  if (session.projectPath) lines.push(`- **Project:** ${session.projectPath}`);
  if (session.model) lines.push(`- **Model:** ${session.model}`);
  lines.push(
    `- **Provider:** ${inferProvider(session)}`,
    `- **Tokens:** ${session.totalTokens.toLocaleString()}`,
    `- **Cost:** $${session.cost.toFixed(4)}`,
  );
  if (session.durationMs) lines.push(`- **Duration:** ${duration(session.durationMs)}`);
  lines.push(
    `- **Created:** ${session.created}`,
    `- **Source:** ${session.source || 'opencode'}`,
    '',
    '---',
    '',
  );
  lines.push('## Conversation', '');
  for (const message of messages)
    lines.push(`### ${roleLabel(message.role)}`, '', ...messageBody(message, UNDERSCORE));
  return lines.join('\n');
}

/** What separates sessions in the bulk Markdown export. */
export const PAGE_BREAK = '\n\n<div style="page-break-after: always;"></div>\n\n';
