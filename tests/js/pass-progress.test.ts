// The initial sync's one bar: records add up across collections, and the fraction and the time
// left weigh each record by its collection's size, so a pass whose heavy part is ahead does not
// look nearly done.
import { PassProgress } from '../../js/sync/progress.js';

test('the fraction weighs records by the size of their collection; the counts stay in records', () => {
  const pass = new PassProgress(
    new Map([
      ['messages', 1000],
      ['sessionEmbeddings', 100],
    ]),
    new Map(),
    new Map([
      ['messages', 100],
      ['sessionEmbeddings', 10_000],
    ]),
  );
  const halfMessages = pass.with({ collection: 'messages', done: 500, total: 1000 }).overall!;
  expect(halfMessages).toMatchObject({ done: 500, total: 1100 });
  expect(halfMessages.fraction).toBeCloseTo(50_000 / 1_100_000);
  pass.finish('messages', 1000);
  const messagesDone = pass.with({ collection: 'sessionEmbeddings', done: 0, total: 100 }).overall!;
  expect(messagesDone.done / messagesDone.total).toBeCloseTo(0.909, 3); // by records: nearly done
  expect(messagesDone.fraction).toBeCloseTo(100_000 / 1_100_000); // by weight: a tenth
  const all = pass.with({ collection: 'sessionEmbeddings', done: 100, total: 100 }).overall!;
  expect(all).toMatchObject({ done: 1100, total: 1100, fraction: 1, etaMs: 0 });
});

test('a collection without a sample weighs as the mean; more records than counted stretch the total', () => {
  const pass = new PassProgress(
    new Map([
      ['a', 10],
      ['b', 10],
    ]),
    new Map(),
    new Map([['a', 50]]),
  );
  expect(pass.with({ collection: 'a', done: 10, total: 10 }).overall!.fraction).toBeCloseTo(0.5);
  pass.finish('a', 10);
  const over = pass.with({ collection: 'b', done: 15, total: 15 }).overall!;
  expect(over).toMatchObject({ done: 25, total: 25, fraction: 1 });
});
