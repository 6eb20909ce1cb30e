import { TopicEmbeddings, toJsonArray } from './embeddings.js';
import { Random } from './random.js';
import {
  EVAL_TAGS,
  FILLER,
  LANGUAGES,
  MODELS,
  PROJECTS,
  SOURCES,
  TOOLS,
  TOPICS,
  VERBS,
} from './vocabulary.js';

/** How much data to generate. Messages per session follow a heavy-tailed distribution. */
export interface GeneratorSize {
  users: number;
  sessionsPerUser: number;
  /** Median messages per session (the mean is about 1.3× higher). */
  messagesPerSession: number;
  /** Also generate sessionEmbeddings and messageEmbeddings (1536-d, clustered by topic); 'sessions': only the sessions'. */
  embeddings?: boolean | 'sessions';
}

/** Named sizes: tiny for tests, demo for the demo, bench for 10k sessions / ~200k messages. */
export const SIZES = {
  tiny: { users: 2, sessionsPerUser: 6, messagesPerSession: 4 },
  small: { users: 3, sessionsPerUser: 60, messagesPerSession: 8 },
  demo: { users: 1, sessionsPerUser: 2000, messagesPerSession: 6 },
  bench: { users: 1, sessionsPerUser: 10000, messagesPerSession: 15 },
} satisfies Record<string, GeneratorSize>;

export interface GeneratorOptions extends GeneratorSize {
  seed?: number;
  /** The generated timeline ends here (ms since epoch); data spans the 90 days before it. */
  now?: number;
}

type Record_ = { id: string; collectionId: string; collectionName: string } & Record<string, unknown>;

/** A generated dataset, keyed by collection name, as PocketBase returns records. */
export interface OpenSyncDataset {
  users: Record_[];
  sessions: Record_[];
  messages: Record_[];
  parts: Record_[];
  sessionEmbeddings: Record_[];
  messageEmbeddings: Record_[];
}

const DAY = 86_400_000;
const pbDate = (ms: number): string => new Date(ms).toISOString().replace('T', ' ');
const base = (collection: string, id: string) => ({
  collectionId: `opensync_${collection}`,
  collectionName: collection,
  id,
});

/** Generates a realistic, deterministic OpenSync dataset: the same options give the same records. */
export function generateOpenSync(options: GeneratorOptions): OpenSyncDataset {
  const random = new Random(options.seed ?? 1);
  const now = options.now ?? Date.UTC(2026, 10, 1);
  const vectors = new TopicEmbeddings(options.seed ?? 1, TOPICS.length);
  const data: OpenSyncDataset = {
    users: [],
    sessions: [],
    messages: [],
    parts: [],
    sessionEmbeddings: [],
    messageEmbeddings: [],
  };
  for (let u = 0; u < options.users; u++) {
    const user = makeUser(random, u, now);
    data.users.push(user);
    for (let s = 0; s < options.sessionsPerUser; s++)
      addSession(random, data, user.id, now, options, vectors);
  }
  return data;
}

function makeUser(random: Random, index: number, now: number): Record_ {
  const created = pbDate(now - 120 * DAY + index * 3_600_000);
  return {
    ...base('users', random.id()),
    collectionId: '_pb_users_auth_',
    email: `user${index}@example.com`,
    emailVisibility: false,
    verified: true,
    name: `User ${index}`,
    avatar: '',
    autheliaId: '',
    avatarUrl: '',
    profilePhotoId: '',
    apiKey: '',
    apiKeyCreatedAt: 0,
    enabledAgents: ['opencode', 'claude-code'],
    created,
    updated: created,
  };
}

function addSession(
  random: Random,
  data: OpenSyncDataset,
  userId: string,
  now: number,
  options: GeneratorOptions,
  vectors: TopicEmbeddings,
): void {
  const topicIndex = random.int(0, TOPICS.length - 1);
  const topic = TOPICS[topicIndex]!;
  const model = random.pick(MODELS);
  const project = random.pick(PROJECTS);
  const start = now - random.next() * 90 * DAY;
  const messageCount = Math.max(1, Math.round(random.logNormal(options.messagesPerSession, 0.6)));
  const id = random.id();
  const title = `${random.pick(VERBS)} ${random.pick(topic.words)} in ${project}`;
  let prompt = 0;
  let completion = 0;
  let clock = start;
  const texts: string[] = [];
  for (let m = 0; m < messageCount; m++) {
    const message = makeMessage(random, id, m, topic.words, model.model, clock);
    clock += Number(message.durationMs) + random.int(1_000, 120_000);
    prompt += Number(message.promptTokens);
    completion += Number(message.completionTokens);
    texts.push(String(message.textContent));
    data.messages.push(message);
    addParts(random, data, message.id, topic.words, clock);
    if (options.embeddings === true) {
      data.messageEmbeddings.push({
        ...base('messageEmbeddings', random.id()),
        message: message.id,
        session: id,
        user: userId,
        embedding: toJsonArray(vectors.embed(random, topicIndex, random.int(0, TOPICS.length - 1))),
        textHash: hash(String(message.textContent)),
        created: pbDate(clock),
        updated: pbDate(clock),
      });
    }
  }
  const isPublic = random.chance(0.1);
  const evalReady = random.chance(0.15);
  data.sessions.push({
    ...base('sessions', id),
    user: userId,
    externalId: `${random.pick(['ses', 'conv', 'run'])}_${random.id()}`,
    title: random.chance(0.05) ? '' : title,
    projectPath: `/home/dev/src/${project.toLowerCase().replace(/\s+/g, '-')}`,
    projectName: random.chance(0.1) ? '' : project,
    model: random.chance(0.03) ? '' : model.model,
    provider: random.chance(0.3) ? '' : model.provider,
    source: random.pick(SOURCES),
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    cost: Math.round(((prompt * model.prompt + completion * model.completion) / 1e6) * 1e6) / 1e6,
    durationMs: Math.round(clock - start),
    isPublic,
    publicSlug: isPublic ? `${project.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(0, 6)}` : '',
    searchableText: `${title}\n${texts.join('\n')}`.slice(0, 4000),
    summary: random.chance(0.5)
      ? `Worked on ${topic.name}: ${random.pick(topic.words)} and ${random.pick(topic.words)}.`
      : '',
    messageCount,
    evalReady,
    reviewedAt: evalReady && random.chance(0.5) ? pbDate(clock + DAY) : '',
    evalNotes: evalReady && random.chance(0.5) ? 'Checked the tool calls; outcome matches the request.' : '',
    evalTags: evalReady ? random.subset(EVAL_TAGS, 3) : [],
    created: pbDate(start),
    updated: pbDate(Math.min(clock, now)),
  });
  if (options.embeddings) {
    data.sessionEmbeddings.push({
      ...base('sessionEmbeddings', random.id()),
      session: id,
      user: userId,
      embedding: toJsonArray(vectors.embed(random, topicIndex)),
      textHash: hash(title),
      created: pbDate(clock),
      updated: pbDate(clock),
    });
  }
}

function makeMessage(
  random: Random,
  sessionId: string,
  index: number,
  words: readonly string[],
  model: string,
  at: number,
): Record_ {
  const role = index === 0 ? 'user' : random.chance(0.04) ? 'system' : index % 2 === 1 ? 'assistant' : 'user';
  const sentences =
    role === 'assistant' ? Math.round(random.logNormal(4, 0.8)) : Math.round(random.logNormal(1.5, 0.6));
  const text = Array.from(
    { length: Math.max(1, sentences) },
    () => `${random.pick(FILLER)} the ${random.pick(words)} (${random.pick(words)}).`,
  ).join(' ');
  const assistant = role === 'assistant';
  return {
    ...base('messages', random.id()),
    session: sessionId,
    externalId: `msg_${random.id()}${random.id()}`,
    role,
    textContent: text,
    model: assistant ? model : '',
    promptTokens: assistant ? random.int(200, 12_000) : 0,
    completionTokens: assistant ? random.int(20, 2_000) : 0,
    durationMs: assistant ? random.int(400, 60_000) : 0,
    created: pbDate(at),
    updated: pbDate(at),
  };
}

function addParts(
  random: Random,
  data: OpenSyncDataset,
  messageId: string,
  words: readonly string[],
  at: number,
): void {
  const count = random.int(1, 3);
  for (let order = 0; order < count; order++) {
    const type = order === 0 ? 'text' : random.pick(['tool_call', 'tool_result', 'code_block']);
    data.parts.push({
      ...base('parts', random.id()),
      message: messageId,
      type,
      content: partContent(random, type, words),
      order,
      created: pbDate(at),
      updated: pbDate(at),
    });
  }
}

function partContent(random: Random, type: string, words: readonly string[]): unknown {
  switch (type) {
    case 'tool_call':
      return {
        tool: random.pick(TOOLS),
        args: { path: `src/${random.pick(words).replace(/\s+/g, '_')}.ts` },
      };
    case 'tool_result':
      return { ok: random.chance(0.9), output: `${random.int(1, 400)} lines` };
    case 'code_block':
      return {
        language: random.pick(LANGUAGES),
        code: `// ${random.pick(words)}\nconst x = ${random.int(0, 99)};\n`,
      };
    default:
      return { text: `${random.pick(FILLER)} ${random.pick(words)}.` };
  }
}

// A short, stable content hash (FNV-1a 32) for textHash fields.
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
