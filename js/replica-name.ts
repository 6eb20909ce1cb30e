/** 64-bit FNV-1a of a string's UTF-16 code units, as 16 hex digits: stable across runs and platforms. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The server URL as one key: scheme, lowercase host and port, path without trailing slashes. */
export function normalizeServerUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The file name of the replica of (server URL, user): one database per pair, so switching users
 * never shows another user's rows. The hash keeps it unique; the suffix keeps it readable.
 */
export function replicaFileName(url: string, userId: string | null | undefined): string {
  const user = userId || 'guest';
  const readable = user.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32);
  return `pocketlite-${fnv1a64(`${normalizeServerUrl(url)}\n${user}`)}-${readable}.db`;
}
