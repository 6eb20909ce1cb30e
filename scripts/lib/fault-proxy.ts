// A loopback TCP proxy that injects network faults between a client and a real PocketBase: a
// separate process the tests control over HTTP. Usage: tsx fault-proxy.ts <upstreamPort>; it
// prints {"port", "control"} as JSON on its first line.
//
// Modes (POST /mode with the mode as the body; every change closes open connections so
// keep-alive and SSE connections feel it):
//   pass                       forward everything
//   refuse                     reset every connection at once
//   delay:<ms>                 hold each response chunk for <ms>
//   truncate:<bytes>           forward the request, cut the response after <bytes>
//   drop-response              forward the request, never deliver the response (lost answer)
//   garble                     corrupt the second body byte of each connection's first response
//                              (a complete 200 whose JSON is malformed)
//   status:<code>:<n>[:<s>]    answer the next <n> requests with <code> (Retry-After <s>) without
//                              forwarding, then pass: HTTP-level fault injection a real server
//                              cannot be made to produce on demand (429, 500).
import http from 'node:http';
import net from 'node:net';

const upstreamPort = Number(process.argv[2]);
let mode = 'pass';
let statusLeft = 0;
const sockets = new Set<net.Socket>();
const stats = { connections: 0, injected: 0 };

function track(socket: net.Socket): void {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
}

function injectStatus(client: net.Socket): boolean {
  const [, code, , retry] = mode.split(':');
  if (statusLeft <= 0) return false;
  statusLeft--;
  stats.injected++;
  client.once('data', () => {
    const body = JSON.stringify({ status: Number(code), message: 'injected fault', data: {} });
    const retryHeader = retry ? `Retry-After: ${retry}\r\n` : '';
    client.end(
      `HTTP/1.1 ${code} Injected\r\nContent-Type: application/json\r\n${retryHeader}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return true;
}

const proxy = net.createServer((client) => {
  stats.connections++;
  track(client);
  if (mode === 'refuse') return void client.resetAndDestroy();
  if (mode.startsWith('status:') && injectStatus(client)) return;
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  track(upstream);
  client.pipe(upstream);
  let sent = 0;
  let garbled = false;
  const current = mode;
  upstream.on('data', (chunk: Buffer) => {
    if (current === 'drop-response') return;
    if (current === 'garble' && !garbled) {
      const bodyStart = chunk.indexOf('\r\n\r\n');
      if (bodyStart >= 0 && bodyStart + 5 < chunk.length) {
        chunk[bodyStart + 5] = 0x23; // '#' after the opening brace
        garbled = true;
      }
    }
    if (current.startsWith('truncate:')) {
      const limit = Number(current.split(':')[1]);
      const room = limit - sent;
      if (room > 0) client.write(chunk.subarray(0, room));
      sent += chunk.length;
      if (sent >= limit) client.destroy();
      return;
    }
    if (current.startsWith('delay:')) {
      upstream.pause();
      setTimeout(
        () => {
          if (!client.destroyed) client.write(chunk);
          upstream.resume();
        },
        Number(current.split(':')[1]),
      );
      return;
    }
    client.write(chunk);
  });
  upstream.on('end', () => current === 'pass' && client.end());
  upstream.on('close', () => setTimeout(() => client.destroy(), current.startsWith('delay:') ? 10_000 : 0));
  client.on('close', () => upstream.destroy());
});

const control = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/mode') {
      mode = body.trim();
      statusLeft = mode.startsWith('status:') ? Number(mode.split(':')[2]) : 0;
      for (const socket of sockets) socket.destroy();
    }
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ mode, ...stats }));
  });
});

proxy.listen(0, '127.0.0.1', () => {
  control.listen(0, '127.0.0.1', () => {
    const port = (proxy.address() as net.AddressInfo).port;
    const controlPort = (control.address() as net.AddressInfo).port;
    process.stdout.write(JSON.stringify({ port, control: controlPort }) + '\n');
  });
});
