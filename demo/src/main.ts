// The demo page: never loads the engine itself; everything runs in the worker.
import type { FromWorker, ToWorker } from './protocol.js';

interface DemoConfig {
  url: string;
  email: string;
  password: string;
}

const $ = (id: string) => document.getElementById(id)!;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text; // textContent: record text is untrusted and never parsed as HTML
  td.className = className;
  return td;
}

function renderSessions(items: Array<Record<string, unknown>>): void {
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

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'progress' || message.type === 'ready') {
    $('count').textContent = String(message.counts.sessions ?? 0);
    $('messages').textContent = String(message.counts.messages ?? 0);
  }
  if (message.type === 'progress') $('status').textContent = `pulling ${message.collection}…`;
  if (message.type === 'ready') {
    $('status').textContent = 'replica ready';
    send({ type: 'list', limit: 50 });
  }
  if (message.type === 'sessions') renderSessions(message.items);
  if (message.type === 'error') $('status').textContent = `error: ${message.message}`;
};

const config: DemoConfig = await (await fetch('./config.json')).json();
$('server').textContent = config.url;
send({ type: 'start', ...config });
