// The demo page: signs in with the PocketBase SDK and connects to the replica, whose engine, storage
// and sync run in a worker (shared by every tab of the demo). The page renders live queries.
import PocketBase from 'pocketbase';

import { connectReplica, type RuntimeStatus } from '../../js/browser.js';
import { opensyncSchema } from '../../js/opensync/schema.js';
import type { SessionsRecord } from '../../js/opensync/types.js';

interface DemoConfig {
  url: string;
  email: string;
  password: string;
}

const $ = (id: string) => document.getElementById(id)!;

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text; // textContent: record text is untrusted and never parsed as HTML
  td.className = className;
  return td;
}

function renderSessions(items: SessionsRecord[]): void {
  const rows = items.map((s) => {
    const tr = document.createElement('tr');
    tr.append(
      cell(String(s.title || '(untitled)')),
      cell(String(s.projectName || s.projectPath || '')),
      cell(String(s.model || 'unknown')),
      cell(String(s.source || 'opencode')),
      cell(Number(s.totalTokens).toLocaleString('en-US'), 'num'),
      cell(`$${Number(s.cost).toFixed(4)}`, 'num'),
      cell(String(s.updated).slice(0, 16)),
    );
    return tr;
  });
  $('sessions')
    .querySelector('tbody')!
    .replaceChildren(...rows);
}

function renderStatus(status: RuntimeStatus): void {
  const sync = status.sync;
  const progress = sync?.progress
    ? ` (${sync.progress.collection} ${sync.progress.done}/${sync.progress.total})`
    : '';
  const ready = sync && ['live', 'polling'].includes(sync.status);
  $('status').textContent = ready ? 'replica ready' : `${sync?.status ?? status.role}${progress}`;
  $('storage').textContent = status.storage
    ? `${status.storage.kind}${status.storage.fallbackReason ? ` (${status.storage.fallbackReason})` : ''}`
    : '…';
  $('role').textContent = `${status.role}, ${status.tabs} tab(s) connected`;
}

const config: DemoConfig = await (await fetch('./config.json')).json();
$('server').textContent = config.url;
const pb = new PocketBase(config.url);
await pb.collection('users').authWithPassword(config.email, config.password);
const replica = await connectReplica({
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
  url: config.url,
  userId: pb.authStore.record!.id,
  auth: { token: pb.authStore.token, record: pb.authStore.record },
  schema: opensyncSchema,
  sync: { collections: ['users', 'sessions', 'messages'] },
});
renderStatus(replica.status);
replica.onStatus(renderStatus);
const sessions = replica.collection<SessionsRecord>('sessions');
sessions.watchCount('', (n) => ($('count').textContent = String(n)));
replica.collection('messages').watchCount('', (n) => ($('messages').textContent = String(n)));
sessions.watchList(1, 50, { sort: '-updated' }, (page) => renderSessions(page.items));
