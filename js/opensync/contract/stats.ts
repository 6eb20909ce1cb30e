// The statistics OpenSync's hooks compute from session records: useAnalytics' summary, daily,
// model, project, provider and source breakdowns, useUser's stats and useEvals' counts. Sums run
// in the order the records are given (the hooks' sort), so float totals equal the original's.
import { epochMs, inferProvider } from './convert.js';
import type { Session } from './records.js';
import type {
  DailyStats,
  EvalSession,
  EvalStats,
  ModelStats,
  ProjectStats,
  ProviderStats,
  SourceStats,
  SummaryStats,
  UserStats,
} from './types.js';

const DAY = 86_400_000;

/** Groups rows by key, in first-seen order, folding each into its group's value. */
function groupBy<T, G>(
  rows: T[],
  key: (row: T) => string,
  start: (key: string) => G,
  add: (group: G, row: T) => void,
) {
  const groups = new Map<string, G>();
  for (const row of rows) {
    const k = key(row);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = start(k)));
    add(group, row);
  }
  return [...groups.values()];
}

/** Sessions, tokens, cost and duration of a group (daily and model breakdowns). */
type Usage = Omit<DailyStats, 'date'>;

const usage = (): Usage => ({
  sessions: 0,
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  cost: 0,
  durationMs: 0,
});

function addUsage(u: Usage, s: Session): void {
  u.sessions++;
  u.promptTokens += s.promptTokens || 0;
  u.completionTokens += s.completionTokens || 0;
  u.totalTokens += s.totalTokens || 0;
  u.cost += s.cost || 0;
  u.durationMs += s.durationMs || 0;
}

/** Sorts by a number, descending; ties keep their order. */
const descending = <T>(rows: T[], by: (row: T) => number) => rows.sort((a, b) => by(b) - by(a));

/** The summary of these sessions (zeros when there are none). */
export function summaryStats(sessions: Session[]): SummaryStats {
  const sum = (
    field: 'messageCount' | 'totalTokens' | 'promptTokens' | 'completionTokens' | 'cost' | 'durationMs',
  ) => sessions.reduce((total, s) => total + (s[field] || 0), 0);
  const n = sessions.length;
  const totalTokens = sum('totalTokens');
  const totalCost = sum('cost');
  return {
    totalSessions: n,
    totalMessages: sum('messageCount'),
    totalTokens,
    promptTokens: sum('promptTokens'),
    completionTokens: sum('completionTokens'),
    totalCost,
    totalDurationMs: sum('durationMs'),
    uniqueModels: new Set(sessions.map((s) => s.model).filter(Boolean)).size,
    uniqueProjects: new Set(sessions.map((s) => s.projectName).filter(Boolean)).size,
    avgTokensPerSession: n ? totalTokens / n : 0,
    avgCostPerSession: n ? totalCost / n : 0,
  };
}

/** One entry per UTC day ("YYYY-MM-DD") with sessions created in the last `days` days, ascending. */
export function dailyStats(sessions: Session[], days: number, now: number): DailyStats[] {
  const since = now - days * DAY;
  const recent = sessions.filter((s) => epochMs(s.created) >= since);
  const daily = groupBy(
    recent,
    (s) => s.created.slice(0, 10),
    (date) => ({ date, ...usage() }),
    addUsage,
  );
  return daily.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Per model (empty: "unknown"), most sessions first. */
export function modelStats(sessions: Session[]): ModelStats[] {
  const rows = groupBy(
    sessions,
    (s) => s.model || 'unknown',
    (model) => ({ model, ...usage() }),
    addUsage,
  );
  return descending(rows, (m) => m.sessions).map(({ durationMs, ...m }) => ({
    ...m,
    avgDurationMs: durationMs / m.sessions,
  }));
}

/** Per project (name, else path, else "unknown"), most recently active first. */
export function projectStats(sessions: Session[]): ProjectStats[] {
  const rows = groupBy(
    sessions,
    (s) => s.projectName || s.projectPath || 'unknown',
    (project): ProjectStats => ({
      project,
      sessions: 0,
      messageCount: 0,
      totalTokens: 0,
      promptTokens: 0,
      completionTokens: 0,
      totalDurationMs: 0,
      cost: 0,
      lastActive: 0,
    }),
    (p, s) => {
      p.sessions++;
      p.messageCount += s.messageCount || 0;
      p.totalTokens += s.totalTokens || 0;
      p.promptTokens += s.promptTokens || 0;
      p.completionTokens += s.completionTokens || 0;
      p.totalDurationMs += s.durationMs || 0;
      p.cost += s.cost || 0;
      p.lastActive = Math.max(p.lastActive, epochMs(s.updated) || 0);
    },
  );
  return descending(rows, (p) => p.lastActive);
}

// Sessions, tokens and cost per key, most sessions first.
function shares<K extends string>(sessions: Session[], name: K, key: (s: Session) => string) {
  const rows = groupBy(
    sessions,
    key,
    (k) =>
      ({ [name]: k, sessions: 0, totalTokens: 0, cost: 0 }) as Record<K, string> & {
        sessions: number;
        totalTokens: number;
        cost: number;
      },
    (g, s) => {
      g.sessions++;
      g.totalTokens += s.totalTokens || 0;
      g.cost += s.cost || 0;
    },
  );
  return descending(rows, (g) => g.sessions);
}

/** Per provider (inferred). */
export const providerStats = (sessions: Session[]): ProviderStats[] =>
  shares(sessions, 'provider', inferProvider);
/** Per source (empty: "opencode"). */
export const sourceStats = (sessions: Session[]): SourceStats[] =>
  shares(sessions, 'source', (s) => s.source || 'opencode');

/** useUser's stats: sums, tokens by model and by stored provider. */
export function userStats(sessions: Session[]): UserStats {
  const stats: UserStats = {
    sessionCount: sessions.length,
    messageCount: 0,
    totalTokens: 0,
    totalCost: 0,
    totalDurationMs: 0,
    modelUsage: {},
    providerUsage: {},
  };
  for (const s of sessions) {
    stats.messageCount += s.messageCount || 0;
    stats.totalTokens += s.totalTokens || 0;
    stats.totalCost += s.cost || 0;
    stats.totalDurationMs += s.durationMs || 0;
    if (s.model) stats.modelUsage[s.model] = (stats.modelUsage[s.model] ?? 0) + (s.totalTokens || 0);
    if (s.provider)
      stats.providerUsage[s.provider] = (stats.providerUsage[s.provider] ?? 0) + (s.totalTokens || 0);
  }
  return stats;
}

/** useEvals' counts over the listed sessions. */
export function evalStats(sessions: EvalSession[]): EvalStats {
  return {
    total: sessions.length,
    bySource: {
      opencode: sessions.filter((s) => s.source === 'opencode' || !s.source).length,
      claudeCode: sessions.filter((s) => s.source === 'claude-code').length,
      factoryDroid: sessions.filter((s) => s.source === 'factory-droid').length,
    },
    totalTestCases: sessions.reduce((n, s) => n + s.messageCount, 0),
  };
}
