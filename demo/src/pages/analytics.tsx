// Analytics for the last 7, 30 or 90 days: summary cards, daily tokens and cost on two axes, and
// breakdowns by model, provider, project and source; all live (recomputed as data syncs in).
import { useState } from 'react';

import { useAnalyticsRollups } from '../../../js/opensync/index.js';
import { money, tokens } from '../format.js';

type Row = Record<string, string | number | null>;

// Every day of the window, zero where no session was created (dailyStats lists active days only).
function everyDay(rows: Row[], days: number): Row[] {
  const byDate = new Map(rows.map((r) => [String(r.date), r]));
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return byDate.get(date) ?? { date, sessions: 0, totalTokens: 0, cost: 0 };
  });
}

// Round axis maxima: 1, 2 or 5 times a power of ten at or above the largest value.
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value)!;
}

const compact = (n: number) =>
  n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(+n.toFixed(2));

function DailyChart({ rows: active, days }: { rows: Row[]; days: number }) {
  const rows = everyDay(active, days);
  const [width, height] = [900, 240];
  const [left, right, top, bottom] = [56, 56, 12, 26]; // room for the axes' labels
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const maxTokens = niceMax(Math.max(...rows.map((r) => Number(r.totalTokens))));
  const maxCost = niceMax(Math.max(...rows.map((r) => Number(r.cost))));
  const step = plotWidth / Math.max(1, rows.length);
  const y = (fraction: number) => top + plotHeight * (1 - fraction);
  const costLine = rows
    .map((r, i) => `${left + i * step + step / 2},${y(Number(r.cost) / maxCost)}`)
    .join(' ');
  const labelEvery = Math.ceil(rows.length / 6); // at most about seven dates under the axis
  return (
    <svg
      id="daily-chart"
      viewBox={`0 0 ${width} ${height}`}
      className="chart"
      role="img"
      aria-label="Daily tokens and cost"
    >
      <g className="axis" id="chart-axes">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={width - right} y1={y(f)} y2={y(f)} className="gridline" />
            <text x={left - 6} y={y(f) + 4} textAnchor="end" data-axis="tokens">
              {compact(maxTokens * f)}
            </text>
            <text x={width - right + 6} y={y(f) + 4} data-axis="cost">
              ${compact(maxCost * f)}
            </text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const h = (Number(r.totalTokens) / maxTokens) * plotHeight;
        return (
          <g key={String(r.date)}>
            <rect
              x={left + i * step + 1}
              y={y(0) - h}
              width={Math.max(1, step - 2)}
              height={h}
              className="bar"
            >
              <title>
                {String(r.date)}: {tokens(r.totalTokens)} tokens, {money(r.cost)}, {String(r.sessions)}{' '}
                sessions
              </title>
            </rect>
            {i % labelEvery === 0 && (
              <text x={left + i * step + step / 2} y={height - 8} textAnchor="middle">
                {String(r.date).slice(5)}
              </text>
            )}
          </g>
        );
      })}
      <polyline points={costLine} className="line" />
    </svg>
  );
}

function Breakdown({ id, title, rows, name }: { id: string; title: string; rows: Row[]; name: string }) {
  const max = Math.max(1, ...rows.map((r) => Number(r.totalTokens)));
  return (
    <div className="breakdown" id={id}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="empty">No sessions in this period.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th className="name">{name}</th>
              <th>tokens</th>
              <th className="num">sessions</th>
              <th className="num">cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 8).map((r) => (
              <tr key={String(r[name])} title={`${tokens(r.totalTokens)} tokens`}>
                <td className="name">{String(r[name])}</td>
                <td className="bar-cell">
                  <div className="hbar" style={{ width: `${(Number(r.totalTokens) / max) * 100}%` }} />
                </td>
                <td className="num">{String(r.sessions)}</td>
                <td className="num">{money(r.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function AnalyticsPage() {
  const [days, setDays] = useState(30);
  // windowed: the cards and breakdowns cover the chosen days too, not all time.
  const { summaryStats, dailyStats, modelStats, projectStats, providerStats, sourceStats, isLoading } =
    useAnalyticsRollups({ days, windowed: true });
  if (isLoading || !summaryStats) return <p className="loading">Loading the statistics…</p>;
  const cards: Array<[string, string]> = [
    ['Sessions', tokens(summaryStats.totalSessions)],
    ['Messages', tokens(summaryStats.totalMessages)],
    ['Tokens', tokens(summaryStats.totalTokens)],
    ['Cost', money(summaryStats.totalCost)],
    ['Models', String(summaryStats.uniqueModels)],
    ['Projects', String(summaryStats.uniqueProjects)],
    ['Avg tokens / session', tokens(Math.round(summaryStats.avgTokensPerSession))],
    ['Avg cost / session', money(summaryStats.avgCostPerSession)],
  ];
  return (
    <section>
      <div className="toolbar">
        <h3 id="period">The last {days} days</h3>
        {[7, 30, 90].map((d) => (
          <button
            key={d}
            id={`days-${d}`}
            className={d === days ? 'control on' : 'control'}
            onClick={() => setDays(d)}
          >
            {d} days
          </button>
        ))}
      </div>
      <div className="cards" id="summary">
        {cards.map(([label, value]) => (
          <div className="card" key={label} data-label={label}>
            <span className="label">{label}</span>
            <strong>{value}</strong>
          </div>
        ))}
      </div>
      <h3>Daily tokens (bars, left axis) and cost (line, right axis)</h3>
      <DailyChart rows={dailyStats as Row[]} days={days} />
      <div className="grid">
        <Breakdown id="by-model" title="Models" rows={modelStats as Row[]} name="model" />
        <Breakdown id="by-provider" title="Providers" rows={providerStats as Row[]} name="provider" />
        <Breakdown id="by-project" title="Projects" rows={projectStats as Row[]} name="project" />
        <Breakdown id="by-source" title="Sources" rows={sourceStats as Row[]} name="source" />
      </div>
    </section>
  );
}
