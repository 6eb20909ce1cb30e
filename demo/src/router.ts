// A hash router: `#/session/abc` → ['session', 'abc']. Links are plain `href="#/..."`.
import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const current = () => location.hash.replace(/^#\/?/, '');

/** The route's parts, re-rendering on navigation. */
export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, current);
  return hash ? hash.split('/').map(decodeURIComponent) : ['sessions'];
}

export const go = (path: string) => void (location.hash = `#/${path}`);
