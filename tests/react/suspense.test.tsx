/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// The Suspense hooks on the real engine: the fallback shows until the first result, the data is
// there at the first render of the component, it stays live without suspending again, and a first
// failure reaches the error boundary.
import { jest } from '@jest/globals';
import { act, render, screen } from '@testing-library/react';
import { Component, Suspense, type ReactNode } from 'react';

import { openReplica, type Replica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { ReplicaProvider, useSuspenseLiveValue, useSuspenseQuery } from '../../js/react/index.js';

let replica: Replica;

const session = (i: number) => ({
  id: `s${String(i).padStart(14, '0')}`,
  user: 'u00000000000001',
  externalId: `ext-${i}`,
  title: `Session ${i}`,
  totalTokens: i,
  created: '2026-01-01 10:00:00.000Z',
  updated: '2026-01-01 10:00:00.000Z',
});

beforeEach(async () => {
  replica = await openReplica({
    url: 'http://suspense.test',
    userId: 'u00000000000001',
    schema: opensyncSchema,
  });
  await replica.collection('users').upsert({
    id: 'u00000000000001',
    email: 'a@b.c',
    created: '2026-01-01 00:00:00.000Z',
    updated: '2026-01-01 00:00:00.000Z',
  });
  await replica.collection('sessions').upsert([session(1), session(2)]);
});
afterEach(async () => {
  await replica.close();
});

class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>failed: {this.state.error.message}</p> : this.props.children;
  }
}

function page(children: ReactNode) {
  return (
    <ReplicaProvider replica={replica}>
      <Boundary>
        <Suspense fallback={<p>waiting</p>}>{children}</Suspense>
      </Boundary>
    </ReplicaProvider>
  );
}

test('useSuspenseQuery: the fallback, then the data at the first render, then live without the fallback', async () => {
  const renders: (number | undefined)[] = [];
  function Titles() {
    const { data } = useSuspenseQuery('sessions', { full: true, sort: 'totalTokens' });
    renders.push(data.length); // never undefined: the component renders only with its data
    return <p>{data.map((s) => s.title).join(', ')}</p>;
  }
  render(page(<Titles />));
  expect(screen.getByText('waiting')).toBeTruthy();
  await screen.findByText('Session 1, Session 2');
  await act(() => replica.collection('sessions').upsert(session(3)));
  await screen.findByText('Session 1, Session 2, Session 3');
  expect(screen.queryByText('waiting')).toBeNull();
  expect(renders.every((n) => typeof n === 'number')).toBe(true);
});

test('useSuspenseQuery: one record, and null for a missing one', async () => {
  function One({ id }: { id: string }) {
    const { data } = useSuspenseQuery('sessions', { one: id });
    return <p>{data ? String(data.title) : 'none'}</p>;
  }
  render(page(<One id={session(2).id} />));
  await screen.findByText('Session 2');
  render(page(<One id="s00000000000099" />));
  await screen.findByText('none');
});

test('a first failure goes to the error boundary as the PocketliteError', async () => {
  function Bad() {
    const { data } = useSuspenseQuery('sessions', { filter: 'nosuchfield = 1' });
    return <p>{data.totalItems}</p>;
  }
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => {}); // React logs caught errors
  try {
    render(page(<Bad />));
    expect(await screen.findByText(/failed: .*nosuchfield/)).toBeTruthy();
  } finally {
    quiet.mockRestore();
  }
});

test('useSuspenseLiveValue: any computed value, suspended until it is there', async () => {
  function Total() {
    const { data } = useSuspenseLiveValue('total-tokens', ['sessions'], async (r) =>
      (await r.collection('sessions').getFullList()).reduce((sum, s) => sum + Number(s.totalTokens), 0),
    );
    return <p>total {data}</p>;
  }
  render(page(<Total />));
  await screen.findByText('total 3');
  await act(() => replica.collection('sessions').upsert(session(10)));
  await screen.findByText('total 13');
});
