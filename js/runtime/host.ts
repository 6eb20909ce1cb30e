// The host: one per tab, running in that tab's dedicated worker. The hosts of one replica elect a
// leader with a Web Lock; the leader's host runs the engine (see Leader) and serves the others over
// a BroadcastChannel. Every other host forwards its tab's calls and live queries to the leader and
// sends them again when leadership moves, so a tab never notices who leads.
import { openReplica } from '../replica.js';
import { replicaFileName } from '../replica-name.js';
import { errorData, Leader } from './leader.js';
import {
  type Call,
  type ErrorData,
  type FromHost,
  closedError,
  hostLock,
  type OpenRequest,
  type Peer,
  type PeerRequest,
  type RuntimeStatus,
  type ToHost,
  type Watch,
} from './protocol.js';

const randomId = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36);

/** The Web Lock of a replica's leadership. */
const leaderLock = (fileName: string) => `pocketlite:leader:${fileName}`;

export class Host {
  readonly id = randomId();
  private request: OpenRequest | null = null;
  private channel: BroadcastChannel | null = null;
  private leader: Leader | null = null;
  private leaderHost: string | null = null;
  /** Resolving it ends this host's leadership (the lock is released). */
  private stepDown: (() => void) | null = null;
  private readonly pending = new Map<number, Call>();
  private readonly watches = new Map<number, Watch>();
  /** Other hosts that talked to this leader (their live queries are dropped when they go). */
  private readonly followers = new Set<string>();
  private lastStatus: Omit<RuntimeStatus, 'role'> | null = null;
  private closed = false;
  private warmed = false;

  constructor(private readonly post: (message: FromHost) => void) {}

  /** Handles a message from this tab's main thread. */
  receive(message: ToHost): void {
    switch (message.type) {
      case 'open':
        void this.open(message.request);
        break;
      case 'call':
        this.pending.set(message.id, message.call);
        this.route(message.id, message.call);
        break;
      case 'watch':
        this.watches.set(message.id, message.watch);
        this.routeWatch(message.id, message.watch);
        break;
      case 'unwatch':
        this.watches.delete(message.id);
        if (this.leader) this.leader.unwatch(`${this.id}:${message.id}`);
        else this.toLeader({ type: 'unwatch', from: this.id, id: message.id });
        break;
      case 'auth':
        if (this.request) this.request.auth = message.auth;
        if (this.leader) this.leader.setAuth(message.auth);
        else this.toLeader({ type: 'auth', from: this.id, auth: message.auth });
        break;
      case 'suspend':
        void this.resign();
        break;
      case 'close':
        void this.close('closed');
        break;
    }
  }

  private async open(request: OpenRequest): Promise<void> {
    this.request = request;
    const fileName = replicaFileName(request.url, request.userId);
    this.channel = new BroadcastChannel(`pocketlite:${fileName}`);
    this.channel.onmessage = (event: MessageEvent<Peer>) => this.fromPeer(event.data);
    // Held until this worker dies: the page and the leader learn it is gone when they can take it.
    void navigator.locks.request(hostLock(this.id), () => {
      this.post({ type: 'attached', host: this.id });
      return new Promise<void>(() => {});
    });
    this.announce();
    this.campaign(fileName);
  }

  /** Queues for the leader lock; the browser grants it when no other host holds it. */
  private campaign(fileName: string): void {
    void navigator.locks.request(leaderLock(fileName), async () => {
      if (this.closed) return;
      try {
        this.leader = await Leader.start(this.request!, () => this.publishStatus());
      } catch (error) {
        this.fail(errorData(error));
        return;
      }
      this.leaderHost = this.id;
      this.channel?.postMessage({ type: 'leader', host: this.id } satisfies Peer);
      for (const [id, watch] of this.watches) this.routeWatch(id, watch);
      for (const [id, call] of this.pending) this.route(id, { ...call, retry: true });
      this.publishStatus();
      await new Promise<void>((resolve) => (this.stepDown = resolve));
    });
  }

  // Another tab may already lead: ask it to say so. (A leader elected later announces itself.)
  private announce(): void {
    this.publishStatus();
    this.channel?.postMessage({ type: 'hello', from: this.id } satisfies Peer);
  }

  private route(id: number, call: Call): void {
    if (call.kind === 'destroy') {
      if (this.leader) void this.destroy(id);
      else this.toLeader({ type: 'call', from: this.id, id, call });
      return;
    }
    if (this.leader) this.serveCall(this.id, id, call);
    else if (this.leaderHost) this.toLeader({ type: 'call', from: this.id, id, call });
    // Otherwise it stays pending and is sent when a leader announces itself.
  }

  // Runs a call on this leader and sends the result to the host that asked (maybe this one).
  private serveCall(owner: string, id: number, call: Call): void {
    this.leader!.call(call).then(
      (value) => this.reply(owner, id, { ok: true, value }),
      (error) => this.reply(owner, id, { ok: false, error: errorData(error) }),
    );
  }

  private routeWatch(id: number, watch: Watch): void {
    if (this.leader) this.serveWatch(this.id, id, watch);
    else if (this.leaderHost) this.toLeader({ type: 'watch', from: this.id, id, watch });
  }

  private serveWatch(owner: string, id: number, watch: Watch): void {
    this.leader!.watch(
      `${owner}:${id}`,
      watch,
      (value) => this.deliver(owner, { type: 'update', id, value }),
      (error) => this.deliver(owner, { type: 'watchError', id, error }),
    );
  }

  private reply(
    owner: string,
    id: number,
    result: { ok: true; value: unknown } | { ok: false; error: ErrorData },
  ): void {
    this.deliver(owner, { type: 'reply', id, ...result } as FromHost);
  }

  // Sends a result to the host that asked: this tab's main thread, or another host by channel.
  private deliver(owner: string, message: FromHost): void {
    if (owner === this.id) {
      if (message.type === 'reply') {
        if (!this.pending.delete(message.id)) return;
      }
      if (message.type === 'update' && !this.watches.has(message.id)) return;
      this.post(message);
    } else this.channel?.postMessage({ ...message, to: owner } as Peer);
  }

  private toLeader(message: PeerRequest): void {
    if (this.leaderHost) this.channel?.postMessage({ ...message, to: this.leaderHost } as Peer);
  }

  private fromPeer(message: Peer): void {
    if ('to' in message && message.to !== this.id) return;
    switch (message.type) {
      case 'hello':
        if (this.leader) {
          this.follow(message.from);
          this.channel?.postMessage({ type: 'leader', host: this.id } satisfies Peer);
          this.publishStatus();
        }
        break;
      case 'leader':
        if (message.host === this.leaderHost) break;
        this.leaderHost = message.host;
        this.warmUp();
        // A new leader: everything it may not have seen is sent again.
        for (const [id, watch] of this.watches) this.routeWatch(id, watch);
        for (const [id, call] of this.pending)
          this.toLeader({ type: 'call', from: this.id, id, call: { ...call, retry: true } });
        break;
      case 'call':
        if (!this.leader) break;
        this.follow(message.from);
        if (message.call.kind === 'destroy') void this.destroy(null);
        else this.serveCall(message.from, message.id, message.call);
        break;
      case 'watch':
        if (!this.leader) break;
        this.follow(message.from);
        this.serveWatch(message.from, message.id, message.watch);
        break;
      case 'unwatch':
        this.leader?.unwatch(`${message.from}:${message.id}`);
        break;
      case 'auth':
        this.leader?.setAuth(message.auth);
        break;
      case 'reply':
      case 'update':
      case 'watchError': {
        const { to: _to, ...forTab } = message;
        this.deliver(this.id, forTab as FromHost);
        break;
      }
      case 'status':
        if (!this.leader) {
          this.lastStatus = {
            tabs: message.status.tabs,
            storage: message.status.storage,
            sync: message.status.sync,
          };
          this.post({ type: 'status', status: { ...this.lastStatus, role: 'follower' } });
        }
        break;
      case 'closed':
        void this.close(message.reason);
        break;
    }
  }

  // A follower runs the engine once on a throwaway in-memory replica: V8 compiles wasm functions
  // on first use, which made a takeover's first open ~300 ms slower than later ones.
  private warmUp(): void {
    if (this.warmed || !this.request) return;
    this.warmed = true;
    const { url, schema } = this.request;
    void openReplica({ url, userId: 'warm-up', storage: 'memory', schema }).then(
      (r) => r.close(),
      () => {},
    );
  }

  // Remembers a follower and, through its host lock, forgets it (and its live queries) when it dies.
  private follow(host: string): void {
    if (this.followers.has(host)) return;
    this.followers.add(host);
    void navigator.locks.request(hostLock(host), async () => {
      this.followers.delete(host);
      this.leader?.unwatchOwner(host);
      this.publishStatus();
    });
  }

  private publishStatus(): void {
    if (this.closed) return;
    if (!this.leader) {
      this.post({
        type: 'status',
        status: {
          role: this.request ? 'connecting' : 'closed',
          tabs: 0,
          storage: null,
          sync: null,
          ...this.lastStatus,
        },
      });
      return;
    }
    const status: RuntimeStatus = { role: 'leader', tabs: this.followers.size + 1, ...this.leader.status() };
    this.post({ type: 'status', status });
    this.channel?.postMessage({ type: 'status', status } satisfies Peer);
  }

  /** Gives up leadership (the page is being frozen): another tab's host takes over. */
  private async resign(): Promise<void> {
    if (!this.leader) return;
    const leader = this.leader;
    this.leader = null;
    this.leaderHost = null;
    this.followers.clear();
    await leader.close();
    this.stepDown?.();
    this.stepDown = null;
    this.lastStatus = null;
    this.publishStatus();
    if (this.request && !this.closed) this.campaign(replicaFileName(this.request.url, this.request.userId));
  }

  private async destroy(id: number | null): Promise<void> {
    const leader = this.leader!;
    this.leader = null;
    this.channel?.postMessage({ type: 'closed', reason: 'destroyed' } satisfies Peer);
    try {
      await leader.destroy();
      if (id !== null) this.reply(this.id, id, { ok: true, value: true });
    } catch (error) {
      if (id !== null) this.reply(this.id, id, { ok: false, error: errorData(error) });
    }
    await this.close('destroyed');
  }

  private async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const leader = this.leader;
    this.leader = null;
    await leader?.close();
    this.stepDown?.();
    this.channel?.close();
    this.channel = null;
    for (const [id, call] of this.pending) {
      if (call.kind === 'destroy' && reason === 'destroyed')
        this.post({ type: 'reply', id, ok: true, value: true });
      else this.post({ type: 'reply', id, ok: false, error: closedError(reason) });
    }
    this.pending.clear();
    this.watches.clear();
    this.post({ type: 'closed', reason });
  }

  private fail(error: ErrorData): void {
    this.post({ type: 'closed', reason: error.message, error });
    for (const id of this.pending.keys()) this.post({ type: 'reply', id, ok: false, error });
    this.pending.clear();
    this.closed = true;
    this.stepDown?.();
  }
}
