// Evals: eval-ready sessions (by source and tags), notes and tags, and the dataset exports.
import { useState } from 'react';

import { useEvals, type EvalSession, type ExportFormat } from '../../../js/opensync/index.js';
import { download } from '../format.js';

function EvalRow({ session, evals }: { session: EvalSession; evals: ReturnType<typeof useEvals> }) {
  const [notes, setNotes] = useState(session.evalNotes ?? '');
  const [tags, setTags] = useState((session.evalTags ?? []).join(', '));
  return (
    <tr data-id={session.id}>
      <td>
        <a href={`#/session/${session.id}`}>{session.title || '(untitled)'}</a>
      </td>
      <td>{session.source || 'opencode'}</td>
      <td>
        <input
          className="notes"
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={() => notes !== (session.evalNotes ?? '') && void evals.updateEvalNotes(session.id, notes)}
        />
      </td>
      <td>
        <input
          className="tags"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          onBlur={() =>
            void evals.updateEvalTags(
              session.id,
              tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
            )
          }
        />
      </td>
      <td>
        <button className="control" onClick={() => void evals.setEvalReady(session.id, false)}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/** Eval-ready sessions per page of the table. */
const PER_PAGE = 50;

export function EvalsPage() {
  const [source, setSource] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [page, setPage] = useState(1);
  const evals = useEvals({ source: source || undefined, tags });
  const pages = Math.max(1, Math.ceil(evals.evalSessions.length / PER_PAGE));
  const shown = Math.min(page, pages); // a narrower filter may leave fewer pages
  const rows = evals.evalSessions.slice((shown - 1) * PER_PAGE, shown * PER_PAGE);
  const exportAs = async (format: ExportFormat) => {
    const options = { includeToolCalls: true, includeSystemPrompts: false, anonymizePaths: true };
    const result = await evals.generateExport('all', format, options);
    download(result.filename, result.data, 'application/json');
  };
  return (
    <section>
      <div className="toolbar">
        <label>
          Source
          <select
            id="evals-source"
            value={source}
            onChange={(e) => {
              setSource(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All</option>
            {['opencode', 'claude-code', 'factory-droid'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <div className="tag-filter" id="evals-tags">
          {evals.allTags.map((tag) => (
            <button
              key={tag}
              className={tags.includes(tag) ? 'tag on' : 'tag'}
              onClick={() => {
                setTags(tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag]);
                setPage(1);
              }}
            >
              {tag}
            </button>
          ))}
        </div>
      </div>
      <p className="summary" id="evals-summary">
        {evals.isLoading
          ? 'Loading…'
          : `${evals.stats.total} eval-ready · ${evals.stats.totalTestCases} messages · ${evals.allTags.length} tags`}
      </p>
      <div className="actions">
        <button id="export-deepeval" className="control" onClick={() => void exportAs('deepeval')}>
          Export DeepEval
        </button>
        <button id="export-openai" className="control" onClick={() => void exportAs('openai')}>
          Export OpenAI JSONL
        </button>
        <button id="export-files" className="control" onClick={() => void exportAs('filesystem')}>
          Export files
        </button>
      </div>
      <table className="sessions" id="evals">
        <thead>
          <tr>
            <th>Session</th>
            <th>Source</th>
            <th>Notes</th>
            <th>Tags</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <EvalRow key={s.id} session={s} evals={evals} />
          ))}
          {!evals.isLoading && rows.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No eval-ready session
                {source || tags.length ? ' matches this filter' : ' yet: mark one from its page'}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button id="evals-prev" className="control" disabled={shown <= 1} onClick={() => setPage(shown - 1)}>
          Previous
        </button>
        <span id="evals-page">
          Page {shown} of {pages} · {evals.evalSessions.length} sessions
        </span>
        <button
          id="evals-next"
          className="control"
          disabled={shown >= pages}
          onClick={() => setPage(shown + 1)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
