// One session: its messages with their parts, the Markdown export, title edit, public/private,
// eval-ready, delete, and the sessions most similar to it (from the stored embeddings, offline).
import { useEffect, useState } from 'react';

import { useSession, useSimilarSessions, type SessionMessage } from '../../../js/opensync/index.js';
import { useSyncStatus } from '../../../js/react/index.js';
import { download, duration, money, tokens, when } from '../format.js';
import { go } from '../router.js';

type Part = SessionMessage['parts'][number];

// A part as what it is: code as code (with its language), a tool call as the call, a tool's
// result as its output; anything else as its text or JSON.
function PartBody({ part }: { part: Part }) {
  const content = part.content as Record<string, unknown> | string | null;
  if (typeof content === 'string') return <p className="part-text">{content}</p>;
  if (part.type === 'code_block' && typeof content?.code === 'string')
    return (
      <pre className="code" data-language={String(content.language ?? '')}>
        <span className="language">{String(content.language ?? 'code')}</span>
        <code>{content.code}</code>
      </pre>
    );
  if (part.type === 'tool_call' && typeof content?.tool === 'string')
    return (
      <p className="tool-call">
        <code>
          {content.tool}(
          {Object.entries((content.args as Record<string, unknown>) ?? {})
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join(', ')}
          )
        </code>
      </p>
    );
  if (part.type === 'tool_result' && content && 'output' in content)
    return (
      <p className={content.ok === false ? 'tool-result failed' : 'tool-result'}>
        {content.ok === false ? 'failed: ' : ''}
        {String(content.output)}
      </p>
    );
  if (typeof content?.text === 'string') return <p className="part-text">{content.text}</p>;
  return (
    <pre>
      <code>{JSON.stringify(content, null, 2)}</code>
    </pre>
  );
}

function Message({ message }: { message: SessionMessage }) {
  return (
    <article className={`message ${message.role}`}>
      <header>
        <span className="role">{message.role || 'unknown'}</span>
        <span className="meta">{when(new Date(message.createdAt).toISOString())}</span>
      </header>
      {message.textContent && <p className="text">{message.textContent}</p>}
      {message.parts
        .filter((part) => part.type !== 'text' || !message.textContent)
        .map((part, i) => (
          <div key={i} className={`part ${part.type}`}>
            <span className="part-type">{part.type.replace('_', ' ')}</span>
            <PartBody part={part} />
          </div>
        ))}
    </article>
  );
}

function Similar({ id }: { id: string }) {
  const { data } = useSimilarSessions({ sessionId: id, limit: 5 });
  return (
    <aside className="similar">
      <h3>Similar sessions</h3>
      {!data ? (
        <p>…</p>
      ) : data.length === 0 ? (
        <p>No embedding for this session yet.</p>
      ) : (
        <ol id="similar">
          {data.map(({ session, score }) => (
            <li key={session.id}>
              <a href={`#/session/${session.id}`}>{session.title || '(untitled)'}</a>{' '}
              <span className="score">{score.toFixed(3)}</span>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

export function SessionPage({ id }: { id: string }) {
  const { session, markdown, isLoading, error, setVisibility, updateSession, deleteSession } = useSession({
    sessionId: id,
  });
  const { failedEntries } = useSyncStatus();
  const [title, setTitle] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [showMarkdown, setShowMarkdown] = useState(false);
  useEffect(() => setTitle(session?.title ?? ''), [session?.id, session?.title]);
  if (isLoading) return <p>Loading…</p>;
  if (!session)
    return (
      <p id="session-missing">
        This session is not in the replica (deleted?): {error}. <a href="#/sessions">Back to sessions</a>
      </p>
    );
  const refused = failedEntries.find((e) => e.recordId === id);
  return (
    <div className="session-layout">
      <section className="session" id="session" data-id={id}>
        <form
          className="title-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void updateSession({ title });
          }}
        >
          <input
            id="session-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-label="Title"
          />
          <button id="save-title" className="control">
            Save title
          </button>
        </form>
        <h2 id="session-heading">{session.title || '(untitled)'}</h2>
        {refused && <p className="error">The server refused a change: {refused.error?.message}</p>}
        <div className="facts">
          <span>{session.source || 'opencode'}</span>
          <span>
            {session.model || 'unknown'} ({session.provider})
          </span>
          {(session.projectName || session.projectPath) && (
            <span>{session.projectName || session.projectPath}</span>
          )}
          <span>{tokens(session.totalTokens)} tokens</span>
          <span>{money(session.cost)}</span>
          <span>{duration(session.durationMs)}</span>
          <span>{session.messages.length} messages</span>
        </div>
        <div className="actions">
          <button
            id="toggle-public"
            className="control"
            onClick={() => void setVisibility(!session.isPublic)}
          >
            {session.isPublic ? 'Make private' : 'Make public'}
          </button>
          {session.isPublic && (
            <span id="public-slug" className="tag">
              /s/{session.publicSlug}
            </span>
          )}
          <button
            id="toggle-eval"
            className="control"
            onClick={() => void updateSession({ evalReady: !session.evalReady })}
          >
            {session.evalReady ? 'Unmark eval-ready' : 'Mark eval-ready'}
          </button>
          <button
            id="export-markdown"
            className="control"
            onClick={() => download(`${id}.md`, markdown ?? '', 'text/markdown')}
          >
            Export Markdown
          </button>
          <button id="show-markdown" className="control" onClick={() => setShowMarkdown(!showMarkdown)}>
            {showMarkdown ? 'Hide Markdown' : 'Show Markdown'}
          </button>
          {confirming ? (
            <button
              id="confirm-delete"
              className="control danger"
              onClick={() => void deleteSession().then(() => go('sessions'))}
            >
              Confirm delete
            </button>
          ) : (
            <button id="delete-session" className="control danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
        {showMarkdown && (
          <pre id="markdown" className="markdown">
            {markdown}
          </pre>
        )}
        <div className="messages" id="messages">
          {session.messages.map((message) => (
            <Message key={message.id} message={message} />
          ))}
        </div>
      </section>
      <Similar id={id} />
    </div>
  );
}
