const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new record id in PocketBase's default format: 15 characters of [a-z0-9] from a
 * cryptographically secure source, so a create can be replayed safely (the server refuses a
 * second record with the same id).
 */
export function newRecordId(): string {
  // 252 is the largest multiple of 36 below 256: rejecting bytes above it keeps the draw uniform.
  const out: string[] = [];
  while (out.length < 15) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 252 && out.length < 15) out.push(ALPHABET[byte % 36]!);
    }
  }
  return out.join('');
}
