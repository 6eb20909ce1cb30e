import type PocketBase from 'pocketbase';

import { retryAfterMs } from './backoff.js';

/** The server a request goes to: the SDK client (base URL) and the token to send. */
export interface RequestTarget {
  pb: PocketBase;
  /** The auth token to send; throws AuthChanged when it no longer belongs to the replica's user. */
  token(): string;
}

/** The SDK's auth moved to another identity: nothing fetched for it may reach this replica. */
export class AuthChanged extends Error {
  override readonly name = 'AuthChanged';
}

/**
 * A failed sync request: `status` 0 for a network failure or timeout, else the HTTP status.
 * `kind` says which: the server did not answer in time, could not be reached, answered with a
 * body that is not JSON (transient too: a proxy or a half-written page, never proof of anything),
 * or answered with an HTTP error.
 */
export class SyncHttpError extends Error {
  override readonly name = 'SyncHttpError';
  constructor(
    readonly status: number,
    /** PocketBase's error body `{status, message, data}` when there was one. */
    readonly response: { status?: number; message?: string; data?: Record<string, unknown> },
    /** The server's Retry-After, in ms. */
    readonly retryAfter: number | null = null,
    cause?: unknown,
    readonly kind: 'timeout' | 'unreachable' | 'malformed' | 'http' = status === 0 ? 'unreachable' : 'http',
  ) {
    super(response.message ?? `request failed (${status})`, cause === undefined ? undefined : { cause });
  }

  /** Worth retrying later: network failures, timeouts, 5xx and 429. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** How long the network may stay silent (see networkTimeout). */
  timeoutMs: number;
}

/** How often the network timeout looks at the clock. */
const TIMEOUT_TICK_MS = 100;

/**
 * An abort signal that fires after `ms` of network silence. Only network time counts: every byte
 * of the body that arrives starts the count again (a large page is slow, not down), and time this
 * thread spent busy elsewhere (the engine applying the previous page while this one downloads)
 * does not count: a tick that comes late adds only its own interval.
 */
export function networkTimeout(ms: number): { signal: AbortSignal; progress(): void; done(): void } {
  const controller = new AbortController();
  let silent = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    silent += Math.min(now - last, TIMEOUT_TICK_MS * 2);
    last = now;
    if (silent < ms) return;
    clearInterval(timer);
    controller.abort(new DOMException(`the server sent nothing for ${ms} ms`, 'TimeoutError'));
  }, TIMEOUT_TICK_MS);
  return {
    signal: controller.signal,
    progress: () => void (silent = 0),
    done: () => clearInterval(timer),
  };
}

// The body as text, read as it arrives (each chunk is progress for the timeout).
async function readBody(response: Response, progress: () => void): Promise<string> {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    progress();
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * One request to the server with the SDK client's base URL and auth token, returning the body
 * as text: list pages go to the engine unparsed, and Retry-After stays visible (the SDK's
 * errors drop headers).
 */
export async function requestText(
  target: RequestTarget,
  path: string,
  options: RequestOptions,
): Promise<string> {
  const token = target.token();
  const url = new URL(target.pb.buildURL(path));
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = token;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  let text: string;
  const timeout = networkTimeout(options.timeoutMs);
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: timeout.signal,
    });
    timeout.progress();
    text = await readBody(response, timeout.progress);
  } catch (error) {
    if (timeout.signal.aborted)
      throw new SyncHttpError(
        0,
        { message: `timed out: ${(timeout.signal.reason as Error).message}` },
        null,
        error,
        'timeout',
      );
    const code = (error as { cause?: { code?: string } }).cause?.code;
    const why = `${(error as Error).message}${code ? ` (${code})` : ''}`;
    throw new SyncHttpError(0, { message: `cannot reach the server: ${why}` }, null, error);
  } finally {
    timeout.done();
  }
  if (response.ok) return text;
  let body: SyncHttpError['response'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { message: text.slice(0, 200) };
  }
  throw new SyncHttpError(response.status, body, retryAfterMs(response.headers.get('retry-after')));
}

/** Like requestText, parsing the JSON body (null for an empty one, as a 204 has). */
export async function requestJson<T>(
  target: RequestTarget,
  path: string,
  options: RequestOptions,
): Promise<T> {
  const text = await requestText(target, path, options);
  try {
    return (text === '' ? null : JSON.parse(text)) as T;
  } catch (error) {
    const why = (error as Error).message;
    throw new SyncHttpError(0, { message: `malformed JSON from ${path}: ${why}` }, null, error, 'malformed');
  }
}

/** The records path of a collection, or of one record. */
export function recordsPath(collection: string, id?: string): string {
  const base = `/api/collections/${encodeURIComponent(collection)}/records`;
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
}
