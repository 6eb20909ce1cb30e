import type PocketBase from 'pocketbase';

import { backgroundTimer } from './backoff.js';
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
 * Keeps a user's token fresh: the SDK refreshes only superusers by itself. Refreshes when the
 * token gets within `refreshBeforeMs` of expiry (or at half its remaining life, if shorter).
 */
export class TokenRefresher {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly pb: PocketBase,
    private readonly refreshBeforeMs: number,
    private readonly logger: SyncLogger,
    private readonly onInvalid: () => void,
  ) {}

  schedule(): void {
    this.cancel();
    const expiry = this.pb.authStore.token ? tokenExpiry(this.pb.authStore.token) : null;
    if (expiry === null) return;
    const remaining = expiry - Date.now();
    const delay =
      remaining > this.refreshBeforeMs ? remaining - this.refreshBeforeMs : Math.max(1000, remaining / 2);
    this.timer = backgroundTimer(() => void this.refresh(), delay);
  }

  /** Asks the server to renew the token; false when the server no longer accepts it. */
  async refresh(): Promise<boolean> {
    const collection = this.pb.authStore.record?.collectionName;
    if (!collection) return false;
    try {
      await this.pb.collection(collection).authRefresh({ requestKey: null });
      this.logger.debug('auth token refreshed');
      this.schedule();
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status === 0 || status >= 500 || status === 429) {
        this.timer = backgroundTimer(() => void this.refresh(), 30_000); // offline: try again later
        return true;
      }
      this.logger.warn(`the server refused the auth token (${status}): sync paused until the user signs in`);
      this.onInvalid();
      return false;
    }
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
