import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A running fault proxy process (scripts/lib/fault-proxy.ts) in front of a local port. */
export interface FaultProxy {
  /** The proxy's URL: give it to the client under test. */
  url: string;
  /** Switches the fault mode (see fault-proxy.ts); resolves once open connections were closed. */
  setMode(mode: string): Promise<{ mode: string; connections: number; injected: number }>;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'fault-proxy.ts'), String(upstreamPort)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fault proxy exited (${code})`)));
  });
  const { port, control } = JSON.parse(first) as { port: number; control: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async setMode(mode) {
      const response = await fetch(`http://127.0.0.1:${control}/mode`, { method: 'POST', body: mode });
      return response.json();
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
