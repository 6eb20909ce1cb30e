// OpenSync's dashboard statistics computed the straightforward way, as OpenSync's JavaScript
// reduce does: the reference the analytics tests and benchmark compare the engine with.
import { PROVIDER_RULES, type OpenSyncDataset } from '../../js/opensync/index.js';

export type Session = Record<string, unknown>;

export const num = (v: unknown) => (typeof v === 'number' ? v : 0);
export const text = (v: unknown) => (typeof v === 'string' ? v : '');
export const ms = (date: unknown) => Date.parse(text(date).replace(' ', 'T'));

export function provider(s: Session): string {
  if (text(s.provider)) return text(s.provider);
  const model = text(s.model).toLowerCase();
  if (!model) return 'unknown';
  return PROVIDER_RULES.find((r) => r.contains.some((c) => model.includes(c)))?.value ?? 'unknown';
}

export function groupBy(sessions: Session[], key: (s: Session) => string) {
  const groups = new Map<string, Session[]>();
  for (const s of sessions) {
    const k = key(s);
    const list = groups.get(k);
    if (list) list.push(s);
    else groups.set(k, [s]);
  }
  return groups;
}
// Ties in code-point order, as the engine breaks them.
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const sum = (rows: Session[], field: string) => rows.reduce((t, s) => t + num(s[field]), 0);
const bySessionsThenName = (name: string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
  num(b.sessions) - num(a.sessions) || byCodePoint(String(a[name]), String(b[name]));

/** The reference: what OpenSync's JavaScript reduce computes. */
export function reference(data: OpenSyncDataset, days: number, offsetMinutes: number, now: number) {
  const sessions = data.sessions as Session[];
  const project = (s: Session) => text(s.projectName) || text(s.projectPath) || 'unknown';
  const dayOf = (s: Session) => new Date(ms(s.created) + offsetMinutes * 60_000).toISOString().slice(0, 10);
  const today = new Date(now + offsetMinutes * 60_000);
  const since = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days + 1))
    .toISOString()
    .slice(0, 10);
  const totalTokens = sum(sessions, 'totalTokens');
  const totalCost = sum(sessions, 'cost');
  return {
    summaryStats: {
      totalSessions: sessions.length,
      totalMessages: data.messages.length,
      totalTokens,
      promptTokens: sum(sessions, 'promptTokens'),
      completionTokens: sum(sessions, 'completionTokens'),
      totalCost,
      totalDurationMs: sum(sessions, 'durationMs'),
      uniqueModels: new Set(sessions.map((s) => text(s.model)).filter(Boolean)).size,
      uniqueProjects: new Set(sessions.map((s) => text(s.projectName) || text(s.projectPath)).filter(Boolean))
        .size,
      avgTokensPerSession: sessions.length ? totalTokens / sessions.length : 0,
      avgCostPerSession: sessions.length ? totalCost / sessions.length : 0,
    },
    dailyStats: [...groupBy(sessions, dayOf)]
      .filter(([date]) => date >= since)
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([date, rows]) => ({
        date,
        sessions: rows.length,
        promptTokens: sum(rows, 'promptTokens'),
        completionTokens: sum(rows, 'completionTokens'),
        totalTokens: sum(rows, 'totalTokens'),
        cost: sum(rows, 'cost'),
        durationMs: sum(rows, 'durationMs'),
      })),
    modelStats: [...groupBy(sessions, (s) => text(s.model) || 'unknown')]
      .map(([model, rows]) => ({
        model,
        sessions: rows.length,
        promptTokens: sum(rows, 'promptTokens'),
        completionTokens: sum(rows, 'completionTokens'),
        totalTokens: sum(rows, 'totalTokens'),
        cost: sum(rows, 'cost'),
        avgDurationMs: sum(rows, 'durationMs') / rows.length,
      }))
      .sort(bySessionsThenName('model')),
    projectStats: [...groupBy(sessions, project)]
      .map(([name, rows]) => ({
        project: name,
        sessions: rows.length,
        messageCount: sum(rows, 'messageCount'),
        totalTokens: sum(rows, 'totalTokens'),
        promptTokens: sum(rows, 'promptTokens'),
        completionTokens: sum(rows, 'completionTokens'),
        totalDurationMs: sum(rows, 'durationMs'),
        cost: sum(rows, 'cost'),
        lastActive: Math.max(...rows.map((s) => ms(s.updated))),
      }))
      .sort(bySessionsThenName('project')),
    providerStats: [...groupBy(sessions, provider)]
      .map(([name, rows]) => ({
        provider: name,
        sessions: rows.length,
        totalTokens: sum(rows, 'totalTokens'),
        cost: sum(rows, 'cost'),
      }))
      .sort(bySessionsThenName('provider')),
    sourceStats: [...groupBy(sessions, (s) => text(s.source) || 'opencode')]
      .map(([source, rows]) => ({
        source,
        sessions: rows.length,
        totalTokens: sum(rows, 'totalTokens'),
        cost: sum(rows, 'cost'),
      }))
      .sort(bySessionsThenName('source')),
  };
}
