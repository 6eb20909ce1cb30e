import type PocketBase from 'pocketbase';

import type { RecordModel } from '../model.js';
import { backgroundTimer } from './backoff.js';
import { AuthChanged, requestJson, SyncHttpError, type RequestTarget } from './http.js';
import type { SyncLogger } from './logger.js';

/** The `exp` claim of a JWT in ms, or null when the token cannot be read. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Whether the SDK client may sync this replica: its auth store holds a token that has not
 * expired for exactly the replica's user (or no token for a guest replica). Anything else would
 * pull another identity's rows, or a guest's empty lists, into this user's replica.
 */
export function authMatches(pb: PocketBase, userId: string | null): boolean {
  if (userId === null) return !pb.authStore.token;
  return pb.authStore.isValid && pb.authStore.record?.id === userId;
}

/**
 * What the server said of the token: `valid` (it renewed it), `invalid` (a 401 or 403 to the
 * refresh itself: the session was revoked or expired) or `unknown` (no usable answer: network,
 * timeout, 5xx, 429, a cut or malformed body). Only `invalid` may pause the sync, and only `valid`
 * lets the sync draw a destructive conclusion (revert, delete) from another request's answer.
 */
export type AuthVerdict = 'valid' | 'invalid' | 'unknown';

/** The auth-refresh answer's record and token, when the body is whole and names the same user. */
interface AuthAnswer {
  token: string;
  record: RecordModel & { collectionName?: string };
}

/**
 * Keeps a user's token fresh: the SDK refreshes only superusers by itself. Refreshes when the
 * token gets within `refreshBeforeMs` of expiry (or at half its remaining life, if shorter).
 * Sends the refresh itself rather than through the SDK: the SDK reads a cut or malformed body as
 * `{}` and saves an empty token, which would sign the user out.
 */
export class TokenRefresher {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly target: RequestTarget,
    private readonly refreshBeforeMs: number,
    private readonly timeoutMs: number,
    private readonly logger: SyncLogger,
    private readonly onInvalid: () => void,
  ) {}

  schedule(): void {
    this.cancel();
    const { authStore } = this.target.pb;
    const expiry = authStore.token ? tokenExpiry(authStore.token) : null;
    if (expiry === null) return;
    const remaining = expiry - Date.now();
    const delay =
      remaining > this.refreshBeforeMs ? remaining - this.refreshBeforeMs : Math.max(1000, remaining / 2);
    this.timer = backgroundTimer(() => this.refreshInBackground(), delay);
  }

  /** Asks the server to renew the token and says what the answer proves (see AuthVerdict). */
  async refresh(): Promise<AuthVerdict> {
    const { authStore } = this.target.pb;
    const collection = authStore.record?.collectionName;
    const userId = authStore.record?.id;
    if (!collection || !userId) return 'invalid';
    let answer: AuthAnswer | null;
    try {
      answer = await requestJson<AuthAnswer>(
        this.target,
        `/api/collections/${encodeURIComponent(collection)}/auth-refresh`,
        {
          method: 'POST',
          timeoutMs: this.timeoutMs,
        },
      );
    } catch (error) {
      if (error instanceof AuthChanged) throw error;
      const status = error instanceof SyncHttpError ? error.status : 0;
      if (status === 401 || status === 403) {
        this.logger.warn(
          `the server refused the auth token (${status}): sync paused until the user signs in`,
        );
        this.onInvalid();
        return 'invalid';
      }
      return this.retryLater(`auth refresh failed (${status || 'network'})`);
    }
    if (typeof answer?.token !== 'string' || answer.token === '' || answer.record?.id !== userId)
      return this.retryLater('auth refresh answered without a usable token');
    authStore.save(answer.token, answer.record);
    this.logger.debug('auth token refreshed');
    this.schedule();
    return 'valid';
  }

  // A timer's refresh: a token that expired or changed meanwhile (AuthChanged) pauses the sync
  // rather than escaping as an unhandled rejection.
  private refreshInBackground(): void {
    this.refresh().catch(() => this.onInvalid());
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // No verdict: the token stays as it is and the refresh is tried again later.
  private retryLater(why: string): AuthVerdict {
    this.logger.info(`${why}: trying again later`);
    this.cancel();
    this.timer = backgroundTimer(() => this.refreshInBackground(), 30_000);
    return 'unknown';
  }
}
