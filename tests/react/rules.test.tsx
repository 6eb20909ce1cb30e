/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// useCan: the API rules' answer for a write, live: it changes when the record does.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { openReplica, type Replica } from '../../js/index.js';
import { ReplicaProvider, useCan } from '../../js/react/index.js';

const ME = 'me0000000000001';
let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica}>{children}</ReplicaProvider>
);

beforeEach(async () => {
  replica = await openReplica({
    url: 'http://rules.test',
    userId: ME,
    schema: [
      {
        id: 'pbc_users',
        name: 'users',
        type: 'auth',
        fields: [{ id: 'u1', name: 'email', type: 'email' }],
      },
      {
        id: 'pbc_notes',
        name: 'notes',
        type: 'base',
        createRule: 'owner = @request.auth.id',
        updateRule: 'owner = @request.auth.id && locked = false',
        deleteRule: null,
        fields: [
          { id: 'n1', name: 'owner', type: 'text' },
          { id: 'n2', name: 'locked', type: 'bool' },
        ],
      },
    ],
  });
  await replica.collection('notes').upsert([{ id: 'note00000000001', owner: ME, locked: false }]);
});
afterEach(() => replica.close());

test('useCan answers for creates, updates and deletes, and follows the record', async () => {
  const { result } = renderHook(
    () => ({
      create: useCan('notes', { create: { owner: ME } }),
      createOther: useCan('notes', { create: { owner: 'someoneelse0000' } }),
      update: useCan('notes', { update: 'note00000000001', data: { locked: false } }),
      remove: useCan('notes', { delete: 'note00000000001' }),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.update.data).toBeDefined());
  expect(result.current.create.data).toBe(true);
  expect(result.current.createOther.data).toBe(false);
  expect(result.current.update.data).toBe(true);
  expect(result.current.remove.data).toBe(false); // deleteRule null: superusers only
  await act(() => replica.collection('notes').upsert([{ id: 'note00000000001', owner: ME, locked: true }]));
  await waitFor(() => expect(result.current.update.data).toBe(false));
});
