// The types of OpenSync's hooks (the 51 its src/hooks barrel exports), with the additive compat
// fields its pages read but the original hooks never gave (`_id`, epoch-ms `createdAt` and
// `updatedAt`, the `session` self-copy, `summaryStats` undefined while loading). Times derived
// from records are epoch milliseconds; raw records keep PocketBase date strings.
import type { MessageRole, PocketbaseUser, Session, SessionSource, UpdateSessionInput } from './records.js';

/** What every reading hook has: loading until its first result, the error as text, a re-read. */
interface ReadState {
  isLoading: boolean;
  error: string | null;
  refetch: () => Promise<void>;
}

// --- useSessions

/** A sortable session field (a PocketBase field name). */
export type SortField = 'updated' | 'created' | 'totalTokens' | 'cost' | 'durationMs';
export type SortOrder = 'asc' | 'desc';

export interface UseSessionsOptions {
  /** Page size, default 100 (at most 1000). */
  limit?: number;
  /** 1-based page, default 1. */
  page?: number;
  sortBy?: SortField;
  sortOrder?: SortOrder;
  /** "opencode" also matches sessions with no source. */
  source?: string;
  model?: string;
  /** A project name or path. */
  project?: string;
  /** Compared with inferProvider(), on the page (total counts before it). */
  provider?: string;
  userId?: string;
  /** Accepted for compatibility: replica data is always live. */
  realtime?: boolean;
}

/** A session as lists return it: the record, provider inferred, source defaulted, plus compat keys. */
export type SessionItem = Session & { _id: string; createdAt: number; updatedAt: number };

export interface UseSessionsResult extends ReadState {
  sessions: SessionItem[];
  /** Matches before the provider filter. */
  total: number;
  totalPages: number;
  page: number;
}

// --- useSession

export interface SessionMessage {
  id: string;
  /** Compat: the message id under Convex's key. */
  _id: string;
  role: MessageRole;
  textContent?: string;
  createdAt: number;
  /** By `order`; a text part's content is its text (a string). */
  parts: Array<{ type: string; content: unknown }>;
}

export interface SessionWithMessages extends SessionItem {
  messages: SessionMessage[];
  /** Compat: the Convex `{session, messages}` shape's session, a copy of this record. */
  session: SessionItem;
}

export interface UseSessionOptions {
  sessionId: string | null | undefined;
  realtime?: boolean;
}

export interface SetVisibilityResult {
  isPublic: boolean;
  publicSlug: string | null;
}

export interface UseSessionResult extends ReadState {
  session: SessionWithMessages | null;
  /** The session as Markdown; null whenever `session` is null. */
  markdown: string | null;
  setVisibility: (isPublic: boolean) => Promise<SetVisibilityResult>;
  updateSession: (input: UpdateSessionInput) => Promise<void>;
  deleteSession: () => Promise<void>;
  isMutating: boolean;
}

// --- useMessages

export interface MessageWithParts {
  id: string;
  role: MessageRole;
  textContent?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  durationMs?: number;
  createdAt: number;
  parts: Array<{ type: string; content: unknown }>;
}

export interface UseMessagesOptions {
  sessionId: string | null | undefined;
  /** Default 500. */
  limit?: number;
  page?: number;
  role?: MessageRole;
  /** Case-insensitive substring of textContent. */
  search?: string;
  realtime?: boolean;
}

export interface UseMessagesResult extends ReadState {
  messages: MessageWithParts[];
  total: number;
  totalPages: number;
  page: number;
}

// --- useUser

export interface UserStats {
  sessionCount: number;
  messageCount: number;
  totalTokens: number;
  totalCost: number;
  totalDurationMs: number;
  /** Tokens by model. */
  modelUsage: Record<string, number>;
  /** Tokens by stored provider (not inferred). */
  providerUsage: Record<string, number>;
}

export interface DeleteResult {
  deleted: boolean;
  counts: { sessions: number; messages: number; parts: number; embeddings: number; apiLogs: number };
}

export interface UseUserOptions {
  /** Default: the replica's user. */
  userId?: string;
  realtime?: boolean;
  skipStats?: boolean;
}

export interface UseUserResult {
  user: PocketbaseUser | null;
  hasApiKey: boolean;
  enabledAgents: string[];
  createdAt: number | null;
  stats: UserStats | null;
  statsLoading: boolean;
  isLoading: boolean;
  error: string | null;
  /** Resolves the new key, "os_" + 32 hex characters. */
  generateApiKey: () => Promise<string>;
  revokeApiKey: () => Promise<void>;
  updateEnabledAgents: (agents: string[]) => Promise<void>;
  deleteAllData: () => Promise<DeleteResult>;
  /** Never rejects. */
  deleteAccount: () => Promise<{ deleted: boolean; error?: string }>;
  refetch: () => Promise<void>;
}

// --- useSearchSessions, useSearchMessages

export type SearchMode = 'sessions' | 'messages';

export interface SessionSearchResult {
  id: string;
  externalId: string;
  title?: string;
  projectPath?: string;
  projectName?: string;
  model?: string;
  provider?: string;
  source?: SessionSource;
  totalTokens: number;
  cost: number;
  isPublic: boolean;
  messageCount: number;
  summary?: string;
  createdAt: number;
  updatedAt: number;
}

export interface MessageSearchResult {
  id: string;
  sessionId: string;
  externalId: string;
  role: MessageRole;
  textContent?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  durationMs?: number;
  createdAt: number;
  sessionTitle?: string;
  projectPath?: string;
  projectName?: string;
}

export interface SessionSearchResults {
  sessions: SessionSearchResult[];
  nextCursor: number | null;
  total: number;
}

export interface MessageSearchResults {
  messages: MessageSearchResult[];
  nextCursor: number | null;
  total: number;
}

export interface UseSearchSessionsOptions {
  query: string;
  /** Default 20. */
  limit?: number;
  /** An offset, default 0. */
  cursor?: number;
  userId?: string;
  realtime?: boolean;
}

export interface UseSearchMessagesOptions {
  query: string;
  sessionId?: string;
  limit?: number;
  cursor?: number;
  userId?: string;
  realtime?: boolean;
}

export interface UseSearchSessionsResult extends ReadState {
  sessions: SessionSearchResult[];
  nextCursor: number | null;
  total: number;
}

export interface UseSearchMessagesResult extends ReadState {
  messages: MessageSearchResult[];
  nextCursor: number | null;
  total: number;
}

// --- useAnalytics

export interface SummaryStats {
  totalSessions: number;
  totalMessages: number;
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  totalCost: number;
  totalDurationMs: number;
  uniqueModels: number;
  uniqueProjects: number;
  avgTokensPerSession: number;
  avgCostPerSession: number;
}

export interface DailyStats {
  /** "YYYY-MM-DD" (UTC). */
  date: string;
  sessions: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cost: number;
  durationMs: number;
}

export interface ModelStats {
  model: string;
  sessions: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cost: number;
  avgDurationMs: number;
}

export interface ProjectStats {
  project: string;
  sessions: number;
  messageCount: number;
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  totalDurationMs: number;
  cost: number;
  /** Epoch ms of the latest `updated`. */
  lastActive: number;
}

export interface ProviderStats {
  provider: string;
  sessions: number;
  totalTokens: number;
  cost: number;
}

export interface SourceStats {
  source: string;
  sessions: number;
  totalTokens: number;
  cost: number;
}

export interface UseAnalyticsOptions {
  source?: string;
  /** dailyStats covers the last `days` days, default 30. */
  days?: number;
  userId?: string;
  realtime?: boolean;
}

export interface UseAnalyticsResult extends ReadState {
  /** Undefined until the first load; then an object (zeros when nothing matches). */
  summaryStats: SummaryStats | null | undefined;
  dailyStats: DailyStats[];
  modelStats: ModelStats[];
  projectStats: ProjectStats[];
  providerStats: ProviderStats[];
  sourceStats: SourceStats[];
}

// --- useEvals

export interface EvalSession {
  id: string;
  externalId: string;
  title?: string;
  projectPath?: string;
  projectName?: string;
  model?: string;
  provider?: string;
  source?: string;
  totalTokens: number;
  cost: number;
  messageCount: number;
  evalReady?: boolean;
  /** A PocketBase date string. */
  reviewedAt?: string;
  evalNotes?: string;
  evalTags?: string[];
  createdAt: number;
  updatedAt: number;
}

export interface EvalStats {
  total: number;
  bySource: { opencode: number; claudeCode: number; factoryDroid: number };
  /** Σ messageCount of the listed sessions. */
  totalTestCases: number;
}

export type ExportFormat = 'deepeval' | 'openai' | 'filesystem';

export interface ExportOptions {
  includeSystemPrompts: boolean;
  includeToolCalls: boolean;
  anonymizePaths: boolean;
}

export interface ExportResult {
  data: string;
  filename: string;
  stats: { sessions: number; testCases: number };
}

export interface UseEvalsOptions {
  source?: string;
  /** Sessions with ANY of these tags. */
  tags?: string[];
  limit?: number;
  userId?: string;
  realtime?: boolean;
}

export interface UseEvalsResult extends ReadState {
  evalSessions: EvalSession[];
  stats: EvalStats;
  allTags: string[];
  setEvalReady: (sessionId: string, evalReady: boolean, notes?: string, tags?: string[]) => Promise<void>;
  updateEvalNotes: (sessionId: string, notes: string) => Promise<void>;
  updateEvalTags: (sessionId: string, tags: string[]) => Promise<void>;
  generateExport: (
    sessionIds: string[] | 'all',
    format: ExportFormat,
    options: ExportOptions,
  ) => Promise<ExportResult>;
}

// --- useBulkOperations

export type BulkExportFormat = 'json' | 'csv' | 'markdown';

export interface BulkDeleteResult {
  deleted: number;
  failed: string[];
  durationMs: number;
}

export interface BulkExportResult {
  data: string;
  filename: string;
  mimeType: string;
  stats: { sessions: number; messages: number; parts: number };
}

export interface BulkOperationProgress {
  operation: 'fetching' | 'deleting' | 'exporting';
  current: number;
  total: number;
  sessionId?: string;
}

export interface UseBulkOperationsOptions {
  onProgress?: (progress: BulkOperationProgress) => void;
}

export interface UseBulkOperationsResult {
  deleteMultipleSessions: (sessionIds: string[]) => Promise<BulkDeleteResult>;
  exportSessions: (sessionIds: string[], format: BulkExportFormat) => Promise<BulkExportResult>;
  isProcessing: boolean;
  error: string | null;
  clearError: () => void;
}

// --- usePublicSession

export interface PublicMessage {
  _id: string;
  role: MessageRole;
  textContent?: string;
  createdAt: number;
  parts: Array<{ type: string; content: unknown }>;
}

export interface PublicSession {
  title?: string;
  projectPath?: string;
  model?: string;
  provider?: string;
  totalTokens: number;
  createdAt: number;
}

export interface PublicSessionData {
  session: PublicSession;
  messages: PublicMessage[];
}

export interface UsePublicSessionOptions {
  slug: string | undefined;
}

export interface UsePublicSessionResult extends ReadState {
  /** undefined: loading (first result only); null: not found or failed; else the session. */
  data: PublicSessionData | null | undefined;
}
