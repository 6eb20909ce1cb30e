// OpenSync's dashboard statistics (its useAnalytics hook) as rollups the
// engine keeps current: a dashboard read costs O(groups), before and after every write.
import type { AggregateSpec, DimensionSpec } from '../analytics.js';
import { filter } from '../filter.js';
import type { ReplicaSource } from '../source.js';

/** The provider rule: the session's provider, else inferred from the model name. */
export const PROVIDER_RULES = [
  { contains: ['claude', 'anthropic'], value: 'anthropic' },
  { contains: ['gpt', 'o1', 'o3', 'davinci', 'curie', 'text-embedding'], value: 'openai' },
  { contains: ['gemini', 'palm', 'bard'], value: 'google' },
  { contains: ['mistral', 'mixtral'], value: 'mistral' },
  { contains: ['command', 'cohere'], value: 'cohere' },
  { contains: ['llama', 'meta'], value: 'meta' },
  { contains: ['deepseek'], value: 'deepseek' },
  { contains: ['groq'], value: 'groq' },
];

/** Options of {@link opensyncAnalytics}. */
export interface OpenSyncAnalyticsOptions {
  /** Only sessions of this source ("opencode" includes sessions without one). */
  source?: string;
  /** dailyStats covers the last `days` days (default 30), ending today. */
  days?: number;
  /** The dashboard's fixed UTC offset in minutes, for day boundaries (default 0 = UTC). */
  offsetMinutes?: number;
  /** The clock (ms) "today" is taken from (default Date.now()). */
  now?: number;
  /**
   * Every statistic covers the last `days` days, not only dailyStats (OpenSync's own dashboard
   * shows all-time cards and breakdowns). Computed per read rather than kept as rollups: the
   * window moves with the clock.
   */
  windowed?: boolean;
}

// The first day of the window at 00:00 in the dashboard's time zone, as a UTC-based day number (ms).
function firstDay(options: OpenSyncAnalyticsOptions): number {
  const today = new Date((options.now ?? Date.now()) + (options.offsetMinutes ?? 0) * 60_000);
  return Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() - ((options.days ?? 30) - 1),
  );
}

/** The window's first instant as a PocketBase datetime ("2026-11-04 00:00:00.000Z" at offset 0). */
export function windowStart(options: OpenSyncAnalyticsOptions): string {
  const start = firstDay(options) - (options.offsetMinutes ?? 0) * 60_000;
  return new Date(start).toISOString().replace('T', ' ');
}

const both = (a: string, b: string) => (a && b ? `${a} && ${b}` : a || b);

const tokens = [
  { name: 'promptTokens', op: 'sum', field: 'promptTokens' },
  { name: 'completionTokens', op: 'sum', field: 'completionTokens' },
  { name: 'totalTokens', op: 'sum', field: 'totalTokens' },
] as const;
const sessions = { name: 'sessions', op: 'count' } as const;
const cost = { name: 'cost', op: 'sum', field: 'cost' } as const;
/** What the provider and source breakdowns show per group. */
const shares = [sessions, { name: 'totalTokens', op: 'sum', field: 'totalTokens' }, cost] as const;

function sourceFilter(source: string | undefined): string {
  if (!source) return '';
  const quoted = JSON.stringify(source);
  return source === 'opencode' ? `(source = ${quoted} || source = "")` : `source = ${quoted}`;
}

/** The rollup specs of OpenSync's dashboard, on the sessions collection (messages for the count). */
export function opensyncRollupSpecs(
  options: OpenSyncAnalyticsOptions = {},
): Record<string, [string, AggregateSpec]> {
  const since = options.windowed ? `created >= ${JSON.stringify(windowStart(options))}` : '';
  const filter = both(sourceFilter(options.source), since);
  const day: DimensionSpec = {
    name: 'date',
    field: 'created',
    bucket: 'day',
    offsetMinutes: options.offsetMinutes ?? 0,
  };
  return {
    summary: [
      'sessions',
      {
        filter,
        measures: [
          { name: 'totalSessions', op: 'count' },
          ...tokens,
          { name: 'totalCost', op: 'sum', field: 'cost' },
          { name: 'totalDurationMs', op: 'sum', field: 'durationMs' },
          { name: 'uniqueModels', op: 'countDistinct', field: 'model' },
          { name: 'uniqueProjects', op: 'countDistinct', coalesce: ['projectName', 'projectPath'] },
          { name: 'firstSessionAt', op: 'min', field: 'created' },
          { name: 'lastActiveAt', op: 'max', field: 'updated' },
        ],
      },
    ],
    messages: ['messages', { filter: since, measures: [{ name: 'totalMessages', op: 'count' }] }],
    daily: [
      'sessions',
      {
        filter,
        groupBy: [day],
        measures: [sessions, ...tokens, cost, { name: 'durationMs', op: 'sum', field: 'durationMs' }],
        order: ['date'],
      },
    ],
    models: [
      'sessions',
      {
        filter,
        groupBy: [{ name: 'model', field: 'model', empty: 'unknown' }],
        measures: [sessions, ...tokens, cost, { name: 'avgDurationMs', op: 'avg', field: 'durationMs' }],
        order: ['-sessions'],
      },
    ],
    projects: [
      'sessions',
      {
        filter,
        groupBy: [{ name: 'project', coalesce: ['projectName', 'projectPath'], empty: 'unknown' }],
        measures: [
          sessions,
          { name: 'messageCount', op: 'sum', field: 'messageCount' },
          { name: 'totalTokens', op: 'sum', field: 'totalTokens' },
          { name: 'promptTokens', op: 'sum', field: 'promptTokens' },
          { name: 'completionTokens', op: 'sum', field: 'completionTokens' },
          { name: 'totalDurationMs', op: 'sum', field: 'durationMs' },
          cost,
          { name: 'lastActive', op: 'max', field: 'updated' },
        ],
        order: ['-sessions'],
      },
    ],
    providers: [
      'sessions',
      {
        filter,
        groupBy: [
          {
            name: 'provider',
            field: 'provider',
            infer: { from: 'model', rules: PROVIDER_RULES, otherwise: 'unknown' },
          },
        ],
        measures: [...shares],
        order: ['-sessions'],
      },
    ],
    sources: [
      'sessions',
      {
        filter: since,
        groupBy: [{ name: 'source', field: 'source', empty: 'opencode' }],
        measures: [...shares],
        order: ['-sessions'],
      },
    ],
  };
}

type Row = Record<string, string | number | null>;

/**
 * OpenSync's useAnalytics result, read from rollups (registered on first use under names keyed
 * by the options, then kept current by every write): summaryStats, dailyStats (the last `days`
 * days, oldest first), modelStats, projectStats, providerStats, sourceStats.
 */
export async function opensyncAnalytics(replica: ReplicaSource, options: OpenSyncAnalyticsOptions = {}) {
  const key = `opensync:${options.source ?? ''}:${options.offsetMinutes ?? 0}`;
  const results: Record<string, Row[]> = {};
  for (const [name, [collection, spec]] of Object.entries(opensyncRollupSpecs(options))) {
    const rollupName = `${key}:${name}`;
    const read = options.windowed
      ? await replica.aggregate<Row>(collection, spec)
      : await replica.rollup<Row>(rollupName).catch(() => replica.defineRollup(collection, rollupName, spec));
    results[name] = read.rows as Row[];
  }
  const summary = results.summary![0] ?? {};
  const totalSessions = Number(summary.totalSessions ?? 0);
  const totalTokens = Number(summary.totalTokens ?? 0);
  const totalCost = Number(summary.totalCost ?? 0);
  // The window's first date in the dashboard's time zone (the daily buckets' dates).
  const since = new Date(firstDay(options)).toISOString().slice(0, 10);
  return {
    summaryStats: {
      totalSessions,
      totalMessages: Number(results.messages![0]?.totalMessages ?? 0),
      totalTokens,
      promptTokens: Number(summary.promptTokens ?? 0),
      completionTokens: Number(summary.completionTokens ?? 0),
      totalCost,
      totalDurationMs: Number(summary.totalDurationMs ?? 0),
      uniqueModels: Number(summary.uniqueModels ?? 0),
      uniqueProjects: Number(summary.uniqueProjects ?? 0),
      avgTokensPerSession: totalSessions > 0 ? totalTokens / totalSessions : 0,
      avgCostPerSession: totalSessions > 0 ? totalCost / totalSessions : 0,
    },
    dailyStats: results.daily!.filter((d) => String(d.date) >= since),
    modelStats: results.models!,
    projectStats: results.projects!,
    providerStats: results.providers!,
    sourceStats: results.sources!,
  };
}

/** The Settings page's numbers for the replica's user (useUser's `stats`). */
export async function opensyncUserStats(replica: ReplicaSource) {
  const { summaryStats, raw } = await readSummary(replica);
  return {
    totalSessions: summaryStats.totalSessions,
    totalMessages: summaryStats.totalMessages,
    totalTokens: summaryStats.totalTokens,
    totalCost: summaryStats.totalCost,
    firstSessionAt:
      raw.firstSessionAt === null || raw.firstSessionAt === undefined ? null : Number(raw.firstSessionAt),
    lastActiveAt:
      raw.lastActiveAt === null || raw.lastActiveAt === undefined ? null : Number(raw.lastActiveAt),
  };
}

async function readSummary(replica: ReplicaSource) {
  const { summaryStats } = await opensyncAnalytics(replica, {});
  const raw = (await replica.rollup<Row>('opensync::0:summary')).rows[0] ?? {};
  return { summaryStats, raw };
}

/** useEvals' statistics: eval-ready sessions, how many were reviewed, per source, and every tag. */
export async function opensyncEvalStats(replica: ReplicaSource) {
  const name = 'opensync:evals';
  const spec = {
    filter: 'evalReady = true',
    groupBy: [{ name: 'source', field: 'source', empty: 'opencode' }],
    measures: [{ name: 'sessions', op: 'count' as const }],
    order: ['-sessions'],
  };
  const bySource = (await replica.rollup<Row>(name).catch(() => replica.defineRollup('sessions', name, spec)))
    .rows;
  const ready = await replica
    .collection('sessions')
    .getFullList({ filter: 'evalReady = true', fields: 'evalTags,reviewedAt' });
  const tags = new Map<string, number>();
  for (const s of ready)
    for (const tag of Array.isArray(s.evalTags) ? (s.evalTags as unknown[]) : [])
      if (typeof tag === 'string') tags.set(tag, (tags.get(tag) ?? 0) + 1);
  return {
    total: ready.length,
    reviewed: ready.filter((s) => s.reviewedAt).length,
    bySource: bySource.map((r) => ({ source: String(r.source), sessions: Number(r.sessions) })),
    allTags: [...tags.keys()].sort(),
    tagCounts: [...tags]
      .map(([tag, sessions]) => ({ tag, sessions }))
      .sort((a, b) => b.sessions - a.sessions || (a.tag < b.tag ? -1 : 1)),
  };
}

/** What the cleanup page shows: sessions worth deleting, and rows and bytes per collection. */
export async function opensyncStorageStats(replica: ReplicaSource, options: { minMessages?: number } = {}) {
  const sessions = replica.collection('sessions');
  const minMessages = options.minMessages ?? 2;
  return {
    fewMessages: await sessions.count(filter('messageCount < {:n}', { n: minMessages })),
    untitled: await sessions.count('title = ""'),
    zeroCost: await sessions.count('cost = 0'),
    collections: await replica.storageStats(),
  };
}
