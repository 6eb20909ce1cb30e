// pocketlite/opensync/core runs in Node without React: a Node process whose module resolution
// refuses React imports it (from the built package, as an app would) and uses the schema, the
// generator and the analytics; pocketlite/opensync itself, with the hooks, does need React.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const noReact = path.join(root, 'tests/js/fixtures/no-react.mjs');

function runWithoutReact(script: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', noReact, '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

test('the core part imports and works with React unavailable', () => {
  const { status, output } = runWithoutReact(`
    const core = await import('pocketlite/opensync/core');
    const data = core.generateOpenSync({ ...core.SIZES.tiny, seed: 1 });
    const names = core.opensyncSchema.map((c) => c.name).join(',');
    console.log(JSON.stringify({ names, sessions: data.sessions.length, provider: core.inferProvider('claude-code', '') }));
  `);
  expect(status).toBe(0);
  const result = JSON.parse(output.trim().split('\n').at(-1)!);
  expect(result.names).toContain('sessions');
  expect(result.sessions).toBeGreaterThan(0);
  expect(typeof result.provider).toBe('string');
});

test('the hooks entry is the part that needs React (the check above would catch an import)', () => {
  const { status, output } = runWithoutReact(`await import('pocketlite/opensync');`);
  expect(status).not.toBe(0);
  expect(output).toMatch(/React was imported by .*opensync/);
});
