// Sessions: filters (source, model, project, provider), sort, pagination; rows open the session.
import { useEffect, useState } from 'react';

import { useAnalyticsRollups, useSessions, type UseSessionsOptions } from '../../../js/opensync/index.js';
import { useSyncStatus } from '../../../js/react/index.js';
import { syncProgressText } from '../components/sync-badge.js';
import { duration, money, tokens, when } from '../format.js';

type Sort = NonNullable<UseSessionsOptions['sortBy']>;
const SORTS: Array<[Sort, string]> = [
  ['updated', 'Last updated'],
  ['created', 'Created'],
  ['totalTokens', 'Tokens'],
  ['cost', 'Cost'],
  ['durationMs', 'Duration'],
];

function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SessionsPage() {
  const [filters, setFilters] = useState({ source: '', model: '', project: '', provider: '' });
  const [sortBy, setSortBy] = useState<Sort>('updated');
  const [sortOrder, setSortOrder] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(1);
  const sync = useSyncStatus();
  const { sessions, total, totalPages, isLoading, error } = useSessions({
    ...filters,
    sortBy,
    sortOrder,
    page,
    limit: 25,
  });
  const { modelStats, projectStats, providerStats, sourceStats } = useAnalyticsRollups({ days: 30 });
  const set = (key: keyof typeof filters) => (value: string) => {
    setFilters({ ...filters, [key]: value });
    setPage(1);
  };
  // When the list first shows rows (read by the navigation benchmark).
  useEffect(() => {
    if (sessions.length > 0)
      (window as unknown as { firstListAt?: number }).firstListAt ??= performance.now();
  }, [sessions.length]);
  const names = (rows: Array<Record<string, unknown>>, key: string) => rows.map((r) => String(r[key]));
  return (
    <section>
      <div className="toolbar">
        <Choice
          id="filter-source"
          label="Source"
          value={filters.source}
          options={names(sourceStats, 'source')}
          onChange={set('source')}
        />
        <Choice
          id="filter-model"
          label="Model"
          value={filters.model}
          options={names(modelStats, 'model').filter((m) => m !== 'unknown')}
          onChange={set('model')}
        />
        <Choice
          id="filter-project"
          label="Project"
          value={filters.project}
          options={names(projectStats, 'project').filter((p) => p !== 'unknown')}
          onChange={set('project')}
        />
        <Choice
          id="filter-provider"
          label="Provider"
          value={filters.provider}
          options={names(providerStats, 'provider')}
          onChange={set('provider')}
        />
        <label>
          Sort
          <select id="sort" value={sortBy} onChange={(e) => setSortBy(e.target.value as Sort)}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          id="sort-order"
          className="control"
          onClick={() => setSortOrder(sortOrder === 'asc' ? 'desc' : 'asc')}
        >
          {sortOrder === 'asc' ? '↑ ascending' : '↓ descending'}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <p className="summary" id="sessions-total">
        {isLoading ? 'Loading…' : `${total.toLocaleString('en-US')} sessions`}
        {sync.initialSync && <span id="sessions-syncing"> · {syncProgressText(sync.initialSync)}</span>}
      </p>
      <table className="sessions" id="sessions">
        <thead>
          <tr>
            <th>Title</th>
            <th>Project</th>
            <th>Model</th>
            <th>Source</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
            <th className="num">Duration</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-id={s.id}>
              <td>
                <a href={`#/session/${s.id}`}>{s.title || '(untitled)'}</a>
                {s.isPublic && <span className="tag">public</span>}
              </td>
              <td>{s.projectName || s.projectPath}</td>
              <td>{s.model || 'unknown'}</td>
              <td>{s.source || 'opencode'}</td>
              <td className="num">{tokens(s.totalTokens)}</td>
              <td className="num">{money(s.cost)}</td>
              <td className="num">{duration(s.durationMs)}</td>
              <td>{when(s.updated)}</td>
            </tr>
          ))}
          {!isLoading && sessions.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                No session matches these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button id="page-prev" className="control" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span id="page-label">
          Page {page} of {Math.max(1, totalPages)}
        </span>
        <button
          id="page-next"
          className="control"
          disabled={page >= totalPages}
          onClick={() => setPage(page + 1)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
