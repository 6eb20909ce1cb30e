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

/** A failed sync request: `status` 0 for a network failure or timeout, else the HTTP status. */
export class SyncHttpError extends Error {
  override readonly name = 'SyncHttpError';
  constructor(
    readonly status: number,
    /** PocketBase's error body `{status, message, data}` when there was one. */
    readonly response: { status?: number; message?: string; data?: Record<string, unknown> },
    /** The server's Retry-After, in ms. */
    readonly retryAfter: number | null = null,
    cause?: unknown,
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
  timeoutMs: number;
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
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new SyncHttpError(0, { message: `network error: ${(error as Error).message}` }, null, error);
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
    throw new SyncHttpError(0, { message: `malformed JSON from ${path}` }, null, error);
  }
}

/** The records path of a collection, or of one record. */
export function recordsPath(collection: string, id?: string): string {
  const base = `/api/collections/${encodeURIComponent(collection)}/records`;
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
}
