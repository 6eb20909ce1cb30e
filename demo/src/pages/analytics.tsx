// Analytics: summary cards, daily tokens and cost, and breakdowns by model, provider, project and
// source; all live (rollups the engine keeps current as data syncs in).
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

function DailyChart({ rows: active, days }: { rows: Row[]; days: number }) {
  const rows = everyDay(active, days);
  const width = 900;
  const height = 220;
  const maxTokens = Math.max(1, ...rows.map((r) => Number(r.totalTokens)));
  const maxCost = Math.max(1e-9, ...rows.map((r) => Number(r.cost)));
  const step = width / Math.max(1, rows.length);
  const costLine = rows
    .map((r, i) => `${i * step + step / 2},${height - 20 - (Number(r.cost) / maxCost) * (height - 40)}`)
    .join(' ');
  return (
    <svg
      id="daily-chart"
      viewBox={`0 0 ${width} ${height}`}
      className="chart"
      role="img"
      aria-label="Daily tokens and cost"
    >
      {rows.map((r, i) => {
        const h = (Number(r.totalTokens) / maxTokens) * (height - 40);
        return (
          <rect
            key={String(r.date)}
            x={i * step + 2}
            y={height - 20 - h}
            width={Math.max(1, step - 4)}
            height={h}
            className="bar"
          >
            <title>
              {String(r.date)}: {tokens(r.totalTokens)} tokens, {money(r.cost)}, {String(r.sessions)} sessions
            </title>
          </rect>
        );
      })}
      <polyline points={costLine} className="line" />
      {rows.length > 0 && (
        <>
          <text x={4} y={height - 4}>
            {String(rows[0]!.date)}
          </text>
          <text x={width - 4} y={height - 4} textAnchor="end">
            {String(rows.at(-1)!.date)}
          </text>
        </>
      )}
    </svg>
  );
}

function Breakdown({ id, title, rows, name }: { id: string; title: string; rows: Row[]; name: string }) {
  const max = Math.max(1, ...rows.map((r) => Number(r.totalTokens)));
  return (
    <div className="breakdown" id={id}>
      <h3>{title}</h3>
      <table>
        <tbody>
          {rows.slice(0, 8).map((r) => (
            <tr key={String(r[name])}>
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
    </div>
  );
}

export function AnalyticsPage() {
  const [days, setDays] = useState(30);
  const { summaryStats, dailyStats, modelStats, projectStats, providerStats, sourceStats, isLoading } =
    useAnalyticsRollups({ days });
  if (isLoading || !summaryStats) return <p>Loading…</p>;
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
      <div className="cards" id="summary">
        {cards.map(([label, value]) => (
          <div className="card" key={label} data-label={label}>
            <span className="label">{label}</span>
            <strong>{value}</strong>
          </div>
        ))}
      </div>
      <div className="toolbar">
        <h3>Daily tokens (bars) and cost (line)</h3>
        {[7, 30, 90].map((d) => (
          <button key={d} className={d === days ? 'control on' : 'control'} onClick={() => setDays(d)}>
            {d} days
          </button>
        ))}
      </div>
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
