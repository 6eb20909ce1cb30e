/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// usePublicSession against a real PocketBase: a guest (no replica, no login) reads a public
// session by its slug through the server's route (pocketbase/pb_hooks/public_sessions.pb.js), in
// the share page's shape; private sessions and unknown slugs are not found (null, no error).
import { renderHook, waitFor } from '@testing-library/react';

import { usePublicSession } from '../../js/opensync/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD } from '../support/sync-harness.js';

let server: PocketBaseServer;
beforeAll(async () => {
  server = await startPocketBase();
  const user = await createUser(server, 'owner@example.com', PASSWORD);
  for (const [slug, isPublic] of [
    ['shared-one', true],
    ['private-one', false],
  ] as const) {
    const session = await server.admin.collection('sessions').create({
      user,
      externalId: slug,
      title: `<script>${slug}</script>`,
      publicSlug: slug,
      isPublic,
      evalNotes: 'secret',
    });
    for (const [i, role] of ['user', 'assistant'].entries()) {
      const message = await server.admin
        .collection('messages')
        .create({ session: session.id, externalId: `${slug}-${i}`, role, textContent: `${role} says ${i}` });
      await server.admin
        .collection('parts')
        .create({ message: message.id, type: 'text', content: { text: `part ${i}` }, order: 0 });
    }
  }
});
afterAll(() => server?.stop());

test('a public session is read from the server without a replica; private and unknown slugs are not found', async () => {
  const { result, rerender } = renderHook(({ slug }) => usePublicSession({ slug, url: server.url }), {
    initialProps: { slug: 'shared-one' as string | undefined },
  });
  // undefined: loading (the share page's spinner), before the first answer only.
  expect(result.current).toMatchObject({ data: undefined, isLoading: true });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  expect(result.current.error).toBeNull();
  const { session, messages } = result.current.data!;
  expect(session).toMatchObject({
    title: '<script>shared-one</script>',
    totalTokens: 0,
    provider: 'unknown',
  });
  expect(session).not.toHaveProperty('evalNotes');
  expect(typeof session.createdAt).toBe('number');
  expect(messages.map((m) => [m.role, m.textContent, m.parts.map((p) => p.content)])).toEqual([
    ['user', 'user says 0', ['part 0']],
    ['assistant', 'assistant says 1', ['part 1']],
  ]);
  expect(messages[0]!._id).toMatch(/^[a-z0-9]{15}$/);

  for (const slug of ['private-one', 'no-such-slug', '" || isPublic = false || "']) {
    rerender({ slug });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current).toMatchObject({ data: null, error: null });
  }
  rerender({ slug: undefined });
  expect(result.current).toMatchObject({ data: null, isLoading: false, error: null });
});
