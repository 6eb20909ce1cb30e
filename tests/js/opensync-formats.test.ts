// The exact text formats of OpenSync's hooks (docs/opensync-hooks.md), checked against the samples
// OpenSync's own hooks produced: useSession's Markdown, the bulk CSV, JSON and Markdown exports,
// the eval exports, and the provider rule. Pure functions: no replica, no React.
import {
  anonymizePaths,
  bulkExport,
  csvField,
  evalExport,
  inferProvider,
  sessionMarkdown,
  type EvalSession,
  type MessageRecord,
  type PartRecord,
  type Session,
} from '../../js/opensync/core.js';

function session(fields: Partial<Session>): Session {
  return {
    id: 'sessionid000001',
    created: '2026-12-02 02:53:33.723Z',
    updated: '2026-12-02 02:53:33.723Z',
    user: 'user00000000001',
    externalId: 'alice@example.com-ext-0',
    title: '',
    projectPath: '',
    projectName: '',
    model: '',
    provider: '',
    source: 'opencode',
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    cost: 0,
    durationMs: 0,
    isPublic: false,
    publicSlug: '',
    searchableText: '',
    summary: '',
    messageCount: 0,
    evalReady: false,
    reviewedAt: '',
    evalNotes: '',
    evalTags: [],
    ...fields,
  };
}

function message(
  id: string,
  role: MessageRecord['role'],
  textContent: string,
  extra: Partial<MessageRecord> = {},
) {
  return {
    id,
    created: '2026-12-02 02:53:34.000Z',
    updated: '2026-12-02 02:53:34.000Z',
    session: 'sessionid000001',
    externalId: `m-${id}`,
    role,
    textContent,
    model: '',
    promptTokens: 0,
    completionTokens: 0,
    durationMs: 0,
    ...extra,
  } satisfies MessageRecord;
}

const part = (messageId: string, type: string, content: unknown, order = 1): PartRecord => ({
  id: `p${messageId}${order}`,
  created: '',
  updated: '',
  message: messageId,
  type,
  content,
  order,
});

test('inferProvider: the stored provider, else substring rules in order', () => {
  expect(inferProvider({ model: 'claude-3-opus' })).toBe('anthropic');
  expect(inferProvider({ model: 'pro1' })).toBe('openai'); // contains "o1"
  expect(inferProvider({ model: 'gemini-1.5-pro' })).toBe('google');
  expect(inferProvider({ model: 'llama-3-70b' })).toBe('meta');
  expect(inferProvider({ model: 'something' })).toBe('unknown');
  expect(inferProvider({ model: 'gpt-4o', provider: 'azure' })).toBe('azure');
});

test("useSession's Markdown: header, parts, tool calls, and textContent as the fallback", () => {
  const s = session({
    title: 'Session 2 about vector search',
    projectPath: '/home/dev/proj2',
    model: 'gemini-1.5-pro',
    totalTokens: 302,
    cost: 0.02,
    durationMs: 2000,
  });
  const messages = [
    { role: 'user', parts: [{ type: 'text', content: { text: 'part text 0 for 2' } }] },
    { role: 'user', parts: [{ type: 'tool-call', content: { name: 'grep', args: { q: 'cache' } } }] },
    { role: 'assistant', textContent: 'only text', parts: [{ type: 'text', content: '  ' }] },
    { role: 'system', parts: [{ type: 'tool-result', content: { output: { ok: true } } }] },
  ];
  const created = new Date('2026-12-02T02:53:33.723Z').toLocaleString();
  expect(sessionMarkdown(s, messages)).toBe(
    [
      '# Session 2 about vector search',
      '',
      '**Project:** /home/dev/proj2',
      '**Model:** gemini-1.5-pro',
      '**Tokens:** 302',
      '**Cost:** $0.0200',
      '**Duration:** 2s',
      `**Created:** ${created}`,
      '',
      '---',
      '',
      '**User:**',
      '',
      'part text 0 for 2',
      '',
      '---',
      '',
      '**User:**',
      '',
      '> **Tool Call:** grep',
      '```json',
      '{\n  "q": "cache"\n}',
      '```',
      '',
      '---',
      '',
      '**Assistant:**',
      '',
      'only text',
      '',
      '---',
      '',
      '**System:**',
      '',
      '> **Tool Result:**',
      '```',
      '{\n  "ok": true\n}',
      '```',
      '',
      '---',
      '',
    ].join('\n'),
  );
  // Untitled, a minute and more, no project or model.
  expect(sessionMarkdown(session({ durationMs: 61_500 }), [])).toMatch(
    /^# Untitled Session\n\n\*\*Tokens:\*\* 0\n\*\*Cost:\*\* \$0\.0000\n\*\*Duration:\*\* 1m 1s\n/,
  );
});

test('the bulk CSV is byte for byte the sample OpenSync wrote', () => {
  const rows = [
    session({
      id: '8dtqkj6zzq0jlaq',
      externalId: 'alice@example.com-ext-0',
      title: 'Session 0 about cache invalidation',
      projectPath: '/home/dev/proj0',
      projectName: 'proj0',
      model: 'claude-3-opus',
      source: 'opencode',
      promptTokens: 1,
      completionTokens: 1,
      totalTokens: 2,
      durationMs: 500,
      messageCount: 3,
    }),
    session({
      id: 'h77k7n5628zdraa',
      externalId: 'alice@example.com-ext-1',
      title: 'Session 1 about auth token refresh',
      projectPath: '/home/dev/proj1',
      projectName: 'proj1',
      model: 'gpt-4o',
      source: 'claude-code',
      promptTokens: 101,
      completionTokens: 51,
      totalTokens: 152,
      cost: 0.01,
      durationMs: 1500,
      messageCount: 3,
      created: '2026-12-02 02:53:33.817Z',
      updated: '2026-12-02 02:53:33.817Z',
    }),
  ];
  const result = bulkExport(
    rows.map((s) => ({ session: s, messages: [], parts: new Map() })),
    'csv',
    new Date('2026-12-02T10:00:00Z'),
  );
  expect(result.data).toBe(
    [
      'id,externalId,title,projectPath,projectName,model,provider,source,promptTokens,completionTokens,totalTokens,cost,durationMs,messageCount,created,updated',
      '8dtqkj6zzq0jlaq,alice@example.com-ext-0,Session 0 about cache invalidation,/home/dev/proj0,proj0,claude-3-opus,anthropic,opencode,1,1,2,0,500,3,2026-12-02 02:53:33.723Z,2026-12-02 02:53:33.723Z',
      'h77k7n5628zdraa,alice@example.com-ext-1,Session 1 about auth token refresh,/home/dev/proj1,proj1,gpt-4o,openai,claude-code,101,51,152,0.01,1500,3,2026-12-02 02:53:33.817Z,2026-12-02 02:53:33.817Z',
    ].join('\n'),
  );
  expect(result).toMatchObject({ filename: 'opensync-export-2026-12-02.csv', mimeType: 'text/csv' });
  expect(result.stats).toEqual({ sessions: 2, messages: 0, parts: 0 });
  expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
  expect(csvField(null)).toBe('');
});

test('the bulk JSON and Markdown exports: key order, parts by order, underscore tool types', () => {
  const s = session({
    title: 'T',
    model: 'gpt-4o',
    totalTokens: 1234,
    durationMs: 65_000,
    source: '' as never,
  });
  const m = message('m1', 'user', 'from text', { model: 'x', promptTokens: 2 });
  const parts = new Map([
    [
      'm1',
      [
        part('m1', 'tool_call', { toolName: 'ls', input: { d: '/' } }, 2),
        part('m1', 'text', 'first', 1),
      ].sort((a, b) => a.order - b.order),
    ],
  ]);
  const json = JSON.parse(bulkExport([{ session: s, messages: [m], parts }], 'json').data);
  expect(Object.keys(json[0])).toEqual([
    'id', 'externalId', 'title', 'projectPath', 'projectName', 'model', 'provider', 'source',
    'promptTokens', 'completionTokens', 'totalTokens', 'cost', 'durationMs', 'messageCount',
    'created', 'updated', 'messages',
  ]); // prettier-ignore
  expect(json[0]).toMatchObject({ provider: 'openai', source: 'opencode' });
  expect(json[0].messages[0].parts).toEqual([
    { type: 'text', content: 'first', order: 1 },
    { type: 'tool_call', content: { toolName: 'ls', input: { d: '/' } }, order: 2 },
  ]);
  const markdown = bulkExport(
    [{ session: s, messages: [m], parts }],
    'markdown',
    new Date('2026-01-05T00:00:00Z'),
  );
  expect(markdown).toMatchObject({ filename: 'opensync-export-2026-01-05.md', mimeType: 'text/markdown' });
  expect(markdown.data).toContain(
    '- **ID:** alice@example.com-ext-0\n- **Model:** gpt-4o\n- **Provider:** openai\n',
  );
  expect(markdown.data).toContain(
    '- **Duration:** 1m 5s\n- **Created:** 2026-12-02 02:53:33.723Z\n- **Source:** opencode',
  );
  expect(markdown.data).toContain(
    '## Conversation\n\n### User\n\nfirst\n\n> **Tool Call:** ls\n```json\n{\n  "d": "/"\n}\n```',
  );
  expect(markdown.stats).toEqual({ sessions: 1, messages: 1, parts: 2 });
  const two = bulkExport(
    [
      { session: s, messages: [], parts: new Map() },
      { session: s, messages: [], parts: new Map() },
    ],
    'markdown',
  );
  expect(two.data.split('\n\n<div style="page-break-after: always;"></div>\n\n')).toHaveLength(2);
});

test('the eval exports: DeepEval, OpenAI JSONL and the filesystem bundle', () => {
  const evalSession: EvalSession = {
    id: 's1',
    externalId: 'alice@example.com-ext-3',
    model: 'llama-3-70b',
    totalTokens: 452,
    cost: 0.03,
    messageCount: 4,
    evalTags: ['good', 'tool'],
    createdAt: Date.UTC(2026, 11, 2, 2, 53, 33, 947),
    updatedAt: 0,
  };
  const messages = [
    message('a', 'system', 'be brief, see /home/alice/x'),
    message('b', 'user', 'in /Users/bob/p what?', { promptTokens: 10 }),
    message('c', 'assistant', 'C:\\Users\\carol\\file', { completionTokens: 5 }),
    message('d', 'user', ''),
  ];
  const options = { includeSystemPrompts: false, includeToolCalls: true, anonymizePaths: true };
  const now = new Date('2026-12-03T04:05:06.007Z');
  const deep = evalExport([{ session: evalSession, messages }], 'deepeval', options, now);
  expect(deep.filename).toBe('eval-export-deepeval-2026-12-03.json');
  expect(deep.stats).toEqual({ sessions: 1, testCases: 1 });
  expect(JSON.parse(deep.data)).toEqual({
    test_cases: [
      {
        input: 'in /Users/user/p what?',
        actual_output: 'C:\\Users\\user\\file',
        expected_output: 'C:\\Users\\user\\file',
        context: ['be brief, see /home/user/x'],
        metadata: {
          session_id: 'alice@example.com-ext-3',
          model: 'llama-3-70b',
          source: 'opencode',
          tokens: 15,
          timestamp: '2026-12-02T02:53:33.947Z',
        },
      },
    ],
  });
  const openai = evalExport(
    [{ session: evalSession, messages }],
    'openai',
    { ...options, anonymizePaths: false },
    now,
  );
  expect(openai.filename).toBe('eval-export-openai-2026-12-03.jsonl');
  expect(openai.data.split('\n').map((l) => JSON.parse(l))).toEqual([
    {
      input: [{ role: 'user', content: 'in /Users/bob/p what?' }],
      ideal: 'C:\\Users\\carol\\file',
      metadata: { session_id: 'alice@example.com-ext-3', model: 'llama-3-70b', source: 'opencode' },
    },
  ]);
  const files = evalExport(
    [
      { session: evalSession, messages },
      { session: { ...evalSession, externalId: 'alice@example.com-ext-4', evalTags: [] }, messages: [] },
    ],
    'filesystem',
    { ...options, includeSystemPrompts: true },
    now,
  );
  const bundle = JSON.parse(files.data);
  // Two sessions whose first 8 externalId characters agree share one file name (as in OpenSync).
  expect(Object.keys(bundle.files)).toEqual(['session-alice@ex.txt']);
  expect(bundle.manifest).toEqual({
    export_date: '2026-12-03T04:05:06.007Z',
    total_sessions: 2,
    sources: { opencode: 2, 'claude-code': 0 },
    models: ['llama-3-70b'],
    files: ['session-alice@ex.txt', 'session-alice@ex.txt'],
  });
  expect(files.stats).toEqual({ sessions: 2, testCases: 2 });
  expect(bundle.readme).toContain('OPENSYNC - EVAL EXPORT');
  const first = evalExport(
    [{ session: evalSession, messages }],
    'filesystem',
    { ...options, includeSystemPrompts: true },
    now,
  );
  expect(JSON.parse(first.data).files['session-alice@ex.txt']).toBe(
    [
      '='.repeat(80),
      'SESSION: alice@example.com-ext-3',
      'SOURCE: opencode',
      'MODEL: llama-3-70b',
      'DATE: 2026-12-02T02:53:33.947Z',
      'TOKENS: 452',
      'TAGS: good, tool',
      '='.repeat(80),
      '',
      '[2026-12-02T02:53:34.000Z] SYSTEM:',
      'be brief, see /home/user/x',
      '',
      '[2026-12-02T02:53:34.000Z] USER:',
      'in /Users/user/p what?',
      '',
      '[2026-12-02T02:53:34.000Z] ASSISTANT:',
      'C:\\Users\\user\\file',
      '',
      '[2026-12-02T02:53:34.000Z] USER:',
      '(empty)',
      '',
      '='.repeat(80),
      'END SESSION',
      '='.repeat(80),
    ].join('\n'),
  );
  expect(anonymizePaths('/home/x/a /Users/y/b')).toBe('/home/user/a /Users/user/b');
});
