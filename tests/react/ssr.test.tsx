// Server rendering: the hooks render a defined loading state under react-dom/server (Node, no
// window, no worker), so an SSR app does not crash and hydrates from the same first markup.
import { renderToString } from 'react-dom/server';

import { useSessions } from '../../js/opensync/index.js';
import { ReplicaProvider, useCount, useQuery, useSyncStatus } from '../../js/react/index.js';

const pb = {
  baseURL: 'http://127.0.0.1:8090',
  authStore: { token: 't', record: { id: 'u00000000000001' }, onChange: () => () => {} },
};

function Page() {
  const list = useQuery('sessions', { perPage: 5, sort: '-updated' });
  const count = useCount('sessions');
  const sync = useSyncStatus();
  const { sessions, isLoading } = useSessions({});
  return (
    <p>
      list {String(list.isLoading)} {String(list.data)} · count {String(count.isLoading)} · sync {sync.status}{' '}
      {String(sync.initialSync)} · sessions {sessions.length} {String(isLoading)}
    </p>
  );
}

test('hooks render a defined loading state on the server', () => {
  const worker = () => {
    throw new Error('no worker on the server');
  };
  const html = renderToString(
    <ReplicaProvider pb={pb} worker={worker}>
      <Page />
    </ReplicaProvider>,
  );
  expect(html).toBe(
    '<p>list <!-- -->true<!-- --> <!-- -->undefined<!-- --> · count <!-- -->true<!-- --> · sync <!-- -->connecting<!-- --> <!-- -->null<!-- --> · sessions <!-- -->0<!-- --> <!-- -->true</p>',
  );
});
