// Hydrates the server's markup of App (tests/browser/ssr-app/app.tsx) once signed in, recording
// what React reports: recoverable errors (hydration mismatches among them) go to window.recoverable.
import PocketBase from 'pocketbase';
import { hydrateRoot } from 'react-dom/client';

import { App } from './app.js';

declare global {
  interface Window {
    recoverable: string[];
  }
}

window.recoverable = [];
const params = new URLSearchParams(location.search);
const pb = new PocketBase(params.get('pb')!);
await pb.collection('users').authWithPassword(params.get('email')!, params.get('password')!);
hydrateRoot(
  document.getElementById('root')!,
  <App pb={pb} worker={() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })} />,
  { onRecoverableError: (error) => window.recoverable.push(String(error)) },
);
