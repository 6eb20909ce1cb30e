// Local record ids (js/record-id.ts): PocketBase's default format, unique, every character equally likely.
import { newRecordId } from '../../js/record-id.js';

test('ids are 15 characters of [a-z0-9], unique, with a uniform alphabet', () => {
  const ids = Array.from({ length: 20_000 }, newRecordId);
  for (const id of ids) expect(id).toMatch(/^[a-z0-9]{15}$/);
  expect(new Set(ids).size).toBe(ids.length);
  const counts = new Map<string, number>();
  for (const id of ids) for (const c of id) counts.set(c, (counts.get(c) ?? 0) + 1);
  expect(counts.size).toBe(36);
  // 300,000 characters over 36 letters: 8,333 each; a biased draw (byte % 36 without the
  // rejection) would give the first four letters ~14% more.
  const expected = (ids.length * 15) / 36;
  for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.06);
});
