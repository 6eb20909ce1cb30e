// The Evals page's exports, exactly as OpenSync writes them: DeepEval test cases (JSON),
// OpenAI Evals cases (JSONL) and the filesystem bundle (a text file per session, a manifest and a
// readme). Only messages' textContent is used; a user message directly followed by an assistant
// message is one test case.
import type { MessageRecord } from './records.js';
import type { EvalSession, ExportFormat, ExportOptions, ExportResult } from './types.js';

const RULE = '='.repeat(80);

/** Home directories in paths, replaced by a neutral user (macOS, Linux, Windows). */
export function anonymizePaths(text: string): string {
  return text
    .replace(/\/Users\/[^/]+/g, '/Users/user')
    .replace(/\/home\/[^/]+/g, '/home/user')
    .replace(/C:\\Users\\[^\\]+/g, 'C:\\Users\\user');
}

interface Conversation {
  session: EvalSession;
  messages: MessageRecord[];
}

// Each user message directly answered by an assistant message: the index of the user message.
function* answeredTurns(messages: MessageRecord[]): Generator<number> {
  for (let i = 0; i + 1 < messages.length; i++)
    if (messages[i]!.role === 'user' && messages[i + 1]!.role === 'assistant') yield i;
}

function deepeval(conversations: Conversation[], options: ExportOptions, anonymize: (t: string) => string) {
  const testCases = [];
  for (const { session, messages } of conversations)
    for (const i of answeredTurns(messages)) {
      const [question, answer] = [messages[i]!, messages[i + 1]!];
      testCases.push({
        input: anonymize(question.textContent || ''),
        actual_output: anonymize(answer.textContent || ''),
        expected_output: anonymize(answer.textContent || ''),
        context: options.includeToolCalls
          ? messages.slice(0, i).map((m) => anonymize(m.textContent || ''))
          : [],
        metadata: {
          session_id: session.externalId,
          model: session.model || 'unknown',
          source: session.source || 'opencode',
          tokens: (question.promptTokens || 0) + (answer.completionTokens || 0),
          timestamp: new Date(session.createdAt).toISOString(),
        },
      });
    }
  return { data: JSON.stringify({ test_cases: testCases }, null, 2), testCases: testCases.length };
}

function openai(conversations: Conversation[], options: ExportOptions, anonymize: (t: string) => string) {
  const lines: string[] = [];
  for (const { session, messages } of conversations) {
    const context: Array<{ role: string; content: string }> = [];
    messages.forEach((message, i) => {
      if (message.role === 'system' && !options.includeSystemPrompts) return;
      context.push({ role: message.role, content: anonymize(message.textContent || '') });
      const next = messages[i + 1];
      if (message.role !== 'user' || next?.role !== 'assistant') return;
      lines.push(
        JSON.stringify({
          input: [...context],
          ideal: anonymize(next.textContent || ''),
          metadata: {
            session_id: session.externalId,
            model: session.model || 'unknown',
            source: session.source || 'opencode',
          },
        }),
      );
    });
  }
  return { data: lines.join('\n'), testCases: lines.length };
}

function sessionFile(
  { session, messages }: Conversation,
  options: ExportOptions,
  anonymize: (t: string) => string,
) {
  const lines = [
    RULE,
    `SESSION: ${session.externalId}`,
    `SOURCE: ${session.source || 'opencode'}`,
    `MODEL: ${session.model || 'unknown'}`,
    `DATE: ${new Date(session.createdAt).toISOString()}`,
    `TOKENS: ${session.totalTokens}`,
  ];
  if (session.evalTags?.length) lines.push(`TAGS: ${session.evalTags.join(', ')}`);
  lines.push(RULE, '');
  for (const message of messages) {
    if (message.role === 'system' && !options.includeSystemPrompts) continue;
    const at = new Date(message.created.replace(' ', 'T')).toISOString();
    lines.push(`[${at}] ${message.role.toUpperCase()}:`, anonymize(message.textContent || '(empty)'), '');
  }
  lines.push(RULE, 'END SESSION', RULE);
  return lines.join('\n');
}

function readme(exportDate: string, sessions: number, testCases: number): string {
  return [
    RULE,
    'OPENSYNC - EVAL EXPORT',
    RULE,
    '',
    `Export date: ${exportDate}`,
    `Sessions: ${sessions}`,
    `Test cases: ${testCases}`,
    '',
    RULE,
    'QUICK START',
    RULE,
    '',
    'DeepEval: pip install deepeval, then deepeval test run on the DeepEval export',
    '(https://docs.deepeval.com).',
    'OpenAI Evals: pip install openai-evals, set OPENAI_API_KEY, then run oaieval on the',
    'OpenAI export (https://github.com/openai/evals).',
    'Promptfoo: npx promptfoo@latest init, then npx promptfoo@latest eval',
    '(https://promptfoo.dev/docs).',
    '',
    RULE,
    'FORMAT',
    RULE,
    '',
    'Each session is a plain text file (files), listed in the manifest: readable by people',
    'and by agents that retrieve with ordinary file tools (grep, find).',
    '',
    RULE,
    '',
  ].join('\n');
}

function filesystem(
  conversations: Conversation[],
  options: ExportOptions,
  anonymize: (t: string) => string,
  exportDate: string,
) {
  const files: Record<string, string> = {};
  const names: string[] = [];
  let testCases = 0;
  for (const conversation of conversations) {
    // Sessions whose first 8 externalId characters agree share a name: the later one wins, as in OpenSync.
    const name = `session-${conversation.session.externalId.slice(0, 8)}.txt`;
    files[name] = sessionFile(conversation, options, anonymize);
    names.push(name);
    testCases += conversation.messages.filter((m) => m.role === 'user').length;
  }
  const sessions = conversations.map((c) => c.session);
  const manifest = {
    export_date: exportDate,
    total_sessions: sessions.length,
    sources: {
      opencode: sessions.filter((s) => s.source === 'opencode' || !s.source).length,
      'claude-code': sessions.filter((s) => s.source === 'claude-code').length,
    },
    models: [...new Set(sessions.map((s) => s.model).filter(Boolean))],
    files: names,
  };
  const bundle = { manifest, files, readme: readme(exportDate, sessions.length, testCases) };
  return { data: JSON.stringify(bundle, null, 2), testCases };
}

const EXTENSIONS: Record<ExportFormat, string> = { deepeval: 'json', openai: 'jsonl', filesystem: 'json' };

/** One eval export of these sessions (each with its messages by `created`), made at `now`. */
export function evalExport(
  conversations: Conversation[],
  format: ExportFormat,
  options: ExportOptions,
  now = new Date(),
): ExportResult {
  const anonymize = (text: string) => (options.anonymizePaths ? anonymizePaths(text) : text);
  const timestamp = now.toISOString();
  const { data, testCases } =
    format === 'deepeval'
      ? deepeval(conversations, options, anonymize)
      : format === 'openai'
        ? openai(conversations, options, anonymize)
        : filesystem(conversations, options, anonymize, timestamp);
  return {
    data,
    filename: `eval-export-${format}-${timestamp.slice(0, 10)}.${EXTENSIONS[format]}`,
    stats: { sessions: conversations.length, testCases },
  };
}
