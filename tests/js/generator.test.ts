import { EMBEDDING_DIMENSION, generateOpenSync, SIZES } from '../../js/opensync/index.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('the generator is deterministic for a seed and different across seeds', () => {
  const a = generateOpenSync({ ...SIZES.tiny, seed: 3 });
  const b = generateOpenSync({ ...SIZES.tiny, seed: 3 });
  const c = generateOpenSync({ ...SIZES.tiny, seed: 4 });
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(c.sessions[0]!.id).not.toBe(a.sessions[0]!.id);
});

test('generated records look like OpenSync data and relate to each other', () => {
  const data = generateOpenSync({ ...SIZES.small, seed: 5 });
  expect(data.sessions).toHaveLength(SIZES.small.users * SIZES.small.sessionsPerUser);
  const sessionIds = new Set(data.sessions.map((s) => s.id));
  const messageIds = new Set(data.messages.map((m) => m.id));
  expect(data.messages.every((m) => sessionIds.has(m.session as string))).toBe(true);
  expect(data.parts.every((p) => messageIds.has(p.message as string))).toBe(true);
  expect(new Set(data.sessions.map((s) => s.source))).toEqual(
    new Set(['opencode', 'claude-code', 'factory-droid', '']),
  );
  expect(data.sessions.every((s) => /^[a-z0-9]{15}$/.test(s.id))).toBe(true);
  expect(
    data.sessions.every((s) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/.test(s.created as string)),
  ).toBe(true);
  for (const s of data.sessions) {
    const own = data.messages.filter((m) => m.session === s.id);
    expect(s.messageCount).toBe(own.length);
    expect(s.totalTokens).toBe((s.promptTokens as number) + (s.completionTokens as number));
  }
  expect(data.sessions.some((s) => s.isPublic && s.publicSlug)).toBe(true);
  expect(data.sessions.some((s) => (s.evalTags as string[]).length > 0)).toBe(true);
});

test('embeddings are unit vectors that cluster by topic', () => {
  const data = generateOpenSync({
    users: 1,
    sessionsPerUser: 40,
    messagesPerSession: 2,
    embeddings: true,
    seed: 9,
  });
  const vectors = data.sessionEmbeddings.map((e) => e.embedding as number[]);
  expect(vectors[0]).toHaveLength(EMBEDDING_DIMENSION);
  expect(Math.abs(dot(vectors[0]!, vectors[0]!) - 1)).toBeLessThan(1e-3);
  // Sessions whose titles share a topic word are far more similar than unrelated ones.
  const topicOf = (i: number) =>
    String(data.sessions[i]!.title).split(' in ')[0]!.split(' ').slice(1).join(' ');
  const same: number[] = [];
  const other: number[] = [];
  for (let i = 0; i < vectors.length; i++)
    for (let j = i + 1; j < vectors.length; j++)
      (topicOf(i) === topicOf(j) ? same : other).push(dot(vectors[i]!, vectors[j]!));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(same.length).toBeGreaterThan(0);
  expect(mean(same)).toBeGreaterThan(0.5);
  expect(mean(other)).toBeLessThan(mean(same) - 0.2);
});
