// An HTTP-aware loopback proxy in front of a real PocketBase that injects faults per request,
// chosen by method and path: the faults a real server cannot be made to produce on demand (a
// 5xx or 429 storm with Retry-After, an answer lost after the server applied the request, a body
// cut short, a reset). Unlike scripts/lib/fault-proxy.ts (TCP level, one mode for every
// connection) it sees each request of a keep-alive connection, so a test can fault exactly the
// auth refresh, or every second batch. Runs in the calling process.
import http from 'node:http';
import type net from 'node:net';

/** What happens to a matching request. */
export type FaultAction =
  /** Answer with this status (PocketBase's error shape) without forwarding. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Forward (after `delayMs`); the server applies it; the client never gets the answer. */
  | { kind: 'lose'; delayMs?: number }
  /** Forward; send the status, headers and only the first `bytes` bytes of the body, then reset. */
  | { kind: 'cut'; bytes: number }
  /** Wait, then forward. */
  | { kind: 'delay'; ms: number }
  /** Reset the connection without forwarding. */
  | { kind: 'reset' };

/** A fault for the requests it matches, `times` times (default: until removed). */
export interface FaultRule {
  method?: string;
  /** Matched against the path and query, e.g. /auth-refresh/. */
  path?: RegExp;
  action: FaultAction;
  times?: number;
}

export interface HttpFaultProxy {
  url: string;
  /** Adds a rule (rules are tried in the order added); returns a function that removes it. */
  add(rule: FaultRule): () => void;
  /** Removes every rule. */
  clear(): void;
  /** Closes every open connection (realtime streams included): the clients see a drop. */
  dropConnections(): void;
  /** Requests seen and faults injected so far. */
  readonly stats: { requests: number; injected: number };
  close(): Promise<void>;
}

/** Starts a proxy to `upstream` (a base URL such as http://127.0.0.1:8090) on a free loopback port. */
export async function startHttpFaultProxy(upstream: string): Promise<HttpFaultProxy> {
  const target = new URL(upstream);
  const rules: Array<FaultRule & { left: number }> = [];
  const sockets = new Set<net.Socket>();
  const stats = { requests: 0, injected: 0 };

  const take = (request: http.IncomingMessage): FaultAction | null => {
    for (const rule of rules) {
      if (rule.method && rule.method !== request.method) continue;
      if (rule.path && !rule.path.test(request.url ?? '')) continue;
      if (rule.left <= 0) continue;
      rule.left--;
      stats.injected++;
      return rule.action;
    }
    return null;
  };

  const forward = (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    action: FaultAction | null,
  ): void => {
    const upstreamRequest = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        if (action?.kind === 'lose') {
          answer.resume();
          answer.on('end', () => request.socket.destroy());
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        if (action?.kind === 'cut') {
          let sent = 0;
          answer.on('data', (chunk: Buffer) => {
            const room = action.bytes - sent;
            if (room > 0) response.write(chunk.subarray(0, room));
            sent += chunk.length;
            if (sent >= action.bytes) {
              answer.destroy();
              response.socket?.destroy();
            }
          });
          answer.on('end', () => response.socket?.destroy());
          return;
        }
        response.flushHeaders();
        answer.pipe(response);
      },
    );
    upstreamRequest.on('error', () => response.socket?.destroy());
    response.on('close', () => upstreamRequest.destroy());
    request.pipe(upstreamRequest);
  };

  const server = http.createServer((request, response) => {
    stats.requests++;
    const action = take(request);
    if (action?.kind === 'reset') return void request.socket.destroy();
    if (action?.kind === 'status') {
      const body = JSON.stringify({ status: action.status, message: 'injected fault', data: {} });
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (action.retryAfterSeconds !== undefined) headers['Retry-After'] = String(action.retryAfterSeconds);
      request.resume();
      response.writeHead(action.status, headers).end(body);
      return;
    }
    if (action?.kind === 'delay') return void setTimeout(() => forward(request, response, null), action.ms);
    if (action?.kind === 'lose' && action.delayMs)
      return void setTimeout(() => forward(request, response, action), action.delayMs);
    forward(request, response, action);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    add(rule) {
      const entry = { ...rule, left: rule.times ?? Infinity };
      rules.push(entry);
      return () => {
        const index = rules.indexOf(entry);
        if (index >= 0) rules.splice(index, 1);
      };
    },
    clear() {
      rules.length = 0;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
