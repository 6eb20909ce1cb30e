// The SDK pull an expert writes for a whole collection, shared by the sync benchmarks: keyset
// pages of 1000 on (updated, id), no totals, no auto-cancellation.
import type PocketBase from 'pocketbase';

/** Every record of `name` the signed-in user may list; `onPage` gets each page's request time. */
export async function keysetPull(
  pb: PocketBase,
  name: string,
  onPage?: (ms: number) => void,
): Promise<unknown[]> {
  const out: Array<{ updated: string; id: string }> = [];
  for (;;) {
    const last = out[out.length - 1];
    const start = performance.now();
    const page = await pb.collection(name).getList<{ updated: string; id: string }>(1, 1000, {
      sort: 'updated,id',
      skipTotal: true,
      requestKey: null,
      filter: after(pb, last),
    });
    onPage?.(performance.now() - start);
    out.push(...page.items);
    if (page.items.length < 1000) return out;
  }
}

/** Every page of `name` as the server's JSON text (what the engine applies), by the same keyset. */
export async function keysetPageTexts(pb: PocketBase, name: string): Promise<string[]> {
  const texts: string[] = [];
  for (let last: { updated: string; id: string } | undefined; ;) {
    const query = new URLSearchParams({
      perPage: '1000',
      skipTotal: '1',
      sort: 'updated,id',
      filter: after(pb, last),
    });
    const response = await fetch(pb.buildURL(`/api/collections/${name}/records?${query}`), {
      headers: { Authorization: pb.authStore.token },
    });
    texts.push(await response.text());
    const items = (JSON.parse(texts.at(-1)!) as { items: Array<{ updated: string; id: string }> }).items;
    if (items.length < 1000) return texts;
    last = items.at(-1);
  }
}

/** The keyset filter past `last` (nothing before the first page). */
function after(pb: PocketBase, last: { updated: string; id: string } | undefined): string {
  return last
    ? pb.filter('updated > {:u} || (updated = {:u} && id > {:i})', { u: last.updated, i: last.id })
    : '';
}

/** Prints request times along a pull: the first page, the quartiles of position, the last, the sum. */
export function printPageTimes(title: string, rows: Array<[name: string, times: number[]]>): void {
  const head = ['first', '25%', '50%', '75%', 'last'].map((h) => h.padStart(8)).join(' ');
  console.log(`\n${title}\n${'server'.padEnd(34)} ${head} ${'all'.padStart(9)}`);
  for (const [name, t] of rows) {
    const at = (f: number) => t[Math.floor(f * (t.length - 1))]!.toFixed(0).padStart(8);
    const total = (t.reduce((a, b) => a + b, 0) / 1000).toFixed(1);
    console.log(
      `${name.padEnd(34)} ${[0, 0.25, 0.5, 0.75, 1].map(at).join(' ')} ${`${total} s`.padStart(9)}`,
    );
  }
}
