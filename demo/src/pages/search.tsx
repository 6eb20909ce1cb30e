// Search: full-text over sessions and messages with highlighted snippets, semantic (vectors near
// the query's meaning) and hybrid (both rankings fused).
import { useMemo, useState } from 'react';

import { useMessageSearch, useSemanticSearch, useSessionSearch } from '../../../js/opensync/index.js';
import type { SessionsRecord } from '../../../js/opensync/types.js';
import { useHybridSearch, useReplica } from '../../../js/react/index.js';
import { embedFromMatches } from '../embed.js';

// Highlights are the engine's HTML: matches in <mark>, everything else escaped by the engine.
const Snippet = ({ html }: { html: string | undefined }) =>
  html ? <span className="snippet" dangerouslySetInnerHTML={{ __html: html }} /> : null;

function FullText({ query }: { query: string }) {
  const sessions = useSessionSearch({ query, limit: 10 });
  const messages = useMessageSearch({ query, limit: 10 });
  return (
    <div className="columns">
      <div>
        <h3>Sessions ({sessions.total})</h3>
        <ol id="search-sessions">
          {sessions.sessions.map((s) => (
            <li key={s.id}>
              <a href={`#/session/${s.id}`}>
                {s.highlights.title ? <Snippet html={s.highlights.title} /> : s.title || '(untitled)'}
              </a>
              <Snippet html={s.highlights.searchableText} />
            </li>
          ))}
        </ol>
        {!sessions.isLoading && sessions.sessions.length === 0 && (
          <p className="empty">No session matches.</p>
        )}
      </div>
      <div>
        <h3>Messages ({messages.total})</h3>
        <ol id="search-messages">
          {messages.messages.map((m) => (
            <li key={m.id}>
              <a href={`#/session/${m.session}`}>{m.role}</a> <Snippet html={m.highlights.textContent} />
            </li>
          ))}
        </ol>
        {!messages.isLoading && messages.messages.length === 0 && (
          <p className="empty">No message matches.</p>
        )}
      </div>
    </div>
  );
}

function Semantic({ query }: { query: string }) {
  const replica = useReplica();
  const embed = useMemo(
    () => (replica ? embedFromMatches(replica) : async () => new Float32Array()),
    [replica],
  );
  const { data, error } = useSemanticSearch({ query, embed, limit: 10 });
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="loading">Searching…</p>;
  if (data.length === 0)
    return <p className="empty">Nothing near this query: no text match to start from.</p>;
  return (
    <ol id="search-semantic">
      {data.map(({ session, score }) => (
        <li key={session.id}>
          <a href={`#/session/${session.id}`}>{session.title || '(untitled)'}</a>{' '}
          <span className="score">{score.toFixed(3)}</span>
        </li>
      ))}
    </ol>
  );
}

function Hybrid({ query }: { query: string }) {
  const replica = useReplica();
  const embed = useMemo(() => (replica ? embedFromMatches(replica) : undefined), [replica]);
  const { data, error } = useHybridSearch<'sessions', SessionsRecord>('sessions', query, {
    k: 10,
    embed,
    vectors: { collection: 'sessionEmbeddings', relation: 'session' },
  });
  if (error) return <p className="error">{error.message}</p>;
  return (
    <>
      {!data && <p className="loading">Searching…</p>}
      {data && !data.usedVectors && <p className="note">Text only: {data.vectorError}</p>}
      {data?.items.length === 0 && <p className="empty">Nothing matches this query.</p>}
      <ol id="search-hybrid">
        {(data?.items ?? []).map((hit) => (
          <li key={hit.id}>
            <a href={`#/session/${hit.id}`}>{hit.record.title || '(untitled)'}</a>{' '}
            <span className="score">
              text #{hit.textRank ?? '–'} · vector #{hit.vectorRank ?? '–'}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

const MODES = [
  ['text', 'Full-text'],
  ['semantic', 'Semantic'],
  ['hybrid', 'Hybrid'],
] as const;

export function SearchPage() {
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<(typeof MODES)[number][0]>('text');
  return (
    <section>
      <div className="toolbar">
        <input
          id="search-input"
          className="search"
          placeholder="Search sessions and messages…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {MODES.map(([value, label]) => (
          <button
            key={value}
            id={`mode-${value}`}
            className={mode === value ? 'control on' : 'control'}
            onClick={() => setMode(value)}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'semantic' && (
        <p className="note">
          The demo has no embedding model: a query's vector is the mean of its best text matches' embeddings.
        </p>
      )}
      {!query.trim() ? (
        <p className="note">Type to search. Everything runs on the local replica, offline too.</p>
      ) : mode === 'text' ? (
        <FullText query={query} />
      ) : mode === 'semantic' ? (
        <Semantic query={query} />
      ) : (
        <Hybrid query={query} />
      )}
    </section>
  );
}
