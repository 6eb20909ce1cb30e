// OpenSync's record types as its pages know them (its src/lib/types.ts describes the PocketBase
// schema the same way): the hooks' results are built on these, so a page that types a value with
// its own `Session` or `PocketbaseUser` accepts what the hooks return. Structural twins, written
// from the schema (js/opensync/schema.ts), not imported from OpenSync.

/** Fields every PocketBase record has; dates are PocketBase strings ("YYYY-MM-DD HH:MM:SS.sssZ"). */
export interface BaseRecord {
  id: string;
  created: string;
  updated: string;
}

/** Which tool wrote a session (stored values also include "" and "factory-droid"). */
export type SessionSource = 'opencode' | 'claude-code' | 'unknown';

/** A message's author. */
export type MessageRole = 'user' | 'assistant' | 'system' | 'unknown';

/** A `users` record (OpenSync's auth collection with its extra fields). */
export interface PocketbaseUser extends BaseRecord {
  email: string;
  name: string;
  avatar: string;
  verified: boolean;
  autheliaId: string;
  avatarUrl: string;
  profilePhotoId: string;
  apiKey: string;
  apiKeyCreatedAt: number;
  enabledAgents: string[];
}

/** A `sessions` record. */
export interface Session extends BaseRecord {
  user: string;
  externalId: string;
  title: string;
  projectPath: string;
  projectName: string;
  model: string;
  provider: string;
  source: SessionSource;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cost: number;
  durationMs: number;
  isPublic: boolean;
  publicSlug: string;
  searchableText: string;
  summary: string;
  messageCount: number;
  evalReady: boolean;
  reviewedAt: string;
  evalNotes: string;
  evalTags: string[];
}

/** The fields of a session the pages edit. */
export interface UpdateSessionInput {
  title?: string;
  isPublic?: boolean;
  publicSlug?: string;
  summary?: string;
  evalReady?: boolean;
  evalNotes?: string;
  evalTags?: string[];
  reviewedAt?: string;
}

/** A `messages` record. */
export interface MessageRecord extends BaseRecord {
  session: string;
  externalId: string;
  role: MessageRole;
  textContent: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
}

/** A `parts` record: one piece of a message (text, a tool call or result, code). */
export interface PartRecord extends BaseRecord {
  message: string;
  type: string;
  content: unknown;
  order: number;
}
